"""A blank form no longer used is retired by taking it out of its owner's 质量记录, releasing the owner and deleting
the form's file (git keeps its versions) — what `qmsdoc obsolete` tells of a form. Copies of it issued and still out
then vanished from the 回收清单 (recall-list.csv, the site's page, QD211: core/distribution.py `recall_list` passed
over a number no source holds), and each register line was an error QD210 「文件编号不存在：请核对编号」, as of a
typo: the build refused, and the one way to quiet it was to take the copies out of the register. Now the copies
still out are listed to be collected (titled as the form's last version was), and a number git saw deleted is no
QD210."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from conftest import Project, commit, git, run_cli

DAY = "2026-12-01"
FORM, OWNER, KEPT = "QP-02-01-F001", "QP-02-01", "QP-02-01-F002"


def _issue(project: Project, code: str) -> str:
    done = run_cli("issue", code, "--to", "客服部", "--by", "文控", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    return f"{code}-A/0-001"


@pytest.fixture
def retired(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """Copies of FORM and KEPT issued; FORM then taken out of OWNER (released) and its file deleted, as
    `qmsdoc obsolete` of a form says to retire it."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    _issue(repo, FORM)
    _issue(repo, KEPT)
    commit(repo.root, "发放副本")
    return _retire(repo)


def _retire(repo: Project) -> Project:
    """FORM taken out of OWNER (released) and its file deleted."""
    done = run_cli("revise", OWNER, "--by", "编制人", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    draft = repo.root / "revisions" / "manuals" / "qp-hr" / f"{OWNER}.md"
    text = draft.read_text(encoding="utf-8")
    text = text.replace(f"填写 [[{FORM}]]，", "提出人员需求申请，").replace(f"- [[{FORM}]]\n", "")
    assert FORM not in text
    draft.write_text(text, encoding="utf-8")
    done = run_cli("release", OWNER, "--by", "总经理", "--reviewed-by", "审核人", "--change", "停用人员需求表",
                   cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    git(repo.root, "rm", "-q", f"controlled_forms/{FORM}.yaml")
    commit(repo.root, f"停用 {FORM}")
    return repo


def _recall_csv(project: Project) -> list[list[str]]:
    done = run_cli("build", "--only", "records", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (project.root / "build" / "recall-list.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_a_copy_still_out_of_a_deleted_form_is_to_be_collected(retired: Project) -> None:
    number = f"{FORM}-A/0-001"
    checked = run_cli("check", cwd=retired.root)
    assert "QD210" not in checked.stdout, checked.stdout
    warned = [line for line in checked.stdout.splitlines() if "QD211" in line and number in line]
    assert warned and "人员需求表" in warned[0] and "源文件已删除" in warned[0], checked.stdout
    rows = _recall_csv(retired)
    assert [row[:5] for row in rows if row[0] == number] == [[number, FORM, "人员需求表", "A/0", "文件已不存在"]]
    issued = openpyxl.load_workbook(retired.root / "build" / "register.xlsx")["文件发放回收记录"]
    states = [(row[2], row[10]) for row in issued.iter_rows(values_only=True) if row[0] == number]
    assert states == [("人员需求表", "待回收（文件已不存在）")]


def test_a_void_copy_of_a_deleted_form_keeps_its_title_and_links_to_no_page(repo: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of a form declared void (lost) and replaced before the form was retired: the 回收清单 listed it with
    no title (recall-list.csv, register sheet) and the site's page linked its number as 「该文件未发布」, a page that
    was never to be published — as of a draft. It is titled as the form's last version was and named without a link,
    as the copy still out of it is; the void copy of a form in force keeps its link."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    for code in (FORM, KEPT):
        lost = _issue(repo, code)
        done = run_cli("issue", code, "--to", "客服部", "--replaces", lost, "--reason", "遗失", cwd=repo.root)
        assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "发放并补发副本")
    _retire(repo)
    void, kept = f"{FORM}-A/0-001", f"{KEPT}-A/0-001"
    rows = {row[0]: row for row in _recall_csv(repo)}
    assert rows[void][:4] == [void, FORM, "人员需求表", "A/0"] and rows[void][4].startswith("作废-遗失"), rows[void]
    assert rows[kept][2] and rows[kept][4].startswith("作废-遗失"), rows[kept]
    done = run_cli("build", "--only", "site", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (repo.root / "build" / "site" / "recall" / "index.html").read_text(encoding="utf-8")
    def document_cell(number: str) -> str:  # the cell after the 分发号's (each number kept whole in a span)
        cell = re.search(rf'<td data-label="分发号">(?:<span[^>]*>)?{re.escape(number)}(?:</span>)?</td>'
                         r'<td[^>]*>(.*?)</td>', page)
        assert cell is not None, page
        return cell.group(1)

    assert "<a " not in document_cell(void) and re.sub(r"<[^>]+>", "", document_cell(void)) == FORM
    assert "<a " in document_cell(kept) and "href=" in document_cell(kept) and KEPT in document_cell(kept)


def test_a_copy_of_a_form_in_force_or_one_collected_is_not_to_be_collected(retired: Project) -> None:
    number = f"{FORM}-A/0-001"
    done = run_cli("recall", number, "--by", "文控", cwd=retired.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(retired.root, "回收")
    checked = run_cli("check", cwd=retired.root)
    assert "QD210" not in checked.stdout and "QD211" not in checked.stdout, checked.stdout
    assert all(row[0] not in (number, f"{KEPT}-A/0-001") for row in _recall_csv(retired))


def test_the_register_of_a_day_gives_a_deleted_form_its_owners_department(retired: Project) -> None:
    """`register --as-of` a day the deleted form was in force listed it with no department (its owner's, as every
    form in force has, as the register of that day lists its sibling)."""
    out = retired.root / "清单.csv"
    done = run_cli("register", "--as-of", DAY, "--out", str(out), cwd=retired.root)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row[0]: row for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert rows[FORM][3] == "A/0" and rows[FORM][6] == "行政人事部", rows[FORM]
    assert rows[KEPT][6] == "行政人事部", rows[KEPT]


def test_an_earlier_version_of_the_owner_names_the_deleted_form_it_listed(retired: Project) -> None:
    """The owner's page of its earlier version (history/…/A-0) showed the form it listed then as the raw markup
    「[[QP-02-01-F001]]」: the form is named now as then, 《人员需求表》 and its number, with no link to a page no
    longer built; a form still in force is linked as before."""
    done = run_cli("build", "--only", "site", cwd=retired.root)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (retired.root / "build" / "site" / "history" / OWNER / "A-0" / "index.html").read_text(encoding="utf-8")
    assert f"[[{FORM}]]" not in page
    named = re.search(rf'<span class="qms-ref"><span class="qms-ref-title">([^<]*)</span>[^<]*'
                      rf'<span class="qms-ref-id">{FORM}</span>', page)
    assert named is not None and named.group(1) == "《人员需求表》", page
    assert f'forms/{FORM}/' not in page and f'forms/{KEPT}/' in page


def test_a_form_deleted_while_still_cited_is_told_as_deleted(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its file deleted before its owner stopped citing it, the owner's [[ID]] was QD130 「请核对编号，或先建立该文件」
    and QD152 「请新建 QP-02-01-F001.yaml」 — a new form of that number — and `revise` of the owner is refused
    while it has errors. Both now say it was deleted and how to restore it; a number never held is told as
    before."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    owner = repo.root / "manuals" / "qp-hr" / f"{OWNER}.md"
    owner.write_text(owner.read_text(encoding="utf-8") + "\n见 [[QP-09-09]]。\n", encoding="utf-8")
    git(repo.root, "rm", "-q", f"controlled_forms/{FORM}.yaml")
    commit(repo.root, f"删除 {FORM}")
    checked = run_cli("check", cwd=repo.root)
    said = {line.split(" error ")[1][:5]: line for line in checked.stdout.splitlines()
            if FORM in line and " error QD1" in line}
    assert set(said) == {"QD130", "QD152"}, checked.stdout
    for line in said.values():
        assert "《人员需求表》" in line and "已被删除" in line and "git checkout" in line, line
        assert "新建" not in line and "核对编号" not in line, line
    typo = [line for line in checked.stdout.splitlines() if "QP-09-09" in line]
    assert len(typo) == 1 and "QD152" in typo[0] and "新建 QP-09-09.yaml" in typo[0], checked.stdout
    assert "已被删除" not in typo[0]
