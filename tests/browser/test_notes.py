"""Analyst notes: in the margin level with their span on wide screens, folded and opened in place
on narrow ones, each with a permalink and its kind, author and date in view."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import BRIEFING

GAP = 8  # px between stacked notes, as in briefing-notes.js

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

GEOMETRY = """() => {
  const article = document.querySelector('.briefing-article');
  const text = [...article.querySelectorAll('.briefing-text, .briefing-caption')]
    .map(e => e.getBoundingClientRect());
  const notes = [...article.querySelectorAll('aside.briefing-note')].map(note => {
    const run = [...article.querySelectorAll('.briefing-noted[data-notes]')]
      .find(r => r.dataset.notes.split(' ').includes(note.id));
    const anchor = run || article.querySelector(`a.briefing-note-ref[href="#${note.id}"]`);
    const r = note.getBoundingClientRect();
    return {id: note.id, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            anchor: anchor.getClientRects()[0].top};
  });
  return {notes, articleTop: article.getBoundingClientRect().top,
          textRight: Math.max(...text.map(r => r.right)),
          gaps: text.slice(1).map((r, i) => r.top - text[i].bottom)};
}"""


UNCLIPPED_META = """n => {
  const m = n.querySelector('.briefing-note-meta').getBoundingClientRect(), r = n.getBoundingClientRect();
  return m.height > 0 && m.top >= r.top && m.bottom <= r.bottom;
}"""
FULLY_SHOWN = """n => [n, ...n.querySelectorAll('*')].every(e => e.scrollHeight <= e.clientHeight + 1
  || getComputedStyle(e).overflowY === 'visible')"""


def geometry(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(GEOMETRY)
    return result


@pytest.mark.parametrize("width", [1150, 1280, 1600])
def test_wide_notes_sit_beside_their_spans_in_the_margin(
    new_page: Callable[..., Page], artifacts: Path, width: int
) -> None:
    """Notes keep the order of their spans and never overlap; where they crowd, each run of
    touching notes is centred on its spans (least squares), else a note is level with its span."""
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(BRIEFING)
    page.wait_for_load_state("load")
    g = geometry(page)
    notes = sorted(g["notes"], key=lambda n: n["anchor"])
    assert len(notes) > 20
    runs: list[list[dict[str, Any]]] = []
    for before, note in zip([None, *notes], notes, strict=False):
        assert note["left"] >= g["textRight"], f"{note['id']} covers the text"
        if before is None or note["top"] - before["bottom"] > GAP + 1:
            runs.append([note])
        else:
            assert note["top"] - before["bottom"] >= GAP - 1, (before["id"], note["id"])
            runs[-1].append(note)
    for run in runs:
        shift = sum(n["top"] - n["anchor"] for n in run) / len(run)
        at_top = abs(run[0]["top"] - g["articleTop"]) <= 1  # held below the article's top
        assert abs(shift) <= 2 or (at_top and shift > 0), [n["id"] for n in run]
    # The notes no longer hold the text apart: paragraphs follow each other closely.
    assert max(g["gaps"]) < 60, g["gaps"]
    page.screenshot(path=artifacts / f"notes-{width}.png", full_page=True)


def test_a_cut_note_opens_and_the_notes_below_make_room(page: Page) -> None:
    page.goto(BRIEFING)
    note = page.locator("aside.briefing-note.briefing-note-more").first
    toggle = note.locator("button.briefing-note-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    cut = note.bounding_box()
    assert cut is not None
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(100)  # the layout follows on the next frame
    full = note.bounding_box()
    assert full is not None and full["height"] > cut["height"] + 20
    g = geometry(page)
    notes = sorted(g["notes"], key=lambda n: n["top"])
    for above, below in itertools.pairwise(notes):
        assert below["top"] >= above["bottom"], (above["id"], below["id"])


def test_keyboard_focus_inside_a_cut_note_opens_it(page: Page) -> None:
    page.goto(BRIEFING)
    note = page.locator("aside.briefing-note.briefing-note-more").first
    # Contributors' Markdown may link out from a note's body: add a link at its end.
    note.evaluate("""n => {
      const a = Object.assign(document.createElement('a'), {href: '#p-1', textContent: 'a link'});
      n.querySelector('.briefing-note-body > :last-child').append(' ', a);
    }""")
    link = note.locator(".briefing-note-body a[href='#p-1']")
    in_cut_part = """a => a.getBoundingClientRect().top
      >= a.closest('.briefing-note-body').getBoundingClientRect().bottom - 1"""
    assert link.evaluate(in_cut_part)
    # Tabbing past the heading's controls leaves the note as it is.
    note.locator("a.briefing-note-permalink").focus()
    assert "briefing-note-open" not in (note.get_attribute("class") or "")
    link.focus()
    assert "briefing-note-open" in (note.get_attribute("class") or "")
    assert note.evaluate(FULLY_SHOWN)


def test_narrow_notes_fold_and_open_in_place(new_page: Callable[..., Page], artifacts: Path) -> None:
    page = new_page(viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True)
    page.goto(BRIEFING)
    note = page.locator("aside#note-factcheck-day-before")
    body = note.locator(".briefing-note-body > p").nth(1)
    toggle = note.locator("button.briefing-note-toggle")
    # Folded: the heading line says what kind of note it is, the body's first lines what it
    # is about (test_narrow), the rest waits.
    assert note.locator(".briefing-note-kind").is_visible() and not _shown(body)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-label") == "Show note 1"
    # The number mark in the text opens it, below its paragraph.
    page.locator('a.briefing-note-ref[href="#note-factcheck-day-before"]').tap()
    assert _shown(body) and toggle.get_attribute("aria-expanded") == "true"
    paragraph = page.locator("#p-1").bounding_box()
    opened = note.bounding_box()
    assert paragraph and opened and opened["y"] >= paragraph["y"] + paragraph["height"]
    assert opened["x"] >= 0 and opened["x"] + opened["width"] <= 375
    page.screenshot(path=artifacts / "note-open-375.png")
    toggle.tap()
    assert not _shown(body) and toggle.get_attribute("aria-expanded") == "false"


def _shown(element: Locator) -> bool:
    """Whether ``element`` shows inside the note's body, not cut off below its folded height."""
    return bool(
        element.evaluate(
            """e => { const r = e.getBoundingClientRect();
              const b = e.closest('.briefing-note-body').getBoundingClientRect();
              return r.height > 0 && r.top < b.bottom - 1; }"""
        )
    )


def test_permalink_shows_its_note_open(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport={"width": 375, "height": 800})
    page.goto(BRIEFING)
    link = page.locator("aside#note-context-medium-heavy a.briefing-note-permalink")
    assert link.get_attribute("href") == "#note-context-medium-heavy"
    assert link.get_attribute("aria-label") == "Link to note 2" and link.is_visible()
    page.goto(BRIEFING + "#note-context-medium-heavy")
    note = page.locator("aside#note-context-medium-heavy")
    assert "briefing-note-open" in (note.get_attribute("class") or "")
    assert note.get_by_text("ionic-clay deposits").is_visible()
    assert note.evaluate("n => n.matches(':target')")


def test_each_note_shows_kind_author_and_date(page: Page) -> None:
    page.goto(BRIEFING)
    notes = page.locator(".briefing-article aside.briefing-note")
    for i in range(notes.count()):
        note = notes.nth(i)
        assert note.locator(".briefing-note-kind").is_visible()
        meta = note.locator(".briefing-note-meta")
        assert meta.is_visible() and note.evaluate(UNCLIPPED_META), note.get_attribute("id")
        assert "Briefing desk" in meta.inner_text() and " 2025" in meta.inner_text()
    judgment = page.locator("aside#note-kj-licences-are-leverage .briefing-note-meta")
    assert (
        "Likelihood: very likely" in judgment.inner_text() and "Confidence: moderate" in judgment.inner_text()
    )


def test_without_scripts_every_note_shows_in_full_beside_its_paragraph(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(BRIEFING)
    assert page.locator("button.briefing-note-toggle").count() == 0
    g = geometry(page)
    for note in g["notes"]:
        assert note["left"] >= g["textRight"]
    body = page.locator("aside#note-factcheck-day-before .briefing-note-body > p").first
    assert body.is_visible() and "Inaccurate." in body.inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_printed_page_shows_every_note_in_full_after_its_paragraph(
    new_page: Callable[..., Page], width: int
) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(BRIEFING)
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    assert page.locator("button.briefing-note-toggle:visible").count() == 0
    notes = page.locator(".briefing-article aside.briefing-note")
    for i in range(notes.count()):
        note = notes.nth(i)
        body = note.locator(".briefing-note-body > p").first
        assert body.is_visible(), note.get_attribute("id")
        assert note.evaluate(FULLY_SHOWN), note.get_attribute("id")
    g = geometry(page)
    for note in g["notes"]:  # in the flow, below the text, not beside it
        assert note["left"] < g["textRight"]


def test_margin_notes_work_from_file_urls(new_page: Callable[..., Page], site_html: Path) -> None:
    page = new_page()
    page.goto((site_html / BRIEFING).as_uri())
    page.wait_for_load_state("load")
    assert page.locator(".briefing-article.briefing-sidenotes").count() == 1
    g = geometry(page)
    assert all(note["left"] >= g["textRight"] for note in g["notes"])
