"""English answers that said a thing twice or out of order: a department still to read a version was
"Production: Pending (pending since …)", and recalling a copy twice said it "was returned on … to … already"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, commit, git, on, run_cli

EXAMPLE = REPO / "examples" / "en-quality-manual"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The English example, Production named to read QM-05 on 2026-09-01."""
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    with on("2026-09-01"):
        git(root, "init", "-q")
        commit(root, "English example")
        page = root / "manuals" / "qm" / "QM-05.md"
        page.write_text(page.read_text("utf-8").replace("\n---\n", "\nacknowledge: [Production]\n---\n", 1), "utf-8")
        commit(root, "Production reads QM-05")
    return root


def _department_line(root: Path) -> str:
    done = run_cli("acknowledgements", "QM-05", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return next(line for line in done.stdout.splitlines() if line.startswith("Production:"))


def test_a_pending_department_is_said_pending_once(example: Path) -> None:
    with on("2026-09-05"):
        assert _department_line(example) == "Production: Pending (since 2026-09-01, due 2026-09-15)"


def test_an_overdue_department_still_says_since_when_it_was_pending(example: Path) -> None:
    with on("2026-09-20"):
        assert _department_line(example) == ("Production: Overdue (pending since 2026-09-01, due 2026-09-15, "
                                             "5 days overdue)")


def test_a_copy_recalled_twice_is_said_taken_back_already(example: Path) -> None:
    with on("2026-09-05"):
        issued = run_cli("issue", "QM-05", "--to", "Production", "--by", "Quality Manager", cwd=example)
        assert issued.returncode == 0, issued.stdout + issued.stderr
        number = next(word for word in issued.stdout.split() if word.startswith("QM-05-") and word[-1].isdigit())
        assert run_cli("recall", number, "--by", "Quality Manager", cwd=example).returncode == 0
        again = run_cli("recall", number, "--by", "Quality Manager", cwd=example)
    assert again.returncode == 1
    assert f"copy {number} was already taken back on 2026-09-05 by Quality Manager: no return was recorded" \
        in again.stderr, again.stderr


def _drafts_citing_each_other(root: Path) -> None:
    body = ("## 1. Purpose\n\nText.\n\n## 2. Scope\n\nText.\n\n## 3. Responsibilities\n\nText.\n\n"
            "## 4. Procedure\n\nSee [[{other}]].\n\n## 5. Records\n\nNone.\n")
    for code, other in (("QM-10", "QM-11"), ("QM-11", "QM-10")):
        (root / "manuals" / "qm" / f"{code}.md").write_text(
            f"---\nid: {code}\ntitle: Draft {code}\ntype: procedure\nversion: A/0\nstatus: draft\n"
            f"department: Quality Department\nprepared: {{by: Quality Manager, date: 2026-09-01}}\n---\n"
            + body.replace("{other}", other), "utf-8")


def test_a_release_undone_for_its_errors_says_so_in_one_sentence(example: Path) -> None:
    _drafts_citing_each_other(example)
    with on("2026-09-05"):
        done = run_cli("release", "QM-10", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "First issue", cwd=example)
    assert done.returncode == 1 and "QD131" in done.stdout, done.stdout + done.stderr
    assert done.stderr.strip() == ("Not done: QD331 the change would leave the errors above in the file, "
                                   "so it was undone")


def test_a_release_without_errors_is_not_undone(example: Path) -> None:
    _drafts_citing_each_other(example)
    page = example / "manuals" / "qm" / "QM-10.md"
    page.write_text(page.read_text("utf-8").replace("See [[QM-11]].", "See the quality manual."), "utf-8")
    with on("2026-09-05"):
        done = run_cli("release", "QM-10", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "First issue", cwd=example)
    assert done.returncode == 0 and "undone" not in done.stdout + done.stderr, done.stdout + done.stderr
