"""axe-core (node_modules, injected by Playwright): no serious or critical violations on any page type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .conftest import PAGE_TYPES, node_tool

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""


def _settle(page: Page) -> None:
    """Check final colours: the theme animates colour changes (light to dark) after load."""
    page.wait_for_load_state("load")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.fixture(scope="module")
def axe_source() -> str:
    return node_tool("axe-core", "axe.min.js").read_text(encoding="utf-8")


def _assert_no_serious_violations(page: Page, axe_source: str) -> None:
    _settle(page)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(AXE_RUN)
    assert violations == [], "\n".join(f"{v['id']}: {n}" for v in violations for n in v["nodes"])


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_serious_accessibility_violations(
    new_page: Callable[..., Page], axe_source: str, kind: str, width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(PAGE_TYPES[kind])
    _assert_no_serious_violations(page, axe_source)


def test_open_preview_has_no_serious_accessibility_violations(page: Page, axe_source: str) -> None:
    page.goto(PAGE_TYPES["briefing"])
    page.locator("a#m-london-talks-2025-06-1").focus()
    page.locator("#briefing-preview").wait_for(state="visible")
    _assert_no_serious_violations(page, axe_source)


@pytest.mark.parametrize("kind", ["briefing", "entry"])
def test_dark_theme_has_no_serious_accessibility_violations(
    new_page: Callable[..., Page], axe_source: str, kind: str
) -> None:
    page = new_page(color_scheme="dark")
    page.goto(PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    if kind == "briefing":
        page.locator("a#m-london-talks-2025-06-1").focus()
        page.locator("#briefing-preview").wait_for(state="visible")
    _assert_no_serious_violations(page, axe_source)
