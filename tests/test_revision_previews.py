"""The site's preview of a blank form's and a manual index page's working revision (`publish_drafts: true`), as a
document's revision is previewed (test_history.py, test_verify_saved.py): at `revisions/<ID>/`, marked 草稿, the
revised form or page as its own page shows it and the redline from the version in force; the page in force links
to it. Without `publish_drafts` nothing of them is published. Small `qmsdoc init` projects, site and records only."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qmsdoc.search import read_pages

from conftest import commit, git, run_cli, today_is

FORM = "QM-01-F01"
FORM_REVISION = f"revisions/controlled_forms/{FORM}.yaml"
PAGE_REVISION = "revisions/manuals/qm/index.md"
FIELDS = {"zh-CN": "紧急程度", "en": "Urgency"}
LINES = {"zh-CN": "各部门应组织员工学习本手册。", "en": "Every department trains its staff in this manual."}


def _ok(root: Path, *args: str) -> None:
    done = run_cli(*args, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr


def _build(root: Path, *, publish_drafts: bool) -> Path:
    config = root / "qmsdoc.yml"
    text = re.sub(r"(?m)^publish_drafts: .*$", f"publish_drafts: {str(publish_drafts).lower()}",
                  config.read_text("utf-8"))
    config.write_text(text, "utf-8")
    _ok(root, "build", "--only", "site,records", "--strict")
    return root / "build"


def _revised(parent: Path, language: str) -> Path:
    """A new project whose manual page QM and blank form QM-01-F01 are released, then each revised (a field added
    to the form, a line to the page), committed."""
    root = parent / "qms"
    _ok(parent, "init", str(root), "--language", language)
    git(root, "init", "-q")
    commit(root, "init")
    for code in ("QM", FORM):
        _ok(root, "release", code, "--by", "QA", "--change", "1")
    commit(root, "release")
    for code in ("QM", FORM):
        _ok(root, "revise", code, "--by", "QA")
    form = root / FORM_REVISION
    form.write_text(form.read_text("utf-8").replace("fields:\n", f"fields:\n  - {{label: {FIELDS[language]}}}\n", 1),
                    "utf-8")
    page = root / PAGE_REVISION
    page.write_text(page.read_text("utf-8") + f"\n{LINES[language]}\n", "utf-8")
    commit(root, "revisions")
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The Chinese project's build without publish_drafts (kept aside), then with it."""
    with today_is("2026-12-01"):
        root = _revised(tmp_path_factory.mktemp("previews"), "zh-CN")
        quiet = root.parent / "quiet"
        shutil.copytree(_build(root, publish_drafts=False), quiet)
        yield quiet, _build(root, publish_drafts=True)


def _page(build: Path, url: str) -> str:
    return (build / "site" / url / "index.html").read_text("utf-8")


def _manifest(build: Path) -> dict[str, object]:
    return {entry["path"]: entry["id"] for entry in json.loads((build / "manifest.json").read_text("utf-8"))["files"]}


def test_a_forms_revision_is_previewed_with_its_new_field_and_redline(builds: tuple[Path, Path]) -> None:
    _, build = builds
    preview = _page(build, f"revisions/{FORM}")
    assert 'class="qms-banner qms-banner-draft"' in preview and "<strong>草稿</strong>" in preview
    assert "修订稿（现行 A/0，发布时升版）" in preview
    sheet = preview.split('class="qms-sheet"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">紧急程度</th>' in sheet  # the revised blank form, laid out as the form page does
    table = preview.split('id="qms-redline-table"', 1)[1]
    assert re.search(r'<td data-label="修订前">（无）</td><td data-label="修订后">填写项：紧急程度</td>', table)
    assert f'href="../../forms/{FORM}/"' in preview  # back to the version in force
    in_force = _page(build, f"forms/{FORM}")
    assert f'href="../../revisions/{FORM}/"' in in_force and "本表单有尚未批准的修订稿" in in_force
    assert "紧急程度" not in in_force  # the form in force is as approved


def test_a_manual_pages_revision_is_previewed_with_its_redline(builds: tuple[Path, Path]) -> None:
    _, build = builds
    preview = _page(build, "revisions/QM")
    assert 'class="qms-banner qms-banner-draft"' in preview and "<strong>草稿</strong>" in preview
    body = preview.split('class="qms-body"', 1)[1].split('id="qms-contents"', 1)[0]
    assert LINES["zh-CN"] in body  # the revised page, with the manual's 文件目录 after it
    table = preview.split('id="qms-redline-table"', 1)[1]
    assert f'<td data-label="修订后">{LINES["zh-CN"]}</td>' in table
    in_force = _page(build, "qm")
    assert 'href="../revisions/QM/"' in in_force and "本手册首页有尚未批准的修订稿" in in_force
    assert LINES["zh-CN"] not in in_force


def test_previews_are_out_of_the_search_the_navigation_and_the_controlled_pages(builds: tuple[Path, Path]) -> None:
    _, build = builds
    indexed = list(read_pages(build / "site"))
    assert not [page.url for page in indexed if page.url.startswith("revisions/")]
    assert not [page.url for page in indexed if any(FIELDS["zh-CN"] in s.text for s in page.sections)]
    assert f"forms/{FORM}/" in {page.url for page in indexed}  # the form in force is searched
    assert "revisions/" not in _page(build, "register")  # a page out of the nav (forms are) shows the whole menu
    manifest = _manifest(build)
    assert manifest["site/revisions/QM-01-F01/index.html"] is None and manifest["site/revisions/QM/index.html"] is None
    assert manifest[f"site/forms/{FORM}/index.html"] == FORM


def test_without_publish_drafts_nothing_of_the_revisions_is_published(builds: tuple[Path, Path]) -> None:
    quiet, _ = builds
    assert not (quiet / "site" / "revisions").exists()
    assert "revisions/" not in _page(quiet, f"forms/{FORM}") and "revisions/" not in _page(quiet, "qm")
    assert not [path for path in _manifest(quiet) if "revisions" in path]


def test_an_english_projects_previews_read_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    build = _build(_revised(tmp_path, "en"), publish_drafts=True)
    form = _page(build, f"revisions/{FORM}")
    assert "<strong>Draft</strong>" in form and "Revision (current A/0; numbered on release)" in form
    assert FIELDS["en"] in form and " (revision)" in form
    manual = _page(build, "revisions/QM")
    assert "<strong>Draft</strong>" in manual and LINES["en"] in manual
    for page in (form, manual, _page(build, f"forms/{FORM}"), _page(build, "qm")):
        assert not re.search(r"草稿|修订|现行|本表单|本手册", page), re.findall(r".{40}(?:草稿|修订|现行).{40}", page)
    assert "This form has a revision not yet approved" in _page(build, f"forms/{FORM}")
    assert "This manual's page has a revision not yet approved" in _page(build, "qm")
    for url in ("revisions/QM", f"revisions/{FORM}"):
        code, text = _verified(build, build / "site" / url / "index.html")
        assert code == 1 and "Working revision preview, uncontrolled" in text, text


def test_a_dirty_build_links_the_page_in_force_to_a_revision_started_since(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`qmsdoc serve` rebuilds only pages whose fingerprint changed: starting a revision changes no byte of the form
    or manual page in force, yet their pages must now link the preview."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config

    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "qms"
    _ok(tmp_path, "init", str(root))
    for code in ("QM", FORM):
        _ok(root, "release", code, "--by", "QA", "--change", "1")
    _build(root, publish_drafts=True)
    monkeypatch.chdir(root)

    def dirty_build() -> None:
        config = mkdocs_config(str(root / "mkdocs.yml"), strict=False)  # MkDocs warns of any dirty build
        config.plugins.on_startup(command="build", dirty=True)
        try:
            build(config, dirty=True)
        finally:
            config.plugins.on_shutdown()

    dirty_build()  # the dirty fingerprints of this site, as serve keeps them
    site = Path(mkdocs_config(str(root / "mkdocs.yml")).site_dir)
    unrelated = site / "register" / "index.html"
    stamp = unrelated.stat().st_mtime_ns
    for code in ("QM", FORM):
        _ok(root, "revise", code, "--by", "QA")
    dirty_build()
    assert (site / "revisions" / FORM / "index.html").is_file()
    assert f'href="../../revisions/{FORM}/"' in (site / "forms" / FORM / "index.html").read_text("utf-8")
    assert 'href="../revisions/QM/"' in (site / "qm" / "index.html").read_text("utf-8")
    assert unrelated.stat().st_mtime_ns == stamp  # a dirty build indeed: the register was not written again


def _verified(build: Path, page: Path) -> tuple[int, str]:
    with today_is("2026-12-01"):
        done = run_cli("verify", str(page), cwd=build.parent)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("url", ["revisions/QM", f"revisions/{FORM}"])
def test_a_saved_preview_of_a_manual_page_or_form_is_a_revision_preview_not_a_copy(
        builds: tuple[Path, Path], tmp_path: Path, url: str) -> None:
    """A saved preview page is the draft of the next version: told so, never 'the manifest did not record …'."""
    _, build = builds
    saved = tmp_path / "saved.html"
    shutil.copy(build / "site" / url / "index.html", saved)
    code, text = _verified(build, saved)
    assert code == 1 and "修订稿预览，非受控" in text and "没有登记" not in text, text
    entry = next(e for e in json.loads((build / "manifest.json").read_text("utf-8"))["files"]
                 if e["path"] == f"site/{url}/index.html")
    assert entry["id"] is None and entry["preview"] == url.split("/")[1], entry


@pytest.mark.parametrize("url", ["qm", f"forms/{FORM}"])
def test_the_page_in_force_beside_a_preview_still_verifies_current(builds: tuple[Path, Path], url: str) -> None:
    _, build = builds
    code, text = _verified(build, build / "site" / url / "index.html")
    assert code == 0 and "修订稿预览" not in text, text
