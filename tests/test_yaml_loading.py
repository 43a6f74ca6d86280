from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.diagnostics import Code
from briefing.loading import _yaml
from briefing.loading._yaml import MAX_BYTES, MAX_DEPTH, load_yaml, nests_too_deeply
from briefing.reanchor._yaml_edit import Unrewritable, edit


def load(tmp_path: Path, text: str):
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, Path("record.yaml"))


def test_values_and_keys_keep_their_positions(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "id: x\nsources:\n  - title: A\n    url: https://a.example\n")
    assert problems == []
    assert doc.data == {"id": "x", "sources": [{"title": "A", "url": "https://a.example"}]}
    assert str(doc.locate(("sources", 0, "url"))) == "record.yaml:4:10"
    assert str(doc.locate(("sources", 0, "url"), key=True)) == "record.yaml:4:5"
    # A missing part falls back to the nearest enclosing one.
    assert str(doc.locate(("sources", 0, "nope"))) == "record.yaml:3:5"


@pytest.mark.parametrize(
    ("text", "code", "where", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", Code.YAML_DUPLICATE_KEY, "3:1", "key `a` appears twice"),
        ("a: &x 1\nb: *x\n", Code.YAML_ALIAS, "1:4", "anchor `&x` is not allowed"),
        ("a: !!python/object/apply:os.system [ls]\n", Code.YAML_TAG, "1:4", "is not allowed"),
        ("a: !custom 1\n", Code.YAML_TAG, "1:4", "tag `!custom` is not allowed"),
        ("- a\n- b\n", Code.YAML_NOT_MAPPING, "1:1", "one mapping"),
        ("a: [1, 2\n", Code.YAML_SYNTAX, "2:1", "expected"),
        ("a: 'unclosed\n", Code.YAML_SYNTAX, "2:1", "unexpected end"),
    ],
)
def test_unsafe_or_broken_yaml_is_reported_with_location(
    tmp_path: Path, text: str, code: Code, where: str, message: str
) -> None:
    doc, problems = load(tmp_path, text)
    assert doc is None
    [problem] = problems
    assert problem.code is code
    assert str(problem.location) == f"record.yaml:{where}"
    assert message in problem.message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    doc, [problem] = load(tmp_path, "a: " + "x" * MAX_BYTES + "\n")
    assert doc is None and problem.code is Code.FILE_TOO_LARGE


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    doc, [problem] = load_yaml(path, Path("bad.yaml"))
    assert doc is None and problem.code is Code.FILE_ENCODING
    assert problem.location.line == 2


DEEP = "id: x\nbody: " + "[" * 3000 + "]" * 3000 + "\n"


@pytest.mark.parametrize(
    ("text", "libyaml"),
    [
        (DEEP, True),  # libyaml's parser under the strict composer
        (DEEP, False),  # the pure-Python parser
        (DEEP.replace("id: x", "id: x\nnote: '&'"), True),  # libyaml for a text with anchor signs
        (DEEP[:-2] + "\n", True),  # unclosed: libyaml fails, the pure-Python parser words it
        ("id: x\nbody:\n  " + "- " * 3000 + "x\n", True),  # block sequences, compact
        ("id: x\nbody: " + "{a: " * 3000 + "}" * 3000 + "\n", False),
        ("id: x\nbody: " + "[a: " * 3000 + "]" * 3000 + "\n", True),  # one-pair mappings
    ],
    ids=["libyaml", "python", "libyaml-strict", "libyaml-broken", "block", "python-flow-map", "pairs"],
)
def test_deep_nesting_is_a_located_error_through_every_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, libyaml: bool
) -> None:
    if not libyaml:
        monkeypatch.setattr(_yaml, "_FastLoader", None)
    elif _yaml._FastLoader is None:
        pytest.skip("PyYAML built without libyaml")
    doc, [problem] = load(tmp_path, text)
    assert doc is None
    assert problem.code is Code.YAML_SYNTAX
    assert problem.message == f"lists and mappings are nested more than {MAX_DEPTH} levels deep"
    assert problem.location.line >= 2 and problem.location.col > 1


def test_nesting_up_to_the_limit_loads(tmp_path: Path) -> None:
    inner = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    doc, problems = load(tmp_path, f"id: {inner}\n")
    assert problems == []
    depth, value = 1, doc.data["id"]
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert depth == MAX_DEPTH and value == 1
    doc, [problem] = load(tmp_path, f"id: [{inner}]\n")
    assert doc is None and "nested more than" in problem.message


def test_the_round_trip_editor_refuses_what_the_reader_refuses(tmp_path: Path) -> None:
    path = tmp_path / "entry.yaml"
    path.write_text(DEEP, encoding="utf-8")
    with pytest.raises(Unrewritable):
        edit(path, sha256="0" * 64)
    assert path.read_text(encoding="utf-8") == DEEP
    assert nests_too_deeply(DEEP) and not nests_too_deeply("id: [[[1]]]\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_deep_nesting_through_the_commands(
    command: str, scenario: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    note = seeds / "briefings" / "beta" / "notes" / "deep.yaml"
    note.write_text(
        "kind: question\nauthor: Tester\ndate: 2025-06-09\ntarget:\n  quote: a truce\nbody: "
        + "[" * 5000
        + "]" * 5000
        + "\n",
        encoding="utf-8",
    )
    args = ["--seeds", str(seeds)] + (
        ["--out", str(seeds.parent / "out"), "--no-pdf"] if command == "build" else []
    )
    assert main([command, *args]) == 1
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert (
        "deep.yaml:6:70: error[yaml-syntax]: lists and mappings are nested more than 64 levels deep" in shown
    )
    assert "Traceback" not in shown and "RecursionError" not in shown


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_TREES = st.recursive(
    st.none() | st.integers() | st.text(alphabet="ab:-?[]{}# ,\n", max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("abc", min_size=1, max_size=2), inner, max_size=3)
    ),
    max_leaves=150,
)


def _wrapped(tree: object, levels: list[bool]) -> object:
    for as_list in levels:
        tree = [tree] if as_list else {"k": tree}
    return tree


_DEEP = st.builds(_wrapped, _TREES, st.lists(st.booleans(), min_size=MAX_DEPTH - 8, max_size=MAX_DEPTH + 4))


@settings(max_examples=150, deadline=None)
@given(tree=_TREES | _DEEP, flow=st.sampled_from([True, False, None]), width=st.sampled_from([2, 80]))
def test_a_text_judged_shallow_is_shallow(tree: object, flow: bool | None, width: int) -> None:
    """libyaml composes alone, unbounded, only the texts judged unable to nest deeply."""
    text = yaml.safe_dump({"id": tree}, default_flow_style=flow, width=width, allow_unicode=True)
    if not _yaml._may_nest_deeply(text):
        assert _depth(yaml.safe_load(text)) <= MAX_DEPTH
    assert nests_too_deeply(text) == (_depth(yaml.safe_load(text)) > MAX_DEPTH)
