"""Fill in what needs every document read: back-links, listings, print-only changes.

Listings link through ``pending_xref`` nodes of the briefing domain, so each
builder makes its own URIs (or none: then the text stays).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from .. import core
from . import _nodes as bn
from ._config import publishes_pdf
from ._design import card, is_dropdown, source_paragraph, unfold
from ._domain import BriefingDomain, EntryRecord, xref


def _table(headers: tuple[str, ...], classes: list[str]) -> nodes.table:
    """An empty table with a header row; rows go into ``table[0][-1]`` (the body)."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    # Widths are relative for HTML and LaTeX, but the text writer takes them as
    # characters: a width of 1 wraps every word a letter a line (and Sphinx 8.1's
    # text wrapper never finishes). Room for the header's longest word, at least 12.
    group.extend(nodes.colspec(colwidth=max(12, *map(len, h.split()))) for h in headers)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
    group += head
    group += nodes.tbody()
    return table


def _link(reftype: str, target: str, text: str, **attributes: Any) -> nodes.Node:
    return xref(reftype, target, nodes.Text(text), **attributes)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


class ResolveBriefingNodes(SphinxPostTransform):
    """Replace each placeholder with its listing (before Sphinx resolves references)."""

    default_priority = 5

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bn.briefing_placeholder)):
            build = {
                "mentioned-in": self.mentioned_in,
                "glossary": self.glossary,
                "briefings": self.briefings,
                "timeline": self.timeline,
                "elements": self.elements,
                "sources": self.sources,
            }[node["what"]]
            node.replace_self(build(node["target"]))

    def mentioned_in(self, entry_id: str) -> list[nodes.Node]:
        mentions = self.domain.mentions_of(entry_id)
        if not mentions:
            return [nodes.paragraph("", "No briefing mentions this entry yet.")]
        items = nodes.bullet_list(classes=["briefing-backlinks"])
        for m in mentions:
            briefing = self.domain.briefings.get(m.briefing)
            title = briefing.title if briefing else m.briefing
            para = nodes.paragraph()
            para += _link("mention", m.target, f"{title}, ¶{m.paragraph}", classes=["briefing-backlink"])
            para += nodes.Text(": “" + m.before)
            para += nodes.strong(m.quote, m.quote)
            para += nodes.Text(m.after + "”")
            items += nodes.list_item("", para)
        return [items]

    def glossary(self, briefing: str) -> list[nodes.Node]:
        """Entries grouped by type, after a line of links to each group.

        Only the entries ``briefing`` mentions, if given. Each group is a
        container with ``data-type`` that the page's script can filter on.
        """
        by_type: dict[str, list[EntryRecord]] = {}
        scope = self.domain.entries_in(briefing)
        for record in self.domain.entries.values():
            if scope is None or record.id in scope:
                by_type.setdefault(record.type, []).append(record)
        jump = nodes.paragraph(classes=["briefing-type-index"])
        groups: list[nodes.Node] = []
        for kind in sorted(by_type, key=lambda k: (core.type_order(k), k)):
            records = by_type[kind]
            heading = core.type_heading(kind)
            if len(jump):
                jump += nodes.Text(" · ")
            jump += nodes.reference(
                "",
                f"{heading} ({len(records)})",
                refid=f"type-{kind}",
                internal=True,
                classes=[f"briefing-type-{kind}"],
            )
            group = bn.briefing_type_group(type=kind, count=len(records))
            group += nodes.rubric(heading, heading, ids=[f"type-{kind}"], classes=["briefing-type-heading"])
            if kind == "element":
                group += self.element_table(records)
            else:
                items = nodes.bullet_list(classes=["briefing-glossary", f"briefing-type-{kind}"])
                for record in sorted(records, key=lambda r: r.title.casefold()):
                    para = nodes.paragraph()
                    para += _link("entry", record.id, record.title)
                    para += nodes.Text(f" — {record.summary}")
                    items += nodes.list_item("", para)
                group += items
            groups.append(group)
        return [jump, *groups] if groups else []

    def elements(self, briefing: str) -> list[nodes.Node]:
        scope = self.domain.entries_in(briefing)
        records = [
            r
            for r in self.domain.entries.values()
            if r.type == "element" and (scope is None or r.id in scope)
        ]
        return [self.element_table(records)] if records else []

    def element_table(self, records: list[EntryRecord]) -> nodes.table:
        table = _table(
            ("Element", "Symbol", "Atomic number", "Group", "Export control"), ["briefing-elements"]
        )
        body = table[0][-1]
        for record in sorted(records, key=lambda r: r.atomic_number or 0):
            control = f"Since {core.long_date(record.controlled_since)}" if record.controlled_since else "—"
            cells = [
                nodes.paragraph("", "", _link("entry", record.id, record.title)),
                nodes.paragraph(record.symbol or "", record.symbol or ""),
                nodes.paragraph(str(record.atomic_number or ""), str(record.atomic_number or "")),
                nodes.paragraph(record.group or "", record.group or ""),
                nodes.paragraph(control, control),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells))
        return table

    def timeline(self, briefing: str) -> list[nodes.Node]:
        """Dated events in order; only those ``briefing`` mentions, if given."""
        scope = self.domain.entries_in(briefing)
        events = sorted(
            (r for r in self.domain.entries.values() if r.start and (scope is None or r.id in scope)),
            key=lambda r: (r.start or "", r.end or "", r.title),
        )
        if not events:
            return [nodes.paragraph("", "No dated events yet.")]
        table = _table(("Date", "Event", "What happened"), ["briefing-timeline"])
        body = table[0][-1]
        for record in events:
            when = core.date_range(record.start or "", record.end)
            cells = [
                nodes.paragraph(when, when),
                nodes.paragraph("", "", _link("entry", record.id, record.title)),
                nodes.paragraph(record.summary, record.summary),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells))
        return [table]

    def sources(self, briefing: str) -> list[nodes.Node]:
        """Every cited source once, with the entries and notes that cite it."""
        briefing_doc = self.domain.briefings[briefing].docname if briefing in self.domain.briefings else None
        scope = self.domain.entries_in(briefing)
        cited: dict[core.SourceData, set[tuple[str, str, str]]] = {}
        for citation in self.domain.all_citations():
            cites_in_scope = citation.reftype == "entry" and citation.target in (scope or ())
            if scope is not None and citation.docname != briefing_doc and not cites_in_scope:
                continue
            for source in citation.sources:
                cited.setdefault(source, set()).add((citation.label, citation.reftype, citation.target))
        items = nodes.bullet_list(classes=["briefing-source-index"])
        for source, users in sorted(cited.items(), key=lambda i: (i[0].title.casefold(), i[0].line())):
            para = source_paragraph(source)
            cited_by = nodes.paragraph(classes=["briefing-cited-by"])
            cited_by += nodes.Text("Cited by: ")
            for i, (label, reftype, target) in enumerate(sorted(users)):
                if i:
                    cited_by += nodes.Text("; ")
                cited_by += _link(reftype, target, label)
            items += nodes.list_item("", para, cited_by)
        return [items]

    def briefings(self, _: str) -> list[nodes.Node]:
        """A card per briefing, newest first: title (the card's link), date, summary, lead, counts."""
        items = nodes.bullet_list(classes=["briefing-list"])
        # newest first, ties by id: the order of the site navigation
        ordered = sorted(self.domain.briefings.values(), key=lambda b: (b.published, b.id), reverse=True)
        for record in ordered:
            date = core.long_date(record.published)
            body: list[nodes.Node] = [nodes.paragraph(date, date, classes=["briefing-card-date"])]
            if record.summary:
                body.append(nodes.paragraph(record.summary, record.summary))
            if record.lead:
                lead = nodes.paragraph(classes=["briefing-list-lead"])
                lead += nodes.strong("Key judgment: ", "Key judgment: ")
                lead += nodes.Text(record.lead)
                body.append(lead)
            entries = _count(record.entries, "glossary entry", "glossary entries")
            counts = f"{_count(record.notes, 'note')} · {entries}"
            footer = nodes.paragraph(counts, counts, classes=["briefing-list-counts"])
            title = _link("briefing", record.id, record.title)
            items += nodes.list_item("", card(title, body, [footer], classes=["briefing-card"]))
        return [items]


class PrintOnly(SphinxPostTransform):
    """What paper cannot do: no permalinks, and long source lists shown, not folded."""

    default_priority = 20
    builders = ("briefingpdf",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bn.briefing_note_permalink)):
            node.parent.remove(node)
        for node in list(self.document.findall(is_dropdown)):
            node.replace_self(unfold(node))


def _site_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Links to files published beside the pages, relative to this page's URI."""
    for node in list(doctree.findall(bn.briefing_site_file)):
        published = not node.get("pdf_of") or publishes_pdf(app.config, node["pdf_of"])
        if app.builder.format == "html" and published:
            uri = relative_uri(app.builder.get_target_uri(docname), node["path"])
            node.replace_self(nodes.reference("", "", *node.children, refuri=uri))
        elif isinstance(node.parent, nodes.inline) and len(node.parent) == 2:
            node.parent.parent.remove(node.parent)  # " · link": nothing to show
        else:
            node.replace_self(node.children)


def setup_resolve(app: Sphinx) -> None:
    app.add_post_transform(ResolveBriefingNodes)
    app.add_post_transform(PrintOnly)
    app.connect("doctree-resolved", _site_files)
