"""The PDF brief: a Sphinx builder that renders each briefing with WeasyPrint."""

from ._builder import BriefingPDFBuilder, setup_pdf

__all__ = ["BriefingPDFBuilder", "setup_pdf"]
