"""``.briefing-cache/``: a warm ``briefing check`` says exactly what a cold one says, and trusts no one."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from briefing import cache, checks
from briefing.cache import _memo as cache_memo
from briefing.checks import _engine as checks_engine
from briefing.checks import check_project
from briefing.cli import cli
from briefing.diagnostics import Code
from briefing.loading import _yaml
from tests.benchmarks.synthetic import generate
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
    """The per-file records: of the glossary, and of each briefing folder."""
    found: dict[str, object] = {}
    for path in [root / ".briefing-cache/records.json", *(root / ".briefing-cache/records").glob("*.json")]:
        found.update(json.loads(path.read_bytes().partition(b"\n")[2])["entries"])
    return found


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
    cold = check_project(Path("seeds")).diagnostics
    assert any(d.code == Code.REPEATED_TEXT for d in cold)
    assert check_project(Path("seeds")).diagnostics == cold  # records the positions its warnings asked for

    def parse_text(*args: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(_yaml, "parse_text", parse_text)
    assert check_project(Path("seeds")).diagnostics == cold


def _uncached() -> tuple[int, str]:
    return _run("--no-cache")


def test_an_unchanged_project_is_not_checked_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_errors(project)
    real, runs = checks.check_again, []

    def counted(seeds: Path, *args: Any, **kwargs: Any) -> cache.Checked:
        runs.append(seeds)
        return real(seeds, *args, **kwargs)

    monkeypatch.setattr(checks, "check_again", counted)
    cold = _run("--format", "json")
    assert _run("--format", "json") == cold and len(runs) == 1
    _edit(project / NOTES / "factcheck-17-metals.yaml", "quote: ", "quote: Still not in it ")
    assert _run("--format", "json") != cold and len(runs) == 2


def _add_folder(root: Path) -> None:
    (root / "seeds/briefings/second").mkdir()


def _link(root: Path) -> None:
    (root / NOTES / "linked.yaml").symlink_to("context-geneva-truce.yaml")


def _add_link(root: Path) -> None:
    (root / "seeds/glossary/linked.yaml").symlink_to("concept/rare-earths.yaml")


def _retarget_link(root: Path) -> None:
    (root / NOTES / "linked.yaml").unlink()
    (root / NOTES / "linked.yaml").symlink_to("factcheck-17-metals.yaml")


def _rename(root: Path) -> None:
    note = root / NOTES / "context-geneva-truce.yaml"
    note.rename(note.with_suffix(".yml"))


def _same_size_same_time(root: Path) -> None:
    """Content changed, size and modification time as they were: only the change time tells."""
    entry = root / "seeds/glossary/person/scott-bessent.yaml"
    before = entry.stat()
    _edit(entry, "- quote: Sc", "- quote: Xc")
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("change", [_add_folder, _add_link, _retarget_link, _rename, _same_size_same_time])
def test_every_change_under_seeds_is_seen(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> None:
    monkeypatch.setattr(cache_memo, "RACY_NS", 0)  # trust files by their times as soon as they are seen
    _link(project)
    first = _run()
    assert _run() == first
    change(project)
    after = _run()
    assert after == _uncached() != first
    assert _run() == after


def test_where_it_runs_from_and_its_options_are_part_of_what_is_remembered(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_warnings(project)
    from_root = _run()
    monkeypatch.chdir(project / "seeds")
    from_seeds = _run("--seeds", ".")
    assert from_seeds == _run("--seeds", ".", "--no-cache") != from_root
    assert "\nbriefings/" in "\n" + from_seeds[1] and "\nseeds/briefings/" in "\n" + from_root[1]
    monkeypatch.chdir(project)
    (project / "seeds/glossary/concept/robots.yaml").write_text(
        "id: robots\ntype: concept\ntitle: Robots\nsummary: Machines.\nbody: Machines.\n"
        "sources:\n  - title: Rare-earth magnet\n    publisher: Wikipedia\n"
        "mentions:\n  rare-earth-licences-2025-06:\n    - quote: robots\n",
        encoding="utf-8",
    )
    plain, locked = _run(), _run("--locked")
    assert plain[0] == 0 and locked[0] == 1 and "lock-stale" in locked[1]
    assert locked == _run("--locked", "--no-cache")


def test_a_project_changed_while_it_is_checked_is_checked_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the change is undone before the check ends: what it read was never the tree it saw."""
    note = project / NOTES / "factcheck-17-metals.yaml"
    real, runs = checks.check_again, []

    def check_while_editing(seeds: Path, *args: Any, **kwargs: Any) -> cache.Checked:
        original, first = note.read_bytes(), not runs
        runs.append(seeds)
        if first:
            _edit(note, "quote: ", "quote: Not in the article ")
        try:
            return real(seeds, *args, **kwargs)
        finally:
            if first:
                note.write_bytes(original)

    monkeypatch.setattr(checks, "check_again", check_while_editing)
    assert _run()[0] == 1  # what the note said when it was read
    assert _run()[0] == 0 and len(runs) == 2
    assert _run()[0] == 0 and len(runs) == 2


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
    """A cache shipped with the project, signed with another key or edited, cannot hide an error."""
    entry = project / "seeds/glossary/concept/rare-earths.yaml"
    assert _run()[0] == 0
    forged = (project / ".briefing-cache/records.json").read_bytes()
    signature, _, body = forged.partition(b"\n")
    data = json.loads(body)
    good = cache.digest(entry.read_bytes())
    _edit(entry, "\nsummary:", "\nsumary: typo\nsummary:")
    bad = cache.digest(entry.read_bytes())
    data["entries"][f"entry:{bad}"] = data["entries"][f"entry:{good}"]  # "this broken file is fine"
    for tampered in (
        signature + b"\n" + json.dumps(data).encode(),  # someone else's (or a stale) signature
        b"0" * 64 + b"\n" + json.dumps(data).encode(),
        b"not a cache",
    ):
        (project / ".briefing-cache/records.json").write_bytes(tampered)
        (project / ".briefing-cache/check.json").unlink(missing_ok=True)  # so the records are read
        code, output = _run()
        assert code == 1 and "unknown field `sumary`" in output
    memo = project / ".briefing-cache/check.json"
    signature, _, body = memo.read_bytes().partition(b"\n")
    data = json.loads(body)
    for outcome in data["memo"]["outcomes"].values():
        outcome["diagnostics"] = []  # "this tree has no problem"
    memo.write_bytes(signature + b"\n" + json.dumps(data).encode())
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


SENTENCE = (
    "Analysts on the desk agree that the licensing rules will tighten again before the end of the year."
)


def _in_body(path: Path, text: str) -> None:
    _edit(path, "\nbody: '", f"\nbody: '{text} ")


def test_checking_briefing_by_briefing_reports_what_checking_everything_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each change, a check that takes unchanged briefings from the cache says what a full
    one says, and checks again only the briefings whose folder changed, or that an edited
    entry mentions."""
    seeds = generate(tmp_path / "project", articles=4, annotations=16, entries=30)
    monkeypatch.chdir(seeds.parent)
    real, loads = checks_engine.load_briefing, []

    def load_briefing(folder: Path, *args: Any) -> Any:
        loads.append(folder.name)
        return real(folder, *args)

    monkeypatch.setattr(checks_engine, "load_briefing", load_briefing)
    folders = sorted((seeds / "briefings").iterdir())
    notes = [sorted((folder / "notes").glob("*.yaml")) for folder in folders]
    context = [next(n for n in found if "\nkind: context" in "\n" + n.read_text()) for found in notes]
    broken_quote = context[2].read_bytes()
    entry = next(seeds.glob("glossary/*/*.yaml"))
    only = [{folder.name} for folder in folders]
    changes: list[tuple[str, Callable[[], object], set[str] | None]] = [
        ("the first check", lambda: None, None),
        ("nothing", lambda: None, set()),
        ("a wording warning", lambda: _in_body(context[1], "This is probably so."), only[1]),
        ("a quote error", lambda: _edit(context[2], "  quote: ", "  quote: Nowhere in it "), only[2]),
        ("the error undone", lambda: context[2].write_bytes(broken_quote), only[2]),
        ("a sentence in two notes", lambda: [_in_body(context[i], SENTENCE) for i in (0, 1)], None),
        ("and in a third: a repeat", lambda: _in_body(context[3], SENTENCE), only[3]),
        ("an entry", lambda: _edit(entry, "\nbody: ", "\nbody: Edited. "), _mentioned_by(entry)),
        ("a mention error", lambda: _edit(entry, "- quote: ", "- quote: Nowhere "), _mentioned_by(entry)),
        ("a line above it", lambda: entry.write_text("# moved\n" + entry.read_text()), _mentioned_by(entry)),
        (
            "a note naming no entry",
            lambda: _edit(context[0], "\nentries:\n- ", "\nentries:\n- robots\n- "),
            only[0],
        ),
        ("the entry it names", partial(_add_entry, seeds, "robots"), set()),
        ("a link", lambda: (folders[1] / "notes/linked.yaml").symlink_to(notes[1][0].name), only[1]),
        ("a rejected note naming briefings", partial(_rejected_note, folders), only[0]),
        ("the briefing it names", partial(_copy_briefing, folders[1], "nowhere"), {"nowhere"}),
        ("a briefing without metadata", lambda: (folders[3] / "briefing.yaml").unlink(), only[3]),
    ]
    said = {}
    for what, change, checked_again in changes:
        change()
        loads.clear()
        said[what] = _run()
        if checked_again is not None:
            assert set(loads) == checked_again, what
        else:
            assert len(loads) >= 2, what
        assert said[what] == _uncached(), what
        assert _run("--locked") == _run("--locked", "--no-cache"), what
    assert "[likelihood-term]" in said["a wording warning"][1]
    assert "[quote-not-found]" in said["a quote error"][1]
    shown = entry.relative_to(seeds.parent)
    assert f"{shown}:" in said["a mention error"][1] and "[quote-not-found]" in said["a mention error"][1]
    assert said["a line above it"][1] != said["a mention error"][1]
    # two notes' whole paragraphs alike are a near repeat; the same sentence needs three records
    assert "-word sentence is in" not in said["a sentence in two notes"][1]
    assert "nearly repeats" in said["a sentence in two notes"][1]
    assert "-word sentence is in 3 records" in said["and in a third: a repeat"][1]
    assert "[symlink]" in said["a link"][1]
    assert "`robots` is not a glossary entry" in said["a note naming no entry"][1]
    assert "`robots`" not in said["the entry it names"][1]
    rejected = said["a rejected note naming briefings"][1]
    assert rejected.count("[unknown-briefing]") == 1 and "briefing `nowhere` does not exist" in rejected
    assert "[unknown-briefing]" not in said["the briefing it names"][1]


def _mentioned_by(entry: Path) -> set[str]:
    """The briefings an entry mentions: those its edit checks again."""
    return set(yaml.safe_load(entry.read_text(encoding="utf-8"))["mentions"])


def _add_entry(seeds: Path, entry_id: str) -> None:
    (seeds / f"glossary/concept/{entry_id}.yaml").write_text(
        f"id: {entry_id}\ntype: concept\ntitle: Robots\nsummary: Machines.\nbody: Machines.\n"
        "sources:\n  - title: Rare-earth magnet\n    url: https://example.org/magnets\n",
        encoding="utf-8",
    )


def _rejected_note(folders: list[Path]) -> None:
    """A note that fails validation (``mentions`` is no field of a note) still has its references checked."""
    (folders[0] / "notes/rejected.yaml").write_text(
        f"kind: context\nmentions:\n  {folders[2].name}: []\n  nowhere: []\n", encoding="utf-8"
    )


def _copy_briefing(folder: Path, name: str) -> None:
    shutil.copytree(folder, folder.parent / name)
    _edit(folder.parent / name / "briefing.yaml", f"id: {folder.name}", f"id: {name}")
