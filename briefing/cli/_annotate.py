"""Annotating from the command line: ``suggest`` and ``mention add``."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..diagnostics import printable
from ..terminal import ask, say
from ._group import BRIEFING, SEEDS, cli

if TYPE_CHECKING:
    from ..article import Article
    from ..suggest import Report


def _choice(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    choices = {}
    for value in values:
        form, sep, entry = value.rpartition("=")
        if not sep or not form or not entry:
            raise click.BadParameter(f"`{value}`: write FORM=ENTRY, e.g. Beijing=chinese-government")
        choices[form] = entry
    return choices


@cli.command()
@SEEDS
@click.argument("briefing_id", metavar="ID")
@click.option(
    "--write",
    is_flag=True,
    help="Add the proposed mentions to the entry files; on a terminal, asks about each one first.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a review list grouped by entry; json: the same as data.",
)
@click.option(
    "--choose",
    multiple=True,
    callback=_choice,
    metavar="FORM=ENTRY",
    help="Settle an ambiguous form: link it to ENTRY. Repeatable.",
)
@click.option(
    "--skip", "skip_forms", multiple=True, metavar="FORM", help="Leave out these words. Repeatable."
)
@click.option(
    "--skip-entry", "skip_entries", multiple=True, metavar="ID", help="Leave out this entry. Repeatable."
)
@click.option("--yes", is_flag=True, help="With --write: write every proposal without asking.")
@click.option(
    "--walk",
    is_flag=True,
    help="Ask about each proposal even when not on a terminal (implies --write).",
)
def suggest(
    seeds: Path,
    briefing_id: str,
    write: bool,
    fmt: str,
    choose: dict[str, str],
    skip_forms: tuple[str, ...],
    skip_entries: tuple[str, ...],
    yes: bool,
    walk: bool,
) -> None:
    """Propose mentions of existing glossary entries in briefing ID.

    With --write on a terminal, each proposal is shown in its sentence and
    asked about (y accept, n skip, a number for an ambiguous phrase, a accept
    the rest, q write what was accepted and stop, ? help); nothing is written
    until the walk ends, and Ctrl-C writes nothing.
    """
    from ..corpus import build_corpus
    from ..loading import load_project
    from ..suggest import SuggestError, render_json, render_text, skip
    from ..suggest import suggest as run_suggest
    from ..suggest import write as run_write

    if walk and (yes or fmt != "text"):
        raise click.UsageError("--walk asks about each proposal: leave out --yes and --format json")
    write = write or walk
    walking = write and not yes and fmt == "text" and (walk or (sys.stdin.isatty() and sys.stdout.isatty()))
    project, _ = load_project(seeds)
    corpus, _ = build_corpus(project)
    try:
        report = run_suggest(project, corpus, briefing_id, choose)
    except SuggestError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(2 if "--choose" in str(exc) else 1)
    report, unused = skip(report, skip_forms, skip_entries)
    for name in unused:
        say(f"note: --skip {printable(name)}: no proposal names it in this article", err=True)
    article = corpus.briefings[briefing_id].article
    if walking:
        accepted = _walked(report, article, {k: v.record.title for k, v in project.entries.items()})
        if accepted is None:
            say("nothing written", err=True)
            sys.exit(1)
        report = accepted
    elif fmt == "json":
        say(render_json(report, article))
    else:
        say(render_text(report, article, ambiguous_only=write))
    if write:
        written, held = run_write(project, report)
        for line in written:
            say(f"wrote {line}", err=fmt != "text")
        for line in held:
            say(f"not written: {line}", err=True)
        if written:
            say("now run `briefing check`", err=fmt != "text")
        elif walking:
            say("nothing accepted, nothing written")


def _walked(report: Report, article: Article, titles: dict[str, str]) -> Report | None:
    """The accepted proposals, or None when the walk was abandoned (Ctrl-C, end of input)."""
    from ..suggest import walk

    try:
        outcome = walk(
            report,
            article,
            titles,
            ask,
            show=click.echo,  # the walk escapes what it shows; the highlight must stay
            highlight=lambda text: click.style(f"[{text}]", bold=True),
        )
    except (click.Abort, KeyboardInterrupt, EOFError):
        say("")
        return None
    return dataclasses.replace(report, suggestions=outcome.accepted)


@cli.group()
def mention() -> None:
    """Add mentions by naming the words: the selector and the anchors lock are worked out for you."""


@mention.command("add")
@SEEDS
@click.argument("entry_id", metavar="ENTRY-ID")
@click.argument("form", metavar="FORM")
@BRIEFING
@click.option("--all", "every", is_flag=True, help="Add every occurrence of FORM that is not yet a mention.")
@click.option("--occurrence", type=click.IntRange(1), help="Which occurrence of FORM, when it repeats.")
@click.option("--prefix", help="Text right before FORM, to tell its occurrences apart.")
@click.option("--suffix", help="Text right after FORM, to tell its occurrences apart.")
def mention_add(
    seeds: Path,
    entry_id: str,
    form: str,
    briefing: str | None,
    every: bool,
    occurrence: int | None,
    prefix: str | None,
    suffix: str | None,
) -> None:
    """Mention glossary entry ENTRY-ID where the article says FORM, keeping the entry file's comments."""
    from ..annotate import AnnotateError, point
    from ..loading import display_path
    from ..reanchor import selector_fields

    if every and (occurrence or prefix is not None or suffix is not None):
        raise click.UsageError("--all takes every occurrence: leave out --occurrence, --prefix and --suffix")
    if not form.strip():
        raise click.BadParameter("give the words of the article to link", param_hint="FORM")
    try:
        edit, skipped = point(
            seeds,
            entry_id,
            form,
            briefing,
            every=every,
            occurrence=occurrence,
            prefix=prefix,
            suffix=suffix,
        )
    except AnnotateError as exc:
        say(exc.diagnostic.format(), err=True)
        for line in exc.details:
            say(f"  {printable(line)}", err=True)
        sys.exit(2 if exc.usage else 1)
    for line in skipped:
        say(f"skipped: {printable(line)}")
    places = ", ".join(
        f"¶{span.block} ({selector_fields(sel)})"
        for span, sel in zip(edit.spans, edit.selectors, strict=True)
    )
    say(printable(f"wrote {display_path(edit.path)}: {len(edit.spans)} mention(s) of “{form}”: {places}"))
    say(printable(edit.lock))
