"""``briefing check``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..cache import CheckMemo
from ..diagnostics import printable, render
from ..terminal import say
from ._group import SEEDS, cli


@cli.command()
@SEEDS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, json for tools.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Rewrite the selectors of moved annotations, then record the article's checksum and "
    "anchors.lock.json when nothing is left fuzzy or orphaned. Never changes the article.",
)
@click.option("--accept-fuzzy", is_flag=True, help="With --fix: take the fuzzy matches shown as right.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor update .briefing-cache/ (the results are the same, only slower).",
)
@click.option(
    "--locked",
    is_flag=True,
    help="Also fail when an anchors.lock.json is not what --fix would write (as CI does).",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The date judgments' horizons are measured against (default: the newest date in the seeds).",
)
def check(
    seeds: Path,
    fmt: str,
    fix: bool,
    accept_fuzzy: bool,
    no_cache: bool,
    locked: bool,
    today: dt.datetime | None,
) -> None:
    """Validate and anchor every annotation; exit 1 if there are errors."""
    if accept_fuzzy and not fix:
        raise click.UsageError("--accept-fuzzy only makes sense with --fix")
    if fix:
        from ..reanchor import fix as run_fix

        report = run_fix(seeds, accept_fuzzy=accept_fuzzy)
        for line in report.changed:
            say(f"fixed: {printable(line)}", err=fmt != "text")
        for line in report.held_back:
            say(f"not fixed: {printable(line)}", err=fmt != "text")
    day = None if today is None else today.date()
    memo = None if no_cache else CheckMemo.open(seeds, locked, *(() if day is None else (day.isoformat(),)))
    checked = None if memo is None else memo.recall()
    if checked is None:  # a tree not seen before: check what changed in it
        from ..checks import check_again

        checked = check_again(seeds, memo, use_cache=not no_cache, locked=locked, today=day)
        if memo is not None:
            memo.remember(checked)
    if checked.diagnostics or fmt == "json":  # a JSON reader expects `[]` when all is well
        say(render(checked.diagnostics, fmt))
    if fmt == "text":
        errors, warnings = checked.errors, len(checked.diagnostics) - checked.errors
        say(
            f"{checked.briefings} briefing(s), {checked.entries} entries, "
            f"{checked.annotations} anchored annotations: {errors} error(s), {warnings} warning(s)",
            err=bool(errors),
        )
    sys.exit(1 if checked.errors else 0)
