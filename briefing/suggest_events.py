"""Events an article names by a month or a city, where the words around make it plain.

"In April" alone is a date; "the controls China imposed in April 2025" or
"permits China has required since April" name the measure that began then, when
the glossary holds exactly one measure of that month. "London" is a city;
"negotiators agreed in London" or "when they meet in Busan" name the meeting
held there, when the glossary holds exactly one meeting in that city. Both are
derived from an event's own fields: its title (which kind of event it is), its
start date and its place. A city is left alone when the sentence also names
another kind of event held there ("the truce the two sides reached in Geneva"
may be the truce or the talks), unless that event's noun stands right before
the verb ("the truce struck in Geneva").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .suggest_forms import MEASURE_NOUNS, STOPWORDS, bare, event_kind
from .words import MONTHS

if TYPE_CHECKING:
    from .loading import Project

_MEASURE_VERBS = frozenset(
    [
        *("imposed", "introduced", "announced", "unveiled", "adopted", "enacted", "issued", "required"),
        *("tightened", "expanded", "widened", "imposing", "introducing", "announcing"),
    ]
)
_MEETING_WORDS = frozenset(
    [
        *("meet", "meets", "met", "meeting", "meetings", "talks", "talked", "summit", "agreed", "agreement"),
        *("struck", "reached", "negotiated", "negotiators", "negotiations", "signed", "held"),
    ]
)
_MEETING_VERBS = frozenset(["meet", "meets", "met", "meeting", "talks", "summit"])
_FULL_MONTHS = sorted(m for m in MONTHS if len(m) > 4 or m in ("May", "June", "July"))
_MONTH_REFERENCE = re.compile(rf"\b(?:in|since) ({'|'.join(_FULL_MONTHS)})(?: (\d{{4}}))?\b")
_RANGE_AFTER = re.compile(r"\s*(?:and|or|to|through|until|[-–])\s*(?:[A-Z0-9])")
_SENTENCE_STOP = re.compile(r"[.;:!?\n]")


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    entry: str


@dataclass(frozen=True)
class _Event:
    entry: str
    kind: str | None
    head: str | None
    """The title's last common noun: "truce" of "Geneva trade truce"."""


def _head(title: str) -> str | None:
    words = [w for w in re.split(r"[\s–-]+", bare(title)) if w.isalpha() and w.islower()]
    words = [w for w in words if w not in STOPWORDS and len(w) > 3]
    return words[-1] if words else None


class EventIndex:
    """The glossary's dated measures by month and its events by city, built once per run."""

    def __init__(self, project: Project) -> None:
        self.measures: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.by_city: dict[str, list[_Event]] = defaultdict(list)
        for entry_id, loaded in project.entries.items():
            entry = loaded.record
            if entry.type != "event":
                continue
            kind = event_kind(entry.title)
            start = getattr(entry, "start", None)
            if kind == "measure" and isinstance(start, dt.date):
                self.measures[start.year, start.month].append(entry_id)
            place = getattr(entry, "place", None)
            parts = [p.strip() for p in str(place or "").split(",")]
            for city in parts[:-1]:
                if city and city[0].isupper():
                    self.by_city[city].append(_Event(entry_id, kind, _head(entry.title)))
        cities = sorted(self.by_city, key=len, reverse=True)
        self._city = re.compile(rf"\bin ({'|'.join(map(re.escape, cities))})\b") if cities else None

    def references(self, text: str, offset: int) -> Iterator[Reference]:
        """The month and city references in one block's (straight) ``text`` at ``offset``."""
        yield from self._months(text, offset)
        if self._city is not None:
            yield from self._cities(text, offset)

    def _months(self, text: str, offset: int) -> Iterator[Reference]:
        for m in _MONTH_REFERENCE.finditer(text):
            # "in April and May" is a period; "in April 2025 and October 2022" still names each.
            if m.group(2) is None and _RANGE_AFTER.match(text, m.end()):
                continue
            before = _clause_before(text, m.start())
            words = before.split()[-4:]
            verbs = [i for i, w in enumerate(words) if w.lower().strip(",") in _MEASURE_VERBS]
            if not verbs:
                continue
            month = dt.datetime.strptime(m.group(1), "%B").month
            year = int(m.group(2)) if m.group(2) else None
            found = {
                e for (y, mo), ids in self.measures.items() if mo == month and year in (None, y) for e in ids
            }
            if len(found) != 1:
                continue
            start = m.start(1)
            # "rules announced in April": the measure's noun and verb belong to the name.
            if verbs[-1] == len(words) - 1 and len(words) >= 2 and words[-2].lower() in MEASURE_NOUNS:
                start = m.start() - len(f"{words[-2]} {words[-1]} ")
            yield Reference(offset + start, offset + m.end(), found.pop())

    def _cities(self, text: str, offset: int) -> Iterator[Reference]:
        assert self._city is not None
        for m in self._city.finditer(text):
            events = self.by_city[m.group(1)]
            before = _clause_before(text, m.start())
            words = [w.lower().strip(",'\"") for w in before.split()[-6:]]
            if not words or not _MEETING_WORDS.intersection(words):
                continue
            heads = {e.head: e for e in events if e.head}
            if len(words) >= 2 and words[-2] in heads and heads[words[-2]].kind != "meeting":
                start = m.start() - len(" ".join(before.split()[-2:])) - 1
                yield Reference(offset + start, offset + m.end(), heads[words[-2]].entry)
                continue
            if any(e.kind != "meeting" and e.head in words for e in events):
                continue
            meetings = [e for e in events if e.kind == "meeting"]
            if len(meetings) != 1:
                continue
            start = m.start(1)
            if words[-1] in _MEETING_VERBS:
                start = m.start() - len(before.split()[-1]) - 1
            yield Reference(offset + start, offset + m.end(), meetings[0].entry)


def _clause_before(text: str, at: int) -> str:
    """The words of the sentence before ``at`` (at most 80 characters)."""
    window = text[max(0, at - 80) : at]
    stops = list(_SENTENCE_STOP.finditer(window))
    return window[stops[-1].end() :] if stops else window
