"""The "Adding a new article" walkthrough in docs/contributing.md is true.

Each ``console`` block with ``:class: new-article`` holds ``$ briefing ...``
command lines, each followed by its exact output; a ``yaml`` block with that
class and a ``:caption:`` is a file the reader writes at that path. They are run
in order on a copy of the seeds and the output compared line for line. Where an
output holds `suggest`'s questions ("…]? y"), the answers shown are typed in,
as on a terminal.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

from .conftest import ROOT, SEEDS
from .test_docs import blocks

_ANSWER = re.compile(r"\]\? (.*)$")


def _steps() -> list[tuple[list[str] | Path, str]]:
    steps: list[tuple[list[str] | Path, str]] = []
    for block in blocks("contributing.md"):
        if "new-article" not in block.options.get("class", "").split():
            continue
        if "caption" in block.options:
            steps.append((Path(block.options["caption"]), block.content + "\n"))
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
    commands = [step[:2] if isinstance(step, list) else "file" for step, _ in steps]
    assert commands == [
        ["new", "briefing"],
        ["suggest", "export-curbs-2025-10"],
        ["mention", "add"],
        "file",
        ["check"],
    ]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for step, expected in steps:
        if isinstance(step, Path):
            assert step.is_file(), f"{step} is written by an earlier step"
            step.write_text(expected, encoding="utf-8")
            continue
        answers = [m.group(1) for m in map(_ANSWER.search, expected.splitlines()) if m]
        args = [*step, "--walk"] if answers else step
        result = runner.invoke(cli, args, input="".join(f"{a}\n" for a in answers), catch_exceptions=False)
        assert result.output == expected, f"briefing {shlex.join(step)}"
    assert "0 error(s), 0 warning(s)" in expected
