"""The extension's configuration: ``briefing_*`` values, validated on ``config-inited``."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .. import core


@dataclass(frozen=True)
class BriefingConfig:
    data_dir: str = core.DATA_DIR
    """Folder, relative to the source folder, holding the generated JSON data."""
    pdf_dir: str = core.PDF_DIR
    """Folder, relative to the site root, where each briefing's PDF is published."""
    paper: str = "a4"
    """Page size of the PDF brief: ``a4`` or ``letter``."""


PAPER_SIZES = ("a4", "letter")
_OUTPUT_ONLY = {"paper"}  # changing these re-reads nothing
_RELATIVE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


def _validate(app: Sphinx, config: Config) -> None:
    for name in ("data_dir", "pdf_dir"):
        value = config[f"briefing_{name}"]
        if not isinstance(value, str) or not _RELATIVE.match(value) or ".." in value:
            raise ConfigError(f"briefing_{name} must be a relative folder name, not {value!r}")
    if config.briefing_paper not in PAPER_SIZES:
        raise ConfigError(
            f"briefing_paper must be one of {', '.join(PAPER_SIZES)}, not {config.briefing_paper!r}"
        )


def setup_config(app: Sphinx) -> None:
    for field in fields(BriefingConfig):
        app.add_config_value(
            f"briefing_{field.name}",
            field.default,
            "" if field.name in _OUTPUT_ONLY else "env",
            types=(int, float) if isinstance(field.default, float) else (str,),
        )
    app.connect("config-inited", _validate)
