"""The Typst engine: text stays text, every script prints, incremental and parallel PDFs."""

from __future__ import annotations

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
from briefing.figures import Figure, Node, Side, Team, cast_figure
from briefing.pdf._figures import Figures, print_svg
from briefing.pdf._typst import FONT_FAMILIES, Job, Markup, compile_brief, font_chain
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
    printed = pdf_text(alpha)
    expected = flat(Markup(font_chain().coverage).clean(text))
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8"), min_size=1, max_size=30))
@example(text="emoji 😀👍🏽 👨‍👩‍👧 CJK 中文字 Arabic مرحبا e\u0301 \ue000 \U0001f8ff")
def test_any_label_in_a_figure_compiles_under_pdf_ua(text: str, tmp_path: Path, fonts: Path) -> None:
    markup = Markup(font_chain().coverage)
    figures = Figures("t", markup)
    placed = figures.place(_cast_with(text))
    for name, svg in figures.files.items():
        (tmp_path / name).write_text(svg, encoding="utf-8")
    (tmp_path / "t.typ").write_text(
        '#set document(title: "t")\n#set text(lang: "en")\n'
        '#let brief-figure(file, alt: "", caption: [], width: 100%) = figure('
        'image(file, format: "svg", alt: alt, width: width), caption: caption)\n' + placed + "\n",
        encoding="utf-8",
    )
    outcome = compile_brief(Job("t", tmp_path / "t.typ", tmp_path / "t.pdf", tmp_path, (fonts,), 0))
    assert outcome.error is None, outcome


def test_the_print_svg_has_no_links_styles_or_unpinned_fonts() -> None:
    svg = print_svg(_cast_with("Wang Wentao").svg, Markup(font_chain().coverage))
    assert "Wang Wentao" in svg
    for absent in ("<a ", "href", "class=", "aria-", "<title", "var(", "<style", "system-ui"):
        assert absent not in svg, absent
    families = re.search(r'font-family="([^"]+)"', svg).group(1)
    assert [f.strip(" '") for f in families.split(",")] == [
        "DejaVu Sans",
        *(f for f in FONT_FAMILIES if f != "DejaVu Sans"),
    ]
    assert set(re.findall(r'font-family="([^"]+)"', svg)) == {families}
