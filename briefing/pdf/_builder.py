"""``briefingpdf``: one PDF per briefing, typeset by Typst from the same doctrees as the site.

Each briefing's doctree is written as Typst markup by :class:`TypstTranslator`,
framed by ``templates/pdf/brief.typ.j2`` with appendices built from the
domain's records, and compiled in-process (or in ``-j N`` worker processes)
with the project folder as Typst's root and a pinned font chain. A brief is
compiled only when the digest of its inputs (source, attachment, template,
figures, fonts, engine version, date) differs from the one recorded with its PDF.
"""

from __future__ import annotations

import datetime as dt
import logging as stdlib_logging
import os
import re
import shutil
from collections.abc import Iterator, Set
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..paths import templates_dir
from ..sphinxext._domain import BriefingDomain, BriefingRecord
from ._appendices import Appendices, glossary_label
from ._figures import Figures
from ._print import notes_to_footnotes
from ._translator import TypstTranslator, known_anchors
from ._typst import (
    FONT_FILES,
    Job,
    Markup,
    Outcome,
    compile_brief,
    digest,
    engine_version,
    font_chain,
    label,
    string,
)

logger = logging.getLogger(__name__)
notices = stdlib_logging.getLogger("briefing.pdf")
"""Typst's warnings and replaced characters: reported, never fatal."""

TEMPLATE = "brief.typ.j2"
_LABELS = re.compile(r"(?<!\\)<([A-Za-z_][A-Za-z0-9_.:-]*)>")
"""Label syntax in generated Typst: escaped text never has an unescaped ``<``."""


class PDFFailed(SphinxError):
    category = "PDF brief failed"


class BriefingPDFBuilder(Builder):
    name = "briefingpdf"
    format = "typst"
    epilog = "The PDF briefs are in %(outdir)s."

    def init(self) -> None:
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates_dir() / "pdf"),
            autoescape=False,  # every value is escaped for Typst before it reaches the template
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.compiled: list[str] = []
        self.jobs = 1
        """Processes that compile PDFs: Sphinx's ``-j``, set on ``builder-inited``."""

    def get_outdated_docs(self) -> str:  # type: ignore[override]
        return "all briefings (compiled only if their digest changed)"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""  # one document: every link is a fragment

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        pass

    @property
    def domain(self) -> BriefingDomain:
        return self.env.get_domain("briefing")  # type: ignore[return-value]

    def write_documents(self, docnames: Set[str]) -> None:
        fonts = font_chain(Path(self.doctreedir), FONT_FILES)
        if fonts.missing:
            notices.warning(
                "PDF fonts not found: %s (install the `pdf` group of .ci/system-packages); "
                "characters only they cover print as \N{REPLACEMENT CHARACTER}",
                ", ".join(fonts.missing),
            )
        template = (templates_dir() / "pdf" / TEMPLATE).read_text(encoding="utf-8")
        stamp = engine_version() + "\0" + fonts.digest + "\0" + template
        jobs = []
        font_folder = self.pin_fonts(fonts.files)
        for record in sorted(self.domain.briefings.values(), key=lambda b: b.id):
            job, key = self.prepare(record, fonts.coverage, stamp, font_folder)
            recorded = job.target.with_suffix(".digest")
            if job.target.is_file() and recorded.is_file() and recorded.read_text() == key:
                continue
            recorded.unlink(missing_ok=True)
            jobs.append((job, key))
        self.compiled = [job.briefing for job, _ in jobs]
        for (job, key), outcome in zip(jobs, self.compile_all([j for j, _ in jobs]), strict=True):
            for warning in dict.fromkeys(outcome.warnings):
                notices.warning("PDF %s: %s", outcome.briefing, warning)
            if outcome.error is not None:
                raise PDFFailed(f"{outcome.briefing}: Typst could not compile the brief: {outcome.error}")
            job.target.with_suffix(".digest").write_text(key)
            logger.info("wrote %s", job.target)

    def pin_fonts(self, files: tuple[Path, ...]) -> Path:
        """A folder holding (links to) exactly the fonts of the chain: Typst scans folders."""
        folder = Path(self.outdir) / ".fonts"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file in files:
            (folder / file.name).symlink_to(file)
        return folder

    def compile_all(self, jobs: list[Job]) -> Iterator[Outcome]:
        workers = min(self.jobs, len(jobs))
        if workers <= 1:
            yield from map(compile_brief, jobs)
            return
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            yield from pool.map(compile_brief, jobs)

    def prepare(
        self, record: BriefingRecord, coverage: frozenset[int], stamp: str, fonts: Path
    ) -> tuple[Job, str]:
        """Write the briefing's Typst source and attachment; return its job and input digest."""
        markup = Markup(coverage)
        figures = Figures(record.id, markup)
        source = self.typst_source(record, markup, figures)
        if report := markup.report():
            notices.warning("PDF %s: %s", record.id, report)
        out = Path(self.outdir)
        out.mkdir(parents=True, exist_ok=True)
        data = Path(self.srcdir) / self.config.briefing_data_dir / "briefings" / f"{record.id}.json"
        attachment = out / f"{record.id}.annotations.json"
        attachment.write_bytes(data.read_bytes())
        typ = out / f"{record.id}.typ"
        typ.write_text(source, encoding="utf-8")
        drawings = []
        for name, svg in sorted(figures.files.items()):
            (out / name).write_text(svg, encoding="utf-8")
            drawings += [name, svg]
        epoch = int(_timestamp(record).timestamp())
        key = digest(stamp, source, attachment.read_bytes(), str(epoch), *drawings)
        job = Job(record.id, typ, out / f"{record.id}.pdf", out, (fonts,), epoch)
        return job, key

    def assemble(self, record: BriefingRecord) -> nodes.document:
        """The briefing page with its notes moved into a section of their own."""
        doctree = self.env.get_doctree(record.docname)
        self.env.apply_post_transforms(doctree, record.docname)
        notes = notes_to_footnotes(doctree)
        if notes is not None:
            doctree[0].append(notes)
        return doctree

    def typst_source(self, record: BriefingRecord, markup: Markup, figures: Figures) -> str:
        doctree = self.assemble(record)
        targets = {anchor: label(anchor) for anchor in known_anchors(doctree)}
        appendices = Appendices(self.domain, record, markup, targets, figures)
        glossary = {e.id: glossary_label(e.id) for e in appendices.entries}
        for entry in appendices.entries:
            targets[entry.anchor] = glossary[entry.id]
        while True:
            translator = TypstTranslator(doctree, markup, targets, glossary, figures)
            doctree.walkabout(translator)
            body, back = "".join(translator.body), appendices.render()
            placed = translator.placed | appendices.placed
            if set(_LABELS.findall(body + back)) <= placed:
                break
            # an anchor on something print leaves out: links to it become text
            kept = {anchor: name for anchor, name in targets.items() if name in placed}
            if kept == targets:  # nothing left to drop: a label Typst will report, not a loop
                break
            targets = kept
            appendices.targets = targets
        keywords = sorted({e.title for e in appendices.entries if e.type == "concept"})
        date = _timestamp(record)
        return self.templates.get_template(TEMPLATE).render(
            title=markup.string(record.title),
            running_title=markup.text(record.title),
            author=markup.string(self.config.project),
            project=markup.text(self.config.project.upper()),
            description=markup.string(record.summary or record.title),
            keywords=[markup.string(k) for k in keywords],
            lang=string(record.language if _is_lang(record.language) else "en"),
            date=date,
            paper=string("us-letter" if self.config.briefing_paper == "letter" else "a4"),
            attachment=string(f"{record.id}.annotations.json"),
            body=body,
            appendices=back,
        )


def _is_lang(code: str) -> bool:
    return code.isascii() and code.isalpha() and 2 <= len(code) <= 3 and code.islower()


def _timestamp(record: BriefingRecord) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(dt.date.fromisoformat(record.published), dt.time(), dt.UTC)


def _take_jobs(app: Sphinx) -> None:
    if isinstance(app.builder, BriefingPDFBuilder):
        app.builder.jobs = max(1, app.parallel)


def setup_pdf(app: Sphinx) -> None:
    app.add_builder(BriefingPDFBuilder)
    app.connect("builder-inited", _take_jobs)
