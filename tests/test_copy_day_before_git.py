"""`qmsdoc copy ID --as-of DAY` of one document, and of a whole manual, on a day whose version in force only the
document's 修订记录 records (released before git held its text): the auditor is told that the text of that version
is not held — the version, the date the 修订记录 gives it, what to do, QD195, exit 1 — and no copy of another version
is written in its place. A day git holds the text of is answered with the copy of the version in force that day."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import commit, copy_project, git, restamped, run_cli, today_is

DOC = "manuals/qp-service/QP-03-02.md"
RECORDED, BETWEEN, HELD, TODAY = "2026-02-25", "2026-04-01", "2026-05-01", "2026-12-01"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project first committed on 2026-11-22 with QP-03-02 at A/1 (effective HELD): its A/0, in force
    from RECORDED until then, is known only from its 修订记录."""
    project = copy_project(tmp_path_factory.mktemp("before-git"))
    text = project.read(DOC).replace("version: A/0\n", "version: A/1\n", 1)
    text = text.replace("effective_date: 2026-03-01", f"effective_date: {HELD}", 1).replace("千分之三", "千分之二", 1)
    text = text.replace("change: 首次发布}\n", "change: 首次发布}\n  - {version: A/1, date: 2026-04-20, by: 质量专员, "
                        "change: 滞纳金比例调整}\n", 1)
    project.write(DOC, restamped(DOC, text))
    with pytest.MonkeyPatch.context() as patch:
        for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
            patch.setenv(name, "2026-11-22T12:00:00+08:00")
        git(project.root, "init", "-q")
        commit(project.root, "初始文件")
    return project.root


def _copy(root: Path, out: Path, code: str, day: str) -> tuple[int, str]:
    with today_is(TODAY):
        done = run_cli("copy", code, "--as-of", day, "--out", str(out), cwd=root)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("code", ["QP-03-02", "QP-03"])
def test_a_day_whose_version_only_the_revision_history_records_is_refused(root: Path, tmp_path: Path,
                                                                          code: str) -> None:
    out = tmp_path / "c.docx"
    status, said = _copy(root, out, code, BETWEEN)
    assert status == 1 and not out.exists(), said
    assert "未完成：QD195 " in said and said.count("QD195") == 1, said  # its code where every refusal shows one
    assert "QP-03-02 A/0" in said and f"修订记录日期 {RECORDED}" in said, said
    assert "存档的纸质或电子受控文件" in said and "Traceback" not in said, said


def test_a_document_before_its_first_version_has_no_copy_of_that_day(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.docx"
    status, said = _copy(root, out, "QP-03-02", "2026-02-24")
    assert status == 1 and not out.exists(), said
    assert "没有现行版本" in said and f"A/0 于 {RECORDED} 生效" in said, said


def test_a_day_git_holds_the_text_of_is_the_copy_of_the_version_in_force(root: Path, tmp_path: Path) -> None:
    """The quiet side: from the effective date of the version git holds, the document's and the manual's copy of
    that day are written, the document's naming the version in force then."""
    document, manual = tmp_path / "d.docx", tmp_path / "m.docx"
    status, said = _copy(root, document, "QP-03-02", HELD)
    assert status == 0 and document.exists(), said
    assert f"{HELD} 现行的是 QP-03-02 A/1" in said and "（现行版本）" in said, said
    status, said = _copy(root, manual, "QP-03", HELD)
    assert status == 0 and manual.exists() and "QP-03-02 A/1" in said, said


def test_a_form_is_still_asked_by_its_version(root: Path, tmp_path: Path) -> None:
    status, said = _copy(root, tmp_path / "f.docx", "QP-03-02-F001", HELD)
    assert status == 2 and "--version" in said and "表单" in said, said
