"""The PDF brief: a Sphinx builder that renders each briefing with WeasyPrint."""

from typing import Any

from sphinx.application import Sphinx

from .. import __version__
from ._builder import BriefingPDFBuilder, setup_pdf

__all__ = ["BriefingPDFBuilder", "setup", "setup_pdf"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("briefing.sphinxext")
    setup_pdf(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
