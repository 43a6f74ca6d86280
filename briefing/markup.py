"""The restricted Markdown contributors may write in bodies.

Allowed: paragraphs, *emphasis*, **strong**, `inline code`, links with
http/https/mailto targets, bullet and numbered lists, line breaks. Everything
else (raw HTML, images, headings, code blocks, MyST directives and roles,
Jinja syntax) is reported by :func:`problems` and never rendered: the Sphinx
extension turns the same token stream into docutils nodes itself, so body
text never becomes MyST, HTML or template source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
_ALLOWED_BLOCKS = {
    "paragraph_open", "paragraph_close", "inline",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close",
}  # fmt: skip
_ALLOWED_INLINE = {
    "text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close",
    "code_inline", "link_open", "link_close",
}  # fmt: skip
_NAMES = {
    "html_block": "raw HTML", "html_inline": "raw HTML", "image": "images",
    "fence": "code blocks", "code_block": "indented code blocks", "heading_open": "headings",
    "blockquote_open": "block quotes", "hr": "horizontal rules", "table_open": "tables",
}  # fmt: skip
_TEXT_PATTERNS = (
    (re.compile(r"\{\{|\{%|\{#"), "template syntax (`{{`, `{%`, `{#`)"),
    (re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{", re.M), "MyST directives"),
    (re.compile(r"\{[A-Za-z][\w:.+-]*\}`"), "MyST roles"),
    (re.compile(r"^\s*\.\. \w[\w:-]*::", re.M), "reStructuredText directives"),
)
_LINK_TARGET = re.compile(r"\]\(\s*<?([A-Za-z][\w+.-]*):")
MAX_NESTING = 16
"""The deepest nesting of emphasis, links and lists a body may use; deeper
trees exhaust the recursion of every tool that walks them."""


@dataclass(frozen=True)
class MarkupProblem:
    line: int
    """Line within the body, from 1."""
    message: str
    hint: str
    link: bool = False


@cache
def _full_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


@cache
def restricted_parser() -> MarkdownIt:
    """The only parser whose output is ever rendered."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    return md.enable(["emphasis", "link", "list", "backticks", "newline", "escape", "autolink"])


def link_allowed(href: str) -> bool:
    return urlsplit(href.strip()).scheme.lower() in ALLOWED_SCHEMES


def _walk(tokens: list[Token], line: int = 1) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        at = token.map[0] + 1 if token.map else line
        yield token, at
        if token.children:
            yield from _walk(token.children, at)


def _too_deep(tokens: list[Token]) -> int | None:
    """The line where nesting first goes deeper than :data:`MAX_NESTING`, if it does."""
    depth = 0
    for token, line in _walk(tokens):
        depth += token.nesting
        if depth > MAX_NESTING:
            return line
    return None


def problems(text: str) -> list[MarkupProblem]:
    try:
        tokens = _full_parser().parse(text)
        deep = _too_deep(tokens)
    except RecursionError:
        tokens, deep = [], 1
    if deep is not None:
        return [
            MarkupProblem(
                deep,
                f"emphasis, links and lists are nested more than {MAX_NESTING} levels deep",
                "write it flatter; unmatched `*`, `_` or `[` may open nested emphasis or links",
            )
        ]
    found: list[MarkupProblem] = []
    for pattern, what in _TEXT_PATTERNS:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(
                MarkupProblem(
                    line,
                    f"annotation text may not contain {what}",
                    "write plain text; quote code with single backticks",
                )
            )
    for match in _LINK_TARGET.finditer(text):
        if match.group(1).lower() not in ALLOWED_SCHEMES:
            line = text.count("\n", 0, match.start()) + 1
            found.append(
                MarkupProblem(
                    line,
                    f"link scheme `{match.group(1)}:` is not allowed",
                    "links must start with http://, https:// or mailto:",
                    link=True,
                )
            )
    for token, line in _walk(tokens):
        kind = token.type
        if kind in _NAMES:
            found.append(
                MarkupProblem(
                    line,
                    f"annotation text may not contain {_NAMES[kind]}",
                    "use only emphasis, links, lists, inline code and line breaks",
                )
            )
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            if not link_allowed(href):
                found.append(
                    MarkupProblem(
                        line,
                        f"link target `{href}` is not allowed",
                        "links must start with http://, https:// or mailto:",
                        link=True,
                    )
                )
        elif kind not in _ALLOWED_BLOCKS and kind not in _ALLOWED_INLINE and not kind.endswith("_close"):
            found.append(
                MarkupProblem(
                    line,
                    f"annotation text may not contain `{kind}` markup",
                    "use only emphasis, links, lists, inline code and line breaks",
                )
            )
    return sorted(found, key=lambda p: p.line)
