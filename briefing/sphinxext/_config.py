"""The extension's configuration: ``briefing_*`` values, validated on ``config-inited``."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


@dataclass(frozen=True)
class BriefingConfig:
    data_dir: str = "_data"
    """Folder, relative to the source folder, holding the generated JSON data."""
    pdf_dir: str = "pdf"
    """Folder, relative to the site root, where each briefing's PDF is published."""


_RELATIVE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


def _validate(app: Sphinx, config: Config) -> None:
    for field in fields(BriefingConfig):
        value = config[f"briefing_{field.name}"]
        if not isinstance(value, str) or not _RELATIVE.match(value) or ".." in value:
            raise ConfigError(f"briefing_{field.name} must be a relative folder name, not {value!r}")


def setup_config(app: Sphinx) -> None:
    for field in fields(BriefingConfig):
        app.add_config_value(f"briefing_{field.name}", field.default, "env", types=(str,))
    app.connect("config-inited", _validate)
