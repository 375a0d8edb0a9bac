"""The one-edit rebuild (`mkdocs build --dirty`: `qmsdoc serve`, the bench) gives exactly what a full build gives,
after each act of the document life: a project built in full, one act done with the CLI and committed, rebuilt
dirty, then every page of the site and every record compared with a full build of the same sources made in a copy
(bench.dirty's comparison). A page the dirty fingerprints (site/site_model.py, site/dirty.py) miss an input of
stays stale and shows here. A small `qmsdoc init` project with drafts previewed: site, Word and PDF copies, records."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from test_history_shapes import DOC, bump, commit, git, qmsdoc, release, start

from bench.dirty import differences

from conftest import Project, configure
from sitebuild import mkdocs_build

pytestmark = pytest.mark.slow

TODAY = "2025-06-01"
LATER = "2025-07-01"
FORM = "QM-01-F01"
FORM_FILE = f"controlled_forms/{FORM}.yaml"
MANUAL_FILE = "manuals/qm/index.md"
OTHER = "manuals/qm/QM-02.md"
DRAFT = "manuals/qm/QM-03.md"


def _ok(project: Project, *args: str) -> None:
    code, out, err = qmsdoc(project, *args)
    assert code == 0, out + err


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def base(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A project in force (QM, QM-01 A/1 naming a department to acknowledge it, QM-01-F01, QM-02), drafts
    previewed, committed and built in full on TODAY; its pages in Chinese or in English (the sources stay)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path_factory.mktemp("dirtyeq") / "qms")
        text = project.read(DOC).replace("status: ", "acknowledge: [质量管理部]\nstatus: ", 1)
        other = re.sub(r"(?m)^(id: )QM-01$", r"\1QM-02", text).replace("文件控制程序", "记录控制程序", 1)
        project.write(OTHER, re.sub(r"(?m)^acknowledge: .*\n", "", other).replace("- [[QM-01-F01]]", "无。"))
        project.write(DOC, text)  # who must acknowledge it is not in the approval fingerprint
        project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
        configure(project, language=str(request.param))
        commit(project.root, "QM-02 drafted", "2025-03-05T10:00:00+08:00")
        release(project, "QM-02", "2025-03-06", "--reviewed-by", "经理")
        commit(project.root, "QM-02 A/0", "2025-03-06T10:00:00+08:00")
        _ok(project, "new", "--manual", "QM", "--title", "内部审核程序", "--department", "质量管理部", "--by", "张三")
        commit(project.root, "QM-03 drafted", "2025-03-07T10:00:00+08:00")  # a draft, published (publish_drafts)
        built = mkdocs_build(project.root, "--no-strict")  # QD221: A/1 not acknowledged yet
        assert built.returncode == 0, built.stderr[-3000:]
    return project.root


def _edit_draft(project: Project, name: str, old: str, new: str) -> None:
    draft = next(project.path("revisions").rglob(name))
    text = draft.read_text("utf-8")
    assert old in text, text
    draft.write_text(text.replace(old, new, 1), "utf-8")


def revise_form(project: Project) -> None:
    _ok(project, "revise", FORM, "--by", "张三", "--date", TODAY)
    _edit_draft(project, f"{FORM}.yaml", "fields:\n", "fields:\n  - {label: 紧急程度}\n")


def revise_manual_page(project: Project) -> None:
    _ok(project, "revise", "QM", "--by", "张三", "--date", TODAY)
    draft = next(project.path("revisions").rglob("index.md"))
    draft.write_text(draft.read_text("utf-8") + "\n各部门应组织员工学习本手册。\n", "utf-8")


def _release_later(project: Project, code: str, name: str, old: str, new: str) -> None:
    _ok(project, "revise", code, "--by", "张三", "--date", TODAY)
    _edit_draft(project, name, old, new)
    _ok(project, "release", code, "--by", "总经理", "--reviewed-by", "经理", "--change", "补充", "--date", TODAY,
        "--effective", LATER)


def release_document_effective_later(project: Project) -> None:
    _release_later(project, "QM-01", "QM-01.md", "第一版正文。", "第二版正文。")


def release_manual_page_effective_later(project: Project) -> None:
    _release_later(project, "QM", "index.md", "\n---\n", "\n---\n\n本手册新增一条。\n")


def revise_document(project: Project) -> None:
    _ok(project, "revise", "QM-01", "--by", "张三", "--date", TODAY)
    _edit_draft(project, "QM-01.md", "第一版正文。", "修订中的正文。")


def new_draft(project: Project) -> None:
    _ok(project, "new", "--manual", "QM", "--title", "管理评审程序", "--department", "质量管理部", "--by", "张三")


def edit_draft(project: Project) -> None:
    """A draft's front matter written on: what the register shows of it (its type) and nothing else changes."""
    project.replace(DRAFT, "type: procedure", "type: work-instruction")


def issue_then_supersede(project: Project) -> None:
    """Copies of QM-01 A/1 issued, A/2 released today: they are to be recalled (回收清单), one is."""
    _ok(project, "issue", "QM-01", "--to", "质量管理部", "--copies", "2", "--by", "张三", "--date", "2025-05-01")
    commit(project.root, "issued", "2025-05-01T10:00:00+08:00")
    bump(project, TODAY, "第二版正文。")
    commit(project.root, "A/2", f"{TODAY}T09:00:00+08:00")
    number = re.findall(r"QM-01-[^\s'\"]*-001", project.read("distribution.yaml"))[0]
    _ok(project, "recall", number, "--by", "张三", "--date", TODAY)


def obsolete_document(project: Project) -> None:
    _ok(project, "obsolete", "QM-02", "--no-successor", "--by", "总经理", "--reason", "合并", "--date", TODAY)


def acknowledge_a_past_day(project: Project) -> None:
    _ok(project, "acknowledge", "QM-01", "--by", "张三", "--department", "质量管理部", "--date", "2025-04-01")


def change_review_months(project: Project) -> None:
    project.replace("qmsdoc.yml", "review_months: 12", "review_months: 3")


def change_review_warning_days(project: Project) -> None:
    project.replace("qmsdoc.yml", "review_warning_days: 30", "review_warning_days: 400")


def change_organisation(project: Project) -> None:
    project.replace("qmsdoc.yml", "organisation: 示例公司", "organisation: 另一家公司")


def change_site_configuration(project: Project) -> None:
    """mkdocs.yml edited: what every generated page shows of it (header, footer, table of contents, colours)."""
    text = project.read("mkdocs.yml")
    for old, new in ((r"(?m)^site_name: .*$", "site_name: 另一个站点"),
                     (r"(?m)^docs_dir:", "copyright: '版权所有 © 另一家公司'\ndocs_dir:"),
                     (r"(?m)^(\s+)permalink: false$", r"\1permalink: false\n\1title: 本页目录"),  # Material's toc
                     (r"(?m)^(\s+)scheme: default$", r"\1scheme: default\n\1primary: teal"),
                     (r"(?m)^(\s+)- toc\.follow$", r"\1- toc.follow\n\1- navigation.tabs")):
        text, count = re.subn(old, new, text, count=1)
        assert count == 1, (old, text)
    project.write("mkdocs.yml", text)


def hand_edit_undone(project: Project) -> None:
    for path, old, new in ((DOC, "第一版正文。", "手改的正文。"),
                           (FORM_FILE, "title: 文件更改申请单", "title: 手改的标题"),
                           (MANUAL_FILE, "\n---\n", "\n---\n\n手加的一行。\n")):
        approved = project.read(path)
        assert old in approved, (path, approved)
        project.write(path, approved.replace(old, new, 1))
        commit(project.root, f"silent {path}", "2025-05-10T10:00:00+08:00")
        project.write(path, approved)  # put right: the files are as approved, git's history is not


def merge_a_release_from_a_branch(project: Project) -> None:
    """A/2 released (effective 05-20) and committed on a branch, merged onto the line today (the test commits the
    merge): in force from today, which every effective-date cell now says beside 05-20."""
    git(project.root, "checkout", "-qb", "feature")
    bump(project, "2025-05-20", "分支上的正文。")
    commit(project.root, "A/2 on a branch", "2025-05-20T10:00:00+08:00")
    git(project.root, "checkout", "-q", "-")
    git(project.root, "merge", "-q", "--no-ff", "--no-commit", "feature")


def revert_a_release(project: Project) -> None:
    """A/2 released and committed on 05-20, reverted today (the test commits the revert): A/1 in force again."""
    bump(project, "2025-05-20", "第二版正文。")
    commit(project.root, "A/2", "2025-05-20T10:00:00+08:00")
    git(project.root, "revert", "--no-commit", "HEAD")


def review(project: Project) -> None:
    _ok(project, "review", "QM-01", "--by", "总经理", "--date", TODAY, "--note", "内容适用")


ACTS: dict[str, Callable[[Project], None]] = {act.__name__: act for act in (
    revise_form, revise_manual_page, revise_document, release_document_effective_later,
    new_draft, edit_draft, issue_then_supersede, release_manual_page_effective_later,
    obsolete_document, acknowledge_a_past_day, change_review_months, change_review_warning_days,
    change_organisation, change_site_configuration, hand_edit_undone, review, merge_a_release_from_a_branch,
    revert_a_release)}


def _sources(root: Path, destination: Path) -> None:
    shutil.copytree(root, destination, symlinks=True, ignore=shutil.ignore_patterns("build"))


@pytest.mark.parametrize("act", sorted(ACTS))
def test_a_dirty_build_after_one_act_equals_a_full_build(base: Path, tmp_path: Path, act: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = tmp_path / "qms"
    shutil.copytree(base, root, symlinks=True)  # the full build's site, records and dirty fingerprints with it
    project = Project(root)
    ACTS[act](project)
    commit(root, act, f"{TODAY}T10:00:00+08:00")
    dirty = mkdocs_build(root, "--dirty", "--no-strict")
    assert dirty.returncode == 0, dirty.stderr[-3000:]
    reference = tmp_path / "reference"
    _sources(root, reference)
    full = mkdocs_build(reference, "--no-strict")
    assert full.returncode == 0, full.stderr[-3000:]
    assert differences(base / "build", reference / "build"), act  # the act shows: the dirty build had work
    found = differences(root / "build", reference / "build")
    assert not found, found


def test_the_comparison_sees_a_stale_page(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison can fail: a dirty build that keeps a page as it was differs from the full build."""
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = tmp_path / "qms"
    shutil.copytree(base, root, symlinks=True)
    review(Project(root))
    commit(root, "review", f"{TODAY}T10:00:00+08:00")
    reference = tmp_path / "reference"
    _sources(root, reference)
    assert mkdocs_build(reference, "--no-strict").returncode == 0
    found = differences(root / "build", reference / "build")  # the site as built before the act
    assert any(line.startswith("differs: site/") for line in found), found


def test_a_dirty_build_after_an_unshown_site_setting_rewrites_no_page(base: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs.yml's settings no page shows (the preview server's address, what it watches): a dirty build after
    a change to them alone writes no page again — the site's configuration is held as chosen, not as loaded."""
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = tmp_path / "qms"
    shutil.copytree(base, root, symlinks=True)
    project = Project(root)
    project.write("mkdocs.yml", project.read("mkdocs.yml") + "dev_addr: 127.0.0.1:8123\nwatch: [qmsdoc.yml]\n")
    site = root / "build" / "site"
    written = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    assert len(written) > 10
    dirty = mkdocs_build(root, "--dirty", "--no-strict")
    assert dirty.returncode == 0, dirty.stderr[-3000:]
    rewritten = sorted(str(path.relative_to(site)) for path, stamp in written.items()
                       if path.stat().st_mtime_ns != stamp)
    assert not rewritten, rewritten
