"""A docutils translator that writes a briefing doctree as Typst markup.

Like Sphinx's LaTeX writer, one visitor per node class; the print design
lives in the template's functions (``brief-title``, ``key-judgments``,
``note``, …), so the translator only says what each piece is. Text is always
escaped (:meth:`Markup.text`), links go to labels that exist in the brief or
become plain text, and nodes no visitor knows are rendered by their children.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set

from docutils import nodes
from sphinx import addnodes

from .. import figures as fig
from ..contract import entry_page, page_url
from ..sphinxext import _nodes as bn
from ._figures import Figures
from ._print import briefing_footnote, page_reference
from ._typst import Markup, label, string

_EXTERNAL = re.compile(r"^(https?|mailto):", re.I)
_LANG = re.compile(r"^[a-z]{2,3}$")

Part = bn.Part
STYLES = {
    # a part of the briefing -> the template's function that sets it
    Part.SUBTITLE: "subtitle",
    Part.DATELINE: "dateline",
    Part.NOTE_HEAD: "note-head",
    Part.NOTE_META: "note-meta",
    Part.NOTE_BACK: "note-back",
    Part.KJ_LINE: "kj-line",
    Part.NOTE_NUMBER: "note-number",
    Part.NOTE_KIND: "note-kind",
    Part.CITED_BY: "cited-by",
    Part.NOTE_SOURCES: "note-sources",
    Part.ENTRY_SUMMARY: "entry-summary",
    Part.MENTIONED: "mentioned",
    Part.JUDGMENT_STATE: "judgment-state",
}
_CELLS = (nodes.entry, nodes.field_name, nodes.field_body)


class TypstTranslator(nodes.NodeVisitor):
    """Walk a briefing doctree; ``body`` collects the Typst markup.

    ``targets`` maps every anchor the brief contains to the label placed for
    it (an entry page anchor maps to its glossary appendix entry); links to
    anything else print as text. ``glossary`` maps entry ids to the label of
    their appendix entry, for the "(see p. N)" after a first mention.
    ``figures`` collects the drawings the brief places. ``site`` is where the
    site is published ("" when unknown): a figure's mark of an entry the brief
    does not hold links to the entry's page there, as it does on the site.
    """

    def __init__(
        self,
        document: nodes.document,
        markup: Markup,
        targets: dict[str, str],
        glossary: dict[str, str],
        figures: Figures,
        site: str = "",
    ) -> None:
        super().__init__(document)
        self.site = site
        self.markup = markup
        self.figures = figures
        self.targets = targets
        self.glossary = glossary
        self.body: list[str] = []
        self.section_level = 0
        self.placed: set[str] = set()
        self.seen_entries: set[str] = set()
        self.closers: list[str] = []
        # the article is printed verbatim, its quotes as written; what the desk wrote
        # (titles, notes, listings, and footnotes even inside the article) is typeset
        self.verbatim = [False]

    # -- helpers -------------------------------------------------------------

    def text(self, text: str) -> str:
        return self.markup.text(text, typeset_quotes=not self.verbatim[-1])

    def anchors(self, node: nodes.Element) -> None:
        """Place a label for each id of ``node`` that something in the brief may point at."""
        for ident in node.get("ids", ()):
            name = label(ident)
            if name in self.placed:
                continue
            self.placed.add(name)
            self.body.append(f"#metadata(none)<{name}>")

    def target(self, node: nodes.Element) -> str | None:
        if node.get("refid"):
            anchor = node["refid"]
        else:
            uri = node.get("refuri", "")
            if "#" not in uri or _EXTERNAL.match(uri):
                return None
            anchor = uri.split("#", 1)[1]
        return self.targets.get(anchor)

    def open(self, opening: str, closing: str = "]") -> None:
        self.body.append(opening)
        self.closers.append(closing)

    def close(self, node: nodes.Node | None = None) -> None:
        self.body.append(self.closers.pop())

    def unknown_visit(self, node: nodes.Node) -> None:
        """Nodes without a visitor of their own print their content."""
        if isinstance(node, nodes.Element):
            self.anchors(node)

    def unknown_departure(self, node: nodes.Node) -> None:
        pass

    # -- structure -----------------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        if self.section_level <= 1:
            self.anchors(node.parent)
            self.open("#brief-title[", "]\n\n")
            return
        level = self.section_level - 1
        ids = node.parent.get("ids", [])
        first = label(ids[0]) if ids and label(ids[0]) not in self.placed else None
        if first:
            self.placed.add(first)
        for ident in ids[1:]:
            self.anchors(nodes.Element(ids=[ident]))
        self.open(f"#heading(level: {level})[", f"]{f' <{first}>' if first else ''}\n\n")

    depart_title = close

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.anchors(node)
        style = STYLES.get(bn.part_of(node))  # type: ignore[arg-type]
        # the last paragraph of a table cell or field ends with it, not with a paragraph break
        last = isinstance(node.parent, _CELLS) and node.parent[-1] is node
        end = "" if last else "\n\n"
        if style:
            self.open(f"#{style}[", "]" + end)
        else:
            self.open("", end)

    depart_paragraph = close

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.anchors(node)
        self.open("#rubric[", "]\n\n")

    depart_rubric = close

    def visit_container(self, node: nodes.container) -> None:
        self.anchors(node)
        if bn.part_of(node) is Part.LEAD:
            self.open("#key-judgments[", "]\n\n#brief-contents()\n\n")
        elif style := STYLES.get(bn.part_of(node)):  # type: ignore[arg-type]
            self.open(f"#{style}[", "]\n\n")
        else:
            self.open("", "")

    depart_container = close

    def visit_compound(self, node: nodes.Element) -> None:
        self.anchors(node)

    def depart_compound(self, node: nodes.Element) -> None:
        pass

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self.anchors(node)
        self.open("#list(tight: false, ", ")\n\n")

    depart_bullet_list = close

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self.anchors(node)
        self.open("#enum(tight: false, ", ")\n\n")

    depart_enumerated_list = close

    def visit_list_item(self, node: nodes.list_item) -> None:
        self.anchors(node)
        self.open("[", "],")

    depart_list_item = close

    def visit_field_list(self, node: nodes.field_list) -> None:
        self.open("#fields(", ")\n\n")

    depart_field_list = close

    def visit_field(self, node: nodes.field) -> None:
        pass

    def depart_field(self, node: nodes.field) -> None:
        pass

    def visit_field_name(self, node: nodes.Element) -> None:
        self.open("[", "],")

    depart_field_name = close
    visit_field_body = visit_field_name
    depart_field_body = close

    def visit_table(self, node: nodes.table) -> None:
        self.anchors(node)
        group = next(iter(node.findall(nodes.tgroup)))
        widths = [c.get("colwidth", 1) for c in group.findall(nodes.colspec)]
        columns = str(group["cols"])
        if len(set(widths)) > 1:  # the first column as wide as it needs, the others in proportion
            columns = "(" + ", ".join(["auto", *(f"{w}fr" for w in widths[1:])]) + ")"
        self.open(f"#brief-table(columns: {columns}, ", ")\n\n")

    depart_table = close

    def visit_tgroup(self, node: nodes.Element) -> None:
        pass

    def depart_tgroup(self, node: nodes.Element) -> None:
        pass

    def visit_colspec(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.Element) -> None:
        self.open("table.header(", "),")

    depart_thead = close

    def visit_tbody(self, node: nodes.Element) -> None:
        pass

    def depart_tbody(self, node: nodes.Element) -> None:
        pass

    def visit_row(self, node: nodes.Element) -> None:
        pass

    def depart_row(self, node: nodes.Element) -> None:
        pass

    def visit_entry(self, node: nodes.Element) -> None:
        self.open("[", "],")

    depart_entry = close

    # -- inline --------------------------------------------------------------

    def visit_Text(self, node: nodes.Text) -> None:
        self.body.append(self.text(node.astext()))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_strong(self, node: nodes.Element) -> None:
        self.anchors(node)
        self.open("#strong[")

    depart_strong = close

    def visit_emphasis(self, node: nodes.Element) -> None:
        self.anchors(node)
        self.open("#emph[")

    depart_emphasis = close

    def visit_literal(self, node: nodes.Element) -> None:
        self.anchors(node)
        self.open('#text(font: "DejaVu Sans Mono", size: 0.9em)[')

    depart_literal = close

    def visit_inline(self, node: nodes.inline) -> None:
        self.anchors(node)
        style = STYLES.get(bn.part_of(node))  # type: ignore[arg-type]
        self.open(f"#{style}[" if style else "", "]" if style else "")

    depart_inline = close

    def visit_reference(self, node: nodes.Element) -> None:
        self.anchors(node)
        uri = node.get("refuri", "")
        if target := self.target(node):
            self.open(f"#link(<{target}>)[")
        elif _EXTERNAL.match(uri):
            self.open(f"#link({string(uri)})[")
        else:
            self.open("", "")

    depart_reference = close

    def visit_pending_xref(self, node: addnodes.pending_xref) -> None:
        pass  # unresolved: its text

    def depart_pending_xref(self, node: addnodes.pending_xref) -> None:
        pass

    def visit_toctree(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    visit_comment = visit_toctree
    visit_raw = visit_toctree
    visit_substitution_definition = visit_toctree
    visit_target = unknown_visit

    def depart_target(self, node: nodes.Element) -> None:
        pass

    # -- the article ---------------------------------------------------------

    def visit_briefing_article(self, node: bn.briefing_article) -> None:
        self.verbatim.append(True)
        lang = node.get("lang", "")
        self.open(
            f"#text(lang: {string(lang)})[" if _LANG.match(lang) else "", "]\n\n" if _LANG.match(lang) else ""
        )

    def depart_briefing_article(self, node: bn.briefing_article) -> None:
        self.verbatim.pop()
        self.close()

    def visit_briefing_block(self, node: bn.briefing_block) -> None:
        self.anchors(node)

    def depart_briefing_block(self, node: bn.briefing_block) -> None:
        pass

    def visit_briefing_caption(self, node: bn.briefing_caption) -> None:
        self.anchors(node)
        self.open("#caption-block[", "]\n\n")

    depart_briefing_caption = close

    def visit_briefing_mention(self, node: bn.briefing_mention) -> None:
        self.anchors(node)
        target = self.target(node)
        self.open(f"#mention(<{target}>)[" if target else "", "]" if target else "")

    def depart_briefing_mention(self, node: bn.briefing_mention) -> None:
        self.close()
        entry = node["entry"]
        glossary = self.glossary.get(entry)
        if glossary and entry not in self.seen_entries:
            self.seen_entries.add(entry)
            self.body.append(f"#see-page(<{glossary}>)")

    def visit_briefing_noted(self, node: bn.briefing_noted) -> None:
        self.anchors(node)

    def depart_briefing_noted(self, node: bn.briefing_noted) -> None:
        pass

    def visit_briefing_note_ref(self, node: bn.briefing_note_ref) -> None:
        raise nodes.SkipNode  # notes become footnotes in print (see _print)

    def visit_briefing_note_permalink(self, node: bn.briefing_note_permalink) -> None:
        raise nodes.SkipNode

    def visit_briefing_grade(self, node: bn.briefing_grade) -> None:
        """On paper the grade's meaning cannot wait for a hover: it is printed beside it."""
        self.body.append(self.text(f"({node['grade']}: {node['meaning']})"))
        raise nodes.SkipNode

    def visit_briefing_note(self, node: bn.briefing_note) -> None:
        self.anchors(node)
        self.open(f"#note(kind: {string(node['kind'])})[", "]\n\n")

    depart_briefing_note = close

    def visit_briefing_type_group(self, node: bn.briefing_type_group) -> None:
        self.anchors(node)

    def depart_briefing_type_group(self, node: bn.briefing_type_group) -> None:
        pass

    def visit_briefing_placeholder(self, node: bn.briefing_placeholder) -> None:
        raise nodes.SkipNode  # listings are resolved before writing

    def mark_destination(self, entry_id: str) -> str | None:
        """Where a figure's mark of ``entry_id`` links: the entry in the glossary appendix,
        else its page on the published site; without a known address, nowhere (a link to a
        page the reader cannot reach is worse than none)."""
        if entry_id in self.glossary:
            return f"label({string(self.glossary[entry_id])})"
        if self.site:
            return string(page_url(self.site, entry_page(entry_id)))
        return None

    def visit_briefing_figure(self, node: nodes.Element) -> None:
        """The drawing, as the site draws it; the who's who then as lists of people by
        organization (its text equivalent)."""
        self.anchors(node)
        if node.get("svg"):
            width = node.get("width", 0)
            drawn = fig.Figure(node["kind"], node["caption"], node.get("desc", ""), node["svg"], width, 0)
            self.body.append(self.figures.place(drawn, self.mark_destination) + "\n\n")
        if node.get("kind") == "cast" and node.get("data"):
            data = json.loads(node["data"])
            for side in data:
                self.body.append(f"#rubric[{self.text(side.get('title') or '')}]\n\n")
                for team in side.get("teams", ()):
                    org = (team.get("organization") or {}).get("title", "")
                    people = "; ".join(
                        self.text(p["title"] + (f", {p['detail']}" if p.get("detail") else ""))
                        for p in team.get("people", ())
                    )
                    self.body.append(
                        f"#cast-line[#strong[{self.text(org)}]{': ' if people else ''}{people}]\n\n"
                    )
        raise nodes.SkipNode

    def visit_briefing_footnote(self, node: briefing_footnote) -> None:
        self.anchors(node)
        self.verbatim.append(False)
        self.open("#footnote[")

    def depart_briefing_footnote(self, node: briefing_footnote) -> None:
        self.verbatim.pop()
        self.close()

    def visit_page_reference(self, node: page_reference) -> None:
        target = self.target(node)
        if not target:
            pass
        elif node.get("see"):
            self.body.append(f"#see-page(<{target}>)")
        elif node.get("parenthesized"):
            self.body.append(f" (#page-of(<{target}>))")
        else:
            self.body.append(f"#page-of(<{target}>)")
        raise nodes.SkipNode


def known_anchors(document: nodes.document) -> Set[str]:
    return {ident for node in document.findall(nodes.Element) for ident in node["ids"]}
