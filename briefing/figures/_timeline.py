"""The time axis above the timeline table: a point per day, a bar per range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import date_range, long_date
from ._print_axis import Axis, wrap
from ._svg import MUTED, OTHER_COLOUR, RULE, TYPE_COLOURS, Figure, fit, frame, link, tag, text, width_of

WIDTH = 720.0
MARGIN = 12.0
LANE = 22.0
LABEL = 11.0
GAP = 8.0
LABEL_MAX = 260.0


@dataclass(frozen=True)
class Mark:
    """A dated entry: ``end`` is None (or ``start``) for a single day."""

    id: str
    title: str
    type: str
    start: dt.date
    end: dt.date | None
    href: str


@dataclass(frozen=True)
class Milestone:
    """A briefing's publication date."""

    id: str
    title: str
    date: dt.date
    href: str


@dataclass(frozen=True)
class _Placed:
    x0: float  # the mark
    x1: float
    lx: float  # the label's left edge
    label: str
    lane: int


def _lanes(
    items: list[tuple[float, float, str]],
    right: float,
    wrapped: bool = False,
    avoid: Sequence[float] = (),
) -> list[_Placed]:
    """Put each (x0, x1, label) on the first lane where mark and label overlap nothing.

    The label goes right of the mark, or left of it when it would pass ``right``
    or cross one of the vertical lines at ``avoid`` (a label's plate would hide
    that stretch of the line), or over a bar too wide for either. A ``wrapped``
    label is kept whole, in lines (joined by newlines) no wider than :data:`LABEL_MAX`.
    """
    placed: list[_Placed] = []
    ends: list[float] = []  # per lane, the right edge of what is on it
    for x0, x1, label in items:
        lines = wrap(label, LABEL, LABEL_MAX) if wrapped else [fit(label, LABEL, LABEL_MAX)]
        shown = "\n".join(lines)
        wide = max(width_of(line, LABEL) for line in lines)
        # right of the mark, left of it, or left of the line a left label would cross
        crossed = [a for a in avoid if x0 - 6 - wide <= a <= x0]
        tries = (x1 + 4, x0 - 4 - wide, *(min(crossed) - 4 - wide for _ in crossed[:1]))
        sides = [lx for lx in tries[:2] if lx >= 0 and lx + wide <= right]
        clear = [
            lx
            for lx in tries
            if lx >= 0 and lx + wide <= right and not any(lx - 2 <= a <= lx + wide + 2 for a in avoid)
        ]
        # with neither side free, a bar nearly as wide as the axis: the label goes over its start
        lx = (clear or sides)[0] if clear or sides else max(0.0, min(x0, right - wide))
        left, extent = min(x0, lx), max(x1, lx + wide)
        lane = next((i for i, end in enumerate(ends) if end + GAP <= left), len(ends))
        if lane == len(ends):
            ends.append(extent)
        else:
            ends[lane] = extent
        placed.append(_Placed(x0, x1, lx, shown, lane))
    return placed


_YEARS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
"""Years between ticks on long spans: the first that leaves room for each label."""


def _ticks(first: dt.date, last: dt.date, scale: float) -> list[tuple[dt.date, str]]:
    """First days of months (or of years, on long spans) with room for their labels.

    Months are counted as ``year * 12 + month - 1`` and a tick is made only for a
    month not after ``last``: no date past the last day a date can hold is ever made.
    """
    start, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    months = stop - start
    step = 1 if months <= 14 else 3 if months <= 42 else 12
    room = width_of("Sep 2025", LABEL) + GAP
    if step < 12:
        firsts = [divmod(i, 12) for i in range(start, stop + 1) if i % step == 0]
    else:
        every = next((n for n in _YEARS if n * 365 * scale >= room), _YEARS[-1])
        firsts = [(year, 0) for year in range(first.year, last.year + 1) if year % every == 0]
    out = []
    for year, month in firsts:
        day = dt.date(year, month + 1, 1)
        if day >= first:
            out.append((day, f"{day:%b} {year}" if step < 12 else str(year)))
    kept: list[tuple[dt.date, str]] = []
    for tick in out:
        if not kept or (tick[0] - kept[-1][0]).days * scale >= room:
            kept.append(tick)
    return kept


def _tops(placed: list[_Placed], top: float) -> list[float]:
    """The top of each lane from ``top`` down, and where the last one ends: a lane is
    as tall as the most lines a label on it has."""
    lines = [1] * (max((p.lane for p in placed), default=-1) + 1)
    for p in placed:
        lines[p.lane] = max(lines[p.lane], p.label.count("\n") + 1)
    tops = [top]
    for n in lines:
        tops.append(tops[-1] + LANE + LEADING * (n - 1))
    return tops


def _published(milestone: Milestone) -> str:
    return f"Published {long_date(milestone.date)}: {milestone.title}"


LEADING = 13.0
"""Between the lines of a wrapped (printed) label."""


def _label(p: _Placed, y: float, printed: bool, **attrs: str | float) -> str:
    """A mark's label with its first baseline at ``y``; printed, one line per tspan on
    an opaque plate, so that no line drawn under it crosses its text."""
    lines = p.label.split("\n")
    if not printed:
        return tag("text", text(p.label), x=p.lx, y=y, font_size=LABEL, **attrs)
    wide = max(width_of(line, LABEL) for line in lines)
    plate = tag(
        "rect",
        x=p.lx - 2,
        y=y - LABEL,
        width=wide + 4,
        height=LEADING * (len(lines) - 1) + LABEL + 4,
        fill="#ffffff",
        class_="bf-label-plate",
    )
    spans = "".join(tag("tspan", text(line), x=p.lx, y=y + i * LEADING) for i, line in enumerate(lines))
    return plate + tag("text", spans, font_size=LABEL, **attrs)


def _break(x: float, y: float) -> str:
    """Two slanted strokes across the axis where quiet time was left out."""
    return tag("rect", x=x - 4, y=y - 4, width=8, height=8, fill="#ffffff") + "".join(
        tag("line", x1=x + dx - 2, y1=y + 5, x2=x + dx + 2, y2=y - 5, stroke=MUTED, stroke_width=1)
        for dx in (-2.5, 2.5)
    )


def timeline_figure(
    marks: Sequence[Mark],
    milestones: Sequence[Milestone] = (),
    ident: str = "bf-timeline",
    printed: bool = False,
) -> Figure:
    """Marks on a shared time axis, each linked to its entry, with a dashed line per publication.

    ``printed`` lays it out for paper (see :mod:`._print_axis`): labels wrapped
    whole on plates above every line, and an axis with breaks that gives each
    event room.
    """
    marks = sorted(marks, key=lambda m: (m.start, m.end or m.start, m.title))
    milestones = sorted(milestones, key=lambda b: (b.date, b.title))
    days = [m.start for m in marks] + [m.end for m in marks if m.end] + [b.date for b in milestones]
    if not days:
        days = [dt.date(2000, 1, 1)]
    first, last = min(days), max(days)
    pad = max(2, (last - first).days // 30)
    # the padded axis stays within the days a date can hold (years 1 to 9999)
    first = dt.date.fromordinal(max(1, first.toordinal() - pad))
    last = dt.date.fromordinal(min(dt.date.max.toordinal(), last.toordinal() + pad + 1))
    left, right = MARGIN, WIDTH - MARGIN
    scale = (right - left) / max(1, (last - first).days)
    ordinals = [first.toordinal(), last.toordinal()]
    for m in marks:
        ordinals += [m.start.toordinal(), m.start.toordinal() + 1, (m.end or m.start).toordinal() + 1]
    ordinals += [b.date.toordinal() for b in milestones]
    axis_x = Axis(ordinals, left, right) if printed else None

    def x(day: dt.date, after: int = 0) -> float:
        if axis_x:
            return axis_x(day.toordinal() + after)
        return left + ((day - first).days + after) * scale

    def span(start: dt.date, end: dt.date | None) -> tuple[float, float]:
        if end is None or end <= start:
            return x(start) - 5, x(start) + 5
        x0, x1 = x(start), x(end, after=1)
        return x0, max(x1, x0 + 8)

    top = 8.0
    pubs = _lanes([(x(b.date) - 4, x(b.date) + 4, _published(b)) for b in milestones], right, printed)
    pub_tops = _tops(pubs, top)
    marks_top = pub_tops[-1] + (6 if pubs else 0)
    # printed, labels sit on opaque plates: one across a publication line would hide part of it
    avoid = [x(b.date) for b in milestones] if printed else []
    placed = _lanes([(*span(m.start, m.end), m.title) for m in marks], right, printed, avoid)
    mark_tops = _tops(placed, marks_top)
    axis = mark_tops[-1] + 8
    body: list[str] = []
    labels: list[str] = []  # printed, drawn over everything else

    ticks = _ticks(first, last, 1e9 if printed else scale)
    if printed:  # the axis is not linear: room is measured where the ticks fall
        room = width_of("Sep 2025", LABEL) + GAP
        ticks = [t for i, t in enumerate(ticks) if not i or x(t[0]) - x(ticks[i - 1][0]) >= room]
    for tick, label in ticks:
        body.append(
            tag(
                "line",
                x1=x(tick),
                y1=marks_top,
                x2=x(tick),
                y2=axis + 4,
                stroke=RULE,
                stroke_width=0.5,
                class_="bf-grid",
            )
        )
        tx = min(x(tick) + 2, right - width_of(label, LABEL))
        body.append(
            tag("text", text(label), x=tx, y=axis + 16, font_size=LABEL, fill=MUTED, class_="bf-muted")
        )
    body.append(
        tag("line", x1=left, y1=axis, x2=right, y2=axis, stroke=MUTED, stroke_width=1, class_="bf-axis")
    )

    for milestone, p in zip(milestones, pubs, strict=True):
        cx = x(milestone.date)
        y = pub_tops[p.lane]
        label = _published(milestone)
        content = tag(
            "line",
            x1=cx,
            y1=y + 6,
            x2=cx,
            y2=axis,
            stroke=MUTED,
            stroke_width=1.2,
            stroke_dasharray="4 3",
            class_="bf-pub-line",
        ) + tag("path", d=f"M{cx - 5:.1f} {y + 1:.1f}h10l-5 7z", fill=MUTED, class_="bf-pub-mark")
        written = _label(p, y + 9, printed, fill=MUTED, class_="bf-muted bf-label")
        if printed:
            labels.append(written)
        else:
            content += written
        body.append(link(milestone.href, label, content, class_="bf-pub"))

    for mark, p in zip(marks, placed, strict=True):
        y = mark_tops[p.lane] + LANE / 2
        colour = TYPE_COLOURS.get(mark.type, OTHER_COLOUR)
        if mark.end is None or mark.end <= mark.start:
            shape = tag("circle", cx=(p.x0 + p.x1) / 2, cy=y, r=5, fill=colour)
        else:
            shape = tag("rect", x=p.x0, y=y - 5, width=p.x1 - p.x0, height=10, rx=3, fill=colour)
        content = (
            tag(
                "line",
                x1=(p.x0 + p.x1) / 2,
                y1=y,
                x2=(p.x0 + p.x1) / 2,
                y2=axis,
                stroke=colour,
                stroke_width=0.6,
                stroke_opacity=0.5,
                class_="bf-stem",
            )
            + shape
        )
        written = _label(p, y + 4, printed, class_="bf-label")
        if printed:
            labels.append(written)
        else:
            content += written
        when = date_range(mark.start, mark.end)
        # many titles carry their date already ("… call (5 June 2025)"): name it once
        label = mark.title if when in mark.title else f"{mark.title} ({when})"
        body.append(link(mark.href, label, content, class_=f"bf-mark bf-type-{mark.type}"))

    if axis_x:
        body += [_break(bx, axis) for bx in axis_x.breaks]
    body += labels
    height = axis + 26
    types = sorted({m.type for m in marks})
    legend_x = left
    for kind in types:
        colour = TYPE_COLOURS.get(kind, OTHER_COLOUR)
        body.append(
            tag(
                "g",
                tag("circle", cx=legend_x + 5, cy=height + 4, r=5, fill=colour)
                + tag("text", text(kind), x=legend_x + 14, y=height + 8, font_size=LABEL),
                class_=f"bf-legend bf-type-{kind}",
            )
        )
        legend_x += 30 + width_of(kind, LABEL)
    if types:
        body.append(
            tag(
                "text",
                text("Point: one day · bar: several days"),
                x=right,
                y=height + 8,
                font_size=LABEL,
                fill=MUTED,
                text_anchor="end",
                class_="bf-muted",
            )
        )
        height += 18

    if marks:
        span_text = f"{date_range(marks[0].start)} to {long_date(max(m.end or m.start for m in marks))}"
        desc = f"{len(marks)} dated entries from {span_text}"
        if all(m.href for m in marks):
            desc += ", each linked to its entry"
    else:
        desc = "No dated entries yet"
    if milestones:
        desc += "; dashed lines mark publication: " + "; ".join(
            f"{b.title}, {long_date(b.date)}" for b in milestones
        )
    desc += ". The table below lists the same entries."
    return frame("timeline", ident, "Timeline of dated entries", desc, WIDTH, height, "".join(body))
