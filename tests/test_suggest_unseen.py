"""``briefing suggest`` measured on same-beat articles its rules were not tuned on.

Each ``tests/fixtures/suggest/unseen/NAME.txt`` is a wire-style article on the
seed briefing's beat (China's rare-earth export controls and US–China trade,
2025), paraphrasing public reporting; ``NAME.yaml`` lists every mention an
analyst makes in it with the seed glossary, written before ``suggest`` was run
on it. An analyst's span and the tool's may differ in extent ("President Xi
Jinping" or "Xi Jinping"): an expected mention is found when a proposal for the
same entry overlaps it, and a proposal is a wrong target when it overlaps no
expected mention of its entry.

Every article was annotated before ``suggest`` first ran on it, by someone who
saw neither the rules nor their results; each is first measured as it comes,
and the figures of that first run are the honest measure of generality. Rules
were then written looking at the misses of some of them, which makes those
regression guards rather than unseen text in the strict sense:

- ``december-general-licences`` and ``july-magnet-exports``: first 0.82 and
  0.85 recall with 8 and 5 wrong targets;
- ``june-magnet-shortage`` and ``stockholm-truce-extension``: first 0.79 and
  0.78 (8 and 7 wrong); 0.87 and 0.84 (3 and 5 wrong) after the rules written
  for the first pair;
- ``lutnick-chip-for-magnets`` (and the two in ``measured/``): first 0.82 (6
  wrong) after the rules written for the second pair;
- ``european-carmakers-june``, ``busan-aftermath-november`` and
  ``yttrium-scandium-shortage``, the last written: first 0.90, 0.95 and 0.96
  (3, 0 and 0 wrong) after all the rules above; the three wrong targets of the
  first (a count with "heavier", a British "per cent", a city as the subject
  of "was") each led to a rule;
- ``japan-korea-suppliers``, ``us-stockpile-defense`` and, in ``measured/``,
  ``opinion-leverage``, written last of all: first 0.88, 0.89 and 0.73 (1, 3
  and 4 wrong targets). Their misses led to the rules for a city with its
  month ("London in June"), a kind with its month ("the call in June"), "the
  April list", a city that names its talks or itself left to the analyst, a
  seat of government modifying a noun ("a Washington think tank"), and three
  aliases (the May crackdown, "Chinese authorities", "America");
- ``mofcom-approvals-june``, ``magnet-exports-data-august`` and, in
  ``measured/``, ``greer-bessent-kuala-lumpur``, written after every rule above
  and measured before any change: 0.97, 0.92 and 0.88 recall (199 of 216
  mentions, 0.92 together) with no wrong target. Two aliases their misses
  showed ("tariff pause", "high-performance magnets", which busan-truce had
  missed too) were added afterwards; the third is then at 0.895 (77/86), its
  misses descriptions ("sweeping new controls", "the Chinese leader") and "meet
  in South Korea", which a rule reading a country as its one meeting would
  have found, at the price of a wrong target in two other articles ("the APEC
  summit in South Korea").

``tests/fixtures/suggest/measured/`` holds articles measured and printed
(``pytest -s``) but NOT held to the floor. ``opinion-leverage`` is a column,
not wire copy: no dateline, events by shorthand ("Then came Busan", "the
truce"), officials by family name alone without their full name first; it
stays below the floor (0.81, 1 wrong: "April 2" taken for the tariff
escalation that began that day). ``india-magnet-squeeze`` and
``october-extraterritorial-explainer`` reach it in recall (0.92, 0.90) but keep
1 and 2 wrong targets by their annotator's convention, written before they were
measured, that "the ministry" is never counted even where it acts as the
subject ("the ministry said"); the seed's own annotations and the other
annotators count it, and ``suggest`` follows them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from briefing.corpus import build_corpus
from briefing.loading import load_project
from briefing.new_briefing import new_briefing
from briefing.suggest import suggest

from .conftest import SEEDS

UNSEEN = Path(__file__).parent / "fixtures" / "suggest" / "unseen"
ARTICLES = sorted(p.stem for p in UNSEEN.glob("*.txt"))
# Measured, NOT asserted: articles on which suggest falls short of the floor (see
# the module's docstring). Their figures are printed so a change to the rules
# shows its effect; once one passes, move it to UNSEEN so the floor holds on it.
MEASURED = Path(__file__).parent / "fixtures" / "suggest" / "measured"
MEASURED_ARTICLES = sorted(p.stem for p in MEASURED.glob("*.txt"))
RECALL_FLOOR = 0.9

Mention = tuple[str, int, int]


def _expected(folder: Path, name: str, blocks: dict[int, tuple[int, str]]) -> list[Mention]:
    spans = []
    for item in yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")):
        start, text = blocks[item["paragraph"]]
        at = -1
        for _ in range(item.get("nth", 1)):
            at = text.index(item["quote"], at + 1)
        spans.append((item["entry"], start + at, start + at + len(item["quote"])))
    return spans


def _overlaps(a: Mention, b: Mention) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def measure(
    name: str, tmp_path: Path, folder: Path = UNSEEN
) -> tuple[list[Mention], list[Mention], list[Mention], str]:
    """(expected, missed, wrong, article text) for one unseen article."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    new_briefing(seeds, name, folder / f"{name}.txt", today=dt.date(2025, 11, 1))
    project, _ = load_project(seeds)
    corpus, problems = build_corpus(project)
    assert not problems
    article = corpus.briefings[name].article
    expected = _expected(folder, name, {b.number: (b.start, b.text) for b in article.blocks})
    proposed = [(s.entries[0], s.span.start, s.span.end) for s in suggest(project, corpus, name).writable]
    missed = [e for e in expected if not any(_overlaps(e, p) for p in proposed)]
    wrong = [p for p in proposed if not any(_overlaps(p, e) for e in expected)]
    return expected, missed, wrong, article.text


@pytest.mark.parametrize("name", ARTICLES)
def test_suggest_on_an_unseen_article(name: str, tmp_path: Path) -> None:
    expected, missed, wrong, text = measure(name, tmp_path)
    recall = 1 - len(missed) / len(expected)
    print(f"{name}: recall {recall:.2f} ({len(expected) - len(missed)}/{len(expected)}), {len(wrong)} wrong")
    assert not wrong, [f"{text[s:e]} → {entry}" for entry, s, e in wrong]
    assert recall >= RECALL_FLOOR, [f"{text[s:e]} → {entry}" for entry, s, e in missed]


@pytest.mark.parametrize("name", MEASURED_ARTICLES)
def test_suggest_measured_on_a_later_article_not_asserted(name: str, tmp_path: Path) -> None:
    expected, missed, wrong, text = measure(name, tmp_path, MEASURED)
    glossary = {p.stem for p in (SEEDS / "glossary").glob("*/*.yaml")}
    assert expected and {entry for entry, _, _ in expected} <= glossary
    found = len(expected) - len(missed)
    print(f"{name} (measured, not asserted): recall {found / len(expected):.2f} ({found}/{len(expected)})")
    for entry, s, e in missed:
        print(f"  missed {text[s:e]!r} -> {entry}")
    for entry, s, e in wrong:
        print(f"  wrong  {text[s:e]!r} -> {entry}")


def test_there_are_unseen_articles() -> None:
    assert len(ARTICLES) >= 2
