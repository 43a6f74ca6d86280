"""Finding things: glossary filters by type and by text, and the site search over entries and notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .conftest import BRIEFING, PAGE_TYPES

if TYPE_CHECKING:
    from playwright.sync_api import Page

GLOSSARY = PAGE_TYPES["glossary"]


ROWS = """() => [...document.querySelectorAll(
  '.briefing-type-group li, .briefing-type-group tbody tr')].map(r => [r.textContent, !r.hidden])"""


def visible_entries(page: Page) -> list[str]:
    links = page.locator(".briefing-type-group a.reference.internal")
    return [links.nth(i).inner_text() for i in range(links.count()) if links.nth(i).is_visible()]


def test_glossary_filters_by_type(page: Page) -> None:
    page.goto(GLOSSARY)
    everything = visible_entries(page)
    assert len(everything) > 80
    status = page.locator(".briefing-filter-status")
    assert status.inner_text() == f"{len(everything)} entries"
    page.get_by_role("checkbox", name="Elements (17)").uncheck()
    assert page.locator('.briefing-type-group[data-type="element"]').is_hidden()
    assert "Neodymium" not in visible_entries(page)
    assert len(visible_entries(page)) == len(everything) - 17
    assert status.inner_text() == f"{len(everything) - 17} of {len(everything)} entries"
    # Only people.
    for box in page.locator("fieldset.briefing-filter-types input").all():
        box.set_checked(box.get_attribute("value") == "person")
    people = visible_entries(page)
    assert people and "Xi Jinping" in people and "MOFCOM" not in " ".join(people)
    assert page.locator('.briefing-type-group[data-type="person"]').is_visible()


def test_glossary_filters_by_text_across_types(page: Page) -> None:
    page.goto(GLOSSARY)
    box = page.get_by_role("searchbox", name="Filter entries")
    for query in ("neodym", "magnet", "Commerce minister"):
        box.fill(query)
        # Shown: exactly the rows whose name or summary has every word (any case).
        rows = page.evaluate(ROWS)
        assert any(shown for _, shown in rows)
        words = query.lower().split()
        assert all(shown == all(w in text.lower() for w in words) for text, shown in rows), query
    box.fill("NEODYM")
    assert "Neodymium" in visible_entries(page) and "Cerium" not in visible_entries(page)
    box.fill("no such entry anywhere")
    assert visible_entries(page) == []
    assert page.locator(".briefing-filter-status").inner_text().startswith("0 of ")
    assert page.locator(".briefing-type-group:visible").count() == 0


def test_glossary_without_scripts_lists_everything_with_type_links(new_page: Callable[..., Page]) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(GLOSSARY)
    assert page.locator("form.briefing-filter").count() == 0
    assert len(visible_entries(page)) > 80
    jump = page.locator(".briefing-type-index a", has_text="People")
    jump.click()
    assert page.url.endswith("#type-person")


def search(page: Page, query: str) -> list[str]:
    page.goto(f"search.html?q={query}")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    return [str(results.nth(i).get_attribute("href")) for i in range(results.count())]


def test_search_finds_entries(page: Page) -> None:
    hrefs = search(page, "neodymium")
    assert any(h.startswith("glossary/neodymium.html") for h in hrefs), hrefs


def test_search_finds_words_that_only_a_note_uses(page: Page) -> None:
    # "Stellantis" is in one analyst note and nowhere else: not in the article, not in an entry.
    hrefs = search(page, "Stellantis")
    assert [h for h in hrefs if h.startswith(BRIEFING)], hrefs


def test_glossary_filters_work_from_file_urls(new_page: Callable[..., Page], site_html: Path) -> None:
    page = new_page()
    page.goto((site_html / GLOSSARY).as_uri())
    page.get_by_role("searchbox", name="Filter entries").fill("neodym")
    assert "Neodymium" in visible_entries(page) and "Cerium" not in visible_entries(page)
