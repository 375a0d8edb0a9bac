"""`qmsdoc import` of an English quality team's manuals: cover tables ("Document No.", "Rev.", "Effective Date",
"Owner"), approval blocks (Prepared/Reviewed/Approved by with Name/Signature/Date rows or columns), revision
history tables ("Revision History", "Document Change History", "Amendment Record"), document types and
numbered sections ("1. Purpose", "Section 4 — Procedure") — whatever the language of the project importing them.
The manuals are generated (tests/english_manuals.py): no binary file is committed."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from english_manuals import APPROVED_BY, EXPECTED, TEXT_EXPECTED, text_manual, word_manual
from test_import import _empty_project

from qmsdoc.cli import main
from qmsdoc.core import check, load_config
from qmsdoc.core.i18n import languages, t, using
from qmsdoc.importer import cover

from conftest import REPO

EXAMPLE = REPO / "examples" / "en-quality-manual"
KEYS = ("title", "type", "version", "effective_date", "department", "prepared", "reviewed", "history")


def _english_project(tmp_path: Path) -> Path:
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    return root


def _import(root: Path, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = main(["import", *args, "--path", str(root)])
    return code, out.getvalue()


def _front(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text("utf-8")
    head = text.split("---\n")[1]
    return yaml.load(head, Loader=yaml.BaseLoader), head  # noqa: S506 - dates as written, YYYY-MM-DD


def _assert_drafts(folder: Path, expected: dict[str, dict[str, object]]) -> None:
    for doc_id, fields in expected.items():
        data, head = _front(folder / f"{doc_id}.md")
        assert data["id"] == doc_id and data["status"] == "draft"
        assert {k: data.get(k) for k in fields} == fields, doc_id
        assert "approved" not in data  # an import never approves anything: the old approval is a comment
        if doc_id in APPROVED_BY:
            assert APPROVED_BY[doc_id] in head.split("\n# ", 1)[1]


def _only_what_a_draft_gets(root: Path, *expected: tuple[str, str]) -> None:
    """The drafts check clean but for what their source got wrong (`expected`: code, file); the form stubs and
    the new manual page waits for its owner and scope (QD123) and its release (QD122)."""
    findings = check(load_config(root)).findings
    waiting = [f for f in findings if f.code == "QD122" or (f.code == "QD123" and Path(f.path).name == "index.md")]
    assert sorted((f.code, Path(f.path).name) for f in findings if f not in waiting) == sorted(expected), [
        f.format() for f in findings]
    assert all(Path(f.path).name == "index.md" or f.path.endswith(".yaml") for f in waiting)


@pytest.fixture(scope="module")
def manuals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("english")
    return word_manual(folder / "procedures.docx"), text_manual(folder / "procedures.txt")


def test_an_english_word_manual_becomes_drafts_with_its_cover_approval_and_history(
        manuals: tuple[Path, Path], tmp_path: Path) -> None:
    root = _english_project(tmp_path)
    code, said = _import(root, str(manuals[0]), "--manual", "QP-07")
    assert code == 0, said
    _assert_drafts(root / "manuals" / "qp-07", EXPECTED)
    # the file's own title is not a document; no table of the cover, approval or history stays in a body
    assert "the title of the whole file" in said and not (root / "manuals" / "qp-07" / "QP-07-001.md").exists()
    for doc_id in EXPECTED:
        body = (root / "manuals" / "qp-07" / f"{doc_id}.md").read_text("utf-8").split("---\n", 2)[2]
        assert "Prepared by" not in body and "Document No" not in body and "Doc. No" not in body
        assert "| Rev" not in body and "| Issue" not in body and "History" not in body and "Amendment" not in body
    wi = (root / "manuals" / "qp-07" / "WI-03.md").read_text("utf-8")
    assert "## 1. Purpose\n" in wi and "## 3. Records\n\n- [[WI-03-F01]]\n" in wi
    ncr = (root / "manuals" / "qp-07" / "QP-07-02.md").read_text("utf-8")
    assert "## 4. Procedure\n" in ncr and "## 5. Records\n\n- [[QP-07-02-F01]]\n" in ncr
    forms = sorted(p.stem for p in (root / "controlled_forms").glob("*.yaml"))
    assert {"QP-07-01-F01", "QP-07-01-F02", "QP-07-02-F01", "WI-03-F01"} <= set(forms)
    assert "title: Gauge Calibration Sheet" in (root / "controlled_forms" / "WI-03-F01.yaml").read_text("utf-8")
    _only_what_a_draft_gets(root)


def test_an_english_text_manual_splits_at_titles_followed_by_purpose(manuals: tuple[Path, Path],
                                                                    tmp_path: Path) -> None:
    root = _english_project(tmp_path)
    code, said = _import(root, str(manuals[1]), "--manual", "QPM")
    assert code == 0, said
    expected = {doc: {k: v for k, v in fields.items()} for doc, fields in TEXT_EXPECTED.items()}
    _assert_drafts(root / "manuals" / "qpm", expected)
    records = (root / "manuals" / "qpm" / "QP-08.md").read_text("utf-8")
    assert "## 5. Records\n\n- [[QP-08-F01]]\n- [[QP-08-F02]]\n" in records
    assert "Document No" not in records.split("---\n", 2)[2]
    # 04/05/2025 is 4 May or April 5: not guessed, said
    assert 'date "04/05/2025" may be day/month or month/day' in said
    _only_what_a_draft_gets(root, ("QD160", "QP-09.md"))  # it has no Responsibilities


def test_an_english_table_of_contents_is_no_document_and_no_body_text(tmp_path: Path) -> None:
    """A "Table of Contents" page (`1. Purpose ........ 3`, `Section 4 Procedure 4`, `QP-08 Control of Records .... 3`)
    is left out and reported, as 目录 is: it starts no bogus document, and no draft holds its entries."""
    for source, manual, expected in ((text_manual(tmp_path / "toc.txt", contents=True), "qpm", TEXT_EXPECTED),
                                     (word_manual(tmp_path / "toc.docx", contents=True), "qp-07", EXPECTED)):
        root = _english_project(tmp_path / manual)
        code, said = _import(root, str(source), "--manual", manual.upper())
        assert code == 0, said
        drafts = sorted(p.stem for p in (root / "manuals" / manual).glob("*.md") if p.name != "index.md")
        assert drafts == sorted(expected), said
        _assert_drafts(root / "manuals" / manual, expected)
        for draft in (root / "manuals" / manual).glob("*.md"):
            assert not re.search(r"\.{4} \d|Section 4 Procedure 4|\t|Purpose 3", draft.read_text("utf-8")), draft.name
        assert re.search(r"the table of contents \(\d+ entries[,)]", said), said


@pytest.mark.parametrize("english", [True, False])
def test_a_cover_table_above_a_heading_belongs_to_the_document_under_it(tmp_path: Path, english: bool) -> None:
    """Some manuals put each document's cover table above its Heading 1: it fills that document's front matter,
    and is neither the previous document's body nor its cover — in English and in Chinese files."""
    import docx

    labels = (("Document No.", "Revision", "Department", "Effective Date") if english else
              ("文件编号", "版本", "归口部门", "实施日期"))
    document = docx.Document()
    for number, title, version in (("QP-02-01", "Control of Records" if english else "记录控制程序", "A/0"),
                                   ("QP-02-02", "Internal Audit" if english else "内部审核程序", "B/1")):
        table = document.add_table(rows=2, cols=4)
        for cell, text in zip(table.rows[0].cells, (labels[0], number, labels[1], version), strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, (labels[2], f"Dept {number}", labels[3], "2024-05-01"),
                              strict=True):
            cell.text = text
        document.add_heading(title, level=1)
        document.add_paragraph("1. Purpose" if english else "1.0目的")
        document.add_paragraph(f"What {title} is for.")
    source = tmp_path / "covers.docx"
    document.save(str(source))
    root = _english_project(tmp_path) if english else _empty_project(tmp_path).root
    code, said = _import(root, str(source), "--manual", "QP-02")
    assert code == 0, said
    for number, version in (("QP-02-01", "A/0"), ("QP-02-02", "B/1")):
        data, _ = _front(root / "manuals" / "qp-02" / f"{number}.md")
        assert (data["version"], data["department"]) == (version, f"Dept {number}"), said
        body = (root / "manuals" / "qp-02" / f"{number}.md").read_text("utf-8").split("---\n", 2)[2]
        assert labels[0] not in body and "QP-02-0" not in body


def test_a_chinese_project_reads_an_english_manual_the_same_way(manuals: tuple[Path, Path], tmp_path: Path) -> None:
    """Recognition follows the file's language, not the project's: the report is Chinese, the fields the same."""
    root = _empty_project(tmp_path).root
    code, said = _import(root, str(manuals[0]), "--manual", "QP-07")
    assert code == 0, said
    assert "导入" in said
    _assert_drafts(root / "manuals" / "qp-07", EXPECTED)


def test_an_english_project_reads_a_chinese_cover_the_same_way(tmp_path: Path) -> None:
    source = tmp_path / "旧规程.txt"
    source.write_text("员工离职管理工作规程\n版本:B 编制:张三 日期:2010-03-01 审核:李四 日期:2010-03-05\n"
                      "1.0目的\n规范员工离职。\n2.0适用范围\n全体员工。\n3.0职责\n人事部负责。\n", "utf-8")
    for root in (_english_project(tmp_path), _empty_project(tmp_path).root):
        code, said = _import(root, str(source), "--manual", "QP-02")
        assert code == 0, said
        data, _ = _front(next((root / "manuals" / "qp-02").glob("QP-02-0*.md")))
        assert (data["title"], data["type"], data["version"]) == ("员工离职管理工作规程", "procedure", "B/0")
        assert data["prepared"] == {"by": "张三", "date": "2010-03-01"}
        assert data["reviewed"] == {"by": "李四", "date": "2010-03-05"}


@pytest.mark.parametrize(("written", "version"), [
    ("A/1", "A/1"), ("B", "B/0"), ("Rev. 2", "A/2"), ("Rev 0", "A/0"), ("Revision B", "B/0"), ("Rev.2", "A/2"),
    ("Issue 3", "C/0"), ("Issue 2, Rev. 3", "B/3"), ("Issue #3", "C/0"), ("1.0", "A/0"), ("2.1", "B/1"),
    ("V2.1", "B/1"), ("Version 3.0", "C/0"), ("0.3", None), ("Draft", None)])
def test_versions_map_to_the_edition_and_revision_scheme(written: str, version: str | None) -> None:
    assert cover.version(written) == version


@pytest.mark.parametrize(("written", "day"), [
    ("2025-03-12", "2025-03-12"), ("2025年3月12日", "2025-03-12"), ("12 March 2025", "2025-03-12"),
    ("12-Mar-2025", "2025-03-12"), ("March 12, 2025", "2025-03-12"), ("1st May 2025", "2025-05-01"),
    ("20/03/2025", "2025-03-20"), ("03/20/2025", "2025-03-20"), ("05/05/2025", "2025-05-05"),
    ("01/03/2025", None), ("12.03.2025", None),
    # two-digit years: 00–69 are 20xx, 70–99 are 19xx; 12/03/25 stays ambiguous in day and month
    ("12-Mar-25", "2025-03-12"), ("March 12, 25", "2025-03-12"), ("20/03/25", "2025-03-20"),
    ("03/20/98", "1998-03-20"), ("1 Jan 70", "1970-01-01"), ("31 Dec 69", "2069-12-31"), ("12/03/25", None)])
def test_dates_in_english_forms_and_ambiguous_ones_left_alone(written: str, day: str | None) -> None:
    assert cover.iso_date(written) == day
    assert cover.ambiguous_date(written) == (day is None)


def test_labels_match_whatever_their_case_and_punctuation() -> None:
    for label in ("Document No.", "DOC. NO.:", "doc no", "Doc #", "Document #:"):
        assert cover.LABELS[cover.label_key(label)] == "id", label
    assert cover.key_values(["Issue:", "3", "Rev.", "1"])[0] == {"version": "Issue 3 Rev 1"}
    assert re.fullmatch(r"[a-z0-9/]+", cover.label_key("Version/Revision"))


def test_qmsdocs_own_english_word_copies_import_back(tmp_path: Path) -> None:
    """An English project's Word copies (header "Document No. / Version/Revision / Owner department", the meta line
    "QM-04 · A/0 · Procedure", the Revision history and Approval blocks with their Meaning row) give back each
    document's front matter, as the Chinese copies do (test_import.py)."""
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.core.source import parse_markdown
    from qmsdoc.importer.plan import plan_import
    from qmsdoc.importer.writer import draft_text
    from qmsdoc.word.export import plan_export, write_files

    root = _english_project(tmp_path)
    result = check(load_config(root))
    write_files(plan_export(result, CorpusRenderer(result.corpus), "Northwind", only=[*result.corpus.documents]),
                root / "build" / "docx", workers=1)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "qmsdoc.yml").write_text("language: en\n", "utf-8")
    config = load_config(empty)
    keys = ("id", "title", "type", "version", "department", "effective_date", "prepared", "reviewed", "history")
    for source in sorted((root / "manuals" / "qm").glob("QM-*.md")):
        plan = plan_import(config, [root / "build" / "docx" / "documents" / f"{source.stem}.docx"], "QM")
        assert not plan.errors and len(plan.drafts) == 1
        imported = parse_markdown(draft_text(plan.drafts[0]), "imported.md").data
        original = parse_markdown(source.read_text("utf-8"), source.name).data
        assert {k: imported.get(k) for k in keys} == {k: original.get(k) for k in keys}, source.stem
        assert imported["status"] == "draft" and "approved" not in imported
        imported_body = parse_markdown(draft_text(plan.drafts[0]), "imported.md").body
        original_body = parse_markdown(source.read_text("utf-8"), source.name).body
        # the body starts where the original's does: an obsolete copy's notice under its title is not body text
        assert imported_body.split()[:3] == original_body.split()[:3], source.stem
        successor = original.get("superseded_by")
        assert [n.message for n in plan.notes if "superseded by" in n.message] == (
            [t("import.superseded", successor=successor)] if successor else []), source.stem


@pytest.mark.parametrize("code", list(languages()))
@pytest.mark.parametrize(("withdrawn", "successor"), [("2026-08-25", "QM-02"), ("", "QP-02-03.1"), ("2026-08-25", ""),
                                                      ("", "")])
def test_an_obsolete_copys_notice_is_read_back_in_every_language(code: str, withdrawn: str, successor: str) -> None:
    """The notice an obsolete copy prints under its title, in whichever language the copy was written: its date
    and successor read back. The importer read only the Chinese one, so an English copy's notice stayed in the
    imported body and its successor went unreported."""
    from qmsdoc.core.copyjobs import read_obsolete_notice

    with using(code):
        when = t("copy.obsolete.when", date=withdrawn) if withdrawn else ""
        after = t("version.successor", id=successor) if successor else ""
        notice = t("copy.obsolete.notice", when=when, successor=after)
    with using("zh-CN" if code == "en" else "en"):  # what the copy says, not the importing project's language
        match = read_obsolete_notice(notice)
        assert match is not None, notice
        assert (match.group("date") or "", match.group("successor") or "") == (withdrawn, successor)
        for other in (notice[:-2], notice + " " + notice, "To control the documents of the quality system.",
                      notice.replace(successor or withdrawn or "", "QM 02") if successor or withdrawn else ""):
            assert read_obsolete_notice(other) is None, other


def test_a_text_file_s_forms_under_a_heading_check_does_not_read_are_reported_at_it(tmp_path: Path) -> None:
    """The text reader's 质量记录 items take the import's wider vocabulary (Forms): the heading check will not read
    is named at its line; one it reads (Quality Records) is not."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "qmsdoc.yml").write_text("language: en\n", "utf-8")
    source = tmp_path / "audits.txt"
    source.write_text("Control of Audits\nDocument No.: QP-08\n1.0 Purpose\nAudit the system.\n2.0 Forms\n"
                      "- QP-08-F01 Audit plan\n3.0 Quality Records\n- QP-08-F02 Audit report\n", "utf-8")
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    assert f'{source.as_posix()}:5: section "Forms" lists forms' in report
    assert '"Quality Records" lists' not in report and report.count("lists forms") == 1


LEGACY = ("{title}\n1.0 PURPOSE\nTo keep people safe when working at height.\n2.0 SCOPE\nAll ladders.\n"
          "3.0 RESPONSIBILITIES\nThe Facilities Manager (J. O'Brien) inspects ladders.\n4.0 PROCEDURE\n"
          "4.1 Inspect the ladder before use.\n5.0 RECORDS\nF-HS-004 Ladder Inspection Checklist\n")


@pytest.mark.parametrize("code", ["SOP-HS-004", "HR.PR.03", "WI-7.5-01", "QP-08"])
def test_a_number_written_before_the_title_is_the_documents_number(tmp_path: Path, code: str) -> None:
    """Other teams head a document `SOP-HS-004 Working at Height`: that number is its id (the title is the rest),
    not a title for which a new number is made up."""
    root = _english_project(tmp_path)
    source = tmp_path / "legacy.txt"
    source.write_text(LEGACY.format(title=f"{code} Working at Height"), "utf-8")
    status, said = _import(root, str(source), "--manual", "HS", "--title", "Health & Safety Manual")
    assert status == 0, said
    draft = root / "manuals" / "hs" / f"{code}.md"
    assert draft.is_file(), said
    fields, _ = _front(draft)
    assert (fields["id"], fields["title"]) == (code, "Working at Height")
    assert "has no document number" not in said, said


def test_a_title_without_a_number_is_given_one(tmp_path: Path) -> None:
    root = _english_project(tmp_path)
    source = tmp_path / "legacy.txt"
    source.write_text(LEGACY.format(title="Working at Height"), "utf-8")
    status, said = _import(root, str(source), "--manual", "HS", "--title", "Health & Safety Manual")
    assert status == 0, said
    assert '"Working at Height" has no document number' in said, said
