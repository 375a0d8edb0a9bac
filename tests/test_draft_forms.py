"""A revision that adds a blank form: the new form is written as a draft (`status: draft`) and listed by the
owner's working revision; check and build stay green while the revision is under review, the draft form is not
published as in force, a document in force may not list it (QD154), and the form is released before the revision."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config

from conftest import CliRun, commit, git, run_cli

FORM = "controlled_forms/QM-01-F02.yaml"
DOC = "manuals/qm/QM-01.md"
REVISION = "revisions/manuals/qm/QM-01.md"
DRAFT_FORM = """code: QM-01-F02\r
title: 文件发放记录\r
version: A/0\r
owner: QM-01\r
status: draft\r
retention: 3 年\r
fields:\r
  - {label: 文件编号及名称}\r
  - {label: 发放日期}\r
signatures: [发放人, 领用人]\r
"""


def _cli(root: Path, *args: str) -> CliRun:
    return run_cli(*args, cwd=root)


def _codes(root: Path) -> list[tuple[str, str]]:
    return [(f.path, f.code) for f in check(load_config(root)).findings]


def _ok(run: CliRun) -> None:
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new project with its manual page, form QM-01-F01 and procedure QM-01 released and committed."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = tmp_path / "项目"
    _ok(run_cli("init", str(root), cwd=tmp_path))
    doc = root / DOC
    doc.write_text(doc.read_text("utf-8").replace("（待编写）", "内容。"), "utf-8")
    git(root, "init", "-q")
    commit(root, "init")
    _ok(_cli(root, "release", "QM", "--by", "总经理", "--change", "首次发布"))
    _ok(_cli(root, "release", "QM-01-F01", "--by", "总经理", "--change", "首次发布"))
    _ok(_cli(root, "release", "QM-01", "--by", "总经理", "--reviewed-by", "质量经理", "--change", "首次发布"))
    commit(root, "发布")
    assert _codes(root) == []
    return root


def _revise_with_new_form(root: Path) -> None:
    _ok(_cli(root, "revise", "QM-01", "--by", "质量专员"))
    (root / FORM).write_bytes(DRAFT_FORM.encode())
    revision = root / REVISION
    revision.write_text(revision.read_text("utf-8").replace("- [[QM-01-F01]]\n", "- [[QM-01-F01]]\n- [[QM-01-F02]]\n"),
                        "utf-8")


def test_a_revision_adding_a_draft_form_keeps_check_and_build_green_until_both_are_released(released: Path) -> None:
    root = released
    _revise_with_new_form(root)
    assert _codes(root) == []  # no QD122 (no approval yet), no QD151 (the revision lists it)
    commit(root, "修订稿：增加文件发放记录")

    _ok(_cli(root, "build", "--strict"))
    build = root / "build"
    assert not (build / "site" / "forms" / "QM-01-F02").exists()
    assert "QM-01-F02" not in (build / "site" / "forms" / "index.html").read_text("utf-8")
    assert not (build / "site" / "docx" / "forms" / "QM-01-F02.docx").exists()
    row = next(line for line in (build / "register.csv").read_text("utf-8-sig").splitlines() if "QM-01-F02" in line)
    assert ",草稿," in row  # listed as a draft, as a draft document is, never as in force
    blank = zipfile.ZipFile(io.BytesIO((build / "docx" / "forms" / "QM-01-F02.docx").read_bytes()))
    assert "草稿" in "".join(blank.read(n).decode("utf-8") for n in blank.namelist() if n.startswith("word/header"))

    # A release of the revision that is refused (no reviewer named) leaves the draft form a draft: nothing written.
    before, drafted = (root / DOC).read_bytes(), (root / FORM).read_bytes()
    refused = _cli(root, "release", "QM-01", "--by", "总经理", "--change", "增加发放记录")
    assert refused.returncode == 1 and "--reviewed-by" in refused.stdout + refused.stderr
    assert (root / DOC).read_bytes() == before and (root / FORM).read_bytes() == drafted and (root / REVISION).exists()

    # The form first: it is in force, listed by the owner's revision only — still clean.
    _ok(_cli(root, "release", "QM-01-F02", "--by", "总经理", "--change", "首次发布"))
    form = (root / FORM).read_bytes()
    assert b"status:" not in form and b"\r\nversion: A/0\r\n" in form and b"approved: {by: " in form
    assert b"\n" not in form.replace(b"\r\n", b"")  # line endings kept
    assert _codes(root) == []
    commit(root, "发布 QM-01-F02")

    _ok(_cli(root, "release", "QM-01", "--by", "总经理", "--reviewed-by", "质量经理", "--change", "增加发放记录"))
    assert "- [[QM-01-F02]]" in (root / DOC).read_text("utf-8") and not (root / REVISION).exists()
    commit(root, "发布 QM-01 A/1")
    assert _codes(root) == []
    _ok(_cli(root, "build", "--strict"))
    assert (root / "build" / "site" / "forms" / "QM-01-F02").is_dir()
    assert "QM-01-F02" in (root / "build" / "site" / "forms" / "index.html").read_text("utf-8")


def test_releasing_the_revision_releases_the_draft_forms_it_lists_with_it(released: Path) -> None:
    root = released
    _revise_with_new_form(root)
    commit(root, "修订稿：增加文件发放记录")
    done = _cli(root, "release", "QM-01", "--by", "总经理", "--reviewed-by", "质量经理", "--change", "增加发放记录")
    _ok(done)
    assert "QM-01 A/1" in done.stdout and "QM-01-F02 A/0" in done.stdout  # the form is named as released with it
    form = (root / FORM).read_bytes()
    assert b"status:" not in form and b"approved: {by: " in form and "随 QM-01 发布：增加发放记录".encode() in form
    assert b"\n" not in form.replace(b"\r\n", b"")  # line endings kept
    assert "- [[QM-01-F02]]" in (root / DOC).read_text("utf-8") and not (root / REVISION).exists()
    commit(root, "发布 QM-01 A/1")
    assert _codes(root) == []


def test_draft_form_page_is_a_preview_only_under_publish_drafts(released: Path) -> None:
    root = released
    _revise_with_new_form(root)
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    commit(root, "预览草稿")
    _ok(_cli(root, "build", "--strict"))
    site = root / "build" / "site"
    page = (site / "forms" / "QM-01-F02" / "index.html").read_text("utf-8")
    assert "qms-banner-draft" in page
    assert "QM-01-F02" not in (site / "forms" / "index.html").read_text("utf-8")
    assert (site / "docx" / "forms" / "QM-01-F02.docx").exists()


def test_qd154_fires_for_a_document_in_force_listing_a_draft_form_and_only_then(released: Path) -> None:
    root = released
    (root / FORM).write_bytes(DRAFT_FORM.encode())
    # Listed nowhere: QD151 says how a new form comes in (with a revision of its owner).
    result = check(load_config(root))
    assert [(f.path, f.code) for f in result.findings] == [(FORM, "QD151")]
    assert "qmsdoc revise QM-01" in result.findings[0].message
    # Listed by the document in force (an edit in place): QD154 at the line that lists it, besides QD190.
    doc = root / DOC
    doc.write_text(doc.read_text("utf-8").replace("- [[QM-01-F01]]\n", "- [[QM-01-F01]]\n- [[QM-01-F02]]\n"), "utf-8")
    findings = check(load_config(root)).findings
    draft_listed = [f for f in findings if f.code == "QD154"]
    assert len(draft_listed) == 1 and draft_listed[0].path == DOC
    assert doc.read_text("utf-8").splitlines()[draft_listed[0].line - 1] == "- [[QM-01-F02]]"
    assert "qmsdoc release QM-01-F02" in draft_listed[0].message
    # Once the form is released, the document in force may list it.
    form = root / FORM
    form.write_bytes(form.read_bytes().replace(b"status: draft\r\n", b""))
    assert "QD154" not in {f.code for f in check(load_config(root)).findings}


def test_a_released_form_marked_draft_again_is_a_change_not_a_draft(released: Path) -> None:
    form = released / "controlled_forms" / "QM-01-F01.yaml"
    form.write_text(form.read_text("utf-8").replace("owner: QM-01\n", "owner: QM-01\nstatus: draft\n"), "utf-8")
    codes = {code for _path, code in _codes(released)}
    assert "QD190" in codes and "QD154" in codes


def test_a_draft_form_is_edited_not_revised(released: Path) -> None:
    root = released
    _revise_with_new_form(root)
    refused = _cli(root, "revise", "QM-01-F02", "--by", "质量专员")
    assert refused.returncode == 1 and "草稿" in refused.stderr
    assert not (root / "revisions" / FORM).exists()
    # One made by hand (or left from before the form was marked draft) is QD232, at its marker.
    copy = root / "revisions" / FORM
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(DRAFT_FORM.encode() + b"revision: {of: A/0, by: \xe8\xb4\xa8\xe9\x87\x8f\xe4\xb8\x93\xe5\x91\x98, "
                     b"date: 2026-12-01}\r\n")
    assert ("revisions/" + FORM, "QD232") in _codes(root)
