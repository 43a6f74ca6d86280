"""Which pages an incremental build rewrites besides those it re-reads.

Sphinx rewrites the pages it re-read; ``env-get-updated`` adds the pages that
show what those pages define: an entry's page (its back-links) when its
mentions changed, every page whose mention previews changed, and a listing
page (glossary, timeline, sources, the briefings, a figure) only when the
records its listings read changed. A mention added in ``briefing serve``
rewrites its briefing and its entry's page, not the glossary, the timeline or
the strip on every element page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ._domain import BriefingDomain

LISTING_READS: dict[str, tuple[str, ...]] = {
    # every listing and figure links entries, by their titles and pages
    "glossary": ("entries",),  # its group of elements carries the strip of every element
    "briefings": ("briefings",),
    "timeline": ("entries", "briefing-pages"),  # the figure marks each briefing's publication
    "sources": ("entries", "briefing-pages", "notes", "citations"),
    "strip": ("entries",),
    "cast": ("entries",),
    "track-record": ("judgments", "briefing-pages", "notes"),
    "calibration": ("judgments",),
}
"""The domain tables each listing (``_listings``) and figure (``_figures``) reads
(``briefing-pages``: a briefing's title, date and page, not its counts); a
listing limited to one briefing reads that briefing's entries too."""


def _digest(value: Any) -> str:
    """A digest of records made of text, numbers and tuples (their ``repr`` is stable)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _tables(domain: BriefingDomain) -> dict[str, str]:
    citations = domain.data["citations"]
    tables = {
        "entries": sorted(domain.entries.items()),
        "briefings": sorted(domain.briefings.items()),
        "briefing-pages": sorted((b.id, b.title, b.published, b.docname) for b in domain.briefings.values()),
        "notes": sorted(domain.notes.items()),
        "judgments": sorted(domain.judgments.items()),
        "citations": sorted((d, a, c) for d, page in citations.items() for a, c in page.items()),
    }
    return {name: _digest(rows) for name, rows in tables.items()}


def changed_listings(domain: BriefingDomain) -> set[str]:
    """Listing pages whose listings would differ from what was last written; remembers them as written."""
    tables = _tables(domain)
    current = {}
    for docname, shown in domain.listings.items():
        read: list[object] = []
        for what, target in sorted(shown):
            read += [what, target, *(tables[t] for t in LISTING_READS[what])]
            if target:
                read.append(sorted(domain.entries_in(target) or ()))
        current[docname] = _digest(read)
    written: dict[str, str] = domain.data["listed"]
    domain.data["listed"] = current
    return {d for d, key in current.items() if written.get(d) != key}


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain: BriefingDomain = env.domains["briefing"]  # type: ignore[assignment]
    # Pages carry the previews of the entries they mention (see _previews).
    pages = domain.mention_pages(domain.take_changed_previews()) | domain.take_track_moved()
    pages.update(domain.entries[e].docname for e in domain.take_stale() if e in domain.entries)
    pages.update(changed_listings(domain) & env.found_docs)
    return sorted(pages)


def setup_staleness(app: Sphinx) -> None:
    app.connect("env-get-updated", _pages_to_rewrite)
