"""The PDF brief: a Sphinx builder that writes each briefing as Typst and compiles it."""

from ._builder import BriefingPDFBuilder, setup_pdf

__all__ = ["BriefingPDFBuilder", "setup_pdf"]
