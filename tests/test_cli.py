from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import SEEDS


def test_check_is_clean_on_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--seeds", str(SEEDS)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_check_names_file_and_line_of_an_altered_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    entry = seeds / "glossary" / "organization" / "mofcom.yaml"
    text = entry.read_text(encoding="utf-8")
    line = text[: text.index("quote: China’s Ministry of Commerce")].count("\n") + 1
    entry.write_text(text.replace("quote: China’s Ministry of Commerce", "quote: China’s Ministry of Trade"))
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"seeds/glossary/organization/mofcom.yaml:{line}:" in out
    assert "error[quote-not-found]" in out
    assert "closest text in paragraph 2: “China’s Ministry of Commerce”" in out


def test_check_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "glossary" / "broken.yaml").write_text("id: broken\ntype: concept\ntitle: X\n")
    assert main(["check", "--seeds", str(seeds), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=" in out and "broken.yaml,line=1,col=1,title=missing-field::" in out
    assert main(["check", "--seeds", str(seeds), "--format", "json"]) == 1
    assert '"code": "missing-field"' in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "xml"]) == 2
    assert main(["frobnicate"]) == 2


def test_build_refuses_bad_input_and_keeps_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds)
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 0
    index = (out / "html" / "index.html").read_bytes()
    (seeds / "glossary" / "mofcom.yaml").write_text("id: mofcom\ntype: nonsense\n")
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "mofcom.yaml:2:7: error[invalid-value]" in err and "previous output kept" in err
    assert (out / "html" / "index.html").read_bytes() == index
