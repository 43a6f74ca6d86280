"""What checking a file found, remembered by the file's content so an unchanged file is not parsed again.

The cache is one JSON file, ``.briefing-cache/records.json``, in the folder
that holds the seeds folder (never inside it). Each entry is keyed by what
it describes (``entry``, ``note``, ``meta``, ``content``, ``coverage``) and
the SHA-256 of the bytes it was computed from; a record's entry also keeps the
line and column of each part a diagnostic asked for, so a warning on an
unchanged file is located without parsing it again. The whole file is stamped
with a fingerprint of this program's own source and of the Python version,
so any change to either empties it.

It is built to be safe when the project comes from someone else (a pull
request built by CI):

* it holds plain JSON, never pickles: records read from it go through the
  same pydantic validation as records read from YAML;
* it is signed with HMAC-SHA256 under a random key kept outside the project,
  in the user's cache folder (``$XDG_CACHE_HOME/briefing/`` or
  ``~/.cache/briefing/``), so a cache shipped inside a project, or edited by
  hand, fails the signature and is ignored;
* a ``.briefing-cache`` that is a symbolic link, or not a folder, is not used;
* any failure to read or write it is silent: checking then works without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

CACHE_DIR = ".briefing-cache"
_RECORDS = "records.json"
_KEY_BYTES = 32


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@cache
def fingerprint() -> str:
    """This program's source and the Python running it: a cache made by any other is stale."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _key_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing"


def _signing_key() -> bytes | None:
    """The user's random signing key, made on first use; ``None`` if it cannot be kept."""
    path = _key_folder() / "cache-key"
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
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as key_file:
            key = key_file.read(_KEY_BYTES + 1)
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _sign(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode()


class Cache:
    """Entries read at the start of a run; those used again, and new ones, are written at its end."""

    def __init__(self, folder: Path, key: bytes, stored: dict[str, Any]):
        self._folder, self._key, self._stored = folder, key, stored
        self._used: dict[str, Any] = {}
        self._added = False

    @classmethod
    def open(cls, seeds: Path) -> Cache | None:
        """The cache beside ``seeds``, or ``None`` when there can be none."""
        try:
            root = seeds.resolve()
            folder = root.parent / CACHE_DIR
            if root.parent == root or folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                return None
            key = _signing_key()
            if key is None:
                return None
            return cls(folder, key, _read(folder / _RECORDS, key))
        except (OSError, RuntimeError, ValueError):
            return None

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
        body = json.dumps(
            {"fingerprint": fingerprint(), "entries": self._used}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        try:
            if self._folder.is_symlink():
                return
            self._folder.mkdir(exist_ok=True)
            _ignore_in_git(self._folder)
            fd, tmp = tempfile.mkstemp(dir=self._folder, prefix=".records-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_sign(self._key, body) + b"\n" + body)
                os.replace(tmp, self._folder / _RECORDS)  # replaces a link, never writes through it
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            return
        self._stored, self._added = dict(self._used), False


def _ignore_in_git(folder: Path) -> None:
    """A ``.gitignore`` of ``*`` inside the folder, so it stays out of commits wherever it is."""
    try:
        fd = os.open(folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError:
        return  # already there (or not writable: the cache itself will say)
    with os.fdopen(fd, "w") as out:
        out.write("# made by briefing check: nothing here belongs in git\n*\n")


def _read(path: Path, key: bytes) -> dict[str, Any]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return {}
    try:
        with os.fdopen(fd, "rb") as records:
            signature, _, body = records.read().partition(b"\n")
        if not hmac.compare_digest(signature, _sign(key, body)):
            return {}
        data = json.loads(body)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint():
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}
