"""Cover, page-header and approval tables: 文件名称/文件编号/版本/实施日期/归口部门, 编制/审核/批准 and
the 修订记录 table, read into front-matter fields wherever a reader finds them."""

from __future__ import annotations

import re

from ..core.model import TYPE_LABELS

# Label (as written in old manuals and in qmsdoc's own page header) → front-matter field.
LABELS = {
    "文件名称": "title", "文件编号": "id", "编号": "id", "文件编码": "id", "编码": "id",
    "版本/修订": "version", "版本": "version", "版本号": "version", "版次": "version",
    "生效日期": "effective_date", "实施日期": "effective_date", "归口部门": "department",
    "编制部门": "department", "所属部门": "department", "受控号": "controlled_copy",
}
SIGNOFFS = {"编制": "prepared", "审核": "reviewed", "批准": "approved"}
SIGNOFF_DATES = {"编制日期": "prepared", "审核日期": "reviewed", "批准日期": "approved"}
TYPES_BY_LABEL = {label: key for key, label in TYPE_LABELS.items() if key != "form"}
DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
VERSION = re.compile(r"^([A-Za-z])\s*[/／]\s*(\d{1,2})$")


def _label(text: str) -> str:
    return re.sub(r"[\s　:：*`]+", "", text)


def iso_date(text: str) -> str | None:
    match = DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def version(text: str) -> str | None:
    """`A/1`, `a／1` → `A/1`; a bare edition letter `A` → `A/0`."""
    text = text.strip()
    match = VERSION.match(text)
    if match:
        return f"{match.group(1).upper()}/{int(match.group(2))}"
    return f"{text.upper()}/0" if re.fullmatch(r"[A-Za-z]", text) else None


def is_history(rows: list[list[str]]) -> bool:
    return bool(rows) and [_label(c) for c in rows[0][:2]] == ["版本", "日期"]


def is_approval(rows: list[list[str]]) -> bool:
    return (len(rows) >= 2 and {_label(c) for c in rows[0][1:]} <= set(SIGNOFFS) and len(rows[0]) > 1
            and _label(rows[1][0]) in ("签名", "签字", "姓名"))


def history(rows: list[list[str]]) -> list[tuple[str, str, str, str]]:
    """(version, date, by, change) per filled row of a 修订记录 table."""
    out = []
    for row in rows[1:]:
        cells = [*row, "", "", "", ""][:4]
        if any(c.strip() for c in cells):
            out.append((cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip()))
    return out


def approval(rows: list[list[str]]) -> dict[str, tuple[str, str]]:
    """{prepared|reviewed|approved: (by, date)} from qmsdoc's 审批 block (labels across, 签名/日期 down)."""
    out = {}
    dates = rows[2] if len(rows) > 2 else []
    for index, label in enumerate(rows[0]):
        key = SIGNOFFS.get(_label(label))
        if key and index < len(rows[1]) and rows[1][index].strip():
            out[key] = (rows[1][index].strip(), dates[index].strip() if index < len(dates) else "")
    return out


def key_values(cells: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Label/value pairs read left to right from a cover or header row (or a run of cells)."""
    fields: dict[str, str] = {}
    signoffs: dict[str, tuple[str, str]] = {}
    for label, value in zip(cells, cells[1:], strict=False):
        key, value = _label(label), value.strip()
        if not value or _label(value) in LABELS or _label(value) in SIGNOFFS:
            continue
        if key in LABELS and LABELS[key] not in fields:
            fields[LABELS[key]] = value
        elif key in SIGNOFFS:
            signoffs[SIGNOFFS[key]] = (value, signoffs.get(SIGNOFFS[key], ("", ""))[1])
        elif key in SIGNOFF_DATES:
            by = signoffs.get(SIGNOFF_DATES[key], ("", ""))[0]
            signoffs[SIGNOFF_DATES[key]] = (by, value)
    return fields, signoffs


def cover_line(text: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """`版本:A 编制:张三 日期:2010-03-01 审核:…` on one line, as pasted from a cover page."""
    parts = re.split(r"(编制日期|审核日期|批准日期|编制|审核|批准|版本|受控号|实施日期|生效日期|文件编号|日期)\s*[:：]",
                     text)
    cells: list[str] = []
    last_signoff = ""
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        if label == "日期":  # 编制:… 日期:… — the date belongs to the sign-off before it
            if not last_signoff:
                continue
            label = last_signoff + "日期"
        elif label in SIGNOFFS:
            last_signoff = label
        cells += [label, value.strip().split(" ")[0] if value.strip() else ""]
    return key_values(cells)
