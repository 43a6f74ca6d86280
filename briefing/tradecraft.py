"""Checks of analytic tradecraft: judgment form, graded and linkable sources, no repetition.

These read the loaded records only (no anchoring), so they run on any project
that loads, and each kind of problem has its own function.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Code, Diagnostic, Location, Severity, printable
from .files import digest
from .loading import Loaded, Project
from .model import LIKELIHOOD_TERMS, Note, Source

REPEAT_MIN_WORDS = 12
REPEAT_MIN_RECORDS = 3
EVEN_CHANCE = LIKELIHOOD_TERMS.index("roughly even chance")
JUDGED = ("assessment", "key-judgment")
_KIND_PHRASE = {"assessment": "an assessment", "key-judgment": "a key judgment"}

_TERMS = "|".join(sorted((re.escape(t) for t in LIKELIHOOD_TERMS), key=len, reverse=True))
_LIKELIHOOD = re.compile(rf"\b(?:{_TERMS})\b", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`]+")
_LIST_MARK = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+", re.M)
_BREAK = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"(A-Z])|\n\s*\n")
_WORD = re.compile(r"[\w’'-]+")


def note_problems(project: Project) -> Iterator[Diagnostic]:
    """The tradecraft problems of each note of the project's briefings, note by note."""
    for source in project.briefings.values():
        for note in source.notes.values():
            yield from see_also_notes(note, source.notes)
            yield from judgment_form(note)
            yield from ungraded_sources(note)
            yield from sources_without_url(note)


def entry_problems(project: Project) -> Iterator[Diagnostic]:
    """The tradecraft problems of each glossary entry, entry by entry."""
    for entry in project.entries.values():
        yield from see_also_entries(entry, project)
        yield from sources_without_url(entry)


def plain_sentences(markdown: str) -> list[str]:
    """The sentences of a restricted-Markdown text, without markup or line wrapping."""
    text = _LIST_MARK.sub("", _EMPHASIS.sub("", _LINK.sub(r"\1", markdown)))
    parts = _BREAK.split(text)
    return [s for s in (" ".join(p.split()) for p in parts) if s]


def see_also_notes(loaded: Loaded[Note], notes: dict[str, Any]) -> Iterator[Diagnostic]:
    for i, note_id in enumerate(loaded.record.see_also):
        if note_id not in notes:
            yield Diagnostic(
                loaded.at("see_also", i),
                Code.INVALID_VALUE,
                f"`see_also` names `{note_id}`, which is not a note of this briefing",
                "use the file name (without .yaml) of a note in the same `notes/` folder",
            )


def see_also_entries(loaded: Loaded[Any], project: Project) -> Iterator[Diagnostic]:
    for i, entry_id in enumerate(loaded.record.see_also):
        if entry_id not in project.entries and entry_id not in project.invalid_entries:
            yield Diagnostic(
                loaded.at("see_also", i),
                Code.UNKNOWN_ENTRY,
                f"see-also entry `{entry_id}` is not a glossary entry",
                "use the id of an entry under seeds/glossary/",
            )


def judgment_form(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    """A key judgment states the outcome it judges likely, in its first sentence."""
    note = loaded.record
    if note.kind != "key-judgment":
        return
    if note.likelihood is None:
        yield Diagnostic(
            loaded.at("kind"),
            Code.JUDGMENT_FORM,
            "a key judgment needs a `likelihood` for its claim",
            "add `likelihood:` with one of: " + ", ".join(LIKELIHOOD_TERMS[EVEN_CHANCE:]),
        )
        return
    if LIKELIHOOD_TERMS.index(note.likelihood) < EVEN_CHANCE:
        yield Diagnostic(
            loaded.at("likelihood"),
            Code.JUDGMENT_FORM,
            f"a key judgment judged “{note.likelihood}” states the outcome it does not expect",
            "rephrase the claim as the expected outcome and give its likelihood "
            "(e.g. “unlikely to resume” becomes “likely to stay halted”)",
        )
    if "TODO" in note.body:  # a skeleton's placeholder, reported as such
        return
    sentences = plain_sentences(note.body)
    first = sentences[0] if sentences else ""
    terms = [m.group(0).lower() for m in _LIKELIHOOD.finditer(first)]
    if note.likelihood not in terms:
        found = f"it says “{terms[0]}”" if terms else "it uses no likelihood term"
        yield Diagnostic(
            loaded.at("body"),
            Code.JUDGMENT_FORM,
            f"the first sentence must state the judgment as “{note.likelihood}”; {found}",
            "open the body with the claim itself, worded with the note's own `likelihood`",
        )
    if len(note.indicators) < 2:
        yield Diagnostic(
            loaded.at("indicators") if note.indicators else loaded.at("kind"),
            Code.JUDGMENT_FORM,
            f"a key judgment lists {len(note.indicators)} indicator(s); readers need two or three",
            "add `indicators:` with `{signpost, direction: raises|lowers}` items "
            "that would change the likelihood",
            Severity.WARNING,
        )


def ungraded_sources(loaded: Loaded[Note]) -> Iterator[Diagnostic]:
    """Sources that assessments and key judgments rest on, and those of their outcomes, carry an
    Admiralty grade."""
    note = loaded.record
    if note.kind not in JUDGED:
        return
    cited: list[tuple[tuple[str | int, ...], Source]] = [
        (("sources", i), s) for i, s in enumerate(note.sources)
    ]
    if note.outcome is not None:  # the evidence it is scored on is graded like the rest
        cited += [(("outcome", "sources", i), s) for i, s in enumerate(note.outcome.sources)]
    for loc, source in cited:
        graded = source.grade is not None or (source.ref is not None and source.credibility is not None)
        if not graded and "TODO" not in source.title:
            yield Diagnostic(
                loaded.at(*loc),
                Code.UNGRADED_SOURCE,
                f"source “{_short(source.title)}” of {_KIND_PHRASE[loaded.record.kind]} is not graded",
                "add `reliability:` (A–F) and `credibility:` (1–6), e.g. B2 for a usually "
                "reliable source whose information is probably true",
            )


def sources_without_url(loaded: Loaded[Any]) -> Iterator[Diagnostic]:
    """Every source that exists online gives its address (a placeholder is reported as such)."""
    sources: list[Source] = loaded.record.sources
    for i, source in enumerate(sources):
        if source.url is None and not source.offline and "TODO" not in source.title:
            yield Diagnostic(
                loaded.at("sources", i),
                Code.SOURCE_WITHOUT_URL,
                f"source “{_short(source.title)}” has no `url`",
                "add the address where readers can find it, or `offline: true` if it has none",
                Severity.WARNING,
            )


@dataclass(frozen=True)
class Sentence:
    """A long sentence of a record, as :func:`repeated_text` compares them."""

    key: str
    """SHA-256 of its words, in lower case."""
    words: int
    text: str
    """As first written, shortened for a message."""
    record: str
    """``entry `id``` or ``note `id` (briefing)``."""
    path: Path
    """The record's file, as shown."""
    field: str


def _sentences(record: str, loaded: Loaded[Any], field: str, text: str | None) -> Iterator[Sentence]:
    for sentence in plain_sentences(text or ""):
        words = _WORD.findall(sentence.lower())
        if len(words) >= REPEAT_MIN_WORDS:
            key = digest(" ".join(words).encode())
            yield Sentence(key, len(words), _short(sentence), record, loaded.source.path, field)


def entry_sentences(entries: dict[str, Loaded[Any]]) -> Iterator[Sentence]:
    """The long sentences of the entries, in the order of their ids."""
    for entry_id, entry in sorted(entries.items()):
        yield from _sentences(f"entry `{entry_id}`", entry, "summary", entry.record.summary)
        yield from _sentences(f"entry `{entry_id}`", entry, "body", entry.record.body)


def note_sentences(briefing_id: str, notes: dict[str, Loaded[Note]]) -> Iterator[Sentence]:
    """The long sentences of one briefing's notes, in the order of their ids."""
    for note_id, note in sorted(notes.items()):
        label = f"note `{note_id}` ({briefing_id})"
        yield from _sentences(label, note, "title", note.record.title)
        yield from _sentences(label, note, "body", note.record.body)


def repeated_text(
    sentences: Iterable[Sentence], locate: Callable[[Sentence], Location]
) -> Iterator[Diagnostic]:
    """The same long sentence in several records: explanation that belongs in one place.

    ``sentences``: those of the entries, then of each briefing's notes in the order of
    the briefings' ids; ``locate`` finds one in its file (only the first of each repeat).
    """
    seen: dict[str, dict[str, Sentence]] = defaultdict(dict)
    for sentence in sentences:
        seen[sentence.key].setdefault(sentence.record, sentence)
    for where in seen.values():
        if len(where) < REPEAT_MIN_RECORDS:
            continue
        first = next(iter(where.values()))
        # one file holds one record, so their files alone order them: only the first is located
        places = sorted(where.values(), key=lambda o: (o.path, o.record))
        names = ", ".join(o.record for o in places)
        yield Diagnostic(
            locate(places[0]),
            Code.REPEATED_TEXT,
            f"the same {first.words}-word sentence is in {len(places)} records: “{first.text}”",
            f"it appears in {names}; keep it in one entry or note (or a new concept entry) "
            "and link to it from the others",
            Severity.WARNING,
        )


def _short(text: str, limit: int = 80) -> str:
    """Contributor text for a message: at most ``limit`` characters, nothing invisible."""
    return printable(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")
