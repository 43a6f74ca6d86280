"""Narrow layouts of the wide figures, for a phone's column: re-flowed, not shrunk.

Each is drawn in a box about as wide as a phone's column (``WIDTH``) with text
at ``SIZE`` px, so it shows about life size there; the site shows it in place
of the wide drawing when the column is too narrow for that one's text to stay
readable. The timeline runs down the page, one row per entry in date order;
the who's who stacks its sides in one column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..dates import date_range, long_date
from ._cast import Side, cast_figure
from ._svg import MUTED, OTHER_COLOUR, RULE, TYPE_COLOURS, Figure, frame, link, tag, text, width_of
from ._timeline import Mark, Milestone, timeline_figure

WIDTH = 340.0
SIZE = 13.0
LINE = 17.0
AXIS = 14.0
"""x of the vertical axis line; the labels start right of it."""
LABEL_X = 30.0


def _wrap(label: str, size: float, room: float) -> list[str]:
    """``label`` in lines that fit ``room``, broken at spaces; a word too long for a line
    is broken where the line ends (no text is ever cut: the whole title is what a reader needs)."""
    words: list[str] = []
    for word in label.split():
        while width_of(word, size) > room and len(word) > 1:
            cut = next(n for n in range(len(word) - 1, 0, -1) if width_of(word[:n], size) <= room or n == 1)
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and width_of(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines(x: float, y: float, lines: list[str], **attrs: str | float | None) -> str:
    spans = " ".join(tag("tspan", text(line), x=x, y=y + LINE * n) for n, line in enumerate(lines))
    return tag("text", spans, **attrs)


def timeline_narrow(
    marks: Sequence[Mark], milestones: Sequence[Milestone] = (), ident: str = "bf-timeline-narrow"
) -> Figure:
    """The timeline down the page: per entry its date, then its title, beside a dot (one day)
    or a bar (several) on a vertical line; a publication is a dashed rule across."""
    wide = timeline_figure(marks, milestones, ident=ident)  # the same title and description
    rows: list[tuple[object, Mark | Milestone]] = [((m.start, 1, m.title), m) for m in marks]
    rows += [((b.date, 0, b.title), b) for b in milestones]
    rows.sort(key=lambda r: r[0])  # type: ignore[arg-type,return-value]
    room = WIDTH - LABEL_X - 4
    body: list[str] = []
    y = 8.0
    top = y
    for _, item in rows:
        if isinstance(item, Milestone):
            lines = _wrap(f"Published {long_date(item.date)}: {item.title}", SIZE, room)
            height = LINE * len(lines) + 10
            content = tag(
                "line",
                x1=4,
                y1=y + 4,
                x2=WIDTH - 4,
                y2=y + 4,
                stroke=MUTED,
                stroke_width=1.2,
                stroke_dasharray="4 3",
                class_="bf-pub-line",
            ) + _lines(
                LABEL_X, y + 4 + SIZE + 2, lines, font_size=SIZE, fill=MUTED, class_="bf-muted bf-label"
            )
            body.append(link(item.href, " ".join(lines), content, class_="bf-pub"))
            y += height + 6
            continue
        when = date_range(item.start, item.end)
        lines = _wrap(item.title, SIZE, room)
        colour = TYPE_COLOURS.get(item.type, OTHER_COLOUR)
        height = LINE * (len(lines) + 1)
        if item.end is None or item.end <= item.start:
            shape = tag("circle", cx=AXIS, cy=y + 9, r=5, fill=colour)
        else:
            shape = tag("rect", x=AXIS - 4, y=y + 2, width=8, height=height - 6, rx=3, fill=colour)
        # the date heads the row as the axis would, outside the link, whose visible text
        # (the title) then starts its name (WCAG 2.5.3), as on the wide drawing
        body.append(
            tag("text", text(when), x=LABEL_X, y=y + SIZE, font_size=SIZE, fill=MUTED, class_="bf-muted")
        )
        content = shape + _lines(LABEL_X, y + SIZE + LINE, lines, font_size=SIZE, class_="bf-label")
        label = item.title if when in item.title else f"{item.title} ({when})"
        body.append(link(item.href, label, content, class_=f"bf-mark bf-type-{item.type}"))
        y += height + 8
    axis = tag(
        "line", x1=AXIS, y1=top, x2=AXIS, y2=max(y - 8, top), stroke=RULE, stroke_width=1, class_="bf-axis"
    )
    body.insert(0, axis)
    for kind in sorted({m.type for m in marks}):
        colour = TYPE_COLOURS.get(kind, OTHER_COLOUR)
        body.append(
            tag(
                "g",
                tag("circle", cx=AXIS, cy=y + 5, r=5, fill=colour)
                + tag("text", text(kind), x=LABEL_X, y=y + 10, font_size=SIZE),
                class_=f"bf-legend bf-type-{kind}",
            )
        )
        y += LINE + 2
    if marks:
        body.append(
            tag(
                "text",
                text("Dot: one day · bar: several days"),
                x=4,
                y=y + 10,
                font_size=SIZE,
                fill=MUTED,
                class_="bf-muted",
            )
        )
        y += LINE + 4
    return frame("timeline", ident, wide.title, wide.desc, WIDTH, y + 4, "".join(body))


def cast_narrow(sides: Sequence[Side], hrefs: Mapping[str, str], ident: str = "bf-cast-narrow") -> Figure:
    """The who's who with its sides stacked, one column as wide as a phone's."""
    return cast_figure(sides, hrefs, ident=ident, columns=1, width=WIDTH)
