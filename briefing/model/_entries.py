"""The glossary's entries, one model per type, and the selectors of their mentions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
)

from .. import core
from ._fields import (
    MAX_ITEMS,
    MAX_MENTIONS,
    Count,
    Day,
    Id,
    Line,
    Markdown,
    Record,
    Slug,
    visible,
)
from ._sources import Source


class Selector(Record):
    """A W3C TextQuoteSelector: the exact quote, disambiguated by context or count."""

    quote: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(visible)]
    prefix: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    suffix: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    occurrence: Annotated[Count, Field(ge=1)] | None = Field(
        default=None, description="Which match to take when the quote repeats (1 = first)."
    )


class Mention(Selector):
    id: Slug | None = Field(
        default=None, description="Permalink id; defaults to `<entry>-<n>` in article order."
    )


class EntryBase(Record):
    id: Id
    title: Line
    aliases: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    summary: Line = Field(description="One line shown in previews.")
    body: Markdown = ""
    sources: list[Source] = Field(default_factory=list, max_length=MAX_ITEMS)
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    mentions: dict[Slug, Annotated[list[Mention], Field(max_length=MAX_MENTIONS)]] = Field(
        default_factory=dict,
        description="Spans of each briefing's article that refer to this entry, by briefing id.",
    )
    see_also: list[Slug] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Entry ids of entries that explain shared background, linked from this one.",
    )


class ExportControl(Record):
    since: Day
    measure: Line = Field(description="The legal instrument, e.g. the announcement number.")


class Element(EntryBase):
    type: Literal["element"]
    symbol: Annotated[str, Field(pattern=r"^[A-Z][a-z]?$")]
    atomic_number: Annotated[Count, Field(ge=1, le=118)]
    group: Literal["light", "medium", "heavy"]
    uses: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    export_control: ExportControl | None = None


class Organization(EntryBase):
    type: Literal["organization"]
    full_name: Line | None = None
    native_name: Line | None = None
    parent: Line | None = None
    country: Slug | None = Field(
        default=None,
        description="Entry id of the place (a country) the organization acts for; "
        "groups it and its people by side in the who's who.",
    )


class Person(EntryBase):
    type: Literal["person"]
    role: Line = Field(description="Role as of the article's date.")
    organization: Slug | None = Field(default=None, description="Entry id of the organization.")


class Place(EntryBase):
    type: Literal["place"]
    country: Line | None = None


class Event(EntryBase):
    type: Literal["event"]
    start: Day
    end: Day | None = None
    place: Line | None = None
    parties: list[Slug] = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Entry ids of the parties."
    )


class Concept(EntryBase):
    type: Literal["concept"]


class Document(EntryBase):
    type: Literal["document"]
    issued_by: Line | None = None
    issued: Day | None = None
    identifier: Line | None = None


class Statistic(EntryBase):
    type: Literal["statistic"]
    value: Line
    as_of: Day | None = None


Entry = Annotated[
    Element | Organization | Person | Place | Event | Concept | Document | Statistic,
    Field(discriminator="type"),
]


ENTRY_TYPES: tuple[str, ...] = tuple(core.ENTRY_TYPES)
