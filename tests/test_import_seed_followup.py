"""Defects the seed-manual audit left open (importing the noisy service-centre manuals, then following the
messages): each on a short excerpt modelled on a seed, with the well-formed look-alike that must stay as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_import import _empty_project

from qmsdoc.core import check, load_config

from conftest import Project, commit, git, run_cli


def _qd122(root: Path, path_end: str) -> str:
    found = [f.message for f in check(load_config(root)).findings if f.code == "QD122" and f.path.endswith(path_end)]
    assert len(found) == 1, found
    return found[0]


# -- QD122 on an imported manual page offered `qmsdoc baseline`, which refuses a page that names no approver --------

def test_qd122_offers_only_the_release_for_an_imported_page_that_names_no_approver(tmp_path: Path) -> None:
    project = _empty_project(tmp_path)
    project.write("seed.txt", "一、总则\n1.1 本手册适用于服务中心各岗位。\n")
    git(project.root, "init", "-q")
    assert run_cli("import", "seed.txt", "--manual", "FW", cwd=project.root).returncode == 0
    project.replace("manuals/fw/index.md", "owner: 待填写", "owner: 综合办公室")
    project.replace("manuals/fw/index.md", "\n待填写", "\n本手册适用于服务中心。")
    commit(project.root, "导入")
    message = _qd122(project.root, "manuals/fw/index.md")
    assert "qmsdoc release FW" in message
    assert "baseline" not in message
    # what the old message offered is indeed refused: nobody is named for baseline to certify
    refused = run_cli("baseline", "FW", "--by", "总经理", cwd=project.root)
    assert refused.returncode == 1 and "approved:" in refused.stderr


def test_qd122_names_the_recorded_approver_and_that_baseline_is_accepted(project: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "manuals/qp-service/QP-03-02.md"
    project.write(doc, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", project.read(doc)))
    git(project.root, "init", "-q")
    commit(project.root, "导入旧手册")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-01")
    offered = re.search(r"qmsdoc baseline (\S+) --by (\S+?)；", _qd122(project.root, doc))
    assert offered is not None
    done = run_cli("baseline", offered.group(1), "--by", offered.group(2), cwd=project.root)
    assert done.returncode == 0, done.stderr
