"""The briefs compiled in worker processes, under a memory and a time limit.

Text ``check`` accepts can still be costly to typeset, and Typst runs in native
code that Python cannot interrupt. So no brief is compiled in the builder's
process: workers are forked from a small server process (which loaded Typst
but never ran it: its threads would not survive a fork), each caps its own
address space before compiling, and the builder kills one whose brief runs
out of time. One brief's failure is that brief's outcome; the others still
compile.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

from ._typst import Job, Outcome, compile_brief

MEMORY_VARIABLE = "BRIEFING_PDF_MEMORY_MB"
SECONDS_VARIABLE = "BRIEFING_PDF_SECONDS"
DEFAULT_MEMORY_MB = 4096
"""Address space one brief's compile may use, in MiB. A worker starts at about 90 MiB
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


def _serve(limits: Limits, requests: Connection) -> None:
    """In a worker: cap the address space, then compile each job sent until told to stop.

    Past the cap any allocation may fail, even Python's own while it unwinds or
    reports: the worker then leaves at once with :data:`_NO_MEMORY`, running no
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
        while (job := requests.recv()) is not None:
            try:
                outcome = compile_brief(job)
            except MemoryError:
                os._exit(_NO_MEMORY)
            except BaseException as exc:  # Typst's panics derive from BaseException
                if _STARVED.search(str(exc)):
                    os._exit(_NO_MEMORY)
                first = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
                outcome = Outcome(job.briefing, (), f"the compile failed: {first}")
            requests.send(outcome)
    except MemoryError:
        os._exit(_NO_MEMORY)
    except EOFError:
        pass  # the builder is gone
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
class _Worker:
    process: Any
    requests: Connection
    job: int | None = None
    """The index of the job it compiles, if any."""
    deadline: float = 0.0
    used: bool = False
    """Whether it compiled a brief before: what that left in memory counts against its cap."""


def compile_bounded(jobs: list[Job], workers: int, limits: Limits) -> Iterator[Outcome]:
    """The outcome of each job, in order, compiling at most ``workers`` at a time.

    A worker compiles one brief after another (Typst keeps its fonts loaded), so
    its cap covers what earlier briefs left behind too: a brief that a used
    worker dies on is compiled again in a fresh one, whose verdict stands.
    """
    context = _context()
    queue = deque((index, False) for index in range(len(jobs)))  # (job, needs a fresh worker)
    pool: list[_Worker] = []
    done: dict[int, Outcome] = {}

    def start(index: int) -> None:
        requests, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(limits, theirs), daemon=True)
        process.start()
        theirs.close()
        pool.append(_Worker(process, requests))
        give(pool[-1], index)

    def give(worker: _Worker, index: int) -> None:
        worker.requests.send(jobs[index])
        worker.job, worker.deadline = index, time.monotonic() + limits.seconds

    def retire(worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.requests.close()
        pool.remove(worker)

    try:
        while queue or any(w.job is not None for w in pool):
            for worker in [w for w in pool if w.job is None]:
                if queue and not queue[0][1]:
                    give(worker, queue.popleft()[0])
                else:  # nothing for it, or the next brief needs a fresh worker
                    retire(worker)
            while queue and len(pool) < max(1, workers):
                start(queue.popleft()[0])
            busy = [w for w in pool if w.job is not None]
            first = min(w.deadline for w in busy)
            ready = wait([w.requests for w in busy], max(0.0, first - time.monotonic()))
            now = time.monotonic()
            for worker in busy:
                index = worker.job
                assert index is not None
                if worker.requests in ready:
                    try:
                        done[index] = worker.requests.recv()
                    except EOFError:  # it died: out of memory, or a crash
                        worker.process.join()
                        if worker.used:
                            queue.appendleft((index, True))
                        else:
                            done[index] = _stopped(jobs[index], worker.process.exitcode, limits)
                        retire(worker)
                        continue
                    worker.job, worker.used = None, True
                elif now >= worker.deadline:
                    done[index] = Outcome(
                        jobs[index].briefing,
                        (),
                        f"the compile took longer than {limits.seconds:g} s, the limit for one "
                        f"briefing ({SECONDS_VARIABLE})",
                    )
                    retire(worker)
        yield from (done[index] for index in range(len(jobs)))
    finally:  # idle, abandoned or failed: no worker outlives the build
        for worker in list(pool):
            retire(worker)
