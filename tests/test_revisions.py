"""Working revisions (`qmsdoc revise`): the version in force stays in force while the next one is drafted
beside it, checked as a draft, released in one step or discarded — in real git repositories."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import blocks, compare
from qmsdoc.core.model import Document
from qmsdoc.core.render import CorpusRenderer

from conftest import REPO, CliRun, Project, commit, git, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
DRAFT = "revisions/manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-01-F001.yaml"
FORM_DRAFT = "revisions/controlled_forms/QP-02-01-F001.yaml"
OLD_SCOPE = "适用于管家服务中心经理以下所有员工的离职工作。"
NEW_SCOPE = "适用于管家服务中心经理以下所有员工（含劳务派遣人员）的离职工作。"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def codes(project: Project) -> list[tuple[str, str]]:
    return [(f.path, f.code) for f in check(load_config(project.root)).findings]


def test_revise_keeps_the_version_in_force_and_release_puts_the_draft_in_force(repo: Project) -> None:
    before = repo.path(DOC).read_bytes()
    result = qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员", "--reason", "覆盖劳务派遣人员",
                    "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert repo.path(DOC).read_bytes() == before
    draft = repo.read(DRAFT)
    assert "status: draft" in draft
    assert "revision: {of: A/1, by: 质量专员, date: 2026-12-01, reason: 覆盖劳务派遣人员}" in draft
    assert "approved:" not in draft and "effective_date:" not in draft
    assert codes(repo) == []

    repo.replace(DRAFT, OLD_SCOPE, NEW_SCOPE)
    repo.replace(DRAFT, "title: 员工离职管理工作规程", "title: 员工离职管理规程")
    assert codes(repo) == [] and repo.path(DOC).read_bytes() == before
    commit(repo.root, "起草 QP-02-03 修订稿")

    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                    "--change", "适用范围增加劳务派遣人员", "--date", "2026-12-03")
    assert result.returncode == 0, result.stdout + result.stderr
    released = repo.read(DOC)
    assert NEW_SCOPE in released and OLD_SCOPE not in released and "title: 员工离职管理规程" in released
    assert "version: A/2" in released and "status: effective" in released and "effective_date: 2026-12-03" in released
    assert "prepared: {by: 质量专员, date: 2026-12-01}" in released
    assert "- {version: A/2, date: 2026-12-03, by: 质量专员, change: 适用范围增加劳务派遣人员}" in released
    assert "- {version: A/1, date: 2026-02-25" in released  # the record of earlier versions is the file in force's
    assert "revision:" not in released
    assert not repo.path(DRAFT).exists() and repo.path("revisions").is_dir()
    commit(repo.root, "发布 QP-02-03 A/2")
    assert codes(repo) == []  # fingerprint and git provenance accept the release


def test_release_of_a_revision_keeps_line_endings_and_bom_and_refuses_a_stale_review(repo: Project) -> None:
    crlf = b"\xef\xbb\xbf" + repo.path(DOC).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    repo.path(DOC).write_bytes(crlf)
    commit(repo.root, "CRLF")
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-12-01").returncode == 0
    repo.path(DRAFT).write_bytes(repo.path(DRAFT).read_bytes().replace(OLD_SCOPE.encode(), NEW_SCOPE.encode()))
    # The review kept from the version in force never saw this revision: refused, nothing written.
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--keep-review", "--change", "范围",
                    "--date", "2026-12-03")
    assert result.returncode == 1 and "晚于上次审核 2026-02-20" in result.stderr
    assert repo.path(DOC).read_bytes() == crlf and repo.path(DRAFT).exists()
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "人事经理", "--change", "范围",
                    "--date", "2026-12-03")
    assert result.returncode == 0, result.stdout + result.stderr
    data = repo.path(DOC).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
    text = data.decode("utf-8-sig")
    assert NEW_SCOPE in text and "reviewed: {by: 人事经理, date: 2026-12-03}" in text


def test_a_form_and_a_manual_page_are_revised_and_released_the_same_way(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-01-F001", "--by", "质量专员").returncode == 0
    repo.replace(FORM_DRAFT, "title: 人员需求表", "title: 人员需求申请表")
    assert codes(repo) == [] and "title: 人员需求表\n" in repo.read(FORM)
    result = qmsdoc(repo, "release", "QP-02-01-F001", "--by", "总经理", "--change", "改名")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "title: 人员需求申请表" in repo.read(FORM) and "version: A/1" in repo.read(FORM)
    assert "revision" not in repo.read(FORM) and not repo.path(FORM_DRAFT).exists()
    repo.replace(FORM, "title: 人员需求申请表", "title: 人员需求申请单")  # a change to release, or that refusal answers
    named = qmsdoc(repo, "release", "QP-02-01-F001", "--by", "总经理", "--reviewed-by", "经理", "--change", "x")
    assert named.returncode == 1 and "--reviewed-by" in named.stderr  # a form keeps no review: refused, not dropped
    assert "version: A/1" in repo.read(FORM)
    repo.replace(FORM, "title: 人员需求申请单", "title: 人员需求申请表")

    assert qmsdoc(repo, "revise", "QP-02", "--by", "质量专员").returncode == 0
    page = "revisions/manuals/qp-hr/index.md"
    repo.write(page, repo.read(page) + "\n各部门应组织员工学习本手册。\n")
    assert codes(repo) == []
    in_force = repo.read("manuals/qp-hr/index.md")
    # A/0's review saw none of this change
    stale = qmsdoc(repo, "release", "QP-02", "--by", "总经理", "--change", "补充学习要求")
    assert stale.returncode == 1 and "--reviewed-by" in stale.stderr and repo.read("manuals/qp-hr/index.md") == in_force
    result = qmsdoc(repo, "release", "QP-02", "--by", "总经理", "--reviewed-by", "人力资源部经理",
                    "--change", "补充学习要求")
    assert result.returncode == 0, result.stdout + result.stderr
    released = repo.read("manuals/qp-hr/index.md")
    assert "各部门应组织员工学习本手册。" in released
    today = dt.date.today().isoformat()
    assert f"reviewed: {{by: 人力资源部经理, date: {today}}}" in released and f"effective_date: {today}" in released
    commit(repo.root, "发布")
    assert codes(repo) == []


def test_the_draft_is_checked_as_a_draft(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, "- [[QP-02-01]]", "- [[QP-02-99]]")
    repo.write(DRAFT, repo.read(DRAFT) + "\n## 7.0 附则\n\n（待编写）\n")
    found = codes(repo)
    assert (DRAFT, "QD130") in found and all(path == DRAFT for path, _ in found)
    assert (DRAFT, "QD123") not in found  # a placeholder is allowed while it is a draft …
    repo.replace(DRAFT, "status: draft", "status: review")
    assert (DRAFT, "QD123") in codes(repo)  # … and an error once it goes to review
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "x")
    assert result.returncode == 1 and "QD130" in result.stdout and "QP-02-99" not in repo.read(DOC)


def test_build_with_a_working_revision_shows_only_the_version_in_force(repo: Project) -> None:
    assert qmsdoc(repo, "build", "--only", "word,records").returncode == 0
    before = {p.relative_to(repo.root / "build").as_posix(): p.read_bytes()
              for p in (repo.root / "build").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, OLD_SCOPE, NEW_SCOPE)
    result = qmsdoc(repo, "build", "--only", "word,records", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    after = {p.relative_to(repo.root / "build").as_posix(): p.read_bytes()
             for p in (repo.root / "build").rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert after == before


def test_a_revisions_pictures_and_links_start_where_its_document_lives(repo: Project) -> None:
    """A working revision is the next version of the document at its own place: `flow.png` and `QP-02-01.md`
    are read from manuals/qp-hr/ (where the body will be once released), not from under revisions/ — checked,
    rendered and released without a false QD162/QD163."""
    shutil.copy(REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png", repo.path("manuals/qp-hr/flow.png"))
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, OLD_SCOPE, NEW_SCOPE + "\n\n![离职流程](flow.png) [离职表单](QP-02-01.md)")
    found = check(load_config(repo.root))
    assert [(f.path, f.code) for f in found.findings if f.code in ("QD162", "QD163", "QD170")] == []
    draft = found.corpus.revisions["QP-02-03"].item
    assert isinstance(draft, Document)
    html = CorpusRenderer(found.corpus, load_config(repo.root)).document(draft).html
    assert re.search(r'<img alt="离职流程" src="[^"]*qp-hr/flow\.png"', html), html
    repo.replace(DRAFT, "(flow.png)", "(nothere.png)")
    missing = [f for f in check(load_config(repo.root)).findings if f.code == "QD162"]
    assert [(f.path, f.line) for f in missing] == [(DRAFT, repo.line_of(DRAFT, "nothere.png"))]
    assert "manuals/qp-hr/nothere.png" in missing[0].message
    repo.replace(DRAFT, "(nothere.png)", "(flow.png)")
    commit(repo.root, "revision with a picture")
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "加流程图")
    assert result.returncode == 0, result.stdout + result.stderr
    assert codes(repo) == []


def test_a_picture_added_in_a_revision_reads_once_in_the_redline(repo: Project) -> None:
    """The new version's page captions the picture (core/captions.py); the redline reads the picture as
    ［图片：alt（file）］ and not its caption again: one inserted block, the alt once."""
    shutil.copy(REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png", repo.path("manuals/qp-hr/flow.png"))
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, OLD_SCOPE, OLD_SCOPE + "\n\n![图1 离职流程](flow.png)")
    config = load_config(repo.root)
    found = check(config)
    draft = found.corpus.revisions["QP-02-03"].item
    assert isinstance(draft, Document)
    new_html = CorpusRenderer(found.corpus, config).document(draft).html  # a renderer per version (cached by ID)
    assert 'class="qms-caption" aria-hidden="true">图1 离职流程</span>' in new_html
    old = blocks(CorpusRenderer(found.corpus, config).document(found.corpus.documents["QP-02-03"]).html)
    comparison = compare(old, blocks(new_html), old_label="A/1", new_label="A/2")
    changed = [(c.op, c.block.text) for c in comparison.changes if c.op != "equal"]
    assert changed == [("insert", "［图片：图1 离职流程（flow.png）］")]
    assert [row.after for row in comparison.table_rows] == ["［图片：图1 离职流程（flow.png）］"]


def test_a_second_revision_is_refused(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    draft = repo.read(DRAFT)
    result = qmsdoc(repo, "revise", "QP-02-03", "--by", "另一人")
    assert result.returncode == 1 and "QD231" in result.stdout and repo.read(DRAFT) == draft
    # A copy made by hand beside it is a second revision of the same document.
    repo.write("revisions/manuals/qp-hr/QP-02-03 副本.md", draft)
    assert ("revisions/manuals/qp-hr/QP-02-03 副本.md", "QD231") in codes(repo)


def test_revision_of_an_obsolete_or_draft_document_is_refused(repo: Project) -> None:
    result = qmsdoc(repo, "revise", "QP-02-04", "--by", "质量专员")
    assert result.returncode == 1 and "QD232" in result.stdout and not repo.path("revisions").exists()
    repo.replace(DOC, "status: effective", "status: draft")
    result = qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员")
    assert result.returncode == 1 and "直接修改原文件" in result.stderr


def test_a_draft_whose_id_was_changed_is_reported(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, "id: QP-02-03", "id: QP-02-09")
    assert (DRAFT, "QD230") in codes(repo)
    repo.replace(DRAFT, "id: QP-02-09", "id: QP-02-03")
    assert codes(repo) == []
    repo.write("revisions/manuals/qp-hr/QP-02-77.md", repo.read(DRAFT).replace("QP-02-03", "QP-02-77"))
    repo.write("revisions/notes.txt", "草稿说明")
    found = codes(repo)
    assert ("revisions/manuals/qp-hr/QP-02-77.md", "QD230") in found and ("revisions/notes.txt", "QD230") in found


def test_a_draft_left_behind_after_withdrawal_is_an_error(repo: Project) -> None:
    target = "manuals/qp-hr/QP-02-02.md"
    assert qmsdoc(repo, "revise", "QP-02-02", "--by", "质量专员").returncode == 0
    for path in Path(repo.root, "manuals").rglob("*.md"):  # nothing in force may cite it when it is withdrawn
        text = path.read_text("utf-8")
        if "[[QP-02-02]]" in text and path.name != "QP-02-02.md":
            repo.revise(path.relative_to(repo.root).as_posix(), "[[QP-02-02]]", "《员工入职管理》")
    result = qmsdoc(repo, "obsolete", "QP-02-02", "--superseded-by", "QP-02-01", "--by", "总经理")
    assert result.returncode == 1 and "QD232" in result.stdout and "status: effective" in repo.read(target)
    # Withdrawn anyway (say, on another branch merged later): the revision left behind is an error.
    draft = repo.read("revisions/manuals/qp-hr/QP-02-02.md")
    assert qmsdoc(repo, "revise", "QP-02-02", "--discard").returncode == 0
    result = qmsdoc(repo, "obsolete", "QP-02-02", "--superseded-by", "QP-02-01", "--by", "总经理")
    assert result.returncode == 0, result.stdout + result.stderr
    repo.write("revisions/manuals/qp-hr/QP-02-02.md", draft)
    assert "status: obsolete" in repo.read(target)
    assert ("revisions/manuals/qp-hr/QP-02-02.md", "QD232") in codes(repo)
    assert qmsdoc(repo, "revise", "QP-02-02", "--discard").returncode == 0
    assert [c for c in codes(repo) if c[1] == "QD232"] == []


def test_a_draft_started_from_an_older_version_is_an_error(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, "revision: {of: A/1,", "revision: {of: A/0,")
    assert (DRAFT, "QD233") in codes(repo)
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "x")
    assert result.returncode == 1 and "QD233" in result.stdout


def test_the_revision_marker_belongs_to_drafts_only(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    marker = next(line for line in repo.read(DRAFT).splitlines() if line.startswith("revision:"))
    repo.write(DRAFT, repo.read(DRAFT).replace(marker + "\n", ""))
    assert (DRAFT, "QD234") in codes(repo)
    result = qmsdoc(repo, "revise", "QP-02-03", "--discard")  # not recognisably ours: left alone
    assert result.returncode == 1 and repo.path(DRAFT).exists()
    repo.revise("manuals/qp-hr/QP-02-01.md", "department:", marker + "\ndepartment:")
    assert ("manuals/qp-hr/QP-02-01.md", "QD234") in codes(repo)


def test_discard_removes_only_the_draft(repo: Project) -> None:
    repo.write("revisions/README.txt", "修订稿目录")
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    before = repo.path(DOC).read_bytes()
    result = qmsdoc(repo, "revise", "QP-02-03", "--discard")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not repo.path(DRAFT).exists() and not repo.path("revisions/manuals").exists()
    assert repo.path("revisions/README.txt").exists() and repo.path(DOC).read_bytes() == before
    assert qmsdoc(repo, "revise", "QP-02-03", "--discard").returncode == 1


def test_an_edit_made_in_place_moves_into_the_revision(repo: Project) -> None:
    approved = repo.path(DOC).read_bytes()
    repo.replace(DOC, OLD_SCOPE, NEW_SCOPE)
    result = qmsdoc(repo, "check")
    assert result.returncode == 1 and "QD190" in result.stdout and "qmsdoc revise QP-02-03" in result.stdout
    result = qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员")
    assert result.returncode == 0, result.stdout + result.stderr
    assert repo.path(DOC).read_bytes() == approved and NEW_SCOPE in repo.read(DRAFT)
    assert codes(repo) == []


def test_an_edit_in_place_without_git_is_not_moved(project: Project) -> None:
    project.replace(DOC, OLD_SCOPE, NEW_SCOPE)
    edited = project.path(DOC).read_bytes()
    result = qmsdoc(project, "revise", "QP-02-03", "--by", "质量专员")
    assert result.returncode == 1 and "git checkout" in result.stderr
    assert project.path(DOC).read_bytes() == edited and not project.path(DRAFT).exists()


def test_revisions_dir_must_be_a_folder_of_its_own(project: Project) -> None:
    for value in ("manuals/revisions", "build/revisions", ".", "controlled_forms"):
        project.replace("qmsdoc.yml", "revisions_dir: revisions", f"revisions_dir: {value}")
        result = qmsdoc(project, "check")
        assert result.returncode == 2 and "revisions_dir" in result.stderr and "重复" not in result.stderr, value
        project.replace("qmsdoc.yml", f"revisions_dir: {value}", "revisions_dir: revisions")
    project.replace("qmsdoc.yml", "revisions_dir: revisions", "revisions_dir: drafts")
    assert qmsdoc(project, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    assert project.path("drafts/manuals/qp-hr/QP-02-03.md").is_file()


def test_git_sees_the_release_of_a_revision_as_a_release(repo: Project) -> None:
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, OLD_SCOPE, NEW_SCOPE)
    commit(repo.root, "修订稿")
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "x")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布")
    log = git(repo.root, "log", "--format=%s", "--", DRAFT)
    assert log.split() == ["发布", "修订稿"]
    assert codes(repo) == []


def test_a_revision_that_cannot_be_read_is_never_passed_over(repo: Project) -> None:
    # A revision saved as GBK (or with broken YAML) is no usable draft; release, redline and obsolete must stop
    # on it rather than release, compare or withdraw the version in force as if there were no revision.
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    repo.replace(DRAFT, OLD_SCOPE, NEW_SCOPE)
    broken = {"gbk": repo.read(DRAFT).encode("gbk"),
              "yaml": repo.read(DRAFT).replace("title: ", "title: [", 1).encode("utf-8")}
    before = repo.path(DOC).read_bytes()
    for how, data in broken.items():
        repo.path(DRAFT).write_bytes(data)
        result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                        "--change", "适用范围增加劳务派遣人员")
        assert result.returncode == 1 and DRAFT in result.stdout and DRAFT in result.stderr, (how, result)
        assert repo.path(DOC).read_bytes() == before, how
        result = qmsdoc(repo, "redline", "QP-02-03", "--out", str(repo.root.parent / f"{how}.docx"))
        assert result.returncode == 1 and DRAFT in result.stderr and not (repo.root.parent / f"{how}.docx").exists()
        result = qmsdoc(repo, "obsolete", "QP-02-03", "--superseded-by", "QP-02-01", "--by", "总经理")
        assert result.returncode == 1 and DRAFT in result.stderr and repo.path(DOC).read_bytes() == before
        assert repo.path(DRAFT).read_bytes() == data


def test_an_id_whose_file_cannot_be_read_is_refused_with_the_reason(project: Project) -> None:
    """A document saved as GBK was 「找不到文件编号 QP-02-03」 and nothing more, as if the file were not there."""
    project.path(DOC).write_bytes(project.read(DOC).encode("gbk"))
    for args in (("review", "QP-02-03", "--by", "总经理"), ("redline", "qp-02-03"),
                 ("release", "QP-02-03", "--by", "总经理", "--keep-review", "--change", "x"),
                 ("acknowledge", "QP-02-03", "--by", "张三", "--department", "客服部")):
        result = qmsdoc(project, *args)
        assert result.returncode == 1 and f"{DOC}:" in result.stdout and "QD001" in result.stdout, (args, result)
    result = qmsdoc(project, "review", "QP-02-09", "--by", "总经理")  # an id no file is named for: no findings
    assert result.returncode == 1 and result.stdout == "" and "QP-02-09" in result.stderr
