"""`qmsdoc verify` of files an auditor is handed that the last build did not judge for it: a manual's page saved
before a document it lists was released again (no rebuild since), and files of the build that have no id but are
no 学习签到表. A false 「现行」 is the worst answer verify can give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.verify.verdict import verify

from conftest import commit, initialised, released_first, run_cli
from pending_projects import verdict

FILLED = "本程序规定文件的控制方法。"


@pytest.fixture()
def drafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new project (`qmsdoc init`) with its manual page and form released, the procedure QM-01 written but a
    draft, committed."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = initialised(tmp_path, FILLED)
    released_first(root, "QM", "QM-01-F01")
    commit(root, "首次发布")
    return root


@pytest.fixture()
def released(drafted: Path) -> Path:
    """`drafted` with QM-01 released too, and built."""
    released_first(drafted, "QM-01")
    commit(drafted, "发布 QM-01")
    assert run_cli("build", cwd=drafted).returncode == 0
    return drafted


def test_a_saved_manual_page_is_stale_once_a_document_it_lists_is_released_again(released: Path,
                                                                                   tmp_path: Path) -> None:
    saved = tmp_path / "saved-manual.html"
    shutil.copy(released / "build/site/qm/index.html", saved)
    code, text = verdict(released, saved)
    assert code == 0 and "整本手册 QM" in text  # the page of this build, nothing changed since: current
    assert run_cli("revise", "QM-01", "--by", "质量经理", cwd=released).returncode == 0
    revision = released / "revisions/manuals/qm/QM-01.md"
    revision.write_text(revision.read_text("utf-8").replace(FILLED, "本程序规定受控文件的控制方法。"), "utf-8")
    assert run_cli("release", "QM-01", "--by", "张三", "--reviewed-by", "李四", "--change", "修订",
                   cwd=released).returncode == 0
    code, text = verdict(released, saved)  # not rebuilt: the build's page still lists QM-01 A/0
    assert code == 1 and "已过期" in text and "QM-01 A/0 → A/1" in text


def _manifest_with(root: Path, path: str, source: Path, **entry: object) -> None:
    """Adds `source`'s bytes to build/manifest.json under `path` (what an older build, or a file the build holds
    without an id, left there)."""
    from qmsdoc.records.hashes import sha256_file

    manifest = root / "build/manifest.json"
    content = json.loads(manifest.read_text("utf-8"))
    content["files"].append({"path": path, "sha256": sha256_file(source), **entry})
    manifest.write_text(json.dumps(content, ensure_ascii=False), "utf-8")


def test_a_manual_page_the_manifest_records_no_contents_for_is_never_current(released: Path,
                                                                              tmp_path: Path) -> None:
    saved = tmp_path / "saved-manual.html"
    page = (released / "build/site/qm/index.html").read_text("utf-8")
    saved.write_text(page.replace("</body>", "<!-- an older build's page --></body>"), "utf-8")
    _manifest_with(released, "site/qm/old.html", saved, id=None, version=None)  # as manifests before the fix
    config = load_config(released)
    result = check(config)
    verdict = verify(saved, result.corpus, config.build_path, result.context.distribution)
    assert not verdict.current and "无法确认为现行" in verdict.message


def test_a_file_of_the_build_without_an_id_is_a_sign_in_sheet_only_in_the_sign_in_folder(released: Path,
                                                                                           tmp_path: Path) -> None:
    import docx

    foreign = tmp_path / "supplier.docx"
    sheet = docx.Document()
    sheet.add_paragraph("供方资质证明")
    sheet.core_properties.subject, sheet.core_properties.keywords = "QM-01", "A/0"  # it claims to be QM-01 A/0
    sheet.save(str(foreign))
    _manifest_with(released, "site/attachments/supplier.docx", foreign, id=None, version=None)
    code, text = verdict(released, foreign)
    assert code == 1 and "学习签到表" not in text and not text.startswith("现行")
    signin = tmp_path / "signin.docx"
    other = docx.Document()
    other.add_paragraph("学习签到表")
    other.save(str(signin))
    _manifest_with(released, "docx/signin/QM-01.docx", signin, id=None, version=None)
    code, text = verdict(released, signin)
    assert code == 1 and "学习签到表" in text


def test_the_preview_page_of_a_revision_is_no_current_copy(released: Path) -> None:
    config = released / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    assert run_cli("revise", "QM-01", "--by", "质量经理", cwd=released).returncode == 0
    revision = released / "revisions/manuals/qm/QM-01.md"
    revision.write_text(revision.read_text("utf-8").replace(FILLED, "尚未批准的修订内容。"), "utf-8")
    assert run_cli("build", cwd=released).returncode == 0
    preview = released / "build/site/revisions/QM-01/index.html"
    assert "尚未批准的修订内容" in preview.read_text("utf-8")  # the draft of the next version, under the current one's
    code, text = verdict(released, preview)
    assert code == 1 and "修订稿预览" in text
    code, text = verdict(released, released / "build/site/qm/QM-01/index.html")
    assert code == 0 and "现行受控副本" in text  # the page in force stays current


def test_a_copy_built_from_the_draft_is_not_current_once_the_same_version_is_released(drafted: Path,
                                                                                      tmp_path: Path) -> None:
    config = drafted / "qmsdoc.yml"  # the draft's page too, as a preview
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    assert run_cli("build", "--pdf", cwd=drafted).returncode == 0  # QM-01 A/0, a draft: its copies say 草稿
    saved = {suffix: tmp_path / f"draft{suffix}" for suffix in (".docx", ".pdf", ".html")}
    shutil.copy(drafted / "build/docx/documents/QM-01.docx", saved[".docx"])
    shutil.copy(drafted / "build/pdf/documents/QM-01.pdf", saved[".pdf"])
    shutil.copy(drafted / "build/site/qm/QM-01/index.html", saved[".html"])
    for copy in saved.values():
        assert verdict(drafted, copy)[0] == 1  # a draft
    procedure = drafted / "manuals/qm/QM-01.md"
    procedure.write_text(procedure.read_text("utf-8").replace(FILLED, "本程序规定受控文件的控制方法。"), "utf-8")
    released_first(drafted, "QM-01")  # the same number A/0, other words; not rebuilt
    for suffix, copy in saved.items():
        code, text = verdict(drafted, copy)
        assert code == 1 and "批准发布前" in text, suffix
    assert run_cli("build", "--pdf", cwd=drafted).returncode == 0
    for built in ("build/docx/documents/QM-01.docx", "build/pdf/documents/QM-01.pdf", "build/site/qm/QM-01/index.html",
                  "build/docx/forms/QM-01-F01.docx", "build/pdf/forms/QM-01-F01.pdf"):
        code, text = verdict(drafted, drafted / built)
        assert code == 0 and "现行受控副本" in text, built  # the rebuilt copies are current
