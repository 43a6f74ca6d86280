"""A figure's marks in the PDF link as they do on the site: each to its entry, in the
glossary appendix when the brief holds it, else on the published site."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath

import pytest
from pypdf import PdfReader

from briefing.build import BuildResult, build

from .conftest import SEEDS, soup
from .test_pdf import BRIEFING, flat_text, page_texts, text_runs

SITE = "https://desk.example.org/brief/"
CAPTIONS = {
    "cast": "Figure 1: Who's who",
    "strip": "Figure 2: The rare earths on the periodic table",
    "timeline": "Figure 3: Timeline of dated entries",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The seed built as for publishing, with the site's address."""
    return build(SEEDS, tmp_path_factory.mktemp("published"), base_url=SITE.rstrip("/"))


def _reader(result: BuildResult) -> PdfReader:
    return PdfReader(result.html.parent / "pdf" / f"{BRIEFING}.pdf")


def _figure_links(reader: PdfReader, caption: str) -> list[tuple[str, str, list[float]]]:
    """("goto" or "uri", destination, rectangle) of each link over the figure captioned
    ``caption`` (it floats to the top of its page: the links above its caption)."""
    index = next(i for i, t in enumerate(page_texts(reader)) if caption in flat_text(t).replace("\xa0", " "))
    page = reader.pages[index]
    caption_y = next(
        y for _, y, t in text_runs(page) if t.replace("\xa0", " ").strip().startswith(caption.split(":")[0])
    )
    links = []
    for ref in page.get("/Annots", []) or []:
        annotation = ref.get_object()
        rect = [float(v) for v in annotation["/Rect"]]
        if annotation.get("/Subtype") != "/Link" or rect[1] <= caption_y:
            continue
        action = annotation.get("/A", {})
        if "/URI" in action:
            links.append(("uri", str(action["/URI"]), rect))
        else:
            dest = annotation.get("/Dest", action.get("/D"))
            if isinstance(dest, str):  # a label of the brief; a page reference ("p. N") is a page
                links.append(("goto", dest, rect))
    return links


def _site_marks(result: BuildResult, page: str, kind: str) -> set[str]:
    """The entries the site's drawing of ``kind`` on ``page`` links to (its wide layout)."""
    figure = soup(result.html / page).select_one(f"figure.bf-figure-{kind} svg")
    assert figure is not None
    folder = PurePosixPath(page).parent
    pages = [posixpath.normpath(folder / a.get("href", "").split("#")[0]) for a in figure.find_all("a")]
    return {PurePosixPath(p).stem for p in pages if p.startswith("glossary/")}


def test_every_mark_links_to_its_entry_in_the_brief_or_on_the_site(published: BuildResult) -> None:
    reader = _reader(published)
    named = set(reader.named_destinations)
    briefing_page = f"briefings/{BRIEFING}.html"
    for kind, page in (("cast", briefing_page), ("strip", "glossary/index.html")):
        links = _figure_links(reader, CAPTIONS[kind])
        on_site = _site_marks(published, page, kind)
        inside = {d.removeprefix("appendix-") for how, d, _ in links if how == "goto"}
        outside = {
            d.removeprefix(f"{SITE}glossary/").removesuffix(".html") for how, d, _ in links if how == "uri"
        }
        assert len(links) == len(on_site), kind  # one link per mark
        assert inside | outside == on_site, kind
        assert all(f"appendix-{e}" in named for e in inside), kind
        # the brief's own entries go to its glossary; only those it lacks leave the PDF
        assert not {f"appendix-{e}" for e in outside} & named, kind
        for _, _, (x0, y0, x1, y1) in links:  # over a mark: a box of a few points, not a line of text
            assert 3 < x1 - x0 < 400 and 3 < y1 - y0 < 60
    strip = _figure_links(reader, CAPTIONS["strip"])
    assert sum(how == "uri" for how, _, _ in strip) >= 5 and sum(how == "goto" for how, _, _ in strip) >= 5
    uris = {d for how, d, _ in strip if how == "uri"}
    assert uris <= {f"{SITE}glossary/{p.stem}.html" for p in (SEEDS / "glossary" / "element").glob("*.yaml")}
    # the briefing's own timeline: its nine dated entries, each in the glossary appendix
    timeline = _figure_links(reader, CAPTIONS["timeline"])
    assert len(timeline) == 9 and all(how == "goto" and d in named for how, d, _ in timeline)


def test_the_linked_pages_exist_on_the_site(published: BuildResult) -> None:
    for kind in ("cast", "strip"):
        for how, dest, _ in _figure_links(_reader(published), CAPTIONS[kind]):
            if how == "uri":
                assert (published.html / dest.removeprefix(SITE)).is_file(), dest


def test_without_the_sites_address_only_the_brief_s_own_entries_link(seed_build: BuildResult) -> None:
    """A build that was given no address (the placeholder that never resolves) links
    no mark out of the PDF; the brief's own entries still link to its glossary."""
    reader = _reader(seed_build)
    named = set(reader.named_destinations)
    elements = {f"appendix-{p.stem}" for p in (SEEDS / "glossary" / "element").glob("*.yaml")}
    strip = _figure_links(reader, CAPTIONS["strip"])
    assert {d for _, d, _ in strip} == elements & named and all(how == "goto" for how, _, _ in strip)
    for page in reader.pages:
        for ref in page.get("/Annots", []) or []:
            assert ".invalid" not in str(ref.get_object().get("/A", {}).get("/URI", ""))
    assert soup(seed_build.html / "index.html").find("link", rel="canonical") is None


def test_a_site_address_reaches_the_pages_canonical_links(published: BuildResult) -> None:
    head = soup(published.html / "glossary" / "dysprosium.html").find("link", rel="canonical")
    assert head is not None and head["href"] == f"{SITE}glossary/dysprosium.html"
    home = soup(published.html / "index.html").find("link", rel="canonical")
    assert home is not None and home["href"] == f"{SITE}index.html"
