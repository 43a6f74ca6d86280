"""JSON Schemas of the annotation format, generated from the records in ``model``.

The committed copies in ``briefing/schemas/`` are what editors use (see the
``# yaml-language-server: $schema=`` line at the top of each YAML file); a test
fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .files import is_regular, read_regular_text, write_replacing
from .model import ArticleMeta, Entry, Note, RegisteredSource

SCHEMA_DIR = Path(__file__).parent / "schemas"
BASE_ID = "https://briefing.invalid/schemas/"

_MODELS: dict[str, tuple[str, Any]] = {
    "entry": ("Glossary entry", TypeAdapter(Entry)),
    "note": ("Analyst note", TypeAdapter(Note)),
    "briefing": ("Briefing metadata", TypeAdapter(ArticleMeta)),
    "source": ("Registered source", TypeAdapter(RegisteredSource)),
}


def schemas() -> dict[str, str]:
    """File name -> JSON text of each schema."""
    out = {}
    for name, (title, adapter) in _MODELS.items():
        schema = adapter.json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE_ID}{name}.schema.json",
            "title": title,
            **schema,
        }
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = folder / name
        if not is_regular(path) or read_regular_text(path) != text:
            write_replacing(path, text.encode("utf-8"))
            written.append(path)
    return written
