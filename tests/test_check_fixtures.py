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


TRUCE = "Geneva talks produced a truce on dysprosium"
"""Words the scenario's annotations anchor to."""


def _uncovered(seeds: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    article = seeds / "briefings/beta/article.txt"
    article.write_text(f"Beta headline\n{text}\n")
    meta = seeds / "briefings/beta/briefing.yaml"
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text()))
    monkeypatch.chdir(seeds)
    return [d.format().splitlines()[0] for d in check_project(Path(".")).diagnostics]


def test_names_without_a_mention_are_reported(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _uncovered(
        scenario("two-briefings"),
        "Geneva talks produced a truce on dysprosium on 14 May; Beijing agreed with Vice Premier He Lifeng.",
        monkeypatch,
    )
    prefix = "briefings/beta/article.txt:"
    assert found == [
        prefix + "2:56: warning[uncovered-name]: “Beijing” in paragraph 1 is not covered by any mention",
        prefix
        + "2:76: warning[uncovered-name]: “Vice Premier He Lifeng” in paragraph 1 "
        + "is not covered by any mention",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{truce}. Tariffs fell by 3 points to 2.1 percent, and 1,000 firms and 1 agency agreed.",
        "{truce} on Tuesday, 14 May, and again in June and on Feb. 24, 2021.",
        "{truce}. Not all agreed. Shipping was slow. Chinese exporters waited.",
        "{truce}. “Several” were pleased; (Illustrative) — Shipping resumed.",
    ],
    ids=["numbers", "dates", "sentence-initial", "after-quotes-and-dashes"],
)
def test_plain_words_numbers_and_dates_are_not_names(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    assert _uncovered(scenario("two-briefings"), text.format(truce=TRUCE), monkeypatch) == []


def test_a_name_opening_a_sentence_is_still_reported_within_a_longer_name(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _uncovered(
        scenario("two-briefings"),
        f"{TRUCE}. Treasury Secretary Bessent left.",
        monkeypatch,
    )
    assert [f.split(": ", 2)[2] for f in found] == [
        "“Treasury Secretary Bessent” in paragraph 1 is not covered by any mention"
    ]
