"""What an earlier version's page and its controlled copy (`copy --version`) tell an auditor of a version edited
in git without a new approval while it was in force: they show the text as approved, say so, and name each edit's
days in the history page's words (`unapproved_edits`, one computation) — not one text presented as if it had been
the only one users read."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from test_history_shapes import DOC, bump, commit, commit_of, qmsdoc, release, start

from conftest import Project, configure

MARK = "qms-unapproved"
EDITED = "未经批准改过的正文。"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    return start(tmp_path / "qms")


def version_page(project: Project, code: str, version: str) -> str:
    """The page the site publishes of `code`'s earlier `version`."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.site.history import HistoryIndex

    result = check(load_config(project.root))
    document = result.corpus.documents[code]
    index = HistoryIndex([document], result.context.history)
    release = next(r for r in index.earlier(document) if r.version == version)
    return index.version_page(document, release, CorpusRenderer(result.corpus, result.context.config), "#", "#",
                              result.context.config.today)


def _edit_then_release(project: Project, edited: str = EDITED) -> None:
    """A/1's body committed edited on 2025-04-01 without approval; A/2 released (over the approved text) on
    2025-05-01."""
    approved = project.read(DOC)
    project.write(DOC, approved.replace("第一版正文。", edited))
    commit(project.root, "silent", "2025-04-01T10:00:00+08:00")
    project.write(DOC, approved)
    bump(project, "2025-05-01", "第二版正文。")
    commit(project.root, "A/2", "2025-05-01T10:00:00+08:00")


def _note(page: str) -> str:
    start = page.index(f'id="{MARK}"')
    return page[start:page.index("</section>", start)]


def test_an_earlier_version_edited_without_approval_names_the_edit_and_shows_the_approved_text(
        small: Project) -> None:
    _edit_then_release(small)
    page = version_page(small, "QM-01", "A/1")
    note = _note(page)
    silent = commit_of(small, "silent")
    assert "未经批准的修改" in note and "2025-04-01" in note and "2025-05-01" in note and silent in note
    assert "此处所示为 A/1 版批准的文本" in note and commit_of(small, "A/1") in note
    assert f"git show {silent}:manuals/qm/QM-01.md" in note  # how to read the edited text
    body = page[page.index('class="qms-body"'):]
    assert "第一版正文。" in body and EDITED not in page  # the approved text, the edited one only named


def test_an_earlier_version_never_edited_says_nothing_of_edits(small: Project) -> None:
    bump(small, "2025-05-01", "第二版正文。")
    commit(small.root, "A/2", "2025-05-01T10:00:00+08:00")
    page = version_page(small, "QM-01", "A/1")
    assert "第一版正文。" in page and MARK not in page and "未经批准" not in page


def test_an_edit_of_another_version_is_not_noted_on_this_ones_page(small: Project) -> None:
    """A/0's page stays quiet: the edit was made while A/1 was the approved version."""
    _edit_then_release(small)
    assert MARK not in version_page(small, "QM-01", "A/0")


def test_the_note_is_in_english(small: Project) -> None:
    configure(small, language="en")
    commit(small.root, "english", "2025-03-02T10:00:00+08:00")
    _edit_then_release(small, "Edited by hand.")
    note = _note(version_page(small, "QM-01", "A/1"))
    assert "Unapproved edit" in note and "Shown here is the text of version A/1 as approved" in note
    assert "2025-04-01" in note and commit_of(small, "silent") in note and "未经批准" not in note


def test_a_release_committed_over_edited_text_is_read_as_the_approved_text_committed_after_it(
        small: Project) -> None:
    """QD192 stops the project until it is released again; its history must still answer with the approved text."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.versions import edits_of, latest, releases, shown_text, unapproved_edits

    bump(small, "2025-04-01", "第二版正文。")
    approved = small.read(DOC)
    small.write(DOC, approved.replace("第二版正文。", EDITED))
    commit(small.root, "A/2 edited", "2025-04-01T10:00:00+08:00")
    small.write(DOC, approved)
    commit(small.root, "put right", "2025-04-03T10:00:00+08:00")
    revisions = check(load_config(small.root)).context.history.versions[DOC]
    release = latest(releases("document", DOC, revisions), "A/2")
    assert release is not None and release.commit.startswith(commit_of(small, "A/2 edited"))  # in force from it
    assert "第二版正文。" in release.body and EDITED not in release.body
    edits = edits_of(release, unapproved_edits("document", DOC, revisions))
    assert [(e.since.isoformat(), str(e.until)) for e in edits] == [("2025-04-01", "2025-04-03")]
    assert shown_text(release, edits).startswith("此处所示为 A/2 版批准的文本")


def _copy(project: Project, version: str, out: Path, *asked: str) -> tuple[str, str]:
    """The text of QM-01's Word copy of `version` (or the copy `asked` names), and what the command printed."""
    code, stdout, stderr = qmsdoc(project, "copy", *(asked or ("QM-01", "--version", version)), "--out", str(out))
    assert code == 0, stdout + stderr
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)), stdout


def test_a_copy_of_an_earlier_version_edited_without_approval_says_so(small: Project, tmp_path: Path) -> None:
    _edit_then_release(small)
    text, said = _copy(small, "A/1", tmp_path / "a1.docx")
    silent = commit_of(small, "silent")
    assert "第一版正文。" in text and EDITED not in text
    for shown in (text, said):
        assert "此处所示为 A/1 版批准的文本" in shown and silent in shown and "2025-04-01" in shown
    quiet, said = _copy(small, "A/0", tmp_path / "a0.docx")
    assert "未经批准" not in quiet and "未经批准" not in said


def test_verify_of_a_copy_of_an_edited_earlier_version_names_the_edit(small: Project, tmp_path: Path) -> None:
    _edit_then_release(small)
    _copy(small, "A/1", tmp_path / "a1.docx")
    _copy(small, "A/0", tmp_path / "a0.docx")
    assert qmsdoc(small, "build", "--only", "records")[0] == 0  # verify reads the build's manifest
    code, said, _ = qmsdoc(small, "verify", str(tmp_path / "a1.docx"))
    assert code == 1 and "A/1" in said and "A/2" in said  # an old version, as before
    assert "注意：A/1 版现行期间" in said and commit_of(small, "silent") in said and "2025-04-01" in said
    code, quiet, _ = qmsdoc(small, "verify", str(tmp_path / "a0.docx"))
    assert code == 1 and "A/0" in quiet and "未经批准" not in quiet


def test_a_whole_manual_as_of_a_day_names_the_edit_of_a_member_in_force_then(small: Project,
                                                                           tmp_path: Path) -> None:
    _edit_then_release(small)
    text, _ = _copy(small, "", tmp_path / "qm-0415.docx", "QM", "--as-of", "2025-04-15")
    assert "第一版正文。" in text and EDITED not in text
    assert "此处所示为 A/1 版批准的文本" in text and commit_of(small, "silent") in text and "2025-04-01" in text
    quiet, _ = _copy(small, "", tmp_path / "qm-0201.docx", "QM", "--as-of", "2025-02-01")
    assert "正文内容。" in quiet and "未经批准" not in quiet


def test_an_english_copy_of_an_earlier_form_version_edited_without_approval_says_so(small: Project,
                                                                                  tmp_path: Path) -> None:
    form = "controlled_forms/QM-01-F01.yaml"
    configure(small, language="en")
    commit(small.root, "english", "2025-03-02T10:00:00+08:00")
    approved = small.read(form)
    small.write(form, approved.replace("title: 文件更改申请单", "title: 手改标题"))
    commit(small.root, "silent", "2025-04-01T10:00:00+08:00")
    small.write(form, approved)
    assert qmsdoc(small, "revise", "QM-01-F01", "--by", "质量经理", "--date", "2025-05-01")[0] == 0
    draft = small.path("revisions/" + form)
    draft.write_text(draft.read_text("utf-8").replace("title: 文件更改申请单", "title: 文件更改申请表"), "utf-8")
    release(small, "QM-01-F01", "2025-05-01")
    commit(small.root, "form A/1", "2025-05-01T10:00:00+08:00")
    text, said = _copy(small, "", tmp_path / "f.docx", "QM-01-F01", "--version", "A/0")
    assert "文件更改申请单" in text and "手改标题" not in text  # the form as approved
    for shown in (text, said):
        assert "Shown here is the text of version A/0 as approved" in shown and commit_of(small, "silent") in shown
        assert "2025-04-01" in shown and "2025-05-01" in shown and "未经批准" not in shown


def test_an_edit_before_a_revert_restored_the_version_is_still_its_edit(small: Project) -> None:
    """A/1 edited without approval (03-10, put right 03-15), replaced by A/2 (04-01), A/2 reverted (05-01: A/1 in
    force again). A/1's page, its copy and verify read its last release, the one the revert restored; the edit was
    made while that approval was in force, so they name it — not only edits after the revert."""
    from test_history_shapes import git

    from qmsdoc.core import check, load_config
    from qmsdoc.core.versions import edits_of, latest, releases, unapproved_edits

    approved = small.read(DOC)
    small.write(DOC, approved.replace("第一版正文。", EDITED))
    commit(small.root, "silent", "2025-03-10T10:00:00+08:00")
    small.write(DOC, approved)
    commit(small.root, "put right", "2025-03-15T10:00:00+08:00")
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-05-01T10:00:00+08:00")
    revisions = check(load_config(small.root)).context.history.versions[DOC]
    found = releases("document", DOC, revisions)
    release = latest(found, "A/1")
    assert release is not None and release.restored  # the page of A/1 is its restored release
    edits = edits_of(release, unapproved_edits("document", DOC, revisions))
    assert [(e.commit, e.since.isoformat(), str(e.until)) for e in edits] == [
        (next(r.commit for r in revisions if r.commit.startswith(commit_of(small, "silent"))), "2025-03-10",
         "2025-03-15")]


def test_an_edit_under_the_first_approval_of_a_label_approved_twice_is_not_the_seconds(small: Project) -> None:
    """A/1 approved again over other text (QD191): an edit made under its first approval is not one of the
    second's, whose text users read only from then on."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.versions import edits_of, latest, releases, unapproved_edits

    from conftest import restamped

    approved = small.read(DOC)
    small.write(DOC, approved.replace("第一版正文。", EDITED))
    commit(small.root, "silent", "2025-03-10T10:00:00+08:00")
    text = approved.replace("第一版正文。", "第一版正文（改）。").replace(
        "approved: {by: 总经理, date: 2025-03-01", "approved: {by: 副总经理, date: 2025-05-01").replace(
        "effective_date: 2025-03-01", "effective_date: 2025-05-01")
    small.write(DOC, restamped(DOC, text))
    commit(small.root, "A/1 again", "2025-05-01T10:00:00+08:00")
    revisions = check(load_config(small.root)).context.history.versions[DOC]
    found = releases("document", DOC, revisions)
    first, second = [r for r in found if r.version == "A/1"]
    edits = unapproved_edits("document", DOC, revisions)
    assert [e.since.isoformat() for e in edits] == ["2025-03-10"]
    assert edits_of(second, edits) == [] and edits_of(first, edits) == edits
    assert latest(found, "A/1") is second


def test_the_command_that_shows_an_edited_text_runs_where_the_path_has_a_space(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project in a folder of its repository named with a space (and Chinese): the `git show` the note gives
    must show the edited text when pasted into a shell, not fail on a path cut in two."""
    import shlex
    import subprocess

    from test_history_shapes import git

    from qmsdoc.core import check, load_config
    from qmsdoc.core.versions import edits_of, latest, releases, shown_text, unapproved_edits

    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    project = start(repo / "质量 体系", init=False)
    _edit_then_release(project)
    revisions = check(load_config(project.root)).context.history.versions[DOC]
    release = latest(releases("document", DOC, revisions), "A/1")
    assert release is not None
    said = shown_text(release, edits_of(release, unapproved_edits("document", DOC, revisions)))
    found = re.search(r"git show '[^']*'", said)
    assert found is not None, said
    command = found.group()
    assert command == f"git show '{commit_of(project, 'silent')}:质量 体系/manuals/qm/QM-01.md'"
    shown = subprocess.run(["sh", "-c", command], cwd=repo, capture_output=True, text=True)
    assert shown.returncode == 0 and EDITED in shown.stdout, shlex.quote(command) + shown.stderr


def test_a_whole_manual_as_of_a_day_names_the_edit_of_a_member_deleted_since(small: Project, tmp_path: Path) -> None:
    """QM-01's file deleted after the day asked: the copy holds its text of that day from git, and the edit made to
    it while in force is named as for a member still there — its history is the deleted file's."""
    _edit_then_release(small)
    (small.root / DOC).unlink()
    commit(small.root, "deleted", "2025-05-10T10:00:00+08:00")
    text, _ = _copy(small, "", tmp_path / "qm-0415.docx", "QM", "--as-of", "2025-04-15")
    assert "第一版正文。" in text and EDITED not in text
    assert "此处所示为 A/1 版批准的文本" in text and commit_of(small, "silent") in text and "2025-04-01" in text


def test_two_edits_read_as_sentences_in_english(small: Project, tmp_path: Path) -> None:
    """A/1 edited without approval twice: `copy --version` and `verify` name both edits, each its own sentence —
    not "…approval; From git commit …", a capital after a semicolon."""
    configure(small, language="en")
    commit(small.root, "english", "2025-03-02T10:00:00+08:00")
    approved = small.read(DOC)
    for day, put_right in (("2025-03-10", "2025-03-12"), ("2025-04-10", "2025-04-12")):
        small.write(DOC, approved.replace("第一版正文。", "Edited by hand."))
        commit(small.root, f"silent {day}", f"{day}T10:00:00+08:00")
        small.write(DOC, approved)
        commit(small.root, f"put right {day}", f"{put_right}T10:00:00+08:00")
    bump(small, "2025-05-01", "第二版正文。")
    commit(small.root, "A/2", "2025-05-01T10:00:00+08:00")
    _, said = _copy(small, "A/1", tmp_path / "a1.docx")
    assert qmsdoc(small, "build", "--only", "records")[0] == 0
    code, verified, _ = qmsdoc(small, "verify", str(tmp_path / "a1.docx"))
    for text in (said, verified):
        assert text.count("From git commit") == 2, text
        assert not re.search(r"[;:,] From git commit", text), text
        assert re.search(r"\(or a new approval\)\. From git commit", text), text
