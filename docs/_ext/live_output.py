"""Command outputs in the docs come from running the commands, at every docs build.

A ``{code-block} console`` whose ``:class:`` includes ``run-output`` is run when
the docs are built: in a temporary copy of the repository's ``seeds/`` (and
``tests/conformance/``), each ``$ `` line is run in turn, and the lines after it
are replaced by what it printed (standard output and standard error, as a
terminal shows them). So the figures shown (entries, annotations, files
changed, seconds) are always those of the current seeds and code.

Optional ``:edit:`` lines change a file of that copy first:
``:edit: PATH OLD => NEW`` replaces the first ``OLD`` with ``NEW`` (for an
example of an error). The option is removed before Sphinx reads the page.

``check-output`` blocks in contributing.md are replayed the same way, in the
order the guide adds its files (see ``doc_examples.replay_guide``), so their
summary lines are real too; tests/test_docs.py checks their other lines.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from doc_examples import BLOCK, OPTION, replay_guide

ROOT = Path(__file__).resolve().parents[2]


def _command(line: str) -> list[str]:
    words = shlex.split(line)
    if words[0] == "briefing":
        return [sys.executable, "-m", "briefing", *words[1:]]
    if words[0] == "python3":
        return [sys.executable, *words[1:]]
    raise ValueError(f"run-output: cannot run `{line}`")


def run_block(content: str, edits: list[str]) -> str:
    """The block with the output of each of its ``$`` lines, run in a copy of the seeds."""
    commands = [line[2:] for line in content.splitlines() if line.startswith("$ ")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        shutil.copytree(ROOT / "tests" / "conformance", work / "tests" / "conformance")
        for edit in edits:
            path, rest = edit.split(" ", 1)
            old, new = rest.split(" => ", 1)
            target = work / path
            text = target.read_text(encoding="utf-8")
            if old not in text:
                raise ValueError(f"run-output: `{old}` is not in {path}")
            target.write_text(text.replace(old, new, 1), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        out = []
        for command in commands:
            proc = subprocess.run(
                _command(command), cwd=work, env=env, capture_output=True, text=True, check=False
            )
            out.append(f"$ {command}\n{proc.stdout}{proc.stderr}")
        return "".join(out)


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    text = source[0]
    if docname == "contributing":
        text = replay_guide(text, ROOT / "seeds")

    def fill(m: re.Match[str]) -> str:
        indent, fence, lang, options, content = m.groups()
        if "run-output" not in options:
            return m.group(0)
        edits = [value for key, value in OPTION.findall(options.replace(indent, "")) if key == "edit"]
        kept = "".join(line for line in options.splitlines(keepends=True) if ":edit:" not in line)
        body = run_block(content.replace("\n" + indent, "\n").removeprefix(indent), edits)
        shown = "".join(indent + line if line.strip() else line for line in body.splitlines(keepends=True))
        return f"{indent}{fence}{{code-block}} {lang}\n{kept}\n{shown}{indent}{fence}"

    source[0] = BLOCK.sub(fill, text)


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True}
