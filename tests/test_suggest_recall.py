"""Recall and precision of ``briefing suggest`` on an article it has never seen.

``tests/fixtures/suggest/article.txt`` is an invented article on the seed
briefing's beat; ``expected.yaml`` lists the mentions a careful annotator
makes in it with the seed glossary as it is. This guards against regressions;
the floors are what the rules achieved when they were written, not targets.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from briefing.corpus import build_corpus
from briefing.loading import load_project
from briefing.new_briefing import new_briefing
from briefing.suggest import suggest

from .conftest import SEEDS

FIXTURE = Path(__file__).parent / "fixtures" / "suggest"
RECALL_FLOOR = 0.9
PRECISION_FLOOR = 1.0


def _expected(article_blocks: dict[int, tuple[int, str]]) -> set[tuple[str, int, int]]:
    spans = set()
    for item in yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8")):
        start, text = article_blocks[item["paragraph"]]
        at = -1
        for _ in range(item.get("nth", 1)):
            at = text.index(item["quote"], at + 1)
        spans.add((item["entry"], start + at, start + at + len(item["quote"])))
    return spans


def test_suggest_recall_and_precision_on_an_unseen_article(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    new_briefing(seeds, "unseen", FIXTURE / "article.txt", today=dt.date(2025, 10, 20))
    project, _ = load_project(seeds)
    corpus, problems = build_corpus(project)
    assert not problems
    article = corpus.briefings["unseen"].article
    expected = _expected({b.number: (b.start, b.text) for b in article.blocks})
    report = suggest(project, corpus, "unseen")
    proposed = {(s.entries[0], s.span.start, s.span.end) for s in report.writable}
    right = expected & proposed
    recall, precision = len(right) / len(expected), len(right) / len(proposed)
    print(
        f"suggest on {FIXTURE.name}/article.txt: recall {recall:.2f} ({len(right)}/{len(expected)}), "
        f"precision {precision:.2f} ({len(right)}/{len(proposed)})"
    )
    wrong = sorted(proposed - expected)
    assert precision >= PRECISION_FLOOR, [article.text[s:e] + f" → {entry}" for entry, s, e in wrong]
    assert recall >= RECALL_FLOOR, sorted(article.text[s:e] for _, s, e in expected - proposed)
