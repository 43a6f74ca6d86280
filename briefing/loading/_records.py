"""The records a seeds folder loads into, and how their paths are shown."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..article import Article
from ..cache import Cache
from ..diagnostics import Location
from ..model import ArticleMeta, Entry, Note
from ._yaml import LocatedYaml

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    record: T
    source: LocatedYaml
    digest: str | None = None
    """SHA-256 of the file's bytes, when it loaded cleanly (what cached results are keyed by)."""

    def at(self, *loc: str | int, key: bool = False) -> Location:
        return self.source.locate(loc, key=key)


@dataclass(frozen=True)
class BriefingSource:
    folder: Path
    meta: Loaded[ArticleMeta]
    article: Article
    notes: dict[str, Loaded[Note]]


class _Mentioning:
    """The entries that mention each briefing, made on first use and shared by the copies
    of a project (:func:`dataclasses.replace` keeps it), so resolving one briefing does
    not scan every entry."""

    def __init__(self) -> None:
        self.by_briefing: dict[str, list[tuple[str, Loaded[Entry]]]] | None = None


@dataclass(frozen=True)
class Project:
    seeds: Path
    entries: dict[str, Loaded[Entry]]
    briefings: dict[str, BriefingSource]
    invalid_entries: frozenset[str] = frozenset()
    """Ids of entry files that exist but failed validation (already reported)."""
    invalid_briefings: frozenset[str] = frozenset()
    """Folders of briefings that exist but could not be loaded (already reported)."""
    cache: Cache | None = None
    """Results remembered from earlier runs, by file content; ``None`` when not in use."""
    rejected: tuple[LocatedYaml, ...] = ()
    """The files of entries and notes that failed validation: their references are still checked."""
    index: _Mentioning = field(default_factory=_Mentioning, repr=False, compare=False)

    def mentioning(self, briefing_id: str) -> list[tuple[str, Loaded[Entry]]]:
        """The entries that mention ``briefing_id``: their ids and records, in the entries' order."""
        if self.index.by_briefing is None:
            self.index.by_briefing = {}
            for entry_id, loaded in self.entries.items():
                for briefing in loaded.record.mentions:
                    self.index.by_briefing.setdefault(briefing, []).append((entry_id, loaded))
        return self.index.by_briefing.get(briefing_id, [])


def display_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it."""
    if not path.is_absolute():
        return path  # a relative path is never below the (absolute) working directory: as is
    if ".." not in path.parts:  # then "below" is a matter of the text alone
        cwd, text = os.getcwd(), str(path)
        return Path(text[len(cwd) + 1 :]) if text.startswith(cwd + os.sep) else path
    try:
        return Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path
    except ValueError:
        return path
