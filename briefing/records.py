"""The records pages, exports and figures are made of, derived once from the checked corpus.

`render` writes them as JSON beside the MyST pages, `export` publishes them, the
Sphinx extension and the PDF builder read them back (their types are in `core`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeGuard

from . import core
from .anchoring import context
from .article import Article, Block
from .corpus import Briefing, Corpus, ResolvedMention, ResolvedNote
from .dates import date_range, long_date
from .figures import OTHERS, Node, Side, Team
from .judgments import judgment_fields, source_data
from .model import Element, Entry, Event, Organization, Person, Source
from .spans import Interval, runs


def _sources(sources: Iterable[Source]) -> tuple[core.SourceData, ...]:
    return tuple(source_data(s) for s in sources)


def _entry_fields(entry: Entry) -> list[core.FieldData]:
    """Label and value of each structured field, in display order."""
    skip = {"id", "type", "title", "aliases", "summary", "body", "sources", "mentions", "wikidata"}
    out: list[core.FieldData] = []
    for name, info in type(entry).model_fields.items():
        value = getattr(entry, name)
        if name in skip or value in (None, [], ""):
            continue
        label = (info.title or name.replace("_", " ")).capitalize()
        if isinstance(entry, Event) and name in ("start", "end"):
            if name == "start":
                out.append(core.FieldData(label="Date", value=date_range(entry.start, entry.end)))
            continue
        if isinstance(entry, Element) and name == "export_control":
            value = f"Controlled since {long_date(value.since)} ({value.measure})"
        elif name in ("parties", "organization", "see_also") or (
            isinstance(entry, Organization) and name == "country"
        ):
            refs = value if isinstance(value, list) else [value]
            out.append(core.FieldData(label=label, entries=tuple(refs)))
            continue
        elif isinstance(value, dt.date):
            value = long_date(value)
        out.append(core.FieldData(label=label, value=tuple(value) if isinstance(value, list) else str(value)))
    if entry.aliases:
        out.append(core.FieldData(label="Also called", value=tuple(entry.aliases)))
    if entry.wikidata:
        out.append(
            core.FieldData(
                label="Wikidata", link=f"https://www.wikidata.org/wiki/{entry.wikidata}", value=entry.wikidata
            )
        )
    return out


def entry_data(entry: Entry) -> core.EntryData:
    start = end = None
    if isinstance(entry, Event):
        start, end = entry.start.isoformat(), entry.end.isoformat() if entry.end else None
    return core.EntryData(
        id=entry.id,
        type=entry.type,
        title=entry.title,
        summary=entry.summary,
        body=entry.body,
        fields=tuple(_entry_fields(entry)),
        sources=_sources(entry.sources),
        symbol=getattr(entry, "symbol", None),
        atomic_number=getattr(entry, "atomic_number", None),
        group=getattr(entry, "group", None),
        controlled_since=(
            entry.export_control.since.isoformat()
            if isinstance(entry, Element) and entry.export_control
            else None
        ),
        start=start,
        end=end,
    )


def _note_data(note: ResolvedNote, briefing: Briefing) -> core.NoteData:
    n = note.note
    return core.NoteData(
        id=note.id,
        number=note.number,
        kind=n.kind,
        title=n.title,
        author=n.author,
        date=n.date.isoformat(),
        body=n.body,
        confidence=n.confidence,
        likelihood=n.likelihood,
        sources=_sources(n.sources),
        entries=tuple(n.entries),
        block=note.span.block if note.span else None,
        quote=briefing.article.text[note.span.start : note.span.end] if note.span else None,
        see_also=_see_also(n.see_also, briefing),
        **judgment_fields(n),
    )


def _see_also(note_ids: Iterable[str], briefing: Briefing) -> tuple[core.NoteLinkData, ...]:
    """Number and label of each note this one links to."""
    by_id = {n.id: n for n in briefing.notes}
    return tuple(
        core.NoteLinkData(id=i, number=by_id[i].number, label=by_id[i].note.title or by_id[i].note.kind)
        for i in note_ids
        if i in by_id
    )


def _local(block: Block, items: Iterable[ResolvedMention | ResolvedNote]) -> Iterator[Interval]:
    """The spans of ``items`` inside ``block``, relative to the block's text."""
    for item in items:
        if item.span and item.span.block == block.number:
            yield Interval(item.id, item.span.start - block.start, item.span.end - block.start)


def _mention_data(mention: ResolvedMention, article: Article, corpus: Corpus) -> core.MentionData:
    before, quote, after = context(article, mention.span)
    return core.MentionData(
        id=mention.id,
        entry=mention.entry,
        type=corpus.entries[mention.entry].type,
        paragraph=mention.span.block,
        before=before,
        quote=quote,
        after=after,
    )


_FIRST_SENTENCE = re.compile(r"(?<=[a-z0-9”)][.!?])\s+(?=[A-Z“(])")


def _lead(briefing: Briefing) -> str | None:
    """The first key judgment in one line: its title, or else its first sentence."""
    if not briefing.key_judgments:
        return None
    note = briefing.key_judgments[0].note
    if note.title:
        return note.title
    first = " ".join(note.body.split("\n\n", 1)[0].split())
    return _FIRST_SENTENCE.split(first, maxsplit=1)[0]


def briefing_data(briefing: Briefing, corpus: Corpus) -> core.BriefingData:
    article = briefing.article
    blocks = []
    for block in article.blocks:
        block_notes = [n for n in briefing.notes if n.span and n.span.block == block.number]
        block_runs = runs(block.text, _local(block, briefing.mentions), _local(block, block_notes))
        blocks.append(
            core.BlockData(
                number=block.number,
                line=block.line,
                role=block.role,
                start=block.start,
                runs=tuple(
                    core.RunData(
                        text=r.text, mention=r.mention, notes=tuple(r.notes), closing=tuple(r.closing)
                    )
                    for r in block_runs
                ),
                notes=tuple(n.id for n in block_notes),
            )
        )
    meta = briefing.meta
    return core.BriefingData(
        id=meta.id,
        title=meta.title,
        subtitle=meta.subtitle,
        publisher=meta.publisher,
        published=meta.published.isoformat(),
        url=str(meta.url) if meta.url else None,
        language=meta.language,
        summary=meta.summary,
        blocks=tuple(blocks),
        sha256=article.sha256,
        mentions={m.id: _mention_data(m, article, corpus) for m in briefing.mentions},
        notes={n.id: _note_data(n, briefing) for n in briefing.notes},
        key_judgments=tuple(n.id for n in briefing.key_judgments),
        lead=_lead(briefing),
    )


def cast_data(briefing: Briefing, corpus: Corpus) -> list[dict[str, Any]]:
    """Who's who of the events ``briefing`` mentions, for its figure."""
    mentioned = dict.fromkeys(m.entry for m in briefing.mentions)
    events = [e for e in (corpus.entries[i] for i in mentioned) if isinstance(e, Event)]
    return [dataclasses.asdict(side) for side in cast(events, corpus.entries)]


def _is_person(entry: Entry | None) -> TypeGuard[Person]:
    return entry is not None and entry.type == "person"


def _is_organization(entry: Entry | None) -> TypeGuard[Organization]:
    return entry is not None and entry.type == "organization"


def _node(entry: Entry) -> Node:
    return Node(entry.id, entry.title, entry.type, getattr(entry, "role", "") or "")


def cast(events: Iterable[Event], entries: Mapping[str, Entry]) -> tuple[Side, ...]:
    """The parties of ``events`` and the organizations of the people among them, by side.

    A person's side is their organization's; an organization's side is its
    ``country``. Sides, teams and people keep the order in which the events
    (by date) first name them; parties of unknown side come last.
    """
    order: list[str] = []
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        for party in event.parties:
            entry = entries.get(party)
            if entry is None:
                continue
            if _is_person(entry) and _is_organization(entries.get(entry.organization or "")):
                order.append(entry.organization)  # type: ignore[arg-type]
            order.append(party)
    teams: dict[str, dict[str | None, list[Node]]] = {}  # side key -> org id -> people
    loose: list[Node] = []
    for entry_id in dict.fromkeys(order):
        entry = entries[entry_id]
        if _is_organization(entry):
            teams.setdefault(entry.country or "", {}).setdefault(entry.id, [])
        elif _is_person(entry):
            org = entries.get(entry.organization or "")
            if _is_organization(org):
                teams.setdefault(org.country or "", {}).setdefault(org.id, []).append(_node(entry))
            else:
                teams.setdefault("", {}).setdefault(None, []).append(_node(entry))
        else:
            loose.append(_node(entry))
    sides = []
    for key in sorted(teams, key=lambda k: k == ""):  # stable: first-named order, unknown last
        country = entries.get(key) if key else None
        groups = tuple(
            Team(_node(entries[org]) if org else None, tuple(people)) for org, people in teams[key].items()
        )
        if key:
            sides.append(Side(country.title if country else key, _node(country) if country else None, groups))
        else:
            extra = (Team(None, tuple(loose)),) if loose else ()
            sides.append(Side(OTHERS, None, groups + extra))
    if loose and "" not in teams:
        sides.append(Side(OTHERS, None, (Team(None, tuple(loose)),)))
    return tuple(sides)
