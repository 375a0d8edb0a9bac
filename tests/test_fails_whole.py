"""Every act fails whole: a write that fails at any step leaves the project as it was — no file changed, no
copy, temporary file or folder the act made — and says which file and what to do (exit 1), no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.acts import issuance
from qmsdoc.core import check, load_config, sourcefile

from conftest import CliRun, Project, commit, run_cli


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def listing(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `root`, but the build's caches."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*")) if "build" not in p.relative_to(root).parts}


def fail_at(monkeypatch: pytest.MonkeyPatch, step: int, where: Path | None = None) -> None:
    """Make the `step`th atomic write (counting from 1; only those into `where`, if given) fail as a full disk."""
    real, seen = sourcefile.write_atomic, []

    def writer(path: Path, data: bytes, *, exclusive: bool = False) -> None:
        if where is None or path.parent == where:
            seen.append(path)
            if len(seen) == step:
                raise sourcefile.SourceWriteError(sourcefile.t("source.unwritable", path=path,
                                                               error="No space left on device"))
        real(path, data, exclusive=exclusive)

    monkeypatch.setattr(issuance, "write_atomic", writer)


def in_folder(project: Project, register: str) -> None:
    project.replace("qmsdoc.yml", "distribution: distribution.yaml", f"distribution: {register}")


def test_issue_into_a_register_folder_not_yet_made_makes_it_and_says_nothing_else(project: Project) -> None:
    in_folder(project, "records/distribution.yaml")
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "3")
    assert result.returncode == 0 and result.stderr == ""
    assert sorted(p.name for p in project.path("issued").iterdir()) == [
        f"QP-03-02-A_0-00{n}.docx" for n in (1, 2, 3)]
    assert project.path("records/distribution.yaml").is_file()
    assert check(load_config(project.root)).findings == []


def test_issue_whose_register_cannot_be_written_leaves_no_folder_it_made(project: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    in_folder(project, "records/distribution.yaml")
    before = listing(project.root)
    fail_at(monkeypatch, 1, project.path("records"))
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "records/distribution.yaml" in result.stderr and "未发放任何副本" in result.stderr
    assert listing(project.root) == before  # neither issued/ nor records/ stays behind


def test_issue_whose_third_copy_fails_leaves_no_copy_and_no_register(project: Project,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project.path("issued").mkdir()  # the folder was there before: it stays
    before = listing(project.root)
    fail_at(monkeypatch, 3, project.path("issued"))
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "4")
    assert result.returncode == 1 and "QP-03-02-A_0-003.docx" in result.stderr
    assert listing(project.root) == before


def test_a_copy_an_interrupted_issue_left_is_named_before_anything_is_written(project: Project) -> None:
    left = project.write("issued/QP-03-02-A_0-002.docx", "一次被中断的发放写下的副本")
    before = listing(project.root)
    result = qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "3")
    assert result.returncode == 1 and str(left) in result.stderr
    assert "distribution.yaml 没有登记它" in result.stderr and "删除或移走" in result.stderr
    assert listing(project.root) == before  # not copy 001 written and removed again: nothing written at all


def refuse_new_files(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """Every file `module` creates (an exclusive atomic write) fails as on a full disk."""
    real = sourcefile.write_atomic

    def writer(path: Path, data: bytes, *, exclusive: bool = False) -> None:
        if exclusive:
            raise sourcefile.SourceWriteError(sourcefile.t("source.unwritable", path=path,
                                                           error="No space left on device"))
        real(path, data, exclusive=exclusive)

    monkeypatch.setattr(f"{module}.write_atomic", writer)


def test_revise_that_cannot_write_the_revision_leaves_no_revisions_folder(repo: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(repo.root)
    refuse_new_files(monkeypatch, "qmsdoc.acts.revise")
    result = qmsdoc(repo, "revise", "QP-02-01", "--by", "质量专员")
    assert result.returncode == 1 and "revisions/manuals/qp-hr/QP-02-01.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert listing(repo.root) == before and not repo.path("revisions").exists()


def test_revise_still_makes_its_folders(repo: Project) -> None:
    result = qmsdoc(repo, "revise", "QP-02-01", "--by", "质量专员")
    assert result.returncode == 0 and result.stderr == ""
    assert repo.path("revisions/manuals/qp-hr/QP-02-01.md").is_file()


def test_a_copy_that_cannot_be_written_leaves_no_folder_out_named(repo: Project, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_new_files(monkeypatch, "qmsdoc.history_commands")
    out = tmp_path / "out" / "old" / "QP-02-01.docx"
    result = qmsdoc(repo, "copy", "QP-02-01", "--version", "A/0", "--out", str(out))
    assert result.returncode in (1, 2) and str(out) in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def acknowledged_into(project: Project, register: str) -> None:
    project.replace("qmsdoc.yml", "acknowledgements: acknowledgements.yaml", f"acknowledgements: {register}")
    project.replace("manuals/qp-service/QP-03-02.md", "review_months: 24\n",
                    "review_months: 24\nacknowledge: [客服部, 管家服务中心]\n")


def test_the_first_acknowledgement_makes_the_register_folder(project: Project) -> None:
    acknowledged_into(project, "records/acknowledgements.yaml")
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部")
    assert result.returncode == 0 and "records/acknowledgements.yaml" in result.stdout
    assert "张三" in project.read("records/acknowledgements.yaml")


def test_an_acknowledgement_that_cannot_be_written_leaves_no_folder(project: Project,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    acknowledged_into(project, "records/acknowledgements.yaml")
    monkeypatch.setattr("qmsdoc.acts.acknowledge.write_atomic", lambda path, data: (_ for _ in ()).throw(
        sourcefile.SourceWriteError(sourcefile.t("source.unwritable", path=path, error="No space left on device"))))
    sheet = project.write("sheet.csv", "姓名,部门,日期\n张三,客服部,2026-03-02\n李四,管家服务中心,2026-03-02\n")
    before = listing(project.root)
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet))
    assert result.returncode == 1 and "records/acknowledgements.yaml" in result.stderr
    assert "Traceback" not in result.stderr and listing(project.root) == before


def test_a_release_whose_revision_cannot_be_deleted_releases_nothing(repo: Project,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.acts import revise
    from qmsdoc.acts.common import ReleaseError

    assert qmsdoc(repo, "revise", "QP-02-01", "--by", "质量专员").returncode == 0
    commit(repo.root, "修订稿")
    before = listing(repo.root)

    def undeletable(path: Path, config: object) -> None:
        raise ReleaseError(revise.t("act.revise.undeletable", path=path, error="Operation not permitted"))

    monkeypatch.setattr(revise, "_remove", undeletable)
    args = ("release", "QP-02-01", "--by", "总经理", "--reviewed-by", "质量经理", "--change", "修订")
    result = qmsdoc(repo, *args)
    assert result.returncode == 1 and "revisions/manuals/qp-hr/QP-02-01.md" in result.stderr
    assert "未发布" in result.stderr and "Traceback" not in result.stderr
    assert listing(repo.root) == before  # not released with a released revision still there to release again
    monkeypatch.undo()
    done = qmsdoc(repo, *args)
    assert done.returncode == 0 and done.stderr == "" and not repo.path("revisions/manuals/qp-hr/QP-02-01.md").exists()
