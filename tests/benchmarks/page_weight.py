"""Benchmark: what one briefing page weighs as the corpus grows.

Run with ``python3 noxfile.py -s bench`` or ``python -m tests.benchmarks.page_weight``
(``--sizes 1 200 1000``). For each size of a synthetic project (N articles × 40
annotations over one glossary of 320 entries) it builds the HTML site and
prints the weight of the first briefing's page, the same article at every
size: its HTML, the preview data inside it, the site files the page loads
(scripts and style sheets), its navigation, and apart the search index the
theme loads on every page. "own" is the page and its files without the
navigation (which names at most ``NAV_BRIEFINGS`` briefings) and the search
index: the target is the same "own" weight at every size. It asserts
nothing: it measures.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from briefing.build import build
from tests.benchmarks.synthetic import generate

PAGE = "briefings/synthetic-0001.html"
"""The first synthetic briefing: the same article whatever the number of articles."""


NAVIGATION = ".bd-sidebar-primary, .prev-next-area, link[rel=next], link[rel=prev]"
"""What lists other pages: the theme's sidebar, the previous and next links."""

SEARCH_INDEX = "searchindex.js"
"""The theme loads the whole site's search index on every page (counted apart)."""


@dataclass(frozen=True)
class Weight:
    html: int
    """Bytes of the page itself."""
    previews: int
    """Bytes of the preview data inside the page."""
    assets: int
    """Bytes of the site's own scripts and style sheets the page loads, but the search index."""
    search_index: int
    """Bytes of the search index, if the page loads it."""
    navigation: int
    """Bytes of the page's navigation."""

    @property
    def total(self) -> int:
        return self.html + self.assets + self.search_index

    @property
    def own(self) -> int:
        """What the page weighs without the navigation and the search index."""
        return self.html + self.assets - self.navigation


def _local(page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / parts.path).resolve()


def loaded_files(html: Path, name: str) -> dict[str, int]:
    """Bytes of each site file page ``name`` loads (scripts, style sheets, preloads), by path."""
    page = html / name
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for tag in soup.select('script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href]'):
        path = _local(page, str(tag.get("src") or tag.get("href") or ""))
        if path is not None and path.is_file():
            found[path.relative_to(html.resolve()).as_posix()] = path.stat().st_size
    return found


def without_navigation(html: Path, name: str) -> str:
    """The page's markup without its navigation, blank lines folded."""
    soup = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select(NAVIGATION):
        tag.decompose()
    return re.sub(r"\s*\n\s*", "\n", str(soup))


def page_weight(html: Path, name: str) -> Weight:
    """Weight of page ``name`` of the built site ``html``, with what it loads."""
    text = (html / name).read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    files = loaded_files(html, name)
    search = files.pop(SEARCH_INDEX, 0)
    return Weight(
        html=len(text.encode()),
        previews=sum(len(str(s).encode()) for s in soup.select("script.briefing-previews")),
        assets=sum(files.values()),
        search_index=search,
        navigation=sum(len(str(n).encode()) for n in soup.select(NAVIGATION)),
    )


def measure(sizes: list[int], annotations: int, entries: int, tmp: Path) -> dict[int, Weight]:
    print(
        f"Weight of {PAGE} (the same article at every size): N articles × {annotations} annotations, "
        f"{entries} glossary entries; bytes"
    )
    print(
        f"{'N':>6} {'page':>9} {'previews':>9} {'assets':>9} {'navigation':>11} {'own':>9}"
        f" {'search index':>13} {'total':>9}"
    )
    weights = {}
    for n in sizes:
        seeds = generate(tmp / f"synthetic-{n}", n, annotations, entries)
        html = build(seeds, tmp / f"site-{n}", pdf=False).html
        w = weights[n] = page_weight(html, PAGE)
        print(
            f"{n:>6} {w.html:>9} {w.previews:>9} {w.assets:>9} {w.navigation:>11} {w.own:>9}"
            f" {w.search_index:>13} {w.total:>9}"
        )
    if len(sizes) > 1:
        first, last = weights[sizes[0]], weights[sizes[-1]]
        print(
            f"At {sizes[-1]} vs {sizes[0]} articles: the page without navigation and search index "
            f"{last.own / first.own:.3f}× (target: 1.000×); with them {last.total / first.total:.3f}×"
        )
    return weights


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 200], help="articles per run")
    parser.add_argument("--annotations", type=int, default=40, help="per article")
    parser.add_argument("--entries", type=int, default=320, help="glossary size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        measure(sorted(args.sizes), args.annotations, args.entries, Path(tmp))


if __name__ == "__main__":
    main()
