"""A phone, a tablet and a desktop: one search box, a glossary table whose rows stay one line
and whose columns all scroll into view, folded notes that say what they are about."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .conftest import BRIEFING, PAGE_TYPES

if TYPE_CHECKING:
    from playwright.sync_api import Page

WIDTHS = [375, 768, 1280]

VISIBLE_SEARCH = """() => [...document.querySelectorAll('button.search-button-field, .search-button')]
  .filter(b => { const r = b.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(b).visibility !== 'hidden'; }).length"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", ["home", "glossary", "briefing"])
def test_one_search_box_at_every_width(new_page: Callable[..., Page], kind: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(PAGE_TYPES[kind])
    assert page.evaluate(VISIBLE_SEARCH) == 1


@pytest.mark.parametrize("kind", ["home", "briefing"])
def test_no_empty_top_bar_on_a_desktop(new_page: Callable[..., Page], kind: str) -> None:
    """Beside the sidebar the theme's top bar holds nothing: it takes no room."""
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(PAGE_TYPES[kind])
    height = page.evaluate("() => document.querySelector('.bd-header').getBoundingClientRect().height")
    assert height == 0
    page.set_viewport_size({"width": 375, "height": 900})  # on a phone it holds the menu button
    assert page.evaluate("() => document.querySelector('.bd-header').getBoundingClientRect().height") > 0


TABLE = """() => {
  const t = document.querySelector('table.briefing-elements');
  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
  const line = parseFloat(getComputedStyle(t.querySelector('tbody td')).lineHeight);
  const rows = [...t.tBodies[0].rows].map(r => r.getBoundingClientRect().height);
  const b = box.getBoundingClientRect();
  return {line, tallest: Math.max(...rows), left: b.left, right: b.right,
          overflow: getComputedStyle(box).overflowX, scroll: box.scrollWidth, client: box.clientWidth,
          page: document.scrollingElement.scrollWidth};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_elements_table_fits_or_scrolls_in_its_own_box(new_page: Callable[..., Page], width: int) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(PAGE_TYPES["glossary"])
    t = page.evaluate(TABLE)
    assert t["page"] <= width
    assert t["left"] >= 0 and t["right"] <= width
    # no row taller than one line and its padding
    assert t["tallest"] < 2 * t["line"] + 16, t
    if t["scroll"] > t["client"]:
        assert t["overflow"] in ("auto", "scroll"), t
    # every column reachable: scrolled to its end, the last header is inside the box
    last = page.evaluate("""() => {
      const t = document.querySelector('table.briefing-elements');
      const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
      box.scrollLeft = box.scrollWidth;
      const th = t.tHead.rows[0].cells[t.tHead.rows[0].cells.length - 1].getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return th.left >= b.left - 1 && th.right <= b.right + 1;
    }""")
    assert last


SHOWN_WORDS = """note => {
  const body = note.querySelector('.briefing-note-body');
  const shown = body.getBoundingClientRect();
  if (shown.height === 0) return 0;
  const first = body.querySelector('p') || body;
  const walker = document.createTreeWalker(first, NodeFilter.SHOW_TEXT);
  let count = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const r = range.getBoundingClientRect();
      if (r.height && r.top >= shown.top - 1 && r.bottom <= shown.bottom + 1) count++;
    }
  }
  return count;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_folded_note_shows_enough_to_say_what_it_is_about(
    new_page: Callable[..., Page], width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(BRIEFING)
    note = page.locator("aside#note-factcheck-day-before")
    assert "briefing-note-open" not in (note.get_attribute("class") or "")
    # "Inaccurate. MOFCOM's" is three words; the first sentence runs on past a dozen
    assert note.evaluate(SHOWN_WORDS) >= 12
