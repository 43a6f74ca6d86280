"""Real headless Chromium (Playwright) against the seed site served on 127.0.0.1.

These tests never skip: a missing Chromium or missing npm tools is a failure
that says how to install them (``.ci/install-system-packages browser``,
``npm ci``).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from briefing.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTIFACTS = ROOT / "tests" / "artifacts"
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BRIEFING = "briefings/rare-earth-licences-2025-06.html"
PAGE_TYPES = {
    "home": "index.html",
    "briefing": BRIEFING,
    "entry": "glossary/mofcom.html",
    "glossary": "glossary/index.html",
    "timeline": "timeline.html",
    "sources": "sources.html",
    "track": "track-record.html",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser closing a connection early (favicon.ico, a page torn down) is not a failure


@pytest.fixture(scope="session")
def site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site, HTML only, as ``briefing build --no-pdf`` makes it."""
    return build(SEEDS, tmp_path_factory.mktemp("browser-site"), pdf=False).html


@pytest.fixture(scope="session")
def site_url(site_html: Path) -> Iterator[str]:
    """Base URL (with a trailing slash) of the site served by a local http.server."""
    handler = functools.partial(_Quiet, directory=str(site_html))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `.ci/install-system-packages browser`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: `pip install playwright` (the nox tests session does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class _Guard:
    """Script errors and requests to other hosts seen by one browser context (refused, then failed)."""

    errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)


@pytest.fixture
def new_page(browser: Browser, site_url: str) -> Iterator[Callable[..., Page]]:
    """Make pages (keyword arguments go to ``browser.new_context``: viewport, touch, scripts off…).

    Every request to another host is refused, and the test fails if there was one or if a
    page script threw.
    """
    contexts: list[tuple[BrowserContext, _Guard]] = []

    def make(**options: Any) -> Page:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=site_url, **options)
        guard = _Guard()
        contexts.append((context, guard))

        def refuse(route: Route) -> None:
            guard.offsite.append(route.request.url)
            route.abort()

        # Only requests to other hosts reach Python; the site's own files load at full speed.
        context.route(re.compile(rf"^(?!{re.escape(site_url)}|file:|data:|blob:|about:)"), refuse)
        page = context.new_page()
        page.on("pageerror", lambda error: guard.errors.append(str(error)))
        return page

    yield make
    for context, _ in contexts:
        context.close()
    for _, guard in contexts:
        assert guard.errors == [], "script errors"
        assert guard.offsite == [], "requests to other hosts"


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A 1280×900 page of the served site."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def node_tool(*parts: str) -> Path:
    path = NODE_MODULES.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `npm ci` at the repository root")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("java is missing: run `.ci/install-system-packages browser`")
    return found
