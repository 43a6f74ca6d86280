"""The rare earths as a strip of the periodic table, export-controlled cells hatched."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from ..dates import long_date
from ._svg import MUTED, TEXT, Figure, fit, frame, link, tag, text, width_of

CELL_W = 40.0
CELL_H = 56.0
GAP = 2.0
BREAK = 10.0
"""Extra space where atomic numbers jump (Y 39 to La 57)."""
MARGIN = 4.0
GROUP_FILLS = {"light": "#fdf3e6", "medium": "#f6dfc1", "heavy": "#eec795"}
HATCH = "hatch"


@dataclass(frozen=True)
class Cell:
    id: str
    title: str
    symbol: str
    atomic_number: int
    group: str | None
    controlled_since: dt.date | None
    href: str


def _status(cell: Cell) -> str:
    if cell.controlled_since:
        return f"{cell.title}: export-controlled since {long_date(cell.controlled_since)}"
    return f"{cell.title}: not export-controlled"


def strip_figure(
    cells: Sequence[Cell], highlight: str = "", ident: str = "bf-strip", printed: bool = False
) -> Figure:
    """One cell per element in atomic-number order; ``highlight`` outlines one entry's cell.

    ``printed``, the text of a hatched cell sits on plates of the cell's colour: on
    paper the hatching would run through the letters at their small printed size.
    """
    cells = sorted(cells, key=lambda c: c.atomic_number)
    xs: list[float] = []
    x = MARGIN
    for i, cell in enumerate(cells):
        if i and cell.atomic_number - cells[i - 1].atomic_number > 1:
            x += BREAK
        xs.append(x)
        x += CELL_W + GAP
    width = max(x - GAP + MARGIN, 360.0)
    status_y = MARGIN + CELL_H + 18
    legend_y = status_y + 14
    defs = tag(
        "defs",
        tag(
            "pattern",
            tag("rect", width=6, height=6, fill="none")
            + tag(
                "path", d="M0 0V6", stroke=TEXT, stroke_width=1.6, stroke_opacity=0.55, class_="bf-hatch-line"
            ),
            id=f"{ident}-{HATCH}",
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
            patternTransform="rotate(45)",
        ),
    )
    body = [defs]
    hint = "Hover over or focus an element for its export-control date"
    body.append(
        tag("text", text(hint), x=MARGIN, y=status_y, font_size=11, fill=MUTED, class_="bf-muted bf-hint")
    )
    for cell, x0 in zip(cells, xs, strict=True):
        body.append(_cell(cell, x0, cell.id == highlight, ident, width, status_y, printed))
    frame_box: dict[str, str | float] = {"stroke": MUTED, "stroke_width": 0.8}
    item, lx = _swatch(
        MARGIN,
        legend_y,
        "export-controlled",
        {"fill": "#ffffff", **frame_box, "class_": "bf-swatch"},
        {"fill": f"url(#{ident}-{HATCH})", "class_": "bf-controlled"},
    )
    legend = [item]
    for group, fill in GROUP_FILLS.items():
        if any(c.group == group for c in cells):
            item, lx = _swatch(
                lx, legend_y, group, {"fill": fill, **frame_box, "class_": f"bf-cell bf-group-{group}"}
            )
            legend.append(item)
    if highlight and any(c.id == highlight for c in cells):
        item, lx = _swatch(
            lx,
            legend_y,
            "this entry",
            {"fill": "none", "stroke": TEXT, "stroke_width": 3, "class_": "bf-own"},
        )
        legend.append(item)
    body.append(tag("g", "".join(legend), class_="bf-legend"))
    height = legend_y + 16

    controlled = [c for c in cells if c.controlled_since]
    desc = f"{len(cells)} elements in atomic-number order, each labelled light, medium or heavy. "
    if controlled:
        by_date: dict[dt.date, list[str]] = {}
        for c in controlled:
            by_date.setdefault(c.controlled_since, []).append(c.symbol)  # type: ignore[arg-type]
        desc += (
            "Export-controlled (hatched): "
            + "; ".join(
                f"{', '.join(symbols)} since {long_date(day)}" for day, symbols in sorted(by_date.items())
            )
            + "."
        )
    else:
        desc += "None is export-controlled."
    if highlight:
        outlined = next((c for c in cells if c.id == highlight), None)
        if outlined:
            desc += f" {outlined.title} is outlined."
    title = "The rare earths on the periodic table"
    return frame("strip", ident, title, desc, width, height, "".join(body))


PRINT_WIDER = 1.2
"""How much wider than :func:`width_of` estimates the print face (DejaVu Sans) sets a
label of wide letters ("medium": m is near a full em)."""


def _print_fit(label: str, printed: bool) -> dict[str, str | float]:
    """On paper, a group name that may overrun its cell is set to the cell's room,
    its letters a little closer (the print face is known, unlike a browser's; their size stays)."""
    room = CELL_W - 4
    if printed and width_of(label, 10) * PRINT_WIDER > room:
        return {"textLength": room, "lengthAdjust": "spacing"}
    return {}


@functools.lru_cache(maxsize=1024, typed=True)
def _cell(cell: Cell, x0: float, own: bool, ident: str, width: float, status_y: float, printed: bool) -> str:
    """One element's cell, drawn once for the many pages that show the same strip
    (every element's page does, with only its own cell outlined)."""
    parts = cell_box(cell, x0, MARGIN, CELL_W, CELL_H, own, f"{ident}-{HATCH}")
    if printed and cell.controlled_since:
        parts.append(_plates(cell, x0, GROUP_FILLS.get(cell.group or "", "#ffffff")))
    cx = x0 + CELL_W / 2
    group = fit(cell.group or "", 10, CELL_W - 4)
    # One text element with spaced parts, read (and matched to the link's name) as words;
    # the status line among them shows on hover and focus.
    lines = " ".join(
        [
            tag(
                "tspan",
                str(cell.atomic_number),
                x=x0 + 3,
                y=MARGIN + 11,
                font_size=10,
                class_="bf-number",
            ),
            tag(
                "tspan",
                text(cell.symbol),
                x=cx,
                y=MARGIN + 34,
                font_size=17,
                font_weight="bold",
                text_anchor="middle",
                class_="bf-symbol",
            ),
            tag(
                "tspan",
                text(group),
                x=cx,
                y=MARGIN + CELL_H - 6,
                font_size=10,
                text_anchor="middle",
                class_="bf-group",
                **_print_fit(group, printed),
            ),
        ]
    )
    status = _status(cell)
    sx = min(max(cx - width_of(status, 11) / 2, MARGIN), width - MARGIN - width_of(status, 11))
    lines += " " + tag(
        "tspan",
        text(status),
        x=max(sx, MARGIN),
        y=status_y,
        font_size=11,
        visibility="hidden",
        class_="bf-status",
    )
    parts.append(tag("text", lines, class_="bf-cell-text"))
    label = f"{cell.atomic_number} {cell.symbol} {cell.group or ''} {status}".replace("  ", " ")
    tooltip = f"{cell.title} ({cell.symbol}, {cell.atomic_number}" + (f", {cell.group}" if cell.group else "")
    tooltip += "): " + status.split(": ", 1)[1]
    return link(
        cell.href,
        label,
        "".join(parts),
        tooltip,
        class_="bf-element",
        aria_current="page" if own else None,
    )


def cell_box(
    cell: Cell, x0: float, y0: float, width: float, height: float, own: bool, hatch: str
) -> list[str]:
    """A cell's frame in its group's colour, outlined when it is the page's own, and over it the
    hatching (pattern ``hatch``) when the element is export-controlled: for the wide and narrow strips."""
    parts = [
        tag(
            "rect",
            x=x0,
            y=y0,
            width=width,
            height=height,
            rx=3,
            fill=GROUP_FILLS.get(cell.group or "", "#ffffff"),
            stroke=TEXT if own else MUTED,
            stroke_width=3 if own else 0.8,
            class_=f"bf-cell bf-group-{cell.group or 'none'}" + (" bf-own" if own else ""),
        ),
    ]
    if cell.controlled_since:
        parts.append(
            tag(
                "rect",
                x=x0 + 1,
                y=y0 + 1,
                width=width - 2,
                height=height - 2,
                rx=2,
                fill=f"url(#{hatch})",
                class_="bf-controlled",
            )
        )
    return parts


def _plates(cell: Cell, x0: float, fill: str) -> str:
    """Opaque plates under a cell's number, symbol and group (placed as drawn below)."""
    cx = x0 + CELL_W / 2
    number = width_of(str(cell.atomic_number), 10)
    symbol = width_of(cell.symbol, 17) * 1.15  # bold
    group = width_of(fit(cell.group or "", 10, CELL_W - 4), 10)
    boxes = [(x0 + 2, MARGIN + 2, number + 3, 12.0), (cx - symbol / 2 - 2, MARGIN + 19, symbol + 4, 19.0)]
    if cell.group:
        boxes.append((cx - group / 2 - 2, MARGIN + CELL_H - 16, group + 4, 13.0))
    return "".join(
        tag("rect", x=x, y=y, width=w, height=h, rx=1.5, fill=fill, class_="bf-label-plate")
        for x, y, w, h in boxes
    )


def _swatch(x: float, y: float, label: str, *boxes: dict[str, str | float]) -> tuple[str, float]:
    """One item of the legend: its boxes, one over the other, and its label beside them;
    and where the next item goes."""
    marks = "".join(tag("rect", None, x=x, y=y, width=16, height=12, **box) for box in boxes)
    marks += tag("text", text(label), x=x + 21, y=y + 10, font_size=11)
    return marks, x + 30 + width_of(label, 11)
