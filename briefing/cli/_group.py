"""The ``briefing`` command group and the options its commands share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..core import DEFAULT_BASE_URL
from ..core import base_url as checked_base_url
from ..terminal import SafeGroup

SEEDS = click.option(
    "--seeds",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("seeds"),
    show_default=True,
    help="Folder holding glossary/ and briefings/.",
)


def out_option(default: Path | None, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out``: the folder a command writes to."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path, file_okay=False),
        default=default,
        show_default=default is not None,
        help=help,
    )


def _base_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return checked_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def iri_callback(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from ..iri import check_iri

    try:
        return None if value is None else check_iri(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


BASE_URL = click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    callback=_base_url,
    help=(
        "Address the site is published at; the annotation export's IRIs start with it, and so do "
        "a build's canonical page links and the PDFs' links to entries they do not hold."
    ),
)


@click.group(cls=SafeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn articles and reviewed YAML annotations into a cross-linked site and PDF briefs."""


def slug_callback(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) or len(value) > 80:
        raise click.BadParameter("use lower-case letters, digits and single hyphens, e.g. `geneva-truce`")
    return value


BRIEFING = click.option("--briefing", help="Briefing id (default: the only briefing).")
