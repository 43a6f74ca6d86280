"""The ``briefing`` command line."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import click
from sphinx.errors import SphinxError

from . import __version__
from .checks import check_project
from .diagnostics import BriefingError, render

SEEDS = click.option(
    "--seeds",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("seeds"),
    show_default=True,
    help="Folder holding glossary/ and briefings/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn articles and reviewed YAML annotations into a cross-linked site and PDF briefs."""


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
def check(seeds: Path, fmt: str) -> None:
    """Validate and anchor every annotation; exit 1 if there are errors."""
    result = check_project(seeds)
    if result.diagnostics:
        click.echo(render(result.diagnostics, fmt))
    if fmt == "text":
        errors, warnings = len(result.errors), len(result.diagnostics) - len(result.errors)
        corpus = result.corpus
        annotations = sum(len(b.mentions) + len(b.notes) for b in corpus.briefings.values())
        click.echo(
            f"{len(corpus.briefings)} briefing(s), {len(corpus.entries)} entries, "
            f"{annotations} anchored annotations: {errors} error(s), {warnings} warning(s)",
            err=bool(errors),
        )
    sys.exit(0 if result.ok else 1)


@cli.command()
@SEEDS
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("_build"),
    show_default=True,
    help="Output folder: OUT/html and OUT/pdf.",
)
@click.option("--no-pdf", is_flag=True, help="Build the site only.")
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Page size of the PDF briefs.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Parallel Sphinx processes.",
)
def build(seeds: Path, out: Path, no_pdf: bool, paper: str, jobs: int) -> None:
    """Build the site (OUT/html) and one PDF per briefing (OUT/pdf)."""
    from .build import SphinxFailed
    from .build import build as run_build

    started = time.monotonic()
    try:
        result = run_build(
            seeds, out, pdf=not no_pdf, jobs=jobs, paper=paper, progress=lambda step: click.echo(f"· {step}")
        )
    except BriefingError as exc:
        click.echo(render(exc.diagnostics), err=True)
        click.echo(f"build stopped: {len(exc.diagnostics)} error(s); previous output kept", err=True)
        sys.exit(1)
    except (SphinxFailed, SphinxError) as exc:
        click.echo(f"error: Sphinx failed:\n{exc}", err=True)
        click.echo("build stopped; previous output kept", err=True)
        sys.exit(1)
    click.echo(f"site: {result.html / 'index.html'}")
    for pdf in result.pdfs:
        click.echo(f"pdf:  {pdf}")
    click.echo(f"built in {time.monotonic() - started:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="briefing", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write to (default: the package's schemas/ folder).",
)
def schema(out: Path | None) -> None:
    """Write the JSON Schemas of the annotation format."""
    from .schema import SCHEMA_DIR, write_schemas

    written = write_schemas(out or SCHEMA_DIR)
    click.echo(f"{len(written)} schema file(s) updated in {out or SCHEMA_DIR}")
