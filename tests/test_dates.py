"""Dates: any day ``check`` accepts builds, and anything else written as a date is a located error."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, get_args, get_origin

import pytest
from pydantic import BaseModel, BeforeValidator

from briefing import model
from briefing.build import build
from briefing.checks import check_project
from briefing.cli import main
from briefing.model._fields import iso_day


def _set(path: Path, key: str, value: str) -> None:
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", path.read_text(encoding="utf-8")))


def test_the_first_and_last_days_a_date_holds_build(scenario: Callable[[str], Path], tmp_path: Path) -> None:
    seeds = scenario("two-briefings")
    _set(seeds / "glossary/geneva-talks.yaml", "start", "0001-01-01")
    _set(seeds / "glossary/geneva-talks.yaml", "end", "9999-12-31")
    _set(seeds / "briefings/alpha/briefing.yaml", "published", "0001-01-01")
    _set(seeds / "briefings/beta/briefing.yaml", "published", "9999-12-31")
    _set(seeds / "briefings/beta/notes/question-truce.yaml", "date", "9999-12-31")  # not before its article
    assert check_project(seeds).ok
    result = build(seeds, tmp_path / "out")
    assert len(result.pdfs) == 2
    timeline = (tmp_path / "out/html/timeline.html").read_text(encoding="utf-8")
    assert "1 January 1 – 31 December 9999" in timeline
    assert ">9000</text>" in timeline


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    ("file", "key", "value", "column"),
    [
        ("glossary/geneva-talks.yaml", "start", "1749513600", 8),
        ("glossary/geneva-talks.yaml", "end", "'1749340800'", 6),
        ("briefings/beta/briefing.yaml", "published", "0", 12),
        ("briefings/beta/notes/question-truce.yaml", "date", "2025-06-09T10:00:00Z", 7),
    ],
)
def test_a_number_or_a_time_as_a_date_is_a_located_error(
    scenario: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    file: str,
    key: str,
    value: str,
    column: int,
) -> None:
    seeds = scenario("two-briefings")
    _set(seeds / file, key, value)
    line = 1 + (seeds / file).read_text().splitlines().index(f"{key}: {value}")
    args = ["--seeds", str(seeds)] + (
        ["--out", str(tmp_path / "out"), "--no-pdf"] if command == "build" else []
    )
    assert main([command, *args]) == 1
    captured = capsys.readouterr()
    shown = value.strip("'").replace("T", " ").replace("Z", "+00:00")
    assert (
        f"{file}:{line}:{column}: error[invalid-value]: `{key}`: `{shown}` is not a day written YYYY-MM-DD"
        in (captured.out + captured.err)
    )
    assert not (tmp_path / "out/html").exists()


def _dates(record: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[tuple[str, bool]]:
    """Each date field reachable from ``record`` (nested records too) and whether it is
    read through the strict ISO-day validator."""
    if record in seen:
        return
    seen.add(record)
    for name, info in record.model_fields.items():
        # pydantic keeps a field's own ``Annotated`` extras in ``metadata``
        stack: list[tuple[object, tuple[object, ...]]] = [(info.annotation, tuple(info.metadata))]
        while stack:
            annotation, extras = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                yield from _dates(annotation, seen)
            elif annotation is dt.date:
                strict = any(isinstance(e, BeforeValidator) and e.func is iso_day for e in extras)
                yield f"{record.__name__}.{name}", strict
            elif get_origin(annotation) is Annotated:
                inner, *more = get_args(annotation)
                stack.append((inner, (*extras, *more)))
            else:
                stack.extend((arg, ()) for arg in get_args(annotation))


def test_every_date_field_of_every_record_reads_only_iso_days() -> None:
    records = [model.Note, model.ArticleMeta, *get_args(get_args(model.Entry)[0])]
    seen: set[type[BaseModel]] = set()
    found = dict(itertools.chain.from_iterable(_dates(record, seen) for record in records))
    assert set(found) >= {"Note.date", "ArticleMeta.published", "Event.start", "Event.end", "Source.date"}
    assert set(found) >= {"ExportControl.since", "Document.issued", "Statistic.as_of"}
    assert all(found.values()), (
        f"dates not read as YYYY-MM-DD: {sorted(k for k, v in found.items() if not v)}"
    )
