"""The extension on its own, through ``sphinx.testing``: one tiny root per behaviour
(``tests/roots/test-*``), every build failing on any warning it does not expect."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def _warnings(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).strip()


def _build(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    assert _warnings(app) == ""
    return app


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="mini")
def test_entry_role_resolves_to_the_entry_page(app: SphinxTestApp) -> None:
    _build(app)
    links = _page(app, "index.html").select('a[href="glossary/alpha.html#entry-alpha"]')
    assert [a.get_text() for a in links] == ["Alpha", "the first"]


@pytest.mark.sphinx("html", testroot="mini")
def test_note_reference_resolves_to_the_note(app: SphinxTestApp) -> None:
    _build(app)
    (link,) = _page(app, "index.html").select('a[href="briefings/alpha-talks.html#note-note-one"]')
    assert link.get_text() == "Fact check 1: Where"
    assert _page(app, "briefings/alpha-talks.html").find(id="note-note-one").name == "aside"


@pytest.mark.sphinx("html", testroot="mini")
def test_mentions_and_back_links_go_both_ways(app: SphinxTestApp) -> None:
    _build(app)
    (mention,) = _page(app, "briefings/alpha-talks.html").select("a.briefing-mention[data-entry=alpha]")
    assert mention["href"] == "../glossary/alpha.html#entry-alpha" and mention["id"] == "m-alpha-1"
    (back,) = _page(app, "glossary/alpha.html").select("a.briefing-backlink")
    assert back["href"] == "../briefings/alpha-talks.html#m-alpha-1"
    field = _page(app, "glossary/alpha.html").select_one(".briefing-fields a")
    assert (field["href"], field.get_text()) == ("beta.html#entry-beta", "Beta summit")


@pytest.mark.sphinx("html", testroot="dangling")
def test_dangling_references_warn_with_their_location(app: SphinxTestApp) -> None:
    app.build()
    lines = _warnings(app).splitlines()
    assert len(lines) == 2
    assert re.search(
        r"index\.md:3: WARNING: no glossary entry `no-such-entry` \[briefing\.unknown_entry\]", lines[0]
    )
    assert re.search(
        r"index\.md:5: WARNING: no note `no-briefing/no-note`.*\[briefing\.unknown_note\]", lines[1]
    )


@pytest.mark.sphinx("html", testroot="dangling", confoverrides={"suppress_warnings": ["briefing"]})
def test_dangling_warnings_can_be_silenced(app: SphinxTestApp) -> None:
    _build(app)


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub", "latex", "text"])
def test_every_builder_builds_without_warnings(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    shutil.copytree(ROOTS / "test-mini", tmp_path / "src")
    app = _build(make_app(builder, srcdir=tmp_path / "src"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob("*.*ml"))
    if builder == "text":
        text = (Path(app.outdir) / "briefings" / "alpha-talks.txt").read_text(encoding="utf-8")
        assert "Talks in Alpha began on Monday." in text and "Fact check" in text
    elif builder == "latex":
        text = (Path(app.outdir) / "mini.tex").read_text(encoding="utf-8")
        assert "Talks in Alpha began on Monday." in text
    else:
        assert "briefing-mention" in text


@pytest.mark.sphinx("dirhtml", testroot="mini")
def test_dirhtml_links_are_relative_to_each_folder(app: SphinxTestApp) -> None:
    _build(app)
    page = _page(app, "briefings/alpha-talks/index.html")
    mention = page.select_one("a.briefing-mention[data-entry=alpha]")
    assert mention["href"] == "../../glossary/alpha/#entry-alpha"
    assert page.select_one(".briefing-pdf-link a")["href"] == "../../pdf/alpha-talks.pdf"


def test_deleting_a_briefing_leaves_no_stale_back_link(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mini", src)
    first = _build(make_app("html", srcdir=src))
    assert _page(first, "glossary/alpha.html").select("a.briefing-backlink")
    first.cleanup()  # unregister its nodes before the next application registers them again
    (src / "briefings" / "alpha-talks.md").unlink()
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        .replace("briefings/alpha-talks\n", "")
        .replace(" and the note\n{briefing:note}`alpha-talks/note-one`", "."),
        encoding="utf-8",
    )
    again = _build(make_app("html", srcdir=src, freshenv=False))
    page = _page(again, "glossary/alpha.html")
    assert not page.select("a.briefing-backlink")
    assert "No briefing mentions this entry yet." in page.get_text()
    assert not _page(again, "index.html").select(".briefing-list a")


def _html_pages(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def test_parallel_build_equals_serial(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    built = []
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-mini", src)
        app = _build(make_app("html", srcdir=src, parallel=jobs))
        built.append(_html_pages(Path(app.outdir)))
        app.cleanup()
    assert built[0].keys() == built[1].keys()
    for name in built[0]:
        assert built[0][name] == built[1][name], name


def test_a_config_error_stops_the_build(make_app: Callable[..., SphinxTestApp], rootdir: Path) -> None:
    with pytest.raises(ConfigError, match=r"briefing_data_dir must be a relative folder name"):
        make_app("html", srcdir=rootdir / "test-config-error")


def test_a_missing_data_file_is_a_located_error(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    shutil.copytree(ROOTS / "test-mini", tmp_path / "src")
    (tmp_path / "src" / "_data" / "entries" / "beta.json").unlink()
    app = make_app("html", srcdir=tmp_path / "src")
    app.build()
    assert re.search(
        r"glossary/beta\.md:3: ERROR: no data for `beta`: .*beta\.json is missing", _warnings(app)
    )


@pytest.mark.sphinx("html", testroot="mini")
def test_directive_output_snapshot(app: SphinxTestApp, file_regression: Any) -> None:
    _build(app)
    for docname in ("briefings/alpha-talks", "glossary/alpha"):
        doctree = app.env.get_doctree(docname)
        text = re.sub(r' (source|translation_progress)="[^"]*"', "", doctree.pformat())
        text = text.replace('="True"', '="1"').replace('="False"', '="0"')  # docutils < 0.21 spelling
        file_regression.check(text, basename=docname.replace("/", "-"), extension=".xml")


def test_the_extension_imports_nothing_above_it() -> None:
    code = (
        "import sys, briefing.sphinxext; print(sorted(m for m in sys.modules if m.startswith('briefing.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for upper in ("render", "export", "cli", "build", "pdf", "corpus", "model", "loading", "checks"):
        assert f"'briefing.{upper}'" not in loaded and f"'briefing.{upper}." not in loaded, upper
    assert "'briefing.core'" in loaded
