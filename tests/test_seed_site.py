"""The seed briefing as a reader gets it: every link resolves, the text is intact."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from briefing.build import BuildResult
from briefing.checks import check_project

from .conftest import SEEDS, soup

BRIEFING = "rare-earth-licences-2025-06"


def source_blocks(folder: Path) -> list[str]:
    """The article's visible blocks, computed from the raw file and its metadata only."""
    meta = yaml.safe_load((folder / "briefing.yaml").read_text(encoding="utf-8"))
    hidden = {meta["lines"]["title"], *meta["lines"].get("artefacts", [])}
    lines = (folder / meta["article"]).read_bytes().decode("utf-8").split("\n")
    return [line for n, line in enumerate(lines, 1) if line.strip() and n not in hidden]


def resolve(page: Path, href: str) -> tuple[Path, str]:
    target, fragment = urldefrag(href)
    return (page.parent / target).resolve() if target else page, fragment


def ids_in(path: Path) -> set[str]:
    return {tag["id"] for tag in soup(path).select("[id]")}


def article_page(build: BuildResult) -> Path:
    return build.html / "briefings" / f"{BRIEFING}.html"


def test_visible_article_text_equals_the_source(seed_build: BuildResult) -> None:
    page = soup(article_page(seed_build))
    for apparatus in page.select(".briefing-apparatus"):
        apparatus.decompose()
    shown = [p.get_text() for p in page.select(".briefing-article .briefing-text")]
    assert shown == source_blocks(SEEDS / "briefings" / BRIEFING)


def test_every_mention_links_to_its_entry(seed_build: BuildResult) -> None:
    page_path = article_page(seed_build)
    mentions = soup(page_path).select("a.briefing-mention")
    corpus = check_project(SEEDS).corpus
    expected = {f"m-{m.id}": m.entry for m in corpus.briefings[BRIEFING].mentions}
    assert sorted(m["id"] for m in mentions) == sorted(expected)
    for mention in mentions:
        entry = mention["data-entry"]
        assert expected[mention["id"]] == entry
        target, fragment = resolve(page_path, mention["href"])
        assert target == (seed_build.html / "glossary" / f"{entry}.html").resolve()
        assert fragment == f"entry-{entry}" and fragment in ids_in(target)


def test_every_back_link_lands_on_a_mention(seed_build: BuildResult) -> None:
    entries = sorted((seed_build.html / "glossary").glob("*.html"))
    pages: dict[Path, BeautifulSoup] = {}  # each briefing page parsed once, however many links land on it
    checked = 0
    for entry_page in entries:
        if entry_page.name == "index.html":
            continue
        for link in soup(entry_page).select("a.briefing-backlink"):
            target, fragment = resolve(entry_page, link["href"])
            if target not in pages:
                pages[target] = soup(target)
            element = pages[target].find(id=fragment)
            assert element is not None, link["href"]
            assert "briefing-mention" in element["class"]
            assert element["data-entry"] == entry_page.stem
            assert re.search(r"¶\d+$", link.get_text())
            checked += 1
    mentions = soup(article_page(seed_build)).select("a.briefing-mention")
    assert checked == len(mentions)


def test_notes_are_numbered_and_linked(seed_build: BuildResult) -> None:
    page = soup(article_page(seed_build))
    refs = page.select("a.briefing-note-ref")
    assert refs
    ids = {tag["id"] for tag in page.select("[id]")}
    for ref in refs:
        assert ref["href"].lstrip("#") in ids
    numbers = [int(r.get_text()) for r in refs]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for link in page.select(".briefing-lead a"):
        # the reasoning on this page; the outcome and history on the track record
        target, anchor = resolve(article_page(seed_build), link["href"])
        assert anchor in (ids if target == article_page(seed_build) else ids_in(target)), link["href"]
    assert page.select("aside.briefing-note-key-judgment")


def test_glossary_index_groups_every_entry_by_type(seed_build: BuildResult) -> None:
    index = seed_build.html / "glossary" / "index.html"
    page = soup(index)
    linked = {resolve(index, a["href"])[0].stem for a in page.select("article a.reference.internal")}
    files = {p.stem for p in (SEEDS / "glossary").rglob("*.yaml")}
    assert files <= linked
    group = page.select_one('.briefing-type-group[data-type="element"]')
    assert group is not None and group.select_one("#type-element") is not None
    table = group.select_one("table.briefing-elements")
    assert table is not None
    elements = {p.stem for p in (SEEDS / "glossary" / "element").glob("*.yaml")}
    assert elements
    assert {resolve(index, a["href"])[0].stem for a in table.select("a.reference.internal")} == elements


def test_pdf_link_and_file(seed_build: BuildResult) -> None:
    page_path = article_page(seed_build)
    page = soup(page_path)
    link = page.select_one(".briefing-pdf-link a")
    assert link.get_text() == "Download PDF"
    assert page.select_one(".briefing-export-link a").get_text() == "Annotations (W3C JSON-LD)"
    target, _ = resolve(page_path, link["href"])
    assert target.is_file() and target.read_bytes()[:5] == b"%PDF-"
    assert (seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf").read_bytes() == target.read_bytes()


def _tokens(text: str) -> list[str]:
    text = re.sub(r"[-\u2010\u2011\u00ad]\s*\n\s*", "", text)  # words hyphenated at line ends
    text = re.sub(r"[-\u2010\u2011\u00ad]", "", text)
    return re.findall(r"\w+", text.casefold())


def _same(word: str, printed: str) -> bool:
    """Equal, or followed by a footnote call (``before1`` for ``before``)."""
    return printed == word or (printed.startswith(word) and printed[len(word) :].isdigit())


def _in_order(needle: list[str], haystack: list[str], slack: int) -> bool:
    """``needle`` appears in ``haystack`` in order, interrupted by at most ``slack`` tokens."""
    for start in (i for i, tok in enumerate(haystack) if _same(needle[0], tok)):
        pos, skipped = start, 0
        for tok in needle[1:]:
            pos += 1
            while pos < len(haystack) and not _same(tok, haystack[pos]) and skipped <= slack:
                pos += 1
                skipped += 1
            if pos >= len(haystack) or skipped > slack:
                break
        else:
            return True
    return False


@pytest.fixture(scope="module")
def pdf_text(seed_build: BuildResult) -> str:
    reader = PdfReader(seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_contains_the_article(pdf_text: str) -> None:
    # Footnotes and running heads may interrupt a paragraph at a page break.
    haystack = _tokens(pdf_text)
    for block in source_blocks(SEEDS / "briefings" / BRIEFING):
        assert _in_order(_tokens(block), haystack, slack=250), block


def test_pdf_has_the_glossary_and_page_numbers(pdf_text: str, seed_build: BuildResult) -> None:
    reader = PdfReader(seed_build.html.parent / "pdf" / f"{BRIEFING}.pdf")
    assert "Glossary" in pdf_text
    for element in ("Dysprosium", "Gadolinium", "Lutetium", "Samarium", "Scandium", "Terbium", "Yttrium"):
        assert element in pdf_text
    assert "Geneva" in pdf_text
    last = len(reader.pages)
    assert f"page {last} of {last}" in reader.pages[-1].extract_text()
