from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from briefing.build import BuildResult, build

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_key(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``briefing check`` signs its cache with a key in the user's cache folder: a fresh one here."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def scenario(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a scenario's seeds folder into a temporary folder and return its path."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SCENARIOS / name, target)
        return target

    return make


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The seed briefing built once, site and PDF, as ``briefing build`` does."""
    out = tmp_path_factory.mktemp("seed-build")
    return build(SEEDS, out)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
