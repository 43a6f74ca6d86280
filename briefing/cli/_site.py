"""The commands that publish: ``build``, ``export``, ``schema`` and ``serve``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from ..core import EXPORT_FORMATS
from ..diagnostics import BriefingError, printable_lines, render
from ..terminal import say
from ._group import BASE_URL, SEEDS, cli, out_option

_IMPORTED = time.monotonic()


def _running_for() -> float:
    """Seconds since the process started (the interpreter's start-up and imports
    included), from the kernel's record of it; else since this module was imported."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 of proc(5)
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED


@cli.command()
@SEEDS
@out_option(Path("_build"), "Output folder: OUT/html and OUT/pdf.")
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
@BASE_URL
def build(seeds: Path, out: Path, no_pdf: bool, paper: str, jobs: int, base_url: str) -> None:
    """Build the site (OUT/html) and one PDF per briefing (OUT/pdf)."""
    from sphinx.errors import SphinxError

    from ..build import SphinxFailed, has_output
    from ..build import build as run_build

    kept = "; previous output kept" if has_output(out) else "; nothing was published"
    try:
        result = run_build(
            seeds,
            out,
            pdf=not no_pdf,
            jobs=jobs,
            paper=paper,
            base_url=base_url,
            progress=lambda step: say(f"· {step}"),
            # Whatever check warns about is published: say so before it is.
            warn=lambda found: say(render(found), err=True) if found else None,
        )
    except BriefingError as exc:
        say(render(exc.diagnostics), err=True)
        say(f"build stopped: {len(exc.diagnostics)} error(s){kept}", err=True)
        sys.exit(1)
    except (SphinxFailed, SphinxError) as exc:
        say(f"error: Sphinx failed:\n{printable_lines(str(exc))}", err=True)
        say(f"build stopped{kept}", err=True)
        sys.exit(1)
    say(f"site: {result.html / 'index.html'}")
    say(f"sources: {result.sources} (sphinx-build runs on it with its conf.py)")
    for pdf in result.pdfs:
        say(f"pdf:  {pdf}")
    if result.warnings:
        say(
            f"published with {len(result.warnings)} warning(s), listed above (as `briefing check` lists them)"
        )
    say(f"built in {_running_for():.1f} s")


@cli.command()
@SEEDS
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonld",
    show_default=True,
    help="jsonld: a W3C Web Annotation collection; json: each briefing's data, as attached to its PDF.",
)
@BASE_URL
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=Path("-"),
    show_default=True,
    help="File to write; - for standard output.",
)
def export(seeds: Path, fmt: str, base_url: str, output: Path) -> None:
    """Write every mention and note as W3C Web Annotations (JSON-LD) or as our own JSON."""
    from ..checks import check_project
    from ..export import export as run_export

    result = check_project(seeds)
    if not result.ok:
        say(render(result.errors), err=True)
        say(f"export stopped: {len(result.errors)} error(s)", err=True)
        sys.exit(1)
    text = run_export(result.corpus, fmt, base_url)
    if str(output) == "-":
        say(text, nl=False)
        return
    from ..files import write_replacing

    try:
        write_replacing(output, text.encode("utf-8"))
    except OSError as exc:
        say(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    say(f"wrote {output}", err=True)


@cli.command()
@out_option(None, "Folder to write to (default: the package's schemas/ folder).")
def schema(out: Path | None) -> None:
    """Write the JSON Schemas of the annotation format."""
    from ..schema import SCHEMA_DIR, write_schemas

    written = write_schemas(out or SCHEMA_DIR)
    say(f"{len(written)} schema file(s) updated in {out or SCHEMA_DIR}")


@cli.command()
@SEEDS
@out_option(
    Path("_build/preview"), "Output folder of the preview builds (kept apart from `briefing build`'s)."
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
def serve(seeds: Path, out: Path, port: int) -> None:
    """Preview the site on this computer, rebuilt and reloaded on every save."""
    from ..serve import serve as run

    try:
        run(seeds, out, port, log=lambda message: say(message, err=True), ready=say)
    except OSError as exc:
        say(f"error: cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)
