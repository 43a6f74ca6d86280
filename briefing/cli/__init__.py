"""The ``briefing`` command line: one module per family of commands, registered on the
group in ``_group``."""

from __future__ import annotations

from collections.abc import Sequence

from . import _annotate, _check, _new, _site
from ._group import cli

__all__ = ["cli", "main"]
_COMMANDS = (_annotate, _check, _new, _site)  # imported for the commands they register


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="briefing", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
