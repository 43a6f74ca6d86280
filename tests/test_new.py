"""``briefing new``: skeletons that already pass ``briefing check``, with placeholders flagged."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.anchoring import resolve
from briefing.checks import check_project
from briefing.cli import main
from briefing.diagnostics import Code
from briefing.loading import load_project
from briefing.model import ENTRY_TYPES

from .conftest import ROOT, SEEDS
from .test_docs import blocks

SCHEMAS = ROOT / "briefing" / "schemas"


@pytest.fixture
def seeds(scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = scenario("two-briefings")
    monkeypatch.chdir(root)
    return root


def _new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["new", *args, "--seeds", ".", "--date", "2025-06-10"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _only_todos(seeds: Path, *also: Code) -> list[str]:
    """The skeleton's placeholders are all ``check`` reports (and ``also``, if given)."""
    result = check_project(Path("."))
    assert result.ok, [d.format() for d in result.errors]
    assert {d.code for d in result.diagnostics} == {Code.TODO_PLACEHOLDER, *also}
    return [d.format().splitlines()[0] for d in result.diagnostics]


@pytest.mark.parametrize("entry_type", ENTRY_TYPES)
def test_entry_skeleton_of_every_type_checks_with_todo_warnings(
    entry_type: str, seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _new(capsys, "entry", f"new-{entry_type}", "--type", entry_type)
    path = Path("glossary") / entry_type / f"new-{entry_type}.yaml"
    assert (status, out) == (0, f"wrote {path}: replace each TODO, then run `briefing check`\n")
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../briefing/schemas/entry.schema.json\n")
    assert f"\nid: new-{entry_type}\ntype: {entry_type}\n" in text
    warnings = _only_todos(seeds)
    assert all(line.startswith(f"{path}:") for line in warnings)
    assert len(warnings) >= 4  # title, summary, body, source at least
    fields = {
        line.split(": ")[0].lstrip("# ") for line in text.splitlines() if ": " in line or line.endswith(":")
    }
    type_fields = {"symbol", "atomic_number", "group", "role", "start", "value"} & fields
    if entry_type in ("element", "person", "event", "statistic"):
        assert type_fields, f"{entry_type} skeleton lacks its required fields"


def test_schema_line_points_at_the_shipped_schemas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SEEDS, repo / "seeds")
    assert main(["new", "entry", "robots", "--type", "concept", "--seeds", str(repo / "seeds")]) == 0
    first = (repo / "seeds/glossary/concept/robots.yaml").read_text().splitlines()[0]
    relative = first.split("$schema=")[1]
    assert ((ROOT / "seeds/glossary/concept") / relative).resolve() == SCHEMAS / "entry.schema.json"


def test_note_with_an_ambiguous_quote_gets_context(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _new(
        capsys,
        "note",
        "question-shipments",
        "--kind",
        "question",
        "--briefing",
        "alpha",
        "--quote",
        "dysprosium",
    )
    assert status == 0
    assert out.splitlines()[0] == (
        "note: the quote also occurs in paragraph(s) 2, 3; took the one in paragraph 1, "
        'told apart by prefix: "for " (use --occurrence N for another)'
    )
    text = Path("briefings/alpha/notes/question-shipments.yaml").read_text()
    assert text == (
        "# yaml-language-server: $schema=../../../../briefing/schemas/note.schema.json\n"
        "kind: question\n"
        "title: 'TODO: a short title'\n"
        "author: 'TODO: your name or desk'\n"
        "date: 2025-06-10\n"
        "target:\n"
        "  quote: dysprosium\n"
        "  prefix: 'for '\n"
        "body: |\n"
        "  TODO: what the reader should know, in restricted Markdown.\n"
        "sources:\n"
        "- title: 'TODO: title of a source you relied on'\n"
        "  # publisher: ..., date: YYYY-MM-DD and url: https://... when known\n"
        "# entries:  # ids of related glossary entries, one per line\n"
    )
    _only_todos(seeds)
    status, out = _new(
        capsys,
        "note",
        "question-resume",
        "--kind",
        "question",
        "--briefing",
        "alpha",
        "--quote",
        "dysprosium",
        "--occurrence",
        "2",
    )
    assert status == 0
    project, _ = load_project(Path("."))
    source = project.briefings["alpha"]
    target = source.notes["question-resume"].record.target
    assert target is not None and target.prefix == "said "
    span = resolve(source.article, target)
    assert not isinstance(span, type(None)) and getattr(span, "block", None) == 2


def test_key_judgment_needs_no_quote_but_other_notes_do(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = _new(
        capsys, "note", "kj-more", "--kind", "key-judgment", "--briefing", "beta", "--author", "Desk"
    )
    assert status == 0
    text = Path("briefings/beta/notes/kj-more.yaml").read_text()
    assert "author: Desk\n" in text and "confidence: moderate  # TODO: low, moderate or high\n" in text
    assert "target:" not in text
    # the skeleton shows where the horizon goes; until it is given, check says so
    assert "# horizon: YYYY-MM-DD" in text
    _only_todos(seeds, Code.JUDGMENT_HORIZON)
    status, out = _new(capsys, "note", "question-more", "--kind", "question", "--briefing", "beta")
    assert status == 1
    assert "a question note is about a passage: give its exact words with --quote" in out
    assert not Path("briefings/beta/notes/question-more.yaml").exists()


def test_quote_not_in_the_article_shows_the_closest_text(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _new(
        capsys,
        "note",
        "context-x",
        "--kind",
        "context",
        "--briefing",
        "alpha",
        "--quote",
        "Ministry of Comerce",
    )
    assert status == 1
    assert out == (
        "error: quote “Ministry of Comerce” is not in the article; "
        "closest text in paragraph 1: “Ministry of Commerce”\n"
    )
    assert not Path("briefings/alpha/notes/context-x.yaml").exists()


def test_new_refuses_to_overwrite(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = Path("briefings/alpha/notes/context-licences.yaml")
    before = note.read_bytes()
    status, out = _new(
        capsys, "note", "context-licences", "--kind", "context", "--briefing", "alpha", "--quote", "licences"
    )
    assert status == 1 and "already exists; nothing written" in out
    assert note.read_bytes() == before
    status, out = _new(capsys, "entry", "mofcom", "--type", "organization")
    assert status == 1 and "entry `mofcom` already exists at glossary/mofcom.yaml:1:5" in out
    assert not Path("glossary/organization/mofcom.yaml").exists()


def test_entry_mention_may_not_overlap_another(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _new(
        capsys, "entry", "commerce", "--type", "concept", "--briefing", "alpha", "--quote", "of Commerce"
    )
    assert status == 1
    assert "overlaps the mention of `mofcom` at glossary/mofcom.yaml:9:14" in out
    status, _ = _new(
        capsys,
        "entry",
        "licences",
        "--type",
        "concept",
        "--briefing",
        "alpha",
        "--quote",
        "licences",
        "--title",
        "Licences",
    )
    assert status == 0
    text = Path("glossary/concept/licences.yaml").read_text()
    assert "title: Licences\n" in text and text.endswith("mentions:\n  alpha:\n  - quote: licences\n")
    warnings = _only_todos(seeds)
    assert not any(":4:" in w for w in warnings)  # the title was given


def test_usage_errors(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "entry", "Bad_Id", "--type", "concept"]) == 2
    assert main(["new", "entry", "ok", "--type", "gadget"]) == 2
    capsys.readouterr()
    assert main(["new", "note", "ok", "--seeds", ".", "--kind", "context", "--quote", "x"]) == 1
    assert capsys.readouterr().err == "error: say which briefing with --briefing (known: alpha, beta)\n"
    assert main(["new", "note", "ok", "--seeds", "nowhere", "--kind", "key-judgment"]) == 1
    assert "seeds folder `nowhere` not found" in capsys.readouterr().err


def test_contributing_guide_shows_what_briefing_new_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    command, said = re.search(r"^\$ (briefing new note .+)\n(.+)$", guide, re.M).groups()  # type: ignore[union-attr]
    shown = next(b for b in blocks("contributing.md") if b.path and "TODO" in b.content)
    date = re.search(r"^date: (\S+)$", shown.content, re.M).group(1)  # type: ignore[union-attr]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    assert main([*shlex.split(command)[1:], "--date", date]) == 0
    assert capsys.readouterr().out == said + "\n"
    assert (tmp_path / shown.path).read_text(encoding="utf-8") == shown.content


def test_a_long_headline_is_named_whole_words_and_an_ellipsis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headline = (
        "China Says Some Rare Earths Exports Approved Ahead of Trade Talks With the United States in London"
    )
    article = tmp_path / "a.txt"
    article.write_text(f"{headline}\n\nBody.\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    args = ["new", "briefing", "gamma", "--seeds", str(tmp_path / "seeds"), "--article", str(article)]
    assert main(args) == 0
    out = capsys.readouterr()
    shown = re.search(r"taken as the title: “([^”]*)”", out.out + out.err)
    assert shown is not None
    assert shown[1] == "China Says Some Rare Earths Exports Approved Ahead of Trade Talks With the…"
    assert len(shown[1]) <= 80 and headline.startswith(shown[1].removesuffix("…"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short headline", "Short headline"),
        ("a" * 100, "a" * 79 + "…"),  # one word longer than the room: cut inside it
        ("word " * 15 + "end", "word " * 15 + "end"),  # 79 characters: whole
        ("abcd " * 16 + "x", ("abcd " * 16).rstrip() + "…"),
        (
            "Tariffs, licences, quotas: " * 4,
            "Tariffs, licences, quotas: Tariffs, licences, quotas: Tariffs, licences, quotas…",
        ),
    ],
)
def test_shortened_cuts_at_a_word_boundary(text: str, expected: str) -> None:
    from briefing.new_briefing import shortened

    assert shortened(text) == expected and len(shortened(text)) <= 80
