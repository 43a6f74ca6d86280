"""Annotating by pointing in ``briefing serve``, in real Chromium: mouse and keyboard only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing.loading import load_project
from tests.benchmarks.pointing import SHOWN, free_words, link_by_pointing, measure, select_with_mouse, serving

from .conftest import BRIEFING, SEEDS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


BRIEFING_ID = "rare-earth-licences-2025-06"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("annotate")
    seeds = work / "seeds"
    shutil.copytree(SEEDS, seeds)
    with serving(seeds, work / "preview") as url:
        yield url, seeds


@pytest.fixture
def page(browser: Browser, served: tuple[str, Path]) -> Iterator[Page]:
    context = browser.new_context(base_url=served[0], viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(BRIEFING)
    yield page
    context.close()
    assert errors == [], "script errors"


def _mentions(seeds: Path, entry: str) -> list[str]:
    project, _ = load_project(seeds)
    return [m.quote for m in project.entries[entry].record.mentions.get(BRIEFING_ID, [])]


def test_a_mouse_selection_links_a_phrase_and_the_reloaded_page_shows_it(
    page: Page, served: tuple[str, Path]
) -> None:
    seeds = served[1]
    start, end, quote = free_words(seeds, BRIEFING_ID, 1)[0]
    seconds = link_by_pointing(page, start, end, quote, "export-licence", "licence")
    assert quote in _mentions(seeds, "export-licence")
    page.wait_for_load_state()
    assert page.evaluate(SHOWN, ["export-licence", quote])
    assert seconds < 60


def test_keyboard_only_links_then_removes_a_mention(page: Page, served: tuple[str, Path]) -> None:
    seeds = served[1]
    _, _, quote = free_words(seeds, BRIEFING_ID, 2)[-1]
    page.keyboard.press("Alt+a")  # nothing selected: the panel asks for the words
    page.keyboard.type(quote)
    page.keyboard.press("Enter")  # selects them in the article, then offers entries
    panel = page.locator("#briefing-annotate")
    panel.locator(".bap-quote").wait_for()
    assert panel.locator(".bap-quote").inner_text() == quote
    page.keyboard.type("mofcom")
    page.keyboard.press("Tab")  # the type filter
    page.keyboard.press("Tab")  # the first entry found
    focused = page.evaluate("() => document.activeElement.dataset.entry")
    assert focused == "mofcom"
    page.keyboard.press("Enter")
    page.wait_for_function(SHOWN, arg=["mofcom", quote], timeout=60_000)
    assert quote in _mentions(seeds, "mofcom")

    mention = page.locator(f'a.briefing-mention[data-entry="mofcom"]:text-is("{quote}")')
    mention.focus()
    page.keyboard.press("Alt+a")  # on a mention: the panel offers to remove it
    page.locator("#briefing-annotate .bap-remove").wait_for()
    page.keyboard.press("Shift+Tab")  # from the search field back to "Remove the mention"
    assert page.evaluate("() => document.activeElement.className") == "bap-remove"
    page.keyboard.press("Enter")
    page.wait_for_function(f"(args) => !({SHOWN})(args)", arg=["mofcom", quote], timeout=60_000)
    assert quote not in _mentions(seeds, "mofcom")


def test_a_new_entry_and_a_note_start_from_the_selection(page: Page, served: tuple[str, Path]) -> None:
    seeds = served[1]
    start, end, quote = free_words(seeds, BRIEFING_ID, 4)[-1]
    select_with_mouse(page, start, end)
    panel = page.locator("#briefing-annotate")
    panel.locator("summary", has_text="New entry").click()
    panel.locator(".bap-new-type").select_option("concept")
    assert panel.locator(".bap-new-id").input_value() == quote  # the words, as an id
    panel.locator(".bap-new-title").fill(quote.capitalize())
    panel.locator(".bap-create").click()
    page.wait_for_function(SHOWN, arg=[quote, quote], timeout=60_000)
    entry = (seeds / "glossary" / "concept" / f"{quote}.yaml").read_text()
    assert f"title: {quote.capitalize()}\n" in entry and f"  - quote: {quote}\n" in entry

    page.wait_for_load_state()
    mention = page.locator(f'a.briefing-mention[data-entry="{quote}"]')
    box = mention.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2  # select from just before the mention to its end
    page.mouse.move(box["x"] - 3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 1, y, steps=5)
    page.mouse.up()
    panel.locator("summary", has_text="New note").click()
    panel.locator(".bap-kind").select_option("question")
    assert panel.locator(".bap-note-id").input_value() == f"question-{quote}"
    panel.locator(".bap-note").click()
    page.wait_for_selector(f"aside#note-question-{quote}", state="attached", timeout=60_000)
    note = (seeds / "briefings" / BRIEFING_ID / "notes" / f"question-{quote}.yaml").read_text()
    assert "kind: question\n" in note and f"target:\n  quote: {quote}\n" in note


def test_a_stale_page_is_refused_and_says_so(page: Page, served: tuple[str, Path]) -> None:
    seeds = served[1]
    start, end, quote = free_words(seeds, BRIEFING_ID, 3)[-1]
    page.evaluate("() => document.querySelector('.briefing-article').dataset.sha256 = '0'.repeat(64)")
    select_with_mouse(page, start, end)
    page.locator("#briefing-annotate .bap-search").wait_for()
    assert page.locator("#briefing-annotate .bap-quote").inner_text() == quote
    page.keyboard.type("mofcom")
    page.locator('#briefing-annotate .bap-link[data-entry="mofcom"]').click()
    status = page.locator("#briefing-annotate .bap-status.bap-bad")
    status.wait_for()
    assert "article changed" in status.inner_text()
    assert quote not in _mentions(seeds, "mofcom")


def test_the_benchmark_runs(tmp_path: Path, browser: Browser) -> None:
    times = measure(0, 1, tmp_path, browser)
    assert len(times) == 1 and 0 < times[0] < 60
