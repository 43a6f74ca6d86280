"""Mention previews: hover, keyboard focus, tap; hoverable, persistent, dismissible (WCAG 1.4.13)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .conftest import BRIEFING

if TYPE_CHECKING:
    from playwright.sync_api import Page

PREVIEW = "#briefing-preview"


def test_preview_on_hover_stays_while_hovered_and_closes_on_escape(page: Page, artifacts: Path) -> None:
    page.goto(BRIEFING)
    mention = page.locator("a#m-mofcom-1")
    preview = page.locator(PREVIEW)
    assert preview.is_hidden()
    mention.hover()
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    assert mention.get_attribute("aria-describedby") == "briefing-preview"
    text = preview.inner_text()
    assert "Ministry of Commerce" in text and "Organization".upper() in text.upper()
    assert "trade ministry" in text  # the entry's summary
    page.screenshot(path=artifacts / "preview-hover-1280.png")
    # Hoverable: the pointer can move onto the preview, and it stays (persistent).
    box = preview.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(600)
    assert preview.is_visible()
    # Dismissible without moving the pointer or focus.
    page.keyboard.press("Escape")
    assert preview.is_hidden()
    assert mention.get_attribute("aria-describedby") is None
    # Dismissed with the pointer on the mention, it stays closed while the pointer moves on it.
    mention.hover(position={"x": 3, "y": 3})
    preview.wait_for(state="visible")
    page.keyboard.press("Escape")
    mention.hover(position={"x": 12, "y": 5})
    page.wait_for_timeout(100)
    assert preview.is_hidden()
    # Once the pointer has left, coming back shows it again; leaving closes it.
    page.mouse.move(5, 890)
    mention.hover()
    preview.wait_for(state="visible")
    page.mouse.move(5, 890)
    preview.wait_for(state="hidden")


def test_preview_on_keyboard_focus(page: Page) -> None:
    page.goto(BRIEFING)
    page.locator("a#m-china-1").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "m-export-licence-1"
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert page.locator("a#m-export-licence-1").get_attribute("aria-describedby") == "briefing-preview"
    title = page_previews(page)["export-licence"]["title"]
    assert title in preview.inner_text()
    page.keyboard.press("Escape")
    assert preview.is_hidden()
    assert page.evaluate("document.activeElement.id") == "m-export-licence-1"  # focus stays
    page.keyboard.press("Shift+Tab")
    preview.wait_for(state="visible")
    assert "China" in preview.inner_text()


def test_preview_includes_the_note_on_the_span(page: Page) -> None:
    page.goto(BRIEFING)
    page.locator("a#m-london-talks-2025-06-1").hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    note = preview.locator(".briefing-preview-note")
    assert note.count() == 1
    assert "Note 1" in note.inner_text() and "Fact check" in note.inner_text()
    assert "Inaccurate." in note.inner_text()


def page_previews(page: Page) -> dict[str, Any]:
    """The preview data the page carries (its inline JSON block)."""
    blocks = page.locator('script.briefing-previews[type="application/json"]')
    assert blocks.count() == 1
    return json.loads(blocks.text_content() or "")


def test_the_page_carries_preview_data_for_exactly_its_mentions(page: Page) -> None:
    page.goto(BRIEFING)
    mentioned = page.evaluate(
        """() => [...document.querySelectorAll('a.briefing-mention[data-entry]')].map(a => a.dataset.entry)"""
    )
    assert set(page_previews(page)) == set(mentioned)
    assert not page.evaluate("'briefingEntries' in window")  # no site-wide preview file


def test_tap_shows_the_preview_then_follows_the_link(new_page: Callable[..., Page], artifacts: Path) -> None:
    page = new_page(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page.goto(BRIEFING)
    mention = page.locator("a#m-mofcom-1")
    mention.tap()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert page.url.endswith(BRIEFING)
    scroll = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll[0] <= scroll[1], f"the open preview makes the page scroll sideways: {scroll}"
    page.screenshot(path=artifacts / "preview-tap-375.png")
    mention.tap()
    page.wait_for_url("**/glossary/mofcom.html#entry-mofcom")


def test_clicking_a_mention_reaches_its_entry(page: Page) -> None:
    page.goto(BRIEFING)
    page.locator("a#m-rare-earths-1").click()
    page.wait_for_url("**/glossary/rare-earths.html#entry-rare-earths")
    assert page.evaluate("document.querySelector(':target').id") == "entry-rare-earths"


def test_without_scripts_a_mention_is_a_plain_link(new_page: Callable[..., Page]) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(BRIEFING)
    assert page.locator(PREVIEW).count() == 0
    page.locator("a#m-mofcom-1").click()
    page.wait_for_url("**/glossary/mofcom.html#entry-mofcom")


def test_previews_work_from_file_urls(new_page: Callable[..., Page], site_html: Path) -> None:
    page = new_page()
    page.goto((site_html / BRIEFING).as_uri())
    page.locator("a#m-mofcom-1").hover()
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible")
    assert "trade ministry" in preview.inner_text()
