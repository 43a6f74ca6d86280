"""The signed JSON files of ``.briefing-cache/`` and the per-file records kept in them."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ..files import digest, read_regular

CACHE_DIR = ".briefing-cache"


RECORDS = "records.json"


_BRIEFING_RECORDS = "records"


BRIEFINGS = "briefings.json"


_KEY_BYTES = 32


@cache
def fingerprint() -> str:
    """This program's source, the Python running it and the distributions installed
    beside it (their names carry their versions): a cache made under any other is stale."""
    package = Path(__file__).resolve().parents[1]
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
