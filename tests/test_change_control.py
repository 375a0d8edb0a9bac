"""Change control: fingerprints, in-place front-matter edits, new/release/obsolete, the auditor's
records (register, manifest, verify) and the git history pages — in a temporary git repository."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import yaml

from qmsdoc.acts.yamledit import FrontMatterEditor
from qmsdoc.core import check, load_config
from qmsdoc.core.fingerprint import fingerprint

from conftest import REPO, CliRun, Project, git, run_cli
from sitebuild import mkdocs_build, page

DOC = "manuals/qp-service/QP-03-02.md"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def test_fingerprint_ignores_yaml_layout_but_not_content() -> None:
    data = {"id": "QP-01-01", "title": "标题", "version": "A/1", "status": "effective"}
    body = "## 1.0 目的\n\n规范工作。\n"
    base = fingerprint(data, body)
    assert fingerprint(dict(reversed(list(data.items()))), body) == base  # key order / layout
    assert fingerprint({**data, "status": "obsolete"}, body) != base  # status is approved too
    assert fingerprint({**data, "reviews": [{"by": "总经理", "date": "2026-09-01"}]}, body) == base  # not a revision
    signed = {**data, "approved": {"by": "总经理", "date": "2026-02-25"}}
    assert fingerprint({**signed, "approved": {**signed["approved"], "fingerprint": "0" * 64}}, body) == \
        fingerprint(signed, body)  # the record of the fingerprint is not part of it
    other_approver = {**signed, "approved": {"by": "副总经理", "date": "2026-02-25"}}
    assert fingerprint(other_approver, body) != fingerprint(signed, body)
    assert fingerprint(data, "## 1.0 目的  \r\n\r\n\r\n规范工作。") == base  # trailing spaces, CRLF, blank runs
    assert fingerprint(data, body.replace("规范工作", "规范全部工作")) != base
    assert fingerprint({**data, "title": "新标题"}, body) != base
    assert fingerprint({**data, "version": "A/2"}, body) != base


def test_editor_keeps_comments_order_and_body() -> None:
    text = ("---\nid: QP-01-01   # 文件编号\ntitle: 标题\nversion: A/0               # 版本\nstatus: draft\n"
            "history:\n  - {version: A/0, date: 2026-01-01, change: 首次发布}\n---\n## 正文 #1\n")
    editor = FrontMatterEditor(text)
    editor.set("version", "A/1")
    editor.set("superseded_by", "QP-01-02", after="status")
    editor.append_item("history", "{version: A/1, date: 2026-02-01, change: 修订}")
    out = editor.text()
    assert out.split("\n") == ["---", "id: QP-01-01   # 文件编号", "title: 标题", "version: A/1               # 版本",
                                "status: draft", "superseded_by: QP-01-02", "history:",
                                "  - {version: A/0, date: 2026-01-01, change: 首次发布}",
                                "  - {version: A/1, date: 2026-02-01, change: 修订}", "---", "## 正文 #1", ""]


def test_release_twice_edit_without_release_verify_and_history(repo: Project, tmp_path: Path) -> None:
    repo.replace(DOC, "review_months: 24", "review_months: 36")  # a change of the front matter only: the text stays
    result = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "明确滞纳金计算", "--date", "2026-06-01",
                    "--keep-review")
    assert result.returncode == 0, result.stdout + result.stderr
    text = repo.read(DOC)
    assert "version: A/1" in text and "change: 明确滞纳金计算" in text and "fingerprint: " in text
    assert "effective_date: 2026-06-01" in text and text.split("\n---\n", 1)[1] == \
        repo.read(DOC).split("\n---\n", 1)[1]
    assert check(load_config(repo.root)).findings == []
    git(repo.root, "commit", "-qam", "发布 QP-03-02 A/1")
    assert mkdocs_build(repo.root).returncode == 0
    old_copy = tmp_path / "old.docx"
    shutil.copy(repo.path("build/docx/documents/QP-03-02.docx"), old_copy)

    # An edit to approved content without a release fails the check at the changed clause.
    repo.replace(DOC, "每日加收欠费金额**千分之三**的滞纳金", "每日加收欠费金额**千分之五**的滞纳金")
    result = qmsdoc(repo, "check")
    line = repo.line_of(DOC, "千分之五")
    expected = f"{DOC}:{line}: error QD190 已批准的内容被直接修改：请撤销修改，改用 qmsdoc revise"
    assert result.returncode == 1 and expected in result.stdout
    assert mkdocs_build(repo.root).returncode == 1

    result = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "滞纳金调整为千分之五",
                    "--date", "2026-09-01", "--reviewed-by", "管家服务中心经理")
    assert result.returncode == 0, result.stdout + result.stderr
    git(repo.root, "commit", "-qam", "发布 QP-03-02 A/2")
    build = mkdocs_build(repo.root)
    assert build.returncode == 0, build.stderr[-2000:]

    current = repo.path("build/docx/documents/QP-03-02.docx")
    verdict = qmsdoc(repo, "verify", str(current))
    assert verdict.returncode == 0 and "现行受控副本" in verdict.stdout and "A/2" in verdict.stdout
    verdict = qmsdoc(repo, "verify", str(old_copy))
    assert verdict.returncode == 1 and "旧版本" in verdict.stdout and "A/1" in verdict.stdout
    html = repo.path("build/site/qp-service/QP-03-02/index.html")
    assert qmsdoc(repo, "verify", str(html)).returncode == 0
    stranger = tmp_path / "stranger.docx"
    stranger.write_bytes(b"PK not a docx")
    verdict = qmsdoc(repo, "verify", str(stranger))
    assert verdict.returncode == 1 and "未知文件" in verdict.stdout

    history = page(repo.root, "history/QP-03-02")
    assert "A/0" in history and "A/1" in history and "A/2" in history and "滞纳金调整为千分之五" in history
    diff = history.split('id="diff-A-2"', 1)[1]
    # the bold of 千分之三 kept around the change
    assert "<strong>千分之</strong><del><strong>三</strong></del><wbr><ins><strong>五</strong></ins>" in diff
    assert 'href="../../history/QP-03-02/"' in page(repo.root, "qp-service/QP-03-02")


def test_release_refuses_documents_with_errors_and_bumps_edition(repo: Project) -> None:
    repo.replace(DOC, "## 3.0 职责", "## 3.0 分工")
    result = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "x", "--keep-review")
    assert result.returncode == 1 and "QD160" in result.stdout and "version: A/0" in repo.read(DOC)
    repo.replace(DOC, "## 3.0 分工", "## 3.0 职责")
    repo.replace(DOC, "review_months: 24", "review_months: 36")  # the new edition changes something
    assert qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "换版", "--edition",
                  "--keep-review").returncode == 0
    assert "version: B/0" in repo.read(DOC)


def test_new_draft_takes_next_free_number_and_obsolete(repo: Project) -> None:
    result = qmsdoc(repo, "new", "--manual", "QP-03", "--title", "钥匙管理工作规程", "--department", "管家服务中心",
                    "--by", "质量专员")
    assert result.returncode == 0, result.stderr
    created = repo.read("manuals/qp-service/QP-03-06.md")
    assert "status: draft" in created and "version: A/0" in created and "## 5.0 质量记录" in created
    result = qmsdoc(repo, "new", "--manual", "KF", "--title", "x", "--type", "policy", "--department", "客服部",
                    "--by", "y")
    assert result.returncode == 0 and repo.path("manuals/kf/KF0402.md").is_file()
    assert qmsdoc(repo, "obsolete", "QP-03-03", "--superseded-by", "QP-03-99").returncode == 1
    assert qmsdoc(repo, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04").returncode == 0
    text = repo.read("manuals/qp-service/QP-03-03.md")
    assert "status: obsolete\nsuperseded_by: QP-03-04\n" in text
    assert check(load_config(repo.root)).ok


def test_registers_and_manifest(project: Project) -> None:
    assert mkdocs_build(project.root).returncode == 0
    corpus = check(load_config(project.root)).corpus
    with open(project.path("build/register.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["文件编号", "文件名称", "类别", "版本"]
    assert len(rows) == 1 + len(corpus.manuals) + len(corpus.documents) + len(corpus.forms)
    row = next(r for r in rows if r[0] == "QP-02-03")
    assert row[3] == "A/1" and row[9] == "总经理 2026-02-25" and len(row[11]) == 64 and len(row[12]) == 64

    from openpyxl import load_workbook

    book = load_workbook(project.path("build/register.xlsx"))
    sheet = book["受控文件清单"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["B"].width >= 30 and sheet["A1"].font.bold
    external = [r for r in book["外来文件清单"].iter_rows(values_only=True)]
    assert external[0] == ("外来文件编号", "名称", "发布单位", "引用文件", "引用文件名称")
    citing = {row[3] for row in external[1:] if row[:3] == ("DB32/T 1544—2009", "江苏省行政服务中心服务规范",
                                                           "江苏省质量技术监督局")}
    assert citing == {"XZBZ-00-01", "ZWFW-003"}  # one row per citing document

    manifest = json.loads(project.path("build/manifest.json").read_text("utf-8"))["files"]
    by_path = {e["path"]: e for e in manifest}
    assert by_path["site/qp-hr/QP-02-03/index.html"]["id"] == "QP-02-03"
    assert by_path["docx/documents/QP-02-03.docx"]["version"] == "A/1"
    assert all(len(e["sha256"]) == 64 for e in manifest)


def test_history_page_without_git_says_so(project: Project) -> None:
    assert mkdocs_build(project.root).returncode == 0
    history = page(project.root, "history/QP-02-03")
    assert "未找到 git 仓库" in history  # as check says it


def test_review_page_lists_due_and_overdue(project: Project) -> None:
    project.replace("manuals/qp-hr/QP-02-03.md", "review_months: 12", "review_months: 1")
    project.restamp("manuals/qp-hr/QP-02-03.md")
    assert mkdocs_build(project.root, "--no-strict").returncode == 0
    review = page(project.root, "review")
    assert "QP-02-03" in review and "逾期" in review and "QP-02-01" not in review


FLOW = REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png"
PICTURE = "manuals/qp-service/flow.png"


def _qd194(project: Project) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.severity.value) for f in check(load_config(project.root)).findings if f.code == "QD194"]


def test_a_picture_of_approved_content_is_approved_with_it(repo: Project) -> None:
    """Replacing flow.png changes what readers of the approved version see without touching a word: the release
    records each picture by the hash of its bytes inside the fingerprinted record, and QD194 compares."""
    shutil.copy(FLOW, repo.path(PICTURE))
    assert qmsdoc(repo, "revise", "QP-03-02", "--by", "质量专员").returncode == 0
    draft = "revisions/" + DOC
    repo.write(draft, repo.read(draft).replace("## 2.0 适用范围", "![服务流程](flow.png)\n\n## 2.0 适用范围"))
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "经理", "--change", "加流程图")
    assert released.returncode == 0, released.stdout + released.stderr
    data = yaml.safe_load(repo.read(DOC).split("---")[1])
    assert data["approved"]["pictures"] == {"qp-service/flow.png": hashlib.sha256(FLOW.read_bytes()).hexdigest()}
    assert _qd194(repo) == [] and check(load_config(repo.root)).findings == []
    repo.path(PICTURE).write_bytes(FLOW.read_bytes() + b"\0")  # another picture under the approved name
    assert _qd194(repo) == [(DOC, repo.line_of(DOC, "(flow.png)"), "error")]
    refused = qmsdoc(repo, "build", "--only", "records")
    assert refused.returncode == 1 and "QD194" in refused.stdout
    shutil.copy(FLOW, repo.path(PICTURE))
    assert _qd194(repo) == []
    forged = hashlib.sha256(b"forged").hexdigest()  # the record itself is approved content
    repo.replace(DOC, hashlib.sha256(FLOW.read_bytes()).hexdigest(), forged)
    assert ("QD190", DOC) in [(f.code, f.path) for f in check(load_config(repo.root)).findings]


def test_an_approval_that_records_no_pictures_is_a_warning_only_where_there_are_pictures(project: Project) -> None:
    """Approved before pictures were recorded (the fingerprint alone): replacing the picture could not be noticed,
    and the check says so once per page; a page with no picture, or only a missing one (QD162), is quiet."""
    assert _qd194(project) == []
    project.revise(DOC, "## 2.0 适用范围", "![服务流程](flow.png) ![又一张](flow.png)\n\n## 2.0 适用范围")
    assert _qd194(project) == []  # no such file: QD162 says so
    shutil.copy(FLOW, project.path(PICTURE))
    assert _qd194(project) == [(DOC, project.line_of(DOC, "(flow.png)"), "warning")]
