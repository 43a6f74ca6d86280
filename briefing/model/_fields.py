"""The kinds of field every record is made of (ids, lines, addresses, days, Markdown)
and the words of the analytic vocabulary.
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
)
from pydantic_core import PydanticCustomError

from .. import contract
from ..iri import iri_problem

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


def visible(value: str) -> str:
    """Refuse text that shows nothing: only spaces, line separators or zero-width characters."""
    if not _SHOWN.search(value):
        raise ValueError("the text is blank: it holds only spaces or invisible characters")
    return value


Line = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\n]*$"), AfterValidator(visible)]


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


def iso_day(value: object) -> object:
    """Let through only a date, or its text in the form ``YYYY-MM-DD``.

    Left to itself pydantic reads a number, or a quoted string of digits, as
    seconds since 1970 (``1749513600`` becomes 10 June 2025), and a date with a
    time of midnight as a date: a value written so is most likely a mistake.
    """
    if type(value) is dt.date or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    raise PydanticCustomError("date_form", "`{value}` is not a day written YYYY-MM-DD", {"value": shown})


Day = Annotated[dt.date, BeforeValidator(iso_day)]
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


LIKELIHOOD_TERMS: tuple[str, ...] = get_args(Likelihood)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
