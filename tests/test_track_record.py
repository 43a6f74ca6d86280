"""The track record as published: the site's page, the calibration figure, the briefing
page's states and the PDF's appendix, read from the built outputs and checked against the
seed's YAML scored by hand."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.build import BuildResult
from briefing.checks import check_project
from briefing.cli import main
from briefing.figures import Band, Point, calibration_figure
from briefing.figures._svg import width_of
from briefing.judgments import track_record

from .conftest import SEEDS, soup

BRIEFING = "rare-earth-licences-2025-06"
SVG = "{http://www.w3.org/2000/svg}"
# ICD 203's ranges, in percent, and the verdicts' scores: written out here, not taken from
# the code under test
RANGES = {
    "almost no chance": (1, 5),
    "very unlikely": (5, 20),
    "unlikely": (20, 45),
    "roughly even chance": (45, 55),
    "likely": (55, 80),
    "very likely": (80, 95),
    "almost certain": (95, 99),
}
VERDICT_SCORES = {"came-true": 1.0, "did-not": 0.0, "partly": 0.5}
STATE_LABELS = {
    "open": "Open",
    "came-true": "Came true",
    "did-not": "Did not come true",
    "partly": "Partly came true",
    "cannot-be-judged": "Cannot be judged",
}


def seed_judgments() -> dict[str, dict]:
    """The seed's key judgments, by note id, straight from the YAML."""
    found = {}
    for path in sorted(SEEDS.glob(f"briefings/{BRIEFING}/notes/*.yaml")):
        note = yaml.safe_load(path.read_text(encoding="utf-8"))
        if note["kind"] == "key-judgment":
            found[path.stem] = note
    return found


def by_hand() -> tuple[float, list[tuple[str, float, float]]]:
    """The Brier score and each scored judgment's (title, p, o), from the YAML alone."""
    rows = []
    for note in seed_judgments().values():
        verdict = (note.get("outcome") or {}).get("verdict")
        if verdict in VERDICT_SCORES:
            lo, hi = RANGES[note["likelihood"]]
            rows.append((note["title"], (lo + hi) / 200, VERDICT_SCORES[verdict]))
    assert rows, "the seed has no scored key judgment"
    return sum((p - o) ** 2 for _, p, o in rows) / len(rows), rows


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def page(seed_build: BuildResult) -> BeautifulSoup:
    return soup(seed_build.html / "track-record.html")


def test_the_page_shows_the_score_the_module_computes_and_the_yaml_gives(page: BeautifulSoup) -> None:
    brier, rows = by_hand()
    record = track_record(check_project(SEEDS, use_cache=False).corpus)
    assert record.brier == pytest.approx(brier)
    (para,) = [p for p in page.select("p") if "Brier score is" in p.get_text()]
    shown = float(para.strong.get_text())
    assert shown == pytest.approx(brier, abs=5e-5)
    assert f"over {len(rows)} scored judgment" in words(para.get_text())
    # the arithmetic a reader recomputes it from: each scored judgment's p, o and (p - o)²
    table = page.select("table.briefing-track-scores tbody tr")
    cells = [[words(td.get_text()) for td in tr.select("td")] for tr in table]
    assert len(cells) == len(rows) + 1
    for (title, p, o), (label, p_text, o_text, square) in zip(rows, cells, strict=False):
        assert label.endswith(title)
        assert float(p_text) == pytest.approx(p) and float(o_text) == o
        assert float(square) == pytest.approx((p - o) ** 2, abs=5e-5)
    assert cells[-1][0].startswith("Mean of") and float(cells[-1][-1]) == pytest.approx(brier, abs=5e-5)


def test_the_page_states_the_icd_203_range_and_midpoint_of_every_term(page: BeautifulSoup) -> None:
    rows = [
        [words(td.get_text()) for td in tr.select("td")]
        for tr in page.select("table.briefing-track-terms tbody tr")
    ]
    assert [r[0] for r in rows] == list(RANGES)
    for term, band, p in rows:
        lo, hi = RANGES[term]
        assert band == f"{lo}–{hi}%" and float(p) == pytest.approx((lo + hi) / 200)


def test_every_seed_judgment_is_listed_with_its_state_horizon_and_outcome(page: BeautifulSoup) -> None:
    items = page.select("ul.briefing-track-judgments > li")
    listed = {words(li.select_one(".briefing-track-head a").get_text()): li for li in items}
    notes = seed_judgments()
    assert set(listed) == {n["title"] for n in notes.values()}
    for note_id, note in notes.items():
        item = listed[note["title"]]
        state = (note.get("outcome") or {}).get("verdict", "open")
        assert words(item.select_one(".briefing-badge").get_text()) == STATE_LABELS[state]
        meta = words(item.select_one(".briefing-track-meta").get_text())
        assert note["likelihood"] in meta and str(note["horizon"].day) in meta
        link = item.select_one(".briefing-track-head a")["href"]
        assert link == f"briefings/{BRIEFING}.html#note-{note_id}"
        outcome = item.select_one(".briefing-track-outcome")
        if "outcome" in note:
            assert STATE_LABELS[state] in outcome.get_text()
            for source in note["outcome"]["sources"]:
                assert source["url"] in {a["href"] for a in item.select("a.external")}
        else:
            assert outcome is None
    # nearest horizon first
    order = [words(li.select_one(".briefing-track-head a").get_text()) for li in items]
    assert order == [n["title"] for n in sorted(notes.values(), key=lambda n: n["horizon"])]


def test_the_watch_list_holds_the_open_judgments_with_each_indicators_window(page: BeautifulSoup) -> None:
    open_notes = [n for n in seed_judgments().values() if "outcome" not in n]
    watch = page.select("ul.briefing-track-watch > li")
    assert [words(li.p.a.get_text()) for li in watch] == [n["title"] for n in open_notes]
    for li, note in zip(watch, open_notes, strict=True):
        shown = [words(x.get_text()) for x in li.select("ul > li")]
        assert len(shown) == len(note["indicators"])
        for text, indicator in zip(shown, note["indicators"], strict=True):
            assert indicator["signpost"] in text and str(indicator["by"].year) in text
            if indicator.get("observations"):
                last = max(indicator["observations"], key=lambda o: o["date"])
                assert ("not seen" if not last["seen"] else ", seen") in text
            else:
                assert "Not observed yet" in text


def test_the_calibration_figure_has_a_linked_mark_per_scored_term(page: BeautifulSoup) -> None:
    record = track_record(check_project(SEEDS, use_cache=False).corpus)
    figure = page.select_one("figure.bf-figure-calibration")
    svg = figure.select_one("svg")
    assert svg.select_one("title").get_text() and svg.select_one("desc").get_text()
    marks = svg.select("a.bf-calibration-mark")
    assert len(marks) == len(record.bins) >= 1
    ids = {tag["id"] for tag in page.select("[id]")}
    for mark, b in zip(marks, record.bins, strict=True):
        assert mark["href"].startswith("#") and mark["href"][1:] in ids
        assert mark["aria-label"].startswith(words(mark.get_text()))
        assert b.term in mark["aria-label"]
    sizes = [float(t["font-size"]) for t in svg.select("text")]
    assert min(sizes) >= 13  # about life size on a 375 px screen: the box is 340 wide


def test_each_key_judgment_on_the_briefing_page_shows_its_state_and_links_to_its_history(
    seed_build: BuildResult,
) -> None:
    page = soup(seed_build.html / "briefings" / f"{BRIEFING}.html")
    notes = seed_judgments()
    summary = page.select(".briefing-lead li")
    assert len(summary) == len(notes)
    for note_id, note in notes.items():
        state = (note.get("outcome") or {}).get("verdict", "open")
        full = page.select_one(f"#note-{note_id}")
        (item,) = [li for li in summary if note["title"] in li.get_text()]
        for where in (item, full):
            assert words(where.select_one(".briefing-state").get_text()) == STATE_LABELS[state]
            history = [a["href"] for a in where.select("a") if "history" in a.get_text()]
            assert history == [f"../track-record.html#track-{BRIEFING}-{note_id}"]


def test_the_brief_has_a_track_record_appendix_with_the_desks_score(seed_build: BuildResult) -> None:
    brier, rows = by_hand()
    reader = PdfReader(seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf")
    texts = [words(p.extract_text()) for p in reader.pages]
    start = next(i for i, t in enumerate(texts) if re.search(r"\bTrack record Score\b", t, re.I))
    appendix = " ".join(texts[start:])
    assert f"Brier score is {brier:.4f}".rstrip("0") in appendix
    for title, _, _ in rows:
        assert words(title) in appendix
    for term in RANGES:
        assert term in appendix


@st.composite
def points(draw: st.DrawFn) -> list[Point]:
    terms = draw(st.lists(st.sampled_from(list(RANGES)), unique=True))
    return [
        Point(
            t,
            sum(RANGES[t]) / 200,
            draw(st.integers(1, 40)),
            draw(st.sampled_from([0, 0.25, 0.5, 1])),
            f"#{i}",
        )
        for i, t in enumerate(sorted(terms, key=list(RANGES).index))
    ]


@settings(max_examples=60, deadline=None)
@given(points())
def test_calibration_marks_and_labels_stay_in_the_plot_apart_and_named(found: list[Point]) -> None:
    bands = [Band(t, lo, hi) for t, (lo, hi) in RANGES.items()]
    figure = calibration_figure(bands, found)
    root = ET.fromstring(figure.svg)
    marks = [a for a in root.iter(f"{SVG}a") if "bf-calibration-mark" in a.get("class", "")]
    assert len(marks) == len(found)
    labels, dots = [], []
    for mark in marks:
        label = next(mark.iter(f"{SVG}text"))
        x, y, size = float(label.get("x")), float(label.get("y")), float(label.get("font-size"))
        assert size >= 13 and mark.get("aria-label", "").startswith(label.text or "")
        w = width_of(label.text or "", size)
        assert x >= 0 and x + w <= figure.width and size <= y <= figure.height
        labels.append((x, x + w, y - size, y))
        dot = next(mark.iter(f"{SVG}circle"))
        cx, cy, r = (float(dot.get(k)) for k in ("cx", "cy", "r"))
        dots.append((cx - r, cx + r, cy - r, cy + r))

    def apart(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
        return a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]

    for a, b in itertools.combinations(labels, 2):
        assert apart(a, b), "two counts overlap"
    for label in labels:
        assert all(apart(label, dot) for dot in dots), "a count covers a point"


def test_an_empty_record_draws_axes_and_says_so() -> None:
    figure = calibration_figure([Band("likely", 55, 80)], [])
    assert "No judgment scored yet" in figure.svg and "No judgment is scored yet." in figure.desc
    ET.fromstring(figure.svg)


def test_a_judgment_without_a_horizon_is_warned_about_and_still_built(
    tmp_path: Path,
    scenario: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``check`` warns; ``build`` builds what check accepts, the judgment listed as having no
    horizon and watched last."""
    seeds = scenario("two-briefings")
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    path.write_text(re.sub(r"(?m)^horizon: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["check", "--seeds", str(seeds)]) == 0
    assert "kj-bottom-line.yaml:1:7: warning[judgment-horizon]" in capsys.readouterr().out
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "o"), "--no-pdf"]) == 0
    page = soup(tmp_path / "o" / "html" / "track-record.html")
    (item,) = page.select("ul.briefing-track-judgments > li")
    assert "no horizon" in item.select_one(".briefing-track-meta").get_text()
    (watched,) = page.select("ul.briefing-track-watch > li")
    assert words(watched.p.get_text()).startswith("No horizon: Bottom line")


def test_a_new_outcome_rewrites_the_track_record_on_the_next_build(
    tmp_path: Path, scenario: Callable[[str], Path]
) -> None:
    """The page lists every briefing's records: an edit to one briefing's judgment must
    reach it though only that briefing's page is read again."""
    seeds = scenario("two-briefings")
    out = tmp_path / "o"
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 0
    page = soup(out / "html" / "track-record.html")
    assert words(page.select_one(".briefing-track-head .briefing-badge").get_text()) == "Open"
    assert "No key judgment is scored yet" in page.get_text()
    path = seeds / "briefings" / "alpha" / "notes" / "kj-bottom-line.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "outcome:\n  verdict: did-not\n  known: 2025-06-09\n  basis: Shipments stopped.\n"
        + "  sources:\n    - {title: S, url: 'https://example.org/s', reliability: B, credibility: 2}\n",
        encoding="utf-8",
    )
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 0
    page = soup(out / "html" / "track-record.html")
    assert words(page.select_one(".briefing-track-head .briefing-badge").get_text()) == "Did not come true"
    (para,) = [p for p in page.select("p") if "Brier score is" in p.get_text()]
    lo, hi = RANGES["very likely"]
    assert float(para.strong.get_text()) == pytest.approx(((lo + hi) / 200) ** 2, abs=5e-5)
    assert len(page.select("figure.bf-figure-calibration a.bf-calibration-mark")) == 1
