"""Reserved ids: no contributor's id takes a name the generators make for a page, file or label."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing import contract
from briefing.build import BuildResult, build
from briefing.checks import check_project
from briefing.cli import main

from .conftest import SEEDS

_PREFIXED = {"appendix-": "entry", "entry-": "entry", "note-": "note"}
"""Label and anchor prefixes, and the kind of id that follows them."""


def _ids() -> dict[str, set[str]]:
    corpus = check_project(SEEDS).corpus
    assert corpus is not None
    return {
        "entry": set(corpus.entries),
        "briefing": set(corpus.briefings),
        "note": {n.id for b in corpus.briefings.values() for n in b.notes},
    }


def _names(folder: Path) -> set[str]:
    """What each file or folder in ``folder`` is called, up to its first dot."""
    return {p.name.partition(".")[0] for p in folder.iterdir() if not p.name.startswith(".")}


def test_every_name_the_build_generates_is_reserved_or_a_contributors_id(seed_build: BuildResult) -> None:
    ids = _ids()
    contributed = set().union(*ids.values())
    work = seed_build.sources.parent
    html, src = seed_build.html, seed_build.sources
    folders = [html, html / contract.GLOSSARY, html / contract.BRIEFINGS, html / contract.PDF_DIR, src]
    folders += [src / contract.GLOSSARY, src / contract.BRIEFINGS, *(src / contract.DATA_DIR).iterdir()]
    folders += [work / "doctrees", work / "doctrees" / contract.GLOSSARY, work / "briefingpdf"]
    generated = set().union(*(_names(f) for f in folders))
    assert {contract.HOME_PAGE, contract.TIMELINE, "genindex", "search"} <= generated
    assert generated - contributed <= contract.RESERVED_IDS

    labels = set()
    for typ in (work / "briefingpdf").glob("*.typ"):
        labels |= set(re.findall(r"<([A-Za-z0-9_.:-]+)>", typ.read_text(encoding="utf-8")))
    anchors = set()
    for page in [*(html / contract.BRIEFINGS).glob("*.html"), *(html / contract.GLOSSARY).glob("*.html")]:
        anchors |= {
            tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")
        }
    assert {contract.appendix_label(name) for name in contract.APPENDICES} <= labels
    for name in labels | anchors:
        prefix = next((p for p in _PREFIXED if name.startswith(p)), None)
        if prefix is not None:
            rest = name.removeprefix(prefix)
            assert rest in ids[_PREFIXED[prefix]] or (
                prefix == "appendix-" and rest in contract.APPENDICES and rest in contract.RESERVED_IDS
            ), name


def _reserved_entry(seeds: Path) -> tuple[str, str]:
    old = seeds / "glossary/geneva-talks.yaml"
    text = old.read_text(encoding="utf-8").replace("id: geneva-talks", "id: index")
    old.unlink()
    (seeds / "glossary/index.yaml").write_text(text, encoding="utf-8")
    return "glossary/index.yaml:1:5", "id `index`"


def _reserved_note(seeds: Path) -> tuple[str, str]:
    notes = seeds / "briefings/beta/notes"
    (notes / "question-truce.yaml").rename(notes / "sources.yaml")
    return "briefings/beta/notes/sources.yaml:1:1", "note id `sources`"


def _reserved_briefing(seeds: Path) -> tuple[str, str]:
    shutil.move(seeds / "briefings/beta", seeds / "briefings/search")
    meta = seeds / "briefings/search/briefing.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: beta", "id: search"), encoding="utf-8")
    for entry in (seeds / "glossary").glob("*.yaml"):
        entry.write_text(entry.read_text(encoding="utf-8").replace("  beta:", "  search:"), encoding="utf-8")
    return "briefings/search/briefing.yaml:1:5", "id `search`"


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("reserve", [_reserved_entry, _reserved_note, _reserved_briefing])
def test_a_reserved_id_is_a_located_error_for_check_and_build(
    scenario: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    reserve: Callable[[Path], tuple[str, str]],
) -> None:
    seeds = scenario("two-briefings")
    where, what = reserve(seeds)
    monkeypatch.chdir(seeds)
    out = ["--out", str(tmp_path / "out"), "--no-pdf"] if command == "build" else []
    assert main([command, "--seeds", ".", *out]) == 1
    captured = capsys.readouterr()
    assert (
        f"{where}: error[reserved-id]: {what} is a name the site or the PDF uses"
        in captured.out + captured.err
    )
    assert not (tmp_path / "out/html").exists()


def test_a_heading_never_takes_the_anchor_of_a_note_or_an_entry(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds = scenario("two-briefings")
    for briefing, title in (("alpha", "Note kj bottom line"), ("beta", "Entry mofcom")):
        meta = seeds / f"briefings/{briefing}/briefing.yaml"
        meta.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", meta.read_text(encoding="utf-8")))
    result = build(seeds, tmp_path / "out")
    assert len(result.pdfs) == 2
    for page in result.html.rglob("*.html"):
        ids = [
            tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")
        ]
        assert len(ids) == len(set(ids)), f"{page.name}: {sorted(i for i in ids if ids.count(i) > 1)}"
    alpha = BeautifulSoup((result.html / "briefings/alpha.html").read_text(encoding="utf-8"), "html.parser")
    assert "briefing-note" in alpha.select_one("#note-kj-bottom-line")["class"]
    assert alpha.select_one("#section-note-kj-bottom-line").name == "section"
