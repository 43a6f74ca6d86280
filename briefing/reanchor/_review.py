"""Classify each annotation of a changed article: unchanged, moved, fuzzy or orphaned."""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..anchoring import AnchorFailure, Span, find_all, resolve, unique_selector
from ..article import Article
from ..diagnostics import Code, Diagnostic, Location
from ..fuzzy import distance, leading_similarity, search
from ..loading import BriefingSource, Project, display_path
from ..model import Selector
from ..occurrences import OccurrenceIndex
from ._lock import LOCK_NAME, Lock, LockInvalid, Record, read_lock, record

CONTEXT_AGREES = 0.8
"""Similarity of one side's context above which a candidate is taken to be the same place."""


class Status(enum.StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Annotation:
    key: str
    """``<file relative to seeds>#<mention index>`` or ``...#target``: its key in the lock."""
    path: Path
    where: tuple[str | int, ...]
    """Path of the selector inside the YAML file."""
    location: Location
    selector: Selector

    @property
    def is_mention(self) -> bool:
        return not self.key.endswith("#target")


@dataclass(frozen=True)
class Result:
    annotation: Annotation
    status: Status
    span: Span | None
    """Where it is now: the new place, the fuzzy candidate, or ``None`` when orphaned."""
    was: Record | None
    similarity: float = 1.0
    nearest: tuple[Span, float] | None = None
    """For an orphan: the best text found, too unlike the quote to re-anchor to."""
    stale: str | None = None
    """Why the selector as written no longer picks out ``span``."""
    selector: Selector | None = None
    """The selector ``--fix`` writes: picks out ``span`` uniquely; ``None`` if unchanged."""


@dataclass(frozen=True)
class Review:
    source: BriefingSource
    digest: str
    locked: bool
    results: tuple[Result, ...]
    lock_problem: str | None = None
    """Why the briefing's ``anchors.lock.json`` could not be used, if it could not."""

    def count(self, status: Status) -> int:
        return sum(r.status is status for r in self.results)

    @property
    def settled(self) -> bool:
        return not any(r.status in (Status.FUZZY, Status.ORPHANED) for r in self.results)


def _relative(path: Path, seeds: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(seeds))).as_posix()


def annotations_of(project: Project, source: BriefingSource) -> Iterator[Annotation]:
    """Every mention of the briefing (in entry order) and every note target."""
    briefing = source.meta.record.id
    for _, loaded in project.mentioning(briefing):
        rel = _relative(loaded.source.path, project.seeds)
        for i, mention in enumerate(loaded.record.mentions.get(briefing, ())):
            where = ("mentions", briefing, i)
            yield Annotation(f"{rel}#{i}", loaded.source.path, where, loaded.at(*where, "quote"), mention)
    for note in source.notes.values():
        if note.record.target is not None:
            rel = _relative(note.source.path, project.seeds)
            location = note.at("target", "quote")
            yield Annotation(f"{rel}#target", note.source.path, ("target",), location, note.record.target)


@dataclass(frozen=True)
class _Candidate:
    span: Span
    quote: float
    prefix: float | None
    suffix: float | None
    position: float | None

    @property
    def context(self) -> float | None:
        sides = [s for s in (self.prefix, self.suffix) if s is not None]
        return max(sides) if sides else None

    @property
    def both(self) -> float:
        return (self.prefix or 0.0) + (self.suffix or 0.0)

    @property
    def score(self) -> float:
        """Hypothesis' weighting; a side with no recorded context counts as a match."""
        p = 1.0 if self.prefix is None else self.prefix
        s = 1.0 if self.suffix is None else self.suffix
        pos = 1.0 if self.position is None else self.position
        return (50 * self.quote + 20 * p + 20 * s + 2 * pos) / 92


def _candidate(
    article: Article, span: Span, quote: str, context: tuple[str, str], hint: int | None
) -> _Candidate:
    text = article.text
    prefix, suffix = context
    found = text[span.start : span.end]
    before = text[max(0, span.start - len(prefix) * 3 // 2) : span.start]
    after = text[span.end : span.end + len(suffix) * 3 // 2]
    return _Candidate(
        span,
        1.0 if found == quote else max(0.0, 1 - distance(found, quote) / len(quote)),
        leading_similarity(before[::-1], prefix[::-1]) if prefix else None,
        leading_similarity(after, suffix) if suffix else None,
        None if hint is None else 1 - abs(span.start - hint) / max(1, len(text)),
    )


def _whole_words(article: Article, span: Span, quote: str) -> Span:
    """Widen a fuzzy match that starts or ends inside a word, when the quote does not."""
    block = article.blocks[span.block - 1]
    text, lo, hi = block.text, span.start - block.start, span.end - block.start
    while quote[0].isalnum() and 0 < lo < len(text) and text[lo - 1].isalnum() and text[lo].isalnum():
        lo -= 1
    while quote[-1].isalnum() and 0 < hi < len(text) and text[hi - 1].isalnum() and text[hi].isalnum():
        hi += 1
    return Span(block.start + lo, block.start + hi, block.number)


def _exact_by_context(candidates: list[_Candidate], chosen: Span | None) -> _Candidate | None:
    """The one exact match whose context agrees best, if there is a clear one.

    The span the selector as written still picks out (``chosen``) needs less
    agreement: the author's prefix, suffix or occurrence vouch for it too.
    """

    def agrees(c: _Candidate) -> bool:
        needed = CONTEXT_AGREES if c.span != chosen else CONTEXT_AGREES - 0.25
        return c.context is None or c.context >= needed

    agree = [c for c in candidates if agrees(c)]
    if len(agree) == 1:
        return agree[0]
    ranked = sorted(agree, key=lambda c: c.both, reverse=True)
    if len(ranked) > 1 and ranked[0].context is not None and ranked[0].both > ranked[1].both:
        return ranked[0]
    return None


def _acceptable(c: _Candidate, length: int) -> bool:
    if c.quote < 0.5:
        return False
    if c.context is not None and c.context >= CONTEXT_AGREES:
        return True
    return c.quote >= 0.75 and (length >= 20 or (c.context is None and length >= 8))


def _fuzzy(article: Article, quote: str, context: tuple[str, str], hint: int | None) -> list[_Candidate]:
    """The best-scored reading of each of the 64 least-edited approximate matches (nearest first)."""
    found = []
    for block in article.blocks:
        for match in search(block.text, quote, len(quote) // 2):
            spans = [Span(block.start + s, block.start + match.end, block.number) for s in match.starts]
            found.append((match.errors, abs(spans[0].start - hint) if hint is not None else 0, spans))
    found.sort(key=lambda f: f[:2])
    best = []
    for _, _, spans in found[:64]:
        readings = {_whole_words(article, s, quote) for s in spans}
        scored = [
            _candidate(article, s, quote, context, hint) for s in sorted(readings, key=lambda s: s.start)
        ]
        best.append(max(scored, key=lambda c: c.score))
    return best


def _classify(
    article: Article,
    ann: Annotation,
    rec: Record | None,
    taken: Sequence[Span] = (),
    index: OccurrenceIndex | None = None,
) -> Result:
    """Classify one annotation; ``taken`` are spans it may not move to (other mentions).

    ``index`` shares the search for each quote between the annotations of one article."""
    selector, quote = ann.selector, ann.selector.quote
    index = index or OccurrenceIndex(article)
    exact = find_all(article, quote, index)
    current = resolve(article, selector, index) if exact else None  # no "closest text" search needed
    if rec is None and isinstance(current, Span):
        return Result(ann, Status.UNCHANGED, current, rec)
    if rec is not None and isinstance(current, Span) and (current.start, current.end) == (rec.start, rec.end):
        return Result(ann, Status.UNCHANGED, current, rec)
    exact = [s for s in exact if not any(s.overlaps(t) for t in taken)]
    context = (rec.prefix, rec.suffix) if rec else (selector.prefix or "", selector.suffix or "")
    hint = rec.start if rec else None
    scored = [_candidate(article, s, quote, context, hint) for s in exact]
    moved = _exact_by_context(scored, current if isinstance(current, Span) else None)
    if moved is not None:
        span = moved.span
        stale = None
        if isinstance(current, AnchorFailure):
            stale = current.reason
        elif current is not None and current != span:
            stale = f"it picks out paragraph {current.block}"
        new = unique_selector(article, span, selector, index)
        return Result(ann, Status.MOVED, span, rec, stale=stale, selector=new)
    fuzzy = _fuzzy(article, quote, context, hint)
    pool = scored + [c for c in fuzzy if c.span not in exact and not any(c.span.overlaps(t) for t in taken)]
    best = max(pool, key=lambda c: c.score, default=None)
    if best is not None and _acceptable(best, len(quote)):
        new = unique_selector(article, best.span, index=index)
        return Result(ann, Status.FUZZY, best.span, rec, best.quote, selector=new)
    nearest = (best.span, best.quote) if best is not None else None
    return Result(ann, Status.ORPHANED, None, rec, nearest=nearest)


def review(project: Project) -> list[Review]:
    """Classify the annotations of every briefing whose article no longer matches its checksum."""
    reviews = []
    for source in project.briefings.values():
        now = source.article.sha256
        if now == source.meta.record.sha256:
            continue
        lock_problem = None
        try:
            lock = read_lock(source.folder)
        except LockInvalid as exc:
            lock, lock_problem = None, str(exc)
        found = [
            (ann, lock.find(ann.key, ann.selector) if lock else None)
            for ann in annotations_of(project, source)
        ]
        index = OccurrenceIndex(source.article)
        first = [_classify(source.article, ann, rec, index=index) for ann, rec in found]
        # mentions may not overlap, so one that moved cannot land where another still is
        taken = [r.span for r in first if r.annotation.is_mention and r.status is Status.UNCHANGED and r.span]
        results = tuple(
            r
            if r.status is Status.UNCHANGED or not r.annotation.is_mention
            else _classify(source.article, ann, rec, taken, index)
            for r, (ann, rec) in zip(first, found, strict=True)
        )
        reviews.append(Review(source, now, lock is not None, results, lock_problem))
    return reviews


def lock_for(project: Project, source: BriefingSource) -> Lock | None:
    """The lock describing how the briefing's annotations resolve now; ``None`` if some do not."""
    anchors = {}
    index = OccurrenceIndex(source.article)
    for ann in annotations_of(project, source):
        span = resolve(source.article, ann.selector, index)
        if isinstance(span, AnchorFailure):
            return None
        anchors[ann.key] = record(source.article, span, ann.selector)
    return Lock(source.meta.record.article, source.article.sha256, anchors)


def stale_locks(project: Project) -> Iterator[Diagnostic]:
    """Each ``anchors.lock.json`` that is not what ``check --fix`` would write now.

    Only briefings whose article still matches its checksum are compared: a
    replaced article is reported (and re-anchored) on its own.
    """
    for source in project.briefings.values():
        if source.meta.record.sha256 != source.article.sha256:
            continue
        current = lock_for(project, source)
        try:
            recorded = read_lock(source.folder)
        except LockInvalid:
            continue  # reported as such
        if current is None or recorded == current:
            continue
        old = recorded.anchors if recorded is not None else {}
        added = len(current.anchors.keys() - old.keys())
        removed = len(old.keys() - current.anchors.keys())
        changed = sum(1 for key in current.anchors.keys() & old.keys() if current.anchors[key] != old[key])
        yield Diagnostic(
            Location(display_path(source.folder / LOCK_NAME)),
            Code.LOCK_STALE,
            f"{LOCK_NAME} is out of date: {added} annotation(s) added, {changed} changed, "
            f"{removed} removed since it was written",
            f"run `briefing check --fix` and commit {LOCK_NAME} with your change",
        )
