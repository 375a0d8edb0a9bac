"""Reading assignments and acknowledgements (#29): release → assignments open → one department acknowledges → the
other stays 待确认 → time passes → 逾期 and QD221 → acknowledge → quiet; sign-in sheets all-or-nothing; the
register's and the requirement's rules; the records (CSV, xlsx, manifest) and the auditor's answer."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os

import docx
import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.findings import Finding

from conftest import CliRun, Project, run_cli

DOC = "manuals/qp-service/QP-03-02.md"
MANUAL = "manuals/qp-service/index.md"
REGISTER = "acknowledgements.yaml"
ROSTER = "roster.yaml"
BOTH = "acknowledge: [客服部, 管家服务中心]"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def require(project: Project, line: str = BOTH, doc: str = DOC) -> None:
    """Name who must acknowledge the document (not covered by the fingerprint: no release needed)."""
    project.replace(doc, "review_months: 24\n", f"review_months: 24\n{line}\n")


def findings(project: Project, *codes: str) -> list[Finding]:
    return [f for f in check(load_config(project.root)).findings if f.code in codes]


def today(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", day)


def report(project: Project, *args: str) -> str:
    result = qmsdoc(project, "acknowledgements", "QP-03-02", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_release_opens_assignments_that_fall_overdue_until_acknowledged(project: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-06-10")
    project.replace("manuals/qp-service/QP-03-02.md", "review_months: 24", "review_months: 36")  # a change to release
    released = qmsdoc(project, "release", "QP-03-02", "--by", "总经理", "--change", "明确滞纳金计算",
                      "--date", "2026-06-10", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "本版本需 客服部、管家服务中心 在 2026-06-24 前学习确认" in released.stdout
    # The new version's assignments are open: both departments 待确认, due 14 days after the release.
    answer = report(project)
    assert "版本 A/1（2026-06-10 发布，学习期限 14 天，截止 2026-06-24" in answer
    assert "客服部：待确认" in answer and "管家服务中心：待确认" in answer and "0/2 已确认" in answer
    assert findings(project, "QD221") == []

    today(monkeypatch, "2026-06-12")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "尚待确认：管家服务中心（待确认，截止 2026-06-24）" in done.stdout
    line = "{document: QP-03-02, version: A/1, department: 客服部, person: 张三, date: 2026-06-12, entered: 2026-06-12}"
    assert line in project.read(REGISTER)
    answer = report(project)
    assert "客服部：已确认" in answer and "张三　2026-06-12" in answer and "管家服务中心：待确认" in answer
    assert "1/2 已确认" in answer

    today(monkeypatch, "2026-06-25")  # time passes: a day after the due date
    late = findings(project, "QD221")
    line = project.line_of(DOC, BOTH)
    assert [(f.path, f.line, f.severity.value) for f in late] == [(DOC, line, "warning")]
    assert "管家服务中心" in late[0].message and "2026-06-24" in late[0].message and "逾期 1 天" in late[0].message
    assert "客服部" not in late[0].message.split("应由")[1].split("在")[0]
    answer = report(project)
    assert "管家服务中心：逾期（2026-06-10 起待确认，截止 2026-06-24，已逾期 1 天）" in answer
    strict = qmsdoc(project, "check")
    assert strict.returncode == 0 and f"{DOC}:{line}: warning QD221" in strict.stdout

    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "李四", "--department", "管家服务中心").returncode == 0
    assert findings(project, "QD221", "QD222", "QD220") == []
    assert "2/2 已确认" in report(project)


def test_the_previous_version_acknowledgements_do_not_count_for_the_new_one(project: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-05")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    assert "客服部：已确认" in report(project)
    today(monkeypatch, "2026-03-06")  # the next day: a release is recorded on or after the day it happens
    project.replace("manuals/qp-service/QP-03-02.md", "review_months: 24", "review_months: 36")  # a change to release
    assert qmsdoc(project, "release", "QP-03-02", "--by", "总经理", "--change", "修订", "--date", "2026-03-06",
                  "--keep-review").returncode == 0
    assert "客服部：待确认（2026-03-06 起待确认" in report(project)
    # The old line stays a true record of A/0 (made while A/0 was in force): no warning.
    assert findings(project, "QD222") == []
    old = report(project, "--version", "A/0")
    assert "自 2026-03-06 起不再现行" in old and "张三　2026-03-05" in old


def test_a_sign_in_sheet_with_one_bad_row_writes_nothing_and_names_the_row(project: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-02").returncode == 0
    before = project.path(REGISTER).read_bytes()
    sheet = project.write("签到表.csv", "姓名,部门,日期,签名\n李四,管家服务中心,2026/3/12,\n\n王五,财务部,2026-03-12,\n"
                                       "张三,客服部,2026-03-13,\n")
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet))
    assert result.returncode == 1
    assert f"{sheet}:4: error QD220 QP-03-02 不要求 财务部 学习确认" in result.stdout
    assert f"{sheet}:5: error QD220 张三（客服部）已于 2026-03-02 确认过" in result.stdout
    assert f"{sheet}:2:" not in result.stdout and "未登记任何学习确认" in result.stderr
    assert project.path(REGISTER).read_bytes() == before

    # The same sheet corrected, saved by Excel on a Chinese Windows (GB18030), dates as people type them.
    fixed = project.path("签到表-改.csv")
    fixed.write_bytes("姓名,部门,日期\r\n李四,管家服务中心,2026年3月12日\r\n王五,管家服务中心,\r\n".encode("gb18030"))
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(fixed))
    assert result.returncode == 1 and f"{fixed}:3: error QD220 没有填写日期" in result.stdout
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(fixed), "--date", "2026-03-13")
    assert result.returncode == 0, result.stdout + result.stderr
    added = project.path(REGISTER).read_bytes()[len(before):].decode("utf-8")
    entry = ("  - {document: QP-03-02, version: A/0, department: 管家服务中心, person: %s, date: %s, "
             "entered: 2026-03-20}\n")
    assert added == entry % ("李四", "2026-03-12") + entry % ("王五", "2026-03-13")


def test_unreadable_sheets_are_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    no_header = project.write("a.csv", "李四,管家服务中心,2026-03-12\n")
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(no_header))
    assert result.returncode == 1 and f"{no_header}:1: error QD220 签到表没有表头行" in result.stdout
    binary = project.path("b.csv")
    binary.write_bytes(b"\x00\x01\x02" * 10)
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(binary))
    assert result.returncode == 1 and "不是文本文件" in result.stdout
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(project.path("none.csv")))
    assert result.returncode == 2 and "用法错误：QD320 找不到文件" in result.stderr  # a missing file argument is usage
    fifo = project.path("fifo.csv")
    os.mkfifo(fifo)  # nobody writes to it: reading must not wait
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(fifo))
    assert result.returncode == 1 and "不是普通文件" in result.stdout
    assert not project.path(REGISTER).exists()


def test_a_sheet_with_two_columns_for_one_field_is_read_by_the_plainest_or_refused(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first matching column used to win: a 岗位 column before 部门 was read as the department."""
    require(project)
    today(monkeypatch, "2026-03-20")
    roles = project.write("岗位.csv", "序号,岗位,姓名,部门,日期\n1,前台,李四,客服部,2026-03-12\n")
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(roles))
    assert result.returncode == 0 and "李四（客服部）" in result.stdout, result
    twice = project.write("两列.csv", "姓名,部门,日期,姓名\n王五,客服部,2026-03-12,赵六\n")
    before = project.path(REGISTER).read_bytes()
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(twice))
    assert result.returncode == 1 and f"{twice}:1: error QD220" in result.stdout and "两次" in result.stdout, result
    assert project.path(REGISTER).read_bytes() == before


def test_acknowledge_refuses_what_the_check_would_question(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    cases = [(("QP-03-01", "--by", "张三", "--department", "客服部"), 1, "不要求学习确认"),
             (("QP-03-02", "--by", "张三", "--department", "财务部"), 1, "不要求 财务部 学习确认"),
             (("QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-03-21"), 1, "晚于今天"),
             (("QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-02-01"), 1, "早于"),
             (("QP-03-02", "--by", "张三", "--department", "客服部", "--version", "A/3"), 1, "不是发布过的版本"),
             (("QP-99-99", "--by", "张三", "--department", "客服部"), 1, "找不到文件编号"),
             (("QP-03-02", "--by", "<b>张三</b>", "--department", "客服部"), 2, "尖括号"),
             (("QP-03-02", "--by", "张\u202e三", "--department", "客服部"), 2, "U+202E"),
             (("QP-03-02", "--department", "客服部"), 2, "--by")]
    for args, code, message in cases:
        result = qmsdoc(project, "acknowledge", *args)
        assert result.returncode == code and message in result.stderr + result.stdout, (args, result)
    assert not project.path(REGISTER).exists()
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    again = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部")
    assert again.returncode == 1 and "已于 2026-03-20 确认过" in again.stdout


def test_appending_keeps_every_other_byte_of_a_hand_kept_register(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    kept = ("\ufeff# 本中心的学习确认记录\r\nacknowledgements:\r\n    - {document: QP-03-02, version: A/0, "
            "department: 客服部, person: 张三, date: 2026-03-02}  # 培训会\r\n")
    project.path(REGISTER).write_bytes(kept.encode("utf-8"))
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "李四", "--department", "管家服务中心").returncode == 0
    raw = project.path(REGISTER).read_bytes().decode("utf-8")
    assert raw.startswith(kept)
    assert raw[len(kept):] == ("    - {document: QP-03-02, version: A/0, department: 管家服务中心, person: 李四, "
                               "date: 2026-03-20, entered: 2026-03-20}\r\n")
    assert findings(project, "QD220", "QD222") == []


def test_malformed_register_lines_are_qd220_at_their_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    project.write(REGISTER, "acknowledgements:\n"
                  "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-02}\n"
                  "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: A/0, department: 客服部, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: 第一版, department: 客服部, person: 李四, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: A/0, department: 客服部, person: 李四, date: 2026-02-30}\n"
                  "  - {document: QP-09-01, version: A/0, department: 客服部, person: 李四, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: A/0, department: <i>客服部</i>, person: 王五, date: 2026-03-03}\n"
                  "  - 张三 2026-03-03\n")
    found = {(f.line, f.code): f.message for f in findings(project, "QD220")}
    assert set(found) == {(3, "QD220"), (4, "QD220"), (5, "QD220"), (6, "QD220"), (7, "QD220"), (8, "QD220"),
                          (9, "QD220")}
    assert "重复（第 2 行已登记）" in found[(3, "QD220")] and "缺少姓名" in found[(4, "QD220")]
    assert "版本 '第一版' 无效" in found[(5, "QD220")] and "2026-02-30" in found[(6, "QD220")]
    assert "QP-09-01 不存在" in found[(7, "QD220")] and "尖括号" in found[(8, "QD220")]
    result = qmsdoc(project, "check")
    assert result.returncode == 1 and f"{REGISTER}:3: error QD220" in result.stdout
    refused = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "赵六", "--department", "管家服务中心")
    assert refused.returncode == 1 and "有格式错误" in refused.stderr
    project.write(REGISTER, "copies: []\n")
    assert "应为 acknowledgements: 列表" in findings(project, "QD220")[0].message


def test_stray_acknowledgements_are_qd222_warnings(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project)
    today(monkeypatch, "2026-03-20")
    project.write(REGISTER, "acknowledgements:\n"
                  "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-02}\n"
                  "  - {document: QP-03-02, version: A/1, department: 客服部, person: 李四, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: A/0, department: 财务部, person: 王五, date: 2026-03-03}\n"
                  "  - {document: QP-03-01, version: A/1, department: 客服部, person: 赵六, date: 2026-03-03}\n"
                  "  - {document: QP-03-02, version: A/0, department: 管家服务中心, person: 钱七, date: 2026-02-01}\n"
                  "  - {document: QP-03-02, version: A/0, department: 管家服务中心, person: 孙八, date: 2026-04-01}\n"
                  "  - {document: QP-02-04, version: A/1, department: 客服部, person: 周九, date: 2026-03-03}\n")
    found = {f.line: f for f in findings(project, "QD222")}
    assert sorted(found) == [3, 4, 5, 6, 7, 8]
    assert all(f.severity.value == "warning" and f.path == REGISTER for f in found.values())
    assert "尚未发布" in found[3].message and "不要求 财务部" in found[4].message
    assert "QP-03-01 不要求学习确认" in found[5].message
    assert "早于 QP-03-02 版本 A/0 的发布日期 2026-02-25" in found[6].message
    assert "晚于今天" in found[7].message and "已作废" in found[8].message
    # Lines that draw a warning do not count: 管家服务中心 has no acknowledgement and is overdue.
    answer = report(project)
    assert "管家服务中心：逾期" in answer and "注意：以下登记未计入" in answer and "钱七" not in answer.split("注意")[0]


def test_requirement_names_and_roster_rules(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    today(monkeypatch, "2026-03-05")
    require(project, "acknowledge: [客服部, 客服部, '客服\u200b部']")
    found = sorted((f.line, f.message) for f in findings(project, "QD223"))
    line = project.line_of(DOC, "acknowledge:")
    assert [n for n, _ in found] == [line, line] and "重复" in found[0][1] + found[1][1]
    assert any("U+200B" in message for _, message in found)
    project.replace(DOC, "acknowledge: [客服部, 客服部, '客服\u200b部']",
                    "acknowledge: [客服部]\nacknowledge_all: true")
    missing = findings(project, "QD223")
    assert len(missing) == 1 and "没有人员名单 roster.yaml" in missing[0].message
    assert missing[0].line == project.line_of(DOC, "acknowledge_all")
    project.write(ROSTER, "客服部: [张三, 张三]\n管家服务中心: 李四\n")
    broken = {f.line: f.message for f in findings(project, "QD224")}
    assert set(broken) == {1, 2} and "重复" in broken[1] and "姓名列表" in broken[2]
    project.write(ROSTER, "# 部门人员名单\n客服部: [张三, 李四]\n")
    assert findings(project, "QD223", "QD224") == []


def test_a_roster_name_yaml_reads_as_a_number_is_qd224(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """客服部: [0123, 张三] listed the person 83: 0123's acknowledgement never met it (「尚未确认：83、张三」)."""
    today(monkeypatch, "2026-03-05")
    project.write(ROSTER, "客服部:\n  - 0123\n  - 张三\n  - yes\n  - '0456'\n")
    broken = sorted((f.line, f.message) for f in findings(project, "QD224"))
    assert [line for line, _ in broken] == [2, 4] and all("加引号" in message for _, message in broken), broken


def test_acknowledge_all_waits_for_every_listed_person(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(MANUAL, "order: 2\n",
                    "order: 2\nacknowledge: [客服部]\nacknowledge_all: true\nacknowledge_days: 30\n")
    project.write(ROSTER, "客服部: [张三, 李四]\n")
    today(monkeypatch, "2026-03-05")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    answer = report(project)
    assert "客服部：待确认" in answer and "尚未确认：李四" in answer and "截止 2026-03-27" in answer
    today(monkeypatch, "2026-03-28")
    late = [f for f in findings(project, "QD221") if "QP-03-02" in f.message]
    assert len(late) == 1 and "尚未确认：李四" in late[0].message
    # inherited from the manual: at the manual's list, where 客服部 is named to read it
    assert (late[0].path, late[0].line) == (MANUAL, project.line_of(MANUAL, "acknowledge:"))
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "李四", "--department", "客服部").returncode == 0
    assert [f for f in findings(project, "QD221") if "QP-03-02" in f.message] == []


def test_acknowledge_is_not_part_of_the_approved_content(project: Project) -> None:
    require(project, "acknowledge: 客服部")  # one department may be written without brackets
    project.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\nacknowledge_days: 7\n")
    assert findings(project, "QD190", "QD004", "QD223") == []
    project.replace(DOC, "acknowledge: 客服部", "acknowledge: 12")
    assert [f.line for f in findings(project, "QD004")] == [project.line_of(DOC, "acknowledge: 12")]


@pytest.mark.parametrize("version", ["A/1", "Z/9"])
def test_acknowledgements_of_a_version_never_released_is_refused(project: Project, version: str) -> None:
    """It answered exit 0 with every department 未确认, as if version Z/9 had been released and nobody read it."""
    require(project)
    result = qmsdoc(project, "acknowledgements", "QP-03-02", "--version", version)
    assert result.returncode == 1 and "从未发布" in result.stderr and "A/0" in result.stderr, result
    assert "未确认" not in result.stdout


def test_acknowledgements_of_a_draft_list_no_department_as_behind(project: Project) -> None:
    """A draft opened no assignment: the answer says it was never released, and names nobody as not confirmed."""
    draft = "manuals/dy-aq/DY_AQ-018.md"
    project.replace(draft, "status: draft\n", "status: draft\nacknowledge: [客服部]\n")
    result = qmsdoc(project, "acknowledgements", "DY/AQ-018")
    assert result.returncode == 0 and "尚未发布过任何版本" in result.stdout, result
    assert "未确认" not in result.stdout and "客服部" not in result.stdout and "--version" not in result.stdout


def test_acknowledgements_of_a_withdrawn_document_never_name_a_version_in_force(project: Project) -> None:
    """It answered 「不是发布过的现行版本（现行版本 A/0，状态“作废”）」: a version in force for a withdrawn document."""
    result = qmsdoc(project, "acknowledgements", "QP-02-04")
    assert result.returncode == 0 and "没有现行版本" in result.stdout and "现行版本 A/0" not in result.stdout, result
    result = qmsdoc(project, "acknowledgements", "QP-03-02")  # a document in force still names its version
    assert result.returncode == 0 and "没有现行版本" not in result.stdout and "A/0" in result.stdout, result


def test_records_list_every_assignment_with_hostile_names_inert(project: Project,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    require(project, "acknowledge: [客服部, 管家服务中心, '=SUM(1)部']")
    today(monkeypatch, "2026-03-20")
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1)", "*王五*"]
    sheet = project.write("s.csv", "姓名,部门,日期\n" + "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",管家服务中心,2026-03-12\n' for name in hostile))
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet)).returncode == 0
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/acknowledgements.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["文件编号", "文件名称", "版本", "学习部门", "状态"]
    by_department = {row[3]: row for row in rows[1:]}
    assert by_department["客服部"][4] == "逾期" and by_department["客服部"][5] == ""
    assert by_department["\u200b=SUM(1)部"][4] == "逾期"  # a department is a cell like any other
    assert by_department["管家服务中心"][4] == "已确认（逾期 1 天）"  # read 2026-03-12, due 2026-03-11
    assert by_department["管家服务中心"][5] == "\u200b" + "、".join(hostile)  # a leading = is text to every reader
    book = load_workbook(project.path("build/register.xlsx"))
    table = book["文件学习确认记录"]
    cells = {row[3].value: row for row in table.iter_rows(min_row=2)}
    assert cells["管家服务中心"][5].value == "、".join(hostile) and cells["管家服务中心"][5].data_type == "s"
    assert cells["客服部"][9].is_date and cells["客服部"][9].value.date() == dt.date(2026, 3, 11)
    assert cells["=SUM(1)部"][3].data_type == "s"
    manifest = json.loads(project.read("build/manifest.json"))["acknowledgements"]
    entry = next(e for e in manifest if e["department"] == "管家服务中心")
    assert entry["document"] == "QP-03-02" and entry["version"] == "A/0" and entry["status"] == "已确认（逾期 1 天）"
    assert entry["late_days"] == 1
    assert [a["person"] for a in entry["acknowledged"]] == hostile
    late = next(e for e in manifest if e["department"] == "客服部")
    assert late["state"] == "overdue" and late["due"] == "2026-03-11" and late["released"] == "2026-02-25"


def test_the_sign_in_sheet_is_a_word_file_of_the_release(project: Project) -> None:
    require(project)
    assert qmsdoc(project, "docx", "QP-03-02").returncode == 0
    sheet = project.path("build/docx/signin/QP-03-02.docx")
    document = docx.Document(str(sheet))
    info, rows = document.tables
    text = "\n".join(cell.text for row in info.rows for cell in row.cells)
    assert "QP-03-02" in text and "催收工作规程" in text and "A/0" in text and "首次发布" in text
    assert "客服部、管家服务中心" in text and "2026-03-11" in text  # who must read it, by when
    assert [c.text for c in rows.rows[0].cells] == ["序号", "姓名", "部门", "日期", "签名"]
    assert len(rows.rows) == 21 and all(c.text == "" for row in rows.rows[1:] for c in row.cells[1:])
    assert document.core_properties.subject != "QP-03-02"  # verify never takes it for a controlled copy
    assert not project.path("build/docx/signin/QP-03-01.docx").exists()  # nobody must read QP-03-01


def test_a_version_stays_in_force_until_the_next_takes_effect(project: Project,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-02-03 A/1 was approved on 2026-02-25 (its 修订记录 line) and took effect on 2026-03-01: A/0 was in force
    until then, so an acknowledgement of A/0 on 2026-02-27 counts, and the report says so."""
    doc = "manuals/qp-hr/QP-02-03.md"
    project.replace(doc, "review_months: 12\n", "review_months: 12\nacknowledge: [管家服务中心]\n")
    today(monkeypatch, "2026-03-20")
    result = qmsdoc(project, "acknowledge", "QP-02-03", "--version", "A/0", "--by", "张三", "--department",
                    "管家服务中心", "--date", "2026-02-27")
    assert result.returncode == 0, result.stdout + result.stderr
    assert findings(project, "QD222") == []
    result = qmsdoc(project, "acknowledgements", "QP-02-03", "--version", "A/0")
    assert result.returncode == 0 and "2025-01-05 起现行，自 2026-03-01 起不再现行" in result.stdout
    late = qmsdoc(project, "acknowledge", "QP-02-03", "--version", "A/0", "--by", "李四", "--department",
                  "管家服务中心", "--date", "2026-03-05")  # after A/1 took its place: replaced, not withdrawn
    assert late.returncode == 1 and "已被替代（2026-03-01）" in late.stdout + late.stderr, late.stdout + late.stderr


def test_an_acknowledgement_after_the_next_version_took_effect_is_still_stray(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "manuals/qp-hr/QP-02-03.md"
    project.replace(doc, "review_months: 12\n", "review_months: 12\nacknowledge: [管家服务中心]\n")
    today(monkeypatch, "2026-03-20")
    project.write(REGISTER, "acknowledgements:\n"
                  "  - {document: QP-02-03, version: A/0, department: 管家服务中心, person: 张三, date: 2026-03-02}\n")
    [found] = findings(project, "QD222")
    assert "已被替代（2026-03-01）" in found.message and "未计入" in found.message


def test_a_withdrawn_documents_versions_are_told_as_git_and_the_register_tell_them(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-03-02 A/0 (approved 2026-02-25, in force from 2026-03-01), acknowledged, then withdrawn on 2026-04-01
    and committed. It answered the withdrawal — numbered A/1, never in force — as 「2026-03-01 至 — 现行」 with
    客服部 未确认 (a reading assignment for a withdrawn document), and A/0 as in force from 2026-02-25, a day
    `register --as-of` lists no version of it."""
    from conftest import commit

    require(repo)
    commit(repo.root, "QP-03-02 须由客服部、管家服务中心学习确认")
    today(monkeypatch, "2026-04-01")
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-20").returncode == 0
    done = qmsdoc(repo, "obsolete", "QP-03-02", "--no-successor", "--reason", "业务取消", "--date", "2026-04-01")
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "作废 QP-03-02")
    withdrawal = repo.path(DOC).read_text(encoding="utf-8").split("version: ", 1)[1].split("\n", 1)[0]
    assert withdrawal != "A/0"
    for args in ((), ("--version", withdrawal)):
        text = report(repo, *args)
        assert "没有现行版本" in text and "未确认" not in text and "客服部" not in text, text
    text = report(repo, "--version", "A/0")
    assert "2026-03-01 起现行，自 2026-04-01 起不再现行" in text and "张三" in text, text
    # A/0 acknowledged as read after the withdrawal: refused as withdrawn, not 「已被替代」 (nothing replaced it)
    today(monkeypatch, "2026-04-05")
    late = qmsdoc(repo, "acknowledge", "QP-03-02", "--version", "A/0", "--by", "李四", "--department", "客服部",
                  "--date", "2026-04-03")
    assert late.returncode == 1 and "已作废（2026-04-01 作废）" in late.stdout + late.stderr, late.stdout + late.stderr
    assert "已被替代" not in late.stdout + late.stderr
    day = run_cli("register", "--as-of", "2026-02-27", "--format", "csv", "--out", "before.csv", cwd=repo.root)
    assert day.returncode == 0, day.stdout + day.stderr
    row = next(r for r in csv.reader(repo.path("before.csv").read_text("utf-8-sig").splitlines()) if r[0] == "QP-03-02")
    assert row[3] != "A/0"  # not in force that day, as the acknowledgements report now says


def test_a_document_in_force_committed_keeps_its_open_assignment(repo: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: the version in force, committed, keeps its assignment open from its release. (Committed on
    a day before the one asked about: a department named after that day had not been asked yet.)"""
    require(repo)
    _commit_on(repo, monkeypatch, "2026-02-26", "QP-03-02 须由客服部、管家服务中心学习确认")
    today(monkeypatch, "2026-03-05")
    text = report(repo)
    assert "版本 A/0（2026-02-25 发布" in text and "待确认" in text and "没有现行版本" not in text, text


def _commit_on(repo: Project, monkeypatch: pytest.MonkeyPatch, day: str, message: str) -> None:
    from conftest import commit

    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{day}T12:00:00")
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{day}T12:00:00")
    commit(repo.root, message)


def test_a_department_named_after_the_release_is_assigned_from_that_day(repo: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-03-02 A/0 was released on 2026-02-25; 客服部 was named to read it in a commit of 2026-06-01. It was told
    「2026-02-25 起待确认 … 已逾期 91 天」 on 2026-06-10 — late for a reading nobody had asked of it. Its
    assignment opens the day it was named, in every view: the answer, the check and the register sheet."""
    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-06-01", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    text = report(repo)
    assert "版本 A/0（2026-02-25 发布" in text, text
    assert "客服部：待确认（2026-06-01 起待确认，截止 2026-06-15）" in text and "逾期" not in text, text
    assert findings(repo, "QD221") == []
    assert qmsdoc(repo, "build", "--only", "records").returncode == 0
    with open(repo.path("build/acknowledgements.csv"), encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.reader(handle) if r[0] == "QP-03-02")
    assert row[4] == "待确认" and row[7] == "2026-02-25" and row[8] == "2026-06-01" and row[9] == "2026-06-15", row
    entry = next(e for e in json.loads(repo.read("build/manifest.json"))["acknowledgements"]
                 if e["document"] == "QP-03-02")
    assert entry["released"] == "2026-02-25" and entry["opened"] == "2026-06-01" and entry["state"] == "pending"

    today(monkeypatch, "2026-06-16")  # the day after its own due date: late now
    late = findings(repo, "QD221")
    assert len(late) == 1 and "2026-06-15" in late[0].message and "逾期 1 天" in late[0].message, late
    assert "客服部：逾期（2026-06-01 起待确认，截止 2026-06-15，已逾期 1 天）" in report(repo)


def test_a_department_named_in_the_working_tree_or_by_the_manual_later_opens_then(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A department only the working tree names is assigned today; one its manual named after the release, on
    the day of that commit; one named when the version was released keeps the release as its start."""
    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")  # before the release of A/0
    repo.replace(MANUAL, "owner: 管家服务中心\n", "owner: 管家服务中心\nacknowledge: [管家服务中心]\n")
    _commit_on(repo, monkeypatch, "2026-05-20", "手册：管家服务中心须学习全部程序")
    repo.replace(DOC, "acknowledge: [客服部]", "acknowledge: [客服部, 品质部]")  # not committed
    today(monkeypatch, "2026-06-10")
    text = report(repo)
    assert "截止 管家服务中心 2026-06-03、客服部 2026-03-11、品质部 2026-06-24；" in text, text  # the heading
    assert "客服部：逾期（2026-02-25 起待确认，截止 2026-03-11" in text, text  # named at the release
    assert "管家服务中心：逾期（2026-05-20 起待确认，截止 2026-06-03" in text, text
    assert "品质部：待确认（2026-06-10 起待确认，截止 2026-06-24）" in text, text
    # The printed 学习签到表 gives each department its own due date, not the release's to all three.
    assert qmsdoc(repo, "docx", "QP-03-02").returncode == 0
    info = docx.Document(str(repo.path("build/docx/signin/QP-03-02.docx"))).tables[0]
    cells = [cell.text for row in info.rows for cell in row.cells]
    assert "管家服务中心 2026-06-03、客服部 2026-03-11、品质部 2026-06-24" in cells, cells


def test_a_name_spaced_or_typed_full_width_is_the_person_the_roster_lists(project: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The roster lists LI Ming and 王 五; the sign-in sheet was typed with a Chinese input method: ＬＩ Ｍｉｎｇ,
    王　五. Both were recorded, yet 客服部 stayed 待确认 with 「尚未确认：LI Ming、王 五」 — people who had read
    it — and 王五 could be recorded again as a second person. One spelling is one person."""
    require(project, "acknowledge: [客服部]\nacknowledge_all: true")
    project.write(ROSTER, "客服部: [张三, LI Ming, 王 五]\n")
    today(monkeypatch, "2026-03-05")
    sheet = project.write("s.csv", "姓名,部门,日期\n张三,客服部,2026-03-01\nＬＩ Ｍｉｎｇ,客服部,2026-03-01\n"
                                   "王　五,客服部,2026-03-02\n")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet)).returncode == 0
    answer = report(project)
    assert "客服部：已确认" in answer and "尚未确认" not in answer, answer
    assert "ＬＩ Ｍｉｎｇ　2026-03-01" in answer  # shown as signed
    before = project.read(REGISTER)
    again = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "王五", "--department", "客服部")
    assert again.returncode == 1 and "王五" in again.stdout + again.stderr
    assert project.read(REGISTER) == before
    project.write(REGISTER, before + "  - {document: QP-03-02, version: A/0, department: 客服部, person: li ming, "
                                     "date: 2026-03-03}\n")
    duplicate = findings(project, "QD220")
    assert [(f.path, f.line) for f in duplicate] == [(REGISTER, before.count("\n") + 1)], duplicate
    project.write(ROSTER, "客服部: [张三, 王五, 王　五]\n")
    assert [f.line for f in findings(project, "QD224")] == [1], "王五 listed twice is one person listed twice"


def test_different_names_stay_different_people(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: a different letter, or a space between Latin words, still names someone else."""
    from qmsdoc.core.names import name_key

    assert name_key("Li Ming") != name_key("Lim Ing") and name_key("王五") != name_key("王六")
    require(project, "acknowledge: [客服部]\nacknowledge_all: true")
    project.write(ROSTER, "客服部: [Li Ming, 王五]\n")
    today(monkeypatch, "2026-03-05")
    sheet = project.write("s.csv", "姓名,部门,日期\nLim Ing,客服部,2026-03-01\n王六,客服部,2026-03-01\n")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet)).returncode == 0
    answer = report(project)
    assert "客服部：待确认" in answer and "尚未确认：Li Ming、王五" in answer, answer
    assert findings(project, "QD220", "QD224") == []


def test_a_version_replaced_by_a_release_not_yet_committed_is_not_told_as_current(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/1 released on 2026-06-10, not committed yet: A/0 was told 「2026-03-01 至 — 现行，已不是现行版本」 — in
    force with no end, and not in force, in one line. Its period ends when A/1 took effect."""
    require(repo)
    _commit_on(repo, monkeypatch, "2026-03-02", "QP-03-02 须由客服部、管家服务中心学习确认")
    today(monkeypatch, "2026-06-12")
    text = report(repo, "--version", "A/0")
    assert "版本 A/0（2026-02-25 发布" in text and "已不是现行版本" not in text, text  # quiet: still in force
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    text = report(repo, "--version", "A/0")
    assert "2026-03-01 起现行，自 2026-06-10 起不再现行" in text, text


def _roster_from_the_release(repo: Project, monkeypatch: pytest.MonkeyPatch, people: str) -> None:
    repo.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\nacknowledge_all: true\n")
    repo.write(ROSTER, f"客服部: [{people}]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部全员须学习本手册各程序；人员名单")
    today(monkeypatch, "2026-03-05")
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-01").returncode == 0


def test_a_person_who_joined_later_is_due_from_the_day_the_roster_listed_them(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """张三 acknowledged A/0 in March; 李四 joined 客服部 and was added to the roster on 2026-06-01. On 2026-06-10
    客服部 was 「逾期 … 已逾期 91 天（尚未确认：李四）」 — late for a reading asked of 李四 nine days before."""
    _roster_from_the_release(repo, monkeypatch, "张三")
    repo.write(ROSTER, "客服部: [张三, 李四]\n")
    _commit_on(repo, monkeypatch, "2026-06-01", "李四入职客服部")
    today(monkeypatch, "2026-06-10")
    text = report(repo)
    assert "客服部：待确认（2026-02-25 起待确认，截止 2026-06-15）" in text and "尚未确认：李四" in text, text
    assert [f for f in findings(repo, "QD221") if "QP-03-02" in f.message] == []
    today(monkeypatch, "2026-06-16")
    late = [f for f in findings(repo, "QD221") if "QP-03-02" in f.message]  # at the manual's list
    assert len(late) == 1 and "2026-06-15" in late[0].message and "逾期 1 天" in late[0].message, late


def test_a_person_listed_from_the_release_is_due_with_it(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: 李四, on the roster since before the release, was due with it and is late since then."""
    _roster_from_the_release(repo, monkeypatch, "张三, 李四")
    today(monkeypatch, "2026-06-10")
    assert "客服部：逾期（2026-02-25 起待确认，截止 2026-03-11，已逾期 91 天）" in report(repo)


def test_a_roster_first_written_after_the_release_is_not_everyone_joining(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The roster was first committed on 2026-06-01, months after the release: writing it down is not 张三 and 李四
    joining 客服部 that day — they were due with the release, and 李四 is late since 2026-03-11."""
    repo.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\nacknowledge_all: true\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部全员须学习本手册各程序")
    repo.write(ROSTER, "客服部: [张三, 李四]\n")
    _commit_on(repo, monkeypatch, "2026-06-01", "人员名单")
    today(monkeypatch, "2026-06-10")
    assert "客服部：逾期（2026-02-25 起待确认，截止 2026-03-11，已逾期 91 天）" in report(repo)


def test_a_department_taken_off_the_list_keeps_its_acknowledgements_on_record(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """品质部 had to read A/0 and 赵六 did; then 品质部 was taken off `acknowledge`. The check warned (QD222) that
    QP-03-02 「不要求 品质部 学习确认 … 请核对部门名称」 — of a true record — and the answer hid it among entries
    that do not count. It is kept as a record of a department once required; one never named still warns."""
    require(repo, "acknowledge: [客服部, 品质部]")
    _commit_on(repo, monkeypatch, "2026-03-02", "QP-03-02 须由客服部、品质部学习确认")
    today(monkeypatch, "2026-03-05")
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "赵六", "--department", "品质部",
                  "--date", "2026-03-03").returncode == 0
    repo.replace(DOC, "acknowledge: [客服部, 品质部]", "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-03-04", "品质部不再需要学习 QP-03-02")
    repo.write(REGISTER, repo.read(REGISTER) + "  - {document: QP-03-02, version: A/0, department: 财务部, "
                                               "person: 钱七, date: 2026-03-03}\n")
    strays = findings(repo, "QD222")
    assert [(f.line, "财务部" in f.message) for f in strays] == [(repo.line_of(REGISTER, "财务部"), True)], strays
    text = report(repo)
    assert "品质部：曾要求学习本版本，现已不再要求" in text and "赵六　2026-03-03" in text, text
    assert "1/1" not in text and "客服部：待确认" in text  # it does not count for the departments required now
    repo.replace(DOC, "acknowledge: [客服部]\n", "")  # nobody must read it any more
    _commit_on(repo, monkeypatch, "2026-03-05", "QP-03-02 不再要求学习确认")
    assert [f.line for f in findings(repo, "QD222")] == [repo.line_of(REGISTER, "财务部")]
    assert "品质部：曾要求学习本版本，现已不再要求" in report(repo)
