"""``suggest`` reads the words around a name: each rule of ``suggest._context`` and ``suggest._events``
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


def _event(
    seeds: Path,
    entry_id: str,
    title: str,
    start: str,
    place: str | None = None,
    aliases: tuple[str, ...] = (),
) -> None:
    _fields(_entry(seeds, entry_id, "event", title, aliases=aliases), start=start, place=place)


def _fields(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update({k: v for k, v in fields.items() if v is not None})
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
        # The country before an office is part of it, as before an organisation's name.
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
        "Under the rules announced in April, exporters wait. Trump will visit in April. "
        "Lines have stood since early April, when Beijing began requiring a licence. "
        "Sales have slowed since early April, when the weather turned.\n",
    )
    assert _found(_report(seeds)) == [
        ("April 2025", "april-controls", "new"),
        ("April", "april-controls", "new"),
        ("rules announced in April", "april-controls", "new"),
        ("April", "april-controls", "new"),
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


def test_a_city_after_a_word_of_time_names_its_meeting_and_a_venue_its_event(seeds: Path) -> None:
    _entry(seeds, "london", "place", "London")
    _entry(seeds, "geneva", "place", "Geneva")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _event(seeds, "geneva-talks", "Geneva talks", "2025-05-10", "Geneva, Switzerland")
    _briefing(
        seeds,
        "Headline\n\nStockholm was the third round after Geneva and London. A deal in London may "
        "help. They sat at Lancaster House. Officials flew on to London. Geneva is quiet.\n",
    )
    assert _found(_report(seeds)) == [
        ("Geneva", "geneva-talks", "new"),
        ("London", "london-talks", "new"),
        ("London", "london-talks", "new"),
        ("Lancaster House", "london-talks", "new"),
        ("London", "london", "new"),
        ("Geneva", "geneva/geneva-talks", "ambiguous"),
    ]


def test_a_day_named_after_a_dated_phrase_must_be_one_of_its_days(seeds: Path) -> None:
    post = _entry(seeds, "trump-post", "document", "Trump's post on the call", aliases=("social media post",))
    _fields(post, issued="2025-06-05")
    _event(seeds, "call", "Trump–Xi call", "2025-06-05", aliases=("phone call",))
    _event(seeds, "october-controls", "October 2025 export controls", "2025-10-09")
    _briefing(
        seeds,
        "Headline\n\nIn a social media post on Sunday, Trump spoke. In a phone call on Thursday, "
        "they agreed. A phone call on June 9 was short, as was the phone call on 5 June. "
        "The ministry confirmed the October controls on November 7.\n",
    )
    assert _found(_report(seeds)) == [
        ("phone call", "call", "new"),
        ("phone call", "call", "new"),
        ("5 June", "call", "new"),
        ("the October controls", "october-controls", "new"),
    ]


def test_another_quantity_a_span_of_days_or_a_day_without_its_parties_is_not_the_entry(seeds: Path) -> None:
    _entry(seeds, "truce-days", "statistic", "90-day tariff suspension")
    _entry(seeds, "hassett", "person", "Kevin Hassett")
    _fields(_entry(seeds, "interview", "event", "Hassett interview"), start="2025-06-08", parties=["hassett"])
    _event(seeds, "april-controls", "April 2025 export controls", "2025-04-04")
    _event(seeds, "statement", "MOFCOM statement on licences", "2025-06-07")
    _briefing(
        seeds,
        "Headline\n\nTariffs were cut for 90 days. They were cut for another 90 days, then a further "
        "90 days. He will visit from June 8 to 13, and between June 8 and 10 too. "
        "On June 8, Kevin Hassett spoke. On June 8, Trump spoke. Controls came on April 4. "
        "In a statement on June 7 it agreed; on June 7 it rained.\n",
    )
    assert _found(_report(seeds)) == [
        ("90 days", "truce-days", "new"),
        ("June 8", "interview", "new"),
        ("Kevin Hassett", "hassett", "new"),
        ("April 4", "april-controls", "new"),
        ("June 7", "statement", "new"),
    ]


def test_a_family_name_alone_names_the_person_named_in_full_before(seeds: Path) -> None:
    _entry(seeds, "wang-wentao", "person", "Wang Wentao")
    _entry(seeds, "he-lifeng", "person", "He Lifeng")
    _entry(seeds, "scott-bessent", "person", "Scott Bessent")
    _briefing(
        seeds,
        "Headline\n\nWang said talks would go on. Wang Wentao met He Lifeng and Scott Bessent. "
        "Wang said that He would travel, and Bessent agreed. He declined to comment.\n",
    )
    assert _found(_report(seeds)) == [
        ("Wang Wentao", "wang-wentao", "new"),
        ("He Lifeng", "he-lifeng", "new"),
        ("Scott Bessent", "scott-bessent", "new"),
        ("Wang", "wang-wentao", "new"),
        ("He", "he-lifeng", "new"),
        ("Bessent", "scott-bessent", "new"),
    ]


def test_a_seat_of_government_travelled_to_or_sited_in_is_the_city_and_owning_is_the_government(
    seeds: Path,
) -> None:
    _entry(seeds, "beijing", "place", "Beijing")
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("Beijing",))
    _briefing(
        seeds,
        "Headline\n\nExecutives will travel to Beijing. Others visited Beijing in May. The end of "
        "Beijing's countermeasures is near. Firms in Beijing's orbit wait. Hotels in Beijing are "
        "full, the embassy in Beijing said. Officials in Beijing wait.\n",
    )
    assert _found(_report(seeds)) == [
        ("Beijing", "beijing", "new"),
        ("Beijing", "beijing", "new"),
        ("Beijing", "chinese-government", "new"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
        ("Beijing", "beijing", "new"),
        ("Beijing", "beijing", "new"),
        ("Beijing", "beijing/chinese-government", "ambiguous"),
    ]


def test_a_country_before_the_word_government_names_its_government(seeds: Path) -> None:
    _places(seeds)
    government = _entry(seeds, "us-government", "organization", "Government of the United States")
    _fields(government, country="united-states")
    _briefing(seeds, "Headline\n\nFirms will pay the U.S. government a share, the U.S. said.\n")
    assert _found(_report(seeds)) == [
        ("U.S. government", "us-government", "new"),
        ("U.S.", "united-states", "new"),
    ]


def test_an_organisation_placed_or_owned_elsewhere_is_not_named(seeds: Path) -> None:
    _places(seeds)
    _entry(seeds, "lutnick", "person", "Howard Lutnick")
    mofcom = _entry(seeds, "mofcom", "organization", "Ministry of Commerce", aliases=("commerce ministry",))
    _fields(mofcom, country="china")
    us = _entry(
        seeds, "us-government", "organization", "Government of the United States", aliases=("Washington",)
    )
    _fields(us, country="united-states")
    commerce = _entry(seeds, "us-commerce", "organization", "Commerce Department", aliases=("Commerce",))
    _fields(commerce, country="united-states")
    _briefing(
        seeds,
        "Headline\n\nIndia's commerce ministry asked China's Commerce Ministry for help, a "
        "Washington-based lawyer said. Howard Lutnick said Lutnick's Commerce Department and "
        "Washington would wait, as would the Department of Commerce.\n",
    )
    assert _found(_report(seeds)) == [
        ("China's Commerce Ministry", "mofcom", "new"),
        ("Howard Lutnick", "lutnick", "new"),
        ("Lutnick", "lutnick", "new"),
        ("Commerce Department", "us-commerce", "new"),
        ("Washington", "us-government", "new"),
        ("Department of Commerce", "us-commerce", "new"),
    ]


def test_a_city_before_the_noun_of_what_was_done_there_or_acting_names_it(seeds: Path) -> None:
    _entry(seeds, "london", "place", "London")
    _entry(seeds, "geneva", "place", "Geneva")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _event(seeds, "geneva-talks", "Geneva talks", "2025-05-10", "Geneva, Switzerland")
    _event(seeds, "geneva-truce", "Geneva trade truce", "2025-05-12", "Geneva, Switzerland")
    _briefing(
        seeds,
        'Headline\n\nThe London deal holds, unlike the Geneva deal. "What London produced is a '
        'promise," she said. Bessent left London early. Geneva is quiet.\n',
    )
    assert _found(_report(seeds)) == [
        ("London deal", "london-talks", "new"),
        ("Geneva deal", "geneva-truce", "new"),
        ("London", "london-talks", "new"),
        ("London", "london", "new"),
        ("Geneva", "geneva/geneva-talks", "ambiguous"),
    ]


def test_names_in_capitals_initialisms_and_the_agency_of_a_dateline(seeds: Path) -> None:
    _places(seeds)
    _entry(seeds, "mofcom", "organization", "Ministry of Commerce", aliases=("MOFCOM",))
    _entry(seeds, "reuters", "organization", "Reuters")
    _briefing(
        seeds,
        "Headline\n\nBEIJING, Oct 9 (Reuters) - Senior U.S. officials met. US firms wait.\n\n"
        "WHAT DID MOFCOM ANNOUNCE?\n\nWHY DOES CHINA HAVE SO MUCH LEVERAGE?\n\n"
        "WHAT IT MEANS FOR US\n\nThe Reuters Building is closed.\n",
    )
    assert _found(_report(seeds)) == [
        ("Reuters", "reuters", "new"),
        ("U.S.", "united-states", "new"),
        ("US", "united-states", "new"),
        ("MOFCOM", "mofcom", "new"),
        ("CHINA", "china", "new"),
    ]


def test_an_alias_that_is_a_bare_noun_names_its_entry_only_where_it_acts(seeds: Path) -> None:
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("the regime",))
    _briefing(
        seeds,
        "Headline\n\nThe regime said it would act. The regime set up in April remains, and the "
        "regime stays. Critics of the regime spoke.\n",
    )
    assert _found(_report(seeds)) == [
        ("The regime", "chinese-government", "new"),
        ("the regime", "chinese-government", "new"),
    ]


def test_a_month_after_a_measure_of_another_kind_and_a_share_of_processed_output(seeds: Path) -> None:
    _event(seeds, "may-crackdown", "May 2025 export control crackdown", "2025-05-12")
    _event(seeds, "april-controls", "April 2025 export controls", "2025-04-04")
    share = _entry(
        seeds, "processing-share", "statistic", "China's share of rare-earth processing (about 90%)"
    )
    _fields(share, value="about 90 percent")
    _briefing(
        seeds,
        "Headline\n\nThe countermeasures imposed in May stay, and so do the controls imposed in "
        "May. The April regime never went away. China produces about 90% of the world's processed "
        "rare earths.\n",
    )
    assert _found(_report(seeds)) == [
        ("controls imposed in May", "may-crackdown", "new"),
        ("The April regime", "april-controls", "new"),
        ("about 90% of the world's processed rare earths", "processing-share", "new"),
    ]


def test_plural_spellings_british_shares_compared_counts_and_a_city_that_is_something(seeds: Path) -> None:
    _entry(seeds, "licence", "concept", "Export licence", aliases=("licenses",))
    _entry(seeds, "rare-earths", "concept", "Rare earths")
    _entry(seeds, "heavy", "concept", "Medium and heavy rare earths")
    _entry(seeds, "count", "statistic", "Seven rare earths under control")
    share = _entry(seeds, "mining-share", "statistic", "China's share of rare-earth mining (about 70%)")
    _fields(share, value="about 70 percent")
    _entry(seeds, "london", "place", "London")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _event(seeds, "april-controls", "April 2025 export controls", "2025-04-04")
    _briefing(
        seeds,
        "Headline\n\nFirms need a license for each shipment. The curbs date from 4 April, when seven "
        "heavier rare earths were listed. China mines roughly 70 per cent of the world's rare earths. "
        "'London was good news,' she said.\n",
    )
    assert _found(_report(seeds)) == [
        ("license", "licence", "new"),
        ("4 April", "april-controls", "new"),
        ("seven heavier rare earths", "count", "new"),
        ("mines roughly 70 per cent of the world's rare earths", "mining-share", "new"),
        ("London", "london/london-talks", "ambiguous"),
    ]


def test_a_city_or_a_kind_with_its_month_names_the_event_and_a_bare_city_is_left_to_choose(
    seeds: Path,
) -> None:
    _entry(seeds, "london", "place", "London")
    _entry(seeds, "geneva", "place", "Geneva")
    _event(seeds, "london-talks", "London talks", "2025-06-09", "Lancaster House, London, United Kingdom")
    _event(seeds, "geneva-talks", "Geneva talks", "2025-05-10", "Geneva, Switzerland")
    _event(seeds, "geneva-truce", "Geneva trade truce", "2025-05-12", "Geneva, Switzerland")
    _event(seeds, "call", "Trump–Xi phone call", "2025-06-05")
    _briefing(
        seeds,
        "Headline\n\nTalks came on Geneva in May and London in June. By the call in June, trust "
        "was thin, and from then through London it grew. Officials in London wait. The commitments "
        "it made in London hold; the London Metal Exchange is calm.\n",
    )
    assert _found(_report(seeds)) == [
        ("Geneva", "geneva-talks", "new"),
        ("London", "london-talks", "new"),
        ("the call in June", "call", "new"),
        ("London", "london/london-talks", "ambiguous"),
        ("London", "london", "new"),
        ("London", "london-talks", "new"),
    ]


def test_a_seat_of_government_after_an_article_and_before_a_noun_is_the_city(seeds: Path) -> None:
    _entry(seeds, "beijing", "place", "Beijing")
    _entry(seeds, "chinese-government", "organization", "Government of China", aliases=("Beijing",))
    _entry(seeds, "us-government", "organization", "Government of the United States", aliases=("Washington",))
    _briefing(
        seeds,
        "Headline\n\nShe works at a Washington think tank. Washington said no. The Beijing office "
        "opened, and Beijing agreed.\n",
    )
    assert _found(_report(seeds)) == [
        ("Washington", "us-government", "new"),
        ("Beijing", "beijing", "new"),
        ("Beijing", "chinese-government", "new"),
    ]
