"""What `qmsdoc revise` tells the quality officer to do next is what works for that kind of item: the site
previews every kind's revision (publish_drafts), and a manual page's release, like a document's, needs its
reviewer, a blank form's none."""

from __future__ import annotations

import re
import shlex

from conftest import CliRun, Project, configure, run_cli


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def _release_line(output: str) -> list[str]:
    found = re.search(r"qmsdoc (release .*)$", output, re.MULTILINE)
    assert found is not None, output
    return shlex.split(found.group(1).replace("…", "x"))


def test_a_manual_pages_revision_names_the_reviewer_its_release_needs(repo: Project) -> None:
    started = qmsdoc(repo, "revise", "QP-02", "--by", "质量专员")
    assert started.returncode == 0, started.stderr
    assert "--reviewed-by" in started.stdout and "publish_drafts: true" in started.stdout, started.stdout
    page = "revisions/manuals/qp-hr/index.md"
    repo.write(page, repo.read(page) + "\n各部门应组织员工学习本手册。\n")
    released = qmsdoc(repo, *_release_line(started.stdout))  # the line as printed is accepted
    assert released.returncode == 0, released.stderr


def test_a_forms_revision_offers_the_preview_and_names_no_reviewer(repo: Project) -> None:
    started = qmsdoc(repo, "revise", "QP-02-01-F001", "--by", "质量专员")
    assert started.returncode == 0, started.stderr
    assert "publish_drafts: true" in started.stdout and "--reviewed-by" not in started.stdout, started.stdout
    assert "qmsdoc redline QP-02-01-F001" in started.stdout
    repo.replace("revisions/controlled_forms/QP-02-01-F001.yaml", "title: 人员需求表", "title: 人员需求申请表")
    released = qmsdoc(repo, *_release_line(started.stdout))
    assert released.returncode == 0, released.stderr


def test_a_documents_revision_still_offers_the_preview_and_names_the_reviewer(repo: Project) -> None:
    started = qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员")
    assert started.returncode == 0, started.stderr
    assert "publish_drafts: true" in started.stdout and "--reviewed-by" in started.stdout, started.stdout


def test_an_english_projects_manual_page_revision_says_where_to_see_the_changes(repo: Project) -> None:
    configure(repo, language="en")
    started = qmsdoc(repo, "revise", "QP-02", "--by", "QA officer")
    assert started.returncode == 0, started.stdout + started.stderr
    assert "redline: qmsdoc redline QP-02" in started.stdout, started.stdout
    assert "preview: set publish_drafts: true" in started.stdout, started.stdout
    assert "--reviewed-by" in started.stdout, started.stdout


def _qd190(project: Project) -> list[str]:
    from qmsdoc.core import check, load_config

    return [f.message for f in check(load_config(project.root)).findings if f.code == "QD190"]


def test_an_edit_in_force_beside_a_revision_is_sent_to_the_revision_not_to_revise(repo: Project) -> None:
    """revise would refuse a second revision and release refuses while the file in force is edited."""
    assert qmsdoc(repo, "revise", "QP-02-01-F001", "--by", "质量专员").returncode == 0
    repo.replace("controlled_forms/QP-02-01-F001.yaml", "{label: 申请日期}", "{label: 申请日}")
    messages = _qd190(repo)
    assert len(messages) == 1 and "revisions/controlled_forms/QP-02-01-F001.yaml" in messages[0], messages
    assert "qmsdoc revise" not in messages[0] and "qmsdoc release" not in messages[0], messages


def test_an_edit_in_force_with_no_revision_is_still_sent_to_revise(repo: Project) -> None:
    repo.replace("controlled_forms/QP-02-01-F001.yaml", "{label: 申请日期}", "{label: 申请日}")
    messages = _qd190(repo)
    assert len(messages) == 1 and "qmsdoc revise QP-02-01-F001" in messages[0], messages
