"""Annotate by pointing: from a span of the article to the YAML that selects it.

Both ``briefing mention add`` / ``briefing new --quote`` and the annotation
panel of ``briefing serve`` come here. A span is given as article character
offsets; :func:`selector_for` turns it into the shortest selector that picks it
out and keeps doing so through small edits elsewhere (the quote alone, else the
fewest whole words of context, ``occurrence`` last). Mentions are written with
the same round-trip YAML writer ``suggest --write`` and ``check --fix`` use, and
the anchors lock is brought up to date as ``check --fix`` does.

Problems a user can cause are :class:`AnnotateError` carrying one located
diagnostic; nothing is written when one is raised.
"""

from __future__ import annotations

from ._select import MAX_SPAN, AnnotateError, Edit, article_location, locate, selector_for, span_at
from ._write import (
    NOTE_KINDS,
    add_mention,
    add_mention_spans,
    briefing_of,
    inside,
    load,
    new_entry_at,
    new_note_at,
    point,
    refresh_lock,
    remove_mention_at,
)

__all__ = [
    "MAX_SPAN",
    "NOTE_KINDS",
    "AnnotateError",
    "Edit",
    "add_mention",
    "add_mention_spans",
    "article_location",
    "briefing_of",
    "inside",
    "load",
    "locate",
    "new_entry_at",
    "new_note_at",
    "point",
    "refresh_lock",
    "remove_mention_at",
    "selector_for",
    "span_at",
]
