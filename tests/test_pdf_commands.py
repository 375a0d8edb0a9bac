"""The PDF copies from the command line: `qmsdoc pdf`, `qmsdoc issue --format pdf` and `verify` of the
PDFs Typst writes; the 分发号 in the Word copy's custom properties; two builds byte for byte."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

from conftest import Project, run_cli

FIRST = "QP-03-02-A/0-001"


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_pdf_command_writes_the_ids_asked_for(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "pdf-out"
    done = run_cli("pdf", "QP-02-01", "QP-02", "--out", str(out), cwd=project.root)
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert written == ["documents/QP-02-01.pdf", "manuals/QP-02.pdf"]
    assert _info(out / "documents" / "QP-02-01.pdf")["Subject"] == "QP-02-01"
    assert "已导出 2 个 PDF 文件" in done.stdout
    unknown = run_cli("pdf", "QP-99-99", "--out", str(out), cwd=project.root)
    assert unknown.returncode == 1 and "QP-99-99" in unknown.stderr  # not in the project: refused, as everywhere


def test_issue_pdf_numbers_the_copy_and_verify_judges_it(project: Project) -> None:
    done = run_cli("issue", "QP-03-02", "--to", "客服部", "--format", "pdf", "--date", "2026-06-02", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = project.path("issued/" + FIRST.replace("/", "_") + ".pdf")
    info = _info(pdf)
    assert info["Subject"] == "QP-03-02" and info["Keywords"] == f"A/0, 分发号：{FIRST}"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"分发号：{FIRST}" in text
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() in project.read("distribution.yaml")
    verdict = run_cli("verify", str(pdf), cwd=project.root)
    assert verdict.returncode == 0 and "现行受控副本" in verdict.stdout and f"分发号 {FIRST}" in verdict.stdout
    forged = project.path("forged.pdf")
    data = pdf.read_bytes()
    forged.write_bytes(data.replace(b"/Creator", b"/Creatos", 1) if b"/Creator" in data else data + b"\n%x")
    judged = run_cli("verify", str(forged), cwd=project.root)
    assert judged.returncode == 1 and "内容被修改或伪造" in judged.stdout


def test_a_numbered_word_copy_carries_its_copy_number_as_a_custom_property(project: Project) -> None:
    done = run_cli("issue", "QP-03-02", "--to", "客服部", "--date", "2026-06-02", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    path = project.path("issued/" + FIRST.replace("/", "_") + ".docx")
    with zipfile.ZipFile(path) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
        rels = archive.read("_rels/.rels").decode("utf-8")
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert f'name="分发号"><vt:lpwstr>{FIRST}</vt:lpwstr>' in custom
    assert 'Target="docProps/custom.xml"' in rels and "/docProps/custom.xml" in types
    import docx  # python-docx opens the file (the package is valid with the extra part)

    assert docx.Document(str(path)).core_properties.subject == "QP-03-02"
    build = run_cli("build", "--only", "word", cwd=project.root)
    assert build.returncode == 0
    with zipfile.ZipFile(io.BytesIO(project.path("build/docx/documents/QP-03-02.docx").read_bytes())) as anonymous:
        assert "docProps/custom.xml" not in anonymous.namelist()  # a build copy has no 分发号


def test_two_builds_give_byte_identical_pdfs_and_the_second_reuses_them(project: Project) -> None:
    def digests() -> dict[str, str]:
        out = project.path("build/pdf")
        return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}

    assert run_cli("build", "--only", "pdf,records", cwd=project.root).returncode == 0
    first = digests()
    inode = project.path("build/pdf/documents/QP-02-01.pdf").stat().st_ino
    assert run_cli("build", "--only", "pdf,records", cwd=project.root).returncode == 0
    assert digests() == first and len(first) > 40
    # reused, not rewritten: the previous build's file is linked into the new one
    assert project.path("build/pdf/documents/QP-02-01.pdf").stat().st_ino == inode
    project.write("manuals/qp-hr/QP-02-01.md", project.read("manuals/qp-hr/QP-02-01.md"))  # same bytes: still reused
    assert run_cli("build", "--only", "pdf,records", cwd=project.root).returncode == 0
    assert project.path("build/pdf/documents/QP-02-01.pdf").stat().st_ino == inode
