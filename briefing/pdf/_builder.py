"""``briefingpdf``: one PDF per briefing, rendered by WeasyPrint from the same
doctrees as the site, with a print stylesheet of its own.

Each PDF is the briefing page followed by a glossary appendix of the entries
it mentions; notes become footnotes on the page of their span.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging as stdlib_logging
import os
import shutil
import signal
import threading
import time
import warnings
from collections.abc import Iterator, Sequence, Set
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from docutils import nodes
from docutils.frontend import OptionParser
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.writers.html import HTMLWriter
from sphinx.writers.html5 import HTML5Translator

from .. import core
from ..paths import templates_dir
from ..sphinxext import _nodes as bn
from ..sphinxext._domain import BriefingDomain, BriefingRecord, EntryRecord, MentionRecord
from ._fetcher import BuildFolderFetcher
from ._print import (
    briefing_footnote,
    contents,
    depart_footnote,
    depart_page_reference,
    mark_first_mentions,
    mention_pages,
    notes_to_footnotes,
    page_reference,
    unlink_missing_targets,
    visit_footnote,
    visit_page_reference,
)

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from weasyprint import Attachment


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
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            # docutils deprecates OptionParser, but it is the public way to get settings
            self.docsettings = OptionParser(
                components=(HTMLWriter,), defaults=self.env.settings, read_config_files=True
            ).get_default_values()
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

    def _section(self, ident: str, title: str, *children: nodes.Node) -> nodes.section:
        section = nodes.section(ids=[ident], classes=["appendix"])
        section += nodes.title(title, title)
        section.extend(children)
        return section

    def _glossary_entry(self, entry: EntryRecord, mentions: list[MentionRecord]) -> nodes.section:
        """A compact appendix entry: summary, structured fields and where it is mentioned.

        The body and sources stay on the site's entry page; the brief lists
        every source once, in its own appendix.
        """
        section = nodes.section(ids=[f"appendix-{entry.id}", f"entry-{entry.id}"], classes=["glossary-entry"])
        section += nodes.title(entry.title, entry.title)
        for container in self.env.get_doctree(entry.docname).findall(nodes.container):
            if "briefing-entry" in container["classes"]:
                section.extend(
                    child.deepcopy()
                    for child in container.children
                    if isinstance(child, nodes.field_list) or "briefing-summary" in child.get("classes", ())
                )
                break
        section += mention_pages(sorted(mentions, key=lambda m: m.paragraph))
        return section

    def assemble(self, record: BriefingRecord) -> nodes.document:
        """The briefing page, then the notes in full, glossary, timeline and sources."""
        doctree = self.env.get_doctree(record.docname)
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        mentions = [m for m in domain.mentions.values() if m.briefing == record.id]
        glossary = self._section("appendix-glossary", "Glossary")
        entries = sorted(
            {domain.entries[m.entry] for m in mentions if m.entry in domain.entries},
            key=lambda e: (core.type_order(e.type), e.title.casefold()),
        )
        for kind, group in itertools.groupby(entries, key=lambda e: e.type):
            heading = core.type_heading(kind)
            glossary += nodes.rubric(heading, heading, classes=["glossary-type"])
            if kind == "element":
                glossary += bn.briefing_placeholder(what="elements", target=record.id)
            for entry in group:
                glossary += self._glossary_entry(entry, [m for m in mentions if m.entry == entry.id])
        appendices = [
            glossary,
            self._section(
                "appendix-timeline", "Timeline", bn.briefing_placeholder(what="timeline", target=record.id)
            ),
            self._section(
                "appendix-sources", "Sources", bn.briefing_placeholder(what="sources", target=record.id)
            ),
        ]
        doctree[0].extend(appendices)
        self.env.apply_post_transforms(doctree, record.docname)
        notes = notes_to_footnotes(doctree)
        if notes is not None:
            doctree[0].insert(doctree[0].index(glossary), notes)
        mark_first_mentions(doctree)
        unlink_missing_targets(doctree)
        lead = next(
            iter(
                doctree.findall(lambda n: isinstance(n, nodes.container) and "briefing-lead" in n["classes"])
            ),
            None,
        )
        anchor = lead if lead is not None else doctree[0][1]
        anchor.parent.insert(anchor.parent.index(anchor) + 1, contents(doctree))
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
        from weasyprint import Attachment

        doctree = self.assemble(record)
        body = self.render_body(record.docname, doctree)
        work = Path(self.outdir) / f".{record.id}"
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        shutil.copyfile(templates_dir() / "pdf" / "brief.css", work / "brief.css")
        domain: BriefingDomain = self.env.get_domain("briefing")  # type: ignore[assignment]
        keywords = sorted(
            {
                domain.entries[m.entry].title
                for m in domain.mentions.values()
                if m.briefing == record.id
                and m.entry in domain.entries
                and domain.entries[m.entry].type == "concept"
            }
        )
        stamp = _timestamp(record)
        html = self.print_templates.get_template("brief.html.j2").render(
            briefing=record,
            body=body,
            project=self.config.project,
            keywords=keywords,
            created=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            paper=self.config.briefing_paper,
        )
        (work / "brief.html").write_text(html, encoding="utf-8")
        target = Path(self.outdir) / f"{record.id}.pdf"
        logger.info("writing %s", target)
        data = Path(self.srcdir) / self.config.briefing_data_dir / "briefings" / f"{record.id}.json"
        attachment = Attachment(
            string=data.read_text(encoding="utf-8"),
            name=f"{record.id}.annotations.json",
            description="The briefing's article blocks, mentions and notes (JSON)",
            created=stamp,
            modified=stamp,
            relationship="Supplement",
        )
        render_pdf(work / "brief.html", target, record.id, self.config.briefing_pdf_timeout, [attachment])
        if not os.environ.get("BRIEFING_KEEP_PRINT_HTML"):  # for debugging the print layout
            shutil.rmtree(work)


class PDFTimeout(SphinxError):
    category = "PDF rendering took too long"


class _Expired(BaseException):
    pass


@contextmanager
def _time_limit(seconds: float, briefing: str) -> Iterator[None]:
    """Stop WeasyPrint with a clear error instead of letting a layout hang."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    expired = False

    def expire(signum: int, frame: object) -> None:
        nonlocal expired
        expired = True
        # An exception raised while a garbage-collector callback runs is swallowed,
        # so keep re-arming until one reaches this frame.
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise _Expired  # not an Exception: WeasyPrint's own `except Exception` cannot swallow it

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise PDFTimeout(
            f"{briefing}: WeasyPrint did not finish within {seconds:g} s "
            "(raise briefing_pdf_timeout, or look for a runaway print style)"
        )


def _timestamp(record: BriefingRecord) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(dt.date.fromisoformat(record.published), dt.time(), dt.UTC)


def render_pdf(
    html: Path, target: Path, briefing: str, timeout: float, attachments: Sequence[Attachment] = ()
) -> float:
    """Render ``html`` (with only its own folder readable) to ``target``; return seconds taken."""
    from weasyprint import HTML

    handler = _WeasyPrintLog(briefing)
    weasy_logger = stdlib_logging.getLogger("weasyprint")
    font_logger = stdlib_logging.getLogger("fontTools")
    saved = weasy_logger.propagate, font_logger.level
    weasy_logger.addHandler(handler)
    weasy_logger.propagate = False
    font_logger.setLevel(stdlib_logging.WARNING)
    started = time.perf_counter()
    try:
        with _time_limit(timeout, briefing):
            document = HTML(filename=html, url_fetcher=BuildFolderFetcher(html.parent))
            document.write_pdf(
                target,
                pdf_variant="pdf/ua-1",
                pdf_identifier=b"briefing-" + briefing.encode(),
                attachments=list(attachments),
            )
    finally:
        weasy_logger.removeHandler(handler)
        weasy_logger.propagate, level = saved
        font_logger.setLevel(level)
    return time.perf_counter() - started


def setup_pdf(app) -> None:
    app.add_builder(BriefingPDFBuilder)
    app.add_node(briefing_footnote, html=(visit_footnote, depart_footnote))
    app.add_node(page_reference, html=(visit_page_reference, depart_page_reference))
