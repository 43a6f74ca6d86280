"""What a seeds folder holds besides records: links and special files refused, YAML files found."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Code, Diagnostic, Location
from ..files import is_special, kind_of
from ._records import display_path


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


def yaml_files(folder: Path, problems: list[Diagnostic]) -> list[Path]:
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
        # a wrong --seeds or a run from elsewhere, not a missing article: said as such
        what = "is not a folder" if seeds.exists() else "does not exist"
        shown = display_path(seeds)
        return Diagnostic(
            Location(shown),
            Code.SEEDS_MISSING,
            f"seeds folder `{shown}` {what}",
            "run from the project root, or pass --seeds with the folder that holds briefings/ and glossary/",
        )
    return None


def no_briefings(seeds: Path) -> Diagnostic:
    return Diagnostic(
        Location(display_path(seeds / "briefings")),
        Code.ARTICLE_MISSING,
        "no briefings found",
        "add seeds/briefings/<id>/briefing.yaml",
    )
