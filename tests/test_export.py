"""``briefing export``: W3C Web Annotation JSON-LD that passes the conformance
checker, selectors that point at the right characters, stable bytes, and
one-line errors instead of tracebacks."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing.build import BuildResult
from briefing.checks import check_project
from briefing.cli import main
from briefing.core import to_json as to_record_json
from briefing.corpus import build_corpus
from briefing.export import annotation_collection, to_json
from briefing.loading import load_project
from briefing.records import briefing_data

from .conftest import ROOT, SEEDS

CONFORMANCE = Path(__file__).resolve().parent / "conformance"
SHARED = ROOT.parent / "shared" / "conformance"
BRIEFING = "rare-earth-licences-2025-06"


def checker(*exports: Path) -> subprocess.CompletedProcess[str]:
    """The conformance checker, run as its users run it."""
    return subprocess.run(
        [sys.executable, str(CONFORMANCE / "check_w3c_annotations.py"), *map(str, exports), "--verbose"],
        capture_output=True,
        text=True,
        check=False,
    )


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", "--seeds", str(SEEDS), *args]) == 0
    return capsys.readouterr().out


def annotations(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return list(collection["first"]["items"]) if "first" in collection else []


def selectors(annotation: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    found = {s["type"]: s for s in annotation["target"].get("selector", [])}
    if not found:
        return None
    return found["TextQuoteSelector"], found["TextPositionSelector"]


def article_text(seeds: Path, briefing: str) -> str:
    """The article as a W3C client reads a text/plain file: UTF-8, byte-order mark dropped."""
    folder = seeds / "briefings" / briefing
    name = re.search(r"^article: (\S+)$", (folder / "briefing.yaml").read_text("utf-8"), re.M)
    assert name
    return (folder / name.group(1)).read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="module")
def seed_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "annotations.jsonld"
    assert main(["export", "--seeds", str(SEEDS), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def collection(seed_export: Path) -> dict[str, Any]:
    return json.loads(seed_export.read_text(encoding="utf-8"))


def test_seed_export_passes_the_conformance_checker(seed_export: Path, collection: dict[str, Any]) -> None:
    result = checker(seed_export)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"checking {collection['total']} annotation(s) against 54 assertion(s)")
    assert re.fullmatch(r"\d+ passed, 0 failed", lines[-1]), result.stdout


def test_the_checker_can_fail() -> None:
    bad = checker(CONFORMANCE / "fixtures" / "bad.json")
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[-1] == "52 passed, 2 failed"
    assert "is missing @context key" in bad.stdout
    good = checker(CONFORMANCE / "fixtures" / "good.json")
    assert (good.returncode, good.stdout.splitlines()[-1]) == (0, "54 passed, 0 failed")


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/conformance beside this checkout")
def test_the_vendored_checker_is_the_shared_one() -> None:
    def differences(cmp: filecmp.dircmp[str]) -> Iterator[str]:
        yield from (f"{cmp.left}/{name}" for name in cmp.diff_files + cmp.left_only + cmp.right_only)
        for sub in cmp.subdirs.values():
            yield from differences(sub)

    different = [d for d in differences(filecmp.dircmp(SHARED, CONFORMANCE)) if not d.endswith("SOURCE.md")]
    assert not different, f"refresh tests/conformance (see its SOURCE.md): {different}"


def test_one_annotation_per_mention_and_note(collection: dict[str, Any]) -> None:
    corpus = check_project(SEEDS).corpus
    briefing = corpus.briefings[BRIEFING]
    items = annotations(collection)
    assert collection["total"] == len(items) == len(briefing.mentions) + len(briefing.notes)
    assert len({a["id"] for a in items}) == len(items)
    by_id = {a["id"]: a for a in items}
    base = f"https://briefing.invalid/annotations.jsonld#{BRIEFING}"
    for mention in briefing.mentions:
        annotation = by_id[f"{base}/mentions/{mention.id}"]
        assert annotation["motivation"] == "identifying"
        assert annotation["body"][0]["id"] == f"https://briefing.invalid/glossary/{mention.entry}.html"
    motivations = {"context": "commenting", "question": "questioning"}
    for note in briefing.notes:
        annotation = by_id[f"{base}/notes/{note.id}"]
        assert annotation["motivation"] == motivations.get(note.note.kind, "assessing")
        assert annotation["body"][0] == {
            "type": "TextualBody",
            "value": note.note.body,
            "format": "text/markdown",
            "language": "en",
        }
        assert annotation["creator"] == {"name": note.note.author}
        assert annotation["created"] == f"{note.note.date.isoformat()}T00:00:00Z"
        assert (selectors(annotation) is None) == (note.span is None)


def test_quotes_are_the_article_text_at_their_positions(collection: dict[str, Any]) -> None:
    text = article_text(SEEDS, BRIEFING)
    anchored = [s for s in map(selectors, annotations(collection)) if s is not None]
    assert anchored
    for quote, position in anchored:
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote.get("prefix", ""))
        assert text[end:].startswith(quote.get("suffix", ""))


def test_targets_and_iris_use_the_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    collection = json.loads(export(capsys, "--base-url", "https://example.org/site"))
    assert collection["id"] == "https://example.org/site/annotations.jsonld"
    for annotation in annotations(collection):
        assert annotation["id"].startswith("https://example.org/site/annotations.jsonld#")
        source = annotation["target"]["source"]
        assert source["id"] == f"https://example.org/site/briefings/{BRIEFING}.txt"
        assert source["format"] == "text/plain"


def test_the_same_input_gives_the_same_bytes(
    capsys: pytest.CaptureFixture[str], seed_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = export(capsys), export(capsys)
    assert first == second == seed_export.read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    stamped = json.loads(export(capsys))
    assert {a["generated"] for a in annotations(stamped)} == {"2025-06-15T15:06:40Z"}


def test_json_format_is_the_data_attached_to_the_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = check_project(SEEDS).corpus
    exported = json.loads(export(capsys, "--format", "json"))
    assert list(exported) == [BRIEFING]
    attached = json.loads(json.dumps(to_record_json(briefing_data(corpus.briefings[BRIEFING], corpus))))
    assert exported[BRIEFING] == attached
    assert to_json(corpus) == json.dumps(exported, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_positions_skip_a_byte_order_mark(scenario: Callable[[str], Path]) -> None:
    seeds = scenario("two-briefings")
    article = seeds / "briefings" / "alpha" / "article.txt"
    article.write_bytes(b"\xef\xbb\xbf" + article.read_bytes())
    project, problems = load_project(seeds)
    corpus, anchoring = build_corpus(project)
    assert not [p for p in problems + anchoring if p.is_error]
    text = article_text(seeds, "alpha")
    items = [a for a in annotations(annotation_collection(corpus)) if "#alpha/" in a["id"]]
    first = next(s for s in map(selectors, items) if s is not None)
    quote, position = first
    assert position["start"] == text.index("Ministry of Commerce")
    assert text[position["start"] : position["end"]] == quote["exact"] == "Ministry of Commerce"
    assert "\ufeff" not in quote.get("prefix", "")


def test_unknown_seeds_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--seeds", str(tmp_path / "nowhere")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    nowhere = tmp_path / "nowhere"
    assert f"{nowhere}:1:1: error[seeds-missing]: seeds folder `{nowhere}` does not exist" in captured.err
    assert "Traceback" not in captured.err


def test_a_broken_annotation_stops_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    entry = seeds / "glossary" / "organization" / "mofcom.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("Ministry of Commerce", "Ministry of Trade"))
    out = tmp_path / "annotations.jsonld"
    assert main(["export", "--seeds", str(seeds), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert re.search(r"mofcom\.yaml:\d+:\d+: error\[quote-not-found\]: ", captured.err)
    assert "  hint: closest text in paragraph" in captured.err
    assert captured.err.splitlines()[-1].startswith("export stopped: ")
    assert "Traceback" not in captured.err and not out.exists()


def test_usage_and_output_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--seeds", str(SEEDS), "--base-url", "example.org"]) == 2
    assert "Invalid value for '--base-url': needs a scheme" in capsys.readouterr().err
    assert main(["export", "--seeds", str(SEEDS), "--format", "xml"]) == 2
    capsys.readouterr()
    assert main(["export", "--seeds", str(SEEDS), "-o", str(tmp_path / "missing" / "a.jsonld")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write ") and "Traceback" not in err


def test_the_site_publishes_the_export(seed_build: BuildResult, seed_export: Path) -> None:
    html = seed_build.html
    assert (html / "annotations.jsonld").read_bytes() == seed_export.read_bytes()
    published = (html / "briefings" / f"{BRIEFING}.txt").read_bytes()
    assert published == (SEEDS / "briefings" / BRIEFING / "000_7366001827e1de33.txt").read_bytes()
    page = (html / "briefings" / f"{BRIEFING}.html").read_text(encoding="utf-8")
    assert re.search(r'class="briefing-export-link">[^<]*<a [^>]*href="\.\./annotations\.jsonld"', page)
