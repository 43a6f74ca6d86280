"""Build the two-briefings scenario through Sphinx and inspect the HTML."""

from __future__ import annotations

import json
import shutil
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


def same_as_a_clean_build(seeds: Path, out: Path, clean: Path) -> None:
    """Every file of the incremental build in ``out`` is the one a build from nothing makes."""
    shutil.rmtree(clean, ignore_errors=True)
    build(seeds, clean, pdf=False)
    ours = {p.relative_to(out / "html"): p for p in (out / "html").rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean / "html"): p for p in (clean / "html").rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(theirs)
    differ = [str(name) for name, path in sorted(ours.items()) if _content(path) != _content(theirs[name])]
    assert differ == []


def _content(path: Path) -> object:
    """A file's bytes; of Sphinx's search index, what it finds: an incremental build keeps
    the words no page holds any more, with no page."""
    if path.name != "searchindex.js":
        return path.read_bytes()
    index = json.loads(path.read_text().removeprefix("Search.setIndex(").removesuffix(")"))
    for table in ("terms", "titleterms"):
        index[table] = {word: pages for word, pages in index[table].items() if pages != []}
    return index


@pytest.mark.parametrize("jobs", [1, 2])
def test_pointing_edits_rewrite_only_the_pages_that_show_them(
    scenario: Callable[[str], Path], tmp_path: Path, jobs: int
) -> None:
    """A mention added by pointing (as `briefing serve` does) rewrites its briefing and its entry's
    back-links; not the glossary, the timeline, the sources or the strip on each element page.
    What is written is what a clean build writes."""
    from briefing.annotate import add_mention, remove_mention_at

    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=False, jobs=jobs)
    html = out / "html"
    at = (seeds / "briefings/beta/article.txt").read_text().index("truce")
    # Sphinx writes these on every build, and the home page whose table of contents lists a page read again
    every_build = {"genindex.html", "search.html", "index.html"}

    def written_by(step: Callable[[], object]) -> set[str]:
        pages = {p: p.stat().st_mtime_ns for p in html.rglob("*.html")}
        step()
        build(seeds, out, pdf=False, jobs=jobs)
        changed = {
            str(p.relative_to(html)) for p in html.rglob("*.html") if p.stat().st_mtime_ns != pages.get(p)
        }
        return changed - every_build

    assert written_by(lambda: add_mention(seeds, "dysprosium", "beta", at, at + 5)) == {
        "briefings/beta.html",
        "glossary/dysprosium.html",
    }
    same_as_a_clean_build(seeds, out, tmp_path / "clean")
    assert written_by(lambda: remove_mention_at(seeds, "dysprosium", "beta", at, at + 5)) == {
        "briefings/beta.html",
        "glossary/dysprosium.html",
    }
    same_as_a_clean_build(seeds, out, tmp_path / "clean")
    # an entry new to the briefing: its card on the home page counts one more entry
    assert written_by(lambda: add_mention(seeds, "mofcom", "beta", at, at + 5)) == {
        "briefings/beta.html",
        "glossary/mofcom.html",
    }
    assert "2 glossary entries" in (html / "index.html").read_text()
    same_as_a_clean_build(seeds, out, tmp_path / "clean")


def test_a_renamed_entry_rewrites_every_listing_that_shows_it(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out, pdf=False)
    entry = seeds / "glossary/dysprosium.yaml"
    entry.write_text(entry.read_text().replace("title: Dysprosium", "title: Dysprosium (Dy)"))
    build(seeds, out, pdf=False)
    for page in ("glossary/index.html", "briefings/alpha.html", "briefings/beta.html", "sources.html"):
        assert "Dysprosium (Dy)" in (out / "html" / page).read_text(), page
    same_as_a_clean_build(seeds, out, tmp_path / "clean")


def test_a_rebuild_compiles_no_page_template_again(
    scenario: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build is a new Sphinx application; the theme's templates compiled by the first are reused."""
    import jinja2

    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name)
        return compile_template(self, source, name, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    build(seeds, out, pdf=False)
    assert "layout.html" in compiled
    compiled.clear()
    note = seeds / "briefings/alpha/notes/context-licences.yaml"
    note.write_text(note.read_text().replace("per shipment", "for each shipment"))
    build(seeds, out, pdf=False)
    assert "for each shipment" in (out / "html/briefings/alpha.html").read_text()
    assert [name for name in compiled if name and name.endswith(".html")] == []


def test_a_rebuild_rechecks_only_the_briefings_an_edit_touches(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    """As `briefing serve` builds: what was checked of a briefing is reused while its folder and
    the entries that mention it are unchanged, and the outcome is that of a check from nothing."""
    from briefing.checks import Rechecks, check_project

    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    rechecks = Rechecks(seeds)
    first = build(seeds, out, pdf=False, rechecks=rechecks).corpus.briefings
    note = seeds / "briefings/beta/notes/question-truce.yaml"
    note.write_text(note.read_text().replace("Which truce is meant?", "Which truce, signed where?"))
    second = build(seeds, out, pdf=False, rechecks=rechecks)
    assert second.corpus.briefings["alpha"] is first["alpha"]
    assert second.corpus.briefings["beta"] is not first["beta"]
    assert "Which truce, signed where?" in (out / "html/briefings/beta.html").read_text()
    assert second.corpus == check_project(seeds).corpus

    # an entry that mentions alpha changes: alpha is checked again
    entry = seeds / "glossary/mofcom.yaml"
    entry.write_text(entry.read_text().replace("quote: Ministry of Commerce", "quote: Ministry of Trade"))
    with pytest.raises(BriefingError) as failure:
        build(seeds, out, pdf=False, rechecks=rechecks)
    assert "glossary/mofcom.yaml:9:14:" in str(failure.value)
    entry.write_text(entry.read_text().replace("quote: Ministry of Trade", "quote: Ministry of Commerce"))
    third = build(seeds, out, pdf=False, rechecks=rechecks)
    assert third.corpus == check_project(seeds).corpus
    same_as_a_clean_build(seeds, out, tmp_path / "clean")
