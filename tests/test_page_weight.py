"""A briefing page weighs the same however big the corpus: it carries only what it shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from briefing.build import build
from briefing.render import NAV_BRIEFINGS
from tests.benchmarks.page_weight import PAGE, SEARCH_INDEX, loaded_files, page_weight, without_navigation
from tests.benchmarks.synthetic import generate

FIRST = "synthetic-0001"


def _first_briefing_only(big: Path, small: Path) -> Path:
    """``big`` without its other briefings and the entries the first one does not need."""
    shutil.copytree(big, small)
    for folder in (small / "briefings").iterdir():
        if folder.name != FIRST:
            shutil.rmtree(folder)
    entries = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (small / "glossary").rglob("*.yaml")}
    keep = {e["id"] for e in entries.values() if FIRST in e.get("mentions", {})}
    keep |= {e["organization"] for e in entries.values() if e["id"] in keep and "organization" in e}
    for path, entry in entries.items():
        if entry["id"] not in keep:
            path.unlink()
        elif set(entry.get("mentions", {})) != {FIRST}:
            entry["mentions"] = (
                {FIRST: entry["mentions"][FIRST]} if FIRST in entry.get("mentions", {}) else {}
            )
            entry = {k: v for k, v in entry.items() if v != {}}
            path.write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return small


def test_a_briefing_page_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    big = generate(tmp_path / "big", articles=NAV_BRIEFINGS + 3, annotations=12, entries=160)
    small = _first_briefing_only(big, tmp_path / "small")
    assert len(list((small / "glossary").rglob("*.yaml"))) < 20
    sites = [build(seeds, tmp_path / f"out-{i}", pdf=False).html for i, seeds in enumerate((small, big))]
    # The same page, minus the navigation that lists other pages, byte for byte.
    assert without_navigation(sites[0], PAGE) == without_navigation(sites[1], PAGE)
    files = [loaded_files(site, PAGE) for site in sites]
    assert SEARCH_INDEX not in files[1]  # the site's whole index loads on the search page only
    assert SEARCH_INDEX in loaded_files(sites[1], "search.html")
    assert files[0] == files[1]
    small_weight, big_weight = (page_weight(site, PAGE) for site in sites)
    assert small_weight.previews == big_weight.previews > 0
    assert small_weight.assets == big_weight.assets
