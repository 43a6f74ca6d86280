"""The PDF stays readable by common readers at the limits check allows: stacks of
combining marks as long as accepted, and a timeline of 1,500 events."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.build import SITE_TITLE, conf_py, run_sphinx, sphinx_config
from briefing.checks import check_project
from briefing.loading._text import MAX_JOINED
from briefing.render import site_files, write_tree

EVENTS = 1500
STACK = "\u0301" * MAX_JOINED
"""The longest stack of marks on one letter check accepts."""


def _events_project(seeds: Path) -> None:
    beta = seeds / "briefings" / "beta"
    lines = [f"Event {n:04d} took place in Geneva." for n in range(1, EVENTS + 1)]
    article = f"Beta headline\nGeneva talks produced a truce on dysprosium and more; Ze{STACK}bra.\n"
    article += "\n".join(lines) + "\n"
    (beta / "article.txt").write_text(article, encoding="utf-8")
    (beta / "anchors.lock.json").unlink()
    meta = beta / "briefing.yaml"
    digest = hashlib.sha256(article.encode("utf-8")).hexdigest()
    meta.write_text(re.sub(r"sha256: \w+", f"sha256: {digest}", meta.read_text(encoding="utf-8")))
    events = seeds / "glossary" / "event"
    events.mkdir()
    for n in range(1, EVENTS + 1):
        day = f"{1900 + n // 12:04d}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        (events / f"event-{n:04d}.yaml").write_text(
            f"id: event-{n:04d}\ntype: event\ntitle: Event {n:04d} A{STACK}\n"
            f"summary: Talks number {n} o{STACK}n record.\nstart: {day}\n"
            "sources:\n  - {title: Minutes, offline: true}\n"
            f"mentions:\n  beta:\n    - quote: Event {n:04d}\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The brief alone, built as ``briefing build`` builds it but without the site's
    1,500 pages, which would take most of the time."""
    root = tmp_path_factory.mktemp("readers")
    seeds = root / "seeds"
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds)
    _events_project(seeds)
    result = check_project(seeds)
    assert [d.format() for d in result.errors] == []
    files = site_files(result.corpus, SITE_TITLE)
    files["conf.py"] = conf_py(sphinx_config())
    write_tree(root / "src", files)
    run_sphinx(root / "src", root / "work", "briefingpdf")
    return root / "work" / "briefingpdf" / "beta.pdf"


def test_pypdf_reads_every_page_and_the_marks(pdf: Path) -> None:
    reader = PdfReader(pdf)
    assert len(reader.pages) > 20
    assert all(page.mediabox.width > 0 for page in reader.pages)
    first = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages[:2]))
    assert "Event0001" in first and "Ze" in first and "bra" in first
    last = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages[-6:]))
    assert f"Event{EVENTS:04d}" in last


def test_poppler_reads_it(pdf: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr
    flat = re.sub(r"\s+", "", done.stdout)
    assert f"Event{EVENTS:04d}" in flat and "Event0001" in flat
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    assert info.returncode == 0 and re.search(r"^Tagged: +yes$", info.stdout, re.M), info.stderr
    assert "Error" not in info.stderr  # "Suspects object is wrong type" was one


def test_qpdf_finds_the_structure_sound(pdf: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf not installed")
    done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
