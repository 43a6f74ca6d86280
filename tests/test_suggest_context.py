"""``suggest`` reads the words around a name: each rule of ``suggest_context`` and ``suggest_events``
on a small glossary written for the case, with a control where the same name does stand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from briefing.cli import main

from .test_suggest import _briefing, _entry, _found, _report


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    root.mkdir()
    return root


def _event(seeds: Path, entry_id: str, title: str, start: str, place: str | None = None) -> None:
    path = _entry(seeds, entry_id, "event", title)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["start"] = start
    if place:
        data["place"] = place
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _places(seeds: Path) -> None:
    _entry(seeds, "china", "place", "China")
    _entry(seeds, "united-states", "place", "United States", aliases=("U.S.",))
    _entry(seeds, "europe", "place", "Europe", aliases=("European",))


def test_a_place_inside_a_longer_name_the_glossary_does_not_hold_is_not_linked(seeds: Path) -> None:
    _places(seeds)
    _entry(seeds, "donald-trump", "person", "Donald Trump", aliases=("President Donald Trump",))
    _entry(seeds, "us-treasury", "organization", "Treasury")
    _briefing(
        seeds,
        "Headline\n\nThe European Union Chamber of Commerce in China and the Bank of China spoke. "
        "U.S. Treasury staff and U.S. President Donald Trump agreed. Mainland China Daily said so.\n\n"
        "Volkswagen in China and European firms in Europe wait, as does China.\n",
    )
    assert _found(_report(seeds)) == [
        ("Treasury", "us-treasury", "new"),
        ("U.S.", "united-states", "new"),
        ("President Donald Trump", "donald-trump", "new"),
        ("China", "china", "new"),
        ("European", "europe", "new"),
        ("Europe", "europe", "new"),
        ("China", "china", "new"),
    ]


def test_a_word_of_a_hyphenated_compound_is_not_linked_unless_a_participle_follows(seeds: Path) -> None:
    _places(seeds)
    _entry(seeds, "neodymium", "element", "Neodymium")
    _entry(seeds, "rare-earths", "concept", "Rare earths")
    _briefing(
        seeds,
        "Headline\n\nNeodymium-iron-boron magnets went to the EU-China summit. "
        "U.S.-China talks covered rare earth-related items and China-based firms.\n",
    )
    assert _found(_report(seeds)) == [
        ("U.S.", "united-states", "new"),
        ("China", "china", "new"),
        ("rare earth", "rare-earths", "new"),
        ("China", "china", "new"),
    ]


def test_an_anaphor_names_its_entry_only_where_it_acts(seeds: Path) -> None:
    _entry(seeds, "mofcom", "organization", "Ministry of Commerce")
    _briefing(
        seeds,
        "Headline\n\nThe Ministry of Commerce spoke. Xinhua quoted the ministry as saying more. "
        "Files piled up at the ministry, and the ministry said it would act. "
        "Exporters wait for the ministry to decide.\n",
    )
    assert _found(_report(seeds)) == [
        ("Ministry of Commerce", "mofcom", "new"),
        ("the ministry", "mofcom", "new"),
        ("the ministry", "mofcom", "new"),
    ]


def test_a_one_place_dateline_names_its_place_a_joint_one_nothing(seeds: Path) -> None:
    _entry(seeds, "beijing", "place", "Beijing")
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("Beijing",))
    _entry(seeds, "washington", "place", "Washington")
    _briefing(seeds, "Headline\n\nBEIJING, Dec 4 - Beijing said on Thursday it would act.\n")
    assert _found(_report(seeds)) == [
        ("BEIJING", "beijing", "new"),
        ("Beijing", "chinese-government", "new"),
    ]
    _briefing(seeds, "Headline\n\nBEIJING/WASHINGTON, Oct 15 - Talks went on.\n", "joint-2025-10")
    assert _found(_report(seeds, briefing="joint-2025-10")) == []


def test_a_seat_of_government_setting_the_scene_is_the_city(seeds: Path) -> None:
    _entry(seeds, "beijing", "place", "Beijing")
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("Beijing",))
    _briefing(
        seeds,
        "Headline\n\nIn Beijing, a spokesman said Beijing would act. The leverage stays in Beijing.\n",
    )
    assert _found(_report(seeds)) == [
        ("Beijing", "beijing", "new"),
        ("Beijing", "chinese-government", "new"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
    ]


def test_a_month_names_the_one_measure_of_that_month_after_a_verb_of_its_kind(seeds: Path) -> None:
    _event(seeds, "april-controls", "China's April 2025 export controls", "2025-04-04", "China")
    _event(seeds, "april-tariffs", "April 2025 tariff escalation", "2025-04-02")
    _briefing(
        seeds,
        "Headline\n\nThe controls China imposed in April 2025 still bite. "
        "Permits China has required since April are slow. Shipments fell in April and May. "
        "Under the rules announced in April, exporters wait. Trump will visit in April.\n",
    )
    assert _found(_report(seeds)) == [
        ("April 2025", "april-controls", "new"),
        ("April", "april-controls", "new"),
        ("rules announced in April", "april-controls", "new"),
    ]


def test_a_city_names_the_one_meeting_held_there_after_a_verb_of_meeting(seeds: Path) -> None:
    _entry(seeds, "london", "place", "London")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _event(seeds, "busan-meeting", "Trump–Xi meeting in Busan", "2025-10-30", "Busan, South Korea")
    _event(seeds, "geneva-talks", "Geneva talks", "2025-05-10", "Geneva, Switzerland")
    _event(seeds, "geneva-truce", "Geneva trade truce", "2025-05-12", "Geneva, Switzerland")
    _briefing(
        seeds,
        "Headline\n\nNegotiators agreed in London on a framework. Officials flew on to London. "
        "They will meet in Busan. The truce struck in Geneva held. "
        "The truce the two sides reached in Geneva is fragile. They kept what was agreed in Geneva.\n",
    )
    assert _found(_report(seeds)) == [
        ("London", "london-talks", "new"),
        ("London", "london", "new"),
        ("meet in Busan", "busan-meeting", "new"),
        ("truce struck in Geneva", "geneva-truce", "new"),
        ("Geneva", "geneva-talks", "new"),
    ]


def test_forms_from_the_entries_own_names_outrank_the_end_of_a_longer_title(seeds: Path) -> None:
    _entry(seeds, "rare-earths", "concept", "Rare earths", aliases=("Rare Earth products",))
    _entry(seeds, "heavy-rare-earths", "concept", "Medium and heavy rare earths")
    _entry(seeds, "magnets", "concept", "Rare-earth permanent magnets")
    _briefing(
        seeds,
        "Headline\n\nExports of rare earth products rose. Each rare earth, traders said, counts "
        "and rare earth magnets went abroad.\n",
    )
    assert _found(_report(seeds)) == [
        ("rare earth products", "rare-earths", "new"),
        ("rare earth", "rare-earths", "new"),
        ("rare earth magnets", "magnets", "new"),
    ]


def test_the_command_line_proposes_what_the_context_settles(
    seeds: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _entry(seeds, "london", "place", "London")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _briefing(seeds, "Headline\n\nLONDON, June 10 - Negotiators agreed in London on a framework.\n")
    capsys.readouterr()
    assert main(["suggest", "desk-2025-10", "--seeds", str(seeds), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["suggestions"]
    assert [(s["form"], s["entry"]) for s in found] == [("LONDON", "london"), ("London", "london-talks")]
