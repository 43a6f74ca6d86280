"""The ``briefing`` command line."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from . import __version__
from .cache import CheckMemo
from .core import DEFAULT_BASE_URL, ENTRY_TYPES, EXPORT_FORMATS
from .core import base_url as checked_base_url
from .diagnostics import BriefingError, printable, printable_lines, render
from .terminal import SafeGroup, say

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


SEEDS = click.option(
    "--seeds",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("seeds"),
    show_default=True,
    help="Folder holding glossary/ and briefings/.",
)


def _base_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return checked_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from .iri import check_iri

    try:
        return None if value is None else check_iri(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


BASE_URL = click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    callback=_base_url,
    help="Address the site is published at; the annotation export's IRIs start with it.",
)


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
        from .reanchor import fix as run_fix

        report = run_fix(seeds, accept_fuzzy=accept_fuzzy)
        for line in report.changed:
            say(f"fixed: {printable(line)}", err=fmt != "text")
        for line in report.held_back:
            say(f"not fixed: {printable(line)}", err=fmt != "text")
    day = None if today is None else today.date()
    memo = None if no_cache else CheckMemo.open(seeds, locked, *(() if day is None else (day.isoformat(),)))
    checked = None if memo is None else memo.recall()
    if checked is None:  # a tree not seen before: check what changed in it
        from .checks import check_again

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
@BASE_URL
def build(seeds: Path, out: Path, no_pdf: bool, paper: str, jobs: int, base_url: str) -> None:
    """Build the site (OUT/html) and one PDF per briefing (OUT/pdf)."""
    from sphinx.errors import SphinxError

    from .build import SphinxFailed, has_output
    from .build import build as run_build

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
    from .checks import check_project
    from .export import export as run_export

    result = check_project(seeds)
    if not result.ok:
        say(render(result.errors), err=True)
        say(f"export stopped: {len(result.errors)} error(s)", err=True)
        sys.exit(1)
    text = run_export(result.corpus, fmt, base_url)
    if str(output) == "-":
        say(text, nl=False)
        return
    from .files import write_replacing

    try:
        write_replacing(output, text.encode("utf-8"))
    except OSError as exc:
        say(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    say(f"wrote {output}", err=True)


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
    say(f"{len(written)} schema file(s) updated in {out or SCHEMA_DIR}")


@cli.group()
def new() -> None:
    """Start a briefing from an article, or write a commented skeleton of an entry or a note."""


def _slug(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) or len(value) > 80:
        raise click.BadParameter("use lower-case letters, digits and single hyphens, e.g. `geneva-truce`")
    return value


_QUOTE = click.option("--quote", help="Exact words of the article; fills the selector.")
_BRIEFING = click.option("--briefing", help="Briefing id (default: the only briefing).")
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
    from .loading import display_path
    from .scaffold import ScaffoldError

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
    from .loading import display_path
    from .new_briefing import new_briefing as make
    from .scaffold import ScaffoldError

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
@_BRIEFING
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
    from .scaffold import new_entry as make

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
@_BRIEFING
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
    from .scaffold import new_note as make

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


@cli.command()
@SEEDS
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("_build/preview"),
    show_default=True,
    help="Output folder of the preview builds (kept apart from `briefing build`'s).",
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
    from .serve import serve as run

    try:
        run(seeds, out, port, log=lambda message: say(message, err=True), ready=say)
    except OSError as exc:
        say(f"error: cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)


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
    from .corpus import build_corpus
    from .loading import load_project
    from .suggest import SuggestError, render_json, render_text
    from .suggest import suggest as run_suggest
    from .suggest import write as run_write

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
@_BRIEFING
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
    from .annotate import AnnotateError, point
    from .loading import display_path
    from .reanchor import selector_fields

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
