"""``.briefing-cache/``: a warm ``briefing check`` says exactly what a cold one says, and trusts no one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.checks import check_project
from briefing.cli import cli
from briefing.diagnostics import Code
from briefing.loading import _cache, _yaml
from tests.conftest import SEEDS

NOTES = Path("seeds/briefings/rare-earth-licences-2025-06/notes")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds in ``tmp_path/project/seeds``, run from ``tmp_path/project``."""
    root = tmp_path / "project"
    shutil.copytree(SEEDS, root / "seeds")
    monkeypatch.chdir(root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_errors(root: Path) -> None:
    """Errors of every stage, in files that load cleanly (cached) and in files that do not."""
    seeds = root / "seeds"
    _edit(seeds / "glossary/concept/rare-earths.yaml", "\nsummary:", "\nsumary: typo\nsummary:")
    _edit(root / NOTES / "factcheck-17-metals.yaml", "quote: ", "quote: Not in the article at all ")
    _edit(root / NOTES / "context-geneva-truce.yaml", "body: |\n", "body: |\n  <b>bold</b> TODO probably\n")
    _edit(seeds / "glossary/person/scott-bessent.yaml", "- quote: ", "- quote: the ")


def _with_warnings(root: Path) -> None:
    """Only warnings, so the coverage scan runs too."""
    _edit(root / NOTES / "context-geneva-truce.yaml", "body: |\n", "body: |\n  This is probably true. TODO\n")
    for entry in (root / "seeds/glossary/person").glob("*.yaml"):  # their names become uncovered
        entry.write_text(entry.read_text(encoding="utf-8").split("\nmentions:")[0] + "\n", encoding="utf-8")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.output


def _cached_entries(root: Path) -> dict[str, object]:
    body = (root / ".briefing-cache/records.json").read_bytes().partition(b"\n")[2]
    return json.loads(body)["entries"]


@pytest.mark.parametrize("breakage", [_with_errors, _with_warnings])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_warm_check_prints_byte_for_byte_what_a_cold_one_prints(project: Path, breakage, fmt: str) -> None:
    breakage(project)
    assert not (project / ".briefing-cache").exists()
    cold = _run("--format", fmt)
    kinds = {name.split(":")[0] for name in _cached_entries(project)}
    assert {"entry", "note", "meta", "entry-content", "note-content"} <= kinds
    warm = _run("--format", fmt)
    again = _run("--format", fmt)
    shutil.rmtree(project / ".briefing-cache")
    uncached = check_project(Path("seeds"), use_cache=False)
    assert cold == warm == again
    assert cold[0] == (1 if breakage is _with_errors else 0)
    codes = {d.code for d in uncached.diagnostics}
    if breakage is _with_errors:
        assert {
            Code.UNKNOWN_FIELD,
            Code.QUOTE_NOT_FOUND,
            Code.MARKUP_FORBIDDEN,
            Code.TODO_PLACEHOLDER,
        } <= codes
    else:
        assert {Code.UNCOVERED_NAME, Code.LIKELIHOOD_TERM, Code.TODO_PLACEHOLDER} <= codes
        assert "coverage" in kinds
    if fmt == "json":
        assert json.loads(cold[1]) == [d.as_json() for d in uncached.diagnostics]


def test_a_second_warm_check_locates_its_warnings_without_parsing_yaml(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = "The same long sentence about export licences appears in three records of this project."
    for name in ("critical-minerals", "export-licence", "tariffs"):
        _edit(project / f"seeds/glossary/concept/{name}.yaml", "\nsummary: ", f"\nsummary: {sentence} ")
    cold = _run()
    assert "repeated-text" in cold[1]
    assert _run() == cold  # records the positions its warnings asked for

    def parse_text(*args: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(_yaml, "parse_text", parse_text)
    assert _run() == cold


def test_editing_a_file_replaces_its_cached_entry(project: Path) -> None:
    note = project / NOTES / "factcheck-17-metals.yaml"
    assert _run()[0] == 0
    before = _cached_entries(project)
    _edit(note, "quote: ", "quote: Not in the article at all ")
    code, output = _run()
    assert code == 1
    assert f"{NOTES / note.name}:" in output and "quote-not-found" in output
    after = _cached_entries(project)
    assert len(set(after) - set(before)) >= 1 and len(set(before) - set(after)) >= 1
    assert _run() == (code, output)
    shutil.rmtree(project / ".briefing-cache")
    assert _run() == (code, output)


def test_a_forged_or_damaged_cache_is_ignored(project: Path) -> None:
    """A cache shipped with the project, signed with another key, cannot hide an error."""
    entry = project / "seeds/glossary/concept/rare-earths.yaml"
    assert _run()[0] == 0
    forged = (project / ".briefing-cache/records.json").read_bytes()
    signature, _, body = forged.partition(b"\n")
    data = json.loads(body)
    good = _cache.digest(entry.read_bytes())
    _edit(entry, "\nsummary:", "\nsumary: typo\nsummary:")
    bad = _cache.digest(entry.read_bytes())
    data["entries"][f"entry:{bad}"] = data["entries"][f"entry:{good}"]  # "this broken file is fine"
    for tampered in (
        signature + b"\n" + json.dumps(data).encode(),  # someone else's (or a stale) signature
        b"0" * 64 + b"\n" + json.dumps(data).encode(),
        b"not a cache",
    ):
        (project / ".briefing-cache/records.json").write_bytes(tampered)
        code, output = _run()
        assert code == 1 and "unknown field `sumary`" in output


def test_the_cache_is_never_written_through_a_link_or_inside_the_seeds(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".briefing-cache").symlink_to(elsewhere)
    assert _run()[0] == 0
    assert list(elsewhere.iterdir()) == []
    (project / ".briefing-cache").unlink()
    (project / ".briefing-cache").write_text("a file, not a folder")
    assert _run()[0] == 0  # unusable cache: checked without one
    monkeypatch.chdir(project / "seeds")
    assert check_project(Path(".")).ok
    assert not (project / "seeds/.briefing-cache").exists()
    assert not list((project / "seeds").rglob(".briefing-cache"))


def test_without_a_signing_key_there_is_no_cache(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = project / "no-home"
    home.write_text("a file where the key folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    assert _run() == _run()
    assert not (project / ".briefing-cache").exists()
