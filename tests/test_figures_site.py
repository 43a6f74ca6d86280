"""The figures on the seed site: where they stand, what they show, and that every link lands."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.build import BuildResult

from .conftest import soup
from .test_seed_site import ids_in, resolve

BRIEFING = "rare-earth-licences-2025-06"


def _figure_links(page: Path) -> list[str]:
    return [a["href"] for fig in soup(page).select("figure.bf-figure") for a in fig.select("svg a[href]")]


def test_every_figure_link_lands_on_its_target(seed_build: BuildResult) -> None:
    html = seed_build.html
    pages = [
        html / "timeline.html",
        html / "glossary" / "index.html",
        html / "glossary" / "dysprosium.html",
        html / "briefings" / f"{BRIEFING}.html",
    ]
    for page in pages:
        links = _figure_links(page)
        assert links, f"no figure links on {page.name}"
        for href in links:
            target, fragment = resolve(page, href)
            assert target.is_file(), f"{page.name}: {href}"
            assert not fragment or fragment in ids_in(target), f"{page.name}: {href}"


def test_timeline_figure_stands_above_the_table_with_one_mark_per_row(seed_build: BuildResult) -> None:
    page = soup(seed_build.html / "timeline.html")
    figure = page.select_one("figure.bf-figure-timeline")
    table = page.select_one("table.briefing-timeline")
    assert figure is not None and table is not None
    assert figure.find_next("table") is table
    rows = table.select("tbody tr")
    events = [r.select("td")[1].get_text(strip=True) for r in rows]
    drawings = figure.select("svg.bf-figure-svg")
    assert len(drawings) == 2  # the wide one and the one re-flowed for a phone
    for svg in drawings:
        marks = svg.select("a.bf-mark")
        assert len(marks) == len(rows) >= 12
        labels = [a["aria-label"] for a in marks]
        assert all(label.startswith(event) for label, event in zip(labels, events, strict=True))
        assert all(label.count(label.rsplit(" (", 1)[-1]) == 1 for label in labels)  # its date once
        assert len(svg.select("a.bf-pub")) == 1
        assert svg.select_one("title").get_text() == figure.select_one("figcaption").get_text()
        assert svg.select_one("desc").get_text()
    dates = [r.select("td")[0].get_text(strip=True) for r in rows]
    assert "10–11 May 2025" in dates and "9–10 June 2025" in dates
    assert not [d for d in dates if re.search(r"(\d{4}) – .*\1|([A-Z][a-z]+) \d{4} – \d+ \2", d)]


def test_strip_tops_the_elements_table_and_marks_the_seven_april_controls(seed_build: BuildResult) -> None:
    page = soup(seed_build.html / "glossary" / "index.html")
    group = page.select_one('.briefing-type-group[data-type="element"]')
    figure = group.select_one("figure.bf-figure-strip")
    assert figure is not None and figure.find_next("table") is group.select_one("table.briefing-elements")
    drawings = figure.select("svg.bf-figure-svg")
    assert len(drawings) == 2  # the wide one and the one re-flowed for a phone
    for svg in drawings:
        cells = svg.select("a.bf-element")
        assert len(cells) == 17
        hatched = [a for a in cells if a.select_one("rect.bf-controlled")]
        assert len(hatched) == 7
        assert all("since 4 April 2025" in a["aria-label"] for a in hatched)
        assert svg.select_one("g.bf-legend") is not None and "export-controlled" in svg.get_text()


def test_element_page_outlines_its_own_cell(seed_build: BuildResult) -> None:
    page = soup(seed_build.html / "glossary" / "dysprosium.html")
    for svg in page.select("figure.bf-figure-strip svg.bf-figure-svg"):
        own = svg.select("a[aria-current=page]")
        assert len(own) == 1 and own[0]["href"].endswith("#entry-dysprosium")
    assert soup(seed_build.html / "glossary" / "mofcom.html").select_one("figure.bf-figure-strip") is None


def test_briefing_page_shows_who_is_who_by_side(seed_build: BuildResult) -> None:
    page = soup(seed_build.html / "briefings" / f"{BRIEFING}.html")
    figure = page.select_one("figure.bf-figure-cast")
    assert figure is not None
    assert figure.find_next("div", class_="briefing-article") is not None  # before the article
    drawings = figure.select("svg.bf-figure-svg")
    assert len(drawings) == 2  # the wide one and the one re-flowed for a phone
    for svg in drawings:
        sides = [t.get_text() for t in svg.select("text.bf-side")]
        assert {"United States", "China"} <= set(sides)
        labels = {a["aria-label"].split(",")[0] for a in svg.select("a")}
        for name in (
            "Scott Bessent",
            "Howard Lutnick",
            "Jamieson Greer",
            "He Lifeng",
            "Wang Wentao",
            "Lin Jian",
        ):
            assert name in labels
