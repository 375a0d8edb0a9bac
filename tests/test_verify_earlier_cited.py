"""`qmsdoc verify` of a copy of an earlier version whose cited form was renamed since: a build of those days named
the form by its title then, so the copy is held against that version rebuilt with what it cites as it stood then
(core/refsthen.py), not with today's titles; `qmsdoc copy --version` writes it so too."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, release_later, released_first, run_cli
from pending_projects import verdict

FIRST, RENAMED, LATER = "2026-12-01", "2026-12-03", "2026-12-05"
OLD_TITLE, NEW_TITLE = "文件更改申请单", "文件更改审批单"
COPIES = ("docx/documents/QM-01.docx", "pdf/documents/QM-01.pdf")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of its A/0 copies): QM-01 A/0, citing its form QM-01-F01, built and its copies kept; then
    the form renamed and released, built again and QM-01 A/0's Word copy kept (`renamed-QM-01.docx`: A/0 naming the
    form's new title), QM-01 A/1 released, and built again."""
    base = tmp_path_factory.mktemp("cited")
    root, keep = base / "qms", base / "kept"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", FIRST)
        patch.setenv("GIT_COMMITTER_DATE", f"{FIRST}T12:00:00")  # committed that day
        initialised(base, "本程序规定文件的控制方法。")
        assert "[[QM-01-F01]]" in (root / "manuals/qm/QM-01.md").read_text("utf-8")  # QM-01 cites its form
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "首次发布")
        assert run_cli("build", cwd=root).returncode == 0
        keep.mkdir()
        for copy in COPIES:
            shutil.copy(root / "build" / copy, keep / Path(copy).name)
        patch.setenv("QMSDOC_TODAY", RENAMED)
        patch.setenv("GIT_COMMITTER_DATE", f"{RENAMED}T12:00:00")  # committed that day
        assert run_cli("revise", "QM-01-F01", "--by", "张三", cwd=root).returncode == 0
        draft = root / "revisions/controlled_forms/QM-01-F01.yaml"
        draft.write_text(draft.read_text("utf-8").replace(OLD_TITLE, NEW_TITLE), "utf-8")
        done = run_cli("release", "QM-01-F01", "--by", "张三", "--change", "改名", cwd=root)
        assert done.returncode == 0, done.stdout + done.stderr
        commit(root, "表单改名")
        assert run_cli("build", cwd=root).returncode == 0
        shutil.copy(root / "build" / COPIES[0], keep / "renamed-QM-01.docx")
        patch.setenv("QMSDOC_TODAY", LATER)
        patch.setenv("GIT_COMMITTER_DATE", f"{LATER}T12:00:00")  # committed that day
        release_later(root, "QM-01", None)
        assert run_cli("build", cwd=root).returncode == 0
    return root, keep


def _verdict(root: Path, path: Path) -> tuple[int, str]:
    return verdict(root, path, on=LATER)


def _body(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("name", [*(Path(copy).name for copy in COPIES), "renamed-QM-01.docx"])
def test_a_genuine_copy_citing_a_form_renamed_since_is_told_genuine(kept: tuple[Path, Path], name: str) -> None:
    """Built before the form was renamed, or after it while A/0 was still the approved version."""
    root, keep = kept
    assert OLD_TITLE in _body(keep / "QM-01.docx") and NEW_TITLE in _body(keep / "renamed-QM-01.docx")
    code, text = _verdict(root, keep / name)
    assert code == 1, text  # never the copy in force
    assert "真实副本" in text and "版本 A/0" in text and "A/1" in text, text


def test_an_altered_copy_citing_a_form_renamed_since_is_not_called_genuine(kept: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    """The kept A/0 Word copy with a word of its body changed, and its PDF with bytes appended."""
    root, keep = kept
    altered = tmp_path / "QM-01.docx"
    with zipfile.ZipFile(keep / "QM-01.docx") as old, zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, data.replace("文件的控制方法".encode(), "文件的管理方法".encode()))
    pdf = tmp_path / "QM-01.pdf"
    pdf.write_bytes((keep / "QM-01.pdf").read_bytes() + b"\n% appended\n")
    for copy in (altered, pdf):
        code, text = _verdict(root, copy)
        assert code == 1 and "A/0" in text, text
        assert "真实" not in text and "无法确认其内容" in text, text


def test_copy_of_an_earlier_version_names_what_it_cites_as_it_stood_then(kept: tuple[Path, Path],
                                                                        tmp_path: Path) -> None:
    root, _keep = kept
    out = tmp_path / "QM-01-A-0.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", LATER)
        done = run_cli("copy", "QM-01", "--version", "A/0", "--out", str(out), cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    body = _body(out)
    assert OLD_TITLE in body and NEW_TITLE not in body


def test_the_sites_page_of_an_earlier_version_names_what_it_cites_as_it_stood_then(kept: tuple[Path, Path]) -> None:
    """The page of A/0 names the form as it was titled then; the page of the version in force, as it is now."""
    root, _keep = kept
    earlier = (root / "build/site/history/QM-01/A-0/index.html").read_text("utf-8")
    assert OLD_TITLE in earlier and NEW_TITLE not in earlier
    now = next(page.read_text("utf-8") for page in (root / "build/site").rglob("QM-01/index.html")
               if "history" not in page.parts)
    assert NEW_TITLE in now and OLD_TITLE not in now


def test_a_whole_manual_copy_of_a_past_day_names_what_it_cites_as_it_stood_that_day(kept: tuple[Path, Path],
                                                                                   tmp_path: Path) -> None:
    """`copy QM --as-of` a day before the form was renamed: QM-01 A/0 names it by its title then."""
    root, _keep = kept
    out = tmp_path / "QM.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", LATER)
        done = run_cli("copy", "QM", "--as-of", FIRST, "--out", str(out), cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    body = _body(out)
    assert OLD_TITLE in body and NEW_TITLE not in body


def test_a_whole_manual_copy_of_a_day_after_the_rename_names_the_new_title(kept: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    root, _keep = kept
    out = tmp_path / "QM.docx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", LATER)
        done = run_cli("copy", "QM", "--as-of", RENAMED, "--out", str(out), cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    body = _body(out)
    assert NEW_TITLE in body and OLD_TITLE not in body
