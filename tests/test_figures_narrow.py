"""The figures re-flowed for a phone: as wide as its column, text near life size, nothing cut,
every mark still a link and the same title and description as the wide drawing."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.figures import (
    Cell,
    Mark,
    Milestone,
    cast_figure,
    cast_narrow,
    strip_figure,
    strip_narrow,
    timeline_figure,
    timeline_narrow,
)
from briefing.figures._narrow import WIDTH
from briefing.figures._svg import width_of
from briefing.records import cast

from .test_figures import HOSTILE, SVG, _seed

D = dt.date
PHONE_COLUMN = 327.0
"""The figure's width in a 375 px screen (the theme's padding taken off)."""


def _texts(root: ET.Element) -> list[tuple[float, str, ET.Element]]:
    """Each piece of text with the font size it is drawn at (a tspan inherits its text's)."""
    out = []
    for t in root.iter(f"{SVG}text"):
        size = float(t.get("font-size", "0"))
        spans = list(t.iter(f"{SVG}tspan"))
        if not spans:
            out.append((size, t.text or "", t))
        for s in spans:
            out.append((float(s.get("font-size", size)), s.text or "", s))
    return out


def _assert_reads_on_a_phone(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.get("viewBox").split()[2] == f"{WIDTH:.0f}"
    scale = PHONE_COLUMN / WIDTH
    for size, content, _ in _texts(root):
        assert size * scale >= 11, (size, content)
        assert "\u2026" not in content, content  # nothing cut short
    return root


marks_strategy = st.lists(
    st.builds(
        lambda title, start, days, kind: Mark(
            title[:8] or "x", title, kind, start, start + dt.timedelta(days=days) if days else None, "e.html"
        ),
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=90),
        st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
        st.integers(0, 40),
        st.sampled_from(["event", "document", "statistic"]),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(marks_strategy)
def test_the_vertical_timeline_reads_on_a_phone_and_links_every_mark(marks: list[Mark]) -> None:
    pubs = [Milestone("b", "A briefing with a long title about rare earths", D(2025, 6, 8), "b.html")]
    narrow = timeline_narrow(marks, pubs)
    root = _assert_reads_on_a_phone(narrow.svg)
    links = [a for a in root.iter(f"{SVG}a") if "bf-mark" in a.get("class", "")]
    assert len(links) == len(marks) and all(a.get("href") == "e.html" for a in links)
    # every line of text stays inside the drawing
    for size, content, element in _texts(root):
        x = float(element.get("x", "0"))
        if element.get("text-anchor") != "end":
            assert x + width_of(content, size) <= WIDTH + 0.5, content
    wide = timeline_figure(marks, pubs)
    assert (narrow.title, narrow.desc) == (wide.title, wide.desc)


def test_the_vertical_timeline_runs_in_date_order_and_escapes() -> None:
    narrow = timeline_narrow(
        [
            Mark("b", "Later", "event", D(2025, 6, 5), None, "b.html"),
            Mark("a", HOSTILE, "event", D(2025, 5, 10), D(2025, 5, 11), "a.html"),
        ],
        [Milestone("br", "Brief", D(2025, 6, 1), "br.html")],
    )
    root = ET.fromstring(narrow.svg)
    order = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert order == ["a.html", "br.html", "b.html"]
    assert "<b>" not in narrow.svg and "\x00" not in narrow.svg


def _seed_cells(highlight: str = "") -> list[Cell]:
    entries, _ = _seed()
    return [
        Cell(
            e.id,
            e.title,
            e.symbol,
            e.atomic_number,
            e.group,
            e.export_control.since if e.export_control else None,
            f"{e.id}.html",
        )
        for e in entries.values()
        if e.type == "element"
    ]


def test_the_wrapped_strip_reads_on_a_phone_with_every_cell_linked() -> None:
    cells = _seed_cells()
    narrow = strip_narrow(cells, highlight="dysprosium")
    root = _assert_reads_on_a_phone(narrow.svg)
    links = list(root.iter(f"{SVG}a"))
    assert len(links) == 17 and {a.get("href") for a in links} == {f"{c.id}.html" for c in cells}
    assert [a.get("href") for a in links if a.get("aria-current") == "page"] == ["dysprosium.html"]
    assert sum(1 for a in links if a.find(f".//{SVG}rect[@class='bf-controlled']") is not None) == 7
    # in rows: the cells sit on more than one line, and every one inside the drawing
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class", "").startswith("bf-cell ")]
    assert len({r.get("y") for r in rects if r.get("height") != "13"}) >= 3
    assert all(float(r.get("x")) + float(r.get("width")) <= WIDTH for r in rects)
    wide = strip_figure(cells, highlight="dysprosium")
    assert (narrow.title, narrow.desc) == (wide.title, wide.desc)
    # its pattern has an id of its own, so both drawings can share a page
    assert 'id="bf-strip-narrow-hatch"' in narrow.svg and 'id="bf-strip-hatch"' not in narrow.svg


def test_the_stacked_who_is_who_reads_on_a_phone_with_every_node_linked() -> None:
    entries, events = _seed()
    sides = cast(events, entries)
    ids = {
        n.id
        for s in sides
        for t in s.teams
        for n in ([t.organization] if t.organization else []) + list(t.people)
    }
    hrefs = {i: f"{i}.html" for i in ids}
    narrow = cast_narrow(sides, hrefs)
    root = _assert_reads_on_a_phone(narrow.svg)
    assert {f"{i}.html" for i in ids} <= {a.get("href") for a in root.iter(f"{SVG}a")}
    wide = cast_figure(sides, hrefs)
    assert (narrow.title, narrow.desc) == (wide.title, wide.desc)
    # stacked: every side starts at the left edge
    assert {t.get("x") for t in root.iter(f"{SVG}text") if t.get("class") == "bf-side"} == {"6"}
