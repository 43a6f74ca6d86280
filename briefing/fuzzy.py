"""Bounded approximate search: Myers' bit-vector algorithm on Python integers.

One integer holds a whole column of the edit-distance matrix, so searching a
pattern of ``m`` characters in ``n`` characters of text costs ``O(n · m/64)``
machine words, whatever the number of errors allowed. Match starts are
recovered by running the anchored variant backwards from each match end, as
approx-string-match (the library behind Hypothesis' anchoring) does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

MAX_ERRORS = 256
"""Upper bound on the errors searched for, whatever the pattern length (as Hypothesis)."""


@dataclass(frozen=True, order=True)
class Match:
    errors: int
    end: int
    starts: tuple[int, ...]
    """Where the match may start, longest match first."""


def _columns(text: str, pattern: str, anchored: bool) -> Iterator[int]:
    """The edit distance of ``pattern`` against a text ending at each position.

    Search mode lets the match start anywhere in ``text``; anchored mode makes
    it start at position 0 (the distance to the prefix ``text[:j+1]``).
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full, high = (1 << m) - 1, 1 << (m - 1)
    carry = 1 if anchored else 0
    pv, mv, score = full, 0, m
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        yield score


def distance(a: str, b: str) -> int:
    """Levenshtein distance between ``a`` and ``b``."""
    if not b:
        return len(a)
    score = len(b)
    for score in _columns(a, b, anchored=True):  # noqa: B007 - the last column is the distance
        pass
    return score


def leading_similarity(text: str, pattern: str) -> float:
    """How well ``text`` starts with ``pattern``: 1.0 when it does, less per edit needed.

    The match is anchored at the start of ``text`` but may end anywhere, so
    words inserted near the start cost only themselves.
    """
    if not pattern or not text:
        return 0.0
    return max(0.0, 1 - min(_columns(text, pattern, anchored=True)) / len(pattern))


def _starts(text: str, pattern: str, end: int, errors: int) -> tuple[int, ...]:
    """Every start of a match of ``pattern`` ending at ``end`` with ``errors`` edits, longest first.

    approx-string-match keeps only the longest; the caller can choose among
    them by the text around each (an edit at the edge can be read either way).
    """
    lo = max(0, end - len(pattern) - errors)
    window = text[lo:end][::-1]
    lengths = [
        j
        for j, score in enumerate(_columns(window, pattern[::-1], anchored=True), start=1)
        if score <= errors
    ]
    return tuple(end - j for j in reversed(lengths))


def search(text: str, pattern: str, max_errors: int, limit: int = 32) -> list[Match]:
    """Up to ``limit`` best separate matches of ``pattern`` with at most ``max_errors`` edits.

    Each run of neighbouring match ends counts once, at its fewest errors;
    unlike approx-string-match, worse runs are kept too, so that context and
    position can outweigh a slightly better quote match elsewhere.
    """
    if not pattern or not text:
        return []
    max_errors = min(max_errors, MAX_ERRORS, len(pattern))
    runs: list[tuple[int, int]] = []  # (errors, end) of the best end of each run
    last = -2
    for j, score in enumerate(_columns(text, pattern, anchored=False)):
        if score > max_errors:
            continue
        if j == last + 1 and runs and score >= runs[-1][0]:
            last = j
            continue
        if j == last + 1 and runs:
            runs[-1] = (score, j + 1)
        else:
            runs.append((score, j + 1))
        last = j
    runs.sort()
    return sorted(Match(errors, end, _starts(text, pattern, end, errors)) for errors, end in runs[:limit])
