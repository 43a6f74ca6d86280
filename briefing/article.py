"""The article text, split into the blocks a reader sees.

The text is kept exactly as received. Every non-blank line is one block; the
metadata declares which line is the title, which are scrape artefacts (a
repeated title, lone ``.`` lines) and which are photo captions.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from .diagnostics import Code, Diagnostic, Location, Severity
from .files import digest
from .model import ArticleMeta

BlockRole = Literal["paragraph", "caption"]


@dataclass(frozen=True)
class Block:
    number: int
    """Position among the visible blocks, from 1: the paragraph number readers cite."""
    line: int
    role: BlockRole
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    text: str
    title_text: str
    blocks: tuple[Block, ...]

    def block_at(self, offset: int) -> Block | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    @cached_property
    def sha256(self) -> str:
        """Checksum of the text, as recorded in ``briefing.yaml`` and the anchors lock."""
        return digest(self.text.encode("utf-8"))

    @cached_property
    def _starts(self) -> list[int]:
        return [b.start for b in self.blocks]


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every line, without its line break."""
    out, pos = [], 0
    for raw in text.split("\n"):
        body = raw[:-1] if raw.endswith("\r") else raw
        out.append((pos, pos + len(body), body))
        pos += len(raw) + 1
    return out


def segment(
    meta: ArticleMeta, text: str, meta_loc: Location | Callable[[], Location]
) -> tuple[Article, list[Diagnostic]]:
    """Split ``text`` into visible blocks according to ``meta.lines``.

    ``meta_loc`` (or the function giving it, called only for a problem) is where problems point.
    """

    def where() -> Location:
        return meta_loc if isinstance(meta_loc, Location) else meta_loc()

    problems: list[Diagnostic] = []
    lines = _lines(text)
    roles = meta.lines
    declared: dict[int, Literal["title", "artefact", "caption"]] = {roles.title: "title"}
    for n in roles.artefacts:
        declared[n] = "artefact"
    for n in roles.captions:
        declared[n] = "caption"
    for n, declared_role in sorted(declared.items()):
        if n > len(lines) or not lines[n - 1][2].strip():
            problems.append(
                Diagnostic(
                    where(),
                    Code.LINE_ROLE,
                    f"line {n} is declared as {declared_role} but is "
                    + ("past the end of the article" if n > len(lines) else "blank"),
                    f"the article has {len(lines)} lines; list only non-blank ones",
                )
            )
    blocks: list[Block] = []
    for n, (start, end, body) in enumerate(lines, start=1):
        role = declared.get(n)
        if not body.strip() or role in ("title", "artefact"):
            continue
        if role is None and not any(ch.isalnum() for ch in body):
            problems.append(
                Diagnostic(
                    where(),
                    Code.LINE_ROLE,
                    f"line {n} (`{body.strip()}`) looks like a scrape artefact",
                    f"add {n} to `lines.artefacts` if it is not part of the article",
                    Severity.WARNING,
                )
            )
        kind: BlockRole = "caption" if role == "caption" else "paragraph"
        blocks.append(Block(len(blocks) + 1, n, kind, start, end, body))
    title = lines[roles.title - 1][2] if roles.title <= len(lines) else meta.title
    return Article(meta, text, title, tuple(blocks)), problems
