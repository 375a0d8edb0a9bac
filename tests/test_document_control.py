"""Issue #12: document control an auditor can trust. Each tampering is caught with its code at file:line
(in a temporary git repository where history matters); signed approvals; verify never lies."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config

from conftest import CliRun, Project, commit, git, run_cli
from sitebuild import mkdocs_build

DOC = "manuals/qp-service/QP-03-02.md"
FORM = "controlled_forms/QP-02-01-F001.yaml"
MANUAL = "manuals/qp-service/index.md"
OBSOLETE = "manuals/qp-hr/QP-02-04.md"
SIGNED = Path(__file__).parent / "fixtures" / "signed"


def qmsdoc(root: Path, *args: str) -> CliRun:
    return run_cli(*args, cwd=root)


def hits(project: Project, code: str) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.message) for f in check(load_config(project.root)).findings if f.code == code]


def line(project: Project, relative: str, needle: str) -> int:
    return project.line_of(relative, needle)


# --- 1. every approved thing is under change control ------------------------------------------------

def test_shipped_manuals_are_all_baselined_and_clean() -> None:
    root = Path(__file__).resolve().parent.parent
    result = check(load_config(root))
    assert result.findings == []
    for text in [p.read_text("utf-8") for p in (root / "controlled_forms").glob("*.yaml")]:
        assert re.search(r"^approved: \{by: .*fingerprint: [0-9a-f]{64}\}$", text, re.M)


def test_missing_record_on_document_form_and_manual(project: Project) -> None:
    for relative in (DOC, FORM, MANUAL):
        project.write(relative, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", project.read(relative)))
    places = {(path, number) for path, number, _ in hits(project, "QD122")}
    assert places == {(DOC, line(project, DOC, "approved:")), (FORM, line(project, FORM, "approved:")),
                      (MANUAL, line(project, MANUAL, "approved:"))}


def test_draft_needs_no_record(project: Project) -> None:
    assert not [h for h in hits(project, "QD122") if "DY_AQ-018" in h[0]]


def test_baseline_records_fingerprints_and_refuses_what_was_approved_before(repo: Project) -> None:
    text = repo.read(FORM)
    repo.write(FORM, re.sub(r"approved: .*\n", "", text))
    result = qmsdoc(repo.root, "baseline", "QP-02-01-F001", "--by", "总经理", "--date", "2026-11-01")
    # It had a record in git: an approved change needs a release, not a baseline.
    assert result.returncode == 1 and "git 历史中曾有批准记录" in result.stderr
    shutil.rmtree(repo.path(".git"))  # a legacy manual imported without approval records
    git(repo.root, "init", "-q")
    commit(repo.root, "导入旧手册")
    result = qmsdoc(repo.root, "baseline", "--by", "中心主任")
    assert result.returncode == 1 and "没有需要基线的内容" in result.stderr
    result = qmsdoc(repo.root, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 0, result.stderr
    assert "已基线 1 项" in result.stdout and "QP-02-01-F001  controlled_forms/QP-02-01-F001.yaml" in result.stdout
    assert "approved: {by: 总经理, date: 2026-02-25, baselined: 2026-11-01, fingerprint: " in repo.read(FORM)
    assert check(load_config(repo.root)).findings == []


# --- 2a. tamper evidence from git -----------------------------------------------------------------

def test_deleted_record_names_the_commit(repo: Project) -> None:
    repo.write(DOC, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", repo.read(DOC)))
    sha = commit(repo.root, "删除指纹")
    found = hits(repo, "QD191")
    assert [(p, n) for p, n, _ in found] == [(DOC, line(repo, DOC, "approved:"))]
    assert sha in found[0][2] and "删除" in found[0][2]


def test_recomputed_fingerprint_is_caught_in_working_copy_and_commit(repo: Project) -> None:
    repo.replace(DOC, "每日加收欠费金额**千分之三**", "每日加收欠费金额**千分之五**")
    repo.restamp(DOC)
    assert hits(repo, "QD190") == []
    found = hits(repo, "QD191")
    assert [(p, n) for p, n, _ in found] == [(DOC, line(repo, DOC, "approved:"))]
    assert "工作区（未提交）" in found[0][2] and "版本号没有升级" in found[0][2]
    sha = commit(repo.root, "改滞纳金")
    assert sha in hits(repo, "QD191")[0][2]


def test_changed_approver_is_caught_at_its_line(repo: Project) -> None:
    repo.replace(DOC, "approved: {by: 总经理", "approved: {by: 副总经理")
    assert [(p, n) for p, n, _ in hits(repo, "QD190")] == [(DOC, line(repo, DOC, "approved:"))]
    repo.restamp(DOC)
    assert [(p, n) for p, n, _ in hits(repo, "QD191")] == [(DOC, line(repo, DOC, "approved:"))]


def test_rewritten_history_entry_is_caught(repo: Project) -> None:
    repo.replace(DOC, "change: 首次发布", "change: 首次发布并修订")
    assert [(p, n) for p, n, _ in hits(repo, "QD190")] == [(DOC, line(repo, DOC, "history:"))]


def test_hand_made_release_that_rewrites_old_history_is_caught(repo: Project) -> None:
    repo.replace(DOC, "version: A/0", "version: A/1")
    repo.replace(DOC, "approved: {by: 总经理, date: 2026-02-25", "approved: {by: 总经理, date: 2026-06-01")
    repo.replace(DOC, "change: 首次发布}", "change: 首次发布（改写）}\n"
                 "  - {version: A/1, date: 2026-06-01, by: 质量专员, change: 手工发布}")
    repo.restamp(DOC)
    found = hits(repo, "QD191")
    assert [(p, n) for p, n, _ in found] == [(DOC, line(repo, DOC, "approved:"))]
    assert "改写了以前的修订记录" in found[0][2]


def test_content_committed_with_approval_must_match(repo: Project) -> None:
    repo.replace(DOC, "version: A/0", "version: A/1")
    repo.replace(DOC, "approved: {by: 总经理, date: 2026-02-25", "approved: {by: 总经理, date: 2026-06-01")
    repo.replace(DOC, "change: 首次发布}", "change: 首次发布}\n  - {version: A/1, date: 2026-06-01, by: 质量专员, "
                 "change: 修订}")
    repo.restamp(DOC)
    repo.replace(DOC, "千分之三", "千分之五")
    sha = commit(repo.root, "发布 A/1")
    repo.replace(DOC, "千分之五", "千分之三")
    found = hits(repo, "QD192")
    assert [(p, n) for p, n, _ in found] == [(DOC, line(repo, DOC, "approved:"))] and sha in found[0][2]
    assert hits(repo, "QD191") == [] and hits(repo, "QD190") == []
    # The way out is an approval of the content as it stands: a release (git keeps the earlier story).
    result = qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--change", "重新批准", "--keep-review",
                    "--date", "2026-06-02")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "重新发布 A/2")
    assert check(load_config(repo.root)).findings == []


def test_edited_form_manual_scope_and_obsolete_document(repo: Project) -> None:
    repo.replace(FORM, "{label: 需求人数}", "{label: 需求人数（男/女）}")
    repo.replace(MANUAL, "投诉受理、维修服务", "投诉受理")
    repo.replace(OBSOLETE, "superseded_by: QP-02-03", "superseded_by: QP-02-01")
    places = {(p, n) for p, n, _ in hits(repo, "QD190")}
    assert places == {(FORM, line(repo, FORM, "fields:")),
                      (MANUAL, line(repo, MANUAL, "本手册规定管家服务中心")),
                      (OBSOLETE, line(repo, OBSOLETE, "superseded_by:"))}


def test_release_is_the_legitimate_way_and_is_accepted(repo: Project) -> None:
    repo.replace(DOC, "千分之三", "千分之五")
    result = qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                    "--change", "滞纳金调整", "--date", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布 QP-03-02 A/1")
    assert check(load_config(repo.root)).findings == []
    repo.replace(FORM, "retention: 3 年", "retention: 5 年")
    result = qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert result.returncode == 0 and "version: A/1" in repo.read(FORM)
    repo.replace(MANUAL, "投诉受理、维修服务", "投诉受理")
    result = qmsdoc(repo.root, "release", "QP-03", "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert result.returncode == 0 and "version: A/1" in repo.read(MANUAL)
    assert "effective_date: 2026-06-01" in repo.read(MANUAL)  # the new version's cover: in force from its release
    commit(repo.root, "发布表单与手册首页")
    assert check(load_config(repo.root)).findings == []


def test_first_release_of_a_form_never_approved_keeps_its_version(repo: Project) -> None:
    """A form stub that was never approved (no record, none in git — as `qmsdoc import` writes them, at A/0)
    is approved as A/0, as a draft document's first release is; a form whose record was deleted moves on."""
    new = "controlled_forms/QP-03-02-F002.yaml"
    repo.write(new, "code: QP-03-02-F002\ntitle: 催收通知单\nversion: A/0\nowner: QP-03-02\n"
                    "fields:\n  - {label: 房号}\n")
    repo.replace(DOC, "- [[QP-03-02-F001]]", "- [[QP-03-02-F001]]\n- [[QP-03-02-F002]]")
    result = qmsdoc(repo.root, "release", "QP-03-02-F002", "--by", "总经理", "--change", "首次发布",
                    "--date", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "version: A/0" in repo.read(new)
    assert re.search(r"^approved: \{by: 总经理, date: 2026-06-01, fingerprint", repo.read(new), re.M)
    repo.write(FORM, re.sub(r"\napproved: .*\n", "\n", repo.read(FORM)))  # a record deleted: git still has it
    result = qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert result.returncode == 0 and "version: A/1" in repo.read(FORM)


@pytest.mark.parametrize("relative,old,new,args", [
    (DOC, "\ntitle: ", "\ntitle: 修订后的", ("QP-03-02", "--keep-review")),  # the fingerprint covers the title
    (DOC, "\nreview_months: 24", "\nreview_months: 36", ("QP-03-02", "--keep-review", "--edition")),
    (FORM, "retention: 3 年", "retention: 5 年", ("QP-02-01-F001",)),
    (MANUAL, "投诉受理、维修服务", "投诉受理", ("QP-03", "--keep-review")),
])
def test_a_change_only_to_metadata_is_a_change_to_release(project: Project, relative: str, old: str, new: str,
                                                          args: tuple[str, ...]) -> None:
    """The same release of the same item, unchanged, is refused (test_command_states); changed as the fingerprint
    sees it — a field of the front matter no less than the text — it is a new version."""
    before = project.read(relative)
    refused = qmsdoc(project.root, "release", *args, "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert refused.returncode == 1 and project.read(relative) == before, refused.stdout + refused.stderr
    project.replace(relative, old, new)
    result = qmsdoc(project.root, "release", *args, "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert project.read(relative) != before.replace(old, new, 1)  # the new version and its record written


@pytest.mark.parametrize("relative,old,new,args", [
    (DOC, "千分之三", "千分之五", ("QP-03-02", "--reviewed-by", "经理")),
    (DOC, "\ndepartment: ", "\ndepartment: 综合", ("QP-03-02", "--reviewed-by", "经理")),
    (FORM, "retention: 3 年", "retention: 5 年", ("QP-02-01-F001",)),
    (MANUAL, "\ntitle: ", "\ntitle: 新", ("QP-03", "--reviewed-by", "经理")),
])
def test_a_working_revision_is_released_when_it_holds_a_change(project: Project, relative: str, old: str, new: str,
                                                               args: tuple[str, ...]) -> None:
    """A revision as `qmsdoc revise` opened it — only its 编制 line new — holds no change and is refused, the revision
    kept; edited, text or front matter, it is released."""
    revised = qmsdoc(project.root, "revise", args[0], "--by", "张三", "--date", "2026-06-01")
    assert revised.returncode == 0, revised.stdout + revised.stderr
    draft = "revisions/" + relative
    held = (project.read(relative), project.read(draft))
    refused = qmsdoc(project.root, "release", *args, "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert refused.returncode == 1 and "--discard" in refused.stderr, refused.stdout + refused.stderr
    assert (project.read(relative), project.read(draft)) == held
    project.replace(draft, old, new)
    result = qmsdoc(project.root, "release", *args, "--by", "总经理", "--change", "x", "--date", "2026-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert new in project.read(relative) and not project.path(draft).exists()


def test_without_git_check_says_so(project: Project) -> None:
    result = qmsdoc(project.root, "check")
    assert result.returncode == 0 and "未找到 git 仓库" in result.stderr


def test_shallow_clone_check_says_so(repo: Project, tmp_path: Path) -> None:
    repo.replace(DOC, "千分之三", "千分之五")
    repo.restamp(DOC)
    commit(repo.root, "手工改指纹")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    result = qmsdoc(clone, "check")
    assert "浅克隆" in result.stderr and "QD191" not in result.stdout  # not judged, and it says so
    assert "QD191" in qmsdoc(repo.root, "check").stdout


def test_build_fails_on_warnings_only_with_strict(project: Project) -> None:
    project.revise(DOC, "每日加收欠费金额", "每日加收欠费金额（见 QP-03-01）")
    result = qmsdoc(project.root, "build", "--strict")
    assert result.returncode == 1 and "QD170" in result.stdout and not project.path("build").exists()


# --- 2b. signed approvals -------------------------------------------------------------------------

@pytest.fixture
def signed(tmp_path: Path) -> Project:
    shutil.copytree(SIGNED, tmp_path / "signed")
    return Project(tmp_path / "signed")


def keygen(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def test_signed_fixture_verifies_without_the_private_key(signed: Project) -> None:
    assert not list(signed.root.rglob("*key*")) or all(p.name == "allowed_signers" for p in signed.root.rglob("*key*"))
    assert check(load_config(signed.root)).findings == []
    assert "signature: U1NIU0lH" in signed.read("manuals/demo/DEMO-01.md")


def test_signature_over_different_content_fails(signed: Project) -> None:
    relative = "manuals/demo/DEMO-01.md"
    signed.replace(relative, "双方签字确认", "口头确认")
    signed.restamp(relative)  # a consistent fingerprint, but the approver signed the old one
    found = hits(signed, "QD193")
    assert [(p, n) for p, n, _ in found] == [(relative, line(signed, relative, "approved:"))]
    assert "签的不是这份批准内容" in found[0][2]


def test_signature_by_a_key_not_in_allowed_signers_fails(signed: Project, tmp_path: Path) -> None:
    stranger = keygen(tmp_path, "stranger")
    relative = "manuals/demo/DEMO-01.md"
    signed.replace(relative, "双方签字确认", "口头确认")
    result = qmsdoc(signed.root, "release", "DEMO-01", "--by", "总经理", "--reviewed-by", "质量管理部经理",
                    "--change", "简化交接", "--date", "2026-06-01", "--key", str(stranger))
    assert result.returncode == 1 and "QD193" in result.stdout and "已撤销修改" in result.stderr
    assert "口头确认" in signed.read(relative) and "version: A/0" in signed.read(relative)
    result = qmsdoc(signed.root, "release", "DEMO-01", "--by", "总经理", "--reviewed-by", "质量管理部经理",
                    "--change", "简化交接", "--date", "2026-06-01")
    assert result.returncode == 1 and "--key" in result.stderr  # signed mode: no key, no approval


def test_release_signed_by_the_approver_key_passes(signed: Project, tmp_path: Path) -> None:
    key = keygen(tmp_path, "approver")
    public = key.with_suffix(".pub").read_text().split()
    signers = signed.path(".qmsdoc/allowed_signers")
    signers.write_text(signers.read_text() + f'总经理 namespaces="qmsdoc" {public[0]} {public[1]}\n')
    signed.replace("manuals/demo/DEMO-01.md", "双方签字确认", "口头确认")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "release", "DEMO-01", "--by", "总经理",
                             "--reviewed-by", "质量管理部经理", "--change", "简化交接", "--date", "2026-06-01"],
                            cwd=signed.root, capture_output=True, text=True, env={**__import__("os").environ,
                                                                                  "QMSDOC_SIGNING_KEY": str(key)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert check(load_config(signed.root)).findings == []


# --- 3. verify never lies -------------------------------------------------------------------------

def _rezip(source: Path, target: Path, member: str, edit: bytes, replacement: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == member:
                assert edit in data, member
                data = data.replace(edit, replacement, 1)
            new.writestr(info, data)


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_verify_verdicts(project: Project, tmp_path: Path) -> None:
    build = mkdocs_build(project.root)
    assert build.returncode == 0, build.stderr[-2000:]
    docx = project.path("build/docx")

    def verdict(path: Path) -> tuple[int, str]:
        result = qmsdoc(project.root, "verify", str(path))
        assert "Traceback" not in result.stderr
        return result.returncode, result.stdout + result.stderr

    assert verdict(docx / "documents/QP-03-02.docx")[0] == 0
    assert verdict(docx / "forms/QP-02-01-F001.docx")[0] == 0
    code, text = verdict(docx / "manuals/QP-03.docx")
    assert code == 0 and "整本手册 QP-03" in text
    code, text = verdict(docx / "documents/DY_AQ-018.docx")
    assert code == 1 and "草稿，非受控" in text
    assert not project.path("build/site/docx/documents/DY_AQ-018.docx").exists()  # drafts stay off the site
    code, text = verdict(docx / "documents/QP-02-04.docx")
    assert code == 1 and "已作废" in text
    header = tmp_path / "header.docx"
    with zipfile.ZipFile(docx / "documents/QP-03-02.docx") as archive:
        name = next(n for n in archive.namelist() if n.startswith("word/header"))
        original = archive.read(name)
    _rezip(docx / "documents/QP-03-02.docx", header, name, b"A/0", b"A/9" if b"A/0" in original else b"")
    code, text = verdict(header)
    assert code == 1 and "不一致" in text
    body = tmp_path / "body.docx"
    _rezip(docx / "documents/QP-03-02.docx", body, "word/document.xml", "千分之三".encode(), "千分之一".encode())
    assert verdict(body)[0] == 1
    html = tmp_path / "page.html"
    page_text = project.path("build/site/qp-service/QP-03-02/index.html").read_text("utf-8")
    html.write_text(page_text.replace("催收工作规程", "催收工作规程（修订）", 1), "utf-8")
    code, text = verdict(html)
    assert code == 1 and "不一致" in text
    foreign = tmp_path / "foreign.docx"
    foreign.write_bytes(b"PK\x03\x04 not a docx")
    code, text = verdict(foreign)
    assert code == 1 and "未知文件" in text
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/core.xml", b"\0" * (64 * 1024 * 1024))
    code, text = verdict(bomb)
    assert code == 1 and "QD018" in text and "拒绝读取" in text  # over the one set of reader limits (#33)

    project.path("build/manifest.json").write_text("{not json", "utf-8")
    code, text = verdict(docx / "documents/QP-03-02.docx")
    assert code == 2 and "manifest.json 已损坏" in text
    project.path("build/manifest.json").unlink()
    code, text = verdict(docx / "documents/QP-03-02.docx")
    assert code == 2 and "请先运行 qmsdoc build" in text


def test_hashing_reads_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    from qmsdoc.records.register import sha256_file

    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 5))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("whole file read into memory"))
    assert sha256_file(big) == hashlib.sha256(b"x" * (3 * 1024 * 1024 + 5)).hexdigest()


# --- 7. no green result for nothing ---------------------------------------------------------------

@pytest.mark.parametrize("command", [("check",), ("build",), ("verify", "x.docx")])
def test_outside_a_project_exits_2(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK")
    result = qmsdoc(tmp_path, *command)
    assert result.returncode == 2 and "未找到 qmsdoc 项目" in result.stderr and str(tmp_path) in result.stderr
    assert "Traceback" not in result.stderr


# --- 4. withdrawal is an approved act -------------------------------------------------------------

def test_obsolete_refuses_while_effective_documents_cite_it(repo: Project) -> None:
    result = qmsdoc(repo.root, "obsolete", "QP-03-01", "--superseded-by", "QP-03-02", "--by", "总经理")
    assert result.returncode == 1
    for relative in ("manuals/qp-service/QP-03-04.md", "manuals/qp-service/QP-03-05.md"):
        assert f"{relative}:{line(repo, relative, '[[QP-03-01]]')}: error QD131" in result.stdout
    assert "--update-references" in result.stderr and "status: effective" in repo.read("manuals/qp-service/QP-03-01.md")


def test_obsolete_never_tells_the_successor_to_cite_itself(repo: Project) -> None:
    result = qmsdoc(repo.root, "obsolete", "QP-03-01", "--superseded-by", "QP-03-04", "--by", "总经理",
                    "--update-references")
    assert result.returncode == 1 and "请删除该引用" in result.stdout
    assert "[[QP-03-04]]" not in result.stdout + result.stderr


def test_obsolete_with_update_references_records_the_act(project: Project) -> None:
    repo = project
    repo.revise("manuals/qp-service/QP-03-05.md", "回访按 [[QP-03-01]]", "回访按 [[ｑｐ－03‐01]]")
    git(repo.root, "init", "-q")
    commit(repo.root, "初始文件")
    result = qmsdoc(repo.root, "obsolete", "QP-03-01", "--superseded-by", "QP-03-02", "--by", "总经理",
                    "--reason", "流程合并", "--date", "2026-09-01", "--update-references")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "qmsdoc release QP-03-04" in result.stdout
    assert "qmsdoc release QP-03-05" in result.stdout
    text = repo.read("manuals/qp-service/QP-03-01.md")
    withdrawn = "withdrawn: {by: 总经理, date: 2026-09-01, reason: 流程合并}"
    assert f"status: obsolete\nsuperseded_by: QP-03-02\n{withdrawn}" in text
    assert "change: 作废，由 QP-03-02 替代（流程合并）}" in text and "version: A/1" in text
    cited = "manuals/qp-service/QP-03-04.md"
    assert "[[QP-03-02]]" in repo.read(cited) and "[[QP-03-01]]" not in repo.read(cited)
    assert "回访按 [[QP-03-02]]" in repo.read("manuals/qp-service/QP-03-05.md")  # variant spellings too
    assert hits(repo, "QD131") == []
    # The rewritten documents are changed content: flagged until each is reviewed and released.
    assert {p for p, _, _ in hits(repo, "QD190")} == {cited, "manuals/qp-service/QP-03-05.md"}
    commit(repo.root, "作废 QP-03-01")
    assert [h for h in hits(repo, "QD191") if "QP-03-01" in h[0]] == []  # withdrawal is a proper approved act


def test_obsolete_with_no_successor_needs_a_reason_and_says_so_everywhere(repo: Project) -> None:
    """A document withdrawn with nothing in its place (a discontinued service): `--no-successor` with a reason;
    refused without one, and while current documents still cite it; QD140 quiet for `replaced: false`."""
    no_reason = qmsdoc(repo.root, "obsolete", "QP-03-03", "--no-successor", "--by", "总经理")
    assert no_reason.returncode == 1 and "--reason" in no_reason.stderr
    cited = qmsdoc(repo.root, "obsolete", "QP-03-01", "--no-successor", "--by", "总经理", "--reason", "停止服务")
    assert cited.returncode == 1 and "error QD131" in cited.stdout and "没有替代文件" in cited.stderr
    both = qmsdoc(repo.root, "obsolete", "QP-03-03", "--no-successor", "--superseded-by", "QP-03-04")
    assert both.returncode == 2 and "status: effective" in repo.read("manuals/qp-service/QP-03-03.md")
    result = qmsdoc(repo.root, "obsolete", "QP-03-03", "--no-successor", "--by", "总经理", "--reason", "停止服务",
                    "--date", "2026-09-01")
    assert result.returncode == 0, result.stdout + result.stderr
    text = repo.read("manuals/qp-service/QP-03-03.md")
    assert "status: obsolete\nwithdrawn: {by: 总经理, date: 2026-09-01, reason: 停止服务, replaced: false}" in text
    assert "superseded_by" not in text and "change: 作废，无替代文件（停止服务）}" in text
    errors = [f for f in check(load_config(repo.root)).findings if f.severity.value == "error"]
    assert hits(repo, "QD140") == [] and errors == []
    from qmsdoc.site.pages import obsolete_page

    document = check(load_config(repo.root)).corpus.documents["QP-03-03"]
    assert "无替代文件" in obsolete_page([document], {})
    repo.replace("manuals/qp-service/QP-03-03.md", "status: obsolete\n", "status: obsolete\nsuperseded_by: QP-03-04\n")
    assert [m for _, _, m in hits(repo, "QD140")] and "replaced: false" in hits(repo, "QD140")[0][2]


def test_the_obsolete_page_names_the_version_last_in_force_and_the_withdrawal_record(repo: Project) -> None:
    """`qmsdoc obsolete` records the withdrawal as a version (A/0 → A/1) that was never in force; the obsolete
    page called A/1 the 最终版本 while verify and the recall list name the copies' A/0. It names both for what they
    are; the withdrawal record is never called the version in force."""
    import re

    from qmsdoc.site.pages import obsolete_page

    assert qmsdoc(repo.root, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理",
                  "--date", "2026-09-01").returncode == 0
    corpus = check(load_config(repo.root)).corpus
    page = obsolete_page([corpus.documents["QP-03-03"]], corpus.documents)
    heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", page)]
    assert heads[2:4] == ["最后现行版本", "作废记录"], heads
    rows = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page)[1:]]
    assert rows == [["QP-03-03", "售楼部物业服务督导协调管理规程", "A/0", "A/1（2026-09-01 作废）",
                     "《客户投诉处理工作规程》 QP-03-04 A/0"]], rows


def test_obsolete_copies_show_withdrawal_not_review(repo: Project) -> None:
    from qmsdoc.core.copyjobs import document_job
    from qmsdoc.core.model import Document
    from qmsdoc.records.register import register_rows
    from qmsdoc.site.pages import Copies, control_block

    assert qmsdoc(repo.root, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理",
                  "--date", "2026-09-01").returncode == 0
    corpus = check(load_config(repo.root)).corpus
    document: Document = corpus.documents["QP-03-03"]
    assert document.next_review is None and str(document.withdrawn) == "2026-09-01"
    row = next(r for r in register_rows(corpus, repo.root, repo.path("build/docx")) if r[0] == "QP-03-03")
    assert row[10] == "已作废 2026-09-01"
    block = control_block(document, Copies(word=True, pdf=True))
    assert "作废日期" in block and "下次评审" not in block and "受控副本" not in block
    # the obsolete copies are still offered, each marked for what it is
    assert "下载作废文件 Word 副本" in block and "下载作废文件 PDF 副本" in block
    assert "由 QP-03-04 替代" in document_job(document, "", "公司").notice
    from qmsdoc.site.pages import register_page

    listing = register_page([document, corpus.documents["QP-03-04"]], dt.date(2030, 1, 1))
    withdrawn = '<time class="qms-date" datetime="2026-09-01">2026-09-01</time>'
    assert f'<td data-label="下次评审">已作废 {withdrawn}</td>' in listing and "2028-03-01</time>（逾期）" in listing


# --- 5. releases record what happened -------------------------------------------------------------

def test_release_needs_a_review_decision_and_dates_in_order(repo: Project) -> None:
    repo.replace(DOC, "千分之三", "千分之五")
    result = qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--change", "x")
    assert result.returncode == 1 and "--reviewed-by" in result.stderr and "--keep-review" in result.stderr
    result = qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--change", "x", "--keep-review",
                    "--date", "2026-02-15")
    assert result.returncode == 1 and "早于审核日期 2026-02-20" in result.stderr
    result = qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--change", "调整", "--keep-review",
                    "--date", "2026-06-01")
    assert result.returncode == 0 and "change: 调整（审核沿用 管家服务中心经理 2026-02-20）" in repo.read(DOC)
    # A second release the same day is a new version: the history stays distinguishable.
    commit(repo.root, "发布 A/1")
    repo.replace(DOC, "千分之五", "千分之四")
    assert qmsdoc(repo.root, "release", "QP-03-02", "--by", "总经理", "--change", "再调整", "--reviewed-by",
                  "管家服务中心经理", "--date", "2026-06-01").returncode == 0
    assert "{version: A/1, date: 2026-06-01" in repo.read(DOC) and "{version: A/2, date: 2026-06-01" in repo.read(DOC)
    commit(repo.root, "发布 A/2")
    assert check(load_config(repo.root)).findings == []  # both same-day releases are proper releases


@pytest.mark.parametrize("command", [
    ("release", "QP-03-02", "--by", "总经理", "--change", "x", "--keep-review"),
    ("review", "QP-03-02", "--by", "总经理"),  # a review dated 2099 silenced every QD180 until 2101
    ("obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理"),
    ("revise", "QP-03-02", "--by", "质量专员"),
    ("baseline", "--by", "总经理"),
    ("issue", "QP-03-02", "--to", "客服部"),
    ("recall", "QP-03-02-A/0-001"),
])
def test_an_act_dated_after_today_is_refused_before_anything_is_written(
        project: Project, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = qmsdoc(project.root, *command, "--date", "2026-12-02")
    assert result.returncode == 2 and "晚于今天（2026-12-01）" in result.stderr, result
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("written", ["20260301", "2026-W09-1"])
def test_a_date_is_written_as_the_help_says(project: Project, tmp_path: Path, written: str) -> None:
    """Python reads 20260301 and 2026-W09-1 as dates too; the documents, the help and the messages say 2026-03-01
    (2026-3-1 is read as a sign-in sheet's date is: core/days.py)."""
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = qmsdoc(project.root, "review", "QP-03-02", "--by", "总经理", "--date", written)
    assert result.returncode == 2 and "2026-03-01" in result.stderr, result
    assert qmsdoc(project.root, "register", "--as-of", written, "--out", str(tmp_path / "r.xlsx")).returncode == 2
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("command", [
    ("release", "QP-03-02", "--by", "总经理", "--keep-review", "--change"),
    ("review", "QP-03-02", "--by", "总经理", "--note"),
    ("obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理", "--reason"),
    ("revise", "QP-03-02", "--by", "质量专员", "--reason"),
])
@pytest.mark.parametrize("note", ["第一行\n第二行", "很长" * 300])
def test_a_note_for_the_revision_history_is_one_line_of_text(project: Project, command: tuple[str, ...],
                                                              note: str) -> None:
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    result = qmsdoc(project.root, *command, note)
    assert result.returncode == 2 and ("控制字符 U+000A" if "\n" in note else "修订记录") in result.stderr, result
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


def test_register_as_of_a_day_to_come_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    result = qmsdoc(project.root, "register", "--as-of", "2099-01-01", "--out", str(tmp_path / "r.xlsx"))
    assert result.returncode == 2 and "晚于今天" in result.stderr and not (tmp_path / "r.xlsx").exists()


def test_placeholder_blocks_review_and_release(repo: Project) -> None:
    result = qmsdoc(repo.root, "new", "--manual", "QP-03", "--title", "钥匙管理工作规程", "--department",
                    "管家服务中心", "--by", "质量专员", "--id", "QP-03-08")
    assert result.returncode == 0, result.stderr
    assert "publish_drafts: true" in result.stdout  # how to see the draft: it is not on the site yet
    new = "manuals/qp-service/QP-03-08.md"
    assert hits(repo, "QD123") == []  # a draft may still be a skeleton
    result = qmsdoc(repo.root, "release", "QP-03-08", "--by", "总经理", "--reviewed-by", "经理", "--change", "首次发布")
    assert result.returncode == 1 and "（待编写）" in result.stderr and "status: draft" in repo.read(new)
    repo.replace(new, "status: draft", "status: review")
    assert [(p, n) for p, n, _ in hits(repo, "QD123")][0] == (new, line(repo, new, "（待编写）"))


def test_new_takes_type_numbering_and_writes_the_type_skeleton(repo: Project) -> None:
    index = "manuals/kf/index.md"
    repo.replace(index, "  example: KF0301 / QRKF0401",
                 "  example: KF0301 / QRKF0401\n  types: {job-description: '^KF03\\d{2}$'}")
    repo.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
    result = qmsdoc(repo.root, "new", "--manual", "KF", "--title", "客服专员岗位说明书", "--type", "job-description",
                    "--department", "客服部", "--by", "客服部经理助理")
    assert result.returncode == 0, result.stderr
    assert "publish_drafts" not in result.stdout  # drafts are published: the site shows it already
    created = sorted(p.name for p in repo.path("manuals/kf").glob("KF03*.md"))[-1]
    text = repo.read(f"manuals/kf/{created}")
    assert re.fullmatch(r"KF03\d{2}\.md", created) and "## 岗位职责" in text and "## 任职资格" in text
    assert "第一条" not in text and "## 1.0 目的" not in text
    result = qmsdoc(repo.root, "new", "--manual", "KF", "--title", "x", "--type", "job-description",
                    "--department", "客服部", "--by", "y", "--id", "KF0401")
    assert result.returncode == 1 and "不符合" in result.stderr


# --- 6. periodic review is a record, not a blocker ------------------------------------------------

def test_review_records_without_touching_the_approval(project: Project) -> None:
    repo = project
    repo.replace(DOC, "review_months: 24", "review_months: 1")
    repo.restamp(DOC)  # as if approved that way
    git(repo.root, "init", "-q")
    commit(repo.root, "初始文件")
    assert [(p, n) for p, n, _ in hits(repo, "QD180")] == [(DOC, line(repo, DOC, "review_months"))]
    before = re.search(r"fingerprint: ([0-9a-f]{64})", repo.read(DOC)).group(1)  # type: ignore[union-attr]
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "review", "QP-03-02", "--by", "总经理",
                             "--note", "内容适用，无需修改"], cwd=repo.root, capture_output=True, text=True,
                            env={**__import__("os").environ, "QMSDOC_TODAY": "2026-11-20"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "下次评审：2026-12-20" in result.stdout
    text = repo.read(DOC)
    assert "reviews:\n  - {by: 总经理, date: 2026-11-20, note: 内容适用，无需修改}" in text
    assert f"fingerprint: {before}" in text and "version: A/0" in text
    config = load_config(repo.root)
    config.today = __import__("datetime").date(2026, 12, 1)
    assert [f for f in check(config).findings if f.path == DOC] == []


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_review_is_recorded_once_a_day(project: Project, language: str) -> None:
    """Two `reviews:` lines for one day were one review counted twice: the second is refused, nothing written;
    the next day's review is a review of its own."""
    if language == "en":
        project.write("qmsdoc.yml", "language: en\n" + project.read("qmsdoc.yml"))
    args = ("review", "QP-03-02", "--by", "总经理", "--date", "2026-11-20")
    assert qmsdoc(project.root, *args).returncode == 0
    before = project.path(DOC).read_bytes()
    again = qmsdoc(project.root, *args)
    said = again.stdout + again.stderr
    assert again.returncode == 1 and project.path(DOC).read_bytes() == before, said
    assert ("已有 2026-11-20 的定期评审记录（总经理）" if language == "zh-CN"
            else "already has a periodic review recorded on 2026-11-20 (总经理)") in said, said
    assert "Traceback" not in said
    later = qmsdoc(project.root, "review", "QP-03-02", "--by", "总经理", "--date", "2026-11-21")
    assert later.returncode == 0, later.stdout + later.stderr
    assert project.read(DOC).count("{by: 总经理, date: 2026-11-2") == 2


def test_overdue_review_is_marked_in_the_register(project: Project) -> None:
    from qmsdoc.records.register import register_rows

    corpus = check(load_config(project.root)).corpus
    rows = {r[0]: r for r in register_rows(corpus, project.root, project.path("build/docx"), dt.date(2028, 6, 1))}
    assert rows["QP-03-02"][10] == "2028-03-01（评审逾期）"
    rows = {r[0]: r for r in register_rows(corpus, project.root, project.path("build/docx"), dt.date(2027, 6, 1))}
    assert rows["QP-03-02"][10] == "2028-03-01"


def test_a_form_in_the_register_is_in_force_from_its_approval(project: Project) -> None:
    """A blank form has no draft state: the 受控文件清单 (register.csv and the site's page) says from when its version
    is in force and who approved it, as `register --as-of` does — not a blank."""
    from qmsdoc.records.register import register_rows
    from qmsdoc.site.pages import register_page

    approved = re.search(r"approved: \{by: ([^,]+), date: ([0-9-]+)", project.read(FORM))
    assert approved
    corpus = check(load_config(project.root)).corpus
    rows = {r[0]: r for r in register_rows(corpus, project.root, project.path("build/docx"))}
    assert rows["QP-02-01-F001"][6] == approved.group(2) and rows["QP-02-01-F001"][9] == " ".join(approved.groups())
    owner = corpus.documents["QP-02-01"].department  # a form's 归口部门 is its owner's
    assert owner and rows["QP-02-01-F001"][5] == owner and rows["QP-02-01"][5] == owner
    page = register_page(corpus.sorted_targets(), dt.date(2026, 12, 1))
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*QP-02-01-F001(?:(?!</tr>).)*</tr>", page)
    assert row and f'datetime="{approved.group(2)}"' in row.group(0)
    assert f'data-label="归口部门">{owner}</td>' in row.group(0)
    project.write(FORM, re.sub(r"\napproved: .*\n", "\n", project.read(FORM)))  # never approved: no date to show
    corpus = check(load_config(project.root)).corpus
    rows = {r[0]: r for r in register_rows(corpus, project.root, project.path("build/docx"))}
    assert rows["QP-02-01-F001"][6] == "" and rows["QP-02-01-F001"][9] == ""


def test_a_manual_is_in_the_register_with_its_version_and_approval(project: Project) -> None:
    """A manual's index page is a controlled document of its own: the 受控文件清单 (register.csv and the site's
    page) lists it before the documents, 类别 手册, with its version, in force from its effective date, its
    编制/审核/批准 and the hash of the whole-manual Word copy; a manual page never approved is a draft, not in force."""
    import hashlib

    from qmsdoc.core.paths import copy_relative
    from qmsdoc.records.register import register_rows
    from qmsdoc.site.pages import register_page

    copy = project.path("build/docx/" + copy_relative("KF", "manual"))
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"the whole manual")
    corpus = check(load_config(project.root)).corpus
    rows = register_rows(corpus, project.root, project.path("build/docx"))
    assert len(rows) == len(corpus.manuals) + len(corpus.documents) + len(corpus.forms)
    assert {r[0] for r in rows[:len(corpus.manuals)]} == {m.id for m in corpus.manuals}
    kf = next(r for r in rows if r[0] == "KF")
    assert kf[1:7] == ["客服部工作手册", "手册", "A/0", "现行有效", "客服部", "2026-03-01"]
    assert kf[7:11] == ["客服部经理助理 2026-02-08", "客服部经理 2026-02-18", "总经理 2026-02-24", "—"]
    assert len(kf[11]) == 64 and kf[12] == hashlib.sha256(b"the whole manual").hexdigest()
    targets = corpus.sorted_targets()
    page = register_page(targets, dt.date(2026, 12, 1), corpus.sorted_manuals(), {"KF": "qmsroot:kf/"})
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*>KF</a>(?:(?!</tr>).)*</tr>", page)
    assert row and row.group(0).startswith('<tr data-status="effective">') and 'href="qmsroot:kf/"' in row.group(0)
    assert ">手册</td>" in row.group(0) and 'datetime="2026-03-01"' in row.group(0) and "客服部" in row.group(0)
    # drafts and documents in review (publish_drafts previews) are counted apart: not controlled documents
    unapproved = sum(1 for target in targets if target.status.is_unapproved)
    assert unapproved and f"共 {len(targets) - unapproved + len(corpus.manuals)} 份" in page
    assert f"尚未批准的草稿或审核中文件 {unapproved} 份" in page
    project.write("manuals/kf/index.md", re.sub(r"\napproved: .*\n", "\n", project.read("manuals/kf/index.md")))
    corpus = check(load_config(project.root)).corpus
    kf = next(r for r in register_rows(corpus, project.root, project.path("build/docx")) if r[0] == "KF")
    assert kf[4] == "草稿" and kf[9] == ""
    page = register_page(corpus.sorted_targets(), dt.date(2026, 12, 1), corpus.sorted_manuals())
    assert '<tr data-status="draft"><td data-sort="KF">KF</td>' in page
    assert '<option value="draft">草稿</option>' in page


def test_review_months_must_be_a_whole_number(project: Project) -> None:
    project.replace(DOC, "review_months: 24", "review_months: 24.0")
    assert [(p, n) for p, n, _ in hits(project, "QD004")] == [(DOC, line(project, DOC, "review_months"))]


def test_signed_withdrawal_needs_the_withdrawing_approver_key(signed: Project, tmp_path: Path) -> None:
    key, stranger = keygen(tmp_path, "approver"), keygen(tmp_path, "stranger")
    public = key.with_suffix(".pub").read_text().split()
    signers = signed.path(".qmsdoc/allowed_signers")
    signers.write_text(signers.read_text() + f'总经理 namespaces="qmsdoc" {public[0]} {public[1]}\n')
    assert qmsdoc(signed.root, "new", "--manual", "DEMO", "--title", "钥匙管理工作规程（新）", "--department",
                  "质量管理部", "--by", "质量专员").returncode == 0
    successor = "manuals/demo/DEMO-02.md"
    signed.write(successor, signed.read(successor).replace("（待编写）", "按本规程执行。"))
    result = qmsdoc(signed.root, "release", "DEMO-02", "--by", "总经理", "--reviewed-by", "质量管理部经理",
                    "--change", "首次发布", "--key", str(key))
    assert result.returncode == 0, result.stdout + result.stderr
    for wrong in (("--by", "总经理", "--key", str(stranger)), ("--by", "质量管理部经理", "--key", str(key))):
        result = qmsdoc(signed.root, "obsolete", "DEMO-01", "--superseded-by", "DEMO-02", *wrong)
        assert result.returncode == 1 and "QD193" in result.stdout, wrong
        assert "status: effective" in signed.read("manuals/demo/DEMO-01.md")
    result = qmsdoc(signed.root, "obsolete", "DEMO-01", "--superseded-by", "DEMO-02", "--by", "总经理",
                    "--key", str(key))
    assert result.returncode == 0, result.stdout + result.stderr
    assert check(load_config(signed.root)).ok


def test_perfect_hand_made_release_passes_git_but_not_signatures(signed: Project) -> None:
    """Version, 修订记录, dates and fingerprint all made by hand, exactly as a release would: only a
    signature by the approver's key can tell it apart (fingerprint mode cannot; the README says so)."""
    relative = "manuals/demo/DEMO-01.md"
    git(signed.root, "init", "-q")
    commit(signed.root, "初始文件")
    signed.replace(relative, "双方签字确认", "口头确认")
    signed.replace(relative, "version: A/0", "version: A/1")
    signed.replace(relative, "effective_date: 2026-03-01", "effective_date: 2026-06-01")
    signed.replace(relative, "approved: {by: 总经理, date: 2026-02-25", "approved: {by: 总经理, date: 2026-06-01")
    signed.replace(relative, "change: 首次发布}",
                   "change: 首次发布}\n  - {version: A/1, date: 2026-06-01, by: 质量专员, change: 简化交接}")
    signed.restamp(relative)
    assert hits(signed, "QD190") == [] and hits(signed, "QD191") == []
    assert [(p, n) for p, n, _ in hits(signed, "QD193")] == [(relative, line(signed, relative, "approved:"))]


def test_document_commands_name_a_form_or_manual_for_what_it_is(project: Project) -> None:
    """review, obsolete and acknowledge act on documents: a blank form's or a manual's number is not "not found"
    but named as what it is, with where its changes go — and nothing is written."""
    before = {p: project.read(p) for p in (FORM, MANUAL)}
    for args in (("review", "QP-02-01-F001", "--by", "经理"),
                 ("obsolete", "qp-02-01-f001", "--no-successor", "--by", "总经理"),
                 ("acknowledge", "QP-02-01-F001", "--by", "张三", "--department", "客服部")):
        result = qmsdoc(project.root, *args)
        assert result.returncode == 1 and "是空白表单" in result.stderr and "QP-02-01" in result.stderr, result
        assert "找不到" not in result.stderr
    for args in (("review", "QP-03", "--by", "经理"), ("obsolete", "QP-03", "--no-successor", "--by", "总经理")):
        result = qmsdoc(project.root, *args)
        assert result.returncode == 1 and "是手册编号" in result.stderr and "qmsdoc release QP-03" in result.stderr
    unknown = qmsdoc(project.root, "review", "QP-03-99", "--by", "经理")
    assert unknown.returncode == 1 and "找不到文件编号 QP-03-99" in unknown.stderr
    assert {p: project.read(p) for p in (FORM, MANUAL)} == before
