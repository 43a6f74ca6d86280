"""The site and the PDF brief show the same listings: every entry, date and source the
brief's appendices print reads the same on the site's glossary, timeline and sources pages.

The site's listings cover every briefing and the brief's only what its briefing mentions
and cites, so each appendix is compared with its part of the site's page. The brief is
read from the Typst source it was typeset from; the site from the HTML it published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.build import BuildResult
from tests.conftest import soup

BRIEFING = "rare-earth-licences-2025-06"
_LINK = re.compile(r'#link\((?:<[^>]*>|"[^"]*")\)\[((?:\\.|[^\]\\])*)\]')
_CONTENT = r"((?:\\.|[^\]\\])*)"
"""Escaped Typst text between brackets (generated text never holds a bare bracket)."""
_PAGE = re.compile(r" ?\(?#(?:see-page|page-of)\(<[^>]*>\)\)?|#metadata\(none\)<[^>]*>")


def plain(typst: str) -> str:
    """The text of generated Typst markup: links as their text, page numbers dropped."""
    text = _LINK.sub(r"\1", _PAGE.sub("", typst))
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def appendices(seed_build: BuildResult) -> dict[str, str]:
    """The brief's appendices by name, as Typst source."""
    typst = (seed_build.sources.parent / "briefingpdf" / f"{BRIEFING}.typ").read_text(encoding="utf-8")
    parts = re.split(r"^#heading\(level: 1\)\[([\w ]+)\] <appendix-[\w-]+>$", typst, flags=re.M)
    found = dict(zip(parts[1::2], parts[2::2], strict=True))
    assert set(found) == {"Glossary", "Timeline", "Sources", "Track record"}
    return found


def test_the_glossary_appendix_is_the_sites_glossary(
    seed_build: BuildResult, appendices: dict[str, str]
) -> None:
    site: dict[str, tuple[str, str | None]] = {}  # title -> (type heading, summary if shown)
    for group in soup(seed_build.html / "glossary" / "index.html").select(".briefing-type-group"):
        heading = words(group.select_one(".rubric").get_text())
        for item in group.select("ul.briefing-glossary > li"):
            title = words(item.a.get_text())
            site[title] = (heading, words(item.get_text()).removeprefix(f"{title} — "))
        for row in group.select("table.briefing-elements tbody tr"):
            site[words(row.td.get_text())] = (heading, None)
    printed = 0
    for group in re.split(r"#rubric\[", appendices["Glossary"])[1:]:
        heading, _, body = group.partition("]")
        entries = re.findall(
            rf"^#heading\(level: 2\)\[{_CONTENT}\] <[^>]+>\s+#entry-summary\[{_CONTENT}\]", body, re.M
        )
        assert entries, heading
        for title, summary in entries:
            title = plain(title)
            assert title in site, title
            site_heading, site_summary = site[title]
            assert site_heading.casefold() == plain(heading).casefold(), title
            if site_summary is not None:
                assert site_summary == plain(summary), title
            printed += 1
    assert printed >= 20


def test_the_timeline_appendix_is_the_sites_timeline(
    seed_build: BuildResult, appendices: dict[str, str]
) -> None:
    site = {
        words(row.select("td")[1].get_text()): words(row.td.get_text())
        for row in soup(seed_build.html / "timeline.html").select("table.briefing-timeline tbody tr")
    }
    rows = re.findall(
        r"\[((?:\\.|[^\]\\])*)\],\[\s*(#link\(<appendix-[^>]+>\)\[(?:\\.|[^\]\\])*\])", appendices["Timeline"]
    )
    assert len(rows) >= 5
    for date, event in rows:
        assert site[plain(event)] == plain(date), plain(event)
    # the range the two outputs once printed differently
    assert site["London talks (9–10 June 2025)"] == "9–10 June 2025"


def test_the_sources_appendix_is_the_sites_sources_list(
    seed_build: BuildResult, appendices: dict[str, str]
) -> None:
    site: dict[str, set[str]] = {}
    for item in soup(seed_build.html / "sources.html").select("ul.briefing-source-index > li"):
        cited_by = item.select_one(".briefing-cited-by")
        site.setdefault(words(item.p.get_text()), set()).update(
            words(a.get_text()) for a in cited_by.select("a")
        )
    items = re.split(r"\],\[(?=#link|[^#])", appendices["Sources"])
    assert len(items) >= 10
    for item in items:
        head, _, cited_by = item.partition("#cited-by[")
        source = plain(head.removeprefix("\n\n#list(tight: false, ["))
        assert source in site, source
        users = re.findall(r"#link\(<[^>]*>\)\[((?:\\.|[^\]\\])*)\]", cited_by)
        assert users and {plain(u) for u in users} <= site[source], source


def test_the_track_record_appendix_is_the_sites_track_record(
    seed_build: BuildResult, appendices: dict[str, str]
) -> None:
    """The same score, the same arithmetic, and each of the briefing's judgments with the
    state, horizon and likelihood the site's page gives it."""
    page = soup(seed_build.html / "track-record.html")
    printed = appendices["Track record"]
    (site_score,) = [p for p in page.select("p") if "Brier score is" in p.get_text()]
    brier = words(site_score.strong.get_text())
    assert f"#strong[{brier.replace('.', chr(92) + '.')}]" in printed
    site_rows = [
        [words(td.get_text()) for td in row.select("td")]
        for row in page.select("table.briefing-track-scores tbody tr")
    ]
    printed_rows = re.search(
        r"#brief-table\(columns: \(auto, [^)]*\), table\.header\(\[Judgment\].*", printed
    )
    assert printed_rows and site_rows
    cells = [
        plain(c)
        for c in re.findall(r"\[((?:\\.|#link\([^)]*\)\[(?:\\.|[^\]\\])*\]|[^\]\\])*)\],", printed_rows[0])
    ]
    assert cells[4:] == [c for row in site_rows for c in row]
    site = {
        words(item.select_one(".briefing-track-head a").get_text()): (
            words(item.select_one(".briefing-track-head .briefing-badge").get_text()),
            words(item.select_one(".briefing-track-meta").get_text()),
        )
        for item in page.select("ul.briefing-track-judgments > li")
    }
    heads = re.findall(r"<track-[^>]+>(.*?)#link\(<note-[^>]+>\)\[((?:\\.|[^\]\\])*)\].*\n\n(.*)", printed)
    assert len(heads) == 3
    for state, title, meta in heads:
        state = re.sub(r"#judgment-state\[((?:\\.|[^\]\\])*)\]", r"\1", state)
        assert site[plain(title)] == (plain(state), plain(meta)), plain(title)


def test_the_brief_has_no_listing_of_its_own() -> None:
    """One builder of listings: the PDF package places the site's and adds only print."""
    pdf = Path(__file__).resolve().parents[1] / "briefing" / "pdf"
    code = "\n".join(p.read_text(encoding="utf-8") for p in pdf.glob("*.py"))
    rebuilt_names = ("date_range", "long_date", "strip_figure", "timeline_figure", "all_citations")
    for rebuilt in (*rebuilt_names, "calibration", "brier", "ICD_203", "judgments_in"):
        assert rebuilt not in code, rebuilt
