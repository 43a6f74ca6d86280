"""Everything ``briefing check`` verifies, collected in one pass."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import markup
from .article import Block
from .corpus import Corpus, build_corpus
from .diagnostics import Code, Diagnostic, Location, Severity
from .loading import Loaded, Project, display_path, load_project
from .model import LIKELIHOOD_TERMS, SUMMARY_LIMIT, Event, Note, Organization, Person
from .reanchor import review_problems
from .tradecraft import tradecraft_problems
from .words import is_date_only, sentence_initial

_TERMS = "|".join(sorted((re.escape(t) for t in LIKELIHOOD_TERMS), key=len, reverse=True))
_LIKELIHOOD = re.compile(rf"\b(?:{_TERMS})\b", re.I)
_CONFIDENCE = re.compile(r"\b(?:low|moderate|medium|high)(?:[- ]confidence)\b|\bconfidence\b", re.I)
_NON_STANDARD = re.compile(
    r"\b(?:probabl[ey]|possibl[ey]|perhaps|maybe|highly (?:un)?likely|doubtful|improbable"
    r"|virtually certain|certainly|chances are|odds are|remote chance|even odds|could well)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors


def _markup(loaded: Loaded[Any], field: str, text: str) -> Iterator[Diagnostic]:
    base = loaded.at(field)
    for problem in markup.problems(text):
        line = base.line + (problem.line if "\n" in text else 0)
        code = Code.LINK_SCHEME if problem.link else Code.MARKUP_FORBIDDEN
        yield Diagnostic(
            Location(base.path, line, base.col if line == base.line else 1),
            code,
            problem.message,
            problem.hint,
        )


def _vocabulary(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    note = loaded.record
    judged = note.kind in ("assessment", "key-judgment")
    severity = Severity.ERROR if judged else Severity.WARNING
    for sentence in _SENTENCE.split(note.body):
        odd = _NON_STANDARD.search(sentence)
        if odd:
            yield Diagnostic(
                loaded.at("body"),
                Code.LIKELIHOOD_TERM,
                f"“{odd.group(0)}” is not an ICD 203 likelihood term",
                "use one of: " + ", ".join(LIKELIHOOD_TERMS),
                severity,
            )
        if _LIKELIHOOD.search(sentence) and _CONFIDENCE.search(sentence):
            yield Diagnostic(
                loaded.at("body"),
                Code.MIXED_VOCABULARY,
                "a sentence mixes likelihood and confidence: “" + sentence.strip()[:80] + "”",
                "state likelihood and confidence in separate sentences",
                severity,
            )


def _references(project: Project) -> Iterator[Diagnostic]:
    entries, briefings = project.entries, project.briefings

    def missing(entry_id: str, where: Location, what: str) -> Iterator[Diagnostic]:
        if entry_id not in entries and entry_id not in project.invalid_entries:
            close = difflib.get_close_matches(entry_id, sorted(entries), n=1)
            yield Diagnostic(
                where,
                Code.UNKNOWN_ENTRY,
                f"{what} `{entry_id}` is not a glossary entry",
                f"did you mean `{close[0]}`?" if close else "add the entry under seeds/glossary/",
            )

    for loaded in entries.values():
        entry = loaded.record
        for briefing_id in entry.mentions:
            if briefing_id not in briefings and briefing_id not in project.invalid_briefings:
                yield Diagnostic(
                    loaded.at("mentions", briefing_id, key=True),
                    Code.UNKNOWN_BRIEFING,
                    f"briefing `{briefing_id}` does not exist",
                    "known briefings: " + ", ".join(sorted(briefings)),
                )
        if isinstance(entry, Event):
            if entry.end is not None and entry.end < entry.start:
                yield Diagnostic(
                    loaded.at("end"),
                    Code.INVALID_VALUE,
                    "`end` is before `start`",
                    f"the event starts on {entry.start.isoformat()}",
                )
            for i, party in enumerate(entry.parties):
                yield from missing(party, loaded.at("parties", i), "party")
        if isinstance(entry, Organization) and entry.country:
            yield from missing(entry.country, loaded.at("country"), "country")
        if isinstance(entry, Person) and entry.organization:
            yield from missing(entry.organization, loaded.at("organization"), "organization")
    for source in briefings.values():
        for note in source.notes.values():
            for i, entry_id in enumerate(note.record.entries):
                yield from missing(entry_id, note.at("entries", i), "entry")


def _todos(loaded: Loaded[Any]) -> Iterator[Diagnostic]:
    for line, col, text in loaded.source.todos:
        yield Diagnostic(
            Location(loaded.source.path, line, col),
            Code.TODO_PLACEHOLDER,
            f"placeholder left to fill in: `{text[:80]}`",
            "replace the TODO with the real value, or delete the line if it is optional",
            Severity.WARNING,
        )


def _content(project: Project) -> Iterator[Diagnostic]:
    for loaded in project.entries.values():
        entry = loaded.record
        yield from _todos(loaded)
        yield from _markup(loaded, "body", entry.body)
        if not entry.sources:
            yield Diagnostic(
                loaded.at("id"),
                Code.MISSING_SOURCE,
                f"entry `{entry.id}` cites no source",
                "add a `sources:` list with at least one title and URL",
                Severity.WARNING,
            )
        if len(entry.summary) > SUMMARY_LIMIT:
            yield Diagnostic(
                loaded.at("summary"),
                Code.SUMMARY_TOO_LONG,
                f"summary is {len(entry.summary)} characters; previews show {SUMMARY_LIMIT}",
                "keep the summary to one short sentence; put detail in `body`",
                Severity.WARNING,
            )
    for source in project.briefings.values():
        yield from _todos(source.meta)
        for note_id, note in source.notes.items():
            yield from _todos(note)
            yield from _markup(note, "body", note.record.body)
            yield from _vocabulary(note)
            if not note.record.sources:
                yield Diagnostic(
                    note.at("kind"),
                    Code.MISSING_SOURCE,
                    f"note `{note_id}` cites no source",
                    "add a `sources:` list with at least one title and URL",
                    Severity.WARNING,
                )


_NAME = re.compile(
    r"\b(?:[A-Z][\w’'.-]*|\d[\d,.]*\d|\d)(?:[ -](?:of |the |and |for )*(?:[A-Z][\w’'.-]*|\d[\d,.]*))*"
)
_LEADING_FILLER = re.compile(r"^(?:(?:of|the|and|for) )+")
_COMMON_OPENERS = frozenset(
    [
        "A",
        "An",
        "The",
        "It",
        "In",
        "After",
        "While",
        "On",
        "When",
        "However",
        "Later",
        "Such",
        "Instead",
        "There",
        "Those",
        "This",
        "That",
        "These",
        "We",
        "I",
        "I’d",
        "I’m",
        "We’re",
        "According",
        "Leading",
        "Under",
        "Its",
        "Their",
        "He",
        "She",
        "They",
        "Some",
        "Many",
    ]
)


_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?]\s+")


def _names(text: str) -> Iterator[tuple[int, str]]:
    """(column, text) of each run of capitalised words or figures, split where a sentence ends."""
    for match in _NAME.finditer(text):
        at = match.start()
        for piece in _SENTENCE_END.split(match.group(0)):
            at = text.index(piece, at)
            yield at, piece.rstrip(".,")
            at += len(piece)


def uncovered_names(corpus: Corpus) -> Iterator[tuple[str, Block, int, str]]:
    """(briefing, block, column, text) of names no mention covers.

    A name is a capitalised word inside a sentence, or several capitalised
    words in a row ("Commerce Minister Wang Wentao"). Bare figures, dates
    ("Tuesday", "14 May") and a lone capitalised word opening a sentence
    ("Shipping", "Chinese") are too often plain words to be worth a warning.
    """
    for briefing in corpus.briefings.values():
        spans = [(m.span.start, m.span.end) for m in briefing.mentions]
        lower_words = set(re.findall(r"\b[a-z][\w’'-]*", briefing.article.text))
        for block in briefing.article.blocks:
            for at, word in _names(block.text):
                if sentence_initial(block.text, at):
                    first, _, rest = word.partition(" ")
                    if first in _COMMON_OPENERS or first.lower() in lower_words or not rest:
                        rest = _LEADING_FILLER.sub("", rest)
                        if not rest:
                            continue
                        at, word = at + len(word) - len(rest), rest
                if is_date_only(word):
                    continue
                lo, hi = block.start + at, block.start + at + len(word)
                if not any(start < hi and lo < end for start, end in spans):
                    yield briefing.id, block, at, word


def _coverage(project: Project, corpus: Corpus) -> Iterator[Diagnostic]:
    for briefing_id, block, col, word in uncovered_names(corpus):
        source = project.briefings[briefing_id]
        article = display_path(source.folder / source.meta.record.article)
        yield Diagnostic(
            Location(article, block.line, col + 1),
            Code.UNCOVERED_NAME,
            f"“{word}” in paragraph {block.number} is not covered by any mention",
            "add a mention to the entry it refers to (or a new entry), so readers get it explained",
            Severity.WARNING,
        )


def check_project(seeds: Path) -> CheckResult:
    with _cycle_collector_paused():
        return _check_project(seeds)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Checking builds many long-lived objects and no reference cycles to free.

    As they pile up, the cyclic garbage collector would rescan all of them
    again and again: over half of the time of checking a thousand articles.
    Reference counting still frees everything as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


MAX_BRIEFING_MENTIONS = 3000
"""The most mentions one briefing may carry, over all entries."""


def _limits(project: Project) -> Iterator[Diagnostic]:
    for briefing_id, source in project.briefings.items():
        count = sum(len(e.record.mentions.get(briefing_id, ())) for e in project.entries.values())
        if count > MAX_BRIEFING_MENTIONS:
            yield Diagnostic(
                source.meta.at("id"),
                Code.TOO_MANY_ANNOTATIONS,
                f"briefing has {count:,} mentions; the limit is {MAX_BRIEFING_MENTIONS:,}",
                "mention each entry where it matters, or split the article into several briefings",
            )


def _check_project(seeds: Path) -> CheckResult:
    project, problems = load_project(seeds)
    problems.extend(_limits(project))
    problems.extend(_references(project))
    problems.extend(_content(project))
    problems.extend(tradecraft_problems(project))
    corpus, anchoring = build_corpus(project)
    problems.extend(review_problems(project, anchoring))
    if not any(p.is_error for p in problems):  # gaps are only meaningful in a sound corpus
        problems.extend(_coverage(project, corpus))
    return CheckResult(corpus, tuple(sorted(problems, key=lambda d: (d.location, d.code))))
