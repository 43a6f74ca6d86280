"""Rewrite selector fields in contributor YAML without disturbing anything else.

ruamel.yaml's round-trip mode keeps comments, key order and quoting. Before a
file is changed it must round-trip byte for byte as it is; a file that would
not (an unusual layout) is left alone and reported, so ``--fix`` can never
reformat a file behind its author's back.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import ScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..files import read_regular_text, write_replacing
from ..loading._yaml import nests_too_deeply
from ..model import Selector

_ORDER = ("quote", "prefix", "suffix", "occurrence")

PathKey = tuple[str | int, ...]


class Unrewritable(Exception):
    """The file does not survive a round trip unchanged, so it is not touched."""


def _read(path: Path) -> tuple[str, YAML, Any]:
    """The file's text and its round-trip data; :class:`Unrewritable` unless the data
    dumps back to that text byte for byte."""
    text = read_regular_text(path)
    if nests_too_deeply(text):  # ruamel.yaml composes recursively, with no limit of its own
        raise Unrewritable(path)
    yaml, data = _round_trip(text)
    if _dump(yaml, data) != text:
        raise Unrewritable(path)
    return text, yaml, data


def _round_trip(text: str) -> tuple[YAML, Any]:
    _, indent, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=indent or 2, offset=offset or 0)
    return yaml, yaml.load(text)


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _styled(old: Any, new: Any) -> Any:
    """``new`` in the quoting style ``old`` was written in."""
    if isinstance(old, ScalarString) and isinstance(new, str):
        return type(old)(new)
    return new


def _set_selector(node: Any, selector: Selector) -> None:
    for key in _ORDER:
        value = getattr(selector, key)
        if value is None:
            if key in node:
                del node[key]
        elif key in node:
            if node[key] != value:
                node[key] = _styled(node[key], value)
        else:
            keys = list(node.keys())
            before = [keys.index(k) for k in _ORDER[: _ORDER.index(key)] if k in keys]
            node.insert(max(before) + 1 if before else len(keys), key, value)


def _write(path: Path, text: str) -> None:
    write_replacing(path, text.encode("utf-8"))


def edit(path: Path, selectors: dict[PathKey, Selector] | None = None, **top: str) -> bool:
    """Set the selectors at the given paths and top-level ``key=value``s; return if changed."""
    text, yaml, data = _read(path)
    for where, selector in (selectors or {}).items():
        node = data
        for part in where:
            node = node[part]
        _set_selector(node, selector)
    for key, value in top.items():
        data[key] = _styled(data.get(key), value)
    new = _dump(yaml, data)
    if new == text:
        return False
    _write(path, new)
    return True


def add_mentions(path: Path, briefing: str, selectors: list[Selector]) -> None:
    """Append mentions of ``briefing`` to the entry file at ``path``, keeping everything else."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    _, yaml, data = _read(path)
    if data.get("mentions") is None:
        data["mentions"] = CommentedMap()
    mentions = data["mentions"]
    if mentions.get(briefing) is None:
        mentions[briefing] = CommentedSeq()
    for selector in selectors:
        node = CommentedMap()
        for key in _ORDER:
            value = getattr(selector, key)
            if value is not None:
                node[key] = value
        mentions[briefing].append(node)
    _write(path, _dump(yaml, data))


def remove_mention(path: Path, briefing: str, index: int) -> None:
    """Remove mention ``index`` of ``briefing`` from the entry file at ``path``, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    yaml, data = _round_trip(text)
    if _dump(yaml, data) != text:
        raise Unrewritable(path)
    mentions = data["mentions"]
    del mentions[briefing][index]
    if not mentions[briefing]:
        del mentions[briefing]
    if not mentions:
        del data["mentions"]
    _write(path, _dump(yaml, data))
