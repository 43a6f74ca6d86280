"""Directives that turn the generated JSON data into nodes.

The MyST pages name what to show (``{briefing:article} <id>``); the data
itself, contributor text included, is read from ``_data/`` and never parsed
as MyST. Each directive records its data file as a dependency, so an edit
re-reads exactly the pages that show it.
"""

from __future__ import annotations

import functools
import json
import typing
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import core, scoring
from ..contract import EXPORT_FILE, Data, data_file, pdf_file
from ..files import read_regular
from . import _nodes as bn
from ._design import badge, sources_block, state_badge
from ._domain import BriefingDomain, xref
from ._markup import markdown_nodes
from ._records import (
    BriefingRecord,
    CitationRecord,
    EntryRecord,
    JudgmentRecord,
    MentionRecord,
    NoteRecord,
)

R = TypeVar("R")


def indicator_list(indicators: tuple[core.IndicatorData, ...]) -> list[nodes.Node]:
    """The signposts that would raise or lower a judgment's likelihood."""
    if not indicators:
        return []
    items = nodes.bullet_list(classes=["briefing-indicators"])
    for indicator in indicators:
        para = nodes.paragraph()
        word = "Raises" if indicator.direction == "raises" else "Lowers"
        para += nodes.inline(word, word, classes=[f"briefing-indicator-{indicator.direction}"])
        para += nodes.Text(": " + indicator.signpost)
        items += nodes.list_item("", para)
    return [nodes.rubric("Indicators", "Indicators", classes=["briefing-indicators-head"]), items]


def see_also_line(links: tuple[core.NoteLinkData, ...]) -> list[nodes.Node]:
    if not links:
        return []
    para = nodes.paragraph(classes=["briefing-note-see-also"])
    para += nodes.Text("See also: ")
    for i, link in enumerate(links):
        if i:
            para += nodes.Text("; ")
        label = f"note {link.number} ({link.label})"
        para += nodes.reference(label, label, refid=link.anchor, internal=True)
    return [para]


def state_line(briefing: str, note: core.NoteData) -> list[nodes.Node]:
    """A judged note's state and, for a key judgment with a likelihood, the link to its
    history (outcome, revisions, indicators) in the track record."""
    if note.state is None:
        return []
    out: list[nodes.Node] = [state_badge(note.state)]
    if note.outcome is not None:
        out.append(nodes.Text(f" (known {core.long_date(note.outcome.known)})"))
    if note.kind == "key-judgment" and note.likelihood:
        text = "Watch list and history" if note.state == scoring.OPEN else "Outcome and history"
        out += [nodes.Text(" · "), xref("judgment", f"{briefing}/{note.id}", nodes.Text(text))]
    return out


def note_content(note: core.NoteData, briefing: str = "") -> list[nodes.Node]:
    """Heading line, provenance and judgement terms, body and sources of a note."""
    head = bn.part(nodes.paragraph(), bn.Part.NOTE_HEAD)
    head += bn.part(nodes.inline(str(note.number), str(note.number)), bn.Part.NOTE_NUMBER)
    kind = badge(core.NOTE_KINDS[note.kind], "briefing-note-kind", f"briefing-note-kind-{note.kind}")
    kind["part"] = bn.Part.NOTE_KIND.value  # the badge's classes stay as sphinx-design orders them
    head += kind
    if note.title:
        head += bn.part(nodes.strong(note.title, note.title), bn.Part.NOTE_TITLE)
    head += bn.briefing_note_permalink(note=note.anchor, number=note.number)
    meta = bn.part(nodes.paragraph(), bn.Part.NOTE_META)
    meta += nodes.Text(f"{note.author} · {core.long_date(note.date)}")
    for badge_node in judgement_badges(note):
        meta += nodes.Text(" · ")
        meta += badge_node
    if state := state_line(briefing, note):
        meta += nodes.Text(" · ")
        meta.extend(state)
    body = nodes.container(classes=["briefing-note-body"])
    body.extend(markdown_nodes(note.body))
    body.extend(indicator_list(note.indicators))
    body.extend(see_also_line(note.see_also))
    out: list[nodes.Node] = [head, meta, body]
    if note.sources:
        block = sources_block(note.sources, ["briefing-note-sources"])
        block["part"] = bn.Part.NOTE_SOURCES.value  # on a dropdown too, whose classes go inside
        out.append(block)
    return out


def judgement_badges(note: core.NoteData) -> list[nodes.inline]:
    """Likelihood and confidence as badges that name themselves (``Likelihood: likely``)."""
    terms = zip(("likelihood", "confidence"), (note.likelihood, note.confidence), strict=True)
    return [
        badge(f"{name.capitalize()}: {value}", "briefing-judgement", f"briefing-{name}")
        for name, value in terms
        if value
    ]


class _DataDirective(SphinxDirective):
    required_arguments = 1
    kind: ClassVar[Data]

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def cite(
        self, anchor: str, label: str, reftype: str, target: str, sources: tuple[core.SourceData, ...]
    ) -> None:
        if sources:
            self.domain.note_citation(
                CitationRecord(
                    docname=self.env.docname,
                    anchor=anchor,
                    label=label,
                    reftype=reftype,
                    target=target,
                    sources=sources,
                )
            )

    def note(self, briefing: str, note: core.NoteData, classes: list[str] | None = None) -> bn.briefing_note:
        """A note's node; the note and its sources are recorded for references and the sources page."""
        record = NoteRecord(docname=self.env.docname, briefing=briefing, id=note.id, label=note.label)
        self.domain.note_note(record)
        self.cite(note.anchor, note.label, "note", record.target, note.sources)
        node = bn.briefing_note(kind=note.kind, number=note.number, ids=[note.anchor], classes=classes or [])
        node.extend(note_content(note, briefing))
        return node

    def load(self, record: type[R]) -> R:
        """The data file this directive names, or a located error."""
        name = self.arguments[0]
        path = Path(self.env.srcdir, data_file(self.kind, name, self.config.briefing_data_dir))
        self.env.note_dependency(str(path))
        try:
            return typing.cast(R, _decoded(typing.cast(type, record), read_regular(path)))
        except FileNotFoundError:
            raise self.error(
                f"no data for `{name}`: {path} is missing (is briefing_data_dir right?)"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self.error(f"unreadable data for `{name}` in {path}: {exc}") from None

    def located(self, node: nodes.Element) -> nodes.Element:
        self.set_source_info(node)
        return node


@functools.lru_cache(maxsize=32)
def _decoded(record: type, data: bytes) -> Any:
    """A data file's record, decoded once for the directives of a page that all read it
    (a briefing's page reads its large file three times). Keyed by the bytes read, so an
    edited file is decoded afresh; records are immutable, so sharing one is safe."""
    return core.from_json(record, json.loads(data))


class ArticleMetaDirective(_DataDirective):
    """Dateline, source and the PDF link of a briefing."""

    kind = Data.BRIEFING

    def run(self) -> list[nodes.Node]:
        data = self.load(core.BriefingData)
        self.domain.note_briefing(BriefingRecord.of(data, self.env.docname))
        para = bn.part(nodes.paragraph(), bn.Part.DATELINE)
        para += nodes.Text(
            " · ".join([f"Published {core.long_date(data.published)}", *filter(None, [data.publisher])])
        )
        if data.url:
            para += nodes.Text(" · ")
            para += nodes.reference(
                "Original article", "Original article", refuri=data.url, classes=["external"]
            )
        pdf = str(pdf_file(data.id, self.config.briefing_pdf_dir))
        link = bn.briefing_site_file("", "Download PDF", path=pdf, pdf_of=data.id)
        para += nodes.inline("", " · ", link, classes=["briefing-pdf-link"])
        para += nodes.inline(
            "",
            " · ",
            bn.briefing_site_file("", "Annotations (W3C JSON-LD)", path=EXPORT_FILE),
            classes=["briefing-export-link"],
        )
        out: list[nodes.Node] = [para]
        if data.subtitle:
            out.insert(0, bn.part(nodes.paragraph(data.subtitle, data.subtitle), bn.Part.SUBTITLE))
        return out


class KeyJudgmentsDirective(_DataDirective):
    """The bottom line up front (``:detail: summary``) or the judgments in full."""

    kind = Data.BRIEFING
    option_spec: ClassVar[dict[str, Any]] = {
        "detail": lambda arg: directives.choice(arg, ("summary", "full")),
    }

    def run(self) -> list[nodes.Node]:
        data = self.load(core.BriefingData)
        notes = [data.notes[note_id] for note_id in data.key_judgments]
        for note in notes:
            if note.likelihood:
                self.domain.note_judgment(
                    JudgmentRecord(docname=self.env.docname, briefing=data.id, note=note)
                )
        if self.options.get("detail", "summary") == "full":
            return [self.note(data.id, note, ["briefing-key-judgment"]) for note in notes]
        lead = bn.part(nodes.container(), bn.Part.LEAD)
        lead += nodes.rubric("Key judgments", "Key judgments")
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for note in notes:
            line = bn.part(nodes.paragraph(), bn.Part.KJ_LINE)
            if note.title:
                line += nodes.strong(note.title, note.title + ". ")
            first = next((p for p in markdown_nodes(note.body) if isinstance(p, nodes.paragraph)), None)
            if first is not None:
                line.extend(first.children)
            meta = bn.part(nodes.paragraph(), bn.Part.NOTE_META)
            # a separator in the text itself: where badges are not drawn as pills
            # (print, plain text, a screen reader) their words must not run together
            for badge_node in judgement_badges(note):
                meta += badge_node
                meta += nodes.Text(" · ")
            if state := state_line(data.id, note):
                meta.extend(state)
                meta += nodes.Text(" · ")
            meta += nodes.reference("", "Reasoning and sources", refid=note.anchor, internal=True)
            items += nodes.list_item("", line, meta)
        lead += items
        return [lead]


class ArticleDirective(_DataDirective):
    kind = Data.BRIEFING

    def run(self) -> list[nodes.Node]:
        data = self.load(core.BriefingData)
        body = bn.briefing_article(lang=data.language, briefing=data.id, sha256=data.sha256)
        for block in data.blocks:
            wrapper = bn.briefing_block(number=block.number, start=block.start)
            para = nodes.paragraph(ids=[f"p-{block.number}"], classes=["briefing-text"])
            para.extend(self._runs(block, data))
            if block.role == "caption":
                cap = bn.briefing_caption()
                cap += para
                wrapper += cap
            else:
                wrapper += para
            if block.notes:
                margin = nodes.container(classes=["briefing-margin"])
                for note_id in block.notes:
                    margin += self.note(data.id, data.notes[note_id])
                wrapper += margin
            body += wrapper
        for mention in data.mentions.values():
            self.domain.note_mention(
                MentionRecord(
                    docname=self.env.docname,
                    briefing=data.id,
                    **{name: getattr(mention, name) for name in core.MentionData.__dataclass_fields__},
                )
            )
        return [body]

    def _runs(self, block: core.BlockData, data: core.BriefingData) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        current: bn.briefing_mention | None = None
        pending: list[str] = []  # note marks waiting for the mention to close

        def marks(note_ids: tuple[str, ...] | list[str]) -> list[nodes.Node]:
            return [
                bn.briefing_note_ref(note=core.note_anchor(n), number=data.notes[n].number) for n in note_ids
            ]

        for run in block.runs:
            if current is not None and run.mention != current["mention_id"]:
                out.extend(marks(pending))
                current, pending = None, []
            if run.mention and current is None:
                info = data.mentions[run.mention]
                current = bn.briefing_mention(
                    entry=info.entry, entry_type=info.type, mention_id=info.id, ids=[info.anchor]
                )
                out.append(self.located(xref("entry", info.entry, current)))
            text = nodes.Text(run.text)
            piece = (
                bn.briefing_noted("", "", text, notes=[core.note_anchor(n) for n in run.notes])
                if run.notes
                else text
            )
            if current is not None:
                current += piece
                pending.extend(run.closing)
            else:
                out.append(piece)
                out.extend(marks(run.closing))
        out.extend(marks(pending))
        return out


class EntryDirective(_DataDirective):
    kind = Data.ENTRY

    def run(self) -> list[nodes.Node]:
        data = self.load(core.EntryData)
        self.domain.note_entry(EntryRecord.of(data, self.env.docname))
        self.cite(data.anchor, data.title, "entry", data.id, data.sources)
        section = nodes.container(ids=[data.anchor], classes=["briefing-entry", f"briefing-type-{data.type}"])
        label = core.type_label(data.type)
        section += nodes.paragraph(label, label, classes=["briefing-entry-type"])
        section += nodes.paragraph(data.summary, data.summary, classes=["briefing-summary"])
        fields = nodes.field_list(classes=["briefing-fields"])
        for field in data.fields:
            body = nodes.paragraph()
            if field.entries:
                for i, ref in enumerate(field.entries):
                    if i:
                        body += nodes.Text(", ")
                    body += self.located(xref("entry", ref))
            elif field.link:
                body += nodes.reference(field.text(), field.text(), refuri=field.link, classes=["external"])
            else:
                body += nodes.Text(field.text())
            fields += nodes.field("", nodes.field_name(field.label, field.label), nodes.field_body("", body))
        if len(fields):
            section += fields
        section.extend(markdown_nodes(data.body))
        if data.sources:
            section += sources_block(data.sources, ["briefing-entry-sources"])
        return [section]


class _PlaceholderDirective(SphinxDirective):
    what: ClassVar[str]
    listing: ClassVar[bool] = True
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.listing:
            domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
            domain.note_listing(self.env.docname, self.what, (self.arguments or [""])[0])
        return [bn.briefing_placeholder(what=self.what, target=(self.arguments or [""])[0])]


class MentionedInDirective(_PlaceholderDirective):
    what = "mentioned-in"
    listing = False
    required_arguments = 1
    optional_arguments = 0


class GlossaryDirective(_PlaceholderDirective):
    what = "glossary"


class BriefingsDirective(_PlaceholderDirective):
    what = "briefings"


class TimelineDirective(_PlaceholderDirective):
    what = "timeline"


class SourcesDirective(_PlaceholderDirective):
    what = "sources"


class TrackRecordDirective(_PlaceholderDirective):
    """The key judgments of every briefing, scored: the page the judgments' history links to."""

    what = "track-record"

    def run(self) -> list[nodes.Node]:
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        domain.note_track(self.env.docname)
        return super().run()


DIRECTIVES = {
    "article-meta": ArticleMetaDirective,
    "key-judgments": KeyJudgmentsDirective,
    "article": ArticleDirective,
    "entry": EntryDirective,
    "mentioned-in": MentionedInDirective,
    "glossary": GlossaryDirective,
    "briefings": BriefingsDirective,
    "timeline": TimelineDirective,
    "sources": SourcesDirective,
    "track-record": TrackRecordDirective,
}
