"""Why the file system refused is said in the project's language: the system's strerror is English ('Too many
levels of symbolic links', 'No such file or directory'), and was printed as it is inside Chinese messages — in
findings (QD001 at the file), usage errors and the last-resort 'file system error'. core/errors.os_reason is the
one wording; a refusal that already names its file is not wrapped in a second 'cannot write <file>'."""

from __future__ import annotations

import errno
import os

import pytest

from qmsdoc.core import i18n

from conftest import Project, run_cli


def test_an_unreadable_document_says_why_in_chinese(project: Project) -> None:
    os.symlink("QP-02-99.md", project.path("manuals/qp-hr/QP-02-99.md"))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result
    assert "manuals/qp-hr/QP-02-99.md:1: error QD001 无法读取文件：符号链接循环指向自身" in result.stdout, result.stdout
    assert "Too many levels" not in result.stdout


def test_a_file_that_cannot_be_written_is_named_once_with_the_reason_in_chinese(repo: Project) -> None:
    result = run_cli("register", "--as-of", "2026-06-01", "--out", "/proc/qmsdoc-register.csv", cwd=repo.root)
    assert result.returncode == 2, result
    assert result.stderr.count("/proc/qmsdoc-register.csv") == 1, result.stderr
    assert "No such file" not in result.stderr and "：文件或文件夹不存在" in result.stderr, result.stderr


def test_a_register_written_where_it_can_be_is_quiet(repo: Project) -> None:
    result = run_cli("register", "--as-of", "2026-06-01", "--out", str(repo.root.parent / "r.csv"), cwd=repo.root)
    assert result.returncode == 0, result
    assert (repo.root.parent / "r.csv").is_file()


@pytest.mark.parametrize(("language", "words"), [
    ("zh-CN", "没有权限"), ("zh-TW", "沒有權限"), ("en", "permission denied")])
def test_os_reason_speaks_each_language(language: str, words: str) -> None:
    from qmsdoc.core.errors import os_reason

    with i18n.using(language):
        assert os_reason(PermissionError(errno.EACCES, "Permission denied", "/x")) == words
        # an errno without a wording of its own keeps the system's words; not an OSError: its own text
        assert "Exec format error" in os_reason(OSError(errno.ENOEXEC, "Exec format error"))
        assert os_reason(ValueError("bad")) == "bad"
