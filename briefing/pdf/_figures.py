"""The site's figures in the brief: a print variant of each SVG, placed as a tagged Typst figure.

The drawings are the site's (:mod:`briefing.figures`); for print their SVG is
rewritten so that Typst's SVG renderer needs nothing it cannot find or must
guess: no links (a PDF image cannot hold them), no CSS classes or ARIA, no
tooltips or hover hints, one ``font-family`` made of the pinned fonts (the site names
``system-ui`` and friends, which are not in the chain, so every label went
through font fallback), and label text limited to characters the renderer draws
one by one (under PDF/UA-1 a glyph Typst cannot draw is a compile error; which
ones it cannot is asked of it once, see :mod:`._glyphs`).
The figure's title and description become the image's alt text; the file is
written into the compile root next to the brief's source.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import figures as fig
from ..contract import appendix_label
from ._glyphs import alone, default_ignorable
from ._typst import FONT_FAMILIES, REPLACEMENT, Markup, string

SVG = "http://www.w3.org/2000/svg"
PRINT_FONT = ", ".join(f"'{f}'" for f in ("DejaVu Sans", *[f for f in FONT_FAMILIES if f != "DejaVu Sans"]))
"""The chain with its sans face first, as the brief's headings use it; the widths
the drawings estimate for their labels assume a sans-serif."""
_DROPPED = {"class", "role", "aria-label", "aria-labelledby", "aria-describedby", "tabindex"}
_UNTAGGED = (f"{{{SVG}}}title", f"{{{SVG}}}desc")
NATURAL = 400
"""Figures up to this many px wide print at their own size; wider ones fill the text width."""
_INTERACTIVE = "bf-hint"
"""Text that speaks of hovering and focusing: meaningless on paper."""

ET.register_namespace("", SVG)


def drawable(markup: Markup, text: str, gaps: frozenset[int]) -> str:
    """``text`` with only characters the SVG renderer draws.

    Characters the fonts lack are replaced (and reported) as in the brief's
    text; marks that join or modify a neighbour (combining marks, joiners,
    variation selectors, emoji skin tones) and default-ignorable characters are
    dropped: the SVG renderer looks each up alone, and one it cannot place
    fails the PDF/UA-1 compile. A flag (two regional indicators, which the
    renderer cannot place among other text) prints as its two letters; a
    character the renderer was found not to draw (``gaps``) as its
    compatibility decomposition without marks when that can be drawn (``ạ``
    as ``a``), else as the replacement character.
    """
    out = []
    for char in markup.clean(text):
        if not alone(char) or default_ignorable(char):
            continue
        if _FLAG_A <= ord(char) <= _FLAG_A + 25:
            markup.unfigured.add(char)
            char = chr(ord("A") + ord(char) - _FLAG_A)
        elif ord(char) in gaps:
            markup.unfigured.add(char)
            char = _fallback(markup, char, gaps)
        out.append(char)
    return "".join(out)


_FLAG_A = 0x1F1E6
"""REGIONAL INDICATOR SYMBOL LETTER A; the 26 letters follow it."""


def _fallback(markup: Markup, char: str, gaps: frozenset[int]) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if alone(c) and not default_ignorable(c))
    if base and all(ord(c) in markup.coverage and ord(c) not in gaps for c in base):
        return base
    return "" if ord(REPLACEMENT) in gaps else REPLACEMENT


_OPENING = re.compile(r"""(^|[\s(\[{\u2014\u2013/-])(["'])""")


def curly_quotes(text: str) -> str:
    """Straight quotes as curly ones, as Typst sets the brief's own text: an opening
    quote after a space, a bracket or a dash (or at the start), a closing one or an
    apostrophe elsewhere."""
    text = _OPENING.sub(lambda m: m[1] + ("\u201c" if m[2] == '"' else "\u2018"), text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def print_svg(svg: str, markup: Markup, gaps: frozenset[int]) -> str:
    """The print variant of a figure's SVG (see the module's docstring)."""
    root = ET.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            if child.tag in _UNTAGGED or _INTERACTIVE in child.get("class", "").split():
                parent.remove(child)
    for element in root.iter():
        if element.tag == f"{{{SVG}}}a":
            element.tag = f"{{{SVG}}}g"
            element.attrib.clear()
        for name in [n for n in element.attrib if n in _DROPPED or n.startswith("aria-")]:
            del element.attrib[name]
        if element.text:
            element.text = drawable(markup, curly_quotes(element.text), gaps)
        if element.tail:
            element.tail = drawable(markup, curly_quotes(element.tail), gaps)
    root.set("font-family", PRINT_FONT)
    return ET.tostring(root, encoding="unicode")


@dataclass
class Figures:
    """The figures a brief places, by file name, and the Typst that places them."""

    prefix: str
    markup: Markup
    gaps: frozenset[int]
    """What the SVG renderer cannot draw alone (:func:`._glyphs.figure_gaps`)."""
    files: dict[str, str] = field(default_factory=dict)

    def place(self, figure: fig.Figure, destination: Callable[[str], str | None]) -> str:
        """``#brief-figure(…)`` for ``figure``; its print SVG is kept for the builder to write.
        ``destination``: the Typst link destination of an entry's mark (a label or an
        address), or None to leave it unlinked."""
        name = f"{self.prefix}.{figure.kind}.svg"
        self.files[name] = print_svg(figure.svg, self.markup, self.gaps)
        alt = f"{figure.title}. {figure.desc}"
        # each link a Typst array followed by a comma: one alone is still an array of arrays
        links = "".join(
            f"({target}, {x:.1f}, {y:.1f}, {w:.1f}, {h:.1f}), "
            for entry, x, y, w, h in marks(figure.svg)
            if (target := destination(entry)) is not None
        )
        view = ET.fromstring(figure.svg).get("viewBox", "0 0 0 0").split()[2]
        # a drawing narrower than the text prints at its own size (1 px = 0.75 pt), so its
        # text keeps the size it was drawn at instead of growing with the page; a wider one is
        # set at least as wide as its smallest label needs to print at SMALLEST_PRINTED
        if 0 < figure.width <= NATURAL:
            width = f", width: {figure.width * 0.75:.0f}pt"
        else:
            width = f", min-width: {legible_width(figure.svg):.1f}pt"
        return (
            f"#brief-figure({string(name)}, alt: {self.markup.string(alt)}, "
            f"caption: [{self.markup.text(figure.title)}]{width}, view: {view}, links: ({links}))"
        )


_SHAPES = {f"{{{SVG}}}{name}" for name in ("rect", "circle")}


def marks(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(entry id, x, y, width, height) of each mark of an entry (drawn for print with the
    link ``#appendix-<id>``): the box around its shapes, in the drawing's px, for a link
    placed over the printed image. A mark's label and stem are left out: the box is what
    a reader points at on the site; a mark that is only words (a who's who side's title)
    is the box of its words."""
    out = []
    prefix = "#" + appendix_label("")
    for anchor in ET.fromstring(svg).iter(f"{{{SVG}}}a"):
        href = anchor.get("href", "")
        if not href.startswith(prefix):
            continue
        boxes = [_box(e) for e in anchor.iter() if e.tag in _SHAPES]
        boxes = boxes or [_text_box(e) for e in anchor.iter(f"{{{SVG}}}text")]
        if boxes:
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            out.append((href.removeprefix(prefix), x0, y0, x1 - x0, y1 - y0))
    return out


def _box(e: ET.Element) -> tuple[float, float, float, float]:
    if e.tag.endswith("circle"):
        cx, cy, r = (float(e.get(k, 0)) for k in ("cx", "cy", "r"))
        return cx - r, cy - r, cx + r, cy + r
    x, y = float(e.get("x", 0)), float(e.get("y", 0))
    return x, y, x + float(e.get("width", 0)), y + float(e.get("height", 0))


def _text_box(e: ET.Element) -> tuple[float, float, float, float]:
    size = float(e.get("font-size", 11))
    x, y = float(e.get("x", 0)), float(e.get("y", 0))
    width = fig.width_of("".join(e.itertext()), size)
    x -= {"middle": width / 2, "end": width}.get(e.get("text-anchor", ""), 0)
    return x, y - size * 0.8, x + width, y + size * 0.2


SMALLEST_PRINTED = 7.0
"""Points: no label of a figure prints smaller."""


def legible_width(svg: str) -> float:
    """The width (pt) at which the smallest text of ``svg`` prints at :data:`SMALLEST_PRINTED`."""
    root = ET.fromstring(svg)
    width = float(root.get("viewBox", "0 0 0 0").split()[2])
    sizes = [float(e.get("font-size", "inf")) for e in root.iter() if e.get("font-size")]
    return width * SMALLEST_PRINTED / min(sizes, default=SMALLEST_PRINTED)
