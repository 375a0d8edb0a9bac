"""A form's page and a manual's page show the changes between their released versions (as a document's history
page does): the redline names the field, column or signature that changed, out of the search index."""

from __future__ import annotations

from conftest import CliRun, Project, commit, run_cli

FORM = "controlled_forms/QP-02-02-F002.yaml"
DRAFT = "revisions/controlled_forms/QP-02-02-F002.yaml"
MANUAL_DRAFT = "revisions/manuals/qp-hr/index.md"
DAY = "2026-06-01"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def _section(html: str) -> str:
    start = html.find('id="qms-changes"')
    return html[start:] if start >= 0 else ""


def test_a_revised_forms_and_manuals_pages_show_what_changed(repo: Project) -> None:
    from sitebuild import mkdocs_build, page

    assert qmsdoc(repo, "revise", "QP-02-02-F002", "--by", "质量专员", "--date", DAY).returncode == 0
    repo.replace(DRAFT, "归还日期, 经办人签名]", "归还日期]")
    repo.replace(DRAFT, "signatures: [部门主管, 管家服务中心经理助理]", "signatures: [部门主管]")
    assert qmsdoc(repo, "revise", "QP-02", "--by", "质量专员", "--date", DAY).returncode == 0
    repo.replace(MANUAL_DRAFT, "owner: 行政人事部", "owner: 综合管理部")
    commit(repo.root, "修订稿")
    assert qmsdoc(repo, "release", "QP-02-02-F002", "--by", "总经理", "--change", "去掉经办人",
                  "--date", DAY).returncode == 0
    assert qmsdoc(repo, "release", "QP-02", "--by", "总经理", "--reviewed-by", "行政人事部经理",
                  "--change", "归口部门调整", "--date", DAY).returncode == 0
    commit(repo.root, "发布")
    build = mkdocs_build(repo.root)
    assert build.returncode == 0, build.stderr
    changes = _section(page(repo.root, "forms/QP-02-02-F002"))
    assert "A/0 → A/1" in changes and "去掉经办人" in changes, changes[:500]
    assert "签字栏：管家服务中心经理助理" in changes and "经办人签名" in changes, changes
    assert "data-search-exclude" in page(repo.root, "forms/QP-02-02-F002").split('id="qms-changes"')[0][-200:]
    manual = _section(page(repo.root, "qp-hr"))
    assert "A/1 → A/2" in manual and "归口部门：行政人事部" in manual, manual[:500]
    assert _section(page(repo.root, "forms/QP-02-01-F001")) == ""  # released once: nothing to compare


def test_pages_released_once_show_no_changes(repo: Project) -> None:
    from sitebuild import mkdocs_build, page

    build = mkdocs_build(repo.root)
    assert build.returncode == 0, build.stderr
    form, manual = page(repo.root, "forms/QP-02-02-F002"), page(repo.root, "qp-hr")
    assert "qms-history" not in form and _section(form) == "" and _section(manual) == ""
