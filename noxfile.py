"""Developer tasks. ``python3 noxfile.py -s <session>`` works on a fresh machine:
without nox installed it bootstraps it into ``.nox/.bootstrap`` first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

try:
    import nox
except ImportError:  # pragma: no cover - first run on a fresh machine
    if __name__ != "__main__":
        raise
    import subprocess
    import venv

    boot = ROOT / ".nox" / ".bootstrap"
    python = boot / "bin" / "python"
    if not python.exists():
        venv.create(boot, with_pip=True)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "nox"])
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SYSTEM = ROOT / ".ci" / "install-system-packages"
CONSTRAINTS = ROOT / "constraints.txt"
# What the sessions install besides the project's extras; the lock session pins them all.
DOCS = ("sphinx", "myst-parser", "sphinx-book-theme")
BROWSER = ("playwright>=1.45",)  # driven against Debian's chromium, no download
LOCKED_EXTRAS = ("typst",)  # the PDF engine the project is moving to, pinned ahead of it


def _system_packages(session: nox.Session, *groups: str) -> None:
    session.run("bash", str(SYSTEM), *groups, external=True)


def _install(session: nox.Session, *args: str) -> None:
    """Install at the versions of constraints.txt, so every session and CI run the
    same dependencies (the PDF bytes depend on them); `lock` refreshes the file."""
    session.install("-c", str(CONSTRAINTS), *args)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite; extra arguments go to pytest."""
    _system_packages(session, "pdf", "browser")
    _install(session, "-e", ".[test]", *BROWSER)
    # axe-core and the Nu Html Checker (vnu-jar) for tests/browser/, pinned by package-lock.json.
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("pytest", *session.posargs)


MINIMUM = (
    "sphinx==8.1.3",
    "docutils==0.20.1",
    "myst-parser==4.0.0",
    "sphinx-design==0.6.1",
    "sphinx-book-theme==1.1.0",
)
"""The lowest versions ``pyproject.toml`` declares for the Sphinx stack; keep the two in step."""


@nox.session(name="tests-min")
def tests_min(session: nox.Session) -> None:
    """The non-browser suite at the lowest declared Sphinx, docutils, MyST-Parser and theme.

    The floors are those of the ``briefing`` package. This project's own documentation
    (tests/test_docs.py builds it) is built with the pinned versions of constraints.txt,
    as the `docs` session does: its links to `(label)=` targets in other pages need a
    newer MyST-Parser than the package does.
    """
    _system_packages(session, "pdf")
    session.install("-e", ".[test]", *MINIMUM)
    session.run("pytest", "--ignore=tests/browser", "--ignore=tests/test_docs.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format), mypy, the direction of imports, and which npm packages have newer releases."""
    _install(session, "-e", ".[lint]")
    session.run("ruff", "check", "briefing", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "briefing", "tests", "noxfile.py")
    session.run("mypy")
    session.run("lint-imports", "--no-cache")  # the layers of docs/architecture.md
    # Lists what package-lock.json holds back (exit status 1 when anything is listed):
    # a prompt to review the lock, not a failure.
    session.run("npm", "outdated", external=True, success_codes=[0, 1])


@nox.session
def check(session: nox.Session) -> None:
    """Check the seeds (no system packages needed). Extra arguments go to `briefing check`."""
    _install(session, "-e", ".")
    session.run("briefing", "check", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the seed briefing: _build/html and _build/pdf. Extra arguments go to `briefing build`."""
    _system_packages(session, "pdf")
    _install(session, "-e", ".")
    session.run("briefing", "build", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The project's own documentation, into docs/_build/html. Its command outputs are run
    while it builds (docs/_ext/live_output.py), a seed build included: hence the pdf group."""
    _system_packages(session, "pdf")
    _install(session, "-e", ".", *DOCS)
    session.run("sphinx-build", "-W", "-b", "html", "docs", "docs/_build/html", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks that print figures (PDF cost; site speed against plain Sphinx and at scale;
    the weight of a briefing page at 1 and 200 briefings; ``suggest`` on repetitive articles).

    Extra arguments go to ``site_scale``: ``-- --sizes 200 1000`` is the full SPEC §7 run,
    ``-- --check-sizes 200 1000`` times ``briefing check`` cold and warm at both sizes.
    ``BRIEFING_BENCH_PDF_CLEAN`` sets the size of the clean PDF build figure (default 200; 0 skips).
    """
    _system_packages(session, "pdf")
    _install(session, "-e", ".[test]")
    clean = os.environ.get("BRIEFING_BENCH_PDF_CLEAN", "200")
    session.run("python", "-m", "tests.benchmarks.pdf_speed", "--clean-size", clean)
    session.run("python", "-m", "tests.benchmarks.site_scale", *session.posargs)
    session.run("python", "-m", "tests.benchmarks.page_weight", "--sizes", "1", "200")
    session.run("python", "-m", "tests.benchmarks.suggest_speed")


@nox.session
def schema(session: nox.Session) -> None:
    """Regenerate briefing/schemas/ from the models."""
    _install(session, "-e", ".")
    session.run("briefing", "schema")


@nox.session(reuse_venv=False)
def lock(session: nox.Session) -> None:
    """Refresh constraints.txt: the newest versions the project's requirements allow."""
    session.install("-e", ".[test,lint]", *DOCS, *BROWSER, *LOCKED_EXTRAS)
    frozen = session.run("python", "-m", "pip", "freeze", "--exclude-editable", silent=True)
    assert isinstance(frozen, str)
    pins = sorted((line for line in frozen.splitlines() if "==" in line), key=str.lower)
    header = (
        "# The versions every nox session and CI install (pip install -c constraints.txt).\n"
        "# Generated by `python3 noxfile.py -s lock`; do not edit by hand.\n"
    )
    CONSTRAINTS.write_text(header + "\n".join(pins) + "\n", encoding="utf-8")
    session.log(f"wrote {len(pins)} pins to {CONSTRAINTS.name}")


if __name__ == "__main__":
    nox.main()
