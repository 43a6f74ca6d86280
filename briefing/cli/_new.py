"""``briefing new``: a briefing from an article, skeletons of entries and notes."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..core import ENTRY_TYPES
from ..terminal import say
from ._group import BRIEFING, SEEDS, _slug, _url, cli


@cli.group()
def new() -> None:
    """Start a briefing from an article, or write a commented skeleton of an entry or a note."""


_QUOTE = click.option("--quote", help="Exact words of the article; fills the selector.")


_OCCURRENCE = click.option(
    "--occurrence", type=click.IntRange(1), help="Which match of --quote to take when it repeats."
)


_TODAY = click.option(
    "--date",
    "today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to write (default: today).",
)


def _scaffolded(make: Callable[[], tuple[Path, list[str]]]) -> None:
    from ..loading import display_path
    from ..scaffold import ScaffoldError

    try:
        path, notes = make()
    except ScaffoldError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(1)
    for note in notes:
        say(f"note: {note}")
    say(f"wrote {display_path(path)}: replace each TODO, then run `briefing check`")


@new.command("briefing")
@SEEDS
@click.argument("briefing_id", metavar="ID", callback=_slug)
@click.option(
    "--article",
    "article",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The article as a UTF-8 .txt file; copied byte for byte.",
)
@click.option("--title", help="The headline (default: the first line of the article, to confirm).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date of publication.")
@click.option("--url", callback=_url, help="Address of the original article (an http(s) IRI).")
@click.option("--publisher", help="Who published it.")
@_TODAY
def new_briefing(
    seeds: Path,
    briefing_id: str,
    article: Path,
    title: str | None,
    published: dt.datetime | None,
    url: str | None,
    publisher: str | None,
    today: dt.datetime | None,
) -> None:
    """Write seeds/briefings/ID/: the article, a commented briefing.yaml and an empty notes/."""
    from ..loading import display_path
    from ..new_briefing import new_briefing as make
    from ..scaffold import ScaffoldError

    try:
        folder, notes = make(
            seeds,
            briefing_id,
            article,
            title=title,
            published=published.date() if published else None,
            url=url,
            publisher=publisher,
            today=(today or dt.datetime.now()).date(),
        )
    except ScaffoldError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(1)
    for note in notes:
        say(f"note: {note}")
    say(
        f"wrote {display_path(folder)}/: confirm each TODO in briefing.yaml, "
        f"then run `briefing suggest {briefing_id}`"
    )


@new.command("entry")
@SEEDS
@click.argument("entry_id", metavar="ID", callback=_slug)
@click.option(
    "--type",
    "entry_type",
    required=True,
    type=click.Choice(list(ENTRY_TYPES)),
    help="Kind of thing the entry explains.",
)
@click.option("--title", help="The name readers know it by.")
@_QUOTE
@BRIEFING
@_OCCURRENCE
@_TODAY
def new_entry(
    seeds: Path,
    entry_id: str,
    entry_type: str,
    title: str | None,
    quote: str | None,
    briefing: str | None,
    occurrence: int | None,
    today: dt.datetime | None,
) -> None:
    """Write seeds/glossary/TYPE/ID.yaml, with a mention of --quote if given."""
    from ..scaffold import new_entry as make

    _scaffolded(
        lambda: make(
            seeds,
            entry_type,
            entry_id,
            title=title,
            briefing=briefing,
            quote=quote,
            occurrence=occurrence,
            today=(today or dt.datetime.now()).date(),
        )
    )


@new.command("note")
@SEEDS
@click.argument("note_id", metavar="ID", callback=_slug)
@click.option(
    "--kind",
    required=True,
    type=click.Choice(["context", "fact-check", "assessment", "key-judgment", "question"]),
    help="Kind of note; all but key-judgment need --quote.",
)
@_QUOTE
@BRIEFING
@_OCCURRENCE
@click.option("--author", help="Author to write (default: a TODO placeholder).")
@_TODAY
def new_note(
    seeds: Path,
    note_id: str,
    kind: str,
    quote: str | None,
    briefing: str | None,
    occurrence: int | None,
    author: str | None,
    today: dt.datetime | None,
) -> None:
    """Write seeds/briefings/BRIEFING/notes/ID.yaml, targeting --quote."""
    from ..scaffold import new_note as make

    _scaffolded(
        lambda: make(
            seeds,
            note_id,
            kind=kind,
            briefing=briefing,
            quote=quote,
            occurrence=occurrence,
            author=author,
            today=(today or dt.datetime.now()).date(),
        )
    )
