from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.spans import Interval, runs


@st.composite
def annotated(draw: st.DrawFn) -> tuple[str, list[Interval], list[Interval]]:
    text = draw(st.text(min_size=1, max_size=60))
    n = len(text)
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=8)) | {0, n})
    mentions = []
    for i, (lo, hi) in enumerate(itertools.pairwise(cuts)):
        if hi > lo and draw(st.booleans()):
            mentions.append(Interval(f"m{i}", lo, hi))  # disjoint by construction
    notes = []
    for i in range(draw(st.integers(0, 4))):
        lo = draw(st.integers(0, n - 1))
        hi = draw(st.integers(lo + 1, n))
        notes.append(Interval(f"n{i}", lo, hi))
    return text, mentions, notes


@given(annotated())
def test_runs_preserve_text_and_cover_each_span_exactly(case) -> None:
    text, mentions, notes = case
    out = runs(text, mentions, notes)
    assert "".join(r.text for r in out) == text
    assert all(r.text for r in out)
    pos = 0
    for run in out:
        end = pos + len(run.text)
        for m in mentions:
            assert (run.mention == m.id) == (m.start <= pos and end <= m.end)
        for n in notes:
            assert (n.id in run.notes) == (n.start <= pos and end <= n.end)
            assert (n.id in run.closing) == (n.end == end)
        pos = end


def test_overlapping_mentions_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        runs("abcdef", [Interval("a", 0, 4), Interval("b", 2, 6)], [])


def test_interval_outside_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        runs("abc", [], [Interval("n", 1, 9)])
