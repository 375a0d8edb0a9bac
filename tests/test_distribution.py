"""Numbered distribution (#19): issue → release → 回收清单 → recall → verify, in a temporary git repository;
verify of modified and forged copies; the register's rules; register.xlsx as auditors print it."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from qmsdoc.core import check, load_config

from conftest import CliRun, Project, commit, git, office_profile, run_cli

DOC = "manuals/qp-service/QP-03-02.md"
REGISTER = "distribution.yaml"
FIRST, SECOND = "QP-03-02-A/0-001", "QP-03-02-A/0-002"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def issued(project: Project, number: str) -> Path:
    return project.path("issued/" + number.replace("/", "_") + ".docx")


def footer(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).sections[0].footer.paragraphs)


def register_line(project: Project, number: str) -> tuple[int, str]:
    for index, line in enumerate(project.read(REGISTER).splitlines(), start=1):
        if f"number: {number}," in line:
            return index, line
    raise AssertionError(f"{number} not in {REGISTER}")


def qd211_lines(project: Project) -> set[int]:
    return {f.line for f in check(load_config(project.root)).findings if f.code == "QD211" and f.path == REGISTER}


def issue_two(project: Project) -> None:
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "2", "--by", "张文控",
                    "--date", "2026-06-02")
    assert result.returncode == 0, result.stdout + result.stderr
    assert FIRST in result.stdout and SECOND in result.stdout


@pytest.mark.slow
def test_issue_release_recall_list_recall_verify_cycle(repo: Project) -> None:
    issue_two(repo)
    first, second = issued(repo, FIRST), issued(repo, SECOND)
    assert f"分发号：{FIRST}" in footer(first) and f"分发号：{SECOND}" in footer(second)
    for number, path in ((FIRST, first), (SECOND, second)):
        line = register_line(repo, number)[1]
        assert f"sha256: {hashlib.sha256(path.read_bytes()).hexdigest()}" in line
        assert "recipient: 客服部" in line and "issued_by: 张文控" in line and "version: A/0" in line
    verdict = qmsdoc(repo, "verify", str(first))
    assert verdict.returncode == 0 and "现行受控副本" in verdict.stdout and FIRST in verdict.stdout
    assert "客服部" in verdict.stdout
    assert qd211_lines(repo) == set()
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "发放 QP-03-02 A/0 两份")

    repo.replace("manuals/qp-service/QP-03-02.md", "review_months: 24", "review_months: 36")  # a change to release
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "明确滞纳金计算",
                      "--date", "2026-06-10", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    git(repo.root, "commit", "-qam", "发布 QP-03-02 A/1")
    result = qmsdoc(repo, "check")
    line1, line2 = register_line(repo, FIRST)[0], register_line(repo, SECOND)[0]
    assert result.returncode == 0, result.stdout
    assert f"{REGISTER}:{line1}: warning QD211 分发号 {FIRST}" in result.stdout
    assert f"{REGISTER}:{line2}: warning QD211 分发号 {SECOND}" in result.stdout

    built = qmsdoc(repo, "build")
    assert built.returncode == 0, built.stdout + built.stderr[-2000:]
    with open(repo.path("build/recall-list.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == [FIRST, SECOND] and rows[1][6] == "客服部" and "A/1" in rows[1][4]
    page = repo.read("build/site/recall/index.html")
    assert FIRST in page and SECOND in page and "回收清单" in page
    from openpyxl import load_workbook

    sheet = load_workbook(repo.path("build/register.xlsx"))["回收清单"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [FIRST, SECOND]

    verdict = qmsdoc(repo, "verify", str(first))
    assert verdict.returncode == 1 and "已被 A/1 替代" in verdict.stdout and "回收未完成" in verdict.stdout
    assert FIRST in verdict.stdout and "客服部" in verdict.stdout and "A/1" in verdict.stdout

    before = repo.read(REGISTER).splitlines(keepends=True)
    recalled = qmsdoc(repo, "recall", FIRST, "--by", "张文控", "--date", "2026-06-12")
    assert recalled.returncode == 0, recalled.stdout + recalled.stderr
    after = repo.read(REGISTER).splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [line1 - 1]  # only the returned copy's line; comments and other entries keep their bytes
    assert after[line1 - 1].rstrip().endswith("returned: 2026-06-12, returned_by: 张文控}")
    verdict = qmsdoc(repo, "verify", str(first))
    assert verdict.returncode == 1 and "已回收" in verdict.stdout and "2026-06-12" in verdict.stdout
    assert qd211_lines(repo) == {line2}

    again = qmsdoc(repo, "recall", FIRST, "--date", "2026-06-13")
    assert again.returncode == 1 and "已于 2026-06-12 由 张文控 回收" in again.stderr
    unknown = qmsdoc(repo, "recall", "QP-03-02-A/0-009", SECOND)
    assert unknown.returncode == 1 and "没有分发号 QP-03-02-A/0-009" in unknown.stderr
    assert repo.read(REGISTER).splitlines(keepends=True) == after  # all or nothing: SECOND not recalled either
    assert qmsdoc(repo, "recall", SECOND, "--date", "2026-06-12").returncode == 0
    assert qd211_lines(repo) == set()
    git(repo.root, "commit", "-qam", "回收 QP-03-02 A/0 副本")

    # The new version is issued with its own sequence.
    result = qmsdoc(repo, "issue", "QP-03-02", "--to", "客服部", "--date", "2026-06-12")
    assert result.returncode == 0 and "QP-03-02-A/1-001" in result.stdout
    assert "现行受控副本" in qmsdoc(repo, "verify", str(issued(repo, "QP-03-02-A/1-001"))).stdout


def test_verify_of_a_folder_says_it_is_no_file_not_that_it_is_missing(project: Project, tmp_path: Path) -> None:
    (tmp_path / "副本.docx").mkdir()
    result = qmsdoc(project, "verify", str(tmp_path / "副本.docx"))
    assert result.returncode == 2 and "不是普通文件" in result.stderr and "找不到" not in result.stderr, result
    gone = qmsdoc(project, "verify", str(tmp_path / "没有.docx"))
    assert gone.returncode == 2 and "找不到文件" in gone.stderr


def test_verify_says_modified_or_forged(project: Project, tmp_path: Path) -> None:
    issue_two(project)
    modified = tmp_path / "modified.docx"
    copy = docx.Document(str(issued(project, FIRST)))
    paragraph = next(p for p in copy.paragraphs if "滞纳金" in p.text)
    paragraph.runs[0].text = "滞纳金免收。" + paragraph.runs[0].text
    copy.save(str(modified))
    verdict = qmsdoc(project, "verify", str(modified))
    assert verdict.returncode == 1 and "内容被修改或伪造" in verdict.stdout and FIRST in verdict.stdout
    assert "客服部" in verdict.stdout

    forged = tmp_path / "forged.docx"
    copy = docx.Document(str(issued(project, FIRST)))
    run = next(r for p in copy.sections[0].footer.paragraphs for r in p.runs if FIRST in r.text)
    run.text = run.text.replace(FIRST, "QP-03-02-A/0-077")
    copy.save(str(forged))
    verdict = qmsdoc(project, "verify", str(forged))
    assert verdict.returncode == 1 and "伪造或未登记" in verdict.stdout and "QP-03-02-A/0-077" in verdict.stdout

    untouched = tmp_path / "copy.docx"
    shutil.copy(issued(project, SECOND), untouched)  # the exact bytes, under any name, are the registered copy
    verdict = qmsdoc(project, "verify", str(untouched))
    assert verdict.returncode == 0 and SECOND in verdict.stdout


def test_issue_refuses_documents_not_in_force(project: Project) -> None:
    for code, status in (("DY/AQ-018", "草稿"), ("QP-02-04", "作废")):
        result = qmsdoc(project, "issue", code, "--to", "客服部")
        assert result.returncode == 1, result.stdout + result.stderr
        assert "不是现行有效文件" in result.stderr and status in result.stderr
    result = qmsdoc(project, "issue", "QP-99-99", "--to", "客服部")
    assert result.returncode == 1 and "找不到编号 QP-99-99" in result.stderr
    assert not project.path(REGISTER).exists() and not project.path("issued").exists()


def test_issue_refuses_a_date_before_the_version_was_released(project: Project) -> None:
    # QP-03-02 A/0 was released 2026-02-25, its form and manual page approved then too: a copy "issued" before
    # that is a copy of something that did not exist yet, and the register would say otherwise.
    for code in ("QP-03-02", "QP-02-01-F001", "QP-03"):
        result = qmsdoc(project, "issue", code, "--to", "客服部", "--date", "2026-02-24")
        assert result.returncode == 1 and "2026-02-24" in result.stderr and "--date" in result.stderr, result
    assert not project.path(REGISTER).exists() and not project.path("issued").exists()
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--date", "2026-02-25")  # the day itself is fine
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_never_overwrites_a_file(project: Project) -> None:
    foreign = project.write("issued/QP-03-02-A_0-001.docx", "领用部门自己的文件")
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "2")
    assert result.returncode == 1 and "已存在" in result.stderr
    assert foreign.read_text("utf-8") == "领用部门自己的文件"
    assert not project.path(REGISTER).exists() and not issued(project, SECOND).exists()


def test_issue_appends_to_a_hand_kept_register(project: Project) -> None:
    kept = ("# 本公司文件发放回收记录\r\ncopies:\r\n  - {number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, "
            f"recipient: 人事部, date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'a' * 64}}}\r\n")
    project.path(REGISTER).write_bytes(kept.encode("utf-8"))
    assert qmsdoc(project, "issue", "QP-02-03", "--to", "行政部", "--date", "2026-03-05").returncode == 0
    raw = project.path(REGISTER).read_bytes().decode("utf-8")
    assert raw.startswith(kept) and raw[len(kept):].startswith("  - {number: QP-02-03-A/1-002,")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert check(load_config(project.root)).findings == []


def test_issue_writes_a_linked_register_through_its_link(project: Project) -> None:
    """distribution.yaml a symlink to the register kept elsewhere in the project: the line goes into that file and
    the user's link stays (a rename onto the link replaced it with a copy, and the file it named got no line)."""
    kept = project.write("records/distribution.yaml", "copies:\n")
    project.path(REGISTER).symlink_to("records/distribution.yaml")
    assert qmsdoc(project, "issue", "QP-03-02", "--to", "客服部").returncode == 0
    assert project.path(REGISTER).is_symlink()
    assert f"number: {FIRST}," in kept.read_text("utf-8")


def test_issue_replaces_a_plain_register_file_in_place(project: Project) -> None:
    project.write(REGISTER, "copies:\n")
    assert qmsdoc(project, "issue", "QP-03-02", "--to", "客服部").returncode == 0
    assert not project.path(REGISTER).is_symlink() and f"number: {FIRST}," in project.read(REGISTER)
    assert not project.path("records").exists()


def test_malformed_register_entries_are_qd210_at_their_line(project: Project) -> None:
    project.write(REGISTER, "copies:\n"
                  f"  - {{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 人事部, "
                  f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'a' * 64}}}\n"
                  "  - {number: QP-02-03-A/1-002, document: QP-02-03, version: A/1, recipient: 人事部}\n"
                  f"  - {{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 财务部, "
                  f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'b' * 64}}}\n"
                  f"  - {{number: QP-02-03-001, document: QP-02-03, version: A/1, recipient: 财务部, "
                  f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'c' * 64}}}\n"
                  f"  - {{number: QP-09-01-A/0-001, document: QP-09-01, version: A/0, recipient: 财务部, "
                  f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'d' * 64}}}\n")
    findings = {(f.line, f.code): f.message for f in check(load_config(project.root)).findings}
    assert set(findings) == {(3, "QD210"), (4, "QD210"), (5, "QD210"), (6, "QD210")}
    assert "缺少发放日期、发放人、格式、SHA-256" in findings[(3, "QD210")]
    assert "重复（第 2 行已登记）" in findings[(4, "QD210")]
    assert "格式不对" in findings[(5, "QD210")] and "QP-09-01 不存在" in findings[(6, "QD210")]
    result = qmsdoc(project, "issue", "QP-02-03", "--to", "行政部")
    assert result.returncode == 1 and f"{REGISTER}:3: error QD210" in result.stdout


@pytest.mark.parametrize("register,entry", [
    (REGISTER, "{{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: {value}, "
               "date: 2026-03-01, issued_by: 李文控, format: docx, sha256: " + "a" * 64 + "}}"),
    ("acknowledgements.yaml", "{{document: QP-02-03, version: A/1, department: 人事部, person: {value}, "
                              "date: 2026-03-02}}"),
])
@pytest.mark.parametrize("value", ["0x10", "0123", "yes"])
def test_a_register_value_yaml_reads_as_a_number_or_boolean_is_malformed(project: Project, register: str, entry: str,
                                                                          value: str) -> None:
    """A hand-typed recipient or person 0123 was recorded as 83, yes as True, without a word."""
    key = "copies" if register == REGISTER else "acknowledgements"
    project.write(register, f"{key}:\n  - " + entry.format(value=value) + "\n")
    found = [f for f in check(load_config(project.root)).findings if f.path == register]
    assert [(f.line, f.code) for f in found] == [(2, "QD210" if register == REGISTER else "QD220")], found
    assert "加引号" in found[0].message


def test_register_rules_quiet_on_current_and_returned_copies(project: Project) -> None:
    project.write(REGISTER, "copies:\n"
                  f"  - {{number: QP-02-03-A/0-001, document: QP-02-03, version: A/0, recipient: 人事部, "
                  f"date: 2025-03-01, issued_by: 李文控, format: docx, sha256: {'a' * 64}, "
                  "returned: 2026-03-02, returned_by: 李文控}\n"
                  f"  - {{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 人事部, "
                  f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'b' * 64}}}\n")
    assert check(load_config(project.root)).findings == []
    project.replace(REGISTER, ", returned: 2026-03-02, returned_by: 李文控", "")
    assert qd211_lines(project) == {2}  # the same register with the old copy still out: the rule can fire


def test_register_xlsx_prints_for_auditors(project: Project) -> None:
    from openpyxl import load_workbook

    issue_two(project)
    project.replace(REGISTER, "recipient: 客服部", "recipient: \"=HYPERLINK(\\\"http://x\\\")\"")
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    book = load_workbook(project.path("build/register.xlsx"))
    assert book.sheetnames == ["受控文件清单", "外来文件清单", "文件发放回收记录", "回收清单", "文件学习确认记录"]
    widths = []
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        widths.append(sheet.column_dimensions["A"].width)
    assert len(set(widths)) > 1  # each sheet its own column widths
    rows_in = book["受控文件清单"].max_row
    assert book["受控文件清单"].print_area == f"'受控文件清单'!$A$1:$K${rows_in}"  # the SHA-256 columns not printed
    assert book["文件发放回收记录"].print_area.startswith("'文件发放回收记录'!$A$1:$K$")
    registered = next(r for r in book["受控文件清单"].iter_rows(min_row=2) if r[0].value == "QP-03-02")
    assert registered[6].is_date and registered[6].value.date() == dt.date.fromisoformat(
        project.read(DOC).split("effective_date: ", 1)[1][:10])
    assert registered[6].number_format == "yyyy-mm-dd"
    rows = list(book["文件发放回收记录"].iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [FIRST, SECOND]
    assert rows[0][6].is_date and rows[0][6].value.date() == dt.date(2026, 6, 2)
    assert rows[0][5].value == '=HYPERLINK("http://x")' and rows[0][5].data_type == "s"  # text, not a formula
    assert rows[0][10].value == "在用（现行）"


def _workbook(tmp_path: Path, *sheets: object) -> object:
    from openpyxl import load_workbook

    from qmsdoc.records.xlsx import Sheet, to_xlsx

    path = tmp_path / "book.xlsx"
    path.write_bytes(to_xlsx([s for s in sheets if isinstance(s, Sheet)], dt.date(2026, 3, 1)))
    return load_workbook(path)


def test_register_columns_fit_their_text_and_longer_text_wraps(tmp_path: Path) -> None:
    """A 编制 cell (a Chinese name and a date) was cut at the fixed width 18: a Chinese character takes two widths
    of the digit 0. Each column now fits its widest text, up to a limit past which the cell wraps."""
    from qmsdoc.records.xlsx import MAX_WIDTH, Sheet, display_width

    signed = "客服部经理助理 2026-02-08"
    long_note = "本清单取自修订记录：项目不在 git 中，" * 6
    rows = [["KF01", signed, long_note, "A/0"], ["KF02", "", "", "A/1"]]
    sheet = Sheet("清单", ("编号", "编制", "备注", "版本"), rows, (10, 18, 30, 8))
    book = _workbook(tmp_path, sheet)
    ws = book.worksheets[0]  # type: ignore[attr-defined]
    assert display_width(signed) == 25 and ws.column_dimensions["B"].width >= 25
    assert ws.column_dimensions["C"].width == MAX_WIDTH and ws["C2"].alignment.wrap_text  # too long: wraps
    # ... in a row as high as its lines (a spreadsheet opening the file keeps one line and prints the rest cut off)
    assert ws.row_dimensions[2].height >= 15 * 5 and ws.row_dimensions[3].height is None
    assert ws.column_dimensions["A"].width == 10 and ws.column_dimensions["D"].width == 8  # short text: as given
    assert ws["B1"].alignment.wrap_text and ws["B1"].font.b  # the header too


@pytest.mark.parametrize(("text", "width"), [
    ("", 0), ("A/0 2026-02-08", 14), ("\t\x7f", 2),  # ASCII: one a character, control characters too
    ("客服部", 6), ("ＡＢ１", 6), ("ｶﾅ", 2),  # wide and full-width two, half-width katakana one
    ("é", 1), ("e\u0301", 2), ("①", 1), ("张三 2026-02-08", 15)])  # Latin-1, combining, ambiguous, mixed
def test_a_text_s_display_width_counts_wide_characters_twice(text: str, width: int) -> None:
    """The registers' column widths and row heights (asked for every cell: remembered, ASCII counted at once)."""
    from qmsdoc.records.xlsx import display_width

    assert display_width(text) == width
    assert display_width(text) == width  # asked again: the remembered answer is the same


def test_a_row_is_as_high_as_its_tallest_cell_s_lines(tmp_path: Path) -> None:
    """One line of text (the common cell, counted without splitting) and several lines each count."""
    from qmsdoc.records.xlsx import Sheet

    rows = [["a" * 120, "b"], ["c", "一\n二\n三"], ["d", "e"]]
    ws = _workbook(tmp_path, Sheet("s", ("x", "y"), rows, (7, 10))).worksheets[0]  # type: ignore[attr-defined]
    assert ws.row_dimensions[2].height == 15 * 3  # 120 widths in a column of 50 less padding: 3 lines
    assert ws.row_dimensions[3].height == 15 * 3 and ws.row_dimensions[4].height is None


def test_register_prints_without_its_fingerprint_columns_and_numbers_its_pages(tmp_path: Path) -> None:
    """Two SHA-256 columns 66 wide shrank the printed 受控文件清单 to a third of its size; they stay on screen, out
    of the print area. Each printed page names its sheet and says which page of how many, in the project's language."""
    from qmsdoc.core.i18n import using
    from qmsdoc.records.xlsx import Sheet

    hashed = Sheet("受控文件清单", ("编号", "名称", "SHA-256"), [["KF01", "客服部组织架构", "ab" * 32]], (10, 20, 66),
                   printed=2)
    plain = Sheet("回收清单", ("编号", "名称"), [["KF01", "客服部组织架构"]], (10, 20))
    book = _workbook(tmp_path, hashed, plain)
    first, second = book.worksheets  # type: ignore[attr-defined]
    assert first.print_area == "'受控文件清单'!$A$1:$B$2" and not second.print_area  # all of it
    assert first.oddHeader.left.text == "&A" and first.oddFooter.center.text == "第 &P 页，共 &N 页"
    with using("en"):
        book = _workbook(tmp_path, Sheet("R & D's list", ("No.", "Title"), [["QM", "Manual"]], (10, 20)))
    assert book.worksheets[0].oddFooter.center.text == "Page &P of &N"  # type: ignore[attr-defined]


@pytest.mark.slow
def test_verify_reads_the_copy_number_of_a_pdf_copy(project: Project, tmp_path: Path) -> None:
    """The PDF path of verify: the 分发号 is read with pdftotext (here from a PDF LibreOffice made of
    an issued Word copy, whose footer prints it the same way)."""
    issue_two(project)
    profile = office_profile(tmp_path)
    subprocess.run(["soffice", profile, "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(issued(project, FIRST))], check=True, capture_output=True,
                   timeout=300)
    pdf = tmp_path / (issued(project, FIRST).stem + ".pdf")
    verdict = qmsdoc(project, "verify", str(pdf))
    assert verdict.returncode == 1 and "转换件" in verdict.stdout and FIRST in verdict.stdout  # not forged: converted
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()  # record the PDF as the copy issued under FIRST
    line = register_line(project, FIRST)[1]
    old_digest = line.split("sha256: ", 1)[1][:64]
    project.replace(REGISTER, line, line.replace("format: docx", "format: pdf").replace(old_digest, digest))
    verdict = qmsdoc(project, "verify", str(pdf))
    assert verdict.returncode == 0 and "现行受控副本" in verdict.stdout and f"分发号 {FIRST}" in verdict.stdout
    assert "（pdf）" in verdict.stdout


def _fake_pdf(job: object) -> bytes:
    return f"%PDF-fake {job.id} {job.version} 分发号：{job.copy_number}".encode()  # type: ignore[attr-defined]


def test_a_format_is_one_entry_in_the_copy_writers_table(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the lead does to enable PDF copies: one COPY_WRITERS entry; issue then writes and records that format."""
    from qmsdoc.acts import issuance

    spec = f"{__name__}:_fake_pdf"
    monkeypatch.setitem(issuance.COPY_WRITERS, "pdf", issuance.CopyWriter(spec, spec, spec))
    done = issuance.issue(load_config(project.root), "QP-02-03", to="人事部", fmt="pdf", date=dt.date(2026, 6, 1))
    path = project.path("issued/QP-02-03-A_1-001.pdf")
    assert done.files == [path] and path.read_bytes() == "%PDF-fake QP-02-03 A/1 分发号：QP-02-03-A/1-001".encode()
    line = register_line(project, "QP-02-03-A/1-001")[1]
    assert "format: pdf" in line and hashlib.sha256(path.read_bytes()).hexdigest() in line


HAND_KEPT = ("copies:\n- {number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 人事部, "
             f"date: 2026-03-01, issued_by: 李文控, format: docx, sha256: {'a' * 64}}}")


@pytest.mark.parametrize("kept", ["# 记录\n", "copies:\n", "copies: []\n", "\ufeff# 记录\ncopies:\n", HAND_KEPT])
def test_issue_appends_to_registers_kept_by_hand_in_any_shape(project: Project, kept: str) -> None:
    project.path(REGISTER).write_bytes(kept.encode("utf-8"))
    assert check(load_config(project.root)).findings == []
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--date", "2026-03-05")
    assert result.returncode == 0, result.stdout + result.stderr
    text = project.path(REGISTER).read_bytes().decode("utf-8")
    assert text.startswith(kept.split("copies: []")[0]) and f"number: {FIRST}," in text
    assert check(load_config(project.root)).findings == []


def test_recall_takes_a_copy_number_however_it_is_typed(repo: Project) -> None:
    """A 分发号 typed in lower case, full-width or with spaces is that copy, as every control number is; two spellings
    of one copy return it once."""
    issue_two(repo)
    typed = FIRST.lower().replace("-", " - ", 1)
    wide = FIRST.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    recalled = qmsdoc(repo, "recall", typed, wide, "--by", "张文控")
    assert recalled.returncode == 0, recalled.stdout + recalled.stderr
    assert FIRST in recalled.stdout and typed not in recalled.stdout
    assert repo.read(REGISTER).count("returned:") == 1
    assert "returned:" in register_line(repo, FIRST)[1] and "returned:" not in register_line(repo, SECOND)[1]


def test_recall_page_escapes_register_text() -> None:
    from qmsdoc.core.distribution import CopyEntry, Recall
    from qmsdoc.site.pages import recall_page

    entry = CopyEntry(number="QP-03-02-A/0-001", document="QP-03-02", version="A/0",
                      recipient="客服部<script>x</script>", date=dt.date(2026, 6, 2), issued_by="文控员&amp;",
                      format="docx", sha256="a" * 64, line=4)
    html = recall_page([Recall(entry, "催收<b>规程</b>", "A/1", "已换版（现行版本 A/1）")])
    assert "<script>" not in html and "客服部&lt;script&gt;" in html and "<b>" not in html
    assert "文控员&amp;amp;" in html and 'href="qms:QP-03-02"' in html and "QP-03-02-A/0-001" in html
    assert "目前没有待回收" in recall_page([])


def test_a_replacement_copy_on_the_recall_list_names_the_copy_it_replaced() -> None:
    """A replacement copy of a version since superseded was listed to collect as any copy, with nothing linking it
    to the lost one the void list names: the recall page says which 分发号 it replaced, and a copy issued as such
    says nothing of the kind."""
    from qmsdoc.core.distribution import CopyEntry, Recall
    from qmsdoc.site.pages import recall_page

    def entry(number: str, replaces: str = "") -> CopyEntry:
        return CopyEntry(number=number, document="QP-03-02", version="A/0", recipient="客服部",
                         date=dt.date(2026, 6, 2), issued_by="文控员", format="docx", sha256="a" * 64, line=4,
                         replaces=replaces)

    replacement = entry("QP-03-02-A/0-003", replaces="QP-03-02-A/<0>-001")
    html = recall_page([Recall(replacement, "催收工作规程", "A/1", "已换版（现行版本 A/1）")])
    assert "已换版（现行版本 A/1），补发替代分发号 QP-03-02-A/&lt;0&gt;-001" in html
    html = recall_page([Recall(entry(SECOND), "催收工作规程", "A/1", "已换版（现行版本 A/1）")])
    assert "已换版（现行版本 A/1）" in html and "补发" not in html


def test_qd211_names_the_copy_a_superseded_replacement_replaced(repo: Project) -> None:
    """QD211 asked to collect a replacement copy of a superseded version as any copy, though the 回收清单 named the
    lost copy it replaced: both say it now; a copy issued as such is told as before."""
    issue_two(repo)
    done = qmsdoc(repo, "issue", "QP-03-02", "--to", "客服部", "--replaces", SECOND, "--reason", "遗失",
                  "--date", "2026-06-03")
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "发放并补发")
    repo.replace(DOC, "千分之三", "千分之五")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "滞纳金调整", "--keep-review",
                      "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    told = {f.line: f.message for f in check(load_config(repo.root)).findings if f.code == "QD211"}
    third = "QP-03-02-A/0-003"
    assert f"补发替代分发号 {SECOND}" in told[register_line(repo, third)[0]], told
    assert "补发" not in told[register_line(repo, FIRST)[0]], told


def test_a_void_reason_recorded_in_chinese_is_told_in_an_english_project(project: Project) -> None:
    """A register kept in Chinese (遗失) read by a project since switched to English said 「declared void (遗失, …)」
    in English sentences: every output now tells the recorded reason in the project's language."""
    from qmsdoc.core import i18n

    issue_two(project)
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--replaces", SECOND, "--reason", "遗失",
                    "--date", "2026-07-01")
    assert result.returncode == 0, result.stdout + result.stderr
    project.write("qmsdoc.yml", "language: en\n" + project.read("qmsdoc.yml"))
    i18n.set_language("en")
    third = "QP-03-02-A/0-003"
    verdict = qmsdoc(project, "verify", str(issued(project, SECOND)))
    assert verdict.returncode == 1 and "Declared void (lost, 2026-07-01)" in verdict.stdout, verdict.stdout
    assert "遗失" not in verdict.stdout
    verdict = qmsdoc(project, "verify", str(issued(project, third)))
    assert verdict.returncode == 0 and f"issued to replace copy {SECOND}" in verdict.stdout, verdict.stdout
    recall = qmsdoc(project, "recall", SECOND)
    assert recall.returncode == 1 and "(lost)" in recall.stderr and "遗失" not in recall.stderr, recall.stderr
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    listed = project.read("build/recall-list.csv")
    assert "Void, lost (2026-07-01" in listed and "遗失" not in listed, listed


def test_a_lost_copy_is_declared_void_and_replaced_under_a_new_number(project: Project) -> None:
    issue_two(project)
    lost = issued(project, SECOND)
    before = project.read(REGISTER)
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--replaces", SECOND, "--reason", "遗失",
                    "--by", "张文控", "--date", "2026-07-01")
    assert result.returncode == 0, result.stdout + result.stderr
    third = "QP-03-02-A/0-003"
    assert third in result.stdout and f"{SECOND} 已登记为作废（遗失）" in result.stdout
    old_line, new_line = register_line(project, SECOND)[1], register_line(project, third)[1]
    assert "voided: 2026-07-01, void_reason: 遗失" in old_line and f"replaced_by: {third}" in old_line
    assert f"replaces: {SECOND}" in new_line
    assert project.read(REGISTER).startswith(before.split(SECOND)[0])  # the lines before are untouched
    assert check(load_config(project.root)).findings == []

    verdict = qmsdoc(project, "verify", str(lost))
    assert verdict.returncode == 1 and "已声明作废（遗失" in verdict.stdout and third in verdict.stdout
    verdict = qmsdoc(project, "verify", str(issued(project, third)))  # the replacement names the copy it replaces
    assert verdict.returncode == 0 and "现行受控副本" in verdict.stdout and f"补发替代分发号 {SECOND}" in verdict.stdout
    verdict = qmsdoc(project, "verify", str(issued(project, FIRST)))  # … and no other copy claims to replace one
    assert verdict.returncode == 0 and "补发" not in verdict.stdout, verdict.stdout

    # A void number is never recalled or replaced again; nothing is written when refused.
    written = project.read(REGISTER)
    recall = qmsdoc(project, "recall", SECOND)
    assert recall.returncode == 1 and "作废" in recall.stderr
    again = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--replaces", SECOND, "--reason", "损坏")
    assert again.returncode == 1 and "只能补发一次" in again.stderr
    wrong = qmsdoc(project, "issue", "QP-02-03", "--to", "客服部", "--replaces", FIRST, "--reason", "损坏")
    assert wrong.returncode == 1 and "不是 QP-02-03 的" in wrong.stderr
    unsaid = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--replaces", FIRST)
    assert unsaid.returncode == 2 and "--reason" in unsaid.stderr
    assert project.read(REGISTER) == written and not issued(project, "QP-03-02-A/0-004").exists()

    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/recall-list.csv"), encoding="utf-8-sig", newline="") as handle:
        recall_rows = {row[0]: row for row in csv.reader(handle)}
    assert recall_rows[SECOND][4].startswith("作废-遗失") and FIRST not in recall_rows
    from openpyxl import load_workbook

    sheet = load_workbook(project.path("build/register.xlsx"))["文件发放回收记录"]
    states = {row[0]: row[10] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert states[SECOND] == f"作废-遗失（由 {third} 替代）"
    assert states[third] == f"在用（现行），补发替代分发号 {SECOND}"
    assert states[FIRST] == "在用（现行）"


def test_a_copy_lost_with_nothing_to_replace_it_is_recorded_void_and_leaves_the_recall_list(project: Project) -> None:
    """A lost copy could only be declared void by issuing its replacement, which a withdrawn document (or one not
    wanted again) refuses: it stayed on the 回收清单 and QD211 for ever as a copy in circulation, or was recorded
    「已回收」, which it never was. `recall --void 遗失` records it void, not replaced; every output says so."""
    issue_two(project)
    refused = qmsdoc(project, "recall", FIRST, "--void", "丢了")
    assert refused.returncode == 2 and "遗失" in refused.stderr, refused.stderr
    done = qmsdoc(project, "recall", FIRST, "--void", "遗失", "--date", "2026-07-01")
    assert done.returncode == 0 and "未补发" in done.stdout, done.stdout + done.stderr
    line = register_line(project, FIRST)[1]
    assert "voided: 2026-07-01, void_reason: 遗失}" in line and "returned" not in line, line
    assert check(load_config(project.root)).findings == []
    verdict = qmsdoc(project, "verify", str(issued(project, FIRST)))
    assert verdict.returncode == 1 and "已声明作废（遗失，2026-07-01），未补发" in verdict.stdout, verdict.stdout
    again = qmsdoc(project, "recall", FIRST)
    assert again.returncode == 1 and "未补发" in again.stderr, again.stderr
    replaced = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--replaces", FIRST, "--reason", "遗失")
    assert replaced.returncode == 1 and "未补发" in replaced.stderr and "只能补发一次" not in replaced.stderr
    returned = qmsdoc(project, "recall", SECOND)  # without --void: a return, as before
    assert returned.returncode == 0 and "returned:" in register_line(project, SECOND)[1]
    assert "voided" not in register_line(project, SECOND)[1]
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/recall-list.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = {row[0]: row for row in csv.reader(handle)}
    assert rows[FIRST][4] == "作废-遗失（2026-07-01，未补发，无需回收）" and SECOND not in rows, rows


def test_a_void_entry_without_its_replacement_is_malformed(project: Project) -> None:
    issue_two(project)
    line, text = register_line(project, SECOND)
    project.write(REGISTER, project.read(REGISTER).replace(
        text, text.replace("}", ", voided: 2026-07-01, void_reason: 遗失, replaced_by: QP-03-02-A/0-009}")))
    findings = [f for f in check(load_config(project.root)).findings if f.code == "QD210"]
    assert [(f.path, f.line) for f in findings] == [(REGISTER, line)] and "QP-03-02-A/0-009" in findings[0].message


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_register_line_dated_before_its_version_was_released_is_qd210(project: Project, language: str) -> None:
    """`issue` refused --date 2026-02-24 for QP-03-02 A/0 (released 2026-02-25), but the same line written by hand
    passed check. The same floor now applies to every line: copies of the version in force of a document, a form
    and a whole manual, and of a document's earlier version (its 修订记录 entry); the day itself stays quiet."""
    from qmsdoc.core import i18n

    if language == "en":
        project.write("qmsdoc.yml", "language: en\n")
    i18n.set_language(language)

    def line(number: str, document: str, version: str, day: str) -> str:
        return (f"  - {{number: {number}, document: {document}, version: {version}, recipient: 客服部, date: {day}, "
                f"issued_by: 李文控, format: docx, sha256: {'a' * 64}}}\n")

    early = [("QP-03-02-A/0-001", "QP-03-02", "A/0", "2026-02-24"),
             ("QP-02-01-F001-A/0-001", "QP-02-01-F001", "A/0", "2026-02-24"),
             ("QP-03-A/0-001", "QP-03", "A/0", "2026-02-24"),
             ("QP-02-03-A/0-001", "QP-02-03", "A/0", "2025-01-04")]  # an earlier version: its 修订记录 entry
    quiet = [("QP-03-02-A/0-002", "QP-03-02", "A/0", "2026-02-25"),  # the release day itself
             ("QP-02-03-A/0-002", "QP-02-03", "A/0", "2025-01-05"),
             ("QP-02-03-A/1-001", "QP-02-03", "A/1", "2026-02-25")]
    project.write(REGISTER, "copies:\n" + "".join(line(*entry) for entry in early + quiet))
    found = [f for f in check(load_config(project.root)).findings if f.code == "QD210"]
    assert [f.line for f in found] == [2, 3, 4, 5], found
    words = "2026-02-25" if language == "zh-CN" else "released on 2026-02-25"
    assert all(f.path == REGISTER and f.severity.value == "error" for f in found)
    assert "2026-02-24" in found[0].message and "2025-01-04" in found[3].message
    assert words in found[0].message
    assert ("早于" if language == "zh-CN" else "before") in found[0].message


def test_a_manual_copy_is_superseded_when_a_document_in_it_changes(repo: Project) -> None:
    """A whole-manual copy holds its documents: one of them released at a new version (or added, or withdrawn)
    leaves the manual's own version as it was, yet the copy no longer shows what is in force — verify, the
    回收清单 and QD211 say so and name the change; a copy whose documents are all current stays current."""
    result = qmsdoc(repo, "issue", "QP-03", "--to", "财务部", "--by", "张文控")
    assert result.returncode == 0, result.stdout + result.stderr
    number = "QP-03-A/0-001"
    line, text = register_line(repo, number)
    assert "contents: QP-03-01 A/" in text and "; QP-03-02 A/0;" in text  # what the copy holds, as issued
    copy = issued(repo, number)
    current = qmsdoc(repo, "verify", str(copy))
    assert current.returncode == 0 and "现行受控副本" in current.stdout
    assert qd211_lines(repo) == set()
    commit(repo.root, "发放手册 QP-03")

    repo.replace(DOC, "千分之三", "千分之五")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "滞纳金调整", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "version: A/0" in repo.read("manuals/qp-service/index.md")  # the manual page itself did not move
    verdict = qmsdoc(repo, "verify", str(copy))
    assert verdict.returncode == 1 and "现行受控副本" not in verdict.stdout
    assert "QP-03-02 A/0 → A/1" in verdict.stdout and "回收未完成" in verdict.stdout
    assert qd211_lines(repo) == {line}
    # its page is still A/0, as the copy is: it is the manual issued anew, not 「现行版本 A/0」 for an A/0 copy
    told = next(f.message for f in check(load_config(repo.root)).findings if f.code == "QD211")
    assert told.endswith("需要时重新发放整本手册（版本 A/0，所含文件均为现行版本）"), told
    assert "换发现行版本" not in told
    assert qmsdoc(repo, "build", "--only", "records").returncode == 0
    with open(repo.path("build/recall-list.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == [number] and "QP-03-02 A/0 → A/1" in rows[1][4]

    renewed = qmsdoc(repo, "issue", "QP-03", "--to", "财务部", "--by", "张文控")
    assert renewed.returncode == 0 and "QP-03-02 A/1;" in register_line(repo, "QP-03-A/0-002")[1]
    assert qmsdoc(repo, "verify", str(issued(repo, "QP-03-A/0-002"))).returncode == 0


def test_a_superseded_manual_copy_is_to_collect_on_the_register_sheet_while_another_document_waits(
        repo: Project) -> None:
    """The 文件发放回收记录 sheet called a whole-manual copy 「已发放（已批准，… 起生效）」 — a copy not yet in force —
    when one document of the manual waited for its effective date, though another had been released since the copy
    was made: verify, QD211 and the 回收清单 told to collect it. The sheet now says so too; a copy made after the
    release, holding what is in force, is still told in use until the waiting version takes effect."""
    from openpyxl import load_workbook

    def states() -> dict[str, str]:
        assert qmsdoc(repo, "build", "--only", "records").returncode == 0
        sheet = load_workbook(repo.path("build/register.xlsx"))["文件发放回收记录"]
        return {row[0]: row[10] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert qmsdoc(repo, "issue", "QP-03", "--to", "财务部", "--date", "2026-06-02").returncode == 0
    commit(repo.root, "发放手册 QP-03")
    repo.replace(DOC, "千分之三", "千分之五")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "滞纳金调整", "--keep-review",
                      "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    commit(repo.root, "发布 QP-03-02 A/1")
    assert qmsdoc(repo, "issue", "QP-03", "--to", "工程部", "--date", "2026-06-11").returncode == 0
    repo.replace("manuals/qp-service/QP-03-01.md", "review_months: 24", "review_months: 36")
    waiting = qmsdoc(repo, "release", "QP-03-01", "--by", "总经理", "--change", "评审周期", "--keep-review",
                     "--date", "2026-06-12", "--effective", "2099-01-01")
    assert waiting.returncode == 0, waiting.stdout + waiting.stderr
    commit(repo.root, "发布 QP-03-01，2099-01-01 生效")

    old = qmsdoc(repo, "verify", str(issued(repo, "QP-03-A/0-001")))
    assert old.returncode == 1 and "回收未完成" in old.stdout, old.stdout
    found = states()
    assert found["QP-03-A/0-001"].startswith("待回收（") and "QP-03-02 A/0 → A/1" in found["QP-03-A/0-001"]
    assert found["QP-03-A/0-002"].startswith("在用（现行至 2099-01-01 前"), found


def test_a_manual_copy_line_without_contents_is_judged_by_its_date(repo: Project) -> None:
    """A register line written before copies recorded what they hold: a document of the manual released after
    the copy's day supersedes it (a release the same day cannot be told apart: the line stays current), and the
    release never makes the line "dated before its version" (QD210). A malformed `contents` is QD210."""
    repo.replace(DOC, "千分之三", "千分之五")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "滞纳金调整", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    today = dt.date.today().isoformat()
    lines = [("2026-03-01", ""), (today, ""), (today, ", contents: QP-03-01 A/1 QP-03-02")]
    repo.write(REGISTER, "copies:\n" + "".join(
        f"  - {{number: QP-03-A/0-00{i}, document: QP-03, version: A/0, recipient: 财务部, date: {day}, "
        f"issued_by: 张文控, format: docx, sha256: {'a' * 63}{i}{extra}}}\n"
        for i, (day, extra) in enumerate(lines, start=1)))
    findings = {(f.code, f.line) for f in check(load_config(repo.root)).findings if f.path == REGISTER}
    assert findings == {("QD211", 2), ("QD210", 4)}, findings


def test_qd211_says_what_to_issue_in_the_recalled_copys_place(project: Project) -> None:
    """A superseded copy is replaced by the current version, a withdrawn document's by its successor; a document
    withdrawn with no successor has nothing to issue instead, and the finding must not ask for a current version."""
    withdrawn = qmsdoc(project, "obsolete", "QP-03-02", "--no-successor", "--by", "总经理", "--reason", "业务取消")
    assert withdrawn.returncode == 0, withdrawn.stdout + withdrawn.stderr
    project.write(REGISTER, "copies:\n"
                  "  - {number: QP-02-03-A/0-001, document: QP-02-03, version: A/0, recipient: 客服部, "
                  "date: 2025-06-01, issued_by: 文控员, format: docx, sha256: " + "a" * 64 + "}\n"
                  "  - {number: QP-02-04-A/0-001, document: QP-02-04, version: A/0, recipient: 客服部, "
                  "date: 2024-02-01, issued_by: 文控员, format: docx, sha256: " + "b" * 64 + "}\n"
                  "  - {number: QP-03-02-A/0-001, document: QP-03-02, version: A/0, recipient: 客服部, "
                  "date: 2026-06-02, issued_by: 文控员, format: docx, sha256: " + "c" * 64 + "}\n")
    findings = [f for f in check(load_config(project.root)).findings if f.path == REGISTER]
    messages = {f.line: f.message for f in findings if f.code == "QD211"}
    assert set(messages) == {2, 3, 4}, findings
    assert messages[2].endswith("需要时换发现行版本 A/1"), messages[2]
    assert messages[3].endswith("需要时发放替代文件 QP-02-03"), messages[3]
    assert "无替代文件，无需换发" in messages[4] and "现行版本" not in messages[4], messages[4]


def test_a_copy_file_the_register_does_not_record_is_qd212(project: Project) -> None:
    """A copy left in issued/ by an issue killed half-way (or saved there by hand), and the half-written temp
    file beside it, look like controlled copies and are none; the copies the register records, hidden files of
    the folder and an empty or missing issued/ stay quiet."""
    assert not [f for f in check(load_config(project.root)).findings if f.code == "QD212"]  # no issued/ at all
    project.write(REGISTER, "copies:\n  - {number: QP-03-02-A/0-001, document: QP-03-02, version: A/0, "
                  "recipient: 客服部, date: 2026-06-02, issued_by: 文控员, format: docx, sha256: " + "a" * 64 + "}\n")
    project.write("issued/QP-03-02-A_0-001.docx", "recorded")
    project.write("issued/.gitkeep", "")
    assert not [f for f in check(load_config(project.root)).findings if f.code == "QD212"]
    project.write("issued/QP-03-02-A_0-002.docx", "left by a killed issue")
    project.write("issued/.QP-03-02-A_0-003.docx.x1y2.tmp", "half")
    project.write("issued/QP-03-02-A_0-001.pdf", "the recorded number, another format")
    found = sorted((f.path, f.line) for f in check(load_config(project.root)).findings if f.code == "QD212")
    assert found == [("issued/.QP-03-02-A_0-003.docx.x1y2.tmp", 1), ("issued/QP-03-02-A_0-001.pdf", 1),
                     ("issued/QP-03-02-A_0-002.docx", 1)], found


def test_a_returned_copy_of_the_version_in_force_is_not_a_current_controlled_copy(project: Project) -> None:
    """A copy handed back (a department that no longer needs it, an issue made by mistake) left circulation:
    the file someone still holds is no controlled copy, though its content is the version in force."""
    issue_two(project)
    assert qmsdoc(project, "recall", FIRST, "--by", "张文控", "--date", "2026-06-05").returncode == 0
    returned = qmsdoc(project, "verify", str(issued(project, FIRST)))
    assert returned.returncode == 1 and "现行受控副本" not in returned.stdout, returned.stdout
    assert "已回收" in returned.stdout and "2026-06-05" in returned.stdout and "张文控" in returned.stdout
    kept = qmsdoc(project, "verify", str(issued(project, SECOND)))  # its sibling is still out: current
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout, kept.stdout


@pytest.mark.parametrize("edit", [
    pytest.param((FIRST, "QP-03-02-A/0-009"), id="number"),  # another 分发号 written over the issued one
    pytest.param(("number: QP-03-02-A/0-001, document: QP-03-02,", "number: QP-03-01-A/1-001, document: QP-03-01,",
                  "version: A/0,", "version: A/1,"), id="document"),  # relabelled as a copy of another document
])
def test_a_register_line_changed_after_issue_does_not_make_its_copy_current(project: Project,
                                                                           edit: tuple[str, ...]) -> None:
    """The line found by a copy's SHA-256 was changed by hand after the copy was issued: what it now records is not
    what the copy prints (its 分发号 in the footer, its number and version in its metadata), so it says nothing true
    of the copy — verify told an auditor the copy was the 现行受控副本 the edited line named."""
    issue_two(project)
    number, line = register_line(project, FIRST)
    changed = line
    for old, new in zip(edit[::2], edit[1::2], strict=True):
        changed = changed.replace(old, new)
    assert changed != line
    project.write(REGISTER, project.read(REGISTER).replace(line, changed))
    edited = qmsdoc(project, "verify", str(issued(project, FIRST)))
    assert edited.returncode == 1 and "现行受控副本" not in edited.stdout, edited.stdout
    assert "登记与副本不符" in edited.stdout and f"{REGISTER}:{number}" in edited.stdout, edited.stdout
    assert FIRST in edited.stdout  # what the copy itself prints
    # each said where it was read: the document and version from its properties, the 分发号 from its page text
    assert "其 Word 文档属性标明此文件为 QP-03-02 版本 A/0" in edited.stdout, edited.stdout
    assert f"其页面文字印有分发号 {FIRST}" in edited.stdout and "此副本印的是" not in edited.stdout, edited.stdout
    kept = qmsdoc(project, "verify", str(issued(project, SECOND)))  # its sibling's line is untouched: current
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout and "登记与副本不符" not in kept.stdout, kept.stdout


# QP-03-01 A/1 was approved on 2026-02-25 to take effect on 2026-03-01 (its effective_date); A/0 was in force
# until then — as `qmsdoc register --as-of` answers for those days.
APPROVED, EFFECTIVE = "2026-02-27", "2026-03-01"


def test_a_copy_of_a_version_approved_but_not_yet_effective_is_not_current(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy issued between a version's approval and its effective date (issued ahead, for training) is no
    现行受控副本 until that date: the version in force is still the one before — verify said 现行 regardless."""
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)
    assert qmsdoc(project, "issue", "QP-03-01", "--to", "客服部").returncode == 0
    copy = issued(project, "QP-03-01-A/1-001")
    early = qmsdoc(project, "verify", str(copy))
    assert early.returncode == 1 and "现行受控副本" not in early.stdout, early.stdout
    assert "尚未生效" in early.stdout and EFFECTIVE in early.stdout and "A/0" in early.stdout, early.stdout
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)  # from its effective date on: the copy in force
    on_the_day = qmsdoc(project, "verify", str(copy))
    assert on_the_day.returncode == 0 and "现行受控副本" in on_the_day.stdout, on_the_day.stdout
    assert "尚未生效" not in on_the_day.stdout


def _judged_a0_copy(project: Project, monkeypatch: pytest.MonkeyPatch, day: str) -> CliRun:
    """`qmsdoc verify` on `day` of an outstanding numbered copy of QP-03-01 A/0 (issued before A/1 was approved)."""
    copy = project.write("held/QP-03-01-A_0-001.txt", "QP-03-01 A/0")
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    project.write(REGISTER, "copies:\n  - {number: QP-03-01-A/0-001, document: QP-03-01, version: A/0, recipient: "
                  f"客服部, date: 2025-06-01, issued_by: 文控员, format: docx, sha256: {digest}}}\n")
    monkeypatch.setenv("QMSDOC_TODAY", day)
    return qmsdoc(project, "verify", str(copy))


def test_the_version_before_one_not_yet_effective_is_still_in_force(project: Project,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the new version's effective date, a copy of the version before it is the copy in force, not one
    superseded to be recalled at once."""
    before = _judged_a0_copy(project, monkeypatch, APPROVED)
    assert before.returncode == 0 and "现行受控副本" in before.stdout, before.stdout
    assert EFFECTIVE in before.stdout and "A/1" in before.stdout and "替代" not in before.stdout
    after = _judged_a0_copy(project, monkeypatch, EFFECTIVE)  # from that day A/1 is in force: A/0 is superseded
    assert after.returncode == 1 and "已被 A/1 替代" in after.stdout, after.stdout
    assert "现行受控副本" not in after.stdout, after.stdout


def _page(path: Path, version: str) -> Path:
    """A saved site page of QP-03-01 at `version` (its control block: number, version, status)."""
    path.write_text(f'<table class="qms-control" data-doc-id="QP-03-01"><tr><td><span class="qms-version">{version}'
                    '</span></td><td><span class="qms-status-effective">现行有效</span></td></tr></table>', "utf-8")
    return path


@pytest.mark.parametrize("day", [APPROVED, EFFECTIVE])
def test_an_unnumbered_copy_is_judged_by_the_effective_date_too(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                day: str) -> None:
    """The build's page of a version approved but not yet effective is not the copy in force before its date, and
    a page of the version before it is not called superseded while that version is still in force."""
    now, before = _page(project.path("now.html"), "A/1"), _page(project.path("before.html"), "A/0")
    project.write("build/manifest.json", json.dumps({"files": [{
        "path": "site/qp-service/QP-03-01/index.html", "sha256": hashlib.sha256(now.read_bytes()).hexdigest(),
        "id": "QP-03-01", "version": "A/1"}]}))
    monkeypatch.setenv("QMSDOC_TODAY", day)
    built, older = qmsdoc(project, "verify", str(now)), qmsdoc(project, "verify", str(before))
    assert older.returncode == 1
    if day == APPROVED:
        assert built.returncode == 1 and "尚未生效" in built.stdout and EFFECTIVE in built.stdout, built.stdout
        assert "旧版本" not in older.stdout and f"{EFFECTIVE} 前仍为现行版本" in older.stdout, older.stdout
    else:
        assert built.returncode == 0 and "现行受控副本" in built.stdout, built.stdout
        assert "旧版本" in older.stdout and "仍为现行版本" not in older.stdout, older.stdout


@pytest.mark.parametrize("day", [APPROVED, EFFECTIVE])
def test_a_copy_of_the_version_still_in_force_is_not_yet_to_recall(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                   day: str) -> None:
    """Before the new version's effective date the copies of the one in force are not superseded: no QD211, and the
    回收清单 and 文件发放回收记录 say when they fall due rather than that they are out of date; from that day on
    they are superseded copies to recall."""
    from qmsdoc.core.distribution import load_register
    from qmsdoc.records.register import distribution_rows, recall_rows

    _judged_a0_copy(project, monkeypatch, day)  # registers the A/0 copy and pins today
    config = load_config(project.root)
    result = check(config)
    warned = [f for f in result.findings if f.code == "QD211"]
    assert [f.line for f in warned] == ([] if day == APPROVED else [2]), warned
    register = load_register(config)
    (recall,), (issued_row,) = recall_rows(register, result.corpus, config.today), distribution_rows(
        register, result.corpus, config.today)
    if day == APPROVED:
        assert f"{EFFECTIVE} 起由已批准的 A/1 取代" in recall[4] and "已换版" not in recall[4], recall
        assert f"现行至 {EFFECTIVE} 前" in issued_row[10] and "收回" in issued_row[10], issued_row
        # the file, as the site page's section of copies still in force, says not to collect it now
        assert recall[5] == f"{EFFECTIVE} 新版本生效之日回收（此前照常使用）", recall
    else:
        assert "已换版" in recall[4] and "取代：届时收回" not in recall[4], recall
        assert "现行至" not in issued_row[10], issued_row
        assert recall[5] == "立即回收", recall


def test_the_recall_file_lists_the_copies_to_collect_now_first_and_the_others_apart_as_the_site_does(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """recall-list.csv (and the workbook's 回收清单) mixed the copies to collect now with those of a version still
    in force until its successor takes effect, sorted by number alone: the site lists the second apart. The file
    now puts them in the site's order, each saying when to collect it (one split: `recall_now_and_later`)."""
    from qmsdoc.core.distribution import Recall, load_register, recall_list
    from qmsdoc.records import register as records
    from qmsdoc.site.pages import recall_page

    _judged_a0_copy(project, monkeypatch, APPROVED)  # QP-03-01 A/0 issued, A/1 approved to take effect later
    config = load_config(project.root)
    result = check(config)
    register = load_register(config)
    (waiting,) = recall_list(register, result.corpus, config.today)
    assert waiting.due is not None
    # beside it, a copy of a superseded version numbered after it (ZZ- sorts last): to collect now
    now = Recall(dataclasses.replace(waiting.entry, document="ZZ-01", number="ZZ-01-A/0-001"), "另一文件", "A/1",
                 "已换版")
    monkeypatch.setattr(records, "recall_list", lambda *_: [waiting, now])  # the one list, in number order
    rows = records.recall_rows(register, result.corpus, config.today)
    assert [(row[0], row[5]) for row in rows] == [
        (now.entry.number, "立即回收"), (waiting.entry.number, f"{EFFECTIVE} 新版本生效之日回收（此前照常使用）")], rows
    page = recall_page([waiting, now])  # the site: the same two parts, in the same order
    assert page.index(now.entry.number) < page.index('id="in-force-until"') < page.index(waiting.entry.number)


def test_a_register_line_rewritten_after_it_was_committed_vouches_for_nothing(repo: Project) -> None:
    """A committed return taken out of the register by hand made a handed-back copy of the version in force read as
    the 现行受控副本 again: git remembers the line otherwise, and verify says so instead of trusting the edit."""
    issue_two(repo)
    commit(repo.root, "发放 QP-03-02")
    assert qmsdoc(repo, "recall", FIRST, "--by", "张文控", "--date", "2026-06-05").returncode == 0
    commit(repo.root, "回收")
    returned = qmsdoc(repo, "verify", str(issued(repo, FIRST)))  # recalled and committed: told as returned
    assert returned.returncode == 1 and "已回收" in returned.stdout and "改写" not in returned.stdout, returned.stdout
    number, line = register_line(repo, FIRST)
    unreturned = line.replace(", returned: 2026-06-05, returned_by: 张文控", "")
    assert unreturned != line
    repo.write(REGISTER, repo.read(REGISTER).replace(line, unreturned))
    rewritten = qmsdoc(repo, "verify", str(issued(repo, FIRST)))
    assert rewritten.returncode == 1 and "现行受控副本" not in rewritten.stdout, rewritten.stdout
    assert "登记被改写" in rewritten.stdout and f"{REGISTER}:{number}" in rewritten.stdout, rewritten.stdout
    assert "2026-06-05" in rewritten.stdout  # what the commit recorded
    kept = qmsdoc(repo, "verify", str(issued(repo, SECOND)))  # its sibling's line is as committed: current
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout and "改写" not in kept.stdout, kept.stdout


def test_an_english_project_is_told_a_version_is_not_yet_in_force(project: Project,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The same answers, in English: a copy of the version still in force until the new one's effective date, and
    one of the version approved but not yet effective."""
    from qmsdoc.core import i18n

    project.write("qmsdoc.yml", "language: en\n" + project.read("qmsdoc.yml"))  # the shipped headings kept
    i18n.set_language("en")
    early = _judged_a0_copy(project, monkeypatch, APPROVED)
    assert early.returncode == 0 and f"Current controlled copy (until {EFFECTIVE})" in early.stdout, early.stdout
    held = project.write("held/QP-03-01-A_1-001.txt", "QP-03-01 A/1")
    digest = hashlib.sha256(held.read_bytes()).hexdigest()
    project.write(REGISTER, project.read(REGISTER) + "  - {number: QP-03-01-A/1-001, document: QP-03-01, version: A/1, "
                  f"recipient: Service, date: {APPROVED}, issued_by: DC, format: docx, sha256: {digest}}}\n")
    pending = qmsdoc(project, "verify", str(held))
    assert pending.returncode == 1 and "not yet in force" in pending.stdout, pending.stdout
    assert EFFECTIVE in pending.stdout and "Current controlled copy" not in pending.stdout


def test_a_field_written_with_no_value_is_empty_not_the_word_none() -> None:
    """`returned_by:` with nothing after it was read as the text None: a copy returned by a person named None, no
    finding. It is empty, refused at its line (the same reading serves acknowledgements.yaml's `entered:`)."""
    from qmsdoc.core.distribution import parse_register

    line = HAND_KEPT.splitlines()[1].rstrip("}") + ", returned: 2026-03-05, returned_by: }"
    register = parse_register("copies:\n" + line + "\n", Path(), "distribution.yaml")
    assert register.entries == [] and [f.line for f in register.findings] == [2], register
    assert "回收人 '' 不是有效的人名" in register.findings[0].message


def test_a_field_with_its_value_is_read_as_written() -> None:
    from qmsdoc.core.distribution import parse_register

    line = HAND_KEPT.splitlines()[1].rstrip("}") + ", returned: 2026-03-05, returned_by: 李文控}"
    register = parse_register("copies:\n" + line + "\n", Path(), "distribution.yaml")
    assert register.findings == [] and register.entries[0].returned_by == "李文控"
