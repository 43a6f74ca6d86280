"""Near-verbatim repeats: a paragraph of one record written again, lightly edited, in another.

:func:`~briefing.tradecraft.repeated_text` finds the same sentence word for
word; an explanation copied into a note and then touched up ("imposed" for
"taken", one clause dropped) escapes it. Paragraphs are compared by their runs
of :data:`SHINGLE` words: two paragraphs of different records that share at
least :data:`NEAR_SHARE` of the runs of the shorter are the same text.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Code, Diagnostic, Location, Severity, printable
from .loading import Loaded
from .model import Note

SHINGLE = 3
NEAR_MIN_WORDS = 25
"""Shorter paragraphs (a date line, a one-sentence summary) are too often alike by chance."""
NEAR_SHARE = 0.5
_COMMON = 50
"""A run of words found in more paragraphs than this is a stock phrase: it proves nothing."""
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"[\w’'-]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Paragraph:
    shingles: frozenset[int]
    words: int
    text: str
    """Its opening, for a message."""
    record: str
    path: Path
    field: str

    def as_json(self) -> list[Any]:
        return [sorted(self.shingles), self.words, self.text, self.record, str(self.path), self.field]

    @classmethod
    def from_json(cls, data: list[Any]) -> Paragraph:
        """Raises ``ValueError`` or ``TypeError`` on anything this program does not write."""
        shingles, words, text, record, path, field = data
        return cls(
            frozenset(int(s) for s in shingles), int(words), str(text), str(record), Path(path), str(field)
        )


def _paragraphs(record: str, loaded: Loaded[Any], field: str, text: str) -> Iterator[Paragraph]:
    for part in _PARAGRAPH.split(_LINK.sub(r"\1", text)):
        words = _WORD.findall(part.lower())
        if len(words) < NEAR_MIN_WORDS:
            continue
        shingles = frozenset(
            int.from_bytes(hashlib.sha256(" ".join(words[i : i + SHINGLE]).encode()).digest()[:6], "big")
            for i in range(len(words) - SHINGLE + 1)
        )
        opening = " ".join(part.split())
        shown = printable(opening if len(opening) <= 60 else opening[:59].rstrip() + "…")
        yield Paragraph(shingles, len(words), shown, record, loaded.source.path, field)


def entry_paragraphs(entries: dict[str, Loaded[Any]]) -> Iterator[Paragraph]:
    for entry_id, entry in sorted(entries.items()):
        yield from _paragraphs(f"entry `{entry_id}`", entry, "body", entry.record.body)


def note_paragraphs(briefing_id: str, notes: dict[str, Loaded[Note]]) -> Iterator[Paragraph]:
    for note_id, note in sorted(notes.items()):
        yield from _paragraphs(f"note `{note_id}` ({briefing_id})", note, "body", note.record.body)


def near_repeats(
    paragraphs: Iterable[Paragraph], locate: Callable[[Paragraph], Location]
) -> Iterator[Diagnostic]:
    """Each pair of records with a paragraph in common, reported once: at the note when one is
    a note and the other an entry, else at the one whose file comes later."""
    found = list(paragraphs)
    holders: dict[int, list[int]] = defaultdict(list)
    for n, paragraph in enumerate(found):
        for shingle in paragraph.shingles:
            holders[shingle].append(n)
    reported: set[tuple[str, str]] = set()
    for n, paragraph in enumerate(found):
        shared: dict[int, int] = defaultdict(int)
        for shingle in paragraph.shingles:
            others = holders[shingle]
            if len(others) > _COMMON:
                continue
            for m in others:
                if m > n and found[m].record != paragraph.record:
                    shared[m] += 1
        for m, count in sorted(shared.items()):
            other = found[m]
            if count < NEAR_SHARE * min(len(paragraph.shingles), len(other.shingles)):
                continue
            # an entry is where an explanation lives: the note repeating it is the copy
            first, copy = sorted((paragraph, other), key=lambda p: (p.record.startswith("note"), p.path))
            if (first.record, copy.record) in reported:
                continue
            reported.add((first.record, copy.record))
            share = round(100 * count / min(len(paragraph.shingles), len(other.shingles)))
            yield Diagnostic(
                locate(copy),
                Code.REPEATED_TEXT,
                f"a paragraph of {copy.record} nearly repeats one of {first.record} "
                f"({share}% of its phrasing): “{copy.text}”",
                f"keep the explanation in {first.record} and say here only what this "
                f"{'note' if copy.record.startswith('note') else 'entry'} adds, naming the other",
                Severity.WARNING,
            )
