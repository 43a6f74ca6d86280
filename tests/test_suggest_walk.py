"""``briefing suggest --write`` on a terminal: the proposals reviewed one by one."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefing.cli import cli

from .test_suggest import BRIEFING, _briefing, _entry

TEXT = "Headline\n\nChina spoke. Beijing replied to Washington. Then China left Beijing.\n"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    root = tmp_path / "seeds"
    root.mkdir()
    _entry(root, "china", "place", "China", comment="# Reviewed by the desk.\n")
    _entry(root, "washington", "place", "Washington")
    _entry(root, "beijing", "place", "Beijing")
    _entry(root, "beijing-municipality", "place", "Beijing Municipality", aliases=("Beijing",))
    _briefing(root, TEXT)
    return root


def _mentions(seeds: Path, entry_type: str, entry: str) -> list[dict[str, object]]:
    data = yaml.safe_load((seeds / "glossary" / entry_type / f"{entry}.yaml").read_text(encoding="utf-8"))
    return list(data.get("mentions", {}).get(BRIEFING, []))


def _walk(seeds: Path, keys: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["suggest", BRIEFING, "--seeds", str(seeds), "--walk", *extra], input=keys
    )
    return result.exit_code, result.output


def test_each_proposal_is_asked_about_in_its_sentence(seeds: Path) -> None:
    # Reading order: China, Beijing (ambiguous), Washington, China, Beijing (ambiguous).
    status, out = _walk(seeds, "y\n2\nn\ny\n1\n")
    assert status == 0, out
    assert "(1/5) ¶1  [China] spoke." in out
    assert "(2/5) ¶1  [Beijing] replied to Washington." in out
    assert "1) beijing: Beijing\n  2) beijing-municipality: Beijing Municipality" in out
    assert "→ washington: Washington" in out
    assert _mentions(seeds, "place", "china") == [
        {"quote": "China", "suffix": " spoke."},
        {"quote": "China", "prefix": "Then "},
    ]
    assert _mentions(seeds, "place", "beijing-municipality") == [{"quote": "Beijing", "prefix": "spoke. "}]
    assert _mentions(seeds, "place", "beijing") == [{"quote": "Beijing", "prefix": "left "}]
    assert _mentions(seeds, "place", "washington") == []
    assert (seeds / "glossary" / "place" / "china.yaml").read_text().startswith("# Reviewed by the desk.\n")


def test_accept_all_takes_earlier_choices_for_the_same_words(seeds: Path) -> None:
    status, out = _walk(seeds, "n\n1\na\n")
    assert status == 0, out
    assert "(3/5)" in out and "(4/5)" not in out
    assert _mentions(seeds, "place", "china") == [{"quote": "China", "prefix": "Then "}]
    assert len(_mentions(seeds, "place", "beijing")) == 2
    assert len(_mentions(seeds, "place", "washington")) == 1


def test_quit_writes_what_was_accepted_after_confirming(seeds: Path) -> None:
    status, out = _walk(seeds, "y\nq\nn\n?\nq\ny\n")
    assert status == 0, out
    assert "Write the 1 mention(s) accepted so far and stop [y,n]?" in out
    assert "a - accept this and every remaining proposal" in out
    assert _mentions(seeds, "place", "china") == [{"quote": "China", "suffix": " spoke."}]
    assert _mentions(seeds, "place", "beijing") == []


def test_an_interrupted_walk_writes_nothing(seeds: Path) -> None:
    before = {p: p.read_bytes() for p in seeds.rglob("*.yaml")}
    status, out = _walk(seeds, "y\ny\n")  # input ends mid-walk, as Ctrl-C would end it
    assert status == 1
    assert "nothing written" in out
    assert {p: p.read_bytes() for p in seeds.rglob("*.yaml")} == before


def test_wrong_keys_show_help_and_ask_again(seeds: Path) -> None:
    status, out = _walk(seeds, "y\ny\nx\n1\na\n")
    assert "not a choice here: y" in out and "not a choice here: x" in out
    assert status == 0
    assert len(_mentions(seeds, "place", "beijing")) == 2


def test_skip_by_form_and_entry_without_a_terminal(seeds: Path) -> None:
    runner = CliRunner()
    args = [
        "suggest",
        BRIEFING,
        "--seeds",
        str(seeds),
        "--write",
        "--skip",
        "Beijing",
        "--skip-entry",
        "washington",
    ]
    result = runner.invoke(cli, [*args, "--skip", "Paris"])
    assert result.exit_code == 0, result.output
    assert "--skip Paris: no proposal names it" in result.output
    assert len(_mentions(seeds, "place", "china")) == 2
    assert _mentions(seeds, "place", "beijing") == _mentions(seeds, "place", "washington") == []


def test_skipping_an_entry_settles_an_ambiguous_form(seeds: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "suggest",
            BRIEFING,
            "--seeds",
            str(seeds),
            "--write",
            "--yes",
            "--skip-entry",
            "beijing-municipality",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(_mentions(seeds, "place", "beijing")) == 2


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"no {wanted!r} in {bytes(seen)!r}")
        seen.extend(os.read(fd, 4096))


def test_the_walk_in_a_real_terminal(seeds: Path) -> None:
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "suggest", BRIEFING, "--seeds", str(seeds), "--write"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    seen = bytearray()
    try:
        for answer in (b"y", b"2", b"n", b"n", b"q", b"y"):
            _read_until(main, b"?", seen)
            os.write(main, answer + b"\r")
            seen.extend(b"|")  # keeps the next wait from matching this prompt's question mark
            del seen[: seen.rfind(b"|")]
        _read_until(main, b"now run", seen)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert _mentions(seeds, "place", "china") == [{"quote": "China", "suffix": " spoke."}]
    assert _mentions(seeds, "place", "beijing-municipality") == [{"quote": "Beijing", "prefix": "spoke. "}]
    assert _mentions(seeds, "place", "washington") == _mentions(seeds, "place", "beijing") == []


def _own_terminal() -> None:
    """Make the pseudo-terminal the child's controlling terminal, so that ^C is SIGINT."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_ctrl_c_in_a_real_terminal_writes_nothing(seeds: Path) -> None:
    before = {p: p.read_bytes() for p in seeds.rglob("*.yaml")}
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "suggest", BRIEFING, "--seeds", str(seeds), "--write"],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "TERM": "xterm"},
        close_fds=True,
        preexec_fn=_own_terminal,
    )
    os.close(child)
    seen = bytearray()
    try:
        _read_until(main, b"?", seen)
        os.write(main, b"y\r")
        _read_until(main, b"(2/5)", seen)
        del seen[: seen.index(b"(2/5)")]  # so that the wait below is for the second question
        _read_until(main, b"]?", seen)
        os.write(main, b"\x03")
        _read_until(main, b"nothing written", seen)
        assert proc.wait(timeout=20) == 1
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert {p: p.read_bytes() for p in seeds.rglob("*.yaml")} == before
