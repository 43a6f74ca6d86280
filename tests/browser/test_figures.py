"""The figures in Chromium: links land, they fit a phone, axe stays clean in both themes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .conftest import BRIEFING
from .test_accessibility import _assert_no_serious_violations

if TYPE_CHECKING:
    from playwright.sync_api import Page

FIGURE_PAGES = ["timeline.html", "glossary/index.html", "glossary/dysprosium.html", BRIEFING]

LINKS = """() => [...document.querySelectorAll('figure.bf-figure svg a[href]')]
  .map(a => new URL(a.getAttribute('href'), location.href).href)"""


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_every_figure_link_resolves(new_page: Callable[..., Page], path: str) -> None:
    page = new_page()
    page.goto(path)
    links = page.evaluate(LINKS)
    assert links
    by_page: dict[str, set[str]] = {}
    for url in links:
        base, _, fragment = url.partition("#")
        by_page.setdefault(base, set()).add(fragment)
    target = new_page()
    for base, fragments in sorted(by_page.items()):
        response = target.goto(base)
        assert response is not None and response.ok, base
        ids = set(target.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
        assert fragments - {""} <= ids, (base, fragments - ids)


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figures_fit_a_phone_without_horizontal_scrolling(new_page: Callable[..., Page], path: str) -> None:
    page = new_page(viewport={"width": 375, "height": 800})
    page.goto(path)
    assert page.locator("figure.bf-figure").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('figure.bf-figure svg')]"
        ".map(s => s.getBoundingClientRect().toJSON()).filter(b => b.width > 0)"
    )
    assert len(boxes) == page.locator("figure.bf-figure").count()  # one drawing shows per figure
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= 375 and box["width"] > 250


SIZES = """() => [...document.querySelectorAll('figure.bf-figure svg.bf-figure-svg')]
  .filter(s => s.getBoundingClientRect().width > 0)
  .map(s => {
    const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
    const sizes = [...s.querySelectorAll('text, tspan')]
      .filter(t => getComputedStyle(t).visibility !== 'hidden' || t.classList.contains('bf-status'))
      .map(t => parseFloat(getComputedStyle(t).fontSize));
    return {kind: s.classList.value, smallest: Math.min(...sizes) * scale,
            links: s.querySelectorAll('a[href]').length};
  })"""


@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_on_a_phone_figures_reflow_rather_than_shrink(new_page: Callable[..., Page], path: str) -> None:
    """No figure text under 11 CSS px at 375 px: the font size as drawn, times the scale the
    browser draws the SVG at; the drawing shown is the narrow one, every mark still a link."""
    page = new_page(viewport={"width": 375, "height": 800})
    page.goto(path)
    shown = page.evaluate(SIZES)
    assert shown
    for figure in shown:
        assert figure["smallest"] >= 11, figure
        assert figure["links"] > 0, figure
    wide = new_page(viewport={"width": 1280, "height": 900})
    wide.goto(path)
    assert [f["links"] for f in wide.evaluate(SIZES)] == [f["links"] for f in shown]


@pytest.mark.parametrize("width", [375, 1280])  # the narrow drawings, then the wide ones
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_figure_pages_stay_clean_under_axe(
    new_page: Callable[..., Page], axe_source: str, path: str, scheme: str, width: int
) -> None:
    page = new_page(color_scheme=scheme, viewport={"width": width, "height": 900})
    page.goto(path)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.locator("figure.bf-figure svg a:visible").first.focus()
    _assert_no_serious_violations(page, axe_source)


@pytest.fixture(scope="module")
def axe_source() -> str:
    from .conftest import node_tool

    return node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8")


def test_focusing_a_cell_shows_its_export_control_date(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto("glossary/index.html")
    status = page.locator("figure.bf-figure-strip a.bf-element").nth(11).locator(".bf-status")
    assert not status.is_visible()
    page.locator("figure.bf-figure-strip a.bf-element").nth(11).focus()
    assert status.is_visible()
    assert "Dysprosium: export-controlled since 4 April 2025" in status.text_content()
