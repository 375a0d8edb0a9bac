"""Renumbering a controlled document (QM-01 becomes QM-05): the new number is a new document, released, and the
old one is withdrawn naming it (`qmsdoc obsolete QM-01 --superseded-by QM-05`). An auditor follows the document
across the change from the old number: every answer that says the old number was withdrawn names the number
that replaced it — `register --as-of` a day after, `copy --version` of an old version, the acknowledgements
query. They said 「2025-04-01 作废」 and nothing more, so the trail ended at the old number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_history_shapes import as_of, commit, qmsdoc, start

from conftest import Project

OLD, NEW, DAY = "QM-01", "QM-05", "2025-04-01"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    return start(tmp_path / "qms")


def _new_number(project: Project) -> None:
    """QM-05: the old document's text under its new number, released on DAY (not committed)."""
    code, out, err = qmsdoc(project, "new", "--manual", "QM", "--id", NEW, "--title", "文件控制程序",
                            "--department", "质量管理部", "--by", "质量经理")
    assert code == 0, out + err
    path = f"manuals/qm/{NEW}.md"
    head = project.read(path).split("---\n", 2)[1]
    body = project.read(f"manuals/qm/{OLD}.md").split("---\n", 2)[2]
    project.write(path, f"---\n{head}---\n{body}")
    code, out, err = qmsdoc(project, "release", NEW, "--by", "总经理", "--reviewed-by", "经理", "--change",
                            f"由 {OLD} 改号", "--date", DAY)
    assert code == 0, out + err


def _withdraw(project: Project, *how: str) -> None:
    code, out, err = qmsdoc(project, "obsolete", OLD, *how, "--by", "总经理", "--reason", "改号", "--date", DAY)
    assert code == 0, out + err
    commit(project.root, "renumber", f"{DAY}T10:00:00+08:00")


@pytest.fixture
def renumbered(small: Project) -> Project:
    _new_number(small)
    _withdraw(small, "--superseded-by", NEW)
    return small


def _copy_said(project: Project, version: str, out: Path) -> str:
    code, stdout, stderr = qmsdoc(project, "copy", OLD, "--version", version, "--out", str(out))
    assert code == 0, stdout + stderr
    return stdout


def test_the_register_the_day_after_names_the_new_number(renumbered: Project, tmp_path: Path) -> None:
    before = as_of(renumbered, "2025-03-31", tmp_path)
    assert before[OLD][3] == "A/1" and NEW not in before  # in force the day before; the new number not yet
    after = as_of(renumbered, DAY, tmp_path)
    assert after[NEW][3] == "A/0"
    assert "A/1" not in after[OLD][3] and NEW in after[OLD][7], after[OLD]


@pytest.mark.parametrize("version", ["A/0", "A/1"])
def test_a_copy_of_an_old_version_names_the_new_number(renumbered: Project, tmp_path: Path, version: str) -> None:
    said = _copy_said(renumbered, version, tmp_path / "old.docx")
    assert DAY in said and NEW in said, said


def test_the_acknowledgements_query_names_the_new_number(renumbered: Project) -> None:
    code, out, err = qmsdoc(renumbered, "acknowledgements", OLD)
    assert DAY in out + err and NEW in out + err, out + err


def test_a_withdrawal_without_a_successor_names_no_number(small: Project, tmp_path: Path) -> None:
    _withdraw(small, "--no-successor")
    note = as_of(small, DAY, tmp_path)[OLD][7]
    said = _copy_said(small, "A/1", tmp_path / "old.docx")
    assert DAY in note and DAY in said
    assert not re.search(r"QM-0[2-9]", note + said), (note, said)


def test_an_old_version_of_a_document_in_force_is_not_called_withdrawn(small: Project, tmp_path: Path) -> None:
    said = _copy_said(small, "A/0", tmp_path / "old.docx")
    assert "A/1" in said and "作废" not in said, said


# -- the old number's forms -------------------------------------------------------------------------------------

def _form_listed_by_new_number(project: Project) -> str:
    """The line of QM-05 (in force) that lists the form QM-01-F01, whose owner is the old number."""
    return next(line for line in project.read(f"manuals/qm/{NEW}.md").splitlines() if "[[QM-01-F01]]" in line)


def test_a_form_withdrawn_with_the_old_number_but_listed_by_the_new_one_is_told(renumbered: Project) -> None:
    """QM-01-F01 went out of use with its owner QM-01 (作废 in every register), while QM-05 in force still named it
    as its record: check said nothing. It names the form, its withdrawn owner and what to do."""
    assert _form_listed_by_new_number(renumbered)
    code, out, err = qmsdoc(renumbered, "check")
    found = [line for line in out.splitlines() if "QD155" in line]
    assert len(found) == 1, out + err
    assert found[0].startswith(f"manuals/qm/{NEW}.md:") and "QM-01-F01" in found[0] and OLD in found[0]


def test_a_new_number_listing_its_own_form_is_quiet(renumbered: Project) -> None:
    """The form renumbered with its owner (QM-05-F01, owner QM-05, released) and listed instead: no QD155."""
    form = renumbered.read("controlled_forms/QM-01-F01.yaml")
    form = form.replace("QM-01-F01", "QM-05-F01").replace(f"owner: {OLD}", f"owner: {NEW}")
    # a new form, drafted as `status: draft` (no 修订记录 or approval of its own until released)
    renumbered.write("controlled_forms/QM-05-F01.yaml", re.sub(r"(?ms)^history:.*", "status: draft\n", form))
    renumbered.replace(f"manuals/qm/{NEW}.md", "[[QM-01-F01]]", "[[QM-05-F01]]")
    for args in (("release", "QM-05-F01", "--by", "总经理", "--change", "由 QM-01-F01 改号", "--date", DAY),
                 ("release", NEW, "--by", "总经理", "--reviewed-by", "经理", "--change", "表单改号", "--date", DAY)):
        code, out, err = qmsdoc(renumbered, *args)
        assert code == 0, out + err
    code, out, err = qmsdoc(renumbered, "check")
    assert "QD155" not in out, out + err


# -- renumbered in place ----------------------------------------------------------------------------------------

def _qd142(project: Project) -> str:
    code, out, err = qmsdoc(project, "check")
    found = [line for line in out.splitlines() if "QD142" in line]
    assert code == 1 and len(found) == 1, out + err
    return found[0]


def test_a_file_renamed_to_a_new_number_in_place_is_told_to_be_a_new_document(small: Project) -> None:
    """`git mv QM-01.md QM-05.md` and `id: QM-05`: QD142 said restore QM-01 and withdraw it 「--superseded-by …」,
    not that the text now under QM-05 is what took its place, nor how a renumbering is done."""
    from test_history_shapes import git

    git(small.root, "mv", f"manuals/qm/{OLD}.md", f"manuals/qm/{NEW}.md")
    small.replace(f"manuals/qm/{NEW}.md", f"id: {OLD}\n", f"id: {NEW}\n")
    said = _qd142(small)
    assert said.startswith(f"manuals/qm/{OLD}.md:") and f"manuals/qm/{NEW}.md" in said and NEW in said, said


def test_a_file_deleted_with_nothing_renamed_names_no_new_number(small: Project) -> None:
    """Deleted outright, while another document in force (QM-05, released on its own) exists: no new number."""
    _new_number(small)
    small.replace(f"manuals/qm/{NEW}.md", "第一版正文。", "另一份文件的正文。")  # its own approved text
    code, out, err = qmsdoc(small, "release", NEW, "--by", "总经理", "--reviewed-by", "经理", "--change", "正文",
                            "--date", DAY)
    assert code == 0, out + err
    small.path(f"manuals/qm/{OLD}.md").unlink()
    small.replace(f"manuals/qm/{NEW}.md", "[[QM-01-F01]]", "无")
    assert NEW not in _qd142(small)
