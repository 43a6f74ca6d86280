"""``check.json``: the outcome of the last check and the digest of the tree it came from."""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Code, Diagnostic, Location, Severity
from ..files import digest, read_regular
from ._store import _folder_beside, _read, _write, fingerprint

_CHECK = "check.json"


RACY_NS = 2_000_000_000
"""A file changed this close (in nanoseconds) to the moment it was looked at may change
again within the same tick of its file system's clock (two seconds on FAT), unseen
by its times: its digest is not kept by them."""


_CONTEXTS = 8
"""Outcomes kept for so many (working folder, seeds, options) at once."""


@dataclass(frozen=True)
class Checked:
    """What ``briefing check`` reports: its diagnostics, sorted, and what it counted."""

    diagnostics: tuple[Diagnostic, ...]
    briefings: int
    entries: int
    annotations: int

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": [self.briefings, self.entries, self.annotations],
            "diagnostics": diagnostics_json(self.diagnostics),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checked:
        """Raises ``ValueError``, ``TypeError`` or ``KeyError`` on anything this program does not write."""
        briefings, entries, annotations = (int(n) for n in data["counts"])
        return cls(diagnostics_from_json(data["diagnostics"]), briefings, entries, annotations)


def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> list[list[Any]]:
    return [
        [str(d.location.path), d.location.line, d.location.col, d.code, d.message, d.hint, d.severity]
        for d in diagnostics
    ]


def diagnostics_from_json(data: Iterable[Any]) -> tuple[Diagnostic, ...]:
    """Raises ``ValueError``, ``TypeError`` or ``KeyError`` on anything this program does not write."""
    return tuple(
        Diagnostic(
            Location(Path(str(path)), int(line), int(col)),
            Code(code),
            str(message),
            None if hint is None else str(hint),
            Severity(severity),
        )
        for path, line, col, code, message, hint, severity in data
    )


class CheckMemo:
    """The outcome of the last check of a seeds folder, and the tree it was computed from.

    ``recall()`` gives the outcome if nothing under seeds changed since; else
    the caller checks and hands the outcome to ``remember()``, which keeps it
    only if nothing changed while checking either.
    """

    def __init__(self, seeds: Path, context: str, folder: Path, key: bytes):
        self._seeds, self._context, self._folder, self._key = seeds, context, folder, key
        stored = _read(folder / _CHECK, key, "memo")
        files = stored.get("files")
        self._files: dict[str, list[Any]] = {
            name: times
            for name, times in (files.items() if isinstance(files, dict) else ())
            if isinstance(times, list) and len(times) == 5 and isinstance(times[4], str)
        }
        outcomes = stored.get("outcomes")
        self._outcomes: dict[str, Any] = outcomes if isinstance(outcomes, dict) else {}
        self._stamp = time.time_ns()
        self._tree: tuple[str, str] | None = None
        self._unchanged: bool | None = None
        self.folders: dict[str, str] = {}
        """The digest of each folder under seeds, by its path there (``""``: seeds itself)."""
        self._saved_files = self._files

    @classmethod
    def open(cls, seeds: Path, *options: object) -> CheckMemo | None:
        """The memo of checks of ``seeds`` run from here with ``options``; ``None`` when there can be none."""
        try:
            if seeds.is_symlink() or not seeds.is_dir():
                return None  # the check says why, every time
        except OSError:
            return None
        found = _folder_beside(seeds)
        if found is None:
            return None
        context = json.dumps([os.getcwd(), str(seeds), *map(str, options)])
        return cls(seeds, context, *found)

    def recall(self) -> Checked | None:
        self._tree = self._digest()
        stored = self._outcomes.get(self._context)
        if self._tree is None or not isinstance(stored, dict) or stored.get("tree") != self._tree[0]:
            return None
        try:
            checked = Checked.from_json(stored)
        except (ValueError, TypeError, KeyError):
            return None
        if self._files != self._saved_files:
            self._save()  # files that were too recent to trust by their times now are
        return checked

    def unchanged(self) -> bool:
        """Whether the tree is still the one :meth:`recall` saw, files' times included: if not,
        something changed while checking (even if changed back), and what the check found
        may be of neither tree. Looked at once, after the check."""
        if self._unchanged is None:
            self._unchanged = self._tree is not None and self._digest() == self._tree
        return self._unchanged

    def remember(self, checked: Checked) -> None:
        if self._tree is None or not self.unchanged():
            return
        self._outcomes.pop(self._context, None)
        self._outcomes[self._context] = {"tree": self._tree[0], **checked.as_json()}
        for old in list(self._outcomes)[:-_CONTEXTS]:
            del self._outcomes[old]
        self._save()

    def _save(self) -> None:
        memo = {"files": self._files, "outcomes": self._outcomes}
        if _write(self._folder, _CHECK, self._key, "memo", memo):
            self._saved_files = self._files

    def _digest(self) -> tuple[str, str] | None:
        """The digest of everything a check reads under seeds, and that of its files' times
        (which tell a file that changed and changed back); ``None`` if some of it cannot be read.

        The files' times and digests seen on the way replace those known before, and
        :attr:`folders` gets the digest of each folder.
        """
        times: list[str] = []
        files: dict[str, list[Any]] = {}
        self.folders = {}
        try:
            root = self._walk(os.fspath(self._seeds), "", times, files)
        except OSError:
            self.folders = {}
            return None
        self._files = files
        return digest((fingerprint() + root).encode()), _text_digest(times)

    def _walk(self, folder: str, under: str, times: list[str], files: dict[str, list[Any]]) -> str:
        """The digest of the names, kinds, link targets and contents below ``folder``
        (a Merkle tree: a folder counts by its own digest). The hot loop of an unchanged check."""
        parts: list[str] = []
        known = self._files
        with os.scandir(folder) as listing:
            found = sorted(listing, key=lambda e: e.name)
        for entry in found:
            name = under + entry.name
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode):
                seen = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
                before = known.get(name)
                if before is not None and before[:4] == seen:
                    files[name] = before
                    content = before[4]
                else:
                    content = self._read(entry.path, name, seen, files)
                parts.append(f"f\0{name}\0{content}")
                times.append(f"{name}\0{seen}")
            elif stat.S_ISDIR(st.st_mode):
                parts.append(f"d\0{name}\0{self._walk(entry.path, name + '/', times, files)}")
            elif stat.S_ISLNK(st.st_mode):
                parts.append(f"l\0{name}\0{os.readlink(entry.path)}")
            else:
                parts.append(f"o\0{name}")
        self.folders[under.rstrip("/")] = found_digest = _text_digest(parts)
        return found_digest

    def _read(self, path: str, name: str, seen: list[int], files: dict[str, list[Any]]) -> str:
        """The SHA-256 of a file its times could not vouch for; kept with them unless it just changed."""
        found = digest(read_regular(path))
        if max(seen[2], seen[3]) < self._stamp - RACY_NS:
            files[name] = [*seen, found]
        return found


def _text_digest(parts: list[str]) -> str:
    """SHA-256 of ``parts`` (which never hold two NULs in a row, nor start or end with one)."""
    return digest("\0\0".join(parts).encode("utf-8", "surrogateescape"))
