"""The track record: judgments' states, the Brier score, calibration and the watch list."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from briefing.checks import check_project
from briefing.cli import main
from briefing.export import export
from briefing.judgments import ICD_203_RANGES, OPEN, PROBABILITY, track_record
from briefing.records import briefing_data

from .conftest import SEEDS

# The ICD 203 ranges, in percent, as the directive prints them: the scores below use
# their midpoints, written out here rather than taken from the module under test.
MIDPOINTS = {
    "almost no chance": 0.03,
    "very unlikely": 0.125,
    "unlikely": 0.325,
    "roughly even chance": 0.50,
    "likely": 0.675,
    "very likely": 0.875,
    "almost certain": 0.97,
}
VERDICT_SCORES = {"came-true": 1.0, "did-not": 0.0, "partly": 0.5}


def test_each_term_stands_for_the_midpoint_of_its_icd_203_range() -> None:
    assert pytest.approx(MIDPOINTS) == PROBABILITY
    lows = [lo for lo, _ in ICD_203_RANGES.values()]
    assert lows == sorted(lows)


def test_the_seed_brier_score_is_what_the_yaml_gives_by_hand() -> None:
    """Read the key judgments straight from the seed files and score them without the module."""
    squares = []
    for path in sorted(SEEDS.glob("briefings/*/notes/*.yaml")):
        note = yaml.safe_load(path.read_text(encoding="utf-8"))
        if note["kind"] != "key-judgment" or "outcome" not in note:
            continue
        verdict = note["outcome"]["verdict"]
        if verdict in VERDICT_SCORES:
            squares.append((MIDPOINTS[note["likelihood"]] - VERDICT_SCORES[verdict]) ** 2)
    assert squares, "the seed has no scored key judgment"
    record = track_record(check_project(SEEDS, use_cache=False).corpus)
    assert record.brier == pytest.approx(sum(squares) / len(squares))
    assert len(record.scored) == len(squares)


def test_the_seed_record_lists_every_key_judgment_with_its_state() -> None:
    corpus = check_project(SEEDS, use_cache=False).corpus
    record = track_record(corpus)
    states = {j.id: j.state for j in record.judgments}
    assert states == {
        "kj-licences-are-leverage": "came-true",
        "kj-no-quick-normalisation": "cannot-be-judged",
        "kj-april-regime-persists": OPEN,
    }
    horizons = [j.note.horizon for j in record.judgments]
    assert horizons == sorted(h for h in horizons if h is not None)
    (watched,) = record.watch
    assert watched.judgment.id == "kj-april-regime-persists"
    (first, *rest) = watched.indicators
    assert first[1] is not None and first[1].date == dt.date(2025, 12, 4) and not first[1].seen
    assert all(seen is None for _, seen in rest)


def _kj(name: str, likelihood: str, verdict: str | None) -> str:
    outcome = f"outcome:\n  verdict: {verdict}\n  known: 2025-06-09\n  basis: Seen.\n" if verdict else ""
    return (
        f"kind: key-judgment\ntitle: {name}\nauthor: Tester\ndate: 2025-06-08\nhorizon: 2025-06-09\n"
        f"confidence: high\nlikelihood: {likelihood}\nbody: It is {likelihood} to happen.\n"
        "indicators:\n  - {signpost: One, direction: raises, by: 2025-06-09}\n"
        "  - {signpost: Two, direction: lowers}\n"
        f"{outcome}sources:\n  - {{title: S, url: 'https://example.org/s', reliability: B, credibility: 2}}\n"
    )


def test_brier_and_calibration_over_several_verdicts(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    notes = seeds / "briefings" / "alpha" / "notes"
    (notes / "kj-bottom-line.yaml").unlink()
    cases = {
        "kj-a": ("likely", "came-true"),
        "kj-b": ("likely", "did-not"),
        "kj-c": ("very likely", "partly"),
        "kj-d": ("almost certain", "cannot-be-judged"),
        "kj-e": ("roughly even chance", None),
    }
    for name, (likelihood, verdict) in cases.items():
        (notes / f"{name}.yaml").write_text(_kj(name, likelihood, verdict), encoding="utf-8")
    monkeypatch.chdir(seeds)
    result = check_project(Path("."))
    assert result.ok, result.diagnostics
    record = track_record(result.corpus)
    expected = ((0.675 - 1) ** 2 + (0.675 - 0) ** 2 + (0.875 - 0.5) ** 2) / 3
    assert record.brier == pytest.approx(expected)
    assert [(b.term, b.judged, b.came_true) for b in record.bins] == [
        ("likely", 2, 0.5),
        ("very likely", 1, 0.5),
    ]
    assert [w.judgment.id for w in record.watch] == ["kj-e"]
    # kj-e's horizon is the newest date the scenario holds, so not past; a later day is
    assert not result.diagnostics
    later = check_project(Path("."), today=dt.date(2025, 7, 1)).diagnostics
    assert [(d.code, d.location.path.name) for d in later] == [("judgment-unscored", "kj-e.yaml")]


def test_a_record_with_nothing_judged_has_no_score(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    monkeypatch.chdir(seeds)
    record = track_record(check_project(Path(".")).corpus)
    assert record.brier is None and record.bins == () and len(record.watch) == 1


def test_pages_and_exports_carry_the_state_outcome_and_revisions(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    text = _kj("kj-bottom-line", "likely", "did-not").replace(
        "date: 2025-06-08\n", "date: 2025-06-08\nas_of: 2025-06-08\n"
    )
    text += "revisions:\n  - {date: 2025-06-08, likelihood: very likely, why: The ministry denied it.}\n"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(seeds)
    result = check_project(Path("."))
    assert result.ok, result.diagnostics
    data = briefing_data(result.corpus.briefings["alpha"], result.corpus)
    note = data.notes["kj-bottom-line"]
    assert (note.state, note.as_of, note.horizon) == ("did-not", "2025-06-08", "2025-06-09")
    assert note.outcome is not None and note.outcome.known == "2025-06-09"
    assert note.revisions[0].likelihood == "very likely"
    assert note.indicators[0].by == "2025-06-09"
    own = json.loads(export(result.corpus, "json"))["alpha"]["notes"]["kj-bottom-line"]
    assert own["outcome"]["verdict"] == "did-not" and own["revisions"][0]["why"] == "The ministry denied it."
    (item,) = [
        i
        for i in json.loads(export(result.corpus, "jsonld"))["first"]["items"]
        if i["id"].endswith("notes/kj-bottom-line")
    ]
    values = [b.get("value", "") for b in item["body"]]
    assert "state: did-not" in values and "horizon: 2025-06-09" in values
    assert any(v.startswith("Outcome: did not come true, known 2025-06-09.") for v in values)
    assert any(v.startswith("Revised 2025-06-08 from likelihood very likely") for v in values)


def test_a_registered_source_lends_its_grade_to_every_citation(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    (seeds / "sources").mkdir()
    (seeds / "sources" / "wire.yaml").write_text(
        "id: wire\nname: Wire Agency\nreliability: B\n"
        "regraded:\n  - {date: 2025-07-01, reliability: A, why: A year without a correction.}\n",
        encoding="utf-8",
    )
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - title: Statement\n", "  - ref: wire\n    title: Statement\n"
    )
    path.write_text(text.replace("    reliability: B\n", ""), encoding="utf-8")
    monkeypatch.chdir(seeds)
    result = check_project(Path("."))
    assert result.ok, result.diagnostics
    (source,) = result.corpus.briefings["alpha"].key_judgments[0].note.sources
    # the grade that held when the note was written; an up-grade is no warning
    assert (source.grade, source.publisher) == ("B2", "Wire Agency")
    assert not result.diagnostics


def test_check_today_measures_horizons_and_is_remembered_apart(
    scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    path.write_text(_kj("kj-bottom-line", "likely", None), encoding="utf-8")
    monkeypatch.chdir(seeds)

    def check(*args: str) -> str:
        assert main(["check", "--seeds", ".", *args]) == 0
        return capsys.readouterr().out

    for _ in range(2):  # the second run of each is answered from the remembered check
        assert "judgment-unscored" not in check()
        late = check("--today", "2025-07-01")
        assert (
            "kj-bottom-line.yaml:5:10: warning[judgment-unscored]: the horizon 2025-06-09 has passed" in late
        )


def test_build_publishes_what_check_accepts_and_refuses_what_it_rejects(
    scenario: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    (seeds / "sources").mkdir()
    (seeds / "sources" / "wire.yaml").write_text(
        "id: wire\nname: Wire Agency\nreliability: B\n", encoding="utf-8"
    )
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    text = _kj("kj-bottom-line", "likely", "came-true").replace(
        "  - {title: S, url: 'https://example.org/s', reliability: B, credibility: 2}\n",
        "  - {ref: wire, title: S, url: 'https://example.org/s', credibility: 2}\n",
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 0
    page = (out / "html" / "briefings" / "alpha.html").read_text(encoding="utf-8")
    assert "Wire Agency" in page and "B2" in page
    path.write_text(text.replace("date: 2025-06-08\n", "date: 2025-06-01\n"), encoding="utf-8")
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "kj-bottom-line.yaml:4:7: error[note-before-article]" in err and "previous output kept" in err
