"""The CI templates in examples/ci/ cannot rot: each is read and its shell steps run, in order, in a clone of a
quality-system repository, as the CI system would run them. What only the hosted service does — checking out,
keeping artifacts, publishing Pages — is done here the way it would be done (a clone of the depth asked for,
the listed paths must exist, the published folder must hold the site); installing packages is what this test
environment already did."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, Project

pytestmark = pytest.mark.slow

TEMPLATES = REPO / "examples" / "ci"
INSTALLING = re.compile(r"^\s*(sudo\s+)?(apt-get|pip)\b")  # provided by the test environment


def _clone(origin: Path, into: Path, depth: int) -> Path:
    args = ["git", "clone", "-q", *([f"--depth={depth}"] if depth else []), f"file://{origin}", str(into)]
    subprocess.run(args, check=True, capture_output=True)
    return into


def _shell(lines: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = "\n".join(line for line in lines.splitlines() if not INSTALLING.match(line))
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)


def _env(extra: dict[str, Any]) -> dict[str, str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, **{k: str(v) for k, v in extra.items()}}


def _github_if(expression: str | None, *, default_branch: bool) -> bool:
    if expression is None or expression.strip() == "always()":
        return True
    if expression.replace(" ", "") == "github.ref==format('refs/heads/{0}',github.event.repository.default_branch)":
        return default_branch
    raise AssertionError(f"the test does not know how to evaluate `if: {expression}`: teach it")


def test_github_actions_template_runs(repo: Project, tmp_path: Path) -> None:
    workflow = yaml.safe_load((TEMPLATES / "github-actions.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["build"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # without it the tamper-evidence checks are skipped
    env = _env(workflow.get("env", {}))
    work: Path | None = None
    for step in steps:
        uses, run = str(step.get("uses", "")), step.get("run")
        if not _github_if(step.get("if"), default_branch=True):
            continue
        if uses.startswith("actions/checkout@"):
            work = _clone(repo.root, tmp_path / "checkout", int(step["with"]["fetch-depth"]))
        elif uses.startswith("actions/setup-python@"):
            assert sys.version_info >= (3, 10)
        elif run is not None:
            assert work is not None, "a run step before the checkout"
            done = _shell(run, work, env)
            assert done.returncode == 0, done.stdout + done.stderr
            if "--format github" in run:  # annotations only: a clean build prints none
                assert all(line.startswith("::") for line in done.stdout.splitlines())
        elif uses.startswith("actions/upload-artifact@"):
            assert work is not None
            listed = [p for p in step["with"]["path"].split() if p]
            missing = [p for p in listed if not (work / p).exists()]
            assert step["with"].get("if-no-files-found") == "ignore" or not missing, missing
            for needed in ("build/site", "build/docx", "build/register.xlsx", "build/manifest.json"):
                assert needed in listed and (work / needed).exists(), needed
        elif uses.startswith("actions/upload-pages-artifact@"):
            assert work is not None and (work / step["with"]["path"] / "index.html").is_file()
        else:
            raise AssertionError(f"the test does not know what `{uses}` does: teach it")
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and not _github_if(publish["if"], default_branch=False)
    assert _github_if(publish["if"], default_branch=True)


def test_gitlab_ci_template_runs(repo: Project, tmp_path: Path) -> None:
    pipeline = yaml.safe_load((TEMPLATES / "gitlab-ci.yml").read_text("utf-8"))
    variables = pipeline["variables"]
    assert str(variables["GIT_DEPTH"]) == "0"
    work = _clone(repo.root, tmp_path / "checkout", int(variables["GIT_DEPTH"]))
    env = _env({**variables, "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"})
    job = pipeline["qmsdoc"]
    for part in ("before_script", "script"):
        done = _shell("\n".join(job[part]), work, env)
        assert done.returncode == 0, done.stdout + done.stderr
    report = work / job["artifacts"]["reports"]["codequality"]
    assert json.loads(report.read_text("utf-8")) == []  # a clean project: an empty Code Quality report
    for needed in ("build/site", "build/docx", "build/register.xlsx", "build/manifest.json"):
        assert needed in job["artifacts"]["paths"] and (work / needed).exists(), needed
    pages = pipeline["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    done = _shell("\n".join(pages["script"]), work, env)
    assert done.returncode == 0, done.stderr
    assert (work / pages["artifacts"]["paths"][0] / "index.html").is_file()
