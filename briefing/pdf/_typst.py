"""Typst as a library: text made safe for markup, the pinned fonts, one compile.

Every string that reaches a Typst source goes through :func:`Markup.text`
(markup) or :func:`string` (a code-mode string literal); labels through
:func:`label`. The font chain is a fixed list of files, never the machine's
fonts, and characters none of them can draw are replaced before compiling:
under PDF/UA-1 a missing glyph would be a compile error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..files import digest as sha256_of
from ..files import is_regular, read_regular, write_replacing

FONT_FILES = (
    # Debian paths of the fonts in the `pdf` group of .ci/system-packages. Libertinus
    # Serif (the text face) and DejaVu Sans Mono are compiled into the typst wheel.
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",
)
FONT_FAMILIES = ("Libertinus Serif", "DejaVu Sans", "WenQuanYi Micro Hei", "Noto Color Emoji")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"

_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_SPACE = re.compile(r"\s+")
# Markup escapes: a backslash before any ASCII punctuation makes it a literal
# character (`#`, `$`, `@`, `<`, `>`, `*`, `_`, `` ` ``, `\`, `[`, `]`, `/`, `~`,
# `=`, `-`, `+`, quotes, shorthands such as `--` and `...`, and `//` comments).
_PUNCTUATION = re.compile(r"""([!-/:-@\[-`{-~])""")
# The same without the straight quotes, which Typst then sets as curly ones.
_PUNCTUATION_BUT_QUOTES = re.compile(r"""([!#-&(-/:-@\[-`{-~])""")


def label(anchor: str) -> str:
    """A Typst label (``<…>`` syntax) for a document anchor: the anchor itself when
    Typst allows it, else an unambiguous hex spelling."""
    if _LABEL.fullmatch(anchor) and not anchor.startswith("x-"):
        return anchor
    return "x-" + anchor.encode("utf-8").hex()


def string(text: str) -> str:
    """A Typst string literal holding ``text`` exactly (control characters dropped).

    ``<`` and ``>`` are written as escapes, so generated Typst never holds label
    syntax that is not a label, in strings as in markup.
    """
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "<>":
            out.append(f"\\u{{{ord(char):x}}}")
        elif unicodedata.category(char) == "Cc" or unicodedata.category(char) == "Cs":
            out.append(" " if char in "\t\n\r" else "")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@dataclass(frozen=True)
class FontChain:
    """The font files passed to Typst, their digest and the characters they can draw."""

    files: tuple[Path, ...]
    missing: tuple[str, ...]
    coverage: frozenset[int]
    digest: str


def _signature(path: Path) -> str:
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def _measure(path: Path) -> dict[str, Any]:
    """A font file's content digest and the code points its cmaps map."""
    from fontTools.ttLib import TTCollection, TTFont

    with path.open("rb") as handle:
        sha = hashlib.file_digest(handle, "sha256").hexdigest()
    fonts = TTCollection(path, lazy=True).fonts if path.suffix == ".ttc" else [TTFont(path, lazy=True)]
    covered: set[int] = set()
    for font in fonts:
        covered.update(font.getBestCmap() or {})
    return {"sha256": sha, "coverage": sorted(covered)}


@cache
def font_chain(cache_dir: Path | None = None, files: tuple[str, ...] = FONT_FILES) -> FontChain:
    """The chain's fonts, read once per font file version (cached in ``cache_dir``)."""
    present = tuple(Path(f) for f in files if Path(f).is_file())
    store = cache_dir / "font-coverage.json" if cache_dir else None
    known: dict[str, Any] = {}
    if store is not None and is_regular(store):
        with contextlib.suppress(ValueError, OSError):
            known = json.loads(read_regular(store))
    measured = {sig: known.get(sig) or _measure(path) for path in present for sig in [_signature(path)]}
    if store is not None and measured != known:
        store.parent.mkdir(parents=True, exist_ok=True)
        write_replacing(store, json.dumps(measured).encode())
    covered: set[int] = set(range(0x20, 0x7F))  # Libertinus Serif (in the wheel) covers ASCII
    for info in measured.values():
        covered.update(info["coverage"])
    fonts = sha256_of("\0".join(f"{p.name}:{measured[_signature(p)]['sha256']}" for p in present).encode())
    return FontChain(
        present,
        tuple(f for f in files if not Path(f).is_file()),
        frozenset(covered),
        fonts,
    )


@dataclass
class Markup:
    """Escapes text for Typst markup, noting characters no font can draw."""

    coverage: frozenset[int]
    replaced: set[str] = field(default_factory=set)
    unfigured: set[str] = field(default_factory=set)
    """Characters the text prints but the figures' SVG renderer cannot draw."""

    def clean(self, text: str) -> str:
        """``text`` with control characters dropped and undrawable ones replaced."""
        if text.isascii() and text.isprintable():
            return text  # printable ASCII: the text face draws it all (see font_chain)
        out = []
        for char in text:
            category = unicodedata.category(char)
            if category in ("Cc", "Cs"):
                out.append(" " if char in "\t\n\r\f\v" else "")
            elif ord(char) in self.coverage or char.isspace():
                out.append(char)
            elif category in ("Cf", "Mn", "Me"):
                self.replaced.add(char)  # invisible or combining: dropped, not boxed
            else:
                self.replaced.add(char)
                out.append(REPLACEMENT)
        return "".join(out)

    def text(self, text: str, *, typeset_quotes: bool = False) -> str:
        """``text`` as Typst markup that prints exactly these characters; with
        ``typeset_quotes``, straight quotes print as the language's curly ones."""
        cleaned = _SPACE.sub(" ", self.clean(text))
        return (_PUNCTUATION_BUT_QUOTES if typeset_quotes else _PUNCTUATION).sub(r"\\\1", cleaned)

    def string(self, text: str) -> str:
        return string(self.clean(text))

    def report(self) -> str | None:
        parts = []
        if self.replaced:
            parts.append(
                f"no font draws {_listed(self.replaced)}; printed as {REPLACEMENT} (or dropped if invisible)"
            )
        if self.unfigured - self.replaced:
            parts.append(
                f"the figures cannot draw {_listed(self.unfigured - self.replaced)}; "
                f"printed there as {REPLACEMENT}"
            )
        return "; ".join(parts) or None


def _listed(chars: set[str]) -> str:
    shown = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars)[:12])
    return shown + (f" and {len(chars) - 12} more" if len(chars) > 12 else "")


def digest(*parts: str | bytes) -> str:
    """Of several parts, each prefixed by its length, so no two lists of parts share one."""
    datas = [part.encode("utf-8") if isinstance(part, str) else part for part in parts]
    return sha256_of(b"".join(len(data).to_bytes(8, "big") + data for data in datas))


@dataclass(frozen=True)
class Job:
    """One brief to compile: all a worker process needs."""

    briefing: str
    source: Path
    target: Path
    root: Path
    fonts: tuple[Path, ...]
    timestamp: int


@dataclass(frozen=True)
class Outcome:
    briefing: str
    warnings: tuple[str, ...]
    error: str | None = None


def _diagnostic(item: object) -> str:
    message = getattr(item, "message", None) or str(item)
    hints = getattr(item, "hints", None) or []
    return "; ".join([message.strip(), *(f"hint: {h}" for h in hints)])


def compiler_for(job: Job) -> Any:
    """A Typst compiler for ``job``'s root and fonts; it keeps the fonts loaded between
    compiles, so one used for many small documents pays for them once."""
    import typst

    return typst.Compiler(
        root=str(job.root), font_paths=[str(f) for f in job.fonts], ignore_system_fonts=True
    )


def typeset(compiler: Any, job: Job) -> Outcome:
    """Compile ``job.source`` to ``job.target`` as tagged PDF/UA-1 with ``compiler``."""
    import typst

    try:
        _, warnings = compiler.compile_with_warnings(
            input=str(job.source),
            output=str(job.target),
            format="pdf",
            pdf_standards=["ua-1"],
            timestamp=job.timestamp,
        )
    except typst.TypstError as exc:
        return Outcome(job.briefing, (), _diagnostic(exc))
    return Outcome(job.briefing, tuple(_diagnostic(w) for w in warnings))


def compile_brief(job: Job) -> Outcome:
    """Compile a brief, packed for publishing (runs in worker processes too)."""
    outcome = typeset(compiler_for(job), job)
    if outcome.error is None:
        compact(job.target)
    return outcome


def compact(pdf: Path) -> None:
    """Pack the PDF's many small objects (most of them the tag tree's) into compressed
    object streams: a third of the size, every object kept as it was.

    It drops a /Suspects false from /MarkInfo, the default, which poppler's tools
    report as a syntax error. qpdf rewrites nothing else; with a content-derived /ID the bytes stay the same
    for the same input. The result replaces the file only once it is complete.
    """
    import pikepdf

    packed = pdf.with_name(pdf.name + ".packed")
    with pikepdf.open(pdf) as document:
        marks = document.Root.get("/MarkInfo")
        if marks is not None and marks.get("/Suspects") is False:
            # false is the default; poppler (pdfinfo) reports the written false as a syntax error
            del marks["/Suspects"]
        document.save(
            packed,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
            fix_metadata_version=False,
        )
    packed.replace(pdf)


def engine_version() -> str:
    from importlib.metadata import version

    return version("typst")
