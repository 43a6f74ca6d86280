"""Render the corpus into a Sphinx source folder: MyST pages from Jinja templates
plus one JSON data file per page for the extension's directives.

Contributor text reaches MyST only through the templates' escaping finalizer,
which backslash-escapes all punctuation, so it can never open a directive, a
role or front matter. Bodies are not MyST at all: they travel as data and the
extension parses them with the restricted Markdown parser. Files are written
only when their bytes change, so Sphinx re-reads only what an edit affects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import core
from .anchoring import context
from .article import Article, Block
from .contract import Data, data_file
from .corpus import Briefing, Corpus, ResolvedMention, ResolvedNote
from .dates import date_range, long_date
from .figures import cast
from .judgments import judgment_fields, source_data
from .model import Element, Entry, Event, Organization, Source
from .paths import templates_dir
from .spans import Interval, runs

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Verbatim(str):
    """Text already safe to place in MyST."""


def myst_escape(value: Any) -> str:
    if isinstance(value, _Verbatim | Markup):
        return str(value)
    if value is None:
        return ""
    return _PUNCT.sub(r"\\\1", " ".join(str(value).split()))


def _slug(value: str) -> _Verbatim:
    if not _SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")
    return _Verbatim(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "site"),
        autoescape=False,  # MyST, not HTML: escaping is the finalizer below
        finalize=myst_escape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = _slug
    env.filters["long_date"] = long_date
    return env


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


def _dump(data: Any) -> str:
    """JSON of a core record, or of plain JSON-ready data."""
    ready = core.to_json(data) if dataclasses.is_dataclass(data) else data
    # one line: an indented dump takes the json module's pure-Python encoder, several
    # times slower, for files only the extension reads
    return json.dumps(ready, ensure_ascii=False, sort_keys=True) + "\n"


NAV_BRIEFINGS = 10
"""Briefings named in the site navigation, newest first. The theme renders the
navigation on every page, so listing every briefing there would make each page
cost as much as the site is big; older briefings are reached from the home
page's list of all briefings."""


def site_files(corpus: Corpus, site_title: str) -> dict[str, str]:
    """Every file of the Sphinx source folder, by relative path."""
    env = _environment()
    briefings = sorted(corpus.briefings.values(), key=lambda b: (b.meta.published, b.id), reverse=True)
    files = {
        "index.md": env.get_template("index.md.j2").render(
            site_title=site_title, briefings=[b.meta for b in briefings[:NAV_BRIEFINGS]]
        ),
        "glossary/index.md": env.get_template("glossary.md.j2").render(),
        "timeline.md": env.get_template("timeline.md.j2").render(),
        "sources.md": env.get_template("sources.md.j2").render(),
        "track-record.md": env.get_template("track-record.md.j2").render(),
    }
    for rank, briefing in enumerate(briefings):
        sides = cast_data(briefing, corpus)
        if sides:
            files[str(data_file(Data.CAST, briefing.id))] = _dump(sides)
        files[f"briefings/{briefing.id}.md"] = env.get_template("briefing.md.j2").render(
            meta=briefing.meta,
            has_key_judgments=bool(briefing.key_judgments),
            has_cast=bool(sides),
            in_navigation=rank < NAV_BRIEFINGS,
        )
        files[str(data_file(Data.BRIEFING, briefing.id))] = _dump(briefing_data(briefing, corpus))
    entry_template = env.get_template("entry.md.j2")
    for entry in corpus.entries.values():
        files[f"glossary/{entry.id}.md"] = entry_template.render(entry=entry)
        files[str(data_file(Data.ENTRY, entry.id))] = _dump(entry_data(entry))
    return files


def write_tree(root: Path, files: dict[str, str]) -> list[str]:
    """Make ``root`` hold exactly ``files``; touch only files whose content changed.

    Returns the relative paths written or removed.
    """
    changed = []
    for rel, content in sorted(files.items()):
        path = root / rel
        data = content.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        changed.append(rel)
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
