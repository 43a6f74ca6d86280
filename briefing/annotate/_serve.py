"""The write side of the annotation panel in ``briefing serve``.

The page sends one JSON request per edit to :data:`ENDPOINT`; it is carried
out by the same functions as ``briefing mention add`` and ``briefing new``.
Only the page this server gave out can write: the Host header must name this
server by its loopback address (no DNS rebinding), the Origin must be this
server (no cross-site requests), the body must be JSON under
:data:`MAX_BODY` bytes and carry the per-run token that only our pages hold.
An edit made against an older article text than the one on disk is refused,
and the quote the page saw must be the article's text at the offsets it sends.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..loading import display_path, load_glossary
from ..model import ENTRY_TYPES, Entry
from ._select import AnnotateError, Edit
from ._write import NOTE_KINDS, add_mention, briefing_of, load, new_entry_at, new_note_at, remove_mention_at

ENDPOINT = "/__briefing__/annotate"
MAX_BODY = 16 * 1024
"""Largest request body accepted, in bytes: an edit is a few hundred."""
ACTIONS = ("mention", "unmention", "entry", "note")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]


def _refuse(status: int, message: str) -> Reply:
    return Reply(status, {"ok": False, "error": message})


def _script_json(data: Any) -> str:
    """JSON that cannot close the ``<script>`` element holding it, whatever titles it carries."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Panel:
    """One run's token, the checks every write passes and the assets pages are given."""

    def __init__(self, seeds: Path, token: str | None = None) -> None:
        self.seeds = seeds
        self.token = token or secrets.token_urlsafe(32)
        self.port = 0
        self._writing = threading.Lock()
        self._assets: str | None = None
        self._served: tuple[Mapping[str, Entry], str] | None = None

    def _origins(self) -> tuple[set[str], set[str]]:
        hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        return hosts, {f"http://{h}" for h in hosts}

    def page_assets(self, entries: Mapping[str, Entry] | None = None) -> str:
        """The panel's data, style and script, added to each served page (never to the built site).

        ``entries``: the glossary of the build the pages come from, made into the panel's
        data once for all the pages served of it; without, the glossary is read from the seeds.
        """
        if entries is None:
            entries = {i: loaded.record for i, loaded in load_glossary(self.seeds, None).entries.items()}
        elif self._served is not None and self._served[0] is entries:
            return self._served[1]
        glossary = [
            {"id": i, "type": e.type, "title": e.title, "aliases": list(e.aliases)}
            for i, e in sorted(entries.items())
        ]
        data = {
            "endpoint": ENDPOINT,
            "token": self.token,
            "glossary": glossary,
            "types": list(ENTRY_TYPES),
            "kinds": list(NOTE_KINDS),
        }
        if self._assets is None:
            folder = resources.files(__package__ or "briefing.annotate")
            css = (folder / "panel.css").read_text(encoding="utf-8")
            js = (folder / "panel.js").read_text(encoding="utf-8")
            self._assets = f"<style>{css}</style>\n<script>{js}</script>\n"
        assets = (
            f'<script type="application/json" id="briefing-annotate-data">{_script_json(data)}</script>\n'
            + self._assets
        )
        self._served = (entries, assets)
        return assets

    def handle(
        self,
        headers: Mapping[str, str],
        read: Callable[[int], bytes],
        written: Callable[[Path], int],
    ) -> Reply:
        """Check and carry out one request; ``written`` rebuilds after a write and returns its version."""
        hosts, origins = self._origins()
        if headers.get("Host") not in hosts:
            return _refuse(403, "the Host header must name this server: 127.0.0.1 or localhost with its port")
        if headers.get("Origin") not in origins:
            return _refuse(403, "requests must come from a page of this server")
        if headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return _refuse(415, "send JSON")
        length = headers.get("Content-Length", "")
        if not length.isdigit():
            return _refuse(411, "Content-Length is required")
        if int(length) > MAX_BODY:
            return _refuse(413, f"the request is larger than {MAX_BODY} bytes")
        try:
            data = json.loads(read(int(length)).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _refuse(400, "the body is not valid JSON")
        except OSError:
            return _refuse(400, "the body did not arrive whole")
        if not isinstance(data, dict):
            return _refuse(400, "the body must be a JSON object")
        if not isinstance(data.get("token"), str) or not hmac.compare_digest(
            data["token"].encode(), self.token.encode()
        ):
            return _refuse(403, "missing or wrong token: reload the page")
        problem = _malformed(data)
        if problem:
            return _refuse(400, problem)
        with self._writing:
            reply = self._carry_out(data)
            if reply.status != 200:
                return reply
            reply.body["version"] = written(Path(reply.body.pop("written")))
            return reply

    def _carry_out(self, data: dict[str, Any]) -> Reply:
        try:
            project = load(self.seeds, data["briefing"])
            source = briefing_of(project, data["briefing"])
        except AnnotateError as exc:
            return Reply(exc.status, {"ok": False, "error": exc.diagnostic.format()})
        if source.article.sha256 != data["sha256"]:
            return _refuse(409, "the article changed since this page was built: reload the page")
        start, end = data["start"], data["end"]
        if source.article.text[start:end] != data["quote"] or not 0 <= start < end:
            return _refuse(409, "the page's text is not the article's at these offsets: reload the page")
        briefing, today = data["briefing"], dt.date.today()
        try:
            if data["action"] == "mention":
                edit = add_mention(self.seeds, data["entry"], briefing, start, end, project)
            elif data["action"] == "unmention":
                edit = remove_mention_at(self.seeds, data["entry"], briefing, start, end, project)
            elif data["action"] == "entry":
                edit = new_entry_at(
                    self.seeds,
                    data["type"],
                    data["id"],
                    data.get("title") or None,
                    briefing,
                    start,
                    end,
                    today,
                )
            else:
                edit = new_note_at(self.seeds, data["id"], data["kind"], briefing, start, end, None, today)
        except AnnotateError as exc:
            return Reply(exc.status, {"ok": False, "error": exc.diagnostic.format()})
        except OSError as exc:  # a full disk, a read-only folder: the file was left as it was
            return _refuse(500, f"could not write: {exc.strerror or exc}")
        return Reply(200, {"ok": True, "message": _done(data["action"], edit), "written": str(edit.path)})


_FIELDS: dict[str, tuple[str, ...]] = {
    "mention": ("entry",),
    "unmention": ("entry",),
    "entry": ("type", "id"),
    "note": ("kind", "id"),
}


def _malformed(data: dict[str, Any]) -> str | None:
    action = data.get("action")
    if action not in ACTIONS:
        return f"`action` must be one of: {', '.join(ACTIONS)}"
    for name in ("briefing", "sha256", "quote", *_FIELDS[action]):
        if not isinstance(data.get(name), str) or not data[name] or len(data[name]) > 1000:
            return f"`{name}` must be a non-empty text"
    if "title" in data and not isinstance(data["title"], str | None):
        return "`title` must be a text"
    for name in ("start", "end"):
        if type(data.get(name)) is not int:
            return f"`{name}` must be a whole number"
    return None


def _done(action: str, edit: Edit) -> str:
    path = display_path(edit.path)
    return {
        "mention": f"mention added to {path}",
        "unmention": f"mention removed from {path}",
        "entry": f"wrote {path}: replace its TODOs",
        "note": f"wrote {path}: replace its TODOs",
    }[action] + f"; {edit.lock}"
