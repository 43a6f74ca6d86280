"""Escape the plain-text values themes put into HTML pages.

Sphinx hands templates the page title as HTML (``title``), but
``sphinx_book_theme`` adds the same title as plain text (``pagetitle``, from
``title.astext()``), the site title (``root_title``) and a description
(``page_description``), and writes them into the page unescaped. Titles come
from contributors, so each plain-text value is escaped here, where it enters
HTML; ``Markup`` keeps a template's own ``|e`` from escaping it twice.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx

PLAIN_TEXT = ("pagetitle", "root_title", "page_description")
"""Context values that hold text, not HTML."""


def _escape_plain_text(
    _app: Sphinx, _pagename: str, _templatename: str, context: dict[str, Any], _doctree: Any
) -> None:
    for name in PLAIN_TEXT:
        value = context.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[name] = escape(value)


def setup_escape(app: Sphinx) -> None:
    # after every theme handler (sphinx_book_theme's run at the default 500)
    app.connect("html-page-context", _escape_plain_text, priority=900)
