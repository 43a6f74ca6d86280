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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import straight
from ._variants import (
    ANAPHOR_HEADS,
    DOTTED,
    INITIALS,
    acronym_free,
    bare,
    by_kind,
    comparatives,
    date_phrases,
    event_phrases,
    heads,
    inflections,
    number_variants,
    number_words,
    percent_pattern,
    spellings,
    word_order,
)

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
        if not acronym_free(key) or key in forms:
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
            own |= {(name, False) for name in by_kind(entry.title, concept_names)}
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
                if DOTTED.fullmatch(name):
                    add(name.replace(".", ""), entry_id)
                elif INITIALS.fullmatch(name):
                    add("".join(f"{ch}." for ch in name), entry_id)
        if entry.type == "organization":
            for head in ANAPHOR_HEADS:
                if any(head in n.lower().split() for n in names[entry_id]):
                    add(f"the {head}", entry_id, free=True, after=True)
            country = getattr(entry, "country", None)
            # "Commerce Ministry" for "Ministry of Commerce", and the other way round.
            turned = [t for name in names[entry_id] for t in word_order(name)]
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
                        for said in shorter + [c for h in shorter for c in comparatives(h)]:
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
