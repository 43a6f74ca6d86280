"""How a name can be written otherwise: spellings, number, word order, heads, days, figures.

Pure functions on strings; ``_forms`` applies them to the glossary's entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_QUALIFIER = re.compile(r"\s*\([^()]*\)$")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "or",
        "its",
        "it",
        "that",
        "this",
        "which",
        "who",
        "than",
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "may",
        "might",
        "can",
        "could",
        "said",
        "says",
    ]
)
_SPELLINGS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\blicenc", "licens"),
        (r"\blicens", "licenc"),
        (r"\bdefenc", "defens"),
        (r"\bdefens", "defenc"),
        (r"\boffenc", "offens"),
        (r"(?<=[a-z])-(?=[a-z])", " "),
        (r"\bcentre", "center"),
        (r"\bcenter", "centre"),
        (r"(?<=\w{3})is(?=e[sd]?\b|ing\b|ations?\b)", "iz"),
        (r"(?<=\w{3})iz(?=e[sd]?\b|ing\b|ations?\b)", "is"),
    )
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
MEASURE_NOUNS = (
    "rules",
    "measures",
    "controls",
    "curbs",
    "restrictions",
    "regulations",
    "regime",
    "package",
    "list",
)
_MEETING_NOUNS = ("talks", "meeting", "summit")
_MEASURE_STEMS = ("control", "restrict", "rule", "measure", "regulation", "curb", "ban")
_MEETING_STEMS = ("talks", "meeting", "summit")


def bare(title: str) -> str:
    """A title without its trailing ``(qualifier)``."""
    return _QUALIFIER.sub("", title)


def spellings(text: str) -> set[str]:
    """``text`` in British and US spelling (licence/license, -ise/-ize)."""
    out = {text}
    for pattern, replacement in _SPELLINGS:
        out |= {pattern.sub(replacement, t) for t in out}
    return out


def singulars(word: str) -> list[str]:
    """The singulars ``word`` may be the plural of: "licenses" is "license", "buses" is "bus",
    and spelling cannot tell which, so both are tried (a form that is no word never matches)."""
    if len(word) < 4 or not word.islower() or not word.endswith("s") or word.endswith("ss"):
        return []
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith(("ses", "xes", "ches", "shes")):
        return [word[:-1], word[:-2]]
    return [word[:-1]]


def plural(word: str) -> str | None:
    if len(word) < 3 or not word.islower() or word.endswith("s"):
        return None
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def number_variants(phrase: str) -> tuple[int, str] | None:
    """(N, rest) when ``phrase`` opens with a number, as figures or words: ``Seven rare earths``."""
    first, _, rest = phrase.partition(" ")
    value = _NUMBER_WORDS.get(first.lower()) or (int(first) if first.isdigit() else None)
    return (value, rest) if value and rest else None


def number_words(value: int) -> list[str]:
    words = [w for w, n in _NUMBER_WORDS.items() if n == value]
    return [str(value), *words, *(w.capitalize() for w in words)]


def inflections(text: str) -> Iterator[tuple[str, bool]]:
    """(form, guarded): the last word in the other number; a singular made from a plural is guarded.

    A guarded form only counts where it cannot be a verb or a noun modifying
    the next word ("to license", "tariff pause"): see ``suggest``.
    """
    head, _, last = text.rpartition(" ")
    prefix = f"{head} " if head else ""
    for one in singulars(last):
        yield prefix + one, True
    many = plural(last)
    if many:
        yield prefix + many, False


def heads(title: str) -> Iterator[str]:
    """The trailing words of a long title: ``permanent magnets`` of ``Rare-earth permanent magnets``."""
    words = bare(title).split()
    for n in range(1, len(words) - 1):
        tail = words[n:]
        if tail[0].lower() in STOPWORDS or not tail[0][0].isalpha():
            continue
        yield " ".join(tail)


def by_kind(title: str, concepts: set[str]) -> Iterator[str]:
    """``rare-earth magnets`` of ``Rare-earth permanent magnets``: a kind named by another concept
    ("rare earths") and its head noun, without the words between."""
    words = bare(title).split()
    if len(words) < 3 or any(w.lower() in STOPWORDS for w in words):
        return
    modifier = words[0].lower().replace("-", " ")
    if modifier in concepts or f"{modifier}s" in concepts:
        yield f"{words[0]} {words[-1]}"


def date_phrases(day: dt.date) -> list[str]:
    """How wire copy writes a day: ``October 9``, ``9 October``, ``Oct 9``, ``Oct. 9``."""
    month = day.strftime("%B")
    short = month[:3] if month != "September" else "Sept"
    out = [f"{month} {day.day}", f"{day.day} {month}"]
    if len(month) > 4:
        out += [f"{short} {day.day}", f"{short}. {day.day}"]
    return out


def event_kind(title: str) -> str | None:
    """``measure`` (controls, rules, curbs…) or ``meeting`` (talks, summit…), from an event's title."""
    words = re.split(r"[\s–-]+", bare(title).lower())
    if any(w.startswith(_MEASURE_STEMS) for w in words):
        return "measure"
    if any(w.startswith(_MEETING_STEMS) for w in words):
        return "meeting"
    return None


def event_phrases(title: str, start: dt.date) -> list[str]:
    """``the October rules``: the month of an event with the nouns articles use for its kind."""
    kind = event_kind(title)
    nouns = MEASURE_NOUNS if kind == "measure" else _MEETING_NOUNS if kind == "meeting" else ()
    month = start.strftime("%B")
    return [f"the {month} {noun}" for noun in nouns] + [f"{month}'s {noun}" for noun in nouns]


_SAME_WORK = {"process": ("process", "refin"), "refin": ("refin", "process")}
"""Words for the same stage of the supply chain: China "processes" or "refines" about 90%."""


def percent_pattern(title: str) -> re.Pattern[str] | None:
    """For a share such as ``China's share of rare-earth mining (about 70%)``: ``mines about 70%``,
    ``70% of the world's rare earth mining``."""
    figure = re.search(r"(\d+)\s?(?:%|percent)", title)
    noun = re.search(r"\b(\w+)ing\b", bare(title))
    if not figure or not noun:
        return None
    n = figure.group(1)
    stem = "|".join(map(re.escape, _SAME_WORK.get(noun.group(1).lower(), (noun.group(1),))))
    stem = f"(?:{stem})"
    hedge = r"(?:(?:about|roughly|around|some|nearly|almost|over|more than) )?"
    share = rf"{n}(?:%| percent| per cent)"
    of = r"(?: of (?:the world's|the global|global|world|its)(?: [\w-]+){0,3}?)"
    return re.compile(
        rf"(?<!\w)(?:{stem}e?s {hedge}{share}{of}?(?: rare[ -]earths?| [\w-]+ing)?"
        rf"|{hedge}{share} of (?:[\w'-]+ ){{0,4}}?{stem}(?:ing|ed(?: rare[ -]earths?)?))(?!\w)"
    )


ANAPHOR_HEADS = (
    "ministry",
    "department",
    "office",
    "council",
    "commission",
    "agency",
    "bureau",
    "institute",
)


_OF_NAME = re.compile(r"(Ministry|Department|Bureau|Office|Administration|Commission) of (?:the )?([A-Z]\w+)")
_NAME_HEAD = re.compile(r"([A-Z]\w+) (Ministry|Department|Bureau|Office|Administration|Commission)")


DOTTED = re.compile(r"(?:[A-Z]\.){2,3}")
INITIALS = re.compile(r"[A-Z]{2,3}")


def comparatives(phrase: str) -> list[str]:
    """ "heavier rare earths" for "heavy rare earths": the phrase with its first adjective compared
    ("seven heavier rare earths" counts the seven medium and heavy rare earths)."""
    first, _, rest = phrase.partition(" ")
    if not rest or len(first) < 4 or not first.isalpha() or first in STOPWORDS:
        return []
    return [f"{first[:-1]}ier {rest}" if first.endswith("y") else f"{first}er {rest}"]


def word_order(name: str) -> list[str]:
    """ "Ministry of Commerce" as "Commerce Ministry", "Commerce Department" as "Department of
    Commerce": the two ways English orders an institution's name."""
    if m := _OF_NAME.fullmatch(name):
        return [f"{m.group(2)} {m.group(1)}"]
    if m := _NAME_HEAD.fullmatch(name):
        return [f"{m.group(2)} of {m.group(1)}"]
    return []


def acronym_free(text: str) -> bool:
    return len(text) >= 2 and any(ch.isalpha() for ch in text)
