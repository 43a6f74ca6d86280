"""Checks of judgments over time and of source grades across the corpus.

Two halves, because a briefing's own checks are remembered by its files alone:
:func:`dated_problems` reads one briefing (its notes against its article), and
:func:`facts` gathers what the whole-corpus rules need of it as plain data that
:func:`corpus_problems` then reads with the source registry and the glossary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markup
from .diagnostics import Code, Diagnostic, Location, Severity
from .loading import BriefingSource, Loaded, PathKey
from .model import Document, Entry, Event, Note, RegisteredSource, Source, Statistic

JUDGED = ("assessment", "key-judgment")
_VIA = re.compile(r"\s*\((?:via|reporting)\b[^)]*\)\s*$", re.I)
_ARTICLE = re.compile(r"^the\s+", re.I)


def source_key(publisher: str) -> str:
    """A publisher as grades are compared: without "(via …)" or a leading "The", in lower case."""
    return " ".join(_ARTICLE.sub("", _VIA.sub("", publisher)).lower().split())


def _day(value: dt.date) -> str:
    return value.isoformat()


def dated_problems(source: BriefingSource) -> Iterator[Diagnostic]:
    """Each note's dates against its article's and its sources', and each judgment's dates
    against each other."""
    published = source.meta.record.published
    for loaded in source.notes.values():
        note = loaded.record
        if note.date < published:
            yield Diagnostic(
                loaded.at("date"),
                Code.NOTE_BEFORE_ARTICLE,
                f"the note is dated {_day(note.date)}, before its article was published ({_day(published)})",
                "date the note when it was written; put the date of the evidence in `as_of`",
            )
        yield from _sources_after(loaded)
        if note.kind in JUDGED:
            yield from _judgment_dates(loaded)
        if note.outcome is not None:
            yield from _outcome_markup(loaded, note.outcome.basis)


def _outcome_markup(loaded: Loaded[Note], text: str) -> Iterator[Diagnostic]:
    """An outcome's basis is restricted Markdown, as the body is."""
    for problem in markup.problems(text):
        base = loaded.at("outcome", "basis")
        line = base.line + (problem.line if "\n" in text else 0)
        yield Diagnostic(
            Location(base.path, line, base.col if line == base.line else 1),
            Code.LINK_SCHEME if problem.link else Code.MARKUP_FORBIDDEN,
            problem.message,
            problem.hint,
        )


def _sources_after(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    note = loaded.record
    as_of = note.judged_as_of
    for i, cited in enumerate(note.sources):
        if cited.date is None:
            continue
        if cited.date > note.date:
            yield Diagnostic(
                loaded.at("sources", i, "date"),
                Code.SOURCE_AFTER_NOTE,
                f"the source is dated {_day(cited.date)}, after the note ({_day(note.date)})",
                "a note can only cite what was published when it was written; "
                "cite later evidence in an `outcome` or a later note",
            )
        elif cited.date > as_of:
            yield Diagnostic(
                loaded.at("sources", i, "date"),
                Code.SOURCE_AFTER_NOTE,
                f"the source is dated {_day(cited.date)}, after the judgment's `as_of` ({_day(as_of)})",
                "a judgment as of a date rests on what was known then: "
                "move hindsight into the `outcome`, or move `as_of` later",
            )


def _judgment_dates(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    note = loaded.record
    as_of, horizon = note.judged_as_of, note.horizon
    if horizon is None and note.kind == "key-judgment":
        yield Diagnostic(
            loaded.at("kind"),
            Code.JUDGMENT_HORIZON,
            "the key judgment has no `horizon`: it can never be scored, nor listed by when to watch it",
            "add `horizon:` with the date by which the judgment can be judged (YYYY-MM-DD)",
            Severity.WARNING,
        )
    if horizon is not None and horizon < as_of:
        yield Diagnostic(
            loaded.at("horizon"),
            Code.INVALID_VALUE,
            f"the horizon {_day(horizon)} is before the judgment's `as_of` ({_day(as_of)})",
            "the horizon is the date by which the judgment can be judged, after it was made",
        )
    for i, indicator in enumerate(note.indicators):
        for j, seen in enumerate(indicator.observations):
            published = seen.source.date if seen.source else None
            if published is not None and published > seen.date:
                yield Diagnostic(
                    loaded.at("indicators", i, "observations", j, "source", "date"),
                    Code.SOURCE_AFTER_NOTE,
                    f"the source is dated {_day(published)}, after the observation ({_day(seen.date)})",
                    "an observation rests on what was published by its date: cite that, or date it later",
                )
        by = indicator.by
        if by is None:
            continue
        if by < as_of or (horizon is not None and by > horizon):
            window = f"{_day(as_of)} to {_day(horizon)}" if horizon else f"from {_day(as_of)}"
            yield Diagnostic(
                loaded.at("indicators", i, "by"),
                Code.INDICATOR_WINDOW,
                f"the indicator's window ends {_day(by)}, outside the judgment's ({window})",
                "an indicator bears on the judgment only if it can show between `as_of` and `horizon`",
            )
    outcome = note.outcome
    if outcome is not None and outcome.known < as_of:
        yield Diagnostic(
            loaded.at("outcome", "known"),
            Code.OUTCOME_BEFORE_JUDGMENT,
            f"the outcome is known from {_day(outcome.known)}, before the judgment ({_day(as_of)})",
            "a judgment forecasts what was not yet known: check both dates",
        )
    for i, revision in enumerate(note.revisions):
        if revision.date > as_of:
            yield Diagnostic(
                loaded.at("revisions", i, "date"),
                Code.INVALID_VALUE,
                f"the revision is dated {_day(revision.date)}, after the judgment's `as_of` ({_day(as_of)})",
                "a revision keeps an earlier state: the current one is as of the latest change",
            )


@dataclass(frozen=True)
class Cited:
    """A source as one note cites it."""

    key: str
    """Its registry id, or else its publisher as :func:`source_key` compares them."""
    registered: bool
    reliability: str | None
    judged: bool
    """Cited by an assessment or key judgment."""
    path: Path
    loc: PathKey


@dataclass(frozen=True)
class Horizon:
    """A judgment's horizon, while it has no outcome."""

    horizon: dt.date
    path: Path
    loc: PathKey


@dataclass
class Facts:
    """What the whole-corpus rules need of one briefing."""

    newest: dt.date | None = None
    cited: list[Cited] = field(default_factory=list)
    open: list[Horizon] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "newest": self.newest.isoformat() if self.newest else None,
            "cited": [
                [c.key, c.registered, c.reliability, c.judged, str(c.path), list(c.loc)] for c in self.cited
            ],
            "open": [[h.horizon.isoformat(), str(h.path), list(h.loc)] for h in self.open],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Facts:
        """Raises ``ValueError``, ``TypeError`` or ``KeyError`` on anything this program does not write."""
        newest = data["newest"]
        return cls(
            dt.date.fromisoformat(newest) if newest else None,
            [
                Cited(str(k), bool(r), None if g is None else str(g), bool(j), Path(str(p)), _loc(loc))
                for k, r, g, j, p, loc in data["cited"]
            ],
            [Horizon(dt.date.fromisoformat(h), Path(str(p)), _loc(loc)) for h, p, loc in data["open"]],
        )


def _loc(loc: Iterable[Any]) -> PathKey:
    return tuple(part if isinstance(part, int) else str(part) for part in loc)


def _note_dates(note: Note) -> Iterator[dt.date]:
    yield note.date
    if note.as_of:
        yield note.as_of
    yield from (s.date for s in note.sources if s.date)
    if note.outcome:
        yield note.outcome.known
        yield from (s.date for s in note.outcome.sources if s.date)
    for indicator in note.indicators:
        yield from (o.date for o in indicator.observations)
    yield from (r.date for r in note.revisions)


def facts(source: BriefingSource) -> Facts:
    found = Facts()
    dates = [source.meta.record.published]
    for loaded in source.notes.values():
        note, path = loaded.record, loaded.source.path
        dates.extend(_note_dates(note))
        judged = note.kind in JUDGED
        cited: list[tuple[PathKey, Source]] = [(("sources", i), s) for i, s in enumerate(note.sources)]
        if note.outcome:
            cited += [(("outcome", "sources", i), s) for i, s in enumerate(note.outcome.sources)]
        for loc, s in cited:
            if s.ref is not None:
                found.cited.append(Cited(s.ref, True, None, judged, path, (*loc, "ref")))
            elif s.publisher and s.reliability:
                key = source_key(s.publisher)
                found.cited.append(Cited(key, False, s.reliability, judged, path, (*loc, "reliability")))
        if judged and note.horizon is not None and note.outcome is None:
            found.open.append(Horizon(note.horizon, path, ("horizon",)))
    found.newest = max(dates)
    return found


def newest_date(entries: Iterable[Entry], registry: Iterable[RegisteredSource]) -> dt.date | None:
    """The newest date the glossary and the registry hold."""
    dates: list[dt.date] = []
    for entry in entries:
        dates.extend(s.date for s in entry.sources if s.date)
        if isinstance(entry, Event):
            dates.append(entry.end or entry.start)
        elif isinstance(entry, Document) and entry.issued:
            dates.append(entry.issued)
        elif isinstance(entry, Statistic) and entry.as_of:
            dates.append(entry.as_of)
    for registered in registry:
        dates.extend(r.date for r in registered.regraded)
        if registered.retracted:
            dates.append(registered.retracted.date)
    return max(dates, default=None)


Locate = Callable[[Path, PathKey], Location]


def corpus_problems(
    units: Iterable[Facts],
    registry: Mapping[str, Loaded[RegisteredSource]],
    locate: Locate,
    today: dt.date | None,
    newest: dt.date | None,
) -> Iterator[Diagnostic]:
    """The rules that need every briefing: unknown and discredited registry sources, the same
    source graded differently, and judgments past their horizon with no outcome (against
    ``today``, or else the newest date in the corpus, so the output does not change by itself)."""
    every = list(units)
    yield from _registered(every, registry, locate)
    yield from _conflicts(every, registry, locate)
    dates = [f.newest for f in every if f.newest] + ([newest] if newest else [])
    now = today or max(dates, default=None)
    if now is None:
        return
    for f in every:
        for h in f.open:
            if h.horizon < now:
                yield Diagnostic(
                    locate(h.path, h.loc),
                    Code.JUDGMENT_UNSCORED,
                    f"the horizon {_day(h.horizon)} has passed ({_day(now)}) "
                    "and the judgment has no `outcome`",
                    "add `outcome:` with `verdict`, `known`, `basis` and `sources`; "
                    "`verdict: cannot-be-judged` if the evidence cannot settle it",
                    Severity.WARNING,
                )


def _registered(
    every: list[Facts], registry: Mapping[str, Loaded[RegisteredSource]], locate: Locate
) -> Iterator[Diagnostic]:
    for f in every:
        for c in f.cited:
            if not c.registered:
                continue
            found = registry.get(c.key)
            if found is None:
                yield Diagnostic(
                    locate(c.path, c.loc),
                    Code.UNKNOWN_SOURCE,
                    f"source `{c.key}` is not in the registry",
                    f"add seeds/sources/{c.key}.yaml, or use the id of a file there",
                )
                continue
            if not c.judged:
                continue
            record = found.record
            if record.retracted is not None:
                yield Diagnostic(
                    locate(c.path, c.loc),
                    Code.SOURCE_DISCREDITED,
                    f"this judgment rests on `{c.key}`, retracted on {_day(record.retracted.date)}: "
                    f"{record.retracted.why}",
                    "re-examine the judgment without it, and record the change in `revisions`",
                    Severity.WARNING,
                )
            elif any(r.reliability > record.reliability for r in record.regraded):
                lowest = max(r.reliability for r in record.regraded)
                yield Diagnostic(
                    locate(c.path, c.loc),
                    Code.SOURCE_DISCREDITED,
                    f"this judgment rests on `{c.key}`, down-graded from {record.reliability} to {lowest}",
                    "re-examine the judgment, and record the change in `revisions`",
                    Severity.WARNING,
                )


def _conflicts(
    every: list[Facts], registry: Mapping[str, Loaded[RegisteredSource]], locate: Locate
) -> Iterator[Diagnostic]:
    registered = {source_key(s.record.name): s.record for s in registry.values()}
    grades: dict[str, dict[str, list[Cited]]] = {}
    for f in every:
        for c in f.cited:
            if not c.registered and c.reliability is not None:
                grades.setdefault(c.key, {}).setdefault(c.reliability, []).append(c)
    for key, by_grade in sorted(grades.items()):
        known = registered.get(key)
        if known is not None:
            for grade, cites in sorted(by_grade.items()):
                if grade != known.reliability:
                    first = min(cites, key=lambda c: (c.path, c.loc))
                    yield Diagnostic(
                        locate(first.path, first.loc),
                        Code.GRADE_CONFLICT,
                        f"“{known.name}” is graded {grade} here and {known.reliability} in the registry",
                        f"cite it as `ref: {known.id}` and grade only the item's `credibility`",
                    )
            continue
        if len(by_grade) < 2:
            continue
        places = sorted((c for cites in by_grade.values() for c in cites), key=lambda c: (c.path, c.loc))
        shown = ", ".join(f"{g} ({len(c)}×)" for g, c in sorted(by_grade.items()))
        yield Diagnostic(
            locate(places[0].path, places[0].loc),
            Code.GRADE_CONFLICT,
            f"the same source is graded differently: “{key}” is {shown}",
            "reliability grades the source, not the item: register it under seeds/sources/ "
            "and cite it by `ref`",
        )
