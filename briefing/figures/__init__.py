"""Figures drawn as static SVG: the time axis, the periodic strip, who's who, calibration.

Pure functions from records to SVG strings, with no Sphinx in sight, so the
site and the PDF embed the same drawings. Every piece of text is escaped for
XML where it enters the markup.
"""

from ._calibration import Band, Point, calibration_figure
from ._cast import OTHERS, Node, Side, Team, cast_figure
from ._narrow import cast_narrow, timeline_narrow
from ._strip import Cell, strip_figure
from ._strip_narrow import strip_narrow
from ._svg import Figure, width_of
from ._timeline import Mark, Milestone, timeline_figure

__all__ = [
    "OTHERS",
    "Band",
    "Cell",
    "Figure",
    "Mark",
    "Milestone",
    "Node",
    "Point",
    "Side",
    "Team",
    "calibration_figure",
    "cast_figure",
    "cast_narrow",
    "strip_figure",
    "strip_narrow",
    "timeline_figure",
    "timeline_narrow",
    "width_of",
]
