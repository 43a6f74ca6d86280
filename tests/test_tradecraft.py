"""Repeated text across records, which a single-record fixture cannot show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import check_project
from briefing.tradecraft import plain_sentences

SHARED = "This glossary splits the rare earths three ways, following the usage of Chinese industry."


def _entry(entry_id: str, body: str) -> str:
    return (
        f"id: {entry_id}\ntype: concept\ntitle: {entry_id.title()}\nsummary: A concept.\n"
        f"body: |\n  {body}\nsources:\n  - title: Source\n    offline: true\n"
    )


def test_a_long_sentence_in_three_records_is_reported_once_with_all_names(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    for name in ("one", "two", "three"):
        (seeds / "glossary" / f"{name}.yaml").write_text(_entry(name, f"*{name}* first. {SHARED}"))
    monkeypatch.chdir(seeds)
    found = [d for d in check_project(Path(".")).diagnostics if d.code == "repeated-text"]
    assert len(found) == 1
    assert str(found[0].location) == "glossary/one.yaml:5:7"
    assert "14-word sentence is in 3 records" in found[0].message
    assert found[0].hint and all(f"entry `{n}`" in found[0].hint for n in ("one", "two", "three"))


def test_two_records_or_short_sentences_are_not_repetition(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    for name in ("one", "two"):
        (seeds / "glossary" / f"{name}.yaml").write_text(_entry(name, SHARED))
    (seeds / "glossary" / "three.yaml").write_text(_entry("three", "Rare earths come in three groups."))
    monkeypatch.chdir(seeds)
    assert not [d for d in check_project(Path(".")).diagnostics if d.code == "repeated-text"]


def test_sentences_ignore_markup_wrapping_and_abbreviations() -> None:
    text = "**Accurate.** Announcement No. 18 of 2025\nwas [not suspended](https://x.org).\n\n- A list item"
    assert plain_sentences(text) == [
        "Accurate.",
        "Announcement No. 18 of 2025 was not suspended.",
        "A list item",
    ]
