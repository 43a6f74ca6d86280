"""Each group of .ci/system-packages is enough on its own.

A green test run once hid a missing ``pdf`` package because the ``browser`` group
happened to install it. So each group is checked alone: every file that belongs to a
Debian package and that the group's work maps into memory (shared libraries, fonts)
must come from the group, from what apt installs along with it (its dependencies), or
from the base system (required and important packages, and what the Python
interpreter itself maps). Whatever engine renders the PDF, the libraries it loads are
the ones checked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

from .conftest import ROOT, SCENARIOS

pytestmark = pytest.mark.skipif(
    not (shutil.which("dpkg") and shutil.which("apt-cache") and Path("/proc/self/maps").is_file()),
    reason="needs a Debian-based Linux",
)

PACKAGES = ROOT / ".ci" / "system-packages"
_MAPPED = re.compile(r"^\S+ \S+ \S+ \S+ \d+ +(/\S.*)$", re.M)


def group(name: str) -> set[str]:
    lines = (line.split() for line in PACKAGES.read_text(encoding="utf-8").splitlines())
    return {
        words[1] for words in lines if len(words) == 2 and not words[0].startswith("#") and words[0] == name
    }


@cache
def installed_with(packages: frozenset[str]) -> frozenset[str]:
    """The packages and everything apt installs with them (no recommends)."""
    out = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *sorted(packages)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return frozenset(line.split(":")[0] for line in out.splitlines() if line and not line[0].isspace())


def owners(paths: set[str]) -> dict[str, str]:
    """The Debian package of each path that belongs to one (merged /usr tried both ways)."""
    found: dict[str, str] = {}
    for strip in (False, True):
        asked = {path.removeprefix("/usr") if strip else path: path for path in paths if path not in found}
        if not asked:
            break
        out = subprocess.run(["dpkg", "-S", *sorted(asked)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            packages, _, path = line.partition(": ")
            if path in asked and not line.startswith("diversion"):
                found[asked[path]] = packages.split(",")[0].split(":")[0]
    return found


def mapped_by(code: str, cwd: Path) -> set[str]:
    """Files mapped into a Python process that runs ``code``, read from its /proc/self/maps."""
    script = code + "\nprint('-- maps --')\nprint(open('/proc/self/maps').read())\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd)
    assert proc.returncode == 0, proc.stderr[-3000:]
    maps = proc.stdout.split("-- maps --", 1)[1]
    return {m.group(1).removesuffix(" (deleted)") for m in _MAPPED.finditer(maps)}


@cache
def base_system() -> frozenset[str]:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Priority}\\n"], capture_output=True, text=True, check=True
    ).stdout
    required = {
        p for p, prio in (line.split() for line in out.splitlines()) if prio in ("required", "important")
    }
    # the interpreter with its own extension modules: the README asks for Python, not for us
    stdlib = "import ssl, sqlite3, ctypes, zlib, lzma, bz2, hashlib, decimal, uuid, readline, curses"
    interpreter = set(owners(mapped_by(stdlib, ROOT)).values())
    return frozenset(installed_with(frozenset(required | interpreter)))


def assert_enough(name: str, used: dict[str, str]) -> None:
    allowed = installed_with(frozenset(group(name))) | base_system()
    missing = {pkg: path for path, pkg in sorted(used.items()) if pkg not in allowed}
    assert not missing, (
        f"the `{name}` group of .ci/system-packages does not install what it uses: "
        + ", ".join(f"{pkg} ({path})" for pkg, path in sorted(missing.items()))
    )


def test_pdf_group_covers_what_a_pdf_build_loads(tmp_path: Path) -> None:
    """Build a small site with its PDFs, then map every loaded library and font to its package."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SCENARIOS / "two-briefings", seeds)
    code = textwrap.dedent(f"""
        from briefing.cli import main
        assert main(["build", "--seeds", {str(seeds)!r}, "--out", {str(tmp_path / "out")!r}]) == 0
    """)
    used = owners(mapped_by(code, tmp_path))
    assert any(path.endswith(".so") or ".so." in path for path in used), "no shared library was mapped"
    assert list((tmp_path / "out" / "pdf").glob("*.pdf")), "the build made no PDF"
    assert_enough("pdf", used)


@pytest.mark.parametrize("program", ["chromium", "java", "node"])
def test_browser_group_covers_the_browser_tools(program: str) -> None:
    """The programs of the browser tests come from the group, with every library they link."""
    binary = shutil.which(program)
    if binary is None:
        pytest.skip(f"{program} is not installed")
    real = str(Path(binary).resolve())
    paths = {real}
    ldd = subprocess.run(["ldd", real], capture_output=True, text=True)
    paths |= set(re.findall(r"=> (/\S+)", ldd.stdout)) | set(re.findall(r"^\s*(/\S+) \(", ldd.stdout, re.M))
    used = owners(paths)
    assert real in used, f"{real} does not come from a Debian package"
    assert_enough("browser", used)


def test_the_groups_name_real_packages() -> None:
    for name in ("pdf", "browser"):
        packages = group(name)
        assert packages, name
        proc = subprocess.run(
            ["apt-cache", "show", "--no-all-versions", *sorted(packages)], capture_output=True
        )
        assert proc.returncode == 0, f"{name}: {proc.stderr.decode()}"
