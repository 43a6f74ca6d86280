"""The typed records that flow from the corpus into Sphinx, and their shared helpers.

``render`` builds these records from the checked corpus and writes them as
JSON beside the MyST pages; the extension's directives read them back with
:func:`from_json`; the export and the PDF brief read the same records. This
module imports nothing but the standard library and :mod:`briefing.dates`, so
every layer may use it.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .dates import date_range as date_range  # dates live in briefing.dates
from .dates import long_date as long_date
from .iri import check_base_iri

"""The site's W3C annotation export, at the site root."""
EXPORT_FORMATS = ("jsonld", "json")
DEFAULT_BASE_URL = "https://briefing.invalid/"
"""Used when no base URL is given: ``.invalid`` names never resolve (RFC 2606),
so the IRIs are well formed and plainly not the published address."""


def base_url(value: str) -> str:
    """``value`` checked as the base of the export's IRIs: an absolute http(s) IRI
    (RFC 3987) with no query, fragment or user name, ending in ``/`` (added).

    Raises ``ValueError`` with the reason when it cannot be one.
    """
    return check_base_iri(value)


ENTRY_TYPES: dict[str, tuple[str, str]] = {
    "element": ("Element", "Elements"),
    "organization": ("Organization", "Organizations"),
    "person": ("Person", "People"),
    "place": ("Place", "Places"),
    "event": ("Event", "Events"),
    "concept": ("Concept", "Concepts"),
    "document": ("Document", "Documents"),
    "statistic": ("Statistic", "Statistics"),
}
"""Entry type → (label of one, heading of a group), in display order."""

NOTE_KINDS: dict[str, str] = {
    "context": "Context",
    "fact-check": "Fact check",
    "assessment": "Assessment",
    "key-judgment": "Key judgment",
    "question": "Question",
}
"""Note kind → label, in display order."""


def type_label(kind: str) -> str:
    return ENTRY_TYPES[kind][0] if kind in ENTRY_TYPES else kind.capitalize()


def type_heading(kind: str) -> str:
    return ENTRY_TYPES[kind][1] if kind in ENTRY_TYPES else kind.capitalize()


def type_order(kind: str) -> int:
    """Rank of an entry type in displays; unknown types go last."""
    order = list(ENTRY_TYPES)
    return order.index(kind) if kind in order else len(order)


def entry_anchor(entry_id: str) -> str:
    return f"entry-{entry_id}"


def mention_anchor(mention_id: str) -> str:
    return f"m-{mention_id}"


def note_anchor(note_id: str) -> str:
    return f"note-{note_id}"


ANCHOR_PREFIXES = (entry_anchor(""), mention_anchor(""), note_anchor(""))
"""What the anchors made from ids start with: no other id on a page may (see sphinxext._ids)."""


@dataclass(frozen=True, kw_only=True)
class SourceData:
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    offline: bool = False
    grade: str | None = None
    """The Admiralty code, e.g. ``B2``, when the source is graded."""
    grade_meaning: str | None = None

    def line(self) -> str:
        """What follows the title in a source list: publisher and date."""
        return ", ".join(x for x in (self.publisher or "", long_date(self.date)) if x)


@dataclass(frozen=True, kw_only=True)
class FieldData:
    """One labelled field of an entry page: a value, a link, or references to entries."""

    label: str
    value: str | tuple[str, ...] = ""
    link: str | None = None
    entries: tuple[str, ...] = ()

    def text(self) -> str:
        return "; ".join(self.value) if isinstance(self.value, tuple) else self.value


@dataclass(frozen=True, kw_only=True)
class EntrySummary:
    """What listings need of a glossary entry (indexes, timeline, element table)."""

    id: str
    type: str
    title: str
    summary: str
    symbol: str | None = None
    atomic_number: int | None = None
    group: str | None = None
    controlled_since: str | None = None
    start: str | None = None
    end: str | None = None

    @property
    def anchor(self) -> str:
        return entry_anchor(self.id)


@dataclass(frozen=True, kw_only=True)
class EntryData(EntrySummary):
    """A glossary entry page's data file."""

    body: str = ""
    fields: tuple[FieldData, ...] = ()
    sources: tuple[SourceData, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MentionData:
    """A span of article text that refers to a glossary entry, with its surroundings."""

    id: str
    entry: str
    type: str
    paragraph: int
    before: str
    quote: str
    after: str

    @property
    def anchor(self) -> str:
        return mention_anchor(self.id)


@dataclass(frozen=True, kw_only=True)
class ObservationData:
    """What was seen of an indicator, or looked for and not seen, on a date."""

    date: str
    seen: bool
    what: str | None = None
    source: SourceData | None = None


@dataclass(frozen=True, kw_only=True)
class IndicatorData:
    """A signpost that would ``raises`` or ``lowers`` the likelihood of a judgment."""

    signpost: str
    direction: str
    by: str | None = None
    """The end of its window."""
    observations: tuple[ObservationData, ...] = ()
    """Oldest first."""


@dataclass(frozen=True, kw_only=True)
class OutcomeData:
    verdict: str
    """``came-true``, ``did-not``, ``partly`` or ``cannot-be-judged``."""
    known: str
    basis: str
    sources: tuple[SourceData, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RevisionData:
    """An earlier state of a judgment: what it was before ``date``, and why it changed."""

    date: str
    why: str
    likelihood: str | None = None
    confidence: str | None = None
    claim: str | None = None


@dataclass(frozen=True, kw_only=True)
class NoteLinkData:
    """Another note of the same briefing that a note links to."""

    id: str
    number: int
    label: str

    @property
    def anchor(self) -> str:
        return note_anchor(self.id)


@dataclass(frozen=True, kw_only=True)
class NoteData:
    id: str
    number: int
    kind: str
    author: str
    date: str
    body: str
    title: str | None = None
    confidence: str | None = None
    likelihood: str | None = None
    sources: tuple[SourceData, ...] = ()
    entries: tuple[str, ...] = ()
    block: int | None = None
    quote: str | None = None
    indicators: tuple[IndicatorData, ...] = ()
    see_also: tuple[NoteLinkData, ...] = ()
    as_of: str | None = None
    """Judged notes: the date of the evidence the judgment rests on."""
    horizon: str | None = None
    state: str | None = None
    """Judged notes: ``open`` until an outcome is known, then its verdict."""
    outcome: OutcomeData | None = None
    revisions: tuple[RevisionData, ...] = ()

    @property
    def anchor(self) -> str:
        return note_anchor(self.id)

    @property
    def label(self) -> str:
        """``Fact check 3: <title or quote>``, as lists of citations name a note."""
        return f"{NOTE_KINDS[self.kind]} {self.number}: {self.title or self.quote or ''}"


@dataclass(frozen=True, kw_only=True)
class RunData:
    """A stretch of a block's text with one mention and one set of notes."""

    text: str
    mention: str | None = None
    notes: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BlockData:
    number: int
    line: int
    role: str
    start: int = 0
    """Character offset of the block in the article text: the live preview maps selections with it."""
    runs: tuple[RunData, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BriefingMeta:
    """What listings need of a briefing."""

    id: str
    title: str
    published: str
    language: str = "en"
    subtitle: str | None = None
    publisher: str | None = None
    url: str | None = None
    summary: str | None = None


@dataclass(frozen=True, kw_only=True)
class BriefingData(BriefingMeta):
    """A briefing page's data file: the article in blocks, its mentions and notes."""

    blocks: tuple[BlockData, ...] = ()
    sha256: str = ""
    """Checksum of the article text shown: the live preview refuses edits made against an older one."""
    mentions: dict[str, MentionData] = field(default_factory=dict)
    notes: dict[str, NoteData] = field(default_factory=dict)
    key_judgments: tuple[str, ...] = ()
    lead: str | None = None
    """The first key judgment's title or first sentence, for the home page."""


def to_json(record: Any) -> Any:
    """JSON-ready data of a record (nested records, tuples and dicts included).

    As ``dataclasses.asdict``, without its deep copies: records are immutable."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, tuple | list):
        return [to_json(v) for v in record]
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    return record


R = TypeVar("R")


def from_json(cls: type[R], data: Any) -> R:
    """The record of type ``cls`` that :func:`to_json` wrote as ``data``."""
    return typing.cast(R, _converter(typing.cast(type, cls))(data))


@functools.cache
def _init_hints(cls: type) -> dict[str, Any]:
    """The type of each field ``cls`` takes, once per class: resolving the annotations
    of every record read cost more than reading the data files."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}


def _same(value: Any) -> Any:
    return value


@functools.cache
def _converter(hint: Any) -> typing.Callable[[Any], Any]:
    """How to read a value of type ``hint``, worked out once per type: asking the
    ``typing`` module about the type of every value read cost more than the values."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        cls = hint
        fields: dict[str, typing.Callable[[Any], Any]] = {}

        def record(value: Any) -> Any:
            if value is None:
                return None
            if not fields:  # filled on first use: a record may hold records of its own type
                fields.update({k: _converter(h) for k, h in _init_hints(cls).items()})
            return cls(**{k: fields[k](v) for k, v in value.items() if k in fields})

        return record
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_hint, *_) = typing.get_args(hint)
        item = _converter(item_hint)
        return lambda value: None if value is None else tuple(item(v) for v in value)
    if origin is dict:
        _, item_hint = typing.get_args(hint)
        item = _converter(item_hint)
        return lambda value: None if value is None else {k: item(v) for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        tuples = [a for a in options if typing.get_origin(a) is tuple]
        other = _converter(options[0]) if options else _same
        listed = _converter(tuples[0]) if tuples else _same
        return lambda value: listed(value) if isinstance(value, list) else other(value)
    return _same
