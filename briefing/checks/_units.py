"""What the checks of one briefing found, remembered in ``.briefing-cache/briefings.json``
by the digests of what it depends on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import Cache, diagnostics_from_json, diagnostics_json
from ..corpus import Briefing
from ..diagnostics import Diagnostic, Location
from ..judgment_rules import Facts
from ..loading import (
    LocatedYaml,
    PathKey,
)
from ..near_repeats import Paragraph
from ..reference_rules import Named, Reference
from ..tradecraft import (
    Sentence,
)


@dataclass
class Unit:
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
    references: list[Reference]
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
    def from_json(cls, data: dict[str, Any]) -> Unit:
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
                Reference(str(entry_id), str(what), Path(str(path)), path_key(loc))
                for entry_id, what, path, loc in data["references"]
            ],
            facts=Facts.from_json(data["facts"]),
            paragraphs=[Paragraph.from_json(p) for p in data["paragraphs"]],
        )


def path_key(loc: Iterable[Any]) -> PathKey:
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


def remembered_unit(remembered: Cache, key: str) -> Unit | None:
    found = remembered.get("briefing", key)
    if found is None:
        return None
    try:
        unit = Unit.from_json(found)
        unit.key = key
        unit.positions = {
            (str(path), path_key(loc)): (int(line), int(col)) for path, loc, line, col in found.get("at", [])
        }
    except (ValueError, TypeError, KeyError):
        return None
    return unit
