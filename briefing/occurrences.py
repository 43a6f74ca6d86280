"""Where a quote occurs in an article, indexed by the text around each occurrence.

Resolving and choosing selectors ask one question many times: which
occurrences of this quote have exactly this text before and/or after them?
Rescanning the article for each question is quadratic on repetitive articles
(a sentence repeated a thousand times has a thousand occurrences of each
quote, each needing its own selector). Here the context before each
occurrence (read backwards) and after it are sorted once, so the occurrences
sharing a prefix or a suffix are one contiguous range of each order, found by
binary search, and those sharing both are counted in a merge-sort tree.
Contexts are cut at ``CONTEXT`` characters, the longest prefix or suffix a
selector may hold.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from .article import Article, Block

CONTEXT = 200
"""The longest prefix or suffix a selector holds (the model's limit)."""


def _common(a: str, b: str) -> int:
    """Length of the common beginning of ``a`` and ``b``, by halving: slices compare in C."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass
class _Order:
    """Occurrences sorted by one context, with the common length of neighbours."""

    keys: list[str]
    sorted_ids: list[int] = field(init=False)
    ordered: list[str] = field(init=False)
    rank: list[int] = field(init=False)
    common: list[int] = field(init=False)
    """``common[t]``: characters shared by the contexts at sorted places ``t - 1`` and ``t`` (``-1`` at 0)."""

    def __post_init__(self) -> None:
        self.sorted_ids = sorted(range(len(self.keys)), key=self.keys.__getitem__)
        self.rank = [0] * len(self.keys)
        for place, i in enumerate(self.sorted_ids):
            self.rank[i] = place
        self.ordered = [self.keys[i] for i in self.sorted_ids]
        self.common = [-1] + [_common(a, b) for a, b in zip(self.ordered, self.ordered[1:], strict=False)]

    def nearest(self, i: int) -> int:
        """The most characters occurrence ``i``'s context shares with another's."""
        r = self.rank[i]
        after = self.common[r + 1] if r + 1 < len(self.common) else -1
        return max(self.common[r], after, 0) if len(self.keys) > 1 else 0

    @cached_property
    def _mins(self) -> list[list[int]]:
        """Sparse table: ``_mins[level][t]`` is the least of ``common[t : t + 2**level]``."""
        table = [self.common]
        width = 1
        while 2 * width <= len(self.common):
            row = table[-1]
            table.append([min(row[t], row[t + width]) for t in range(len(row) - width)])
            width *= 2
        return table

    def around(self, i: int, depth: int) -> tuple[int, int]:
        """Sorted places ``[lo, hi]`` of the occurrences sharing ``depth`` context characters with ``i``."""
        lo = hi = self.rank[i]
        if depth <= 0:
            return 0, len(self.keys) - 1
        mins, last = self._mins, len(self.common) - 1
        for level in range(len(mins) - 1, -1, -1):
            width = 1 << level
            if lo - width + 1 >= 1 and mins[level][lo - width + 1] >= depth:
                lo -= width
            if hi + width <= last and mins[level][hi + 1] >= depth:
                hi += width
        return lo, hi


class Occurrences:
    """Every occurrence of one quote lying wholly inside a visible block, in reading order."""

    def __init__(self, article: Article, quote: str):
        self.article, self.quote = article, quote
        found: list[tuple[Block, int]] = []
        text, size = article.text, len(quote)
        at = text.find(quote)
        while at != -1:
            block = article.block_at(at)
            if block is not None and at + size <= block.end:
                found.append((block, at))
            at = text.find(quote, at + 1)
        self.found = found
        self.index = {at: i for i, (_, at) in enumerate(found)}

    @cached_property
    def before(self) -> _Order:
        text = self.article.text
        return _Order([text[max(0, at - CONTEXT) : at][::-1] for _, at in self.found])

    @cached_property
    def after(self) -> _Order:
        text, size = self.article.text, len(self.quote)
        return _Order([text[at + size : at + size + CONTEXT] for _, at in self.found])

    @cached_property
    def _tree(self) -> list[list[int]]:
        """Merge-sort tree over the places in ``before`` order, holding places in ``after`` order."""
        n = len(self.found)
        size = 1
        while size < n:
            size *= 2
        tree: list[list[int]] = [[] for _ in range(2 * size)]
        for place, i in enumerate(self.before.sorted_ids):
            tree[size + place] = [self.after.rank[i]]
        for node in range(size - 1, 0, -1):
            tree[node] = sorted(tree[2 * node] + tree[2 * node + 1])
        return tree

    def _count(self, rows: tuple[int, int], cols: tuple[int, int]) -> int:
        tree = self._tree
        size = len(tree) // 2
        lo, hi = rows[0] + size, rows[1] + size + 1
        total = 0
        while lo < hi:
            if lo & 1:
                total += bisect.bisect_right(tree[lo], cols[1]) - bisect.bisect_left(tree[lo], cols[0])
                lo += 1
            if hi & 1:
                hi -= 1
                total += bisect.bisect_right(tree[hi], cols[1]) - bisect.bisect_left(tree[hi], cols[0])
            lo //= 2
            hi //= 2
        return total

    def shares(self, i: int, j: int, before: int, after: int) -> bool:
        """Whether occurrence ``j`` has ``i``'s ``before`` characters before it and ``after`` after it."""
        text, size = self.article.text, len(self.quote)
        a, b = self.found[i][1], self.found[j][1]
        if b < before:
            return False
        return text[a - before : a + size + after] == text[b - before : b + size + after]

    def unique(self, i: int, before: int, after: int) -> bool:
        """Whether no other occurrence has the same ``before`` and ``after`` characters as ``i``."""
        if before <= 0 and after <= 0:
            return len(self.found) == 1
        if after <= 0:
            return self.before.nearest(i) < before
        if before <= 0:
            return self.after.nearest(i) < after
        # Repetitive text: a neighbour in reading order or in either order usually proves
        # ambiguity at once, without the tree.
        places = (self.before.rank[i], self.after.rank[i])
        near = {i - 1, i + 1}
        for order, place in zip((self.before, self.after), places, strict=True):
            near.update(order.sorted_ids[p] for p in (place - 1, place + 1) if 0 <= p < len(order.sorted_ids))
        if any(0 <= j < len(self.found) and j != i and self.shares(i, j, before, after) for j in near):
            return False
        return self._count(self.before.around(i, before), self.after.around(i, after)) == 1

    def matching(self, prefix: str | None, suffix: str | None) -> list[int]:
        """Occurrences (in reading order) with ``prefix`` right before and ``suffix`` right after."""
        chosen: set[int] | None = None
        for order, context in ((self.before, prefix and prefix[::-1]), (self.after, suffix)):
            if context is None:
                continue
            if len(context) > CONTEXT:
                return []
            ordered = order.ordered
            lo = bisect.bisect_left(ordered, context)
            width = len(context)
            hi = bisect.bisect_right(ordered, context, lo, key=lambda key: key[:width])
            ids = set(order.sorted_ids[lo:hi])
            chosen = ids if chosen is None else chosen & ids
        if chosen is None:
            return list(range(len(self.found)))
        return sorted(chosen)


class OccurrenceIndex:
    """The occurrences of every quote asked about in one article, each computed once."""

    def __init__(self, article: Article):
        self.article = article
        self._quotes: dict[str, Occurrences] = {}

    def __call__(self, quote: str) -> Occurrences:
        found = self._quotes.get(quote)
        if found is None:
            found = self._quotes[quote] = Occurrences(self.article, quote)
        return found
