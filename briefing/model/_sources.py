"""Sources as cited and as registered, with their grades, and the judgments' record over
time: indicators, outcomes, revisions.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import (
    Field,
    HttpUrl,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._fields import (
    MAX_ITEMS,
    Confidence,
    Day,
    Iri,
    Likelihood,
    Line,
    Markdown,
    Record,
    Slug,
)

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
