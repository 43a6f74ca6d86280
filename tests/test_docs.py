"""The documentation in docs/: it builds without warnings, documents every error
code and every field, and its examples still produce the output it shows.

The conventions of the examples are in docs/_ext/doc_examples.py; command outputs
are run at docs build time (docs/_ext/live_output.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from briefing.cli import cli
from briefing.diagnostics import Code
from briefing.model import Element, Note

from .conftest import ROOT, SCENARIOS, SEEDS

DOCS = ROOT / "docs"
SCHEMAS = ROOT / "briefing" / "schemas"
sys.path.insert(0, str(DOCS / "_ext"))
from doc_examples import SUMMARY as _SUMMARY  # noqa: E402
from doc_examples import Block, blocks_of, patch  # noqa: E402

_MODELINE = re.compile(r"\A# yaml-language-server: \$schema=(\S+)\n")


def blocks(page: str) -> list[Block]:
    return blocks_of((DOCS / page).read_text(encoding="utf-8"))


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
    shown_otherwise |= {"lock-stale"}  # needs `check --locked`: tests/test_cli.py checks its text
    shown_otherwise |= {"source-discredited"}  # needs a registry file too: tests/fixtures/check/
    shown_otherwise |= {"pdf-failed"}  # reported by `build`: tests/test_pdf_limits.py checks its text
    shown_otherwise |= {"special-file"}  # a FIFO is no file one can show: tests/test_special_files.py
    shown_otherwise |= {"seeds-missing"}  # no seeds to show a file in: tests/test_cli.py checks its text
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


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


@pytest.mark.parametrize("page", ["README.md", "docs/user-guide.md"])
def test_command_synopses_match_the_command_line(page: str) -> None:
    """Each synopsis line ``briefing <command> ...`` names exactly the options of that
    command (either spelling) and its arguments; every command has one."""
    text = (ROOT / page).read_text(encoding="utf-8")
    lines = re.findall(r"^briefing ([a-z ]+?)(?= [-\[A-Z]|$)(.*)$", text, re.M)
    shown = {name: rest for name, rest in lines}
    commands = dict(_commands(cli))
    assert sorted(shown) == sorted(commands), (
        f"{page}: the synopsis lists other commands than `briefing --help`"
    )
    for name, command in commands.items():
        written = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", shown[name]))
        for param in command.params:
            if isinstance(param, click.Argument):
                assert param.human_readable_name in shown[name].split(), f"{page}: `briefing {name}` {param}"
                continue
            if "--help" in param.opts:
                continue
            spellings = set(param.opts) | set(param.secondary_opts)
            assert written & spellings, f"{page}: `briefing {name}` does not show {param.opts[-1]}"
            written -= spellings
        assert not written, f"{page}: `briefing {name}` shows options it does not have: {sorted(written)}"


def _pre_blocks(built_docs: Path, page: str) -> list[str]:
    html = BeautifulSoup((built_docs / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [pre.get_text() for pre in html.find_all("pre")]


def test_docs_show_the_figures_of_the_current_seeds(
    built_docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outputs are run when the docs are built: whatever the seeds hold, the
    figures shown are the ones the commands print now."""
    monkeypatch.chdir(ROOT)
    real = CliRunner().invoke(cli, ["check", "--seeds", str(SEEDS)]).output.splitlines()[-1]
    guide = _pre_blocks(built_docs, "contributing")
    assert f"$ briefing check\n{real}\n" in guide, "contributing.md does not show today's summary line"
    entries = int(re.search(r"(\d+) entries", real).group(1))  # type: ignore[union-attr]
    user_guide = "\n".join(_pre_blocks(built_docs, "user-guide"))
    annotations = int(re.search(r"(\d+) anchored annotations", real).group(1))  # type: ignore[union-attr]
    assert f"checking {annotations} annotation(s) against" in user_guide
    assert f"{entries} entries, {annotations - 1} anchored annotations: 1 error(s)" in user_guide
    assert re.search(r"^· building the site with Sphinx \(\d+ source file\(s\) changed\)$", user_guide, re.M)
    assert re.search(r"^built in \d+\.\d s$", user_guide, re.M)
