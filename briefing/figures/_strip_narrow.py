"""The periodic strip for a phone's column: the same cells, wrapped into rows.

Drawn ``WIDTH`` wide with no text under 12 px, so a 375 px screen shows it at
about life size (see :mod:`._narrow`). The classes are the wide strip's, so the
site's stylesheet (dark mode, the status line on hover and focus) serves both.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._narrow import WIDTH
from ._strip import GROUP_FILLS, HATCH, Cell, _status, cell_box, strip_figure
from ._svg import MUTED, TEXT, Figure, fit, frame, link, tag, text, width_of

PER_ROW = 6
GAP = 3.0
MARGIN = 4.0
CELL_W = (WIDTH - 2 * MARGIN - GAP * (PER_ROW - 1)) / PER_ROW
CELL_H = 60.0
SMALL = 12.0


def _swatch(x: float, y: float, label: str, *boxes: dict[str, str | float]) -> tuple[str, float]:
    marks = "".join(tag("rect", None, x=x, y=y, width=18, height=13, **box) for box in boxes)
    marks += tag("text", text(label), x=x + 23, y=y + 11, font_size=SMALL)
    return marks, x + 32 + width_of(label, SMALL)


def strip_narrow(cells: Sequence[Cell], highlight: str = "", ident: str = "bf-strip-narrow") -> Figure:
    """Cells in atomic-number order, ``PER_ROW`` a row; hatched where export-controlled."""
    wide = strip_figure(cells, highlight, ident=ident)  # the same title and description
    cells = sorted(cells, key=lambda c: c.atomic_number)
    rows = (len(cells) + PER_ROW - 1) // PER_ROW
    status_y = MARGIN + rows * (CELL_H + GAP) + 14
    hatch = f"{ident}-{HATCH}"
    body = [
        tag(
            "defs",
            tag(
                "pattern",
                tag("rect", width=6, height=6, fill="none")
                + tag(
                    "path",
                    d="M0 0V6",
                    stroke=TEXT,
                    stroke_width=1.6,
                    stroke_opacity=0.55,
                    class_="bf-hatch-line",
                ),
                id=hatch,
                width=6,
                height=6,
                patternUnits="userSpaceOnUse",
                patternTransform="rotate(45)",
            ),
        ),
        tag(
            "text",
            text("Tap or focus an element for its export-control date"),
            x=MARGIN,
            y=status_y,
            font_size=SMALL,
            fill=MUTED,
            class_="bf-muted bf-hint",
        ),
    ]
    for i, cell in enumerate(cells):
        x0 = MARGIN + (i % PER_ROW) * (CELL_W + GAP)
        y0 = MARGIN + (i // PER_ROW) * (CELL_H + GAP)
        own = cell.id == highlight
        parts = cell_box(cell, x0, y0, CELL_W, CELL_H, own, hatch)
        cx = x0 + CELL_W / 2
        status = _status(cell)
        sx = min(max(cx - width_of(status, SMALL) / 2, MARGIN), WIDTH - MARGIN - width_of(status, SMALL))
        lines = " ".join(
            [
                tag(
                    "tspan", str(cell.atomic_number), x=x0 + 3, y=y0 + 13, font_size=SMALL, class_="bf-number"
                ),
                tag(
                    "tspan",
                    text(cell.symbol),
                    x=cx,
                    y=y0 + 36,
                    font_size=20,
                    font_weight="bold",
                    text_anchor="middle",
                    class_="bf-symbol",
                ),
                tag(
                    "tspan",
                    text(fit(cell.group or "", SMALL, CELL_W - 4)),
                    x=cx,
                    y=y0 + CELL_H - 7,
                    font_size=SMALL,
                    text_anchor="middle",
                    class_="bf-group",
                ),
                tag(
                    "tspan",
                    text(status),
                    x=max(sx, MARGIN),
                    y=status_y,
                    font_size=SMALL,
                    visibility="hidden",
                    class_="bf-status",
                ),
            ]
        )
        parts.append(tag("text", lines, class_="bf-cell-text"))
        label = f"{cell.atomic_number} {cell.symbol} {cell.group or ''} {status}".replace("  ", " ")
        tooltip = f"{cell.title} ({cell.symbol}, {cell.atomic_number}" + (
            f", {cell.group}" if cell.group else ""
        )
        tooltip += "): " + status.split(": ", 1)[1]
        body.append(
            link(
                cell.href,
                label,
                "".join(parts),
                tooltip,
                class_="bf-element",
                aria_current="page" if own else None,
            )
        )
    frame_box: dict[str, str | float] = {"stroke": MUTED, "stroke_width": 0.8}
    y = status_y + 12
    item, x = _swatch(
        MARGIN,
        y,
        "export-controlled",
        {"fill": "#ffffff", **frame_box, "class_": "bf-swatch"},
        {"fill": f"url(#{hatch})", "class_": "bf-controlled"},
    )
    legend = [item]
    x, y = MARGIN, y + 20  # the groups on a line of their own
    for group, fill in GROUP_FILLS.items():
        if any(c.group == group for c in cells):
            item, x = _swatch(x, y, group, {"fill": fill, **frame_box, "class_": f"bf-cell bf-group-{group}"})
            legend.append(item)
    if highlight and any(c.id == highlight for c in cells):
        item, x = _swatch(
            x, y, "this entry", {"fill": "none", "stroke": TEXT, "stroke_width": 3, "class_": "bf-own"}
        )
        legend.append(item)
    body.append(tag("g", "".join(legend), class_="bf-legend"))
    return frame("strip", ident, wide.title, wide.desc, WIDTH, y + 18, "".join(body))
