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


def read_lock(folder: Path) -> Lock | None:
    """The briefing's lock, or ``None`` when it is missing or not one we wrote."""
    path = folder / LOCK_NAME
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        anchors = {key: Record(**value) for key, value in data["anchors"].items()}
        return Lock(str(data["article"]), str(data["sha256"]), anchors)
    except (OSError, ValueError, KeyError, TypeError):
        return None


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
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
