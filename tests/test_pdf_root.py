"""The print builder on its own test root, as Sphinx runs it: the Typst it writes is the
snapshot (tests/test_pdf_root/), so any change to what a brief prints shows in review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.mark.sphinx("briefingpdf", testroot="pdf")
def test_the_brief_typst_snapshot(app: SphinxTestApp, file_regression: Any) -> None:
    app.build()
    assert re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).strip() == ""
    typst = (app.outdir / "alpha-talks.typ").read_text(encoding="utf-8")
    # the fonts found on this machine are the only part that is not the brief's own
    typst = re.sub(r'(sans = |font: )\("[^)]*"\)', r"\1(FONTS)", typst)
    file_regression.check(typst, basename="alpha-talks", extension=".typ")
    assert (app.outdir / "alpha-talks.pdf").stat().st_size > 0
