"""The track record, built once as format-neutral nodes: the site's page and the brief's appendix.

What it shows, in order: the desk's Brier score with the calibration figure,
the probability each ICD 203 term stands for, the arithmetic of the score (each
scored judgment's ``p``, ``o`` and ``(p - o)²``, so a reader can recompute it),
every key judgment with its state, outcome and revisions, and the watch list of
open judgments by horizon. Limited to a briefing (the brief), the judgments and
the watch list are that briefing's; the score, its arithmetic and the figure stay
the desk's, so the brief shows the number the site shows and how it was reached.
"""

from __future__ import annotations

from docutils import nodes

from .. import core, scoring
from ._design import source_list, state_badge
from ._domain import BriefingDomain, xref
from ._figures import briefing_figure
from ._markup import markdown_nodes
from ._records import JudgmentRecord

SCORE_COLUMNS = ("Judgment", "p", "o", "(p − o)²")
ICD_COLUMNS = ("Term", "ICD 203 range", "p used")


def number(x: float) -> str:
    """A probability or a score as the track record prints it: up to four decimals."""
    return f"{x:.4f}".rstrip("0").rstrip(".") if x else "0"


def _rubric(text: str, ident: str) -> nodes.rubric:
    return nodes.rubric(text, text, ids=[ident])


def _table(headers: tuple[str, ...], classes: list[str], widths: tuple[int, ...]) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers)))
    group += nodes.tbody()
    return table


def _row(*cells: nodes.Node | str, **attributes: str) -> nodes.row:
    entries = [nodes.entry("", nodes.paragraph(c, c) if isinstance(c, str) else c) for c in cells]
    return nodes.row("", *entries, **attributes)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


class TrackRecord:
    def __init__(self, domain: BriefingDomain) -> None:
        self.domain = domain

    def build(self, briefing: str) -> list[nodes.Node]:
        everyone = self.domain.judgments_in("")
        shown = [j for j in everyone if not briefing or j.briefing == briefing]
        if not shown:
            return [nodes.paragraph("", "No key judgment with a likelihood yet.")]
        return [
            *self.score(everyone),
            *self.judgments(shown),
            *self.watch_list([j for j in shown if j.state == scoring.OPEN]),
        ]

    def score(self, judgments: list[JudgmentRecord]) -> list[nodes.Node]:
        scored = [j for j in judgments if j.p is not None and j.o is not None]
        brier = scoring.brier((j.p, j.o) for j in scored)
        briefings = len({j.briefing for j in judgments})
        para = nodes.paragraph(brier=number(brier) if brier is not None else "")
        if brier is None:
            para += nodes.Text(f"No key judgment is scored yet ({_count(len(judgments), 'key judgment')}).")
        else:
            para += nodes.Text("The desk's Brier score is ")
            para += nodes.strong(number(brier), number(brier))
            para += nodes.Text(
                f", the mean of (p − o)² over {_count(len(scored), 'scored judgment')} of "
                f"{_count(len(judgments), 'key judgment')} in {_count(briefings, 'briefing')}: "
                "0 is perfect, 0.25 is what always answering “roughly even chance” earns."
            )
        how = nodes.paragraph(
            "",
            "p is the midpoint of the judgment's ICD 203 likelihood range; o is 1 when it came "
            "true, 0.5 when it partly did, 0 when it did not. Open judgments and those that "
            "cannot be judged are not scored.",
        )
        out: list[nodes.Node] = [_rubric("Score", "track-score"), para, how]
        out.append(briefing_figure(kind="calibration", target="", highlight="", data=""))
        out.append(self.terms())
        if scored:
            out.append(self.arithmetic(scored, brier))
        return out

    def terms(self) -> nodes.table:
        table = _table(ICD_COLUMNS, ["briefing-track-terms"], (20, 14, 10))
        body = table[0][-1]
        for term, (lo, hi) in scoring.ICD_203_RANGES.items():
            body += _row(term, f"{lo}–{hi}%", number(scoring.PROBABILITY[term]))
        return table

    def arithmetic(self, scored: list[JudgmentRecord], brier: float | None) -> nodes.table:
        table = _table(SCORE_COLUMNS, ["briefing-track-scores"], (26, 8, 6, 12))
        body = table[0][-1]
        for j in scored:
            assert j.p is not None and j.o is not None
            link = nodes.paragraph("", "", xref("judgment", j.target, nodes.Text(j.note.label)))
            body += _row(link, number(j.p), number(j.o), number((j.p - j.o) ** 2), judgment=j.target)
        if brier is not None:
            body += _row(f"Mean of {len(scored)} (the Brier score)", "", "", number(brier))
        return table

    def judgments(self, judgments: list[JudgmentRecord]) -> list[nodes.Node]:
        items = nodes.bullet_list(classes=["briefing-track-judgments"])
        for j in judgments:
            items += self.judgment(j)
        intro = nodes.paragraph("", "Every key judgment, nearest horizon first, with its state.")
        return [_rubric("Judgments", "track-judgments"), intro, items]

    def judgment(self, j: JudgmentRecord) -> nodes.list_item:
        note = j.note
        item = nodes.list_item(judgment=j.target, state=j.state)
        # the anchor on the paragraph: a list item is no place for a label in every writer
        head = nodes.paragraph(ids=[j.anchor], classes=["briefing-track-head"])
        head += state_badge(j.state)
        head += nodes.Text(" ")
        head += xref("note", j.target, nodes.Text(note.title or note.label))
        item += head
        briefing = self.domain.briefings.get(j.briefing)
        terms = [
            briefing.title if briefing else j.briefing,
            f"as of {core.long_date(note.as_of)}" if note.as_of else "",
            f"horizon {core.long_date(note.horizon)}" if note.horizon else "no horizon",
            f"{note.likelihood} (p = {number(j.p)})" if j.p is not None else "",
            f"{note.confidence} confidence" if note.confidence else "",
        ]
        meta = " · ".join(t for t in terms if t)
        item += nodes.paragraph(meta, meta, classes=["briefing-track-meta"])
        if note.outcome is not None:
            item.extend(self.outcome(j, note.outcome))
        if note.revisions:
            item += self.revisions(note.revisions)
        return item

    def outcome(self, j: JudgmentRecord, outcome: core.OutcomeData) -> list[nodes.Node]:
        line = nodes.paragraph(classes=["briefing-track-outcome"])
        verdict = scoring.STATES.get(outcome.verdict, outcome.verdict)
        line += nodes.strong("Outcome: ", "Outcome: ")
        line += nodes.Text(f"{verdict}, known {core.long_date(outcome.known)}")
        if j.p is not None and j.o is not None:
            line += nodes.Text(f" · o = {number(j.o)}, (p − o)² = {number((j.p - j.o) ** 2)}")
        out: list[nodes.Node] = [line, *markdown_nodes(outcome.basis)]
        if outcome.sources:
            out.append(source_list(outcome.sources))
        return out

    def revisions(self, revisions: tuple[core.RevisionData, ...]) -> nodes.Element:
        items = nodes.bullet_list(classes=["briefing-track-revisions"])
        for r in revisions:
            before = "; ".join(
                f"{name} {value}"
                for name, value in (("likelihood", r.likelihood), ("confidence", r.confidence))
                if value
            )
            text = f"Until {core.long_date(r.date)}: {before or 'as stated'}"
            if r.claim:
                text += f" — “{r.claim}”"
            text += f". {r.why}"
            items += nodes.list_item("", nodes.paragraph(text, text))
        return nodes.container("", nodes.paragraph("Revisions", "Revisions"), items)

    def watch_list(self, judgments: list[JudgmentRecord]) -> list[nodes.Node]:
        out: list[nodes.Node] = [_rubric("Watch list", "track-watch")]
        if not judgments:
            return [*out, nodes.paragraph("", "No open judgment.")]
        items = nodes.bullet_list(classes=["briefing-track-watch"])
        for j in judgments:
            head = nodes.paragraph()
            when = f"By {core.long_date(j.note.horizon)}: " if j.note.horizon else "No horizon: "
            head += nodes.strong(when, when)
            head += xref("judgment", j.target, nodes.Text(j.note.title or j.note.label))
            item = nodes.list_item("", head, watch=j.target)
            signs = nodes.bullet_list()
            for indicator in j.note.indicators:
                signs += nodes.list_item("", self.indicator(indicator))
            if len(signs):
                item += signs
            items += item
        intro = nodes.paragraph(
            "", "Open judgments, nearest horizon first, with what each indicator last showed."
        )
        return [*out, intro, items]

    def indicator(self, indicator: core.IndicatorData) -> nodes.paragraph:
        para = nodes.paragraph()
        word = "Raises" if indicator.direction == "raises" else "Lowers"
        para += nodes.strong(word, word)
        para += nodes.Text(f": {indicator.signpost}")
        if indicator.by:
            para += nodes.Text(f" (by {core.long_date(indicator.by)})")
        last = indicator.observations[-1] if indicator.observations else None
        if last is None:
            para += nodes.Text(". Not observed yet.")
            return para
        seen = "seen" if last.seen else "not seen"
        para += nodes.Text(f". Last observed {core.long_date(last.date)}, {seen}")
        if last.what:
            para += nodes.Text(f": {last.what}")
        if last.source is not None:
            para += nodes.Text(f" ({last.source.title}")
            para += nodes.Text(f", {last.source.line()})" if last.source.line() else ")")
        else:
            para += nodes.Text(".")
        return para
