"""The figures as pure functions: well-formed, escaped, collision-free, built from the data."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.dates import date_range, long_date
from briefing.figures import (
    Cell,
    Mark,
    Milestone,
    Node,
    Side,
    Team,
    cast_figure,
    strip_figure,
    timeline_figure,
)
from briefing.figures._svg import width_of
from briefing.loading import load_project
from briefing.model import Event
from briefing.records import cast

from .conftest import SEEDS

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 5, 10), None, "10 May 2025"),
        (D(2025, 5, 10), D(2025, 5, 10), "10 May 2025"),
        (D(2025, 5, 10), D(2025, 5, 11), "10–11 May 2025"),
        (D(2025, 4, 30), D(2025, 5, 2), "30 April – 2 May 2025"),
        (D(2024, 12, 30), D(2025, 1, 2), "30 December 2024 – 2 January 2025"),
        ("2025-06-09", "2025-06-10", "9–10 June 2025"),
        ("2025-06-09", "", "9 June 2025"),
    ],
)
def test_date_ranges_name_each_month_and_year_once(
    start: D | str, end: D | str | None, expected: str
) -> None:
    assert date_range(start, end) == expected


def test_long_date() -> None:
    assert long_date(D(2025, 4, 4)) == "4 April 2025"
    assert long_date(None) == ""


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


HOSTILE = "A <b>&amp; \"quoted\" 'x' ]]> \x00\x07 title"

titles = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@st.composite
def marks(draw: st.DrawFn) -> list[Mark]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        start = draw(days)
        length = draw(st.sampled_from([None, 0, 1, 3, 40]))
        end = None if length is None else start + dt.timedelta(days=length)
        out.append(
            Mark(
                f"e{i}", draw(titles), draw(st.sampled_from(["event", "document", "x"])), start, end, f"#e{i}"
            )
        )
    return out


def _boxes(root: ET.Element, cls: str) -> list[tuple[float, float, float]]:
    """(lane y, left, right) of each label, by the same width estimate the layout uses."""
    out = []
    for a in _links(root):
        if cls not in a.get("class", "").split():
            continue
        label = next(t for t in a.iter(f"{SVG}text"))
        x, y, size = float(label.get("x")), float(label.get("y")), float(label.get("font-size"))
        shapes = [float(c.get("cx")) for c in a.iter(f"{SVG}circle")] + [
            v
            for r in a.iter(f"{SVG}rect")
            for v in (float(r.get("x")), float(r.get("x")) + float(r.get("width")))
        ]
        width = width_of(label.text or "", size)
        out.append((y, min([x, *shapes]), max([x + width, *shapes])))
    return out


@settings(max_examples=60, deadline=None)
@given(marks(), st.lists(st.tuples(days, titles), max_size=4))
def test_timeline_is_well_formed_and_labels_never_overlap(given_marks: list[Mark], pubs: list) -> None:
    milestones = [Milestone(f"b{i}", t, d, f"b{i}.html") for i, (d, t) in enumerate(pubs)]
    figure = timeline_figure(given_marks, milestones)
    root = _parse(figure.svg)
    assert len([a for a in _links(root) if "bf-mark" in a.get("class", "")]) == len(given_marks)
    assert len([a for a in _links(root) if "bf-pub" in a.get("class", "")]) == len(milestones)
    for cls in ("bf-mark", "bf-pub"):
        boxes = sorted(_boxes(root, cls))
        for (y1, _l1, r1), (y2, l2, _r2) in itertools.pairwise(boxes):
            if y1 == y2:
                assert r1 <= l2, f"labels overlap on lane {y1}"
        for _, left, right in boxes:
            assert left >= 0 and right <= figure.width + 0.5


def test_timeline_marks_days_as_points_ranges_as_bars_and_escapes_titles() -> None:
    figure = timeline_figure(
        [
            Mark("a", HOSTILE, "event", D(2025, 5, 10), D(2025, 5, 11), "a.html#x"),
            Mark("b", "One day", "document", D(2025, 6, 5), None, "b.html"),
        ],
        [Milestone("br", "Brief", D(2025, 6, 8), "br.html")],
    )
    root = _parse(figure.svg)
    a, b = (x for x in _links(root) if "bf-mark" in x.get("class", ""))
    assert a.find(f"{SVG}rect") is not None and a.find(f"{SVG}circle") is None
    assert b.find(f"{SVG}circle") is not None
    assert a.get("href") == "a.html#x" and a.get("aria-label").endswith("(10–11 May 2025)")
    assert "<b>" not in figure.svg and "\x00" not in figure.svg
    assert root.find(f"{SVG}title").text == figure.title
    assert "8 June 2025" in root.find(f"{SVG}desc").text


def test_a_marks_name_and_tooltip_give_its_date_once() -> None:
    figure = timeline_figure(
        [
            Mark("a", "Trump–Xi phone call (5 June 2025)", "event", D(2025, 6, 5), None, "a.html"),
            Mark("b", "London talks", "event", D(2025, 6, 9), D(2025, 6, 10), "b.html"),
        ],
        [],
    )
    tips = re.findall(r"<title>([^<]*)</title>", figure.svg)
    assert "Trump–Xi phone call (5 June 2025)" in tips and "London talks (9–10 June 2025)" in tips
    assert not any(tip.count("5 June 2025") > 1 for tip in tips)


def _seed() -> tuple[dict, list[Event]]:
    project, _ = load_project(SEEDS)
    entries = {k: v.record for k, v in project.entries.items()}
    return entries, [e for e in entries.values() if isinstance(e, Event)]


def test_seed_strip_has_every_rare_earth_and_hatches_the_april_controls() -> None:
    entries, _ = _seed()
    cells = [
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
    figure = strip_figure(cells, highlight="dysprosium")
    root = _parse(figure.svg)
    links = _links(root)
    symbols = [
        next(t.text for t in a.iter(f"{SVG}tspan") if "bf-symbol" in t.get("class", "")) for a in links
    ]
    rare_earths = ["Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu"]
    rare_earths += ["Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"]
    assert symbols == rare_earths
    controlled = {
        s
        for s, a in zip(symbols, links, strict=True)
        if a.find(f"{SVG}rect[@class='bf-controlled']") is not None
    }
    assert controlled == {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}
    for s, a in zip(symbols, links, strict=True):
        status = next(t.text for t in a.iter(f"{SVG}tspan") if "bf-status" in t.get("class", ""))
        assert ("since 4 April 2025" in status) == (s in controlled)
    own = [a for a in links if a.get("aria-current") == "page"]
    assert [a.get("href") for a in own] == ["dysprosium.html"]
    assert "Sm, Gd, Tb, Dy, Lu" in figure.desc or "since 4 April 2025" in figure.desc


def test_strips_drawn_one_after_another_each_outline_only_their_own_cell() -> None:
    """Cells are drawn once and reused across pages: one page's outline must not leak
    into the next page's strip, nor a link change go unseen."""
    entries, _ = _seed()
    elements = [e for e in entries.values() if e.type == "element"]

    def cells(prefix: str) -> list[Cell]:
        return [
            Cell(e.id, e.title, e.symbol, e.atomic_number, e.group, None, f"{prefix}{e.id}.html")
            for e in elements
        ]

    for highlight in ("dysprosium", "yttrium", ""):
        root = _parse(strip_figure(cells(""), highlight=highlight).svg)
        own = [a.get("href") for a in _links(root) if a.get("aria-current") == "page"]
        assert own == ([f"{highlight}.html"] if highlight else [])
        assert len(root.findall(f".//{SVG}rect[@stroke-width='3']")) == (2 if highlight else 0)
    moved = _links(_parse(strip_figure(cells("../glossary/"), highlight="yttrium").svg))
    assert all(a.get("href", "").startswith("../glossary/") for a in moved)


def test_seed_cast_groups_parties_by_country_from_the_data() -> None:
    entries, events = _seed()
    london = [
        e for e in events if e.id in ("london-talks-2025-06", "geneva-talks", "mfa-briefing-2025-06-06")
    ]
    sides = {s.title: s for s in cast(london, entries)}
    assert set(sides) == {"United States", "China"}

    def members(title: str) -> set[str]:
        side = sides[title]
        return {t.organization.id for t in side.teams if t.organization} | {
            p.id for t in side.teams for p in t.people
        }

    assert members("United States") == {
        "us-government",
        "us-treasury",
        "us-commerce-department",
        "ustr",
        "scott-bessent",
        "howard-lutnick",
        "jamieson-greer",
    }
    assert members("China") == {
        "chinese-government",
        "mofcom",
        "china-foreign-ministry",
        "he-lifeng",
        "wang-wentao",
        "lin-jian",
    }
    treasury = next(
        t for t in sides["United States"].teams if t.organization and t.organization.id == "us-treasury"
    )
    assert [p.id for p in treasury.people] == ["scott-bessent"]


def test_the_seeds_parties_are_parties_not_the_programmes_they_spoke_on() -> None:
    entries, events = _seed()
    assert [s.title for s in cast(events, entries)] == ["United States", "China"]  # no "Other parties"
    parties = {p for e in events for p in e.parties}
    assert "face-the-nation" not in parties  # the venue of Hassett's interview, not a side in it


def test_cast_figure_links_every_node_and_escapes() -> None:
    entries, events = _seed()
    sides = cast(events, entries)
    ids = {
        n.id
        for s in sides
        for t in s.teams
        for n in ([t.organization] if t.organization else []) + list(t.people)
    }
    figure = cast_figure(
        sides, {i: f"{i}.html" for i in ids} | {"china": "china.html", "united-states": "united-states.html"}
    )
    hrefs = {a.get("href") for a in _links(_parse(figure.svg))}
    assert {f"{i}.html" for i in ids} <= hrefs
    assert {"china.html", "united-states.html"} <= hrefs
    nasty = cast_figure((Side(HOSTILE, None, ()),), {})
    assert _parse(nasty.svg) is not None and "<b>" not in nasty.svg


def test_unknown_country_is_a_check_error(tmp_path) -> None:
    import shutil

    from briefing.checks import check_project

    shutil.copytree(SEEDS, tmp_path / "seeds")
    path = tmp_path / "seeds" / "glossary" / "organization" / "ustr.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("country: united-states", "country: united-statez"),
        encoding="utf-8",
    )
    result = check_project(tmp_path / "seeds")
    assert any(
        re.search(r"ustr\.yaml:\d+:\d+", str(e.location)) and "united-statez" in e.message
        for e in result.errors
    ), [str(e) for e in result.errors]


@st.composite
def any_span(draw: st.DrawFn) -> tuple[D, D | None]:
    start = draw(st.one_of(st.dates(), st.sampled_from([D.min, D.max, D(1, 12, 31), D(9999, 1, 1)])))
    end = draw(st.one_of(st.none(), st.dates(min_value=start), st.just(D.max)))
    return start, end


@pytest.mark.parametrize("printed", [False, True])
@settings(max_examples=80, deadline=None)
@given(st.lists(any_span(), min_size=1, max_size=4), st.lists(st.dates(), max_size=2))
def test_the_axis_spans_any_dates_a_day_can_hold(
    printed: bool, spans: list[tuple[D, D | None]], pubs: list[D]
) -> None:
    given_marks = [Mark(f"e{i}", "t", "event", s, e, f"#e{i}") for i, (s, e) in enumerate(spans)]
    milestones = [Milestone(f"b{i}", "p", d, f"b{i}.html") for i, d in enumerate(pubs)]
    root = _parse(timeline_figure(given_marks, milestones, printed=printed).svg)
    ticks = [float(line.get("x1")) for line in root.iter(f"{SVG}line") if line.get("class") == "bf-grid"]
    assert ticks == sorted(ticks)
    assert len(ticks) <= 60
    assert all(0 <= x <= 720 for x in ticks)


def test_the_axis_of_the_first_and_last_days_names_years() -> None:
    figure = timeline_figure([Mark("e", "All time", "event", D.min, D.max, "#e")])
    labels = [t.text for t in _parse(figure.svg).iter(f"{SVG}text") if t.get("class") == "bf-muted"]
    assert labels[:2] == ["1000", "2000"] and labels[-2:] == ["9000", "Point: one day · bar: several days"]
    assert "1 January 1 to 31 December 9999" in figure.svg


def test_a_long_organization_name_wraps_in_its_box_rather_than_being_cut() -> None:
    name = "Government of the United States (“Washington”) and its Department of the Treasury"
    org, short = Node("o", name, "organization"), Node("s", "Reuters", "organization")
    sides = (Side("United States", None, (Team(org, ()), Team(short, ()))), Side("China", None, ()))
    root = _parse(cast_figure(sides, {"o": "#o", "s": "#s"}).svg)
    label = next(t for t in root.iter(f"{SVG}text") if "Government" in "".join(t.itertext()))
    lines = [span.text for span in label.iter(f"{SVG}tspan")]
    assert " ".join(lines) == name and len(lines) > 1
    box = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "bf-org-box")
    last_baseline = max(float(span.get("y")) for span in label.iter(f"{SVG}tspan"))
    assert float(box.get("y")) + float(box.get("height")) > last_baseline  # every line inside its box


def test_the_print_axis_shortens_only_quiet_stretches_and_marks_each_break() -> None:
    from briefing.figures._print_axis import QUIET, Axis

    days = [0, 1, 2, 40, 41, 100]
    axis = Axis(days, 0.0, 100.0)
    xs = [axis(d) for d in range(0, 101)]
    assert xs == sorted(xs) and xs[0] == 0.0 and xs[-1] == pytest.approx(100.0)
    one_day = axis(1) - axis(0)
    assert axis(40) - axis(2) == pytest.approx(QUIET * one_day)  # 38 quiet days drawn as QUIET
    assert axis(41) - axis(40) == pytest.approx(one_day)
    assert len(axis.breaks) == 2 and axis(2) < axis.breaks[0] < axis(40)


def test_a_printed_timeline_wraps_long_titles_whole() -> None:
    from briefing.figures._print_axis import wrap

    title = "A very long title " * 12 + "Supercalifragilisticexpialidocious" * 4
    lines = wrap(title, 11, 200)
    assert " ".join(lines).split() == title.split()
    assert all(width_of(line, 11) <= 200 for line in lines if " " in line)
    figure = timeline_figure([Mark("a", title, "event", D(2025, 1, 1), None, "")], printed=True)
    shown = " ".join(" ".join(t.itertext()) for t in _parse(figure.svg).iter(f"{SVG}text"))
    assert "\u2026" not in shown and all(word in shown.split() for word in title.split())


@pytest.mark.parametrize("group", ["light", "medium", "heavy"])
def test_a_printed_group_name_stays_inside_its_cell(group: str) -> None:
    """The print face sets wide letters wider than the estimate: a name that may overrun
    its cell is set to the cell's room on paper; on the site it is left to the browser."""
    from briefing.figures._strip import CELL_W, PRINT_WIDER

    cells = [Cell("x", "X", "Xx", 60, group, None, "x.html")]
    for printed in (True, False):
        root = _parse(strip_figure(cells, printed=printed).svg)
        span = next(t for t in root.iter(f"{SVG}tspan") if t.text == group)
        length = span.get("textLength")
        if printed and width_of(group, 10) * PRINT_WIDER > CELL_W - 4:
            assert length is not None and float(length) <= CELL_W - 4
            assert span.get("lengthAdjust") == "spacing"
        else:
            assert length is None
    assert group != "medium" or width_of(group, 10) * PRINT_WIDER > CELL_W - 4
