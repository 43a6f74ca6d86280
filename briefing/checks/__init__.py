"""Everything ``briefing check`` verifies, collected in one pass.

The rules live beside the other rules of the package (``content_rules``,
``reference_rules``, ``coverage_rules``, ``tradecraft``, ``judgment_rules``,
``near_repeats``); ``_engine`` runs them briefing by briefing and remembers
what each briefing's own checks found (``_units``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..cache import Checked, CheckMemo
from ..collector import cycle_collector_paused
from ..content_rules import MAX_BRIEFING_MENTIONS
from ..corpus import Corpus
from ..diagnostics import Diagnostic
from ..registry import with_registry
from ._engine import Rechecks, check_units

__all__ = ["MAX_BRIEFING_MENTIONS", "CheckResult", "Rechecks", "check_again", "check_project"]


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(
    seeds: Path,
    *,
    use_cache: bool = True,
    locked: bool = False,
    today: dt.date | None = None,
    rechecks: Rechecks | None = None,
) -> CheckResult:
    """Load, validate and anchor everything under ``seeds``.

    ``use_cache``: reuse and update ``.briefing-cache/`` beside ``seeds``;
    the diagnostics are the same with it or without it. ``locked``: also
    report each ``anchors.lock.json`` that ``check --fix`` would change.
    ``today``: what judgments' horizons are measured against (by default
    the newest date in the corpus, so that the output depends on the files alone).
    ``rechecks``: what this process found in its last checks of ``seeds``, reused where
    nothing it depends on changed (the diagnostics are the same with it or without it).
    """
    with cycle_collector_paused():
        diagnostics, entries, units, registry = check_units(seeds, use_cache, locked, None, today, rechecks)
    briefings = {name: unit.briefing for name, unit in units.items() if unit.briefing is not None}
    corpus = Corpus({entry_id: loaded.record for entry_id, loaded in entries.items()}, briefings)
    return CheckResult(with_registry(corpus, registry), diagnostics)


def check_again(
    seeds: Path,
    memo: CheckMemo | None,
    *,
    use_cache: bool = True,
    locked: bool = False,
    today: dt.date | None = None,
) -> Checked:
    """What :func:`check_project` reports, as ``briefing check`` prints it. With ``memo``
    (after its :meth:`~CheckMemo.recall`), what each briefing's own checks found is taken
    from ``.briefing-cache/`` when neither its folder nor the entries that mention it changed.
    """
    with cycle_collector_paused():
        diagnostics, entries, units, _ = check_units(seeds, use_cache, locked, memo, today)
    return Checked(
        diagnostics,
        briefings=sum(unit.loaded for unit in units.values()),
        entries=len(entries),
        annotations=sum(unit.annotations for unit in units.values()),
    )
