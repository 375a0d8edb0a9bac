"""Every act fails whole: a write that fails at any step leaves the project as it was — no file changed, no
copy, temporary file or folder the act made — and says which file and what to do (exit 1), no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config, sourcefile

from conftest import CliRun, Project, commit, run_cli


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def listing(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `root`, but the build's caches."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*")) if "build" not in p.relative_to(root).parts}


def fail_at(monkeypatch: pytest.MonkeyPatch, step: int, where: Path | None = None,
            modules: tuple[str, ...] = ("qmsdoc.acts.issuance",), *, onward: bool = False) -> None:
    """Make the `step`th atomic write (counting from 1; only those into `where`, if given) fail as a full disk —
    with `onward`, every write after it too (the disk stays full) — those of `modules` and of the shared helpers
    in core/sourcefile.py, counted together."""
    real, seen = sourcefile.write_atomic, []

    def writer(path: Path, data: bytes, *, exclusive: bool = False) -> None:
        if where is None or path.parent == where:
            seen.append(path)
            if len(seen) == step or onward and len(seen) > step:
                raise sourcefile.SourceWriteError(sourcefile.t("source.unwritable", path=path,
                                                               error="No space left on device"))
        real(path, data, exclusive=exclusive)

    monkeypatch.setattr(sourcefile, "write_atomic", writer)
    for module in modules:  # an act that writes through the shared helpers no longer has its own name for it
        monkeypatch.setattr(f"{module}.write_atomic", writer, raising=False)


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
    draft = "revisions/manuals/qp-hr/QP-02-01.md"
    repo.write(draft, repo.read(draft).replace("\ntitle: ", "\ntitle: 修订 ", 1))  # a change to release
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


# -- the acts that edit several sources, or one: a failure midway leaves every source as it was ------------------

BASELINED = ("manuals/qp-hr/QP-02-01.md", "controlled_forms/QP-02-01-F001.yaml")


def unbaselined(project: Project, *relatives: str) -> None:
    """Approved content adopted without approval records: what `baseline` is for."""
    for relative in relatives:
        project.write(relative, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", project.read(relative)))


def windows_style(project: Project, relative: str) -> bytes:
    """Make `relative` a CRLF file with a BOM (what Notepad saves); its new bytes."""
    text = project.read(relative).replace("\r\n", "\n").replace("\n", "\r\n")
    project.path(relative).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return project.path(relative).read_bytes()


def kept_style(data: bytes) -> bool:
    return data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n") > 0


def test_a_baseline_whose_second_file_cannot_be_written_records_nothing(project: Project,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    unbaselined(project, *BASELINED)
    before = listing(project.root)
    fail_at(monkeypatch, 2, modules=("qmsdoc.acts.baseline",))
    result = qmsdoc(project, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 1 and "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert any(path in result.stderr for path in BASELINED)
    assert listing(project.root) == before


def test_a_baseline_that_cannot_put_the_first_file_back_names_it(project: Project,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    unbaselined(project, *BASELINED)
    fail_at(monkeypatch, 2, modules=("qmsdoc.acts.baseline",), onward=True)
    result = qmsdoc(project, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    unwritten, left = sorted(BASELINED, key=result.stderr.find)  # the write that failed is named first
    assert "未能恢复原样" in result.stderr and f"无法恢复 {project.path(left)}" in result.stderr
    assert "baselined: 2026-11-01" in project.read(left) and "baselined" not in project.read(unwritten)


def test_a_baseline_refused_at_its_second_record_leaves_the_first_unrecorded(project: Project,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.acts import baseline
    from qmsdoc.acts.common import ReleaseError

    unbaselined(project, *BASELINED)
    before = listing(project.root)
    real, calls = baseline.stamp_record, []

    def stamp(*args: object, **kwargs: object) -> None:  # the signing key refuses the second record
        calls.append(args)
        if len(calls) == 2:
            raise ReleaseError("ssh-keygen: agent refused operation")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(baseline, "stamp_record", stamp)
    result = qmsdoc(project, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 1 and "agent refused operation" in result.stderr
    assert listing(project.root) == before


def test_a_baseline_keeps_crlf_and_bom_and_checks_clean(project: Project) -> None:
    unbaselined(project, *BASELINED)
    for relative in BASELINED:  # a document and a form: two editors, one way of writing
        windows_style(project, relative)
    result = qmsdoc(project, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 0 and result.stderr == "" and "已基线 2 项" in result.stdout
    assert all(kept_style(project.path(relative).read_bytes()) for relative in BASELINED)
    assert check(load_config(project.root)).findings == []


def test_a_baseline_whose_recheck_finds_an_error_records_nothing(project: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from qmsdoc.acts import baseline
    from qmsdoc.core.findings import Finding, Severity

    unbaselined(project, *BASELINED)
    before = listing(project.root)
    real, calls = baseline.check, []

    def rechecked(config: object) -> object:  # the second check, after the writes, finds the form broken
        found = real(config)  # type: ignore[arg-type]
        calls.append(config)
        broken = Finding(BASELINED[1], 15, "QD004", Severity.ERROR, "字段无法读取")
        return dataclasses.replace(found, findings=[*found.findings, broken]) if len(calls) == 2 else found

    monkeypatch.setattr(baseline, "check", rechecked)
    result = qmsdoc(project, "baseline", "--by", "总经理", "--date", "2026-11-01")
    assert result.returncode == 1 and f"{BASELINED[1]}:15: error QD004" in result.stdout  # findings, as check
    assert "已撤销修改" in result.stderr and "Traceback" not in result.stderr
    assert listing(project.root) == before


def test_a_review_that_cannot_be_written_changes_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(project.root)
    fail_at(monkeypatch, 1, modules=("qmsdoc.acts.common",))
    result = qmsdoc(project, "review", "QP-02-01", "--by", "总经理")
    assert result.returncode == 1 and "manuals/qp-hr/QP-02-01.md" in result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert listing(project.root) == before


def test_a_review_keeps_crlf_and_bom(project: Project) -> None:
    windows_style(project, "manuals/qp-hr/QP-02-01.md")
    result = qmsdoc(project, "review", "QP-02-01", "--by", "总经理")
    assert result.returncode == 0 and result.stderr == ""
    data = project.path("manuals/qp-hr/QP-02-01.md").read_bytes()
    assert kept_style(data) and "by: 总经理" in data.decode("utf-8").split("reviews:")[1]


def test_a_withdrawal_whose_second_citation_cannot_be_rewritten_rewrites_none(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(project.root)
    fail_at(monkeypatch, 2, modules=("qmsdoc.acts.obsolete", "qmsdoc.acts.common"))
    result = qmsdoc(project, "obsolete", "QP-03-01", "--superseded-by", "QP-03-02", "--by", "总经理",
                    "--update-references")
    assert result.returncode == 1 and "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert listing(project.root) == before


def test_a_withdrawal_keeps_crlf_and_bom_of_the_documents_it_rewrites(project: Project) -> None:
    windows_style(project, "manuals/qp-service/QP-03-04.md")
    result = qmsdoc(project, "obsolete", "QP-03-01", "--superseded-by", "QP-03-02", "--by", "总经理",
                    "--update-references")
    assert result.returncode == 0, result.stderr
    data = project.path("manuals/qp-service/QP-03-04.md").read_bytes()
    assert kept_style(data) and b"[[QP-03-02]]" in data and b"[[QP-03-01]]" not in data


def test_a_new_draft_that_cannot_be_written_leaves_no_file(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(project.root)
    fail_at(monkeypatch, 1, modules=("qmsdoc.acts.drafting",))
    result = qmsdoc(project, "new", "--manual", "QP-02", "--title", "培训管理程序", "--department", "人力资源部",
                    "--by", "质量专员")
    assert result.returncode == 1 and "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert listing(project.root) == before


def issued_two(project: Project) -> Path:
    assert qmsdoc(project, "issue", "QP-03-02", "--to", "客服部", "--copies", "2").returncode == 0
    return project.path("distribution.yaml")


def test_a_recall_that_cannot_be_written_records_no_return(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    issued_two(project)
    before = listing(project.root)
    fail_at(monkeypatch, 1, modules=("qmsdoc.acts.issuance",))
    result = qmsdoc(project, "recall", "QP-03-02-A/0-001", "QP-03-02-A/0-002")
    assert result.returncode == 1 and "distribution.yaml" in result.stderr and "Traceback" not in result.stderr
    assert listing(project.root) == before


def test_a_recall_keeps_the_registers_crlf_and_bom(project: Project) -> None:
    register = issued_two(project)
    register.write_bytes(b"\xef\xbb\xbf" + register.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    result = qmsdoc(project, "recall", "QP-03-02-A/0-002")
    assert result.returncode == 0, result.stderr
    data = register.read_bytes()
    assert kept_style(data) and data.count(b"returned:") == 1
