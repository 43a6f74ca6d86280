"""The source registry: each source graded once, in ``seeds/sources/<id>.yaml``, and cited
by id. Citations take the registry's grade here, so everything downstream of the corpus
(pages, PDF, export) sees whole grades and never reads the registry itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from .corpus import Briefing, Corpus, ResolvedNote
from .model import Note, RegisteredSource, Source

Registry = Mapping[str, RegisteredSource]


def cited(source: Source, registry: Registry, on: dt.date) -> Source:
    """``source`` with the reliability its registered source had ``on`` that day."""
    found = registry.get(source.ref) if source.ref else None
    if found is None:
        return source
    update = {"reliability": found.reliability_on(on), "publisher": source.publisher or found.name}
    return source.model_copy(update=update)


def _note(note: Note, registry: Registry) -> Note:
    update: dict[str, object] = {"sources": [cited(s, registry, note.date) for s in note.sources]}
    if note.outcome is not None:
        known = note.outcome.known
        sources = [cited(s, registry, known) for s in note.outcome.sources]
        update["outcome"] = note.outcome.model_copy(update={"sources": sources})
    update["indicators"] = [
        i.model_copy(
            update={
                "observations": [
                    o.model_copy(update={"source": cited(o.source, registry, o.date)}) if o.source else o
                    for o in i.observations
                ]
            }
        )
        for i in note.indicators
    ]
    return note.model_copy(update=update)


def with_registry(corpus: Corpus, registry: Registry) -> Corpus:
    """The corpus with every citation of a registered source graded from the registry."""
    if not registry:
        return corpus
    briefings = {
        briefing_id: _briefing(briefing, registry) for briefing_id, briefing in corpus.briefings.items()
    }
    return Corpus(corpus.entries, briefings)


def _briefing(briefing: Briefing, registry: Registry) -> Briefing:
    notes: tuple[ResolvedNote, ...] = tuple(replace(n, note=_note(n.note, registry)) for n in briefing.notes)
    return replace(briefing, notes=notes)
