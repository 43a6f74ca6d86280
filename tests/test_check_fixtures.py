"""Each file in fixtures/check/ replaces or adds files in the two-briefings
scenario; ``expected/<name>.txt`` is the exact ``briefing check`` output.

A fixture is one or more sections, each starting with ``# path: <file>``.
A YAML section is written whole (its header lines stay as comments); the
header lines of any other file are dropped. Optional header lines:
``# symlink: <target>`` makes the path a symbolic link instead, and
``# escapes: true`` writes ``\\xNN``, ``\\uNNNN`` and ``\\UNNNNNNNN`` as the characters they name,
so that fixtures can hold bytes no editor shows.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import check_project
from briefing.diagnostics import render

FIXTURES = sorted(
    p for p in (Path(__file__).parent / "fixtures" / "check").iterdir() if p.is_file() and p.suffix != ".md"
)
EXPECTED = Path(__file__).parent / "fixtures" / "check" / "expected"
_HEADER = re.compile(r"^# (path|symlink|escapes): (.*)$")
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")


def _sections(path: Path) -> list[tuple[str, dict[str, str], str]]:
    """(path, header, content) of each file the fixture writes."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# path: "), f"{path.name} must start with '# path: <file in the scenario>'"
    parts = re.split(r"(?m)^(?=# path: )", text)[1:]
    out = []
    for part in parts:
        lines = part.splitlines(keepends=True)
        header: dict[str, str] = {}
        while lines and (match := _HEADER.match(lines[0].rstrip("\n"))):
            header[match.group(1)] = match.group(2)
            lines.pop(0)
        target = header["path"]
        content = part if target.endswith(".yaml") else "".join(lines)
        if header.get("escapes") == "true":
            content = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2) or m.group(3), 16)), content)
        out.append((target, header, content))
    return out


def _apply(seeds: Path, fixture: Path) -> None:
    for rel, header, content in _sections(fixture):
        target = seeds / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if "symlink" in header:
            target.symlink_to(header["symlink"])
        else:
            target.write_bytes(content.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_check_reports(
    fixture: Path, scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    _apply(seeds, fixture)
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
        "WASHINGTON/BEIJING, Oct 10 (Reuters) - {truce}.",
        "{truce}. Chinese, South Korean and European buyers waited.",
        '{truce}. “We thank Washington and Tokyo,” an official said; he said "Seoul Agreed".',
        "{truce} on October 25 and 26, and from June 9-10.",
    ],
    ids=[
        "numbers",
        "dates",
        "sentence-initial",
        "after-quotes-and-dashes",
        "dateline",
        "nationality-adjectives",
        "quotations",
        "date-ranges",
    ],
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


def test_a_name_joined_by_and_to_a_covered_name_is_reported(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _uncovered(
        scenario("two-briefings"),
        "Geneva talks and Vice Premier He Lifeng produced a truce on dysprosium and more.",
        monkeypatch,
    )
    assert [f.split(": ", 2)[2] for f in found] == [
        "“Vice Premier He Lifeng” in paragraph 1 is not covered by any mention"
    ]
