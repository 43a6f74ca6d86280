"""The documentation in docs/: it builds without warnings, documents every error
code and every field, and its examples still produce the output it shows.

Examples are MyST ``{code-block}`` directives with conventions the tests rely on:

- a ``yaml`` block whose ``:caption:`` is a path is a whole file at that path
  (``seeds/...`` in contributing.md, a path inside the two-briefings scenario in
  errors.md); a caption ending in ``(excerpt)`` replaces the top-level keys it
  shows in the last whole file with that path; in errors.md a ``text`` block
  whose caption is a ``.txt`` path replaces that article;
- a ``console`` or ``text`` block with ``:class: check-output`` is the exact
  output of ``briefing check`` for the file shown just before it (the command
  line and the closing summary line may be left out).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from briefing.cli import cli
from briefing.diagnostics import Code
from briefing.model import Element, Note

from .conftest import ROOT, SCENARIOS, SEEDS

DOCS = ROOT / "docs"
SCHEMAS = ROOT / "briefing" / "schemas"
_BLOCK = re.compile(
    r"^( *)(`{3,})\{code-block\} *(\S+)\n((?:\1:[\w-]+:[^\n]*\n)*)\n?(.*?)^\1\2$", re.M | re.S
)
_OPTION = re.compile(r"^:([\w-]+): *(.*)$", re.M)
_SUMMARY = re.compile(r"^\d+ briefing\(s\), \d+ entries, \d+ anchored annotations: ")
_MODELINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")


@dataclass(frozen=True)
class Block:
    lang: str
    options: dict[str, str]
    content: str
    line: int

    @property
    def path(self) -> str | None:
        """The file a ``yaml`` block (or a ``text`` block of an article) shows, from its caption."""
        words = self.options.get("caption", "").split()
        if not words:
            return None
        if (self.lang, Path(words[0]).suffix) in (("yaml", ".yaml"), ("text", ".txt")):
            return words[0]
        return None

    @property
    def excerpt(self) -> bool:
        return self.options.get("caption", "").endswith("(excerpt)")

    @property
    def output(self) -> bool:
        return "check-output" in self.options.get("class", "").split()

    @property
    def walkthrough(self) -> bool:
        return "walkthrough" in self.options.get("class", "").split()


def blocks(page: str) -> list[Block]:
    text = (DOCS / page).read_text(encoding="utf-8")
    found = []
    for m in _BLOCK.finditer(text):
        indent, lang, options, content = m.group(1), m.group(3), m.group(4), m.group(5)
        content = "".join(line.removeprefix(indent) for line in content.splitlines(keepends=True))
        options = dict(_OPTION.findall(textwrap.dedent(options)))
        found.append(Block(lang, options, content, text.count("\n", 0, m.start()) + 1))
    return found


def _top_level(text: str) -> Iterator[tuple[str, list[str]]]:
    """(key, lines) of each top-level key of a YAML mapping written one key per line."""
    key, lines = "", list[str]()
    for line in text.splitlines(keepends=True):
        start = re.match(r"^([A-Za-z_][\w-]*):", line)
        if start:
            if key:
                yield key, lines
            key, lines = start.group(1), []
        if key:
            lines.append(line)
    if key:
        yield key, lines


def patch(whole: str, excerpt: str) -> str:
    replace = dict(_top_level(excerpt))
    known = {key for key, _ in _top_level(whole)}
    assert set(replace) <= known, f"excerpt keys {set(replace) - known} are not in the file"
    head = whole[: len(whole) - len("".join(line for _, lines in _top_level(whole) for line in lines))]
    return head + "".join("".join(replace.get(key, lines)) for key, lines in _top_level(whole))


def run_check(root: Path, seeds: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--seeds", seeds])
    return result.exit_code, result.output.splitlines()


def expected_lines(block: Block) -> list[str]:
    return [line for line in block.content.splitlines() if not line.startswith("$ ")]


def compare(block: Block, actual: list[str], page: str) -> None:
    """Only the error and warning counts of the summary line are compared: the
    other counts change whenever the seeds grow."""
    expected = expected_lines(block)
    if not (expected and _SUMMARY.match(expected[-1])):
        actual = [line for line in actual if not _SUMMARY.match(line)]

    def norm(lines: list[str]) -> list[str]:
        return [_SUMMARY.sub("N briefing(s), N entries, N anchored annotations: ", line) for line in lines]

    assert norm(actual) == norm(expected), f"docs/{page}:{block.line}: this is not what briefing check prints"


def test_every_error_code_has_a_section() -> None:
    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    sections = re.findall(r"^\(error-([a-z0-9-]+)\)=\n#+ `([a-z0-9-]+)`$", text, re.M)
    assert all(label == title for label, title in sections), sections
    documented = [title for _, title in sections]
    assert sorted(documented) == sorted({code.value for code in Code}), "docs/errors.md is out of date"


def test_contributing_examples_are_valid_and_outputs_real(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replay the guide in order on a copy of the seeds: whole files are added,
    excerpts are tried on a copy, and every output shown must be the real one."""
    examples = blocks("contributing.md")
    root = tmp_path / "guide"
    shutil.copytree(SEEDS, root / "seeds")
    files: dict[str, str] = {}
    replayed = 0
    for i, block in enumerate(examples):
        if block.path is None or block.walkthrough:  # walk-throughs: see tests/test_reanchor_docs.py
            continue
        following = examples[i + 1] if i + 1 < len(examples) else None
        where = f"docs/contributing.md:{block.line}"
        if block.excerpt:
            case = tmp_path / f"case-{i}"
            shutil.copytree(root, case)
            (case / block.path).write_text(patch(files[block.path], block.content), encoding="utf-8")
        else:
            assert block.lang == "yaml", f"{where}: the guide never replaces an article"
            modeline = _MODELINE.match(block.content)
            assert modeline, f"{where}: a file example starts with the schema line"
            schema = ((ROOT / block.path).parent / modeline.group(1)).resolve()
            assert schema.parent == SCHEMAS and schema.is_file(), f"{where}: wrong $schema path"
            files[block.path] = block.content
            case = root
            (case / block.path).parent.mkdir(parents=True, exist_ok=True)
            (case / block.path).write_text(block.content, encoding="utf-8")
        status, output = run_check(case, "seeds", monkeypatch)
        if following is not None and following.output:
            compare(following, output, "contributing.md")
            replayed += 1
        elif block.excerpt:
            assert (status, output[:-1]) == (0, []), f"{where}: the fixed excerpt does not check clean"
    status, output = run_check(root, "seeds", monkeypatch)
    assert (status, output[:-1]) == (0, []), output
    assert output[-1].endswith(": 0 error(s), 0 warning(s)")
    assert replayed >= 4


def test_error_examples_print_what_they_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = blocks("errors.md")
    replayed = set()
    for i, block in enumerate(examples):
        if not block.output:
            continue
        source = examples[i - 1]
        assert source.path and not source.excerpt, f"docs/errors.md:{block.line}: no file shown before it"
        root = tmp_path / f"case-{i}"
        shutil.copytree(SCENARIOS / "two-briefings", root)
        (root / source.path).parent.mkdir(parents=True, exist_ok=True)
        (root / source.path).write_text(source.content, encoding="utf-8")
        _, output = run_check(root, ".", monkeypatch)
        compare(block, output, "errors.md")
        replayed.update(re.findall(r"(?:error|warning)\[([a-z0-9-]+)\]", block.content))
    shown_otherwise = {"file-too-large", "file-encoding", "uncovered-name", "symlink", "ignored-file"}
    shown_otherwise |= {"too-many-annotations", "lock-invalid"}  # not a YAML file one can show
    shown_otherwise |= {"repeated-text"}  # needs three records at once: tests/test_tradecraft.py
    reported = {code.value for code in Code} - shown_otherwise
    assert reported <= replayed, f"codes without a replayed example: {sorted(reported - replayed)}"


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs-html")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_docs_build_without_warnings(built_docs: Path) -> None:
    for page in ("index", "user-guide", "contributing", "format", "errors"):
        assert (built_docs / f"{page}.html").is_file()


def test_format_reference_lists_every_field(built_docs: Path) -> None:
    page = BeautifulSoup((built_docs / "format.html").read_text(encoding="utf-8"), "html.parser")
    in_tables = {code.get_text() for table in page.find_all("table") for code in table.find_all("code")}
    for record in (Note, Element):
        missing = set(record.model_fields) - in_tables
        assert not missing, f"format.html does not list {record.__name__} fields {sorted(missing)}"
    assert page.find(id="format-note-likelihood") is not None
    assert page.find(id="format-element-atomic-number") is not None


def test_error_pages_anchor_every_code(built_docs: Path) -> None:
    page = BeautifulSoup((built_docs / "errors.html").read_text(encoding="utf-8"), "html.parser")
    for code in Code:
        assert page.find(id=f"error-{code.value}") is not None, code


def test_docs_load_nothing_from_other_hosts(built_docs: Path) -> None:
    for html in built_docs.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in page.find_all(tag):
                value = str(node.get(attr) or "")
                assert not re.match(r"^(?:https?:)?//", value), f"{html.name} loads {value}"
