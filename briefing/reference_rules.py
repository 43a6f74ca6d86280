"""Checks that every briefing and entry a record names exists, in records that loaded and
in those that failed validation.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .diagnostics import Code, Diagnostic, Location
from .loading import (
    PathKey,
    Project,
)
from .model import (
    Event,
    Organization,
    Person,
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


def entry_references(project: Project, briefings: Collection[str]) -> Iterator[Diagnostic]:
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
class Reference:
    """An entry that a note names, and where: checked against the glossary as a whole."""

    entry_id: str
    what: str
    path: Path
    """The note's file, as shown."""
    loc: PathKey


def note_references(project: Project) -> Iterator[Reference]:
    for source in project.briefings.values():
        for note in source.notes.values():
            for i, entry_id in enumerate(note.record.entries):
                yield Reference(entry_id, "entry", note.source.path, ("entries", i))


def rejected_references(project: Project) -> Iterator[Reference]:
    """A record with a field error is still checked for its references: every problem at once."""
    for doc in project.rejected:
        data = doc.data
        for name, what in (("entries", "entry"), ("parties", "party")):
            ids = data.get(name)
            for i, entry_id in enumerate(ids if isinstance(ids, list) else []):
                if isinstance(entry_id, str):
                    yield Reference(entry_id, what, doc.path, (name, i))
        for name in ("organization", "country"):
            if isinstance(data.get(name), str):
                yield Reference(data[name], name, doc.path, (name,))


def unknown_entries(
    project: Project, references: Iterable[Reference], locate: Callable[[Path, PathKey], Location]
) -> Iterator[Diagnostic]:
    for ref in references:
        yield from _missing(project, ref.entry_id, partial(locate, ref.path, ref.loc), ref.what)


Named = tuple[str, bool, Location]
"""A briefing named by the ``mentions`` of a record that failed validation: the name as
written, whether it is text (an id can only be), and where."""


def named_briefings(project: Project) -> list[Named]:
    found = []
    for doc in project.rejected:
        mentions = doc.data.get("mentions")
        for briefing_id in mentions if isinstance(mentions, dict) else {}:
            where = doc.locate(("mentions", briefing_id), key=True)
            found.append((str(briefing_id), isinstance(briefing_id, str), where))
    return found


def unknown_named(named: Iterable[Named], briefings: Collection[str]) -> Iterator[Diagnostic]:
    for name, is_text, where in named:
        if not is_text or name not in briefings:
            yield Diagnostic(
                where,
                Code.UNKNOWN_BRIEFING,
                f"briefing `{name}` does not exist",
                "known briefings: " + ", ".join(sorted(briefings)),
            )
