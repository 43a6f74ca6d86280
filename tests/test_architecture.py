"""The map of the code (docs/architecture.md) names every file of the package, and its
imports go the one direction ``[tool.importlinter]`` in pyproject.toml allows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "briefing"
MAP = ROOT / "docs" / "architecture.md"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``root``, as the lint session runs it."""
    command = (
        "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    )
    return subprocess.run(
        [sys.executable, "-c", command, "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "briefing", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_every_import_goes_down_the_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # a layer importing the one right above it, and one far above it
        ("core.py", "from . import figures", "briefing.core -> briefing.figures"),
        ("dates.py", "from .cli import main", "briefing.dates -> briefing.cli"),
        # an import inside a function counts too
        ("loading/_records.py", "def f():\n    from ..checks import check_project", "briefing.checks"),
        # siblings marked independent
        ("export.py", "from .render import site_files", "briefing.export -> briefing.render"),
        # the extension reading the loader's models
        ("sphinxext/_ids.py", "from ..model import Note", "briefing.sphinxext._ids -> briefing.model"),
        ("pdf/_print.py", "from ..corpus import Corpus", "briefing.pdf._print -> briefing.corpus"),
    ],
)
def test_an_import_against_the_layers_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    root = _copy(tmp_path)
    path = root / "briefing" / module
    path.write_text(path.read_text() + f"\n\n{line}  # noqa\n")
    result = _lint(root)
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout


def test_a_module_outside_every_layer_breaks_the_layers(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "briefing" / "stray.py").write_text('"""Belongs to no layer."""\n')
    result = _lint(root)
    assert result.returncode == 1
    assert "briefing.stray" in result.stdout


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers" and c["containers"] == ["briefing"]]
    return list(layers["layers"])


def _block(heading: str) -> str:
    """The first fenced block after ``heading`` in the map."""
    text = MAP.read_text()
    found = re.search(rf"^#+ {re.escape(heading)}\n.*?^```text\n(.*?)^```", text, re.M | re.S)
    assert found, f"no block under `{heading}` in {MAP.name}"
    return found.group(1)


def test_the_map_shows_the_layers_the_linter_enforces() -> None:
    lines = [line.strip() for line in _block("Layers").splitlines() if line.strip()]
    shown = [re.split(r"\s{2,}", line)[0] for line in lines]
    assert shown == _layers()


def test_the_map_names_every_file_of_the_package() -> None:
    """Every file under briefing/ has its line in the map, under its folder; none is named that is gone."""
    listed: set[str] = set()
    folders: list[str] = []
    for line in _block("Every file").splitlines():
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        depth = (len(line) - len(stripped)) // 2
        name = re.split(r"\s{2,}", stripped)[0]
        folders = folders[:depth]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        else:
            listed.add("/".join([*folders, name]))
    on_disk = {
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert sorted(on_disk - listed) == [], "files missing from the map"
    assert sorted(listed - on_disk) == [], "the map names files that do not exist"
