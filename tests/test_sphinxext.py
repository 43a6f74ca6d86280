"""The extension on its own, through ``sphinx.testing``: one tiny root per behaviour
(``tests/roots/test-*``), every build failing on any warning it does not expect."""

from __future__ import annotations

import copy
import json
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

import briefing.sphinxext

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
def test_every_page_declares_its_viewport_once(app: SphinxTestApp) -> None:
    _build(app)
    for page in ("index.html", "glossary/alpha.html", "briefings/alpha-talks.html"):
        assert len(_page(app, page).select('meta[name="viewport"]')) == 1, page


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


_TABLES = ("entries", "briefings", "notes", "mentions", "citations", "owned", "mentioned", "listings")


@pytest.mark.sphinx("html", testroot="mini")
def test_domain_indexes_follow_clear_and_merge(app: SphinxTestApp) -> None:
    """Merged document by document, the domain is what one process built; cleared, nothing
    remains of a document in any table or index."""
    _build(app)
    domain = app.env.get_domain("briefing")
    built = copy.deepcopy(domain.data)
    assert built["mentioned"] and built["listings"] and built["citations"]
    docs = sorted(app.env.all_docs)
    domain.data = copy.deepcopy(domain.initial_data)
    for half in (set(docs[::2]), set(docs[1::2])):  # two workers' shares
        domain.merge_domaindata(half, built)
    assert {t: domain.data[t] for t in _TABLES} == {t: built[t] for t in _TABLES}

    briefing = next(iter(domain.briefings.values()))
    entry = next(iter(domain.entries_in(briefing.id) or ()))
    assert any(m.docname == briefing.docname for m in domain.mentions_of(entry))
    domain.clear_doc(briefing.docname)
    assert all(m.docname != briefing.docname for m in domain.mentions_of(entry))
    assert domain.entries_in(briefing.id) == set() and entry in domain.entries
    for docname in docs:
        domain.clear_doc(docname)
    assert not any(domain.data[t] for t in _TABLES)


def test_a_config_error_stops_the_build(make_app: Callable[..., SphinxTestApp], rootdir: Path) -> None:
    with pytest.raises(ConfigError, match=r"briefing_data_dir must be a relative folder name"):
        make_app("html", srcdir=rootdir / "test-config-error")


@pytest.mark.parametrize("value", ["alpha-talks", [1], {"alpha-talks": True}])
def test_briefing_pdfs_must_be_a_list_of_ids(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, value: object
) -> None:
    with pytest.raises(ConfigError, match=r"briefing_pdfs must be a list of briefing ids"):
        make_app("html", srcdir=rootdir / "test-mini", confoverrides={"briefing_pdfs": value})


@pytest.mark.parametrize("value", ["ftp://desk.example.org/", "desk.example.org", "https://a.org/?q=1"])
def test_the_sites_address_must_be_an_http_address(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, value: str
) -> None:
    """``html_baseurl`` ends up in the PDFs' links: what could not be a page address stops the build."""
    with pytest.raises(ConfigError, match=r"html_baseurl must be an absolute http\(s\) address"):
        make_app("html", srcdir=rootdir / "test-mini", confoverrides={"html_baseurl": value})


def test_a_page_links_its_pdf_only_when_the_site_publishes_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mini", src)
    page = "briefings/alpha-talks.html"
    for published, linked in (([], False), (["alpha-talks"], True), (None, True), (["other"], False)):
        # the same environment each time: the setting rewrites the pages, it re-reads nothing
        app = _build(make_app("html", srcdir=src, freshenv=False, confoverrides={"briefing_pdfs": published}))
        link = _page(app, page).select_one(".briefing-pdf-link a")
        assert (link is not None) == linked, published
        assert _page(app, page).select_one(".briefing-export-link a") is not None
        app.cleanup()


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


@pytest.mark.sphinx("html", testroot="mini")
def test_home_page_lists_briefings_as_linked_cards(app: SphinxTestApp) -> None:
    _build(app)
    (card,) = _page(app, "index.html").select("ul.briefing-list > li > div.sd-card.briefing-card")
    (link,) = card.select("a")  # one link per card: its title, stretched over the card
    assert "sd-stretched-link" in link["class"] and link["href"] == "briefings/alpha-talks.html"
    assert link.get_text(strip=True) == "Alpha talks" and link.find_parent(class_="sd-card-title")
    body = card.select_one(".sd-card-body")
    assert body.select_one(".briefing-card-date").get_text() == "8 June 2025"
    assert body.select_one(".briefing-list-lead").get_text() == "Key judgment: Alpha is a real place."
    footer = card.select_one(".sd-card-footer .briefing-list-counts").get_text()
    assert footer == "1 note · 2 glossary entries"


@pytest.mark.sphinx("html", testroot="mini")
def test_note_kind_and_judgements_are_badges_that_say_what_they_are(app: SphinxTestApp) -> None:
    _build(app)
    note = _page(app, "briefings/alpha-talks.html").select_one("aside#note-note-one")
    kind = note.select_one(".briefing-note-head .sd-badge.briefing-note-kind")
    assert kind.get_text() == "Fact check" and "briefing-note-kind-fact-check" in kind["class"]
    badges = [b.get_text() for b in note.select(".briefing-note-meta .sd-badge.briefing-judgement")]
    assert badges == ["Likelihood: likely", "Confidence: moderate"]


@pytest.mark.sphinx("html", testroot="mini")
def test_long_source_lists_fold_into_a_dropdown_and_short_ones_stay_plain(app: SphinxTestApp) -> None:
    _build(app)
    entry = _page(app, "glossary/alpha.html").select_one("#entry-alpha")
    (fold,) = entry.select("details.sd-dropdown.briefing-entry-sources")
    assert fold.get("open") is None and fold.select_one("summary").get_text(strip=True) == "Sources (4)"
    assert len(fold.select("ul.briefing-sources > li")) == 4
    note = _page(app, "briefings/alpha-talks.html").select_one("aside#note-note-one")
    assert not note.select("details")
    plain = note.select_one("div.briefing-note-sources")
    assert plain.select_one(".briefing-sources-label").get_text() == "Sources"
    assert [li.get_text() for li in plain.select("ul.briefing-sources > li")] == [
        "Atlas, Maps Ltd, 2 January 2024"
    ]


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_design_components_degrade_to_plain_text_elsewhere(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    shutil.copytree(ROOTS / "test-mini", tmp_path / "src")
    app = _build(make_app(builder, srcdir=tmp_path / "src"))
    out = Path(app.outdir)
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.t*") if p.suffix in (".txt", ".tex"))
    for shown in ("Sources (4)", "Survey part 3", "Likelihood: likely", "Key judgment:", "1 note"):
        assert shown in text, shown


def _previews(page: BeautifulSoup) -> dict[str, Any] | None:
    blocks = page.select('script.briefing-previews[type="application/json"]')
    assert len(blocks) <= 1
    return json.loads(blocks[0].string) if blocks else None


def test_a_page_carries_the_previews_of_its_own_mentions_only(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mini", src)
    gamma = json.loads((src / "_data/entries/beta.json").read_text(encoding="utf-8"))
    gamma.update(id="gamma", title="Gamma", summary="Mentioned nowhere.")
    (src / "_data/entries/gamma.json").write_text(json.dumps(gamma), encoding="utf-8")
    (src / "glossary/gamma.md").write_text(
        "---\norphan: true\n---\n"
        + (src / "glossary/beta.md").read_text(encoding="utf-8").replace("beta", "gamma"),
        encoding="utf-8",
    )
    app = _build(make_app("html", srcdir=src))
    page = _page(app, "briefings/alpha-talks.html")
    mentioned = {a["data-entry"] for a in page.select("a.briefing-mention[data-entry]")}
    assert mentioned == {"alpha", "beta"}
    assert _previews(page) == {
        "alpha": {
            "title": "Alpha",
            "type": "place",
            "summary": "The first place.",
            "fields": [["Also called", "A"], ["Neighbour", "Beta summit"]],
        },
        "beta": {"title": "Beta summit", "type": "event", "summary": "A meeting.", "fields": []},
    }
    assert _previews(_page(app, "glossary/gamma.html")) is None  # no mentions, no data
    assert not (Path(app.outdir) / "_static/briefing-entries.js").exists()


def test_hostile_preview_text_cannot_leave_its_script(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mini", src)
    hostile = "</script><script>alert(1)</script><!-- & &amp; ]]>"
    beta = src / "_data/entries/beta.json"
    beta.write_text(beta.read_text(encoding="utf-8").replace('"A meeting."', json.dumps(hostile)))
    app = _build(make_app("html", srcdir=src))
    html = (Path(app.outdir) / "briefings/alpha-talks.html").read_text(encoding="utf-8")
    block = html.split('<script type="application/json" class="briefing-previews">', 1)[1]
    data, _ = block.split("</script>", 1)
    assert not set(data) & set("<>&")
    assert json.loads(data)["beta"]["summary"] == hostile


def test_an_entry_edit_rewrites_the_pages_that_preview_it(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-mini", src)
    _build(make_app("html", srcdir=src)).cleanup()
    beta = src / "_data/entries/beta.json"
    beta.write_text(
        beta.read_text(encoding="utf-8")
        .replace('"Beta summit"', '"Beta meeting"')
        .replace('"A meeting."', '"A meeting of two."'),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=src, freshenv=False)
    reread: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: reread.extend(docnames))
    _build(again)
    assert "briefings/alpha-talks" not in reread  # rewritten, not re-read
    previews = _previews(_page(again, "briefings/alpha-talks.html"))
    assert previews is not None
    assert previews["beta"]["summary"] == "A meeting of two."
    assert previews["alpha"]["fields"][-1] == ["Neighbour", "Beta meeting"]  # shown by its title


@pytest.fixture(scope="module")
def generated_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Sphinx source folder `briefing build` writes for a two-briefing project."""
    from briefing.build import build

    from .conftest import SCENARIOS

    out = tmp_path_factory.mktemp("generated")
    build(SCENARIOS / "two-briefings", out, pdf=False)
    return out / ".work" / "src"


@pytest.mark.parametrize("builder", ["latex", "text", "dirhtml", "singlehtml", "epub"])
def test_plain_sphinx_build_on_the_generated_sources(
    generated_sources: Path, tmp_path: Path, builder: str
) -> None:
    """What a maintainer runs by hand: `sphinx-build -W -b BUILDER` on the folder `build` prints."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            builder,
            str(generated_sources),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def _with_a_key_judgment(src: Path) -> None:
    """The mini root's briefing with a scored key judgment, shown in its key-judgments box."""
    shutil.copytree(ROOTS / "test-mini", src)
    path = src / "_data" / "briefings" / "alpha-talks.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["notes"]["kj"] = {
        "id": "kj",
        "number": 2,
        "kind": "key-judgment",
        "author": "Desk",
        "date": "2025-06-08",
        "body": "Talks are likely to resume.",
        "title": "Talks resume",
        "likelihood": "likely",
        "confidence": "moderate",
        "as_of": "2025-06-08",
        "horizon": "2025-06-30",
        "state": "did-not",
        "outcome": {"verdict": "did-not", "known": "2025-07-01", "basis": "They did not.", "sources": []},
    }
    data["key_judgments"] = ["kj"]
    path.write_text(json.dumps(data), encoding="utf-8")
    page = src / "briefings" / "alpha-talks.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{briefing:key-judgments} alpha-talks\n```\n"
        + "\n```{briefing:key-judgments} alpha-talks\n:detail: full\n```\n",
        encoding="utf-8",
    )


def test_a_judgments_history_link_is_text_without_a_track_record_and_a_link_with_one(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A site built by hand may have no track record page: the link stays text, with no
    warning; once a page holds the listing, it links there and the page scores the judgment."""
    src = tmp_path / "src"
    _with_a_key_judgment(src)
    app = _build(make_app("html", srcdir=src))
    lead = _page(app, "briefings/alpha-talks.html").select_one(".briefing-lead")
    assert lead.select_one(".briefing-state").get_text() == "Did not come true"
    assert "Outcome and history" in lead.get_text()
    assert not [a for a in lead.select("a") if "history" in a.get_text()]
    app.cleanup()  # unregister its nodes before the next application registers them again
    (src / "track.md").write_text("---\norphan: true\n---\n# Track\n\n```{briefing:track-record}\n```\n")
    app = _build(make_app("html", srcdir=src, freshenv=False))
    lead = _page(app, "briefings/alpha-talks.html").select_one(".briefing-lead")
    (history,) = [a for a in lead.select("a") if "history" in a.get_text()]
    assert history["href"] == "../track.html#track-alpha-talks-kj"
    track = _page(app, "track.html")
    assert track.select_one("#track-alpha-talks-kj") is not None
    (score,) = [p for p in track.select("p") if "Brier score is" in p.get_text()]
    assert score.strong.get_text() == "0.4556"  # (0.675 - 0)², the midpoint of 55–80% and a miss


def test_no_mention_is_underlined_like_a_spelling_mistake() -> None:
    css = (Path(briefing.sphinxext.__file__).parent / "static" / "briefing.css").read_text(encoding="utf-8")
    styles = dict(re.findall(r"\.briefing-type-(\w+) \{[^}]*--bf-type-line: (\w+);", css))
    assert len(styles) == 8 and "wavy" not in styles.values()
