"""The seed brief as a reader sees its pages: how full they are, where headings
fall, how page references and detail lines read, and what the file weighs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from pypdf import PdfReader

from briefing.build import BuildResult
from briefing.figures._svg import width_of
from briefing.pdf._figures import curly_quotes, legible_width
from briefing.pdf._typst import Markup

from .test_pdf import BRIEFING, flat_text, page_texts, text_runs

A4_HEIGHT = 841.89
BODY_TOP = A4_HEIGHT - 2.5 / 2.54 * 72  # the template's page margins
BODY_BOTTOM = 2.4 / 2.54 * 72


@pytest.fixture(scope="module")
def reader(seed_build: BuildResult) -> PdfReader:
    return PdfReader(seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf")


def body_lines(reader: PdfReader, index: int) -> list[float]:
    """The baselines of the text lines of a page's body (header and footer left out)."""
    runs = text_runs(reader.pages[index])
    return sorted({round(y) for _, y, _ in runs if BODY_BOTTOM < y < BODY_TOP}, reverse=True)


def test_page_one_carries_the_judgments_the_contents_and_the_start_of_the_brief(reader: PdfReader) -> None:
    first = flat_text(page_texts(reader)[0])
    assert "KEY JUDGMENTS" in first and "CONTENTS" in first
    assert "Who’s who" in first.split("CONTENTS", 1)[1].split("Sources", 1)[1]  # the section itself
    assert "Wang Wentao" in first


def test_no_page_but_the_last_is_more_than_a_third_empty(reader: PdfReader) -> None:
    height = BODY_TOP - BODY_BOTTOM
    for index in range(len(reader.pages) - 1):
        lowest = body_lines(reader, index)[-1]
        empty = (lowest - BODY_BOTTOM) / height
        assert empty < 1 / 3, f"page {index + 1} is {empty:.0%} empty below its last line"


def _outline(items: list) -> list:
    flat = []
    for item in items:
        flat.extend(_outline(item) if isinstance(item, list) else [item])
    return flat


def test_no_heading_at_the_foot_of_a_page_without_its_first_lines(reader: PdfReader) -> None:
    headings = _outline(reader.outline)
    assert len(headings) > 50
    for heading in headings:
        index = reader.get_destination_page_number(heading)
        below = [y for y in body_lines(reader, index) if y < float(heading["/Top"]) - 18]
        assert len(below) >= 2, f"{heading['/Title']!r} ends page {index + 1}"


def see_page_links(reader: PdfReader) -> list[tuple[int, str, str]]:
    """(page, destination, text) of each internal link whose text begins "(see"."""
    found = []
    for number, page in enumerate(reader.pages, start=1):
        runs = text_runs(page)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/URI" in annot.get("/A", {}):
                continue
            dest = annot.get("/Dest") or annot["/A"]["/D"]
            x0, x1 = sorted(float(v) for v in annot["/Rect"][0::2])
            y0, y1 = sorted(float(v) for v in annot["/Rect"][1::2])
            if y1 - y0 > 20:
                continue  # a link over several lines (a mention that wraps): not a page reference
            text = "".join(t for x, y, t in runs if x0 - 0.5 <= x < x1 - 0.5 and y0 <= y <= y1).strip()
            if text.startswith("(see") or (text.startswith("p.") and text.endswith(")")):
                found.append((number, str(dest.get_object()), text))
    return found


def test_see_page_is_never_split_and_given_once_per_entry_on_a_page(reader: PdfReader) -> None:
    links = see_page_links(reader)
    assert len(links) > 40
    split = [text for _, _, text in links if not re.fullmatch(r"\(see p\.\s\d+\)", text)]
    assert not split, split
    in_article = Counter((page, dest) for page, dest, _ in links if page <= 4)
    assert in_article and max(in_article.values()) == 1
    assert not re.search(r"\(see\s*\n", "\n".join(page_texts(reader)))


def test_the_key_judgment_detail_lines_keep_their_parts_apart(reader: PdfReader) -> None:
    text = flat_text(" ".join(page_texts(reader)))
    assert "Likelihood: likely · Confidence: moderate · " in text
    assert re.search(
        r"(Open|Came true|Did not come true|Partly came true|Cannot be judged)[^·]* · "
        r"(Outcome|Watch list) and history · Reasoning and sources",
        text,
    )
    assert re.search(r"Briefing desk · \d+ \w+ \d{4} · Likelihood: ", text)
    assert not re.search(r"\w (Confidence|Likelihood|Reasoning and sources)\b", text.replace("·", ""))


def test_typeset_text_has_curly_quotes_the_article_its_own(
    seed_build: BuildResult, reader: PdfReader
) -> None:
    typst = (seed_build.sources.parent / "briefingpdf" / f"{BRIEFING}.typ").read_text(encoding="utf-8")
    footnotes = re.findall(r"#footnote\[(?:\\.|[^\]\\])*\]", typst)
    assert footnotes and not any('\\"' in f or "\\'" in f for f in footnotes)
    text = " ".join(page_texts(reader))
    assert "“Medium and heavy rare earths”" in text  # a footnote's gist
    assert '"' not in text  # the seed's article writes curly quotes itself


def test_quotes_are_typeset_outside_the_article_only() -> None:
    markup = Markup(frozenset(range(0x20, 0x7F)))
    assert markup.text('"Beijing" isn\'t') == '\\"Beijing\\" isn\\\'t'
    assert markup.text('"Beijing" isn\'t', typeset_quotes=True) == '"Beijing" isn\'t'
    assert markup.text("#a [b]", typeset_quotes=True) == "\\#a \\[b\\]"
    assert curly_quotes('China ("Beijing") said \'no\' to Xi\'s "deal"') == (
        "China (“Beijing”) said ‘no’ to Xi’s “deal”"
    )


def test_the_seed_brief_weighs_at_most_450_kb_with_object_streams(seed_build: BuildResult) -> None:
    pdf = seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf"
    assert pdf.stat().st_size <= 450_000
    assert b"/ObjStm" in pdf.read_bytes()


def sans_sizes(reader: PdfReader) -> list[tuple[float, int, str]]:
    """(printed size in pt, page, text) of every run in the sans face, the only face of
    the figures (and of headings, running heads and labels)."""
    found = []
    for number, page in enumerate(reader.pages, start=1):

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            if text.strip() and "DejaVuSans" in name:
                # the scale of each matrix whatever its rotation (an axis title is turned)
                scale = abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5 * abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5
                printed = size * scale
                found.append((printed, number, text.strip()))  # noqa: B023

        page.extract_text(visitor_text=visit)
    return found


def test_no_figure_text_prints_smaller_than_7_pt(reader: PdfReader) -> None:
    sizes = sans_sizes(reader)
    strip_page = next(i for i, t in enumerate(page_texts(reader), start=1) if "periodic table" in t)
    on_strip = "".join(text for _, page, text in sizes if page == strip_page)
    assert "Dy" in on_strip and "heavy" in on_strip  # the figures' text is read
    small = sorted({(round(size, 2), page, text) for size, page, text in sizes if size < 6.95})
    assert not small, small[:10]


def test_a_figure_is_set_as_wide_as_its_smallest_label_needs() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 100"><text font-size="10">a</text></svg>'
    assert legible_width(svg) == pytest.approx(490)
    assert legible_width(svg.replace('font-size="10"', 'font-size="14"')) == pytest.approx(350)


def _printed(seed_build: BuildResult, kind: str) -> ET.Element:
    path = seed_build.html.parent / ".work" / "briefingpdf" / f"{BRIEFING}.{kind}.svg"
    return ET.fromstring(path.read_text(encoding="utf-8"))


def _q(name: str) -> str:
    return f"{{http://www.w3.org/2000/svg}}{name}"


def _text_box(element: ET.Element) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a text element's lines, by the figures' own width estimate."""
    size = float(element.get("font-size", "11"))
    lines = [s for s in element.iter() if s.get("x") is not None and (s.text or "").strip()]
    anchor = element.get("text-anchor", "start")
    boxes = []
    for line in lines:
        x, y, w = float(line.get("x", 0)), float(line.get("y", 0)), width_of(line.text or "", size)
        x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        boxes.append((x0, y - size * 0.8, x0 + w, y + size * 0.2))
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _crosses(line: ET.Element, box: tuple[float, float, float, float]) -> bool:
    x1, y1, x2, y2 = (float(line.get(k, 0)) for k in ("x1", "y1", "x2", "y2"))
    steps = 50
    return any(
        box[0] < x1 + (x2 - x1) * t / steps < box[2] and box[1] < y1 + (y2 - y1) * t / steps < box[3]
        for t in range(steps + 1)
    )


def _covers(rect: ET.Element, box: tuple[float, float, float, float]) -> bool:
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    w, h = float(rect.get("width", 0)), float(rect.get("height", 0))
    opaque = rect.get("fill") == "#ffffff" and rect.get("fill-opacity") is None
    return opaque and x <= box[0] and y <= box[1] and x + w >= box[2] and y + h >= box[3]


def test_no_line_of_the_printed_timeline_crosses_a_label(seed_build: BuildResult) -> None:
    root = _printed(seed_build, "timeline")
    elements = list(root.iter())
    texts = [e for e in elements if e.tag == _q("text") and "".join(e.itertext()).strip()]
    assert len(texts) > 10
    for text in texts:
        box = _text_box(text)
        at = elements.index(text)
        crossing = [i for i, e in enumerate(elements) if e.tag == _q("line") and _crosses(e, box)]
        name = "".join(text.itertext())
        assert all(i < at for i in crossing), f"a line is drawn over “{name}”"
        if crossing:  # drawn under it: an opaque plate between the lines and the text hides them
            assert any(e.tag == _q("rect") and _covers(e, box) for e in elements[max(crossing) : at]), (
                f"a line runs through “{name}”"
            )


def test_no_label_of_the_printed_timeline_hides_the_publication_line(seed_build: BuildResult) -> None:
    """A label's plate is opaque: one across the dashed "Published" line would cut it."""
    root = _printed(seed_build, "timeline")
    published = [e for e in root.iter(_q("line")) if e.get("stroke-dasharray")]
    assert published
    for line in published:
        x, y0, y1 = float(line.get("x1", 0)), float(line.get("y1", 0)), float(line.get("y2", 0))
        for text in root.iter(_q("text")):
            box = _text_box(text)
            if box[1] < y1 and box[3] > y0:
                assert not box[0] - 2 <= x <= box[2] + 2, f"“{''.join(text.itertext())}” hides the line"


def test_the_printed_timeline_cuts_no_label(seed_build: BuildResult) -> None:
    root = _printed(seed_build, "timeline")
    words = " ".join(" ".join(t.itertext()) for t in root.iter(_q("text")))
    assert "\u2026" not in words and "..." not in words
    for title in ("China’s April 2025 rare-earth export controls", "MOFCOM statement on rare-earth licences"):
        assert all(word in words.split() for word in title.split()), title


def test_the_printed_timeline_gives_each_event_room(seed_build: BuildResult) -> None:
    root = _printed(seed_build, "timeline")
    width = float(root.get("viewBox", "0 0 0 0").split()[2])
    centres = sorted(
        float(c.get("cx", 0)) for c in root.iter(_q("circle")) if float(c.get("cy", 0)) < _axis_y(root)
    ) + sorted(
        float(r.get("x", 0)) + float(r.get("width", 0)) / 2
        for r in root.iter(_q("rect"))
        if r.get("rx") and float(r.get("y", 0)) < _axis_y(root)
    )
    assert len(centres) >= 8
    for start in centres:  # no tenth of the axis holds half the events
        assert sum(start <= c <= start + width / 10 for c in centres) <= len(centres) / 2
    # where quiet time was left out, the axis says so: a break of two strokes
    breaks = [
        line
        for line in root.iter(_q("line"))
        if line.get("x1") != line.get("x2") and line.get("y1") != line.get("y2")
    ]
    assert len(breaks) >= 2 and len(breaks) % 2 == 0


def _axis_y(root: ET.Element) -> float:
    """The axis: the longest horizontal line."""
    lines = [e for e in root.iter(_q("line")) if e.get("y1") == e.get("y2")]
    axis = max(lines, key=lambda e: float(e.get("x2", 0)) - float(e.get("x1", 0)))
    return float(axis.get("y1", 0))


def _box_of(rect: ET.Element) -> tuple[float, float, float, float]:
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0))


def test_no_hatching_of_the_printed_strip_runs_through_text(seed_build: BuildResult) -> None:
    root = _printed(seed_build, "strip")
    elements = list(root.iter())
    hatches = [
        i for i, e in enumerate(elements) if e.tag == _q("rect") and e.get("fill", "").startswith("url(")
    ]
    lines = [
        (i, e)
        for i, e in enumerate(elements)
        if e.tag == _q("tspan") and e.get("visibility") != "hidden" and (e.text or "").strip()
    ]
    controlled = 0
    for i, span in lines:
        size = float(span.get("font-size", "11"))
        w, x = width_of(span.text or "", size), float(span.get("x", 0))
        x0 = x - w / 2 if span.get("text-anchor") == "middle" else x
        y = float(span.get("y", 0))
        box = (x0, y - size * 0.75, x0 + w, y)
        under = [h for h in hatches if h < i and _overlaps(_box_of(elements[h]), box)]
        if not under:
            continue
        controlled += 1
        plates = [
            e
            for e in elements[max(under) : i]
            if e.tag == _q("rect") and not e.get("fill", "").startswith("url(")
        ]
        assert any(_covers_box(_box_of(p), box) for p in plates), f"hatching runs through “{span.text}”"
    # number, symbol and group of each controlled element (one hatched box is the legend's)
    assert controlled == 3 * (len(hatches) - 1) >= 3 * 7


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covers_box(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] >= b[3]
