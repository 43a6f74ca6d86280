"""The Nu Html Checker (npm ``vnu-jar``) finds no errors in any built page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import java, node_tool


def _theme_own(message: dict[str, object]) -> bool:
    """pydata-sphinx-theme's search box sets ``autocorrect``, which this checker does not know yet."""
    return message.get(
        "message"
    ) == "Attribute “autocorrect” not allowed on element “input” at this point." and (
        'name="q"' in str(message.get("extract", ""))
    )


def test_every_page_is_valid_html(site_html: Path) -> None:
    # _static/ holds the themes' Jinja macro files, which are not pages.
    pages = sorted(
        str(p) for p in site_html.rglob("*.html") if "_static" not in p.relative_to(site_html).parts
    )
    assert len(pages) > 50
    vnu = node_tool("vnu-jar", "build", "dist", "vnu.jar")
    run = subprocess.run(
        [java(), "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" and not _theme_own(m)]
    report = "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors[:30])
    assert errors == [], report
