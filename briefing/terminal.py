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

import os
import select
import signal
import sys
from collections.abc import Sequence
from typing import Any

import click

from .diagnostics import printable_lines


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    click.echo(printable_lines(text), err=err, nl=nl)


def ask(question: str) -> str:
    """The line the user types after ``question`` (an empty answer is ``""``).

    On a terminal, Ctrl-C raises ``KeyboardInterrupt`` however soon it follows
    the question: ``input()`` misses a SIGINT that arrives after the question is
    shown but before it starts to wait, and then waits on. Here the signal also
    wakes a ``select`` through :func:`signal.set_wakeup_fd`. Elsewhere (a pipe,
    a test runner) it is :func:`click.prompt`. End of input raises ``EOFError``.
    """
    try:
        fd = sys.stdin.fileno()
        interactive = os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        interactive = False
    if not interactive:
        return str(click.prompt(question, default="", show_default=False, prompt_suffix=" "))
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    previous = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    try:
        say(f"{question} ", nl=False)
        while True:
            # A signal before or during the wait makes it return; its handler raises here.
            ready, _, _ = select.select([fd, wake_read], [], [])
            if fd in ready:
                line = os.read(fd, 4096)  # a terminal in canonical mode gives one line a read
                if not line:
                    raise EOFError
                return line.decode(sys.stdin.encoding or "utf-8", "replace").rstrip("\r\n")
    finally:
        signal.set_wakeup_fd(previous)
        os.close(wake_read)
        os.close(wake_write)


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
