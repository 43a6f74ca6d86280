"""The PDF brief: a Sphinx extension whose builder writes each briefing as Typst and compiles it.

The builder is imported on first use, so that the processes that compile the
briefs, which only need :mod:`briefing.pdf._typst`, start without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

    from ._builder import BriefingPDFBuilder, setup_pdf

__all__ = ["BriefingPDFBuilder", "setup", "setup_pdf"]


def setup(app: Sphinx) -> ExtensionMetadata:
    from .. import __version__
    from ._builder import setup_pdf

    app.setup_extension("briefing.sphinxext")
    setup_pdf(app)
    return {
        "version": __version__,
        "env_version": 1,  # it keeps nothing in the environment of its own
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def __getattr__(name: str) -> Any:
    if name in ("BriefingPDFBuilder", "setup_pdf"):
        from . import _builder

        return getattr(_builder, name)
    raise AttributeError(name)
