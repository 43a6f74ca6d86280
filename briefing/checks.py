"""Everything ``briefing check`` verifies, collected in one pass."""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import gc
import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from . import markup
from .article import Block
from .cache import BRIEFINGS, Cache, Checked, CheckMemo, diagnostics_from_json, diagnostics_json, digest
from .corpus import Briefing, Corpus, resolve_briefing
from .diagnostics import Code, Diagnostic, Location, Severity
from .files import read_regular
from .judgment_rules import Facts, corpus_problems, dated_problems, facts, newest_date
from .loading import (
    Loaded,
    LocatedYaml,
    PathKey,
    Project,
    display_path,
    load_briefing,
    load_glossary,
    load_sources,
    no_briefings,
    note_file,
    seeds_problem,
)
from .model import (
    LIKELIHOOD_TERMS,
    SUMMARY_LIMIT,
    Entry,
    Event,
    Note,
    Organization,
    Person,
    RegisteredSource,
)
from .near_repeats import Paragraph, entry_paragraphs, near_repeats, note_paragraphs
from .reanchor import review_problems, stale_locks
from .registry import with_registry
from .tradecraft import (
    Sentence,
    entry_problems,
    entry_sentences,
    note_problems,
    note_sentences,
    repeated_text,
)
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


def _missing(
    project: Project, entry_id: str, where: Callable[[], Location], what: str
) -> Iterator[Diagnostic]:
    """``where`` computes the location, only when there is a problem to report."""
    entries = project.entries
    if entry_id not in entries and entry_id not in project.invalid_entries:
        close = difflib.get_close_matches(entry_id, sorted(entries), n=1)
        yield Diagnostic(
            where(),
            Code.UNKNOWN_ENTRY,
            f"{what} `{entry_id}` is not a glossary entry",
            f"did you mean `{close[0]}`?" if close else "add the entry under seeds/glossary/",
        )


def _entry_references(project: Project, briefings: Collection[str]) -> Iterator[Diagnostic]:
    """The references of each entry: to ``briefings`` (those that loaded) and to other entries."""
    for loaded in project.entries.values():
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
                yield from _missing(project, party, partial(loaded.at, "parties", i), "party")
        if isinstance(entry, Organization) and entry.country:
            yield from _missing(project, entry.country, partial(loaded.at, "country"), "country")
        if isinstance(entry, Person) and entry.organization:
            yield from _missing(
                project, entry.organization, partial(loaded.at, "organization"), "organization"
            )


@dataclass(frozen=True)
class _Reference:
    """An entry that a note names, and where: checked against the glossary as a whole."""

    entry_id: str
    what: str
    path: Path
    """The note's file, as shown."""
    loc: PathKey


def _note_references(project: Project) -> Iterator[_Reference]:
    for source in project.briefings.values():
        for note in source.notes.values():
            for i, entry_id in enumerate(note.record.entries):
                yield _Reference(entry_id, "entry", note.source.path, ("entries", i))


def _rejected_references(project: Project) -> Iterator[_Reference]:
    """A record with a field error is still checked for its references: every problem at once."""
    for doc in project.rejected:
        data = doc.data
        for name, what in (("entries", "entry"), ("parties", "party")):
            ids = data.get(name)
            for i, entry_id in enumerate(ids if isinstance(ids, list) else []):
                if isinstance(entry_id, str):
                    yield _Reference(entry_id, what, doc.path, (name, i))
        for name in ("organization", "country"):
            if isinstance(data.get(name), str):
                yield _Reference(data[name], name, doc.path, (name,))


def _unknown_entries(
    project: Project, references: Iterable[_Reference], locate: Callable[[Path, PathKey], Location]
) -> Iterator[Diagnostic]:
    for ref in references:
        yield from _missing(project, ref.entry_id, partial(locate, ref.path, ref.loc), ref.what)


Named = tuple[str, bool, Location]
"""A briefing named by the ``mentions`` of a record that failed validation: the name as
written, whether it is text (an id can only be), and where."""


def _named_briefings(project: Project) -> list[Named]:
    found = []
    for doc in project.rejected:
        mentions = doc.data.get("mentions")
        for briefing_id in mentions if isinstance(mentions, dict) else {}:
            where = doc.locate(("mentions", briefing_id), key=True)
            found.append((str(briefing_id), isinstance(briefing_id, str), where))
    return found


def _unknown_named(named: Iterable[Named], briefings: Collection[str]) -> Iterator[Diagnostic]:
    for name, is_text, where in named:
        if not is_text or name not in briefings:
            yield Diagnostic(
                where,
                Code.UNKNOWN_BRIEFING,
                f"briefing `{name}` does not exist",
                "known briefings: " + ", ".join(sorted(briefings)),
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


def _entries_content(project: Project) -> Iterator[Diagnostic]:
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


def _briefings_content(project: Project) -> Iterator[Diagnostic]:
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
    """(briefing, block, column, text) of names no mention covers, in every briefing."""
    for briefing in corpus.briefings.values():
        for block, at, word in _uncovered_in(briefing):
            yield briefing.id, block, at, word


def _uncovered_in(briefing: Briefing) -> Iterator[tuple[Block, int, str]]:
    """(block, column, text) of the names in ``briefing`` that no mention covers.

    A name is a capitalised word inside a sentence, or several capitalised
    words in a row ("Commerce Minister Wang Wentao"). Bare figures, dates
    ("Tuesday", "14 May") and a lone capitalised word opening a sentence
    ("Shipping", "Chinese") are too often plain words to be worth a warning.
    """
    spans = sorted((m.span.start, m.span.end) for m in briefing.mentions)
    starts = [start for start, _ in spans]
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
            if not _covered(spans, starts, lo, hi):
                yield block, at, word


def _covered(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a span of ``spans`` (sorted, not overlapping) overlaps ``[lo, hi)``."""
    i = bisect.bisect_left(starts, hi) - 1  # the last span starting before hi
    return i >= 0 and spans[i][1] > lo


def _coverage_key(briefing: Briefing) -> str:
    """What the names found in a briefing depend on: its blocks and the spans its mentions cover."""
    article = briefing.article
    shape = {
        "text": article.text,
        "blocks": [[b.number, b.line, b.start, b.end] for b in article.blocks],
        "spans": sorted([m.span.start, m.span.end] for m in briefing.mentions),
    }
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode()).hexdigest()


def _coverage(project: Project, corpus: Corpus) -> Iterator[Diagnostic]:
    cache = project.cache
    for briefing_id, briefing in corpus.briefings.items():
        blocks = briefing.article.blocks
        found: list[list[Any]]
        if cache is None:
            found = [[block.number, at, word] for block, at, word in _uncovered_in(briefing)]
        else:
            key = _coverage_key(briefing)
            found = cache.get("coverage", key)
            if found is None:
                found = [[block.number, at, word] for block, at, word in _uncovered_in(briefing)]
                cache.put("coverage", key, found)
        source = project.briefings[briefing_id]
        article = display_path(source.folder / source.meta.record.article)
        for number, col, word in found:
            block = blocks[number - 1]
            yield Diagnostic(
                Location(article, block.line, col + 1),
                Code.UNCOVERED_NAME,
                f"“{word}” in paragraph {block.number} is not covered by any mention",
                "add a mention to the entry it refers to (or a new entry), so readers get it explained",
                Severity.WARNING,
            )


class Rechecks:
    """What each briefing's checks found in this process, with the briefing resolved, for a
    process that checks the same seeds again and again (``briefing serve``): a briefing whose
    folder and mentioning entries are unchanged (as :func:`_units_again` tells) is not
    loaded or checked again, so a rebuild after one edit costs what that edit touches."""

    def __init__(self, seeds: Path) -> None:
        self.memo = CheckMemo.open(seeds, "rechecks")
        self._units: dict[str, tuple[str, _Unit]] = {}

    def units(self, project: Project, folders: Iterable[Path], locked: bool) -> dict[str, _Unit]:
        if self.memo is not None:
            self.memo.recall()  # walks the seeds for the digest of each folder (none if it cannot)
        digests = {} if self.memo is None else self.memo.folders
        files = _entry_files(project)
        kept, units = {}, {}
        for folder in folders:
            inside = digests.get(f"briefings/{folder.name}")
            mentioning = [files[entry_id] for entry_id, _ in project.mentioning(folder.name)]
            key = digest(json.dumps([inside, mentioning, locked]).encode())
            held = self._units.get(folder.name)
            unit = held[1] if inside is not None and held is not None and held[0] == key else None
            if unit is None:
                unit = _unit(project, folder, locked)
            if inside is not None and unit.briefing is not None:
                kept[folder.name] = (key, unit)
            units[folder.name] = unit
        self._units = kept
        return units


def check_project(
    seeds: Path,
    *,
    use_cache: bool = True,
    locked: bool = False,
    today: dt.date | None = None,
    rechecks: Rechecks | None = None,
) -> CheckResult:
    """Load, validate and anchor everything under ``seeds``.

    ``use_cache``: reuse and update ``.briefing-cache/`` beside ``seeds``;
    the diagnostics are the same with it or without it. ``locked``: also
    report each ``anchors.lock.json`` that ``check --fix`` would change.
    ``today``: what judgments' horizons are measured against (by default
    the newest date in the corpus, so that the output depends on the files alone).
    ``rechecks``: what this process found in its last checks of ``seeds``, reused where
    nothing it depends on changed (the diagnostics are the same with it or without it).
    """
    with _cycle_collector_paused():
        diagnostics, entries, units, registry = _check(seeds, use_cache, locked, None, today, rechecks)
    briefings = {name: unit.briefing for name, unit in units.items() if unit.briefing is not None}
    corpus = Corpus({entry_id: loaded.record for entry_id, loaded in entries.items()}, briefings)
    return CheckResult(with_registry(corpus, registry), diagnostics)


def check_again(
    seeds: Path,
    memo: CheckMemo | None,
    *,
    use_cache: bool = True,
    locked: bool = False,
    today: dt.date | None = None,
) -> Checked:
    """What :func:`check_project` reports, as ``briefing check`` prints it. With ``memo``
    (after its :meth:`~CheckMemo.recall`), what each briefing's own checks found is taken
    from ``.briefing-cache/`` when neither its folder nor the entries that mention it changed.
    """
    with _cycle_collector_paused():
        diagnostics, entries, units, _ = _check(seeds, use_cache, locked, memo, today)
    return Checked(
        diagnostics,
        briefings=sum(unit.loaded for unit in units.values()),
        entries=len(entries),
        annotations=sum(unit.annotations for unit in units.values()),
    )


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
        # Everything made meanwhile is still young: the first collection after
        # enabling would scan it all. Move it among the old objects instead, where
        # the collector looks only as often as it does at any long-lived data.
        gc.freeze()
        gc.unfreeze()
        gc.enable()


MAX_BRIEFING_MENTIONS = 3000
"""The most mentions one briefing may carry, over all entries."""


def _limits(project: Project) -> Iterator[Diagnostic]:
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


@dataclass
class _Unit:
    """What the checks of one briefing found. It depends on the briefing's folder and the
    files of the entries that mention it alone, so it is remembered by their digests;
    whatever else it needs of the glossary (do the entries its notes name exist?) it
    leaves to the checks of the whole, as data."""

    loaded: bool
    """Its records loaded: it is in the corpus."""
    diagnostics: list[Diagnostic]
    locks: list[Diagnostic] | None
    """Its stale ``anchors.lock.json`` when it has no error of its own; ``None``: not looked
    at (only ``--locked`` does)."""
    coverage: list[Diagnostic]
    """The names no mention covers, when it has no error of its own."""
    sentences: list[Sentence]
    annotations: int
    named: list[Named]
    """The briefings named by its notes that failed validation (checked against all)."""
    references: list[_Reference]
    """The entries its notes name (checked against the glossary)."""
    briefing: Briefing | None = None
    """Only when checked in this run."""
    facts: Facts = field(default_factory=Facts)
    """What the rules of the whole corpus need of it (dates, grades, horizons)."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    """Its notes' long paragraphs, compared with every other record's."""
    files: dict[Path, LocatedYaml] = field(default_factory=dict)
    """Only when checked in this run: its notes' files (those that failed validation too),
    by their paths as shown."""
    records: Cache | None = None
    """Only when checked in this run: the per-file cache of its folder, saved at the end."""
    key: str | None = None
    """Only when remembered: its key in the cache."""
    positions: dict[tuple[str, PathKey], tuple[int, int]] = field(default_factory=dict)
    """Only when remembered: the positions found in its files since, by file and part."""

    def as_json(self) -> dict[str, Any]:
        return {
            "loaded": self.loaded,
            "diagnostics": diagnostics_json(self.diagnostics),
            "locks": None if self.locks is None else diagnostics_json(self.locks),
            "coverage": diagnostics_json(self.coverage),
            "sentences": [[s.key, s.words, s.text, s.record, str(s.path), s.field] for s in self.sentences],
            "annotations": self.annotations,
            "named": [[name, is_text, str(w.path), w.line, w.col] for name, is_text, w in self.named],
            "references": [[r.entry_id, r.what, str(r.path), list(r.loc)] for r in self.references],
            "facts": self.facts.as_json(),
            "paragraphs": [p.as_json() for p in self.paragraphs],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Unit:
        """Raises ``ValueError``, ``TypeError`` or ``KeyError`` on anything this program does not write."""
        return cls(
            bool(data["loaded"]),
            list(diagnostics_from_json(data["diagnostics"])),
            None if data["locks"] is None else list(diagnostics_from_json(data["locks"])),
            list(diagnostics_from_json(data["coverage"])),
            _sentences_from_json(data["sentences"]),
            int(data["annotations"]),
            [
                (str(name), bool(is_text), Location(Path(str(path)), int(line), int(col)))
                for name, is_text, path, line, col in data["named"]
            ],
            [
                _Reference(str(entry_id), str(what), Path(str(path)), _path_key(loc))
                for entry_id, what, path, loc in data["references"]
            ],
            facts=Facts.from_json(data["facts"]),
            paragraphs=[Paragraph.from_json(p) for p in data["paragraphs"]],
        )


def _path_key(loc: Iterable[Any]) -> PathKey:
    """A part of a YAML file, read back from JSON: its keys and list indexes."""
    return tuple(part if isinstance(part, int) else str(part) for part in loc)


def _sentences_from_json(data: Iterable[Any]) -> list[Sentence]:
    paths: dict[str, Path] = {}  # one for the sentences of each file

    def path_of(text: str) -> Path:
        found = paths.get(text)
        if found is None:
            found = paths[text] = Path(text)
        return found

    return [
        Sentence(str(key), int(words), str(text), str(record), path_of(str(path)), str(name))
        for key, words, text, record, path, name in data
    ]


def _unit(base: Project, folder: Path, locked: bool) -> _Unit:
    """Everything checked of the briefing in ``folder`` that depends on nothing else but the
    entries that mention it."""
    cache = None if base.cache is None else base.cache.of_briefing(folder.name)
    source, problems, rejected = load_briefing(folder, cache)
    briefings = {folder.name: source} if source else {}
    project = replace(base, briefings=briefings, rejected=rejected, cache=cache)
    references = list(_rejected_references(project))
    named = _named_briefings(project)
    files = {doc.path: doc for doc in rejected}
    if source is None:
        return _Unit(False, problems, [], [], [], 0, named, references, files=files, records=cache)
    references.extend(_note_references(project))
    files.update((note.source.path, note.source) for note in source.notes.values())
    problems.extend(_limits(project))
    problems.extend(_briefings_content(project))
    problems.extend(note_problems(project))
    problems.extend(dated_problems(source))
    anchoring: list[Diagnostic] = []
    briefing = resolve_briefing(project, folder.name, anchoring)
    problems.extend(review_problems(project, anchoring))
    clean = not any(p.is_error for p in problems)
    locks = (list(stale_locks(project)) if clean else []) if locked else None
    coverage = list(_coverage(project, Corpus({}, {folder.name: briefing}))) if clean else []
    return _Unit(
        True,
        problems,
        locks,
        coverage,
        list(note_sentences(folder.name, source.notes)),
        len(briefing.mentions) + len(briefing.notes),
        named,
        references,
        briefing,
        facts(source),
        list(note_paragraphs(folder.name, source.notes)),
        files,
        cache,
    )


def _check(
    seeds: Path,
    use_cache: bool,
    locked: bool,
    memo: CheckMemo | None,
    today: dt.date | None,
    rechecks: Rechecks | None = None,
) -> tuple[tuple[Diagnostic, ...], dict[str, Loaded[Entry]], dict[str, _Unit], dict[str, RegisteredSource]]:
    """The diagnostics, the entries, what each briefing's checks found and the source
    registry. With ``memo`` (see :func:`check_again`), a briefing whose folder and
    mentioning entries are unchanged is not checked again."""
    unusable = seeds_problem(seeds)
    if unusable is not None:
        return (unusable,), {}, {}, {}
    cache = Cache.open(seeds) if use_cache else None
    glossary = load_glossary(seeds, cache)
    project = Project(
        seeds, glossary.entries, {}, invalid_entries=glossary.invalid, cache=cache, rejected=glossary.rejected
    )
    remembered = Cache.open(seeds, BRIEFINGS) if memo is not None else None
    if rechecks is not None:
        units = rechecks.units(project, glossary.folders, locked)
    elif memo is None or remembered is None:
        units = {folder.name: _unit(project, folder, locked) for folder in glossary.folders}
    else:
        units = _units_again(project, glossary.folders, locked, memo.folders, remembered)
    problems = list(glossary.problems)
    registry = load_sources(seeds, problems, cache)
    for unit in units.values():
        problems.extend(unit.diagnostics)
    loaded = {name for name, unit in units.items() if unit.loaded}
    if not loaded and not any(p.is_error for p in problems):
        problems.append(no_briefings(seeds))
    project = replace(project, invalid_briefings=frozenset(units.keys() - loaded))
    locate = _Finder(project, units, remembered)
    problems.extend(_entry_references(project, loaded))
    references = chain(_rejected_references(project), *(unit.references for unit in units.values()))
    problems.extend(_unknown_entries(project, references, locate))
    named = chain(_named_briefings(project), *(unit.named for unit in units.values()))
    problems.extend(_unknown_named(named, loaded))
    problems.extend(_entries_content(project))
    problems.extend(entry_problems(project))
    newest = newest_date((e.record for e in project.entries.values()), (s.record for s in registry.values()))
    problems.extend(corpus_problems((u.facts for u in units.values()), registry, locate, today, newest))
    sentences = chain(entry_sentences(project.entries), *(unit.sentences for unit in units.values()))
    problems.extend(repeated_text(sentences, lambda sentence: locate(sentence.path, (sentence.field,))))
    paragraphs = chain(entry_paragraphs(project.entries), *(unit.paragraphs for unit in units.values()))
    problems.extend(near_repeats(paragraphs, lambda p: locate(p.path, (p.field,))))
    if locked and not any(p.is_error for p in problems):
        problems.extend(chain.from_iterable(unit.locks or () for unit in units.values()))
    if not any(p.is_error for p in problems):  # gaps are only meaningful in a sound corpus
        problems.extend(chain.from_iterable(unit.coverage for unit in units.values()))
    if cache is not None:  # by the digests of the bytes they were made from: always true
        for used in (cache, *(unit.records for unit in units.values())):
            if used is not None:
                used.save()
        cache.prune_briefings(units)
    if remembered is not None and memo is not None and memo.unchanged():
        remembered.save()  # by the digests the memo saw before: true if nothing changed since
    diagnostics = tuple(sorted(problems, key=lambda d: (d.location, d.code)))
    return diagnostics, glossary.entries, units, {i: s.record for i, s in registry.items()}


def _units_again(
    project: Project, folders: Iterable[Path], locked: bool, digests: Mapping[str, str], remembered: Cache
) -> dict[str, _Unit]:
    """What the checks of each briefing found: remembered when its folder (by ``digests``,
    see :attr:`CheckMemo.folders`) and the entries that mention it are unchanged."""
    files = _entry_files(project)
    units: dict[str, _Unit] = {}
    for folder in folders:
        inside = digests.get(f"briefings/{folder.name}")
        if inside is None:
            units[folder.name] = _unit(project, folder, locked)
            continue
        mentioning = [files[entry_id] for entry_id, _ in project.mentioning(folder.name)]
        key = digest(json.dumps([os.getcwd(), str(project.seeds), inside, mentioning]).encode())
        unit = _remembered_unit(remembered, key)
        if unit is None or (locked and unit.locks is None):
            unit = _unit(project, folder, locked)
            remembered.put("briefing", key, unit.as_json())
        units[folder.name] = unit
    return units


def _entry_files(project: Project) -> dict[str, tuple[str, str]]:
    """Each entry's file (as shown) and its SHA-256: what a briefing's checks read of the
    entries that mention it (their mentions, where they are written)."""
    return {
        entry_id: (str(loaded.source.path), _file_digest(loaded))
        for entry_id, loaded in project.entries.items()
    }


def _file_digest(loaded: Loaded[Any]) -> str:
    """The digest its loading kept (files that loaded cleanly), else of its bytes now; a file
    gone meanwhile matches nothing remembered."""
    if loaded.digest is not None:
        return loaded.digest
    try:
        return digest(read_regular(loaded.source.path))
    except OSError:
        return os.urandom(16).hex()


def _remembered_unit(remembered: Cache, key: str) -> _Unit | None:
    found = remembered.get("briefing", key)
    if found is None:
        return None
    try:
        unit = _Unit.from_json(found)
        unit.key = key
        unit.positions = {
            (str(path), _path_key(loc)): (int(line), int(col)) for path, loc, line, col in found.get("at", [])
        }
    except (ValueError, TypeError, KeyError):
        return None
    return unit


class _Finder:
    """Where a part of a record's file is: in a file loaded in this run, where its remembered
    briefing says, or in the file read again (and then remembered with the briefing)."""

    def __init__(self, project: Project, units: Mapping[str, _Unit], remembered: Cache | None):
        self._files: dict[Path, LocatedYaml] = {e.source.path: e.source for e in project.entries.values()}
        self._files.update((doc.path, doc) for doc in project.rejected)
        self._kept: dict[Path, _Unit] = {}
        for unit in units.values():
            self._files.update(unit.files)
            if unit.key is not None:
                paths = chain(
                    (s.path for s in unit.sentences),
                    (r.path for r in unit.references),
                    (c.path for c in unit.facts.cited),
                    (h.path for h in unit.facts.open),
                    (p.path for p in unit.paragraphs),
                )
                self._kept.update((path, unit) for path in paths)
        self._remembered = remembered

    def __call__(self, path: Path, loc: PathKey) -> Location:
        doc = self._files.get(path)
        if doc is not None:
            return doc.locate(loc)
        unit, place = self._kept.get(path), (str(path), loc)
        if unit is not None and place in unit.positions:
            return Location(path, *unit.positions[place])
        doc = note_file(path)
        if doc is None:
            return Location(path)
        where = doc.locate(loc)
        if unit is not None and unit.key is not None and self._remembered is not None:
            self._remembered.add("briefing", unit.key, "at", [str(path), list(loc), where.line, where.col])
        return where
