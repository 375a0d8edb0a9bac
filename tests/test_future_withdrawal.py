"""A past day's truth of a withdrawal and of issued copies (QMSDOC_TODAY, the day an auditor asks about): QM-01,
renumbered to QM-05 and withdrawn on WITHDRAWN, was still in force the day before — check said QD155 of its form and
QD211 of its copy, verify said 「已作废（替代文件 QM-05）」, the registers and the site called it 作废 — while a copy
issued after the day asked was described as issued that day. Each reader now asks the document's status on the day
(`Document.withdrawn_on` / `state_on`) and a copy whether it was issued by then (`CopyEntry.issued_on`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_history_shapes import commit, qmsdoc, start
from test_renumber import _new_number

from qmsdoc.core import check, load_config
from qmsdoc.core.distribution import load_register, recall_list, standing
from qmsdoc.records.register import distribution_rows, register_rows

from conftest import Project, today_is

OLD, NEW = "QM-01", "QM-05"
ISSUED, WITHDRAWN, LATER = "2025-04-01", "2025-05-01", "2025-05-02"
BEFORE = "2025-04-30"
ASKED = "2025-04-20"  # a day a version of QM-05 is released to take effect later
OLD_COPY, NEW_COPY = "issued/QM-01-A_1-001.docx", "issued/QM-05-A_0-001.docx"


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """QM-05 released and a copy of QM-01 A/1 issued on ISSUED; QM-01 withdrawn (superseded by QM-05) on WITHDRAWN,
    recorded the day after, when a copy of QM-05 was issued (LATER)."""
    with today_is(ISSUED):
        project = start(tmp_path_factory.mktemp("future") / "qms")
        _new_number(project)
        commit(project.root, "QM-05", f"{ISSUED}T10:00:00+08:00")
        assert qmsdoc(project, "issue", OLD, "--to", "质量管理部", "--by", "文控", "--date", ISSUED)[0] == 0
    with today_is(LATER):
        code, out, err = qmsdoc(project, "obsolete", OLD, "--superseded-by", NEW, "--by", "总经理", "--reason", "改号",
                                "--date", WITHDRAWN)
        assert code == 0, out + err
        assert qmsdoc(project, "issue", NEW, "--to", "质量管理部", "--by", "文控", "--date", LATER)[0] == 0
        commit(project.root, "renumber", f"{LATER}T10:00:00+08:00")
    return project


def _codes(project: Project, day: str) -> list[str]:
    with today_is(day):
        return [f.code for f in check(load_config(project.root)).findings]


def test_check_on_the_day_before_the_withdrawal_is_quiet(lived: Project) -> None:
    """QD155 (its form listed by QM-05) and QD211 (its copy still out) said QM-01 was withdrawn on BEFORE."""
    codes = _codes(lived, BEFORE)
    assert "QD155" not in codes and "QD211" not in codes, codes


def test_check_from_the_withdrawal_day_tells(lived: Project) -> None:
    codes = _codes(lived, WITHDRAWN)
    assert "QD155" in codes and "QD211" in codes, codes


def test_a_citation_of_a_document_withdrawn_later_is_no_qd131_that_day(lived: Project, tmp_path: Path) -> None:
    import shutil
    copy = Project(tmp_path / "qms")
    shutil.copytree(lived.root, copy.root)
    copy.replace(f"manuals/qm/{NEW}.md", "## 2.0 适用范围", f"见 [[{OLD}]]。\n\n## 2.0 适用范围")
    assert "QD131" not in _codes(copy, BEFORE)
    assert "QD131" in _codes(copy, WITHDRAWN)


def _verify(project: Project, day: str, path: str) -> tuple[int, str]:
    with today_is(day):
        code, out, err = qmsdoc(project, "verify", path)
    return code, out + err


def test_verify_before_the_withdrawal_says_in_force_until_then(lived: Project) -> None:
    code, said = _verify(lived, BEFORE, OLD_COPY)
    assert code == 0 and "已作废" not in said and WITHDRAWN in said and NEW in said, said


def test_verify_from_the_withdrawal_day_says_withdrawn(lived: Project) -> None:
    code, said = _verify(lived, WITHDRAWN, OLD_COPY)
    assert code == 1 and "已作废（替代文件 QM-05）" in said, said


def test_verify_of_a_copy_issued_after_the_day_asked_says_it_did_not_exist(lived: Project) -> None:
    code, said = _verify(lived, BEFORE, NEW_COPY)
    assert code == 1 and "现行受控副本" not in said and "尚无此受控副本" in said and LATER in said, said


def test_verify_of_a_copy_from_its_issue_day_is_current(lived: Project) -> None:
    code, said = _verify(lived, LATER, NEW_COPY)
    assert code == 0 and "现行受控副本" in said, said


def _records(project: Project, day: str) -> tuple[list[list[str]], list[list[str]], list[tuple[str, object]]]:
    with today_is(day):
        config = load_config(project.root)
        corpus = check(config).corpus
        register = load_register(config)
        rows = register_rows(corpus, project.root, project.root / "build" / "docx", config.today)
        copies = distribution_rows(register, corpus, config.today)
        recalls = [(r.entry.number, r.due) for r in recall_list(register, corpus, config.today)]
    return rows, copies, recalls


def test_registers_before_the_withdrawal(lived: Project) -> None:
    rows, copies, recalls = _records(lived, BEFORE)
    old = next(r for r in rows if r[0] == OLD)
    form = next(r for r in rows if r[0] == "QM-01-F01")
    assert old[4].startswith("现行有效") and WITHDRAWN in old[4] and not old[10].startswith("已作废"), old
    assert old[3] == "A/1" and "A/1" not in old[6], old  # the version in force, not the withdrawal's own (A/2)
    assert form[4].startswith("现行有效") and not form[10].startswith("已作废"), form
    assert [c[0] for c in copies] == ["QM-01-A/1-001"]  # QM-05's copy was issued later
    assert "作废" not in copies[0][10] or WITHDRAWN in copies[0][10], copies
    assert recalls == [("QM-01-A/1-001", dt.date.fromisoformat(WITHDRAWN))]  # to collect on that day, not now


def test_registers_from_the_withdrawal(lived: Project) -> None:
    rows, copies, recalls = _records(lived, LATER)
    old = next(r for r in rows if r[0] == OLD)
    assert old[4] == "作废" and old[10] == f"已作废 {WITHDRAWN}", old
    assert old[3] == "A/2", old
    assert [c[0] for c in copies] == ["QM-01-A/1-001", "QM-05-A/0-001"]
    assert recalls == [("QM-01-A/1-001", None)]


def _build(project: Project, day: str, tmp_path: Path) -> Path:
    """The build folder of a copy of `project` built on `day`."""
    import shutil
    built = Project(tmp_path / day)
    shutil.copytree(project.root, built.root)
    with today_is(day):
        code, out, err = qmsdoc(built, "build")
    assert code == 0, out + err
    return built.root / "build"


def _site(project: Project, day: str, tmp_path: Path) -> tuple[str, str, str]:
    """The built site's page of QM-01, its 受控文件清单 and 作废文件, as a build on `day` writes them."""
    site = _build(project, day, tmp_path) / "site"
    page, register, listed = (site / name / "index.html" for name in (f"qm/{OLD}", "register", "obsolete"))
    return page.read_text("utf-8"), register.read_text("utf-8"), listed.read_text("utf-8")


def test_the_site_before_the_withdrawal_shows_it_in_force_with_a_notice(lived: Project, tmp_path: Path) -> None:
    page, register, listed = _site(lived, BEFORE, tmp_path)
    assert "尚未作废" in page and "本文件已作废" not in page and WITHDRAWN in page
    assert 'class="qms-version">A/1<' in page and f"（{OLD} A/1）" in page and 'data-version="A/1"' in page
    assert "A/2" not in page.split('id="qms-history"')[0], page  # its version, download line and print head
    assert 'data-status="obsolete"' not in register
    row = register.split(f">{OLD}</a>")[1].split("</tr>")[0]
    assert "<td>A/1</td>" in row, row
    assert f">{OLD}<" not in listed


def test_the_site_from_the_withdrawal_shows_it_withdrawn(lived: Project, tmp_path: Path) -> None:
    page, register, listed = _site(lived, WITHDRAWN, tmp_path)
    assert "本文件已作废" in page and "尚未作废" not in page and 'class="qms-version">A/2<' in page
    assert 'data-status="obsolete"' in register
    assert f">{OLD}<" in listed


@pytest.fixture(scope="module")
def built_before(lived: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder of a build on BEFORE, the day before QM-01's withdrawal."""
    return _build(lived, BEFORE, tmp_path_factory.mktemp("before"))


@pytest.fixture(scope="module")
def built_on(lived: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder of a build on WITHDRAWN, the withdrawal's day."""
    return _build(lived, WITHDRAWN, tmp_path_factory.mktemp("on"))


def _word(build: Path, relative: str) -> tuple[str, str, str | None]:
    """A Word copy's body text, its headers' XML (where the watermark is) and the version it claims."""
    import zipfile

    import docx
    path = build / "docx" / relative
    word = docx.Document(str(path))
    body = "\n".join(p.text for p in word.paragraphs)
    with zipfile.ZipFile(path) as archive:
        headers = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/header"))
    return body, headers, word.core_properties.keywords


def _pdf(build: Path, relative: str) -> str:
    import subprocess
    return subprocess.run(["pdftotext", "-layout", str(build / "pdf" / relative), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_copies_before_the_withdrawal_are_the_version_in_force(built_before: Path) -> None:
    """The build's Word and PDF copy of QM-01 on BEFORE were watermarked 作废 at A/2, the withdrawal's own version."""
    body, headers, version = _word(built_before, f"documents/{OLD}.docx")
    notice = f"自 {WITHDRAWN} 起作废，由 {NEW} 替代；在此之前现行版本仍为 A/1"
    assert version == "A/1" and 'string="作废"' not in headers and notice in body, (version, body)
    assert "本文件已于" not in body and "A/2" not in body, body
    pdf = _pdf(built_before, f"documents/{OLD}.pdf").replace(" ", "")
    assert notice.replace(" ", "") in pdf and "本文件已于" not in pdf and "A/2" not in pdf, pdf


def test_the_form_copy_before_the_withdrawal_is_in_use(built_before: Path) -> None:
    body, headers, _ = _word(built_before, "forms/QM-01-F01.docx")
    assert 'string="作废"' not in headers and f"随归口文件 {OLD} 自 {WITHDRAWN} 起作废" in body, body
    pdf = _pdf(built_before, "forms/QM-01-F01.pdf").replace(" ", "")
    assert f"随归口文件{OLD}自{WITHDRAWN}起作废" in pdf and "本表单已随" not in pdf, pdf


def test_the_copies_from_the_withdrawal_are_watermarked(built_on: Path) -> None:
    body, headers, version = _word(built_on, f"documents/{OLD}.docx")
    assert version == "A/2" and 'string="作废"' in headers and f"本文件已于 {WITHDRAWN} 作废" in body, body
    pdf = _pdf(built_on, f"documents/{OLD}.pdf").replace(" ", "")
    assert f"本文件已于{WITHDRAWN}作废" in pdf and "在此之前现行版本仍为" not in pdf, pdf
    form, form_headers, _ = _word(built_on, "forms/QM-01-F01.docx")
    assert 'string="作废"' in form_headers and "本表单已随归口文件" in form, form


@pytest.mark.parametrize("copy", [f"docx/documents/{OLD}.docx", f"pdf/documents/{OLD}.pdf"])
def test_verify_of_the_build_copy_before_the_withdrawal_says_current(built_before: Path, copy: str) -> None:
    """The build's own copy of QM-01 on BEFORE: recorded in the manifest at A/2, the withdrawal's own version."""
    code, said = _verify(Project(built_before.parent), BEFORE, f"build/{copy}")
    assert code == 0 and "A/1" in said and WITHDRAWN in said, said


def test_verify_of_the_build_copy_from_the_withdrawal_says_withdrawn(built_on: Path) -> None:
    code, said = _verify(Project(built_on.parent), WITHDRAWN, f"build/docx/documents/{OLD}.docx")
    assert code == 1 and "已作废（替代文件：QM-05）" in said, said


def _form_page(build: Path) -> str:
    return (build / "site" / "forms" / "QM-01-F01" / "index.html").read_text("utf-8")


def test_the_form_page_before_the_withdrawal_says_when_it_goes_out_of_use(built_before: Path) -> None:
    """QM-01-F01's page said nothing on BEFORE of the withdrawal waiting for its owner, as QM-01's page does."""
    page = _form_page(built_before)
    assert "尚未作废" in page and f"随归口文件 {OLD} 自" in page and "不得再用于记录" not in page, page
    assert '<span class="qms-ref-version">A/1</span>' in page and "A/2" not in page, page  # its owner, in force


def test_the_form_page_from_the_withdrawal_says_withdrawn(built_on: Path) -> None:
    page = _form_page(built_on)
    assert "不得再用于记录" in page and "尚未作废" not in page, page


def _manual_holds(project: Project, day: str) -> dict[str, str]:
    """What a whole-manual copy of QM holds on `day` by its standing (the 回收清单 and verify compare copies to it)."""
    with today_is(day):
        config = load_config(project.root)
        now = standing(check(config).corpus, "QM", config.today)
    assert now is not None
    return now.contents_on(config.today)


def test_a_whole_manual_before_the_withdrawal_holds_it_at_its_version_in_force(lived: Project,
                                                                                built_before: Path) -> None:
    """A whole manual of BEFORE left QM-01 out (its status: obsolete), though it was in force that day."""
    assert _manual_holds(lived, BEFORE).get(OLD) == "A/1"
    body, _, _ = _word(built_before, "manuals/QM.docx")
    assert f"{OLD}\u3000A/1" in body and f"自 {WITHDRAWN} 起作废" in body, body


def test_a_whole_manual_from_the_withdrawal_holds_it_no_more(lived: Project, built_on: Path) -> None:
    assert OLD not in _manual_holds(lived, WITHDRAWN)
    body, _, _ = _word(built_on, "manuals/QM.docx")
    assert f"{OLD}\u3000" not in body, body


@pytest.fixture(scope="module")
def read_without_git(lived: Project, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """`lived` with QM-01 to be read by 质量管理部 and no git history: the front matter alone answers."""
    import shutil
    copy = Project(tmp_path_factory.mktemp("acks") / "qms")
    shutil.copytree(lived.root, copy.root, ignore=shutil.ignore_patterns(".git"))
    copy.replace(f"manuals/qm/{OLD}.md", "\nstatus:", "\nacknowledge: [质量管理部]\nstatus:")
    return copy


def _assigned(project: Project, day: str) -> list[tuple[str, str]]:
    from qmsdoc.core.training import assignments
    with today_is(day):
        config = load_config(project.root)
        result = check(config)
        found = assignments(result.corpus, config, result.context.acknowledgements, result.context.roster,
                            result.context.history.versions)
    return [(a.document.id, a.version) for a in found if a.document.id == OLD]


def test_reading_assignments_before_the_withdrawal_are_of_the_version_in_force(read_without_git: Project) -> None:
    """Without git, QM-01's front matter (status: obsolete) dropped its readers on BEFORE, while it was in force."""
    assert _assigned(read_without_git, BEFORE) == [(OLD, "A/1")]


def test_reading_assignments_end_with_the_withdrawal(read_without_git: Project) -> None:
    assert _assigned(read_without_git, WITHDRAWN) == []


def _copy(project: Project, tmp_path: Path) -> Project:
    import shutil
    copy = Project(tmp_path / "qms")
    shutil.copytree(project.root, copy.root)
    return copy


def test_revise_before_the_withdrawal_says_it_is_to_be_withdrawn(lived: Project, tmp_path: Path) -> None:
    """Refused still (its withdrawal is approved: a revision released would undo it unasked), but on BEFORE it
    said 「已作废」 of a document in force that day."""
    copy = _copy(lived, tmp_path)
    with today_is(BEFORE):
        code, out, err = qmsdoc(copy, "revise", OLD, "--by", "质量经理")
    said = out + err
    assert code == 1 and "QD232" in said and f"已批准自 {WITHDRAWN} 起作废" in said and "已作废" not in said, said


def test_revise_from_the_withdrawal_says_withdrawn(lived: Project, tmp_path: Path) -> None:
    copy = _copy(lived, tmp_path)
    with today_is(WITHDRAWN):
        code, out, err = qmsdoc(copy, "revise", OLD, "--by", "质量经理")
    assert code == 1 and f"{OLD} 已作废" in out + err, out + err


def _qd232(project: Project, day: str) -> list[str]:
    with today_is(day):
        return [f.message for f in check(load_config(project.root)).findings if f.code == "QD232"]


def test_a_revision_left_of_a_document_to_be_withdrawn_is_qd232_said_so(lived: Project, tmp_path: Path) -> None:
    copy = _copy(lived, tmp_path)
    text = copy.read(f"manuals/qm/{OLD}.md").replace("\nstatus: obsolete", "\nstatus: draft", 1)
    copy.write(f"revisions/manuals/qm/{OLD}.md", text.replace("\nstatus:", "\nrevision: {of: A/2, by: 质量经理, "
                                                              f"date: {ISSUED}}}\nstatus:", 1))
    before, on = _qd232(copy, BEFORE), _qd232(copy, WITHDRAWN)
    assert len(before) == 1 and f"已批准自 {WITHDRAWN} 起作废" in before[0] and "已作废" not in before[0], before
    assert len(on) == 1 and f"已作废（{WITHDRAWN}）" in on[0], on



def _qd222(project: Project, day: str) -> list[str]:
    with today_is(day):
        return [f.message for f in check(load_config(project.root)).findings if f.code == "QD222"]


def test_an_acknowledgement_of_an_unknown_version_before_the_withdrawal_names_the_version_in_force(
        read_without_git: Project, tmp_path: Path) -> None:
    """QD222 (`stray`) said 「该文件已作废」 of QM-01 on BEFORE, when A/1 was in force."""
    from test_acknowledgements import REGISTER
    copy = _copy(read_without_git, tmp_path)
    copy.write(REGISTER, f"acknowledgements:\n  - {{document: {OLD}, version: A/9, department: 质量管理部, "
                         f"person: 张三, date: {ISSUED}}}\n")
    [before] = _qd222(copy, BEFORE)
    assert "该文件已作废" not in before and "A/1" in before, before
    [on] = _qd222(copy, WITHDRAWN)
    assert "该文件已作废" in on, on


def _page(build: Path, name: str) -> str:
    return (build / "site" / name / "index.html").read_text("utf-8")


def test_the_withdrawn_list_and_history_before_the_withdrawal(built_before: Path) -> None:
    """On BEFORE the 作废文件 page listed QM-01-F01 withdrawn with its owner, and QM-01's history page led back to
    「已作废文件 QM-01 A/2」."""
    assert "QM-01-F01" not in _page(built_before, "obsolete")
    history = _page(built_before, f"history/{OLD}")
    assert f"返回现行版本 {OLD} A/1" in history and "返回已作废文件" not in history, history


def test_the_withdrawn_list_and_history_from_the_withdrawal(built_on: Path) -> None:
    assert "QM-01-F01" in _page(built_on, "obsolete")
    assert f"返回已作废文件 {OLD} A/2" in _page(built_on, f"history/{OLD}")



def _cited_as(project: Project, day: str) -> str:
    """The version the one render (site, Word and PDF alike) names QM-01 by in a reference on `day`."""
    from qmsdoc.core.copyplan import renderer_for
    with today_is(day):
        found = renderer_for(check(load_config(project.root))).resolve(OLD)
    assert found is not None
    return found.version


def test_a_citation_before_the_withdrawal_names_the_version_in_force(lived: Project) -> None:
    """A reference to QM-01 named it A/2, the withdrawal's own version, on BEFORE."""
    assert _cited_as(lived, BEFORE) == "A/1"
    assert _cited_as(lived, WITHDRAWN) == "A/2"


def _acknowledgements(project: Project, day: str, *more: str) -> str:
    with today_is(day):
        code, out, err = qmsdoc(project, "acknowledgements", OLD, *more)
    assert code == 0, out + err
    return out + err


def test_acknowledgements_of_the_withdrawals_number_before_it_say_the_version_in_force(lived: Project) -> None:
    """Asked on BEFORE for A/2, the withdrawal's own number, it said 「已于 WITHDRAWN 作废」 and 没有现行版本."""
    said = _acknowledgements(lived, BEFORE, "--version", "A/2")
    assert "已于" not in said and "没有现行版本" not in said, said
    assert f"自 {WITHDRAWN} 起作废，由 {NEW} 替代" in said and "现行版本为 A/1" in said, said


def test_acknowledgements_before_the_withdrawal_call_it_no_release(lived: Project) -> None:
    """Asked on BEFORE without --version, the note under A/1's readings said 「当前文件为版本 A/2，2025-05-01 发布」:
    the withdrawal's own number, released on no day."""
    said = _acknowledgements(lived, BEFORE)
    assert "当日现行版本为 A/1" in said and "A/2" not in said, said
    # the withdrawal was recorded on LATER: on BEFORE no approval of it existed, only its date is told
    assert f"（该文件自 {WITHDRAWN} 起作废）" in said and "已批准" not in said, said


def test_acknowledgements_of_the_withdrawals_number_from_its_day_say_withdrawn(lived: Project) -> None:
    said = _acknowledgements(lived, WITHDRAWN, "--version", "A/2")
    assert f"已于 {WITHDRAWN} 作废，由 {NEW} 替代，没有现行版本" in said and "已批准自" not in said, said


def test_the_page_of_the_version_in_force_before_the_withdrawal_says_so(built_before: Path) -> None:
    """On BEFORE QM-01's history page of A/1 carried the 历史版本 banner — 「不得用于指导工作」 — of the version in
    force that day; its row in the 修订记录 and the page's title said it was an earlier version too."""
    import re
    page = re.sub(r"<[^>]+>", "", _page(built_before, f"history/{OLD}/A-1"))
    assert "历史版本" not in page and "不得用于指导工作" not in page, page
    assert "现行版本 A/1" in page and f"自 {WITHDRAWN} 起作废，由 {NEW} 替代" in page, page
    assert "查阅现行版本 A/1" in page, page
    assert f"（现行版本，至 {WITHDRAWN} 前）" in re.sub(r"<[^>]+>", "", _page(built_before, f"history/{OLD}"))


def test_the_page_of_the_last_version_from_the_withdrawal_is_an_earlier_one(built_on: Path) -> None:
    page = _page(built_on, f"history/{OLD}/A-1")
    assert "历史版本 A/1" in page and "不得用于指导工作" in page and "尚未作废" not in page, page
    assert ">A/2</a>" not in page  # the withdrawal followed it, never in force: no version's page to link
    assert "（现行版本，至" not in _page(built_on, f"history/{OLD}")


def test_an_earlier_versions_page_links_the_document_that_replaced_it(built_on: Path, lived: Project,
                                                                      tmp_path: Path) -> None:
    """QM-01 A/1's page named QM-05, which replaced the withdrawn QM-01, as text in its banner and in its control
    block's 状态, where the document's own page and 作废文件 link it: both now link QM-05's page (one writer,
    history._linking). Its Word and PDF copy, which cannot link the site, name it in the same words."""
    import re
    folder = built_on / "site" / "history" / OLD / "A-1"
    page = (folder / "index.html").read_text("utf-8")
    said = f"已于 {WITHDRAWN} 作废，由 <a href=\"([^\"]+)\">{NEW}</a> 替代"
    status = re.search(r'<span class="qms-status qms-status-superseded">(.*?)</span>', page)
    assert status is not None and re.fullmatch(f"历史版本（{said}）", status[1]), page
    banner = page.split('<table class="qms-control"')[0]
    hrefs = [*re.findall(said, banner), re.fullmatch(f"历史版本（{said}）", status[1])[1]]
    assert len(hrefs) == 2 and len(set(hrefs)) == 1, hrefs
    assert (folder / hrefs[0]).resolve() == (built_on / "site" / "qm" / NEW).resolve(), hrefs
    # quiet: the running header's data-state says it as text, no markup in the attribute
    assert f'data-state="历史版本（已于 {WITHDRAWN} 作废，由 {NEW} 替代）"' in page
    listed = _page(built_on, "obsolete").split(f">{OLD}</a>")[1].split("</tr>")[0]  # 作废文件: linked as before
    assert re.search(rf'<a class="qms-ref" href="[^"]*{NEW}[^"]*/">.*{NEW}', listed), listed
    # the copies of A/1 name the successor in the same words, as text
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"old.{fmt}"
        with today_is(WITHDRAWN):
            code, stdout, stderr = qmsdoc(lived, "copy", OLD, "--version", "A/1", "--out", str(out))
        assert code == 0, stdout + stderr
        if fmt == "docx":
            import docx
            text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        else:
            import subprocess
            text = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout.replace("\n", "")
        assert f"已于 {WITHDRAWN} 作废，由 {NEW} 替代" in text, (fmt, text)


def test_the_page_of_the_version_in_force_until_the_withdrawal_links_its_successor(built_before: Path) -> None:
    """Before the withdrawal the page of A/1, still in force, says from when QM-05 replaces it: QM-05 is a link."""
    import re
    folder = built_before / "site" / "history" / OLD / "A-1"
    page = (folder / "index.html").read_text("utf-8")
    [href] = re.findall(f"起作废，由 <a href=\"([^\"]+)\">{NEW}</a> 替代", page)
    assert f"自 {WITHDRAWN} 起作废，由 {NEW} 替代" in re.sub(r"<[^>]+>", "", page)
    assert (folder / href).resolve() == (built_before / "site" / "qm" / NEW).resolve(), href
    assert "qms-status-superseded" not in page  # quiet: in force that day, its 状态 no 历史版本


def _revise_citing_it(project: Project) -> None:
    """A working revision of QM-05 whose text cites QM-01 (`qmsdoc revise` on the day pinned)."""
    assert qmsdoc(project, "revise", NEW, "--by", "质量经理")[0] == 0
    draft = next(project.path("revisions").rglob(f"{NEW}.md"))
    draft.write_text(draft.read_text("utf-8").replace("## 2.0 适用范围", f"见 [[{OLD}]]。\n\n## 2.0 适用范围", 1),
                     "utf-8")


def _cited_from_waiting(project: Project, effective: str, tmp_path: Path) -> str:
    """The version a revision of QM-05 citing QM-01, released on ASKED and waiting for `effective`, names QM-01 by."""
    import re
    copy = _copy(project, tmp_path)
    with today_is(ASKED):
        _revise_citing_it(copy)
        code, out, err = qmsdoc(copy, "release", NEW, "--by", "总经理", "--reviewed-by", "经理", "--change", "引用",
                                "--effective", effective)
        assert code == 0, out + err
        from qmsdoc.core.copyplan import renderer_for
        result = check(load_config(copy.root))
        html = renderer_for(result).document(result.corpus.documents[NEW]).html
    [named] = re.findall(rf'data-ref="{OLD}"[^>]*>.*?class="qms-ref-version">([^<]*)<', html)
    return named



def test_a_version_waiting_for_a_day_before_the_withdrawal_cites_the_version_in_force_then(
        lived: Project, tmp_path: Path) -> None:
    """QM-05's version taking effect on 2025-04-25 named QM-01 A/2, the withdrawal's own number: QM-01's effective
    date (A/1's) was before that day, so its withdrawal was taken as in force by then."""
    assert _cited_from_waiting(lived, "2025-04-25", tmp_path) == "A/1"


def test_a_version_waiting_for_a_day_from_the_withdrawal_cites_it_withdrawn(lived: Project, tmp_path: Path) -> None:
    assert _cited_from_waiting(lived, "2025-05-10", tmp_path) == "A/2"


def test_release_before_the_withdrawal_says_it_is_to_come(lived: Project, tmp_path: Path) -> None:
    """Refused still (the withdrawal is approved), but on BEFORE it said 「归口文件 QM-01 已作废」 of a form in
    force that day."""
    copy = _copy(lived, tmp_path)
    with today_is(BEFORE):
        code, out, err = qmsdoc(copy, "release", "QM-01-F01", "--by", "总经理", "--change", "改")
    said = out + err
    assert code == 1 and f"{OLD} 已批准自 {WITHDRAWN} 起作废" in said, said
    assert "已作废" not in said and "“作废”" not in said, said


@pytest.mark.parametrize(("item", "number", "told"), [
    (OLD, "QM-01-A/1-002", f"为现行版本 A/1，有效至 {WITHDRAWN} 前：{WITHDRAWN} 起作废，由 {NEW} 替代"),
    ("QM-01-F01", "QM-01-F01-A/0-001", f"随归口文件 {OLD} 自 {WITHDRAWN} 起作废（副本上已注明），在此之前照常使用")])
def test_issue_before_the_withdrawal_issues_the_version_in_force_until_then(lived: Project, tmp_path: Path,
                                                                            item: str, number: str, told: str) -> None:
    """QM-01 is in force until WITHDRAWN, and its form in use: on BEFORE `qmsdoc issue` refused a copy of either
    (「已批准自 D 起作废……不再发放受控副本」). The copy is of the version in force (A/1, not the withdrawal's A/2), the
    answer says until when, and the register lists it 在用 until then and to be collected that day."""
    copy = _copy(lived, tmp_path)
    with today_is(BEFORE):
        code, out, err = qmsdoc(copy, "issue", item, "--to", "生产部", "--by", "文控")
    said = out + err
    assert code == 0 and number in said and told in said and "已作废" not in said, said
    _, copies, recalls = _records(copy, BEFORE)
    state = next(c[10] for c in copies if c[0] == number)
    assert state.startswith("在用") and WITHDRAWN in state, state
    assert (number, dt.date.fromisoformat(WITHDRAWN)) in recalls, recalls
    issued = f"issued/{number.replace('/', '_')}.docx"
    code, said = _verify(copy, BEFORE, issued)  # the copy itself checks out, in force until the withdrawal
    assert code == 0 and WITHDRAWN in said and "已作废" not in said, said
    code, said = _verify(copy, WITHDRAWN, issued)
    assert code == 1 and ("已作废" in said or "作废" in said), said


@pytest.mark.parametrize("act", [("release", "QM-01-F01", "--by", "总经理", "--change", "改"),
                                 ("issue", "QM-01-F01", "--to", "生产部", "--by", "文控"),
                                 ("issue", OLD, "--to", "生产部", "--by", "文控")])
def test_release_and_issue_from_the_withdrawal_say_withdrawn(lived: Project, tmp_path: Path,
                                                             act: tuple[str, ...]) -> None:
    copy = _copy(lived, tmp_path)
    with today_is(WITHDRAWN):
        code, out, err = qmsdoc(copy, *act)
    said = out + err
    assert code == 1 and ("已作废" in said or "“作废”" in said) and "已批准自" not in said, said


def test_releasing_a_document_citing_it_before_the_withdrawal_is_quiet(lived: Project, tmp_path: Path) -> None:
    """The release's check and its re-check after writing both read the day asked: QM-05 citing QM-01, released
    on BEFORE, is told nothing of QM-01's withdrawal (no QD131, no QD211 of QM-01's copy still out)."""
    copy = _copy(lived, tmp_path)
    with today_is(BEFORE):
        _revise_citing_it(copy)
        code, out, err = qmsdoc(copy, "release", NEW, "--by", "总经理", "--reviewed-by", "经理", "--change", "引用")
    assert code == 0 and "QD131" not in out + err and "QD211" not in out + err and "作废" not in out + err, out + err
    assert _codes(copy, BEFORE) == [] and {"QD131", "QD211"} <= set(_codes(copy, WITHDRAWN))
