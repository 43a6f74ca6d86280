from __future__ import annotations

from pathlib import Path

from briefing.checks import check_project
from tests.benchmarks.synthetic import generate


def test_the_benchmark_corpus_is_a_valid_project(tmp_path: Path) -> None:
    result = check_project(generate(tmp_path / "project", articles=2, annotations=12, entries=40))
    assert result.diagnostics == ()
    assert len(result.corpus.briefings) == 2
    for briefing in result.corpus.briefings.values():
        assert len(briefing.mentions) + len(briefing.notes) == 12
        assert {n.note.kind for n in briefing.notes} >= {"key-judgment", "context"}


def test_the_benchmark_corpus_is_deterministic(tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        seeds = generate(root, articles=2, annotations=8, entries=20)
        return {p.relative_to(seeds).as_posix(): p.read_bytes() for p in seeds.rglob("*") if p.is_file()}

    assert files(tmp_path / "a") == files(tmp_path / "b")
