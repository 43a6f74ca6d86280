"""Sphinx configuration of the project's own documentation.

Build with ``python3 noxfile.py -s docs`` or
``sphinx-build -W -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent))  # document the checkout's models, not an installed copy

from briefing import __version__  # noqa: E402

project = "briefing"
author = "the briefing contributors"
copyright = "the briefing contributors"
release = version = __version__
language = "en"

extensions = ["myst_parser", "format_reference", "live_output"]  # live_output: command outputs are run
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"

myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "briefing"
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
}
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
