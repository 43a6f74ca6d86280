"""Each file in fixtures/check/ replaces or adds one record in the two-briefings
scenario; its ``# expect:`` block is the exact ``briefing check`` output."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import check_project
from briefing.diagnostics import render

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "check").glob("*.yaml"))
EXPECTED = Path(__file__).parent / "fixtures" / "check" / "expected"


def _case(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    target = re.match(r"# path: (\S+)\n", text)
    assert target, f"{path.name} must start with '# path: <file in the scenario>'"
    return target.group(1), text


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_check_reports(
    fixture: Path, scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    rel, text = _case(fixture)
    (seeds / rel).parent.mkdir(parents=True, exist_ok=True)
    (seeds / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(seeds)
    output = render(check_project(Path(".")).diagnostics) + "\n"
    expected = EXPECTED / f"{fixture.stem}.txt"
    if os.environ.get("BRIEFING_UPDATE_EXPECTED"):
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8")


def test_scenario_is_clean(scenario: Callable[[str], Path]) -> None:
    result = check_project(scenario("two-briefings"))
    assert result.diagnostics == ()


def test_names_and_numbers_without_a_mention_are_reported(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    article = seeds / "briefings/beta/article.txt"
    article.write_text(
        "Beta headline\nGeneva talks produced a truce on dysprosium on 14 May; Beijing agreed.\n"
    )
    meta = seeds / "briefings/beta/briefing.yaml"
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text()))
    monkeypatch.chdir(seeds)
    found = [d.format().splitlines()[0] for d in check_project(Path(".")).diagnostics]
    prefix = "briefings/beta/article.txt:"
    assert found == [
        prefix + "2:48: warning[uncovered-name]: “14 May” in paragraph 1 is not covered by any mention",
        prefix + "2:56: warning[uncovered-name]: “Beijing” in paragraph 1 is not covered by any mention",
    ]
