"""Hostile input, the way a stranger's pull request may send it.

Whatever a contributor writes, ``briefing check`` either passes or reports
located errors, and a project it passes always builds; titles and other text
never become markup; the article is shown exactly as written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from briefing.build import BuildResult, build
from briefing.checks import check_project
from briefing.cli import main
from briefing.diagnostics import Code, Diagnostic, Location, render
from briefing.loading import MAX_ARTICLE_BYTES, MAX_NOTES

from .conftest import SCENARIOS

MARKUP = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "<style>*{display:none}</style>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "&lt;b&gt; &amp; &#60;",
    '"quoted" -- dash --- em ... ellipsis',
    "{{ config }} {% raw %}",
    "```{raw} html\n<b>x</b>\n```",
    "---\ntitle: front matter\n---",
    ":::{note}\nx\n:::",
    "{eval-rst}`x`",
    ".. raw:: html",
    "[link](javascript:alert(1))",
    "*emph* **strong** `code` [ok](https://example.org)",
    "\\*escaped\\* \\\\ # heading",
    "\u202eevil\u202c \u200b \ufeff",
    "emoji \U0001f600 and CJK 中文 and Arabic العربية",
]
"""Strings shaped like markup in every language the text passes through."""
COSTLY = [
    "Ze" + "\u0301" * 30 + "bra, the most marks check accepts on one letter",
    "Z" + "\u0336" * 300 + "algo",
    "\U0001f469" + "\u200d\U0001f469" * 20,
    "noncharacters \U0001fffe \U0010ffff",
]
"""Text costly to lay out, or that no page can show: refused or built like any other."""
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 a family, one character"

SAFE_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
ANY_CHARS = st.characters(blacklist_categories=("Cs",))


def texts(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(MARKUP + COSTLY), st.text(chars, min_size=1, max_size=30))


def file_names(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    slug = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")
    odd = st.text(chars, min_size=1, max_size=20).filter(
        lambda s: "/" not in s and "\x00" not in s and s not in (".", "..") and len(s.encode()) < 200
    )
    return st.one_of(slug, odd)


ANCHOR = "Qqzx Vvwy"
"""The article line every annotation anchors to; generated text never holds it."""


def project(chars: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    text = texts(chars)
    return st.fixed_dictionaries(
        {
            "entry": file_names(chars),
            "note": file_names(chars),
            "title": text,
            "summary": text,
            "alias": text,
            "source": text,
            "body": text,
            "note_title": text,
            "author": text,
            "briefing_title": text,
            "subtitle": text,
            "lines": st.lists(text.filter(lambda s: "Qqzx" not in s and "Vvwy" not in s), max_size=4),
        }
    )


def y(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def write_project(root: Path, p: dict[str, object]) -> Path:
    seeds = root / "seeds"
    shutil.rmtree(seeds, ignore_errors=True)
    folder = seeds / "briefings" / "b"
    (folder / "notes").mkdir(parents=True)
    (seeds / "glossary").mkdir()
    lines = ["Headline", ANCHOR, *p["lines"]]  # type: ignore[misc]
    article = "\n".join(lines) + "\n"
    (folder / "article.txt").write_bytes(article.encode("utf-8", "surrogatepass"))
    digest = hashlib.sha256(article.encode("utf-8", "surrogatepass")).hexdigest()
    (folder / "briefing.yaml").write_text(
        f"id: b\ntitle: {y(p['briefing_title'])}\nsubtitle: {y(p['subtitle'])}\n"  # type: ignore[arg-type]
        f"published: 2025-06-09\narticle: article.txt\nsha256: {digest}\nlines:\n  title: 1\n",
        encoding="utf-8",
    )
    entry = p["entry"]
    (seeds / "glossary" / f"{entry}.yaml").write_text(
        f"id: {y(entry)}\ntype: concept\ntitle: {y(p['title'])}\naliases: [{y(p['alias'])}]\n"  # type: ignore[arg-type]
        f"summary: {y(p['summary'])}\nbody: {y(p['body'])}\nsources:\n  - title: {y(p['source'])}\n"  # type: ignore[arg-type]
        f"mentions:\n  b:\n    - quote: {y('Qqzx')}\n",
        encoding="utf-8",
    )
    (folder / "notes" / f"{p['note']}.yaml").write_text(
        f"kind: context\ntitle: {y(p['note_title'])}\nauthor: {y(p['author'])}\n"  # type: ignore[arg-type]
        f"date: 2025-06-09\ntarget:\n  quote: Vvwy\nbody: {y(p['body'])}\n"  # type: ignore[arg-type]
        f"sources:\n  - title: {y(p['source'])}\n",
        encoding="utf-8",
    )
    return seeds


PLAIN = {
    "entry": "plain-entry",
    "note": "plain-note",
    "title": "Plain (title) = 1",
    "summary": "Plain summary",
    "alias": "Plain alias",
    "source": "Plain source",
    "body": "Plain *em* **strong** `code` [link](https://example.org) text\n\n- one\n- two\n\n1. first",
    "note_title": "Plain note",
    "author": "Plain author",
    "briefing_title": "Plain (briefing) = 1",
    "subtitle": "Plain subtitle",
    "lines": ["Plain line one", "Plain line two"],
}


HOSTILE = {
    **dict(
        zip(
            [k for k in PLAIN if k not in ("entry", "note", "body", "lines")],
            [m for m in MARKUP if "\n" not in m and "{" not in m and "](" not in m],
            strict=False,
        )
    ),
    "entry": "hostile",
    "note": "hostile-note",
    "body": "plain &lt;b&gt; &amp; *em*",
    "lines": ['He said "no" -- twice --- and left...', "tab\tkept, CRLF kept\r", "\u2028 \u00a0 nbsp"],
}
"""Markup in every field at once, and an article quotes and dashes must not touch."""


def shapes(html: Path) -> set[tuple[str, str]]:
    """Every element name and (element, attribute) pair used anywhere in the site."""
    found: set[tuple[str, str]] = set()
    for page in html.rglob("*.html"):
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(True):
            found.add((tag.name, ""))
            found.update((tag.name, attr) for attr in tag.attrs)
    return found


def visible_article(html: Path) -> list[str]:
    page = BeautifulSoup((html / "briefings" / "b.html").read_text(encoding="utf-8"), "html.parser")
    for apparatus in page.select(".briefing-apparatus"):
        apparatus.decompose()
    return [p.get_text() for p in page.select(".briefing-article .briefing-text")]


@pytest.fixture(scope="module")
def plain_shapes(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    root = tmp_path_factory.mktemp("plain")
    seeds = write_project(root, PLAIN)
    result = build(seeds, root / "out")
    return shapes(result.html)


def assert_located(diagnostics: tuple[Diagnostic, ...], seeds: Path) -> None:
    for d in diagnostics:
        assert isinstance(d.location, Location) and d.location.line >= 1 and d.location.col >= 1
        assert Path(os.path.abspath(d.location.path)).is_relative_to(seeds.resolve()), d
    for line in render(diagnostics).splitlines():
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
    for line in render(diagnostics, "github").splitlines():
        assert line.startswith(("::error ", "::warning ")), line


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(project(ANY_CHARS))
def test_check_reports_located_errors_or_passes(p: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = write_project(Path(tmp), p)
        result = check_project(seeds)
        assert_located(result.diagnostics, seeds)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a build takes minutes
)
@example(p=HOSTILE)
@example(p={**HOSTILE, "title": COSTLY[0], "body": COSTLY[0], "lines": [COSTLY[0], FAMILY]})
@given(p=project(SAFE_CHARS))
def test_a_passing_project_builds_inert_and_verbatim(
    p: dict[str, object], plain_shapes: set[tuple[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = write_project(Path(tmp), p)
        result = check_project(seeds)
        assert_located(result.diagnostics, seeds)
        if not result.ok:
            return
        built = build(seeds, Path(tmp) / "out")
        assert shapes(built.html) - plain_shapes == set()
        source = (seeds / "briefings/b/article.txt").read_bytes().decode("utf-8").split("\n")
        expected = [line.removesuffix("\r") for line in source[1:] if line.strip()]
        assert visible_article(built.html) == expected


def test_markup_in_every_field_is_accepted_and_shown_as_text(tmp_path: Path) -> None:
    seeds = write_project(tmp_path, HOSTILE)
    assert check_project(seeds).ok
    html = build(seeds, tmp_path / "out").html
    for page in html.rglob("*.html"):
        parsed = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not parsed.find_all("img", src="x"), page
        for tag in ("script", "style"):
            code = [s for s in parsed.find_all(tag) if s.get("type") != "application/json"]  # data: below
            assert not [s for s in code if s.string and re.search(r"alert|\*\{", s.string)]
        for handler in ("onerror", "onload", "onmouseover"):
            assert not parsed.find_all(attrs={handler: True}), page
    entry = BeautifulSoup((html / "glossary/hostile.html").read_text(encoding="utf-8"), "html.parser")
    assert {h1.get_text().rstrip("#") for h1 in entry.find_all("h1")} == {HOSTILE["title"]}
    assert entry.title is not None and str(HOSTILE["title"]) in entry.title.get_text()
    page = (html / "briefings/b.html").read_text(encoding="utf-8")
    opening = '<script type="application/json" class="briefing-previews">'
    assert page.count(opening) == 1
    previews = page.split(opening, 1)[1].split("</script>", 1)[0]
    assert not set(previews) & set("<>&")  # nothing closes the script or reads as markup
    assert json.loads(previews)["hostile"]["title"] == HOSTILE["title"]


def test_symlinked_article_is_refused_and_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE\n")
    seeds = tmp_path / "seeds"
    shutil.copytree(SCENARIOS / "two-briefings", seeds)
    article = seeds / "briefings/beta/article.txt"
    article.unlink()
    article.symlink_to(secret)
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "error[symlink]" in err and str(secret) in err and "TOP-SECRET" not in err
    assert ("nothing was published" in err and not out.exists()) or not any(out.iterdir())


def test_a_symlinked_seeds_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "seeds").symlink_to(SCENARIOS / "two-briefings")
    codes = [d.code for d in check_project(tmp_path / "seeds").errors]
    assert codes == [Code.SYMLINK]


def test_github_annotations_cannot_forge_workflow_commands(tmp_path: Path) -> None:
    name = "x\n::add-mask::secret\r\n::error file=a,line=1::forged%0A"
    d = Diagnostic(
        Location(Path(f"glossary/{name}.yaml"), 1, 1), Code.INVALID_VALUE, "bad\n::error::x %", "h"
    )
    [line] = render([d], "github").splitlines()
    command, props, message = line.split("::", 3)[1:]
    assert command.startswith("error file=glossary/x%0A%3A%3Aadd-mask%3A%3Asecret%0D%0A%3A%3Aerror file=a%2C")
    assert command.endswith(".yaml,line=1,col=1,title=invalid-value")
    assert props == "bad%0A" and message == "error::x %25 (hint: h)"


def test_terminal_control_sequences_are_never_echoed() -> None:
    d = Diagnostic(
        Location(Path("a\x1b]0;t\x07.yaml")), Code.INVALID_VALUE, "m \x1b[31mred\x9b \u202e", "h\x1b"
    )
    text = render([d])
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", text)
    assert "\\x1b]0;t\\x07" in text and "\\u202e" in text


def test_size_limits_are_located_errors(scenario: Callable[[str], Path]) -> None:
    seeds = scenario("two-briefings")
    article = seeds / "briefings/beta/article.txt"
    article.write_text("Beta headline\n" + "word " * (MAX_ARTICLE_BYTES // 5 + 1) + "\n")
    notes = seeds / "briefings/alpha/notes"
    note = (notes / "context-licences.yaml").read_text()
    for i in range(MAX_NOTES + 1):
        (notes / f"n-{i}.yaml").write_text(note)
    found = {(str(d.location.path), d.code) for d in check_project(seeds).errors}
    assert (str(article), Code.FILE_TOO_LARGE) in found
    assert (str(notes), Code.TOO_MANY_ANNOTATIONS) in found


def test_a_failed_build_leaves_no_staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SCENARIOS / "two-briefings", seeds)
    out = tmp_path / "out"

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("briefing.build._add_articles", fail)
    with pytest.raises(OSError):
        build(seeds, out, pdf=False)
    assert [p.name for p in out.iterdir()] == [".work"]


_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


def test_the_site_loads_nothing_from_other_hosts(seed_build: BuildResult) -> None:
    """Links may lead anywhere; nothing a page or its styles load comes from another host."""
    loads = (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"))
    for html in seed_build.html.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in loads:
            for node in page.find_all(tag):
                value = str(node.get(attr) or "")
                assert not _REMOTE.match(value), f"{html.name} loads {value}"
        for style in [*page.find_all("style"), *page.find_all(style=True)]:
            text = style.get_text() if style.name == "style" else str(style["style"])
            assert not any(_REMOTE.match(u) for u in _CSS_URL.findall(text)), html.name
    for css in seed_build.html.rglob("*.css"):
        found = [u for u in _CSS_URL.findall(css.read_text(encoding="utf-8")) if _REMOTE.match(u)]
        assert found == [], f"{css.name} loads {found}"
