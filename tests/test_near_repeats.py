"""Near-verbatim repeats across records, which need two files at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import check_project
from briefing.cli import main

ENTRY_BODY = (
    "Under the joint statement of 12 May 2025, each side by 14 May suspended 24 percentage points "
    "of its 34% reciprocal tariff for an initial 90 days, kept 10%, and cancelled the later "
    "increases; China also undertook to suspend or remove the non-tariff countermeasures it had "
    "taken since 2 April 2025."
)
# the same paragraph, touched up as a copy usually is
NOTE_BODY = (
    "The Geneva joint statement of 12 May 2025 suspended 24 percentage points of each side's "
    "34% reciprocal tariff for an initial 90 days from 14 May, kept 10%, and cancelled the later "
    "increases. China also undertook to suspend or remove the non-tariff countermeasures it had "
    "taken since 2 April."
)


def _write(seeds: Path, note_body: str) -> None:
    (seeds / "glossary" / "truce.yaml").write_text(
        "id: truce\ntype: concept\ntitle: Truce\nsummary: A truce.\n"
        f"body: |\n  {ENTRY_BODY}\nsources:\n  - {{title: Source, offline: true}}\n",
        encoding="utf-8",
    )
    (seeds / "briefings" / "beta" / "notes" / "context-truce.yaml").write_text(
        "kind: context\nauthor: Tester\ndate: 2025-06-09\ntarget:\n  quote: truce\n"
        f"body: |\n  {note_body}\nsources:\n  - {{title: Source, offline: true}}\n",
        encoding="utf-8",
    )


def test_a_lightly_edited_copy_of_an_entry_is_reported_at_the_note(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    _write(seeds, NOTE_BODY)
    monkeypatch.chdir(seeds)
    found = [d for d in check_project(Path(".")).diagnostics if d.code == "repeated-text"]
    assert [str(d.location) for d in found] == ["briefings/beta/notes/context-truce.yaml:6:7"]
    assert "nearly repeats one of entry `truce`" in found[0].message
    for _ in range(2):  # the second run takes the briefing's paragraphs from what it remembered
        assert main(["check", "--seeds", "."]) == 0
        out = capsys.readouterr().out
        assert "briefings/beta/notes/context-truce.yaml:6:7: warning[repeated-text]" in out


def test_a_note_that_says_what_it_adds_is_not_a_repeat(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    _write(
        seeds,
        "The entry on the truce gives its tariff terms. What matters for this article is the clause "
        "on non-tariff countermeasures: Washington read the rare-earth licensing as one of them, and "
        "within weeks each side accused the other of breaking the deal.",
    )
    monkeypatch.chdir(seeds)
    assert not [d for d in check_project(Path(".")).diagnostics if d.code == "repeated-text"]


def test_short_paragraphs_are_never_compared(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    _write(seeds, "Each side suspended 24 percentage points of its 34% reciprocal tariff for 90 days.")
    monkeypatch.chdir(seeds)
    assert not [d for d in check_project(Path(".")).diagnostics if d.code == "repeated-text"]
