"""The listings, built once from the domain's queries as format-neutral nodes.

Glossary, timeline, sources, the briefings, an entry's back-links and the track
record (``_track``): the site
shows them as they are, the PDF brief as its appendices (``briefing.pdf``
adds only what paper needs, such as page numbers), and every other builder
renders them with its own visitors. Each listing links through ``pending_xref``
nodes of the briefing domain, so each builder makes its own URIs (or none:
then the text stays). Items carry what they list as attributes (``entry`` on
a glossary item or table row) for the writers that need more than the text.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from .. import core
from . import _nodes as bn
from ._design import card, source_paragraph
from ._domain import BriefingDomain, xref
from ._records import EntryRecord
from ._track import TrackRecord

ELEMENT_COLUMNS = ("Element", "Symbol", "Atomic number", "Group", "Export control")
TIMELINE_COLUMNS = ("Date", "Event", "What happened")


def _table(headers: tuple[str, ...], classes: list[str], widths: tuple[int, ...] = ()) -> nodes.table:
    """An empty table with a header row; rows go into ``table[0][-1]`` (the body).

    ``widths``: the columns' relative widths, if not equal."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    # Widths are relative for HTML and LaTeX, but the text writer takes them as
    # characters: a width of 1 wraps every word a letter a line (and Sphinx 8.1's
    # text wrapper never finishes). Room for the header's longest word, at least 12.
    least = [max(12, *map(len, h.split())) for h in headers]
    group.extend(nodes.colspec(colwidth=max(w, n)) for w, n in zip(widths or least, least, strict=True))
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
    group += head
    group += nodes.tbody()
    return table


def _link(reftype: str, target: str, text: str, **attributes: Any) -> nodes.Node:
    return xref(reftype, target, nodes.Text(text), **attributes)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def when(record: EntryRecord) -> str:
    """An event's date or range, as every listing prints it: "9–10 June 2025"."""
    return core.date_range(record.start or "", record.end)


def export_control(record: EntryRecord) -> str:
    return f"Since {core.long_date(record.controlled_since)}" if record.controlled_since else "—"


def entry_fields(record: EntryRecord) -> list[tuple[str, str]]:
    """The structured facts a listing may print beside an entry's summary."""
    fields: list[tuple[str, str]] = []
    if record.symbol:
        fields.append(("Symbol", record.symbol))
    if record.atomic_number:
        fields.append(("Atomic number", str(record.atomic_number)))
    if record.group:
        fields.append(("Group", record.group))
    if record.controlled_since:
        fields.append(("Export control", export_control(record)))
    if record.start:
        fields.append(("Date", when(record)))
    return fields


class Listings:
    """Each listing of a page, from the domain; ``briefing`` (an id) limits it to the
    entries that briefing mentions and the sources it cites, none: the whole site."""

    def __init__(self, domain: BriefingDomain) -> None:
        self.domain = domain

    def build(self, what: str, target: str) -> list[nodes.Node]:
        return {
            "mentioned-in": self.mentioned_in,
            "glossary": self.glossary,
            "briefings": self.briefings,
            "timeline": self.timeline,
            "sources": self.sources,
            "track-record": TrackRecord(self.domain).build,
        }[what](target)

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
        """Entries grouped by type (each group a ``briefing_type_group``), after a line of
        links to each group; the elements as a table."""
        by_type: dict[str, list[EntryRecord]] = {}
        scope = self.domain.entries_in(briefing)
        for record in self.domain.entries.values():
            if scope is None or record.id in scope:
                by_type.setdefault(record.type, []).append(record)
        jump = bn.part(nodes.paragraph(), bn.Part.TYPE_INDEX)
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
                    items += nodes.list_item("", para, entry=record.id)
                group += items
            groups.append(group)
        return [jump, *groups] if groups else []

    def element_table(self, records: list[EntryRecord]) -> nodes.table:
        table = _table(ELEMENT_COLUMNS, ["briefing-elements"])
        body = table[0][-1]
        for record in sorted(records, key=lambda r: r.atomic_number or 0):
            control = export_control(record)
            cells = [
                nodes.paragraph("", "", _link("entry", record.id, record.title)),
                nodes.paragraph(record.symbol or "", record.symbol or ""),
                nodes.paragraph(str(record.atomic_number or ""), str(record.atomic_number or "")),
                nodes.paragraph(record.group or "", record.group or ""),
                nodes.paragraph(control, control),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells), entry=record.id)
        return table

    def events(self, briefing: str) -> list[EntryRecord]:
        """Dated entries in order; only those ``briefing`` mentions, if given."""
        scope = self.domain.entries_in(briefing)
        return sorted(
            (r for r in self.domain.entries.values() if r.start and (scope is None or r.id in scope)),
            key=lambda r: (r.start or "", r.end or "", r.title),
        )

    def timeline(self, briefing: str) -> list[nodes.Node]:
        events = self.events(briefing)
        if not events:
            return [nodes.paragraph("", "No dated events yet.")]
        table = _table(TIMELINE_COLUMNS, ["briefing-timeline"], widths=(12, 25, 40))
        body = table[0][-1]
        for record in events:
            date = when(record)
            cells = [
                nodes.paragraph(date, date),
                nodes.paragraph("", "", _link("entry", record.id, record.title)),
                nodes.paragraph(record.summary, record.summary),
            ]
            body += nodes.row("", *(nodes.entry("", c) for c in cells), entry=record.id)
        return [table]

    def sources(self, briefing: str) -> list[nodes.Node]:
        """Every cited source once, with the entries and notes that cite it (for a briefing:
        its notes and the entries it mentions)."""
        domain = self.domain
        scope = domain.entries_in(briefing)
        if scope is None:
            citations = list(domain.all_citations())
        else:
            home = domain.briefings[briefing].docname if briefing in domain.briefings else None
            pages = {domain.entries[e].docname for e in scope if e in domain.entries} | {home}
            citations = [
                c
                for page in sorted(p for p in pages if p is not None)
                for c in domain.citations_in(page)
                if c.docname == home or (c.reftype == "entry" and c.target in scope)
            ]
        cited: dict[core.SourceData, set[tuple[str, str, str]]] = {}
        for citation in citations:
            for source in citation.sources:
                cited.setdefault(source, set()).add((citation.label, citation.reftype, citation.target))
        items = nodes.bullet_list(classes=["briefing-source-index"])
        # sources alike but for their grade are told apart by who cites them, whatever order
        # the documents were read in (a parallel build merges them in any order)
        order = sorted(
            cited.items(), key=lambda i: (i[0].title.casefold(), i[0].line(), repr(i[0]), sorted(i[1]))
        )
        for source, users in order:
            para = source_paragraph(source)
            cited_by = bn.part(nodes.paragraph(), bn.Part.CITED_BY)
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
