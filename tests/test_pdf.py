"""The PDF brief opened with a PDF library: structure, metadata, links, determinism, safety."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import Destination

from briefing.build import BuildResult, build
from briefing.pdf._typst import Job, compile_brief

BRIEFING = "rare-earth-licences-2025-06"


@pytest.fixture(scope="module")
def reader(seed_build: BuildResult) -> PdfReader:
    return PdfReader(seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf")


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def test_metadata_language_and_tags(reader: PdfReader) -> None:
    info = reader.metadata
    assert info.title.startswith("China Says Some Rare Earths Exports Approved")
    assert info.author and info.subject and "Rare earths" in info["/Keywords"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert re.search(rb'pdfuaid:part(="|>)1', reader.xmp_metadata.stream.get_data())


def test_every_font_is_embedded(reader: PdfReader) -> None:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_outline_has_every_section(reader: PdfReader) -> None:
    def titles(items: list) -> list[str]:
        out = []
        for item in items:
            if isinstance(item, list):
                out.extend(titles(item))
            else:
                out.append(item.title)
        return out

    found = titles(reader.outline)
    for section in (
        "The article",
        "Key judgments in full",
        "Analyst notes",
        "Glossary",
        "Timeline",
        "Sources",
    ):
        assert section in found
    assert "Dysprosium" in found


def test_running_header_and_page_x_of_y(reader: PdfReader) -> None:
    texts = page_texts(reader)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {total}" in text
    assert all("China Says Some Rare Earths" in text for text in texts[1:])


def test_contents_page_numbers_point_at_their_sections(reader: PdfReader) -> None:
    texts = page_texts(reader)
    contents = re.findall(
        r"^(The article|Analyst notes|Glossary|Timeline|Sources)[ .]*?(\d+)$", texts[0], re.M
    )
    assert len(contents) == 5, texts[0]
    for title, page in contents:
        assert title in texts[int(page) - 1], (title, page)


def test_footnote_page_references_reach_the_full_note(reader: PdfReader) -> None:
    texts = page_texts(reader)
    refs = re.findall(r"— note (\d+), p\.\s(\d+)", "\n".join(texts[:4]))
    assert len(refs) >= 10
    for number, page in refs:
        heading = rf"^{number}\s*(context|fact check|assessment|question)"
        assert re.search(heading, texts[int(page) - 1], re.M | re.I), (number, page)


def text_runs(page: PageObject) -> list[tuple[float, float, str]]:
    """Each piece of text on ``page`` with the point (in PDF user space) where it starts."""
    runs = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return runs


def page_references(reader: PdfReader) -> list[tuple[int, int, int]]:
    """(number printed, page linked to, page it is printed on) for every page reference.

    A page reference is an internal link whose whole text is "p. N", the
    glossary's "(see p. N)", or a contents line ending in a dot leader and N.
    (Footnote marks are links whose text is a bare number: not page references.)
    """
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages, start=1)}
    named = reader.named_destinations
    found = set()
    for number, page in enumerate(reader.pages, start=1):
        runs = text_runs(page)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/URI" in annot.get("/A", {}):
                continue
            dest = (annot.get("/Dest") or annot["/A"]["/D"]).get_object()
            if isinstance(dest, list):
                target = page_numbers[dest[0].idnum]
            else:
                target = reader.get_destination_page_number(named[str(dest)]) + 1
            x0, x1 = sorted(float(v) for v in annot["/Rect"][0::2])
            y0, y1 = sorted(float(v) for v in annot["/Rect"][1::2])
            text = "".join(t for x, y, t in runs if x0 - 0.5 <= x < x1 - 0.5 and y0 <= y <= y1).strip()
            if m := re.fullmatch(r"\(see p\.\s(\d+)\)|p\.\s(\d+)|\D*?(?:\s?\.){3,}\s*(\d+)", text):
                found.add((int(m[1] or m[2] or m[3]), target, number, x0, y0))
    return [(printed, target, on) for printed, target, on, *_ in found]


def test_every_page_reference_prints_the_page_it_links_to(reader: PdfReader) -> None:
    refs = page_references(reader)
    assert len(refs) > 200
    # forward (contents, glossary, notes in full) and backward (notes, mentions) references
    assert any(target > on for _, target, on in refs) and any(target < on for _, target, on in refs)
    wrong = [(printed, target, on) for printed, target, on in refs if printed != target]
    assert not wrong, f"(printed, actual, on page): {wrong}"


def test_internal_links_resolve(reader: PdfReader) -> None:
    named = reader.named_destinations
    links = 0
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            target = annot.get("/Dest") or annot.get("/A", {}).get("/D")
            target = target.get_object() if target is not None else None
            uri = annot.get("/A", {}).get("/URI")
            if target is not None:
                links += 1
                assert isinstance(target, list | Destination) or str(target) in named
            else:
                assert uri and str(uri).startswith(("http://", "https://", "mailto:")), annot
    assert links > 100


def test_annotation_data_is_attached(reader: PdfReader) -> None:
    attachments = reader.attachments
    [name] = attachments
    data = json.loads(attachments[name][0])
    assert name == f"{BRIEFING}.annotations.json"
    assert data["id"] == BRIEFING and data["mentions"] and data["notes"]


def test_same_inputs_give_identical_bytes(
    scenario: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1749340800")
    seeds = scenario("two-briefings")
    first = build(seeds, tmp_path / "one").pdfs
    second = build(seeds, tmp_path / "two").pdfs
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert PdfReader(first[0]).metadata["/CreationDate"].startswith("D:20250608")


def test_letter_paper(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    def size(pdf: Path) -> tuple[int, int]:
        box = PdfReader(pdf).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    seeds, out = scenario("two-briefings"), tmp_path / "out"
    [pdf, _] = build(seeds, out, paper="letter").pdfs
    assert size(pdf) == (612, 792)
    # a setting no document depends on still makes the briefs outdated
    [pdf, _] = build(seeds, out, paper="a4").pdfs
    assert size(pdf) == (595, 842)


def test_typst_reads_nothing_outside_the_build_folder(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("no")
    fonts = root / ".fonts"
    fonts.mkdir()
    for attempt in ('#read("/etc/hostname")', '#read("../secret.txt")', '#image("/etc/hostname")'):
        (root / "brief.typ").write_text(attempt)
        outcome = compile_brief(Job("t", root / "brief.typ", root / "out.pdf", root, (fonts,), 0))
        assert outcome.error is not None and re.search(r"not found|outside|access", outcome.error), outcome


def test_a4_by_default(reader: PdfReader) -> None:
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def figures(reader: PdfReader) -> list[tuple[str, int]]:
    """(alt text, page index) of every /Figure in the structure tree, in reading order."""
    found: list[tuple[str, int]] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            found.append((str(node.get("/Alt", "")), reader.get_page_number(node["/Pg"].get_object())))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_each_figure_is_a_tagged_figure_with_alt_text_as_vector_art(reader: PdfReader) -> None:
    found = figures(reader)
    titles = [
        "Who's who: China and United States",
        "The rare earths on the periodic table",
        "Timeline",
        "Calibration of the key judgments",
    ]
    assert [alt for alt, _ in found if any(alt.startswith(t) for t in titles)] == [alt for alt, _ in found]
    assert len(found) == 4
    texts = page_texts(reader)
    for (alt, page), title in zip(found, titles, strict=True):
        assert alt.startswith(title) and len(alt) > len(title) + 40  # title and description
        caption = re.search(rf"Figure\s\d+: {re.escape(title)}", texts[page])
        assert caption, (title, page)
        xobjects = reader.pages[page]["/Resources"].get("/XObject", {})
        kinds = {xobjects[name].get_object()["/Subtype"] for name in xobjects}
        assert "/Image" not in kinds  # vector art, not a picture of it


def test_figures_print_where_the_brief_says(reader: PdfReader) -> None:
    texts = page_texts(reader)
    (_, cast), (_, strip), (_, axis), (_, calibration) = figures(reader)
    contents = next(i for i, t in enumerate(texts) if "CONTENTS" in t)
    assert cast <= contents + 1  # near the start, before the article
    # the text equivalent stays, the drawing floated to the top or foot of its page or the next
    assert "Wang Wentao, Minister of Commerce" in flat_text(texts[cast - 1] + texts[cast])
    assert "Glossary" in texts[strip] and texts[strip].index("Figure") < texts[strip].index("Atomic number")
    assert "Timeline" in texts[axis] and "What happened" in "".join(texts[axis : axis + 2])
    # the strip's cells: every element symbol is drawn on the strip's page
    for symbol in ("Sc", "Y", "La", "Nd", "Dy", "Lu"):
        assert re.search(rf"\b{symbol}\b", texts[strip]), symbol
    assert "Hover" not in texts[strip]  # no interactive hint on paper
    # the calibration in the track record, beside the ICD 203 table it is read with
    assert "Track record" in "".join(texts[calibration - 1 : calibration + 1])
    assert "almost no chance" in "".join(texts[calibration : calibration + 2])


def flat_text(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_timeline_figure_is_the_briefings(seed_build: BuildResult, reader: PdfReader) -> None:
    """Only the dated entries the briefing mentions, and its publication date."""
    svg = (seed_build.html.parent / ".work" / "briefingpdf" / f"{BRIEFING}.timeline.svg").read_text()
    site = (seed_build.html / "timeline.html").read_text()
    # printed, the publication's label is whole, wrapped onto lines (one tspan each)
    words = " ".join(re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg)).split()
    published = (
        "Published 8 June 2025: China Says Some Rare Earths Exports Approved Ahead of Trade Talks With US"
    )
    assert " ".join(words).count(published) == 1
    assert "Busan" in site and "Busan" not in svg  # a later event the briefing does not mention
    alt = next(alt for alt, _ in figures(reader) if alt.startswith("Timeline"))
    count = int(re.search(r"(\d+) dated entries", alt).group(1))
    text = flat_text(" ".join(page_texts(reader)))
    table = text.split("What happened", 1)[1].split("Sources", 1)[0]
    assert count == table.count("(see p.")  # one row, one page reference, per dated entry
