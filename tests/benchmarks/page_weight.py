"""Benchmark: what one briefing page weighs as the corpus grows.

Run with ``python3 noxfile.py -s bench`` or ``python -m tests.benchmarks.page_weight``
(``--sizes 1 200 1000``). For each size of a synthetic project (N articles × 40
annotations over one glossary of 320 entries) it builds the HTML site and
prints the weight of the first briefing's page, the same article at every
size: its HTML, the preview data inside it, and the site files the page
loads (scripts and style sheets). The target is a page that weighs the same
at every size, give or take the site navigation, which names at most
``NAV_BRIEFINGS`` briefings. It asserts nothing: it measures.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from briefing.build import build
from tests.benchmarks.synthetic import generate

PAGE = "briefings/synthetic-0001.html"
"""The first synthetic briefing: the same article whatever the number of articles."""


@dataclass(frozen=True)
class Weight:
    html: int
    """Bytes of the page itself."""
    previews: int
    """Bytes of the preview data inside the page."""
    assets: int
    """Bytes of the site's own scripts and style sheets the page loads."""
    navigation: int
    """Bytes of the page's navigation (the site's sidebar, previous and next links)."""

    @property
    def total(self) -> int:
        return self.html + self.assets

    @property
    def own(self) -> int:
        """What the page weighs without the navigation, which names other pages."""
        return self.total - self.navigation


def _local(page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / parts.path).resolve()


def page_weight(html: Path, name: str) -> Weight:
    """Weight of page ``name`` of the built site ``html``, with what it loads."""
    page = html / name
    text = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    loaded = {
        _local(page, str(tag.get("src") or tag.get("href") or ""))
        for tag in soup.select('script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href]')
    }
    assets = sum(p.stat().st_size for p in loaded if p is not None and p.is_file())
    previews = sum(len(s.encode()) for s in map(str, soup.select("script.briefing-previews")))
    navigation = sum(len(str(n).encode()) for n in soup.select(".bd-sidebar-primary, .prev-next-area"))
    return Weight(html=len(text.encode()), previews=previews, assets=assets, navigation=navigation)


def measure(sizes: list[int], annotations: int, entries: int, tmp: Path) -> dict[int, Weight]:
    print(
        f"Weight of {PAGE} (the same article at every size): N articles × {annotations} annotations, "
        f"{entries} glossary entries; bytes"
    )
    print(f"{'N':>6} {'page':>9} {'previews':>9} {'assets':>9} {'total':>9} {'navigation':>11} {'own':>9}")
    weights = {}
    for n in sizes:
        seeds = generate(tmp / f"synthetic-{n}", n, annotations, entries)
        html = build(seeds, tmp / f"site-{n}", pdf=False).html
        w = weights[n] = page_weight(html, PAGE)
        print(f"{n:>6} {w.html:>9} {w.previews:>9} {w.assets:>9} {w.total:>9} {w.navigation:>11} {w.own:>9}")
    if len(sizes) > 1:
        first, last = weights[sizes[0]], weights[sizes[-1]]
        print(
            f"At {sizes[-1]} vs {sizes[0]} articles: total {last.total / first.total:.3f}×, "
            f"without the navigation {last.own / first.own:.3f}× (target: 1.000×)"
        )
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 200], help="articles per run")
    parser.add_argument("--annotations", type=int, default=40, help="per article")
    parser.add_argument("--entries", type=int, default=320, help="glossary size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(sorted(args.sizes), args.annotations, args.entries, Path(tmp))


if __name__ == "__main__":
    main()
