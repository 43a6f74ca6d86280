"""Doctree changes that make a briefing page read well on paper.

Margin notes become short footnotes at their reference mark, pointing to the
note in full in an "Analyst notes" section, which points back. Page numbers
are left to Typst: a :class:`page_reference` prints the page of its target.
"""

from __future__ import annotations

from docutils import nodes

from ..core import NOTE_KINDS
from ..sphinxext import _nodes as bn
from ..words import sentences


class briefing_footnote(nodes.Inline, nodes.TextElement):
    """A note's text placed at its reference mark, set at the page foot."""


class page_reference(nodes.reference):
    """The page number of its target (``refid``), as a link to it: "p. 4"; with ``see``,
    "(see p. 4)"; with ``parenthesized``, " (p. 4)". Nothing if the target is not printed."""


def _gist(note: nodes.Element) -> str:
    """A note's title, or else the first sentence of its body."""
    title = next((t for t in note.findall(nodes.strong) if bn.part_of(t) is bn.Part.NOTE_TITLE), None)
    if title is not None:
        return title.astext()
    body = next((p for p in note.findall(nodes.paragraph) if not p["classes"]), None)
    text = body.astext() if body is not None else ""
    return next(iter(sentences(text)), "")


def page_ref(target: str, *, parenthesized: bool = False) -> page_reference:
    return page_reference("", "", refid=target, parenthesized=parenthesized)


def see_page(target: str) -> page_reference:
    return page_reference("", "", refid=target, see=True)


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
        footnote = briefing_footnote(ids=[f"fn-{ref['note']}"])
        footnote += bn.part(nodes.inline(kind, kind), bn.Part.NOTE_KIND)
        footnote += nodes.Text(f" {_gist(note)} — note {note['number']}, ")
        footnote += page_ref(ref["note"])
        ref.replace_self(footnote)
    for note_id, note in sorted(margin.items(), key=lambda item: item[1]["number"]):
        note.parent.remove(note)
        back = bn.part(nodes.paragraph(), bn.Part.NOTE_BACK)
        back += nodes.Text("On ")
        back += page_ref(f"fn-{note_id}")
        note += back
        full += note
    return full
