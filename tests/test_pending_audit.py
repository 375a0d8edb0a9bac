"""An audit of what each output says while an approved version waits for its effective date (`qmsdoc release …
--effective`), found false and fixed: the browser tab, header and saved-page title of the version still in force
called it 历史版本 while its page said 「仍是现行版本，请据此执行」, and the 版本历史 marked the waiting version but
not the one in force; `qmsdoc verify` of a numbered copy of a manual whose approved index page waits said
「此前现行版本：无」 though the page's version before was in force (and `qmsdoc issue` had named it). From the
effective date each says what it said before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import commit, committed_project, release_later, run_cli, today_is
from pending_projects import APPROVED, EFFECTIVE, built_on, english_waiting

pytestmark = pytest.mark.usefixtures("approval_day")


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git: QP-02-01 A/1 and the index page QP-03 A/1 approved on 2026-12-06, both effective
    2027-01-01, then a copy of QP-03 issued (its waiting A/1, the command's default), all committed."""
    with today_is(APPROVED):
        root = committed_project(tmp_path_factory.mktemp("pending"))
        release_later(root, "QP-02-01", EFFECTIVE)
        release_later(root, "QP-03", EFFECTIVE)
        done = run_cli("issue", "QP-03", "--to", "客服部", cwd=root)
        assert done.returncode == 0 and "QP-03-A/1-001" in done.stdout, done
        commit(root, "QP-03 A/1 issued")
    return root


@pytest.fixture(scope="module")
def site_before(pending: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built the day A/1 was approved (A/0 in force)."""
    root, _ = built_on(pending, tmp_path_factory.mktemp("before"), APPROVED, "--only", "site,records")
    return root / "build" / "site"


@pytest.fixture(scope="module")
def site_on(pending: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built the day A/1 takes effect."""
    root, _ = built_on(pending, tmp_path_factory.mktemp("on"), EFFECTIVE, "--only", "site,records")
    return root / "build" / "site"


def _title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S)
    assert found is not None
    return found.group(1)


def _row(site: Path, version: str) -> str:
    """The 版本历史 row of `version` of QP-02-01, its cells' text."""
    html = (site / "history/QP-02-01/index.html").read_text("utf-8")
    found = re.search(rf'<tr><td data-label="[^"]*">{re.escape(version)}</td>(.*?)</tr>', html, re.S)
    assert found is not None, html
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_title_of_the_page_of_the_version_in_force_calls_it_in_force_not_historical(site_before: Path) -> None:
    title = _title(site_before / "history/QP-02-01/A-0/index.html")
    assert "QP-02-01 A/0 现行版本（至 2027-01-01 前）" in title and "历史版本" not in title, title
    assert "仍是现行版本" in (site_before / "history/QP-02-01/A-0/index.html").read_text("utf-8")


def test_from_the_effective_date_the_title_of_that_page_calls_it_historical(site_on: Path) -> None:
    title = _title(site_on / "history/QP-02-01/A-0/index.html")
    assert "QP-02-01 A/0 历史版本" in title and "现行" not in title, title


def test_the_version_history_marks_the_version_in_force_while_its_successor_waits(site_before: Path) -> None:
    assert "查阅 A/0 全文（现行版本，至 2027-01-01 前）" in _row(site_before, "A/0")
    assert "已批准，2027-01-01 起生效" in _row(site_before, "A/1") and "现行版本" not in _row(site_before, "A/1")


def test_from_the_effective_date_the_version_history_marks_only_the_new_version_in_force(site_on: Path) -> None:
    assert "现行" not in _row(site_on, "A/0")
    assert "现行版本" in _row(site_on, "A/1")


def test_an_english_site_titles_that_page_in_force_in_english(tmp_path: Path) -> None:
    root = english_waiting(tmp_path, "QM-04", "One more requirement.")
    assert run_cli("build", "--only", "site", cwd=root).returncode == 0
    title = _title(root / "build/site/history/QM-04/A-0/index.html")
    assert "QM-04 version A/0, in force until 2027-01-01" in title and "earlier version" not in title, title


def test_verify_of_an_issued_copy_of_a_waiting_manual_page_names_the_page_in_force_until_then(
        pending: Path) -> None:
    done = run_cli("verify", "issued/QP-03-A_1-001.docx", cwd=pending)
    assert done.returncode == 1, done
    assert "已批准、尚未生效" in done.stdout and "此前现行版本：A/0" in done.stdout, done
    assert "此前现行版本：无" not in done.stdout


def test_verify_of_an_issued_copy_of_a_waiting_document_still_names_the_version_in_force(pending: Path,
                                                                                        tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(pending, root)
    assert run_cli("issue", "QP-02-01", "--to", "客服部", cwd=root).returncode == 0
    done = run_cli("verify", "issued/QP-02-01-A_1-001.docx", cwd=root)
    assert done.returncode == 1 and "此前现行版本：A/0" in done.stdout, done


def test_from_the_effective_date_the_issued_copy_of_the_manual_is_current(pending: Path) -> None:
    with today_is(EFFECTIVE):
        done = run_cli("verify", "issued/QP-03-A_1-001.docx", cwd=pending)
    assert done.returncode == 0 and "尚未生效" not in done.stdout and "此前现行版本" not in done.stdout, done
