"""What an auditor is told about a past day of a project lived day by day, each act committed on its day: a register
of a day before anything was in force is refused as the whole manual's copy of that day is (drafts committed before
it are no register), and the acknowledgements of an earlier version name the document by the title that version
was approved with, as its copy and that day's register do, not by today's. What is said of an earlier version does
not change when a later release follows: a version approved to take effect later ended its predecessor on its
effective date, not on its approval day, before and after its own successor came. A withdrawn document asked about
on a day before its first release (QMSDOC_TODAY) was not released yet that day, not withdrawn; a past day on which
the version to read was approved and waiting says so, not that it was in force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import commit, initialised, on, release_later, released_first, run_cli

DRAFTED, FIRST, RETITLED, AUDITED = "2025-01-02", "2025-01-10", "2025-03-01", "2025-12-31"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An `initialised` project whose manual asks 客服部 to read its documents: drafted and committed on DRAFTED,
    first released on FIRST, QM-01 retitled 文件管理程序 (A/1) on RETITLED and built that day."""
    folder = tmp_path_factory.mktemp("year")
    with on(DRAFTED):
        root = initialised(folder, "按本程序控制文件。")
        index = root / "manuals/qm/index.md"
        index.write_text(index.read_text("utf-8").replace("order: 1\n", "order: 1\nacknowledge: [客服部]\n"), "utf-8")
        commit(root, "drafts")
    with on(FIRST):
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
    with on(RETITLED):
        assert run_cli("revise", "QM-01", "--by", "张三", cwd=root).returncode == 0
        draft = root / "revisions/manuals/qm/QM-01.md"
        draft.write_text(draft.read_text("utf-8").replace("title: 文件控制程序", "title: 文件管理程序"), "utf-8")
        done = run_cli("release", "QM-01", "--by", "总经理", "--reviewed-by", "李四", "--change", "改名", cwd=root)
        assert done.returncode == 0, done
        commit(root, "QM-01 retitled")
        built = run_cli("build", cwd=root)  # verify holds a copy against the build's manifest
        assert built.returncode == 0, built
    return root


def test_a_register_of_a_day_with_drafts_but_nothing_in_force_is_refused(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    with on(AUDITED):
        register = run_cli("register", "--as-of", "2025-01-09", "--out", str(out), cwd=root)
        copy = run_cli("copy", "QM", "--as-of", "2025-01-09", "--out", str(tmp_path / "m.docx"), cwd=root)
    assert copy.returncode == 1, copy  # the manual's copy of that day: no version in force yet
    assert register.returncode == 1 and not out.exists(), register
    said = register.stderr
    assert "2025-01-09 时项目中还没有任何受控文件" in said and "QM A/0 于 2025-01-10 生效" in said, said


def test_a_register_of_the_first_day_in_force_is_written(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    with on(AUDITED):
        done = run_cli("register", "--as-of", FIRST, "--out", str(out), cwd=root)
    assert done.returncode == 0 and "QM-01,文件控制程序,程序文件,A/0," in out.read_text("utf-8-sig"), done


def test_an_earlier_versions_acknowledgements_name_its_title_then(root: Path) -> None:
    with on(AUDITED):
        earlier = run_cli("acknowledgements", "QM-01", "--version", "A/0", cwd=root)
        current = run_cli("acknowledgements", "QM-01", cwd=root)
    assert earlier.returncode == 0 and "QM-01《文件控制程序》版本 A/0：" in earlier.stdout, earlier
    assert current.returncode == 0 and "QM-01《文件管理程序》版本 A/1" in current.stdout, current


def test_verify_names_an_earlier_versions_copy_by_its_title_then(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "QM-01-A-0.docx"
    with on(AUDITED):
        assert run_cli("copy", "QM-01", "--version", "A/0", "--out", str(out), cwd=root).returncode == 0
        done = run_cli("verify", str(out), cwd=root)
    assert done.returncode == 1 and "QM-01《文件控制程序》" in done.stdout + done.stderr, done
    assert "文件管理程序" not in done.stdout + done.stderr, done


def test_verify_names_the_current_versions_copy_by_its_title_now(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "QM-01-A-1.docx"
    with on(AUDITED):
        assert run_cli("copy", "QM-01", "--version", "A/1", "--out", str(out), cwd=root).returncode == 0
        done = run_cli("verify", str(out), cwd=root)
    assert "QM-01《文件管理程序》" in done.stdout + done.stderr, done


def test_an_earlier_version_ends_on_its_successors_effective_date_after_a_later_release(root: Path,
                                                                                        tmp_path: Path) -> None:
    project = tmp_path / "qms"
    shutil.copytree(root, project)
    with on("2025-04-01"):
        release_later(project, "QM-01", "2025-05-01")  # A/2, approved today, in force from 2025-05-01
    with on("2025-06-01"):
        before = run_cli("acknowledgements", "QM-01", "--version", "A/1", cwd=project)
        release_later(project, "QM-01", None, "再补充一条。")  # A/3, at once: A/2's effective date is history now
        after = run_cli("acknowledgements", "QM-01", "--version", "A/1", cwd=project)
    assert before.returncode == 0 and "2025-03-01 起现行，自 2025-05-01 起不再现行" in before.stdout, before
    assert after.stdout == before.stdout, (before.stdout, after.stdout)


@pytest.fixture(scope="module")
def withdrawn(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`root` copied, QM-01 then withdrawn with nothing in its place on 2025-07-15, committed that day."""
    project = tmp_path_factory.mktemp("withdrawn") / "qms"
    shutil.copytree(root, project)
    with on("2025-07-15"):
        done = run_cli("obsolete", "QM-01", "--no-successor", "--reason", "停止该服务", "--by", "总经理", cwd=project)
        assert done.returncode == 0, done
        commit(project, "QM-01 withdrawn")
    return project


def test_a_day_before_a_withdrawn_documents_first_release_is_no_withdrawal(withdrawn: Path) -> None:
    with on("2025-01-05"):  # the day asked about (QMSDOC_TODAY): QM-01 was drafted, not yet released
        done = run_cli("acknowledgements", "QM-01", cwd=withdrawn)
    assert done.returncode == 0 and "在 2025-01-05 尚未发布" in done.stdout, done
    assert "作废" not in done.stdout, done


def test_a_day_after_the_withdrawal_is_answered_withdrawn(withdrawn: Path) -> None:
    with on("2025-07-20"):
        done = run_cli("acknowledgements", "QM-01", cwd=withdrawn)
    assert done.returncode == 0 and "已于 2025-07-15 作废，无替代文件" in done.stdout, done


def test_a_past_day_with_a_version_waiting_names_it_not_yet_in_force(root: Path, tmp_path: Path) -> None:
    project = tmp_path / "qms"
    shutil.copytree(root, project)
    with on("2025-04-01"):
        release_later(project, "QM-01", "2025-05-01")  # A/2 waits until 2025-05-01; A/1 stays in force
    with on("2025-06-01"):
        release_later(project, "QM-01", None, "再补充一条。")  # A/3: the day asked below is an earlier version's
    with on("2025-04-20"):
        waiting = run_cli("acknowledgements", "QM-01", cwd=project)
    with on("2025-05-02"):
        in_force = run_cli("acknowledgements", "QM-01", cwd=project)
    said = waiting.stdout
    assert "当日须学习的是已批准、尚未生效的版本 A/2" in said and "当日现行版本" not in said, said
    assert "当日现行版本为 A/2" in in_force.stdout, in_force


def test_a_documents_copy_of_a_day_before_its_file_was_made_names_its_first_version(root: Path,
                                                                                    tmp_path: Path) -> None:
    """`copy ID --as-of` of a day before the document's file was committed: no version in force, and the refusal
    names its first version and the day it took effect (not a 修订记录 it had no line in yet)."""
    out = tmp_path / "c.docx"
    with on(AUDITED):
        before = run_cli("copy", "QM-01", "--as-of", "2025-01-01", "--out", str(out), cwd=root)
    assert before.returncode == 1 and not out.exists(), before
    assert f"A/0 于 {FIRST} 生效" in before.stderr and "修订记录" not in before.stderr, before.stderr


def test_a_documents_copy_of_its_first_day_is_that_version(root: Path, tmp_path: Path) -> None:
    """The quiet side: on the day its first version took effect, that version's copy is written and named."""
    out = tmp_path / "c.docx"
    with on(AUDITED):
        done = run_cli("copy", "QM-01", "--as-of", FIRST, "--out", str(out), cwd=root)
    assert done.returncode == 0 and out.exists() and f"{FIRST} 现行的是 QM-01 A/0" in done.stdout, done
