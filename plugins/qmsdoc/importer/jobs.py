"""Job descriptions as old manuals paste them: 「1.1任职条件年龄/教育背景:◆…;培训经历:◆…」 rows become the
任职条件 table (项目 | 要求), 「1.2岗位职责◆…;◆…」 and 「1.3权限◆…」 a heading and one list item per ◆."""

from __future__ import annotations

import re

from ..core.i18n import Words
from ..search.hant import simplified_usage
from .blocks import Block
from .cover import LABELS, label_key

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
INFO_HEADER = Words("import.job.item", "import.job.value")  # the table of a job's 职位名称, 所属部门 …
# 「職位名稱客服部經理所屬部門客服部直接上級總經理…任職資格1.學歷…崗位職責1.…2.…」 (seed 004, a whole manual on one
# line): a job description's labels glued to their values. The labels of its heading table, then of its sections;
# read in Simplified form (Traditional is the same length), the first of each after the one before.
INFO_LABELS = ("职位名称", "岗位名称", "所属部门", "直接上级", "直接下级", "定编", "职级", "薪酬标准")
SECTION_LABELS = ("任职资格", "任职要求", "任职条件", "职责概要", "工作概要", "岗位职责", "工作职责", "主要职责",
                  "岗位权限", "工作权限", "相关说明")
_GLUED_LABEL = re.compile("|".join(sorted(INFO_LABELS + SECTION_LABELS, key=len, reverse=True)))
# 「1.學歷…2.工作經驗…」: the next number of a run, not part of a quantity (「2.5萬」) nor preceded by a digit
_RUN_NUMBER = r"(?<![\d.．]){}\s*[.．、](?![\d.．])"


def glued_labels(text: str) -> list[tuple[str, str]] | None:
    """A line that starts with 职位名称 (or 岗位名称) and glues three or more of the labels to their values, as
    (label as written, value) pairs; None for any other line."""
    folded = simplified_usage(text)
    if len(folded) != len(text) or not folded.startswith(("职位名称", "岗位名称")):
        return None
    starts: list[tuple[int, int]] = []
    seen: set[str] = set()
    for match in _GLUED_LABEL.finditer(folded):
        if match.group(0) not in seen:
            seen.add(match.group(0))
            starts.append((match.start(), match.end()))
    if len(starts) < 3:
        return None
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [(text[start:end], text[end:next_start].strip(" ：:;；,，")) for (start, end), next_start
            in zip(starts, ends, strict=True)]


def foreign_text(text: str) -> tuple[str, int, int] | None:
    """A job description glued into one line (「…職位名稱…崗位權限1. 客服部工作的建議權。加強現場監督…6.每日檢查…
    崗位權限1. 部門工作的建議權。…相關說明…」, seed 004) that names one of its sections twice holds another
    document's text, pasted in from a web page that shows pages in any order: (the section, start, end) of that text —
    from the end of the sentence that closes the section's numbered items in sequence to the next label not yet seen —
    or None."""
    folded = simplified_usage(text)
    first = folded.find("职位名称")
    if len(folded) != len(text) or first < 0:
        return None
    labels = list(_GLUED_LABEL.finditer(folded, first))
    seen: dict[str, re.Match[str]] = {}
    for index, match in enumerate(labels):
        if match.group(0) not in seen:
            seen[match.group(0)] = match
            continue
        if match.group(0) not in SECTION_LABELS:
            continue
        own = seen[match.group(0)]
        start, expected = own.end(), 1
        while (found := re.compile(_RUN_NUMBER.format(expected)).search(folded, start, match.start())) is not None:
            start, expected = found.end(), expected + 1
        ends = [folded.find(mark, start, match.start()) for mark in "。；;"]
        close = min((end for end in ends if end >= 0), default=match.start() - 1) + 1
        later = [m.start() for m in labels[index + 1:] if m.group(0) not in seen]
        end = later[0] if later else len(text)
        return (text[own.start():own.end()], close, end) if text[close:end].strip() else None
    return None


def numbered_run(text: str) -> list[str]:
    """「1.學歷…2.工作經驗…3.資質…」 → one piece per number in sequence; the text whole when it holds no run."""
    cuts, expected, at = [], 1, 0
    while (found := re.compile(_RUN_NUMBER.format(expected)).search(text, at)) is not None:
        if expected == 1 and found.start() != 0:
            break
        cuts.append(found.start())
        at, expected = found.end(), expected + 1
    if len(cuts) < 2:
        return [text]
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def glued_blocks(pairs: list[tuple[str, str]], line: int) -> tuple[list[Block], list[tuple[str, list[str]]]]:
    """The heading table of the glued labels, and each section's label with its pieces (to be read as lines)."""
    info = [[label, value] for label, value in pairs if simplified_usage(label) in INFO_LABELS]
    table = [Block("table", rows=[list(INFO_HEADER), *info], line=line)] if info else []
    sections = [(label, numbered_run(value) if value else []) for label, value in pairs
                if simplified_usage(label) in SECTION_LABELS]
    return table, sections


def info_fields(blocks: list[Block]) -> dict[str, str]:
    """The front-matter fields a job's heading table names (所属部门 → department)."""
    for block in blocks:
        if block.kind == "table" and block.rows[:1] == [list(INFO_HEADER)]:
            return {LABELS[label_key(label)]: value for label, value in block.rows[1:]
                    if label_key(label) in LABELS and value}
    return {}


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
