"""The records the briefing domain keeps, one per thing a document defines or cites.

Each carries the ``docname`` that defines it, so the domain can drop and merge a
document's records alone (see ``_domain``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .. import core, scoring

PREVIEW_FIELDS = 4
"""Structured fields a mention preview shows, at most."""


@dataclass(frozen=True, kw_only=True)
class EntryRecord(core.EntrySummary):
    docname: str
    preview: tuple[core.FieldData, ...] = ()
    """The fields a mention preview shows: the first few that are not external links."""

    @classmethod
    def of(cls, data: core.EntryData, docname: str) -> EntryRecord:
        return cls(
            docname=docname,
            preview=tuple(f for f in data.fields if not f.link)[:PREVIEW_FIELDS],
            **{f.name: getattr(data, f.name) for f in fields(core.EntrySummary)},
        )

    def preview_data(self, entries: dict[str, EntryRecord]) -> dict[str, Any]:
        """What a mention's preview shows of this entry; references to entries by their titles."""
        shown = []
        for field in self.preview:
            if field.entries:
                value = ", ".join(entries[e].title if e in entries else e for e in field.entries)
            else:
                value = ", ".join(field.value) if isinstance(field.value, tuple) else field.value
            shown.append([field.label, value])
        return {"title": self.title, "type": self.type, "summary": self.summary, "fields": shown}


@dataclass(frozen=True, kw_only=True)
class BriefingRecord(core.BriefingMeta):
    docname: str
    lead: str | None = None
    notes: int = 0
    mentions: int = 0
    entries: int = 0

    @classmethod
    def of(cls, data: core.BriefingData, docname: str) -> BriefingRecord:
        return cls(
            docname=docname,
            lead=data.lead,
            notes=len(data.notes),
            mentions=len(data.mentions),
            entries=len({m.entry for m in data.mentions.values()}),
            **{f.name: getattr(data, f.name) for f in fields(core.BriefingMeta)},
        )


@dataclass(frozen=True, kw_only=True)
class MentionRecord(core.MentionData):
    docname: str
    briefing: str

    @property
    def target(self) -> str:
        return f"{self.docname}#{self.anchor}"


@dataclass(frozen=True, kw_only=True)
class NoteRecord:
    docname: str
    briefing: str
    id: str
    label: str

    @property
    def anchor(self) -> str:
        return core.note_anchor(self.id)

    @property
    def target(self) -> str:
        return note_target(self.briefing, self.id)


@dataclass(frozen=True, kw_only=True)
class JudgmentRecord:
    """A key judgment with a likelihood: what the track record lists and scores."""

    docname: str
    briefing: str
    note: core.NoteData

    @property
    def target(self) -> str:
        return note_target(self.briefing, self.note.id)

    @property
    def anchor(self) -> str:
        """Its place in the track record."""
        return track_anchor(self.briefing, self.note.id)

    @property
    def state(self) -> str:
        return self.note.state or scoring.OPEN

    @property
    def p(self) -> float | None:
        return scoring.probability(self.note.likelihood)

    @property
    def o(self) -> float | None:
        return scoring.score(self.state)

    def order(self) -> tuple[str, str, int]:
        """Nearest horizon first (none last), then by briefing and number."""
        return (self.note.horizon or "9999", self.briefing, self.note.number)


def track_anchor(briefing: str, note_id: str) -> str:
    return f"track-{briefing}-{note_id}"


def note_target(briefing: str, note_id: str) -> str:
    """How a note is named in a reference: ``briefing-id/note-id``."""
    return f"{briefing}/{note_id}"


@dataclass(frozen=True, kw_only=True)
class CitationRecord:
    """Sources cited by one entry or note, and how to refer to that entry or note."""

    docname: str
    anchor: str
    label: str
    reftype: str
    target: str
    sources: tuple[core.SourceData, ...]
