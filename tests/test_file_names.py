"""Pictures whose file names hold what a URL reads otherwise (the "other paths" audit): `a#b.png`, `50%.png`,
`q?.png`, spaces, CJK. A page's image is a URL (`a%23b.png`, `<流程 图.png>`), the file is `a#b.png`: the checker,
the page and the Word/PDF copies read the one path `render.relative_target` decodes, and the `qmsroot:` address
the render writes is that path as a URL again."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from qmsdoc.core.copybody import image_file
from qmsdoc.core.render import link_targets, relative_target
from qmsdoc.core.sanitize import refusals

from conftest import Project, png, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"


# (the file's name, how a page shows it)
PICTURES = [("a#b.png", "![井号](a%23b.png)"), ("50%.png", "![百分号](50%25.png)"), ("q?.png", "![问号](q%3F.png)"),
            ("流程 图.png", "![空格](流程%20图.png)"), ("流程 图.png", "![尖括号](<流程 图.png>)"),
            ("流程 图.png", '<img src="流程 图.png" alt="引号">'), ("it's & y.png", "![撇号](<it's & y.png>)"),
            ("img dir/子 图.png", "![子目录](img%20dir/%E5%AD%90%20%E5%9B%BE.png)")]


def _plant(project: Project, body: str) -> None:
    project.revise(DOC, "## 2.0 适用范围", f"{body}\n\n## 2.0 适用范围")


@pytest.mark.parametrize(("name", "shown"), PICTURES)
def test_a_picture_named_with_url_characters_checks_clean(project: Project, name: str, shown: str) -> None:
    # The checker read `a%23b.png` as a file of that name (QD162 on a picture the page shows), cut
    # `<流程 图.png>` at the space (QD162 「流程」), and took `<it's & y.png>` for an HTML tag (QD200).
    project.path(f"manuals/qp-hr/{name}").parent.mkdir(exist_ok=True)
    project.path(f"manuals/qp-hr/{name}").write_bytes(png())
    _plant(project, shown)
    result = run_cli("check", cwd=project.root)
    assert "QD162" not in result.stdout and "QD200" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("shown", ["![缺](没有%20此图.png)", "![缺](<没有 此图.png>)"])
def test_a_missing_picture_is_still_qd162_naming_its_file(project: Project, shown: str) -> None:
    _plant(project, shown)
    out = run_cli("check", cwd=project.root).stdout
    assert f"{DOC}:{project.line_of(DOC, '![缺]')}: error QD162 " in out and "manuals/qp-hr/没有 此图.png" in out, out


@pytest.mark.parametrize(("name", "written"), [("a#b.png", "a%23b.png"), ("50%.png", "50%25.png"),
                                                ("50%.png", "50%.png"), ("q?.png", "q%3F.png"),
                                                ("流程 图.png", "流程 图.png"), ("流程 图.png", "流程%20图.png")])
def test_the_page_address_and_the_copies_file_are_the_same_picture(tmp_path: Path, name: str, written: str) -> None:
    # The Word and PDF copies looked for the `qmsroot:` address as a file name: `a%23b.png` was missing there.
    (tmp_path / "kf").mkdir()
    (tmp_path / "kf" / name).write_bytes(png())
    assert relative_target("kf", written) == (f"kf/{name}", "")
    html = link_targets(f'<p><img src="{written}"></p>', "kf", lambda path: None)
    src = html.split('src="', 1)[1].split('"', 1)[0]
    assert "#" not in src and "?" not in src and " " not in src and "%25" not in src.replace("50%25", ""), src
    assert image_file(tmp_path, src) == (tmp_path / "kf" / name).resolve()


def test_a_link_destination_in_angle_brackets_is_no_tag_but_its_scheme_is_judged() -> None:
    assert refusals("![图](<流程 图.png>) [表](<it's & y.md>)") == []
    assert sorted(r.text for r in refusals("[x](<javascript:alert(1)>) <qz>")) == ["<qz>", "javascript:alert(1)"]


@pytest.mark.parametrize("folder", ["kf 50%", "人事 #1", "Z?W"])
def test_a_saved_page_of_a_manual_folder_named_with_url_characters_verifies(project: Project, folder: str) -> None:
    # The manifest recorded each page under MkDocs' URL (`kf%2050%25/KF01/index.html`), not the file the
    # site holds (`kf 50%/KF01/index.html`): verify called the page in force 「不是受控副本」.
    (project.root / "manuals/kf").rename(project.root / "manuals" / folder)
    result = run_cli("build", "--only", "site,records", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project.root / "build/site" / folder / "KF01/index.html"
    verdict = run_cli("verify", str(page), cwd=project.root)
    assert verdict.returncode == 0 and "KF01" in verdict.stdout, verdict.stdout + verdict.stderr


def test_a_saved_page_of_a_plain_manual_folder_verifies(project: Project) -> None:
    assert run_cli("build", "--only", "site,records", cwd=project.root).returncode == 0
    verdict = run_cli("verify", str(project.root / "build/site/kf/KF01/index.html"), cwd=project.root)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


@pytest.mark.parametrize(("moved", "shown"), [("controlled_forms/子 目录/QRKF0404.yaml", "在子文件夹中"),
                                              ("controlled_forms/QRKF0404.YAML", "扩展名"),
                                              ("controlled_forms/a/b/QRKF0404.yml", "在子文件夹中")])
def test_a_form_file_that_is_never_loaded_is_qd022(project: Project, moved: str, shown: str) -> None:
    # A form in a sub-folder of the forms folder (or named .YAML) was skipped without a word: missing from the
    # register, and the document listing it was told to create a file that is there.
    project.path(moved).parent.mkdir(parents=True, exist_ok=True)
    project.path("controlled_forms/QRKF0404.yaml").rename(project.path(moved))
    out = run_cli("check", cwd=project.root).stdout
    assert f"{moved}:1: error QD022 " in out and shown in out, out


def test_other_files_and_dot_folders_of_the_forms_folder_stay_quiet(project: Project) -> None:
    project.write("controlled_forms/说明.txt", "表单说明")
    project.write("controlled_forms/.drafts/QRKF0499.yaml", "code: x\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD022" not in result.stdout, result.stdout


def _latin1(name: bytes) -> str:
    return os.fsdecode(name)  # the bytes as Python holds them: surrogates where they are not UTF-8


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system there stores only Unicode names")
@pytest.mark.parametrize(("planted", "shown"), [("manuals/kf", "manuals/k\\xe9f"),
                                                ("manuals/qp-hr/plan.png", "manuals/qp-hr/p\\xe9.png"),
                                                ("controlled_forms/x.yaml", "controlled_forms/x\\xe9.yaml"),
                                                ("revisions/manuals/qp-hr/QP-02-03.md", "revisions/r\\xe9v")])
def test_a_name_that_is_not_utf8_is_qd001_not_a_traceback(project: Project, planted: str, shown: str) -> None:
    # A manual folder named in Latin-1 (k\xe9f, copied from an old share) reached the rules' path digest as
    # surrogates: UnicodeEncodeError, a traceback.
    bad = project.root / _latin1(shown.encode().decode("unicode_escape").encode("latin-1"))
    if planted == "manuals/kf":
        project.path(planted).rename(bad)
    elif planted.startswith("revisions/"):
        bad.mkdir(parents=True)
    else:
        bad.write_bytes(b"")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{shown}:1: error QD001 " in result.stdout, result.stdout
    assert run_cli("build", "--only", "records", cwd=project.root).returncode == 1


def test_utf8_names_of_every_script_stay_quiet(project: Project) -> None:
    project.path("manuals/qp-hr/图 ①Ω.png").write_bytes(png())
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD001" not in result.stdout, result.stdout


def _cited_by(project: Project, link: str) -> list[str]:
    """The documents citing DY/AQ-001 once QP-02-03 links it with `link` from manuals/qp-hr, its manual in the
    folder `manuals/安全 #1`."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.links import backlinks

    shutil.move(project.path("manuals/dy-aq"), project.path("manuals/安全 #1"))
    _plant(project, f"见 [安全组织架构]({link})。")
    result = check(load_config(project.root))
    return [document.id for document in backlinks(result.context).get("DY/AQ-001", [])]


def test_a_link_to_a_document_by_its_url_encoded_path_is_a_reference(project: Project) -> None:
    # The page linked it (render.relative_target decodes `%20`, `%23`) but the rules read the path undecoded: not a
    # reference, so the page of DY/AQ-001 did not list QP-02-03 as citing it, and no reference rule saw the link.
    assert "QP-02-03" in _cited_by(project, "../安全%20%231/DY_AQ-001.md")


def test_a_link_to_a_document_elsewhere_is_no_reference(project: Project) -> None:
    assert "QP-02-03" not in _cited_by(project, "../安全%20%232/DY_AQ-001.md")
