"""While an approved version waits for its effective date (`qmsdoc release … --effective`), the build also makes
controlled Word and PDF copies of the version in force until then (from its release in git), lists them in the
manifest for `qmsdoc verify` and links them from both banners; the waiting version's own copies say on their face
that it is not in force yet. The day it takes effect, all is as before: no extra copies."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import commit, committed_project, release_later, run_cli, today_is
from pending_projects import APPROVED, EFFECTIVE, built_on, english_waiting, pdf_text, verdict, word_text

IN_FORCE = "documents/in-force/QP-03-04-A-0"
pytestmark = pytest.mark.usefixtures("approval_day")


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git with QP-03-04 A/1 approved on 2026-12-06, effective 2027-01-01, committed."""
    root = committed_project(tmp_path_factory.mktemp("pending"))
    with today_is(APPROVED):
        release_later(root, "QP-03-04", EFFECTIVE)
    return root


@pytest.fixture(scope="module")
def built(pending: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A build of the pending project on its approval day (with its stderr)."""
    return built_on(pending, tmp_path_factory.mktemp("built"), APPROVED, "--pdf")


def _word_text(path: Path) -> str:
    """The Word copy's paragraphs, then each cell of its header tables, a line each."""
    return word_text(path, "\n")


def test_the_build_makes_controlled_copies_of_the_version_in_force_while_its_successor_waits(
        built: tuple[Path, str]) -> None:
    root, _ = built
    word, pdf = root / f"build/docx/{IN_FORCE}.docx", root / f"build/pdf/{IN_FORCE}.pdf"
    assert word.is_file() and pdf.is_file()
    text = _word_text(word)
    assert "补充一条新的要求" not in text  # A/0's text, from its release in git
    assert "历史版本" not in text and "非受控" not in text  # the version to work to, not an earlier one
    assert "本副本为现行版本 A/0：已批准的 A/1 自 2027-01-01 起生效" in text
    core = docx.Document(str(word)).core_properties
    assert (core.subject, core.keywords) == ("QP-03-04", "A/0")
    printed = pdf_text(pdf)
    assert "本副本为现行版本A/0" in printed and "补充一条新的要求" not in printed and "历史版本" not in printed
    assert (root / f"build/site/docx/{IN_FORCE}.docx").is_file()  # published for download


def test_the_waiting_versions_own_copies_say_it_is_not_in_force_yet(built: tuple[Path, str]) -> None:
    root, _ = built
    notice = "本版本 A/1 已批准，自 2027-01-01 起生效，在此之前不得据此执行；在此之前现行版本为 A/0"
    word = _word_text(root / "build/docx/documents/QP-03-04.docx")
    assert notice in word and "补充一条新的要求" in word
    assert notice.replace(" ", "") in pdf_text(root / "build/pdf/documents/QP-03-04.pdf")
    other = _word_text(root / "build/docx/documents/QP-03-01.docx")  # a version in force says nothing of the kind
    assert "已批准，自" not in other and "本副本为现行版本" not in other


def test_the_notices_of_the_copies_are_in_the_projects_language(pending: Path) -> None:
    import datetime as dt

    from qmsdoc.core import check, i18n, load_config
    from qmsdoc.core.copyjobs import in_force_notice, pending_notice

    document = check(load_config(pending)).corpus.documents["QP-03-04"]
    i18n.set_language("en")
    assert pending_notice(document, dt.date(2026, 12, 31)) == (
        "Version A/1 is approved and takes effect on 2027-01-01; work must not follow it before then; until then "
        "version A/0 is in force: work to its controlled copy.")
    assert pending_notice(document, dt.date(2027, 1, 1)) == ""  # in force from its effective date: nothing to say
    assert in_force_notice("A/0", document) == (
        "This copy is of version A/0, the version in force: the approved A/1 takes effect on 2027-01-01; work to "
        "this version until then. From 2027-01-01 this copy is obsolete.")


def test_the_manifest_lists_the_copies_of_the_version_in_force_and_verify_answers_them_current(
        built: tuple[Path, str]) -> None:
    root, _ = built
    entries = {e["path"]: e for e in json.loads((root / "build/manifest.json").read_text("utf-8"))["files"]}
    for path in (f"docx/{IN_FORCE}.docx", f"pdf/{IN_FORCE}.pdf", f"site/docx/{IN_FORCE}.docx"):
        entry = entries[path]
        assert (entry["id"], entry["version"], entry.get("in_force_until")) == ("QP-03-04", "A/0", EFFECTIVE)
        assert "superseded" not in entry
    for suffix, folder in ((".docx", "docx"), (".pdf", "pdf")):
        code, text = verdict(root, root / f"build/{folder}/{IN_FORCE}{suffix}")
        assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text and "A/0" in text, text
        code, text = verdict(root, root / f"build/{folder}/documents/QP-03-04{suffix}")
        assert code != 0 and "尚未生效" in text, text  # the waiting version's copy is not one to work to yet
    os.environ["QMSDOC_TODAY"] = EFFECTIVE  # the successor is in force: the copy of A/0 is old from that day
    code, text = verdict(root, root / f"build/docx/{IN_FORCE}.docx")
    assert code != 0 and "现行受控副本" not in text, text


def test_the_page_of_the_version_in_force_is_not_listed_superseded_while_its_successor_waits(
        built: tuple[Path, str], tmp_path: Path) -> None:
    """The page of A/0 says 「仍是现行版本，请据此执行」 until A/1 takes effect, but the manifest listed it `superseded`
    and verify of the saved page said 「历史版本 … 现行版本为 A/1，不得用于指导工作」: false the day it was asked."""
    root, _ = built
    entries = {e["path"]: e for e in json.loads((root / "build/manifest.json").read_text("utf-8"))["files"]}
    page = entries["site/history/QP-03-04/A-0/index.html"]
    assert (page["version"], page.get("in_force_until"), page.get("superseded")) == ("A/0", EFFECTIVE, None), page
    for path in ("docx/documents/QP-03-04.docx", "pdf/documents/QP-03-04.pdf", "site/qp-service/QP-03-04/index.html"):
        assert (entries[path]["version"], entries[path].get("in_force_from")) == ("A/1", EFFECTIVE), entries[path]
    assert not [e for e in entries.values() if e.get("id") == "QP-03-05" and "in_force_from" in e]  # none waits
    saved = tmp_path / "QP-03-04-A-0.html"
    saved.write_bytes((root / "build/site/history/QP-03-04/A-0/index.html").read_bytes())
    code, text = verdict(root, saved)
    assert code == 0 and "至 2027-01-01 前" in text and "不得用于指导工作" not in text, text
    os.environ["QMSDOC_TODAY"] = EFFECTIVE  # from the successor's effective date the page is of an old version
    code, text = verdict(root, saved)
    assert code != 0 and "A/1" in text, text


def test_both_banners_link_the_copies_of_the_version_in_force(built: tuple[Path, str]) -> None:
    root, _ = built
    page = (root / "build/site/qp-service/QP-03-04/index.html").read_text("utf-8")
    earlier = (root / "build/site/history/QP-03-04/A-0/index.html").read_text("utf-8")
    for html in (page, earlier):
        assert "现行版本 A/0 受控副本" in html
        assert f"docx/{IN_FORCE}.docx" in html and f"pdf/{IN_FORCE}.pdf" in html


def test_the_day_the_successor_takes_effect_there_are_no_extra_copies(pending: Path, tmp_path: Path) -> None:
    root, stderr = built_on(pending, tmp_path, EFFECTIVE, "--pdf")
    assert not list((root / "build").rglob("in-force"))
    assert "本版本 A/1 已批准" not in _word_text(root / "build/docx/documents/QP-03-04.docx")
    page = (root / "build/site/history/QP-03-04/A-0/index.html").read_text("utf-8")
    assert "受控副本：" not in page and IN_FORCE not in page
    manifest = (root / "build/manifest.json").read_text("utf-8")
    assert "in_force_until" not in manifest
    assert "现行版本的受控副本" not in stderr


def test_without_git_history_for_the_version_in_force_the_build_says_so_once_and_carries_on(
        pending: Path, tmp_path: Path, built: tuple[Path, str]) -> None:
    _, stderr = built
    assert "未生成现行版本的受控副本" not in stderr  # git holds A/0: nothing to say
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", pending.as_uri(), str(shallow)], check=True,
                   capture_output=True)
    result = run_cli("build", "--pdf", cwd=shallow)
    assert result.returncode == 0, result
    assert result.stderr.count("未生成现行版本的受控副本") == 1, result.stderr
    assert "QP-03-04 A/0（A/1 自 2027-01-01 起生效）" in result.stderr
    assert (shallow / "build/docx/documents/QP-03-04.docx").is_file()
    assert not list((shallow / "build").rglob("in-force"))
    page = (shallow / "build/site/qp-service/QP-03-04/index.html").read_text("utf-8")
    assert IN_FORCE not in page  # nothing linked that was not made


def test_an_english_project_gets_the_copies_and_their_notices_in_english(tmp_path: Path) -> None:
    root = english_waiting(tmp_path, "QM-04", "One more requirement.")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result
    held_copy = "documents/in-force/QM-04-A-0.docx"
    held = _word_text(root / "build/docx" / held_copy)
    assert "This copy is of version A/0, the version in force: the approved A/1 takes effect on 2027-01-01" in held
    assert "One more requirement" not in held
    waiting = _word_text(root / "build/docx/documents/QM-04.docx")
    assert "Version A/1 is approved and takes effect on 2027-01-01; work must not follow it before then" in waiting
    page = (root / "build/site/history/QM-04/A-0/index.html").read_text("utf-8")
    assert "Controlled copy of version A/0, in force until then:" in page and f"docx/{held_copy}" in page
    code, text = verdict(root, root / "build/docx" / held_copy)
    assert code == 0 and text.startswith("Current controlled copy (until 2027-01-01)"), text


@pytest.mark.parametrize("recorded", [True, False])
def test_a_copy_of_the_version_in_force_is_made_only_with_the_pictures_its_approval_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded: bool) -> None:
    """A/1 shows flow.png. Its approval recorded the picture's digest (QD194 keeps the file so): its copy shows what
    was approved, and is made. An approval made before qmsdoc recorded pictures says nothing of the file, which may
    have changed since: a copy of A/1 from today's file could show another picture as A/1's — none is made, the
    build says why once, and no banner links one."""
    import io
    import re

    from PIL import Image

    from qmsdoc.core.approval import refingerprinted

    root = committed_project(tmp_path)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    assert run_cli("revise", "QP-03-04", "--by", "张三", cwd=root).returncode == 0
    draft = next(root.joinpath("revisions").rglob("QP-03-04.md"))
    draft.write_text(draft.read_text("utf-8") + "\n![投诉处理流程](flow.png)\n", "utf-8")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(picture, "PNG")
    (root / "manuals" / "qp-service" / "flow.png").write_bytes(picture.getvalue())
    first = run_cli("release", "QP-03-04", "--by", "总经理", "--reviewed-by", "经理", "--change", "加流程图", cwd=root)
    assert first.returncode == 0, first
    source = root / "manuals" / "qp-service" / "QP-03-04.md"
    if not recorded:  # as an approval made before pictures were recorded
        text = re.sub(r", pictures: \{[^}]*\}", "", source.read_text("utf-8"))
        source.write_text(refingerprinted("document", text), "utf-8")
        assert "pictures" not in source.read_text("utf-8")
    commit(root, "A/1 with its picture")
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)
    release_later(root, "QP-03-04", EFFECTIVE)
    result = run_cli("build", "--pdf", cwd=root)
    assert result.returncode == 0, result
    build = root / "build"
    made = sorted(p.name for p in build.glob("*/documents/in-force/QP-03-04-*"))
    page = (build / "site" / "qp-service" / "QP-03-04" / "index.html").read_text("utf-8")
    if recorded:
        assert made == ["QP-03-04-A-1.docx", "QP-03-04-A-1.pdf"] and "in-force/QP-03-04-A-1" in page, made
        assert "图片" not in result.stderr, result.stderr
    else:
        assert made == [] and "in-force/QP-03-04" not in page and "尚未生效" in page, made
        assert result.stderr.count("QP-03-04 A/1") == 1 and "图片" in result.stderr, result.stderr
