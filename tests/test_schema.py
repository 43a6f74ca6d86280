from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing.schema import SCHEMA_DIR, schemas

from .conftest import SCENARIOS, SEEDS


def test_committed_schemas_match_the_models() -> None:
    for name, text in schemas().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `briefing schema`"
        )


def _kind(path: Path) -> str:
    if path.name == "briefing.yaml":
        return "briefing"
    if path.parent.name == "sources":
        return "source"
    return "note" if path.parent.name == "notes" else "entry"


def _json_ready(value: object) -> object:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


SHIPPED = sorted([*SEEDS.rglob("*.yaml"), *SCENARIOS.rglob("*.yaml")])


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(p.parents[3])) for p in SHIPPED])
def test_every_shipped_yaml_file_validates_against_its_schema(path: Path) -> None:
    schema = json.loads((SCHEMA_DIR / f"{_kind(path)}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(_json_ready(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)


def test_seed_files_point_editors_at_the_schema() -> None:
    for path in SEEDS.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (SCHEMA_DIR / f"{_kind(path)}.schema.json").resolve(), path
