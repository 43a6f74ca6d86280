"""The site navigation stays the same size however many briefings the site holds (SPEC §7):
the newest briefings are in it, and the home page lists them all."""

from __future__ import annotations

from pathlib import Path

from briefing.build import build
from briefing.render import NAV_BRIEFINGS
from tests.benchmarks.synthetic import generate

from .conftest import soup


def nav_links(page: Path) -> list[str]:
    nav = soup(page).select_one("nav.bd-docs-nav")
    assert nav is not None, page
    # the page's own entry links to "#"
    return [
        page.name if a["href"] == "#" else str(a["href"]).rsplit("/", 1)[-1]
        for a in nav.select("a.reference")
    ]


def test_navigation_names_the_newest_briefings_and_the_home_page_lists_all(tmp_path: Path) -> None:
    count = NAV_BRIEFINGS + 2
    seeds = generate(tmp_path / "project", articles=count, annotations=6, entries=16)
    html = build(seeds, tmp_path / "out", pdf=False).html
    listed = [str(a["href"]) for a in soup(html / "index.html").select("ul.briefing-list a.reference")]
    assert len(listed) == count  # the home page: every briefing, newest first
    pages = sorted((html / "briefings").glob("*.html"))
    assert len(pages) == count
    newest = {Path(href).name for href in listed[:NAV_BRIEFINGS]}
    for page in [*pages, html / "index.html", next((html / "glossary").glob("*.html"))]:
        links = nav_links(page)
        briefings = [name for name in links if name.endswith(".html") and name in {p.name for p in pages}]
        assert set(briefings) == newest, page.name
    # An older briefing is out of the navigation but built, and reached from the home page.
    oldest = Path(listed[-1]).name
    assert oldest not in newest and (html / "briefings" / oldest).is_file()
