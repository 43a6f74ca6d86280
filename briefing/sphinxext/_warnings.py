"""One helper for every warning the extension logs, so each kind can be silenced
with ``suppress_warnings = ["briefing.<subtype>"]``."""

from __future__ import annotations

import enum

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


class Warn(enum.StrEnum):
    UNKNOWN_ENTRY = "unknown_entry"
    """A mention or ``{briefing:entry}`` names no glossary entry."""
    UNKNOWN_NOTE = "unknown_note"
    """A ``{briefing:note}`` names no note."""
    UNKNOWN_TARGET = "unknown_target"
    """A generated link (briefing, mention) points at a page that is gone."""


def warn(subtype: Warn, message: str, location: nodes.Node | str | None = None) -> None:
    logger.warning(message, type="briefing", subtype=str(subtype), location=location)
