"""Where an article names glossary entries: every occurrence of a surface form that stands as a name.

``suggest`` then settles overlaps and ambiguity; this module only finds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from ..article import Article, Block
from ..loading import Project
from ..words import dateline_end, is_date_only, sentence_initial, straight
from ._context import acts, in_compound, inside_longer_name, participle_follows
from ._events import EventIndex
from ._forms import Form
from ._variants import STOPWORDS, bare


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    block: int
    form: Form


def _pattern(form: Form) -> re.Pattern[str]:
    if form.regex is not None:
        return re.compile(form.regex)
    first, rest = form.text[0], re.escape(form.text[1:])
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() else re.escape(first)
    return re.compile(rf"(?<!\w){head}{rest}(?!\w)")


_NOT_A_VERB_AFTER = ("subject to", "due to", "according to", "up to", "applied to", "access to")


def _noun_here(text: str, start: int, end: int) -> bool:
    """A guarded singular stands as a noun: not a verb after "to", not modifying the next word."""
    before = text[max(0, start - 20) : start].lower()
    if before.endswith("to ") and not before.endswith(
        _NOT_A_VERB_AFTER + tuple(f"{p} " for p in _NOT_A_VERB_AFTER)
    ):
        return False
    following = re.match(r"\s*([A-Za-z]+)?", text[end:])
    word = following.group(1) if following else None
    return (
        word is None
        or text[end : end + 1] in ",.;:!?)\"'’”"
        or word.lower() in STOPWORDS
        or participle_follows(text, end)
    )


def find_matches(
    article: Article, forms: Iterable[Form], glossary: Glossary, events: EventIndex
) -> list[Match]:
    """Every place where a form occurs and names its entry where it stands, plus the events and
    dateline place named by their context; overlapping and repeated, in no order."""
    blocks = [(block, straight(block.text)) for block in article.blocks]
    # Wire copy opens with a dateline ("BEIJING, Oct 9 -"): only its place can be a mention.
    skip_to = {blocks[0][0].number: dateline_end(blocks[0][1])} if blocks else {}
    # Subheadings and quoted posts in capitals ("WHY DOES CHINA HAVE SO MUCH LEVERAGE?").
    shouting = [(block, text) for block, text in blocks if _SHOUTING.search(text)]
    found = []
    for form in forms:
        pattern = _pattern(form)
        for block, text in blocks:
            if form.regex is None and form.text not in text and form.text[1:] not in text:
                continue
            for m in pattern.finditer(text):
                if m.start() < skip_to.get(block.number, 0):
                    continue
                if (
                    form.regex is None
                    and m.group(0)[0] != form.text[0]
                    and not (form.first_letter_free or sentence_initial(text, m.start()))
                ):
                    continue
                if form.guarded and not _noun_here(text, m.start(), m.end()):
                    continue
                if len(form.text) <= 2 and _shouted(text, m.start(), m.end()):
                    continue  # "WHAT IT MEANS FOR US": a word, not the acronym
                found.append(Match(block.start + m.start(), block.start + m.end(), block.number, form))
        loud = form.text.upper()
        if form.regex is not None or len(form.text) < 4 or loud == form.text:
            continue
        for block, text in shouting:
            if loud in text:
                for m in re.finditer(rf"(?<!\w){re.escape(loud)}(?!\w)", text):
                    if _shouted(text, m.start(), m.end()):
                        found.append(
                            Match(block.start + m.start(), block.start + m.end(), block.number, form)
                        )
    whole = straight(article.text)
    found = _standing(found, whole, glossary)
    named: dict[str, list[int]] = defaultdict(list)
    for match in sorted(found, key=lambda m: m.start):
        for entry in match.form.entries:
            named[entry].append(match.start)
    found = [
        m
        for m in found
        if not events.day_alone(whole, m.start, m.end, m.form.entries, named)
        and not events.dated_otherwise(whole, m.start, m.end, m.form.entries)
    ]
    found += _dateline(blocks, glossary)
    for block, text in blocks:
        for ref in events.references(text, block.start):
            place = glossary.places.get(whole[ref.start : ref.end].casefold()) if ref.or_place else None
            entries = frozenset([ref.entry, place] if place else [ref.entry])
            form = Form(whole[ref.start : ref.end], entries, False, contextual=True)
            found.append(Match(ref.start, ref.end, block.number, form))
    return found


_SHOUTING = re.compile(r"\b[A-Z]{2,}(?:[ ,'-]+[A-Z]{2,}){2}")
"""Three words in capitals in a row."""
_LOUD_BEFORE = re.compile(r"\b[A-Z]{2,}\W{1,3}$")
_LOUD_AFTER = re.compile(r"\W{1,3}[A-Z]{2,}\b")


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether the words either side of ``text[start:end]`` are in capitals too."""
    return bool(_LOUD_BEFORE.search(text, max(0, start - 30), start) or _LOUD_AFTER.match(text, end))


def _standing(found: list[Match], text: str, glossary: Glossary) -> list[Match]:
    """The matches that name their entry where they stand: not a word of a longer name or a
    compound, nor an anaphor that does not act (see ``_context``), nor an organisation
    placed or owned elsewhere ("a Washington-based lawyer", "India's commerce ministry")."""
    types = glossary.types
    begins: dict[int, set[str]] = defaultdict(set)
    ends = set()
    covered = bytearray(len(text) + 1)
    for m in found:
        begins[m.start].update(types.get(e, "") for e in m.form.entries)
        ends.add(m.end)
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    kept = []
    inner = _contained(found)
    for n, m in enumerate(found):
        words = text[m.start : m.end]
        kinds = {types.get(e) for e in m.form.entries}
        # A name inside a longer glossary name is left to the longest-first rule, which shows it.
        if (
            n not in inner
            and kinds != {"person"}
            and not (words.isupper() and _shouted(text, m.start, m.end))
            and (
                in_compound(text, m.start, m.end, ends)
                or (
                    " " not in words
                    and words[0].isupper()
                    and inside_longer_name(text, m.start, m.end, begins, ends, covered)
                )
            )
        ):
            continue
        anaphor = m.form.after or _ANAPHORIC_ALIAS.fullmatch(m.form.text)
        if anaphor and m.form.text.lower().startswith("the ") and not acts(text, m.end):
            continue
        if is_date_only(words) and _in_range_of_days(text, m.start, m.end):
            continue
        if kinds == {"statistic"} and _ANOTHER.search(text, max(0, m.start - 12), m.start):
            continue
        entries = _not_elsewhere(m, text, glossary, begins)
        if not entries:
            continue
        kept.append(m if entries == m.form.entries else replace(m, form=replace(m.form, entries=entries)))
    return kept


_ANAPHORIC_ALIAS = re.compile(r"the [a-z]+")
"""An alias that is a bare noun with its article ("the regime"): an anaphor, standing only where it acts."""
_DETERMINER = re.compile(r"\b(?:[Aa]n?|[Tt]he|its|their)\s+$")
_MODIFIES = re.compile(r" [a-z]{3,}")
"""After an article, a name before a lower-case word modifies it: "a Washington think tank"."""
_OWNER = re.compile(r"\b([A-Z][\w.]*(?: [A-Z][\w.]*)?)'s $")


def _not_elsewhere(
    m: Match, text: str, glossary: Glossary, begins: Mapping[int, Collection[str]]
) -> frozenset[str]:
    """The match's entries less the organisations the words around place elsewhere: "X-based" is
    a place; "India's commerce ministry" is not the ministry of China (an owner the glossary
    knows as a person or an organisation, "Lutnick's Commerce Department", leaves it be)."""
    entries = m.form.entries
    organizations = {e for e in entries if glossary.types.get(e) == "organization"}
    if not organizations:
        return entries
    if text.startswith("-based", m.end):
        return entries - organizations
    governments = {e for e in organizations if e in glossary.governments}
    if (
        governments
        and _DETERMINER.search(text, max(0, m.start - 6), m.start)
        and _MODIFIES.match(text, m.end)
    ):
        return entries - governments  # "a Washington think tank" is in the city
    owner = _OWNER.search(text, max(0, m.start - 40), m.start)
    if owner is None or {"person", "organization"} & set(begins.get(owner.start(1), ())):
        return entries
    name = owner.group(1).casefold()
    return entries - {e for e in organizations if e in glossary.home and name not in glossary.home[e]}


_ANOTHER = re.compile(r"\b(?:another|further|additional|extra|more|new|next)\s+$", re.IGNORECASE)
"""Before a figure, a quantity other than the statistic's: "extended for another 90 days"."""
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_END = re.compile(r"\s*(?:to|through|until|and|[-–])\s*\d")


def _in_range_of_days(text: str, start: int, end: int) -> bool:
    """ "from June 8 to 13", "between June 8 and 10": a day opening a span of days, not the event
    of that day ("the curbs date from 4 April" is the day)."""
    return bool(_RANGE_END.match(text, end) or _BETWEEN.search(text, max(0, start - 10), start))


def _contained(found: list[Match]) -> set[int]:
    """Indexes of the matches lying inside a longer match."""
    inside = set()
    reach, reach_start = -1, -1
    for n in sorted(range(len(found)), key=lambda n: (found[n].start, -found[n].end)):
        m = found[n]
        if reach >= m.end and (reach_start, reach) != (m.start, m.end):
            inside.add(n)
        if m.end > reach:
            reach, reach_start = m.end, m.start
    return inside


def _dateline(blocks: list[tuple[Block, str]], glossary: Glossary) -> list[Match]:
    """The place of a one-place dateline ("BEIJING, Dec 4 -") and the agency that filed
    ("(Reuters)"); a joint one ("BEIJING/WASHINGTON") names the bureaus that filed, not a place
    the story is about."""
    if not blocks:
        return []
    block, text = blocks[0]
    end = dateline_end(text)
    if not end:
        return []
    found = []
    place = re.split(r"[,(]", text[:end])[0].strip()
    named = [(place, glossary.places.get(place.casefold()), text.index(place))]
    named += [
        (m.group(1), glossary.organizations.get(m.group(1).casefold()), m.start(1))
        for m in re.finditer(r"\(([A-Z][\w .&-]*)\)", text[:end])
    ]
    for name, entry, at in named:
        if entry is not None:
            form = Form(name, frozenset([entry]), False, contextual=True)
            found.append(Match(block.start + at, block.start + at + len(name), block.number, form))
    return found


@dataclass(frozen=True)
class Glossary:
    """What the context rules need to know of the glossary, worked out once per run."""

    types: Mapping[str, str]
    """Each entry's type."""
    places: Mapping[str, str]
    """Place entries by name, case folded; a name two places share names neither."""
    organizations: Mapping[str, str]
    """Organisation entries by name, case folded, likewise ("reuters" for a dateline's agency)."""
    home: Mapping[str, frozenset[str]]
    """For an organisation acting for a country, the country's names, case folded."""
    governments: frozenset[str]
    """The organisations that are a country's government, named by its seat ("Washington")."""


def glossary_facts(project: Project) -> Glossary:
    records = {entry_id: loaded.record for entry_id, loaded in project.entries.items()}
    names: dict[str, dict[str, set[str]]] = {"place": defaultdict(set), "organization": defaultdict(set)}
    for entry_id, entry in records.items():
        if entry.type in names:
            for name in (entry.title, *entry.aliases):
                names[entry.type][bare(name).casefold()].add(entry_id)
    home = {}
    for entry_id, entry in records.items():
        country = records.get(getattr(entry, "country", None) or "")
        if entry.type == "organization" and country is not None:
            home[entry_id] = frozenset(bare(n).casefold() for n in (country.title, *country.aliases))
    unique = {kind: {n: ids.pop() for n, ids in by.items() if len(ids) == 1} for kind, by in names.items()}
    governments = frozenset(
        entry_id
        for entry_id, entry in records.items()
        if entry.type == "organization" and "government" in bare(entry.title).lower().split()
    )
    return Glossary(
        {entry_id: entry.type for entry_id, entry in records.items()},
        unique["place"],
        unique["organization"],
        home,
        governments,
    )
