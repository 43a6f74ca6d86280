"""``anchors.lock.json``: where each annotation resolved, written by ``check --fix``.

One file per briefing, beside ``briefing.yaml``. It records, for the article
version whose checksum it names, the offsets of every annotation and ~32
characters of text on each side, so that annotations can be found again after
the article is corrected. Tools write it; people never need to edit it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..anchoring import Span
from ..article import Article
from ..files import is_regular, read_regular, write_replacing
from ..model import Selector

LOCK_NAME = "anchors.lock.json"
CONTEXT = 32
_NOTE = (
    "Written by `briefing check --fix`: where each annotation resolved in the article "
    "with this checksum. Used to re-anchor annotations when the article changes; do not edit."
)


@dataclass(frozen=True)
class Record:
    start: int
    end: int
    paragraph: int
    quote: str
    prefix: str
    suffix: str
    selector: dict[str, str | int] = field(default_factory=dict)
    """The selector's ``prefix``, ``suffix`` and ``occurrence`` as written, when set."""


@dataclass(frozen=True)
class Lock:
    article: str
    sha256: str
    anchors: dict[str, Record]

    def find(self, key: str, selector: Selector) -> Record | None:
        """The record of the annotation at ``key`` with this selector.

        Records of the same file are matched by selector first, so that
        mentions inserted or reordered in their file since the lock was written
        keep their own record; then by key, if the quote is unchanged.
        """
        file = key.rpartition("#")[0] + "#"
        written = _written(selector)
        same = [
            r
            for k, r in self.anchors.items()
            if k.startswith(file) and r.quote == selector.quote and r.selector == written
        ]
        if len(same) == 1:
            return same[0]
        exact = self.anchors.get(key)
        return exact if exact is not None and exact.quote == selector.quote else None


def _written(selector: Selector) -> dict[str, str | int]:
    return {k: v for k in ("prefix", "suffix", "occurrence") if (v := getattr(selector, k)) is not None}


def record(article: Article, span: Span, selector: Selector | None = None) -> Record:
    text = article.text
    return Record(
        span.start,
        span.end,
        span.block,
        text[span.start : span.end],
        text[max(0, span.start - CONTEXT) : span.start],
        text[span.end : span.end + CONTEXT],
        _written(selector) if selector is not None else {},
    )


class LockInvalid(Exception):
    """The lock file exists but is not one ``check --fix`` writes; the message says why."""


MAX_LOCK_BYTES = 16 * 1024 * 1024

_FIELDS: dict[str, type] = {
    "start": int,
    "end": int,
    "paragraph": int,
    "quote": str,
    "prefix": str,
    "suffix": str,
}


def _anchor(key: Any, value: Any) -> Record:
    if not isinstance(key, str) or not isinstance(value, dict):
        raise LockInvalid(f"anchor `{key}` is not a mapping of fields")
    for name, kind in _FIELDS.items():
        item: Any = value.get(name)
        if not isinstance(item, kind) or isinstance(item, bool) or (isinstance(item, int) and item < 0):
            raise LockInvalid(f"anchor `{key}` has no valid `{name}`")
    selector = value.get("selector", {})
    if not isinstance(selector, dict) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in selector.values()
    ):
        raise LockInvalid(f"anchor `{key}` has an invalid `selector`")
    unknown = set(value) - set(_FIELDS) - {"selector"}
    if unknown:
        raise LockInvalid(f"anchor `{key}` has unknown fields: {', '.join(sorted(map(str, unknown)))}")
    return Record(**{name: value[name] for name in _FIELDS}, selector=selector)


def read_lock(folder: Path) -> Lock | None:
    """The briefing's lock, or ``None`` when there is none.

    Raises :class:`LockInvalid` when the file is not one we wrote: malformed
    JSON, wrong types, nesting too deep for the parser, or a link.
    """
    path = folder / LOCK_NAME
    if path.is_symlink():
        raise LockInvalid("the file is a symbolic link")
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_LOCK_BYTES:
        raise LockInvalid(f"the file is larger than {MAX_LOCK_BYTES:,} bytes")
    try:
        data: Any = json.loads(read_regular(path).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LockInvalid(f"not valid JSON: {str(exc)[:120]}") from None
    except RecursionError:  # the decoder counts its depth against Python's stack: bounded
        raise LockInvalid("its arrays and objects nest far deeper than a lock ever does") from None
    if not isinstance(data, dict):
        raise LockInvalid("the file must hold one JSON object")
    article, sha256, anchors = data.get("article"), data.get("sha256"), data.get("anchors")
    if not isinstance(article, str) or not isinstance(sha256, str) or not isinstance(anchors, dict):
        raise LockInvalid("`article`, `sha256` (text) and `anchors` (an object) are required")
    return Lock(article, sha256, {key: _anchor(key, value) for key, value in anchors.items()})


def write_lock(folder: Path, lock: Lock) -> bool:
    """Write ``lock`` unless the file already says the same; return whether it changed."""
    data = {
        "note": _NOTE,
        "article": lock.article,
        "sha256": lock.sha256,
        "anchors": {key: asdict(lock.anchors[key]) for key in sorted(lock.anchors)},
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = folder / LOCK_NAME
    if is_regular(path) and read_regular(path) == text.encode("utf-8"):
        return False
    write_replacing(path, text.encode("utf-8"))
    return True
