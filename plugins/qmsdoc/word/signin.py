"""The 学习签到表 of a release as a printable Word file: what was released (document, version, change summary,
release date), who must read it by when, and blank rows for 姓名/部门/日期/签名 to fill in at the training
meeting (培训会). The filled sheet is typed up and recorded with `qmsdoc acknowledge ID --from-sheet`."""

from __future__ import annotations

from ..core import copylabels as labels
from ..core import page
from ..core.colwidths import line_units
from ..core.copyjobs import SigninJob
from ..core.formlayout import LABEL_PADDING_CM
from ..core.i18n import Words, join, t
from ..core.paths import signin_sheet
from .controlled import add_page_of, centred_title, fill, grid
from .package import Properties, WordFile
from .template import section_properties
from .wml import Font, Paragraph, Table, cm

INFO_SHARES = (0.3, 0.2, 0.25)  # the most the labels, the second labels and the dates may take of the width
# Half an em of 10.5 pt bold Latin text or digits as the widest usual face draws it: where the template's Times New
# Roman is not installed LibreOffice sets DejaVu Serif, 0.23 cm a unit for 「Owner department」, 0.24 for a date
# (formlayout.UNIT_CM's 0.19 is a CJK character's half, and Times New Roman's).
WIDE_UNIT_CM = 0.24
ROW_WIDTHS_CM = (1.4, 3.6, 4.2, 3.0, 4.4)
ROW_HEIGHT_CM = 0.8  # as the repeating rows of a blank form: room for a handwritten name
SMALL = Font(size=9)
COLUMNS = Words("acks.signin.col.number", "acks.field.person", "acks.field.department", "label.date",
                "copy.approval.signature")


Line = tuple[str, str, "str | None", "str | None"]


def _one_line_cm(texts: list[str], share: float) -> float:
    """The width that sets the longest of `texts` on one line (10.5 pt bold at most), within `share` of the page."""
    widest = max((line_units(text) for text in texts), default=0)
    return min(widest * WIDE_UNIT_CM + LABEL_PADDING_CM, page.text_width_cm() * share)


def info_widths_cm(lines: list[Line]) -> tuple[float, float, float, float]:
    """The information table's columns: each label column as wide as its longest label on one line, the date
    column as wide as its dates, the rest to the values (document number, department, the departments to read
    it). A fixed 2.8 cm label column wrapped English labels (「Owner department」, 「To be read by」) word by word and
    pushed an English sheet's last rows onto a second page."""
    labels = [line[0] for line in lines]
    paired = [line for line in lines if line[2] is not None]
    first = _one_line_cm(labels, INFO_SHARES[0])
    second = _one_line_cm([line[2] or "" for line in paired], INFO_SHARES[1])
    dates = _one_line_cm([line[3] or "" for line in paired], INFO_SHARES[2])
    return first, page.text_width_cm() - first - second - dates, second, dates


def _info(file: WordFile, job: SigninJob) -> Table:
    """文件编号 / 版本, 文件名称, 归口部门 / 发布日期, 需学习部门, 完成期限, 修订内容: label and value pairs."""
    lines: list[Line] = [
        (t("label.id"), job.id, t("label.version"), job.version), (t("label.title"), job.title, None, None),
        (t("label.department"), job.department, t("register.ack.released"), job.released or "—"),
        (t("acks.signin.departments"), join(list(job.departments)), t("acks.signin.due"), job.due or "—"),
        (t("label.change"), job.change or "—", None, None)]
    table = Table.empty(len(lines), [cm(w) for w in info_widths_cm(lines)], file.style("Table Grid"))
    for index, (label, value, label2, value2) in enumerate(lines):
        cells = table.rows[index].cells
        fill(cells[0], label, bold=True, size=10.5)
        if label2 is None:
            fill(table.merge_row(index, 1, 3), value, size=10.5)
            continue
        fill(cells[1], value, size=10.5)
        fill(cells[2], label2, bold=True, size=10.5)
        fill(cells[3], value2 or "", size=10.5)
    return table


def build_signin(job: SigninJob) -> bytes:
    file = WordFile()
    head = Paragraph(style=file.style("Header"), align="right")
    head.add(t("acks.signin.header", organisation=job.organisation, id=job.id, version=job.version), SMALL)
    header = file.add_header([head])
    foot = Paragraph(style=file.style("Footer"), align="center")
    foot.add(t("acks.signin.footer", id=job.id, sheet=signin_sheet(job.id)), SMALL)
    footer = file.add_footer([add_page_of(foot, labels.footer_page_of(), SMALL)])  # as a blank form's footer

    meeting = Paragraph()
    meeting.add(t("acks.signin.meeting"), Font(size=10.5))
    rows = [[str(number), "", "", "", ""] for number in range(1, job.rows + 1)]
    sheet = grid(file, tuple(COLUMNS), rows, ROW_WIDTHS_CM, ROW_HEIGHT_CM)
    for row in sheet.rows[1:]:
        row.cells[0].paragraph.align = "center"
    note = Paragraph()
    note.add(t("acks.signin.note"), SMALL)
    file.body += [centred_title(t("acks.signin.title"), size=18), _info(file, job), Paragraph(), meeting, sheet, note]
    properties = Properties(title=t("acks.signin.doc_title", title=job.title),
                            subject=t("acks.signin.subject", id=job.id), author=job.organisation,
                            keywords=job.version, category=t("acks.signin.name"), date=job.approval_date,
                            project_id=job.project_id)
    return file.to_bytes(section_properties(header=header, footer=footer), properties)
