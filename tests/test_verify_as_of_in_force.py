"""`verify --as-of DAY` names as 现行 the version `register --as-of DAY` lists in force that day (records/asof.py
`version_in_force`: each release from its effective date), never the one approved by then nor today's. QM-01 A/0 in
force from 01-10, A/1 approved 03-01 to take effect 03-15, QM-01 withdrawn 06-01: an A/0 copy exported since
(`qmsdoc copy --version A/0`, marked historical) asked about 03-10 is of the version in force that day, not of one
A/1 replaced; every other verdict of those days stays as the register reads them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, on, release_later, released_first, run_cli

FIRST, ISSUED, APPROVED, WAITING, EFFECTIVE, IN_FORCE, WITHDRAWN, AUDITED = (
    "2025-01-10", "2025-01-20", "2025-03-01", "2025-03-10", "2025-03-15", "2025-04-01", "2025-06-01", "2025-12-31")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 A/0 released on FIRST, copy A/0-001 issued on ISSUED; A/1 approved on APPROVED to take effect on
    EFFECTIVE, copy A/1-001 issued that day; A/0 exported (historical) on IN_FORCE; QM-01 withdrawn on WITHDRAWN."""
    folder = tmp_path_factory.mktemp("verifyinforce")
    with on(FIRST):
        root = initialised(folder, "按本程序控制文件。")
        commit(root, "drafts")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
    with on(ISSUED):
        assert run_cli("issue", "QM-01", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copy A/0-001 issued")
    with on(APPROVED):
        release_later(root, "QM-01", EFFECTIVE)
        assert run_cli("issue", "QM-01", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copy A/1-001 issued")
    with on(IN_FORCE):
        done = run_cli("copy", "QM-01", "--version", "A/0", "--out", str(folder / "export-A0.docx"), cwd=root)
        assert done.returncode == 0 and "历史版本" in done.stdout, done
    with on(WITHDRAWN):
        done = run_cli("obsolete", "QM-01", "--no-successor", "--reason", "合并入手册", cwd=root)
        assert done.returncode == 0, done
        commit(root, "QM-01 withdrawn")
        assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
    return root


def _asked(root: Path, copy: str, day: str | None = None) -> tuple[int, str]:
    found = Path(copy) if "/" in copy else next(root.rglob(copy))
    with on(AUDITED):
        done = run_cli("verify", str(found), *(("--as-of", day) if day else ()), cwd=root)
    return done.returncode, done.stdout + done.stderr


def test_an_export_of_the_version_in_force_on_the_day_asked_names_it_in_force(root: Path) -> None:
    for day in (ISSUED, WAITING):  # A/1 not approved yet; approved, waiting for its effective date
        code, said = _asked(root, str(root.parent / "export-A0.docx"), day)
        assert code == 1 and "历史版本副本（仅供查阅）" in said, said  # an export is never a controlled copy
        assert f"{day} 当日现行版本正是 A/0" in said and "现行版本为 A/1" not in said, said


def test_an_export_asked_about_once_its_version_was_replaced_names_the_one_in_force(root: Path) -> None:
    code, said = _asked(root, str(root.parent / "export-A0.docx"), EFFECTIVE)
    assert code == 1 and "现行版本为 A/1" in said and "当日现行版本正是" not in said, said


def test_the_issued_copy_of_a0_is_current_until_a1_takes_effect(root: Path) -> None:
    assert _asked(root, "QM-01-A_0-001.docx", ISSUED)[0] == 0
    code, said = _asked(root, "QM-01-A_0-001.docx", WAITING)
    assert code == 0 and "现行受控副本（至 2025-03-15 前）" in said, said
    code, said = _asked(root, "QM-01-A_0-001.docx", EFFECTIVE)
    assert code == 1 and "已被 A/1 替代" in said, said


def test_a_copy_of_a1_is_current_only_from_its_effective_date(root: Path) -> None:
    code, said = _asked(root, "QM-01-A_1-001.docx", WAITING)
    assert code == 1 and "已批准、尚未生效" in said and "此前现行版本：A/0" in said, said
    for day in (EFFECTIVE, IN_FORCE):  # in force from EFFECTIVE: current, until the withdrawal the file now holds
        code, said = _asked(root, "QM-01-A_1-001.docx", day)
        assert code == 0 and "现行受控副本（至 2025-06-01 前）：QM-01" in said, said


def test_a_withdrawn_documents_copy_is_current_before_its_withdrawal_and_not_after(root: Path) -> None:
    assert _asked(root, "QM-01-A_1-001.docx", "2025-05-31")[0] == 0
    for day in (WITHDRAWN, None):
        code, said = _asked(root, "QM-01-A_1-001.docx", day)
        assert code == 1 and "作废" in said and "现行受控副本" not in said, said


def test_a_modified_copy_of_the_version_in_force_is_never_current(root: Path, tmp_path: Path) -> None:
    changed = tmp_path / "QM-01-A_0-001.docx"
    shutil.copy(next(root.rglob("QM-01-A_0-001.docx")), changed)
    with zipfile.ZipFile(changed, "a") as archive:
        archive.writestr("customXml/extra.xml", "<x/>")
    code, said = _asked(root, str(changed), WAITING)
    assert code == 1 and "现行受控副本" not in said, said
