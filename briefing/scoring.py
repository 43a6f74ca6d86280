"""How a key judgment is scored: the one home of the ICD 203 probabilities and the Brier score.

A likelihood term stands for the midpoint of its ICD 203 range
(:data:`PROBABILITY`); an outcome that came true scores 1, one that did not 0,
one that partly came true 0.5, and one that cannot be judged is left out. The
Brier score is the mean of ``(p - o)²`` over the scored ones: 0 is perfect,
0.25 is what always saying "roughly even chance" earns. ``briefing.judgments``
scores the corpus with these, the Sphinx extension the pages it reads, so the
site, the PDF and the export cannot disagree. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ICD_203_RANGES: dict[str, tuple[int, int]] = {
    "almost no chance": (1, 5),
    "very unlikely": (5, 20),
    "unlikely": (20, 45),
    "roughly even chance": (45, 55),
    "likely": (55, 80),
    "very likely": (80, 95),
    "almost certain": (95, 99),
}
"""Each likelihood term's range of probability in percent, as ICD 203 gives it."""
PROBABILITY: dict[str, float] = {term: (lo + hi) / 200 for term, (lo, hi) in ICD_203_RANGES.items()}
"""The probability each term stands for when scoring: the midpoint of its range."""
SCORE: dict[str, float] = {"came-true": 1.0, "did-not": 0.0, "partly": 0.5}
"""What each verdict counts as; ``cannot-be-judged`` is not scored."""
OPEN = "open"
STATES: dict[str, str] = {
    OPEN: "Open",
    "came-true": "Came true",
    "did-not": "Did not come true",
    "partly": "Partly came true",
    "cannot-be-judged": "Cannot be judged",
}
"""A judgment's state (``open`` or its outcome's verdict) → its label."""


def probability(likelihood: str | None) -> float | None:
    return PROBABILITY.get(likelihood) if likelihood else None


def score(state: str | None) -> float | None:
    """1, 0.5 or 0 once judged; ``None`` while open or when it cannot be judged."""
    return SCORE.get(state) if state else None


def brier(pairs: Iterable[tuple[float | None, float | None]]) -> float | None:
    """The mean of ``(p - o)²`` over the pairs with both; ``None`` when there are none."""
    scored = [(p, o) for p, o in pairs if p is not None and o is not None]
    if not scored:
        return None
    return sum((p - o) ** 2 for p, o in scored) / len(scored)


@dataclass(frozen=True)
class Bin:
    """The judgments made with one likelihood term, and how often they came true."""

    term: str
    probability: float
    judged: int
    came_true: float
    """The mean of their scores: the observed frequency to set against ``probability``."""


def calibration(terms: Iterable[tuple[str | None, float | None]]) -> tuple[Bin, ...]:
    """A bin per likelihood term with a scored judgment, least to most likely."""
    by_term: dict[str, list[float]] = {}
    for term, o in terms:
        if term in PROBABILITY and o is not None:
            by_term.setdefault(term, []).append(o)
    return tuple(
        Bin(term, PROBABILITY[term], len(by_term[term]), sum(by_term[term]) / len(by_term[term]))
        for term in ICD_203_RANGES
        if term in by_term
    )
