"""Doctree changes that make a briefing page read well on paper.

Margin notes become short footnotes pointing to the notes in full; the first
mention of each entry carries the page of its glossary entry; appendix
entries list the paragraphs (and pages) that mention them; links to anything
the brief does not contain become plain text. Page numbers are filled in by
the print stylesheet (``target-counter``) on links with class ``page-ref``.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from ..core import NOTE_KINDS
from ..sphinxext import _nodes as bn
from ..sphinxext._domain import MentionRecord


class briefing_footnote(nodes.Inline, nodes.TextElement):
    """A note's text placed at its reference mark, floated to the page foot."""


def visit_footnote(self: HTML5Translator, node: briefing_footnote) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS=f"footnote {bn.APPARATUS}"))


def depart_footnote(self: HTML5Translator, node: briefing_footnote) -> None:
    self.body.append("</span>")


_SENTENCE_END = re.compile(r"(?<=[a-z0-9”)][.!?])\s+(?=[A-Z“(])")


def _gist(note: nodes.Element) -> str:
    """A note's title, or else the first sentence of its body."""
    title = next((t for t in note.findall(nodes.strong) if "briefing-note-title" in t["classes"]), None)
    if title is not None:
        return title.astext()
    body = next((p for p in note.findall(nodes.paragraph) if not p["classes"]), None)
    text = body.astext() if body is not None else ""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


class page_reference(nodes.reference):
    """An empty link that the print stylesheet fills with its target's page number."""


def visit_page_reference(self: HTML5Translator, node: page_reference) -> None:
    # The target is also given as a CSS string: WeasyPrint follows a target that
    # moves to another page during layout only when ``target-counter`` names it
    # literally, not through ``attr(href)``, and would otherwise print a stale number.
    uri = node["refuri"]
    self.body.append(self.starttag(node, "a", "", href=uri, style=f"--page-ref: '{uri}'"))


def depart_page_reference(self: HTML5Translator, node: page_reference) -> None:
    self.body.append("</a>")


def page_ref(target: str) -> page_reference:
    """The page number of the element with id ``target``, as a link to it."""
    return page_reference("", "", refuri=f"#{target}", classes=["page-ref"])


def notes_to_footnotes(doctree: nodes.document) -> nodes.section | None:
    """Turn margin notes into short footnotes plus a section holding the notes in full.

    Dense annotation does not fit at the foot of the page, so the footnote
    gives the kind and gist with "p. N" to the full note, which points back.
    """
    margin = {n["ids"][0]: n for n in doctree.findall(bn.briefing_note) if n["kind"] != "key-judgment"}
    if not margin:
        return None
    full = nodes.section(ids=["analyst-notes"], classes=["analyst-notes"])
    full += nodes.title("Analyst notes", "Analyst notes")
    for ref in list(doctree.findall(bn.briefing_note_ref)):
        note = margin.get(ref["note"])
        if note is None:
            continue
        kind = NOTE_KINDS[note["kind"]]
        fn = briefing_footnote()
        fn += nodes.inline(kind, kind, classes=["briefing-note-kind"])
        fn += nodes.Text(f"{_gist(note)} — note {note['number']}, p. ")
        fn += page_ref(ref["note"])
        # WeasyPrint registers no anchors inside footnotes: mark the call instead.
        ref.replace_self([nodes.inline(ids=[f"fn-{ref['note']}"]), fn])
    for note_id, note in sorted(margin.items(), key=lambda item: item[1]["number"]):
        note.parent.remove(note)
        back = nodes.paragraph(classes=["briefing-note-back"])
        back += nodes.Text("On p. ")
        back += page_ref(f"fn-{note_id}")
        note += back
        full += note
    return full


def unlink_missing_targets(doctree: nodes.document) -> None:
    """Links to entries this brief does not include become plain text."""
    ids = {i for node in doctree.findall(nodes.Element) for i in node["ids"]}
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri.startswith("#") and uri[1:] not in ids:
            ref.replace_self(nodes.inline("", "", *ref.children))
    for mention in doctree.findall(bn.briefing_mention):
        if mention.get("refuri", "").lstrip("#") not in ids:
            mention["refuri"] = ""


def mark_first_mentions(doctree: nodes.document) -> None:
    """The first mention of each entry is marked and followed by its glossary page."""
    seen: set[str] = set()
    for mention in list(doctree.findall(bn.briefing_mention)):
        entry = mention["entry"]
        if entry in seen or not mention.get("refuri"):
            continue
        seen.add(entry)
        mention["classes"].append("first-mention")
        parent = mention.parent
        ref = page_ref(f"appendix-{entry}")
        ref["classes"].append("glossary-ref")
        parent.insert(parent.index(mention) + 1, ref)


def mention_pages(mentions: list[MentionRecord]) -> nodes.paragraph:
    """“Mentioned in ¶2 (p. 1), ¶7 (p. 2)” for an appendix entry."""
    para = nodes.paragraph(classes=["briefing-mention-pages"])
    para += nodes.Text("Mentioned in ")
    first_of_paragraph: dict[int, MentionRecord] = {}
    for mention in mentions:
        first_of_paragraph.setdefault(mention.paragraph, mention)
    for i, (number, mention) in enumerate(sorted(first_of_paragraph.items())):
        if i:
            para += nodes.Text(", ")
        para += nodes.reference("", f"¶{number}", refuri=f"#{mention.anchor}")
        para += nodes.Text(" (p. ")
        para += page_ref(mention.anchor)
        para += nodes.Text(")")
    return para


def contents(doctree: nodes.document) -> nodes.container:
    """A table of contents with page numbers, from the sections present."""
    box = nodes.container(classes=["brief-contents"])
    box += nodes.rubric("Contents", "Contents")
    items = nodes.bullet_list()
    for section in doctree[0].findall(nodes.section):
        if section is doctree[0] or "glossary-entry" in section["classes"]:
            continue
        title = section[0].astext()
        para = nodes.paragraph()
        para += nodes.reference("", title, refuri=f"#{section['ids'][0]}")
        para += page_ref(section["ids"][0])
        items += nodes.list_item("", para)
    box += items
    return box
