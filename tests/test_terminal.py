"""Nothing a contributor controls reaches the terminal raw, whatever the command.

A project whose folder and file names hold OSC (window title, clipboard write),
CSI, one-byte C1 controls and BEL is run through every command in a child
process, and the bytes it writes are searched for control characters: only
line feeds may remain. Command-line values (an id, a quote, an option value)
are hostile too, since scripts pass folder names as arguments.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.diagnostics import json_text, printable_lines

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "scenarios" / "two-briefings"

OSC_TITLE = "\x1b]0;owned\x07"
OSC_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
CSI = "\x1b[2J\x1b[31m"
C1 = "\x9b31m\x9d0;x\x9c\x85"
HOSTILE = (OSC_TITLE, OSC_CLIPBOARD, CSI, C1, "\x07", "\r")

_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What must never be written: every C0 control but the line feed, DEL, C1, line
separators and bidi controls."""


def _raw(output: bytes) -> list[str]:
    return sorted({repr(c) for c in _RAW.findall(output.decode("utf-8", "surrogateescape"))})


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(root / "user-cache")}


def _run(root: Path, *args: str, code: int | tuple[int, ...] = (0, 1)) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=root,
        env=_env(root),
        capture_output=True,
        timeout=300,
        check=False,
    )
    codes = code if isinstance(code, tuple) else (code,)
    shown = f"`briefing {' '.join(args)!r}` exited {result.returncode}: {result.stderr[-2000:]!r}"
    assert result.returncode in codes, shown
    assert not result.stderr.count(b"Traceback"), shown
    assert _raw(result.stdout) == [], f"stdout of {args!r}"
    assert _raw(result.stderr) == [], f"stderr of {args!r}"
    return (result.stdout + result.stderr).decode("utf-8", "surrogateescape")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The two-briefings scenario with entries in folders, and files, named with escape sequences."""
    root = tmp_path / "project"
    seeds = root / "seeds"
    shutil.copytree(SCENARIO, seeds)
    glossary = seeds / "glossary"
    for path in _hostile_entries(root):
        path.parent.mkdir(parents=True)
        (glossary / path.name).rename(path)
    return root


def _hostile_entries(root: Path) -> list[Path]:
    """Where the fixture puts two entries: in folders named with escape sequences below their type's."""
    glossary = root / "seeds" / "glossary"
    return [
        glossary / "element" / OSC_TITLE / "dysprosium.yaml",
        glossary / "organization" / C1 / "mofcom.yaml",
    ]


def _break(root: Path) -> None:
    """Add files whose names and contents are errors that echo the hostile names."""
    seeds = root / "seeds"
    (seeds / "glossary" / f"{CSI}note.yml").write_text("id: x\n", encoding="utf-8")
    (seeds / "briefings" / OSC_CLIPBOARD).mkdir()
    hostile_folder = _hostile_entries(root)[0].parent
    (hostile_folder / f"x{C1}.yaml").write_text(f"id: x\ntitle: a{CSI}b\n", encoding="utf-8")


def test_a_clean_project_with_hostile_folder_names_checks_clean(project: Path) -> None:
    output = _run(project, "check", code=0)
    assert "0 error(s)" in output


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_escapes_every_name_it_reports(project: Path, fmt: str) -> None:
    _break(project)
    output = _run(project, "check", "--format", fmt, code=1)
    assert "\\x1b]52;c;cHduZWQ=\\x07" in output or "\\u001b]52;c;cHduZWQ=\\u0007" in output


def test_check_fix_escapes_what_it_fixed(project: Path) -> None:
    article = project / "seeds" / "briefings" / "alpha" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("approved", "granted"), encoding="utf-8")
    _run(project, "check", "--fix")


def test_build_escapes_the_errors_that_stop_it(project: Path) -> None:
    _break(project)
    output = _run(project, "build", "--no-pdf", code=1)
    assert "build stopped" in output


def test_build_of_the_hostile_project_prints_nothing_raw(project: Path) -> None:
    output = _run(project, "build", "--no-pdf", "--out", f"out{OSC_TITLE}", code=0)
    assert "\\x1b]0;owned\\x07" in output


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_suggest_escapes_entry_paths_and_arguments(project: Path, fmt: str) -> None:
    for path in _hostile_entries(project):
        path.write_text(path.read_text(encoding="utf-8").split("\nmentions:")[0] + "\n", encoding="utf-8")
    _run(project, "suggest", "alpha", "--format", fmt, code=0)
    output = _run(project, "suggest", "alpha", "--write", "--format", fmt, code=0)
    assert "\\x1b]0;owned\\x07" in output
    missing = _run(project, "suggest", OSC_CLIPBOARD, "--format", fmt, code=1)
    assert "\\x1b]52;c;cHduZWQ=\\x07" in missing
    _run(project, "suggest", "alpha", "--choose", f"{CSI}=mofcom", code=(0, 1, 2))
    _run(project, "suggest", "alpha", "--choose", f"Dysprosium={C1}", code=(1, 2))


def test_new_escapes_quotes_titles_and_paths(project: Path) -> None:
    article = project / f"article{OSC_TITLE}.txt"
    article.write_text(f"Headline {CSI}\n\nBody text here.\n", encoding="utf-8")
    _run(project, "new", "briefing", "gamma", "--article", str(article), "--title", f"T{C1}", code=(0, 1))
    _run(project, "new", "briefing", "delta", "--article", f"missing{OSC_CLIPBOARD}.txt", code=(1, 2))
    _run(
        project, "new", "entry", "x", "--type", "person", "--quote", f"q{CSI}", "--briefing", "alpha", code=1
    )
    _run(project, "new", "note", "n", "--kind", "context", "--quote", f"q{C1}", "--briefing", "alpha", code=1)
    _run(project, "new", "entry", "y", "--type", "person", "--briefing", OSC_TITLE, "--quote", "x", code=1)


def test_export_escapes_its_messages(project: Path) -> None:
    _run(project, "export", code=0)
    output = _run(project, "export", "-o", f"out{OSC_CLIPBOARD}.jsonld", code=0)
    assert "wrote out\\x1b]52;c;cHduZWQ=\\x07.jsonld" in output
    _run(project, "export", "-o", f"no{CSI}/such/x.jsonld", code=1)
    _break(project)
    _run(project, "export", code=1)


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", CSI),
        ("export", "--base-url", f"https://example.org/{OSC_TITLE}"),
        ("build", "--base-url", f"{C1}:x"),
        (f"no-such-command{OSC_CLIPBOARD}",),
        ("check", f"--no-such-option{CSI}"),
        ("suggest", "alpha", "--choose", f"nothing-to-choose{C1}"),
        ("new", "entry", f"Not a slug{OSC_TITLE}", "--type", "person"),
        ("serve", "--port", f"8{CSI}"),
    ],
)
def test_usage_errors_escape_the_values_they_repeat(project: Path, args: tuple[str, ...]) -> None:
    output = _run(project, *args, code=2)
    assert "Error: " in output  # said, and (checked by _run) with no control character raw


def test_serve_startup_output_is_escaped(tmp_path: Path) -> None:
    root = tmp_path / f"project{OSC_TITLE}"
    shutil.copytree(SCENARIO, root / "seeds")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--seeds", str(root / "seeds"), "--port", "0"],
        cwd=root,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        line = b""
        while time.monotonic() < deadline and b"serving" not in line:
            line = process.stdout.readline() if process.stdout else b""
            if not line and process.poll() is not None:
                break
    finally:
        process.terminate()
        out, err = process.communicate(timeout=60)
    assert b"serving http://127.0.0.1:" in line
    assert b"\\x1b]0;owned\\x07" in line
    assert _raw(line + out) == [] and _raw(err) == []


@given(
    st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8)
)
def test_json_text_reads_back_the_same_and_holds_nothing_raw(data: object) -> None:
    text = json_text(data)
    assert json.loads(text) == data
    assert not _RAW.findall(text.replace("\n", ""))
    assert printable_lines(text) == text  # so printing it through `say` changes nothing
