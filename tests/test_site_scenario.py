"""Build the two-briefings scenario through Sphinx and inspect the HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.build import build
from briefing.diagnostics import BriefingError

from .conftest import soup


def backlinks(html: Path, entry: str) -> list[str]:
    page = soup(html / "glossary" / f"{entry}.html")
    return [a["href"] for a in page.select("a.briefing-backlink")]


def test_entries_collect_mentions_from_every_briefing(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    result = build(scenario("two-briefings"), tmp_path / "out", pdf=False)
    assert backlinks(result.html, "dysprosium") == [
        "../briefings/alpha.html#m-dysprosium-1",
        "../briefings/alpha.html#m-dysprosium-2",
        "../briefings/beta.html#m-dysprosium-1",
    ]
    page = soup(result.html / "briefings" / "alpha.html")
    mention = page.select_one("#m-mofcom-2")
    assert mention.name == "a" and mention["data-entry"] == "mofcom"
    assert mention["href"] == "../glossary/mofcom.html#entry-mofcom"
    assert "briefing-type-organization" in mention["class"]
    assert mention.get_text() == "ministry"
    caption = page.select_one("figure.briefing-caption figcaption")
    assert caption.get_text(strip=True) == "A dysprosium mine."
    # key judgment in the lead block, context note beside its paragraph
    lead = page.select_one(".briefing-lead")
    assert "Bottom line." in lead.get_text()
    assert lead.select_one("a[href='#note-kj-bottom-line']")
    assert page.select_one("aside#note-kj-bottom-line.briefing-key-judgment")
    note = page.select_one(".briefing-block[data-number='1'] aside#note-context-licences")
    assert "per shipment" in note.get_text()
    ref = page.select_one("a.briefing-note-ref[href='#note-context-licences']")
    assert ref.get_text() == "1"


def test_editing_a_note_rereads_only_its_briefing(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    first = build(seeds, out, pdf=False)
    assert len(first.reread) == 10  # index, glossary, timeline, sources, track record, 3 entries, 2 briefings
    note = seeds / "briefings/alpha/notes/context-licences.yaml"
    note.write_text(note.read_text().replace("per shipment", "for each shipment"))
    second = build(seeds, out, pdf=False)
    assert second.reread == ("briefings/alpha",)
    assert second.changed_sources == ("_data/briefings/alpha.json",)
    assert "for each shipment" in (out / "html/briefings/alpha.html").read_text()
    third = build(seeds, out, pdf=False)
    assert third.reread == () and third.changed_sources == ()


def test_a_rebuild_with_nothing_changed_writes_no_page(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    """Twice in one process, as `briefing serve` does: no setting carries over
    from one build to the next and makes Sphinx think the configuration changed."""
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=True)
    extra = {"genindex.html", "search.html"}  # Sphinx writes these on every build
    pages = sorted(p for p in (out / ".work" / "html").rglob("*.html") if p.name not in extra)
    before = {page: page.stat().st_mtime_ns for page in pages}
    build(seeds, out, pdf=True)
    assert {page: page.stat().st_mtime_ns for page in pages} == before


def test_new_mention_rewrites_the_entry_page_without_rereading_it(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=False)
    entry = seeds / "glossary/mofcom.yaml"
    entry.write_text(entry.read_text() + '  beta:\n    - quote: Geneva\n      suffix: " talks"\n')
    (seeds / "glossary/geneva-talks.yaml").write_text(
        (seeds / "glossary/geneva-talks.yaml")
        .read_text()
        .replace("quote: Geneva talks", "quote: talks produced")
    )
    result = build(seeds, out, pdf=False)
    assert set(result.reread) == {"briefings/beta"}
    assert "../briefings/beta.html#m-mofcom-1" in backlinks(result.html, "mofcom")


def test_parallel_build_gives_the_same_pages(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    seeds = scenario("two-briefings")
    serial = build(seeds, tmp_path / "serial", pdf=False, jobs=1)
    parallel = build(seeds, tmp_path / "parallel", pdf=False, jobs=2)
    for page in ("briefings/alpha.html", "glossary/dysprosium.html", "glossary/index.html"):
        a = soup(serial.html / page).select_one("article")
        b = soup(parallel.html / page).select_one("article")
        assert str(a) == str(b), page


def test_failed_build_keeps_the_previous_output(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=False)
    before = (out / "html/briefings/alpha.html").read_bytes()
    entry = seeds / "glossary/mofcom.yaml"
    entry.write_text(entry.read_text().replace("quote: Ministry of Commerce", "quote: Ministry of Trade"))
    with pytest.raises(BriefingError) as failure:
        build(seeds, out, pdf=False)
    assert "glossary/mofcom.yaml:9:14:" in str(failure.value)
    assert (out / "html/briefings/alpha.html").read_bytes() == before


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_mention_added_or_removed_rewrites_only_its_entry_page(
    scenario: Callable[[str], Path], tmp_path: Path, jobs: int
) -> None:
    """Re-reading a briefing puts back its other mentions unchanged: their entry pages stay as written."""
    from briefing.annotate import add_mention, remove_mention_at

    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=False, jobs=jobs)
    html = out / "html" / "glossary"
    text = (seeds / "briefings/beta/article.txt").read_text()
    at = text.index("truce")

    def written_since(step: Callable[[], object]) -> set[str]:
        before = {p.name: p.stat().st_mtime_ns for p in html.glob("*.html")}
        step()
        build(seeds, out, pdf=False, jobs=jobs)
        return {p.name for p in html.glob("*.html") if p.stat().st_mtime_ns != before.get(p.name)}

    added = written_since(lambda: add_mention(seeds, "mofcom", "beta", at, at + 5))
    assert "mofcom.html" in added and "geneva-talks.html" not in added
    assert "../briefings/beta.html#m-mofcom-1" in backlinks(out / "html", "mofcom")
    removed = written_since(lambda: remove_mention_at(seeds, "mofcom", "beta", at, at + 5))
    assert "mofcom.html" in removed and "geneva-talks.html" not in removed
    assert "../briefings/beta.html#m-mofcom-1" not in backlinks(out / "html", "mofcom")
