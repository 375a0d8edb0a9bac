"""An English quality team's existing manuals, generated (no binary files in the repository): a Word manual of
three documents as such teams write them — a cover table, an approval block, numbered headings, a records
section listing forms, a revision-history table — and the same kind of manual as plain text."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document

# What the documents say, as the tests expect to find it in the drafts' front matter.
EXPECTED: dict[str, dict[str, object]] = {
    "QP-07-01": {
        "title": "Control of Documents", "type": "procedure", "version": "A/2", "effective_date": "2025-03-12",
        "department": "Quality Assurance",
        "prepared": {"by": "J. Smith", "date": "2025-03-01"}, "reviewed": {"by": "A. Patel", "date": "2025-03-05"},
        "history": [{"version": "A/0", "date": "2023-01-10", "by": "J. Smith", "change": "First issue"},
                    {"version": "A/1", "date": "2024-02-15", "by": "J. Smith", "change": "Added electronic approval"},
                    {"version": "A/2", "date": "2025-03-01", "by": "J. Smith",
                     "change": "Review period changed to 24 months"}],
    },
    "WI-03": {
        "title": "Calibration of Pressure Gauges", "type": "work-instruction", "version": "C/0",
        "effective_date": "2025-03-12", "department": "Metrology Lab",
        "prepared": {"by": "L. Chen", "date": "2025-02-20"}, "reviewed": {"by": "M. Brown", "date": "2025-02-27"},
        "history": [{"version": "B/0", "date": "2021-06-01", "by": "L. Chen", "change": "Reissued for new test rig"},
                    {"version": "C/0", "date": "2025-02-20", "by": "L. Chen", "change": "Tolerances updated"}],
    },
    "QP-07-02": {
        "title": "Control of Nonconforming Product", "type": "procedure", "version": "B/0",
        "effective_date": "2025-04-01", "department": "Production",
        "prepared": {"by": "R. Gomez", "date": "2025-03-20"}, "reviewed": {"by": "A. Patel", "date": "2025-03-25"},
        "history": [{"version": "A/0", "date": "2022-05-02", "by": "R. Gomez", "change": "Initial release"},
                    {"version": "B/0", "date": "2025-03-20", "by": "R. Gomez", "change": "MRB added"}],
    },
}
APPROVED_BY = {"QP-07-01": "R. Jones", "WI-03": "R. Jones", "QP-07-02": "R. Jones"}


def _table(document: Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for cells, row in zip(table.rows, rows, strict=True):
        for cell, text in zip(cells.cells, row, strict=False):
            cell.text = text


def word_manual(path: Path, *, contents: bool = False) -> Path:
    """Three documents, each starting at a Heading 1: a procedure with a two-column-pair cover and an approval
    block with Name/Signature/Date rows; a work instruction with `Label:` covers and sign-offs by row; a
    procedure whose history is an "Amendment Record". With `contents`, a Table of Contents heading and page
    before them, its entries as Word's TOC field writes them (title, tab, page)."""
    document = docx.Document()
    document.add_paragraph("Northwind Instruments Ltd. — Quality Procedures Manual", style="Title")
    if contents:
        document.add_heading("Table of Contents", level=1)
        for entry in ("QP-07-01 Control of Documents\t3", "1. Purpose\t3", "Section 4 Procedure\t4",
                      "Work Instruction: Calibration of Pressure Gauges\t7", "Control of Nonconforming Product\t9"):
            document.add_paragraph(entry)

    document.add_heading("Control of Documents", level=1)
    _table(document, [["Document No.", "QP-07-01", "Revision", "Rev. 2"],
                      ["Title", "Control of Documents", "Effective Date", "12 March 2025"],
                      ["Department", "Quality Assurance", "Page", "1 of 3"]])
    _table(document, [["", "Prepared by", "Reviewed by", "Approved by"],
                      ["Name", "J. Smith", "A. Patel", "R. Jones"],
                      ["Signature", "", "", ""],
                      ["Date", "1 March 2025", "5 March 2025", "10 March 2025"]])
    document.add_heading("1. Purpose", level=2)
    document.add_paragraph("To define how documents of the quality management system are approved, issued, "
                           "reviewed and withdrawn.")
    document.add_heading("2. Scope", level=2)
    document.add_paragraph("All controlled documents of the quality management system, paper and electronic.")
    document.add_heading("3. Responsibilities", level=2)
    document.add_paragraph("The Quality Manager maintains the master list.", style="List Bullet")
    document.add_paragraph("Department heads review their documents every 24 months.", style="List Bullet")
    document.add_heading("4. Procedure", level=2)
    document.add_heading("4.1 Approval", level=3)
    document.add_paragraph("Raise a change request on the Document Change Request form.", style="List Number")
    document.add_paragraph("The reviewer checks the draft against the request.", style="List Number")
    document.add_paragraph("The approver signs the approval block.", style="List Number")
    document.add_heading("4.2 Retention", level=3)
    _table(document, [["Record", "Retention", "Location"],
                      ["Master list", "Permanent", "QA office"],
                      ["Change requests", "5 years", "QA office"]])
    document.add_heading("5. Records", level=2)
    document.add_paragraph("QP-07-01-F01 Document Change Request", style="List Bullet")
    document.add_paragraph("QP-07-01-F02 Master List of Documents", style="List Bullet")
    document.add_heading("Revision History", level=2)
    _table(document, [["Rev", "Date", "Author", "Description of change"],
                      ["0", "10 Jan 2023", "J. Smith", "First issue"],
                      ["1", "2024-02-15", "J. Smith", "Added electronic approval"],
                      ["2", "March 1, 2025", "J. Smith", "Review period changed to 24 months"]])

    document.add_heading("Work Instruction: Calibration of Pressure Gauges", level=1)
    _table(document, [["Doc. No.:", "WI-03"], ["Issue:", "3"], ["Effective date:", "2025-03-12"],
                      ["Owner:", "Metrology Lab"]])
    _table(document, [["", "Name", "Signature", "Date"],
                      ["Prepared by", "L. Chen", "", "2025-02-20"],
                      ["Reviewed by", "M. Brown", "", "2025-02-27"],
                      ["Approved by", "R. Jones", "", "2025-03-01"]])
    document.add_paragraph("1. Purpose")
    document.add_paragraph("To calibrate the pressure gauges of the test rigs.")
    document.add_paragraph("2. Instructions")
    document.add_paragraph("2.1 Mount the gauge on the dead-weight tester.")
    document.add_paragraph("2.2 Record the readings at 0, 50 and 100 % of full scale.")
    document.add_paragraph("3. Records")
    document.add_paragraph("WI-03-F01 Gauge Calibration Sheet", style="List Bullet")
    document.add_heading("Document Change History", level=2)
    _table(document, [["Issue", "Date", "Changed by", "Details"],
                      ["2", "1 June 2021", "L. Chen", "Reissued for new test rig"],
                      ["3", "20 February 2025", "L. Chen", "Tolerances updated"]])

    document.add_heading("Control of Nonconforming Product", level=1)
    _table(document, [["Doc #", "QP-07-02", "Rev", "B"],
                      ["Effective", "April 1, 2025", "Dept.", "Production"],
                      ["Document Type", "Procedure", "", ""]])
    _table(document, [["Prepared by:", "R. Gomez", "Date:", "20/03/2025"],
                      ["Reviewed by:", "A. Patel", "Date:", "25/03/2025"],
                      ["Approved by:", "R. Jones", "Date:", "28/03/2025"]])
    document.add_paragraph("Section 1 — Purpose")
    document.add_paragraph("To keep product that does not conform from unintended use or delivery.")
    document.add_paragraph("Section 2 — Scope")
    document.add_paragraph("Purchased, in-process and finished product.")
    document.add_paragraph("Section 3 — Responsibilities")
    document.add_paragraph("Inspectors tag and segregate nonconforming product.")
    document.add_paragraph("Section 4 — Procedure")
    document.add_paragraph("4.1 Identify the product with a red HOLD tag.")
    document.add_paragraph("4.2 The Material Review Board (MRB) decides on its disposition.")
    document.add_paragraph("Section 5 — Records")
    document.add_paragraph("QP-07-02-F01 Nonconformance Report", style="List Bullet")
    document.add_heading("Amendment Record", level=2)
    _table(document, [["Rev.", "Date", "By", "Amendment"],
                      ["A", "May 2, 2022", "R. Gomez", "Initial release"],
                      ["B", "20-Mar-2025", "R. Gomez", "MRB added"]])
    document.save(str(path))
    return path


TEXT_EXPECTED: dict[str, dict[str, object]] = {
    "QP-08": {
        "title": "Control of Records", "type": "procedure", "version": "A/1", "effective_date": "2025-03-12",
        "department": "Quality Assurance", "prepared": {"by": "J. Smith", "date": "2025-03-01"},
        "reviewed": {"by": "A. Patel", "date": "2025-03-05"},
    },
    "QP-09": {
        "title": "Internal Audit Procedure", "type": "procedure", "version": "B/3", "effective_date": "2025-05-01",
        "department": "Quality Assurance", "prepared": {"by": "J. Smith", "date": "2025-04-10"},
        "reviewed": None,  # 04/05/2025: 4 May or April 5 — not guessed
    },
    "JD-01": {
        "title": "Quality Manager", "type": "job-description", "version": "A/0",
        "effective_date": "2025-01-06", "department": "Human Resources",
    },
}

ENGLISH_TEXT = """\
NORTHWIND INSTRUMENTS LTD.
Quality Procedures

Control of Records
Document No.: QP-08    Revision: 1    Effective Date: March 12, 2025
Department: Quality Assurance
Prepared by: J. Smith    Date: 2025-03-01    Reviewed by: A. Patel    Date: 2025-03-05    Approved by: R. Jones
1. Purpose
To define how quality records are identified, stored, protected, retrieved, retained and disposed of.
2. Scope
All records listed in the procedures of the quality management system.
3. Responsibilities
a) Each department head keeps the records of their department.
b) The Quality Manager keeps the master list of records.
4. Procedure
4.1 Identification
Every record carries the number of its form and the date it was made.
4.2 Retention
Records are kept for at least five years unless a customer asks for longer.
5. Records
QP-08-F01 Record Retention Schedule
QP-08-F02 Record Disposal Log

Internal Audit Procedure
Doc No: QP-09    Issue 2, Revision 3    Effective: 1 May 2025
Department: Quality Assurance
Prepared by: J. Smith    Date: 10 April 2025    Reviewed by: A. Patel    Date: 04/05/2025
1.0 Purpose
To check that the quality management system conforms and is effectively implemented.
2.0 Scope
Every process, once a year at least.
3.0 Procedure
3.1 Plan the audit programme for the year.
3.2 Conduct each audit and report within five working days.
4.0 Records
QP-09-F01 Audit Report

Job Description: Quality Manager
Document No.: JD-01    Version: 1.0    Effective Date: 2025-01-06
Department: Human Resources
1. Purpose of the Job
To lead the quality management system.
2. Duties
- Maintain the quality manual and procedures.
- Report on the performance of the quality management system.
3. Authority
- Stop delivery of nonconforming product.
"""


# The text manual's contents page, as pasted from a Word file: leader dots, plain page numbers, control numbers.
CONTENTS_TEXT = """\
Table of Contents
1. Purpose ........ 3
2. Scope ......... 3
Section 4 Procedure 4
QP-08 Control of Records .... 3
QP-09 Internal Audit Procedure .... 5
Job Description: Quality Manager .... 7
"""


def text_manual(path: Path, *, contents: bool = False) -> Path:
    """The text manual; with `contents`, its contents page after the manual's title lines."""
    title = "Quality Procedures\n"
    text = ENGLISH_TEXT.replace(title, title + CONTENTS_TEXT) if contents else ENGLISH_TEXT
    path.write_text(text, "utf-8")
    return path
