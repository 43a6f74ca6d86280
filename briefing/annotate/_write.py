"""Writing what was pointed at: mentions, entry and note skeletons, and the anchors lock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from ..anchoring import Span, resolve
from ..corpus import ResolvedMention, resolve_briefing
from ..diagnostics import Code, Location
from ..loading import BriefingSource, Project, display_path, load_briefing, load_glossary, load_project
from ..model import ENTRY_TYPES, Note, Selector
from ..reanchor._lock import write_lock
from ..reanchor._review import lock_for
from ..reanchor._yaml_edit import Unrewritable, add_mentions, remove_mention
from ._select import Edit, _error, article_location, locate, selector_for, span_at

NOTE_KINDS: tuple[str, ...] = get_args(Note.model_fields["kind"].annotation)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slug(value: str, what: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 80:
        raise _error(
            Location(Path(what)),
            Code.INVALID_VALUE,
            f"{what} `{value}` is not an id",
            "use lower-case letters, digits and single hyphens, e.g. `geneva-truce`",
            usage=True,
        )
    return value


def load(seeds: Path, briefing_id: str | None = None) -> Project:
    """The glossary and the briefing ``briefing_id`` (all of them when ``None``).

    An edit concerns one briefing: the others are not read, so its cost does not
    grow with the number of briefings.
    """
    if not seeds.is_dir():
        raise _error(Location(seeds), Code.UNKNOWN_BRIEFING, f"seeds folder `{seeds}` not found", usage=True)
    if briefing_id is None:
        project, _ = load_project(seeds)
        return project
    glossary = load_glossary(seeds, None)
    folders = {folder.name: folder for folder in glossary.folders}
    source = load_briefing(folders[briefing_id], None)[0] if briefing_id in folders else None
    if source is None:
        known = ", ".join(sorted(folders)) or "none"
        raise _error(
            Location(seeds / "briefings"),
            Code.UNKNOWN_BRIEFING,
            f"briefing `{briefing_id}` "
            + ("does not load (run `briefing check`)" if briefing_id in folders else "does not exist"),
            f"known briefings: {known}",
            usage=True,
            status=404,
        )
    return Project(seeds, glossary.entries, {briefing_id: source}, invalid_entries=glossary.invalid)


def briefing_of(project: Project, briefing_id: str) -> BriefingSource:
    if briefing_id not in project.briefings:
        known = ", ".join(sorted(project.briefings)) or "none"
        raise _error(
            Location(project.seeds / "briefings"),
            Code.UNKNOWN_BRIEFING,
            f"briefing `{briefing_id}` does not exist or does not load",
            f"known briefings: {known}",
            usage=True,
            status=404,
        )
    return project.briefings[briefing_id]


def _entry_path(project: Project, entry_id: str) -> Path:
    if entry_id not in project.entries:
        hint = "create it with `briefing new entry`"
        if entry_id in project.invalid_entries:
            hint = "the entry file has errors: run `briefing check`"
        raise _error(
            Location(project.seeds / "glossary"),
            Code.UNKNOWN_ENTRY,
            f"no glossary entry `{entry_id}`",
            hint,
            usage=True,
            status=404,
        )
    return inside(project.seeds, Path(project.entries[entry_id].source.path))


def inside(seeds: Path, path: Path) -> Path:
    """``path``, refused unless it lies below ``seeds`` once links and ``..`` are resolved."""
    if not path.resolve().is_relative_to(seeds.resolve()):
        raise _error(Location(path), Code.SYMLINK, "refusing to write outside the seeds folder", status=403)
    return path


def _mentions_in(project: Project, briefing_id: str) -> tuple[ResolvedMention, ...]:
    """The briefing's mentions that anchor (only that briefing is resolved)."""
    return tuple(resolve_briefing(project, briefing_id, []).mentions)


def _free(project: Project, source: BriefingSource, spans: Sequence[Span]) -> None:
    """Refuse spans that overlap a mention already there (mentions may not overlap)."""
    existing = _mentions_in(project, source.meta.record.id)
    for span in spans:
        for other in existing:
            if other.span.overlaps(span):
                quote = source.article.text[span.start : span.end]
                held = source.article.text[other.span.start : other.span.end]
                raise _error(
                    article_location(source, span.start),
                    Code.SPAN_OVERLAP,
                    f"“{quote}” overlaps the mention “{held}” of `{other.entry}` at {other.location}",
                    "mentions may not overlap: point at other words, or remove that mention first",
                    status=409,
                )


def refresh_lock(seeds: Path, briefing_id: str) -> str:
    """Record where the briefing's annotations resolve now, as ``check --fix`` would."""
    project = load(seeds, briefing_id)
    source = project.briefings.get(briefing_id)
    if source is None:
        return "anchors lock not updated: the briefing does not load (run `briefing check`)"
    if source.meta.record.sha256 != source.article.sha256:
        return (
            "anchors lock not updated: the article changed since it was recorded; run `briefing check --fix`"
        )
    lock = lock_for(project, source)
    if lock is None:
        return "anchors lock not updated: some annotations do not resolve (run `briefing check`)"
    changed = write_lock(source.folder, lock)
    return f"anchors lock {'updated' if changed else 'unchanged'}: {len(lock.anchors)} anchor(s)"


def add_mention_spans(seeds: Path, entry_id: str, briefing_id: str, spans: Sequence[Span]) -> Edit:
    """Add mentions of ``entry_id`` at ``spans`` (already located) and refresh the lock."""
    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    path = _entry_path(project, entry_id)
    _free(project, source, spans)
    selectors = tuple(selector_for(source.article, s.start, s.end) for s in spans)
    try:
        add_mentions(path, briefing_id, list(selectors))
    except Unrewritable:
        raise _error(
            Location(display_path(path)),
            Code.YAML_SYNTAX,
            "not written: the file's layout would not survive a rewrite",
            "add the mention by hand: " + "; ".join(_fields(s) for s in selectors),
        ) from None
    return Edit(path, tuple(spans), selectors, refresh_lock(seeds, briefing_id))


def add_mention(seeds: Path, entry_id: str, briefing_id: str, start: int, end: int) -> Edit:
    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    span = span_at(source.article, start, end)
    if isinstance(span, str):
        raise _error(article_location(source), Code.QUOTE_NOT_FOUND, span)
    return add_mention_spans(seeds, entry_id, briefing_id, [span])


def remove_mention_at(seeds: Path, entry_id: str, briefing_id: str, start: int, end: int) -> Edit:
    """Remove the mention of ``entry_id`` that resolves to exactly ``[start, end)``."""
    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    path = _entry_path(project, entry_id)
    mentions = project.entries[entry_id].record.mentions.get(briefing_id, [])
    for i, mention in enumerate(mentions):
        span = resolve(source.article, mention)
        if isinstance(span, Span) and (span.start, span.end) == (start, end):
            try:
                remove_mention(path, briefing_id, i)
            except Unrewritable:
                raise _error(
                    Location(display_path(path)),
                    Code.YAML_SYNTAX,
                    "not written: the file's layout would not survive a rewrite",
                    f"remove mention {i + 1} of `{briefing_id}` by hand",
                ) from None
            return Edit(
                path,
                (span,),
                (mention,),
                refresh_lock(seeds, briefing_id),
            )
    raise _error(
        Location(display_path(path)),
        Code.UNKNOWN_ENTRY,
        f"`{entry_id}` has no mention at {start}..{end} in briefing `{briefing_id}`",
        "reload the page: it may show an older build",
        status=409,
    )


def _fields(selector: Selector) -> str:
    return ", ".join(f"{k}: {v!r}" for k, v in selector.model_dump(exclude_none=True).items())


def new_entry_at(
    seeds: Path,
    entry_type: str,
    entry_id: str,
    title: str | None,
    briefing_id: str,
    start: int,
    end: int,
    today: dt.date,
) -> Edit:
    """Write a new entry's skeleton whose one mention is ``[start, end)``."""
    from ..scaffold import ScaffoldError, entry_path, entry_text, write_new

    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    span = span_at(source.article, start, end)
    if isinstance(span, str):
        raise _error(article_location(source), Code.QUOTE_NOT_FOUND, span)
    _slug(entry_id, "entry id")
    if entry_type not in ENTRY_TYPES:
        raise _error(Location(seeds / "glossary"), Code.INVALID_VALUE, f"unknown entry type `{entry_type}`")
    if entry_id in project.entries or entry_id in project.invalid_entries:
        raise _error(
            Location(seeds / "glossary"), Code.DUPLICATE_ID, f"entry `{entry_id}` already exists", status=409
        )
    _free(project, source, [span])
    selector = selector_for(source.article, span.start, span.end)
    path = inside(seeds, entry_path(seeds, entry_type, entry_id))
    text = entry_text(seeds, entry_type, entry_id, title=title, mention=(briefing_id, selector), today=today)
    try:
        write_new(path, text)
    except ScaffoldError as exc:
        raise _error(Location(display_path(path)), Code.DUPLICATE_ID, str(exc), status=409) from None
    return Edit(path, (span,), (selector,), refresh_lock(seeds, briefing_id))


def new_note_at(
    seeds: Path,
    note_id: str,
    kind: str,
    briefing_id: str,
    start: int,
    end: int,
    author: str | None,
    today: dt.date,
) -> Edit:
    """Write a new note's skeleton targeting ``[start, end)``."""
    from ..scaffold import ScaffoldError, note_path, note_text, write_new

    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    span = span_at(source.article, start, end)
    if isinstance(span, str):
        raise _error(article_location(source), Code.QUOTE_NOT_FOUND, span)
    if kind not in NOTE_KINDS:
        raise _error(Location(Path("kind")), Code.INVALID_VALUE, f"unknown note kind `{kind}`", usage=True)
    _slug(note_id, "note id")
    selector = selector_for(source.article, span.start, span.end)
    path = inside(seeds, note_path(seeds, briefing_id, note_id))
    try:
        text = note_text(
            seeds, briefing_id, note_id, kind=kind, author=author, today=today, selector=selector
        )
        write_new(path, text)
    except ScaffoldError as exc:
        raise _error(Location(display_path(path)), Code.DUPLICATE_ID, str(exc), status=409) from None
    return Edit(path, (span,), (selector,), refresh_lock(seeds, briefing_id))


def point(
    seeds: Path,
    entry_id: str,
    form: str,
    briefing_id: str | None,
    *,
    every: bool = False,
    occurrence: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> tuple[Edit, list[str]]:
    """``briefing mention add``: mention ``entry_id`` where ``form`` occurs; (edit, places skipped)."""
    if briefing_id is None:
        folders = [folder.name for folder in load_glossary(seeds, None).folders] if seeds.is_dir() else []
        if len(folders) != 1:
            raise _error(
                Location(seeds / "briefings"),
                Code.UNKNOWN_BRIEFING,
                "say which briefing with --briefing",
                f"known briefings: {', '.join(folders) or 'none'}",
                usage=True,
            )
        briefing_id = folders[0]
    project = load(seeds, briefing_id)
    source = briefing_of(project, briefing_id)
    _entry_path(project, entry_id)
    spans = locate(source, form, occurrence=occurrence, prefix=prefix, suffix=suffix, every=every)
    skipped = []
    if every:
        taken = _mentions_in(project, briefing_id)
        free = []
        for span in spans:
            held = next((m for m in taken if m.span.overlaps(span)), None)
            if held is None:
                free.append(span)
            else:
                skipped.append(
                    f"¶{span.block} is already inside the mention of `{held.entry}` at {held.location}"
                )
        if not free:
            raise _error(
                article_location(source, spans[0].start),
                Code.SPAN_OVERLAP,
                f"every occurrence of “{form}” is already a mention",
                "nothing to add",
            )
        spans = free
    return add_mention_spans(seeds, entry_id, briefing_id, spans), skipped
