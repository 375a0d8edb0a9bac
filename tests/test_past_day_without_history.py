"""A past day asked (`--as-of`) where git history cannot answer — a shallow clone, an export without .git: the
commits that date each earlier version are missing, and the 修订记录 dates an entry by its approval, not by the day
it took effect — A/1 approved 03-01 to take effect 03-15 would be named in force on 03-10, when A/0 was (the
register listed it so, `acknowledgements` answered for today's version). A false "in force" is worse than no
answer: `register`, `copy` (of a document and of a whole manual), `verify` and `acknowledgements` refuse, coded
(QD320), in one message (pastday.py `refuse_without_history`) that names the full clone that can answer."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import first_released, on, release_later, run_cli, today_is

WAITING = "2025-03-10"  # A/1 approved on 03-01, in force only from 03-15: A/0 was in force
ASKED: dict[str, Callable[[Path, Path], tuple[str, ...]]] = {  # each past-day question: (copy to verify, out folder)
    "register": lambda _, out: ("register", "--as-of", WAITING, "--format", "csv", "--out", str(out / "r.csv")),
    "copy": lambda _, out: ("copy", "QM-01", "--as-of", WAITING, "--out", str(out / "QM-01.docx")),
    "copy of a manual": lambda _, out: ("copy", "QM", "--as-of", WAITING, "--out", str(out / "QM.docx")),
    "acknowledgements": lambda _, out: ("acknowledgements", "QM-01", "--as-of", WAITING),
    "verify": lambda copy, out: ("verify", str(copy), "--as-of", WAITING),
}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The full repository (built), a shallow clone of it, an export of it without .git, and a copy of QM-01 A/0."""
    full = first_released(tmp_path_factory.mktemp("full"), "2025-01-02", "2025-01-10")
    with on("2025-03-01"):
        release_later(full, "QM-01", "2025-03-15")
    shallow = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", full.as_uri(), str(shallow)], check=True)
    export = tmp_path_factory.mktemp("export") / "qms"
    shutil.copytree(full, export, ignore=shutil.ignore_patterns(".git"))
    copy = tmp_path_factory.mktemp("copies") / "QM-01-A-0.docx"
    with today_is("2025-12-31"):
        assert run_cli("copy", "QM-01", "--version", "A/0", "--out", str(copy), cwd=full).returncode == 0
        assert run_cli("build", "--only", "word,records", cwd=full).returncode == 0  # the manifest verify reads
    return {"full": full, "shallow": shallow, "export": export, "copy": copy}


def _ask(places: dict[str, Path], where: str, command: str, out: Path) -> tuple[int, str]:
    with today_is("2025-12-31"):
        done = run_cli(*ASKED[command](places["copy"], out), cwd=places[where])
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("command", ASKED)
@pytest.mark.parametrize(("where", "why"), [("shallow", "浅克隆"), ("export", "未找到 git 仓库")])
def test_without_full_history_a_past_day_is_refused_rather_than_guessed(places: dict[str, Path], where: str,
                                                                         why: str, command: str,
                                                                         tmp_path: Path) -> None:
    code, said = _ask(places, where, command, tmp_path)
    assert code == 2 and "QD320" in said and "无法回答" in said and why in said and "完整克隆" in said, said
    assert "Traceback" not in said and not list(tmp_path.iterdir()), said  # nothing written
    assert "A/1" not in said, said  # never the version approved but not yet in force that day


@pytest.mark.parametrize("command", ASKED)
def test_a_full_history_answers_each_past_day_question(places: dict[str, Path], command: str,
                                                        tmp_path: Path) -> None:
    code, said = _ask(places, "full", command, tmp_path)
    # verify's answer is its verdict: this copy, exported and never issued, is not a controlled one (exit 1)
    assert code == (1 if command == "verify" else 0) and "QD320" not in said and "无法回答" not in said, said


def test_the_register_of_a_full_history_names_the_version_then_in_force(places: dict[str, Path],
                                                                        tmp_path: Path) -> None:
    assert _ask(places, "full", "register", tmp_path)[0] == 0
    row = next(line for line in (tmp_path / "r.csv").read_text("utf-8-sig").splitlines() if line.startswith("QM-01,"))
    assert ",A/0,2025-01-10," in row, row


def test_without_as_of_a_shallow_clone_still_answers_for_today(places: dict[str, Path]) -> None:
    """Today's answer is read from the files themselves: only a past day needs the history."""
    with today_is("2025-12-31"):
        done = run_cli("acknowledgements", "QM-01", cwd=places["shallow"])
    assert done.returncode == 0 and "无法回答" not in done.stdout + done.stderr, done
