"""Every label a controlled copy prints, Word and PDF alike, in one place (the language catalogue will
replace this table: one file to change)."""

from __future__ import annotations

# the 受控文件 page header
FILE_TITLE = "文件名称"
FILE_CODE = "文件编号"
VERSION = "版本/修订"
EFFECTIVE = "生效日期"
DEPARTMENT = "归口部门"
PAGE = "页　　码"
PAGE_OF = ("第 ", " 页 共 ", " 页")  # 第 X 页 共 Y 页, around the page number and the page count
NO_DATE = "—"

# the footer
CONTROL_STATUS = "受控状态："
CONTROLLED = "受控"
UNCONTROLLED = "非受控"
COPY_NUMBER = "分发号："
FOOTER_GAP = "　　　"
COPY_NUMBER_PROPERTY = "分发号"  # the custom document property of a numbered Word copy
BLANK_COPY = "＿＿＿＿"  # an anonymous build copy: the 分发号 line is left for the hand

# the watermark of a copy that is not in force
WATERMARK_OBSOLETE = "作废"
WATERMARK_DRAFT = "草稿"

# blocks after the body
HISTORY = "修订记录"
HISTORY_COLUMNS = ("版本", "日期", "修订人", "修订内容")
APPROVAL = "审批"
SIGNATURE = "签名"
DATE = "日期"

# body
NOTES = "注："
CHECKED, UNCHECKED = "☑", "☐"

# manuals
CONTENTS = "目　　录"
CONTENTS_BOOKMARK = "目录"
MANUAL_CODE = "手册编号："
MANUAL_EFFECTIVE = "实施日期"
MANUAL_VERSION = "版　　本"
MANUAL_STATUS = "受控状态"
MANUAL_COPY_NUMBER = "分 发 号"
MANUAL_CATEGORY = "手册"

# forms
FORM_CODE = "编号："
FORM_VERSION = "版本："
FORM_OWNER = "归口文件："
FORM_RETENTION = "保存期限："
FORM_HEADER_CODE = "表单编号："
FORM_CATEGORY = "质量记录表单"
INFO_GAP = "　　"


def footer(*, controlled: bool, copy_number: str) -> str:
    """The footer line, the same in every format (`verify` reads the 分发号 back from it)."""
    status = CONTROLLED if controlled else UNCONTROLLED
    return f"{CONTROL_STATUS}{status}{FOOTER_GAP}{COPY_NUMBER}{copy_number or BLANK_COPY}"


def missing_image(what: str) -> str:
    """Shown where a body image cannot be embedded."""
    return f"［图片：{what}］"


def form_info(code: str, version: str, owner: str, retention: str) -> str:
    """The line under a form's title: 编号、版本、归口文件、保存期限."""
    info = f"{FORM_CODE}{code}{INFO_GAP}{FORM_VERSION}{version}{INFO_GAP}{FORM_OWNER}{owner}"
    return info + (f"{INFO_GAP}{FORM_RETENTION}{retention}" if retention else "")


HeaderRow = tuple[str, str, str, str | None]


def header_rows(title: str, code: str, version: str, effective: str, department: str) -> tuple[HeaderRow, ...]:
    """The rows of the page header under the organisation; None marks the 第 X 页 共 Y 页 cell."""
    return ((FILE_TITLE, title, FILE_CODE, code), (VERSION, version, EFFECTIVE, effective or NO_DATE),
            (DEPARTMENT, department, PAGE, None))
