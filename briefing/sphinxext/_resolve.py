"""Fill in what needs every document read: mention links, back-links, listings."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..dates import date_range, long_date
from ..model import ENTRY_TYPES
from . import _nodes as bn
from ._domain import BriefingDomain, EntryRecord
from ._warnings import Warn, warn

TYPE_HEADINGS = {
    "element": "Elements",
    "organization": "Organizations",
    "person": "People",
    "place": "Places",
    "event": "Events",
    "concept": "Concepts",
    "document": "Documents",
    "statistic": "Statistics",
}


def _table(headers: tuple[str, ...], classes: list[str]) -> nodes.table:
    """An empty table with a header row; rows go into ``table[0][-1]`` (the body)."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
    group += head
    group += nodes.tbody()
    return table


class ResolveBriefingNodes(SphinxPostTransform):
    default_priority = 5

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def uri(self, docname: str, anchor: str = "") -> str:
        builder = self.env._app.builder  # as Sphinx's own ReferencesResolver does
        uri = builder.get_relative_uri(self.env.docname, docname)
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, text: str, docname: str, anchor: str = "", **attrs: Any) -> nodes.reference:
        return nodes.reference(text, text, refuri=self.uri(docname, anchor), internal=True, **attrs)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(bn.briefing_mention)):
            record = self.domain.entries.get(node["entry"])
            if record is None:
                warn(Warn.UNKNOWN_ENTRY, f"no glossary entry `{node['entry']}`", node)
                node.replace_self(node.children)
                continue
            node["refuri"] = self.uri(record.docname, record.anchor)
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
            para += self.link(f"{title}, ¶{m.paragraph}", m.docname, m.anchor, classes=["briefing-backlink"])
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
        wanted = {m.entry for m in self.domain.mentions.values() if m.briefing == briefing}
        for record in self.domain.entries.values():
            if briefing and record.id not in wanted:
                continue
            by_type.setdefault(record.type, []).append(record)
        kinds = [k for k in (*ENTRY_TYPES, *sorted(set(by_type) - set(ENTRY_TYPES))) if by_type.get(k)]
        jump = nodes.paragraph(classes=["briefing-type-index"])
        groups: list[nodes.Node] = []
        for kind in kinds:
            records = by_type[kind]
            heading = TYPE_HEADINGS.get(kind, kind.capitalize())
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
                    para += self.link(record.title, record.docname, record.anchor)
                    para += nodes.Text(f" — {record.summary}")
                    items += nodes.list_item("", para)
                group += items
            groups.append(group)
        return [jump, *groups] if groups else []

    def elements(self, briefing: str) -> list[nodes.Node]:
        scope = self._in_scope(briefing)
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
            control = f"Since {long_date(record.controlled_since)}" if record.controlled_since else "—"
            cells = [
                nodes.paragraph("", "", self.link(record.title, record.docname, record.anchor)),
                nodes.paragraph(record.symbol or "", record.symbol or ""),
                nodes.paragraph(str(record.atomic_number or ""), str(record.atomic_number or "")),
                nodes.paragraph(record.group or "", record.group or ""),
                nodes.paragraph(control, control),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells))
        return table

    def _in_scope(self, briefing: str) -> set[str] | None:
        """Entry ids ``briefing`` mentions, or None for the whole site."""
        if not briefing:
            return None
        return {m.entry for m in self.domain.mentions.values() if m.briefing == briefing}

    def timeline(self, briefing: str) -> list[nodes.Node]:
        """Dated events in order; only those ``briefing`` mentions, if given."""
        scope = self._in_scope(briefing)
        events = sorted(
            (r for r in self.domain.entries.values() if r.start and (scope is None or r.id in scope)),
            key=lambda r: (r.start or "", r.end or "", r.title),
        )
        if not events:
            return [nodes.paragraph("", "No dated events yet.")]
        table = _table(("Date", "Event", "What happened"), ["briefing-timeline"])
        body = table[0][-1]
        for record in events:
            when = date_range(record.start or "", record.end)
            cells = [
                nodes.paragraph(when, when),
                nodes.paragraph("", "", self.link(record.title, record.docname, record.anchor)),
                nodes.paragraph(record.summary, record.summary),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells))
        return [table]

    def sources(self, briefing: str) -> list[nodes.Node]:
        """Every cited source once, with the entries and notes that cite it."""
        briefing_doc = self.domain.briefings[briefing].docname if briefing in self.domain.briefings else None
        scope = self._in_scope(briefing)
        cited: dict[tuple[str, str, str, str], list[tuple[str, str, str]]] = {}
        for citation in self.domain.citations.values():
            entry_id = citation.anchor.removeprefix("entry-")
            if scope is not None and citation.docname != briefing_doc and entry_id not in scope:
                continue
            for source in citation.sources:
                cited.setdefault(source, []).append((citation.label, citation.docname, citation.anchor))
        items = nodes.bullet_list(classes=["briefing-source-index"])
        for (title, publisher, date, url), users in sorted(cited.items(), key=lambda i: i[0][0].casefold()):
            para = nodes.paragraph()
            if url:
                para += nodes.reference(title, title, refuri=url, classes=["external"])
            else:
                para += nodes.Text(title)
            extra = ", ".join(x for x in (publisher, long_date(date) if date else "") if x)
            if extra:
                para += nodes.Text(f", {extra}")
            cited_by = nodes.paragraph(classes=["briefing-cited-by"])
            cited_by += nodes.Text("Cited by: ")
            for i, (label, docname, anchor) in enumerate(sorted(set(users))):
                if i:
                    cited_by += nodes.Text("; ")
                cited_by += self.link(label, docname, anchor)
            items += nodes.list_item("", para, cited_by)
        return [items]

    def briefings(self, _: str) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["briefing-list"])
        # newest first, ties by id: the order of the site navigation (render.site_files)
        ordered = sorted(self.domain.briefings.values(), key=lambda b: (b.published, b.id), reverse=True)
        for record in ordered:
            para = nodes.paragraph()
            para += self.link(record.title, record.docname)
            para += nodes.Text(f" — {long_date(record.published)}")
            items += nodes.list_item("", para)
            if record.summary:
                items[-1] += nodes.paragraph(record.summary, record.summary)
        return [items]


def setup_resolve(app: Sphinx) -> None:
    app.add_post_transform(ResolveBriefingNodes)
