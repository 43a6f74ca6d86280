"""Benchmark: from pointing at words in ``briefing serve`` to the reloaded page showing the mention.

A real ``briefing serve`` runs on a copy of the seeds (or, with ``--briefings N``,
on N synthetic briefings); headless Chromium selects a free word of the article
with the mouse, picks an entry in the panel, and the time from that click (the
write request) to the reloaded page showing the new mention is printed, once
per run, with the CPU time the server spent meanwhile (the machine may be shared:
the wall time counts the waits for other programs, the CPU time does not).
Target: under 2 s on the seed.

Run with ``python -m tests.benchmarks.pointing [--briefings 200] [--runs 3]``.
It prints figures and asserts nothing; tests/browser/test_annotate.py runs it once.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.corpus import build_corpus
from briefing.loading import load_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
STARTUP = 600.0

BOX = """([start, end]) => {
  const article = document.querySelector('.briefing-article');
  for (const block of article.querySelectorAll('.briefing-block[data-start]')) {
    const para = block.querySelector('p.briefing-text');
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {acceptNode: t =>
      t.parentElement.closest('.briefing-apparatus') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    let at = Number(block.dataset.start), t;
    while ((t = walker.nextNode())) {
      if (at <= start && end <= at + t.data.length) {
        const range = document.createRange();
        range.setStart(t, start - at);
        range.setEnd(t, end - at);
        t.parentElement.scrollIntoView({block: 'center'});
        const r = range.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
      }
      at += t.data.length;
    }
  }
  return null;
}"""

SHOWN = """([entry, quote]) => [...document.querySelectorAll('a.briefing-mention')]
  .some(a => a.dataset.entry === entry && a.textContent === quote)"""


def free_words(seeds: Path, briefing: str, count: int) -> list[tuple[int, int, str]]:
    """Words of at least six letters that no mention covers yet, each occurring once in the article."""
    project, _ = load_project(seeds)
    corpus, _ = build_corpus(project)
    article = corpus.briefings[briefing].article
    text = article.text
    taken = [m.span for m in corpus.briefings[briefing].mentions]
    found = []
    for match in re.finditer(r"(?<![\w’'-])[a-z]{6,}(?![\w’'-])", text):
        start, end = match.span()
        free = not any(s.start < end and start < s.end for s in taken)
        if text.count(match.group()) == 1 and free and article.block_at(start) is not None:
            found.append((start, end, match.group()))
    return found[:count]


def select_with_mouse(page: Page, start: int, end: int) -> None:
    """Drag the mouse over the article's characters ``[start, end)``."""
    box = page.evaluate(BOX, [start, end])
    assert box is not None, f"no text at {start}..{end}"
    y = (box["top"] + box["bottom"]) / 2
    page.mouse.move(box["left"] + 1, y)
    page.mouse.down()
    page.mouse.move((box["left"] + box["right"]) / 2, y, steps=4)
    page.mouse.move(box["right"] - 1, y, steps=4)
    page.mouse.up()


def link_by_pointing(
    page: Page, start: int, end: int, quote: str, entry: str, query: str, cpu: Callable[[], float] = float
) -> float:
    """Select ``quote`` with the mouse, link it to ``entry``: seconds from the click to the mention shown.

    ``cpu``: read before the click and after; their difference goes into :data:`CPU_USED`."""
    select_with_mouse(page, start, end)
    panel = page.locator("#briefing-annotate")
    panel.wait_for()
    assert panel.locator(".bap-quote").inner_text() == quote
    page.keyboard.type(query)
    result = panel.locator(f'.bap-link[data-entry="{entry}"]')
    result.wait_for()
    used, started = cpu(), time.perf_counter()
    result.click()
    page.wait_for_function(SHOWN, arg=[entry, quote], timeout=60_000)
    seconds = time.perf_counter() - started
    CPU_USED.append(cpu() - used)
    return seconds


CPU_USED: list[float] = []
"""CPU seconds the server spent in each :func:`link_by_pointing`, in order."""


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (0 where /proc is not available)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(seeds: Path, out: Path, pids: list[int] | None = None) -> Iterator[str]:
    """A real ``briefing serve`` in a subprocess; yields its URL (its process id goes into ``pids``)."""
    log = (out.parent / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--seeds", str(seeds), "--out", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        cwd=ROOT,
    )
    if pids is not None:
        pids.append(proc.pid)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True).start()
    try:
        first = lines.get(timeout=STARTUP)
        assert first.startswith("serving http://127.0.0.1:"), first
        yield first.split()[1]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def measure(briefings: int, runs: int, work: Path, browser: Browser | None = None) -> list[float]:
    """Seconds per run, each linking a different free word of the first briefing to the first entry."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return measure(briefings, runs, work, own)
            finally:
                own.close()
    if briefings:
        from .synthetic import generate

        seeds = generate(work / "project", briefings)
    else:
        seeds = work / "seeds"
        shutil.copytree(ROOT / "seeds", seeds)
    project, _ = load_project(seeds)
    briefing = sorted(project.briefings)[0]
    entry = sorted(project.entries)[0]
    title = project.entries[entry].record.title
    times, pids = [], []
    with serving(seeds, work / "preview", pids) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for start, end, quote in free_words(seeds, briefing, runs):
            page.goto(f"{url}briefings/{briefing}.html")
            cpu = partial(cpu_seconds, pids[0])
            times.append(link_by_pointing(page, start, end, quote, entry, title, cpu))
        context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--briefings", type=int, default=0, help="synthetic briefings (0: the seed)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        times = measure(args.briefings, args.runs, Path(work))
    where = f"{args.briefings} synthetic briefings" if args.briefings else "the seed"
    cpu = CPU_USED[-len(times) :]
    for i, (seconds, used) in enumerate(zip(times, cpu, strict=True), 1):
        print(
            f"run {i}: {seconds:.2f} s from the write request to the reloaded page showing the mention"
            f" (server CPU {used:.2f} s)"
        )
    print(f"{where}: best {min(times):.2f} s, worst {max(times):.2f} s (target < 2 s on the seed)")
    print(f"server CPU per run: best {min(cpu):.2f} s, worst {max(cpu):.2f} s")


if __name__ == "__main__":
    main()
