"""Back-links land on their span; at phone and desktop widths no sideways scroll, no overlapping notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest

from ..conftest import soup
from .conftest import PAGE_TYPES

if TYPE_CHECKING:
    from playwright.sync_api import Page

LANDED = """() => {
  const t = document.querySelector(':target');
  if (!t) return null;
  const r = t.getBoundingClientRect();
  const first = t.getClientRects()[0] || r;  // a span that wraps starts on its first line box
  const x = first.left + Math.min(first.width / 2, 4), y = first.top + first.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    id: t.id,
    inViewport: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth,
    visible: !!hit && (t === hit || t.contains(hit) || hit.contains(t)),
  };
}"""


def test_every_back_link_lands_on_its_span(page: Page, site_html: Path, site_url: str) -> None:
    links: list[tuple[str, str]] = []
    for path in sorted((site_html / "glossary").glob("*.html")):
        entry = path.relative_to(site_html).as_posix()
        for a in soup(path).select("a.briefing-backlink"):
            links.append((entry, urljoin(site_url + entry, str(a["href"]))))
    assert len(links) > 100
    # Sorted by target, so after the first load of a page the rest are same-document navigations.
    problems = []
    for entry, href in sorted(links, key=lambda link: link[1]):
        assert href.startswith(site_url) and "#" in href, href
        page.goto(href)
        landed = page.evaluate(LANDED)
        fragment = href.split("#", 1)[1]
        if not landed or landed["id"] != fragment or not landed["inViewport"] or not landed["visible"]:
            problems.append((entry, href, landed))
    assert problems == []


def test_back_link_click_from_an_entry_page(page: Page) -> None:
    page.goto(PAGE_TYPES["entry"])
    link = page.locator("a.briefing-backlink").first
    href = link.get_attribute("href")
    assert href
    link.click()
    page.wait_for_url(urljoin(page.url, href))
    landed = page.evaluate(LANDED)
    assert landed["id"] == href.split("#", 1)[1] and landed["inViewport"] and landed["visible"]


OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('aside.briefing-note')]
    .map(a => [a.id, a.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) out.push([a, b]);
    }
  return {count: boxes.length, overlaps: out};
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_horizontal_scroll_and_no_overlapping_notes(
    new_page: Callable[..., Page], artifacts: Path, kind: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(PAGE_TYPES[kind])
    page.wait_for_load_state("load")
    scroll = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1], f"{kind} at {width}px scrolls sideways: {scroll}"
    notes = page.evaluate(OVERLAPS)
    assert notes["overlaps"] == []
    if kind == "briefing":
        assert notes["count"] > 0
    page.screenshot(path=artifacts / f"{kind}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_calibration_figure_reads_at_life_size(new_page: Callable[..., Page], width: int) -> None:
    """Its text, as the browser scales the drawing into the column, is never under 11 CSS px."""
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(PAGE_TYPES["track"])
    sizes = page.evaluate(
        """() => {
      const svg = document.querySelector('figure.bf-figure-calibration svg');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
    }"""
    )
    assert sizes and min(sizes) >= 11, (width, min(sizes))
