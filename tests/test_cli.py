from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.cli._site import _running_for

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
    assert "::error file=" in out and "broken.yaml,line=4,col=1,title=missing-field::" in out
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


def test_failed_first_build_says_so_and_leaves_no_stage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds)
    out = tmp_path / "out"
    (seeds / "glossary" / "mofcom.yaml").write_text("id: mofcom\ntype: nonsense\n")
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "previous output kept" not in err and "nothing was published" in err
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds, dirs_exist_ok=True)

    from briefing import build as build_module

    class FailingPDFs:  # the PDF process's failure, as PDFStage.wait reports it
        def __init__(self, *args: object) -> None:
            pass

        def wait(self) -> None:
            raise build_module.SphinxFailed("the PDF builder failed")

        def stop(self) -> None:
            pass

    monkeypatch.setattr(build_module, "PDFStage", FailingPDFs)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "the PDF builder failed" in err and "build stopped; nothing was published" in err
    assert sorted(p.name for p in out.iterdir()) == [".work"], "a failed build leaves only its reusable cache"


def test_site_only_build_keeps_the_last_pdfs_or_drops_the_link(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds)
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    last = b"%PDF-1.7 the brief of the last full build"
    (out / "pdf" / "alpha.pdf").write_bytes(last)  # beta never had a PDF
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf"]) == 0
    assert (out / "pdf" / "alpha.pdf").read_bytes() == last
    assert (out / "html" / "pdf" / "alpha.pdf").read_bytes() == last
    from bs4 import BeautifulSoup

    for briefing, linked in (("alpha", True), ("beta", False)):
        page = BeautifulSoup(
            (out / "html" / "briefings" / f"{briefing}.html").read_text("utf-8"), "html.parser"
        )
        links = [a["href"] for a in page.select(".briefing-dateline a") if a.get_text() == "Download PDF"]
        assert links == ([f"../pdf/{briefing}.pdf"] if linked else []), briefing
        assert page.select(".briefing-export-link"), "the rest of the dateline stays"


def test_check_locked_names_a_stale_lock_until_fix_records_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "glossary" / "concept" / "robots.yaml").write_text(
        "id: robots\ntype: concept\ntitle: Robots\nsummary: Machines.\nbody: Machines.\n"
        "sources:\n  - title: Rare-earth magnet\n    publisher: Wikipedia\n"
        "mentions:\n  rare-earth-licences-2025-06:\n    - quote: robots\n",
        encoding="utf-8",
    )
    assert main(["check", "--seeds", str(seeds)]) == 0, "a stale lock is no error without --locked"
    capsys.readouterr()
    assert main(["check", "--seeds", str(seeds), "--locked"]) == 1
    err = capsys.readouterr().out
    lock = seeds / "briefings" / "rare-earth-licences-2025-06" / "anchors.lock.json"
    assert f"{lock}:1:1: error[lock-stale]: anchors.lock.json is out of date: 1 annotation(s) added" in err
    assert "hint: run `briefing check --fix` and commit anchors.lock.json" in err
    assert main(["check", "--seeds", str(seeds), "--fix"]) == 0
    assert main(["check", "--seeds", str(seeds), "--locked"]) == 0


@pytest.mark.parametrize("site_only", [True, False], ids=["site", "site-and-pdf"])
def test_build_prints_every_warning_check_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_only: bool
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent / "scenarios" / "two-briefings", seeds)
    entry = seeds / "glossary" / "mofcom.yaml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("summary: ", "summary: TODO one line for previews. ", 1), encoding="utf-8")
    assert main(["check", "--seeds", str(seeds)]) == 0
    checked = [line for line in capsys.readouterr().out.splitlines() if "warning[" in line or "hint:" in line]
    assert any("warning[todo-placeholder]" in line for line in checked)
    out = tmp_path / "out"
    assert (
        main(["build", "--seeds", str(seeds), "--out", str(out), *(["--no-pdf"] if site_only else [])]) == 0
    )
    built = capsys.readouterr()
    assert [line for line in built.err.splitlines() if "warning[" in line or "hint:" in line] == checked
    assert f"published with {sum('warning[' in line for line in checked)} warning(s)" in built.out
    assert "TODO one line for previews" in (out / "html" / "glossary" / "mofcom.html").read_text("utf-8")
    assert site_only or sorted(p.name for p in (out / "pdf").glob("*.pdf")) == ["alpha.pdf", "beta.pdf"]


def test_check_json_is_a_list_even_when_clean(
    scenario: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = scenario("two-briefings")
    assert main(["check", "--seeds", str(seeds), "--no-cache"]) == 0
    clean = "0 error(s), 0 warning(s)" in capsys.readouterr().out
    assert main(["check", "--seeds", str(seeds), "--format", "json", "--no-cache"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert isinstance(found, list) and (found == []) == clean


def test_build_time_counts_from_the_start_of_the_process() -> None:
    started = time.monotonic()
    time.sleep(0.2)
    assert _running_for() >= time.monotonic() - started - 0.05


def test_serve_says_at_once_that_its_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        command = ["serve", "--seeds", str(SEEDS), "--out", str(tmp_path / "o"), "--port", str(port)]
        done = subprocess.run(
            [sys.executable, "-m", "briefing", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode != 0 and f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert time.monotonic() - started < 10 and not (tmp_path / "o" / "html").exists()  # before any build


@pytest.mark.parametrize(
    ("command", "exists"),
    # a file given as --seeds is refused by the option parser already (a usage error)
    [(["check"], False), (["build", "--no-pdf"], False), (["export"], False)],
)
def test_a_missing_seeds_folder_is_named_as_such(
    command: list[str],
    exists: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    if exists:  # a file where the folder should be
        (tmp_path / "missing-folder").write_text("not a folder\n")
    args = [*command, "--seeds", "missing-folder"]
    if command[0] == "build":
        args += ["--out", str(tmp_path / "out")]
    assert main(args) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err
    what = "is not a folder" if exists else "does not exist"
    assert f"missing-folder:1:1: error[seeds-missing]: seeds folder `missing-folder` {what}\n" in err
    assert "article-missing" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
