"""Dates: any day ``check`` accepts builds, and anything else written as a date is a located error."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.build import build
from briefing.checks import check_project
from briefing.cli import main


def _set(path: Path, key: str, value: str) -> None:
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", path.read_text(encoding="utf-8")))


def test_the_first_and_last_days_a_date_holds_build(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    seeds = scenario("two-briefings")
    _set(seeds / "glossary/geneva-talks.yaml", "start", "0001-01-01")
    _set(seeds / "glossary/geneva-talks.yaml", "end", "9999-12-31")
    _set(seeds / "briefings/alpha/briefing.yaml", "published", "0001-01-01")
    _set(seeds / "briefings/beta/briefing.yaml", "published", "9999-12-31")
    assert check_project(seeds).ok
    result = build(seeds, tmp_path / "out")
    assert len(result.pdfs) == 2
    timeline = (tmp_path / "out/html/timeline.html").read_text(encoding="utf-8")
    assert "1 January 1 – 31 December 9999" in timeline
    assert ">9000</text>" in timeline


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    ("file", "key", "value", "column"),
    [
        ("glossary/geneva-talks.yaml", "start", "1749513600", 8),
        ("glossary/geneva-talks.yaml", "end", "'1749340800'", 6),
        ("briefings/beta/briefing.yaml", "published", "0", 12),
        ("briefings/beta/notes/question-truce.yaml", "date", "2025-06-09T10:00:00Z", 7),
    ],
)
def test_a_number_or_a_time_as_a_date_is_a_located_error(
    scenario: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    file: str,
    key: str,
    value: str,
    column: int,
) -> None:
    seeds = scenario("two-briefings")
    _set(seeds / file, key, value)
    line = 1 + (seeds / file).read_text().splitlines().index(f"{key}: {value}")
    args = ["--seeds", str(seeds)] + (
        ["--out", str(tmp_path / "out"), "--no-pdf"] if command == "build" else []
    )
    assert main([command, *args]) == 1
    captured = capsys.readouterr()
    shown = value.strip("'").replace("T", " ").replace("Z", "+00:00")
    assert (
        f"{file}:{line}:{column}: error[invalid-value]: `{key}`: `{shown}` is not a day written YYYY-MM-DD"
        in (captured.out + captured.err)
    )
    assert not (tmp_path / "out/html").exists()
