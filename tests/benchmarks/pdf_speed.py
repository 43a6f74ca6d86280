"""Benchmark: the PDF briefs' cost, in the four figures of the Typst move.

1. the seed PDF's compile time (Typst only, the generated source as is, with its
   three figures), and each figure's print SVG compiled alone;
2. the seed's full build with PDFs and with ``--no-pdf``;
3. a no-op rebuild of `--noop-size` (default 20) synthetic briefings with PDFs and without;
4. a clean build of ``--clean-size`` (default 200) synthetic briefings with PDFs
   and without (``--clean-size 0`` skips it: it takes minutes on 2 cores).

Run with ``python3 noxfile.py -s bench`` or ``python -m tests.benchmarks.pdf_speed``.
It prints figures and asserts nothing. ``-j N`` builds with N processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from briefing.build import build
from briefing.pdf._typst import Job, compile_brief

from .synthetic import generate

ROOT = Path(__file__).resolve().parents[2]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def best(runs: int, action: Callable[[], object]) -> float:
    return min(timed(action) for _ in range(runs))


def ratio(with_pdf: float, without: float) -> str:
    return f"{with_pdf:.2f} s with PDFs, {without:.2f} s with --no-pdf ({with_pdf / without:.2f}×)"


def seed_figures(tmp: Path, runs: int, jobs: int) -> None:
    out = tmp / "seed"
    build(ROOT / "seeds", out, jobs=jobs)
    work = out / ".work" / "briefingpdf"
    for source in sorted(work.glob("*.typ")):
        job = Job(source.stem, source, tmp / "bench.pdf", work, (work / ".fonts",), 0)
        seconds = best(runs, lambda job=job: compile_brief(job))
        pages = len(PdfReader(tmp / "bench.pdf").pages)
        print(f"1. seed PDF compile ({source.stem}, {pages} pages): {seconds:.3f} s best of {runs}")
        for svg in sorted(work.glob(f"{source.stem}.*.svg")):
            alone = work / "bench-figure.typ"
            alone.write_text(
                f'#set document(title: "t")\n#set text(lang: "en")\n'
                f'#figure(image("{svg.name}", alt: "t"), caption: [t])\n',
                encoding="utf-8",
            )
            job = Job("figure", alone, tmp / "figure.pdf", work, (work / ".fonts",), 0)
            seconds = best(runs, lambda job=job: compile_brief(job))
            print(f"   {svg.name} alone ({svg.stat().st_size} bytes): {seconds:.3f} s best of {runs}")

    def clean(pdf: bool) -> float:
        target = tmp / f"seed-clean-{pdf}"
        shutil.rmtree(target, ignore_errors=True)
        return timed(lambda: build(ROOT / "seeds", target, pdf=pdf, jobs=jobs))

    with_pdf = min(clean(True) for _ in range(runs))
    without = min(clean(False) for _ in range(runs))
    print(f"2. seed full build: {ratio(with_pdf, without)}")


def synthetic_noop(tmp: Path, size: int, runs: int, jobs: int) -> None:
    seeds = _synthetic(tmp / f"synthetic-{size}", size)
    build(seeds, tmp / "noop-pdf", jobs=jobs)
    build(seeds, tmp / "noop-html", pdf=False, jobs=jobs)
    with_pdf = best(runs, lambda: build(seeds, tmp / "noop-pdf", jobs=jobs))
    without = best(runs, lambda: build(seeds, tmp / "noop-html", pdf=False, jobs=jobs))
    print(f"3. no-op rebuild, {size} synthetic briefings: {ratio(with_pdf, without)}")


def synthetic_clean(tmp: Path, size: int, runs: int, jobs: int) -> None:
    seeds = _synthetic(tmp / f"synthetic-{size}", size)

    def clean(pdf: bool) -> float:
        out = tmp / f"clean-{pdf}"
        shutil.rmtree(out, ignore_errors=True)
        return timed(lambda: build(seeds, out, pdf=pdf, jobs=jobs))

    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(runs):  # alternated, so that a slow spell of the machine hits both
        for pdf in (False, True):
            times[pdf].append(clean(pdf))
    print(
        f"4. clean build, {size} synthetic briefings (-j {jobs}): "
        f"{ratio(min(times[True]), min(times[False]))} best of {runs}; "
        f"each run: {', '.join(f'{p:.1f}/{h:.1f} s' for p, h in zip(times[True], times[False], strict=True))}"
    )


def _synthetic(folder: Path, articles: int) -> Path:
    return generate(folder, articles)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--noop-size", type=int, default=20, help="briefings in figure 3")
    parser.add_argument("--clean-size", type=int, default=200, help="briefings in figure 4 (0 skips it)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seed_figures(Path(tmp), args.runs, args.jobs)
        synthetic_noop(Path(tmp), args.noop_size, args.runs, args.jobs)
        if args.clean_size:
            synthetic_clean(Path(tmp), args.clean_size, args.runs, args.jobs)


if __name__ == "__main__":
    main()
