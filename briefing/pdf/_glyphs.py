"""The characters the figures cannot draw, asked of the SVG renderer itself.

Typst draws a figure's SVG labels through its SVG renderer, which picks fonts
and shapes text on its own: a character the chain's cmaps cover may still come
out as no glyph there (a default-ignorable filler the shaper hides, a vowel sign
it splits in two, a symbol it finds no face for, an accented letter it
decomposes between letters of another font) and under PDF/UA-1 that fails the
whole brief. Rather than guess the renderer's rules, every character the
figures would print is compiled, alone and between letters of each font of the
chain, a few thousand to a drawing, and the ones it refuses are kept out of
the labels. The answer depends only on the engine, the fonts and the font list
the drawings name: for the pinned ones it ships with the package
(``figure-gaps.json``, keyed like the cache), for any other it is computed once
per machine (a quarter of a minute, one compiler keeping the fonts loaded) and
kept in the user's cache folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..cache import user_cache_folder
from ._typst import REPLACEMENT, FontChain, Job, compiler_for, digest, engine_version, typeset

_BATCH = 2000
"""Characters per probe drawing: few compiles, each small."""
_REFUSED = re.compile(r'the text `"(.*?)"` could not be displayed')
_ESCAPED = re.compile(r"\\u\{([0-9a-fA-F]+)\}")
_PROBE_VERSION = "2"
"""Bumped when what is probed changes, so a kept answer is not reused."""

_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
"""Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt): shown as
nothing when they cannot be drawn, so a figure drops them instead of boxing them."""
_CONTEXTS = ("{}", "a{}a", "\u4e2d{}\u4e2d", "\U0001f600{}\U0001f600")
"""How each character is probed: alone, and between two letters of the chain's
text face, its CJK face and its emoji face, since the renderer picks a font for
a run of text, not for one character."""
_JOINING = ("Mn", "Me", "Mc", "Cf", "Co", "Cn", "Cc", "Cs")
"""Categories of characters that join or modify a neighbour, or that show nothing of their own."""


def _shipped() -> dict[str, frozenset[int]]:
    """The answers for the pinned engine and fonts (the packages of .ci/system-packages),
    by probe key: a machine with exactly those files needs no probe at all."""
    data = json.loads(resources.files(__package__).joinpath("figure-gaps.json").read_text(encoding="utf-8"))
    return {key: frozenset(gaps) for key, gaps in data.items()}


_SHIPPED = _shipped()


def default_ignorable(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _DEFAULT_IGNORABLE)


def alone(char: str) -> bool:
    """Whether the renderer is asked to draw ``char`` on its own: marks and joiners are
    dropped from labels, since it looks each character up alone (as are emoji skin tones)."""
    return unicodedata.category(char) not in _JOINING and not 0x1F3FB <= ord(char) <= 0x1F3FF


def _drawing(chars: list[str], font: str) -> str:
    texts = "".join(
        f'<text x="4" y="{12 + i % 40}" font-size="11">{escape(context.format(c))}</text>'
        for i, c in enumerate(chars)
        for context in _CONTEXTS
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60" width="60" height="60" '
        f'font-family="{escape(font, {chr(34): "&quot;"})}">{texts}</svg>'
    )


def _refused(chars: list[str], folder: Path, fonts: Path, font: str, compiler: Any) -> str | None:
    """The error compiling ``chars`` into one drawing, or None if it compiles."""
    (folder / "probe.svg").write_text(_drawing(chars, font), encoding="utf-8")
    return typeset(compiler, _job(folder, fonts)).error


def _job(folder: Path, fonts: Path) -> Job:
    return Job("probe", folder / "probe.typ", folder / "probe.pdf", folder, (fonts,), 0)


def _probe(chars: list[str], fonts: Path, font: str) -> set[str]:
    """The characters of ``chars`` that fail a PDF/UA-1 compile when drawn alone."""
    gaps: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="briefing-glyphs-") as tmp:
        folder = Path(tmp)
        (folder / "probe.typ").write_text(
            '#set document(title: "probe")\n#set text(lang: "en")\n'
            '#figure(image("probe.svg", format: "svg", alt: "probe"))\n',
            encoding="utf-8",
        )
        compiler = compiler_for(_job(folder, fonts))  # fonts loaded once for every drawing
        todo = [chars[i : i + _BATCH] for i in range(0, len(chars), _BATCH)]
        while todo:
            batch = todo.pop()
            error = _refused(batch, folder, fonts, font, compiler)
            if error is None:
                continue
            if len(batch) == 1:
                gaps.add(batch[0])
                continue
            named = _REFUSED.search(error)
            shown = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), named.group(1)) if named else ""
            if shown in batch:  # the renderer named it: keep looking without it
                gaps.add(shown)
                todo.append([c for c in batch if c != shown])
            else:  # it did not say which: halve
                todo += [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
    return gaps


@cache
def figure_gaps(chain: FontChain, fonts: Path, font: str) -> frozenset[int]:
    """The code points the chain covers that the SVG renderer cannot draw alone in ``font``
    (a ``font-family`` list) with the fonts in the folder ``fonts``."""
    key = digest(_PROBE_VERSION, engine_version(), chain.digest, font)
    if key in _SHIPPED:
        return _SHIPPED[key]
    store = user_cache_folder() / f"figure-gaps-{key[:32]}.json"
    with contextlib.suppress(OSError, ValueError):
        return frozenset(json.loads(store.read_text(encoding="utf-8")))
    probed = sorted(
        {chr(c) for c in chain.coverage if alone(chr(c)) and not default_ignorable(chr(c))} | {REPLACEMENT}
    )
    gaps = frozenset(ord(c) for c in _probe(probed, fonts, font))
    with contextlib.suppress(OSError):
        store.parent.mkdir(parents=True, exist_ok=True)
        partial = store.with_name(f"{store.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(sorted(gaps)), encoding="utf-8")
        partial.replace(store)
    return gaps
