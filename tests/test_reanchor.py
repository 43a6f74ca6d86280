"""Re-anchoring after the article changes: classification, ``check --fix``, the lock."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.anchoring import Span, approximate, find_all, resolve, unique_selector
from briefing.article import Article, segment
from briefing.cli import main
from briefing.fuzzy import distance, search
from briefing.loading import load_project
from briefing.reanchor import LOCK_NAME, Status, annotations_of, lock_for
from briefing.reanchor._lock import read_lock, record
from briefing.reanchor._review import _classify

from .conftest import SEEDS

ALPHA = "briefings/alpha/article.txt"


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _fewest_edits(pattern: str, text: str) -> int:
    """Sellers' algorithm: the fewest edits turning ``pattern`` into any substring of ``text``."""
    row = [0] * (len(text) + 1)  # a match may start anywhere: no cost before it
    for i, pc in enumerate(pattern, start=1):
        prev, row[0] = row[0], i
        for j, tc in enumerate(text, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (pc != tc))
    return min(row)


def _snapshot(seeds: Path) -> dict[str, bytes]:
    return {str(p.relative_to(seeds)): p.read_bytes() for p in sorted(seeds.rglob("*")) if p.is_file()}


def _edit(seeds: Path, rel: str, old: str, new: str) -> None:
    path = seeds / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _check(seeds: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["check", "--seeds", ".", *args])
    captured = capsys.readouterr()
    return status, (captured.out + captured.err).splitlines()


@pytest.fixture
def alpha(scenario: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    seeds = scenario("two-briefings")
    monkeypatch.chdir(seeds)
    return seeds


# --------------------------------------------------------------- classification


def test_inserted_sentence_moves_annotations(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(alpha, ALPHA, "The ministry said", "It gave no details. The ministry said")
    status, out = _check(alpha, capsys)
    assert status == 0, out  # moved is a warning only
    assert out == [
        "briefings/alpha/briefing.yaml:5:9: warning[article-changed]: `article.txt` has changed since its "
        "annotations were reviewed",
        "  hint: annotations re-anchored (3 unchanged, 2 moved, 0 fuzzy, 0 orphaned): run "
        "`briefing check --fix` to record the new checksum",
        "glossary/dysprosium.yaml:14:14: warning[anchor-moved]: quote “dysprosium” moved within paragraph 2",
        "  hint: run `briefing check --fix` to record the new position",
        "glossary/mofcom.yaml:10:14: warning[anchor-moved]: quote “ministry” moved within paragraph 2",
        "  hint: run `briefing check --fix` to record the new position",
        "2 briefing(s), 3 entries, 9 anchored annotations: 0 error(s), 3 warning(s)",
    ]


def test_reordered_mentions_keep_their_own_records(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(
        alpha,
        "glossary/dysprosium.yaml",
        '    - quote: dysprosium\n      occurrence: 1\n    - quote: dysprosium\n      prefix: "said "\n',
        '    - quote: dysprosium\n      prefix: "said "\n    - quote: dysprosium\n      occurrence: 1\n',
    )
    _edit(alpha, ALPHA, "The ministry said", "It gave no details. The ministry said")
    status, out = _check(alpha, capsys)
    assert status == 0, out
    assert out[2:4] == [
        "glossary/dysprosium.yaml:12:14: warning[anchor-moved]: quote “dysprosium” moved within paragraph 2",
        "  hint: run `briefing check --fix` to record the new position",
    ]


def test_word_changed_inside_a_quote_is_fuzzy(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(alpha, ALPHA, "approved licences for", "approved licenses for")
    status, out = _check(alpha, capsys)
    assert status == 1
    assert out[2:4] == [
        "briefings/alpha/notes/context-licences.yaml:5:10: error[anchor-fuzzy]: quote “approved licences "
        "for dysprosium” is no longer in the article; the best match, 97% alike, is in paragraph 1: "
        "“approved licenses for dysprosium”",
        "  hint: if that is the passage meant, run `briefing check --fix --accept-fuzzy` to take it; "
        "otherwise correct the quote",
    ]
    assert "(4 unchanged, 0 moved, 1 fuzzy, 0 orphaned)" in out[1]
    assert not any("quote-not-found" in line for line in out)  # superseded by the fuzzy report


def test_deleted_sentence_orphans_its_annotations(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(alpha, ALPHA, "The ministry said dysprosium exports would resume.", "Exports would resume.")
    status, out = _check(alpha, capsys)
    assert status == 1
    assert out[:-1] == [
        "briefings/alpha/briefing.yaml:5:9: error[article-changed]: `article.txt` has changed since its "
        "annotations were reviewed",
        "  hint: annotations re-anchored (3 unchanged, 0 moved, 0 fuzzy, 2 orphaned): fix the fuzzy and "
        "orphaned ones, then run `briefing check --fix`",
        # the other “dysprosium” of paragraph 1 is another mention's: it is not offered
        "glossary/dysprosium.yaml:14:14: error[anchor-orphaned]: quote “dysprosium” is no longer in the "
        "article (it was in paragraph 2)",
        "  hint: the same words, in other surroundings, in paragraph 3: “A dysprosium mine.”; point the "
        "annotation at other text or delete it",
        "glossary/mofcom.yaml:10:14: error[anchor-orphaned]: quote “ministry” is no longer in the article "
        "(it was in paragraph 2)",
        "  hint: nothing in the article resembles it; point the annotation at other text or delete it",
    ]


def test_without_a_lock_a_changed_article_is_an_error(
    alpha: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (alpha / "briefings/alpha" / LOCK_NAME).unlink()
    _edit(alpha, ALPHA, "The ministry said", "It gave no details. The ministry said")
    status, out = _check(alpha, capsys)
    assert status == 1
    assert out[0].startswith("briefings/alpha/briefing.yaml:5:9: error[article-changed]")
    assert f"there is no {LOCK_NAME} to re-anchor from (5 unchanged" in out[1]


# ------------------------------------------------------------------------ --fix


def test_fix_rewrites_only_the_stale_selector(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = alpha / "glossary/dysprosium.yaml"
    # an author's comment, an unusual key order and quoting the fix must keep as they are
    entry.write_text(
        entry.read_text()
        .replace("mentions:\n", "# Mentions are reviewed by the desk.\nmentions:\n")
        .replace(
            '    - quote: dysprosium\n      prefix: "said "\n',
            '    - prefix: "said "  # keep\n      quote: dysprosium\n',
        )
    )
    _edit(alpha, ALPHA, "The ministry said dysprosium", "The ministry said that dysprosium")
    article = (alpha / ALPHA).read_bytes()
    before = entry.read_text()
    status, out = _check(alpha, capsys)
    assert status == 1
    assert (
        "error[anchor-moved]: quote “dysprosium” moved within paragraph 2, but its selector no longer picks "
        in out[2]
    )
    assert out[3] == '  hint: run `briefing check --fix` to rewrite the selector (prefix: "that ")'

    status, out = _check(alpha, capsys, "--fix")
    assert (
        out[0]
        == 'fixed: glossary/dysprosium.yaml:16:14: selector of “dysprosium” rewritten (prefix: "that ")'
    )
    assert out[1] == "fixed: briefings/alpha/anchors.lock.json: 5 anchor(s) recorded"
    assert out[2] == "fixed: briefings/alpha/briefing.yaml: sha256 set to the checksum of `article.txt`"
    assert status == 0 and out[-1].endswith(": 0 error(s), 0 warning(s)"), out
    assert entry.read_text() == before.replace('prefix: "said "  # keep', 'prefix: "that "  # keep')
    assert (alpha / ALPHA).read_bytes() == article
    meta = (alpha / "briefings/alpha/briefing.yaml").read_text()
    assert f"sha256: {hashlib.sha256(article).hexdigest()}\n" in meta
    lock = read_lock(alpha / "briefings/alpha")
    assert lock is not None and lock.sha256 == hashlib.sha256(article).hexdigest()
    moved = lock.anchors["glossary/dysprosium.yaml#1"]
    assert article.decode()[moved.start : moved.end] == "dysprosium" and moved.prefix.endswith("said that ")


def test_fix_never_reformats_a_file(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(alpha, "glossary/dysprosium.yaml", "title: Dysprosium", "title:    Dysprosium")  # odd spacing
    _edit(alpha, ALPHA, "The ministry said dysprosium", "The ministry said that dysprosium")
    before = _snapshot(alpha)
    status, out = _check(alpha, capsys, "--fix")
    assert status == 1
    assert out[0] == (
        "not fixed: glossary/dysprosium.yaml:14:14: rewriting the file would change its layout; "
        'set prefix: "that " by hand'
    )
    assert _snapshot(alpha) == before


def test_fix_waits_for_a_person_to_accept_a_fuzzy_match(
    alpha: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(alpha, ALPHA, "approved licences for", "approved licenses for")
    note = alpha / "briefings/alpha/notes/context-licences.yaml"
    meta = alpha / "briefings/alpha/briefing.yaml"
    lock = alpha / "briefings/alpha" / LOCK_NAME
    kept = {p: p.read_bytes() for p in (note, meta, lock)}
    status, out = _check(alpha, capsys, "--fix")
    assert status == 1
    assert out[0] == (
        "not fixed: briefings/alpha/briefing.yaml: sha256 not updated: 1 fuzzy and 0 orphaned "
        "annotation(s) left; confirm fuzzy ones with --accept-fuzzy"
    )
    assert {p: p.read_bytes() for p in kept} == kept

    status, out = _check(alpha, capsys, "--fix", "--accept-fuzzy")
    assert out[0] == (
        "fixed: briefings/alpha/notes/context-licences.yaml:5:10: quote “approved licences for dysprosium” "
        "replaced by “approved licenses for dysprosium” (fuzzy match accepted)"
    )
    assert status == 0, out
    assert note.read_bytes() == kept[note].replace(b"approved licences for", b"approved licenses for")


def test_fix_leaves_orphans_and_their_checksum_alone(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(alpha, ALPHA, "The ministry said dysprosium exports would resume.", "Exports would resume.")
    before = _snapshot(alpha)
    status, out = _check(alpha, capsys, "--fix", "--accept-fuzzy")
    assert status == 1
    assert out[0].startswith("not fixed: briefings/alpha/briefing.yaml: sha256 not updated: 0 fuzzy and 2")
    assert _snapshot(alpha) == before


def test_accept_fuzzy_needs_fix(alpha: Path) -> None:
    assert main(["check", "--seeds", ".", "--accept-fuzzy"]) == 2


def test_check_and_build_never_write_sources(alpha: Path, tmp_path: Path) -> None:
    _edit(alpha, ALPHA, "The ministry said dysprosium", "The ministry said that dysprosium")
    before = _snapshot(alpha)
    assert main(["check", "--seeds", "."]) == 1
    assert main(["build", "--seeds", ".", "--out", str(tmp_path / "out"), "--no-pdf"]) == 1
    assert _snapshot(alpha) == before


def test_fix_records_a_lock_for_new_annotations(alpha: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (alpha / "briefings/beta" / LOCK_NAME).unlink()
    status, out = _check(alpha, capsys, "--fix")
    assert status == 0
    assert out[0] == "fixed: briefings/beta/anchors.lock.json: 3 anchor(s) recorded"
    assert (alpha / "briefings/beta" / LOCK_NAME).read_bytes() == (
        Path(__file__).parent / "scenarios/two-briefings/briefings/beta" / LOCK_NAME
    ).read_bytes()
    status, out = _check(alpha, capsys, "--fix")
    assert out == ["2 briefing(s), 3 entries, 9 anchored annotations: 0 error(s), 0 warning(s)"]


@pytest.mark.parametrize("seeds", [SEEDS, Path(__file__).parent / "scenarios" / "two-briefings"])
def test_committed_locks_describe_the_committed_articles(seeds: Path) -> None:
    project, _ = load_project(seeds)
    for source in project.briefings.values():
        lock = read_lock(source.folder)
        assert lock is not None, f"run `briefing check --seeds {seeds} --fix`"
        assert lock.sha256 == source.meta.record.sha256
        data = json.loads((source.folder / LOCK_NAME).read_text())
        assert list(data["anchors"]) == sorted(data["anchors"])
        for key, rec in lock.anchors.items():
            assert source.article.text[rec.start : rec.end] == rec.quote, key
        assert lock_for(project, source) is not None


# ---------------------------------------------------- anchoring the seed article


_WORDS = ("market", "officials", "several", "report", "exports", "agency")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence(s) holding ``text[start:end]``, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    cuts = [line_start]
    cuts += [line_start + m.end() for m in re.finditer(r"(?<=[.!?”])\s+", text[line_start:line_end])]
    cuts.append(line_end)
    return max(c for c in cuts if c <= start), min(c for c in cuts if c >= end)


def test_seed_annotations_survive_insertions_edits_and_deletions() -> None:
    """Every seed annotation, perturbed one at a time, is re-anchored as a person would expect.

    - a sentence inserted before the quote's sentence: moved, to the right place;
    - one word of a quote of three words or more replaced: fuzzy, at the right place;
    - the quote's sentence deleted: orphaned, or fuzzy (for a person to confirm),
      never silently moved to another place.
    """
    project, _ = load_project(SEEDS)
    source = next(iter(project.briefings.values()))
    article, text = source.article, source.article.text

    def changed(new: str) -> Article:
        return segment(article.meta, new, source.meta.at("lines"))[0]

    insertion = "Officials declined to comment on Monday. "
    cases = list(annotations_of(project, source))
    fuzzy_cases = 0
    for i, ann in enumerate(cases):
        span = resolve(article, ann.selector)
        assert isinstance(span, Span)
        rec = record(article, span)
        lo, hi = _sentence(text, span.start, span.end)

        moved = _classify(changed(text[:lo] + insertion + text[lo:]), ann, rec)
        assert moved.status is Status.MOVED and moved.span == Span(
            span.start + len(insertion), span.end + len(insertion), span.block
        ), (ann.key, moved)

        quote = ann.selector.quote
        words = list(re.finditer(r"[A-Za-z]{4,}", quote))
        if len(quote.split()) >= 3 and words:
            word = max(words, key=lambda m: len(m.group()))
            other = next(w for w in _WORDS[i % len(_WORDS) :] + _WORDS if w != word.group())
            edited = text[: span.start + word.start()] + other + text[span.start + word.end() :]
            fuzzy = _classify(changed(edited), ann, rec)
            assert fuzzy.status is Status.FUZZY and fuzzy.span is not None, (ann.key, fuzzy)
            assert abs(fuzzy.span.start - span.start) <= 1, (ann.key, fuzzy)
            fuzzy_cases += 1

        deleted = _classify(changed(text[:lo] + text[hi:]), ann, rec)
        assert deleted.status in (Status.ORPHANED, Status.FUZZY), (ann.key, deleted)
    assert len(cases) >= 150 and fuzzy_cases >= 50


# -------------------------------------------------------------- building blocks


@given(st.text(alphabet="abcd ", max_size=30), st.text(alphabet="abcd ", max_size=12))
def test_myers_distance_is_levenshtein(a: str, b: str) -> None:
    assert distance(a, b) == _levenshtein(a, b)


@given(
    st.text(alphabet="abcde ", min_size=1, max_size=60), st.text(alphabet="abcde", min_size=1, max_size=12)
)
def test_search_finds_the_least_edited_substring(text: str, pattern: str) -> None:
    found = search(text, pattern, len(pattern), limit=1000)
    assert found and min(m.errors for m in found) == _fewest_edits(pattern, text)
    edits, start, end = approximate(pattern, text)
    assert edits == _fewest_edits(pattern, text) and _levenshtein(pattern, text[start:end]) == edits
    for m in found:
        for start in m.starts:
            assert _levenshtein(pattern, text[start : m.end]) == m.errors


def test_unique_selector_picks_out_every_occurrence() -> None:
    project, _ = load_project(SEEDS)
    article = next(iter(project.briefings.values())).article
    for word in ("China", "rare earths", "the", "commerce ministry", "said"):
        spans = find_all(article, word)
        assert len(spans) > 1
        for span in spans:
            selector = unique_selector(article, span)
            assert resolve(article, selector) == span
            assert selector.occurrence is None or (selector.prefix is None and selector.suffix is None)
