"""The "Adding a new article" walkthrough in docs/contributing.md is true.

Each ``console`` block with ``:class: new-article`` holds ``$ briefing ...``
command lines, each followed by its exact output. They are run in order on a
copy of the seeds and the output compared line for line.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

from .conftest import ROOT, SEEDS
from .test_docs import blocks


def _steps() -> list[tuple[list[str], str]]:
    steps: list[tuple[list[str], str]] = []
    for block in blocks("contributing.md"):
        if "new-article" not in block.options.get("class", "").split():
            continue
        for line in block.content.splitlines():
            if line.startswith("$ briefing "):
                steps.append((shlex.split(line.removeprefix("$ briefing ")), ""))
            else:
                args, out = steps[-1]
                steps[-1] = (args, out + line + "\n")
    return steps


def test_the_walkthrough_runs_as_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = _steps()
    assert [args[:2] for args in (s[0] for s in steps)] == [
        ["new", "briefing"],
        ["suggest", "export-curbs-2025-10"],
        ["suggest", "export-curbs-2025-10"],
        ["check"],
    ]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args, expected in steps:
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.output == expected, f"briefing {shlex.join(args)}"
