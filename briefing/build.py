"""``briefing build``: check, render MyST, run Sphinx (HTML, then PDF), publish.

Work happens in ``OUT/.work`` (kept between runs for incremental builds). The
published ``OUT/html`` and ``OUT/pdf`` are replaced only once everything has
succeeded, so a failed build leaves the previous output untouched.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .checks import CheckResult, check_project
from .corpus import Corpus
from .diagnostics import BriefingError
from .export import DEFAULT_BASE_URL, EXPORT_FILE, article_path, to_jsonld
from .render import DATA_DIR, site_files, write_tree

SITE_TITLE = "Briefings"
# the "Download PDF" link of a briefing page's dateline (sphinxext/_directives.py)
_PDF_LINK = re.compile(r'<span class="briefing-pdf-link">.*?</span>', re.S)


class SphinxFailed(Exception):
    """Sphinx reported warnings or errors; the message holds its log."""


@dataclass(frozen=True)
class BuildResult:
    html: Path
    pdfs: tuple[Path, ...]
    changed_sources: tuple[str, ...]
    reread: tuple[str, ...]


def sphinx_config(site_title: str = SITE_TITLE, paper: str = "a4") -> dict[str, Any]:
    return {
        "briefing_paper": paper,
        "project": site_title,
        "author": "briefing contributors",
        "copyright": "the briefing contributors",
        "language": "en",
        "extensions": ["myst_parser", "sphinx_design", "briefing.sphinxext"],
        "exclude_patterns": [f"{DATA_DIR}/**"],
        "html_theme": "sphinx_book_theme",
        "html_title": site_title,
        "html_theme_options": {
            "show_toc_level": 2,
            "home_page_in_toc": True,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "show_navbar_depth": 1,
            # a briefing's margin holds its notes, not a two-line page outline;
            # pages no pattern matches (the briefings) get no secondary sidebar
            "secondary_sidebar_items": {
                page: ["page-toc"] for page in ("index", "glossary/**", "timeline", "sources")
            },
        },
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_static_path": [],
        "myst_heading_anchors": 2,
    }


def run_sphinx(src: Path, work: Path, builder: str, jobs: int = 1, paper: str = "a4") -> tuple[str, ...]:
    """Build ``src`` with ``builder`` into ``work/builder``; return the docnames re-read."""
    log = io.StringIO()
    reread: list[str] = []
    with patch_docutils(work), docutils_namespace():
        app = Sphinx(
            srcdir=src,
            confdir=None,
            outdir=work / builder,
            doctreedir=work / "doctrees",
            buildername=builder,
            confoverrides=sphinx_config(paper=paper),
            status=None,
            warning=log,
            parallel=jobs,
        )
        app.connect("env-before-read-docs", lambda _app, _env, docnames: reread.extend(docnames))
        app.build()
    if app.statuscode or log.getvalue().strip():
        raise SphinxFailed(log.getvalue().strip() or f"sphinx exited with status {app.statuscode}")
    return tuple(sorted(reread))


def _publish(out: Path, staged: dict[str, Path]) -> None:
    """Swap each staged folder into ``out`` with renames, keeping the old one until the end."""
    old = []
    for name, folder in staged.items():
        target = out / name
        if target.exists():
            previous = out / f".{name}.old"
            shutil.rmtree(previous, ignore_errors=True)
            target.rename(previous)
            old.append(previous)
        folder.rename(target)
    for previous in old:
        shutil.rmtree(previous, ignore_errors=True)


def _add_export(html: Path, corpus: Corpus, base_url: str) -> None:
    """The annotation export and the article texts its positions count in."""
    (html / EXPORT_FILE).write_text(to_jsonld(corpus, base_url), encoding="utf-8")
    for briefing in corpus.briefings.values():
        text = html / article_path(briefing.id)
        text.parent.mkdir(parents=True, exist_ok=True)
        text.write_bytes(briefing.article.text.encode("utf-8"))  # the source bytes: UTF-8 round-trips


def build(
    seeds: Path,
    out: Path,
    *,
    pdf: bool = True,
    jobs: int = 1,
    paper: str = "a4",
    base_url: str = DEFAULT_BASE_URL,
    progress: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    progress("checking annotations")
    result: CheckResult = check_project(seeds)
    if not result.ok:
        raise BriefingError(result.errors)
    work = out / ".work"
    src = work / "src"
    progress("rendering MyST sources")
    changed = write_tree(src, site_files(result.corpus, SITE_TITLE))
    progress(f"building the site with Sphinx ({len(changed)} source file(s) changed)")
    reread = run_sphinx(src, work, "html", jobs, paper)
    stage = out / f".stage-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        pdfs = _stage(
            stage, work, src, out, result.corpus, pdf=pdf, paper=paper, base_url=base_url, progress=progress
        )
        _publish(out, {name: stage / name for name in ("html", "pdf") if (stage / name).exists()})
    finally:  # a failed build leaves nothing behind but the reusable OUT/.work
        shutil.rmtree(stage, ignore_errors=True)
    return BuildResult(out / "html", tuple(pdfs), tuple(changed), reread)


def _stage(
    stage: Path,
    work: Path,
    src: Path,
    out: Path,
    corpus: Corpus,
    *,
    pdf: bool,
    paper: str,
    base_url: str,
    progress: Callable[[str], None],
) -> list[Path]:
    """Assemble the new ``html`` (and ``pdf``) in ``stage``; return the published PDF paths."""
    shutil.copytree(work / "html", stage / "html", ignore=shutil.ignore_patterns(".doctrees", ".buildinfo"))
    progress("exporting the annotations (W3C JSON-LD)")
    _add_export(stage / "html", corpus, base_url)
    pdfs: list[Path] = []
    if pdf:
        progress("rendering the PDF briefs with WeasyPrint")
        run_sphinx(src, work, "briefingpdf", 1, paper)
        (stage / "pdf").mkdir()
        for briefing_id in sorted(corpus.briefings):
            built = work / "briefingpdf" / f"{briefing_id}.pdf"
            shutil.copyfile(built, stage / "pdf" / built.name)
            (stage / "html" / "pdf").mkdir(exist_ok=True)
            shutil.copyfile(built, stage / "html" / "pdf" / built.name)
            pdfs.append(out / "pdf" / built.name)
    else:
        _keep_previous_pdfs(stage / "html", out / "pdf", corpus)
    return pdfs


def _keep_previous_pdfs(html: Path, previous: Path, corpus: Corpus) -> None:
    """Without PDF rendering, the site keeps linking the last PDF built for each briefing
    (``OUT/pdf`` is left as it is); a briefing that never had one loses its link."""
    for briefing_id in sorted(corpus.briefings):
        last = previous / f"{briefing_id}.pdf"
        if last.is_file():
            (html / "pdf").mkdir(exist_ok=True)
            shutil.copyfile(last, html / "pdf" / last.name)
            continue
        page = html / "briefings" / f"{briefing_id}.html"
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            page.write_text(_PDF_LINK.sub("", text), encoding="utf-8")
