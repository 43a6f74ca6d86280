"""Anchor every annotation and assemble the corpus the renderer works from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from .anchoring import AnchorFailure, Span, resolve
from .article import Article
from .diagnostics import Code, Diagnostic, Location
from .loading import BriefingSource, Loaded, Project
from .model import ArticleMeta, Entry, Note
from .occurrences import OccurrenceIndex


@dataclass(frozen=True)
class ResolvedMention:
    id: str
    entry: str
    briefing: str
    span: Span
    at: Callable[[], Location] = field(repr=False, compare=False)
    """Finds the quote in its YAML file: positions are only parsed when asked for."""

    @cached_property
    def location(self) -> Location:
        return self.at()


@dataclass(frozen=True)
class ResolvedNote:
    id: str
    number: int
    """Reading-order number within its briefing; key judgments are numbered separately."""
    briefing: str
    note: Note
    span: Span | None
    at: Callable[[], Location] = field(repr=False, compare=False)

    @cached_property
    def location(self) -> Location:
        return self.at()


@dataclass(frozen=True)
class Briefing:
    meta: ArticleMeta
    article: Article
    mentions: tuple[ResolvedMention, ...]
    notes: tuple[ResolvedNote, ...]

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def key_judgments(self) -> tuple[ResolvedNote, ...]:
        return tuple(n for n in self.notes if n.note.kind == "key-judgment")


@dataclass(frozen=True)
class Corpus:
    entries: dict[str, Entry]
    briefings: dict[str, Briefing]


def _anchor_failure(location: Location, failure: AnchorFailure) -> Diagnostic:
    code = Code.QUOTE_AMBIGUOUS if failure.ambiguous else Code.QUOTE_NOT_FOUND
    return Diagnostic(location, code, failure.reason, failure.hint)


def _mentions(
    source: BriefingSource, mentioning: list[tuple[str, Loaded[Entry]]], problems: list[Diagnostic]
) -> list[ResolvedMention]:
    briefing = source.meta.record.id
    found: list[tuple[int, str, str | None, Span, Callable[[], Location]]] = []
    index = OccurrenceIndex(source.article)
    for entry_id, loaded in mentioning:
        for i, mention in enumerate(loaded.record.mentions.get(briefing, ())):
            at = partial(loaded.at, "mentions", briefing, i, "quote")
            span = resolve(source.article, mention, index)
            if isinstance(span, AnchorFailure):
                problems.append(_anchor_failure(at(), span))
                continue
            found.append((span.start, entry_id, mention.id, span, at))
    found.sort(key=lambda f: (f[3].start, f[3].end))
    counts: dict[str, int] = {}
    resolved: list[ResolvedMention] = []
    ids: dict[str, Callable[[], Location]] = {}
    for _, entry_id, explicit, span, where in found:
        counts[entry_id] = counts.get(entry_id, 0) + 1
        mention_id = explicit or f"{entry_id}-{counts[entry_id]}"
        if mention_id in ids:
            problems.append(
                Diagnostic(
                    where(),
                    Code.DUPLICATE_ID,
                    f"mention id `{mention_id}` is used twice: here and at {ids[mention_id]()}",
                    "give this mention a different `id`",
                )
            )
            continue
        ids[mention_id] = where
        if resolved and resolved[-1].span.overlaps(span):
            other = resolved[-1]
            problems.append(
                Diagnostic(
                    where(),
                    Code.SPAN_OVERLAP,
                    f"this mention of `{entry_id}` overlaps the mention of `{other.entry}` "
                    f"at {other.location}",
                    "mentions may not overlap or nest; shorten one quote (notes may overlap freely)",
                )
            )
            continue
        resolved.append(ResolvedMention(mention_id, entry_id, briefing, span, where))
    return resolved


def _notes(source: BriefingSource, problems: list[Diagnostic]) -> list[ResolvedNote]:
    briefing = source.meta.record.id
    anchored: list[tuple[tuple[int, int, str], str, Note, Span | None, Callable[[], Location]]] = []
    index = OccurrenceIndex(source.article)
    for note_id, loaded in source.notes.items():
        note = loaded.record
        span: Span | None = None
        at = partial(loaded.at, "target", "quote") if note.target else partial(loaded.at, "kind")
        if note.target is not None:
            result = resolve(source.article, note.target, index)
            if isinstance(result, AnchorFailure):
                problems.append(_anchor_failure(at(), result))
                continue
            span = result
        order = (span.end, span.start, note_id) if span else (-1, -1, note_id)
        anchored.append((order, note_id, note, span, at))
    anchored.sort(key=lambda a: a[0])
    numbers = {"key-judgment": 0, "other": 0}
    resolved = []
    for _, note_id, note, span, where in anchored:
        series = "key-judgment" if note.kind == "key-judgment" else "other"
        numbers[series] += 1
        resolved.append(ResolvedNote(note_id, numbers[series], briefing, note, span, where))
    return resolved


def build_corpus(project: Project) -> tuple[Corpus, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    briefings = {
        briefing_id: resolve_briefing(project, briefing_id, problems) for briefing_id in project.briefings
    }
    entries = {entry_id: loaded.record for entry_id, loaded in project.entries.items()}
    return Corpus(entries, briefings), problems


def resolve_briefing(project: Project, briefing_id: str, problems: list[Diagnostic]) -> Briefing:
    """One briefing of the project with its mentions and notes anchored; what does not
    anchor goes to ``problems``."""
    source = project.briefings[briefing_id]
    return Briefing(
        source.meta.record,
        source.article,
        tuple(_mentions(source, project.mentioning(briefing_id), problems)),
        tuple(_notes(source, problems)),
    )
