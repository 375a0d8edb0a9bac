"""What `verify` tells an auditor must be true of the day asked and of the file handed in: a whole manual is judged
by the members approved that day (core/versions.py `approved_corpus`, the one decision `approved_by` makes for a
document), a document whose first version was approved later did not exist yet, a copy whose properties and footer
name different documents is said to, a PDF holder is sent to build/pdf, and a copy another project issued under the
same 分发号 is said to be possibly no copy of this project's register."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, on, release_later, released_first, run_cli, second_released

FIRST, BEFORE_A1, APPROVED_A1, BETWEEN, NEW_DOC, AUDITED = (
    "2025-01-10", "2025-03-01", "2025-04-01", "2025-04-15", "2025-05-01", "2025-12-31")


def _keep(root: Path, kept: Path, prefix: str) -> None:
    for found in (root / "build/docx").rglob("*.docx"):
        shutil.copy(found, kept / f"{prefix}-{found.name}")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM, QM-01 and QM-01-F01 released on FIRST, copy QM-01-A/0-001 and the whole manual's QM-A/0-001 issued; QM-01
    A/1 approved on APPROVED_A1 (in force at once); QM-02 written and first approved on NEW_DOC, and the build's Word
    copies kept (kept/new-*.docx). A second project (other/) of the same `qmsdoc init`, its `project_id` removed (as
a project made before it has none), issues its own QM-01-A/0-001."""
    folder = tmp_path_factory.mktemp("verifytruth")
    kept = folder / "kept"
    kept.mkdir()
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    with on(FIRST):
        root = initialised(folder / "a", "按本程序控制文件。")
        commit(root, "drafts")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
        for code in ("QM-01", "QM"):
            assert run_cli("issue", code, "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copies issued")
        other = initialised(folder / "b", "另一个项目的程序。")
        _without_project_id(other)  # a project made before `project_id`: its copies carry none (test_project_id.py)
        commit(other, "drafts")
        released_first(other, "QM", "QM-01-F01", "QM-01")
        commit(other, "first releases")
        assert run_cli("issue", "QM-01", "--to", "生产部", cwd=other).returncode == 0
        shutil.copy(other / "issued/QM-01-A_0-001.docx", kept / "other-QM-01-A_0-001.docx")
    with on(APPROVED_A1):
        release_later(root, "QM-01", None)
    with on(NEW_DOC):
        second_released(root)
        assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
        _keep(root, kept, "new")
    return root


def _without_project_id(root: Path) -> None:
    config = root / "qmsdoc.yml"
    config.write_text("".join(line for line in config.read_text("utf-8").splitlines(keepends=True)
                              if not line.startswith("project_id:")), "utf-8")


def _asked(root: Path, copy: Path, day: str | None = None) -> tuple[int, str]:
    with on(AUDITED):
        done = run_cli("verify", str(copy), *(("--as-of", day) if day else ()), cwd=root)
    return done.returncode, done.stdout + done.stderr


def _kept(root: Path, name: str) -> Path:
    return root.parent.parent / "kept" / name


def _rewritten(source: Path, target: Path, member: str, old: bytes, new: bytes, comment: bytes = b"") -> Path:
    with zipfile.ZipFile(source) as read, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written:
        for info in read.infolist():
            data = read.read(info.filename)
            written.writestr(info, data.replace(old, new) if info.filename == member else data)
        written.comment = comment
    return target


# 1. a whole manual is judged by the members approved on the day asked


def test_a_whole_manual_built_later_holds_what_was_not_approved_that_day(root: Path) -> None:
    for day, later in ((BEFORE_A1, "QM-01 A/1、QM-02 A/0"), (BETWEEN, "QM-02 A/0")):
        code, said = _asked(root, _kept(root, "new-QM.docx"), day)
        assert code == 1 and "当日尚未批准" in said and later in said and "尚未生效" not in said, said


def test_an_issued_whole_manual_is_current_before_a_member_s_later_approval(root: Path) -> None:
    code, said = _asked(root, root / "issued/QM-A_0-001.docx", BEFORE_A1)
    assert code == 0 and "现行受控副本：QM《质量手册》" in said and "A/1" not in said, said


def test_an_issued_whole_manual_names_only_the_changes_approved_by_the_day(root: Path) -> None:
    code, said = _asked(root, root / "issued/QM-A_0-001.docx", BETWEEN)
    assert code == 1 and "QM-01 A/0 → A/1" in said and "QM-02" not in said, said


def test_the_build_s_whole_manual_is_current_today(root: Path) -> None:
    code, said = _asked(root, _kept(root, "new-QM.docx"))
    assert code == 0 and "现行受控副本：整本手册 QM" in said, said


# 2. a document whose first version was approved after the day asked did not exist yet


def test_a_document_first_approved_later_did_not_exist_that_day(root: Path) -> None:
    code, said = _asked(root, _kept(root, "new-QM-02.docx"), BETWEEN)
    assert code == 1 and "当日尚无此文件：QM-02" in said and NEW_DOC in said and "尚未生效" not in said, said


def test_a_document_that_existed_is_not_said_not_to(root: Path) -> None:
    code, said = _asked(root, _kept(root, "new-QM-02.docx"))
    assert code == 0 and "当日尚无此文件" not in said, said
    code, said = _asked(root, root / "issued/QM-01-A_0-001.docx", BEFORE_A1)
    assert code == 0 and "当日尚无此文件" not in said, said


# 3. a copy whose properties name another document than its footer's 分发号 is said to


def test_a_copy_claiming_another_document_in_its_properties_is_said_both(root: Path, tmp_path: Path) -> None:
    copy = _rewritten(root / "issued/QM-01-A_0-001.docx", tmp_path / "QM-01.docx", "docProps/core.xml",
                      b"<dc:subject>QM-01</dc:subject>", b"<dc:subject>QM-01-F01</dc:subject>")
    code, said = _asked(root, copy)
    assert code == 1 and "其 Word 文档属性标明此文件为 QM-01-F01 A/0" in said, said
    assert "其页面文字却印有分发号 QM-01-A/0-001" in said and "自称" not in said, said
    assert "该分发号是 QM-01 版本 A/0" in said, said


def test_a_copy_whose_properties_agree_is_not_said_to_claim_otherwise(root: Path) -> None:
    code, said = _asked(root, _kept(root, "other-QM-01-A_0-001.docx"))
    assert code == 1 and "标明此文件为" not in said, said


# 4. the answer on a copy that differs points to the holder's format


def _pdf(subject: str, keywords: str) -> bytes:
    """A one-page PDF whose metadata names `subject` `keywords`, as a PDF copy's does (pdf/engine.py)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Subject (%s) /Keywords (%s) >>" % (subject.encode(), keywords.encode())]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return out + trailer % (len(objects) + 1, start)


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils' pdfinfo")
def test_a_pdf_that_differs_is_pointed_to_build_pdf(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "QM-01.pdf"
    copy.write_bytes(_pdf("QM-01", "A/1"))
    code, said = _asked(root, copy)
    assert code == 1 and "build/pdf" in said and "build/docx" not in said, said


def test_a_word_copy_that_differs_is_pointed_to_build_docx(root: Path, tmp_path: Path) -> None:
    copy = _rewritten(_kept(root, "new-QM-01.docx"), tmp_path / "QM-01.docx", "", b"", b"", comment=b"changed")
    code, said = _asked(root, copy)
    assert code == 1 and "build/docx" in said and "build/pdf" not in said, said


# 5. a copy another project issued under the same 分发号 is never current, and is said to be possibly not ours


def test_a_copy_of_another_project_with_the_same_number_is_not_said_ours(root: Path) -> None:
    for day in (None, FIRST):
        code, said = _asked(root, _kept(root, "other-QM-01-A_0-001.docx"), day)
        assert code == 1 and "不是本项目登记的副本" in said and "另一个项目" in said, said
        assert "现行受控副本：" not in said, said


def test_this_project_s_own_copy_stays_current_on_its_day(root: Path) -> None:
    code, said = _asked(root, root / "issued/QM-01-A_0-001.docx", FIRST)
    assert code == 0 and "现行受控副本：QM-01" in said and "不是本项目登记的副本" not in said, said


# 6. what names the document and version is said: the build's manifest (a fact) or the file's own metadata (a claim)


def test_a_word_copy_unknown_to_the_build_is_named_by_its_properties_as_a_claim(root: Path, tmp_path: Path) -> None:
    copy = _rewritten(_kept(root, "new-QM-01.docx"), tmp_path / "QM-01.docx", "", b"", b"", comment=b"changed")
    code, said = _asked(root, copy)
    assert code == 1 and "其 Word 文档属性标明此文件为 QM-01" in said and "自称" not in said, said


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils' pdfinfo")
def test_a_pdf_unknown_to_the_build_is_named_by_its_metadata_as_a_claim(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "QM-01.pdf"
    copy.write_bytes(_pdf("QM-01", "A/0"))
    code, said = _asked(root, copy)
    assert code == 1 and "其 PDF 元数据标明此文件为 QM-01" in said and "Word" not in said, said


def test_the_build_s_own_copy_is_not_said_to_be_named_by_a_claim(root: Path) -> None:
    code, said = _asked(root, _kept(root, "new-QM-01.docx"))
    assert code == 0 and "标明此文件为" not in said and "自称" not in said, said


# 7. a numbered copy whose metadata names another organisation than this project's is said to, as read


def test_a_numbered_copy_naming_another_organisation_is_said_to(root: Path, tmp_path: Path) -> None:
    copy = _rewritten(_kept(root, "other-QM-01-A_0-001.docx"), tmp_path / "QM-01-A_0-001.docx", "docProps/core.xml",
                      "<dc:creator>受控文件</dc:creator>".encode(),
                      "<dc:creator>另一公司</dc:creator>".encode())
    code, said = _asked(root, copy)
    assert code == 1 and "其 Word 文档属性标明的单位是「另一公司」" in said, said
    assert "本项目的单位是「受控文件」" in said, said


def test_a_numbered_copy_of_the_same_organisation_is_not_said_to_be_another_s(root: Path) -> None:
    code, said = _asked(root, _kept(root, "other-QM-01-A_0-001.docx"))
    assert code == 1 and "单位是" not in said and "另一单位" not in said, said
