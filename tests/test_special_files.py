"""FIFOs, sockets and devices where files belong never make a command wait.

Every command runs in a child process with a time limit, so a regression (an
``open`` blocking on a FIFO with no writer) fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.files import NotRegularFile, read_regular, write_replacing

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
BRIEFING = "rare-earth-licences-2025-06"
LIMIT = 240
"""Seconds a command may take before it counts as blocked (a seed build takes about 20)."""

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(root / "user-cache")}
    try:
        return subprocess.run(
            [sys.executable, "-m", "briefing", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=LIMIT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`briefing {' '.join(args)}` blocked for {LIMIT} s")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(SEEDS, root / "seeds")
    return root


def _fifo_in_place_of(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotRegularFile, match="named pipe"):
        read_regular(tmp_path / "pipe")
    with pytest.raises(NotRegularFile, match="folder"):
        read_regular(tmp_path)
    (tmp_path / "file").write_bytes(b"abc")
    assert read_regular(tmp_path / "file") == b"abc"
    assert read_regular(tmp_path / "file", limit=1) == b"ab"


def test_write_replacing_replaces_a_fifo_instead_of_opening_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out.html")
    write_replacing(tmp_path / "out.html", b"page")
    assert read_regular(tmp_path / "out.html") == b"page"
    assert os.listdir(tmp_path) == ["out.html"]


def test_fifos_in_the_cache_count_as_no_cache(project: Path) -> None:
    first = _run(project, "check")
    assert first.returncode == 0, first.stderr
    cached = [p for p in (project / ".briefing-cache").rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert cached
    for path in cached:
        _fifo_in_place_of(path)
    _fifo_in_place_of(project / "user-cache" / "briefing" / "cache-key")
    again = _run(project, "check")
    assert (again.returncode, again.stdout) == (0, first.stdout)
    fresh = _run(project, "check", "--format", "json")
    assert fresh.returncode == 0, fresh.stderr


def test_a_fifo_cache_file_is_replaced_by_the_next_check(project: Path) -> None:
    assert _run(project, "check").returncode == 0
    records = project / ".briefing-cache" / "records.json"
    _fifo_in_place_of(records)
    entry = project / "seeds" / "glossary" / "concept" / "rare-earths.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _run(project, "check").returncode == 0  # the glossary changed: its records are written anew
    assert records.is_file()


@pytest.mark.parametrize(
    "where",
    [
        "glossary/concept/pipe.yaml",
        "glossary/pipe",
        f"briefings/{BRIEFING}/notes/pipe.yaml",
        f"briefings/{BRIEFING}/pipe.txt",
    ],
)
def test_a_fifo_under_seeds_is_a_located_error(project: Path, where: str) -> None:
    os.mkfifo(project / "seeds" / where)
    for fmt in ("text", "json"):
        result = _run(project, "check", "--no-cache", "--format", fmt)
        assert result.returncode == 1
        assert "special-file" in result.stdout
    text = _run(project, "check").stdout
    assert f"seeds/{where}:1:1: error[special-file]: `pipe" in text
    assert "named pipe (FIFO)" in text


def test_a_socket_under_seeds_is_a_located_error(project: Path) -> None:
    path = project / "seeds" / "glossary" / "s"  # a short path: socket names are limited to ~100 bytes
    server = socket.socket(socket.AF_UNIX)
    try:
        cwd = os.getcwd()
        os.chdir(path.parent)
        try:
            server.bind("s")
        finally:
            os.chdir(cwd)
        result = _run(project, "check", "--no-cache")
    finally:
        server.close()
    assert result.returncode == 1
    assert "seeds/glossary/s:1:1: error[special-file]: `s` is a socket" in result.stdout


@pytest.mark.parametrize("name", ["000_7366001827e1de33.txt", "briefing.yaml", "anchors.lock.json"])
def test_a_fifo_in_place_of_a_briefing_file_is_an_error_not_a_wait(project: Path, name: str) -> None:
    _fifo_in_place_of(project / "seeds" / "briefings" / BRIEFING / name)
    result = _run(project, "check")
    assert result.returncode == 1
    assert f"seeds/briefings/{BRIEFING}/{name}:1:1: error[special-file]" in result.stdout
    build = _run(project, "build", "--no-pdf")
    assert build.returncode == 1
    assert "error[special-file]" in build.stderr


def test_build_with_fifos_in_its_cache_and_output_finishes(project: Path) -> None:
    assert _run(project, "build", "--no-pdf").returncode == 0
    for path in (project / ".briefing-cache").rglob("*.json"):
        _fifo_in_place_of(path)
    page = project / "_build" / "html" / "index.html"
    _fifo_in_place_of(page)
    result = _run(project, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert page.is_file()


def test_export_replaces_a_fifo_at_its_output_path(project: Path) -> None:
    _fifo_in_place_of(project / "annotations.jsonld")
    result = _run(project, "export", "-o", "annotations.jsonld")
    assert result.returncode == 0, result.stderr
    assert (project / "annotations.jsonld").read_text(encoding="utf-8").startswith("{")


def test_build_with_fifos_in_its_work_folder_finishes(project: Path) -> None:
    assert _run(project, "build").returncode == 0
    work = project / "_build" / ".work"
    pipes = [
        work / "html" / "index.html",
        *sorted(work.rglob("*.pickle"))[:2],
        *sorted(work.rglob("*.json"))[:2],
    ]
    for path in pipes:
        _fifo_in_place_of(path)
    result = _run(project, "build")
    assert result.returncode == 0, result.stderr
    assert (project / "_build" / "html" / "index.html").is_file()
    assert not [p for p in pipes if p.exists() and not p.is_file()]
