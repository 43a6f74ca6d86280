"""The extension's configuration: ``briefing_*`` values, validated on ``config-inited``."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..contract import DATA_DIR, PDF_DIR
from ..iri import check_base_iri


@dataclass(frozen=True)
class BriefingConfig:
    data_dir: str = DATA_DIR
    """Folder, relative to the source folder, holding the generated JSON data."""
    pdf_dir: str = PDF_DIR
    """Folder, relative to the site root, where each briefing's PDF is published."""
    pdfs: list[str] | None = None
    """Ids of the briefings whose PDF is published (their pages link it); None: every one."""
    paper: str = "a4"
    """Page size of the PDF brief: ``a4`` or ``letter``."""


PAPER_SIZES = ("a4", "letter")
_REBUILD: dict[str, Literal["", "html"]] = {"paper": "", "pdfs": "html"}  # these re-read nothing
_RELATIVE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


def _validate(app: Sphinx, config: Config) -> None:
    for name in ("data_dir", "pdf_dir"):
        value = config[f"briefing_{name}"]
        if not isinstance(value, str) or not _RELATIVE.match(value) or ".." in value:
            raise ConfigError(f"briefing_{name} must be a relative folder name, not {value!r}")
    pdfs = config.briefing_pdfs
    if pdfs is not None and not (isinstance(pdfs, list | tuple) and all(isinstance(p, str) for p in pdfs)):
        raise ConfigError(f"briefing_pdfs must be a list of briefing ids or None, not {pdfs!r}")
    if config.html_baseurl:
        try:
            check_base_iri(config.html_baseurl)
        except ValueError as exc:  # it ends up in every PDF's links
            raise ConfigError(f"html_baseurl must be an absolute http(s) address: {exc}") from None
    if config.briefing_paper not in PAPER_SIZES:
        raise ConfigError(
            f"briefing_paper must be one of {', '.join(PAPER_SIZES)}, not {config.briefing_paper!r}"
        )


def site_url(config: Config) -> str:
    """Where the site is published (``html_baseurl``, ending in ``/``), or "" when unknown."""
    return check_base_iri(config.html_baseurl) if config.html_baseurl else ""


def publishes_pdf(config: Config, briefing: str) -> bool:
    return config.briefing_pdfs is None or briefing in config.briefing_pdfs


def setup_config(app: Sphinx) -> None:
    for field in fields(BriefingConfig):
        app.add_config_value(
            f"briefing_{field.name}",
            field.default,
            _REBUILD.get(field.name, "env"),
            types=(list, tuple, type(None)) if field.default is None else (str,),
        )
    app.connect("config-inited", _validate)
