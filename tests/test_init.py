"""`qmsdoc init --language …`: a new project in either language that checks clean once its manual page is
approved, and never a file overwritten."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_english import CJK

from conftest import run_cli


def test_init_english_project(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    result = run_cli("init", str(root), "--language", "en", "--organisation", "Acme's Lab", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Started a qmsdoc project" in result.stdout and not CJK.search(result.stdout)
    for name in ("qmsdoc.yml", "mkdocs.yml", "manuals/index.md", "manuals/qm/index.md", ".gitignore"):
        text = (root / name).read_text("utf-8")
        assert not CJK.search(text), name
    config = yaml.safe_load((root / "qmsdoc.yml").read_text("utf-8"))
    assert config["language"] == "en" and config["organisation"] == "Acme's Lab"
    assert config["required_sections"]["procedure"][0] == ["Purpose"]
    assert yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["theme"]["language"] == "en"

    first = run_cli("check", cwd=root)  # the manual's page waits for its approval
    assert first.returncode == 1 and " QD122 " in first.stdout and "Manual home page QM" in first.stdout
    assert run_cli("release", "QM", "--by", "Managing Director", "--change", "First issue", cwd=root).returncode == 0
    clean = run_cli("check", cwd=root)
    assert clean.returncode == 0 and "Check finished: 0 error(s), 0 warning(s)" in clean.stdout


def test_init_defaults_to_chinese(tmp_path: Path) -> None:
    result = run_cli("init", "--manual", "QP02", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "已在" in result.stdout
    config = yaml.safe_load((tmp_path / "qmsdoc.yml").read_text("utf-8"))
    assert config["language"] == "zh-CN" and config["required_sections"]["procedure"][0] == ["目的"]
    assert "质量手册" in (tmp_path / "manuals" / "qp02" / "index.md").read_text("utf-8")
    check = run_cli("check", cwd=tmp_path)
    assert "手册首页 QP02" in check.stdout and "检查完成" in check.stdout


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


def test_new_drafts_follow_the_language(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--language", "en", cwd=tmp_path).returncode == 0
    assert run_cli("release", "QM", "--by", "Managing Director", "--change", "First issue", cwd=root).returncode == 0
    made = run_cli("new", "--manual", "QM", "--title", "Document Control", "--type", "procedure",
                   "--department", "Quality", "--by", "Quality Manager", cwd=root)
    assert made.returncode == 0 and "New draft QM-01 Document Control" in made.stdout, made.stderr
    body = (root / "manuals" / "qm" / "QM-01.md").read_text("utf-8")
    assert "## 1. Purpose\n\n(to be written)" in body and "## 5. Records" in body and not CJK.search(body)
    refused = run_cli("release", "QM-01", "--by", "Managing Director", "--reviewed-by", "Quality Manager",
                      "--change", "First issue", cwd=root)
    assert refused.returncode == 1 and "still has unwritten sections ((to be written))" in refused.stderr
    assert not CJK.search(refused.stdout + refused.stderr)
    job = run_cli("new", "--manual", "QM", "--title", "Quality Manager", "--type", "job-description",
                  "--department", "Quality", "--by", "Quality Manager", cwd=root)
    assert job.returncode == 0 and "## Purpose of the job" in (root / "manuals" / "qm" / "QM-02.md").read_text("utf-8")
    issue = run_cli("issue", "QM", "--to", "Production", cwd=root)
    assert issue.returncode == 0 and "Issued 1 copies of QM" in issue.stdout, issue.stderr
    register = (root / "distribution.yaml").read_text("utf-8")
    assert register.startswith("# Distribution register") and "issued_by: Document Controller" in register
    copy = next((root / "issued").glob("*.docx"))
    verdict = run_cli("verify", str(copy), cwd=root)  # the copy number is read after "Copy No.:"
    assert "copy number QM-A/1-001" in verdict.stdout and "Document Controller" in verdict.stdout, verdict.stdout
    assert not CJK.search(verdict.stdout)


def test_an_english_project_replaces_a_lost_copy_in_english(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--language", "en", cwd=tmp_path).returncode == 0
    assert run_cli("release", "QM", "--by", "Managing Director", "--change", "First issue", cwd=root).returncode == 0
    assert run_cli("issue", "QM", "--to", "Production", cwd=root).returncode == 0
    replaced = run_cli("issue", "QM", "--to", "Production", "--replaces", "QM-A/1-001", "--reason", "lost", cwd=root)
    assert replaced.returncode == 0, replaced.stderr
    assert "Copy QM-A/1-001 is recorded void (lost) and replaced by QM-A/1-002" in replaced.stdout
    assert not CJK.search(replaced.stdout + (root / "distribution.yaml").read_text("utf-8"))
    assert run_cli("check", cwd=root).returncode == 0
