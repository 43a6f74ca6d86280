"""Reading and writing project files without ever blocking on one that is not a file.

A FIFO, socket or device put where a file belongs (in ``seeds/``, in the cache,
in an output folder) would make a plain ``open`` wait forever for a writer, or
read a device. Every read of a project or cache file goes through
:func:`read_regular`: it opens without following links and without blocking,
then refuses anything ``fstat`` does not call a regular file. Every write goes
through :func:`write_replacing`, which writes a new file of its own and renames
it over the target, so whatever sat there is replaced, never opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def digest(raw: bytes) -> str:
    """The SHA-256 of ``raw`` in hex: what an article, a file or a cached result is known by."""
    return hashlib.sha256(raw).hexdigest()


class NotRegularFile(OSError):
    """The path names a FIFO, socket, device or folder: it is not opened for reading."""

    def __init__(self, path: Path | str, kind: str):
        super().__init__(f"`{path}` is a {kind}, not a regular file")
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words for messages."""
    kinds = (
        (stat.S_ISREG, "regular file"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISLNK, "symbolic link"),
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def is_special(mode: int) -> bool:
    """Neither a regular file, a folder nor a link: nothing a project may hold."""
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit + 1`` of them when given).

    Raises :class:`NotRegularFile` for anything else, ``OSError`` if it cannot be read.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read() if limit is None else file.read(limit + 1)
    finally:
        os.close(fd)


def read_regular_text(path: Path | str) -> str:
    return read_regular(path).decode("utf-8")


def is_regular(path: Path | str) -> bool:
    """Whether ``path`` itself (not a link's target) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def write_replacing(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a fresh file beside ``path`` and rename it over ``path``.

    Whatever ``path`` was (a file, a FIFO, a link) is replaced, never opened; a
    regular file keeps its permissions. A reader sees the old bytes or the new ones.
    ``durable=False`` skips the flush to disk, for files made again from others
    whenever their bytes are not the expected ones (after a crash, they are rewritten).
    """
    try:
        was = os.lstat(path)
        mode = stat.S_IMODE(was.st_mode) if stat.S_ISREG(was.st_mode) else 0o644
    except FileNotFoundError:
        mode = 0o644  # as an ordinary write would leave it, for the static host
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())  # the rename never lands before the bytes do
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def remove_special_files(folder: Path) -> list[Path]:
    """Unlink every FIFO, socket or device below ``folder`` (links are not followed).

    For the folders the tool owns (the build's output and work folders): other
    programs, Sphinx among them, open files there with a plain ``open``, which
    a FIFO would block. Returns what was removed.
    """
    removed: list[Path] = []
    try:
        listing = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return removed
    for entry in listing:
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            removed += remove_special_files(Path(entry.path))
        elif is_special(mode):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed
