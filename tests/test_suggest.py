"""``briefing new briefing`` and ``briefing suggest`` on small glossaries written for each case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from briefing.anchoring import resolve
from briefing.checks import check_project
from briefing.cli import main
from briefing.corpus import build_corpus
from briefing.diagnostics import Code
from briefing.loading import load_project
from briefing.suggest import Report, suggest

BRIEFING = "desk-2025-10"


def _entry(
    seeds: Path,
    entry_id: str,
    entry_type: str,
    title: str,
    *,
    aliases: tuple[str, ...] = (),
    mentions: dict[str, list[dict[str, object]]] | None = None,
    comment: str = "",
) -> Path:
    data: dict[str, object] = {"id": entry_id, "type": entry_type, "title": title}
    if aliases:
        data["aliases"] = list(aliases)
    extra = {
        "person": {"role": "Official"},
        "element": {"symbol": "Dy", "atomic_number": 66, "group": "heavy"},
        "event": {"start": "2025-05-12"},
        "statistic": {"value": "90 days"},
    }
    data.update(extra.get(entry_type, {}))
    data["summary"] = f"About {title}."
    data["sources"] = [{"title": f"{title} explained"}]
    if mentions:
        data["mentions"] = mentions
    path = seeds / "glossary" / entry_type / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(comment + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _briefing(
    seeds: Path, text: str, briefing_id: str = BRIEFING, capsys: pytest.CaptureFixture[str] | None = None
) -> None:
    article = seeds.parent / f"{briefing_id}.txt"
    article.write_text(text, encoding="utf-8")
    status = main(
        [
            "new",
            "briefing",
            briefing_id,
            "--seeds",
            str(seeds),
            "--article",
            str(article),
            "--date",
            "2025-10-20",
        ]
    )
    assert status == 0


def _report(seeds: Path, choices: dict[str, str] | None = None, briefing: str = BRIEFING) -> Report:
    project, _ = load_project(seeds)
    corpus, problems = build_corpus(project)
    assert not problems
    return suggest(project, corpus, briefing, choices)


def _found(report: Report) -> list[tuple[str, str, str]]:
    return [(s.form, "/".join(s.entries), s.status) for s in report.suggestions]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    root.mkdir()
    return root


def test_whole_words_and_case(seeds: Path) -> None:
    _entry(seeds, "xi-jinping", "person", "Xi Jinping", aliases=("Xi",))
    _entry(seeds, "donald-trump", "person", "Donald Trump", aliases=("Trump",))
    _entry(seeds, "rare-earths", "concept", "Rare earths")
    _briefing(
        seeds,
        "Headline\n\nXinhua said a taxi fleet would trump rivals.\n\n"
        "Xi met Trump. Rare earths and rare earths again.\n",
    )
    assert _found(_report(seeds)) == [
        ("Xi", "xi-jinping", "new"),
        ("Trump", "donald-trump", "new"),
        ("Rare earths", "rare-earths", "new"),
        ("rare earths", "rare-earths", "new"),
    ]


def test_lower_case_form_matches_at_sentence_start_only(seeds: Path) -> None:
    _entry(seeds, "nice", "place", "Nice")
    _entry(seeds, "ministry", "organization", "Commerce Ministry", aliases=("the commerce ministry",))
    _briefing(seeds, "Headline\n\nThe commerce ministry spoke. It was nice; the commerce ministry agreed.\n")
    assert _found(_report(seeds)) == [
        ("The commerce ministry", "ministry", "new"),
        ("the commerce ministry", "ministry", "new"),
    ]


def test_typographic_and_straight_quotes_are_equal(seeds: Path) -> None:
    _entry(seeds, "mofcom", "organization", "MOFCOM", aliases=("China's Ministry of Commerce",))
    _entry(seeds, "act", "document", "The \u201cExport Control\u201d Act")
    _briefing(seeds, 'Headline\n\nChina\u2019s Ministry of Commerce cited The "Export Control" Act.\n')
    assert _found(_report(seeds)) == [
        ("China\u2019s Ministry of Commerce", "mofcom", "new"),
        ('The "Export Control" Act', "act", "new"),
    ]


def test_longest_form_wins_and_nested_other_entries_are_shown_not_written(seeds: Path) -> None:
    _entry(seeds, "scott-bessent", "person", "Scott Bessent", aliases=("Treasury Secretary Scott Bessent",))
    _entry(seeds, "us-treasury", "organization", "Treasury")
    _briefing(seeds, "Headline\n\nTreasury Secretary Scott Bessent spoke for the Treasury.\n")
    report = _report(seeds)
    assert _found(report) == [
        ("Treasury Secretary Scott Bessent", "scott-bessent", "new"),
        ("Treasury", "us-treasury", "new"),
    ]
    assert report.suggestions[0].nested == (("Treasury", ("us-treasury",)),)


def test_ambiguous_forms_need_a_choice(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = _entry(seeds, "beijing", "place", "Beijing")
    # Two places: the rule that a government acts where its seat's name is the subject does not apply.
    government = _entry(seeds, "chinese-government", "place", "Beijing Municipality", aliases=("Beijing",))
    _briefing(seeds, "Headline\n\nBeijing said so in Beijing.\n")
    assert _found(_report(seeds)) == [
        ("Beijing", "beijing/chinese-government", "ambiguous"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
    ]
    before = city.read_text(), government.read_text()
    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--write"]) == 0
    out = capsys.readouterr().out
    assert "ambiguous: “Beijing” names beijing or chinese-government" in out
    assert "--choose Beijing=beijing" in out
    assert (city.read_text(), government.read_text()) == before

    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--write", "--choose", "Beijing=beijing"]) == 0
    assert "mentions" in yaml.safe_load(city.read_text())
    assert "mentions" not in yaml.safe_load(government.read_text())
    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--choose", "Beijing=london"]) == 2
    assert "`london` is not a glossary entry" in capsys.readouterr().err


def test_a_seat_of_government_names_the_government_unless_it_is_a_place_in_the_sentence(
    seeds: Path,
) -> None:
    _entry(seeds, "beijing", "place", "Beijing")
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("Beijing",))
    _briefing(seeds, "Headline\n\nBeijing said so in Beijing, and officials from Beijing agreed.\n")
    assert _found(_report(seeds)) == [
        ("Beijing", "chinese-government", "new"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
    ]


def test_repeats_anchor_uniquely_and_written_mentions_check_clean(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _entry(seeds, "china", "place", "China")
    _briefing(seeds, "Headline\n\nChina and China.\n\nThen China again, and China.\n")
    report = _report(seeds)
    project, _ = load_project(seeds)
    article = project.briefings[BRIEFING].article
    assert len(report.suggestions) == 4
    for s in report.suggestions:
        assert resolve(article, s.selector) == s.span
    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--write"]) == 0
    assert "wrote " in capsys.readouterr().out
    result = check_project(seeds)
    assert result.ok, [d.format() for d in result.errors]
    assert len(result.corpus.briefings[BRIEFING].mentions) == 4
    assert _report(seeds).suggestions == ()


def test_existing_mentions_are_skipped_and_past_quotes_are_forms(seeds: Path) -> None:
    _briefing(seeds, "Old\n\nThe Chinese authorities spoke in London.\n", briefing_id="old")
    _entry(seeds, "london", "place", "London", mentions={BRIEFING: [{"quote": "London"}]})
    _entry(
        seeds,
        "chinese-government",
        "organization",
        "Government of China",
        mentions={"old": [{"quote": "The Chinese authorities"}]},
    )
    _briefing(seeds, "Headline\n\nIn London, the Chinese authorities said little.\n")
    assert _found(_report(seeds)) == [("the Chinese authorities", "chinese-government", "new")]


def test_descriptive_past_quotes_and_dates_are_not_forms(seeds: Path) -> None:
    _briefing(seeds, "Old\n\nOn June 7 the president took the call.\n", briefing_id="old")
    _entry(seeds, "trump", "person", "Donald Trump", mentions={"old": [{"quote": "the president"}]})
    _entry(seeds, "call", "event", "Trump–Xi call", mentions={"old": [{"quote": "the call"}]})
    _entry(seeds, "statement", "document", "June 7 statement", mentions={"old": [{"quote": "June 7"}]})
    _briefing(seeds, "Headline\n\nOn June 7 the president took the call from Paris.\n")
    assert _found(_report(seeds)) == []


def test_write_keeps_comments_and_layout(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _entry(seeds, "china", "place", "China", comment="# Reviewed by the desk.\n")
    text = path.read_text().replace("summary:", "# the line below is shown in previews\nsummary:")
    path.write_text(text)
    _briefing(seeds, "Headline\n\nChina spoke.\n")
    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--write"]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 1 mention(s): “China” ¶1" in out
    new = path.read_text()
    assert new.startswith(text)
    assert new[len(text) :] == f"mentions:\n  {BRIEFING}:\n  - quote: China\n"


def test_json_report_matches_text(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _entry(seeds, "china", "place", "China")
    _briefing(seeds, "Headline\n\nChina met China.\n")
    capsys.readouterr()
    assert main(["suggest", BRIEFING, "--seeds", str(seeds), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["entry"], s["paragraph"], s["selector"]) for s in data["suggestions"]] == [
        ("china", 1, {"quote": "China", "suffix": " met"}),
        ("china", 1, {"quote": "China", "prefix": "met "}),
    ]
    assert data["suggestions"][0]["context"] == {"before": "", "quote": "China", "after": " met China."}


# --- new briefing ---------------------------------------------------------------------------------


def test_new_briefing_copies_bytes_and_marks_detected_lines(seeds: Path) -> None:
    raw = (
        b"China Widens Export Controls\r\n\r\nChina Widens Export Controls\r\n.\r\n\r\n"
        b"Beijing said on Thursday it would widen controls.\r\n"
        b"A worker at a plant in Ganzhou. Jane Doe/Reuters\r\n"
        b"Officials spoke. (File photo)\r\n"
        b"The rules take effect in December."
    )
    article = seeds.parent / "wire_01.txt"
    article.write_bytes(raw)
    assert main(["new", "briefing", "wire", "--seeds", str(seeds), "--article", str(article)]) == 0
    folder = seeds / "briefings" / "wire"
    assert (folder / "wire_01.txt").read_bytes() == raw
    assert (folder / "notes").is_dir() and not any((folder / "notes").iterdir())
    meta = yaml.safe_load((folder / "briefing.yaml").read_text())
    assert meta["title"] == "China Widens Export Controls"
    assert meta["lines"] == {"title": 1, "artefacts": [3, 4], "captions": [7, 8]}
    result = check_project(seeds)
    assert result.ok, [d.format() for d in result.errors]
    todos = [d for d in result.diagnostics if d.code is Code.TODO_PLACEHOLDER]
    lines = {d.location.line for d in todos}
    assert {4, 6, 7, 8, 13, 14, 15} <= lines  # title, publisher, date, url, and the three line roles


def test_new_briefing_with_everything_given_has_no_todo_but_line_roles(seeds: Path) -> None:
    article = seeds.parent / "a.txt"
    article.write_text("Headline\n\nBody text here.\n")
    args = [
        "--title",
        "The Headline",
        "--published",
        "2025-10-09",
        "--url",
        "https://example.org/a",
        "--publisher",
        "Example Wire",
    ]
    assert main(["new", "briefing", "a", "--seeds", str(seeds), "--article", str(article), *args]) == 0
    result = check_project(seeds)
    assert result.ok
    todos = [d for d in result.diagnostics if d.code is Code.TODO_PLACEHOLDER]
    assert len(todos) == 1 and "headline line" in todos[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the article is empty"),
        (b"\n  \n", "the article is empty"),
        ("Caf\u00e9\n".encode("latin-1"), "not valid UTF-8 (byte 4)"),
        (b"x" * (512 * 1024 + 1), "the limit is 524,288"),
    ],
)
def test_new_briefing_refuses_unusable_articles(
    seeds: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    article = seeds.parent / "bad.txt"
    article.write_bytes(content)
    assert main(["new", "briefing", "bad", "--seeds", str(seeds), "--article", str(article)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert not (seeds / "briefings" / "bad").exists()


def test_new_briefing_refuses_odd_names_and_existing_folders(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = seeds.parent / "my article.md"
    odd.write_text("Headline\n")
    assert main(["new", "briefing", "x", "--seeds", str(seeds), "--article", str(odd)]) == 1
    assert "end it in `.txt`" in capsys.readouterr().err
    good = seeds.parent / "a.txt"
    good.write_text("Headline\n\nText.\n")
    assert main(["new", "briefing", "x", "--seeds", str(seeds), "--article", str(good)]) == 0
    assert main(["new", "briefing", "x", "--seeds", str(seeds), "--article", str(good)]) == 1
    assert "already exists" in capsys.readouterr().err


# --- forms derived from the entries ---------------------------------------------------------------


def test_spellings_and_numbers_of_a_noun_but_not_a_verb_or_a_modifier(seeds: Path) -> None:
    _entry(seeds, "export-licence", "concept", "Export licence", aliases=("licenses",))
    _briefing(
        seeds,
        "Headline\n\nAn export license is slow. Licences arrive; firms want to license it; "
        "licence approvals lag, but each licence is counted.\n",
    )
    assert _found(_report(seeds)) == [
        ("export license", "export-licence", "new"),
        ("Licences", "export-licence", "new"),
        ("licence", "export-licence", "new"),
    ]


def test_the_head_of_a_long_title_when_no_other_entry_has_it(seeds: Path) -> None:
    _entry(seeds, "magnets", "concept", "Rare-earth permanent magnets")
    _entry(seeds, "list", "concept", "Export control list")
    _entry(seeds, "other-list", "concept", "Dual-use control list")
    _briefing(seeds, "Headline\n\nPermanent magnets need a control list.\n")
    assert _found(_report(seeds)) == [("Permanent magnets", "magnets", "new")]


def test_events_by_their_day_and_the_words_for_their_kind_never_in_a_dateline(seeds: Path) -> None:
    path = _entry(seeds, "october-rules", "event", "China's October 2025 export-control expansion")
    path.write_text(path.read_text().replace("2025-05-12", "2025-10-09"))
    _entry(seeds, "talks", "event", "Geneva talks")
    _briefing(
        seeds,
        "Headline\n\nBEIJING, Oct 9 - China acted on October 9. The October rules bite; "
        "the May talks helped.\n",
    )
    assert _found(_report(seeds)) == [
        ("October 9", "october-rules", "new"),
        ("The October rules", "october-rules", "new"),
        ("the May talks", "talks", "new"),
    ]


def test_a_statistic_by_its_figure_in_words_or_digits(seeds: Path) -> None:
    _entry(seeds, "rare-earths", "concept", "Rare earths", aliases=("rare-earth elements",))
    _entry(seeds, "heavy", "concept", "Medium and heavy rare earths")
    _entry(seeds, "count", "statistic", "17 rare-earth elements")
    _entry(seeds, "controlled", "statistic", "Seven rare earths under control")
    _briefing(seeds, "Headline\n\nOf the 17 rare earths, seven medium and heavy rare earths are curbed.\n")
    found = _found(_report(seeds))
    assert found == [
        ("17 rare earths", "count", "new"),
        ("seven medium and heavy rare earths", "controlled", "new"),
    ]


def test_short_names_only_after_the_full_name(seeds: Path) -> None:
    _entry(seeds, "bessent", "person", "Scott Bessent")
    _entry(seeds, "mofcom", "organization", "Ministry of Commerce", aliases=("commerce ministry",))
    _entry(seeds, "mfa", "organization", "Ministry of Foreign Affairs")
    _entry(seeds, "china", "place", "China")
    _briefing(
        seeds,
        "Headline\n\nBessent spoke. The ministry spoke. Then Scott Bessent and China's commerce ministry "
        "met; Bessent said the ministry agreed.\n",
    )
    assert _found(_report(seeds)) == [
        ("Scott Bessent", "bessent", "new"),
        ("China's commerce ministry", "mofcom", "new"),
        ("Bessent", "bessent", "new"),
        ("the ministry", "mofcom", "new"),
    ]
