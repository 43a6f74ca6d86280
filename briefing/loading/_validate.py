"""One YAML file read and validated against its model, every field error located in the file."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import contract
from ..cache import Cache
from ..diagnostics import Code, Diagnostic, Location
from ..files import digest, read_regular
from ..model import ENTRY_TYPES, ArticleMeta, Entry, Note, RegisteredSource
from ._records import display_path
from ._yaml import LocatedYaml, PathKey, load_yaml

_RESERVED_HINT = "choose another id; reserved: " + ", ".join(
    sorted(i for i in contract.RESERVED_IDS if i[0].isalnum())
)


_ENTRY = TypeAdapter(Entry)


_NOTE = TypeAdapter(Note)


_META = TypeAdapter(ArticleMeta)


_SOURCE = TypeAdapter(RegisteredSource)


_ENTRY_MODELS: dict[str, Any] = {
    cls.model_fields["type"].annotation.__args__[0]: cls
    for cls in Entry.__args__[0].__args__  # type: ignore[attr-defined]
}


def _all_field_names(model: Any) -> set[str]:
    names: set[str] = set()
    stack = [model]
    seen: set[Any] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, info in current.model_fields.items():
                names.add(name)
                stack.append(info.annotation)
        for arg in getattr(current, "__args__", ()):
            stack.append(arg)
    return names


_FIELDS = (
    _all_field_names(Note)
    | _all_field_names(ArticleMeta)
    | {
        name
        for cls in Entry.__args__[0].__args__
        for name in _all_field_names(cls)  # type: ignore[attr-defined]
    }
)


def _diagnose(exc: ValidationError, doc: LocatedYaml, strip_tag: bool) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        record = exc.title
        if strip_tag and loc and loc[0] in ENTRY_TYPES:
            record, loc = _ENTRY_MODELS[loc[0]].__name__, loc[1:]
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            close = difflib.get_close_matches(name, sorted(_FIELDS), n=1)
            hint = f"did you mean `{close[0]}`?" if close else "remove it; see the format reference"
            out.append(
                Diagnostic(doc.locate(loc, key=True), Code.UNKNOWN_FIELD, f"unknown field `{name}`", hint)
            )
        elif kind == "missing":
            where, place = _where_missing(doc, loc, _field_order(record, loc))
            out.append(
                Diagnostic(
                    where, Code.MISSING_FIELD, f"missing field `{loc[-1]}`", f"add `{loc[-1]}: ...` {place}"
                )
            )
        elif kind == "note_rule":
            ctx = err["ctx"]
            field_loc = (*loc, ctx["field"])
            if ctx["missing"]:
                where, place = _where_missing(doc, field_loc, list(Note.model_fields))
                out.append(Diagnostic(where, Code.MISSING_FIELD, err["msg"], f"{ctx['hint']} {place}"))
            else:
                out.append(
                    Diagnostic(doc.locate(field_loc, key=True), Code.INVALID_VALUE, err["msg"], ctx["hint"])
                )
        elif kind == "reserved_id":
            out.append(Diagnostic(doc.locate(loc), Code.RESERVED_ID, err["msg"], _RESERVED_HINT))
        elif kind in ("literal_error", "enum"):
            out.append(_not_allowed(doc, loc, err))
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            out.append(
                Diagnostic(
                    doc.locate(("type",)),
                    Code.INVALID_VALUE,
                    "`type` is missing or unknown",
                    f"use one of: {', '.join(ENTRY_TYPES)}",
                )
            )
        else:
            message = err["msg"].removeprefix("Value error, ")
            field = ".".join(str(p) for p in loc)
            out.append(
                Diagnostic(
                    doc.locate(loc),
                    Code.INVALID_VALUE,
                    f"`{field}`: {message}" if field else message,
                    _hint_for(err),
                )
            )
    return out


def _field_order(record: str, loc: tuple[Any, ...]) -> list[str]:
    """The fields of a top-level record, in the order the format reference lists them."""
    models = {model.__name__: model for model in (Note, ArticleMeta, *_ENTRY_MODELS.values())}
    if len(loc) != 1 or record not in models:
        return []
    fields = [name for name in models[record].model_fields if name != "type"]
    # an entry's `type` is declared by its subclass, but written second, after `id`
    return [*fields[:1], "type", *fields[1:]] if "type" in models[record].model_fields else fields


def _where_missing(doc: LocatedYaml, loc: tuple[Any, ...], order: list[str]) -> tuple[Location, str]:
    """Where the missing key ``loc[-1]`` belongs, and those words for a hint: on the line
    of the key it should come before (in the record's field order), else just below the
    keys of its mapping."""
    parent, name = tuple(loc[:-1]), loc[-1]
    present = [key[-1] for key in doc.keys if key[:-1] == parent]
    if name in order:
        after = order[order.index(name) + 1 :]
        following = [key for key in present if key in after]
        if following:
            before = min(following, key=after.index)
            return doc.locate((*parent, before), key=True), f"above `{before}`"
    if present and parent in doc.ends:
        return Location(
            doc.path, doc.ends[parent], doc.keys[(*parent, present[0])][1]
        ), f"below `{present[-1]}`"
    return doc.locate(parent), "here"


def _not_allowed(doc: LocatedYaml, loc: tuple[Any, ...], err: Any) -> Diagnostic:
    """A value outside a fixed list: name the list and the closest choice."""
    field = ".".join(str(p) for p in loc)
    allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
    value = err.get("input")
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5) if allowed else []
    hint: str | None
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif allowed:
        hint = f"use one of: {', '.join(allowed)}"
    else:
        hint = _hint_for(err)
    shown = f"`{value}`" if isinstance(value, str | int | float) else "this value"
    return Diagnostic(
        doc.locate(loc),
        Code.INVALID_VALUE,
        f"`{field}`: {shown} is not one of {', '.join(allowed)}" if allowed else f"`{field}`: {err['msg']}",
        hint,
    )


def _hint_for(err: Any) -> str | None:
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return None if str(ctx["expected"]) in err["msg"] else f"expected {ctx['expected']}"
    if "pattern" in ctx:
        return f"the value must match `{ctx['pattern']}`"
    if err["type"] == "date_form":
        return "write the day as YYYY-MM-DD, e.g. 2025-06-10 (a number or a time of day is not a day)"
    if err["type"].startswith("date"):
        return "write dates as YYYY-MM-DD"
    if err["type"].startswith("url"):
        return "write a full http:// or https:// address"
    return None


def _load(
    path: Path, model: Any, problems: list[Diagnostic], cache: Cache | None, strip_tag: bool = False
) -> tuple[LocatedYaml | None, Any, str | None]:
    """Read ``path`` and validate it against ``model``; problems go to ``problems``.

    Returns the located YAML (None if unreadable), the record (None if
    invalid) and, when it loaded without a problem, the digest of its bytes.

    With a cache, a file whose bytes loaded cleanly before is not parsed
    again: its record is validated from the cached JSON, and its positions
    are parsed only if a diagnostic asks for one. Files with problems are
    never cached, so their diagnostics are always computed afresh.
    """
    shown = display_path(path)
    raw = read_regular(path)
    if cache is None:
        doc, record = _validate(path, shown, raw, model, problems, strip_tag)
        return doc, record, None
    kind, of = _kind(model), digest(raw)

    def found(loc: PathKey, key: bool, position: tuple[int, int]) -> None:
        cache.add(kind, of, "at", [list(loc), key, *position])

    hit = cache.get(kind, of)
    if hit is not None:
        try:
            record = model.validate_json(hit["record"])
            todos = tuple((int(line), int(col), str(text)) for line, col, text in hit["todos"])
            known = {
                (tuple(loc), bool(key)): (int(line), int(col)) for loc, key, line, col in hit.get("at", [])
            }
            return LocatedYaml.deferred(shown, raw.decode("utf-8"), todos, known, found), record, of
        except (ValidationError, ValueError, TypeError, KeyError):
            pass  # not what this program writes: load the file itself
    problems_here: list[Diagnostic] = []
    doc, record = _validate(path, shown, raw, model, problems_here, strip_tag)
    problems.extend(problems_here)
    if doc is None or record is None or problems_here:
        return doc, record, None
    dumped = model.dump_json(record, exclude_unset=True).decode()
    cache.put(kind, of, {"record": dumped, "todos": [list(t) for t in doc.todos], "at": []})
    return replace(doc, found=found), record, of


def _kind(model: Any) -> str:
    return (
        "entry" if model is _ENTRY else "note" if model is _NOTE else "source" if model is _SOURCE else "meta"
    )


def _validate(
    path: Path, shown: Path, raw: bytes, model: Any, problems: list[Diagnostic], strip_tag: bool
) -> tuple[LocatedYaml | None, Any]:
    doc, errs = load_yaml(path, shown, raw)
    problems.extend(errs)
    if doc is None:
        return None, None
    try:
        return doc, model.validate_python(doc.data)
    except ValidationError as exc:
        problems.extend(_diagnose(exc, doc, strip_tag))
        return doc, None
