"""The character rules hold in every field of every record, keys included, and in the
article, through ``check`` and ``build`` alike: they live in one place that all
contributor text passes through (``briefing/loading/_text.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import check_project
from briefing.cli import main
from briefing.diagnostics import Code
from briefing.loading._text import MAX_JOINED, joined_run

STACK = "\u0301" * (MAX_JOINED + 1)
ALPHA = "briefings/alpha"
KJ = f"{ALPHA}/notes/kj-bottom-line.yaml"

FIELDS = [
    (f"{ALPHA}/briefing.yaml", "title: Alpha headline", f"title: Alpha headline{STACK}", 2),
    ("glossary/mofcom.yaml", "summary: China's trade ministry.", f"summary: China's trade{STACK}", 4),
    ("glossary/mofcom.yaml", "title: Ministry of Commerce", f"title: Ministry\naliases: [M{STACK}]", 4),
    ("glossary/mofcom.yaml", "{title: Export Control Law", f"{{title: Export{STACK} Control Law", 6),
    (KJ, "author: Tester", f"author: Tester{STACK}", 3),
    (KJ, "  - signpost: Licences are published", f"  - signpost: Licences{STACK}", 9),
    (KJ, "    url: https://example.org/statement", f"    url: https://example.org/s{STACK}", 15),
    (KJ, "body: Exports", f'"x{STACK}": 1\nbody: Exports', 7),
]


@pytest.mark.parametrize(("file", "old", "new", "line"), FIELDS)
def test_joined_characters_are_refused_in_every_field(
    scenario: Callable[[str], Path], file: str, old: str, new: str, line: int
) -> None:
    seeds = scenario("two-briefings")
    path = seeds / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [
        (d.location.path, d.location.line)
        for d in check_project(seeds).errors
        if d.code is Code.COMBINING_MARKS
    ]
    assert found == [(path, line)]


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("e" + "\u0301" * MAX_JOINED, None),  # at the limit
        ("e" + "\u0301" * (MAX_JOINED + 1), (1, MAX_JOINED + 1)),
        ("\u0e01" + "\u0e31" * (MAX_JOINED + 1), (1, MAX_JOINED + 1)),  # Thai marks, class 0
        ("\U0001f469" + "\u200d\U0001f469" * 16, (1, 32)),  # an emoji chain joined by ZWJ
        ("\u1100" * (MAX_JOINED + 2), (1, MAX_JOINED + 1)),  # conjoining jamo: one syllable
        ("e\ufe0f" * 40, None),  # one variation selector per letter, many letters
        ("\U0001f1eb\U0001f1f7" * 40, None),  # flags: pairs of regional indicators
        ("中文" * 40 + "\U00020000" * 40, None),  # ideographs, astral ones too
        ("x" + "\U000e0100" * (MAX_JOINED + 1), (1, MAX_JOINED + 1)),  # astral variation selectors
    ],
)
def test_what_counts_as_joined(text: str, run: tuple[int, int] | None) -> None:
    assert joined_run(text) == run


@pytest.mark.parametrize("command", ["check", "build"])
def test_both_commands_refuse_joined_characters_with_a_location(
    command: str, scenario: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    note = seeds / KJ
    note.write_text(note.read_text(encoding="utf-8").replace("body: Exports", f"body: Exports{STACK * 100}"))
    out = seeds.parent / "out"
    args = ["--seeds", str(seeds)] + (["--out", str(out), "--no-pdf"] if command == "build" else [])
    assert main([command, *args]) == 1
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert (
        f"kj-bottom-line.yaml:7:7: error[combining-marks]: `body` holds {len(STACK) * 100:,} characters"
        in shown
    )
    assert "Traceback" not in shown and not out.joinpath("html").exists()
