"""``briefing check --fix``: rewrite what re-anchoring settled, then record it.

1. Selectors of moved annotations (and, with ``accept_fuzzy``, of fuzzy ones)
   are rewritten in place so that each picks out its new span on its own.
2. For each briefing where nothing is left fuzzy or orphaned and every
   annotation resolves, ``anchors.lock.json`` is rewritten and ``sha256`` in
   ``briefing.yaml`` set to the article's checksum.

The article itself is only ever read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..loading import display_path, load_project
from ..model import Selector
from ._lock import LOCK_NAME, write_lock
from ._report import selector_fields
from ._review import Result, Status, lock_for, review
from ._yaml_edit import PathKey, Unrewritable, edit

_FIELDS = ("quote", "prefix", "suffix", "occurrence")


@dataclass(frozen=True)
class FixReport:
    changed: tuple[str, ...]
    """One line per file changed and why."""
    held_back: tuple[str, ...]
    """One line per change not made and why."""


def _same(a: Selector, b: Selector) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in _FIELDS)


def _describe(r: Result, new: Selector) -> str:
    old = r.annotation.selector
    if old.quote != new.quote:
        return (
            f"{r.annotation.location}: quote “{old.quote}” replaced by “{new.quote}” (fuzzy match accepted)"
        )
    return f"{r.annotation.location}: selector of “{old.quote}” rewritten ({selector_fields(new)})"


def _by_hand(r: Result, new: Selector) -> str:
    quote = new.quote != r.annotation.selector.quote
    fields = (f"quote: {json.dumps(new.quote, ensure_ascii=False)}, " if quote else "") + selector_fields(new)
    return f"{r.annotation.location}: rewriting the file would change its layout; set {fields} by hand"


def _rewrite_selectors(seeds: Path, accept_fuzzy: bool, changed: list[str], held: list[str]) -> None:
    project, _ = load_project(seeds)
    edits: dict[Path, dict[PathKey, tuple[Result, Selector]]] = {}
    for rv in review(project):
        for r in rv.results:
            new = r.selector
            if new is None or _same(new, r.annotation.selector):
                continue
            if r.status is Status.MOVED or (r.status is Status.FUZZY and accept_fuzzy):
                edits.setdefault(r.annotation.path, {})[r.annotation.where] = (r, new)
    for path, selectors in sorted(edits.items()):
        try:
            edit(path, {where: new for where, (_, new) in selectors.items()})
        except Unrewritable:
            held.extend(_by_hand(r, new) for r, new in selectors.values())
            continue
        changed.extend(_describe(r, new) for r, new in selectors.values())


def fix(seeds: Path, *, accept_fuzzy: bool = False) -> FixReport:
    changed: list[str] = []
    held: list[str] = []
    _rewrite_selectors(seeds, accept_fuzzy, changed, held)
    project, problems = load_project(seeds)
    if any(p.is_error for p in problems):
        held.append("checksums and anchor locks not updated: some files do not load (see below)")
        return FixReport(tuple(changed), tuple(held))
    unsettled = {rv.source.meta.record.id: rv for rv in review(project) if not rv.settled}
    for briefing_id, source in project.briefings.items():
        meta_path = source.folder / "briefing.yaml"
        shown = display_path(meta_path)
        if briefing_id in unsettled:
            rv = unsettled[briefing_id]
            held.append(
                f"{shown}: sha256 not updated: {rv.count(Status.FUZZY)} fuzzy and "
                f"{rv.count(Status.ORPHANED)} orphaned annotation(s) left"
                + ("" if accept_fuzzy else "; confirm fuzzy ones with --accept-fuzzy")
            )
            continue
        lock = lock_for(project, source)
        if lock is None:
            held.append(f"{shown}: sha256 not updated: some annotations do not resolve (see below)")
            continue
        if write_lock(source.folder, lock):
            changed.append(
                f"{display_path(source.folder / LOCK_NAME)}: {len(lock.anchors)} anchor(s) recorded"
            )
        if source.meta.record.sha256 != lock.sha256:
            try:
                edit(meta_path, sha256=lock.sha256)
            except Unrewritable:
                held.append(f"{shown}: not rewritten, its layout would change; set `sha256: {lock.sha256}`")
                continue
            changed.append(f"{shown}: sha256 set to the checksum of `{source.meta.record.article}`")
    return FixReport(tuple(changed), tuple(held))
