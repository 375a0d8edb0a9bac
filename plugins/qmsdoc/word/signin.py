"""The 学习签到表 of a release as a printable Word file: what was released (document, version, change summary,
release date), who must read it by when, and blank rows for 姓名/部门/日期/签名 to fill in at the training
meeting (培训会). The filled sheet is typed up and recorded with `qmsdoc acknowledge ID --from-csv`."""

from __future__ import annotations

from ..core.copyjobs import SigninJob
from .controlled import centred_title, fill, grid
from .package import Properties, WordFile
from .template import section_properties
from .wml import Font, Paragraph, Table, cm, field_runs

INFO_WIDTHS_CM = (2.8, 5.5, 2.8, 5.5)
ROW_WIDTHS_CM = (1.4, 3.6, 4.2, 3.0, 4.4)
ROW_HEIGHT_CM = 0.8  # as the repeating rows of a blank form: room for a handwritten name
SMALL = Font(size=9)


def _info(file: WordFile, job: SigninJob) -> Table:
    """文件编号 / 版本, 文件名称, 归口部门 / 发布日期, 需学习部门, 完成期限, 修订内容: label and value pairs."""
    lines: list[tuple[str, str, str | None, str | None]] = [
        ("文件编号", job.id, "版本", job.version), ("文件名称", job.title, None, None),
        ("归口部门", job.department, "发布日期", job.released or "—"),
        ("需学习部门", "、".join(job.departments), "完成期限", job.due or "—"),
        ("修订内容", job.change or "—", None, None)]
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
    head.add(f"{job.organisation}　学习签到表　{job.id}　版本：{job.version}", SMALL)
    header = file.add_header([head])
    foot = Paragraph(style=file.style("Footer"), align="center")
    foot.add("第 ", SMALL)
    foot.content += field_runs("PAGE", font=SMALL)
    foot.add(" 页 共 ", SMALL)
    foot.content += field_runs("NUMPAGES", font=SMALL)
    foot.add(f" 页　　签到后交文控员录入：qmsdoc acknowledge {job.id} --from-csv 签到表.csv", SMALL)
    footer = file.add_footer([foot])

    meeting = Paragraph()
    meeting.add("培训（宣贯）人：＿＿＿＿＿＿　　培训日期：＿＿＿＿＿＿　　地点：＿＿＿＿＿＿", Font(size=10.5))
    rows = [[str(number), "", "", "", ""] for number in range(1, job.rows + 1)]
    sheet = grid(file, ("序号", "姓名", "部门", "日期", "签名"), rows, ROW_WIDTHS_CM, ROW_HEIGHT_CM)
    for row in sheet.rows[1:]:
        row.cells[0].paragraph.align = "center"
    note = Paragraph()
    note.add("本人已学习上述文件的本版本，知悉与本岗位有关的要求。", SMALL)
    file.body += [centred_title("文件学习签到表", size=18), _info(file, job), Paragraph(), meeting, sheet, note]
    properties = Properties(title=f"{job.title} 学习签到表", subject=f"学习签到表 {job.id}", author=job.organisation,
                            keywords=job.version, category="学习签到表", date=job.approval_date)
    return file.to_bytes(section_properties(header=header, footer=footer), properties)
