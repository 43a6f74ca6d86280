"""What characters contributor text may hold: every field of every record and the article.

One home for the character rules, so the YAML reader and the article reader
refuse the same things: controls and noncharacters no page can show,
invisible characters that make text read differently from what it says, and
runs of characters joined to one base, which no reader needs and which make
text layout slow and memory-hungry (Typst's grows with the square of the run).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..diagnostics import character_name

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
"""The 66 noncharacters (Unicode §23.7): U+FDD0..U+FDEF and the last two of every plane."""

CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
"""Characters no field may hold, even written as an escape: controls other than
tab and line feed, lone surrogates and noncharacters. Nothing can display them,
and the terminal, HTML and PDF each treat them differently."""
ARTICLE_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]|\r(?!\n)")
"""The same for the article, which keeps its tabs and Windows line ends: any CR not
ending a CRLF line is refused."""
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Bidi controls and zero-width characters: they can make text read differently
from what it is (Trojan Source, CVE-2021-42574)."""
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi overrides and isolates: the ones that reorder what readers see of the article."""

_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")


def refused(char: str) -> str:
    """How a message names a character :data:`CONTROL` refuses."""
    kind = "noncharacter" if _NONCHARACTER.match(char) else "control character"
    return f"the {kind} {character_name(char)}"


MAX_JOINED = 30
"""The most characters in a row that may join the one before them. Unicode's
Stream-Safe Text Format (UAX #15) caps a run of non-starters at 30; the longest in
real writing (Tibetan stacks, emoji family sequences) are under 10."""

_ZWJ = "\u200d"
_JOINERS = "\u200c\u200d\uff9e\uff9f"
"""Joiners and the half-width sound marks, which join the character before though not marks."""
_JAMO = re.compile("[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")
"""Conjoining Hangul jamo: a run of them is one syllable, however long."""


@cache
def _candidates() -> re.Pattern[str]:
    """Runs longer than :data:`MAX_JOINED` that could be joined characters: the marks of
    the Basic Multilingual Plane (a bitmap for the regex engine), joiners, jamo, the
    symbols emoji sequences join, and every character beyond that plane."""
    marks, start = [], None
    for code in range(0x10000):
        mark = unicodedata.category(chr(code))[0] == "M"
        if mark and start is None:
            start = code
        elif not mark and start is not None:
            marks.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    jamo = "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff"
    emoji = "\xa9\xae\u2000-\u2bff\u3030\u303d\u3297\u3299"
    others = f"{_JOINERS}{jamo}{emoji}\U00010000-\U0010ffff"
    return re.compile(f"[{''.join(marks)}{others}]{{{MAX_JOINED + 1},}}")


def _joins(before: str, char: str) -> bool:
    """Whether ``char`` becomes part of the character ``before`` it (one grapheme)."""
    if unicodedata.category(char)[0] == "M" or char in _JOINERS or before == _ZWJ:
        return True
    code = ord(char)
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # skin tones, emoji tags
        return True
    return bool(before) and _JAMO.match(before) is not None and _JAMO.match(char) is not None


def joined_run(text: str) -> tuple[int, int] | None:
    """The offset and length of the first run of more than :data:`MAX_JOINED` characters
    joined to the one before them (combining marks, joiners, ...), if any."""
    for match in _candidates().finditer(text):
        start, before = match.start(), text[match.start() - 1] if match.start() else ""
        run = 0
        for offset in range(match.start(), match.end()):
            char = text[offset]
            if _joins(before, char):
                if run == 0:
                    start = offset
                run += 1
            elif run > MAX_JOINED:
                return start, run
            else:
                run = 0
            before = char
        if run > MAX_JOINED:
            return start, run
    return None
