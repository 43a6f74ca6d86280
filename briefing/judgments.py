"""Key judgments over time: their state, the desk's Brier score, calibration and watch list.

How a judgment is scored lives in :mod:`briefing.scoring`, shared with the Sphinx
extension; here the corpus is read into judgments and scored with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import core, scoring
from .corpus import Corpus, ResolvedNote
from .model import LIKELIHOOD_TERMS, Indicator, Note, Observation, Source
from .scoring import ICD_203_RANGES as ICD_203_RANGES  # scoring lives in briefing.scoring
from .scoring import OPEN as OPEN
from .scoring import PROBABILITY as PROBABILITY
from .scoring import Bin as Bin

assert tuple(ICD_203_RANGES) == LIKELIHOOD_TERMS


def state(note: Note) -> str:
    """``open`` until an outcome is known, then its verdict."""
    return OPEN if note.outcome is None else note.outcome.verdict


@dataclass(frozen=True)
class Judgment:
    """A key judgment of one briefing, as the track record lists it."""

    briefing: str
    id: str
    number: int
    note: Note

    @property
    def probability(self) -> float | None:
        return scoring.probability(self.note.likelihood)

    @property
    def score(self) -> float | None:
        """1, 0.5 or 0 once judged; ``None`` while open or when it cannot be judged."""
        return scoring.score(self.state)

    @property
    def state(self) -> str:
        return state(self.note)


@dataclass(frozen=True)
class Watch:
    """An open judgment, with the last thing seen of each indicator."""

    judgment: Judgment
    indicators: tuple[tuple[Indicator, Observation | None], ...]


@dataclass(frozen=True)
class TrackRecord:
    judgments: tuple[Judgment, ...]
    """Every key judgment with a likelihood, by horizon then briefing."""
    scored: tuple[Judgment, ...]
    brier: float | None
    """``None`` until one judgment is scored."""
    bins: tuple[Bin, ...]
    """Only the terms with a scored judgment, least to most likely."""
    watch: tuple[Watch, ...]
    """The open judgments, nearest horizon first."""


def key_judgments(corpus: Corpus) -> Iterator[Judgment]:
    for briefing_id, briefing in sorted(corpus.briefings.items()):
        for note in briefing.key_judgments:
            if note.note.likelihood is not None:
                yield _judgment(briefing_id, note)


def _judgment(briefing_id: str, note: ResolvedNote) -> Judgment:
    return Judgment(briefing_id, note.id, note.number, note.note)


def brier(judgments: Iterable[Judgment]) -> float | None:
    return scoring.brier((j.probability, j.score) for j in judgments)


def calibration(judgments: Iterable[Judgment]) -> tuple[Bin, ...]:
    return scoring.calibration((j.note.likelihood, j.score) for j in judgments)


def last_observation(indicator: Indicator) -> Observation | None:
    return max(indicator.observations, key=lambda o: o.date, default=None)


def track_record(corpus: Corpus) -> TrackRecord:
    far = dt.date.max
    found = sorted(key_judgments(corpus), key=lambda j: (j.note.horizon or far, j.briefing, j.number))
    scored = tuple(j for j in found if j.score is not None)
    watch = tuple(
        Watch(j, tuple((i, last_observation(i)) for i in j.note.indicators)) for j in found if j.state == OPEN
    )
    return TrackRecord(tuple(found), scored, brier(scored), calibration(scored), watch)


def source_data(s: Source) -> core.SourceData:
    return core.SourceData(
        title=s.title,
        publisher=s.publisher,
        date=s.date.isoformat() if s.date else None,
        url=str(s.url) if s.url else None,
        offline=s.offline,
        grade=s.grade,
        grade_meaning=s.grade_meaning,
    )


def judgment_fields(note: Note) -> dict[str, Any]:
    """The fields of :class:`core.NoteData` that show a judgment's state and history."""
    indicators = tuple(
        core.IndicatorData(
            signpost=i.signpost,
            direction=i.direction,
            by=i.by.isoformat() if i.by else None,
            observations=tuple(
                core.ObservationData(
                    date=o.date.isoformat(),
                    seen=o.seen,
                    what=o.what,
                    source=source_data(o.source) if o.source else None,
                )
                for o in sorted(i.observations, key=lambda o: o.date)
            ),
        )
        for i in note.indicators
    )
    if note.kind not in ("assessment", "key-judgment"):
        return {"indicators": indicators}
    outcome = note.outcome
    return {
        "indicators": indicators,
        "as_of": note.judged_as_of.isoformat(),
        "horizon": note.horizon.isoformat() if note.horizon else None,
        "state": state(note),
        "outcome": None
        if outcome is None
        else core.OutcomeData(
            verdict=outcome.verdict,
            known=outcome.known.isoformat(),
            basis=outcome.basis,
            sources=tuple(source_data(s) for s in outcome.sources),
        ),
        "revisions": tuple(
            core.RevisionData(
                date=r.date.isoformat(),
                why=r.why,
                likelihood=r.likelihood,
                confidence=r.confidence,
                claim=r.claim,
            )
            for r in note.revisions
        ),
    }
