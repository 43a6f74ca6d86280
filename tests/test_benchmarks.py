"""Every benchmark runs, at sizes too small to measure anything: so none can rot unnoticed.

Only that each one finishes and prints its figures is asserted, never a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.benchmarks import page_weight, pdf_speed, site_scale, synthetic


def test_site_scale_runs(capsys: pytest.CaptureFixture[str]) -> None:
    site_scale.main(["--runs", "1", "--sizes", "2", "3", "--annotations", "4", "--check-sizes", "2"])
    out = capsys.readouterr().out
    # the seed against plain Sphinx: the baseline pages built without a warning
    seed = (
        r"Seed briefing, HTML, each build in a new process: ours [\d.]+ s, plain Sphinx .* [\d.]+× .*;"
        r" CPU time [\d.]+ s against"
    )
    assert re.search(seed, out)
    assert re.search(r"Build time per article at 3 vs 2: [\d.]+×", out)
    assert re.search(r"^\s+2( +[\d.]+){5}$", out, re.M)  # the check row: five times


def test_page_weight_runs(capsys: pytest.CaptureFixture[str]) -> None:
    page_weight.main(["--sizes", "1", "2", "--annotations", "4", "--entries", "12"])
    assert re.search(r"At 2 vs 1 articles: .* [\d.]+×", capsys.readouterr().out)


def test_pdf_speed_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pdf_speed.main(["--runs", "1", "--noop-size", "2", "--clean-size", "1", "-j", "1"])
    out = capsys.readouterr().out
    for figure in ("1. seed PDF compile", "2. seed full build", "3. no-op rebuild, 2", "4. clean build, 1"):
        assert re.search(rf"^\s*{re.escape(figure)}.*[\d.]+ s", out, re.M), figure


def test_synthetic_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synthetic.main([str(tmp_path / "corpus"), "--articles", "2", "--annotations", "4", "--entries", "12"])
    assert capsys.readouterr().out.strip() == f"wrote {tmp_path / 'corpus' / 'seeds'}"
    assert len(list((tmp_path / "corpus" / "seeds" / "briefings").iterdir())) == 2
