"""The one way the command line writes to the terminal.

Folder names, file names, ids, quotes and every other text from ``seeds/`` can
hold escape sequences: OSC (set the window title, write the clipboard), CSI
(move the cursor, erase a line), one-byte C1 controls, BEL. Whatever a command
prints goes through :func:`say`, which writes every such character as a
visible escape (``\\x1b``) and keeps only the line feeds of the message itself;
JSON is written with :func:`briefing.diagnostics.json_text`, which leaves
nothing for :func:`say` to change. Errors click raises itself (a bad option
value is echoed back) are escaped the same way by :class:`SafeGroup`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from .diagnostics import printable_lines


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    click.echo(printable_lines(text), err=err, nl=nl)


class SafeGroup(click.Group):
    """A command group whose usage errors reach the terminal escaped."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            exc.message = printable_lines(exc.message)  # type: ignore[misc]  # escaped before it is shown
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            if not standalone_mode:
                raise
            say("Aborted!", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result
