"""A blank form is retired by taking it out of its owner's 质量记录, releasing the owner and deleting the form's file.
Released to take effect a week later, the owner's version in force until then still cites the form — and its
controlled copy (build/docx/documents/in-force/…), the owner's 修订对照 (`qmsdoc redline`, the history page's
A/0 → A/1) showed the citation as the raw markup 「[[QP-02-01-F001]]」, as of a typo: only the history page of the
earlier version named it (core/render.py `_unversioned`), and the commands' render was given no deleted numbers.
Now every render names a number git saw deleted as its last version was: 《人员需求表》（QP-02-01-F001）, with no
link; a number no version ever held is still shown as written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import Project, commit, git, run_cli

DAY, LATER = "2026-12-08", "2026-12-15"
FORM, OWNER, KEPT = "QP-02-01-F001", "QP-02-01", "QP-02-01-F002"
OWNER_PATH = f"manuals/qp-hr/{OWNER}.md"


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _release_without_form(repo: Project) -> None:
    """OWNER revised with FORM taken out, released today to take effect LATER, committed."""
    done = run_cli("revise", OWNER, "--by", "编制人", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    draft = repo.root / "revisions" / OWNER_PATH
    text = draft.read_text(encoding="utf-8")
    text = text.replace(f"填写 [[{FORM}]]，", "提出人员需求申请，").replace(f"- [[{FORM}]]\n", "")
    assert FORM not in text
    draft.write_text(text, encoding="utf-8")
    done = run_cli("release", OWNER, "--by", "总经理", "--reviewed-by", "审核人", "--change", "停用人员需求表",
                   "--effective", LATER, cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, f"{OWNER} A/1，{LATER} 起实施")


@pytest.fixture
def retired(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """FORM taken out of OWNER, released to take effect LATER, and its file deleted (as `qmsdoc obsolete` of a form
    says to retire it)."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    _release_without_form(repo)
    git(repo.root, "rm", "-q", f"controlled_forms/{FORM}.yaml")
    commit(repo.root, f"停用 {FORM}")
    return repo


def test_the_copies_in_force_and_the_comparisons_name_a_deleted_form(retired: Project, tmp_path: Path) -> None:
    done = run_cli("build", "--only", "site,word", cwd=retired.root)
    assert done.returncode == 0, done.stdout + done.stderr
    in_force = _docx_text(retired.root / "build" / "docx" / "documents" / "in-force" / f"{OWNER}-A-0.docx")
    out = tmp_path / "redline.docx"
    done = run_cli("redline", OWNER, "--out", str(out), cwd=retired.root)
    assert done.returncode == 0, done.stdout + done.stderr
    history = (retired.root / "build" / "site" / "history" / OWNER / "index.html").read_text(encoding="utf-8")
    for name, text in (("in force", in_force), ("redline", _docx_text(out)), ("history", history)):
        assert f"[[{FORM}]]" not in text, name
        assert "《人员需求表》" in text and FORM in text, name
    assert f"《人员需求表》（{FORM}）" in in_force  # read back as every reference in a copy: 《title》（ID）
    assert f"《求职申请表》（{KEPT}）" in in_force
    assert f"forms/{FORM}/" not in history  # no page to link to


def test_a_number_no_version_ever_held_is_still_shown_as_written(retired: Project) -> None:
    """The render every command reads names the deleted form (above), but a number git never saw (a typo) is no
    deleted form: shown as written, marked missing, as before."""
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.core.copyplan import renderer_for

    renderer = renderer_for(check(load_config(retired.root)))
    typo = renderer.text("[[QP-02-01-F099]]", OWNER_PATH).html
    assert "[[QP-02-01-F099]]" in typo and "qms-ref-missing" in typo


@pytest.fixture
def dropped(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """FORM taken out of OWNER by a version released today to take effect LATER; the form's file kept."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    _release_without_form(repo)
    return repo


def test_a_form_the_waiting_owner_drops_stays_in_use_until_it_takes_effect(dropped: Project) -> None:
    """Until LATER staff work to the owner's A/0, which lists the form: QD151 「没有列在归口文件的质量记录」 refused
    every build, so the form had to be deleted at once and vanished from the site and the registers while the
    procedure in force still required it. Now it stays, and its page names the owner's version in force among the
    documents that use it (it said 暂无)."""
    checked = run_cli("check", cwd=dropped.root)
    assert checked.returncode == 0 and "QD151" not in checked.stdout, checked.stdout
    done = run_cli("build", "--only", "site", cwd=dropped.root)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (dropped.root / "build" / "site" / "forms" / FORM / "index.html").read_text(encoding="utf-8")
    used = page[page.index('id="qms-backlinks"'):]
    assert f"history/{OWNER}/A-0/" in used and OWNER in used, used


def test_once_the_owner_takes_effect_the_form_it_dropped_is_told_as_retired(dropped: Project,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """From LATER the form is out of use: QD151 said 「请在 manuals/…/QP-02-01.md 的该节中加入 [[QP-02-01-F001]]」, as
    if the owner had forgotten it, and not how a form is retired. It now says the version in force dropped it, to
    delete the form's file if it is retired, or to list it again through a revision of the owner."""
    monkeypatch.setenv("QMSDOC_TODAY", LATER)
    checked = run_cli("check", cwd=dropped.root)
    said = [line for line in checked.stdout.splitlines() if FORM in line and "QD151" in line]
    assert checked.returncode == 1 and len(said) == 1, checked.stdout
    assert "A/1 已不再列出" in said[0] and f"删除 controlled_forms/{FORM}.yaml" in said[0], said
    assert f"qmsdoc revise {OWNER}" in said[0] and f"请在 {OWNER_PATH}" not in said[0], said


def test_a_form_no_version_of_its_owner_listed_is_told_to_be_listed(repo: Project) -> None:
    """A form its owner never listed is no retired one: QD151 says to list it, as before."""
    new = "QP-02-01-F009"
    repo.write(f"controlled_forms/{new}.yaml", repo.read(f"controlled_forms/{KEPT}.yaml").replace(KEPT, new))
    repo.restamp(f"controlled_forms/{new}.yaml")
    checked = run_cli("check", cwd=repo.root)
    said = [line for line in checked.stdout.splitlines() if new in line and "QD151" in line]
    assert len(said) == 1 and f"请在 {OWNER_PATH} 的该节中加入 [[{new}]]" in said[0], checked.stdout
    assert "已不再列出" not in said[0]


def test_obsolete_of_a_form_says_to_delete_it_once_its_owners_new_version_is_in_force(repo: Project) -> None:
    """It said to release the owner's new version, 「再删除表单文件」 — at once, though a version released with
    --effective leaves the old one (listing the form) in force until that day."""
    done = run_cli("obsolete", FORM, "--no-successor", "--reason", "停用", cwd=repo.root)
    assert done.returncode == 1, done
    said = done.stdout + done.stderr
    assert "生效" in said and "后再删除表单文件" in said, said
