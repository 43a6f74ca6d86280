"""The write endpoint of ``briefing serve``'s annotation panel: who may write, and what."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from briefing.annotate._serve import ENDPOINT, MAX_BODY, Panel, Reply
from briefing.checks import check_project
from briefing.loading import load_project
from briefing.serve import BuildState, inject

from .conftest import SEEDS

BRIEFING = "rare-earth-licences-2025-06"
PORT = 8123


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root)
    return root


@pytest.fixture
def panel(seeds: Path) -> Panel:
    made = Panel(seeds, token="t0ken")
    made.port = PORT
    return made


def _files(seeds: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in seeds.parent.rglob("*") if p.is_file()}


def _request(seeds: Path, word: str, **fields: Any) -> dict[str, Any]:
    project, _ = load_project(seeds)
    article = project.briefings[BRIEFING].article
    at = article.text.index(word)
    body = {
        "token": "t0ken",
        "briefing": BRIEFING,
        "sha256": article.sha256,
        "start": at,
        "end": at + len(word),
        "quote": word,
        "action": "mention",
        "entry": "rare-earths",
    }
    body.update(fields)
    return body


def _post(panel: Panel, body: Any, **headers: str) -> tuple[Reply, list[Path]]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {
        "Host": f"127.0.0.1:{PORT}",
        "Origin": f"http://127.0.0.1:{PORT}",
        "Content-Type": "application/json",
        "Content-Length": str(len(raw)),
    }
    sent.update(headers)
    sent = {k: v for k, v in sent.items() if v}
    written: list[Path] = []

    def rebuilt(path: Path) -> int:
        written.append(path)
        return 7

    return panel.handle(sent, lambda n: raw[:n], rebuilt), written


def test_a_mention_is_written_and_the_site_rebuilt(panel: Panel, seeds: Path) -> None:
    reply, written = _post(panel, _request(seeds, "robots"))
    assert reply.status == 200, reply.body
    assert reply.body["version"] == 7 and "anchors lock updated" in reply.body["message"]
    assert written == [seeds / "glossary/concept/rare-earths.yaml"]
    assert written[0].read_text().endswith("  - quote: robots\n")


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example:8123"}, 403),  # DNS rebinding: a foreign name resolving to 127.0.0.1
        ({"Host": "127.0.0.1:9999"}, 403),
        ({"Host": ""}, 403),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": ""}, 403),
        ({"Content-Type": "text/plain"}, 415),  # what a cross-site form may send without asking
        ({"Content-Length": ""}, 411),
        ({"Content-Length": str(MAX_BODY + 1)}, 413),
    ],
)
def test_requests_not_from_our_page_are_refused(
    panel: Panel, seeds: Path, headers: dict[str, str], status: int
) -> None:
    before = _files(seeds)
    reply, written = _post(panel, _request(seeds, "robots"), **headers)
    assert reply.status == status and not reply.body["ok"]
    assert written == [] and _files(seeds) == before


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_both_loopback_names_of_this_server_are_accepted(panel: Panel, seeds: Path, host: str) -> None:
    reply, _ = _post(panel, _request(seeds, "robots"), Host=f"{host}:{PORT}", Origin=f"http://{host}:{PORT}")
    assert reply.status == 200, reply.body


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"\xff\xfe", 400, "not valid JSON"),
        (b"[1, 2]", 400, "JSON object"),
        (b"[" * 5000 + b"]" * 5000, 400, "not valid JSON"),
        ({"token": "wrong"}, 403, "token"),
        ({"token": None}, 403, "token"),
        ({"action": "delete-everything"}, 400, "`action`"),
        ({"start": "3"}, 400, "`start`"),
        ({"end": True}, 400, "`end`"),
        ({"entry": ""}, 400, "`entry`"),
        ({"sha256": "0" * 64}, 409, "article changed"),
        ({"quote": "robotz"}, 409, "not the article's"),
        ({"start": -6, "end": 0}, 409, "not the article's"),
        ({"briefing": "../../etc"}, 404, "does not exist"),
        ({"entry": "../../../evil"}, 404, "no glossary entry"),
        ({"action": "entry", "type": "concept", "id": "../../../evil"}, 422, "is not an id"),
        ({"action": "entry", "type": "weapon", "id": "robots"}, 422, "unknown entry type"),
        ({"action": "note", "kind": "context", "id": "../../escape"}, 422, "is not an id"),
        ({"action": "note", "kind": "gossip", "id": "robots-note"}, 422, "unknown note kind"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(
    panel: Panel, seeds: Path, body: Any, status: int, message: str
) -> None:
    before = _files(seeds)
    sent = body if isinstance(body, bytes) else _request(seeds, "robots", **body)
    reply, written = _post(panel, sent)
    assert reply.status == status, reply.body
    assert message in reply.body["error"]
    assert written == [] and _files(seeds) == before


def test_a_symlinked_entry_folder_is_not_written_through(panel: Panel, seeds: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (seeds / "glossary" / "statistic").rename(tmp_path / "statistic-moved")
    (seeds / "glossary" / "statistic").symlink_to(outside)
    reply, _ = _post(panel, _request(seeds, "robots", action="entry", type="statistic", id="robot-count"))
    assert reply.status == 403 and "outside the seeds folder" in reply.body["error"]
    assert list(outside.iterdir()) == []


def test_overlapping_an_existing_mention_is_a_conflict(panel: Panel, seeds: Path) -> None:
    reply, written = _post(panel, _request(seeds, "rare earth items"))
    assert reply.status == 409 and "error[span-overlap]" in reply.body["error"] and written == []


def test_new_entry_note_and_removal_write_through_the_cli_code(panel: Panel, seeds: Path) -> None:
    reply, _ = _post(
        panel, _request(seeds, "robots", action="entry", type="concept", id="robots", title="Robots")
    )
    assert reply.status == 200, reply.body
    entry = (seeds / "glossary/concept/robots.yaml").read_text()
    assert "title: Robots\n" in entry and f"mentions:\n  {BRIEFING}:\n  - quote: robots\n" in entry
    reply, _ = _post(panel, _request(seeds, "robots", action="note", kind="question", id="why-robots"))
    assert reply.status == 200, reply.body
    note = (seeds / "briefings" / BRIEFING / "notes/why-robots.yaml").read_text()
    assert "kind: question\n" in note and "target:\n  quote: robots\n" in note
    reply, _ = _post(panel, _request(seeds, "robots", action="unmention", entry="robots"))
    assert reply.status == 200, reply.body
    assert "mentions:" not in (seeds / "glossary/concept/robots.yaml").read_text()
    reply, _ = _post(panel, _request(seeds, "robots", action="entry", type="concept", id="robots"))
    assert reply.status == 409 and "already exists" in reply.body["error"]


def test_page_data_cannot_close_its_script_element(panel: Panel, seeds: Path) -> None:
    path = seeds / "glossary/concept/rare-earths.yaml"
    path.write_text(path.read_text().replace("title: ", "title: </script><script>alert(1)</script> ", 1))
    assets = panel.page_assets()
    data = re.search(r'<script type="application/json" id="briefing-annotate-data">(.*?)</script>', assets)
    assert data is not None and "<" not in data.group(1)
    parsed = json.loads(data.group(1))
    assert parsed["token"] == "t0ken" and parsed["endpoint"] == ENDPOINT
    titles = {e["id"]: e["title"] for e in parsed["glossary"]}
    assert titles["rare-earths"].startswith("</script><script>alert(1)</script>")


def test_the_panel_lists_the_glossary_of_the_build_its_page_comes_from(panel: Panel, seeds: Path) -> None:
    """Made once per build from the build's own records, not read from the seeds for every page served."""
    built = check_project(seeds).corpus.entries
    path = seeds / "glossary/concept/rare-earths.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))

    def titles(assets: str) -> dict[str, str]:
        data = re.search(r'id="briefing-annotate-data">(.*?)</script>', assets)
        assert data is not None
        return {e["id"]: e["title"] for e in json.loads(data.group(1))["glossary"]}

    served = panel.page_assets(built)
    assert not titles(served)["rare-earths"].startswith("Edited ")
    assert panel.page_assets(built) is served
    assert titles(panel.page_assets())["rare-earths"].startswith("Edited ")


def test_the_panel_is_added_by_serve_only(panel: Panel, seed_build: Any) -> None:
    page = (seed_build.html / "briefings" / f"{BRIEFING}.html").read_text()
    assert "briefing-annotate" not in page and "t0ken" not in page
    served = inject(page, BuildState(), panel.page_assets())
    assert served.count('id="briefing-annotate-data"') == 1 and "function sourceWalker" in served
    article = re.search(r'<div class="briefing-article" ([^>]*)>', page)
    assert article is not None and f'data-briefing="{BRIEFING}"' in article.group(1)
    assert re.search(r'data-sha256="[0-9a-f]{64}"', article.group(1))


def test_a_failed_write_is_an_answer_not_a_dropped_connection(
    panel: Panel, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    before = _files(seeds)

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    reply, written = _post(panel, _request(seeds, "robots"))
    assert reply.status == 500 and "No space left on device" in reply.body["error"]
    assert written == [] and _files(seeds) == before


def test_a_body_cut_short_is_refused(panel: Panel, seeds: Path) -> None:
    def broken(_n: int) -> bytes:
        raise TimeoutError("timed out")

    sent = {
        "Host": f"127.0.0.1:{PORT}",
        "Origin": f"http://127.0.0.1:{PORT}",
        "Content-Type": "application/json",
        "Content-Length": "300",
    }
    reply = panel.handle(sent, broken, lambda _p: 0)
    assert reply.status == 400 and "did not arrive whole" in reply.body["error"]
