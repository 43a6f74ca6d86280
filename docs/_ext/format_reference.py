"""The annotation format reference, generated from ``briefing.model``.

One directive, ``briefing-format``, with one argument:

``entry``
    A section with the fields every glossary entry has, one section per entry
    type with that type's own fields, then the records only entries use.
``note`` / ``briefing`` / ``source``
    The fields of an analyst note / of ``briefing.yaml`` / of a registered
    source, then the records only that file uses.
``records``
    The records used by more than one kind of file (e.g. ``Source``).
``values``
    The value types the tables refer to (id, line, date, ...).

Every table row, record section and value type gets a label, so the pages can
link to them (``{ref}`format-note-target```) and the tables link to each other.
A record or value type that a table refers to but no directive documents is an
unresolved reference, which fails the ``-W`` build: the page cannot drift from
the models.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from docutils import nodes
from pydantic import BaseModel, HttpUrl
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from briefing import model

# Names readers see for the model's annotated aliases and for plain types.
_ALIAS_LABELS = {"Slug": "id", "Id": "id", "Line": "line", "Markdown": "Markdown", "Day": "date"}
_SCALARS: dict[Any, tuple[str, str]] = {
    str: (
        "text",
        "Any text. Put it in quotes if it contains a colon followed by a space, or starts with "
        "a character such as `'`, `[`, `{`, `*`, `&`, `!`, `#` or `>`.",
    ),
    int: ("whole number", "Written without quotes, e.g. `3`."),
    bool: ("yes/no", "`true` or `false`."),
    dt.date: (
        "date",
        "Written `YYYY-MM-DD`, e.g. `2025-06-08`, from `0001-01-01` to `9999-12-31`; "
        "a number or a time of day is not a date.",
    ),
    HttpUrl: ("URL", "A full `http://` or `https://` address."),
}
_NO_LINE_BREAK = r"^[^\n]*$"
_OWNER_NAMES = {model.EntryBase: "every entry", model.Note: "notes", model.ArticleMeta: "briefing.yaml"}
_CONSTRAINT_KEYS = ("min_length", "max_length", "ge", "gt", "le", "lt", "pattern")
_CODE = re.compile(r"`([^`]+)`")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _constraints(meta: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in meta:
        if isinstance(item, FieldInfo):
            out.update(_constraints(item.metadata))
            continue
        for key in _CONSTRAINT_KEYS:
            value = getattr(item, key, None)
            if value is not None:
                out[key] = value
    return out


def _phrases(constraints: dict[str, Any], explained: bool = False) -> list[str]:
    """Constraints in words; ``explained`` drops a pattern a description already explains."""
    lo, hi = constraints.get("min_length"), constraints.get("max_length")
    out = []
    if lo is not None and hi is not None:
        out.append(f"{lo:,}–{hi:,} characters")
    elif hi is not None:
        out.append(f"at most {hi:,} characters")
    elif lo is not None:
        out.append(f"at least {lo:,} characters")
    ge, le = constraints.get("ge"), constraints.get("le")
    if ge is not None and le is not None:
        out.append(f"from {ge} to {le}")
    elif ge is not None:
        out.append(f"{ge} or more")
    elif le is not None:
        out.append(f"{le} or less")
    pattern = constraints.get("pattern")
    if pattern == _NO_LINE_BREAK:
        out.insert(0, "no line breaks")
    elif pattern and not explained:
        out.append(f"must match `{pattern}`")
    return out


@dataclass(frozen=True)
class ValueType:
    label: str
    description: str
    base: Any = None
    constraints: tuple[tuple[str, Any], ...] = ()

    @property
    def target(self) -> str:
        return "format-value-" + re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")


@cache
def value_types() -> tuple[ValueType, ...]:
    """The model's named aliases (``Slug``, ``Line``, ...) and the plain types."""
    out = []
    for name, alias in vars(model).items():
        if get_origin(alias) is not Annotated:
            continue
        base, *meta = get_args(alias)
        if base not in _SCALARS:
            continue
        constraints = _constraints(meta)
        described = next((m.description for m in meta if isinstance(m, FieldInfo) and m.description), None)
        words = _phrases(constraints, explained=bool(described))
        text = " ".join(filter(None, [described, _sentence(", ".join(words)) + "." if words else ""]))
        label = _ALIAS_LABELS.get(name, name)
        if any(v.label == label for v in out):  # a refinement of a type already listed (Id of Slug)
            continue
        if not text and base in _SCALARS:  # a stricter reading of a plain type (Day of date)
            text = _SCALARS[base][1]
        out.append(ValueType(label, text, base, tuple(sorted(constraints.items()))))
    out.extend(
        ValueType(label, text) for label, text in _SCALARS.values() if all(v.label != label for v in out)
    )
    return tuple(out)


@dataclass
class Shape:
    """How one annotation reads in a table: the type cell and any extra constraints."""

    kind: list[nodes.Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: list[type[BaseModel]] = field(default_factory=list)


def _xref(target: str, text: str, literal: bool = False) -> pending_xref:
    """A link to a label of this reference; an unknown label fails the ``-W`` build."""
    ref: pending_xref = pending_xref(
        "", refdomain="std", reftype="ref", reftarget=target, refexplicit=True, refwarn=True
    )
    ref += nodes.literal(text, text) if literal else nodes.inline(text, text)
    return ref


def record_target(record: type[BaseModel]) -> str:
    return f"format-{_kebab(record.__name__)}"


def shape(annotation: Any, constraints: dict[str, Any] | None = None) -> Shape:
    constraints = dict(constraints or {})
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return shape(args[0], {**_constraints(args[1:]), **constraints})
    if origin in (typing.Union, types.UnionType):
        options = [shape(a, constraints) for a in args if a is not type(None)]
        out = Shape()
        for i, option in enumerate(options):
            out.kind += [nodes.Text(" or ")] * bool(i) + option.kind
            out.notes += option.notes
            out.records += option.records
        return out
    if origin is Literal:
        out = Shape([nodes.Text("one of ")] if len(args) > 1 else [])
        for i, value in enumerate(args):
            out.kind += [nodes.Text(", ")] * bool(i) + [nodes.literal(str(value), str(value))]
        return out
    if origin is list:
        item = shape(args[0])
        notes = [f"each item: {n}" for n in item.notes]
        return Shape([nodes.Text("list of "), *item.kind], notes, item.records)
    if origin is dict:
        key, value = shape(args[0]), shape(args[1])
        kind = [nodes.Text("mapping of "), *key.kind, nodes.Text(" to "), *value.kind]
        return Shape(kind, key.notes + value.notes, key.records + value.records)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape([_xref(record_target(annotation), annotation.__name__)], [], [annotation])
    for value_type in value_types():
        if value_type.base is annotation and dict(value_type.constraints) == constraints:
            return Shape([_xref(value_type.target, value_type.label)])
    if annotation in _SCALARS:
        label = _SCALARS[annotation][0]
        target = next(v.target for v in value_types() if v.label == label)
        return Shape([_xref(target, label)], _phrases(constraints))
    raise TypeError(f"the format reference cannot describe {annotation!r}; teach docs/_ext about it")


def _inline(text: str) -> list[nodes.Node]:
    """``text`` with `backticked` parts as literals."""
    out: list[nodes.Node] = []
    for i, part in enumerate(_CODE.split(text)):
        if part:
            out.append(nodes.literal(part, part) if i % 2 else nodes.Text(part))
    return out


def _paragraph(*parts: str | nodes.Node | list[nodes.Node]) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para.extend(_inline(part) if isinstance(part, str) else part if isinstance(part, list) else [part])
    return para


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.get_default(call_default_factory=True)
    if value in (None, "", [], {}) or value is PydanticUndefined:
        return "optional"
    return f"optional, default `{value}`"


def _table(headers: list[str], widths: list[int], rows: Iterable[nodes.row]) -> nodes.table:
    table = nodes.table(classes=["briefing-format"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in headers))
    group += head
    body = nodes.tbody()
    body.extend(rows)
    group += body
    return table


def own_fields(record: type[BaseModel]) -> dict[str, FieldInfo]:
    """Fields ``record`` adds to what its base entry type already has."""
    if issubclass(record, model.EntryBase) and record is not model.EntryBase:
        return {k: v for k, v in record.model_fields.items() if k not in model.EntryBase.model_fields}
    return dict(record.model_fields)


def nested_records(records: Iterable[type[BaseModel]]) -> list[type[BaseModel]]:
    """Records reachable from the fields of ``records``, depth first, in field order."""
    roots, seen = list(records), []
    stack = [info.annotation for r in reversed(roots) for info in reversed(own_fields(r).values())]
    while stack:
        for found in shape(stack.pop()).records:
            if found not in seen and found not in roots:
                seen.append(found)
                stack.extend(info.annotation for info in reversed(found.model_fields.values()))
    return seen


def entry_types() -> tuple[type[model.EntryBase], ...]:
    union = get_args(model.Entry)[0]
    return get_args(union)


def entry_tag(record: type[model.EntryBase]) -> str:
    """The ``type:`` value of an entry type."""
    return str(get_args(record.model_fields["type"].annotation)[0])


FORMATS: dict[str, tuple[type[BaseModel], ...]] = {
    "entry": (model.EntryBase, *entry_types()),
    "note": (model.Note,),
    "briefing": (model.ArticleMeta,),
    "source": (model.RegisteredSource,),
}


def records_of(name: str) -> list[type[BaseModel]]:
    """Nested records documented by the ``name`` directive; shared ones go to ``records``."""
    reach = {fmt: nested_records(roots) for fmt, roots in FORMATS.items()}
    counts: dict[type[BaseModel], int] = {}
    for found in reach.values():
        for record in found:
            counts[record] = counts.get(record, 0) + 1
    if name == "records":
        return list(dict.fromkeys(r for found in reach.values() for r in found if counts[r] > 1))
    return [r for r in reach[name] if counts[r] == 1]


class FormatDirective(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        what = self.arguments[0]
        models = sorted(Path(model.__file__).parent.glob("*.py"))
        for source in (*models, __file__):  # re-read the page when any of them changes
            self.env.note_dependency(str(source))
        choices = [*FORMATS, "records", "values"]
        if what not in choices:
            raise self.error(f"unknown format {what!r}; use one of: {', '.join(choices)}")
        try:
            return self._build(what)
        except TypeError as exc:
            raise self.error(str(exc)) from exc

    def _build(self, what: str) -> list[nodes.Node]:
        if what == "values":
            return [self._values()]
        if what == "records":
            return [self._record_section(r) for r in records_of("records")]
        out: list[nodes.Node] = []
        if what == "entry":
            common = self._fields_table(model.EntryBase)
            out.append(self._section("format-entry-common", [nodes.Text("Fields of every entry")], [common]))
            out.extend(self._entry_type_section(record) for record in entry_types())
        else:
            (root,) = FORMATS[what]
            out.append(self._fields_table(root))
        out.extend(self._record_section(r) for r in records_of(what))
        return out

    def _entry_type_section(self, record: type[model.EntryBase]) -> nodes.section:
        tag = entry_tag(record)
        own = len(own_fields(record)) > 1  # more than `type`
        body: list[nodes.Node] = []
        if record.__doc__:
            body.append(_paragraph(" ".join(record.__doc__.split())))
        body.append(
            _paragraph(
                f"Entries with `type: {tag}` have the ",
                _xref("format-entry-common", "fields of every entry"),
                " and these:" if own else " and no others.",
            )
        )
        if own:
            body.append(self._fields_table(record))
        return self._section(f"format-{tag}", [nodes.literal(tag, tag)], body)

    def _label(self, node: nodes.Element, name: str) -> None:
        node["ids"].append(name)
        node["names"].append(name)
        self.state.document.note_explicit_target(node, node)

    def _section(self, name: str, title: list[nodes.Node], body: list[nodes.Node]) -> nodes.section:
        section = nodes.section()
        self._label(section, name)
        section += nodes.title("", "", *title)
        section.extend(body)
        return section

    def _record_section(self, record: type[BaseModel]) -> nodes.section:
        users = [
            (owner, name)
            for owners in FORMATS.values()
            for owner in (*owners, *nested_records(owners))
            for name, info in own_fields(owner).items()
            if record in shape(info.annotation).records
        ]
        used = [nodes.Text("Used in ")]
        for i, (owner, name) in enumerate(dict.fromkeys(users)):
            used += [nodes.Text(", ")] * bool(i) + [_xref(self._row_target(owner, name), name, literal=True)]
            used.append(nodes.Text(f" ({_OWNER_NAMES.get(owner, owner.__name__)})"))
        body: list[nodes.Node] = []
        if record.__doc__:
            body.append(_paragraph(" ".join(record.__doc__.split())))
        body.append(_paragraph([*used, nodes.Text(".")]))
        body.append(self._fields_table(record))
        return self._section(record_target(record), [nodes.Text(record.__name__)], body)

    @staticmethod
    def _row_target(owner: type[BaseModel], name: str) -> str:
        if issubclass(owner, model.EntryBase):
            common = owner is model.EntryBase or name in model.EntryBase.model_fields
            prefix = "entry" if common else entry_tag(owner)
        else:
            prefix = {model.Note: "note", model.ArticleMeta: "briefing"}.get(owner, _kebab(owner.__name__))
        return f"format-{prefix}-{name.replace('_', '-')}"

    def _fields_table(self, record: type[BaseModel]) -> nodes.table:
        rows = []
        for name, info in own_fields(record).items():
            found = shape(info.annotation, _constraints(info.metadata))
            notes = [info.description] if info.description else []
            notes += [n for n in found.notes if n not in notes]
            row = nodes.row()
            self._label(row, self._row_target(record, name))
            row += nodes.entry("", nodes.paragraph("", "", nodes.literal(name, name)))
            row += nodes.entry("", nodes.paragraph("", "", *found.kind))
            row += nodes.entry("", _paragraph(_default(info)))
            row += nodes.entry("", *(_paragraph(_sentence(n)) for n in notes))
            rows.append(row)
        return _table(["Field", "Type", "Required", "Description"], [16, 30, 14, 40], rows)

    def _values(self) -> nodes.table:
        used = set(used_targets())
        rows = []
        for value_type in (v for v in value_types() if v.target in used):
            row = nodes.row()
            self._label(row, value_type.target)
            row += nodes.entry("", nodes.paragraph(value_type.label, value_type.label))
            row += nodes.entry("", _paragraph(value_type.description))
            rows.append(row)
        return _table(["Value", "What to write"], [20, 80], rows)


def used_targets() -> Iterator[str]:
    """Labels the field tables link to."""
    for roots in FORMATS.values():
        for record in (*roots, *nested_records(roots)):
            for info in own_fields(record).values():
                found = shape(info.annotation, _constraints(info.metadata))
                for kind in found.kind:
                    if isinstance(kind, pending_xref):
                        yield kind["reftarget"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("briefing-format", FormatDirective)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
