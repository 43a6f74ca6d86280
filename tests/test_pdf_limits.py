"""One briefing's PDF compile runs in a child process of its own, under a memory and a
time limit: a brief that exceeds them is a named, clean failure that publishes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.pdf import _worker
from briefing.pdf._typst import Job, Outcome
from briefing.pdf._worker import (
    DEFAULT_MEMORY_MB,
    MEMORY_VARIABLE,
    SECONDS_VARIABLE,
    Limits,
    LimitsInvalid,
    compile_bounded,
)

SMALL = '#set document(title: [Brief])\n#set text(lang: "en")\nA brief of one line.\n'


def jobs(folder: Path, *names: str) -> list[Job]:
    for name in names:
        (folder / f"{name}.typ").write_text(SMALL, encoding="utf-8")
    return [Job(n, folder / f"{n}.typ", folder / f"{n}.pdf", folder, (), 0) for n in names]


def test_briefs_compile_in_bounded_children_and_come_back_in_order(tmp_path: Path) -> None:
    outcomes = list(compile_bounded(jobs(tmp_path, "b", "a", "c"), 2, Limits()))
    assert [(o.briefing, o.error) for o in outcomes] == [("b", None), ("a", None), ("c", None)]
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")


def _serve_one_then_die(_limits: Limits, requests: Connection) -> None:
    """A worker that compiles its first brief and dies on the next, as one whose cap the
    earlier briefs used up would."""
    job = requests.recv()
    requests.send(Outcome(job.briefing, ()))
    requests.recv()
    os._exit(86)


def test_a_brief_a_used_worker_dies_on_is_compiled_again_in_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_worker, "_serve", _serve_one_then_die)
    outcomes = list(compile_bounded(jobs(tmp_path, "a", "b", "c"), 1, Limits()))
    assert [(o.briefing, o.error) for o in outcomes] == [("a", None), ("b", None), ("c", None)]


def _die(_limits: Limits, requests: Connection) -> None:
    requests.recv()
    os._exit(86)


def test_a_brief_a_fresh_worker_dies_on_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_worker, "_serve", _die)
    [outcome] = compile_bounded(jobs(tmp_path, "a"), 1, Limits(memory_mb=100))
    assert outcome.error == (
        f"the compile needed more than 100 MiB of memory, the limit for one briefing ({MEMORY_VARIABLE})"
    )


def test_a_compile_over_its_memory_is_stopped_and_named(tmp_path: Path) -> None:
    [outcome] = compile_bounded(jobs(tmp_path, "alpha"), 1, Limits(memory_mb=64))
    assert outcome.briefing == "alpha"
    assert outcome.error == (
        f"the compile needed more than 64 MiB of memory, the limit for one briefing ({MEMORY_VARIABLE})"
    )
    assert not (tmp_path / "alpha.pdf").exists()


def test_a_compile_over_its_time_is_killed_and_named(tmp_path: Path) -> None:
    [slow, fast] = compile_bounded(jobs(tmp_path, "slow", "fast"), 1, Limits(seconds=0.001))
    assert (
        slow.error == f"the compile took longer than 0.001 s, the limit for one briefing ({SECONDS_VARIABLE})"
    )
    assert fast.briefing == "fast" and fast.error is not None


@pytest.mark.parametrize(
    ("memory", "seconds", "problem"),
    [
        ("0", "", f"{MEMORY_VARIABLE} must be a whole number of MiB above 0, not '0'"),
        ("2G", "", f"{MEMORY_VARIABLE} must be a whole number of MiB above 0, not '2G'"),
        ("", "nan", f"{SECONDS_VARIABLE} must be a number of seconds above 0, not 'nan'"),
        ("", "-1", f"{SECONDS_VARIABLE} must be a number of seconds above 0, not '-1'"),
    ],
)
def test_limits_from_the_environment_are_checked(
    monkeypatch: pytest.MonkeyPatch, memory: str, seconds: str, problem: str
) -> None:
    monkeypatch.setenv(MEMORY_VARIABLE, memory)
    monkeypatch.setenv(SECONDS_VARIABLE, seconds)
    with pytest.raises(LimitsInvalid) as raised:
        Limits.from_environment()
    assert str(raised.value) == problem


def test_limits_default_and_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_VARIABLE, raising=False)
    monkeypatch.setenv(SECONDS_VARIABLE, "2.5")
    assert Limits.from_environment() == Limits(DEFAULT_MEMORY_MB, 2.5)


def test_a_brief_over_its_memory_fails_the_build_and_keeps_the_last_output(
    scenario: Callable[[str], Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = scenario("two-briefings")
    out = seeds.parent / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 0
    published = {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".work" not in p.parts
    }
    assert any(p.suffix == ".pdf" for p in published)
    note = next((seeds / "briefings" / "beta" / "notes").glob("*.yaml"))
    note.write_text(
        note.read_text(encoding="utf-8").replace("body: ", "body: Changed. ", 1), encoding="utf-8"
    )
    capsys.readouterr()
    monkeypatch.setenv(MEMORY_VARIABLE, "64")
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    where = seeds / "briefings" / "beta" / "briefing.yaml"
    assert err.startswith(
        f"{where}:1:1: error[pdf-failed]: the PDF of `beta` could not be made: the compile needed more "
        f"than 64 MiB of memory, the limit for one briefing ({MEMORY_VARIABLE})\n"
    )
    assert "previous output kept" in err and "Traceback" not in err
    after = {
        p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".work" not in p.parts
    }
    assert after == published
    monkeypatch.delenv(MEMORY_VARIABLE)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 0  # and it is compiled again
    assert (out / "pdf" / "beta.pdf").read_bytes() != published[Path("pdf/beta.pdf")]
