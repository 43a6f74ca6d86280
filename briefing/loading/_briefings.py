"""One briefing's folder: its metadata, its article and its notes."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from .. import contract
from ..article import segment
from ..cache import Cache
from ..diagnostics import Code, Diagnostic, Location, Severity, character_name
from ..files import read_regular
from ..model import Note
from ._folders import _yaml_files, symlinks
from ._records import BriefingSource, Loaded, display_path
from ._text import ARTICLE_CONTROL, BIDI, MAX_JOINED, joined_run, refused
from ._validate import _META, _NOTE, _RESERVED_HINT, _load
from ._yaml import LocatedYaml

MAX_ARTICLE_BYTES = 512 * 1024
"""The longest article accepted; a long news feature is under 100 KiB."""


MAX_NOTES = 500
"""The most notes one briefing may carry."""


_NOTE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def load_briefing(
    folder: Path, cache: Cache | None
) -> tuple[BriefingSource | None, list[Diagnostic], tuple[LocatedYaml, ...]]:
    """One briefing's folder: its records (``None`` if they cannot be used), the problems
    found in them and the notes that failed validation."""
    problems = symlinks(folder)
    rejected: list[LocatedYaml] = []
    source = _load_briefing(folder, problems, rejected, cache)
    return source, problems, tuple(rejected)


def note_file(path: Path) -> LocatedYaml | None:
    """The located YAML of a note file that loaded before, to point into it; ``None`` if it
    cannot be read now."""
    try:
        doc, _, _ = _load(path, _NOTE, [], None)
    except OSError:
        return None
    return doc
