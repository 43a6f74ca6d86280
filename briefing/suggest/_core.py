"""Proposing mentions: the forms found settled into one entry each, longest first, in reading order."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..anchoring import Span, unique_selector
from ..corpus import Corpus, ResolvedMention
from ..diagnostics import printable
from ..loading import Project
from ..model import Selector
from ..occurrences import OccurrenceIndex
from ..words import is_date_only, sentence_initial, straight
from ._context import sets_the_scene
from ._events import EventIndex
from ._forms import Form, derived_forms
from ._match import Match, find_matches, glossary_facts
from ._variants import bare

Status = Literal["new", "ambiguous"]

_COMMON_NOUN_TYPES = frozenset({"element", "concept"})
"""Entries named by common nouns: their titles are capitalised only as titles."""
_DESCRIBED_TYPES = frozenset({"event", "document", "statistic"})
"""Entries that an article refers to in its own words ("the call"), which name another thing elsewhere."""


@dataclass(frozen=True)
class Suggestion:
    form: str
    entries: tuple[str, ...]
    """The one entry, or every candidate of an ambiguous form."""
    span: Span
    selector: Selector
    status: Status
    nested: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Shorter forms inside this span naming other entries: (text, entries). Mentions cannot nest."""

    @property
    def entry(self) -> str | None:
        return self.entries[0] if self.status == "new" else None


@dataclass(frozen=True)
class Report:
    briefing: str
    suggestions: tuple[Suggestion, ...]
    unused_choices: tuple[str, ...] = field(default=())

    @property
    def writable(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.suggestions if s.status == "new")


class SuggestError(Exception):
    """The request cannot be served; the message says why."""


def _add(forms: dict[str, dict[str, bool]], text: str, entry: str, free: bool) -> None:
    text = text.strip()
    if len(text) < 2 or is_date_only(text) or not any(ch.isalpha() for ch in text):
        return
    key = straight(text)
    forms.setdefault(key, {})
    forms[key][entry] = forms[key].get(entry, False) or free


def surface_forms(project: Project, corpus: Corpus) -> dict[str, Form]:
    """Every surface form known for the glossary, keyed by its straight-quoted text."""
    raw: dict[str, dict[str, bool]] = {}
    for entry_id, loaded in project.entries.items():
        entry = loaded.record
        free = entry.type in _COMMON_NOUN_TYPES
        for name in (entry.title, *entry.aliases):
            _add(raw, name, entry_id, free)
            _add(raw, bare(name), entry_id, free)
    for briefing in corpus.briefings.values():
        for mention in briefing.mentions:
            entry = corpus.entries[mention.entry]
            if entry.type in _DESCRIBED_TYPES:
                continue
            block = briefing.article.blocks[mention.span.block - 1]
            initial = sentence_initial(block.text, mention.span.start - block.start)
            quote = briefing.article.text[mention.span.start : mention.span.end]
            named = quote[1:] if initial else quote
            if entry.type not in _COMMON_NOUN_TYPES and not any(ch.isupper() for ch in named):
                continue
            _add(raw, quote, mention.entry, initial or entry.type in _COMMON_NOUN_TYPES)
    forms = {key: Form(key, frozenset(by_entry), any(by_entry.values())) for key, by_entry in raw.items()}
    return forms | derived_forms(project, forms)


def _merged(matches: list[Match]) -> list[Match]:
    """One match per span: forms differing only in a free first letter pool their entries."""
    by_span: dict[tuple[int, int], Match] = {}
    for m in matches:
        other = by_span.get((m.start, m.end))
        if other is None or m.form.contextual > other.form.contextual:
            by_span[m.start, m.end] = m
            continue
        if other.form.contextual > m.form.contextual:
            continue
        form = Form(
            other.form.text,
            other.form.entries | m.form.entries,
            other.form.first_letter_free,
            after=other.form.after and m.form.after,
        )
        by_span[m.start, m.end] = Match(m.start, m.end, m.block, form)
    return list(by_span.values())


class _Intervals:
    """Disjoint intervals, sorted by start: which ones overlap a span, in logarithmic time."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._spans: list[tuple[int, int, int | None]] = []

    def add(self, start: int, end: int, tag: int | None) -> None:
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._spans.insert(at, (start, end, tag))

    def overlapping(self, start: int, end: int) -> list[int | None]:
        """Tags of the intervals overlapping ``[start, end)``."""
        found = []
        at = bisect.bisect_left(self._starts, end) - 1
        while at >= 0 and self._spans[at][1] > start:
            found.append(self._spans[at][2])
            at -= 1
        return found


def _named_before(matches: list[Match], mentions: Iterable[ResolvedMention]) -> list[Match]:
    """Short-name matches, each settled to the one candidate the article named in full before it."""
    first: dict[str, int] = {}
    for m in matches:
        if not m.form.after and len(m.form.entries) == 1:
            (entry,) = m.form.entries
            first[entry] = min(first.get(entry, m.start), m.start)
    for mention in mentions:
        first[mention.entry] = min(first.get(mention.entry, mention.span.start), mention.span.start)
    settled = []
    for m in matches:
        if not m.form.after:
            continue
        named = [e for e in m.form.entries if first.get(e, m.start) < m.start]
        if len(named) == 1:
            form = Form(m.form.text, frozenset(named), m.form.first_letter_free)
            settled.append(Match(m.start, m.end, m.block, form))
    return settled


_LOCATIVE = re.compile(r"\b(?:in|at|from|to|into|near|outside|across|around|of)\s+$", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(?:in|at|near|outside|across|around)\s+$", re.IGNORECASE)
_TRAVEL = re.compile(
    r"\b(?:travel(?:s|led|ed|ling|ing)?|tr(?:ip|ips)|fl(?:y|ies|ew|own|ying)|arriv(?:e|es|ed|ing)|"
    r"visit(?:s|ed|ing)?|go(?:es|ing)?|went|return(?:s|ed|ing)?|head(?:s|ed|ing)?)\s+(?:to\s+|in\s+)?$",
    re.IGNORECASE,
)
"""Words of going somewhere: "travel to Beijing" is the city, not the government."""
_SITED = re.compile(
    r"\b(?:embass(?:y|ies)|consulates?|ministry|offices?|headquarters|based|plants?|factor(?:y|ies)|"
    r"hotels?|reporters|bureaus?|correspondents?) in\s+$",
    re.IGNORECASE,
)
"""A building or people sited somewhere: "the embassy in Beijing" is in the city."""


def _settled(match: Match, text: str, types: Mapping[str, str]) -> tuple[str, ...]:
    """A form naming a place and the government seated there ("Beijing") names the government
    when it acts or owns ("Beijing's countermeasures"), the city where one goes there ("travel
    to Beijing") or where it sets the scene, and stays ambiguous after a preposition of place
    ("in Beijing")."""
    entries = tuple(sorted(match.form.entries))
    kinds = sorted(types.get(e, "") for e in entries)
    if len(entries) != 2 or kinds != ["organization", "place"]:
        return entries
    before = text[max(0, match.start - 24) : match.start]
    if _TRAVEL.search(before) or _SITED.search(before) or sets_the_scene(text, match.start, match.end):
        return tuple(e for e in entries if types.get(e) == "place")
    owns = text[match.end : match.end + 2] in ("'s", "’s") and not _IN_PLACE.search(before)
    if owns or not _LOCATIVE.search(before[-12:]):
        return tuple(e for e in entries if types.get(e) == "organization")
    return entries


def _resolve_choice(form: Form, choices: Mapping[str, str]) -> str | None:
    for written, entry in choices.items():
        if straight(written) == form.text and entry in form.entries:
            return entry
    return None


def suggest(
    project: Project, corpus: Corpus, briefing_id: str, choices: Mapping[str, str] | None = None
) -> Report:
    """The mentions worth proposing in ``briefing_id``, in reading order."""
    if briefing_id not in corpus.briefings:
        known = ", ".join(sorted(corpus.briefings)) or "none"
        raise SuggestError(
            f"briefing `{printable(briefing_id)}` does not exist or has errors (known: {known})"
        )
    choices = dict(choices or {})
    forms = surface_forms(project, corpus)
    for written, entry in choices.items():
        if entry not in corpus.entries:
            shown = printable(entry)
            raise SuggestError(f"--choose {printable(written)}={shown}: `{shown}` is not a glossary entry")
        form = forms.get(straight(written))
        if form is not None and entry not in form.entries:
            raise SuggestError(
                f"--choose {printable(written)}={entry}: “{printable(written)}” names "
                + ", ".join(f"`{e}`" for e in sorted(form.entries))
            )
    briefing = corpus.briefings[briefing_id]
    article = briefing.article
    taken = _Intervals()
    for mention in briefing.mentions:
        taken.add(mention.span.start, mention.span.end, None)
    glossary = glossary_facts(project)
    types = glossary.types
    found = find_matches(article, forms.values(), glossary, EventIndex(project))
    matches = sorted(_merged(found), key=lambda m: (-(m.end - m.start), m.start))
    kept: list[tuple[Match, list[Match]]] = []
    kept_spans = _Intervals()
    used_choices: set[str] = set()
    # Short names ("Bessent", "the ministry") come second: they need the full name earlier.
    for match in [m for m in matches if not m.form.after] + _named_before(matches, briefing.mentions):
        if taken.overlapping(match.start, match.end):
            continue
        # Matches come longest first, so the first kept one it overlaps can only contain it.
        overlapped = kept_spans.overlapping(match.start, match.end)
        if not overlapped:
            kept_spans.add(match.start, match.end, len(kept))
            kept.append((match, []))
            continue
        container = kept[min(n for n in overlapped if n is not None)]
        if (
            container[0].start <= match.start
            and match.end <= container[0].end
            and not match.form.entries & container[0].form.entries
        ):
            container[1].append(match)
    index = OccurrenceIndex(article)
    suggestions = []
    for match, inner in sorted(kept, key=lambda k: k[0].start):
        span = Span(match.start, match.end, match.block)
        chosen = _resolve_choice(match.form, choices)
        if chosen is not None:
            used_choices.add(match.form.text)
        entries = (chosen,) if chosen else _settled(match, article.text, types)
        nested = tuple(
            (article.text[i.start : i.end], tuple(sorted(i.form.entries)))
            for i in sorted(inner, key=lambda i: i.start)
        )
        suggestions.append(
            Suggestion(
                article.text[span.start : span.end],
                entries,
                span,
                unique_selector(article, span, index=index),
                "new" if len(entries) == 1 else "ambiguous",
                nested,
            )
        )
    unused = tuple(w for w in choices if straight(w) not in used_choices)
    return Report(briefing_id, tuple(suggestions), unused)
