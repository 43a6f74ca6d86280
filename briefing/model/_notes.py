"""A briefing's article metadata and its analyst notes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._entries import Selector
from ._fields import (
    MAX_ITEMS,
    Confidence,
    Count,
    Day,
    Id,
    Iri,
    Likelihood,
    Line,
    Markdown,
    Record,
    Slug,
)
from ._sources import Indicator, Outcome, Revision, Source


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
    unannotated: list[Line] = Field(
        default_factory=list,
        max_length=500,
        description=(
            "Names the briefing leaves unannotated on purpose, as the article writes them: "
            "no uncovered-name warning is given for them."
        ),
    )
