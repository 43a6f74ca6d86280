"""``briefing serve``: a live preview that rebuilds on every save.

The seeds folder is watched (``watchfiles``); each change reruns the site
build (no PDF) into its own output folder. The annotation export, the whole
corpus in one file, is made when it is asked for rather than on each rebuild. Pages are served from
``127.0.0.1`` only, each with a small script added on the fly that waits for
the next build and reloads the page; the files on disk are never changed. When
a build fails, the last good pages are served with the errors shown on top.
"""

from __future__ import annotations

import html
import json
import logging
import re
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from sphinx.errors import SphinxError

from .annotate._serve import ENDPOINT, Panel
from .contract import EXPORT_FILE
from .diagnostics import BriefingError, printable, render
from .files import is_regular, read_regular_text

if TYPE_CHECKING:
    from .build import BuildResult
    from .checks import Rechecks
    from .corpus import Corpus

HOST = "127.0.0.1"
WAIT = 20.0
"""Longest a browser's wait for the next build is held open, in seconds."""

_RELOAD = """<script>
(function () {
  var version = %d;
  function wait() {
    fetch("/__briefing__/wait?since=" + version, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (d.version !== version) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>
"""
_BANNER = """<div id="briefing-serve-errors" role="alert" style="position:sticky;top:0;z-index:10000;\
margin:0;padding:1em;background:#fff4f4;color:#5c0000;border-bottom:3px solid #b00020;\
font:14px/1.4 system-ui,sans-serif;max-height:50vh;overflow:auto">
<strong>The last change was not built: %s.</strong> Showing the last good build.
<pre style="white-space:pre-wrap;margin:.5em 0 0">%s</pre>
</div>
"""
_EMPTY = "<!DOCTYPE html><html><head><title>briefing serve</title></head><body></body></html>"


class BuildState:
    """The result of the latest build and a counter browsers wait on."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 0
        self.errors: str | None = None
        self.building = threading.RLock()
        """Held by a build, and by a write from the panel until its build is done."""
        self._ours: dict[Path, int] = {}
        self.corpus: Corpus | None = None
        """What the last good build published."""
        self.rechecks: Rechecks | None = None
        """What the builds found of each briefing, for the next build to reuse."""

    def ours(self, path: Path) -> None:
        """Remember a file the server itself wrote (and rebuilt after), so the watcher skips it."""
        self._ours[path.resolve()] = path.stat().st_mtime_ns

    def all_ours(self, paths: set[str]) -> bool:
        def same(p: Path) -> bool:
            try:
                return self._ours.get(p.resolve()) == p.stat().st_mtime_ns
            except OSError:
                return False

        return bool(paths) and all(same(Path(p)) for p in paths)

    def publish(self, errors: str | None) -> None:
        with self._changed:
            self.version += 1
            self.errors = errors
            self._changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != since, timeout)
            return self.version


def rebuild(seeds: Path, out: Path, state: BuildState, log: Callable[[str], None]) -> None:
    """Build the site once; record the outcome in ``state`` whatever happens."""
    from .build import SphinxFailed, build
    from .checks import Rechecks

    with state.building:
        if state.rechecks is None:
            state.rechecks = Rechecks(seeds)
        _rebuild(seeds, out, state, log, partial(build, rechecks=state.rechecks), SphinxFailed)


def _rebuild(
    seeds: Path,
    out: Path,
    state: BuildState,
    log: Callable[[str], None],
    build: Callable[..., BuildResult],
    SphinxFailed: type[Exception],
) -> None:
    try:
        result = build(seeds, out, pdf=False, export=False)
    except BriefingError as exc:
        errors = render(exc.diagnostics)
        log(f"{len(exc.diagnostics)} error(s); still serving the last good build\n{errors}")
        state.publish(errors)
    except (SphinxFailed, SphinxError) as exc:
        log(f"Sphinx failed; still serving the last good build\n{exc}")
        state.publish(f"Sphinx failed:\n{exc}")
    except Exception as exc:  # a preview server keeps running whatever one build does
        log(f"build failed: {exc!r}")
        state.publish(f"build failed: {exc!r}")
    else:
        state.corpus = result.corpus
        log("rebuilt")
        state.publish(None)


def inject(page: str, state: BuildState, extra: str = "") -> str:
    """``page`` with the error banner on top (if the last build failed), the reload script and ``extra``."""
    at = page.rfind("</body>")
    tail = _RELOAD % state.version + extra
    page = page + tail if at == -1 else page[:at] + tail + page[at:]
    if state.errors is None:
        return page
    count = sum(1 for line in state.errors.splitlines() if not line.startswith(" "))
    banner = _BANNER % (f"{count} problem(s)", html.escape(state.errors))
    body = re.search(r"<body[^>]*>", page)
    return page[: body.end()] + banner + page[body.end() :] if body else banner + page


class _Handler(SimpleHTTPRequestHandler):
    state: BuildState
    timeout = 30  # a client that sends less than its Content-Length does not hold a thread for ever

    def __init__(
        self,
        *args: Any,
        state: BuildState,
        panel: Panel | None = None,
        on_write: Callable[[], None] = lambda: None,
        **kwargs: Any,
    ) -> None:
        self.state = state
        self.panel = panel
        self.on_write = on_write
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/__briefing__/wait":
            since = parse_qs(url.query).get("since", ["-1"])[0]
            version = self.state.wait(int(since) if since.lstrip("-").isdigit() else -1, WAIT)
            self._send(json.dumps({"version": version}).encode(), "application/json")
            return
        if url.path == f"/{EXPORT_FILE}" and self.state.corpus is not None:
            from .export import to_jsonld

            self._send(to_jsonld(self.state.corpus).encode("utf-8"), "application/ld+json")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" or not Path(self.directory).is_dir():
            page = read_regular_text(path) if is_regular(path) else _EMPTY
            status = 200 if is_regular(path) or self.state.errors else 404
            extra = ""
            if self.panel is not None and is_regular(path):
                corpus = self.state.corpus
                extra = self.panel.page_assets(None if corpus is None else corpus.entries)
            self._send(inject(page, self.state, extra).encode("utf-8"), "text/html; charset=utf-8", status)
            return
        super().do_GET()

    def do_POST(self) -> None:
        if urlsplit(self.path).path != ENDPOINT or self.panel is None:
            self._send(b'{"ok": false, "error": "not found"}', "application/json", 404)
            return
        with self.state.building:  # the watcher waits, then sees the panel's own write and skips it
            reply = self.panel.handle(dict(self.headers.items()), self.rfile.read, self._written)
        if reply.status in (411, 413, 400):
            self.close_connection = True  # what is left of the body is not read
        self._send(
            json.dumps(reply.body, ensure_ascii=False).encode("utf-8"), "application/json", reply.status
        )

    def _written(self, path: Path) -> int:
        self.state.ours(path)
        self.on_write()
        return self.state.version


def serve(
    seeds: Path,
    out: Path,
    port: int,
    *,
    log: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Build, then serve ``out/html`` on ``127.0.0.1:port`` until interrupted."""
    from watchfiles import watch

    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    state = BuildState()
    panel = Panel(seeds)
    handler = partial(
        _Handler,
        state=state,
        panel=panel,
        on_write=lambda: rebuild(seeds, out, state, log),
        directory=str(out / "html"),
    )
    # the port first: one that is taken is said at once, not after a whole build
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    panel.port = server.server_address[1]
    stop = threading.Event()
    try:
        rebuild(seeds, out, state, log)
    except BaseException:
        server.server_close()
        raise

    def watcher() -> None:
        sources = (".yaml", ".yml", ".txt")
        watching = watch(
            seeds,
            watch_filter=lambda _change, path: path.endswith(sources),
            stop_event=stop,
            rust_timeout=500,
            yield_on_timeout=False,
        )
        for changes in watching:
            with state.building:
                if state.all_ours({p for _, p in changes}):
                    continue  # written by the panel, which rebuilt already
                names = sorted({Path(p).name for _, p in changes})
                log(f"changed: {', '.join(printable(name) for name in names)}")
                rebuild(seeds, out, state, log)

    thread = threading.Thread(target=watcher, name="briefing-watch", daemon=True)
    thread.start()
    url = f"http://{HOST}:{server.server_address[1]}/"
    (ready or log)(f"serving {url} (rebuilds when {seeds} changes; Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        thread.join(timeout=5)
