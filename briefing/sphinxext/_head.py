"""One viewport declaration per page.

Sphinx's base layout writes ``<meta name="viewport">`` itself, and docutils'
HTML writer adds its own to the page's meta tags; a second declaration is at
best ignored and at worst overrides the first. The writer's copy is dropped.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def _one_viewport(
    _app: Sphinx, _pagename: str, _templatename: str, context: dict[str, Any], _doctree: Any
) -> None:
    tags = context.get("metatags")
    if isinstance(tags, str):
        context["metatags"] = (
            Markup(_VIEWPORT.sub("", tags)) if isinstance(tags, Markup) else _VIEWPORT.sub("", tags)
        )


def setup_head(app: Sphinx) -> None:
    app.connect("html-page-context", _one_viewport)
