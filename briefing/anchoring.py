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
from .occurrences import CONTEXT, OccurrenceIndex, Occurrences


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


def _matches(article: Article, quote: str, index: OccurrenceIndex | None = None) -> Occurrences:
    return (index or OccurrenceIndex(article))(quote)


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


def resolve(
    article: Article, selector: Selector, index: OccurrenceIndex | None = None
) -> Span | AnchorFailure:
    """The one span ``selector`` picks; ``index`` shares occurrence searches between calls."""
    quote = selector.quote
    occurrences = _matches(article, quote, index)
    if not occurrences.found:
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
    chosen = occurrences.matching(selector.prefix, selector.suffix)
    if not chosen:
        return AnchorFailure(
            f"quote “{_clip(quote)}” is in the article, but not with this prefix/suffix",
            "copy `prefix`/`suffix` exactly from the text right before/after the quote",
        )
    if selector.occurrence is not None:
        if selector.occurrence > len(chosen):
            return AnchorFailure(
                f"occurrence {selector.occurrence} asked for, but the quote matches {len(chosen)} time(s)",
                f"use an occurrence from 1 to {len(chosen)}",
            )
        chosen = [chosen[selector.occurrence - 1]]
    if len(chosen) > 1:
        where = ", ".join(str(occurrences.found[i][0].number) for i in chosen)
        return AnchorFailure(
            f"quote “{_clip(quote)}” matches {len(chosen)} places (paragraphs {where})",
            "add a `prefix` or `suffix` with the words around the intended place, or `occurrence: N`",
            ambiguous=True,
        )
    block, at = occurrences.found[chosen[0]]
    return Span(at, at + len(quote), block.number)


def find_all(article: Article, quote: str, index: OccurrenceIndex | None = None) -> list[Span]:
    """Every place ``quote`` occurs inside one visible block, in reading order."""
    return [Span(at, at + len(quote), block.number) for block, at in _matches(article, quote, index).found]


_WORD_START = re.compile(r"(?<!\S)\S")
_WORD_END = re.compile(r"\S(?!\S)")


def _words_before(text: str, end: int, limit: int = CONTEXT) -> list[str]:
    """Growing tails of ``text[:end]`` made of whole words, up to ``limit`` long:
    ``["its ", "said its ", ...]``. Only the last ``limit`` characters are read."""
    starts = [m.start() for m in _WORD_START.finditer(text, max(0, end - limit), end)]
    return [text[at:end] for at in reversed(starts)]


def _words_after(text: str, start: int, limit: int = CONTEXT) -> list[str]:
    """Growing heads of ``text[start:]`` made of whole words, up to ``limit`` long."""
    heads = []
    # one character past the limit, so that the lookahead sees whether a word goes on
    for m in _WORD_END.finditer(text, start, min(len(text), start + limit + 1)):
        if m.end() - start > limit:
            break
        heads.append(text[start : m.end()])
    return heads


def unique_selector(
    article: Article, span: Span, keep: Selector | None = None, index: OccurrenceIndex | None = None
) -> Selector:
    """The simplest selector that resolves to exactly ``span``.

    ``keep`` is returned unchanged when it already does. Otherwise the quote is
    told apart by the fewest whole words before and/or after it inside its
    block (after it first when ``keep`` used a suffix), and by ``occurrence``
    only when no context is unique. The tries are those of a plain search
    (the quote; then for k = 1, 2, …: k words on one side, on the other, on
    both), answered from the occurrence index instead of rescanning the text.
    """
    index = index or OccurrenceIndex(article)
    if keep is not None and resolve(article, keep, index) == span:
        return keep
    quote = article.text[span.start : span.end]
    occurrences = index(quote)
    i = occurrences.index[span.start]
    block = article.blocks[span.block - 1]
    befores = _words_before(block.text, span.start - block.start)
    afters = _words_after(block.text, span.end - block.start)
    if occurrences.unique(i, 0, 0):
        return Selector(quote=quote)
    suffix_first = keep is not None and keep.suffix is not None and keep.prefix is None
    # The first k at which each kind of try succeeds; a longer context only narrows the match.
    near_before, near_after = occurrences.before.nearest(i), occurrences.after.nearest(i)
    first_prefix = next((k for k, p in enumerate(befores) if len(p) > near_before), None)
    first_suffix = next((k for k, s in enumerate(afters) if len(s) > near_after), None)
    first_both = _first_both(occurrences, i, befores, afters)
    side = {"prefix": 1, "suffix": 0} if suffix_first else {"prefix": 0, "suffix": 1}
    found = [
        (k, side[kind], kind)
        for k, kind in ((first_prefix, "prefix"), (first_suffix, "suffix"))
        if k is not None
    ]
    if first_both is not None:
        found.append((first_both, 2, "both"))
    if not found:
        return Selector(quote=quote, occurrence=i + 1)
    k, _, kind = min(found)
    return Selector(
        quote=quote,
        prefix=befores[k] if kind in ("prefix", "both") else None,
        suffix=afters[k] if kind in ("suffix", "both") else None,
    )


def _first_both(occurrences: Occurrences, i: int, befores: list[str], afters: list[str]) -> int | None:
    """The least k for which k words before and k after tell occurrence ``i`` apart."""
    last = min(len(befores), len(afters)) - 1
    if last < 0 or not occurrences.unique(i, len(befores[last]), len(afters[last])):
        return None
    lo, hi = 0, last
    while lo < hi:
        mid = (lo + hi) // 2
        if occurrences.unique(i, len(befores[mid]), len(afters[mid])):
            hi = mid
        else:
            lo = mid + 1
    return lo


def context(article: Article, span: Span, width: int = 60) -> tuple[str, str, str]:
    """(before, quote, after) within the span's block, trimmed to whole words."""
    block = article.blocks[span.block - 1]
    lo, hi = span.start - block.start, span.end - block.start
    # Only ``width`` characters each side are read: a long block is not copied for each span.
    before = block.text[max(0, lo - width - 1) : lo]
    if lo > width:
        window = block.text[lo - width : lo]
        cut = window.find(" ")
        before = "…" + window[cut + 1 if cut != -1 else 0 :]
    after = block.text[hi : hi + width + 1]
    if len(block.text) - hi > width:
        cut = after.rfind(" ", 0, width)
        after = after[: cut if cut > 0 else width] + "…"
    return before, block.text[lo:hi], after
