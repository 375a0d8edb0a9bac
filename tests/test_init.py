"""`qmsdoc init --language …`: a new project in either language that checks clean once its manual page is
approved, and never a file overwritten."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_english import CJK, _texts

from conftest import run_cli


def test_init_english_project(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    result = run_cli("init", str(root), "--language", "en", "--organisation", "Acme's Lab", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = result.stdout.replace(str(tmp_path), "")  # the temporary folder may hold CJK (the portable pass)
    assert "Started a qmsdoc project" in shown and not CJK.search(shown)
    for name in ("qmsdoc.yml", "mkdocs.yml", "manuals/index.md", "manuals/qm/index.md", ".gitignore"):
        text = (root / name).read_text("utf-8")
        assert not CJK.search(text), name
    config = yaml.safe_load((root / "qmsdoc.yml").read_text("utf-8"))
    assert config["language"] == "en" and config["organisation"] == "Acme's Lab"
    assert config["required_sections"]["procedure"][0] == ["Purpose"]
    assert yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["theme"]["language"] == "en"

    first = run_cli("check", cwd=root)  # the manual's page waits for its approval
    assert first.returncode == 1 and " QD122 " in first.stdout and "Manual home page QM" in first.stdout
    # never approved: the message says to release it, not that a fingerprint is missing from a record it lacks
    assert "has no approval record" in first.stdout and "qmsdoc release QM " in first.stdout
    assert "fingerprint" not in first.stdout
    assert run_cli("release", "QM", "--by", "Managing Director", "--change", "First issue", cwd=root).returncode == 0
    assert run_cli("release", "QM-01-F01", "--by", "Managing Director", "--change", "First issue",
                   cwd=root).returncode == 0  # the example form is approved on its own
    clean = run_cli("check", cwd=root)
    assert clean.returncode == 0 and "Check finished: 0 errors, 0 warnings" in clean.stdout


def test_init_defaults_to_chinese(tmp_path: Path) -> None:
    result = run_cli("init", "--manual", "QP02", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已在" in result.stdout
    config = yaml.safe_load((tmp_path / "qmsdoc.yml").read_text("utf-8"))
    assert config["language"] == "zh-CN" and config["required_sections"]["procedure"][0] == ["目的"]
    assert "质量手册" in (tmp_path / "manuals" / "qp02" / "index.md").read_text("utf-8")
    check = run_cli("check", cwd=tmp_path)
    assert "手册首页 QP02" in check.stdout and "检查完成" in check.stdout


FINDING = re.compile(r": (error|warning) QD\d+")


@pytest.mark.slow
@pytest.mark.parametrize(("language", "approver", "change", "records"), [
    ("en", "Managing Director", "First issue", "## 5. Records"),
    ("zh-CN", "总经理", "首次发布", "## 5.0 质量记录"),
])
def test_a_new_project_with_its_examples_builds_clean(tmp_path: Path, language: str, approver: str, change: str,
                                                      records: str) -> None:
    root = tmp_path / "qms"
    made = run_cli("init", str(root), "--language", language, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    procedure, form = root / "manuals" / "qm" / "QM-01.md", root / "controlled_forms" / "QM-01-F01.yaml"
    # made from the folder above it: the next steps name the new project as typed from there
    assert "qmsdoc release --path qms QM-01-F01 --by" in made.stdout, made.stdout
    assert str(procedure.relative_to(tmp_path)) in made.stdout
    source = procedure.read_text("utf-8")
    front = yaml.safe_load(source.split("---\n")[1])
    assert front["status"] == "draft" and front["type"] == "procedure" and "approved" not in front
    assert f"{records}\n\n- [[QM-01-F01]]\n" in source  # the form is listed where QD151 looks for it
    blank = yaml.safe_load(form.read_text("utf-8"))
    assert yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["plugins"] == ["qmsdoc"]  # its own search
    assert blank["owner"] == "QM-01" and "approved" not in blank and blank["fields"][2]["lines"] == 3

    # init approved nothing: the manual page and the blank form each wait for their approver
    assert run_cli("release", "QM", "--by", approver, "--change", change, cwd=root).returncode == 0
    waiting = run_cli("check", cwd=root)
    assert waiting.returncode == 1 and FINDING.findall(waiting.stdout) == ["error"], waiting.stdout
    assert "QM-01-F01.yaml" in waiting.stdout and " QD122 " in waiting.stdout
    assert run_cli("release", "QM-01-F01", "--by", approver, "--change", change, cwd=root).returncode == 0

    built = run_cli("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert not FINDING.search(built.stdout + built.stderr), built.stdout + built.stderr
    site = root / "build" / "site"
    form_page = (site / "forms" / "QM-01-F01" / "index.html").read_text("utf-8")
    assert blank["title"] in form_page and blank["fields"][0]["label"] in form_page
    # a draft is not shown to readers (publish_drafts: false, as init writes it) ...
    assert not (site / "qm" / "QM-01").exists()
    assert front["title"] not in (site / "qm" / "index.html").read_text("utf-8")
    if language == "en":
        texts = _texts(root / "build")
        assert texts and not [name for name, text in texts.items() if CJK.search(text)]
        assert not CJK.search(made.stdout + built.stdout + built.stderr)

    # ... and is previewed, marked as a draft, when the team asks for drafts
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    preview = run_cli("build", "--strict", cwd=root)
    assert preview.returncode == 0 and not FINDING.search(preview.stdout + preview.stderr), preview.stdout
    page = (site / "qm" / "QM-01" / "index.html").read_text("utf-8")
    assert front["title"] in page and "QM-01-F01" in page and blank["title"] in page
    listed = re.search(r"<li>(?:(?!</li>).)*QM-01-F01(?:(?!</li>).)*</li>", page, re.S)
    assert listed and listed.group(0).count(blank["title"]) == 1, listed  # the reference names it, once


def test_init_refuses_to_overwrite_an_example_file(tmp_path: Path) -> None:
    mine = tmp_path / "controlled_forms" / "QM-01-F01.yaml"
    mine.parent.mkdir()
    mine.write_text("code: QM-01-F01\n", "utf-8")
    result = run_cli("init", "--language", "en", cwd=tmp_path)
    assert result.returncode == 1 and "QM-01-F01.yaml" in result.stderr and "nothing was written" in result.stderr
    assert mine.read_text("utf-8") == "code: QM-01-F01\n"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "controlled_forms", "controlled_forms/QM-01-F01.yaml"]
    procedure = tmp_path / "manuals" / "qm" / "QM-01.md"
    procedure.parent.mkdir(parents=True)
    procedure.write_text("# mine\n", "utf-8")
    mine.unlink()
    again = run_cli("init", "--language", "en", cwd=tmp_path)
    assert again.returncode == 1 and "QM-01.md" in again.stderr and procedure.read_text("utf-8") == "# mine\n"
    assert not (tmp_path / "qmsdoc.yml").exists() and not (tmp_path / "manuals" / "index.md").exists()


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", "utf-8")
    result = run_cli("init", "--language", "en", cwd=tmp_path)
    assert result.returncode == 1 and "mkdocs.yml" in result.stderr and "nothing was written" in result.stderr
    assert (tmp_path / "mkdocs.yml").read_text("utf-8") == "site_name: mine\n"
    assert not (tmp_path / "qmsdoc.yml").exists() and not (tmp_path / "manuals").exists()


def test_init_refuses_unknown_language_and_bad_manual_number(tmp_path: Path) -> None:
    result = run_cli("init", "--language", "xx", cwd=tmp_path)
    assert result.returncode == 2 and "zh-CN | en" in result.stderr
    bad = run_cli("init", "--language", "en", "--manual", "../x", cwd=tmp_path)
    assert bad.returncode == 2 and "../x" in bad.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option,value", [("--organisation", "某公司\n质量部"), ("--manual-title", "质量\t手册"),
                                          ("--manual-title", "   "), ("--owner", "<b>质量部</b>"), ("--owner", "")])
def test_init_refuses_texts_its_own_check_would_refuse(tmp_path: Path, option: str, value: str) -> None:
    """init wrote such a project (exit 0) and its first check failed (QD019, QD017) or read another value."""
    result = run_cli("init", "项目", option, value, cwd=tmp_path)
    assert result.returncode == 2 and option in result.stderr and "Traceback" not in result.stderr, result
    assert list(tmp_path.iterdir()) == []


def test_init_into_a_file_says_it_is_no_folder(tmp_path: Path) -> None:
    """It answered 「未完成：[Errno 17] File exists: '项目'」, Python's words."""
    (tmp_path / "项目").write_text("x", "utf-8")
    result = run_cli("init", "项目", cwd=tmp_path)
    assert result.returncode == 2 and "不是文件夹" in result.stderr and "Errno" not in result.stderr, result
    assert (tmp_path / "项目").read_text("utf-8") == "x"


def _started(root: Path) -> str:
    """An English project with its manual page and example form approved; the manual's first copy number."""
    assert run_cli("init", str(root), "--language", "en", cwd=root.parent).returncode == 0
    for item in ("QM", "QM-01-F01"):
        released = run_cli("release", item, "--by", "Managing Director", "--change", "First issue", cwd=root)
        assert released.returncode == 0, released.stderr
    version = yaml.safe_load((root / "manuals" / "qm" / "index.md").read_text("utf-8").split("---\n")[1])["version"]
    return f"QM-{version}-001"


def test_new_drafts_follow_the_language(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    first_copy = _started(root)
    made = run_cli("new", "--manual", "QM", "--title", "Document Control", "--type", "procedure",
                   "--department", "Quality", "--by", "Quality Manager", cwd=root)
    # QM-01 is init's example: new takes the next number of the manual's pattern
    assert made.returncode == 0 and "New draft QM-02 Document Control" in made.stdout, made.stderr
    body = (root / "manuals" / "qm" / "QM-02.md").read_text("utf-8")
    assert "## 1. Purpose\n\n(to be written)" in body and "## 5. Records" in body and not CJK.search(body)
    refused = run_cli("release", "QM-02", "--by", "Managing Director", "--reviewed-by", "Quality Manager",
                      "--change", "First issue", cwd=root)
    assert refused.returncode == 1, refused
    assert 'still has unwritten sections (the placeholder "(to be written)")' in refused.stderr
    assert not CJK.search(refused.stdout + refused.stderr)
    job = run_cli("new", "--manual", "QM", "--title", "Quality Manager", "--type", "job-description",
                  "--department", "Quality", "--by", "Quality Manager", cwd=root)
    assert job.returncode == 0 and "## Purpose of the job" in (root / "manuals" / "qm" / "QM-03.md").read_text("utf-8")
    issue = run_cli("issue", "QM", "--to", "Production", cwd=root)
    assert issue.returncode == 0 and "Issued to " in issue.stdout and "1 copy, Copy No." in issue.stdout, issue.stderr
    register = (root / "distribution.yaml").read_text("utf-8")
    assert register.startswith("# Distribution register") and "issued_by: Document Controller" in register
    copy = next((root / "issued").glob("*.docx"))
    verdict = run_cli("verify", str(copy), cwd=root)  # the copy number is read after "Copy No.:"
    assert f"copy number {first_copy}" in verdict.stdout and "Document Controller" in verdict.stdout, verdict.stdout
    assert not CJK.search(verdict.stdout)


def test_an_english_project_replaces_a_lost_copy_in_english(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    first_copy = _started(root)
    assert run_cli("issue", "QM", "--to", "Production", cwd=root).returncode == 0
    replaced = run_cli("issue", "QM", "--to", "Production", "--replaces", first_copy, "--reason", "lost", cwd=root)
    assert replaced.returncode == 0, replaced.stderr
    second_copy = first_copy.removesuffix("001") + "002"
    assert f"Copy {first_copy} is recorded void (lost) and replaced by {second_copy}" in replaced.stdout
    assert not CJK.search(replaced.stdout + (root / "distribution.yaml").read_text("utf-8"))
    assert run_cli("check", cwd=root).returncode == 0
