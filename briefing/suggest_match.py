"""Where an article names glossary entries: every occurrence of a surface form that stands as a name.

``suggest`` then settles overlaps and ambiguity; this module only finds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .article import Article, Block
from .loading import Project
from .suggest_context import acts, in_compound, inside_longer_name, participle_follows
from .suggest_events import EventIndex
from .suggest_forms import STOPWORDS, Form, bare
from .words import dateline_end, sentence_initial, straight


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
    article: Article,
    forms: Iterable[Form],
    types: Mapping[str, str],
    events: EventIndex,
    places: Mapping[str, str],
) -> list[Match]:
    """Every place where a form occurs and names its entry where it stands, plus the events and
    dateline place named by their context; overlapping and repeated, in no order."""
    blocks = [(block, straight(block.text)) for block in article.blocks]
    # Wire copy opens with a dateline ("BEIJING, Oct 9 -"): only its place can be a mention.
    skip_to = {blocks[0][0].number: dateline_end(blocks[0][1])} if blocks else {}
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
                found.append(Match(block.start + m.start(), block.start + m.end(), block.number, form))
    whole = straight(article.text)
    found = _standing(found, whole, types) + _dateline(blocks, places)
    for block, text in blocks:
        for ref in events.references(text, block.start):
            form = Form(whole[ref.start : ref.end], frozenset([ref.entry]), False, contextual=True)
            found.append(Match(ref.start, ref.end, block.number, form))
    return found


def _standing(found: list[Match], text: str, types: Mapping[str, str]) -> list[Match]:
    """The matches that name their entry where they stand: not a word of a longer name or a
    compound, nor an anaphor that does not act (see ``suggest_context``)."""
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
        # A name inside a longer glossary name is left to the longest-first rule, which shows it.
        if (
            n not in inner
            and {types.get(e) for e in m.form.entries} != {"person"}
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
        if m.form.after and m.form.text.startswith("the ") and not acts(text, m.end):
            continue
        kept.append(m)
    return kept


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


def _dateline(blocks: list[tuple[Block, str]], places: Mapping[str, str]) -> list[Match]:
    """The place of a one-place dateline ("BEIJING, Dec 4 -"); a joint one ("BEIJING/WASHINGTON")
    names the bureaus that filed, not a place the story is about."""
    if not blocks:
        return []
    block, text = blocks[0]
    end = dateline_end(text)
    place = re.split(r"[,(]", text[:end])[0].strip()
    entry = places.get(place.casefold())
    if not end or entry is None:
        return []
    at = text.index(place)
    form = Form(place, frozenset([entry]), False, contextual=True)
    return [Match(block.start + at, block.start + at + len(place), block.number, form)]


def places_by_name(project: Project) -> dict[str, str]:
    """Place entries by their names, case folded; a name two places share names neither."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry_id, loaded in project.entries.items():
        if loaded.record.type == "place":
            for name in (loaded.record.title, *loaded.record.aliases):
                found[bare(name).casefold()].add(entry_id)
    return {name: ids.pop() for name, ids in found.items() if len(ids) == 1}
