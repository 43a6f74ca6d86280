"""The checks of a seeds folder, briefing by briefing, each briefing's remembered while its
folder and the entries that mention it are unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any

from ..cache import BRIEFINGS, Cache, CheckMemo
from ..content_rules import briefings_content, entries_content, limit_problems
from ..corpus import Corpus, resolve_briefing
from ..coverage_rules import coverage_problems
from ..diagnostics import Diagnostic, Location
from ..files import digest, read_regular
from ..judgment_rules import corpus_problems, dated_problems, facts, newest_date
from ..loading import (
    Loaded,
    LocatedYaml,
    PathKey,
    Project,
    load_briefing,
    load_glossary,
    load_sources,
    no_briefings,
    note_file,
    seeds_problem,
)
from ..model import (
    Entry,
    RegisteredSource,
)
from ..near_repeats import entry_paragraphs, near_repeats, note_paragraphs
from ..reanchor import review_problems, stale_locks
from ..reference_rules import (
    entry_references,
    named_briefings,
    note_references,
    rejected_references,
    unknown_entries,
    unknown_named,
)
from ..tradecraft import (
    entry_problems,
    entry_sentences,
    note_problems,
    note_sentences,
    repeated_text,
)
from ._units import Unit, remembered_unit


def _unit(base: Project, folder: Path, locked: bool) -> Unit:
    """Everything checked of the briefing in ``folder`` that depends on nothing else but the
    entries that mention it."""
    cache = None if base.cache is None else base.cache.of_briefing(folder.name)
    source, problems, rejected = load_briefing(folder, cache)
    briefings = {folder.name: source} if source else {}
    project = replace(base, briefings=briefings, rejected=rejected, cache=cache)
    references = list(rejected_references(project))
    named = named_briefings(project)
    files = {doc.path: doc for doc in rejected}
    if source is None:
        return Unit(False, problems, [], [], [], 0, named, references, files=files, records=cache)
    references.extend(note_references(project))
    files.update((note.source.path, note.source) for note in source.notes.values())
    problems.extend(limit_problems(project))
    problems.extend(briefings_content(project))
    problems.extend(note_problems(project))
    problems.extend(dated_problems(source))
    anchoring: list[Diagnostic] = []
    briefing = resolve_briefing(project, folder.name, anchoring)
    problems.extend(review_problems(project, anchoring))
    clean = not any(p.is_error for p in problems)
    locks = (list(stale_locks(project)) if clean else []) if locked else None
    coverage = list(coverage_problems(project, Corpus({}, {folder.name: briefing}))) if clean else []
    return Unit(
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


def check_units(
    seeds: Path, use_cache: bool, locked: bool, memo: CheckMemo | None, today: dt.date | None
) -> tuple[tuple[Diagnostic, ...], dict[str, Loaded[Entry]], dict[str, Unit], dict[str, RegisteredSource]]:
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
    if memo is None or remembered is None:
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
    problems.extend(entry_references(project, loaded))
    references = chain(rejected_references(project), *(unit.references for unit in units.values()))
    problems.extend(unknown_entries(project, references, locate))
    named = chain(named_briefings(project), *(unit.named for unit in units.values()))
    problems.extend(unknown_named(named, loaded))
    problems.extend(entries_content(project))
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
) -> dict[str, Unit]:
    """What the checks of each briefing found: remembered when its folder (by ``digests``,
    see :attr:`CheckMemo.folders`) and the entries that mention it are unchanged."""
    files = _entry_files(project)
    units: dict[str, Unit] = {}
    for folder in folders:
        inside = digests.get(f"briefings/{folder.name}")
        if inside is None:
            units[folder.name] = _unit(project, folder, locked)
            continue
        mentioning = [files[entry_id] for entry_id, _ in project.mentioning(folder.name)]
        key = digest(json.dumps([os.getcwd(), str(project.seeds), inside, mentioning]).encode())
        unit = remembered_unit(remembered, key)
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


class _Finder:
    """Where a part of a record's file is: in a file loaded in this run, where its remembered
    briefing says, or in the file read again (and then remembered with the briefing)."""

    def __init__(self, project: Project, units: Mapping[str, Unit], remembered: Cache | None):
        self._files: dict[Path, LocatedYaml] = {e.source.path: e.source for e in project.entries.values()}
        self._files.update((doc.path, doc) for doc in project.rejected)
        self._kept: dict[Path, Unit] = {}
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
