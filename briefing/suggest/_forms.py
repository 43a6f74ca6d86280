"""The other ways an article names a glossary entry than its title and aliases.

Wire copy rarely repeats a glossary's words exactly: it writes "license" where
the glossary says "licence", "tariff" for "Tariffs", "permanent magnets" for
"Rare-earth permanent magnets", "the October rules" or "October 9" for an event,
"17 rare earths" for a statistic. Each rule here derives such forms from the
entries themselves, never from an article, and a derived form that would name
two entries is dropped: a form is only worth proposing when it is unambiguous.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import straight

if TYPE_CHECKING:
    from ..loading import Project


@dataclass(frozen=True)
class Form:
    text: str
    """As the user wrote it (for messages)."""
    entries: frozenset[str]
    first_letter_free: bool
    """The first letter may be upper or lower case: a common noun, or a quote that opened a sentence."""
    guarded: bool = False
    """A singular made from a plural: not as a verb ("to license") or a modifier ("tariff pause")."""
    regex: str | None = None
    """Matched by this pattern instead of by ``text`` (a share: "mines about 70%")."""
    after: bool = False
    """A short name ("Bessent", "the ministry"): names an entry only once the article has named it in full."""
    contextual: bool = False
    """Named by the words around it ("agreed in London", a dateline): wins over plain forms of those words."""


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
MEASURE_NOUNS = ("rules", "measures", "controls", "curbs", "restrictions", "regulations", "regime", "package")
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


def _by_kind(title: str, concepts: set[str]) -> Iterator[str]:
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


_ANAPHOR_HEADS = (
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


_DOTTED = re.compile(r"(?:[A-Z]\.){2,3}")
_INITIALS = re.compile(r"[A-Z]{2,3}")


def _comparatives(phrase: str) -> list[str]:
    """ "heavier rare earths" for "heavy rare earths": the phrase with its first adjective compared
    ("seven heavier rare earths" counts the seven medium and heavy rare earths)."""
    first, _, rest = phrase.partition(" ")
    if not rest or len(first) < 4 or not first.isalpha() or first in STOPWORDS:
        return []
    return [f"{first[:-1]}ier {rest}" if first.endswith("y") else f"{first}er {rest}"]


def _word_order(name: str) -> list[str]:
    """ "Ministry of Commerce" as "Commerce Ministry", "Commerce Department" as "Department of
    Commerce": the two ways English orders an institution's name."""
    if m := _OF_NAME.fullmatch(name):
        return [f"{m.group(2)} {m.group(1)}"]
    if m := _NAME_HEAD.fullmatch(name):
        return [f"{m.group(2)} of {m.group(1)}"]
    return []


def _acronym_free(text: str) -> bool:
    return len(text) >= 2 and any(ch.isalpha() for ch in text)


def derived_forms(project: Project, forms: Mapping[str, Form]) -> dict[str, Form]:
    """Forms the rules above derive from each entry, keeping only those naming one entry.

    A derived form never overrides a title, alias or past quote (``forms``).
    """
    found: dict[str, dict[str, tuple[bool, bool, bool, bool]]] = {}
    patterns: list[tuple[str, str, bool]] = []
    """(regex, entry, after): forms matched by a pattern, such as a share ("mines about 70%")."""

    def add(
        text: str,
        entry: str,
        *,
        free: bool = False,
        guarded: bool = False,
        after: bool = False,
        weak: bool = False,
    ) -> None:
        key = straight(text.strip())
        if not _acronym_free(key) or key in forms:
            return
        claims = found.setdefault(key, {})
        if entry not in claims or not weak:
            claims[entry] = (free, guarded, after, weak)

    entries = {entry_id: loaded.record for entry_id, loaded in project.entries.items()}
    names = {e: [bare(n) for n in (r.title, *r.aliases)] for e, r in entries.items()}
    places = [n for e, r in entries.items() if r.type == "place" for n in names[e]]
    concept_forms = [(e, n.lower()) for e, r in entries.items() if r.type == "concept" for n in names[e]]
    concept_names = {n.replace("-", " ") for _, n in concept_forms}
    for entry_id, entry in entries.items():
        common = entry.type in ("concept", "element", "statistic")
        own = {(name, False) for name in names[entry_id]}
        if entry.type == "concept":
            own |= {(name, False) for name in _by_kind(entry.title, concept_names)}
            own |= {(head, True) for head in heads(entry.title)}
        if common and not any(w[0].isupper() for w in bare(entry.title).split()[1:]):
            # A sentence-case title makes a title-case alias a quirk of its source ("Rare Earth products").
            own |= {
                (name.lower(), False)
                for name in names[entry_id]
                if not any(w.isupper() for w in name.split())
            }
        for name, weak in own:
            for spelled in spellings(name[0].lower() + name[1:] if common else name):
                add(spelled, entry_id, free=common, weak=weak)
                if common:
                    for inflected, guarded in inflections(spelled):
                        add(inflected, entry_id, free=True, guarded=guarded, weak=weak)
        if entry.type == "person" and len(bare(entry.title).split()) > 1:
            # The family name alone, once the article has named the person in full: the last
            # word ("Bessent"), or the first where it comes first ("Wang" of "Wang Wentao").
            words = bare(entry.title).split()
            for word in dict.fromkeys((words[-1], words[0])):
                if len(word) >= 3 and word[0].isupper():
                    add(word, entry_id, after=True)
                elif len(word) == 2 and word.istitle():
                    # "He" of "He Lifeng" is a name only where a pronoun cannot stand:
                    # capitalised inside a sentence ("said that He would").
                    patterns.append((rf"(?<=[a-z,;] ){re.escape(word)}(?!\w)", entry_id, True))
        if entry.type in ("place", "organization"):
            # "US" for "U.S.", "U.K." for "UK": an initialism with or without its full stops.
            for name in names[entry_id]:
                if _DOTTED.fullmatch(name):
                    add(name.replace(".", ""), entry_id)
                elif _INITIALS.fullmatch(name):
                    add("".join(f"{ch}." for ch in name), entry_id)
        if entry.type == "organization":
            for head in _ANAPHOR_HEADS:
                if any(head in n.lower().split() for n in names[entry_id]):
                    add(f"the {head}", entry_id, free=True, after=True)
            country = getattr(entry, "country", None)
            # "Commerce Ministry" for "Ministry of Commerce", and the other way round.
            turned = [t for name in names[entry_id] for t in _word_order(name)]
            for name in turned:
                add(name, entry_id)
            # "China's Ministry of Commerce": an organisation acting for a country, owned by it.
            owners = names[country] if country in entries else places
            for name in names[entry_id] + turned:
                if not name.lower().startswith("the ") and "'" not in straight(name):
                    for place in owners:
                        add(f"{place.removeprefix('the ')}'s {name}", entry_id)
            if country in entries and "government" in bare(entry.title).lower().split():
                # "the U.S. government": the country's name before the word names its government.
                for place in names[country]:
                    add(f"{place.removeprefix('the ')} government", entry_id)
        if entry.type == "event":
            start = getattr(entry, "start", None)
            if isinstance(start, dt.date):
                for phrase in date_phrases(start):
                    add(phrase, entry_id)
                for phrase in event_phrases(entry.title, start):
                    add(phrase, entry_id, free=True)
        if entry.type == "statistic":
            value = bare(str(getattr(entry, "value", "")))
            if len(value.split()) <= 3:
                add(value, entry_id, free=True)
            for name in names[entry_id]:
                numbered = number_variants(name)
                if numbered is None:
                    continue
                figure, rest = numbered
                named = [(f, e) for e, f in concept_forms if rest.lower().startswith(f)]
                if not named:
                    continue
                concept = max(named, key=lambda n: len(n[0]))[1]
                own_forms = [f for e, f in concept_forms if e == concept]
                for phrase in {f for _, f in concept_forms if f.endswith(tuple(own_forms))}:
                    for word in number_words(figure):
                        shorter = [phrase, *heads(phrase)]
                        for said in shorter + [c for h in shorter for c in _comparatives(h)]:
                            add(f"{word} {said}", entry_id, free=True)
            share = percent_pattern(entry.title)
            if share is not None:
                patterns.append((share.pattern, entry_id, False))
    derived = {}
    for key, by_entry in found.items():
        # An entry's own name in another spelling or number outranks the end of a longer title.
        strong = {e: claim for e, claim in by_entry.items() if not claim[3]}
        if len(by_entry) > 1 and len(strong) == 1:
            by_entry = strong
        if len(by_entry) == 1 or all(claim[2] for claim in by_entry.values()):
            free, guarded = next(iter(by_entry.values()))[:2]
            after = any(claim[2] for claim in by_entry.values())
            derived[key] = Form(key, frozenset(by_entry), free, guarded, after=after)
    for pattern, entry_id, after in patterns:
        key = f"{'name' if after else 'share'}:{entry_id}"
        derived[key] = Form(key, frozenset([entry_id]), True, regex=pattern, after=after)
    return derived
