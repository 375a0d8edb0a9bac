"""Every document-control command in every state a document can be in: the pairs no other module drives.

A quality officer's command either does the right thing or refuses with exit 1, a message that names the state and
what to do instead, and every file byte for byte as it was. The states, in the shipped project committed to git:

- draft: DY/AQ-018; obsolete: QP-02-04 (both listing 客服部 to acknowledge, for `acknowledge`);
- effective with an open working revision: QP-03-02 (`qmsdoc revise`, committed);
- on 2026-02-27: QP-03-01 A/1 approved, effective 2026-03-01 (A/0 in force until then: a successor approved but
  not yet effective); KF01 A/0 and the manual page KF, first versions approved, effective 2026-03-01;
- an id that names nothing: QP-09-99; another spelling of an id: lower case, full width.

Covered elsewhere (not repeated here): issue of a draft or obsolete document (test_distribution), recall twice
(test_distribution), revise of a draft, an obsolete document or one with a revision (test_revisions), review of a
form, a manual or an unknown id (test_document_control), acknowledge of a version never released
(test_acknowledgements)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Project, commit, run_cli, withdraw_qp_03_05

BEFORE, ON = "2026-02-27", "2026-03-01"  # QP-03-01 A/1, KF01 A/0 and KF A/0 take effect on ON
LATER = "2026-12-01"


@dataclass(frozen=True)
class Refusal:
    today: str
    args: tuple[str, ...]
    zh: tuple[str, ...]  # what the message says in a Chinese project
    en: tuple[str, ...]  # and in an English one


PENDING, FIRST = ("A/1", ON), ("KF01 A/0", ON)
AGAIN = ("--by", "总经理", "--change", "改", "--keep-review")  # a release that keeps the last review
WITHDRAW = ("--no-successor", "--by", "总经理", "--reason", "取消")
REFUSALS = {
    # fixed: a new version released before the approved one takes effect left that one never in force
    "release-successor-not-yet-effective": Refusal(BEFORE, ("release", "QP-03-01", *AGAIN),
                                                   ("尚未生效", *PENDING, "qmsdoc revise QP-03-01"),
                                                   ("not yet in force", *PENDING, "qmsdoc revise QP-03-01")),
    "release-first-version-not-yet-effective": Refusal(BEFORE, ("release", "KF01", *AGAIN),
                                                       ("尚未生效", *FIRST), ("not yet in force", *FIRST)),
    "release-manual-page-not-yet-effective": Refusal(BEFORE, ("release", "kf", *AGAIN),
                                                     ("尚未生效", "KF A/0", ON), ("not yet in force", "KF A/0", ON)),
    # fixed: review of a version not yet in force told to 改正 --date, to a date the command refuses as future
    "review-successor-not-yet-effective": Refusal(BEFORE, ("review", "QP-03-01", "--by", "总经理"),
                                                  ("尚未生效", *PENDING), ("not yet in force", *PENDING)),
    "review-first-version-not-yet-effective": Refusal(BEFORE, ("review", "ＫＦ０１", "--by", "总经理"),
                                                      ("尚未生效", *FIRST), ("not yet in force", *FIRST)),
    # fixed: --discard of an id that names nothing said it had no revision
    "discard-unknown-id": Refusal(LATER, ("revise", "QP-09-99", "--discard"),
                                  ("找不到编号 QP-09-99",), ("numbered QP-09-99",)),
    "discard-draft": Refusal(LATER, ("revise", "dy/aq-018", "--discard"),
                             ("DY/AQ-018 没有修订稿",), ("DY/AQ-018 has no revision",)),
    # already right, driven here so they stay so
    "obsolete-with-open-revision": Refusal(LATER, ("obsolete", "qp-03-02", *WITHDRAW),
                                           ("QD232", "qmsdoc revise QP-03-02 --discard"),
                                           ("QD232", "qmsdoc revise QP-03-02 --discard")),
    "obsolete-obsolete": Refusal(LATER, ("obsolete", "QP-02-04", *WITHDRAW),
                                 ("QP-02-04", "作废"), ("QP-02-04", "withdrawn")),
    "obsolete-draft": Refusal(LATER, ("obsolete", "DY/AQ-018", *WITHDRAW),
                              ("DY/AQ-018", "草稿"), ("DY/AQ-018", "Draft")),
    "release-obsolete": Refusal(LATER, ("release", "QP-02-04", *AGAIN),
                                ("QP-02-04 已作废",), ("QP-02-04 is withdrawn",)),
    "review-draft": Refusal(LATER, ("review", "DY/AQ-018", "--by", "总经理"), ("草稿",), ("Draft",)),
    "review-obsolete": Refusal(LATER, ("review", "QP-02-04", "--by", "总经理"), ("作废",), ("Obsolete",)),
    # fixed: the last version of a withdrawn document was called 不是发布过的版本 (never released)
    "acknowledge-obsolete": Refusal(LATER, ("acknowledge", "QP-02-04", "--by", "张三", "--department", "客服部"),
                                    ("QP-02-04 已作废", "--version"), ("QP-02-04 is withdrawn", "--version")),
    "acknowledge-draft": Refusal(LATER, ("acknowledge", "DY/AQ-018", "--by", "张三", "--department", "客服部"),
                                 ("草稿",), ("Draft",)),
    # fixed: a release of content identical to the version in force wrote a new version with no change (a silent
    # edit in the 修订记录); the same rule, the approval's fingerprint, for each kind and for a working revision
    "release-unchanged-document": Refusal(LATER, ("release", "QP-02-03", *AGAIN),
                                          ("QP-02-03 的内容与现行版本 A/1 相同", "qmsdoc review QP-02-03"),
                                          ("QP-02-03 is the same as the version in force, A/1",
                                           "qmsdoc review QP-02-03")),
    "release-unchanged-edition": Refusal(LATER, ("release", "QP-02-03", *AGAIN, "--edition"),
                                         ("与现行版本 A/1 相同",), ("same as the version in force, A/1",)),
    "release-unchanged-form": Refusal(LATER, ("release", "qp-03-01-f001", "--by", "总经理", "--change", "改"),
                                      ("QP-03-01-F001 的内容与现行版本 A/0 相同", "qmsdoc revise QP-03-01-F001"),
                                      ("QP-03-01-F001 is the same", "qmsdoc revise QP-03-01-F001")),
    "release-unchanged-manual-page": Refusal(LATER, ("release", "QP-02", *AGAIN),
                                             ("QP-02 的内容与现行版本", "qmsdoc revise QP-02"),
                                             ("QP-02 is the same", "qmsdoc revise QP-02")),
    "release-unchanged-revision": Refusal(LATER, ("release", "QP-03-02", "--by", "总经理", "--change", "改",
                                                  "--reviewed-by", "经理"),
                                          ("revisions/manuals/qp-service/QP-03-02.md", "没有任何修改",
                                           "qmsdoc revise QP-03-02 --discard"),
                                          ("revisions/manuals/qp-service/QP-03-02.md", "holds no change",
                                           "qmsdoc revise QP-03-02 --discard")),
    "redline-draft": Refusal(LATER, ("redline", "DY/AQ-018", "--out", "redline.docx"), ("从未发布",), ("never",)),
}


def _acknowledged(project: Project, relative: str) -> None:
    project.replace(relative, "\nstatus:", "\nacknowledge: [客服部]\nstatus:")


@pytest.fixture(params=["zh-CN", "en"])
def states(request: pytest.FixtureRequest, repo: Project, monkeypatch: pytest.MonkeyPatch) -> tuple[Project, str]:
    """The shipped project with the states above committed, in each language."""
    language = str(request.param)
    if language == "en":  # the shipped headings are kept: only what qmsdoc says changes
        repo.write("qmsdoc.yml", "language: en\n" + repo.read("qmsdoc.yml"))
    for relative in ("manuals/qp-hr/QP-02-04.md", "manuals/dy-aq/DY_AQ-018.md"):
        _acknowledged(repo, relative)
    monkeypatch.setenv("QMSDOC_TODAY", LATER)
    opened = run_cli("revise", "QP-03-02", "--by", "张三", cwd=repo.root)
    assert opened.returncode == 0, opened.stdout + opened.stderr
    commit(repo.root, "states")
    return repo, language


def _files(root: Path) -> dict[str, str]:
    """Every file under `root` but git's own, by its hash: a refusal leaves each one as it was, and adds none."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file() and ".git" not in path.relative_to(root).parts}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_command_refused_in_a_state_says_why_and_writes_nothing(states: tuple[Project, str], case: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    project, language = states
    refusal = REFUSALS[case]
    monkeypatch.setenv("QMSDOC_TODAY", refusal.today)
    before = _files(project.root)
    result = run_cli(*refusal.args, cwd=project.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said
    for fragment in refusal.zh if language == "zh-CN" else refusal.en:
        assert fragment in said, (fragment, said)
    if language == "en":
        assert "未完成" not in said, said  # the English project is answered in English
    assert _files(project.root) == before


@pytest.mark.parametrize("args,edited", [
    (("release", "QP-03-01", *AGAIN), "manuals/qp-service/QP-03-01.md"),
    (("release", "kf", *AGAIN), "manuals/kf/index.md"),
    (("review", "ＫＦ０１", "--by", "总经理"), None),
])
def test_from_the_effective_date_on_the_same_command_goes_through(states: tuple[Project, str], args: tuple[str, ...],
                                                                   edited: str | None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """On the day the approved version takes effect it is the version in force: a change to it released (an edit
    approved in place), or the version reviewed."""
    project, _language = states
    monkeypatch.setenv("QMSDOC_TODAY", ON)
    if edited is not None:
        project.write(edited, project.read(edited).rstrip("\n") + "\n\n补充说明。\n")
    result = run_cli(*args, cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_discard_in_another_spelling_removes_the_revision_only(states: tuple[Project, str]) -> None:
    project, _language = states
    before = _files(project.root)
    result = run_cli("revise", "ｑｐ－０３－０２", "--discard", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "QP-03-02" in result.stdout
    after = _files(project.root)
    assert set(before) - set(after) == {"revisions/manuals/qp-service/QP-03-02.md"}
    assert all(after[name] == digest for name, digest in before.items() if name in after)


@pytest.mark.parametrize(("code", "told", "not_told"), [
    ("QP-03-01", ("A/1", ON, "A/0"), ("现行版本 A/1 继续有效", "current version A/1 stays in force")),
    ("KF01", ("A/0", ON), ("现行版本 A/0 继续有效", "current version A/0 stays in force")),
])
def test_a_revision_of_a_version_not_yet_in_force_says_which_version_is(
        states: tuple[Project, str], monkeypatch: pytest.MonkeyPatch, code: str, told: tuple[str, ...],
        not_told: tuple[str, ...]) -> None:
    """Drafting the next version of one approved but not yet effective is allowed; the answer does not call that
    version the one in force (until its effective date it is the one before, or none)."""
    project, language = states
    monkeypatch.setenv("QMSDOC_TODAY", BEFORE)
    result = run_cli("revise", code, "--by", "张三", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(part in result.stdout for part in told), result.stdout
    assert not any(part in result.stdout for part in not_told), result.stdout
    assert ("起生效" if language == "zh-CN" else "takes effect") in result.stdout


@pytest.fixture
def owner_withdrawn(request: pytest.FixtureRequest, repo: Project,
                    monkeypatch: pytest.MonkeyPatch) -> tuple[Project, str]:
    """QP-03-05 withdrawn (superseded by QP-03-04, the reference in QP-03-01 moved and released): its blank form
    QP-03-05-F001 went out of use with it."""
    language = str(getattr(request, "param", "zh-CN"))
    if language == "en":
        repo.write("qmsdoc.yml", "language: en\n" + repo.read("qmsdoc.yml"))
    monkeypatch.setenv("QMSDOC_TODAY", LATER)
    withdraw_qp_03_05(repo)
    return repo, language


# An English project keeping the shipped Chinese headings has QD151 errors of its own, which refuse any issue
# before this question is reached: there the release answers in English.
@pytest.mark.parametrize(("owner_withdrawn", "args"), [
    ("zh-CN", ("release", "QP-03-05-F001", "--by", "总经理", "--change", "改")),
    ("zh-CN", ("issue", "qp-03-05-f001", "--to", "客服部")),
    ("en", ("release", "qp-03-05-f001", "--by", "总经理", "--change", "改")),
], indirect=["owner_withdrawn"])
def test_a_form_whose_owner_is_withdrawn_is_neither_released_nor_issued(
        owner_withdrawn: tuple[Project, str], args: tuple[str, ...]) -> None:
    """Both went through: a new version of a form no document in force owns, and numbered copies of it."""
    project, language = owner_withdrawn
    before = _files(project.root)
    result = run_cli(*args, cwd=project.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "qmsdoc revise QP-03-05-F001" in said and "QP-03-05" in said.replace("QP-03-05-F001", ""), said
    assert ("已作废" if language == "zh-CN" else "withdrawn") in said, said
    assert _files(project.root) == before


@pytest.mark.parametrize("args", [
    ("release", "QP-03-01-F001", "--by", "总经理", "--change", "改"),
    ("issue", "QP-03-01-F001", "--to", "客服部"),
])
def test_a_form_whose_owner_is_in_force_is_released_and_issued(owner_withdrawn: tuple[Project, str],
                                                                args: tuple[str, ...]) -> None:
    """The same commands, the same day, on a form of QP-03-01 (in force), go through (a release with a change to
    release: one of unchanged content is refused whatever the owner)."""
    project, _language = owner_withdrawn
    if args[0] == "release":
        project.replace("controlled_forms/QP-03-01-F001.yaml", "retention: 2 年", "retention: 3 年")
    result = run_cli(*args, cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr


def _signing(project: Project, folder: Path) -> Path:
    """An SSH key for 总经理, listed in the project's allowed_signers (committed): signed mode's prerequisites."""
    import subprocess

    key = folder / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "gm", "-f", str(key)], check=True)
    project.write(".qmsdoc/allowed_signers",
                  f'总经理 namespaces="qmsdoc" {key.with_suffix(".pub").read_text().strip()}\n')
    commit(project.root, "批准人公钥")
    return key


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("dy/aq-018", ("DY/AQ-018（草稿）", "qmsdoc release"), ("DY/AQ-018 (Draft)", "qmsdoc release")),
    ("QP-09-99", ("找不到这些编号：QP-09-99",), ("numbered QP-09-99",)),
])
def test_signing_an_approval_that_does_not_exist_says_which_is_missing(
        states: tuple[Project, str], tmp_path: Path, code: str, zh: tuple[str, ...], en: tuple[str, ...]) -> None:
    """A draft and an id that names nothing were one answer (不存在或还没有批准记录): the draft is named with its state
    and pointed to release, the unknown id to its number."""
    project, language = states
    key = _signing(project, tmp_path)
    before = _files(project.root)
    result = run_cli("sign", "--by", "总经理", "--key", str(key), code, cwd=project.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert all(part in said for part in (zh if language == "zh-CN" else en)), said
    assert _files(project.root) == before


def test_signing_an_approval_that_exists_goes_through(states: tuple[Project, str], tmp_path: Path) -> None:
    project, _language = states
    key = _signing(project, tmp_path)
    result = run_cli("sign", "--by", "总经理", "--key", str(key), "ｑｐ－０３－０４", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signature:" in project.read("manuals/qp-service/QP-03-04.md")


def test_a_release_may_take_effect_later_than_its_approval(repo: Project, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    """Chinese practice approves a version (批准日期) days before it takes effect (实施日期); `release` could only make
    both the same day, so a version approved today was in force today. `--effective` sets the later day: the version
    before stays in force until then, as `register --as-of` answers."""
    import csv

    from qmsdoc.core import check, load_config

    monkeypatch.setenv("QMSDOC_TODAY", LATER)
    assert run_cli("revise", "QP-03-04", "--by", "张三", cwd=repo.root).returncode == 0
    draft = next(repo.root.joinpath("revisions").rglob("QP-03-04.md"))
    draft.write_text(draft.read_text("utf-8") + "\n补充一条要求。\n", "utf-8")
    early = run_cli("release", "QP-03-04", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                    "--effective", "2026-11-30", cwd=repo.root)
    assert early.returncode == 1 and "实施日期 2026-11-30 早于批准日期 2026-12-01" in early.stderr, early
    assert draft.exists()  # nothing released
    done = run_cli("release", "QP-03-04", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                   "--effective", "2026-12-20", cwd=repo.root)
    assert done.returncode == 0 and "2026-12-20 起实施" in done.stdout, done
    result = check(load_config(repo.root))
    assert [f.format() for f in result.findings if f.path.endswith("QP-03-04.md")] == []
    document = result.corpus.documents["QP-03-04"]
    assert str(document.version) == "A/1" and str(document.effective_date) == "2026-12-20"
    assert str(document.signoffs["approved"].date) == LATER
    commit(repo.root, "A/1 approved, effective later")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-21")
    for day, version in (("2026-12-10", "A/0"), ("2026-12-20", "A/1")):  # A/0 in force until the 20th
        out = tmp_path / f"register-{day}.csv"
        assert run_cli("register", "--as-of", day, "--format", "csv", "--out", str(out), cwd=repo.root).returncode == 0
        rows = {row[0]: row for row in csv.reader(out.read_text("utf-8-sig").splitlines())}
        assert rows["QP-03-04"][3] == version, (day, rows["QP-03-04"])


def test_a_blank_form_takes_no_effective_date_of_its_own(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", LATER)
    form = "controlled_forms/QP-02-03-F001.yaml"
    repo.write(form, repo.read(form).replace("title: ", "title: 新", 1))
    before = repo.read(form)
    refused = run_cli("release", "QP-02-03-F001", "--by", "总经理", "--change", "改", "--effective", "2026-12-20",
                      cwd=repo.root)
    assert refused.returncode == 1 and "没有单独的实施日期" in refused.stderr, refused
    assert repo.read(form) == before
    done = run_cli("release", "QP-02-03-F001", "--by", "总经理", "--change", "改", cwd=repo.root)
    assert done.returncode == 0 and "起实施" not in done.stdout, done
