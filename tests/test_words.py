"""The one sentence splitter: the rules that compare sentences, the lead of a briefing and
the gist of a printed note all cut prose in the same places."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.words import sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing acted. Tokyo waited.", ["Beijing acted.", "Tokyo waited."]),
        # an initial's full stop is not a sentence's
        ("The U.S. Army left. Then it rained.", ["The U.S. Army left.", "Then it rained."]),
        # a closing quote or bracket stays with its sentence
        ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
        ("It ended (in 2024). The rest waited.", ["It ended (in 2024).", "The rest waited."]),
        # nor is a sentence cut before a word in lower case
        ("Exports fell 3 p.c. in May.", ["Exports fell 3 p.c. in May."]),
        # a blank line always ends one; wrapped lines are one sentence
        ("First part\nwrapped\n\nSecond part", ["First part wrapped", "Second part"]),
        ("", []),
    ],
)
def test_sentences_are_cut_where_prose_ends_them(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@given(st.text(alphabet=st.sampled_from("ab AB.!?”(\n\t"), max_size=60))
def test_cutting_keeps_every_word_in_order(text: str) -> None:
    assert " ".join(sentences(text)).split() == text.split()
