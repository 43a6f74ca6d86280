"""The PDF brief: a Sphinx builder that writes each briefing as Typst and compiles it.

The builder is imported on first use, so that the worker processes of
``build -j N``, which only need :mod:`briefing.pdf._typst`, start without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._builder import BriefingPDFBuilder, setup_pdf

__all__ = ["BriefingPDFBuilder", "setup_pdf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import _builder

        return getattr(_builder, name)
    raise AttributeError(name)
