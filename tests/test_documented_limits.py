"""Every limit in docs/security.md's table holds with the number it states: one input
over each limit is refused by ``check`` with the code the table names, located in the
file that breaks it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.checks import MAX_BRIEFING_MENTIONS, check_project
from briefing.iri import MAX_LENGTH as MAX_IRI
from briefing.loading import MAX_ARTICLE_BYTES, MAX_NOTES
from briefing.loading._text import MAX_JOINED
from briefing.loading._yaml import MAX_BYTES, MAX_DEPTH
from briefing.markup import MAX_NESTING
from briefing.model import MAX_ITEMS, MAX_MENTIONS
from briefing.pdf._worker import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from briefing.reanchor._lock import MAX_LOCK_BYTES

SECURITY = Path(__file__).resolve().parent.parent / "docs" / "security.md"
NOTE = "briefings/beta/notes/question-truce.yaml"
ENTRY = "glossary/mofcom.yaml"


def _table() -> dict[str, tuple[str, str]]:
    """Each row of the Limits table: what -> (limit, reported as)."""
    text = SECURITY.read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ")]
    return {what.strip(): (limit.strip(), code.strip()) for what, limit, code in rows[1:]}


def _edit(seeds: Path, name: str, old: str, new: str) -> None:
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _mentions(count: int, quote: str = "dysprosium") -> str:
    return "mentions:\n  beta:\n" + f"    - quote: {quote}\n" * count


def yaml_file(seeds: Path) -> str:
    _edit(seeds, ENTRY, "summary: ", "summary: " + "x" * MAX_BYTES)
    return ENTRY


def article(seeds: Path) -> str:
    (seeds / "briefings/beta/article.txt").write_text(
        "Beta headline\n" + "word " * (MAX_ARTICLE_BYTES // 5 + 1)
    )
    return "briefings/beta/article.txt"


def notes(seeds: Path) -> str:
    text = (seeds / NOTE).read_text(encoding="utf-8")
    for i in range(MAX_NOTES):
        (seeds / f"briefings/beta/notes/n-{i}.yaml").write_text(text, encoding="utf-8")
    return "briefings/beta/notes"


def mentions_in_briefing(seeds: Path) -> str:
    for i in range(MAX_BRIEFING_MENTIONS // MAX_MENTIONS + 1):
        (seeds / f"glossary/many-{i}.yaml").write_text(
            f"id: many-{i}\ntype: concept\ntitle: Many {i}\nsummary: Many.\n"
            "sources:\n  - {title: A, offline: true}\n" + _mentions(MAX_MENTIONS),
            encoding="utf-8",
        )
    return "briefings/beta/briefing.yaml"


def mentions_of_entry(seeds: Path) -> str:
    (seeds / "glossary/many.yaml").write_text(
        "id: many\ntype: concept\ntitle: Many\nsummary: Many.\n"
        "sources:\n  - {title: A, offline: true}\n" + _mentions(MAX_MENTIONS + 1),
        encoding="utf-8",
    )
    return "glossary/many.yaml"


def items(seeds: Path) -> str:
    _edit(
        seeds,
        ENTRY,
        "summary: ",
        "aliases: [" + ", ".join(f"a{i}" for i in range(MAX_ITEMS + 1)) + "]\nsummary: ",
    )
    return ENTRY


def one_line(seeds: Path) -> str:
    _edit(seeds, ENTRY, "title: Ministry of Commerce", "title: " + "M" * 301)
    return ENTRY


def body(seeds: Path) -> str:
    _edit(seeds, NOTE, "body: Which truce is meant?", "body: " + "w" * 20_001)
    return NOTE


def quote(seeds: Path) -> str:
    _edit(seeds, NOTE, "quote: a truce on dysprosium", "quote: " + "q" * 1001)
    return NOTE


def prefix(seeds: Path) -> str:
    _edit(seeds, NOTE, "quote: a truce on dysprosium", "quote: a truce on dysprosium\n  prefix: " + "p" * 201)
    return NOTE


def markdown(seeds: Path) -> str:
    _edit(
        seeds,
        NOTE,
        "body: Which truce is meant?",
        "body: '" + "*a " * (MAX_NESTING + 1) + "x" + " a*" * (MAX_NESTING + 1) + "'",
    )
    return NOTE


def lock(seeds: Path) -> str:
    path = seeds / "briefings/beta/anchors.lock.json"
    path.write_text(path.read_text(encoding="utf-8") + " " * MAX_LOCK_BYTES, encoding="utf-8")
    # the lock is read when the article changed, to re-anchor from it
    _edit(seeds, "briefings/beta/article.txt", "and more.", "and even more.")
    return "briefings/beta/anchors.lock.json"


def address_length(seeds: Path) -> str:
    url = "https://example.org/statement"
    _edit(seeds, NOTE, url, url + "/" + "x" * MAX_IRI)
    return NOTE


def address_shape(seeds: Path) -> str:
    _edit(seeds, NOTE, "https://example.org/statement", "https://example.org/{statement}")
    return NOTE


def depth(seeds: Path) -> str:
    _edit(seeds, NOTE, "body: Which truce is meant?", "body: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    return NOTE


def joined(seeds: Path) -> str:
    _edit(seeds, NOTE, "body: Which truce is meant?", "body: Which truce" + "\u0301" * (MAX_JOINED + 1))
    return NOTE


LIMITS = [
    ("one YAML file", "256 KiB", MAX_BYTES == 256 * 1024, yaml_file, "file-too-large"),
    ("one article", "512 KiB", MAX_ARTICLE_BYTES == 512 * 1024, article, "file-too-large"),
    ("notes in one briefing", f"{MAX_NOTES:,}", True, notes, "too-many-annotations"),
    (
        "mentions in one briefing, over all entries",
        f"{MAX_BRIEFING_MENTIONS:,}",
        True,
        mentions_in_briefing,
        "too-many-annotations",
    ),
    ("mentions of one entry in one briefing", f"{MAX_MENTIONS:,}", True, mentions_of_entry, "invalid-value"),
    (
        "aliases, sources, uses, parties, related entries of one record",
        f"{MAX_ITEMS} each",
        True,
        items,
        "invalid-value",
    ),
    (
        "one-line fields (titles, names, summaries, authors)",
        "300 characters",
        True,
        one_line,
        "invalid-value",
    ),
    ("a body", "20,000 characters", True, body, "invalid-value"),
    ("a quote", "1,000 characters; prefix and suffix 200", True, quote, "invalid-value"),
    ("a quote", "1,000 characters; prefix and suffix 200", True, prefix, "invalid-value"),
    (
        "nesting of emphasis, links and lists in a body",
        f"{MAX_NESTING} levels",
        True,
        markdown,
        "markup-forbidden",
    ),
    (
        "`anchors.lock.json`",
        "16 MiB, and only the shape `check --fix` writes",
        MAX_LOCK_BYTES == 16 * 1024 * 1024,
        lock,
        "lock-invalid",
    ),
    (
        "an address (`url`, `--base-url`)",
        "2,000 characters, an absolute http(s) IRI (RFC 3987)",
        MAX_IRI == 2000,
        address_length,
        "invalid-value",
    ),
    (
        "an address (`url`, `--base-url`)",
        "2,000 characters, an absolute http(s) IRI (RFC 3987)",
        True,
        address_shape,
        "invalid-value",
    ),
    ("nesting of lists and mappings in a YAML file", f"{MAX_DEPTH} levels", True, depth, "yaml-syntax"),
    (
        "characters joined to one base character (combining marks, joiners)",
        f"{MAX_JOINED} in a row",
        True,
        joined,
        "combining-marks",
    ),
]


@pytest.mark.parametrize(
    ("what", "limit", "same", "provoke", "code"), LIMITS, ids=[case[3].__name__ for case in LIMITS]
)
def test_each_documented_limit_holds(
    scenario: Callable[[str], Path],
    what: str,
    limit: str,
    same: bool,
    provoke: Callable[[Path], str],
    code: str,
) -> None:
    assert _table()[what] == (limit, f"[`{code}`](errors.md#error-{code})")
    assert same, f"the code's limit differs from docs/security.md: {what}"
    seeds = scenario("two-briefings")
    where = provoke(seeds)
    found = {(str(d.location.path), d.code.value) for d in check_project(seeds).errors}
    assert (str(seeds / where), code) in found, sorted(found)


def test_the_pdf_limits_are_documented_with_their_numbers() -> None:
    limit, reported = _table()["PDF compile of one briefing"]
    assert limit == f"{DEFAULT_MEMORY_MB:,} MiB of memory, {DEFAULT_SECONDS} s"
    assert reported.startswith("[`pdf-failed`](errors.md#error-pdf-failed) from `build`")
    assert "BRIEFING_PDF_MEMORY_MB" in reported and "BRIEFING_PDF_SECONDS" in reported


def test_every_row_of_the_table_is_tested() -> None:
    tested = {case[0] for case in LIMITS} | {"PDF compile of one briefing"}
    assert set(_table()) == tested
