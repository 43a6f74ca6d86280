"""Render the corpus into a Sphinx source folder: MyST pages from Jinja templates
plus one JSON data file per page for the extension's directives.

Contributor text reaches MyST only through the templates' escaping finalizer,
which backslash-escapes all punctuation, so it can never open a directive, a
role or front matter. Bodies are not MyST at all: they travel as data and the
extension parses them with the restricted Markdown parser. Files are written
only when their bytes change, so Sphinx re-reads only what an edit affects.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import contract, core
from .contract import Data, data_file
from .corpus import Corpus
from .dates import long_date
from .diagnostics import json_text
from .files import is_regular, read_regular, write_replacing
from .paths import templates_dir
from .records import briefing_data, cast_data, entry_data

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Verbatim(str):
    """Text already safe to place in MyST."""


def myst_escape(value: Any) -> str:
    if isinstance(value, _Verbatim | Markup):
        return str(value)
    if value is None:
        return ""
    return _PUNCT.sub(r"\\\1", " ".join(str(value).split()))


def _slug(value: str) -> _Verbatim:
    if not _SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")
    return _Verbatim(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "site"),
        autoescape=False,  # MyST, not HTML: escaping is the finalizer below
        finalize=myst_escape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["slug"] = _slug
    env.filters["long_date"] = long_date
    return env


def _dump(data: Any) -> str:
    """JSON of a core record, or of plain JSON-ready data."""
    ready = core.to_json(data) if dataclasses.is_dataclass(data) else data
    # one line: an indented dump takes the json module's pure-Python encoder, several
    # times slower, for files only the extension reads
    return json_text(ready, indent=None, sort_keys=True) + "\n"


NAV_BRIEFINGS = 10
"""Briefings named in the site navigation, newest first. The theme renders the
navigation on every page, so listing every briefing there would make each page
cost as much as the site is big; older briefings are reached from the home
page's list of all briefings."""


def site_files(corpus: Corpus, site_title: str) -> dict[str, str]:
    """Every file of the Sphinx source folder, by relative path."""
    env = _environment()
    briefings = sorted(corpus.briefings.values(), key=lambda b: (b.meta.published, b.id), reverse=True)
    files = {
        f"{contract.HOME_PAGE}.md": env.get_template("index.md.j2").render(
            site_title=site_title, briefings=[b.meta for b in briefings[:NAV_BRIEFINGS]]
        ),
        f"{contract.GLOSSARY}/{contract.HOME_PAGE}.md": env.get_template("glossary.md.j2").render(),
        f"{contract.TIMELINE}.md": env.get_template("timeline.md.j2").render(),
        f"{contract.SOURCES}.md": env.get_template("sources.md.j2").render(),
        f"{contract.TRACK_RECORD}.md": env.get_template("track-record.md.j2").render(),
    }
    for rank, briefing in enumerate(briefings):
        sides = cast_data(briefing, corpus)
        if sides:
            files[str(data_file(Data.CAST, briefing.id))] = _dump(sides)
        files[f"{contract.BRIEFINGS}/{briefing.id}.md"] = env.get_template("briefing.md.j2").render(
            meta=briefing.meta,
            has_key_judgments=bool(briefing.key_judgments),
            has_cast=bool(sides),
            in_navigation=rank < NAV_BRIEFINGS,
        )
        files[str(data_file(Data.BRIEFING, briefing.id))] = _dump(briefing_data(briefing, corpus))
    entry_template = env.get_template("entry.md.j2")
    for entry in corpus.entries.values():
        files[f"{contract.GLOSSARY}/{entry.id}.md"] = entry_template.render(entry=entry)
        files[str(data_file(Data.ENTRY, entry.id))] = _dump(entry_data(entry))
    return files


def write_tree(root: Path, files: dict[str, str]) -> list[str]:
    """Make ``root`` hold exactly ``files``; touch only files whose content changed.

    Returns the relative paths written or removed.
    """
    changed = []
    for rel, content in sorted(files.items()):
        path = root / rel
        data = content.encode("utf-8")
        if is_regular(path) and read_regular(path) == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        # generated, and compared by content on every build: a file a crash left short
        # is written again, so it needs no flush to disk (one per file took a third of a build)
        write_replacing(path, data, durable=False)
        changed.append(rel)
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(root).as_posix()
            if not path.is_dir() and rel not in files:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
