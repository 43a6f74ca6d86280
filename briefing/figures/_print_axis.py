"""The timeline as print lays it out: an axis that gives each event room, labels wrapped whole.

On paper nothing can be hovered or zoomed, so a label cut with an ellipsis is
lost, and a linear axis over a few months puts a week of events into a few
millimetres. The print axis is piecewise linear: between two days something
happens on, each day takes an equal share, but a quiet stretch longer than
:data:`QUIET` days takes only that many, and a break (two slanted strokes on
the axis) says where time was left out. Month ticks keep their true place
within each stretch.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from ._svg import width_of

QUIET = 4
"""Days: a gap between events longer than this is drawn this long, with a break."""


class Axis:
    """Day ordinals to x, piecewise linear between the days that matter."""

    def __init__(self, days: Iterable[int], left: float, right: float) -> None:
        knots = sorted(set(days))
        if len(knots) < 2:
            knots = [knots[0] if knots else 0, (knots[0] if knots else 0) + 1]
        weights = [0.0]
        gaps = []
        for a, b in itertools.pairwise(knots):
            gap = b - a
            gaps.append(gap > QUIET)
            weights.append(weights[-1] + min(gap, QUIET))
        scale = (right - left) / weights[-1]
        self.knots = knots
        self.xs = [left + w * scale for w in weights]
        self.breaks = [(self.xs[i] + self.xs[i + 1]) / 2 for i, quiet in enumerate(gaps) if quiet]

    def __call__(self, ordinal: int) -> float:
        knots, xs = self.knots, self.xs
        if ordinal <= knots[0]:
            return xs[0]
        if ordinal >= knots[-1]:
            return xs[-1]
        i = bisect.bisect_right(knots, ordinal) - 1
        return xs[i] + (xs[i + 1] - xs[i]) * (ordinal - knots[i]) / (knots[i + 1] - knots[i])


def wrap(label: str, size: float, room: float) -> list[str]:
    """``label`` in lines no wider than ``room`` where its words allow; nothing is cut."""
    lines: list[str] = []
    for word in label.split():
        if lines and width_of(f"{lines[-1]} {word}", size) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]
