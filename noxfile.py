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


def _system_packages(session: nox.Session, *groups: str) -> None:
    session.run("bash", str(SYSTEM), *groups, external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite; extra arguments go to pytest."""
    _system_packages(session, "pdf", "browser")
    session.install("-e", ".[test]", "playwright>=1.45")  # driven against Debian's chromium, no download
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
    """The non-browser suite at the lowest declared Sphinx, docutils, MyST-Parser and theme."""
    _system_packages(session, "pdf")
    session.install("-e", ".[test]", *MINIMUM)
    session.run("pytest", "--ignore=tests/browser", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "briefing", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "briefing", "tests", "noxfile.py")
    session.run("mypy")


@nox.session
def check(session: nox.Session) -> None:
    """Check the seeds (no system packages needed). Extra arguments go to `briefing check`."""
    session.install("-e", ".")
    session.run("briefing", "check", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the seed briefing: _build/html and _build/pdf. Extra arguments go to `briefing build`."""
    _system_packages(session, "pdf")
    session.install("-e", ".")
    session.run("briefing", "build", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The project's own documentation, into docs/_build/html."""
    session.install("-e", ".", "sphinx", "myst-parser", "sphinx-book-theme")
    session.run("sphinx-build", "-W", "-b", "html", "docs", "docs/_build/html", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks that print figures (seed PDF time; site speed against plain Sphinx and at scale).

    Extra arguments go to ``site_scale``: ``-- --sizes 200 1000`` is the full SPEC §7 run.
    """
    _system_packages(session, "pdf")
    session.install("-e", ".[test]")
    session.run("python", "tests/benchmarks/pdf_time.py")
    session.run("python", "-m", "tests.benchmarks.site_scale", *session.posargs)


@nox.session
def schema(session: nox.Session) -> None:
    """Regenerate briefing/schemas/ from the models."""
    session.install("-e", ".")
    session.run("briefing", "schema")


if __name__ == "__main__":
    nox.main()
