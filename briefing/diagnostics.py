"""Located problems reported to contributors: ``path:line:col: error[code]: message``."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(enum.StrEnum):
    """Every problem ``briefing check`` can report; documented in docs/errors.md."""

    YAML_SYNTAX = "yaml-syntax"
    YAML_DUPLICATE_KEY = "yaml-duplicate-key"
    YAML_ALIAS = "yaml-alias"
    YAML_TAG = "yaml-tag"
    YAML_NOT_MAPPING = "yaml-not-mapping"
    FILE_TOO_LARGE = "file-too-large"
    FILE_ENCODING = "file-encoding"
    UNKNOWN_FIELD = "unknown-field"
    MISSING_FIELD = "missing-field"
    INVALID_VALUE = "invalid-value"
    ID_MISMATCH = "id-mismatch"
    DUPLICATE_ID = "duplicate-id"
    UNKNOWN_ENTRY = "unknown-entry"
    UNKNOWN_BRIEFING = "unknown-briefing"
    ARTICLE_MISSING = "article-missing"
    ARTICLE_CHANGED = "article-changed"
    LINE_ROLE = "line-role"
    QUOTE_NOT_FOUND = "quote-not-found"
    QUOTE_AMBIGUOUS = "quote-ambiguous"
    ANCHOR_MOVED = "anchor-moved"
    ANCHOR_FUZZY = "anchor-fuzzy"
    ANCHOR_ORPHANED = "anchor-orphaned"
    SPAN_OVERLAP = "span-overlap"
    MARKUP_FORBIDDEN = "markup-forbidden"
    LINK_SCHEME = "link-scheme"
    LIKELIHOOD_TERM = "likelihood-term"
    MIXED_VOCABULARY = "mixed-vocabulary"
    MISSING_SOURCE = "missing-source"
    SUMMARY_TOO_LONG = "summary-too-long"
    UNCOVERED_NAME = "uncovered-name"
    TODO_PLACEHOLDER = "todo-placeholder"
    JUDGMENT_FORM = "judgment-form"
    UNGRADED_SOURCE = "ungraded-source"
    SOURCE_WITHOUT_URL = "source-without-url"
    REPEATED_TEXT = "repeated-text"


@dataclass(frozen=True, order=True)
class Location:
    path: Path
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    code: Code
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        head = f"{self.location}: {self.severity}[{self.code}]: {self.message}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head

    def format_github(self) -> str:
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        loc = self.location
        props = f"file={loc.path},line={loc.line},col={loc.col},title={self.code}"
        text = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{self.severity} {props}::{esc(text)}"

    def as_json(self) -> dict[str, object]:
        loc = self.location
        return {
            "path": str(loc.path),
            "line": loc.line,
            "col": loc.col,
            "severity": str(self.severity),
            "code": str(self.code),
            "message": self.message,
            "hint": self.hint,
        }


def render(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    items = sorted(diagnostics, key=lambda d: (d.location, d.code))
    if fmt == "json":
        return json.dumps([d.as_json() for d in items], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format() for d in items)


class BriefingError(Exception):
    """Input problems that stop a command; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(render(self.diagnostics))
