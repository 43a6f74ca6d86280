"""Benchmark: WeasyPrint time for the seed PDF brief (target: under 2 s).

Run with ``python3 noxfile.py -s bench`` or ``python tests/benchmarks/pdf_time.py``.
Builds the seed briefing once, keeps the print HTML, then renders it
``--runs`` times and prints the figures. It asserts nothing: it measures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from pypdf import PdfReader

from briefing.build import build
from briefing.pdf._builder import render_pdf

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRIEFING_KEEP_PRINT_HTML"] = "1"
        out = Path(tmp) / "out"
        build(ROOT / "seeds", out)
        for html in sorted((out / ".work" / "briefingpdf").glob(".*/brief.html")):
            times = [
                render_pdf(html, Path(tmp) / "bench.pdf", html.parent.name[1:], timeout=600)
                for _ in range(args.runs)
            ]
            pdf = Path(tmp) / "bench.pdf"
            pages = len(PdfReader(pdf).pages)
            print(
                f"{html.parent.name[1:]}: WeasyPrint {min(times):.2f} s best, "
                f"{statistics.median(times):.2f} s median of {args.runs} runs "
                f"({pages} pages, {pdf.stat().st_size / 1024:.0f} KiB)"
            )


if __name__ == "__main__":
    main()
