"""``suggest`` and anchoring do work linear in the article's length, even when it repeats itself.

Timing tests are flaky on shared machines, so the work is counted instead: every
Python and C function call made while suggesting or anchoring, at n and 4n
repetitions of one sentence. Linear work gives a ratio near 4; the quadratic
selector search this replaced gave about 16, the cubic one more.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import yaml

from briefing.corpus import build_corpus
from briefing.loading import load_project
from briefing.suggest import suggest
from tests.benchmarks import suggest_speed
from tests.benchmarks.suggest_speed import BRIEFING, SENTENCE, load, repeated


def _calls(action: Callable[[], object]) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def test_suggest_work_grows_linearly_on_a_repeated_sentence(tmp_path: Path) -> None:
    loaded = load(tmp_path / "seeds")
    work = {}
    for n in (100, 400):
        project, corpus = repeated(loaded, n)
        report = suggest(project, corpus, BRIEFING)
        assert len(report.suggestions) == 2 * n
        work[n] = _calls(partial(suggest, project, corpus, BRIEFING))
    assert work[400] / work[100] < 4.6, work


CONTEXT = "On June 8, Xi met Trump after Geneva and London; the London deal held. WHAT DID TRUMP SAY? "
"""A sentence on which every rule that reads a name's context has work to do."""


def _context_glossary(seeds: Path) -> None:
    """A city, the talks held there and in Geneva, and an interview given by Xi on June 8."""
    for entry_type, entry_id, title, fields in (
        ("place", "london", "London", {}),
        (
            "event",
            "london-talks",
            "London talks",
            {"start": "2025-06-09", "place": "Lancaster House, London, UK"},
        ),
        ("event", "geneva-talks", "Geneva talks", {"start": "2025-05-10", "place": "Geneva, Switzerland"}),
        ("event", "interview", "Xi interview", {"start": "2025-06-08", "parties": ["xi-jinping"]}),
    ):
        path = seeds / "glossary" / entry_type / f"{entry_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"id": entry_id, "type": entry_type, "title": title, **fields}
        record |= {"summary": f"About {title}.", "sources": [{"title": f"{title} explained"}]}
        path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")


def test_the_rules_reading_a_names_context_do_linear_work_too(tmp_path: Path) -> None:
    _context_glossary(tmp_path / "seeds")
    loaded = load(tmp_path / "seeds")
    work = {}
    for n in (100, 400):
        project, corpus = repeated(loaded, n, CONTEXT)
        found = [(s.form, s.entry) for s in suggest(project, corpus, BRIEFING).suggestions[:7]]
        assert found == [
            ("June 8", "interview"),
            ("Xi", "xi-jinping"),
            ("Trump", "donald-trump"),
            ("Geneva", "geneva-talks"),
            ("London", "london-talks"),
            ("London deal", "london-talks"),
            ("TRUMP", "donald-trump"),
        ]
        work[n] = _calls(partial(suggest, project, corpus, BRIEFING))
    assert work[400] / work[100] < 4.6, work


def test_selectors_of_a_repeated_sentence_still_resolve_to_their_span(tmp_path: Path) -> None:
    from briefing.anchoring import resolve

    project, corpus = repeated(load(tmp_path / "seeds"), 60)
    article = corpus.briefings[BRIEFING].article
    report = suggest(project, corpus, BRIEFING)
    assert [resolve(article, s.selector) for s in report.suggestions] == [s.span for s in report.suggestions]
    # no context is unique inside one line of identical sentences: each is told apart by its number
    assert [s.selector.occurrence for s in report.suggestions[::2]] == list(range(1, 61))


def _project_with_mentions(seeds: Path, repeats: int) -> None:
    """``repeats`` sentences on one line, each ``Xi`` a mention picked by occurrence or by its suffix."""
    suggest_speed.project(seeds)
    folder = seeds / "briefings" / BRIEFING
    text = f"Headline\n\n{SENTENCE * repeats}\n"
    (folder / "article.txt").write_text(text, encoding="utf-8")
    meta = yaml.safe_load((folder / "briefing.yaml").read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    (folder / "briefing.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    entry = seeds / "glossary" / "person" / "xi-jinping.yaml"
    record = yaml.safe_load(entry.read_text(encoding="utf-8"))
    mentions: list[dict[str, object]] = [{"quote": "Xi", "occurrence": k} for k in range(1, repeats)]
    mentions.append({"quote": "Xi", "suffix": " met Trump. \n"})
    record["mentions"] = {BRIEFING: mentions}
    entry.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("stage", ["corpus", "lock"])
def test_anchoring_work_grows_linearly_on_a_repeated_sentence(tmp_path: Path, stage: str) -> None:
    from briefing.reanchor._review import lock_for

    work = {}
    for n in (100, 400):
        seeds = tmp_path / str(n)
        _project_with_mentions(seeds, n)
        project, problems = load_project(seeds)
        assert not problems
        corpus, problems = build_corpus(project)
        assert not problems
        assert len(corpus.briefings[BRIEFING].mentions) == n
        source = project.briefings[BRIEFING]
        lock = partial(lock_for, project, source)
        built = lock()
        assert built is not None and len(built.anchors) == n
        work[n] = _calls(partial(build_corpus, project) if stage == "corpus" else lock)
    assert work[400] / work[100] < 4.6, work


def test_the_benchmark_runs_in_a_smoke_size(capsys: pytest.CaptureFixture[str]) -> None:
    suggest_speed.main(["--repeats", "20", "80", "--megabytes", "0.01"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(",")[0] for line in lines] == ["suggest", "suggest", "suggest"]
    assert "80 repeats (1 KB)" in lines[1] and "160 proposals" in lines[1]
