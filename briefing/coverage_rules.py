"""The names in an article that no mention covers, warned about once the corpus is sound."""

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
from .loading import (
    Project,
    display_path,
)
from .words import is_date_only, sentence_initial

_NAME = re.compile(
    r"\b(?:[A-Z][\w’'.-]*|\d[\d,.]*\d|\d)(?:[ -](?:of |the |and |for )*(?:[A-Z][\w’'.-]*|\d[\d,.]*))*"
)


_LEADING_FILLER = re.compile(r"^(?:(?:of|the|and|for) )+")


_COMMON_OPENERS = frozenset(
    [
        "A",
        "An",
        "The",
        "It",
        "In",
        "After",
        "While",
        "On",
        "When",
        "However",
        "Later",
        "Such",
        "Instead",
        "There",
        "Those",
        "This",
        "That",
        "These",
        "We",
        "I",
        "I’d",
        "I’m",
        "We’re",
        "According",
        "Leading",
        "Under",
        "Its",
        "Their",
        "He",
        "She",
        "They",
        "Some",
        "Many",
    ]
)


_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?]\s+")


def _names(text: str) -> Iterator[tuple[int, str]]:
    """(column, text) of each run of capitalised words or figures, split where a sentence ends."""
    for match in _NAME.finditer(text):
        at = match.start()
        for piece in _SENTENCE_END.split(match.group(0)):
            at = text.index(piece, at)
            yield at, piece.rstrip(".,")
            at += len(piece)


def _uncovered_in(briefing: Briefing) -> Iterator[tuple[Block, int, str]]:
    """(block, column, text) of the names in ``briefing`` that no mention covers.

    A name is a capitalised word inside a sentence, or several capitalised
    words in a row ("Commerce Minister Wang Wentao"). Bare figures, dates
    ("Tuesday", "14 May") and a lone capitalised word opening a sentence
    ("Shipping", "Chinese") are too often plain words to be worth a warning.
    """
    spans = sorted((m.span.start, m.span.end) for m in briefing.mentions)
    starts = [start for start, _ in spans]
    lower_words = set(re.findall(r"\b[a-z][\w’'-]*", briefing.article.text))
    for block in briefing.article.blocks:
        for at, word in _names(block.text):
            if sentence_initial(block.text, at):
                first, _, rest = word.partition(" ")
                if first in _COMMON_OPENERS or first.lower() in lower_words or not rest:
                    rest = _LEADING_FILLER.sub("", rest)
                    if not rest:
                        continue
                    at, word = at + len(word) - len(rest), rest
            if is_date_only(word):
                continue
            lo, hi = block.start + at, block.start + at + len(word)
            if not _covered(spans, starts, lo, hi):
                yield block, at, word


def _covered(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a span of ``spans`` (sorted, not overlapping) overlaps ``[lo, hi)``."""
    i = bisect.bisect_left(starts, hi) - 1  # the last span starting before hi
    return i >= 0 and spans[i][1] > lo


def _coverage_key(briefing: Briefing) -> str:
    """What the names found in a briefing depend on: its blocks and the spans its mentions cover."""
    article = briefing.article
    shape = {
        "text": article.text,
        "blocks": [[b.number, b.line, b.start, b.end] for b in article.blocks],
        "spans": sorted([m.span.start, m.span.end] for m in briefing.mentions),
    }
    return digest(json.dumps(shape, ensure_ascii=False).encode())


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
        for number, col, word in found:
            block = blocks[number - 1]
            yield Diagnostic(
                Location(article, block.line, col + 1),
                Code.UNCOVERED_NAME,
                f"“{word}” in paragraph {block.number} is not covered by any mention",
                "add a mention to the entry it refers to (or a new entry), so readers get it explained",
                Severity.WARNING,
            )
