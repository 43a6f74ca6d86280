from __future__ import annotations

from pathlib import Path

import pytest

from briefing.diagnostics import Code
from briefing.loading._yaml import MAX_BYTES, load_yaml


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
