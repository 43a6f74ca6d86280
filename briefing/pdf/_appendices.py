"""The brief's appendices, written as Typst from the domain's records.

Glossary (the elements also as a periodic strip and a table), timeline (a time
axis over a table) and sources list only what the briefing mentions or cites;
each entry lists the paragraphs, and pages, that mention it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import core
from .. import figures as fig
from ..core import long_date
from ..sphinxext._domain import BriefingDomain, BriefingRecord, EntryRecord, MentionRecord
from ._figures import Figures
from ._typst import Markup, label, string


def glossary_label(entry_id: str) -> str:
    return label(core.appendix_label(entry_id))


@dataclass
class Appendices:
    domain: BriefingDomain
    briefing: BriefingRecord
    markup: Markup
    targets: dict[str, str]
    """Anchor -> label of everything the brief contains; links elsewhere print as text."""
    figures: Figures

    def __post_init__(self) -> None:
        self.placed: set[str] = set()
        """Labels the appendices put in the brief."""
        self.mentions = sorted(
            (m for m in self.domain.mentions.values() if m.briefing == self.briefing.id),
            key=lambda m: (m.paragraph, m.anchor),
        )
        ids = {m.entry for m in self.mentions}
        self.entries = sorted(
            (e for e in self.domain.entries.values() if e.id in ids),
            key=lambda e: (core.type_order(e.type), e.title.casefold()),
        )

    def t(self, text: str) -> str:
        return self.markup.text(text)

    def link(self, anchor: str, content: str) -> str:
        target = self.targets.get(anchor)
        return f"#link(<{target}>)[{content}]" if target else content

    def page(self, anchor: str) -> str:
        target = self.targets.get(anchor)
        return f"#page-of(<{target}>)" if target else "?"

    def render(self) -> str:
        parts = [self.glossary(), self.timeline(), self.sources()]
        return "\n\n".join(p for p in parts if p)

    # -- glossary ------------------------------------------------------------

    def glossary(self) -> str:
        if not self.entries:
            return ""
        self.placed.add(core.appendix_label(core.GLOSSARY))
        out = [f"#heading(level: 1)[Glossary] <{core.appendix_label(core.GLOSSARY)}>"]
        kinds = list(dict.fromkeys(e.type for e in self.entries))
        for kind in kinds:
            group = [e for e in self.entries if e.type == kind]
            out.append(f"#rubric[{self.t(core.type_heading(kind))}]")
            if kind == "element":
                out.append(self.figures.place(self.strip()))
                out.append(self.element_table(group))
            out.extend(self.entry(e) for e in group)
        return "\n\n".join(out)

    def strip(self) -> fig.Figure:
        """Every element of the glossary on the strip, as on the site: the table lists the mentioned."""
        cells = [
            fig.Cell(
                r.id, r.title, r.symbol or "", r.atomic_number or 0, r.group, _day(r.controlled_since), ""
            )
            for r in self.domain.entries.values()
            if r.type == "element" and r.symbol and r.atomic_number
        ]
        return fig.strip_figure(cells)

    def element_table(self, elements: list[EntryRecord]) -> str:
        cells: list[str] = []
        for e in sorted(elements, key=lambda r: r.atomic_number or 0):
            control = f"Since {long_date(e.controlled_since)}" if e.controlled_since else "—"
            row = [
                self.link(e.anchor, self.t(e.title)),
                self.t(e.symbol or ""),
                self.t(str(e.atomic_number or "")),
                self.t(e.group or ""),
                self.t(control),
            ]
            cells.extend(f"[{c}]" for c in row)
        header = ", ".join(
            f"[{h}]" for h in ("Element", "Symbol", "Atomic number", "Group", "Export control")
        )
        return f"#brief-table(columns: 5, table.header({header}), {', '.join(cells)})"

    def fields(self, e: EntryRecord) -> list[tuple[str, str]]:
        fields: list[tuple[str, str]] = []
        if e.symbol:
            fields.append(("Symbol", e.symbol))
        if e.atomic_number:
            fields.append(("Atomic number", str(e.atomic_number)))
        if e.group:
            fields.append(("Group", e.group))
        if e.controlled_since:
            fields.append(("Export control", f"Since {long_date(e.controlled_since)}"))
        if e.start:
            when = long_date(e.start)
            if e.end and e.end != e.start:
                when += f" – {long_date(e.end)}"
            fields.append(("Date", when))
        return fields

    def entry(self, e: EntryRecord) -> str:
        fields = ", ".join(f"[{self.t(k)}], [{self.t(v)}]" for k, v in self.fields(e))
        self.placed.add(glossary_label(e.id))
        return "\n\n".join(
            [
                f"#heading(level: 2)[{self.t(e.title)}] <{glossary_label(e.id)}>",
                f"#entry-summary[{self.t(e.summary)}]",
                f"#fields({fields})",
                f"#mentioned[{self.mentioned_in([m for m in self.mentions if m.entry == e.id])}]",
            ]
        )

    def mentioned_in(self, mentions: list[MentionRecord]) -> str:
        """“Mentioned in ¶2 (p. 1), ¶7 (p. 2)”: each paragraph once, at its first mention."""
        first: dict[int, MentionRecord] = {}
        for mention in mentions:
            first.setdefault(mention.paragraph, mention)
        places = [
            f"{self.link(m.anchor, f'¶{number}')} ({self.page(m.anchor)})"
            for number, m in sorted(first.items())
        ]
        return "Mentioned in " + ", ".join(places)

    # -- timeline ------------------------------------------------------------

    def timeline(self) -> str:
        events = sorted(
            (e for e in self.entries if e.start), key=lambda r: (r.start or "", r.end or "", r.title)
        )
        if not events:
            return ""
        cells: list[str] = []
        for e in events:
            when = long_date(e.start or "")
            if e.end and e.end != e.start:
                when += f" – {long_date(e.end)}"
            event = f"{self.link(e.anchor, self.t(e.title))}#see-page(<{glossary_label(e.id)}>)"
            cells.extend([f"[{self.t(when)}]", f"[{event}]", f"[{self.t(e.summary)}]"])
        header = "[Date], [Event], [What happened]"
        table = f"#brief-table(columns: (auto, 1fr, 1.6fr), table.header({header}), {', '.join(cells)})"
        marks = [
            fig.Mark(e.id, e.title, e.type, dt.date.fromisoformat(e.start or ""), _day(e.end), "")
            for e in events
        ]
        b = self.briefing
        axis = self.figures.place(
            fig.timeline_figure(marks, [fig.Milestone(b.id, b.title, dt.date.fromisoformat(b.published), "")])
        )
        self.placed.add(core.appendix_label(core.TIMELINE))
        return f"#heading(level: 1)[Timeline] <{core.appendix_label(core.TIMELINE)}>\n\n{axis}\n\n{table}"

    # -- sources -------------------------------------------------------------

    def sources(self) -> str:
        """Every source the briefing's notes and entries cite, once, with who cites it."""
        scope = {e.id for e in self.entries}
        cited: dict[core.SourceData, set[tuple[str, str]]] = {}
        for citation in self.domain.citations.values():
            entry_id = citation.anchor.removeprefix("entry-")
            if citation.docname != self.briefing.docname and entry_id not in scope:
                continue
            for source in citation.sources:
                cited.setdefault(source, set()).add((citation.label, citation.anchor))
        if not cited:
            return ""
        items = []
        for source, users in sorted(cited.items(), key=lambda i: (i[0].title.casefold(), i[0].title)):
            title, url = source.title, source.url or ""
            head = (
                f"#link({string(url)})[{self.t(title)}]"
                if url.startswith(("http:", "https:"))
                else self.t(title)
            )
            extra = source.line()
            if extra:
                head += self.t(f", {extra}")
            by = "; ".join(
                f"{self.link(anchor, self.t(who))} ({self.page(anchor)})"
                if anchor in self.targets
                else self.t(who)
                for who, anchor in sorted(users)
            )
            items.append(f"[{head} \\ #cited-by[Cited by: {by}]]")
        self.placed.add(core.appendix_label(core.SOURCES))
        return (
            f"#heading(level: 1)[Sources] <{core.appendix_label(core.SOURCES)}>\n\n#list(tight: false, "
            + ", ".join(items)
            + ")"
        )


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None
