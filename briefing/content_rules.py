"""Checks of what each record's text holds: its markup, its likelihood vocabulary,
placeholders left in, its size; the rules of one file remembered by its bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from . import markup
from .diagnostics import Code, Diagnostic, Location, Severity
from .loading import (
    Loaded,
    Project,
)
from .model import (
    LIKELIHOOD_TERMS,
    SUMMARY_LIMIT,
    Entry,
    Note,
)

_TERMS = "|".join(sorted((re.escape(t) for t in LIKELIHOOD_TERMS), key=len, reverse=True))
_LIKELIHOOD = re.compile(rf"\b(?:{_TERMS})\b", re.I)
_CONFIDENCE = re.compile(r"\b(?:low|moderate|medium|high)(?:[- ]confidence)\b|\bconfidence\b", re.I)


_NON_STANDARD = re.compile(
    r"\b(?:probabl[ey]|possibl[ey]|perhaps|maybe|highly (?:un)?likely|doubtful|improbable"
    r"|virtually certain|certainly|chances are|odds are|remote chance|even odds|could well)\b",
    re.I,
)


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _markup(loaded: Loaded[Any], field: str, text: str) -> Iterator[Diagnostic]:
    for problem in markup.problems(text):
        base = loaded.at(field)
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


def _todos(loaded: Loaded[Any]) -> Iterator[Diagnostic]:
    for line, col, text in loaded.source.todos:
        yield Diagnostic(
            Location(loaded.source.path, line, col),
            Code.TODO_PLACEHOLDER,
            f"placeholder left to fill in: `{text[:80]}`",
            "replace the TODO with the real value, or delete the line if it is optional",
            Severity.WARNING,
        )


def _remembered(
    project: Project, loaded: Loaded[Any], kind: str, compute: Callable[[], Iterable[Diagnostic]]
) -> Iterator[Diagnostic]:
    """``compute()``: the diagnostics of one file that depend on its bytes alone, cached by them."""
    cache, of = project.cache, loaded.digest
    if cache is None or of is None:
        yield from compute()
        return
    path = loaded.source.path
    hit = cache.get(kind, of)
    if hit is None:
        found = list(compute())
        hit = [
            [d.location.line, d.location.col, str(d.code), d.message, d.hint, str(d.severity)]
            for d in found
            if d.location.path == path
        ]
        if len(hit) == len(found):
            cache.put(kind, of, hit)
        yield from found
        return
    for line, col, code, message, hint, severity in hit:
        yield Diagnostic(Location(path, line, col), Code(code), message, hint, Severity(severity))


def _entry_content(loaded: Loaded[Entry]) -> Iterator[Diagnostic]:
    yield from _markup(loaded, "body", loaded.record.body)


def _note_content(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    yield from _markup(loaded, "body", loaded.record.body)
    yield from _vocabulary(loaded)


def entries_content(project: Project) -> Iterator[Diagnostic]:
    for loaded in project.entries.values():
        entry = loaded.record
        yield from _todos(loaded)
        yield from _remembered(project, loaded, "entry-content", partial(_entry_content, loaded))
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


def briefings_content(project: Project) -> Iterator[Diagnostic]:
    for source in project.briefings.values():
        yield from _todos(source.meta)
        for note_id, note in source.notes.items():
            yield from _todos(note)
            yield from _remembered(project, note, "note-content", partial(_note_content, note))
            if not note.record.sources:
                yield Diagnostic(
                    note.at("kind"),
                    Code.MISSING_SOURCE,
                    f"note `{note_id}` cites no source",
                    "add a `sources:` list with at least one title and URL",
                    Severity.WARNING,
                )


MAX_BRIEFING_MENTIONS = 3000
"""The most mentions one briefing may carry, over all entries."""


def limit_problems(project: Project) -> Iterator[Diagnostic]:
    for briefing_id, source in project.briefings.items():
        mentioning = project.mentioning(briefing_id)
        count = sum(len(loaded.record.mentions[briefing_id]) for _, loaded in mentioning)
        if count > MAX_BRIEFING_MENTIONS:
            yield Diagnostic(
                source.meta.at("id"),
                Code.TOO_MANY_ANNOTATIONS,
                f"briefing has {count:,} mentions; the limit is {MAX_BRIEFING_MENTIONS:,}",
                "mention each entry where it matters, or split the article into several briefings",
            )
