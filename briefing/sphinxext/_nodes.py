"""Format-neutral nodes of an annotated article, with a visitor for every builder.

HTML gets semantic markup; text-like builders simply render the children. The
PDF builder has a translator of its own (briefing/pdf/_translator.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

APPARATUS = "briefing-apparatus"
"""Class of everything we add around the article text (note marks, notes)."""


class Part(StrEnum):
    """What a standard node (paragraph, inline, container) is in a briefing, as its
    ``part`` attribute: the writers dispatch on it, never on CSS classes."""

    SUBTITLE = "subtitle"
    DATELINE = "dateline"
    LEAD = "lead"
    """The key judgments at the top of a briefing."""
    KJ_LINE = "kj-line"
    NOTE_HEAD = "note-head"
    NOTE_NUMBER = "note-number"
    NOTE_KIND = "note-kind"
    NOTE_TITLE = "note-title"
    NOTE_META = "note-meta"
    NOTE_SOURCES = "note-sources"
    NOTE_BACK = "note-back"
    TYPE_INDEX = "type-index"
    """A glossary's line of links to its type groups."""
    CITED_BY = "cited-by"
    """What cites a source, in a sources listing."""
    ENTRY_SUMMARY = "entry-summary"
    JUDGMENT_STATE = "judgment-state"
    """A judgment's state (open, came true…), as a badge."""
    MENTIONED = "mentioned"
    """Where a briefing mentions an entry, in the brief's glossary."""


N = TypeVar("N", bound=nodes.Element)


def part(node: N, what: Part) -> N:
    """Mark ``node`` as ``what``; HTML gets the matching ``briefing-*`` class."""
    node["part"] = what.value
    node["classes"].append(f"briefing-{what.value}")
    return node


def part_of(node: nodes.Element) -> Part | None:
    value = node.get("part")
    return Part(value) if value else None


class briefing_article(nodes.General, nodes.Element):
    """The article body; attributes ``lang``, ``briefing`` (its id) and ``sha256`` (of the article text)."""


class briefing_block(nodes.General, nodes.Element):
    """One paragraph or caption with the notes that end in it; attributes ``number`` and ``start``
    (the block's character offset in the article text)."""


class briefing_caption(nodes.General, nodes.Element):
    """A photo caption that appears in the article body."""


class briefing_mention(nodes.Inline, nodes.TextElement):
    """A span that refers to a glossary entry; attributes ``entry``, ``entry_type``.

    ``refuri`` is filled by the resolving post-transform.
    """


class briefing_noted(nodes.Inline, nodes.TextElement):
    """Article text covered by notes; attribute ``notes`` (ids)."""


class briefing_note_ref(nodes.Inline, nodes.Element):
    """The numbered mark after a note's span; attributes ``note``, ``number``."""


class briefing_note(nodes.General, nodes.Element):
    """An analyst note; attributes ``kind``, ``number``."""


class briefing_note_permalink(nodes.Inline, nodes.Element):
    """A visible link to the note it sits in; attributes ``note``, ``number``."""


class briefing_grade(nodes.Inline, nodes.TextElement):
    """An Admiralty source grade such as ``B2``; attributes ``grade``, ``meaning``."""


class briefing_type_group(nodes.General, nodes.Element):
    """One entry type's part of a glossary index; attributes ``type``, ``count``."""


class briefing_site_file(nodes.Inline, nodes.TextElement):
    """A link to a file published beside the pages (PDF, export); attribute ``path``,
    and ``pdf_of`` (a briefing id) for a PDF the site may not publish (``briefing_pdfs``).

    Becomes a relative link on HTML builders (see ``_resolve``), plain text elsewhere.
    """


class briefing_placeholder(nodes.General, nodes.Element):
    """Content computed once every document is read (back-links, indexes).

    Attributes ``what`` (``mentioned-in``, ``glossary``, ``briefings``, ``timeline``
    or ``sources``: see ``_listings``) and ``target`` (an entry or briefing id, or
    empty for the whole site).
    """


def _attrs(node: nodes.Element, *names: str) -> dict[str, Any]:
    return {f"data-{n.replace('_', '-')}": node[n] for n in names if node.get(n) not in (None, "")}


def visit_article(self: HTML5Translator, node: briefing_article) -> None:
    attrs = _attrs(node, "briefing", "sha256")
    self.body.append(self.starttag(node, "div", CLASS="briefing-article", lang=node["lang"], **attrs))


def visit_block(self: HTML5Translator, node: briefing_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="briefing-block", **_attrs(node, "number", "start")))


def visit_caption(self: HTML5Translator, node: briefing_caption) -> None:
    self.body.append(self.starttag(node, "figure", CLASS="briefing-caption"))
    self.body.append("<figcaption>")


def depart_caption(self: HTML5Translator, node: briefing_caption) -> None:
    self.body.append("</figcaption></figure>\n")


def visit_mention(self: HTML5Translator, node: briefing_mention) -> None:
    classes = f"briefing-mention briefing-type-{node['entry_type']}"
    if "refuri" in node:
        self.body.append(
            self.starttag(node, "a", "", CLASS=classes, href=node["refuri"], **_attrs(node, "entry"))
        )
    else:  # the builder cannot link to the entry's page
        self.body.append(self.starttag(node, "span", "", CLASS=classes, **_attrs(node, "entry")))


def depart_mention(self: HTML5Translator, node: briefing_mention) -> None:
    self.body.append("</a>" if "refuri" in node else "</span>")


def depart_a(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</a>")


def visit_noted(self: HTML5Translator, node: briefing_noted) -> None:
    self.body.append(
        self.starttag(node, "span", "", CLASS="briefing-noted", **{"data-notes": " ".join(node["notes"])})
    )


def depart_span(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</span>")


def visit_note_ref(self: HTML5Translator, node: briefing_note_ref) -> None:
    self.body.append(
        self.starttag(
            node,
            "a",
            "",
            CLASS=f"briefing-note-ref {APPARATUS}",
            href=f"#{node['note']}",
            **{"aria-label": f"note {node['number']}"},
        )
    )
    self.body.append(f"<sup>{node['number']}</sup>")
    raise nodes.SkipChildren


def visit_note_permalink(self: HTML5Translator, node: briefing_note_permalink) -> None:
    self.body.append(
        self.starttag(
            node,
            "a",
            "",
            CLASS="briefing-note-permalink",
            href=f"#{node['note']}",
            title="Link to this note",
            **{"aria-label": f"Link to note {node['number']}"},
        )
    )
    self.body.append("#</a>")
    raise nodes.SkipNode


def visit_grade(self: HTML5Translator, node: briefing_grade) -> None:
    text = f"Admiralty grade {node['grade']}: {node['meaning']}"
    self.body.append(self.starttag(node, "span", "", CLASS="briefing-grade", tabindex="0", title=text))
    self.body.append(self.encode(node["grade"]))
    self.body.append(f'<span class="briefing-grade-tip" role="tooltip">{self.encode(text)}</span></span>')
    raise nodes.SkipNode


def visit_type_group(self: HTML5Translator, node: briefing_type_group) -> None:
    self.body.append(self.starttag(node, "div", CLASS="briefing-type-group", **_attrs(node, "type", "count")))


def visit_note(self: HTML5Translator, node: briefing_note) -> None:
    classes = f"briefing-note briefing-note-{node['kind']} {APPARATUS}"
    self.body.append(self.starttag(node, "aside", CLASS=classes, **{"aria-label": f"Note {node['number']}"}))


def depart_note(self: HTML5Translator, node: briefing_note) -> None:
    self.body.append("</aside>\n")


def depart_div(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _passthrough(self: Any, node: nodes.Element) -> None:
    pass


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


_OTHER_BUILDERS = ("latex", "text", "man", "texinfo")
_WEB_ONLY = (briefing_note_ref, briefing_note_permalink)


def setup_nodes(app: Sphinx) -> None:
    html = {
        briefing_article: (visit_article, depart_div),
        briefing_block: (visit_block, depart_div),
        briefing_caption: (visit_caption, depart_caption),
        briefing_mention: (visit_mention, depart_mention),
        briefing_noted: (visit_noted, depart_span),
        briefing_note_ref: (visit_note_ref, depart_a),
        briefing_note: (visit_note, depart_note),
        briefing_note_permalink: (visit_note_permalink, None),
        briefing_type_group: (visit_type_group, depart_div),
        briefing_grade: (visit_grade, None),
        briefing_placeholder: (_skip, None),
        briefing_site_file: (_passthrough, _passthrough),
    }
    for node_class, handlers in html.items():
        others = {
            b: (_skip, None) if node_class in _WEB_ONLY else (_passthrough, _passthrough)
            for b in _OTHER_BUILDERS
        }
        app.add_node(node_class, html=handlers, **others)  # type: ignore[arg-type]
