"""Cross-document state: which entries, briefings, mentions, notes and key judgments live
where (the records themselves are defined in ``_records``).

Records are indexed by the document that defines them (as sphinxcontrib-bibtex
and ``sphinx.ext.todo`` do), so ``clear_doc`` and ``merge_domaindata`` touch only
that document's records and keep incremental and parallel builds right; mentions
are also indexed by entry, so a page's back-links read only its own.

Every link between documents is a ``pending_xref`` of this domain, resolved
in :meth:`BriefingDomain.resolve_xref` with the builder's own URIs,
so builders that cannot link (LaTeX to an orphan page)
raise ``NoUri`` and Sphinx keeps the text. Entry pages depend on every
briefing that mentions them; ``env-get-updated`` asks Sphinx to rewrite (not
re-read) the pages whose back-links, listings or mention previews changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from . import _nodes as bn
from ._records import (
    BriefingRecord,
    CitationRecord,
    EntryRecord,
    JudgmentRecord,
    MentionRecord,
    NoteRecord,
)
from ._warnings import Warn, warn


class BriefingDomain(Domain):
    name = "briefing"
    label = "Briefing"
    object_types: ClassVar[dict[str, ObjType]] = {
        "entry": ObjType("glossary entry", "entry"),
        "note": ObjType("analyst note", "note"),
        "briefing": ObjType("briefing"),
        "mention": ObjType("mention"),
        "judgment": ObjType("key judgment's track record"),
    }
    roles: ClassVar[dict[str, Any]] = {
        "entry": XRefRole(innernodeclass=nodes.inline, warn_dangling=True),
        "note": XRefRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    dangling_warnings: ClassVar[dict[str, str]] = {
        "entry": "no glossary entry `%(target)s`",
        "note": "no note `%(target)s` (name a note as briefing-id/note-id)",
        "briefing": "no briefing `%(target)s`",
        "mention": "no mention at `%(target)s`",
        "judgment": "no track record of `%(target)s`",
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "entries": {},  # entry id -> EntryRecord
        "briefings": {},  # briefing id -> BriefingRecord
        "notes": {},  # "briefing/note" -> NoteRecord
        "judgments": {},  # "briefing/note" -> JudgmentRecord
        "track": set(),  # docnames with the track record
        "mentions": {},  # docname -> anchor -> MentionRecord
        "citations": {},  # docname -> anchor -> CitationRecord
        "owned": {},  # docname -> {(table, key)}: the entries, briefings and notes it defines
        "mentioned": {},  # entry id -> {(docname, anchor)}: where it is mentioned
        "listings": set(),  # docnames with a listing: they show every document's records
        "stale": set(),  # entry ids whose pages must be rewritten
        "cleared": {},  # (docname, anchor) -> MentionRecord of a document being re-read
        "previewed": {},  # entry id -> preview data the written pages show
        "track_linked": None,  # the track record page the written judgments link to
    }
    data_version = 5

    @property
    def entries(self) -> dict[str, EntryRecord]:
        return self.data["entries"]

    @property
    def briefings(self) -> dict[str, BriefingRecord]:
        return self.data["briefings"]

    @property
    def notes(self) -> dict[str, NoteRecord]:
        return self.data["notes"]

    @property
    def judgments(self) -> dict[str, JudgmentRecord]:
        return self.data["judgments"]

    @property
    def listings(self) -> set[str]:
        return self.data["listings"]

    def track_page(self) -> str | None:
        """The page with the site's track record, if any (the first, if several)."""
        return min(self.data["track"], default=None)

    def judgments_in(self, briefing: str) -> list[JudgmentRecord]:
        """Every key judgment with a likelihood (only ``briefing``'s, if given), in track-record order."""
        found = [j for j in self.judgments.values() if not briefing or j.briefing == briefing]
        return sorted(found, key=JudgmentRecord.order)

    def _own(self, table: str, key: str, record: Any) -> None:
        self.data[table][key] = record
        self.data["owned"].setdefault(record.docname, set()).add((table, key))

    def note_entry(self, record: EntryRecord) -> None:
        self._own("entries", record.id, record)
        self.data["stale"].add(record.id)

    def note_briefing(self, record: BriefingRecord) -> None:
        self._own("briefings", record.id, record)

    def note_note(self, record: NoteRecord) -> None:
        self._own("notes", record.target, record)

    def note_judgment(self, record: JudgmentRecord) -> None:
        self._own("judgments", record.target, record)
        self.data["stale"].add(record.target)  # the track record shows it

    def note_track(self, docname: str) -> None:
        self.data["track"].add(docname)
        self.note_listing(docname)

    def note_citation(self, record: CitationRecord) -> None:
        self.data["citations"].setdefault(record.docname, {})[record.anchor] = record

    def note_mention(self, record: MentionRecord) -> None:
        self.data["mentions"].setdefault(record.docname, {})[record.anchor] = record
        self.data["mentioned"].setdefault(record.entry, set()).add((record.docname, record.anchor))
        # A re-read page puts back the same mentions: only those that changed make their entry stale.
        if self.data["cleared"].pop((record.docname, record.anchor), None) != record:
            self.data["stale"].add(record.entry)

    def note_listing(self, docname: str) -> None:
        self.listings.add(docname)

    def mention(self, docname: str, anchor: str) -> MentionRecord | None:
        return self.data["mentions"].get(docname, {}).get(anchor)

    def mentions_of(self, entry_id: str) -> list[MentionRecord]:
        mentions = self.data["mentions"]
        found = [mentions[d][a] for d, a in self.data["mentioned"].get(entry_id, ())]
        return sorted(found, key=lambda m: (m.briefing, m.paragraph, m.anchor))

    def mentions_in(self, briefing: str) -> list[MentionRecord]:
        """The mentions in ``briefing``'s article, in reading order."""
        record = self.briefings.get(briefing)
        mentions: dict[str, dict[str, MentionRecord]] = self.data["mentions"]
        pages = [mentions.get(record.docname, {})] if record else list(mentions.values())
        found = [m for page in pages for m in page.values() if m.briefing == briefing]
        return sorted(found, key=lambda m: (m.paragraph, m.anchor))

    def entries_in(self, briefing: str) -> set[str] | None:
        """Ids of the entries ``briefing`` mentions, or None (every entry) for no briefing."""
        if not briefing:
            return None
        return {m.entry for m in self.mentions_in(briefing)}

    def citations_in(self, docname: str) -> Iterable[CitationRecord]:
        return self.data["citations"].get(docname, {}).values()

    def all_citations(self) -> Iterator[CitationRecord]:
        for page in self.data["citations"].values():
            yield from page.values()

    def clear_doc(self, docname: str) -> None:
        stale, mentioned = self.data["stale"], self.data["mentioned"]
        for anchor, mention in self.data["mentions"].pop(docname, {}).items():
            self.data["cleared"][docname, anchor] = mention  # stale unless the page puts it back
            places = mentioned.get(mention.entry, set())
            places.discard((docname, anchor))
            if not places:
                mentioned.pop(mention.entry, None)
        self.data["citations"].pop(docname, None)
        for table, key in self.data["owned"].pop(docname, ()):
            records: dict[str, Any] = self.data[table]
            if key in records and records[key].docname == docname:
                del records[key]
                if table != "notes":
                    stale.add(key)
        self.listings.discard(docname)
        self.data["track"].discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for table, key in otherdata["owned"].get(docname, ()):
                if key in otherdata[table] and otherdata[table][key].docname == docname:
                    self._own(table, key, otherdata[table][key])
            for mention in otherdata["mentions"].get(docname, {}).values():
                self.note_mention(mention)  # compares it with what this process cleared
            for citation in otherdata["citations"].get(docname, {}).values():
                self.note_citation(citation)
            if docname in otherdata["listings"]:
                self.note_listing(docname)
            if docname in otherdata["track"]:
                self.note_track(docname)
        self.data["stale"] |= otherdata["stale"]

    def take_stale(self) -> set[str]:
        """Entries whose pages must be rewritten; mentions cleared and not put back count too."""
        stale = set(self.data["stale"]) | {m.entry for m in self.data["cleared"].values()}
        self.data["stale"].clear()
        self.data["cleared"].clear()
        return stale

    def take_changed_previews(self) -> set[str]:
        """Ids of the entries whose preview differs from what the written pages show."""
        current = {i: record.preview_data(self.entries) for i, record in self.entries.items()}
        shown: dict[str, Any] = self.data["previewed"]
        changed = {i for i in current.keys() | shown.keys() if current.get(i) != shown.get(i)}
        self.data["previewed"] = current
        return changed

    def take_track_moved(self) -> set[str]:
        """The pages with key judgments, when the page holding the track record (which their
        history links point to) is not the one their written pages link to."""
        page = self.track_page()
        if page == self.data["track_linked"]:
            return set()
        self.data["track_linked"] = page
        return {j.docname for j in self.judgments.values()}

    def mention_pages(self, entry_ids: Set[str]) -> set[str]:
        """Documents with a mention of any of ``entry_ids``."""
        mentioned = self.data["mentioned"]
        return {docname for e in entry_ids for docname, _ in mentioned.get(e, ())}

    def _find(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """(docname, anchor, title) of a reference target."""
        if typ == "entry" and target in self.entries:
            entry = self.entries[target]
            return entry.docname, entry.anchor, entry.title
        if typ == "note" and target in self.notes:
            note = self.notes[target]
            return note.docname, note.anchor, note.label
        if typ == "judgment" and target in self.judgments and (page := self.track_page()):
            judgment = self.judgments[target]
            return page, judgment.anchor, judgment.note.label
        if typ == "briefing" and target in self.briefings:
            briefing = self.briefings[target]
            return briefing.docname, "", briefing.title
        if typ == "mention":
            docname, _, anchor = target.partition("#")
            if mention := self.mention(docname, anchor):
                return docname, anchor, mention.quote
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        found = self._find(typ, target)
        if found is None:
            return None
        docname, anchor, title = found
        if docname == fromdocname and anchor:
            uri = f"#{anchor}"
        else:
            uri = builder.get_relative_uri(fromdocname, docname) + (f"#{anchor}" if anchor else "")
        if isinstance(contnode, bn.briefing_mention):
            contnode["refuri"] = uri
            return contnode
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title)
        ref = nodes.reference("", "", contnode, internal=True, refuri=uri, reftitle=title)
        ref["classes"].extend(node.get("classes", []))
        return ref

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        found = []
        for typ in ("entry", "note", "briefing"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append((f"briefing:{typ}", ref))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for entry in self.entries.values():
            yield entry.id, entry.title, "entry", entry.docname, entry.anchor, 1
        for note in self.notes.values():
            yield note.target, note.label, "note", note.docname, note.anchor, 0
        for briefing in self.briefings.values():
            yield briefing.id, briefing.title, "briefing", briefing.docname, "", 1


def xref(reftype: str, target: str, *content: nodes.Node, **attributes: Any) -> pending_xref:
    """A reference to be resolved by the domain once every document is read.

    With ``content`` the text is given (``refexplicit``); without, the domain
    shows the target's title.
    """
    node = pending_xref(
        "",
        *content,
        refdomain="briefing",
        reftype=reftype,
        reftarget=target,
        refexplicit=bool(content),
        refwarn=True,
        **attributes,
    )
    if not content:
        node += nodes.inline(target, target)
    return node


_DANGLING = {"entry": Warn.UNKNOWN_ENTRY, "note": Warn.UNKNOWN_NOTE}


def _warn_dangling(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Log an unknown target as a ``briefing.*`` warning, so it can be silenced by kind."""
    if not isinstance(domain, BriefingDomain):
        return None
    typ = node["reftype"]
    if typ == "judgment":
        return True  # a site without a track record: the link stays text
    warn(
        _DANGLING.get(typ, Warn.UNKNOWN_TARGET),
        domain.dangling_warnings[typ] % {"target": node["reftarget"]},
        node,
    )
    return True


def _pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    domain: BriefingDomain = env.domains["briefing"]  # type: ignore[assignment]
    stale = domain.take_stale()
    # Pages carry the previews of the entries they mention (see _previews).
    pages = domain.mention_pages(domain.take_changed_previews()) | domain.take_track_moved()
    if not stale:
        return sorted(pages)
    pages.update(domain.entries[e].docname for e in stale if e in domain.entries)
    # Listings (home, glossary, timeline, sources) depend on every document.
    pages.update(domain.listings & env.found_docs)
    return sorted(pages)


def setup_domain(app: Sphinx) -> None:
    app.add_domain(BriefingDomain)
    app.connect("warn-missing-reference", _warn_dangling)
    app.connect("env-get-updated", _pages_to_rewrite)
