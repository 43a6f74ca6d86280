"""Benchmark: ``suggest`` on repetitive articles, whose cost must grow linearly.

An article of one short sentence naming two glossary entries, repeated N times
on one line (the worst case for selectors: every occurrence has the same
words around it), and the same sentence repeated up to the largest article
``check`` accepts (512 KiB). It prints seconds for each size and asserts
nothing. ``--megabytes 5`` adds an article ten times past that limit (about a
minute and 1.8 GB of memory), segmented in memory rather than loaded from disk.

Run with ``python -m tests.benchmarks.suggest_speed`` (``--repeats 1000 3500``,
``--megabytes 5``); ``tests/test_suggest_speed.py`` runs it in a smoke size."""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import tempfile
import time
from pathlib import Path

import yaml

from briefing.article import segment
from briefing.corpus import Corpus, build_corpus
from briefing.diagnostics import Location
from briefing.loading import MAX_ARTICLE_BYTES, Project, load_project
from briefing.suggest import Report, suggest

BRIEFING = "repeat"
SENTENCE = "Xi met Trump. "
"""14 characters: 1,000 repeats make the 14 KB article of the report."""


def project(seeds: Path) -> None:
    """A glossary of two people and a briefing whose article is one sentence."""
    for entry_id, title, alias in (
        ("xi-jinping", "Xi Jinping", "Xi"),
        ("donald-trump", "Donald Trump", "Trump"),
    ):
        path = seeds / "glossary" / "person" / f"{entry_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "id": entry_id,
            "type": "person",
            "title": title,
            "aliases": [alias],
            "role": "Official",
            "summary": f"About {title}.",
            "sources": [{"title": f"{title} explained"}],
        }
        path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    folder = seeds / "briefings" / BRIEFING
    folder.mkdir(parents=True)
    text = f"Headline\n\n{SENTENCE}\n"
    (folder / "article.txt").write_text(text, encoding="utf-8")
    meta = {
        "id": BRIEFING,
        "title": "Headline",
        "publisher": "Desk",
        "published": "2025-10-20",
        "url": "https://example.org/repeat",
        "language": "en",
        "article": "article.txt",
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "lines": {"title": 1},
    }
    (folder / "briefing.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")


def repeated(
    loaded: tuple[Project, Corpus], repeats: int, sentence: str = SENTENCE
) -> tuple[Project, Corpus]:
    """The loaded project with its article replaced by ``repeats`` sentences on one line."""
    proj, corpus = loaded
    briefing = corpus.briefings[BRIEFING]
    text = f"Headline\n\n{sentence * repeats}\n"
    article, _ = segment(briefing.article.meta, text, Location(Path("article.txt")))
    briefings = {BRIEFING: dataclasses.replace(briefing, article=article)}
    return proj, Corpus(corpus.entries, briefings)


def load(seeds: Path) -> tuple[Project, Corpus]:
    project(seeds)
    proj, problems = load_project(seeds)
    assert not problems, problems
    corpus, problems = build_corpus(proj)
    assert not problems, problems
    return proj, corpus


def run(loaded: tuple[Project, Corpus], repeats: int) -> tuple[float, Report]:
    proj, corpus = repeated(loaded, repeats)
    started = time.perf_counter()
    report = suggest(proj, corpus, BRIEFING)
    return time.perf_counter() - started, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, nargs="*", default=[1000, 3500])
    parser.add_argument("--megabytes", type=float, default=MAX_ARTICLE_BYTES / 1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        loaded = load(Path(tmp) / "seeds")
        sizes = list(args.repeats)
        if args.megabytes:
            sizes.append(int(args.megabytes * 1_000_000 / len(SENTENCE)))
        for repeats in sizes:
            seconds, report = run(loaded, repeats)
            size = repeats * len(SENTENCE)
            print(
                f"suggest, {repeats:,} repeats ({size / 1000:,.0f} KB): {seconds:.2f} s, "
                f"{len(report.suggestions):,} proposals"
            )


if __name__ == "__main__":
    main()
