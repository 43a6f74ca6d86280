"""Events an article names by a month, a city or a day, where the words around make it plain.

"In April" alone is a date; "the controls China imposed in April 2025" or
"permits China has required since April" name the measure that began then, when
the glossary holds exactly one measure of that month, as does "since early
April, when Beijing began requiring". "London" is a city; "negotiators agreed in
London", "when they meet in Busan", "the third round after Geneva and London",
"the London deal", "London in June" or "What London produced" name the meeting
held there, when the glossary holds exactly one meeting in that city, and the
venue of one event ("at Lancaster House") names that event; where nothing says
whether a city the glossary also holds as a place is the city or its meeting,
both are offered. "The call in June" names the one call of that month. A day
names an event other than a measure only beside one of its parties or its own
noun, and a day after a phrase must be one of its entry's days. All of it is
derived from an event's own fields: its title (which kind of event it is), its
dates, its place and its parties. A city is left alone when the sentence also
names another kind of event held there ("the truce the two sides reached in
Geneva" may be the truce or the talks), unless that event's noun stands right
before the verb ("the truce struck in Geneva"). A country is not read as its
one meeting: "the summit in South Korea" may be another summit held there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import MONTHS, WEEKDAYS, is_date_only
from ._context import acts
from ._variants import MEASURE_NOUNS, STOPWORDS, bare, event_kind

if TYPE_CHECKING:
    from ..loading import Project

_MEASURE_VERBS = frozenset(
    [
        *("imposed", "introduced", "announced", "unveiled", "adopted", "enacted", "issued", "required"),
        *("tightened", "expanded", "widened", "imposing", "introducing", "announcing", "requiring"),
    ]
)
_MEETING_WORDS = frozenset(
    [
        *("meet", "meets", "met", "meeting", "meetings", "talks", "talked", "summit", "agreed", "agreement"),
        *("struck", "reached", "negotiated", "negotiators", "negotiations", "signed", "held"),
        *("deal", "deals", "round", "rounds", "commitments", "pledges", "promises", "framework"),
    ]
)
_MEETING_VERBS = frozenset(["meet", "meets", "met", "meeting", "talks", "summit"])
_FULL_MONTHS = sorted(m for m in MONTHS if len(m) > 4 or m in ("May", "June", "July"))
_MONTH_REFERENCE = re.compile(
    rf"\b(?:in|since) (?:(?:early|mid-|late) )?({'|'.join(_FULL_MONTHS)})(?: (\d{{4}}))?\b"
)
_WHEN_CLAUSE = re.compile(r",? when ((?:[\w'-]+ ){0,4}[\w'-]+)")
"""", when Beijing began requiring": the clause after a month that says what began then."""
_TIME_WORDS = frozenset(["after", "since", "before", "until"])
"""Words of time before a city: the city stands for what happened there ("since Geneva")."""
_AGREEMENT_NOUNS = frozenset(["deal", "agreement", "accord", "truce", "consensus", "understanding"])
_MEETING_NOUNS_AFTER = frozenset(["talks", "meeting", "summit", "round", "framework"])
"""Nouns after a city naming what was agreed or held there: "the Geneva deal", "the London framework"."""
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[.!?:;\"'“‘]\s*|,\s+|\b(?:[Ww]hat|that|and|but|while|as|if|when|whether|because|unless)\s+)$"
)
"""Where a subject can begin: "What London produced", not "left London early"."""
_BEING = re.compile(r"(?: [a-z]+ly)? (?:is|was|has|had|remains|remained|lies|sits|seems|looks)\b")
"""A city that is or has something may be the city ("Geneva is quiet") or its talks ("London was
good news"): the choice is left to the analyst."""
_AS_A_PLACE = re.compile(
    r"(?:\b(?:in|at|from|to|into|near|outside|across|around|of|via|for|leave|left|leaving|visit|visited|"
    r"visiting|reach|reached)|[A-Z][a-z]+)\s+$"
)
"""Before a city, words that make it the place: "in London", "left London", "Greater London"."""
_NAME_GOES_ON = re.compile(r"(?:-based\b| [A-Z][a-z])")
"""After a city, words that make it the place: "London-based", "London Metal Exchange"."""
_OTHER_MEASURES = frozenset(
    ["countermeasures", "tariffs", "tariff", "duties", "sanctions", "levies", "fees", "taxes", "visas"]
)
"""Measures of another kind than the glossary's controls: "the countermeasures imposed in May"."""
_RANGE_AFTER = re.compile(r"\s*(?:and|or|to|through|until|[-–])\s*(?:[A-Z0-9])")
_SENTENCE_STOP = re.compile(r"[.;:!?\n]")
_MONTH_NAMES = "|".join(MONTHS)
_DAY_AFTER = re.compile(
    rf",? (?:on|last|this|next) (?:(?P<weekday>{'|'.join(WEEKDAYS)})\b"
    rf"|(?P<month>{_MONTH_NAMES})\.? (?P<day>\d{{1,2}})\b|(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH_NAMES})\b)"
)
"""A day named right after a phrase: "a social media post on Sunday", "the call on June 5"."""


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    entry: str
    or_place: bool = False
    """The words may as well name the city itself: "London was good news" (the talks, or the city?)."""


@dataclass(frozen=True)
class _Event:
    entry: str
    kind: str | None
    head: str | None
    """The title's last common noun: "truce" of "Geneva trade truce"."""
    venue: bool = False
    """Named by the building it was held in ("Lancaster House" of "Lancaster House, London, …")."""


def _head(title: str) -> str | None:
    words = [w for w in re.split(r"[\s–-]+", bare(title)) if w.isalpha() and w.islower()]
    words = [w for w in words if w not in STOPWORDS and len(w) > 3]
    return words[-1] if words else None


class EventIndex:
    """The glossary's dated measures by month and its events by city, built once per run."""

    def __init__(self, project: Project) -> None:
        self.measures: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.by_city: dict[str, list[_Event]] = defaultdict(list)
        self.days: dict[str, tuple[dt.date, dt.date]] = {}
        """The first and last day of each dated event and document."""
        self.parties: dict[str, frozenset[str]] = {}
        """Who took part in each event other than a measure: its day alone does not name it."""
        self.heads: dict[str, str | None] = {}
        """The noun of what each such event is, before any preposition: "statement" of "MOFCOM
        statement on rare-earth licences"."""
        self.places = frozenset(
            bare(name)
            for loaded in project.entries.values()
            if loaded.record.type == "place"
            for name in (loaded.record.title, *loaded.record.aliases)
        )
        """The names of the glossary's places: a city it holds may be named as the city."""
        for entry_id, loaded in project.entries.items():
            entry = loaded.record
            first = getattr(entry, "start", None) or getattr(entry, "issued", None)
            if isinstance(first, dt.date):
                last = getattr(entry, "end", None)
                self.days[entry_id] = (first, last if isinstance(last, dt.date) and last >= first else first)
            if entry.type != "event":
                continue
            kind = event_kind(entry.title)
            if kind != "measure":
                self.parties[entry_id] = frozenset(getattr(entry, "parties", ()))
                self.heads[entry_id] = _head(re.split(r"\b(?:on|of|in|at|with)\b", bare(entry.title))[0])
            if kind == "measure" and isinstance(first, dt.date):
                self.measures[first.year, first.month].append(entry_id)
            place = getattr(entry, "place", None)
            parts = [p.strip() for p in str(place or "").split(",")]
            # "Lancaster House, London, United Kingdom": a venue, its city, its country.
            for n, city in enumerate(parts[:-1]):
                if city and city[0].isupper():
                    venue = n == 0 and len(parts) >= 3
                    self.by_city[city].append(_Event(entry_id, kind, _head(entry.title), venue))
        cities = "|".join(map(re.escape, sorted(self.by_city, key=len, reverse=True)))
        self._city = re.compile(rf"\b(in|at|{'|'.join(_TIME_WORDS)}) ({cities})\b") if cities else None
        self._and_city = re.compile(rf" and ({cities})\b") if cities else None
        nouns = "|".join(_AGREEMENT_NOUNS | _MEETING_NOUNS_AFTER)
        self._city_noun = re.compile(rf"\b({cities}) ({nouns})\b") if cities else None
        self._bare_city = re.compile(rf"(?<![\w-])({cities})(?![\w-])") if cities else None
        self._city_month = re.compile(rf"\b({cities}) in ({_MONTH_NAMES})\b") if cities else None
        kinds = "|".join(sorted({re.escape(h) for h in self.heads.values() if h}))
        self._kind_month = re.compile(rf"\bthe ({kinds}) in ({_MONTH_NAMES})\b", re.I) if kinds else None

    def day_alone(
        self, text: str, start: int, end: int, entries: frozenset[str], named: Mapping[str, list[int]]
    ) -> bool:
        """Whether ``text[start:end]``, a day naming an event other than a measure, stands alone:
        in a sentence naming none of its parties (``named``: where the article names each entry,
        in order) and after no noun of its kind. "On June 8, Hassett said" is the interview and "a
        statement on June 7" the statement; "On June 6, Trump called" is not the briefing held
        that day. A measure is named by its day ("imposed on April 4")."""
        events = [e for e in entries if e in self.parties]
        if not events or not is_date_only(text[start:end]):
            return False
        before = text[max(0, start - 30) : start].lower()
        if any(before.endswith((f"{h} on ", f"{h}s on ")) for e in events if (h := self.heads[e])):
            return False
        first, last = _sentence_around(text, start)
        for party in {p for e in events for p in self.parties[e]}:
            at = named.get(party, [])
            n = bisect.bisect_left(at, first)
            if n < len(at) and at[n] < last:
                return False
        return True

    def dated_otherwise(self, text: str, start: int, end: int, entries: frozenset[str]) -> bool:
        """Whether a day named right after a phrase for dated entries is none of their days:
        "a social media post on Sunday" is not the post of Thursday 5 June. A phrase holding its
        own date ("the October measures on November 7") leaves the day to the verb."""
        if not entries or not all(e in self.days for e in entries):
            return False
        if any(w.rstrip(".") in MONTHS or w.isdigit() for w in text[start:end].split()):
            return False
        m = _DAY_AFTER.match(text, end)
        if m is None:
            return False
        for entry in entries:
            first, last = self.days[entry]
            if (last - first).days >= 6:
                return False
            days = [first + dt.timedelta(n) for n in range((last - first).days + 1)]
            if m.group("weekday"):
                if any(d.strftime("%A") == m.group("weekday") for d in days):
                    return False
                continue
            month, day = (
                (m.group("month"), m.group("day"))
                if m.group("month")
                else (m.group("month2"), m.group("day2"))
            )
            if any(d.day == int(day) and d.strftime("%B").startswith(month.rstrip(".")) for d in days):
                return False
        return True

    def references(self, text: str, offset: int) -> Iterator[Reference]:
        """The month and city references in one block's (straight) ``text`` at ``offset``."""
        yield from self._months(text, offset)
        yield from self._kinds_by_month(text, offset)
        if self._city is not None:
            found = [*self._cities(text, offset), *self._city_nouns(text, offset)]
            yield from found
            taken = {ref.start for ref in found}
            yield from (ref for ref in self._bare_cities(text, offset) if ref.start not in taken)

    def _kinds_by_month(self, text: str, offset: int) -> Iterator[Reference]:
        """ "the call in June": the one event of that kind held in that month."""
        if self._kind_month is None:
            return
        for m in self._kind_month.finditer(text):
            month = _month_number(m.group(2))
            found = [
                e for e, h in self.heads.items() if h == m.group(1).lower() and self.days[e][0].month == month
            ]
            if len(found) == 1:
                yield Reference(offset + m.start(), offset + m.end(), found[0])

    def _bare_cities(self, text: str, offset: int) -> Iterator[Reference]:
        """A city standing for the one meeting held there: where it acts ("What London
        produced"), and, for a city the glossary also holds as a place, wherever nothing says
        which it is ("through London to Busan"), left for the analyst to choose. After a word
        of place or travel ("in London", "left London") or in a longer name it is the city."""
        assert self._bare_city is not None
        for m in self._bare_city.finditer(text):
            city = m.group(1)
            meetings = [e for e in self.by_city[city] if e.kind == "meeting"]
            if len(meetings) != 1:
                continue
            before = text[max(0, m.start() - 12) : m.start()]
            if _SUBJECT_BEFORE.search(before) and acts(text, m.end()) and not _BEING.match(text, m.end()):
                yield Reference(offset + m.start(), offset + m.end(), meetings[0].entry)
            elif (
                city in self.places
                and not _AS_A_PLACE.search(before)
                and not _NAME_GOES_ON.match(text, m.end())
            ):
                yield Reference(offset + m.start(), offset + m.end(), meetings[0].entry, or_place=True)

    def _city_nouns(self, text: str, offset: int) -> Iterator[Reference]:
        """ "the London deal", "the Busan summit": a city before the noun of what was done there,
        or with the month it was done in ("London in June")."""
        assert self._city_noun is not None
        for m in self._city_noun.finditer(text):
            events = self.by_city[m.group(1)]
            meetings = [e for e in events if e.kind == "meeting"]
            pacts = [e for e in events if e.kind is None]
            chosen = pacts if m.group(2) in _AGREEMENT_NOUNS and pacts else meetings
            if len(chosen) == 1:
                yield Reference(offset + m.start(), offset + m.end(), chosen[0].entry)
        assert self._city_month is not None
        for m in self._city_month.finditer(text):
            # "after Geneva in May and London in June": the meeting held there that month.
            month = _month_number(m.group(2))
            events = [e for e in self.by_city[m.group(1)] if self.days[e.entry][0].month == month]
            chosen = [e for e in events if e.kind == "meeting"] or events
            if len(chosen) == 1:
                yield Reference(offset + m.start(1), offset + m.end(1), chosen[0].entry)

    def _months(self, text: str, offset: int) -> Iterator[Reference]:
        for m in _MONTH_REFERENCE.finditer(text):
            # "in April and May" is a period; "in April 2025 and October 2022" still names each.
            if m.group(2) is None and _RANGE_AFTER.match(text, m.end()):
                continue
            before = _clause_before(text, m.start())
            words = before.split()[-4:]
            verbs = [i for i, w in enumerate(words) if w.lower().strip(",") in _MEASURE_VERBS]
            when = _WHEN_CLAUSE.match(text, m.end())
            if _OTHER_MEASURES.intersection(w.lower().strip(",") for w in words):
                continue
            if not verbs and not (when and _MEASURE_VERBS.intersection(when.group(1).lower().split())):
                continue
            month = _month_number(m.group(1))
            year = int(m.group(2)) if m.group(2) else None
            found = {
                e for (y, mo), ids in self.measures.items() if mo == month and year in (None, y) for e in ids
            }
            if len(found) != 1:
                continue
            start = m.start(1)
            # "rules announced in April": the measure's noun and verb belong to the name.
            if (
                verbs
                and verbs[-1] == len(words) - 1
                and len(words) >= 2
                and words[-2].lower() in MEASURE_NOUNS
            ):
                start = m.start() - len(f"{words[-2]} {words[-1]} ")
            yield Reference(offset + start, offset + m.end(), found.pop())

    def _cities(self, text: str, offset: int) -> Iterator[Reference]:
        assert self._city is not None and self._and_city is not None
        for m in self._city.finditer(text):
            preposition, city = m.group(1), m.group(2)
            events = self.by_city[city]
            if len(events) == 1 and events[0].venue:
                yield Reference(offset + m.start(2), offset + m.end(), events[0].entry)
                continue
            if preposition in _TIME_WORDS:
                # "after Geneva and London": each city of a series stands for its meeting.
                for at, name in [(m.start(2), city)] + [
                    (n.start(1), n.group(1)) for n in [self._and_city.match(text, m.end())] if n
                ]:
                    meetings = [e for e in self.by_city[name] if e.kind == "meeting"]
                    if len(meetings) == 1:
                        yield Reference(offset + at, offset + at + len(name), meetings[0].entry)
                continue
            if preposition != "in":
                continue
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
            start = m.start(2)
            if words[-1] in _MEETING_VERBS:
                start = m.start() - len(before.split()[-1]) - 1
            yield Reference(offset + start, offset + m.end(), meetings[0].entry)


def _month_number(name: str) -> int:
    return dt.datetime.strptime(name[:3], "%b").month


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[at]`` (within 300 characters either side)."""
    before = list(_SENTENCE_STOP.finditer(text, max(0, at - 300), at))
    after = _SENTENCE_STOP.search(text, at, at + 300)
    return (before[-1].end() if before else max(0, at - 300), after.start() if after else at + 300)


def _clause_before(text: str, at: int) -> str:
    """The words of the sentence before ``at`` (at most 80 characters)."""
    window = text[max(0, at - 80) : at]
    stops = list(_SENTENCE_STOP.finditer(window))
    return window[stops[-1].end() :] if stops else window
