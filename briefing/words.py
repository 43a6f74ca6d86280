"""Small facts about English prose shared by ``check``, ``suggest`` and what pages show."""

from __future__ import annotations

import re

_OPENERS = '“"‘([—'
_CLOSERS = "”\"’')]"
_ENDS = ".!?:—"

MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
MONTHS |= {m[:3] for m in MONTHS} | {"Sept"}
WEEKDAYS = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
_DATE_FILLERS = frozenset(["in", "on", "of", "the", "early", "late", "mid", "by", "since", "until"])
_NUMBER = re.compile(r"^\d[\d,.]*(?:st|nd|rd|th)?$")

_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})


def straight(text: str) -> str:
    """``text`` with typographic apostrophes and quotes made straight, character for character."""
    return text.translate(_STRAIGHT)


_SENTENCE_BREAK = re.compile(r"(?:(?<=[^A-Z\s][.!?])|(?<=[^A-Z\s][.!?][”\"’)]))\s+(?=[“\"(A-Z])|\n\s*\n")
"""Where one sentence ends and the next begins: after a full stop (not one closing an
initial, as in "U.S. Army"), a closing quote or bracket perhaps, and before a capital or
an opening quote; or at a blank line."""


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each on one line (line breaks and runs of spaces made one space)."""
    return [s for s in (" ".join(part.split()) for part in _SENTENCE_BREAK.split(text)) if s]


def sentence_initial(text: str, at: int) -> bool:
    """Whether the word starting at ``text[at]`` opens a sentence (or a quotation, or a block)."""
    if at == 0 or text[at - 1] in _OPENERS:
        return True
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return True
    if i == at:
        return False
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > 0 and text[i - 1] in _ENDS


def is_number(word: str) -> bool:
    """A bare figure: ``3``, ``2.1``, ``1,000``, ``9th``."""
    return _NUMBER.match(word) is not None


def is_date_only(phrase: str) -> bool:
    """Only month and weekday names, figures and small words: ``June 7``, ``In April``, ``Tuesday``."""
    words = [w.rstrip(".") for w in phrase.replace(",", " ").split()]
    return bool(words) and all(
        w in MONTHS or w in WEEKDAYS or is_number(w) or w.lower() in _DATE_FILLERS for w in words
    )


_DATELINE = re.compile(
    r"[A-Z][A-Z.'’/-]+(?: [A-Z][A-Z.'’/-]*){0,3}(?:,[^,\n.]{1,30}){0,2}?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([A-Za-z ]{1,30}\))? ?[-–—]{1,2} "
)


def dateline_end(text: str) -> int:
    """Where the dateline of wire copy ends (``WASHINGTON, Oct 10 (Reuters) - ``), or 0 when there is none."""
    m = _DATELINE.match(text)
    if not m:
        return 0
    place = re.split(r"[,(]", m.group(0))[0]
    return m.end() if sum(ch.isupper() for ch in place) >= 3 and place.upper() == place else 0
