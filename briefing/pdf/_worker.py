"""Each brief compiled in a process of its own, under a memory and a time limit.

Text ``check`` accepts can still be costly to typeset, and Typst runs in native
code that Python cannot interrupt. So no brief is compiled in the builder's
process: each gets a child forked from a small server process (which loaded
Typst but never ran it: its threads would not survive a fork), that child caps
its own address space before compiling, and the builder kills it when its time
is up. One brief's failure is that brief's outcome; the others still compile.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from ._typst import Job, Outcome, compile_brief

MEMORY_VARIABLE = "BRIEFING_PDF_MEMORY_MB"
SECONDS_VARIABLE = "BRIEFING_PDF_SECONDS"
DEFAULT_MEMORY_MB = 4096
"""Address space one brief's compile may use, in MiB. The child starts at about 90 MiB
(Python and Typst loaded); the seed brief reaches 300 MiB, most of it reserved rather
than used."""
DEFAULT_SECONDS = 120
"""Wall-clock time one brief's compile may take: the seed brief takes a tenth of a second.
It also ends a compile that memory ran out under in a way that left it waiting forever."""


class LimitsInvalid(ValueError):
    """An environment variable that sets a limit does not hold a positive number."""


@dataclass(frozen=True)
class Limits:
    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, or what :data:`MEMORY_VARIABLE` and :data:`SECONDS_VARIABLE` say."""
        return cls(
            int(_positive(MEMORY_VARIABLE, DEFAULT_MEMORY_MB, whole=True)),
            _positive(SECONDS_VARIABLE, DEFAULT_SECONDS, whole=False),
        )


def _positive(name: str, default: float, *, whole: bool) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = 0
    if not value > 0 or value == float("inf"):
        kind = "a whole number of MiB" if whole else "a number of seconds"
        raise LimitsInvalid(f"{name} must be {kind} above 0, not {text!r}")
    return value


def _context() -> Any:
    try:
        context = get_context("forkserver")
    except ValueError:  # no fork on this system: a fresh interpreter per brief
        return get_context("spawn")
    context.set_forkserver_preload(["briefing.pdf._typst", "typst"])
    return context


_NO_MEMORY = 86
"""The exit status of a child that could not allocate even to report it."""
_STARVED = re.compile(r"memory|MemError|WouldBlock|Resource temporarily unavailable", re.I)
"""How Typst's panics say an allocation or a thread's stack was refused."""


def _child(job: Job, limits: Limits, results: Connection) -> None:
    """In the child: cap the address space, compile, send the outcome back.

    Past the cap any allocation may fail, even Python's own while it unwinds or
    reports: the child then leaves at once with :data:`_NO_MEMORY`, running no
    exit handler that could need memory too.
    """
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)  # a native panic's backtrace: the outcome says what happened
    cap = limits.memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # a process may lower its hard limit, never raise it
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        try:
            outcome = compile_brief(job)
        except MemoryError:
            os._exit(_NO_MEMORY)
        except BaseException as exc:  # Typst's panics derive from BaseException
            if _STARVED.search(str(exc)):
                os._exit(_NO_MEMORY)
            first = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
            outcome = Outcome(job.briefing, (), f"the compile failed: {first}")
        results.send(outcome)
        results.close()
    except MemoryError:
        os._exit(_NO_MEMORY)
    os._exit(0)


def _out_of_memory(limits: Limits) -> str:
    return (
        f"the compile needed more than {limits.memory_mb:,} MiB of memory, the limit for one "
        f"briefing ({MEMORY_VARIABLE})"
    )


def _stopped(job: Job, exitcode: int | None, limits: Limits) -> Outcome:
    """The outcome of a child that ended without sending one."""
    if exitcode == _NO_MEMORY or exitcode in (-signal.SIGABRT, -signal.SIGSEGV):
        # native code that cannot allocate aborts (Rust) or touches what it did not get
        return Outcome(job.briefing, (), _out_of_memory(limits))
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"status {exitcode}"
    return Outcome(job.briefing, (), f"the compile stopped with {how}")


@dataclass
class _Running:
    job: Job
    process: Any
    results: Connection
    deadline: float


def compile_bounded(jobs: list[Job], workers: int, limits: Limits) -> Iterator[Outcome]:
    """The outcome of each job, in order, compiling at most ``workers`` at a time."""
    context = _context()
    waiting = list(enumerate(jobs))
    running: dict[int, _Running] = {}
    done: dict[int, Outcome] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                index, job = waiting.pop(0)
                results, sending = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(job, limits, sending), daemon=True)
                process.start()
                sending.close()
                running[index] = _Running(job, process, results, time.monotonic() + limits.seconds)
            first = min(r.deadline for r in running.values())
            ready = wait([r.results for r in running.values()], max(0.0, first - time.monotonic()))
            now = time.monotonic()
            for index, run in list(running.items()):
                if run.results in ready:
                    try:
                        outcome = run.results.recv()
                    except EOFError:
                        run.process.join()
                        outcome = _stopped(run.job, run.process.exitcode, limits)
                elif now >= run.deadline:
                    run.process.kill()
                    outcome = Outcome(
                        run.job.briefing,
                        (),
                        f"the compile took longer than {limits.seconds:g} s, the limit for one "
                        f"briefing ({SECONDS_VARIABLE})",
                    )
                else:
                    continue
                run.process.join()
                run.results.close()
                done[index] = outcome
                del running[index]
        yield from (done[index] for index in range(len(jobs)))
    finally:
        for run in running.values():  # abandoned or failed: no child outlives the build
            run.process.kill()
            run.process.join()
            run.results.close()
