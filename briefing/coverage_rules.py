"""The names in an article that no mention covers, warned about once the corpus is sound.

A name is a run of capitalised words or figures inside a sentence ("Commerce
Minister Wang Wentao"). Wire copy holds many such runs that are not worth a
mention, and the warning must be able to reach zero on a clean briefing, so
these are not names here: the dateline ("WASHINGTON, Oct 10 -"), a nationality
adjective on its own ("Chinese"), words inside quotation marks (a speaker's
words, not the desk's), dates ("October 25 and 26"), a lone capitalised word
opening a sentence that the article also writes in lower case, and the names
the briefing lists under ``unannotated:``. Names joined by "and" are two names:
"Bessent and Greer" is not covered by a mention of Bessent.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from typing import Any

from .article import Block
from .corpus import Briefing, Corpus
from .diagnostics import Code, Diagnostic, Location, Severity
from .files import digest
from .loading import Loaded, Project, display_path
from .model import ArticleMeta
from .words import MONTHS, WEEKDAYS, dateline_end, is_number, sentence_initial, straight

_NAME = re.compile(
    r"\b(?:[A-Z][\w’'.-]*|\d[\d,.]*\d|\d)(?:[ -](?:of |the |and |for )*(?:[A-Z][\w’'.-]*|\d[\d,.]*))*"
)
_LEADING_FILLER = re.compile(r"^(?:(?:of|the|and|for) )+")
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{2})|(?<=\d))[.!?]\s+")
_AND = re.compile(r" and ")
_JOINERS = frozenset(["of", "for", "the", "and"])
_COMMON_OPENERS = frozenset(
    """
    A An The It In After While On When However Later Such Instead There Those This That These We I
    I’d I’m We’re According Leading Under Its Their He She They Some Many
    """.split()  # noqa: SIM905
)
DEMONYMS = frozenset(
    """
    Afghan African Albanian Algerian American Arab Argentine Armenian Asian Australian Austrian
    Bangladeshi Belgian Brazilian British Bulgarian Burmese Cambodian Canadian Chilean Chinese
    Colombian Congolese Croatian Cuban Czech Danish Dutch Egyptian Emirati English Estonian
    Ethiopian European Filipino Finnish French Georgian German Ghanaian Greek Hungarian Icelandic
    Indian Indonesian Iranian Iraqi Irish Israeli Italian Japanese Jordanian Kazakh Kenyan Korean
    Kuwaiti Lao Latin Latvian Lebanese Libyan Lithuanian Malaysian Mexican Mongolian Moroccan
    Nigerian Nordic Norwegian Pakistani Palestinian Peruvian Polish Portuguese Qatari Romanian
    Russian Saudi Scottish Serbian Singaporean Slovak Somali Spanish Sudanese Swedish Swiss Syrian
    Taiwanese Thai Tibetan Turkish Ugandan Ukrainian Uzbek Venezuelan Vietnamese Welsh Western
    Eastern Northern Southern Yemeni Zambian
    """.split()  # noqa: SIM905
)
_REGIONS = frozenset(["North", "South", "East", "West", "Central", "Latin", "Pan"])
_DATE_WORDS = frozenset(
    ["in", "on", "of", "the", "early", "late", "mid", "by", "since", "until", "and", "to"]
)
_QUOTES = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


def _names(text: str) -> Iterator[tuple[int, str]]:
    """(column, text) of each run of capitalised words or figures, split where a sentence ends."""
    for match in _NAME.finditer(text):
        at = match.start()
        for piece in _SENTENCE_END.split(match.group(0)):
            at = text.index(piece, at)
            yield at, piece.rstrip(".,")
            at += len(piece)


def _is_date(name: str) -> bool:
    """``October 25 and 26``, ``June 9-10``, ``Tuesday``, ``2025``."""
    words = [w.rstrip(".") for w in re.split(r"[\s,–-]+", name) if w]
    return bool(words) and all(
        w in MONTHS or w in WEEKDAYS or is_number(w) or w.lower() in _DATE_WORDS for w in words
    )


def _is_demonym(name: str) -> bool:
    words = name.split()
    return bool(words) and words[-1] in DEMONYMS and all(w in _REGIONS for w in words[:-1])


def _pieces(at: int, name: str) -> Iterator[tuple[int, str]]:
    """A run split where "and" joins two names, without a nationality adjective it ends on
    after "of" or "for" ("Shares of Chinese", "October 2022 for American")."""
    start = 0
    for m in [*_AND.finditer(name), None]:
        words = name[start : m.start() if m else len(name)].split(" ")
        end = len(words)
        while end > 1 and (words[end - 1] in DEMONYMS or words[end - 1] in _REGIONS):
            end -= 1
        if end < len(words) and words[end - 1] in _JOINERS:
            while end > 1 and words[end - 1] in _JOINERS:
                end -= 1
            words = words[:end]
        yield at + start, " ".join(words)
        if m:
            start = m.end()


def _uncovered_in(briefing: Briefing) -> Iterator[tuple[Block, int, str]]:
    """(block, column, text) of the names in ``briefing`` that no mention covers."""
    spans = sorted((m.span.start, m.span.end) for m in briefing.mentions)
    starts = [start for start, _ in spans]
    lower_words = set(re.findall(r"\b[a-z][\w’'-]*", briefing.article.text))
    left = {straight(name) for name in briefing.meta.unannotated}
    for index, block in enumerate(briefing.article.blocks):
        text = block.text
        skip = dateline_end(text) if index == 0 else 0
        quoted = [m.span() for m in _QUOTES.finditer(text)]
        for run_at, run in _names(text):
            for at, word in _pieces(run_at, run):
                if sentence_initial(text, at):
                    first, _, rest = word.partition(" ")
                    if first in _COMMON_OPENERS or first.lower() in lower_words or not rest:
                        rest = _LEADING_FILLER.sub("", rest)
                        if not rest:
                            continue
                        at, word = at + len(word) - len(rest), rest
                if (
                    not word
                    or at < skip
                    or _is_date(word)
                    or _is_demonym(word)
                    or straight(word) in left
                    or any(lo < at and at + len(word) < hi for lo, hi in quoted)
                ):
                    continue
                lo, hi = block.start + at, block.start + at + len(word)
                if not _covered(spans, starts, lo, hi):
                    yield block, at, word


def _covered(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a span of ``spans`` (sorted, not overlapping) overlaps ``[lo, hi)``."""
    i = bisect.bisect_left(starts, hi) - 1  # the last span starting before hi
    return i >= 0 and spans[i][1] > lo


def _coverage_key(briefing: Briefing) -> str:
    """What a briefing's names depend on: its blocks, the spans its mentions cover, the names it leaves."""
    article = briefing.article
    shape = {
        "text": article.text,
        "blocks": [[b.number, b.line, b.start, b.end] for b in article.blocks],
        "spans": sorted([m.span.start, m.span.end] for m in briefing.mentions),
        "unannotated": sorted(briefing.meta.unannotated),
    }
    return digest(json.dumps(shape, ensure_ascii=False).encode())


def _absent(meta: Loaded[ArticleMeta], briefing: Briefing) -> Iterator[Diagnostic]:
    """Names listed as left unannotated that the article no longer holds: the list would hide
    nothing, or hide a name the article spells otherwise."""
    texts = [straight(block.text) for block in briefing.article.blocks]
    for i, name in enumerate(meta.record.unannotated):
        word = re.compile(rf"(?<!\w){re.escape(straight(name))}(?!\w)")
        if not any(word.search(text) for text in texts):
            yield Diagnostic(
                meta.at("unannotated", i),
                Code.UNANNOTATED_ABSENT,
                f"“{name}” is listed as left unannotated, but the article does not hold it",
                "remove it from `unannotated:`, or write it as the article does",
                Severity.WARNING,
            )


def coverage_problems(project: Project, corpus: Corpus) -> Iterator[Diagnostic]:
    cache = project.cache
    for briefing_id, briefing in corpus.briefings.items():
        blocks = briefing.article.blocks
        found: list[list[Any]]
        if cache is None:
            found = [[block.number, at, word] for block, at, word in _uncovered_in(briefing)]
        else:
            key = _coverage_key(briefing)
            found = cache.get("coverage", key)
            if found is None:
                found = [[block.number, at, word] for block, at, word in _uncovered_in(briefing)]
                cache.put("coverage", key, found)
        source = project.briefings[briefing_id]
        article = display_path(source.folder / source.meta.record.article)
        yield from _absent(source.meta, briefing)
        for number, col, word in found:
            block = blocks[number - 1]
            yield Diagnostic(
                Location(article, block.line, col + 1),
                Code.UNCOVERED_NAME,
                f"“{word}” in paragraph {block.number} is not covered by any mention",
                "add a mention to the entry it refers to (or a new entry), so readers get it explained",
                Severity.WARNING,
            )
