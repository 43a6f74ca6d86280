"""``briefing mention add`` and the selector computation it shares with ``new note`` and ``serve``."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.anchoring import Span, resolve
from briefing.annotate import AnnotateError, add_mention, remove_mention_at, selector_for
from briefing.checks import check_project
from briefing.cli import cli
from briefing.loading import load_project
from briefing.reanchor import stale_locks
from briefing.reanchor._lock import read_lock

from .conftest import SEEDS

BRIEFING = "rare-earth-licences-2025-06"
ENTRY = Path("glossary/concept/rare-earths.yaml")
LOCATED = re.compile(r"^\S+:\d+:\d+: error\[[a-z-]+\]: ")


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "seeds"
    shutil.copytree(SEEDS, root)
    monkeypatch.chdir(root)
    return root


def _add(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["mention", "add", "--seeds", ".", *args])
    return result.exit_code, result.stdout, result.stderr


def _article(seeds: Path) -> str:
    project, _ = load_project(seeds)
    return project.briefings[BRIEFING].article.text


def _mentions(seeds: Path, entry: str = "rare-earths") -> list[tuple[int, int]]:
    project, _ = load_project(seeds)
    article = project.briefings[BRIEFING].article
    out = []
    for mention in project.entries[entry].record.mentions.get(BRIEFING, []):
        span = resolve(article, mention)
        assert isinstance(span, Span)
        out.append((span.start, span.end))
    return out


def _clean(seeds: Path) -> None:
    result = check_project(seeds)
    assert result.ok, [d.format() for d in result.errors]
    project, _ = load_project(seeds)
    assert list(stale_locks(project)) == [], "the anchors lock is not what check --fix would write"


def test_a_unique_form_is_written_as_the_quote_alone_keeping_the_file(seeds: Path) -> None:
    before = (seeds / ENTRY).read_text()
    status, out, err = _add("rare-earths", "robots")
    assert status == 0, err
    assert "1 mention(s) of “robots”: ¶2 (the quote alone)" in out
    assert "anchors lock updated" in out
    after = (seeds / ENTRY).read_text()
    assert after == before + "  - quote: robots\n"  # comments, order and quoting untouched
    text = _article(seeds)
    assert (text.index("robots"), text.index("robots") + 6) in _mentions(seeds)
    _clean(seeds)


def test_a_repeated_form_needs_a_choice_and_lists_where_it_occurs(seeds: Path) -> None:
    before = (seeds / ENTRY).read_bytes()
    status, _, err = _add("rare-earths", "according to", "--briefing", BRIEFING)
    assert status == 1
    first, hint, *places = err.splitlines()
    assert LOCATED.match(first) and "error[quote-ambiguous]" in first and "occurs 2 times" in first
    assert "--occurrence N" in hint and "--prefix/--suffix" in hint and "--all" in hint
    assert places[0].startswith("  1) ¶6: ") and "[according to] a 2023 report" in places[0]
    assert places[1].startswith("  2) ¶19: ")
    assert (seeds / ENTRY).read_bytes() == before


@pytest.mark.parametrize(
    ("choice", "expected"),
    [(["--occurrence", "2"], "prefix: '8, '"), (["--suffix", " a 2023 report"], "prefix: 'capability, '")],
)
def test_a_choice_is_written_with_the_shortest_context_that_tells_it_apart(
    seeds: Path, choice: list[str], expected: str
) -> None:
    status, _, err = _add("rare-earths", "according to", *choice)
    assert status == 0, err
    text = _article(seeds)
    at = text.index("according to", text.index("June 8") if "2" in choice else 0)
    assert (at, at + len("according to")) in _mentions(seeds)
    assert (seeds / ENTRY).read_text().endswith(f"  - quote: according to\n    {expected}\n")
    _clean(seeds)


def test_all_adds_every_occurrence_that_is_not_already_a_mention(seeds: Path) -> None:
    status, out, err = _add("rare-earths", "according to", "--all")
    assert status == 0, err
    assert "2 mention(s)" in out
    text = _article(seeds)
    spans = [(m.start(), m.end()) for m in re.finditer("according to", text)]
    assert all(s in _mentions(seeds) for s in spans)
    _clean(seeds)
    status, _, err = _add("rare-earths", "according to", "--all")
    assert status == 1 and "error[span-overlap]" in err and "already a mention" in err


def test_a_form_not_in_the_article_shows_the_nearest_text(seeds: Path) -> None:
    status, _, err = _add("rare-earths", "rare earthz")
    assert status == 1
    first, hint = err.splitlines()
    assert LOCATED.match(first) and "error[quote-not-found]" in first
    assert first.startswith(f"briefings/{BRIEFING}/000_7366001827e1de33.txt:6:")
    assert "closest text in paragraph 1: “rare earths”" in hint


def test_control_characters_in_the_form_are_shown_escaped(seeds: Path) -> None:
    status, _, err = _add("rare-earths", "robots\x1b[2J\u202e")
    assert status == 1 and "error[quote-not-found]" in err
    assert "\x1b" not in err and "\u202e" not in err
    assert "robots\\x1b[2J\\u202e" in err


def test_a_form_inside_an_existing_mention_is_refused_with_that_mention(seeds: Path) -> None:
    before = (seeds / "glossary/place/china.yaml").read_bytes()
    status, _, err = _add("china", "supply chain", "--occurrence", "1")
    assert status == 1
    assert "error[span-overlap]" in err and "supply-chain-dominance" in err
    assert "glossary/concept/supply-chain-dominance.yaml:" in err
    assert (seeds / "glossary/place/china.yaml").read_bytes() == before


def test_whole_words_are_preferred_to_the_start_of_a_longer_word(seeds: Path) -> None:
    status, _, err = _add("rare-earths", "rare earth")
    # "rare earth" occurs as whole words only once, inside "rare earth items" (already a mention)
    assert status == 1 and "error[span-overlap]" in err and "“rare earth items”" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-entry", "robots"], "no glossary entry `no-such-entry`"),
        (["rare-earths", "robots", "--briefing", "nope"], "briefing `nope` does not exist"),
        (["rare-earths", "robots", "--all", "--occurrence", "1"], "--all takes every occurrence"),
        (["rare-earths", "  "], "give the words of the article"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(seeds: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    status, _, err = _add(*args)
    assert status == 2, err
    assert message in err
    assert {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()} == before


def test_a_failed_write_leaves_the_entry_file_whole(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (seeds / ENTRY).read_bytes()

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    text = _article(seeds)
    with pytest.raises(OSError):
        add_mention(seeds, "rare-earths", BRIEFING, text.index("robots"), text.index("robots") + 6)
    assert (seeds / ENTRY).read_bytes() == before
    assert not [p for p in (seeds / ENTRY).parent.iterdir() if p.name.endswith(".tmp")]


def test_an_odd_layout_is_refused_rather_than_reformatted(seeds: Path) -> None:
    path = seeds / ENTRY
    odd = path.read_text().replace("mentions:\n", "mentions:   \n", 1)
    path.write_text(odd)
    status, _, err = _add("rare-earths", "robots")
    assert status == 1 and "would not survive a rewrite" in err and "quote: 'robots'" in err
    assert path.read_text() == odd


def test_removing_a_mention_takes_out_that_one_and_updates_the_lock(seeds: Path) -> None:
    text = _article(seeds)
    at = text.index("robots")
    add_mention(seeds, "rare-earths", BRIEFING, at, at + 6)
    before = _mentions(seeds)
    remove_mention_at(seeds, "rare-earths", BRIEFING, at, at + 6)
    assert _mentions(seeds) == [s for s in before if s != (at, at + 6)]
    _clean(seeds)
    with pytest.raises(AnnotateError) as exc:
        remove_mention_at(seeds, "rare-earths", BRIEFING, at, at + 6)
    assert exc.value.status == 409


def test_new_note_and_mention_add_compute_the_same_selector(seeds: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            *("new", "note", "on-according", "--kind", "context", "--quote", "according to"),
            *("--occurrence", "2", "--seeds", ".", "--date", "2025-06-10"),
        ],
    )
    assert result.exit_code == 0, result.output
    note = (seeds / "briefings" / BRIEFING / "notes" / "on-according.yaml").read_text()
    assert "target:\n  quote: according to\n  prefix: '8, '\n" in note
    _add("rare-earths", "according to", "--occurrence", "2")
    assert (seeds / ENTRY).read_text().endswith("  - quote: according to\n    prefix: '8, '\n")


# Every span a selector can hold, in the seed article: the computed selector picks out exactly it.
_PROJECT, _ = load_project(SEEDS)
_ARTICLE = _PROJECT.briefings[BRIEFING].article


@st.composite
def _spans(draw: st.DrawFn) -> tuple[int, int]:
    block = draw(st.sampled_from(_ARTICLE.blocks))
    start = draw(st.integers(block.start, block.end - 1))
    end = draw(st.integers(start + 1, min(block.end, start + 200)))
    return start, end


@given(_spans())
@settings(max_examples=300, deadline=None)
def test_selector_for_any_span_anchors_back_to_it(span: tuple[int, int]) -> None:
    start, end = span
    if not _ARTICLE.text[start:end].strip():
        with pytest.raises(ValueError, match="only spaces"):
            selector_for(_ARTICLE, start, end)
        return
    selector = selector_for(_ARTICLE, start, end)
    found = resolve(_ARTICLE, selector)
    assert isinstance(found, Span) and (found.start, found.end) == span


@given(_spans())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_written_mention_reloads_and_anchors_to_the_chosen_span(
    tmp_path: Path, span: tuple[int, int]
) -> None:
    start, end = span
    if not _ARTICLE.text[start:end].strip():
        return
    seeds = tmp_path / f"s{start}-{end}"
    if not seeds.exists():
        shutil.copytree(SEEDS / "briefings", seeds / "briefings")
        shutil.copytree(SEEDS / "glossary" / "person", seeds / "glossary" / "person")
    # the spans taken by the remaining mentions, if any, are refused: only the write is under test here
    try:
        add_mention(seeds, "donald-trump", BRIEFING, start, end)
    except AnnotateError as exc:
        assert exc.diagnostic.code == "span-overlap"
        return
    project, _ = load_project(seeds)
    mention = project.entries["donald-trump"].record.mentions[BRIEFING][-1]
    found = resolve(project.briefings[BRIEFING].article, mention)
    assert isinstance(found, Span) and (found.start, found.end) == span
    lock = read_lock(seeds / "briefings" / BRIEFING)
    assert lock is not None and any((r.start, r.end) == span for r in lock.anchors.values())
