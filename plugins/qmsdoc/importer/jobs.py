"""Job descriptions as old manuals paste them: 「1.1任职条件年龄/教育背景:◆…;培训经历:◆…」 rows become the
任职条件 table (项目 | 要求), 「1.2岗位职责◆…;◆…」 and 「1.3权限◆…」 a heading and one list item per ◆."""

from __future__ import annotations

import re

from ..core.i18n import Words
from .blocks import Block

SECTION = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2})\s*"
                     r"(?P<name>任职条件|任职资格|任职要求|岗位职责|工作职责|主要职责|岗位权限|工作权限|权限)"
                     r"\s*[:：]?\s*(?P<rest>.*)$")
REQUIREMENTS = ("任职条件", "任职资格", "任职要求")
# 「主要职责:1.0认真贯彻…」「工作概要:对驻场物业经理负责…」: a duty statement's parts, labelled instead of numbered
LABELLED = re.compile(r"^(?P<name>工作概要|职责概要|岗位概要|主要职责|岗位职责|工作职责|任职条件|任职资格|岗位权限|"
                      r"工作权限)"
                      r"\s*[:：]\s*(?:(?P=name)\s*[:：]\s*)?(?P<rest>.+)$")  # a label pasted twice is one heading
BULLET = "◆"
# 「年龄/教育背景:◆…」「工作按能◆…」: a requirement's label, then its ◆ items
ROW = re.compile(rf"^(?P<label>[\u4e00-\u9fff/／]{{2,8}})\s*[:：]?\s*(?P<value>{BULLET}.*)$")
ROW_BREAK = re.compile(rf"[;；]\s*(?=[\u4e00-\u9fff/／]{{2,8}}\s*[:：]\s*{BULLET})")
HEADER = Words("import.job.item", "import.job.requirement")  # the requirement table's column headings


def bullets(text: str) -> list[str]:
    """The ◆ items of a line, without the ; , : that separated them (a closing 。 stays)."""
    return [item.strip().rstrip(";；,，:：").strip() for item in text.split(BULLET) if item.strip(" ;；,，:：")]


def requirement_rows(text: str) -> list[list[str]] | None:
    """「年龄/教育背景:◆a;培训经历:◆b」 → [[年龄/教育背景, a], [培训经历, b]]; None if the line is not such rows."""
    rows = []
    for piece in ROW_BREAK.split(text):
        match = ROW.match(piece.strip())
        if match is None:
            return None
        rows.append([match.group("label"), "；".join(bullets(match.group("value")))])
    return rows


def add_rows(blocks: list[Block], rows: list[list[str]], line: int) -> None:
    """Rows join the requirement table just above, or start one."""
    if blocks and blocks[-1].kind == "table" and blocks[-1].rows[:1] == [list(HEADER)]:
        blocks[-1].rows += rows
    else:
        blocks.append(Block("table", rows=[list(HEADER), *rows], line=line))
