"""Where the words of a glossary name stand in the article but do not name its entry.

An analyst links whole names: "European" in "European Union Chamber of Commerce
in China", "Beijing" in "Beijing Zhong Ke San Huan High-Tech" or "Neodymium" in
"Neodymium-iron-boron magnets" are words of a longer name or compound the
glossary does not hold, and "U.S." in "U.S. Treasury Secretary Scott Bessent"
belongs to the organisation's name that follows it. A bare anaphor ("the
ministry") names its entry only where it acts, as the subject of a verb ("the
ministry said"), not as an object or a place ("quoted the ministry", "piled up
at the ministry"). Each rule reads only the article's words around a match and
which other glossary names start or end next to it, so it costs constant work
per match.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from ..words import MONTHS, WEEKDAYS, sentence_initial

_NAME_WORD = re.compile(r"[A-Z][\w.&'’]*")
_PREVIOUS_WORD = re.compile(r"[A-Z](?:[\w.&'’]*[\w&'’])?$")
"""A capitalised word ending right before a position; not one closing a sentence ("Singapore.")."""
_AFTER_DATELINE = re.compile(r" [-–—]{1,2} $")
"""The dash closing a dateline ("BEIJING, Oct 9 - Senior U.S. officials"): a sentence starts after it."""
_SMALL_CAPITALS = frozenset(
    ["The", "A", "An", "In", "On", "At", "By", "For", "From", "Of", "To", "And", "But", "Or", "As", "I", "It"]
)
_CONNECTORS = frozenset(["of", "for", "and", "the", "de"])
_AUXILIARIES = frozenset(
    [
        *("is", "was", "has", "had", "have", "will", "would", "can", "could", "may", "might", "must"),
        *("should", "did", "does", "said", "says", "told", "gave", "took", "made", "set", "sent", "put"),
        *("began", "found", "held", "kept", "saw", "sought", "won", "met", "to"),
    ]
)
_SPEECH = frozenset(
    ["said", "told", "added", "noted", "stated", "warned", "announced", "confirmed", "insisted"]
)
_REDUCED_RELATIVE = re.compile(r"(?: (?:up|out|down|off))? (?:in|on|by|under|during|since|last|earlier) ")
"""After a past form, a preposition of time or agent: the form is a participle ("set up in April")."""
_ADVERBS = frozenset(["also", "later", "then", "now", "still", "again", "already", "last", "this"])


def _name_word(word: str) -> bool:
    """A capitalised word that may be part of a proper name (not "The", a month or a weekday)."""
    bare = word.rstrip(".,")
    return bool(bare) and bare not in _SMALL_CAPITALS and bare not in MONTHS and bare not in WEEKDAYS


def inside_longer_name(
    text: str,
    start: int,
    end: int,
    begins: Mapping[int, Collection[str]],
    ends: Collection[int],
    covered: bytearray,
) -> bool:
    """Whether the one-word name at ``text[start:end]`` is a word of a longer proper name.

    ``begins`` gives the entry types of the glossary names starting at an offset,
    ``ends`` the offsets where one ends, ``covered`` marks the characters inside one.
    A neighbouring capitalised word that starts no glossary name, or starts an
    organisation's ("U.S. Treasury") or a person's title and name ("U.S. President
    Donald Trump": the country is part of the office), makes a longer name.
    """
    following = _NAME_WORD.match(text, end + 1) if text[end : end + 1] in (" ", "-") else None
    if following and _name_word(following.group(0)):
        types = begins.get(end + 1, ())
        if not types or "organization" in types or "person" in types:
            return True
    if start >= 2 and text[start - 1] == " ":
        preceding = _PREVIOUS_WORD.search(text, max(0, start - 40), start - 1)
        if (
            preceding
            and _name_word(preceding.group(0))
            and not sentence_initial(text, preceding.start())
            and not _AFTER_DATELINE.search(text, max(0, preceding.start() - 3), preceding.start())
            and start - 1 not in ends
        ):
            return True
    return _after_institution(text, start, covered)


def _after_institution(text: str, start: int, covered: bytearray) -> bool:
    """ "Bank of China", "Chamber of Commerce in China": a place closing an institution's name."""
    words = text[max(0, start - 120) : start].split(" ")[:-1]
    if not words or words[-1] not in ("of", "in"):
        return False
    preposition = words.pop()
    at = start - len(preposition) - 1
    capitals, connectors, uncovered = 0, 0, False
    while words:
        word = words.pop()
        at -= len(word) + 1
        if word in _CONNECTORS:
            connectors += capitals > 0
            continue
        if not (_NAME_WORD.fullmatch(word) and _name_word(word)):
            break
        capitals += 1
        uncovered = uncovered or not covered[at]
    if preposition == "of":
        return capitals > 0 and uncovered
    return capitals >= 2 and connectors > 0 and uncovered


_PARTICIPLE = re.compile(r"-([a-z]+ed)\b")


def in_compound(text: str, start: int, end: int, ends: Collection[int]) -> bool:
    """A word of a hyphenated compound: "Neodymium-iron-boron", "EU-China". A participle after
    the hyphen leaves the name standing ("rare earth-related", "China-based"), as does another
    glossary name ("U.S.-China") or a lower-case prefix ("anti-China")."""
    if text[end : end + 1] == "-" and text[end + 1 : end + 2].islower() and not _PARTICIPLE.match(text, end):
        return True
    if start >= 2 and text[start - 1] == "-":
        preceding = re.search(r"[\w.]+$", text[max(0, start - 40) : start - 1])
        if preceding and preceding.group(0)[0].isupper():
            return start - 1 not in ends
    return False


def participle_follows(text: str, end: int) -> bool:
    """ "rare earth-related items": the noun stands whole before a hyphenated participle."""
    return _PARTICIPLE.match(text, end) is not None


def acts(text: str, end: int) -> bool:
    """Whether the anaphor ending at ``end`` is the subject of a verb: "the ministry said",
    "the ministry also added", "for the ministry to decide", or owns something ("the ministry's");
    not where a participle describes it ("the regime set up in April remains")."""
    rest = text[end : end + 60]
    if rest.startswith("'s ") or rest.startswith("’s "):
        return True
    m = re.match(r" ([a-z]+)(?: ([a-z]+))?", rest)
    if m is None:
        return False
    word: str | None = m.group(1)
    if word in _ADVERBS or (word and word.endswith("ly")):
        word = m.group(2)
    if word is None:
        return False
    if word not in _SPEECH and _REDUCED_RELATIVE.match(text, end + m.end(1 if word == m.group(1) else 2)):
        return False  # "the regime set up in April remains": a participle describing it
    return (
        word in _AUXILIARIES
        or (len(word) > 4 and word.endswith("ed"))
        or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))
    )


_SCENE = re.compile(r"(?:^|[.!?]\s+|\n)In\s+$")


def sets_the_scene(text: str, start: int, end: int) -> bool:
    """ "In Beijing, the foreign ministry said": a place opening its sentence, set off by a comma."""
    return text[end : end + 1] == "," and _SCENE.search(text[max(0, start - 8) : start]) is not None
