"""Load a seeds folder into typed records, reporting every problem with its location.

Layout (one record per file, so a pull request adding an entry or a note
touches one file)::

    seeds/
      glossary/<any folders>/<entry-id>.yaml
      briefings/<briefing-id>/briefing.yaml     article metadata
      briefings/<briefing-id>/<article>.txt     the article, byte for byte
      briefings/<briefing-id>/notes/<note-id>.yaml
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import contract
from ..article import Article, segment
from ..cache import Cache, digest
from ..diagnostics import Code, Diagnostic, Location, Severity, character_name
from ..files import is_special, kind_of, read_regular
from ..model import ENTRY_TYPES, ArticleMeta, Entry, Note, RegisteredSource
from ._text import ARTICLE_CONTROL, BIDI, MAX_JOINED, joined_run, refused
from ._yaml import LocatedYaml, PathKey, load_yaml

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_NOTES",
    "BriefingSource",
    "Glossary",
    "Loaded",
    "LocatedYaml",
    "PathKey",
    "Project",
    "display_path",
    "load_briefing",
    "load_glossary",
    "load_project",
    "load_sources",
    "no_briefings",
    "note_file",
    "seeds_problem",
]

MAX_ARTICLE_BYTES = 512 * 1024
"""The longest article accepted; a long news feature is under 100 KiB."""
MAX_NOTES = 500
"""The most notes one briefing may carry."""
_NOTE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED_HINT = "choose another id; reserved: " + ", ".join(
    sorted(i for i in contract.RESERVED_IDS if i[0].isalnum())
)

T = TypeVar("T")

_ENTRY = TypeAdapter(Entry)
_NOTE = TypeAdapter(Note)
_META = TypeAdapter(ArticleMeta)
_SOURCE = TypeAdapter(RegisteredSource)
_ENTRY_MODELS: dict[str, Any] = {
    cls.model_fields["type"].annotation.__args__[0]: cls
    for cls in Entry.__args__[0].__args__  # type: ignore[attr-defined]
}


@dataclass(frozen=True)
class Loaded(Generic[T]):
    record: T
    source: LocatedYaml
    digest: str | None = None
    """SHA-256 of the file's bytes, when it loaded cleanly (what cached results are keyed by)."""

    def at(self, *loc: str | int, key: bool = False) -> Location:
        return self.source.locate(loc, key=key)


@dataclass(frozen=True)
class BriefingSource:
    folder: Path
    meta: Loaded[ArticleMeta]
    article: Article
    notes: dict[str, Loaded[Note]]


class _Mentioning:
    """The entries that mention each briefing, made on first use and shared by the copies
    of a project (:func:`dataclasses.replace` keeps it), so resolving one briefing does
    not scan every entry."""

    def __init__(self) -> None:
        self.by_briefing: dict[str, list[tuple[str, Loaded[Entry]]]] | None = None


@dataclass(frozen=True)
class Project:
    seeds: Path
    entries: dict[str, Loaded[Entry]]
    briefings: dict[str, BriefingSource]
    invalid_entries: frozenset[str] = frozenset()
    """Ids of entry files that exist but failed validation (already reported)."""
    invalid_briefings: frozenset[str] = frozenset()
    """Folders of briefings that exist but could not be loaded (already reported)."""
    cache: Cache | None = None
    """Results remembered from earlier runs, by file content; ``None`` when not in use."""
    rejected: tuple[LocatedYaml, ...] = ()
    """The files of entries and notes that failed validation: their references are still checked."""
    index: _Mentioning = field(default_factory=_Mentioning, repr=False, compare=False)

    def mentioning(self, briefing_id: str) -> list[tuple[str, Loaded[Entry]]]:
        """The entries that mention ``briefing_id``: their ids and records, in the entries' order."""
        if self.index.by_briefing is None:
            self.index.by_briefing = {}
            for entry_id, loaded in self.entries.items():
                for briefing in loaded.record.mentions:
                    self.index.by_briefing.setdefault(briefing, []).append((entry_id, loaded))
        return self.index.by_briefing.get(briefing_id, [])


def display_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it."""
    if not path.is_absolute():
        return path  # a relative path is never below the (absolute) working directory: as is
    if ".." not in path.parts:  # then "below" is a matter of the text alone
        cwd, text = os.getcwd(), str(path)
        return Path(text[len(cwd) + 1 :]) if text.startswith(cwd + os.sep) else path
    try:
        return Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def _all_field_names(model: Any) -> set[str]:
    names: set[str] = set()
    stack = [model]
    seen: set[Any] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, info in current.model_fields.items():
                names.add(name)
                stack.append(info.annotation)
        for arg in getattr(current, "__args__", ()):
            stack.append(arg)
    return names


_FIELDS = (
    _all_field_names(Note)
    | _all_field_names(ArticleMeta)
    | {
        name
        for cls in Entry.__args__[0].__args__
        for name in _all_field_names(cls)  # type: ignore[attr-defined]
    }
)


def _diagnose(exc: ValidationError, doc: LocatedYaml, strip_tag: bool) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        record = exc.title
        if strip_tag and loc and loc[0] in ENTRY_TYPES:
            record, loc = _ENTRY_MODELS[loc[0]].__name__, loc[1:]
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            close = difflib.get_close_matches(name, sorted(_FIELDS), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "remove it; see the format reference"
            out.append(
                Diagnostic(doc.locate(loc, key=True), Code.UNKNOWN_FIELD, f"unknown field `{name}`", hint)
            )
        elif kind == "missing":
            where, place = _where_missing(doc, loc, _field_order(record, loc))
            out.append(
                Diagnostic(
                    where, Code.MISSING_FIELD, f"missing field `{loc[-1]}`", f"add `{loc[-1]}: ...` {place}"
                )
            )
        elif kind == "note_rule":
            ctx = err["ctx"]
            field_loc = (*loc, ctx["field"])
            if ctx["missing"]:
                where, place = _where_missing(doc, field_loc, list(Note.model_fields))
                out.append(Diagnostic(where, Code.MISSING_FIELD, err["msg"], f"{ctx['hint']} {place}"))
            else:
                out.append(
                    Diagnostic(doc.locate(field_loc, key=True), Code.INVALID_VALUE, err["msg"], ctx["hint"])
                )
        elif kind == "reserved_id":
            out.append(Diagnostic(doc.locate(loc), Code.RESERVED_ID, err["msg"], _RESERVED_HINT))
        elif kind in ("literal_error", "enum"):
            out.append(_not_allowed(doc, loc, err))
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            out.append(
                Diagnostic(
                    doc.locate(("type",)),
                    Code.INVALID_VALUE,
                    "`type` is missing or unknown",
                    f"use one of: {', '.join(ENTRY_TYPES)}",
                )
            )
        else:
            message = err["msg"].removeprefix("Value error, ")
            field = ".".join(str(p) for p in loc)
            out.append(
                Diagnostic(
                    doc.locate(loc),
                    Code.INVALID_VALUE,
                    f"`{field}`: {message}" if field else message,
                    _hint_for(err),
                )
            )
    return out


def _field_order(record: str, loc: tuple[Any, ...]) -> list[str]:
    """The fields of a top-level record, in the order the format reference lists them."""
    models = {model.__name__: model for model in (Note, ArticleMeta, *_ENTRY_MODELS.values())}
    if len(loc) != 1 or record not in models:
        return []
    fields = [name for name in models[record].model_fields if name != "type"]
    # an entry's `type` is declared by its subclass, but written second, after `id`
    return [*fields[:1], "type", *fields[1:]] if "type" in models[record].model_fields else fields


def _where_missing(doc: LocatedYaml, loc: tuple[Any, ...], order: list[str]) -> tuple[Location, str]:
    """Where the missing key ``loc[-1]`` belongs, and those words for a hint: on the line
    of the key it should come before (in the record's field order), else just below the
    keys of its mapping."""
    parent, name = tuple(loc[:-1]), loc[-1]
    present = [key[-1] for key in doc.keys if key[:-1] == parent]
    if name in order:
        after = order[order.index(name) + 1 :]
        following = [key for key in present if key in after]
        if following:
            before = min(following, key=after.index)
            return doc.locate((*parent, before), key=True), f"above `{before}`"
    if present and parent in doc.ends:
        return Location(
            doc.path, doc.ends[parent], doc.keys[(*parent, present[0])][1]
        ), f"below `{present[-1]}`"
    return doc.locate(parent), "here"


def _not_allowed(doc: LocatedYaml, loc: tuple[Any, ...], err: Any) -> Diagnostic:
    """A value outside a fixed list: name the list and the closest choice."""
    field = ".".join(str(p) for p in loc)
    allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
    value = err.get("input")
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5) if allowed else []
    hint: str | None
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif allowed:
        hint = f"use one of: {', '.join(allowed)}"
    else:
        hint = _hint_for(err)
    shown = f"`{value}`" if isinstance(value, str | int | float) else "this value"
    return Diagnostic(
        doc.locate(loc),
        Code.INVALID_VALUE,
        f"`{field}`: {shown} is not one of {', '.join(allowed)}" if allowed else f"`{field}`: {err['msg']}",
        hint,
    )


def _hint_for(err: Any) -> str | None:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return None if str(ctx["expected"]) in err["msg"] else f"expected {ctx['expected']}"
    if "pattern" in ctx:
        return f"the value must match `{ctx['pattern']}`"
    if err["type"] == "date_form":
        return "write the day as YYYY-MM-DD, e.g. 2025-06-10 (a number or a time of day is not a day)"
    if err["type"].startswith("date"):
        return "write dates as YYYY-MM-DD"
    if err["type"].startswith("url"):
        return "write a full http:// or https:// address"
    return None


def _load(
    path: Path, model: Any, problems: list[Diagnostic], cache: Cache | None, strip_tag: bool = False
) -> tuple[LocatedYaml | None, Any, str | None]:
    """Read ``path`` and validate it against ``model``; problems go to ``problems``.

    Returns the located YAML (None if unreadable), the record (None if
    invalid) and, when it loaded without a problem, the digest of its bytes.

    With a cache, a file whose bytes loaded cleanly before is not parsed
    again: its record is validated from the cached JSON, and its positions
    are parsed only if a diagnostic asks for one. Files with problems are
    never cached, so their diagnostics are always computed afresh.
    """
    shown = display_path(path)
    raw = read_regular(path)
    if cache is None:
        doc, record = _validate(path, shown, raw, model, problems, strip_tag)
        return doc, record, None
    kind, of = _kind(model), digest(raw)

    def found(loc: PathKey, key: bool, position: tuple[int, int]) -> None:
        cache.add(kind, of, "at", [list(loc), key, *position])

    hit = cache.get(kind, of)
    if hit is not None:
        try:
            record = model.validate_json(hit["record"])
            todos = tuple((int(line), int(col), str(text)) for line, col, text in hit["todos"])
            known = {
                (tuple(loc), bool(key)): (int(line), int(col)) for loc, key, line, col in hit.get("at", [])
            }
            return LocatedYaml.deferred(shown, raw.decode("utf-8"), todos, known, found), record, of
        except (ValidationError, ValueError, TypeError, KeyError):
            pass  # not what this program writes: load the file itself
    problems_here: list[Diagnostic] = []
    doc, record = _validate(path, shown, raw, model, problems_here, strip_tag)
    problems.extend(problems_here)
    if doc is None or record is None or problems_here:
        return doc, record, None
    dumped = model.dump_json(record, exclude_unset=True).decode()
    cache.put(kind, of, {"record": dumped, "todos": [list(t) for t in doc.todos], "at": []})
    return replace(doc, found=found), record, of


def _kind(model: Any) -> str:
    return (
        "entry" if model is _ENTRY else "note" if model is _NOTE else "source" if model is _SOURCE else "meta"
    )


def _validate(
    path: Path, shown: Path, raw: bytes, model: Any, problems: list[Diagnostic], strip_tag: bool
) -> tuple[LocatedYaml | None, Any]:
    doc, errs = load_yaml(path, shown, raw)
    problems.extend(errs)
    if doc is None:
        return None, None
    try:
        return doc, model.validate_python(doc.data)
    except ValidationError as exc:
        problems.extend(_diagnose(exc, doc, strip_tag))
        return doc, None


def _tree(folder: Path, skip: frozenset[str] = frozenset()) -> Iterator[os.DirEntry[str]]:
    """Everything below ``folder`` in name order, but not below the folders ``skip``;
    links are listed, never followed.

    ``DirEntry`` answers "link? folder? file?" from the directory listing itself,
    without a ``stat`` per file.
    """
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        yield entry
        if entry.is_dir(follow_symlinks=False) and entry.path not in skip:
            yield from _tree(Path(entry.path), skip)


def symlinks(folder: Path, *, skip: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Every symbolic link and every special file (FIFO, socket, device) under ``folder``
    (but not below the folders ``skip``): none is followed or opened, each is an error."""
    found = []
    for entry in _tree(folder, skip):
        where = Location(display_path(Path(entry.path)))
        if entry.is_symlink():
            found.append(
                Diagnostic(
                    where,
                    Code.SYMLINK,
                    f"`{entry.name}` is a symbolic link to `{os.readlink(entry.path)}`",
                    "replace the link with the file itself; nothing under seeds/ may be a link",
                )
            )
            continue
        mode = entry.stat(follow_symlinks=False).st_mode
        if is_special(mode):
            found.append(
                Diagnostic(
                    where,
                    Code.SPECIAL_FILE,
                    f"`{entry.name}` is a {kind_of(mode)}, not a regular file; it is not opened",
                    "remove it; seeds/ holds only folders and regular files",
                )
            )
    return found


def _yaml_files(folder: Path, problems: list[Diagnostic]) -> list[Path]:
    """The ``.yaml`` files below ``folder``, never through a link; other YAML names are reported."""
    found: list[Path] = []
    if folder.is_symlink() or not folder.is_dir():
        return found
    for entry in _tree(folder):
        if not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        if path.suffix == ".yaml":
            found.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):
            problems.append(
                Diagnostic(
                    Location(display_path(path)),
                    Code.IGNORED_FILE,
                    f"`{entry.name}` is not read: records must end in `.yaml`",
                    f"rename it to `{path.stem}.yaml`",
                )
            )
    return sorted(found)


def _folder_mismatch(glossary: Path, path: Path, doc: LocatedYaml, entry: Entry | None) -> list[Diagnostic]:
    """An entry in a folder below glossary/ sits in the folder of its type."""
    folders = path.relative_to(glossary).parts[:-1]
    if not folders:
        return []
    kind = entry.type if entry is not None else doc.data.get("type")
    if not folders or kind not in ENTRY_TYPES or folders[0] == kind:
        return []
    return [
        Diagnostic(
            doc.locate(("type",)),
            Code.FOLDER_MISMATCH,
            f"a `{kind}` entry is in the folder `glossary/{folders[0]}/`",
            f"move the file to `glossary/{kind}/{path.name}`, or correct `type`",
        )
    ]


def _load_entries(
    seeds: Path,
    problems: list[Diagnostic],
    invalid: set[str],
    rejected: list[LocatedYaml],
    cache: Cache | None,
) -> dict[str, Loaded[Entry]]:
    entries: dict[str, Loaded[Entry]] = {}
    for path in _yaml_files(seeds / "glossary", problems):
        doc, entry, of = _load(path, _ENTRY, problems, cache, strip_tag=True)
        if doc is None:
            continue
        problems.extend(_folder_mismatch(seeds / "glossary", path, doc, entry))
        if entry is None:
            invalid.add(str(doc.data.get("id", path.stem)))
            rejected.append(doc)
            continue
        loaded = Loaded(entry, doc, of)
        if entry.id != path.stem:
            problems.append(
                Diagnostic(
                    loaded.at("id"),
                    Code.ID_MISMATCH,
                    f"entry id `{entry.id}` differs from the file name `{path.name}`",
                    f"rename the file to `{entry.id}.yaml` or set `id: {path.stem}`",
                )
            )
        if entry.id in entries:
            first = entries[entry.id].at("id")
            problems.append(
                Diagnostic(
                    loaded.at("id"),
                    Code.DUPLICATE_ID,
                    f"entry `{entry.id}` is defined twice: here and at {first}",
                    "merge the two records or give one a different id",
                )
            )
            continue
        entries[entry.id] = loaded
    return entries


def _load_briefing(
    folder: Path, problems: list[Diagnostic], rejected: list[LocatedYaml], cache: Cache | None
) -> BriefingSource | None:
    meta_path = folder / "briefing.yaml"
    if meta_path.is_symlink():
        return None  # reported by symlinks()
    if not meta_path.is_file():
        problems.append(
            Diagnostic(
                Location(display_path(folder)),
                Code.ARTICLE_MISSING,
                "briefing folder has no `briefing.yaml`",
                "add the article's metadata file",
            )
        )
        return None
    doc, meta, of = _load(meta_path, _META, problems, cache)
    if doc is None or meta is None:
        return None
    loaded = Loaded(meta, doc, of)
    if meta.id != folder.name:
        problems.append(
            Diagnostic(
                loaded.at("id"),
                Code.ID_MISMATCH,
                f"briefing id `{meta.id}` differs from its folder `{folder.name}`",
                f"set `id: {folder.name}`",
            )
        )
    article_path = folder / meta.article
    if article_path.is_symlink():
        return None  # reported by symlinks()
    if not article_path.is_file():
        problems.append(
            Diagnostic(
                loaded.at("article"),
                Code.ARTICLE_MISSING,
                f"article file `{meta.article}` not found beside briefing.yaml",
                "name the .txt file in this folder",
            )
        )
        return None
    size = article_path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        problems.append(
            Diagnostic(
                Location(display_path(article_path)),
                Code.FILE_TOO_LARGE,
                f"article is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}",
                "publish a long text as several briefings",
            )
        )
        return None
    raw = read_regular(article_path)  # its checksum is compared in briefing.reanchor
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(
            Diagnostic(
                Location(display_path(article_path)),
                Code.FILE_ENCODING,
                "article is not valid UTF-8",
                "store the article as UTF-8",
            )
        )
        return None
    odd = _article_characters(text, display_path(article_path))
    problems.extend(odd)
    if any(p.is_error for p in odd):
        return None
    article, errs = segment(meta, text, partial(loaded.at, "lines"))
    problems.extend(errs)
    notes: dict[str, Loaded[Note]] = {}
    paths = _yaml_files(folder / "notes", problems)
    if len(paths) > MAX_NOTES:
        problems.append(
            Diagnostic(
                Location(display_path(folder / "notes")),
                Code.TOO_MANY_ANNOTATIONS,
                f"briefing has {len(paths):,} notes; the limit is {MAX_NOTES:,}",
                "keep the notes that matter most, or split the article into several briefings",
            )
        )
        return None
    first: dict[str, Path] = {}
    for path in paths:
        if not _NOTE_ID.match(path.stem) or len(path.stem) > 80:
            problems.append(
                Diagnostic(
                    Location(display_path(path)),
                    Code.INVALID_VALUE,
                    f"note file name `{path.stem}` is not a valid id",
                    "name the file with lower-case letters, digits and single hyphens, "
                    "e.g. `context-geneva-truce.yaml`",
                )
            )
            continue
        if path.stem in contract.RESERVED_IDS:
            problems.append(
                Diagnostic(
                    Location(display_path(path)),
                    Code.RESERVED_ID,
                    f"note id `{path.stem}` is a name the site or the PDF uses",
                    "rename the file: " + _RESERVED_HINT,
                )
            )
            continue
        if path.stem in first:
            problems.append(
                Diagnostic(
                    Location(display_path(path)),
                    Code.DUPLICATE_ID,
                    f"note `{path.stem}` is defined twice: here and at {display_path(first[path.stem])}",
                    "note ids are file names and must be unique in a briefing; rename one file",
                )
            )
            continue
        first[path.stem] = path
        ndoc, note, of = _load(path, _NOTE, problems, cache)
        if ndoc is not None and note is not None:
            notes[path.stem] = Loaded(note, ndoc, of)
        elif ndoc is not None:
            rejected.append(ndoc)
    return BriefingSource(folder, loaded, article, notes)


def _article_characters(text: str, path: Path) -> list[Diagnostic]:
    """The article must be shown verbatim: characters no page can show are refused.

    Tabs, line feeds and CRLF line ends are kept as they are. Bidi overrides
    and isolates are reported as warnings (they can reorder what readers see).
    """

    def at(offset: int) -> Location:
        line = text.count("\n", 0, offset) + 1
        return Location(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)

    found = []
    joined = joined_run(text)
    if joined:
        found.append(
            Diagnostic(
                at(joined[0]),
                Code.COMBINING_MARKS,
                f"the article holds {joined[1]:,} characters in a row joined to one base character "
                f"(combining marks, joiners); the limit is {MAX_JOINED}",
                "no script needs that many; remove the stacked marks from the article text",
            )
        )
    for pattern, severity in ((ARTICLE_CONTROL, Severity.ERROR), (BIDI, Severity.WARNING)):
        for match in pattern.finditer(text):
            char = match.group(0)[:1]
            if severity is Severity.ERROR:
                what = "a carriage return not followed by a line feed" if char == "\r" else refused(char)
                message = f"the article holds {what}"
                hint = "no page can show it as written; remove it from the article text"
                code = Code.CONTROL_CHARACTER
            else:
                message = f"the article holds the bidi control {character_name(char)}"
                hint = "it changes the order readers see; check the line reads as the source"
                code = Code.INVISIBLE_CHARACTER
            found.append(Diagnostic(at(match.start()), code, message, hint, severity))
            if len(found) >= 20:
                return found
    return found


def seeds_problem(seeds: Path) -> Diagnostic | None:
    """Why ``seeds`` cannot be loaded at all, if it cannot."""
    if seeds.is_symlink():
        return Diagnostic(
            Location(display_path(seeds)),
            Code.SYMLINK,
            f"the seeds folder is a symbolic link to `{os.readlink(seeds)}`",
            "keep the seeds in the repository itself",
        )
    if not seeds.is_dir():
        return Diagnostic(
            Location(display_path(seeds)),
            Code.ARTICLE_MISSING,
            "seeds folder not found",
            "run from the project root or pass --seeds",
        )
    return None


@dataclass(frozen=True)
class Glossary:
    """The entries under ``seeds/glossary/``, and what else loading the seeds found outside
    the briefings' folders."""

    entries: dict[str, Loaded[Entry]]
    problems: list[Diagnostic]
    invalid: frozenset[str]
    """Ids of entry files that exist but failed validation (already reported)."""
    rejected: tuple[LocatedYaml, ...]
    """The entry files that failed validation: their references are still checked."""
    folders: tuple[Path, ...]
    """The briefings' folders (not links), in name order."""


def load_glossary(seeds: Path, cache: Cache | None) -> Glossary:
    """The glossary of a seeds folder that can be loaded (see :func:`seeds_problem`), the
    briefings' folders, and the problems outside those folders."""
    listed = seeds / "briefings"
    found = sorted(listed.iterdir()) if listed.is_dir() and not listed.is_symlink() else []
    folders = tuple(p for p in found if p.is_dir() and not p.is_symlink())
    problems = symlinks(seeds, skip=frozenset(str(folder) for folder in folders))
    invalid: set[str] = set()
    rejected: list[LocatedYaml] = []
    entries = _load_entries(seeds, problems, invalid, rejected, cache)
    return Glossary(entries, problems, frozenset(invalid), tuple(rejected), folders)


def load_briefing(
    folder: Path, cache: Cache | None
) -> tuple[BriefingSource | None, list[Diagnostic], tuple[LocatedYaml, ...]]:
    """One briefing's folder: its records (``None`` if they cannot be used), the problems
    found in them and the notes that failed validation."""
    problems = symlinks(folder)
    rejected: list[LocatedYaml] = []
    source = _load_briefing(folder, problems, rejected, cache)
    return source, problems, tuple(rejected)


def load_sources(
    seeds: Path, problems: list[Diagnostic], cache: Cache | None = None
) -> dict[str, Loaded[RegisteredSource]]:
    """The source registry, ``seeds/sources/<id>.yaml``: one file per source, so that a pull
    request grading a source touches one file."""
    found: dict[str, Loaded[RegisteredSource]] = {}
    for path in _yaml_files(seeds / "sources", problems):
        doc, record, of = _load(path, _SOURCE, problems, cache)
        if doc is None or record is None:
            continue
        loaded = Loaded(record, doc, of)
        if record.id != path.stem:
            problems.append(
                Diagnostic(
                    loaded.at("id"),
                    Code.ID_MISMATCH,
                    f"source id `{record.id}` differs from the file name `{path.name}`",
                    f"rename the file to `{record.id}.yaml` or set `id: {path.stem}`",
                )
            )
            continue
        found[record.id] = loaded
    return found


def note_file(path: Path) -> LocatedYaml | None:
    """The located YAML of a note file that loaded before, to point into it; ``None`` if it
    cannot be read now."""
    try:
        doc, _, _ = _load(path, _NOTE, [], None)
    except OSError:
        return None
    return doc


def no_briefings(seeds: Path) -> Diagnostic:
    return Diagnostic(
        Location(display_path(seeds / "briefings")),
        Code.ARTICLE_MISSING,
        "no briefings found",
        "add seeds/briefings/<id>/briefing.yaml",
    )


def load_project(seeds: Path) -> tuple[Project, list[Diagnostic]]:
    """Every record under ``seeds``, and the problems found loading them."""
    unusable = seeds_problem(seeds)
    if unusable is not None:
        return Project(seeds, {}, {}), [unusable]
    glossary = load_glossary(seeds, None)
    problems = list(glossary.problems)
    rejected = list(glossary.rejected)
    briefings: dict[str, BriefingSource] = {}
    broken: set[str] = set()
    for folder in glossary.folders:
        source, found, unused = load_briefing(folder, None)
        problems.extend(found)
        rejected.extend(unused)
        if source is not None:
            briefings[folder.name] = source
        else:
            broken.add(folder.name)
    if not briefings and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(no_briefings(seeds))
    project = Project(
        seeds,
        glossary.entries,
        briefings,
        invalid_entries=glossary.invalid,
        invalid_briefings=frozenset(broken),
        rejected=tuple(rejected),
    )
    return project, problems
