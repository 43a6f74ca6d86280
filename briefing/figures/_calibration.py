"""Calibration: each likelihood term's forecast against how often its judgments came true.

Across, the ICD 203 ranges as bands and each term at the midpoint it is scored
with; up, the share of its scored judgments that came true (a partly-true one
counts half); on the dashed diagonal a desk is calibrated. A point's area grows
with its count, and the count is written beside it, so one judgment is never
mistaken for a rate. Drawn in a 340-wide box with 13 px text, so a phone shows
it about life size (over 12 CSS px in a 375 px screen's column) and print at
9.75 pt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._svg import MUTED, RULE, TEXT, Figure, frame, link, tag, text, width_of

WIDTH = 340.0
LEFT = 56.0
RIGHT = 14.0
TOP = 14.0
BOTTOM = 48.0
SIZE = 13.0
PLOT = WIDTH - LEFT - RIGHT
"""The plot is square: as wide as it is tall."""
BAND_FILLS = ("#eef1f4", "#ffffff")
POINT = "#1f5a99"


@dataclass(frozen=True)
class Band:
    """A likelihood term's ICD 203 range, in percent."""

    term: str
    low: int
    high: int


@dataclass(frozen=True)
class Point:
    """A likelihood term with scored judgments: its probability, its judgments' mean score."""

    term: str
    probability: float
    judged: int
    came_true: float
    href: str


def _pct(x: float) -> str:
    return f"{x * 100:.1f}".removesuffix(".0") + "%"


def _say(point: Point) -> str:
    count = f"{point.judged} judgment" + ("s" if point.judged != 1 else "")
    return f"{point.term} ({_pct(point.probability)}): {count}, {_pct(point.came_true)} came true"


def _radius(point: Point) -> float:
    """A point's area grows with its count, up to 16 judgments."""
    return 5 + 2.5 * min(point.judged, 16) ** 0.5


def _place(
    label: str, cx: float, cy: float, r: float, left: bool, taken: list[tuple[float, float, float, float]]
) -> tuple[float, float]:
    """Where a point's count goes: beside it on the side away from the diagonal (left when it
    came true more often than forecast), else the other side, else above or below it; the
    first place inside the plot that overlaps no point and no other label."""
    w = width_of(label, SIZE)
    beside = min(max(cy + SIZE / 3, TOP + SIZE + 2), TOP + PLOT - 3)
    centred = min(max(cx - w / 2, LEFT + 2), LEFT + PLOT - w - 2)
    sides = [cx - r - 4 - w, cx + r + 4]
    if not left:
        sides.reverse()
    candidates = [(sides[0], beside), (sides[1], beside)]
    for row in range(4):  # then above or below, a line further out each time
        step = row * (SIZE + 3)
        candidates += [(centred, cy - r - 4 - step), (centred, cy + r + SIZE + 2 + step)]

    def free(lx: float, ly: float) -> bool:
        inside = lx >= LEFT + 2 and lx + w <= LEFT + PLOT - 2 and TOP + SIZE <= ly <= TOP + PLOT - 2
        clear = all(
            lx + w + 2 <= x0 or x1 + 2 <= lx or ly + 2 <= y0 or y1 + 2 <= ly - SIZE
            for x0, x1, y0, y1 in taken
        )
        return inside and clear

    return next((c for c in candidates if free(*c)), candidates[0])


def calibration_figure(
    bands: Sequence[Band], points: Sequence[Point], ident: str = "bf-calibration"
) -> Figure:
    def x(p: float) -> float:
        return LEFT + p * PLOT

    def y(f: float) -> float:
        return TOP + (1 - f) * PLOT

    height = TOP + PLOT + BOTTOM
    body: list[str] = []
    for i, band in enumerate(bands):
        body.append(
            tag(
                "rect",
                x=x(band.low / 100),
                y=TOP,
                width=x(band.high / 100) - x(band.low / 100),
                height=PLOT,
                fill=BAND_FILLS[i % 2],
                class_="bf-band" + (" bf-band-even" if i % 2 else ""),
            )
        )
    for step in range(5):
        f = step / 4
        body.append(tag("line", x1=LEFT, x2=LEFT + PLOT, y1=y(f), y2=y(f), stroke=RULE, stroke_width=0.5))
        label = _pct(f)
        body.append(tag("text", label, x=LEFT - 6, y=y(f) + 4, font_size=SIZE, text_anchor="end"))
        body.append(tag("text", label, x=x(f), y=TOP + PLOT + 16, font_size=SIZE, text_anchor="middle"))
    body.append(
        tag("rect", x=LEFT, y=TOP, width=PLOT, height=PLOT, fill="none", stroke=MUTED, class_="bf-axis")
    )
    body.append(
        tag(
            "line",
            x1=x(0),
            y1=y(0),
            x2=x(1),
            y2=y(1),
            stroke=MUTED,
            stroke_width=1.2,
            stroke_dasharray="5 4",
            class_="bf-axis bf-diagonal",
        )
    )
    body.append(
        tag(
            "text",
            "Forecast (ICD 203 band, midpoint)",
            x=LEFT + PLOT / 2,
            y=height - 10,
            font_size=SIZE,
            text_anchor="middle",
        )
    )
    body.append(
        tag(
            "text",
            "Came true",
            x=16,
            y=TOP + PLOT / 2,
            font_size=SIZE,
            text_anchor="middle",
            transform=f"rotate(-90 16 {TOP + PLOT / 2:.0f})",
        )
    )
    circles = [(x(pt.probability), y(pt.came_true), _radius(pt)) for pt in points]
    taken = [(cx - r, cx + r, cy - r, cy + r) for cx, cy, r in circles]
    for point, (cx, cy, r) in zip(points, circles, strict=True):
        count = f"n = {point.judged}"
        lx, ly = _place(count, cx, cy, r, point.came_true >= point.probability, taken)
        taken.append((lx, lx + width_of(count, SIZE), ly - SIZE, ly))
        mark = tag(
            "circle",
            cx=cx,
            cy=cy,
            r=r,
            fill=POINT,
            fill_opacity=0.85,
            stroke="#ffffff",
            stroke_width=1.5,
            class_="bf-calibration-point",
        )
        label = tag("text", text(count), x=lx, y=ly, font_size=SIZE, fill=TEXT, class_="bf-label")
        said = _say(point)
        body.append(
            link(point.href, f"{count}: {said}", mark + label, class_="bf-calibration-mark")
            if point.href
            else tag("g", tag("title", text(said)) + mark + label, class_="bf-calibration-mark")
        )
    if not points:
        body.append(
            tag(
                "text",
                "No judgment scored yet",
                x=LEFT + PLOT / 2,
                y=TOP + PLOT / 2,
                font_size=SIZE,
                fill=MUTED,
                text_anchor="middle",
                class_="bf-muted",
            )
        )
    title = "Calibration of the key judgments"
    found = "; ".join(_say(p) for p in points) if points else "no judgment is scored yet"
    desc = (
        "Each point is a likelihood term, placed across at the midpoint of its ICD 203 band and "
        "up at the share of its scored judgments that came true; on the dashed diagonal the "
        f"forecasts are calibrated. {found[0].upper()}{found[1:]}."
    )
    return frame("calibration", ident, title, desc, WIDTH, height, "".join(body))
