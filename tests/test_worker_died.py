"""A process writing the Word/PDF copies that the system ends (memory ran short) broke the pool with
`BrokenProcessPool`, and the command died with a traceback; memory running out in the command itself did too. Each
is answered in the project's language, exit 1, saying the run did not finish and what to do."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest

from conftest import Project, run_cli


def _failing(error: BaseException) -> Any:
    def write_files(*_args: object, **_kwargs: object) -> list[str]:
        raise error

    return write_files


@pytest.mark.parametrize(("error", "said"), [
    (BrokenProcessPool("A process in the process pool was terminated abruptly"), "进程中途退出"),
    (MemoryError(), "内存不足"),
])
def test_a_copy_worker_ended_by_the_system_is_answered_not_a_traceback(
        project: Project, monkeypatch: pytest.MonkeyPatch, error: BaseException, said: str) -> None:
    from qmsdoc.word import export

    monkeypatch.setattr(export, "write_files", _failing(error))
    done = run_cli("docx", cwd=project.root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert said in done.stderr and "重新运行" in done.stderr, done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_copies_written_to_the_end_say_nothing_of_a_worker(project: Project) -> None:
    done = run_cli("docx", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "进程中途退出" not in done.stderr and "内存不足" not in done.stderr
