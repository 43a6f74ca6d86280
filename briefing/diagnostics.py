"""Located problems reported to contributors: ``path:line:col: error[code]: message``."""

from __future__ import annotations

import enum
import json
import re
import unicodedata
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
    FOLDER_MISMATCH = "folder-mismatch"
    DUPLICATE_ID = "duplicate-id"
    RESERVED_ID = "reserved-id"
    UNKNOWN_ENTRY = "unknown-entry"
    UNKNOWN_BRIEFING = "unknown-briefing"
    ARTICLE_MISSING = "article-missing"
    SEEDS_MISSING = "seeds-missing"
    ARTICLE_CHANGED = "article-changed"
    LINE_ROLE = "line-role"
    QUOTE_NOT_FOUND = "quote-not-found"
    QUOTE_AMBIGUOUS = "quote-ambiguous"
    ANCHOR_MOVED = "anchor-moved"
    ANCHOR_FUZZY = "anchor-fuzzy"
    ANCHOR_ORPHANED = "anchor-orphaned"
    LOCK_STALE = "lock-stale"
    SPAN_OVERLAP = "span-overlap"
    MARKUP_FORBIDDEN = "markup-forbidden"
    LINK_SCHEME = "link-scheme"
    LIKELIHOOD_TERM = "likelihood-term"
    MIXED_VOCABULARY = "mixed-vocabulary"
    MISSING_SOURCE = "missing-source"
    SUMMARY_TOO_LONG = "summary-too-long"
    UNCOVERED_NAME = "uncovered-name"
    UNANNOTATED_ABSENT = "unannotated-absent"
    TODO_PLACEHOLDER = "todo-placeholder"
    SYMLINK = "symlink"
    SPECIAL_FILE = "special-file"
    CONTROL_CHARACTER = "control-character"
    INVISIBLE_CHARACTER = "invisible-character"
    COMBINING_MARKS = "combining-marks"
    PDF_FAILED = "pdf-failed"
    IGNORED_FILE = "ignored-file"
    TOO_MANY_ANNOTATIONS = "too-many-annotations"
    LOCK_INVALID = "lock-invalid"
    JUDGMENT_FORM = "judgment-form"
    UNGRADED_SOURCE = "ungraded-source"
    SOURCE_WITHOUT_URL = "source-without-url"
    REPEATED_TEXT = "repeated-text"
    UNKNOWN_SOURCE = "unknown-source"
    NOTE_BEFORE_ARTICLE = "note-before-article"
    SOURCE_AFTER_NOTE = "source-after-note"
    INDICATOR_WINDOW = "indicator-window"
    JUDGMENT_UNSCORED = "judgment-unscored"
    JUDGMENT_HORIZON = "judgment-horizon"
    OUTCOME_BEFORE_JUDGMENT = "outcome-before-judgment"
    GRADE_CONFLICT = "grade-conflict"
    SOURCE_DISCREDITED = "source-discredited"


_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    "\ufffe\uffff\ud800-\udfff]"
)
"""Characters never echoed as they are: C0/C1 controls (terminal escape sequences,
line breaks that would forge a diagnostic line), bidi controls and zero-width
characters (Trojan Source), noncharacters and lone surrogates."""


def printable(text: str) -> str:
    """``text`` with every control or invisible character written as a visible escape."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def printable_lines(text: str) -> str:
    """Like :func:`printable`, keeping the line feeds of a multi-line message.

    Only ``\n`` separates lines: a carriage return, NEL or U+2028 inside a name is
    escaped like any other control, so it cannot start a line of its own.
    """
    return "\n".join(printable(line) for line in text.split("\n"))


def json_text(data: object, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """``data`` as JSON whose text holds no character :func:`printable` would escape.

    ``json.dumps`` escapes C0 controls but writes C1 controls (a one-byte CSI),
    bidi controls, line separators and lone surrogates raw; here they become
    ``\\uXXXX`` escapes, which JSON readers decode to the same strings.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) == "\n" else _json_escape(m.group(0)), text)


def _json_escape(char: str) -> str:
    """``\\uXXXX``, as a surrogate pair beyond the Basic Multilingual Plane (JSON has no longer escape)."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def character_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``: how messages name an odd character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


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
        """The text form; contributor text in it can neither add lines nor reach the terminal raw."""
        head = printable(f"{self.location}: {self.severity}[{self.code}]: {self.message}")
        return f"{head}\n  hint: {printable(self.hint)}" if self.hint else head

    def format_github(self) -> str:
        """A GitHub Actions workflow command, escaped as the Actions toolkit escapes them."""

        def data(text: str) -> str:
            return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

        def prop(text: str) -> str:
            return data(text).replace(":", "%3A").replace(",", "%2C")

        loc = self.location
        props = f"file={prop(str(loc.path))},line={loc.line},col={loc.col},title={prop(self.code)}"
        text = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{self.severity} {props}::{data(text)}"

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
        return json_text([d.as_json() for d in items])
    if fmt == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format() for d in items)


class BriefingError(Exception):
    """Input problems that stop a command; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(render(self.diagnostics))
