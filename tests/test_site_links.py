"""Every link of a site whose manuals sit in folders named with what a URL reads otherwise works (the "other paths"
audit): a space, `#`, `%`, `?`, `&`, `+`, `'`, `[ ]`, full-width characters and an ideographic space, a very long
Chinese name, a forms folder named so, a control number with `/` (DY/AQ-001, the file DY_AQ-001.md). The site is
crawled as a reader's browser follows it (tests/sitecrawl.py): pages, styles, scripts, pictures, the Word and PDF
copies, the earlier versions' pages, a working revision's preview, the copies of a version in force while its
successor waits, the search index's pages and sections, the sitemap — built by `qmsdoc build` and by plain
`mkdocs build`. The registers and the manifest name the files as they are, and `qmsdoc verify` knows a copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sitecrawl import crawl

from conftest import commit, committed_project, git, png, run_cli, today_is

pytestmark = pytest.mark.slow

HR = "人事 qp#hr%20?&+'[1]"  # every character a URL reads otherwise, in a manual folder's name
SAFETY = "安全（ＤＹ）管理＃全角　空格"  # full-width letters, a full-width number sign, an ideographic space
LONG = ("政务服务中心窗口服务质量管理体系文件汇编第一分册关于窗口受理办理出件和投诉处理的"
        "全部程序文件与作业指导书以及相关管理制度说明")  # 68 characters, 204 bytes of a file name's 255
FORMS = "受控 表单#1?&%25+'[x]"
SITE_URL = "https://qms.example.com/质量 文件/"
TODAY = "2026-12-06"


def _revise(root: Path, code: str, relative: str, old: str, new: str) -> None:
    assert run_cli("revise", code, "--by", "质量专员", "--date", "2026-12-01", cwd=root).returncode == 0
    draft = root / "revisions" / relative
    text = draft.read_text("utf-8")
    assert old in text, (old, relative)
    draft.write_text(text.replace(old, new, 1), "utf-8")


def _release(root: Path, code: str, *extra: str) -> None:
    done = run_cli("release", code, "--by", "总经理", *extra, "--change", "修订措辞", "--date", "2026-12-02", cwd=root)
    assert done.returncode == 0, done


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped manuals moved into such folders (committed, so the history pages hold), QP-02-01, DY/AQ-001
    and the form QP-02-01-F001 released again (earlier versions' pages), QP-02-02 approved to take effect later
    with a picture named `流程 图#1.png` and links into the other folders (its version in force keeps copies of its
    own), QP-02-03 under revision (published as a preview), and the home page linking a folder by its URL."""
    with today_is(TODAY):
        root = committed_project(tmp_path_factory.mktemp("links"))
        git(root, "mv", "manuals/qp-hr", f"manuals/{HR}")
        git(root, "mv", "manuals/dy-aq", f"manuals/{SAFETY}")
        git(root, "mv", "manuals/zwfw", f"manuals/{LONG}")
        git(root, "mv", "controlled_forms", FORMS)
        config = root / "qmsdoc.yml"
        config.write_text(config.read_text("utf-8").replace("forms_dir: controlled_forms", f'forms_dir: "{FORMS}"')
                          .replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
        home = root / "manuals" / "index.md"
        home.write_text(home.read_text("utf-8") + f"- 人事文件见 [人事](<人事 qp%23hr%2520%3F&+'[1]/index.md>)；"
                        f"安全文件见 [安全]({SAFETY}/index.md#适用范围)。\n", "utf-8")
        (root / "manuals" / HR / "流程 图#1.png").write_bytes(png())
        commit(root, "文件夹改名")
        _revise(root, "QP-02-01", f"manuals/{HR}/QP-02-01.md", "规范物业管理人员招聘工作程序",
                "规范物业管理人员招聘与录用工作程序")
        _release(root, "QP-02-01", "--reviewed-by", "管家服务中心经理")
        _revise(root, "DY/AQ-001", f"manuals/{SAFETY}/DY_AQ-001.md", "## 部门职责", "新增一句修订说明。\n\n## 部门职责")
        _release(root, "DY/AQ-001", "--reviewed-by", "管家服务中心经理")
        _revise(root, "QP-02-01-F001", f"{FORMS}/QP-02-01-F001.yaml", "{label: 到岗时间}", "{label: 计划到岗时间}")
        _release(root, "QP-02-01-F001")
        _revise(root, "QP-02-02", f"manuals/{HR}/QP-02-02.md", "## 2.0 ",
                f"![流程图](流程%20图%231.png)\n\n见 [安全](<../{SAFETY}/DY_AQ-001.md#部门职责>)、"
                f"[政务](../{LONG}/index.md)、[大堂门岗](../{quote(SAFETY)}/DY_AQ-010.md)"
                f"与 [安全手册](<../{SAFETY}/index.md#适用范围>)。\n\n## 2.0 ")
        _release(root, "QP-02-02", "--reviewed-by", "管家服务中心经理", "--effective", "2026-12-20")
        _revise(root, "QP-02-03", f"manuals/{HR}/QP-02-03.md", "## 2.0 ", "修订中新增的一句话。\n\n## 2.0 ")
        commit(root, "修订")
        checked = run_cli("check", cwd=root)
        assert checked.returncode == 0 and "0 个错误，0 个警告" in checked.stdout, checked.stdout + checked.stderr
        yield root


def _env() -> dict[str, str]:
    return {**os.environ, "QMSDOC_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def built(root: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--strict"], cwd=root, capture_output=True,
                          text=True, env=_env())
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "build"


def test_every_link_of_the_built_site_works(built: Path) -> None:
    # The home page's `[人事](<人事 qp%23hr%2520%3F&+'[1]/index.md>)` stayed a link to the .md file (404): the
    # plugin split the attribute `…&#x27;[1]/index.md` at the `#` of the character reference `&#x27;`.
    problems, visited = crawl(built / "site")
    assert problems == []
    reached = set(visited)
    for address in (f"/{HR}/QP-02-01/", f"/{SAFETY}/DY_AQ-001/", f"/{LONG}/ZWFW-001/", "/history/QP-02-01/A-0/",
                    "/history/DY_AQ-001/A-0/", "/revisions/QP-02-03/", f"/{HR}/流程 图#1.png",
                    "/docx/documents/DY_AQ-001.docx", "/pdf/documents/QP-02-01.pdf",
                    "/docx/documents/in-force/QP-02-02-A-2.docx", "/docx/forms/QP-02-01-F001.docx"):
        assert address in reached, address  # the crawl went where it should: a quiet crawl is a real one
    # the link by the folder's URL-encoded path is a reference: DY/AQ-010's page names QP-02-02 as citing it
    cited_by = (built / "site" / SAFETY / "DY_AQ-010" / "index.html").read_text("utf-8").split('id="qms-backlinks"')[1]
    assert "QP-02-02" in cited_by


def test_every_link_of_a_plain_mkdocs_build_with_a_site_url_works(root: Path, tmp_path: Path) -> None:
    # The sitemap's addresses and the 404 page's absolute links are under site_url's path, served there.
    project = tmp_path / "mkdocs"
    shutil.copytree(root, project, ignore=shutil.ignore_patterns("build"))
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text("utf-8") + f'site_url: "{SITE_URL}"\n', "utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                          text=True, env=_env())
    assert done.returncode == 0, done.stdout + done.stderr
    problems, visited = crawl(project / "build" / "site", SITE_URL)
    assert problems == []
    assert f"/{HR}/QP-02-01/" in visited  # the addresses under the mount
    sitemap = (project / "build" / "site" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}%E4%BA%BA%E4%BA%8B%20qp%23hr%2520%3F%26%2B%27%5B1%5D/QP-02-01/</loc>" in sitemap


def test_the_manifest_and_register_name_the_files_as_they_are(built: Path, root: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    paths = [entry["path"] for entry in manifest["files"]]
    assert [path for path in paths if not (built / path).is_file()] == []
    assert f"site/{HR}/QP-02-01/index.html" in paths
    assert "docx/documents/DY_AQ-001.docx" in paths and "docx/documents/in-force/QP-02-02-A-2.docx" in paths
    register = (built / "register.csv").read_text("utf-8-sig")
    assert "\nDY/AQ-001,安全组织架构," in register and "\nQP-02-01-F001,人员需求表," in register


def test_verify_knows_a_copy_of_a_document_in_such_a_folder(built: Path, root: Path, tmp_path: Path) -> None:
    for source, shown in (("docx/documents/DY_AQ-001.docx", "DY/AQ-001"), ("docx/forms/QP-02-01-F001.docx",
                                                                           "QP-02-01-F001"),
                          ("pdf/documents/QP-02-01.pdf", "QP-02-01"), (f"site/{HR}/QP-02-01/index.html", "QP-02-01")):
        saved = tmp_path / f"副本 #1 &'{Path(source).suffix}"
        shutil.copy(built / source, saved)
        with today_is(TODAY):
            result = run_cli("verify", str(saved), cwd=root)
        assert result.returncode == 0, result
        assert shown in result.stdout and "版本 A/1" in result.stdout, result.stdout
