"""``briefing serve`` in a subprocess: loopback only, rebuilds on save, shows errors on the page."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.serve import BuildState, inject

STARTUP = 180.0
"""Seconds allowed for the first build (a whole Sphinx run) before the URL is printed."""
REBUILD = 90.0


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"no {what} within {timeout:.0f} s")


@pytest.fixture
def server(scenario: Callable[[str], Path], tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    seeds = scenario("two-briefings")
    out = tmp_path / "preview"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--seeds", str(seeds), "--out", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=STARTUP)
        except queue.Empty:
            pytest.fail(
                f"serve printed no URL within {STARTUP:.0f} s: {(tmp_path / 'serve.log').read_text()}"
            )
        assert first.startswith("serving http://127.0.0.1:"), first
        url = first.split()[1]
        yield url, seeds, out
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
    assert proc.returncode == 0, (tmp_path / "serve.log").read_text()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for row in path.read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_serve_rebuilds_on_save_and_shows_errors(server: tuple[str, Path, Path]) -> None:
    url, seeds, out = server
    page_url = url + "briefings/beta.html"
    page = _get(page_url)
    assert "Which truce is meant?" in page
    assert "/__briefing__/wait?since=" in page  # the reload script, added on the fly...
    assert "__briefing__" not in (out / "html/briefings/beta.html").read_text()  # ...never written
    if sys.platform.startswith("linux"):
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 and nothing else
    version = json.loads(_get(url + "__briefing__/wait?since=-1"))["version"]
    export = json.loads(_get(url + "annotations.jsonld"))
    assert export["type"] == "AnnotationCollection" and export["total"] > 0
    assert not (out / "html/annotations.jsonld").exists()  # made when asked for, not on each rebuild

    note = seeds / "briefings/beta/notes/question-truce.yaml"
    note.write_text(note.read_text().replace("Which truce is meant?", "Which truce, signed where?"))
    _until(lambda: "Which truce, signed where?" in _get(page_url), REBUILD, "rebuilt page")
    assert json.loads(_get(url + f"__briefing__/wait?since={version}"))["version"] > version
    assert "Which truce, signed where?" in _get(url + "annotations.jsonld")

    note.write_text(note.read_text().replace("quote: a truce on dysprosium", "quote: a truce on terbium"))
    _until(lambda: "briefing-serve-errors" in _get(page_url), REBUILD, "error banner")
    page = _get(page_url)
    assert "error[quote-not-found]: quote “a truce on terbium” is not in the article" in page
    assert "Which truce, signed where?" in page  # the last good build is still shown
    assert "Which truce, signed where?" in _get(url + "annotations.jsonld")  # and its export
    assert "briefing-serve-errors" in _get(url)  # on every page

    note.write_text(note.read_text().replace("a truce on terbium", "a truce on dysprosium"))
    _until(lambda: "briefing-serve-errors" not in _get(page_url), REBUILD, "recovery")


def test_injected_script_and_banner_escape_errors() -> None:
    state = BuildState()
    state.publish("x.yaml:1:1: error[yaml-syntax]: <script>alert(1)</script>\n  hint: fix it")
    page = inject("<html><body><p>text</p></body></html>", state)
    assert page.startswith('<html><body><div id="briefing-serve-errors"')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "1 problem(s)" in page
    assert "var version = 1;" in page and page.endswith("</body></html>")
    state.publish(None)
    assert "briefing-serve-errors" not in inject("<body></body>", state)
    assert state.wait(since=2, timeout=0.05) == 2
