"""``briefingpdf``: one PDF per briefing, typeset by Typst from the same doctrees as the site.

Each briefing's doctree is written as Typst markup by :class:`TypstTranslator`,
framed by ``templates/pdf/brief.typ.j2``, with the site's listings of what
it mentions and cites as its appendices (see ``_appendices``), and compiled
in worker processes, each brief under a memory and a time limit (see
:mod:`._worker`), with the project folder as Typst's root and a pinned font
chain.

Two digests are recorded with each PDF (see :class:`BriefInputs`). The first,
of what the brief is made from (the pickled environment, its data and date,
template, fonts, engine, our code, settings), lets a build skip the brief
without writing its Typst source; the second, of that source and every file it
reads, lets it skip compiling a source that came out the same.
"""

from __future__ import annotations

import datetime as dt
import logging as stdlib_logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders import Builder
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, make_chunks, parallel_available

from ..cache import fingerprint
from ..contract import Data, data_file
from ..files import is_regular, read_regular, read_regular_text
from ..paths import templates_dir
from ..sphinxext._config import site_url
from ..sphinxext._domain import BriefingDomain
from ..sphinxext._records import BriefingRecord
from ._appendices import PrintOnly, appendices, glossary_anchor
from ._figures import PRINT_FONT, Figures
from ._glyphs import figure_gaps
from ._print import notes_to_footnotes
from ._translator import TypstTranslator, known_anchors
from ._typst import (
    FONT_FILES,
    FontChain,
    Job,
    Markup,
    Outcome,
    digest,
    engine_version,
    font_chain,
    label,
    string,
)
from ._worker import Limits, LimitsInvalid, compile_bounded

logger = logging.getLogger(__name__)
notices = stdlib_logging.getLogger("briefing.pdf")
"""Typst's warnings and replaced characters: reported, never fatal."""

TEMPLATE = "brief.typ.j2"
_LABELS = re.compile(r"(?<!\\)<([A-Za-z_][A-Za-z0-9_.:-]*)>")
"""Label syntax in generated Typst: escaped text never has an unescaped ``<``."""


class PDFFailed(SphinxError):
    category = "PDF brief failed"

    def __init__(self, message: str, failures: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.failures = failures or {}
        """Why each briefing whose brief could not be compiled failed, by briefing id."""


@dataclass(frozen=True)
class Plan:
    """What every brief of a build shares."""

    coverage: frozenset[int]
    gaps: frozenset[int]
    """What the figures' SVG renderer cannot draw alone."""
    stamp: str
    """Digest of the engine version, the fonts and the template."""
    fonts: Path


@dataclass(frozen=True)
class Prepared:
    """A brief whose Typst source is written (in a forked process under ``-j N``)."""

    job: Job
    inputs: str
    source: str
    """Digest of the Typst source and of every file it reads."""
    compile: bool
    report: str | None


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
        self.inputs = BriefInputs.of(self.config, Path(self.srcdir), Path(self.doctreedir), Path(self.outdir))
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
        inputs = self.inputs
        fonts, stamp, shared = inputs.shared()
        if fonts.missing:
            notices.warning(
                "PDF fonts not found: %s (install the `pdf` group of .ci/system-packages); "
                "characters only they cover print as \N{REPLACEMENT CHARACTER}",
                ", ".join(fonts.missing),
            )
        pinned = self.pin_fonts(fonts.files)
        plan = Plan(fonts.coverage, figure_gaps(fonts, pinned, PRINT_FONT), stamp, pinned)
        outdated = []  # (briefing, its inputs key, the source digest recorded with its PDF)
        for record in sorted(self.domain.briefings.values(), key=lambda b: b.id):
            key = inputs.key(shared, record.id, record.published)
            before, source = inputs.recorded(record.id)
            if key != before:  # unchanged inputs: not even the Typst source is written
                outdated.append((record, key, source))
                # a brief that fails to compile is outdated next time too
                inputs.digest_file(record.id).unlink(missing_ok=True)

        def prepare_all(chunk: list[tuple[BriefingRecord, str, str]]) -> list[Prepared]:
            return [self.prepare(record, plan, key, source) for record, key, source in chunk]

        prepared: list[Prepared] = []
        if self.jobs > 1 and parallel_available and len(outdated) > 1:
            tasks = ParallelTasks(self.jobs)  # forked: the children share the loaded environment
            for chunk in make_chunks(outdated, self.jobs):  # type: ignore[arg-type]
                tasks.add_task(prepare_all, chunk, lambda _, done: prepared.extend(done))
            tasks.join()
        else:
            prepared = prepare_all(outdated)
        prepared.sort(key=lambda p: p.job.briefing)
        for item in prepared:
            if item.report:
                notices.warning("PDF %s: %s", item.job.briefing, item.report)
        todo = [p for p in prepared if p.compile]
        failed: dict[str, str] = {}
        for item, outcome in zip(todo, self.compile_all([p.job for p in todo]), strict=True):
            for warning in dict.fromkeys(outcome.warnings):
                notices.warning("PDF %s: %s", outcome.briefing, warning)
            if outcome.error is not None:
                failed[outcome.briefing] = outcome.error
            else:
                logger.info("wrote %s", item.job.target)
        for item in prepared:  # a failed brief keeps no digest: it is compiled again next time
            if item.job.briefing not in failed:
                inputs.digest_file(item.job.briefing).write_text(f"{item.inputs}\n{item.source}\n")
        if failed:
            raise PDFFailed("; ".join(f"briefing `{b}`: {e}" for b, e in failed.items()), failed)

    def pin_fonts(self, files: tuple[Path, ...]) -> Path:
        """A folder holding (links to) exactly the fonts of the chain: Typst scans folders."""
        folder = Path(self.outdir) / ".fonts"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file in files:
            (folder / file.name).symlink_to(file)
        return folder

    def compile_all(self, jobs: list[Job]) -> Iterator[Outcome]:
        try:
            limits = Limits.from_environment()
        except LimitsInvalid as exc:
            raise PDFFailed(str(exc)) from None
        return compile_bounded(jobs, min(self.jobs, len(jobs)), limits)

    def prepare(self, record: BriefingRecord, plan: Plan, inputs: str, before: str) -> Prepared:
        """Write the briefing's Typst source and attachment; it needs compiling unless its
        digest is ``before``, the one recorded with its PDF."""
        markup = Markup(plan.coverage)
        figures = Figures(record.id, markup, plan.gaps)
        source = self.typst_source(record, markup, figures)
        out = Path(self.outdir)
        attachment = out / f"{record.id}.annotations.json"
        attachment.write_bytes(read_regular(self.inputs.data_file(record.id)))
        typ = out / f"{record.id}.typ"
        typ.write_text(source, encoding="utf-8")
        drawings = []
        for name, svg in sorted(figures.files.items()):
            (out / name).write_text(svg, encoding="utf-8")
            drawings += [name, svg]
        epoch = _epoch(record.published)
        key = digest(plan.stamp, source, read_regular(attachment), str(epoch), *drawings)
        job = Job(record.id, typ, out / f"{record.id}.pdf", out, (plan.fonts,), epoch)
        return Prepared(job, inputs, key, key != before, markup.report())

    def assemble(self, record: BriefingRecord) -> nodes.document:
        """The briefing page with its notes moved into a section of their own, then the
        appendices (the site's listings of what the briefing mentions and cites)."""
        doctree = self.env.get_doctree(record.docname)
        back = appendices(record.id)
        doctree[0].extend(back)
        self.env.apply_post_transforms(doctree, record.docname)
        notes = notes_to_footnotes(doctree)
        if notes is not None:
            placed = [s for s in back if s.parent is not None]
            at = doctree[0].index(placed[0]) if placed else len(doctree[0])
            doctree[0].insert(at, notes)
        return doctree

    def typst_source(self, record: BriefingRecord, markup: Markup, figures: Figures) -> str:
        doctree = self.assemble(record)
        targets = {anchor: label(anchor) for anchor in known_anchors(doctree)}
        entries = [self.domain.entries[e] for e in sorted(self.domain.entries_in(record.id) or ())]
        # an entry's page is, on paper, its place in the glossary
        glossary = {e.id: label(glossary_anchor(e.id)) for e in entries if glossary_anchor(e.id) in targets}
        for entry in entries:
            if entry.id in glossary:
                targets[entry.anchor] = glossary[entry.id]
        while True:
            translator = TypstTranslator(doctree, markup, targets, glossary, figures, site_url(self.config))
            doctree.walkabout(translator)
            body = "".join(translator.body)
            if set(_LABELS.findall(body)) <= translator.placed:
                break
            # an anchor on something print leaves out: links to it become text
            kept = {anchor: name for anchor, name in targets.items() if name in translator.placed}
            if kept == targets:  # nothing left to drop: a label Typst will report, not a loop
                break
            targets = kept
        keywords = sorted({e.title for e in entries if e.type == "concept"})
        date = _timestamp(record.published)
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
        )


@dataclass(frozen=True)
class BriefInputs:
    """What a build's briefs are made from, read without starting Sphinx: enough to know
    that no brief is outdated (see :func:`briefs_outdated`)."""

    src: Path
    data_dir: str
    """The generated JSON data's folder in ``src`` (``briefing_data_dir``)."""
    doctrees: Path
    out: Path
    settings: tuple[str, ...]
    """The settings that shape a brief but make Sphinx read no document again."""

    @classmethod
    def of(cls, config: Any, src: Path, doctrees: Path, out: Path) -> BriefInputs:
        names = ("briefing_paper", "briefing_data_dir", "project", "language", "html_baseurl")
        settings = tuple(str(config[n]) for n in names)
        return cls(src, config["briefing_data_dir"], doctrees, out, settings)

    def shared(self) -> tuple[FontChain, str, str]:
        """The font chain, the stamp (engine, fonts, template) and the digest of everything
        every brief depends on."""
        fonts = font_chain(self.doctrees, FONT_FILES)
        template = (templates_dir() / "pdf" / TEMPLATE).read_text(encoding="utf-8")
        stamp = digest(engine_version(), fonts.digest, template)
        env = self.doctrees / ENV_PICKLE_FILENAME
        # every doctree, record and setting the sources are made from is in the pickled
        # environment, rewritten whenever a document is read again; no file, no shortcut
        environment = digest(read_regular(env)) if is_regular(env) else os.urandom(16).hex()
        return fonts, stamp, digest(stamp, code_digest(), environment, *self.settings)

    def data_file(self, briefing: str) -> Path:
        """The briefing's data, attached to its PDF."""
        return self.src / data_file(Data.BRIEFING, briefing, self.data_dir)

    def key(self, shared: str, briefing: str, published: str) -> str:
        data = self.data_file(briefing)
        attachment = read_regular(data) if is_regular(data) else b""
        return digest(shared, briefing, str(_epoch(published)), attachment)

    def digest_file(self, briefing: str) -> Path:
        return self.out / f"{briefing}.digest"

    def recorded(self, briefing: str) -> tuple[str, str]:
        """The inputs key and source digest recorded with the briefing's PDF (empty if none)."""
        file = self.digest_file(briefing)
        if not (is_regular(file) and is_regular(self.out / f"{briefing}.pdf")):
            return "", ""
        inputs, _, source = read_regular_text(file).strip().partition("\n")
        return inputs, source


def briefs_outdated(inputs: BriefInputs, briefings: Iterable[tuple[str, str]]) -> bool:
    """Whether any of ``briefings`` (id, publication date) needs its brief written again."""
    _, _, shared = inputs.shared()
    return any(inputs.key(shared, b, published) != inputs.recorded(b)[0] for b, published in briefings)


@cache
def code_digest() -> str:
    """Our code, the Python and libraries running it (the check cache's fingerprint), and our
    templates: a new version of any may write other Typst for the same environment."""
    files = sorted(p for p in templates_dir().rglob("*") if p.is_file())
    return digest(fingerprint(), *(part for file in files for part in (file.name, read_regular(file))))


def _is_lang(code: str) -> bool:
    return code.isascii() and code.isalpha() and 2 <= len(code) <= 3 and code.islower()


def _timestamp(published: str) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the article's date: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.combine(dt.date.fromisoformat(published), dt.time(), dt.UTC)


def _epoch(published: str) -> int:
    return int(_timestamp(published).timestamp())


def _take_jobs(app: Sphinx) -> None:
    if isinstance(app.builder, BriefingPDFBuilder):
        app.builder.jobs = max(1, app.parallel)


def setup_pdf(app: Sphinx) -> None:
    app.add_builder(BriefingPDFBuilder)
    app.add_post_transform(PrintOnly)
    app.connect("builder-inited", _take_jobs)
