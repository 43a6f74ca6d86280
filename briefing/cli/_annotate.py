"""Annotating from the command line: ``suggest`` and ``mention add``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..diagnostics import printable
from ..terminal import say
from ._group import BRIEFING, SEEDS, cli


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
@click.option("--write", is_flag=True, help="Add the proposed mentions to the entry files.")
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
def suggest(seeds: Path, briefing_id: str, write: bool, fmt: str, choose: dict[str, str]) -> None:
    """Propose mentions of existing glossary entries in briefing ID."""
    from ..corpus import build_corpus
    from ..loading import load_project
    from ..suggest import SuggestError, render_json, render_text
    from ..suggest import suggest as run_suggest
    from ..suggest import write as run_write

    project, _ = load_project(seeds)
    corpus, _ = build_corpus(project)
    try:
        report = run_suggest(project, corpus, briefing_id, choose)
    except SuggestError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(2 if "--choose" in str(exc) else 1)
    article = corpus.briefings[briefing_id].article
    if fmt == "json":
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
