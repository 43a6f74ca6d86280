"""Resolve TextQuoteSelectors to exactly one span of the article.

A quote must lie inside one visible block. When it repeats, ``prefix`` /
``suffix`` (the text right before / after it) or ``occurrence`` picks one.
Failures say why and show the closest text, found by approximate matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .article import Article, Block
from .fuzzy import search
from .model import Selector


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    block: int
    """Number of the visible block holding the span."""

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class AnchorFailure:
    reason: str
    hint: str
    ambiguous: bool = False


def _matches(article: Article, quote: str) -> list[tuple[Block, int]]:
    """Every occurrence of ``quote`` lying wholly inside one visible block, in reading order."""
    found = []
    text, size = article.text, len(quote)
    at = text.find(quote)
    while at != -1:
        block = article.block_at(at)
        if block is not None and at + size <= block.end:
            found.append((block, at))
        at = text.find(quote, at + 1)
    return found


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def approximate(pattern: str, text: str) -> tuple[int, int, int]:
    """Best approximate occurrence of ``pattern`` in ``text``.

    Returns ``(edits, start, end)`` minimising the edit distance between
    ``pattern`` and ``text[start:end]``: the earliest such occurrence, at its
    longest. Without one (an empty text) every character of ``pattern`` is an edit.
    """
    found = search(text, pattern, len(pattern), limit=1)
    if not found:
        return len(pattern), 0, 0
    return found[0].errors, found[0].starts[0], found[0].end


def closest(article: Article, quote: str) -> tuple[Block, str] | None:
    """The block and text most like ``quote``, for "did you mean" hints."""
    best: tuple[int, Block, int, int] | None = None
    for block in article.blocks:
        edits, start, end = approximate(quote, block.text)
        if best is None or edits < best[0]:
            best = (edits, block, start, end)
    if best is None or best[0] > max(3, len(quote) // 2):
        return None
    _, block, start, end = best
    text = block.text
    while start > 0 and text[start - 1].isalnum():  # widen to whole words
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return block, text[start:end]


def resolve(article: Article, selector: Selector) -> Span | AnchorFailure:
    quote = selector.quote
    candidates = _matches(article, quote)
    if not candidates:
        near = closest(article, quote)
        if near is None:
            return AnchorFailure(
                f"quote “{_clip(quote)}” is not in the article",
                "copy the quote exactly from the article text",
            )
        block, text = near
        return AnchorFailure(
            f"quote “{_clip(quote)}” is not in the article",
            f"closest text in paragraph {block.number}: “{_clip(text)}”",
        )
    text = article.text
    if selector.prefix is not None:
        candidates = [(b, at) for b, at in candidates if text[:at].endswith(selector.prefix)]
    if selector.suffix is not None:
        candidates = [(b, at) for b, at in candidates if text.startswith(selector.suffix, at + len(quote))]
    if not candidates:
        return AnchorFailure(
            f"quote “{_clip(quote)}” is in the article, but not with this prefix/suffix",
            "copy `prefix`/`suffix` exactly from the text right before/after the quote",
        )
    if selector.occurrence is not None:
        if selector.occurrence > len(candidates):
            return AnchorFailure(
                f"occurrence {selector.occurrence} asked for, but the quote matches "
                f"{len(candidates)} time(s)",
                f"use an occurrence from 1 to {len(candidates)}",
            )
        candidates = [candidates[selector.occurrence - 1]]
    if len(candidates) > 1:
        where = ", ".join(str(b.number) for b, _ in candidates)
        return AnchorFailure(
            f"quote “{_clip(quote)}” matches {len(candidates)} places (paragraphs {where})",
            "add a `prefix` or `suffix` with the words around the intended place, or `occurrence: N`",
            ambiguous=True,
        )
    block, at = candidates[0]
    return Span(at, at + len(quote), block.number)


def find_all(article: Article, quote: str) -> list[Span]:
    """Every place ``quote`` occurs inside one visible block, in reading order."""
    return [Span(at, at + len(quote), block.number) for block, at in _matches(article, quote)]


def _words_before(text: str) -> list[str]:
    """Growing tails of ``text`` made of whole words: ``["its ", "said its ", ...]``."""
    tokens = re.findall(r"\S+\s*", text)
    return ["".join(tokens[-k:]) for k in range(1, len(tokens) + 1)]


def _words_after(text: str) -> list[str]:
    tokens = re.findall(r"\s*\S+", text)
    return ["".join(tokens[:k]) for k in range(1, len(tokens) + 1)]


def unique_selector(article: Article, span: Span, keep: Selector | None = None) -> Selector:
    """The simplest selector that resolves to exactly ``span``.

    ``keep`` is returned unchanged when it already does. Otherwise the quote is
    told apart by the fewest whole words before and/or after it inside its
    block (after it first when ``keep`` used a suffix), and by ``occurrence``
    only when no context is unique.
    """
    if keep is not None and resolve(article, keep) == span:
        return keep
    quote = article.text[span.start : span.end]
    block = article.blocks[span.block - 1]
    befores = [p for p in _words_before(block.text[: span.start - block.start]) if len(p) <= 200]
    afters = [s for s in _words_after(block.text[span.end - block.start :]) if len(s) <= 200]
    suffix_first = keep is not None and keep.suffix is not None and keep.prefix is None
    tries = [Selector(quote=quote)]
    for k in range(max(len(befores), len(afters))):
        prefix = befores[k] if k < len(befores) else None
        suffix = afters[k] if k < len(afters) else None
        one_side = [Selector(quote=quote, prefix=prefix), Selector(quote=quote, suffix=suffix)]
        tries += [s for s in (one_side[::-1] if suffix_first else one_side) if s.prefix or s.suffix]
        if prefix and suffix:
            tries.append(Selector(quote=quote, prefix=prefix, suffix=suffix))
    for selector in tries:
        if resolve(article, selector) == span:
            return selector
    return Selector(quote=quote, occurrence=find_all(article, quote).index(span) + 1)


def context(article: Article, span: Span, width: int = 60) -> tuple[str, str, str]:
    """(before, quote, after) within the span's block, trimmed to whole words."""
    block = article.blocks[span.block - 1]
    lo, hi = span.start - block.start, span.end - block.start
    before, after = block.text[:lo], block.text[hi:]
    if len(before) > width:
        cut = before.find(" ", len(before) - width)
        before = "…" + before[cut + 1 if cut != -1 else len(before) - width :]
    if len(after) > width:
        cut = after.rfind(" ", 0, width)
        after = after[: cut if cut > 0 else width] + "…"
    return before, block.text[lo:hi], after
