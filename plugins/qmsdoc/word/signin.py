"""The 学习签到表 of a release as a printable Word file: what was released (document, version, change summary,
release date), who must read it by when, and blank rows for 姓名/部门/日期/签名 to fill in at the training
meeting (培训会). The filled sheet is typed up and recorded with `qmsdoc acknowledge ID --from-sheet`."""

from __future__ import annotations

from ..core.copyjobs import SigninJob
from ..core.i18n import Words, join, t
from ..core.paths import signin_sheet
from .controlled import centred_title, fill, grid
from .package import Properties, WordFile
from .template import section_properties
from .wml import Font, Paragraph, Table, cm, field_runs

INFO_WIDTHS_CM = (2.8, 5.5, 2.8, 5.5)
ROW_WIDTHS_CM = (1.4, 3.6, 4.2, 3.0, 4.4)
ROW_HEIGHT_CM = 0.8  # as the repeating rows of a blank form: room for a handwritten name
SMALL = Font(size=9)
COLUMNS = Words("acks.signin.col.number", "acks.field.person", "acks.field.department", "label.date",
                "copy.approval.signature")


def _info(file: WordFile, job: SigninJob) -> Table:
    """文件编号 / 版本, 文件名称, 归口部门 / 发布日期, 需学习部门, 完成期限, 修订内容: label and value pairs."""
    lines: list[tuple[str, str, str | None, str | None]] = [
        (t("label.id"), job.id, t("label.version"), job.version), (t("label.title"), job.title, None, None),
        (t("label.department"), job.department, t("register.ack.released"), job.released or "—"),
        (t("acks.signin.departments"), join(list(job.departments)), t("acks.signin.due"), job.due or "—"),
        (t("label.change"), job.change or "—", None, None)]
    table = Table.empty(len(lines), [cm(w) for w in INFO_WIDTHS_CM], file.style("Table Grid"))
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
    foot.add(t("copy.page.before"), SMALL)
    foot.content += field_runs("PAGE", font=SMALL)
    foot.add(t("copy.page.middle"), SMALL)
    foot.content += field_runs("NUMPAGES", font=SMALL)
    foot.add(t("copy.page.after") + t("acks.signin.footer", id=job.id, sheet=signin_sheet(job.id)), SMALL)
    footer = file.add_footer([foot])

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
                            keywords=job.version, category=t("acks.signin.name"), date=job.approval_date)
    return file.to_bytes(section_properties(header=header, footer=footer), properties)
