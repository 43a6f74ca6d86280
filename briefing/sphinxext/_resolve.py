"""Fill in what needs every document read: back-links and listings (see ``_listings``),
and links to the files published beside the pages."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from . import _nodes as bn
from ._config import publishes_pdf
from ._listings import Listings


class ResolveBriefingNodes(SphinxPostTransform):
    """Replace each placeholder with its listing (before Sphinx resolves references)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        listings = Listings(self.env.get_domain("briefing"))  # type: ignore[arg-type]
        for node in list(self.document.findall(bn.briefing_placeholder)):
            node.replace_self(listings.build(node["what"], node["target"]))


def _site_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Links to files published beside the pages, relative to this page's URI."""
    for node in list(doctree.findall(bn.briefing_site_file)):
        published = not node.get("pdf_of") or publishes_pdf(app.config, node["pdf_of"])
        if app.builder.format == "html" and published:
            uri = relative_uri(app.builder.get_target_uri(docname), node["path"])
            node.replace_self(nodes.reference("", "", *node.children, refuri=uri))
        elif isinstance(node.parent, nodes.inline) and len(node.parent) == 2:
            node.parent.parent.remove(node.parent)  # " · link": nothing to show
        else:
            node.replace_self(node.children)


def setup_resolve(app: Sphinx) -> None:
    app.add_post_transform(ResolveBriefingNodes)
    app.connect("doctree-resolved", _site_files)
