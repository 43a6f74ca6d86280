"""The examples of the docs, as files and outputs: shared by the docs build
(``live_output``) and tests/test_docs.py.

Examples are MyST ``{code-block}`` directives with conventions both rely on:

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
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BLOCK = re.compile(r"^( *)(`{3,})\{code-block\} *(\S+)\n((?:\1:[\w-]+:[^\n]*\n)*)\n?(.*?)^\1\2$", re.M | re.S)
OPTION = re.compile(r"^:([\w-]+): *(.*)$", re.M)
SUMMARY = re.compile(r"^\d+ briefing\(s\), \d+ entries, \d+ anchored annotations: ")
ROOT = Path(__file__).resolve().parents[2]


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


def blocks_of(text: str) -> list[Block]:
    found = []
    for m in BLOCK.finditer(text):
        indent, lang, options, content = m.group(1), m.group(3), m.group(4), m.group(5)
        content = "".join(line.removeprefix(indent) for line in content.splitlines(keepends=True))
        options = dict(OPTION.findall(textwrap.dedent(options)))
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


def check_output(root: Path) -> list[str]:
    """What ``briefing check`` prints in ``root`` (standard output and error, in order)."""
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "check"],
        cwd=root,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return proc.stdout.splitlines()


def replay_guide(text: str, seeds: Path) -> str:
    """contributing.md with the real output in each ``check-output`` block: its files are
    added to a copy of ``seeds`` in the guide's order, excerpts tried on a copy of that."""
    examples = blocks_of(text)
    outputs: dict[int, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "guide"
        shutil.copytree(seeds, root / "seeds")
        files: dict[str, str] = {}
        case = root
        for i, block in enumerate(examples):
            if block.walkthrough:
                continue
            if block.output:
                outputs[i] = check_output(case)
                case = root
            elif block.path is not None:
                if block.excerpt:
                    case = Path(tmp) / f"case-{i}"
                    shutil.rmtree(case, ignore_errors=True)
                    shutil.copytree(root, case)
                    (case / block.path).write_text(patch(files[block.path], block.content), encoding="utf-8")
                else:
                    files[block.path] = block.content
                    (root / block.path).parent.mkdir(parents=True, exist_ok=True)
                    (root / block.path).write_text(block.content, encoding="utf-8")
                    case = root
    out, last = [], 0
    matches = list(BLOCK.finditer(text))
    for i, real in sorted(outputs.items()):
        block, m = examples[i], matches[i]
        lines = block.content.splitlines()
        if not (lines and SUMMARY.match(lines[-1])):
            real = [line for line in real if not SUMMARY.match(line)]
        shown = [*(line for line in lines if line.startswith("$ ")), *real]
        out.append(
            text[last : m.start(5)] + "".join(f"{m.group(1)}{line}\n" if line else "\n" for line in shown)
        )
        last = m.end(5)
    return "".join(out) + text[last:]
