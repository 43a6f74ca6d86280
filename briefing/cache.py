"""What checking found, remembered by content, so an unchanged project is not read again.

Signed JSON files live in ``.briefing-cache/``, in the folder that holds the
seeds folder (never inside it):

``check.json``: the whole outcome of the last ``briefing check``
    (diagnostics and counts) with the digest of the tree it was computed from:
    every name under seeds, its kind, the target of a link and the SHA-256 of
    each file, as a Merkle tree (each folder has its own digest). When the tree
    is the same, the outcome is printed again without loading anything. Like
    git's index, the file keeps each file's inode, size, modification and
    change times beside its digest, so an unchanged file is not even read; a
    file changed less than :data:`RACY_NS` before it was seen is never trusted
    by its times (its content is read again).

``briefings.json``: what the checks of each briefing found, keyed by the
    digests of its folder and of the entries that mention it (see
    ``briefing.checks``), so that after an edit only the briefings it touched
    are checked again.

``records.json`` and ``records/<folder>.json``: per file (of the glossary, and
    of each briefing folder), what loading and checking it found, keyed by what
    it describes (``entry``, ``note``, ``meta``, ``entry-content``,
    ``note-content``, ``coverage``) and the SHA-256 of the bytes it was computed
    from; a record's entry also keeps the line and column of each part a
    diagnostic asked for, so a warning on an unchanged file is located without
    parsing it again.

All are stamped with a fingerprint of this program's source, the Python
running it and the installed distributions, so any change to those empties
them. They are built to be safe when the project comes from someone else (a
pull request built by CI):

* they hold plain JSON, never pickles: records read from them go through the
  same pydantic validation as records read from YAML;
* they are signed with HMAC-SHA256 under a random key kept outside the project,
  in the user's cache folder (``$XDG_CACHE_HOME/briefing/`` or
  ``~/.cache/briefing/``), so a cache shipped inside a project, or edited by
  hand, fails the signature and is ignored;
* a ``.briefing-cache`` that is a symbolic link, or not a folder, is not used;
* any failure to read or write them is silent: checking then works without them.

This module imports nothing heavy: ``briefing check`` on an unchanged
project runs only this and the printing of diagnostics.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .diagnostics import Code, Diagnostic, Location, Severity
from .files import read_regular

CACHE_DIR = ".briefing-cache"
RECORDS = "records.json"
_BRIEFING_RECORDS = "records"
BRIEFINGS = "briefings.json"
_CHECK = "check.json"
_KEY_BYTES = 32
RACY_NS = 2_000_000_000
"""A file changed this close (in nanoseconds) to the moment it was looked at may change
again within the same tick of its file system's clock (two seconds on FAT), unseen
by its times: its digest is not kept by them."""
_CONTEXTS = 8
"""Outcomes kept for so many (working folder, seeds, options) at once."""


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@cache
def fingerprint() -> str:
    """This program's source, the Python running it and the distributions installed
    beside it (their names carry their versions): a cache made under any other is stale."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0")
        h.update(read_regular(path) + b"\0")
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as listing:
                names = sorted(e.name for e in listing if e.name.endswith(".dist-info"))
        except OSError:
            continue
        if names:  # not the script's folder or the working folder, which differ between runs
            listed = "\0".join(names).encode("utf-8", "surrogateescape")
            h.update(os.fsencode(folder) + b"\0" + listed + b"\0")
    return h.hexdigest()


def user_cache_folder() -> Path:
    """``$XDG_CACHE_HOME/briefing/`` (or ``~/.cache/briefing/``): what one machine computes once."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing"


def _signing_key() -> bytes | None:
    """The user's random signing key, made on first use; ``None`` if it cannot be kept."""
    path = user_cache_folder() / "cache-key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            except FileExistsError:
                pass  # made by a concurrent run
            else:
                with os.fdopen(fd, "wb") as out:
                    out.write(secrets.token_bytes(_KEY_BYTES))
        key = read_regular(path, _KEY_BYTES)
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _sign(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode()


def _folder_beside(seeds: Path) -> tuple[Path, bytes] | None:
    """``.briefing-cache/`` beside ``seeds`` and the signing key, or ``None`` when there can be no cache."""
    try:
        root = seeds.resolve()
        folder = root.parent / CACHE_DIR
        if root.parent == root or folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    key = _signing_key()
    return None if key is None else (folder, key)


def _read(path: Path, key: bytes, field: str) -> dict[str, Any]:
    """``field`` of the signed file at ``path``, if it is signed with ``key`` under this program."""
    try:
        signature, _, body = read_regular(path).partition(b"\n")
        if not hmac.compare_digest(signature, _sign(key, body)):
            return {}
        data = json.loads(body)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint():
        return {}
    found = data.get(field)
    return found if isinstance(found, dict) else {}


def _write(folder: Path, name: str, key: bytes, field: str, value: dict[str, Any]) -> bool:
    """Sign and write ``{field: value}`` to ``folder/name`` in one step; ``False`` if it cannot be."""
    body = json.dumps({"fingerprint": fingerprint(), field: value}, separators=(",", ":")).encode()
    top = folder if folder.name == CACHE_DIR else folder.parent
    try:
        if top.is_symlink() or folder.is_symlink():
            return False
        top.mkdir(exist_ok=True)
        _ignore_in_git(top)
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_sign(key, body) + b"\n" + body)
            os.replace(tmp, folder / name)  # replaces a link, never writes through it
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def _records_file(briefing: str) -> str:
    """The name of the file of a briefing folder's records (any folder name makes a file name)."""
    return f"{digest(briefing.encode())[:32]}.json"


def _ignore_in_git(folder: Path) -> None:
    """A ``.gitignore`` of ``*`` inside the folder, so it stays out of commits wherever it is."""
    try:
        fd = os.open(folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError:
        return  # already there (or not writable: the cache itself will say)
    with os.fdopen(fd, "w") as out:
        out.write("# made by briefing check: nothing here belongs in git\n*\n")


class Cache:
    """Entries read at the start of a run; those used again, and new ones, are written at its end."""

    def __init__(self, path: Path, key: bytes, stored: dict[str, Any]):
        self._path, self._key, self._stored = path, key, stored
        self._used: dict[str, Any] = {}
        self._added = False

    @classmethod
    def open(cls, seeds: Path, name: str = RECORDS) -> Cache | None:
        """The cache file ``name`` beside ``seeds``, or ``None`` when there can be none."""
        found = _folder_beside(seeds)
        if found is None:
            return None
        folder, key = found
        return cls(folder / name, key, _read(folder / name, key, "entries"))

    def of_briefing(self, name: str) -> Cache:
        """The records of the files in the briefing folder ``name``, which live in a file of
        their own: a check that takes a briefing's results whole reads none of them."""
        path = self._path.parent / _BRIEFING_RECORDS / _records_file(name)
        return Cache(path, self._key, _read(path, self._key, "entries"))

    def prune_briefings(self, names: Iterable[str]) -> None:
        """Delete the records of briefing folders other than ``names`` (gone or renamed)."""
        keep = {_records_file(name) for name in names}
        folder = self._path.parent / _BRIEFING_RECORDS
        try:
            if folder.is_symlink() or not folder.is_dir():
                return
            for entry in os.scandir(folder):
                if entry.name.endswith(".json") and entry.name not in keep:
                    os.unlink(entry.path)
        except OSError:
            return

    def get(self, kind: str, of: str) -> Any:
        name = f"{kind}:{of}"
        found = self._stored.get(name)
        if found is not None:
            self._used[name] = found
        return found

    def put(self, kind: str, of: str, value: Any) -> None:
        self._used[f"{kind}:{of}"] = value
        self._added = True

    def add(self, kind: str, of: str, field: str, item: Any) -> None:
        """Append ``item`` to the list ``field`` of an entry this run got or put."""
        entry = self._used.get(f"{kind}:{of}")
        if isinstance(entry, dict):
            entry.setdefault(field, []).append(item)
            self._added = True

    def save(self) -> None:
        """Write what this run used; entries of files that are gone or changed are dropped."""
        if not self._added and self._used.keys() == self._stored.keys():
            return
        if _write(self._path.parent, self._path.name, self._key, "entries", self._used):
            self._stored, self._added = dict(self._used), False


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
