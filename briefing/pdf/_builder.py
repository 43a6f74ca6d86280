"""``briefingpdf``: one PDF per briefing, rendered by WeasyPrint from the same
doctrees as the site, with a print stylesheet of its own.

Each PDF is the briefing page followed by a glossary appendix of the entries
it mentions; notes become footnotes on the page of their span.
"""

from __future__ import annotations

import logging as stdlib_logging
import os
import re
import shutil
from collections.abc import Set
from pathlib import Path

import jinja2
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder, _get_settings
from sphinx.util import logging
from sphinx.writers.html import HTMLWriter
from sphinx.writers.html5 import HTML5Translator

from ..paths import templates_dir
from ..sphinxext import _nodes as bn
from ..sphinxext._directives import KIND_LABELS
from ..sphinxext._domain import BriefingDomain, BriefingRecord
from ._fetcher import BuildFolderFetcher

logger = logging.getLogger(__name__)


class briefing_footnote(nodes.Inline, nodes.TextElement):
    """A note's text placed at its reference mark, floated to the page foot."""


def visit_footnote(self: HTML5Translator, node: briefing_footnote) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS=f"footnote {bn.APPARATUS}"))


def depart_footnote(self: HTML5Translator, node: briefing_footnote) -> None:
    self.body.append("</span>")


_SENTENCE_END = re.compile(r"(?<=[a-z0-9”)][.!?])\s+(?=[A-Z“(])")


def _gist(note: nodes.Element) -> str:
    """A note's title, or else the first sentence of its body."""
    title = next((t for t in note.findall(nodes.strong) if "briefing-note-title" in t["classes"]), None)
    if title is not None:
        return title.astext()
    body = next((p for p in note.findall(nodes.paragraph) if not p["classes"]), None)
    text = body.astext() if body is not None else ""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def _page_ref(target: str) -> nodes.reference:
    """A link whose text the print stylesheet fills with the target's page number."""
    return nodes.reference("", "", refuri=f"#{target}", classes=["page-ref"])


def notes_to_footnotes(doctree: nodes.document) -> nodes.section | None:
    """Turn margin notes into short footnotes plus a section holding the notes in full.

    Dense annotation does not fit at the foot of the page, so the footnote
    gives the kind and gist with "p. N" to the full note, which points back.
    """
    margin = {n["ids"][0]: n for n in doctree.findall(bn.briefing_note) if n["kind"] != "key-judgment"}
    if not margin:
        return None
    full = nodes.section(ids=["analyst-notes"], classes=["analyst-notes"])
    full += nodes.title("Analyst notes", "Analyst notes")
    for ref in list(doctree.findall(bn.briefing_note_ref)):
        note = margin.get(ref["note"])
        if note is None:
            continue
        kind = KIND_LABELS[note["kind"]]
        fn = briefing_footnote()
        fn += nodes.inline(kind, kind, classes=["briefing-note-kind"])
        fn += nodes.Text(f"{_gist(note)} — note {note['number']}, p. ")
        fn += _page_ref(ref["note"])
        # WeasyPrint registers no anchors inside footnotes: mark the call instead.
        ref.replace_self([nodes.inline(ids=[f"fn-{ref['note']}"]), fn])
    for note_id, note in sorted(margin.items(), key=lambda item: item[1]["number"]):
        note.parent.remove(note)
        back = nodes.paragraph(classes=["briefing-note-back"])
        back += nodes.Text("On p. ")
        back += _page_ref(f"fn-{note_id}")
        note += back
        full += note
    return full


def _unlink_missing_targets(doctree: nodes.document) -> None:
    """Links to entries this brief does not include become plain text."""
    ids = {i for node in doctree.findall(nodes.Element) for i in node["ids"]}
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if uri.startswith("#") and uri[1:] not in ids:
            ref.replace_self(nodes.inline("", "", *ref.children))
    for mention in doctree.findall(bn.briefing_mention):
        if mention.get("refuri", "").lstrip("#") not in ids:
            mention["refuri"] = ""


class _WeasyPrintLog(stdlib_logging.Handler):
    """Report WeasyPrint's warnings (missing glyphs, unresolved anchors) as build warnings."""

    def __init__(self, briefing: str) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.briefing = briefing

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        logger.warning("PDF %s: %s", self.briefing, record.getMessage(), type="briefing", subtype="pdf")


class BriefingPDFBuilder(StandaloneHTMLBuilder):
    name = "briefingpdf"
    format = "html"
    epilog = "The PDF briefs are in %(outdir)s."
    search = False
    copysource = False

    def get_outdated_docs(self) -> str:  # type: ignore[override]
        return "all briefings"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""  # one file: every link is a fragment

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        self.docsettings = _get_settings(HTMLWriter, defaults=self.env.settings, read_config_files=True)
        self.docsettings.compact_lists = True
        loader = jinja2.FileSystemLoader(templates_dir() / "pdf")
        self.print_templates = jinja2.Environment(
            loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
        )

    def copy_assets(self) -> None:
        pass

    def finish(self) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        for record in sorted(domain.briefings.values(), key=lambda b: b.id):
            self.write_briefing(record)

    def assemble(self, record: BriefingRecord) -> nodes.document:
        doctree = self.env.get_doctree(record.docname)
        appendix = nodes.section(ids=["appendix-glossary"], classes=["appendix"])
        appendix += nodes.title("Glossary", "Glossary")
        appendix += bn.briefing_placeholder(what="glossary", target=record.id)
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        mentioned = {m.entry for m in domain.mentions.values() if m.briefing == record.id}
        entries = sorted(
            (domain.entries[e] for e in mentioned if e in domain.entries),
            key=lambda e: (e.type, e.title.casefold()),
        )
        for entry in entries:
            section = nodes.section(ids=[f"appendix-{entry.id}"], classes=["glossary-entry"])
            section += nodes.title(entry.title, entry.title)
            for container in self.env.get_doctree(entry.docname).findall(nodes.container):
                if "briefing-entry" in container["classes"]:
                    section += container.deepcopy()
                    break
            appendix += section
        doctree[0] += appendix
        self.env.apply_post_transforms(doctree, record.docname)
        notes = notes_to_footnotes(doctree)
        if notes is not None:
            doctree[0].insert(doctree[0].index(appendix), notes)
        _unlink_missing_targets(doctree)
        return doctree

    def render_body(self, docname: str, doctree: nodes.document) -> str:
        doctree.settings = self.docsettings
        self.secnumbers, self.fignumbers = {}, {}
        self.imgpath = self.dlpath = ""
        self.current_docname = docname
        visitor: HTML5Translator = self.create_translator(doctree, self)  # type: ignore[assignment]
        doctree.walkabout(visitor)
        return "".join(visitor.fragment)

    def write_briefing(self, record: BriefingRecord) -> None:
        from weasyprint import HTML

        doctree = self.assemble(record)
        body = self.render_body(record.docname, doctree)
        work = Path(self.outdir) / f".{record.id}"
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        shutil.copyfile(templates_dir() / "pdf" / "brief.css", work / "brief.css")
        html = self.print_templates.get_template("brief.html.j2").render(
            briefing=record,
            body=body,
            project=self.config.project,
        )
        (work / "brief.html").write_text(html, encoding="utf-8")
        target = Path(self.outdir) / f"{record.id}.pdf"
        logger.info("writing %s", target)
        handler = _WeasyPrintLog(record.id)
        weasy_logger = stdlib_logging.getLogger("weasyprint")
        weasy_logger.addHandler(handler)
        weasy_logger.propagate = False
        stdlib_logging.getLogger("fontTools").setLevel(stdlib_logging.WARNING)
        try:
            document = HTML(filename=work / "brief.html", url_fetcher=BuildFolderFetcher(work))
            document.write_pdf(target)
        finally:
            weasy_logger.removeHandler(handler)
        if not os.environ.get("BRIEFING_KEEP_PRINT_HTML"):  # for debugging the print layout
            shutil.rmtree(work)


def setup_pdf(app) -> None:
    app.add_builder(BriefingPDFBuilder)
    app.add_node(briefing_footnote, html=(visit_footnote, depart_footnote))
