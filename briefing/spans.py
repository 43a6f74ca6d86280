"""Cut a block's text into runs that nest cleanly, whatever the annotations overlap.

Mentions never overlap each other (the check rejects that), so each run lies in
at most one mention; notes may overlap anything, so each run carries the set of
notes covering it. Concatenating the runs' text gives back the block text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    id: str
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    text: str
    mention: str | None
    notes: tuple[str, ...]
    """Notes covering this run, in the order given."""
    closing: tuple[str, ...]
    """Notes whose span ends with this run: their reference mark follows it."""


def runs(text: str, mentions: Iterable[Interval], notes: Iterable[Interval]) -> list[Run]:
    """Runs of ``text``; interval offsets are relative to ``text``."""
    mentions, notes = list(mentions), list(notes)
    cuts = {0, len(text)}
    for iv in (*mentions, *notes):
        if not 0 <= iv.start < iv.end <= len(text):
            raise ValueError(f"interval {iv.id} [{iv.start}, {iv.end}) is outside the text")
        cuts.update((iv.start, iv.end))
    points = sorted(cuts)
    out = []
    for lo, hi in itertools.pairwise(points):
        covering = [m.id for m in mentions if m.start <= lo and hi <= m.end]
        if len(covering) > 1:
            raise ValueError(f"mentions {covering} overlap")
        out.append(
            Run(
                text[lo:hi],
                covering[0] if covering else None,
                tuple(n.id for n in notes if n.start <= lo and hi <= n.end),
                tuple(n.id for n in notes if n.end == hi),
            )
        )
    return out
