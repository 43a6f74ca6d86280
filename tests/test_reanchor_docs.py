"""The walk-through of docs/contributing.md "The article was corrected", replayed.

Its blocks have ``:class: walkthrough`` and are applied in order to a copy of
the seeds: a ``diff`` block lists ``- old`` / ``+ new`` replacements in the
article named by its caption, a ``yaml`` excerpt replaces top-level keys of the
file named by its caption, and a ``console`` block is a command and its exact
output.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

from .conftest import SEEDS
from .test_docs import blocks, compare, patch


def test_article_correction_walkthrough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the other walk-through of the page, "Adding a new article", is tests/test_new_article_docs.py's
    steps = [
        b
        for b in blocks("contributing.md")
        if b.walkthrough and "new-article" not in b.options.get("class", "").split()
    ]
    assert [b.lang for b in steps] == ["diff", "console", "console", "yaml", "console"]
    root = tmp_path / "guide"
    shutil.copytree(SEEDS, root / "seeds")
    monkeypatch.chdir(root)
    corrected = b""
    article = None
    for block in steps:
        target = root / block.options.get("caption", "").split(" ")[0] if block.lang != "console" else None
        if block.lang == "diff":
            assert target is not None
            article = target
            text = target.read_text(encoding="utf-8")
            lines = block.content.splitlines()
            for old, new in zip(lines[::2], lines[1::2], strict=True):
                assert old.startswith("- ") and new.startswith("+ ")
                assert text.count(old[2:]) == 1, old
                text = text.replace(old[2:], new[2:])
            target.write_text(text, encoding="utf-8")
            corrected = target.read_bytes()
        elif block.lang == "yaml":
            assert target is not None and block.excerpt
            target.write_text(patch(target.read_text(encoding="utf-8"), block.content), encoding="utf-8")
        else:
            command = block.content.splitlines()[0]
            assert command.startswith("$ briefing ")
            result = CliRunner().invoke(cli, shlex.split(command)[2:])
            compare(block, result.output.splitlines(), "contributing.md")
    assert article is not None and article.read_bytes() == corrected  # --fix never edits the article
