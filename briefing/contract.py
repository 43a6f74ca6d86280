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


# -- the names the generators make -------------------------------------------
# Contributors' ids name pages, files and labels beside these: an entry id names
# ``glossary/<id>`` and the PDF label ``appendix-<id>``, a briefing id
# ``briefings/<id>`` and ``pdf/<id>.pdf``, a note id the anchor ``note-<id>``.
# The generators spell their own names from here, and ``RESERVED_IDS`` keeps
# every one of them (and every name Sphinx writes beside them) from any id.

HOME_PAGE = "index"
"""The site's home page, and the page of each folder (``glossary/index``)."""
GLOSSARY = "glossary"
"""The folder of the entry pages, and the PDF's glossary appendix."""
BRIEFINGS = "briefings"
"""The folder of the briefing pages."""
TIMELINE = "timeline"
SOURCES = "sources"
TRACK_RECORD = "track-record"
"""The page, and the PDF appendix, of every key judgment and the desk's score."""
APPENDICES = (GLOSSARY, TIMELINE, SOURCES, TRACK_RECORD)
"""The PDF brief's appendices, labelled ``appendix-<name>`` like the glossary's entries."""
SPHINX_NAMES = (
    "genindex",
    "search",
    "searchindex",
    "objects",
    "py-modindex",
    "conf",
    "_static",
    "_sphinx_design_static",  # where sphinx-design 0.6.1, our lowest, writes its assets
    "_sources",
    "_images",
    "_downloads",
    "environment",
    "font-coverage",
)
"""What Sphinx, the theme and the build write beside our pages: the general index,
the search page and index, the inventory, ``conf.py``, asset folders, the doctree
environment and font coverage."""
RESERVED_IDS: frozenset[str] = frozenset(
    {
        HOME_PAGE,
        GLOSSARY,
        BRIEFINGS,
        TIMELINE,
        SOURCES,
        TRACK_RECORD,
        *APPENDICES,
        DATA_DIR,
        PDF_DIR,
        EXPORT_FILE.partition(".")[0],
        *SPHINX_NAMES,
    }
)
"""No entry, briefing or note may take one of these ids."""


PAGE_SUFFIX = ".html"
"""What a page's name ends with on the published site (Sphinx's HTML builder)."""


def entry_page(entry_id: str) -> str:
    """The site page of a glossary entry (a Sphinx document name)."""
    return f"{GLOSSARY}/{entry_id}"


def page_url(base: str, page: str) -> str:
    """The address of ``page`` on the site published at ``base`` (ending in ``/``)."""
    return f"{base}{page}{PAGE_SUFFIX}"


def appendix_label(name: str) -> str:
    """The PDF label of an appendix (``glossary``) or of an entry's glossary item (its id)."""
    return f"appendix-{name}"
