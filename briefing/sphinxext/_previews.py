"""Each web page carries the preview data of the entries its own mentions name, no more.

The data is an inline ``<script type="application/json">`` block written with
the page, so it works from file:// without a fetch and a page weighs the same
whatever the size of the corpus. ``briefing.js`` reads it; without scripts a
mention is a plain link. The JSON holds no ``<``, ``>`` or ``&`` at all, so no
contributor text can close the script element or be read as markup.
``_domain`` has the pages rewritten when an entry's preview changes.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import _nodes as bn
from ._domain import BriefingDomain

PREVIEWS_CLASS = "briefing-previews"
"""Class of the page's preview data block, as ``briefing.js`` finds it."""

_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def inert_json(data: Any) -> str:
    """Compact JSON safe inside a script element: ASCII, and no ``<``, ``>`` or ``&``."""
    return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")).translate(_INERT)


def page_previews(domain: BriefingDomain, doctree: nodes.document) -> dict[str, Any]:
    """Preview data of each entry a linked mention on the page names."""
    linked = {node["entry"] for node in doctree.findall(bn.briefing_mention) if "refuri" in node}
    return {i: domain.entries[i].preview_data(domain.entries) for i in sorted(linked) if i in domain.entries}


def _add_previews(
    app: Sphinx, _pagename: str, _templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if doctree is None or "body" not in context or app.builder.name == "briefingpdf":
        return
    domain: BriefingDomain = app.env.get_domain("briefing")  # type: ignore[assignment]
    previews = page_previews(domain, doctree)
    if previews:
        context["body"] += (
            f'<script type="application/json" class="{PREVIEWS_CLASS}">{inert_json(previews)}</script>\n'
        )


def setup_previews(app: Sphinx) -> None:
    app.connect("html-page-context", _add_previews)
