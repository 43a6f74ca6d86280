"""The contract between the layers that write a site's sources and those that read them.

``render`` writes the MyST pages and their JSON data, the Sphinx extension's
directives and figures read the data, the PDF builder attaches it, and ``build``
publishes the PDFs beside the pages: each takes the folder layout and file names
from here, so none spells them out again.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePosixPath

DATA_DIR = "_data"
"""Folder of the generated JSON data, relative to the Sphinx source folder."""
PDF_DIR = "pdf"
"""Folder of the PDF briefs, in the output folder and relative to the site root."""
EXPORT_FILE = "annotations.jsonld"
"""The W3C Web Annotation export, at the site root."""


class Data(StrEnum):
    """The kinds of data file, each a folder of ``<id>.json`` under :data:`DATA_DIR`."""

    BRIEFING = "briefings"
    """A briefing's article, mentions and notes (:class:`briefing.core.BriefingData`)."""
    ENTRY = "entries"
    """A glossary entry (:class:`briefing.core.EntryData`)."""
    CAST = "cast"
    """A briefing's who's who, as the sides of :func:`briefing.figures.cast_figure`."""


def data_file(kind: Data, ident: str, data_dir: str = DATA_DIR) -> PurePosixPath:
    """Where the data of ``ident`` lives, relative to the source folder."""
    return PurePosixPath(data_dir, kind.value, f"{ident}.json")


def pdf_file(briefing: str, pdf_dir: str = PDF_DIR) -> PurePosixPath:
    """Where a briefing's PDF is published, relative to the site root."""
    return PurePosixPath(pdf_dir, f"{briefing}.pdf")
