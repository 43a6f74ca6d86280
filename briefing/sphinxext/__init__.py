"""The ``briefing.sphinxext`` Sphinx extension: annotated articles and their glossary.

It reads the records ``briefing.core`` defines and imports nothing from the
layers above it (render, export, build, cli), so it can be used on any
generated source folder.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from .. import __version__, core
from ._config import setup_config
from ._directives import DIRECTIVES
from ._domain import setup_domain
from ._escape import setup_escape
from ._figures import setup_figures
from ._head import setup_head
from ._ids import setup_ids
from ._nodes import setup_nodes
from ._previews import setup_previews
from ._resolve import setup_resolve
from ._staleness import setup_staleness


def _add_static(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = Path(str(resources.files(__package__) / "static"))
    # a new list: Sphinx shares a setting's default list between applications, so
    # appending to it would carry this run's folders into the next build in the process
    app.config.html_static_path = [*app.config.html_static_path, str(static)]
    app.add_css_file("briefing.css")
    labels = {kind: label for kind, (label, _) in core.ENTRY_TYPES.items()}
    app.add_js_file(None, body=f"window.briefingTypes = {json.dumps(labels, sort_keys=True)};")
    for script in ("briefing.js", "briefing-notes.js", "briefing-glossary.js"):
        app.add_js_file(script, defer="defer")


def _cache_templates(app: Sphinx) -> None:
    """Keep the page templates compiled beside the doctrees. Each build is a new Sphinx
    application, which compiles the theme's forty-odd templates again before it writes a
    page: most of the time of a one-page rebuild in ``briefing serve``. Jinja checks
    each cached template against its source, so an edited template is compiled anew."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / ".templates"  # no page can take a hidden name
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def _add_templates(app: Sphinx, config: Any) -> None:
    """Theme components we override (sphinxext/templates/), found before the theme's own."""
    ours = str(Path(str(resources.files(__package__) / "templates")))
    config.templates_path = [ours, *config.templates_path]  # a new list, as in _add_static


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_design")  # cards, badges and dropdowns are its nodes (see _design)
    setup_config(app)
    setup_nodes(app)
    setup_domain(app)
    setup_staleness(app)
    for name, directive in DIRECTIVES.items():
        app.add_directive_to_domain("briefing", name, directive)
    setup_resolve(app)
    setup_escape(app)
    setup_head(app)
    setup_figures(app)
    setup_ids(app)
    setup_previews(app)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static)
    app.connect("builder-inited", _cache_templates)
    return {
        "version": __version__,
        "env_version": 8,  # 6: records by document, parts; 7: blocks carry offsets; 8: key judgments
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
