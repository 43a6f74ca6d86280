from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.anchoring import AnchorFailure, Span, approximate, context, resolve
from briefing.article import segment
from briefing.diagnostics import Location
from briefing.model import ArticleMeta, Selector

TEXT = (
    "Headline\n\nThe ministry said it approved licences.\n.\n"
    "Later the ministry said more licences were approved.\nCaption text.\n"
)


@pytest.fixture
def article():
    meta = ArticleMeta(
        id="t",
        title="Headline",
        published="2025-06-08",
        article="a.txt",
        sha256="0" * 64,
        lines={"title": 1, "artefacts": [4], "captions": [6]},
    )
    art, problems = segment(meta, TEXT, Location(Path("briefing.yaml")))
    assert problems == []
    return art


def test_blocks_skip_title_blank_and_artefact_lines(article) -> None:
    assert [(b.number, b.line, b.role) for b in article.blocks] == [
        (1, 3, "paragraph"),
        (2, 5, "paragraph"),
        (3, 6, "caption"),
    ]
    for block in article.blocks:
        assert TEXT[block.start : block.end] == block.text


def test_unique_quote_resolves_to_source_offsets(article) -> None:
    span = resolve(article, Selector(quote="approved licences"))
    assert isinstance(span, Span)
    assert TEXT[span.start : span.end] == "approved licences"
    assert span.block == 1


def test_repeated_quote_is_ambiguous_until_disambiguated(article) -> None:
    failure = resolve(article, Selector(quote="ministry said"))
    assert isinstance(failure, AnchorFailure) and failure.ambiguous
    assert "paragraphs 1, 2" in failure.reason
    by_suffix = resolve(article, Selector(quote="ministry said", suffix=" more"))
    by_prefix = resolve(article, Selector(quote="ministry said", prefix="Later the "))
    by_count = resolve(article, Selector(quote="ministry said", occurrence=2))
    assert by_suffix == by_prefix == by_count
    assert by_count.block == 2


def test_missing_quote_suggests_the_closest_text(article) -> None:
    failure = resolve(article, Selector(quote="aproved licenses"))
    assert isinstance(failure, AnchorFailure) and not failure.ambiguous
    assert "closest text in paragraph 1: “approved licences”" in failure.hint


def test_quote_in_the_title_or_an_artefact_is_not_annotatable(article) -> None:
    assert isinstance(resolve(article, Selector(quote="Headline")), AnchorFailure)


def test_context_is_trimmed_to_words(article) -> None:
    span = resolve(article, Selector(quote="licences were"))
    before, quote, after = context(article, span, width=8)
    assert quote == "licences were"
    assert before.startswith("…") and after.endswith("…")


@given(st.text(alphabet="abcde ", min_size=1, max_size=40), st.data())
def test_approximate_finds_exact_substrings(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    edits, lo, hi = approximate(text[start:end], text)
    assert edits == 0
    assert text[lo:hi] == text[start:end]
