"""Hostile input against what landed with the project period of review, the redline's new fields, the number hints
and the unapproved-edit reading of git: wrong types, odd text and odd histories end in a finding or a usage error
with its exit code, never a traceback. (Guard tests: each of these held when written.)"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_acknowledgements import DOC as ACK_DOC
from test_acknowledgements import REGISTER, ROSTER, _commit_on, require, today

from qmsdoc.acts.revise import revise
from qmsdoc.core import check, load_config
from qmsdoc.core.gitlog import Revisioned
from qmsdoc.core.redline import document_fields, manual_fields
from qmsdoc.core.versions import unapproved_edits

from conftest import Project, run_cli

DOC = "manuals/gskf/GSKF-01.md"


def _period(project: Project, value: str) -> None:
    text = project.read("qmsdoc.yml")
    lines = [line for line in text.splitlines() if not line.startswith("review_months:")]
    project.write("qmsdoc.yml", "\n".join(lines) + f"\nreview_months: {value}\n")


@pytest.mark.parametrize("value", ['"12"', "[]", "{}", "-1", "0", "121", "1e9", "true", "12.0", ".nan",
                                   "1000000000000000000000", "!!binary aGk="])
def test_a_project_period_of_the_wrong_type_or_range_is_a_config_error(project: Project, value: str) -> None:
    _period(project, value)
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 2, done
    assert "qmsdoc.yml" in done.stderr and "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("value", ["null", "~", "12"])
def test_a_project_period_unset_or_in_range_is_accepted(project: Project, value: str) -> None:
    _period(project, value)
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 0, done


def test_a_document_writing_review_months_0_under_a_project_period_is_refused_not_read_as_the_projects(
        project: Project) -> None:
    _period(project, "12")
    project.replace(DOC, "review_months: 24", "review_months: 0")
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 1, done
    assert f"{DOC}:" in done.stdout and "review_months" in done.stdout


@pytest.mark.parametrize("external", ["abc", ["a", "b"], [{"code": {"a": 1}, "title": ["x"]}], [None], {"a": 1},
                                      [{"code": "=cmd|' /C calc'!A0", "title": "<script>\u202e", "issuer": "#set"}]])
def test_redline_fields_of_any_external_shape_are_text(external: object) -> None:
    fields = document_fields({"title": "t", "external": external})
    assert all(isinstance(label, str) and isinstance(value, str) for label, value in fields)


@pytest.mark.parametrize("order", ["1", None, 1.5, True, [], 0])
def test_redline_fields_of_any_manual_order_are_text(order: object) -> None:
    fields = manual_fields({"title": "t", "order": order})
    shown = [value for _, value in fields]
    assert all(isinstance(value, str) for value in shown)
    assert (str(order) in shown) is (order is not None)


@pytest.mark.parametrize("code", ["", " ", "///", "\u202e", "\x1b]0;x\x07", "G" * 20000, "😀" * 50])
def test_did_you_mean_is_quiet_for_junk(project: Project, code: str) -> None:
    assert check(load_config(project.root)).did_you_mean(code) == ""


def test_did_you_mean_offers_the_number_written_with_other_separators(project: Project) -> None:
    assert "GSKF-01" in check(load_config(project.root)).did_you_mean("gskf 01")


def test_unapproved_edits_skip_revisions_that_are_not_yaml_or_undated(project: Project) -> None:
    good = project.read(DOC)
    edited = good.replace("## ", "## 手工改动 ", 1)
    revisions = [Revisioned("a" * 40, "1970-01-02", good), Revisioned("b" * 40, "2100-01-01", edited),
                 Revisioned("c" * 40, "2026-01-01", "---\nid: [\ufffd\n---\n"),
                 Revisioned("d" * 40, "not a day", edited), Revisioned("e" * 40, "2026-02-01", good)]
    found = unapproved_edits("document", DOC, revisions)
    assert [(e.commit[0], str(e.since), str(e.until)) for e in found] == [("b", "2100-01-01", "2100-01-01")]


@pytest.mark.parametrize("args", [["register", "--as-of", "2100-01-01"], ["register", "--\x1b[2Jdate", "x"],
                                  ["register", "--as\u202e-of", "x"], ["redline", "GSKF\u202e-01"]])
def test_odd_arguments_are_usage_or_refusal_never_a_traceback(project: Project, args: list[str]) -> None:
    done = run_cli(*args, cwd=project.root)
    assert done.returncode in (1, 2), done
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr



def test_a_past_days_title_from_git_cannot_drive_the_terminal(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 was released with a title QD019 refuses today (ESC ] 0;… BEL retitles a terminal, U+202E reverses what
    follows) and A/1 put it right. A past day's answer reads A/0 again from git, where no check looks at its text:
    `acknowledgements` printed the escape sequence verbatim. Shown as escapes, the title still named."""
    require(repo, "acknowledge: [客服部]")
    repo.revise(ACK_DOC, "title: 催收工作规程", 'title: "催收\\e]0;pwn\\a工作\\u202e规程"')
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 A/0")
    lines = [line for line in repo.read(ACK_DOC).splitlines(keepends=True) if not line.startswith("approved:")]
    text = "".join(lines).replace("\nversion: A/0", "\nversion: A/1").replace("effective_date: 2026-03-01", "")
    text = text.replace('"催收\\e]0;pwn\\a工作\\u202e规程"', "催收工作规程")
    approved = ("approved: {by: 总经理, date: 2026-06-10, fingerprint: x}\nhistory:\n"
                "  - {version: A/1, date: 2026-06-10, by: 质量专员, change: 改正}\n")
    repo.write(ACK_DOC, text.replace("history:\n", approved))
    repo.restamp(ACK_DOC)
    _commit_on(repo, monkeypatch, "2026-06-10", "QP-03-02 A/1")
    today(monkeypatch, "2026-05-01")
    done = run_cli("acknowledgements", "QP-03-02", cwd=repo.root)
    assert done.returncode == 0, done
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout and "\u202e" not in done.stdout, done.stdout
    assert "催收\\x1b]0;pwn\\x07工作\\u202e规程" in done.stdout, done.stdout


def test_a_past_days_plain_roster_is_printed_as_written(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: names and the report's own line breaks and indents come out unchanged."""
    require(repo, "acknowledge: [客服部]\nacknowledge_all: true")
    repo.write(ROSTER, "客服部: [张三, 王五]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "人员名单")
    repo.write(ROSTER, "客服部: [张三, 李四]\n")
    _commit_on(repo, monkeypatch, "2026-06-01", "王五离职，李四入职客服部")
    today(monkeypatch, "2026-04-01")
    done = run_cli("acknowledgements", "QP-03-02", cwd=repo.root)
    assert "\n  尚未确认：张三、王五\n" in done.stdout, done.stdout


@pytest.mark.slow  # one whole site build
def test_previews_of_a_forms_and_a_manual_pages_revision_keep_user_text_as_text(tmp_path: Path) -> None:
    """The previews that landed for a blank form's and a manual index page's working revision (revisions/<ID>/),
    their redlines and the banners linking them, with the canary in every text field and in an external
    document's code, title and issuer the revision adds: no planted element or attribute on any page."""
    from test_hostile_pages import CANARY, _Tags, add_drafts, write_project

    values = {field: f"文{CANARY}题" for field in ("home", "manual", "title", "change", "form", "retention", "label",
                                                 "column", "signature")}
    values |= {field: "文&名" for field in ("owner", "prepared", "reviewed", "approved", "department", "by")}
    root = tmp_path / "p"
    write_project(root, values)
    add_drafts(root, values)
    config = load_config(root)
    for code in ("QP-01-01-F001", "QP-01"):
        revise(config, code, by="文&名", reason=f"改{CANARY}", date=dt.date(2026, 4, 2))
    form = next(root.joinpath("revisions").rglob("QP-01-01-F001.yaml"))
    form.write_text(form.read_text("utf-8").replace("rows: 2", "rows: 3"), "utf-8")
    page = next(root.joinpath("revisions").rglob("index.md"))
    page.write_text(page.read_text("utf-8").replace("本手册。", "本手册（修订）。"), "utf-8")
    draft = root / "revisions/manuals/m1/QP-01-01.md"
    external = yaml.safe_dump({"external": [{"code": f"=GB{CANARY}", "title": f"标{CANARY}",
                                             "issuer": f"#set{CANARY}"}]}, allow_unicode=True)
    draft.write_text(draft.read_text("utf-8").replace("\nstatus:", f"\n{external}status:", 1), "utf-8")
    done = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--only", "site"], cwd=root,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for previewed in ("QP-01-01-F001", "QP-01", "QP-01-01"):
        shown = (root / f"build/site/revisions/{previewed}/index.html").read_text("utf-8")
        assert "&lt;qz onqz=1&gt;" in shown, previewed  # the user's text is there, as text
    assert "#set" in (root / "build/site/revisions/QP-01-01/index.html").read_text("utf-8")  # the external's redline
    for built in (root / "build/site").rglob("*.html"):
        parser = _Tags()
        parser.feed(built.read_text("utf-8"))
        assert not parser.found, f"{built.relative_to(root)}: {parser.found}"


def _edited_between(project: Project, *days: str) -> list[tuple[str, str, str]]:
    """The unapproved edits of `DOC` committed approved, edited by hand, approved again, on `days` in line order."""
    good = project.read(DOC)
    texts = (good, good.replace("## ", "## 手工改动 ", 1), good)
    revisions = [Revisioned(str(i) * 40, day, text) for i, (day, text) in enumerate(zip(days, texts, strict=True))]
    return [(e.commit[0], str(e.since), str(e.until)) for e in unapproved_edits("document", DOC, revisions)]


def test_an_unapproved_edit_never_ends_before_it_began_when_commit_days_run_backwards(project: Project) -> None:
    """A hand edit committed on a machine whose clock said 2099-12-31, then put right by a commit of 2026-12-06 on
    the line after it: register --as-of and the history page said the text differed 「自 2099-12-31 … 至
    2026-12-06」, an end before its start. The commit after it on the line cannot end it earlier than it began: it
    was undone the day it is dated (which `covers` counts)."""
    assert _edited_between(project, "2026-01-01", "2099-12-31", "2026-12-06") == [("1", "2099-12-31", "2099-12-31")]
    assert _edited_between(project, "2026-06-01", "2026-07-01", "1970-01-02") == [("1", "2026-07-01", "2026-07-01")]


def test_an_unapproved_edit_in_day_order_ends_on_the_day_it_was_put_right(project: Project) -> None:
    assert _edited_between(project, "2026-01-01", "2026-03-01", "2026-04-01") == [("1", "2026-03-01", "2026-04-01")]


@pytest.mark.parametrize(("args", "meant"), [
    (["register", "--AS-OF", "2026-01-01"], "--as-of"), (["register", "--As-Of", "2026-01-01"], "--as-of"),
    (["register", "－－ａｓ－ｏｆ", "2026-01-01"], "--as-of"), (["build", "--STRICT"], "--strict"),
    (["REGISTER"], "register"), (["ｒｅｇｉｓｔｅｒ"], "register")])
def test_an_option_or_command_typed_in_capitals_or_full_width_is_offered_as_meant(
        project: Project, args: list[str], meant: str) -> None:
    """`--AS-OF`, `--STRICT` or a full-width input method's `－－ａｓ－ｏｆ` and `ｒｅｇｉｓｔｅｒ` are the nearest
    spellings there are, but the near-spelling hint compared them letter case and width as typed and offered
    nothing (the full-width option was not even named: only 「缺少 --as-of」 while the user had typed it)."""
    done = run_cli(*args, cwd=project.root)
    assert done.returncode == 2, done
    assert f"（是不是 {meant}？）" in done.stderr, done.stderr
    assert args[-2 if len(args) == 3 else -1] in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["register", "--xyz", "2026-01-01"], ["frobnicate"], ["check", "--STRICTLY-NOT"]])
def test_an_option_or_command_spelt_like_none_gets_no_hint(project: Project, args: list[str]) -> None:
    done = run_cli(*args, cwd=project.root)
    assert done.returncode == 2 and "是不是" not in done.stderr, done.stderr


def test_a_date_typed_full_width_on_the_command_line_is_the_day_it_is(repo: Project) -> None:
    """A sign-in sheet's ２０２６－０６－０１ is read as the day it is (full-width input method); the same date typed on
    the command line (`register --as-of`, any `--date`) was refused with 「请写成 2026-03-01」, the form it was in."""
    from qmsdoc.cli import _date

    done = run_cli("register", "--as-of", "２０２６－０６－０１", "--out", "day.csv", cwd=repo.root)
    assert done.returncode == 0, done
    assert "2026-06-01" in done.stdout
    assert _date("２０２６－０１－０２") == dt.date(2026, 1, 2)


@pytest.mark.parametrize("text", ["２０２６年", "٢٠٢٦-٠٣-٠١", "20260102", "2026-W09-1", ""])
def test_what_is_no_date_however_typed_is_still_a_usage_error(repo: Project, text: str) -> None:
    """2026-1-2 is a day (a sign-in sheet's reading, core/days.py, takes it); these are none (in a repository, so
    the refusal is the day's, not that of a project git cannot answer for)."""
    done = run_cli("register", "--as-of", text, "--out", "day.csv", cwd=repo.root)
    refused_day = "无效" in done.stderr or "为空" in done.stderr
    assert done.returncode == 2 and refused_day and "无法回答" not in done.stderr, done


@pytest.mark.parametrize("broken", ["客服部: [张三, 王五\n", "- 张三\n", "客服部: 张三\n",
                                    '客服部: [张三, "王\\e五"]\n'])
def test_a_roster_committed_broken_leaves_the_version_before_standing_on_a_past_day(
        repo: Project, monkeypatch: pytest.MonkeyPatch, broken: str) -> None:
    """王五 worked in 客服部 and never read A/0; 张三 did. A roster committed broken on 2026-03-20 (unreadable YAML,
    the wrong shape, a name QD224 refuses) and put right on 2026-06-01: asked for 2026-04-01, the broken version
    listed nobody for 客服部, so 王五 was not asked for — 张三 alone made the department 已确认."""
    require(repo, "acknowledge: [客服部]\nacknowledge_all: true")
    repo.write(ROSTER, "客服部: [张三, 王五]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "人员名单")
    repo.write(REGISTER, "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-01}\n")
    repo.write(ROSTER, broken)
    _commit_on(repo, monkeypatch, "2026-03-20", "名单改坏了")
    repo.write(ROSTER, "客服部: [张三, 王五]\n")
    _commit_on(repo, monkeypatch, "2026-06-01", "名单改正")
    today(monkeypatch, "2026-04-01")
    done = run_cli("acknowledgements", "QP-03-02", cwd=repo.root)
    assert "尚未确认：王五" in done.stdout and "客服部：逾期" in done.stdout, done.stdout
