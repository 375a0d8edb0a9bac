"""The English example project (examples/en-quality-manual): it checks and builds clean, and nothing qmsdoc
writes for it — pages, search index, scripts, Word copies, registers, manifest, messages — holds a CJK
character. Its content is English, so any CJK character found is qmsdoc's own."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qmsdoc.search.wrapped import unwrap_json

from conftest import REPO, commit, git, office_profile, run_cli

EXAMPLE = REPO / "examples" / "en-quality-manual"
# Han, kana, CJK punctuation and full-width forms (「」《》（）：、 and ＡＢ).
CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
                 r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# Material's own lunr language packs (every site gets all of them, whatever its language): not qmsdoc's.
VENDORED = ("site/assets/javascripts/lunr/",)


def _ours(text: str, *places: Path) -> str:
    """What qmsdoc said, without the folders the test made: their names are the machine's (CI makes its temporary
    folders under a Chinese name on purpose), not qmsdoc's words."""
    for place in places:
        text = text.replace(str(place.resolve()), "").replace(str(place), "")
    return text


def _copy(tmp_path: Path, *, committed: bool = False) -> Path:
    """The English example copied to `tmp_path`/en (without its build and issued copies); `committed`: in a new git
    repository, committed."""
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    if committed:
        git(root, "init", "-q")
        commit(root, "English example")
    return root


def _texts(build: Path) -> dict[str, str]:
    """Every text qmsdoc wrote into `build`: each file that is text, and each part of the Word and Excel files."""
    out: dict[str, str] = {}
    for path in sorted(build.rglob("*")):
        relative = path.relative_to(build).as_posix()
        if not path.is_file() or relative.startswith(VENDORED):
            continue
        if path.suffix == ".pdf":  # the text a reader sees (pdftotext, poppler-utils) and the metadata
            shown = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
            info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, check=True)
            out[relative] = shown.stdout.decode("utf-8") + info.stdout.decode("utf-8")
            continue
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    out[f"{relative}!{name}"] = archive.read(name).decode("utf-8", "replace")
            continue
        try:  # every text file, caches and the output marker included; binary files (pictures, pickles) are not text
            out[relative] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if relative.endswith("search/index.js"):  # its stop words are terms as the index folds them (a Traditional
            directory = unwrap_json("index", path.read_bytes())  # site's in Simplified form, as its gzip chunks hold
            # every term): the browser compares a query with them, no reader sees them (the file's JSON is ASCII,
            # \u escapes: decoded here, so its other strings are read as a reader would see them)
            directory.pop("stop", None)
            out[relative] = json.dumps(directory, ensure_ascii=False)
    return out


def test_the_english_example_checks_clean_in_english(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = run_cli("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Check finished: 0 errors, 0 warnings" in result.stdout
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path))


def test_english_findings_keep_their_codes(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    doc = root / "manuals" / "qm" / "QM-04.md"
    doc.write_text(doc.read_text("utf-8").replace("## 3. Responsibilities", "## 3. Duties")
                   .replace("### 4.2 Conducting", "### 4.4 Conducting"), "utf-8")
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "QM-04.md" in line]
    assert any(" QD160 " in line and "Responsibilities" in line for line in lines), lines
    assert any(" QD161 " in line for line in lines), lines
    assert any(" QD190 " in line for line in lines), lines  # approved content changed
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path)), result.stdout


def test_english_help_and_usage_errors(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = run_cli("--help", cwd=root)
    assert result.returncode == 0 and "controlled-document compiler" in result.stdout
    assert not CJK.search(_ours(result.stdout, tmp_path))
    bad = run_cli("build", "--only", "nonsense", cwd=root)
    assert bad.returncode == 2 and "--only nonsense is not valid" in bad.stderr
    assert not CJK.search(_ours(bad.stderr, tmp_path))
    outside = run_cli("check", cwd=tmp_path)  # no project here: the default language, with where it looked
    assert outside.returncode == 2 and "qmsdoc.yml" in outside.stderr


def test_an_unreadable_english_configuration_is_explained_in_english(tmp_path: Path) -> None:
    """qmsdoc.yml with a key written twice is refused before its settings apply; the message was Chinese."""
    root = _copy(tmp_path)
    (root / "qmsdoc.yml").write_text((root / "qmsdoc.yml").read_text("utf-8") + "organisation: Other Ltd\n", "utf-8")
    result = run_cli("check", cwd=root)
    assert result.returncode == 2 and "QD004" in result.stderr and "appears twice" in result.stderr, result
    assert not CJK.search(_ours(result.stderr, tmp_path))


# qmsdoc.yml's tail that YAML cannot read, whatever the cause: a tab, an unclosed bracket, a byte not UTF-8.
UNPARSABLE = {"tab": b"\torganisation: Other Ltd\n", "bracket": b"review_warning_days: [\n",
              "encoding": b"organisation: '\xb9\xab\xcb\xbe'\n"}


@pytest.mark.parametrize("tail", sorted(UNPARSABLE))
def test_a_configuration_yaml_cannot_read_is_still_explained_in_its_language(tmp_path: Path, tail: str) -> None:
    """qmsdoc.yml said `language: en`, but a tab further down kept it from parsing: the configuration error and
    the help came in Chinese, the language of a project with no `language:` at all."""
    root = _copy(tmp_path)
    (root / "qmsdoc.yml").write_bytes((root / "qmsdoc.yml").read_bytes() + UNPARSABLE[tail])
    result = run_cli("check", cwd=root)
    assert result.returncode == 2 and result.stderr.startswith("Configuration error"), result
    assert not CJK.search(_ours(result.stderr, tmp_path)), result.stderr
    shown = run_cli("check", "--help", cwd=root)
    assert shown.stdout.startswith("usage:") and not CJK.search(_ours(shown.stdout, tmp_path)), shown.stdout


def test_a_chinese_configuration_yaml_cannot_read_is_explained_in_chinese(tmp_path: Path) -> None:
    """The quiet side: `language: zh-CN`, or two `language:` lines that disagree, leave the default language."""
    root = _copy(tmp_path)
    english = (root / "qmsdoc.yml").read_text("utf-8")
    for config in (english.replace("language: en", "language: zh-CN"), english + "language: zh-CN\n"):
        (root / "qmsdoc.yml").write_text(config + "\torganisation: Other Ltd\n", "utf-8")
        result = run_cli("check", cwd=root)
        assert result.returncode == 2 and result.stderr.startswith("配置错误"), result


@pytest.mark.slow
def test_the_english_example_builds_with_no_cjk_in_what_qmsdoc_wrote(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--strict"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path)), result.stderr
    texts = _texts(root / "build")
    assert len([name for name in texts if name.endswith(".html")]) > 15
    assert any(name.endswith("word/document.xml") for name in texts)
    assert len([name for name in texts if name.endswith(".pdf")]) > 5  # the PDF copies, read as text
    found = {name: sorted(set(CJK.findall(text)))[:10] for name, text in texts.items() if CJK.search(text)}
    assert not found, found

    page = texts["site/qm/QM-04/index.html"]
    assert '<html lang="en"' in page
    for label in ("Document No.", "Revision history", "Cited by", "Effective", "Download the controlled Word copy"):
        assert label in page, label
    # a reference shows "Title (ID)"
    assert re.search(r'Nonconformity and Corrective Action</span> \(<span class="qms-ref-id">QM-05</span>', page)
    index = json.loads(texts["site/search/index.js"])  # qmsdoc's own search (search/index.py)
    assert index["segment"] is False and index["pages"] > 15  # words cut at spaces: no jieba segmentation
    assert index["forms"] == "en"  # and a query word finds its other English forms (search.js `forms`)
    document = texts["site/docx/documents/QM-02.docx!word/document.xml"]
    for label in ("Revision history", "Approval", "Signature", "Meaning", "Author: responsible for the content"):
        assert label in document, label
    assert "Copy status: Controlled" in texts["site/docx/documents/QM-02.docx!word/footer1.xml"]
    pdf = " ".join(texts["pdf/documents/QM-02.pdf"].split())  # the PDF copy carries the same labels, meanings too
    for label in ("Revision history", "Approval", "Signature", "Meaning", "Author: responsible for the",
                  "Copy status: Controlled"):  # (a table cell's lines come out one by one)
        assert label in pdf, label
    for label in ("Document No.", "Version/Revision", "Effective date", "Owner department"):  # header labels whole:
        assert label in texts["pdf/documents/QM-02.pdf"], label  # a wrapped one comes out on two lines
    assert "Obsolete" in texts["site/qm/QM-08/index.html"]
    workbook = texts["register.xlsx!xl/workbook.xml"]
    assert 'name="Controlled documents"' in workbook and 'name="Recall list"' in workbook


def test_history_outputs_of_an_english_project_hold_no_cjk(tmp_path: Path) -> None:
    """The copy of an earlier version (its watermark and notice), the redline and the register of a past day are
    what qmsdoc writes too: in the project's language."""
    root = _copy(tmp_path, committed=True)
    assert run_cli("revise", "QM-03", "--by", "Quality Manager", "--date", "2026-11-01", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-03.md"
    draft.write_text(draft.read_text("utf-8").replace("| 3 years |", "| 5 years |", 1), "utf-8")
    redline = run_cli("redline", "QM-03", "--out", str(tmp_path / "redline.docx"), cwd=root)
    assert redline.returncode == 0, redline.stderr
    released = run_cli("release", "QM-03", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Audit reports kept 5 years", "--date", "2026-11-20", cwd=root)
    assert released.returncode == 0, released.stderr
    commit(root, "Release QM-03 A/1")
    outputs = [redline]
    for fmt in ("docx", "pdf"):
        outputs.append(run_cli("copy", "QM-03", "--version", "A/0", "--format", fmt,
                               "--out", str(tmp_path / f"old.{fmt}"), cwd=root))
    outputs.append(run_cli("register", "--as-of", "2026-11-25", "--format", "csv",
                           "--out", str(tmp_path / "register.csv"), cwd=root))
    for result in outputs:
        said = result.stdout + result.stderr
        assert result.returncode == 0 and not CJK.search(_ours(said, tmp_path)), said
    texts = _texts(tmp_path)
    for name in ("old.docx!word/document.xml", "old.docx!word/header1.xml", "redline.docx!word/document.xml",
                 "old.pdf", "register.csv"):
        assert name in texts and not CJK.search(texts[name]), (name, sorted(set(CJK.findall(texts[name])))[:10])
    assert "SUPERSEDED" in texts["old.docx!word/header1.xml"]


@pytest.mark.slow
def test_a_dirty_rebuild_after_a_language_change_rebuilds_every_page(tmp_path: Path) -> None:
    from sitebuild import mkdocs_build

    root = _copy(tmp_path)
    first = mkdocs_build(root)
    assert first.returncode == 0, first.stderr
    assert "Document No." in (root / "build/site/qm/QM-02/index.html").read_text("utf-8")
    config = root / "qmsdoc.yml"
    # the same sources read as a Chinese project (its record headings named, as its defaults are Chinese)
    config.write_text(config.read_text("utf-8").replace("language: en", "language: zh-CN")
                      + "record_sections: [Records]\n", "utf-8")
    second = mkdocs_build(root, "--dirty", "--no-strict")
    assert second.returncode == 0, second.stderr
    page = (root / "build/site/qm/QM-02/index.html").read_text("utf-8")
    assert "文件编号" in page and "Document No." not in page and '<html lang="zh' in page


@pytest.mark.slow
@pytest.mark.office
def test_libreoffice_prints_the_english_word_copies_in_english(tmp_path: Path, artifacts: Path) -> None:
    root = _copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "docx", "--path", str(root), "--jobs", "1"],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    docx = root / "build" / "docx"
    samples = [docx / "documents" / "QM-02.docx", docx / "forms" / "QM-04-F01.docx", docx / "manuals" / "QM.docx"]
    converted = subprocess.run(
        ["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *map(str, samples)], capture_output=True, text=True, timeout=240)
    assert converted.returncode == 0, converted.stderr
    texts = {}
    for sample in samples:
        pdf = tmp_path / "pdf" / (sample.stem + ".pdf")
        texts[sample.stem] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(artifacts / f"word-en-{sample.stem}")], check=True)
        assert not CJK.search(texts[sample.stem]), sample.name
    document = texts["QM-02"]
    assert re.search(r"Page\s+1\s+of\s+[1-9]", document)  # PAGE/NUMPAGES evaluated by a real renderer
    assert "Copy status: Controlled" in document and "Control of Records (QM-03)" in document
    assert "Document" in document and "No." in document and "Documen\n" not in document  # a label never split
    assert "Approval" in document and "Author: responsible" in document and "Meaning" in document
    assert "Internal Audit Report" in texts["QM-04-F01"] and "Form No.: QM-04-F01" in texts["QM-04-F01"]
    assert "Contents" in texts["QM"] and "Quality Manual" in texts["QM"]


@pytest.mark.slow
def test_revision_history_redline_and_past_register_in_english(tmp_path: Path) -> None:
    """With git history: a working revision released, its earlier version's page, the redline (site and Word)
    and the register of a past day — all in English, with no CJK character qmsdoc wrote."""
    root = _copy(tmp_path, committed=True)
    made = run_cli("revise", "QM-03", "--by", "Quality Manager", "--reason", "Longer retention", "--date", "2026-11-01",
                   cwd=root)
    assert made.returncode == 0 and "Made the revision" in made.stdout, made.stderr
    draft = root / "revisions" / "manuals" / "qm" / "QM-03.md"
    text = draft.read_text("utf-8")
    draft.write_text(text.replace("| Quality Manager | 3 years |", "| Quality Manager | 5 years |", 1), "utf-8")
    released = run_cli("release", "QM-03", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Audit reports kept 5 years", "--date", "2026-11-20", cwd=root)
    assert released.returncode == 0 and "Released QM-03 A/1" in released.stdout, released.stderr
    commit(root, "Release QM-03 A/1")
    built = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--strict"], cwd=root, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    redline = run_cli("redline", "QM-03", "--from", "A/0", "--to", "A/1", "--out", str(tmp_path / "out" / "r.docx"),
                      cwd=root)
    past = run_cli("register", "--as-of", "2026-10-01", "--out", str(tmp_path / "out" / "past.xlsx"), cwd=root)
    assert redline.returncode == 0 and past.returncode == 0, redline.stderr + past.stderr
    outputs = [made.stdout, released.stdout, built.stdout, built.stderr, redline.stdout, past.stdout]
    assert not any(CJK.search(_ours(text, tmp_path)) for text in outputs), outputs
    texts = {**_texts(root / "build"), **_texts(tmp_path / "out")}
    found = {name: sorted(set(CJK.findall(text)))[:10] for name, text in texts.items() if CJK.search(text)}
    assert not found, found
    history = texts["site/history/QM-03/index.html"]
    assert "See the redline" in history and "Table of changes" in history and "5 years" in history
    assert "Earlier version A/0" in texts["site/history/QM-03/A-0/index.html"]
    assert "Table of changes" in texts["r.docx!word/document.xml"]


def _written_since(root: Path, before: set[Path]) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): path.read_text("utf-8") for path in sorted(root.rglob("*"))
            if path.is_file() and path not in before}


def test_an_english_import_reports_and_drafts_in_english(tmp_path: Path) -> None:
    """`qmsdoc import` of English files into an English project: its report, its notes and the placeholders and
    comments it writes into the drafts, the new manual's index and the form stubs are all English."""
    import docx

    from qmsdoc.core import i18n

    root = _copy(tmp_path)
    text = tmp_path / "calibration.txt"  # a title repeated at the start of the next line starts a document
    text.write_text("Calibration\nCalibration of gauges is done once a year.\nRecords are kept three years.\n",
                    "utf-8")
    word = tmp_path / "training.docx"
    made = docx.Document()
    made.add_paragraph("Company handbook")  # before the first Heading 1: reported, not imported
    made.add_heading("Training", level=1)
    made.add_paragraph("New staff are trained in their first week.")
    table = made.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Courses"
    table.cell(1, 0).text, table.cell(1, 1).text = "Safety", "Yearly"
    made.save(str(word))
    before = set(root.rglob("*"))
    result = run_cli("import", str(text), str(word), "--manual", "IMP", "--title", "Imported", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Wrote manuals/imp/index.md" in result.stdout, result.stdout
    assert "Imported as drafts: 2 documents (" in result.stdout, result.stdout
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path)), result.stdout + result.stderr
    written = _written_since(root, before)
    assert "manuals/imp/index.md" in written and len(written) == 3, sorted(written)
    found = {name: sorted(set(CJK.findall(text)))[:10] for name, text in written.items() if CJK.search(text)}
    assert not found, found
    assert "## Scope" in written["manuals/imp/index.md"]
    from qmsdoc.importer.plan import FormStub, todo
    from qmsdoc.importer.writer import form_text

    with i18n.using("en"):  # a form stub is made from a 质量记录 list (Chinese input): its placeholders, in English
        form = form_text(FormStub("IMP-001-F01", todo(), "IMP-001"))
    assert not CJK.search(form), form


def test_english_import_errors_are_english(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    source = tmp_path / "a.txt"
    source.write_text("Calibration\nCalibration of gauges is done once a year.\n", "utf-8")
    missing = run_cli("import", str(tmp_path / "nowhere.txt"), "--manual", "IMP", cwd=root)
    assert missing.returncode == 2 and "nowhere.txt" in missing.stderr, missing
    assert not CJK.search(_ours(missing.stderr, tmp_path)), missing
    lines = run_cli("import", str(source), "--manual", "IMP", "--lines", "5-2", cwd=root)
    assert lines.returncode == 2 and "--lines" in lines.stderr, lines
    assert not CJK.search(_ours(lines.stderr, tmp_path)), lines
    past = run_cli("import", str(source), "--manual", "IMP", "--lines", "1-9", cwd=root)
    assert past.returncode == 1 and "past the end" in past.stderr, past
    assert not CJK.search(_ours(past.stderr, tmp_path)), past
