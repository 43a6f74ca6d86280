"""The annotation format: what contributors write in YAML, as immutable records.

The JSON Schema shipped in ``briefing/schemas/`` is generated from these models
(``briefing schema``), so the editor, the checker and the docs cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    Strict,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import contract, core
from .iri import iri_problem

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        description="Lower-case letters, digits and single hyphens, e.g. `geneva-truce`.",
    ),
]


def _not_reserved(value: str) -> str:
    if value in contract.RESERVED_IDS:
        raise PydanticCustomError(
            "reserved_id", "id `{id}` is a name the site or the PDF uses", {"id": value}
        )
    return value


Id = Annotated[Slug, AfterValidator(_not_reserved)]
"""The id of an entry or a briefing: it names pages, files and labels, so none the generators make."""
_INVISIBLE = "\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufeff\uffa0"


_SHOWN = re.compile(f"[^\\s{_INVISIBLE}]")
"""A character that shows."""


def _visible(value: str) -> str:
    """Refuse text that shows nothing: only spaces, line separators or zero-width characters."""
    if not _SHOWN.search(value):
        raise ValueError("the text is blank: it holds only spaces or invisible characters")
    return value


Line = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\n]*$"), AfterValidator(_visible)]


def _iri(value: object) -> object:
    """The text as written is checked, before pydantic's URL type quietly percent-encodes it."""
    problem = iri_problem(value) if isinstance(value, str) else None
    if problem is not None:
        raise PydanticCustomError("url_iri", "not a valid http(s) address: {problem}", {"problem": problem})
    return value


Iri = Annotated[HttpUrl, BeforeValidator(_iri)]
"""An absolute http(s) IRI, RFC 3987 (see :mod:`briefing.iri`)."""
Count = Annotated[int, Strict()]
"""A whole number written as one: ``true`` or ``"3"`` is not a count."""
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    """Let through only a date, or its text in the form ``YYYY-MM-DD``.

    Left to itself pydantic reads a number, or a quoted string of digits, as
    seconds since 1970 (``1749513600`` becomes 10 June 2025), and a date with a
    time of midnight as a date: a value written so is most likely a mistake.
    """
    if type(value) is dt.date or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    raise PydanticCustomError("date_form", "`{value}` is not a day written YYYY-MM-DD", {"value": shown})


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
"""A calendar day, written ``2025-06-10`` (or quoted, ``'2025-06-10'``), and nothing else."""
Markdown = Annotated[
    str,
    Field(
        max_length=20_000,
        description="Restricted Markdown: emphasis, links (http, https, mailto), lists, "
        "inline code and line breaks. No HTML, directives, roles or images.",
    ),
]

SUMMARY_LIMIT = 200
MAX_ITEMS = 100
"""The most aliases, sources, uses, parties or related entries one record may list."""
MAX_MENTIONS = 500
"""The most mentions one entry may have in one briefing."""

Confidence = Literal["low", "moderate", "high"]
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
"""The seven ICD 203 likelihood terms, least to most likely."""
CONFIDENCE_LEVELS: tuple[str, ...] = get_args(Confidence)
LIKELIHOOD_TERMS: tuple[str, ...] = get_args(Likelihood)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal[1, 2, 3, 4, 5, 6]

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
"""The Admiralty (NATO) scale for the source: its record, not this item."""
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
"""The Admiralty (NATO) scale for the information this source gives."""


class Source(Record):
    """A published source: an announcement, readout, report or article."""

    ref: Slug | None = Field(
        default=None,
        description="Id of the source in `seeds/sources/`, whose reliability it takes: "
        "then only the item's `credibility` is graded here.",
    )
    title: Line
    publisher: Line | None = None
    date: Day | None = None
    url: Iri | None = None
    offline: bool = Field(
        default=False,
        description="True when the source has no public address to give, so no `url` is expected.",
    )
    reliability: Reliability | None = Field(
        default=None,
        description="Admiralty grade of the source's record: A completely reliable … "
        "E unreliable, F cannot be judged.",
    )
    credibility: Credibility | None = Field(
        default=None,
        description="Admiralty grade of the information: 1 confirmed by other sources … "
        "5 improbable, 6 cannot be judged.",
    )

    @property
    def grade(self) -> str | None:
        """The Admiralty code, e.g. ``B2``, when the source is fully graded."""
        if self.reliability is None or self.credibility is None:
            return None
        return f"{self.reliability}{self.credibility}"

    @property
    def grade_meaning(self) -> str | None:
        if self.reliability is None or self.credibility is None:
            return None
        return f"source {RELIABILITY[self.reliability]}; information {CREDIBILITY[self.credibility]}"

    @model_validator(mode="after")
    def _graded_whole(self) -> Source:
        if self.ref is not None and self.reliability is not None:
            raise PydanticCustomError(
                "note_rule",
                "a registered source's reliability is stated once, in its file under seeds/sources/",
                {
                    "field": "reliability",
                    "missing": False,
                    "hint": "remove `reliability`; keep `credibility`",
                },
            )
        if self.ref is not None:
            return self
        if (self.reliability is None) != (self.credibility is None):
            absent = "credibility" if self.credibility is None else "reliability"
            raise PydanticCustomError(
                "note_rule",
                "a graded source needs both `reliability` (A–F) and `credibility` (1–6)",
                {"field": absent, "missing": True, "hint": f"remove the grade, or add `{absent}`"},
            )
        if self.offline and self.url is not None:
            raise PydanticCustomError(
                "note_rule",
                "a source with a `url` is not `offline`",
                {"field": "offline", "missing": False, "hint": "remove `offline: true`"},
            )
        return self


class Observation(Record):
    """What was seen, or looked for and not seen, of an indicator on a date."""

    date: Day
    seen: bool = Field(description="Whether the signpost was seen by this date.")
    what: Line | None = Field(default=None, description="What was observed, in one line.")
    source: Source | None = None


class Indicator(Record):
    """An observable signpost that would change the likelihood of a judgment."""

    signpost: Line = Field(description="What to watch for, stated so it can be observed.")
    direction: Literal["raises", "lowers"] = Field(
        description="Whether seeing the signpost raises or lowers the likelihood."
    )
    by: Day | None = Field(
        default=None,
        description="The end of its window: the date by which the signpost would have shown. "
        "It falls between the judgment's `as_of` and its `horizon`.",
    )
    observations: list[Observation] = Field(default_factory=list, max_length=MAX_ITEMS)


Verdict = Literal["came-true", "did-not", "partly", "cannot-be-judged"]
VERDICTS: dict[str, str] = {
    "came-true": "came true",
    "did-not": "did not come true",
    "partly": "partly came true",
    "cannot-be-judged": "cannot be judged",
}


class Outcome(Record):
    """How a judgment turned out, once known."""

    verdict: Verdict
    known: Day = Field(description="The date the outcome became known.")
    basis: Markdown = Field(description="The evidence for the verdict.")
    sources: list[Source] = Field(default_factory=list, max_length=MAX_ITEMS)


class Revision(Record):
    """An earlier state of a judgment, kept when it changed."""

    date: Day = Field(description="When the judgment changed from this state.")
    likelihood: Likelihood | None = Field(default=None, description="The likelihood before.")
    confidence: Confidence | None = Field(default=None, description="The confidence before.")
    claim: Line | None = Field(default=None, description="The claim (the title) before.")
    why: Line = Field(description="What changed it.")


class Regrade(Record):
    date: Day
    reliability: Reliability
    why: Line


class Retraction(Record):
    date: Day
    why: Line


class RegisteredSource(Record):
    """``seeds/sources/<id>.yaml``: a source whose reliability is graded once, for every citation."""

    id: Slug
    name: Line = Field(description="As a citation names its publisher.")
    url: HttpUrl | None = None
    reliability: Reliability = Field(description="Admiralty grade of the source's record (A–F).")
    basis: Line | None = Field(default=None, description="Why it earns that grade.")
    regraded: list[Regrade] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Later grades, oldest first: each holds from its date on.",
    )
    retracted: Retraction | None = None

    def reliability_on(self, day: dt.date) -> Reliability:
        """The grade that held on ``day``."""
        grade = self.reliability
        for change in sorted(self.regraded, key=lambda r: r.date):
            if change.date <= day:
                grade = change.reliability
        return grade


class Selector(Record):
    """A W3C TextQuoteSelector: the exact quote, disambiguated by context or count."""

    quote: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_visible)]
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


class Note(Record):
    """An analyst's note on a span of the article (or, for key judgments, the whole)."""

    kind: Literal["context", "fact-check", "assessment", "key-judgment", "question"]
    title: Line | None = None
    target: Selector | None = None
    author: Line
    date: Day
    body: Markdown
    sources: list[Source] = Field(default_factory=list, max_length=MAX_ITEMS)
    confidence: Confidence | None = None
    likelihood: Likelihood | None = Field(
        default=None, description="ICD 203 likelihood term, where a probability is stated."
    )
    entries: list[Slug] = Field(default_factory=list, max_length=MAX_ITEMS, description="Related entry ids.")
    see_also: list[Slug] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Ids of other notes of the same briefing that this note relies on.",
    )
    indicators: list[Indicator] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Signposts that would raise or lower the likelihood (judged notes only).",
    )
    as_of: Day | None = Field(
        default=None,
        description="The date of the evidence the judgment rests on; defaults to `date` (judged notes only).",
    )
    horizon: Day | None = Field(
        default=None, description="The date by which the judgment can be judged (judged notes only)."
    )
    outcome: Outcome | None = None
    revisions: list[Revision] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Earlier states of the judgment, oldest first.",
    )

    @property
    def judged_as_of(self) -> dt.date:
        return self.as_of or self.date

    @model_validator(mode="after")
    def _consistent(self) -> Note:
        # ``field`` names the key the error is about, ``missing`` whether it is absent:
        # the loader points at that key, or at where it belongs.
        judged = self.kind in ("assessment", "key-judgment")
        kind = self.kind.replace("-", " ")
        if judged and self.confidence is None:
            raise PydanticCustomError(
                "note_rule",
                f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} note needs a `confidence`",
                {"field": "confidence", "missing": True, "hint": "add `confidence: low|moderate|high`"},
            )
        for name in ("confidence", "likelihood"):
            if not judged and getattr(self, name) is not None:
                raise PydanticCustomError(
                    "note_rule",
                    f"`{name}` belongs to assessments and key judgments, not to {kind} notes",
                    {"field": name, "missing": False, "hint": f"remove `{name}`, or change `kind`"},
                )
        for name in ("indicators", "as_of", "horizon", "outcome", "revisions"):
            if not judged and getattr(self, name):
                raise PydanticCustomError(
                    "note_rule",
                    f"`{name}` belong{'' if name.endswith('s') else 's'} to assessments and key "
                    f"judgments, not to {kind} notes",
                    {"field": name, "missing": False, "hint": f"remove `{name}`, or change `kind`"},
                )
        if self.target is None and self.kind != "key-judgment":
            raise PydanticCustomError(
                "note_rule",
                f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} note needs a `target` span",
                {
                    "field": "target",
                    "missing": True,
                    "hint": "only key judgments may omit it; add `target:` with the `quote` it is about,",
                },
            )
        return self


class LineRoles(Record):
    """Which lines (1-based) of the article file are not body paragraphs."""

    title: Annotated[Count, Field(ge=1)]
    artefacts: list[Annotated[Count, Field(ge=1)]] = Field(default_factory=list)
    captions: list[Annotated[Count, Field(ge=1)]] = Field(default_factory=list)


class ArticleMeta(Record):
    """``briefing.yaml``: the article's metadata, beside the untouched article text."""

    id: Id
    title: Line
    subtitle: Line | None = None
    publisher: Line | None = None
    published: Day
    url: Iri | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    article: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = Field(
        description="File name of the article text in the same folder."
    )
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="Checksum of the article file; a mismatch triggers re-anchoring."
    )
    lines: LineRoles
    summary: Line | None = None
