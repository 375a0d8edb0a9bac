"""What the site's version history tells an auditor of an approved file edited by hand and committed without a
release (QD190 once committed: every user read that text): the history page of a document, and the history of a
form's and a manual's page, name each such stretch in its place in time — as `register --as-of` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history_shapes import DOC, bump, commit, commit_of, history_page, start

from conftest import Project, configure

FORM = "controlled_forms/QM-01-F01.yaml"
MANUAL = "manuals/qm/index.md"
MARK = "qms-unapproved"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    return start(tmp_path / "qms")


def _silent(project: Project, path: str, edited: str, day: str, undone: str) -> None:
    """`path` committed on `day` as `edited` (no release), then its approved text committed again on `undone`."""
    approved = project.read(path)
    project.write(path, edited)
    commit(project.root, f"silent {path} {day}", f"{day}T10:00:00+08:00")
    project.write(path, approved)
    commit(project.root, f"undo {path} {undone}", f"{undone}T10:00:00+08:00")


def test_a_committed_hand_edit_shows_on_the_history_page_with_its_days(small: Project) -> None:
    _silent(small, DOC, small.read(DOC).replace("第一版正文。", "未经批准改过的正文。"), "2025-04-01", "2025-04-10")
    page = history_page(small, "QM-01")
    assert page.count(f'class="{MARK}"') == 1
    row = page[page.index(f'class="{MARK}"'):].split("</tr>")[0]
    assert "未经批准的修改" in row and commit_of(small, "silent manuals/qm/QM-01.md 2025-04-01") in row
    assert "2025-04-01" in row and "2025-04-10" in row and "A/1" in row  # the approved version it differed from
    assert "最新提交" not in row  # put right since
    # in its place in time: after A/1 (2025-03-01), the last version before it
    assert page.index(">A/1<") < page.index(f'class="{MARK}"')


def test_an_edit_inside_another_items_release_commit_is_placed_between_its_versions(small: Project) -> None:
    approved = small.read(DOC)
    small.write(DOC, approved.replace("第一版正文。", "手改的正文。"))
    commit(small.root, "silent", "2025-04-01T10:00:00+08:00")
    small.write(DOC, approved)
    bump(small, "2025-05-01", "第二版正文。")  # the release puts it right
    commit(small.root, "A/2", "2025-05-01T10:00:00+08:00")
    page = history_page(small, "QM-01")
    at = page.index(f'class="{MARK}"')
    assert page.index(">A/1<") < at < page.index(">A/2<")
    assert "2025-05-01" in page[at:].split("</tr>")[0]


def test_a_history_of_releases_only_shows_no_such_note(small: Project) -> None:
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    page = history_page(small, "QM-01")
    assert ">A/2<" in page and MARK not in page and "未经批准的修改" not in page


def test_the_note_is_in_english_and_says_when_the_last_commit_still_holds_the_edit(small: Project) -> None:
    configure(small, language="en")
    commit(small.root, "english", "2025-03-02T10:00:00+08:00")
    approved = small.read(DOC)
    small.write(DOC, approved.replace("第一版正文。", "Edited by hand."))
    commit(small.root, "silent", "2025-04-01T10:00:00+08:00")
    small.write(DOC, approved)  # put right in the working tree (else QD190 stops the build), not committed yet
    page = history_page(small, "QM-01")
    row = page[page.index(f'class="{MARK}"'):].split("</tr>")[0]
    assert "Unapproved edit" in row and "edited without approval" in row and "the last commit is still so" in row
    assert commit_of(small, "silent") in row and "2025-04-01" in row and "未经批准" not in row


def _section(html: str) -> str:
    """A form's or manual page's list of unapproved edits."""
    start = html.find(f'id="{MARK}"')
    return html[start:html.index("</section>", start)] if start >= 0 else ""


@pytest.mark.slow
def test_a_forms_and_a_manuals_pages_name_their_edits_and_a_dirty_build_redraws_them(small: Project) -> None:
    from sitebuild import mkdocs_build, page

    form = small.read(FORM)
    _silent(small, FORM, form.replace("title: 文件更改申请单", "title: 文件更改申请表"), "2025-04-01", "2025-04-03")
    assert mkdocs_build(small.root).returncode == 0
    shown = _section(page(small.root, "forms/QM-01-F01"))
    assert shown.count("<li>") == 1 and "2025-04-01" in shown and "2025-04-03" in shown
    assert commit_of(small, f"silent {FORM} 2025-04-01") in shown
    assert MARK not in page(small.root, "qm") and MARK not in page(small.root, "history/QM-01")  # quiet
    # later hand edits, each put right: the files as they stand are what they were, only git's history changed
    _silent(small, FORM, form.replace("title: 文件更改申请单", "title: 另一个标题"), "2025-04-20", "2025-04-21")
    _silent(small, MANUAL, small.read(MANUAL) + "\n手加的一行。\n", "2025-04-22", "2025-04-23")
    _silent(small, DOC, small.read(DOC).replace("第一版正文。", "手改。"), "2025-04-24", "2025-04-25")
    result = mkdocs_build(small.root, "--dirty", "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    listed = _section(page(small.root, "forms/QM-01-F01"))
    assert listed.count("<li>") == 2 and "2025-04-20" in listed and "2025-04-21" in listed
    assert "2025-04-22" in page(small.root, "qm") and MARK in page(small.root, "qm")
    assert "2025-04-24" in page(small.root, "history/QM-01")
