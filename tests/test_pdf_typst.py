"""The Typst engine: text stays text, every script prints, incremental and parallel PDFs."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.build import PDFStage, SphinxFailed, build, run_sphinx
from briefing.checks import check_project
from briefing.figures import (
    Cell,
    Figure,
    Mark,
    Milestone,
    Node,
    Side,
    Team,
    cast_figure,
    strip_figure,
    timeline_figure,
)
from briefing.pdf._figures import PRINT_FONT, Figures, print_svg
from briefing.pdf._glyphs import _PROBE_VERSION, _SHIPPED, _probe, figure_gaps
from briefing.pdf._typst import FONT_FAMILIES, Job, Markup, compile_brief, digest, engine_version, font_chain
from tests.conftest import SCENARIOS
from tests.test_pdf import figures

INJECTIONS = (
    '#read("/etc/passwd")',
    '#import "/etc/passwd": *',
    '#include "/etc/hostname"',
    '#image("/etc/hostname")',
    "]] [[ #{ ) $x^2$ // not a comment /* nor this */",
    "<label> @ref *bold* _em_ `raw` \\ ~ -- --- ... 'q' \"qq\" = + -",
    "emoji 😀👍🏽 CJK 中文字 Arabic مرحبا",
)
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(pdf: Path) -> str:
    """The PDF's text in logical order (pdftotext), without whitespace, hyphens or bidi marks."""
    command = ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, check=True).stdout
    return flat(text.decode("utf-8").translate(_BIDI))


def flat(text: str) -> str:
    """Compare ignoring line breaks and hyphenation: the property is about characters."""
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFC", text))


@pytest.fixture(scope="module")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fonts")
    for file in font_chain().files:
        (folder / file.name).symlink_to(file)
    return folder


def typeset(text: str, folder: Path, fonts: Path) -> tuple[Path, Markup]:
    """``text`` escaped as the brief escapes it, on one unbroken line, as PDF/UA-1."""
    markup = Markup(font_chain().coverage)
    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    (folder / "t.typ").write_text(
        '#set document(title: "t")\n#set page(width: auto, height: auto, margin: 1em)\n'
        f'#set text(lang: "en", font: ({families}), hyphenate: false)\n' + markup.text(text) + "\n",
        encoding="utf-8",
    )
    outcome = compile_brief(Job("t", folder / "t.typ", folder / "t.pdf", folder, (fonts,), 0))
    assert outcome.error is None, outcome
    return folder / "t.pdf", markup


def test_the_font_chain_is_installed() -> None:
    assert not font_chain().missing, "install the `pdf` group of .ci/system-packages"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
@example(text="\x00\x07\x1b\u2028\ud7ff\ue000\U0010fffd\U00012000")
def test_any_unicode_compiles_under_pdf_ua(text: str, tmp_path: Path, fonts: Path) -> None:
    typeset(text, tmp_path, fonts)


_SCRIPTS = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)]
    + list("\t\n\r\x07\x1béüßçøłœ€£¶§αβγδЖжЯ中文字汉語日本語한국어😀🎉🧲👍🏽🇫🇷")
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_SCRIPTS, max_size=60).map("".join))
@example(text='#read("/etc/passwd")')
@example(text='#import "x": *\n- item\n+ item\n= heading\n// comment')
@example(text="] ) } [[[ #{ let x = 1")
def test_markup_prints_the_text_literally(text: str, tmp_path: Path, fonts: Path) -> None:
    pdf, markup = typeset(text, tmp_path, fonts)
    assert pdf_text(pdf) == flat(markup.clean(text))


def _set_text_fields(seeds: Path, text: str) -> None:
    """Put ``text`` into every plain-text field a contributor writes in the scenario."""

    def edit(path: Path, **changes: object) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(changes)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    edit(seeds / "briefings/alpha/briefing.yaml", title=f"Alpha {text}", subtitle=f"Sub {text}")
    edit(seeds / "glossary/mofcom.yaml", title=f"Ministry {text}", summary=f"Summary {text}")
    edit(
        seeds / "glossary/dysprosium.yaml",
        sources=[{"title": f"Table {text}", "publisher": f"Pub {text}"}],
    )
    edit(seeds / "briefings/alpha/notes/kj-bottom-line.yaml", title=f"Line {text}")


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
@example(text=" ".join(INJECTIONS))
def test_contributor_text_never_becomes_typst_code(text: str, tmp_path: Path) -> None:
    """Whatever a contributor writes, once `check` accepts it the brief builds and prints it."""
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    seeds = work / "seeds"
    shutil.copytree(SCENARIOS / "two-briefings", seeds)
    _set_text_fields(seeds, text)
    assume(check_project(seeds).ok)
    [alpha, beta] = build(seeds, work / "out").pdfs
    # a contributor's straight quotes are typeset as curly ones: read back as written
    printed = pdf_text(alpha).translate(str.maketrans("“”‘’", "\"\"''"))
    expected = flat(Markup(font_chain().coverage).clean(text)).translate(str.maketrans("“”‘’", "\"\"''"))
    for field in ("Alpha", "Sub", "Ministry", "Summary", "Table", "Pub", "Line"):
        assert flat(field) + expected in printed, field
    assert "root:" not in printed  # nothing of /etc/passwd
    # the figures' alt text (a Typst string) holds it too: MOFCOM is on a who's who
    alts = " ".join(alt for pdf in (alpha, beta) for alt, _ in figures(PdfReader(pdf)))
    assert "Ministry " + Markup(font_chain().coverage).clean(text).strip() in " ".join(alts.split())


def test_undrawable_characters_are_a_warning_with_the_briefing(
    scenario: Callable[[str], Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = scenario("two-briefings")
    _set_text_fields(seeds, "private \ue000 use \U00012000")
    with caplog.at_level(logging.WARNING, logger="briefing.pdf"):
        [alpha, _] = build(seeds, tmp_path / "out").pdfs
    messages = sorted(r.getMessage() for r in caplog.records if r.name == "briefing.pdf")
    # beta mentions dysprosium, whose source now holds the characters too
    assert [m.split(":")[0] for m in messages] == ["PDF alpha", "PDF beta"], messages
    assert all("U+E000" in m and "U+12000" in m for m in messages)
    assert "private\N{REPLACEMENT CHARACTER}use" in pdf_text(alpha)


FIGURE_HARD = (
    "\u3164\u2705\u2728 \u0eb3\u0eb1\u0eb4 \u0e81\u0eb1 \u1ea1 \u4e2d\u1ea1\u4e2d "
    "\U0001f1eb\U0001f1f7\ud55c \U0001f44d\U0001f3fd \uff9e"
)
"""A title holding characters the body text prints and the figures once could not draw."""


def test_every_figure_label_source_builds_with_what_the_figures_cannot_draw(
    scenario: Callable[[str], Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = scenario("two-briefings")
    # event (timeline), organization and party (who's who), element (strip), briefing (timeline)
    for path in [*seeds.glob("glossary/*.yaml"), *seeds.glob("briefings/*/briefing.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = f"{data['title']} {FIGURE_HARD}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert check_project(seeds).ok
    with caplog.at_level(logging.WARNING, logger="briefing.pdf"):
        result = build(seeds, tmp_path / "out")
    assert len(result.pdfs) == 2
    drawn = {
        name: (tmp_path / "out/.work/briefingpdf" / name).read_text(encoding="utf-8")
        for name in ("beta.cast.svg", "beta.timeline.svg", "alpha.strip.svg")
    }
    assert "Geneva talks" in drawn["beta.timeline.svg"] and "FR" in drawn["beta.cast.svg"]
    assert "Dysprosium" in drawn["alpha.strip.svg"]
    messages = [r.getMessage() for r in caplog.records if r.name == "briefing.pdf"]
    assert messages and all("the figures cannot draw" in m and "U+2705" in m for m in messages), messages


def _compiled_at(out: Path) -> dict[str, int]:
    return {pdf.stem: pdf.stat().st_mtime_ns for pdf in (out / ".work" / "briefingpdf").glob("*.pdf")}


def test_only_briefings_whose_inputs_changed_are_compiled(
    scenario: Callable[[str], Path], tmp_path: Path
) -> None:
    seeds = scenario("two-briefings")
    out = tmp_path / "out"
    build(seeds, out)
    first = _compiled_at(out)
    assert set(first) == {"alpha", "beta"}

    sources = {typ: typ.stat().st_mtime_ns for typ in (out / ".work" / "briefingpdf").glob("*.typ")}
    build(seeds, out)
    assert _compiled_at(out) == first, "a build with nothing changed compiled a PDF"
    assert {typ: typ.stat().st_mtime_ns for typ in sources} == sources, "and wrote no Typst source"

    note = seeds / "briefings/alpha/notes/context-licences.yaml"
    note.write_text(note.read_text().replace("per shipment", "per consignment"))
    build(seeds, out)
    second = _compiled_at(out)
    assert second["alpha"] != first["alpha"] and second["beta"] == first["beta"]

    entry = seeds / "glossary/geneva-talks.yaml"  # mentioned by beta alone
    entry.write_text(entry.read_text().replace("Talks in Geneva.", "Talks held in Geneva."))
    build(seeds, out)
    third = _compiled_at(out)
    assert third["beta"] != second["beta"] and third["alpha"] == second["alpha"]

    entry = seeds / "glossary/dysprosium.yaml"  # mentioned by both
    entry.write_text(entry.read_text().replace("A heavy rare earth.", "A heavy rare-earth element."))
    build(seeds, out)
    fourth = _compiled_at(out)
    assert fourth["alpha"] != third["alpha"] and fourth["beta"] != third["beta"]


def test_parallel_build_compiles_the_same_pdfs(
    scenario: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1749340800")
    seeds = scenario("two-briefings")
    serial = build(seeds, tmp_path / "serial").pdfs
    parallel = build(seeds, tmp_path / "parallel", jobs=2).pdfs
    assert [p.read_bytes() for p in serial] == [p.read_bytes() for p in parallel]


def test_a_failure_in_the_pdf_process_is_raised_in_the_build(tmp_path: Path) -> None:
    stage = PDFStage(tmp_path / "no-sources", tmp_path / "work", 1)
    with pytest.raises(SphinxFailed, match="no-sources"):
        stage.wait()
    stage.stop()


def test_typst_warnings_are_reported_with_their_briefing_and_never_fatal(
    scenario: Callable[[str], Path],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the emoji font Typst warns of an unknown family; the build still succeeds."""
    from briefing.pdf import _builder

    monkeypatch.setattr(_builder, "FONT_FILES", tuple(f for f in _builder.FONT_FILES if "Emoji" not in f))
    seeds = scenario("two-briefings")
    _set_text_fields(seeds, "magnet 🧲")
    work = build(seeds, tmp_path / "out", pdf=False).sources.parent
    with caplog.at_level(logging.WARNING, logger="briefing.pdf"):  # the builder, in this process
        run_sphinx(work / "src", work, "briefingpdf")
    assert all((work / "briefingpdf" / f"{b}.pdf").is_file() for b in ("alpha", "beta"))
    messages = [r.getMessage() for r in caplog.records if r.name == "briefing.pdf"]
    assert any(m.startswith("PDF alpha: unknown font family: noto color emoji") for m in messages), messages
    assert any(m.startswith("PDF alpha: no font draws U+1F9F2") for m in messages), messages
    assert len(messages) == len(set(messages)), "each warning once"


def _cast_with(title: str) -> Figure:
    person = Node("p", title, "person", title)
    org = Node("o", title, "organization")
    return cast_figure((Side(title, None, (Team(org, (person,)),)),), {"p": "#p", "o": "#o"})


def _every_figure_with(title: str) -> list[Figure]:
    """``title`` in every label source: who's who (party, organization, person), timeline
    (event title, briefing title) and element strip (element name)."""
    day = dt.date(2025, 5, 10)
    return [
        _cast_with(title),
        timeline_figure([Mark("e", title, "event", day, None, "#e")], [Milestone("b", title, day, "b.html")]),
        strip_figure([Cell("d", title, "Dy", 66, title, day, "#d")], highlight="d"),
    ]


@pytest.fixture(scope="module")
def gaps(fonts: Path) -> frozenset[int]:
    return figure_gaps(font_chain(), fonts, PRINT_FONT)


HARD = (
    "\u3164\u115f\u1160\uffa0"  # Hangul fillers: default-ignorable letters
    "\u2705\u2728\u274e\u2753\u2b50\u2764\ufe0f\U0001f600\U0001f44d\U0001f3fd\U0001f468\u200d\U0001f469"
    "\U0001f1eb\U0001f1f7\U0001fae8"  # emoji: text-default, sequences, flags, newer than the font
    "\u0e81\u0eb1\u0eb4\u0eb3\u0e33\u0e01"  # Lao and Thai vowels, alone and on a consonant
    "e\u0301\u0345\u20dd\u0903"  # combining marks
    "\u0378\U000e0001\ue000\U0010fffd"  # unassigned, tag, private use
    "\u05d0\u0645\u0631\u062d\u0628\u0627\u200f\u202e\u2067"  # right to left, bidi controls
    "\u4e2d\u6587\u3042\ud55c\u00ad\u200b\u2060\ufeff\u034f\u180e"  # CJK, invisible
)
"""Characters whose drawing in a figure once failed the brief, and their neighbours."""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(HARD),
            st.characters(min_codepoint=0x0E80, max_codepoint=0x0EFF),
        ),
        min_size=1,
        max_size=30,
    )
)
@example(text="emoji 😀👍🏽 👨‍👩‍👧 CJK 中文字 Arabic مرحبا e\u0301 \ue000 \U0001f8ff")
@example(text=HARD)
@example(text="\u3164")
@example(text="\u0eb1")
@example(text="\u0eb4")
@example(text="\u0eb3")
@example(text="\u2705")
def test_any_label_in_a_figure_compiles_under_pdf_ua(
    text: str, tmp_path: Path, fonts: Path, gaps: frozenset[int]
) -> None:
    markup = Markup(font_chain().coverage)
    figures = Figures("t", markup, gaps)
    placed = "\n".join(figures.place(figure, lambda _: None) for figure in _every_figure_with(text))
    for name, svg in figures.files.items():
        (tmp_path / name).write_text(svg, encoding="utf-8")
    (tmp_path / "t.typ").write_text(
        '#set document(title: "t")\n#set text(lang: "en")\n'
        '#let brief-figure(file, alt: "", caption: [], width: none, min-width: 0pt, view: 1, links: ()) = '
        "figure("
        'image(file, format: "svg", alt: alt), caption: caption)\n' + placed + "\n",
        encoding="utf-8",
    )
    outcome = compile_brief(Job("t", tmp_path / "t.typ", tmp_path / "t.pdf", tmp_path, (fonts,), 0))
    assert outcome.error is None, outcome


def test_the_renderer_is_asked_what_it_cannot_draw(gaps: frozenset[int]) -> None:
    coverage = font_chain().coverage
    # covered by the fonts, refused by the SVG renderer: found, not listed by hand
    assert {0x2705, 0x0EB3} <= gaps <= coverage | {0xFFFD}
    assert not {ord(c) for c in "Aé中😀ก"} & gaps
    markup = Markup(coverage)
    assert (
        print_svg(_cast_with("ok \u2705\u3164 done").svg, markup, gaps).count(
            "ok \N{REPLACEMENT CHARACTER} done"
        )
        == 3
    )
    assert markup.unfigured == {"\u2705"} and "the figures cannot draw U+2705" in (markup.report() or "")


def test_the_probe_finds_what_the_renderer_refuses(fonts: Path) -> None:
    assert _probe([*"Aé中😀", "\u2705", "\u0eb3", *"xyz"], fonts, PRINT_FONT) == {"\u2705", "\u0eb3"}


def test_the_shipped_answer_is_the_renderers_for_the_pinned_fonts(fonts: Path, gaps: frozenset[int]) -> None:
    """The answer shipped for the pinned engine and fonts is used without probing and
    is what the renderer says, checked on a sample of it."""
    key = digest(_PROBE_VERSION, engine_version(), font_chain().digest, PRINT_FONT)
    if key not in _SHIPPED:
        pytest.skip("fonts or engine other than the pinned ones: the probe answers")
    assert gaps == _SHIPPED[key]
    sample = {chr(c) for c in sorted(gaps)[::6]}
    assert _probe([*sorted(sample), *"Aé中😀xyz"], fonts, PRINT_FONT) == sample


def test_the_print_svg_has_no_links_styles_or_unpinned_fonts() -> None:
    svg = print_svg(_cast_with("Wang Wentao").svg, Markup(font_chain().coverage), frozenset())
    assert "Wang Wentao" in svg
    for absent in ("<a ", "href", "class=", "aria-", "<title", "var(", "<style", "system-ui"):
        assert absent not in svg, absent
    families = re.search(r'font-family="([^"]+)"', svg).group(1)
    assert [f.strip(" '") for f in families.split(",")] == [
        "DejaVu Sans",
        *(f for f in FONT_FAMILIES if f != "DejaVu Sans"),
    ]
    assert set(re.findall(r'font-family="([^"]+)"', svg)) == {families}
