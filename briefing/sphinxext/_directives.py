"""Directives that turn the generated JSON data into nodes.

The MyST pages name what to show (``{briefing:article} <id>``); the data
itself, contributor text included, is read from ``_data/`` and never parsed
as MyST. Each directive records its data file as a dependency, so an edit
re-reads exactly the pages that show it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective

from ..export import EXPORT_FILE
from . import _nodes as bn
from ._domain import BriefingDomain, BriefingRecord, CitationRecord, EntryRecord, MentionRecord, Source
from ._markup import markdown_nodes

KIND_LABELS = {
    "context": "Context",
    "fact-check": "Fact check",
    "assessment": "Assessment",
    "key-judgment": "Key judgment",
    "question": "Question",
}


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def mention_anchor(mention_id: str) -> str:
    return f"m-{mention_id}"


def note_anchor(note_id: str) -> str:
    return f"note-{note_id}"


def entry_anchor(entry_id: str) -> str:
    return f"entry-{entry_id}"


def source_list(sources: list[dict[str, Any]]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["briefing-sources"])
    for source in sources:
        para = nodes.paragraph()
        if source.get("url"):
            para += nodes.reference(
                source["title"], source["title"], refuri=source["url"], classes=["external"]
            )
        else:
            para += nodes.Text(source["title"])
        extra = [source.get("publisher") or "", long_date(source["date"]) if source.get("date") else ""]
        if any(extra):
            para += nodes.Text(", " + ", ".join(e for e in extra if e))
        if source.get("grade"):
            para += nodes.Text(" ")
            para += grade_badge(source["grade"], source["grade_meaning"])
        items += nodes.list_item("", para)
    return items


def grade_badge(grade: str, meaning: str) -> nodes.Node:
    """The Admiralty grade as a compact badge; its meaning is the accessible name and tooltip."""
    return bn.briefing_grade(grade, grade, grade=grade, meaning=meaning)


def indicator_list(indicators: list[dict[str, Any]]) -> list[nodes.Node]:
    """The signposts that would raise or lower a judgment's likelihood."""
    if not indicators:
        return []
    items = nodes.bullet_list(classes=["briefing-indicators"])
    for indicator in indicators:
        para = nodes.paragraph()
        word = "Raises" if indicator["direction"] == "raises" else "Lowers"
        para += nodes.inline(word, word, classes=[f"briefing-indicator-{indicator['direction']}"])
        para += nodes.Text(": " + indicator["signpost"])
        items += nodes.list_item("", para)
    return [nodes.rubric("Indicators", "Indicators", classes=["briefing-indicators-head"]), items]


def see_also_line(notes: list[dict[str, Any]]) -> list[nodes.Node]:
    if not notes:
        return []
    para = nodes.paragraph(classes=["briefing-note-see-also"])
    para += nodes.Text("See also: ")
    for i, note in enumerate(notes):
        if i:
            para += nodes.Text("; ")
        label = f"note {note['number']} ({note['label']})"
        para += nodes.reference(label, label, refid=note_anchor(note["id"]), internal=True)
    return [para]


def _judgement_terms(data: dict[str, Any]) -> list[str]:
    terms = []
    if data.get("likelihood"):
        terms.append(f"Likelihood: {data['likelihood']}")
    if data.get("confidence"):
        terms.append(f"Confidence: {data['confidence']}")
    return terms


def note_content(data: dict[str, Any]) -> list[nodes.Node]:
    """Heading line, provenance and judgement terms, body and sources of a note."""
    head = nodes.paragraph(classes=["briefing-note-head"])
    head += nodes.inline(str(data["number"]), str(data["number"]), classes=["briefing-note-number"])
    head += nodes.inline(KIND_LABELS[data["kind"]], KIND_LABELS[data["kind"]], classes=["briefing-note-kind"])
    if data.get("title"):
        head += nodes.strong(data["title"], data["title"], classes=["briefing-note-title"])
    head += bn.briefing_note_permalink(note=note_anchor(data["id"]), number=data["number"])
    meta = nodes.paragraph(classes=["briefing-note-meta"])
    meta += nodes.Text(" · ".join([data["author"], long_date(data["date"]), *_judgement_terms(data)]))
    body = nodes.container(classes=["briefing-note-body"])
    body.extend(markdown_nodes(data["body"]))
    body.extend(indicator_list(data.get("indicators") or []))
    body.extend(see_also_line(data.get("see_also") or []))
    out: list[nodes.Node] = [head, meta, body]
    if data["sources"]:
        sources = bn.briefing_note_sources(count=len(data["sources"]))
        sources += source_list(data["sources"])
        out.append(sources)
    return out


def source_keys(sources: list[dict[str, Any]]) -> tuple[Source, ...]:
    return tuple(
        (s["title"], s.get("publisher") or "", s.get("date") or "", s.get("url") or "") for s in sources
    )


class _DataDirective(SphinxDirective):
    required_arguments = 1
    kind: ClassVar[str]

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def cite(self, anchor: str, label: str, sources: list[dict[str, Any]]) -> None:
        if sources:
            self.domain.note_citation(CitationRecord(self.env.docname, anchor, label, source_keys(sources)))

    def note(self, data: dict[str, Any], classes: list[str] | None = None) -> bn.briefing_note:
        """A note's node; its sources are recorded for the sources page."""
        anchor = note_anchor(data["id"])
        label = f"{KIND_LABELS[data['kind']]} {data['number']}: " + (
            data.get("title") or data.get("quote", "")
        )
        self.cite(anchor, label, data["sources"])
        node = bn.briefing_note(kind=data["kind"], number=data["number"], ids=[anchor], classes=classes or [])
        node.extend(note_content(data))
        return node

    def load(self) -> dict[str, Any]:
        data_dir = self.config.briefing_data_dir
        path = self.env.srcdir / data_dir / self.kind / f"{self.arguments[0]}.json"
        self.env.note_dependency(str(path))
        with path.open(encoding="utf-8") as f:
            return json.load(f)


class ArticleMetaDirective(_DataDirective):
    """Dateline, source and the PDF link of a briefing."""

    kind = "briefings"

    def run(self) -> list[nodes.Node]:
        data = self.load()
        docname = self.env.docname
        self.domain.note_briefing(
            BriefingRecord(
                docname, data["id"], data["title"], data["published"], data.get("summary"), data["language"]
            )
        )
        para = nodes.paragraph(classes=["briefing-dateline"])
        parts = [f"Published {long_date(data['published'])}"]
        if data.get("publisher"):
            parts.append(data["publisher"])
        para += nodes.Text(" · ".join(parts))
        if data.get("url"):
            para += nodes.Text(" · ")
            para += nodes.reference(
                "Original article", "Original article", refuri=data["url"], classes=["external"]
            )
        pdf = "../" * docname.count("/") + f"{self.config.briefing_pdf_dir}/{data['id']}.pdf"
        para += nodes.inline(
            "",
            " · ",
            nodes.reference("Download PDF", "Download PDF", refuri=pdf),
            classes=["briefing-pdf-link"],
        )
        export = "../" * docname.count("/") + EXPORT_FILE
        para += nodes.inline(
            "",
            " · ",
            nodes.reference("Annotations (W3C JSON-LD)", "Annotations (W3C JSON-LD)", refuri=export),
            classes=["briefing-export-link"],
        )
        out: list[nodes.Node] = [para]
        if data.get("subtitle"):
            out.insert(0, nodes.paragraph(data["subtitle"], data["subtitle"], classes=["briefing-subtitle"]))
        return out


class KeyJudgmentsDirective(_DataDirective):
    """The bottom line up front (``:detail: summary``) or the judgments in full."""

    kind = "briefings"
    option_spec: ClassVar[dict[str, Any]] = {
        "detail": lambda arg: directives.choice(arg, ("summary", "full")),
    }

    def run(self) -> list[nodes.Node]:
        data = self.load()
        notes = [data["notes"][note_id] for note_id in data["key_judgments"]]
        if self.options.get("detail", "summary") == "full":
            out: list[nodes.Node] = []
            for note in notes:
                out.append(self.note(note, ["briefing-key-judgment"]))
            return out
        lead = nodes.container(classes=["briefing-lead"])
        lead += nodes.rubric("Key judgments", "Key judgments")
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for note in notes:
            line = nodes.paragraph(classes=["briefing-kj-line"])
            if note.get("title"):
                line += nodes.strong(note["title"], note["title"] + ". ")
            first = next((p for p in markdown_nodes(note["body"]) if isinstance(p, nodes.paragraph)), None)
            if first is not None:
                line.extend(first.children)
            meta = nodes.paragraph(classes=["briefing-note-meta"])
            meta += nodes.Text(" · ".join(_judgement_terms(note)) + " · ")
            meta += nodes.reference("", "Reasoning and sources", refid=note_anchor(note["id"]), internal=True)
            items += nodes.list_item("", line, meta)
        lead += items
        return [lead]


class ArticleDirective(_DataDirective):
    kind = "briefings"

    def run(self) -> list[nodes.Node]:
        data = self.load()
        docname = self.env.docname
        body = bn.briefing_article(lang=data["language"])
        for block in data["blocks"]:
            wrapper = bn.briefing_block(number=block["number"])
            para = nodes.paragraph(ids=[f"p-{block['number']}"], classes=["briefing-text"])
            para.extend(self._runs(block, data))
            if block["role"] == "caption":
                cap = bn.briefing_caption()
                cap += para
                wrapper += cap
            else:
                wrapper += para
            if block["notes"]:
                margin = nodes.container(classes=["briefing-margin"])
                for note_id in block["notes"]:
                    note = data["notes"][note_id]
                    margin += self.note(note)
                wrapper += margin
            body += wrapper
        for mention_id, mention in data["mentions"].items():
            before, quote, after = mention["context"]
            paragraph = next(
                b["number"] for b in data["blocks"] if any(r["mention"] == mention_id for r in b["runs"])
            )
            self.domain.note_mention(
                MentionRecord(
                    docname,
                    mention_anchor(mention_id),
                    mention["entry"],
                    data["id"],
                    paragraph,
                    before,
                    quote,
                    after,
                )
            )
        return [body]

    def _runs(self, block: dict[str, Any], data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        current: bn.briefing_mention | None = None
        pending: list[str] = []  # note marks waiting for the mention to close

        def marks(note_ids: list[str]) -> list[nodes.Node]:
            return [
                bn.briefing_note_ref(note=note_anchor(n), number=data["notes"][n]["number"]) for n in note_ids
            ]

        for run in block["runs"]:
            if current is not None and run["mention"] != current["mention_id"]:
                out.extend(marks(pending))
                current, pending = None, []
            if run["mention"] and current is None:
                info = data["mentions"][run["mention"]]
                current = bn.briefing_mention(
                    entry=info["entry"],
                    entry_type=info["type"],
                    mention_id=run["mention"],
                    ids=[mention_anchor(run["mention"])],
                )
                out.append(current)
            text = nodes.Text(run["text"])
            piece = (
                bn.briefing_noted("", "", text, notes=[note_anchor(n) for n in run["notes"]])
                if run["notes"]
                else text
            )
            if current is not None:
                current += piece
                pending.extend(run["closing"])
            else:
                out.append(piece)
                out.extend(marks(run["closing"]))
        out.extend(marks(pending))
        return out


class EntryDirective(_DataDirective):
    kind = "entries"

    def run(self) -> list[nodes.Node]:
        data = self.load()
        dates = data.get("dates") or {}
        self.domain.note_entry(
            EntryRecord(
                self.env.docname,
                entry_anchor(data["id"]),
                data["id"],
                data["type"],
                data["title"],
                data["summary"],
                data.get("symbol"),
                data.get("atomic_number"),
                data.get("group"),
                data.get("controlled_since"),
                dates.get("start"),
                dates.get("end") or None,
            )
        )
        self.cite(entry_anchor(data["id"]), data["title"], data["sources"])
        section = nodes.container(
            ids=[entry_anchor(data["id"])], classes=["briefing-entry", f"briefing-type-{data['type']}"]
        )
        section += nodes.paragraph(
            data["type"].capitalize(), data["type"].capitalize(), classes=["briefing-entry-type"]
        )
        section += nodes.paragraph(data["summary"], data["summary"], classes=["briefing-summary"])
        fields = nodes.field_list(classes=["briefing-fields"])
        for field in data["fields"]:
            body = nodes.paragraph()
            if "entries" in field:
                for i, ref in enumerate(field["entries"]):
                    if i:
                        body += nodes.Text(", ")
                    body += _entry_xref(self, ref)
            elif "link" in field:
                body += nodes.reference(
                    field["value"], field["value"], refuri=field["link"], classes=["external"]
                )
            elif isinstance(field["value"], list):
                body += nodes.Text("; ".join(field["value"]))
            else:
                body += nodes.Text(field["value"])
            fields += nodes.field(
                "", nodes.field_name(field["label"], field["label"]), nodes.field_body("", body)
            )
        if len(fields):
            section += fields
        section.extend(markdown_nodes(data["body"]))
        if data["sources"]:
            section += nodes.rubric("Sources", "Sources")
            section += source_list(data["sources"])
        return [section]


def _entry_xref(directive: SphinxDirective, entry_id: str) -> nodes.Node:
    ref = pending_xref(
        "",
        refdomain="briefing",
        reftype="entry",
        reftarget=entry_id,
        refdoc=directive.env.docname,
        refexplicit=False,
        refwarn=True,
    )
    ref += nodes.inline(entry_id, entry_id)
    return ref


class _PlaceholderDirective(SphinxDirective):
    what: ClassVar[str]
    listing: ClassVar[bool] = True
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        if self.listing:
            self.env.metadata[self.env.docname]["briefing-listing"] = True
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
}
