"""Writing SVG: escaped text and attributes, estimated text widths, the outer frame."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
EM = 0.6
"""Width of an average character in ems, generous for the sans-serif fonts we name."""

TYPE_COLOURS = {
    "element": "#8a4b00",
    "organization": "#1f5a99",
    "person": "#6b3fa0",
    "place": "#1d6b46",
    "event": "#a2262e",
    "concept": "#4a5560",
    "document": "#7a5a00",
    "statistic": "#00707a",
}
"""The site's light palette (``--bf-<type>`` in briefing.css). The site's stylesheet
overrides these with its custom properties, so the figures follow dark mode; a
standalone SVG (the PDF) keeps these."""
OTHER_COLOUR = "#4a5560"
TEXT = "#1f2328"
MUTED = "#57606a"
RULE = "#8c959f"


@dataclass(frozen=True)
class Figure:
    """A figure as SVG markup, with the title and description that are its alt text."""

    kind: str
    title: str
    desc: str
    svg: str
    width: float
    height: float


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 forbids (of those a Python string can hold alone)."""


def text(value: str) -> str:
    """``value`` safe as XML character data; characters XML 1.0 forbids are dropped."""
    return escape(_FORBIDDEN.sub("", value))


def attr(value: str | float) -> str:
    # numbers are most attributes of a drawing: they need no escaping
    if isinstance(value, float):
        return '"' + f"{value:.1f}".removesuffix(".0") + '"'
    if isinstance(value, int):
        return f'"{value}"'
    return quoteattr(text(value))


def tag(name: str, content: str | None = None, **attrs: str | float | None) -> str:
    """An element; attribute names use ``_`` for ``-`` (``text_anchor``), ``class_`` for ``class``."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        parts.append(f"{key.rstrip('_').replace('_', '-')}={attr(value)}")
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{content}</{name}>"


def width_of(label: str, size: float) -> float:
    """Estimated advance of ``label`` at ``size`` px: wide for capitals and CJK, narrow for i, l, t."""
    total = 0.0
    for c in label:
        if ord(c) > 0x2E80:
            total += 1.0
        elif c in "il.,:;'|!() \u2018\u2019":  # print sets apostrophes curly
            total += 0.32
        elif c.isupper() or c in "mwMW@%":
            total += 0.72
        else:
            total += EM
    return total * size


def fit(label: str, size: float, room: float) -> str:
    """``label``, shortened to whole words and an ellipsis to fit ``room`` px.

    Whole words keep the visible text a prefix of the link's accessible name.
    """
    if width_of(label, size) <= room:
        return label
    cut = label
    while cut and width_of(cut + "\u2026", size) > room:
        cut = cut[:-1]
    if " " in cut.strip() and not label[len(cut) : len(cut) + 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    if cut.count("(") > cut.count(")") and " " in cut:  # no parenthesis left open
        cut = cut[: cut.rindex("(")]
    return cut.rstrip() + "\u2026"


def link(href: str, label: str, content: str, tooltip: str = "", **attrs: str | float | None) -> str:
    """A focusable link named ``label``, with ``tooltip`` (or ``label``) on hover.

    The ``<title>`` sits on a group around the link, not in it, so it is not
    taken for visible text of the link; ``label`` must start with the link's
    visible text (WCAG 2.5.3, label in name).
    """
    anchor = tag("a", content, href=href or None, aria_label=label, **attrs)
    return tag("g", tag("title", text(tooltip or label)) + anchor, class_="bf-tip")


def frame(kind: str, ident: str, title: str, desc: str, width: float, height: float, body: str) -> Figure:
    """The outer ``<svg>``: sized by its viewBox, named by its ``<title>`` and ``<desc>``."""
    head = tag("title", text(title), id=f"{ident}-title") + tag("desc", text(desc), id=f"{ident}-desc")
    svg = tag(
        "svg",
        head + body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width:.0f} {height:.0f}",
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        class_=f"bf-figure-svg bf-{kind}",
        role="group",
        aria_labelledby=f"{ident}-title",
        aria_describedby=f"{ident}-desc",
        font_family=FONT,
        fill=TEXT,
    )
    return Figure(kind, title, desc, svg, width, height)
