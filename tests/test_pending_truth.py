"""While an approved version waits for its effective date (`qmsdoc release … --effective`), the commands outside
the pages and copies answer truly too: `qmsdoc issue` says which version it issued and that it is not in force
yet, and `--in-force` issues the version in force until then; `qmsdoc obsolete` does not record as withdrawn a
version never in force, nor name as successor one not in force yet; reading assignments and acknowledgements
say the version takes effect later (reading ahead of it is accepted). From the effective date, all as before."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import commit, copy_project, git, release_later, run_cli, today_is

APPROVED, EFFECTIVE = "2026-12-06", "2027-01-01"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)


@pytest.fixture(scope="module")
def pending_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git: QP-03-04 to be read by 客服部, copy A/0-001 issued, then A/1 approved on
    2026-12-06 to take effect on 2027-01-01, all committed."""
    root = copy_project(tmp_path_factory.mktemp("pending") / "project").root
    with today_is(APPROVED):
        git(root, "init", "-q")
        source = root / "manuals" / "qp-service" / "QP-03-04.md"
        source.write_text(source.read_text("utf-8").replace("review_months: 24\n",
                                                            "review_months: 24\nacknowledge: [客服部]\n"), "utf-8")
        commit(root, "初始文件")
        assert run_cli("issue", "QP-03-04", "--to", "客服部", cwd=root).returncode == 0
        release_later(root, "QP-03-04", EFFECTIVE)
    return root


@pytest.fixture
def pending(pending_project: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the pending project for one test to change."""
    root = tmp_path / "project"
    shutil.copytree(pending_project, root)
    yield root


# -- qmsdoc issue ------------------------------------------------------------------------------------------------

def test_issue_while_pending_says_the_version_is_not_in_force_yet(pending: Path) -> None:
    done = run_cli("issue", "QP-03-04", "--to", "客服部", cwd=pending)
    assert done.returncode == 0, done
    assert "QP-03-04-A/1-001" in done.stdout
    assert "A/1 已批准、2027-01-01 起生效，尚未生效" in done.stdout
    assert "现行版本为 A/0" in done.stdout and "qmsdoc issue QP-03-04 --in-force" in done.stdout


def test_issue_on_the_effective_day_says_nothing_of_waiting(pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("issue", "QP-03-04", "--to", "客服部", cwd=pending)
    assert done.returncode == 0, done
    assert "QP-03-04-A/1-001" in done.stdout
    assert "尚未生效" not in done.stdout and "--in-force" not in done.stdout


def test_issue_in_force_issues_the_version_in_force_until_then(pending: Path) -> None:
    done = run_cli("issue", "QP-03-04", "--to", "客服部", "--in-force", cwd=pending)
    assert done.returncode == 0, done
    assert "QP-03-04-A/0-002" in done.stdout
    assert "现行版本 A/0，有效至 A/1 于 2027-01-01 生效为止" in done.stdout
    register = (pending / "distribution.yaml").read_text("utf-8")
    assert "{number: QP-03-04-A/0-002, document: QP-03-04, version: A/0," in register
    assert (pending / "issued" / "QP-03-04-A_0-002.docx").is_file()
    recalls = run_cli("verify", "issued/QP-03-04-A_0-002.docx", cwd=pending)
    assert recalls.returncode == 0, recalls


def test_issue_in_force_is_refused_when_nothing_waits(pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("issue", "QP-03-04", "--to", "客服部", "--in-force", cwd=pending)
    assert done.returncode == 1, done
    assert "没有待生效的版本，现行版本为 A/1" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert not (pending / "issued" / "QP-03-04-A_1-001.docx").exists()


# -- qmsdoc obsolete ---------------------------------------------------------------------------------------------

def test_obsolete_while_pending_is_refused(pending: Path) -> None:
    done = run_cli("obsolete", "QP-03-04", "--no-successor", "--by", "总经理", "--reason", "停止服务", cwd=pending)
    assert done.returncode == 1, done
    said = done.stderr + done.stdout
    assert "A/1 已批准、2027-01-01 起生效，尚未生效（在此之前现行版本为 A/0）" in said
    assert "status: obsolete" not in (pending / "manuals" / "qp-service" / "QP-03-04.md").read_text("utf-8")


def test_obsolete_on_the_effective_day_is_not_refused_as_pending(pending: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("obsolete", "QP-03-04", "--no-successor", "--by", "总经理", "--reason", "停止服务", cwd=pending)
    assert "尚未生效" not in done.stderr + done.stdout  # refused only because QP-03-01 still cites it
    assert "QP-03-01" in done.stderr + done.stdout


def test_obsolete_naming_a_successor_not_yet_in_force_is_refused(pending: Path) -> None:
    done = run_cli("obsolete", "QP-03-02", "--superseded-by", "QP-03-04", "--by", "总经理", cwd=pending)
    assert done.returncode == 1, done
    assert "替代文件 QP-03-04 A/1 2027-01-01 起才生效" in done.stderr + done.stdout
    assert "status: obsolete" not in (pending / "manuals" / "qp-service" / "QP-03-02.md").read_text("utf-8")


def test_obsolete_naming_a_successor_in_force_from_that_day(pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("obsolete", "QP-03-02", "--superseded-by", "QP-03-04", "--by", "总经理", cwd=pending)
    assert done.returncode == 0, done
    assert "superseded_by: QP-03-04" in (pending / "manuals" / "qp-service" / "QP-03-02.md").read_text("utf-8")


# -- reading assignments -----------------------------------------------------------------------------------------

PENDING_NOTE = "版本 A/1 已批准、2027-01-01 起生效，尚未生效（在此之前现行版本为 A/0）：生效前的学习确认同样有效"


def test_acknowledge_ahead_of_the_effective_date_records_the_waiting_version_and_says_so(pending: Path) -> None:
    done = run_cli("acknowledge", "QP-03-04", "--by", "李四", "--department", "客服部", cwd=pending)
    assert done.returncode == 0, done
    assert "版本 A/1 的学习确认" in done.stdout and PENDING_NOTE in done.stdout
    assert "version: A/1" in (pending / "acknowledgements.yaml").read_text("utf-8")
    shown = run_cli("acknowledgements", "QP-03-04", cwd=pending)
    assert shown.returncode == 0, shown
    assert PENDING_NOTE in shown.stdout and "客服部：已确认" in shown.stdout


def test_acknowledge_from_the_effective_date_says_nothing_of_waiting(pending: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("acknowledge", "QP-03-04", "--by", "李四", "--department", "客服部", cwd=pending)
    assert done.returncode == 0, done
    assert "尚未生效" not in done.stdout
    shown = run_cli("acknowledgements", "QP-03-04", cwd=pending)
    assert shown.returncode == 0, shown
    assert "尚未生效" not in shown.stdout and "客服部：已确认" in shown.stdout


def test_the_acknowledgements_page_says_the_version_takes_effect_later(pending: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    page = pending / "build" / "site" / "acknowledgements" / "index.html"
    assert run_cli("build", cwd=pending).returncode == 0
    assert "已批准（2027-01-01 起生效；现行仍为 A/0）" in page.read_text("utf-8")
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    assert run_cli("build", cwd=pending).returncode == 0
    text = page.read_text("utf-8")
    assert "QP-03-04" in text and "起生效" not in text


# -- the 回收清单 -------------------------------------------------------------------------------------------------

def _recall_sections(root: Path) -> tuple[str, str]:
    """The recall page's list of copies to collect now, and its section of copies still in force ("" if none)."""
    text = (root / "build" / "site" / "recall" / "index.html").read_text("utf-8")
    now, _, later = text.partition('id="in-force-until"')
    return now, later


def test_the_recall_page_keeps_a_copy_in_force_out_of_the_list_to_collect(pending: Path) -> None:
    assert run_cli("build", cwd=pending).returncode == 0
    now, later = _recall_sections(pending)
    assert "QP-03-04-A/0-001" not in now and "目前没有待回收的受控副本" in now
    assert "QP-03-04-A/0-001" in later and "2027-01-01 起由已批准的 A/1 取代" in later


def test_the_recall_page_lists_the_copy_to_collect_from_the_effective_date(pending: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    assert run_cli("build", cwd=pending).returncode == 0
    now, later = _recall_sections(pending)
    assert "QP-03-04-A/0-001" in now and later == ""


def test_recall_of_a_copy_in_force_says_its_holder_needs_another_until_then(pending: Path) -> None:
    done = run_cli("recall", "QP-03-04-A/0-001", cwd=pending)
    assert done.returncode == 0, done
    assert "QP-03-04-A/0-001 是现行版本 A/0 的副本，2027-01-01 新版本生效前仍应使用" in done.stdout
    assert "qmsdoc issue QP-03-04 --in-force --to 客服部" in done.stdout


def test_recall_from_the_effective_date_says_nothing_of_it(pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    done = run_cli("recall", "QP-03-04-A/0-001", cwd=pending)
    assert done.returncode == 0, done
    assert "已登记回收：QP-03-04-A/0-001" in done.stdout and "现行版本" not in done.stdout


# -- a withdrawn document's successor ----------------------------------------------------------------------------

def _text(page: Path) -> str:
    """A built page's text as a reader sees it: tags out, runs of white space as one."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.read_text("utf-8")).split())


def test_a_withdrawn_documents_successor_is_named_at_its_version_in_force(pending: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-02-04 is withdrawn in favour of QP-02-03: while QP-02-03 A/2 waits for its effective date, the 作废文件 list
    and QP-02-04's banner send readers to A/1, the version in force, saying when A/2 takes effect; from that day
    to A/2 alone."""
    assert run_cli("revise", "QP-02-03", "--by", "张三", cwd=pending).returncode == 0
    draft = next(pending.joinpath("revisions").rglob("QP-02-03.md"))
    draft.write_text(draft.read_text("utf-8") + "\n补充。\n", "utf-8")
    assert run_cli("release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                   "--effective", EFFECTIVE, cwd=pending).returncode == 0
    listing = pending / "build" / "site" / "obsolete" / "index.html"
    assert run_cli("build", cwd=pending).returncode == 0
    page = next(pending.joinpath("build", "site").rglob("QP-02-04/index.html"))
    for text in (_text(listing), _text(page)):
        assert "QP-02-03 A/1" in text and "QP-02-03 A/2" not in text
        assert "（已批准的 A/2 2027-01-01 起生效）" in text
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    assert run_cli("build", cwd=pending).returncode == 0
    for text in (_text(listing), _text(page)):
        assert "QP-02-03 A/2" in text and "起生效）" not in text


def test_issue_in_force_without_its_release_in_git_says_what_to_do(pending: Path) -> None:
    shutil.rmtree(pending / ".git")  # a copy of the sources alone: no release of A/0 to make its copy from
    done = run_cli("issue", "QP-03-04", "--to", "客服部", "--in-force", cwd=pending)
    assert done.returncode == 1, done
    assert "无法生成 QP-03-04 现行版本 A/0 的受控副本" in done.stderr + done.stdout
    assert not (pending / "issued" / "QP-03-04-A_0-002.docx").exists()


# -- qmsdoc copy --------------------------------------------------------------------------------------------------

def _copy_text(pending: Path, out: Path) -> tuple[str, str]:
    import docx

    done = run_cli("copy", "QP-03-04", "--version", "A/0", "--out", str(out), cwd=pending)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_copy_of_the_version_in_force_while_its_successor_waits_is_the_copy_to_work_to(pending: Path,
                                                                                          tmp_path: Path) -> None:
    """`copy --version` of the version in force until the approved one takes effect made it 历史版本, non-controlled,
    "superseded by A/1" — a copy nobody may work to, of the very version everyone must work to until then."""
    said, text = _copy_text(pending, tmp_path / "a0.docx")
    assert "历史版本" not in said and "非受控" not in said, said
    assert f"现行版本，有效至 {EFFECTIVE}" in said, said
    assert f"本副本为现行版本 A/0：已批准的 A/1 自 {EFFECTIVE} 起生效" in text, text
    assert "本副本为历史版本" not in text, text


def test_copy_of_that_version_from_the_effective_date_is_an_earlier_version(pending: Path, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    said, text = _copy_text(pending, tmp_path / "a0.docx")
    assert "历史版本" in said and "现行版本，有效至" not in said, said
    assert "本副本为历史版本 A/0" in text and "本副本为现行版本" not in text, text


# -- periodic review --------------------------------------------------------------------------------------------

def _next_review(page: Path) -> str:
    """The 下次评审 cell of a page's control block, as a reader sees it."""
    found = re.search(r"下次评审</th><td>(.*?)</td>", page.read_text("utf-8"))
    assert found is not None, page
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_page_of_the_version_in_force_while_one_waits_states_the_documents_next_review(
        pending: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While QP-03-04 A/1 waits for 2027-01-01, the page of A/0 (the version in force, 现行版本) said 下次评审
    2028-03-01 from A/0's record as released, while the document's page and the register said 2029-01-01 (A/1's
    approval restarts the period) — and it knew no review recorded after A/0 was released. One date, the model's."""
    site = pending / "build" / "site"
    assert run_cli("build", cwd=pending).returncode == 0
    register = (pending / "build" / "register.csv").read_text("utf-8-sig")
    assert "\nQP-03-04," in register and ",2029-01-01," in register.split("\nQP-03-04,")[1].split("\n")[0]
    assert _next_review(site / "qp-service" / "QP-03-04" / "index.html") == "2029-01-01"
    assert _next_review(site / "history" / "QP-03-04" / "A-0" / "index.html") == "2029-01-01"
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)  # from that day A/0 is an earlier version: no review of its own
    assert run_cli("build", cwd=pending).returncode == 0
    assert _next_review(site / "history" / "QP-03-04" / "A-0" / "index.html") == "—"
    assert _next_review(site / "qp-service" / "QP-03-04" / "index.html") == "2029-01-01"


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_obsolete_dated_before_the_effective_date_of_a_version_in_force_is_early_not_waiting(
        pending: Path, language: str) -> None:
    """QP-03-05 A/0 is in force since 2026-03-01: a withdrawal dated 2026-02-27 was refused as 「已批准、2026-03-01
    起生效，尚未生效…现在作废会把从未生效的 A/0 记为作废的版本」 — false of a version in force for nine months. The
    date is early, and the message says so (waiting is said of today, as `test_obsolete_while_pending_is_refused`)."""
    if language == "en":
        (pending / "qmsdoc.yml").write_text("language: en\n" + (pending / "qmsdoc.yml").read_text("utf-8"), "utf-8")
    source = pending / "manuals" / "qp-service" / "QP-03-05.md"
    before = source.read_bytes()
    done = run_cli("obsolete", "QP-03-05", "--no-successor", "--by", "总经理", "--reason", "停止服务",
                   "--date", "2026-02-27", cwd=pending)
    said = done.stderr + done.stdout
    assert done.returncode == 1 and source.read_bytes() == before, said
    assert ("作废日期 2026-02-27 早于 QP-03-05 A/0 的生效日期 2026-03-01" if language == "zh-CN"
            else "the withdrawal date 2026-02-27 is before QP-03-05 A/0 took effect (2026-03-01)") in said, said
    assert "尚未生效" not in said and "never in force" not in said and "not yet in force" not in said


def test_release_dated_before_the_effective_date_of_the_version_in_force_is_early_not_waiting(pending: Path) -> None:
    """QP-03-05 A/0 is in force since 2026-03-01: a revision released with --date 2026-02-27 was refused as 「A/0
    已批准、2026-03-01 起生效，尚未生效：在此之前发布新版本，A/0 将一天也不生效…可先用 qmsdoc revise 起草修订稿」 —
    false of a version in force for nine months, with a revision already drafted. The approval date is early."""
    assert run_cli("revise", "QP-03-05", "--by", "张三", cwd=pending).returncode == 0
    draft = next(pending.joinpath("revisions").rglob("QP-03-05.md"))
    draft.write_text(draft.read_text("utf-8") + "\n补充。\n", "utf-8")
    source = pending / "manuals" / "qp-service" / "QP-03-05.md"
    before = source.read_bytes()
    done = run_cli("release", "QP-03-05", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                   "--date", "2026-02-27", cwd=pending)
    said = done.stderr + done.stdout
    assert done.returncode == 1 and source.read_bytes() == before and draft.exists(), said
    assert "批准日期 2026-02-27 早于 QP-03-05 现行版本 A/0 的生效日期 2026-03-01" in said, said
    assert "尚未生效" not in said and "一天也不生效" not in said


def test_revise_dated_before_the_effective_date_of_the_version_in_force_drafts_from_it(pending: Path) -> None:
    """QP-03-05 A/0 in force since 2026-03-01, revised with --date 2026-02-27: it said 「基于已批准、2026-03-01
    起生效的版本 A/0…在此之前没有现行版本；修订稿须在 2026-03-01 或之后发布」, as of a version waiting. It is the
    version in force."""
    done = run_cli("revise", "QP-03-05", "--by", "张三", "--date", "2026-02-27", cwd=pending)
    said = done.stderr + done.stdout
    assert done.returncode == 0 and "基于现行版本 A/0" in said, said
    assert "没有现行版本" not in said and "起生效的版本" not in said


def test_revise_of_a_version_waiting_today_still_says_it_waits(pending: Path) -> None:
    done = run_cli("revise", "QP-03-04", "--by", "张三", "--date", "2026-12-06", cwd=pending)
    said = done.stderr + done.stdout
    assert done.returncode == 0 and "基于已批准、2027-01-01 起生效的版本 A/1" in said, said
