"""The glossary's entries and the source registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import Cache
from ..diagnostics import Code, Diagnostic
from ..model import ENTRY_TYPES, Entry, RegisteredSource
from ._folders import _yaml_files, symlinks
from ._records import Loaded
from ._validate import _ENTRY, _SOURCE, _load
from ._yaml import LocatedYaml


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
