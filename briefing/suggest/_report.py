"""What ``briefing suggest`` shows and writes: the review list, its JSON form, the entry files."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..anchoring import Span, context
from ..article import Article
from ..diagnostics import json_text, printable
from ..loading import Project
from ..model import Selector
from ._core import Report, Suggestion


def _selector_text(selector: Selector) -> str:
    parts = []
    if selector.prefix is not None:
        parts.append(f"prefix “{selector.prefix}”")
    if selector.suffix is not None:
        parts.append(f"suffix “{selector.suffix}”")
    if selector.occurrence is not None:
        parts.append(f"occurrence {selector.occurrence}")
    return f" ({', '.join(parts)})" if parts else ""


def _context_line(article: Article, span: Span) -> str:
    before, quote, after = context(article, span, width=40)
    return f"{before}[{quote}]{after}"


def render_text(report: Report, article: Article, *, ambiguous_only: bool = False) -> str:
    """The review list: proposals grouped by entry, then the ambiguous forms.

    ``ambiguous_only`` leaves out the proposals (``--write`` lists what it wrote instead).
    """
    by_entry: dict[str, list[Suggestion]] = defaultdict(list)
    ambiguous: dict[tuple[str, ...], list[Suggestion]] = defaultdict(list)
    for s in report.suggestions:
        if s.status == "new":
            by_entry[s.entries[0]].append(s)
        else:
            ambiguous[s.entries].append(s)
    lines: list[str] = []
    for entry in [] if ambiguous_only else sorted(by_entry):
        found = by_entry[entry]
        lines.append(f"{entry} ({len(found)})")
        for s in found:
            lines.append(f"  ¶{s.span.block}  “{s.form}”{_selector_text(s.selector)}")
            lines.append(f"       {_context_line(article, s.span)}")
            for text, entries in s.nested:
                lines.append(f"       inside it: “{text}” names {', '.join(entries)} (mentions cannot nest)")
    for entries, found in sorted(ambiguous.items()):
        forms = sorted({s.form for s in found})
        lines.append(f"ambiguous: {' / '.join(f'“{f}”' for f in forms)} names {' or '.join(entries)}")
        for s in found:
            lines.append(f"  ¶{s.span.block}  {_context_line(article, s.span)}")
        lines.append(f"  not written; settle it with --choose {_shell_word(forms[0])}={entries[0]}")
    for written in report.unused_choices:
        lines.append(
            f"note: --choose {printable(written)}: no ambiguous “{printable(written)}” in this article"
        )
    new, amb = len(report.writable), len(report.suggestions) - len(report.writable)
    lines.append(
        f"{new} mention(s) proposed for {len(by_entry)} entr{'y' if len(by_entry) == 1 else 'ies'}, "
        f"{amb} ambiguous in briefing {report.briefing}"
    )
    return "\n".join(lines)


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[\w.-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def render_json(report: Report, article: Article) -> str:
    items = []
    for s in report.suggestions:
        before, quote, after = context(article, s.span, width=40)
        block = article.blocks[s.span.block - 1]
        items.append(
            {
                "status": s.status,
                "entry": s.entry,
                "candidates": list(s.entries),
                "form": s.form,
                "paragraph": s.span.block,
                "line": block.line,
                "column": s.span.start - block.start + 1,
                "selector": s.selector.model_dump(exclude_none=True),
                "context": {"before": before, "quote": quote, "after": after},
                "nested": [{"quote": text, "candidates": list(entries)} for text, entries in s.nested],
            }
        )
    data = {"briefing": report.briefing, "suggestions": items, "unused_choices": list(report.unused_choices)}
    return json_text(data)


def write(project: Project, report: Report) -> tuple[list[str], list[str]]:
    """Add the writable suggestions to their entry files; (lines written, lines held back)."""
    from ..reanchor._yaml_edit import Unrewritable, add_mentions

    by_entry: dict[str, list[Suggestion]] = defaultdict(list)
    for s in report.writable:
        by_entry[s.entries[0]].append(s)
    written, held = [], []
    for entry, found in sorted(by_entry.items()):
        path = Path(project.entries[entry].source.path)
        shown = printable(str(path))
        try:
            add_mentions(path, report.briefing, [s.selector for s in found])
        except Unrewritable:
            held.append(
                f"{shown}: not written, its layout would not survive a rewrite; "
                f"add {len(found)} mention(s) by hand"
            )
            continue
        quotes = ", ".join(f"“{s.form}” ¶{s.span.block}" for s in found)
        written.append(f"{shown}: {len(found)} mention(s): {quotes}")
    return written, held
