"""Cross-document state: which entries, briefings, mentions and notes live where.

Records are keyed by docname so ``clear_doc`` and ``merge_domaindata`` keep
incremental and parallel builds right. Entry pages depend on every briefing
that mentions them; ``env-get-updated`` asks Sphinx to rewrite (not re-read)
the pages whose back-links or listings changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode


@dataclass(frozen=True)
class EntryRecord:
    docname: str
    anchor: str
    id: str
    type: str
    title: str
    summary: str
    symbol: str | None = None
    atomic_number: int | None = None
    group: str | None = None
    controlled_since: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class BriefingRecord:
    docname: str
    id: str
    title: str
    published: str
    summary: str | None
    language: str = "en"


@dataclass(frozen=True)
class MentionRecord:
    docname: str
    anchor: str
    entry: str
    briefing: str
    paragraph: int
    before: str
    quote: str
    after: str


Source = tuple[str, str, str, str]
"""(title, publisher, date, url) of a cited source; empty strings where unknown."""


@dataclass(frozen=True)
class CitationRecord:
    """Sources cited by one entry or note."""

    docname: str
    anchor: str
    label: str
    sources: tuple[Source, ...]


class BriefingDomain(Domain):
    name = "briefing"
    label = "Briefing"
    object_types: ClassVar[dict[str, ObjType]] = {"entry": ObjType("glossary entry", "entry")}
    roles: ClassVar[dict[str, Any]] = {"entry": XRefRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        "entries": {},  # entry id -> EntryRecord
        "briefings": {},  # briefing id -> BriefingRecord
        "mentions": {},  # (docname, anchor) -> MentionRecord
        "citations": {},  # (docname, anchor) -> CitationRecord
        "stale": set(),  # entry ids whose pages must be rewritten
    }
    data_version = 1

    @property
    def entries(self) -> dict[str, EntryRecord]:
        return self.data["entries"]

    @property
    def briefings(self) -> dict[str, BriefingRecord]:
        return self.data["briefings"]

    @property
    def mentions(self) -> dict[tuple[str, str], MentionRecord]:
        return self.data["mentions"]

    def note_entry(self, record: EntryRecord) -> None:
        self.entries[record.id] = record
        self.data["stale"].add(record.id)

    def note_briefing(self, record: BriefingRecord) -> None:
        self.briefings[record.id] = record

    @property
    def citations(self) -> dict[tuple[str, str], CitationRecord]:
        return self.data["citations"]

    def note_citation(self, record: CitationRecord) -> None:
        self.citations[record.docname, record.anchor] = record

    def note_mention(self, record: MentionRecord) -> None:
        self.mentions[record.docname, record.anchor] = record
        self.data["stale"].add(record.entry)

    def mentions_of(self, entry_id: str) -> list[MentionRecord]:
        found = [m for m in self.mentions.values() if m.entry == entry_id]
        return sorted(found, key=lambda m: (m.briefing, m.paragraph, m.anchor))

    def clear_doc(self, docname: str) -> None:
        stale = self.data["stale"]
        for key, mention in list(self.mentions.items()):
            if mention.docname == docname:
                stale.add(mention.entry)
                del self.mentions[key]
        for key in [k for k in self.citations if k[0] == docname]:
            del self.citations[key]
        for table in ("entries", "briefings"):
            records: dict[str, EntryRecord | BriefingRecord] = self.data[table]
            for record_id, record in list(records.items()):
                if record.docname == docname:
                    stale.add(record_id)
                    del records[record_id]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for table in ("entries", "briefings"):
            for key, record in otherdata[table].items():
                if record.docname in docnames:
                    self.data[table][key] = record
        for table in ("mentions", "citations"):
            for key, record in otherdata[table].items():
                if record.docname in docnames:
                    self.data[table][key] = record
        self.data["stale"] |= otherdata["stale"]

    def take_stale(self) -> set[str]:
        stale = set(self.data["stale"])
        self.data["stale"].clear()
        return stale

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        record = self.entries.get(target)
        if record is None:
            return None
        return make_refnode(builder, fromdocname, record.docname, record.anchor, contnode, record.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "entry", target, node, contnode)
        return [("briefing:entry", ref)] if ref is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in self.entries.values():
            yield record.id, record.title, "entry", record.docname, record.anchor, 1


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain: BriefingDomain = env.domains["briefing"]  # type: ignore[assignment]
    stale = domain.take_stale()
    if not stale:
        return []
    pages = {domain.entries[e].docname for e in stale if e in domain.entries}
    # Listings (home, glossary, timeline, sources) depend on every document.
    pages.update(docname for docname in env.found_docs if _has_listing(env, docname))
    return sorted(pages)


def _has_listing(env: BuildEnvironment, docname: str) -> bool:
    return docname in env.metadata and bool(env.metadata[docname].get("briefing-listing"))


def setup_domain(app: Sphinx) -> None:
    app.add_domain(BriefingDomain)
    app.connect("env-get-updated", _pages_to_rewrite)
