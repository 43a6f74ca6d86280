"""What ``briefing check`` says about re-anchored annotations."""

from __future__ import annotations

import json

from ..anchoring import context
from ..article import Article
from ..diagnostics import Code, Diagnostic, Location, Severity
from ..loading import Project, display_path
from ..model import Selector
from ._lock import LOCK_NAME
from ._review import Result, Review, Status, review


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diagnostic(r: Result, article: Article) -> Diagnostic | None:
    quote = f"quote “{_clip(r.annotation.selector.quote)}”"
    loc = r.annotation.location
    if r.status is Status.MOVED and r.span is not None:
        if r.was is None:
            where = f"is in paragraph {r.span.block}"
        elif r.was.start == r.span.start:
            where = f"is still in paragraph {r.span.block}"
        elif r.was.paragraph == r.span.block:
            where = f"moved within paragraph {r.span.block}"
        else:
            where = f"moved from paragraph {r.was.paragraph} to paragraph {r.span.block}"
        if r.stale is None:
            return Diagnostic(
                loc,
                Code.ANCHOR_MOVED,
                f"{quote} {where}",
                "run `briefing check --fix` to record the new position",
                Severity.WARNING,
            )
        return Diagnostic(
            loc,
            Code.ANCHOR_MOVED,
            f"{quote} {where}, but its selector no longer picks it out: {r.stale}",
            f"run `briefing check --fix` to rewrite the selector ({selector_fields(r.selector)})"
            if r.selector
            else "run `briefing check --fix` to rewrite the selector",
        )
    if r.status is Status.FUZZY and r.span is not None:
        found = article.text[r.span.start : r.span.end]
        return Diagnostic(
            loc,
            Code.ANCHOR_FUZZY,
            f"{quote} is no longer in the article; the best match, {r.similarity:.0%} alike, "
            f"is in paragraph {r.span.block}: “{_clip(found)}”",
            "if that is the passage meant, run `briefing check --fix --accept-fuzzy` to take it; "
            "otherwise correct the quote",
        )
    if r.status is Status.ORPHANED:
        was = f" (it was in paragraph {r.was.paragraph})" if r.was else ""
        if r.nearest is None or r.nearest[1] < 0.5:
            hint = "nothing in the article resembles it; point the annotation at other text or delete it"
        else:
            span, alike = r.nearest
            before, found, after = context(article, span, width=24)
            what = (
                "the same words, in other surroundings,"
                if alike == 1
                else f"the nearest text, {alike:.0%} alike,"
            )
            hint = (
                f"{what} in paragraph {span.block}: “{before}{_clip(found)}{after}”; "
                "point the annotation at other text or delete it"
            )
        return Diagnostic(loc, Code.ANCHOR_ORPHANED, f"{quote} is no longer in the article{was}", hint)
    return None


def selector_fields(selector: Selector) -> str:
    """The context fields as YAML would show them, e.g. ``prefix: "its ", occurrence: 2``."""
    parts = []
    for key in ("prefix", "suffix", "occurrence"):
        value = getattr(selector, key)
        if value is not None:
            parts.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return ", ".join(parts) if parts else "the quote alone"


def _article_changed(rv: Review) -> Diagnostic:
    meta = rv.source.meta
    counts = ", ".join(f"{rv.count(s)} {s}" for s in Status)
    if not rv.locked:
        severity = Severity.ERROR
        hint = (
            f"there is no {LOCK_NAME} to re-anchor from ({counts}): check every annotation still "
            "points at the right text, then run `briefing check --fix`"
        )
    elif rv.settled:
        severity = Severity.WARNING
        hint = f"annotations re-anchored ({counts}): run `briefing check --fix` to record the new checksum"
    else:
        severity = Severity.ERROR
        hint = (
            f"annotations re-anchored ({counts}): fix the fuzzy and orphaned ones, "
            "then run `briefing check --fix`"
        )
    return Diagnostic(
        meta.at("sha256"),
        Code.ARTICLE_CHANGED,
        f"`{meta.record.article}` has changed since its annotations were reviewed",
        hint,
        severity,
    )


def review_problems(project: Project, anchoring: list[Diagnostic]) -> list[Diagnostic]:
    """``anchoring`` (resolution problems) merged with the re-anchoring report.

    A resolution error of an annotation that re-anchoring explains (moved,
    fuzzy or orphaned) is replaced by that explanation.
    """
    found: list[Diagnostic] = []
    for rv in review(project):
        found.append(_article_changed(rv))
        if rv.lock_problem is not None:
            found.append(
                Diagnostic(
                    Location(display_path(rv.source.folder / LOCK_NAME)),
                    Code.LOCK_INVALID,
                    f"{LOCK_NAME} cannot be used: {rv.lock_problem}",
                    "delete it; `briefing check --fix` writes a new one once every annotation anchors",
                )
            )
        for r in rv.results:
            diagnostic = _diagnostic(r, rv.source.article)
            if diagnostic is not None:
                found.append(diagnostic)
    explained = {d.location for d in found}
    superseded = (Code.QUOTE_NOT_FOUND, Code.QUOTE_AMBIGUOUS)
    return [d for d in anchoring if not (d.code in superseded and d.location in explained)] + found
