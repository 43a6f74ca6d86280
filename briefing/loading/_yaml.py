"""Safe YAML loading that keeps the line and column of every key and value.

Contributor YAML is untrusted: only plain mappings, sequences and scalars are
accepted. Anchors, aliases, explicit tags, duplicate keys and oversized files
are reported with their location instead of being silently resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..diagnostics import Code, Diagnostic, Location, Severity, character_name
from ..files import read_regular
from ._text import CONTROL, INVISIBLE, MAX_JOINED, joined_run, refused

MAX_BYTES = 256 * 1024
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings accepted: records nest five or six levels.
The composers are recursive; a few hundred levels would exhaust Python's stack."""

_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow in a file (YAML 1.1 §5.1, printable characters)."""
PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class LocatedYaml:
    """Plain data from one YAML file plus where each part of it was written."""

    path: Path
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    todos: tuple[tuple[int, int, str], ...] = ()
    """(line, column, line text) of each ``TODO`` left in the file, comments included."""
    ends: dict[PathKey, int] = field(default_factory=dict)
    """The line just below each mapping: where a key missing from it can be added."""
    known: dict[tuple[PathKey, bool], tuple[int, int]] = field(default_factory=dict, compare=False)
    """Positions found by an earlier run for these bytes (see :meth:`deferred`)."""
    found: Callable[[PathKey, bool, tuple[int, int]], None] | None = field(default=None, compare=False)
    """Told each position :meth:`locate` finds, so a cache can keep it."""

    def locate(self, loc: PathKey, *, key: bool = False) -> Location:
        """The position of ``loc``, or of its nearest enclosing part that exists."""
        asked = (tuple(loc), key)
        position = self.known.get(asked)
        if position is None:
            position = self._position(*asked)
            if self.found is not None:
                self.found(*asked, position)
        return Location(self.path, *position)

    def _position(self, parts: PathKey, key: bool) -> tuple[int, int]:
        while parts:
            table = self.keys if key else self.values
            if parts in table:
                return table[parts]
            if parts in self.values:
                return self.values[parts]
            parts = parts[:-1]
            key = False
        return self.values.get((), (1, 1))

    @classmethod
    def deferred(
        cls,
        path: Path,
        text: str,
        todos: tuple[tuple[int, int, str], ...],
        known: dict[tuple[PathKey, bool], tuple[int, int]],
        found: Callable[[PathKey, bool, tuple[int, int]], None],
    ) -> LocatedYaml:
        """A file already known to load cleanly: its data and positions are parsed only when
        asked for and not ``known`` (positions an earlier run located in the same bytes)."""
        doc = object.__new__(cls)
        for name, value in (("path", path), ("todos", todos), ("known", known), ("found", found)):
            object.__setattr__(doc, name, value)
        object.__setattr__(doc, "_text", text)
        return doc

    def __getattr__(self, name: str) -> Any:
        text = self.__dict__.get("_text")
        if text is None or name not in ("data", "values", "keys"):
            raise AttributeError(name)
        doc, problems = parse_text(text, self.path)
        if doc is None:  # the text was read and checked before: cannot happen
            raise RuntimeError(f"{self.path} no longer parses: {problems}")
        for part in ("data", "values", "keys"):
            object.__setattr__(self, part, getattr(doc, part))
        return getattr(self, name)


class _Problem(Exception):
    def __init__(self, code: Code, message: str, mark: Any, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.mark, self.hint = code, message, mark, hint


class _StrictComposer(Composer):
    peek_event: Callable[[], Any]
    """Provided by the parser the composer is mixed with."""
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                raise _Problem(
                    Code.YAML_SYNTAX,
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                    event.start_mark,
                    "no record needs more than a few levels; close the brackets or write it flatter",
                )
            self._depth += 1
            try:
                return self._compose_strictly(event, parent, index)
            finally:
                self._depth -= 1
        return self._compose_strictly(event, parent, index)

    def _compose_strictly(self, event: Any, parent: Any, index: Any) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise _Problem(
                Code.YAML_ALIAS,
                f"alias `*{event.anchor}` is not allowed",
                event.start_mark,
                "write the value out in full; anchors and aliases are not accepted",
            )
        if getattr(event, "anchor", None):
            raise _Problem(
                Code.YAML_ALIAS,
                f"anchor `&{event.anchor}` is not allowed",
                event.start_mark,
                "remove the anchor; anchors and aliases are not accepted",
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = not any(implicit) if isinstance(implicit, tuple) else not implicit
        if tag not in (None, "!") and explicit:
            raise _Problem(
                Code.YAML_TAG,
                f"tag `{tag}` is not allowed",
                event.start_mark,
                "remove the tag; quote the value if it should be text",
            )
        return super().compose_node(parent, index)


class _StrictLoader(_StrictComposer, yaml.SafeLoader):
    """The pure-Python parser: its messages and marks are the ones diagnostics report."""


_FastLoader: type | None = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _LibyamlLoader(_StrictComposer, CParser, SafeConstructor, Resolver):
        """libyaml's scanner and parser under the same strict composer: several times faster."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader = _LibyamlLoader


def _walk(
    node: yaml.Node,
    at: PathKey,
    values: dict[PathKey, tuple[int, int]],
    keys: dict[PathKey, tuple[int, int]],
    ends: dict[PathKey, int] | None = None,
) -> Any:
    values[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        if ends is not None:
            end = node.end_mark
            ends[at] = end.line + (1 if end.column == 0 else 2)
        out: dict[str, Any] = {}
        seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Problem(Code.YAML_SYNTAX, "keys must be plain text", key_node.start_mark)
            name = key_node.value
            if name in seen:
                first = seen[name]
                raise _Problem(
                    Code.YAML_DUPLICATE_KEY,
                    f"key `{name}` appears twice in this mapping",
                    key_node.start_mark,
                    f"first written at line {first.line + 1}; keep one of them",
                )
            seen[name] = key_node.start_mark
            keys[(*at, name)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[name] = _walk(value_node, (*at, name), values, keys, ends)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*at, i), values, keys, ends) for i, item in enumerate(node.value)]
    try:
        return _StrictLoader.construct_object(_CONSTRUCTOR, node)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:  # an impossible date or time: 2025-02-30, hour 25
        raise _Problem(
            Code.INVALID_VALUE,
            f"`{node.value}` is not a real date or time ({exc})",
            node.start_mark,
            "write an existing date as YYYY-MM-DD, or quote the value if it is text",
        ) from None


_CONSTRUCTOR = _StrictLoader("")


def _compose(loader_class: Any, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


_NODE_PROPERTY = re.compile(r"[&*!]")
"""Anchors, aliases and tags all need one of these characters."""
_BLOCK_INDICATOR = re.compile(r"[-?:](?=\s|\Z)")


def _may_nest_deeply(text: str) -> bool:
    """Whether ``text`` could nest more than :data:`MAX_DEPTH` levels: each level opens
    with a ``{``, a ``[`` (two levels at most: a sequence and a one-pair mapping in it)
    or a ``-``, ``?`` or ``:`` before white space. Few records come close."""
    opened = 2 * text.count("[") + text.count("{")
    return opened + len(_BLOCK_INDICATOR.findall(text)) > MAX_DEPTH


def _parse(text: str) -> yaml.Node | None:
    """The document's nodes, parsed by libyaml when it is there.

    A text without ``&``, ``*`` or ``!`` holds no anchor, alias or tag, and one
    that cannot nest deeply needs no count of its depth, so libyaml may compose
    it alone (in C, recursively, unbounded); the others go through the strict
    composer. Both parsers themselves keep an explicit stack, never recursing.
    A syntax error is reported as the pure-Python parser words and places it,
    so the diagnostics do not depend on how PyYAML was built.
    """
    if _FastLoader is not None:
        strict = _NODE_PROPERTY.search(text) or _may_nest_deeply(text)
        loader = _FastLoader if strict else yaml.CSafeLoader
        try:
            return _compose(loader, text)
        except yaml.YAMLError:
            pass
    return _compose(_StrictLoader, text)


def nests_too_deeply(text: str) -> bool:
    """Whether the YAML ``text`` nests more than :data:`MAX_DEPTH` levels, counted on the
    parser's events, before a recursive composer (such as ruamel.yaml's) reads it."""
    if not _may_nest_deeply(text):
        return False
    # libyaml stops at its own depth limit before emitting the events that pass ours
    loaders = (yaml.CSafeLoader, yaml.SafeLoader) if _FastLoader else (yaml.SafeLoader,)
    for loader in loaders:
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return True
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.YAMLError:
            continue
        return False
    return False  # invalid YAML, not nested too deeply before the error its reader reports


def load_yaml(
    path: Path, display: Path | None = None, raw: bytes | None = None
) -> tuple[LocatedYaml | None, list[Diagnostic]]:
    """Load one YAML file; on failure return ``None`` and the located problem.

    ``raw``: the file's bytes, when the caller has already read them.
    """
    shown = display or path
    if raw is None:
        raw = read_regular(path)
    if len(raw) > MAX_BYTES:
        return None, [
            Diagnostic(
                Location(shown),
                Code.FILE_TOO_LARGE,
                f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                "split the record or shorten its body",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Diagnostic(
                Location(shown, line, 1),
                Code.FILE_ENCODING,
                "file is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]
    bad = _NOT_YAML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [
            Diagnostic(
                Location(shown, line, col),
                Code.CONTROL_CHARACTER,
                f"the file holds the control character {character_name(bad.group(0))}",
                "delete it; YAML files may hold only printable text",
            )
        ]
    return parse_text(text, shown)


def parse_text(text: str, shown: Path) -> tuple[LocatedYaml | None, list[Diagnostic]]:
    """Parse the decoded text of one file shown as ``shown``."""
    values: dict[PathKey, tuple[int, int]] = {(): (1, 1)}
    keys: dict[PathKey, tuple[int, int]] = {}
    ends: dict[PathKey, int] = {}
    try:
        root = _parse(text)
        data = None if root is None else _walk(root, (), values, keys, ends)
    except _Problem as problem:
        mark = problem.mark
        loc = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        return None, [Diagnostic(loc, problem.code, problem.message, problem.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        message = exc.problem or str(exc)
        return None, [
            Diagnostic(loc, Code.YAML_SYNTAX, message, "check indentation, colons and quoting here")
        ]
    if not isinstance(data, dict):
        return None, [
            Diagnostic(
                Location(shown, *values.get((), (1, 1))),
                Code.YAML_NOT_MAPPING,
                "the file must hold one mapping of `field: value` lines",
                "start with `id: ...` (entries) or `kind: ...` (notes)",
            )
        ]
    doc = LocatedYaml(shown, data, values, keys, _todos(text), ends)
    problems = list(_odd_characters(doc, (), data))
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return doc, problems


def _odd_characters(doc: LocatedYaml, at: PathKey, value: Any) -> Iterator[Diagnostic]:
    """Control characters (errors) and invisible ones (warnings) in every key and text value."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _odd_characters(doc, (*at, name), name)
            yield from _odd_characters(doc, (*at, name), item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _odd_characters(doc, (*at, i), item)
    elif isinstance(value, str):
        field = ".".join(str(p) for p in at) or "value"
        control = CONTROL.search(value)
        if control:
            yield Diagnostic(
                doc.locate(at),
                Code.CONTROL_CHARACTER,
                f"`{field}` holds {refused(control.group(0))}",
                "delete it: escapes such as \\x1b or \\r may not put control characters in a field",
            )
        joined = joined_run(value)
        if joined:
            yield Diagnostic(
                doc.locate(at),
                Code.COMBINING_MARKS,
                f"`{field}` holds {joined[1]:,} characters in a row joined to one base character "
                f"(combining marks, joiners); the limit is {MAX_JOINED}",
                "no script needs that many; remove the stacked marks",
            )
        invisible = INVISIBLE.search(value)
        if invisible:
            yield Diagnostic(
                doc.locate(at),
                Code.INVISIBLE_CHARACTER,
                f"`{field}` holds the invisible character {character_name(invisible.group(0))}",
                "it can make the text display differently from what it says; delete it unless it is needed",
                Severity.WARNING,
            )


_TODO = re.compile(r"\bTODO\b")


def _todos(text: str) -> tuple[tuple[int, int, str], ...]:
    if "TODO" not in text:
        return ()
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _TODO.search(line)
        if match:
            found.append((number, match.start() + 1, line.strip()))
    return tuple(found)
