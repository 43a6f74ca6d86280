"""Reviewing ``suggest``'s proposals one by one, as ``git add -p`` reviews hunks.

The walk only decides; it writes nothing. It returns the accepted proposals
(each settled to one entry) and whether the user asked to write them, so the
command writes once, through the same writer as a non-interactive ``--write``,
and an interrupted walk leaves every file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ..anchoring import Span
from ..article import Article
from ..diagnostics import printable
from ..words import straight
from ._core import Report, Suggestion

HELP = """\
y - link this phrase to the entry shown
n - skip it
1, 2, ... - link an ambiguous phrase to the numbered entry
a - accept this and every remaining proposal (ambiguous ones take a choice made earlier for the same words)
q - stop here: write what was accepted so far (asks first)
? - show this help
Ctrl-C stops without writing anything."""

_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*\s")
_LONGEST = 240
"""Characters shown each side of a phrase at most: a block with no full stop is not printed whole."""


@dataclass(frozen=True)
class Outcome:
    accepted: tuple[Suggestion, ...]
    write: bool
    """False when the walk was abandoned: nothing is written."""


def sentence(article: Article, span: Span) -> tuple[str, str, str]:
    """(before, phrase, after): the sentence of the block holding ``span``."""
    block = article.blocks[span.block - 1]
    text, lo, hi = block.text, span.start - block.start, span.end - block.start
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, lo - _LONGEST), lo):
        start = m.end()
    start = max(start, lo - _LONGEST)
    stop = _SENTENCE_END.search(text, hi, hi + _LONGEST)
    end = stop.end() - 1 if stop else min(len(text), hi + _LONGEST)
    return text[start:lo], text[lo:hi], text[hi:end]


def skip(report: Report, forms: Iterable[str], entries: Iterable[str]) -> tuple[Report, tuple[str, ...]]:
    """The report without the named forms and entries; (report, names that matched nothing)."""
    forms_by_key = {straight(f): f for f in forms}
    entry_set = set(entries)
    seen: set[str] = set()
    kept = []
    for s in report.suggestions:
        key = straight(s.form)
        if key in forms_by_key:
            seen.add(forms_by_key[key])
            continue
        named = entry_set.intersection(s.entries)
        seen.update(named)
        remaining = tuple(e for e in s.entries if e not in entry_set)
        if not remaining:
            continue
        if remaining != s.entries:
            s = replace(s, entries=remaining, status="new" if len(remaining) == 1 else "ambiguous")
        kept.append(s)
    unused = tuple(n for n in (*forms_by_key.values(), *sorted(entry_set)) if n not in seen)
    return replace(report, suggestions=tuple(kept)), unused


Ask = Callable[[str], str]
Show = Callable[[str], None]


def walk(
    report: Report,
    article: Article,
    titles: Mapping[str, str],
    ask: Ask,
    show: Show,
    highlight: Callable[[str], str] = lambda text: f"[{text}]",
) -> Outcome:
    """Ask about each proposal in reading order. ``ask`` raises (EOF, Ctrl-C) to abandon the walk."""
    accepted: list[Suggestion] = []
    chosen: dict[str, str] = {}
    total = len(report.suggestions)
    at = 0
    while at < total:
        s = report.suggestions[at]
        before, phrase, after = sentence(article, s.span)
        shown = f"{printable(before)}{highlight(printable(phrase))}{printable(after)}"
        show(f"\n({at + 1}/{total}) ¶{s.span.block}  {shown}")
        if s.status == "new":
            show(f"  → {s.entries[0]}: {printable(titles.get(s.entries[0], ''))}")
            keys = "y,n,a,q,?"
        else:
            show(f"  “{printable(s.form)}” names more than one entry:")
            for n, entry in enumerate(s.entries, 1):
                show(f"  {n}) {entry}: {printable(titles.get(entry, ''))}")
            keys = f"1-{len(s.entries)},n,a,q,?"
        answer = ask(f"Link it [{keys}]?").strip().lower()
        if answer == "y" and s.status == "new":
            accepted.append(s)
        elif answer.isdigit() and s.status == "ambiguous" and 1 <= int(answer) <= len(s.entries):
            entry = s.entries[int(answer) - 1]
            chosen[straight(s.form)] = entry
            accepted.append(replace(s, entries=(entry,), status="new"))
        elif answer == "n":
            pass
        elif answer == "a":
            for rest in report.suggestions[at:]:
                if rest.status == "new":
                    accepted.append(rest)
                elif straight(rest.form) in chosen:
                    accepted.append(replace(rest, entries=(chosen[straight(rest.form)],), status="new"))
            return Outcome(tuple(accepted), True)
        elif answer == "q":
            sure = (
                ask(f"Write the {len(accepted)} mention(s) accepted so far and stop [y,n]?").strip().lower()
            )
            if sure == "y":
                return Outcome(tuple(accepted), True)
            continue
        else:
            if answer not in ("?", ""):
                show(f"  not a choice here: {printable(answer)}")
            show(HELP)
            continue
        at += 1
    return Outcome(tuple(accepted), True)
