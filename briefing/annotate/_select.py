"""From article offsets or a typed phrase to a span, and from a span to its selector."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..anchoring import Span, closest, context, find_all, unique_selector
from ..article import Article
from ..diagnostics import Code, Diagnostic, Location
from ..loading import BriefingSource, display_path
from ..model import Selector

MAX_SPAN = 1000
"""Longest quote a selector may hold (the format's limit)."""


class AnnotateError(Exception):
    """A request that cannot be carried out; ``usage`` when it names things that do not exist."""

    def __init__(
        self, diagnostic: Diagnostic, *, usage: bool = False, status: int = 422, details: tuple[str, ...] = ()
    ) -> None:
        self.diagnostic = diagnostic
        self.usage = usage
        self.status = status
        self.details = details
        """Lines to show under the diagnostic, e.g. the places an ambiguous phrase occurs."""
        super().__init__(diagnostic.format())


@dataclass(frozen=True)
class Edit:
    path: Path
    """The file written."""
    spans: tuple[Span, ...]
    selectors: tuple[Selector, ...]
    lock: str
    """What happened to the anchors lock, in a sentence."""


def _error(
    where: Location,
    code: Code,
    message: str,
    hint: str | None = None,
    *,
    usage: bool = False,
    status: int = 422,
    details: tuple[str, ...] = (),
) -> AnnotateError:
    return AnnotateError(Diagnostic(where, code, message, hint), usage=usage, status=status, details=details)


def article_location(source: BriefingSource, offset: int | None = None) -> Location:
    path = display_path(source.folder / source.meta.record.article)
    block = source.article.block_at(offset) if offset is not None else None
    if block is None:
        return Location(path)
    return Location(path, block.line, offset - block.start + 1)  # type: ignore[operator]


def span_at(article: Article, start: int, end: int) -> Span | str:
    """The span ``[start, end)`` if a selector can pick it out; else why not."""
    if not 0 <= start < end <= len(article.text):
        return f"offsets {start}..{end} are outside the article (0..{len(article.text)})"
    block = article.block_at(start)
    if block is None or end > block.end:
        return "a span must lie inside one paragraph of the article text"
    if end - start > MAX_SPAN:
        return f"a span may hold at most {MAX_SPAN} characters"
    try:
        Selector(quote=article.text[start:end])
    except ValueError:
        return "the span holds only spaces or invisible characters"
    return Span(start, end, block.number)


def selector_for(article: Article, start: int, end: int) -> Selector:
    """The shortest selector that resolves to exactly ``[start, end)``; ``ValueError`` if none can."""
    span = span_at(article, start, end)
    if isinstance(span, str):
        raise ValueError(span)
    return unique_selector(article, span)


def _context(article: Article, span: Span) -> str:
    before, quote, after = context(article, span, width=30)
    return f"¶{span.block}: {before}[{quote}]{after}"


def _whole_words(text: str, span: Span) -> bool:
    def inside_word(at: int) -> bool:
        return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()

    return not inside_word(span.start) and not inside_word(span.end)


def locate(
    source: BriefingSource,
    form: str,
    *,
    occurrence: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
    every: bool = False,
) -> list[Span]:
    """The places of ``form`` the user means: one, or every one with ``every``."""
    article = source.article
    spans = find_all(article, form)
    whole = [s for s in spans if _whole_words(article.text, s)]
    spans = whole or spans  # "rare earth" means the words, not the start of "rare earths"
    if not spans:
        near = closest(article, form)
        if near is None:
            raise _error(
                article_location(source),
                Code.QUOTE_NOT_FOUND,
                f"“{form}” is not in the article",
                "copy the words exactly from the article text",
            )
        block, text = near
        at = block.start + block.text.find(text)
        raise _error(
            article_location(source, at),
            Code.QUOTE_NOT_FOUND,
            f"“{form}” is not in the article",
            f"closest text in paragraph {block.number}: “{text}”",
        )
    text = article.text
    if prefix is not None:
        spans = [s for s in spans if text[: s.start].endswith(prefix)]
    if suffix is not None:
        spans = [s for s in spans if text.startswith(suffix, s.end)]
    if not spans:
        raise _error(
            article_location(source, find_all(article, form)[0].start),
            Code.QUOTE_NOT_FOUND,
            f"“{form}” is in the article, but not with this --prefix/--suffix",
            "copy --prefix/--suffix exactly from the text right before/after the words",
        )
    if occurrence is not None:
        if occurrence > len(spans):
            raise _error(
                article_location(source, spans[0].start),
                Code.QUOTE_AMBIGUOUS,
                f"--occurrence {occurrence} asked for, but “{form}” occurs {len(spans)} time(s)",
                f"use an occurrence from 1 to {len(spans)}",
            )
        return [spans[occurrence - 1]]
    if len(spans) > 1 and not every:
        raise _error(
            article_location(source, spans[0].start),
            Code.QUOTE_AMBIGUOUS,
            f"“{form}” occurs {len(spans)} times",
            "choose one with --occurrence N (numbered as below) or --prefix/--suffix "
            "(the words right before/after it), or take every one with --all",
            details=tuple(f"{i}) {_context(article, s)}" for i, s in enumerate(spans, 1)),
        )
    return spans
