"""Re-anchor annotations after the article text changes.

``briefing.yaml`` records the article's checksum and ``anchors.lock.json``
where every annotation resolved in that version. When the article no longer
matches its checksum, each annotation is classified:

unchanged
    the quote is still at its recorded offset and the selector picks it out;
moved
    the exact quote is found elsewhere, told apart by its recorded context
    (~32 characters each side), or its selector must change to pick it out;
fuzzy
    only an approximate match is good enough: scored like Hypothesis does
    (quote 50, prefix 20, suffix 20, position 2), among every separate match
    with at most half the quote wrong, not just the least wrong ones, and
    accepted only with enough support from the quote or its context;
orphaned
    nothing is good enough.

A mention is never re-anchored onto a span another mention still holds.
``moved`` is a warning that ``briefing check --fix`` resolves (an error while
the selector as written no longer picks the quote out); ``fuzzy`` and
``orphaned`` are errors until a person fixes them or confirms a fuzzy match
with ``--fix --accept-fuzzy``.

Modules: ``_review`` classifies (with the bounded approximate search of
``briefing.fuzzy``), ``_lock`` reads and writes the lock file, ``_report`` words the diagnostics,
``_fix`` and ``_yaml_edit`` carry out ``--fix``.
"""

from __future__ import annotations

from ._fix import FixReport, fix
from ._lock import LOCK_NAME
from ._report import review_problems, selector_fields
from ._review import Annotation, Result, Review, Status, annotations_of, lock_for, review, stale_locks

__all__ = [
    "LOCK_NAME",
    "Annotation",
    "FixReport",
    "Result",
    "Review",
    "Status",
    "annotations_of",
    "fix",
    "lock_for",
    "review",
    "review_problems",
    "selector_fields",
    "stale_locks",
]
