"""Turn a text document's lines into blocks: clause numbers (1.0 / 4.1 / 4.1.1, 第X章 / 第X条, 一、)
into headings or numbered paragraphs, a)/(1)/--/◆ lines into list items."""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.structure import chinese_number
from ..search.hant import simplified_usage
from . import cover, jobs
from .blocks import Block
from .splitter import CN_NUM, SENTENCE
from .text_reader import Line

# 「4.4 .4」「2. 0」「3 .1」 as pasted: spaces around the dots of a clause number.
SPACED_CLAUSE = re.compile(r"^(\d{1,2})(?:\s*[.．]\s*(\d{1,2})(?![\d年月日%]))+")
CLAUSE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d])\s*(.*)$")
CHAPTER = re.compile(rf"^(第[\d{CN_NUM}]+[章节])\s*(.*)$")
ARTICLE = re.compile(rf"^(第[\d{CN_NUM}]+条)\s*(.*)$")
CN_SECTION = re.compile(rf"^([{CN_NUM}]+、)\s*(.*)$")
ITEM = re.compile(r"^(?:([a-zA-Z][)）]|[a-zA-Z][、.．](?![a-zA-Z.．])|[(（][a-z\d一二三四五六七八九十]{1,2}[)）]、?"
                  r"|[①-⑳])|--+|[-—◆•·●▪]\s*)\s*(.+)$")
# 「(1)」「（一）」「①」「a)」「B、」: the marker of an ordered item, which the page numbers itself (a bullet and
# 「(1)」 showed both); its style, so that 「(1)」 under 「1.」 nests and 「a.」 after 「1.」 starts another list
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def item_marker(marker: str) -> tuple[int, str] | None:
    """The number and style of an ordered item's marker: 「(3)」 → (3, "paren"), 「（三）」 → (3, "paren-cn"),
    「③」 → (3, "circled"), 「c)」 → (3, "letter"), 「C、」 → (3, "LETTER")."""
    if len(marker) == 1 and marker in _CIRCLED:
        return _CIRCLED.index(marker) + 1, "circled"
    inner = marker.strip("()（）、.．")
    if marker[:1] in "(（":
        if inner.isdigit():
            return int(inner), "paren"
        value = chinese_number(inner)
        return (value, "paren-cn") if value else None
    if len(inner) == 1 and inner.isascii() and inner.isalpha():
        return ord(inner.lower()) - ord("a") + 1, "letter" if inner.islower() else "LETTER"
    return None


def _letter_in_sequence(marker: str, previous: Block | None) -> bool:
    """「A、」「b.」 start an item only as the first letter or the one after the item before (「B. 注意」 alone is
    text)."""
    found = item_marker(marker)
    if marker.endswith((")", "）")) or found is None or found[1].lower() != "letter":
        return True  # 「a)」「(1)」「①」「--」: read as an item always
    return found[0] == 1 or previous is not None and previous.style == found[1] and previous.number == found[0] - 1
NUMBERED = re.compile(r"^(\d{1,2})\s*[、.．)）]\s*(?!\d)(.+)$")
# Section names old procedures use; a clause line starting with one is a heading even when the
# text of the section was pasted onto the same line (「1.0目的规范员工离职…」). These tables and the patterns below
# hold Simplified names: a line is matched as `simplified_usage` folds it (「2.適用範圍」「5.品質紀錄」), as long as
# the line, and what is kept is the line's own words.
SECTION_NAMES = ("目的", "目 的", "适用范围", "范围", "职责", "职 责", "程序要点", "工作程序", "工作流程", "流程",
                 "程序",
                 "支持性文件", "相关文件", "引用文件", "质量记录", "记录", "定义", "术语", "作业要求", "工作要求",
                 "总则", "附则")
# The section names a numbered top-level clause starts with (regular expressions: 「职 责」 spaced too).
_TOP_NAMES = (r"目的", r"适用范围", r"范围", r"职\s?责", r"工作程序", r"程序要点", r"工作流程", r"流程", r"程序",
              r"支持性文件", r"相关文件", r"质量记录", r"记录", r"定义")


def _top_section(own: tuple[str, ...] = ()) -> re.Pattern[str]:
    """「1. 目的…」「2、职责」: a numbered top-level clause named by a section name (the project's own, `own`,
    first)."""
    names = "|".join((*(re.escape(name) for name in own), *_TOP_NAMES))
    # 「5. 相关文件及记录」「1、目的和适用范围」: section names joined as one heading's name
    return re.compile(rf"^(\d{{1,2}})\s*[.．、]\s*(?!\d)((?:{names})(?:[与和及、/](?:{names}))*(?:[\s:：]|$).*)$")


def _english_section(own: tuple[str, ...] = ()) -> re.Pattern[str]:
    """「1. Purpose」「1.0 Scope」「Section 4 — Procedure」「4) RECORDS」: an English section heading, however numbered
    (the project's own names, `own`, first)."""
    names = "|".join((*(re.escape(name) for name in own), *cover.ENGLISH_SECTIONS))
    return re.compile(r"^(?:section\s+)?(?P<number>\d{1,2})(?:\.0)?\s*(?:[.:)]|\s[—–-])?\s*"
                      rf"(?P<name>(?:{names})\b[^.;:!?]{{0,30}})$", re.IGNORECASE)


TOP_SECTION = _top_section()
LIST_SECTIONS = ("支持性文件", "相关文件", "引用文件", "质量记录", "记录")
ENGLISH_SECTION = _english_section()


def _listing(section: str, project: cover.ProjectSections) -> bool:
    """A section whose lines are the forms or documents it lists."""
    return simplified_usage(section) in LIST_SECTIONS or bool(cover.section_kind(section, project.records))


@lru_cache(maxsize=16)
def _section_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """TOP_SECTION and ENGLISH_SECTION with the project's own section names (qmsdoc.yml) beside the built-in ones."""
    if not names:
        return TOP_SECTION, ENGLISH_SECTION
    own = tuple(sorted(names, key=len, reverse=True))  # the longest first: 「表单清单」 before 「表单」
    latin = tuple(name for name in own if not cover.is_chinese_label(name))
    return _top_section(own), _english_section(latin) if latin else ENGLISH_SECTION


# 「…1. 接待服务…;2. 物业咨询…」「…(1)接待员…;(2)业主…」: list items pasted into one line; every item
# after the first follows ; 。 ： (or a space), so 「9点至12点」 and 「1.5」 never split.
INLINE_ITEM = (re.compile(r"(?<!\d)(\d{1,2})\s*[.、．]\s*(?=[^\d\s.、．])"),
               re.compile(r"[(（](\d{1,2})[)）]、?\s*"))
ITEM_BREAK = ";；。：:，, \t"
# 「…以下服务守则:1. 基本道德和技能1.1 服务人员应…」: a numbered heading glued after the text before it
# Its first clause is N.1 followed by text — not a quantity (「工作时间2.1小时」「收缴率为3.1%」).
FIRST_CLAUSE = r"\1\s*[.．]\s*1(?![\d.．%％])\s*(?![小时天分秒个月年元万米倍次件人名份])"
GLUED_HEADING = re.compile(rf"(?<=[:：。；;])\s*(?=(\d{{1,2}})\s*[.．、]\s*[^\d\s，,。；;：:]{{2,16}}?{FIRST_CLAUSE})")
NUMBERED_HEADING = re.compile(rf"^(\d{{1,2}})\s*[.．、]\s*(?P<name>[^\d\s，,。；;：:]{{2,16}}?)\s*"
                              rf"(?P<rest>{FIRST_CLAUSE}.*)$")
# 「各物业项目部3.0职 责3 .1…」: the next top-level section glued to the text of the one before
NEXT_SECTION = re.compile(r"(?<![\d.．])\d{1,2}\s*[.．]\s*0\s*(?=目\s?的|适用范围|范围|职\s?责|工作程序|程序要点|"
                          r"工作流程|流程|程序|支持性文件|相关文件|质量记录|记录|定义)")


def _unglue(text: str, nxt: str = "") -> list[str]:
    """A line holding a run of numbered items 1, 2, 3 … as its intro and one line per item; a line with a
    numbered heading glued after its text as the text and the heading; a line ending in item 1 glued after
    its colon (「…包括:1. 接受…」) when item 2 starts the next line `nxt`, as the intro and the item."""
    heading = next((m.start() for m in GLUED_HEADING.finditer(text) if m.start() > 0), 0)
    if heading:
        return [text[:heading].strip(), text[heading:].strip()]
    for pattern in INLINE_ITEM:
        starts, expected = [], 1
        for match in pattern.finditer(text):
            after_break = match.start() == 0 or text[match.start() - 1] in ITEM_BREAK
            if int(match.group(1)) == expected and (expected == 1 or after_break):
                starts.append(match.start())
                expected += 1
        if len(starts) >= 2:
            bounds = [*starts, len(text)]
            intro = text[: starts[0]].strip()
            return ([intro] if intro else []) + [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
        second = pattern.match(nxt)
        if len(starts) == 1 and text[: starts[0]].rstrip().endswith((":", "：")) and second and second[1] == "2":
            return [text[: starts[0]].strip(), text[starts[0]:].strip()]
    return [text]


def _clean_number(text: str) -> str:
    match = SPACED_CLAUSE.match(text)
    if not match or "." not in match.group(0) and "．" not in match.group(0):
        return text
    number = re.sub(r"\s+", "", match.group(0)).replace("．", ".")
    return number + " " + text[match.end():].lstrip()


def _title_like(rest: str, limit: int = 20) -> bool:
    return 0 < len(rest) <= limit and not SENTENCE.search(rest.rstrip("：:")) and not rest.endswith(("。", "；", ";"))


# 「目的和适用范围」「职责与权限」「记录表单」「职责分工」: a section name the heading goes on from (after
# 与/和/及/、, or with one more word) is the heading's whole name, not a name with its text glued on
# (「目的规范回访。」).
COMPOUND_JOIN = "与和及、/"
COMPOUND_WORD_MAX = 2
# 「4.5转正、晋升、降级、调薪日期计算方法」 then 「4.5.1…」: a clause its own clauses follow is their heading up to
# this long (a title of 16 characters or fewer is one before any clause or list)
TITLE_WITH_CLAUSES_MAX = 30
# 「一、服务流程及用语:」「第一章 总则：」: the colon that led into the section's text is no part of its heading
HEADING_END = "：: "


def _section(rest: str, own: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """`own`: the project's section names (qmsdoc.yml), read as the built-in ones are; a Latin one only as a
    whole word (「Process」 is not the start of "Processing …")."""
    folded = simplified_usage(rest)
    for name in sorted((*SECTION_NAMES, *own), key=len, reverse=True):
        if folded.startswith(simplified_usage(name)):
            after = folded[len(name):]  # 「職責與權限」 goes on after 与 as 「职责与权限」 does
            if after and re.match(r"\w", name[-1], re.ASCII) and re.match(r"\w", after[0], re.ASCII):
                continue
            if after and after[0] not in "：: " and _title_like(rest) and (
                    after[0] in COMPOUND_JOIN or len(after) <= COMPOUND_WORD_MAX):
                return None
            # the name as written: 「職責」 stays 職責
            return rest[:len(name)].replace(" ", ""), rest[len(name):].lstrip("：: ")
    return None


def text_blocks(lines: list[Line], section: str = "",
                project: cover.ProjectSections = cover.ProjectSections()) -> list[Block]:  # noqa: B008 (frozen)
    """`section`: the name of the section the first line is in (a Word heading before it); `project`: the
    project's own section names, recognised as the built-in ones are."""
    top_section, english_section = _section_patterns(project.names)
    blocks: list[Block] = []
    pending = list(lines)
    index = 0
    while index < len(pending):
        line = pending[index]
        if line.block is not None:
            blocks.append(line.block)
            index += 1
            if line.block.kind == "heading":
                section = re.sub(r"^[\d.\s、]+", "", line.block.text)
            continue
        number, text = line.number, _clean_number(line.text)
        if (labelled_job := jobs.glued_labels(text)) is not None:  # 「職位名稱客服部經理所屬部門客服部…崗位職責1.…」
            table, sections = jobs.glued_blocks(labelled_job, number)
            blocks += table
            pending[index:index + 1] = [piece for label, pieces in sections for piece in (
                Line(number, "", block=Block("heading", label, 2, line=number)),
                *(Line(number, text) for text in pieces))]
            continue
        following = pending[index + 1].text if index + 1 < len(pending) else ""
        if not CLAUSE.match(text) and len(pieces := _unglue(text, following)) > 1:
            pending[index:index + 1] = [Line(number, piece) for piece in pieces]
            continue
        nxt = _clean_number(pending[index + 1].text) if index + 1 < len(pending) else ""
        index += 1
        if (job := jobs.SECTION.match(text)) is not None:  # 「1.2岗位职责◆…」 in a job description
            section = job["name"]
            blocks.append(Block("heading", f"{job['code']} {job['name']}", 2, line=number))
            if job["rest"]:
                pending.insert(index, Line(number, job["rest"]))
            continue
        if (labelled := jobs.LABELLED.match(text)) is not None:
            section = labelled["name"]
            blocks.append(Block("heading", labelled["name"], 2, line=number))
            pending.insert(index, Line(number, labelled["rest"]))
            continue
        if section in jobs.REQUIREMENTS and (rows := jobs.requirement_rows(text)) is not None:
            jobs.add_rows(blocks, rows, number)
            continue
        if text.startswith(jobs.BULLET) and text.count(jobs.BULLET) > 1:  # 「◆a;◆b;◆c」: one item each
            blocks += [Block("item", item, 0, line=number) for item in jobs.bullets(text)]
            continue
        if (english := english_section.match(text)) is not None:  # numbered as the English manuals number it
            section = english["name"].strip()
            blocks.append(Block("heading", f"{english['number']}. {section}", 2, line=number))
            continue
        if (heading := NUMBERED_HEADING.match(text)) is not None:  # 「1. 基本道德和技能1.1 服务人员…」
            section = heading["name"]
            blocks.append(Block("heading", f"{heading.group(1)}.0 {heading['name']}", 2, line=number))
            pending.insert(index, Line(number, heading["rest"]))
            continue
        if (top := top_section.match(simplified_usage(text))) is not None:  # 「1. 目的」 is clause 1.0 in the
            text = f"{top.group(1)}.0 {text[top.start(2):]}"  # project's numbering; 「1.職責」 kept as written
        if (clause := CLAUSE.match(text)) is not None:
            code, rest = clause.group(1), clause.group(2).strip()
            parent = code[:-2] if code.endswith(".0") else code  # under 4.0 the clauses are 4.1, under 3.1 3.1.1
            glued = re.match(rf"^(.{{1,16}}?)({re.escape(parent)}\.\d{{1,2}}(?![\d]).*)$", rest)
            if glued and _title_like(glued.group(1)):  # 「3.1 客户接待3.1.1 热情接待…」: a heading, then its clause
                rest = glued.group(1).rstrip("：:")
                pending.insert(index, Line(number, glued.group(2)))
                nxt = glued.group(2)
            depth = code.count(".") + (0 if code.endswith(".0") else 1)
            named = _section(rest, project.names)
            if code.endswith(".0") and named:
                section = named[0]
                blocks.append(Block("heading", f"{code} {named[0]}", 2, line=number))
                glued_next = NEXT_SECTION.search(simplified_usage(named[1]))
                pieces = ([named[1][: glued_next.start()], named[1][glued_next.start():]] if glued_next
                          and glued_next.start() > 0 else [named[1]])
                pending[index:index] = [Line(number, piece.strip()) for piece in pieces if piece.strip()]
            elif _listing(section, project) and depth >= 2:
                blocks.append(Block("item", rest, 0, line=number))
            elif code.endswith(".0") and _title_like(rest):
                section = rest.rstrip(HEADING_END)
                blocks.append(Block("heading", f"{code} {section}", 2, line=number))
            elif depth <= 3 and (_title_like(rest, 16) and (CLAUSE.match(nxt) or ITEM.match(nxt) or depth == 2)
                                 or _title_like(rest, TITLE_WITH_CLAUSES_MAX) and nxt.startswith(f"{code}.")):
                blocks.append(Block("heading", f"{code} {rest.rstrip('：:')}", depth + 1, line=number))
            else:
                blocks.append(Block("para", f"{code} {rest}".strip(), line=number))
        elif (chapter := CHAPTER.match(text)) is not None and (
                split := _split_name(chapter.group(2), project.names))[0]:
            name, rest = split
            section = name
            blocks.append(Block("heading", f"{chapter.group(1)} {name}".strip(), 2, line=number))
            if rest:
                pending.insert(index, Line(number, rest))
        elif (article := ARTICLE.match(text)) is not None:
            blocks.append(Block("para", f"{article.group(1)} {article.group(2)}".strip(), line=number))
        elif (cn := CN_SECTION.match(text)) is not None and (split := _split_name(cn.group(2), project.names))[0]:
            name, rest = split
            section = name
            blocks.append(Block("heading", f"{cn.group(1)}{name}", 2, line=number))
            if rest:
                pending.insert(index, Line(number, rest))
        elif (item := ITEM.match(text)) is not None and _letter_in_sequence(
                item.group(1) or ")", previous := blocks[-1] if blocks and blocks[-1].kind == "item" else None):
            marker = item.group(1) or ""
            ordered = item_marker(marker)
            style = ordered[1] if ordered else ""
            # 「--」 under an item, 「(1)」「①」 under an item of another style: the second level of the list
            # (「（一）」 and 「a.」 stand above 「1、」 in a Chinese manual: never under it)
            nested = previous is not None and (text.startswith("--") or style in ("paren", "circled") and (
                previous.level == 1 and previous.style == style or previous.level == 0 and previous.ordered
                and previous.style != style))
            level = 1 if nested else 0
            blocks.append(Block("item", item.group(2).strip(), level, ordered=ordered is not None, line=number,
                                number=ordered[0] if ordered else 0, style=style,
                                new_list=_another_list(previous, level, style, ordered[0] if ordered else 0)))
        elif (numbered := NUMBERED.match(text)) is not None:
            if _listing(section, project):
                blocks.append(Block("item", numbered.group(2).strip(), 0, line=number))
            else:
                previous = blocks[-1] if blocks and blocks[-1].kind == "item" else None
                item_text = numbered.group(2).strip()
                if glued_at := _glued_next_item(item_text, int(numbered.group(1))):  # 「…请休息好3、休闲区:…」
                    pending.insert(index, Line(number, item_text[glued_at:]))
                    item_text = item_text[:glued_at].strip()
                blocks.append(Block("item", item_text, 0, ordered=True, line=number,
                                    number=int(numbered.group(1)), new_list=_another_list(previous, 0, "")))
        elif _listing(section, project) and len(text) <= (40 if simplified_usage(section) in LIST_SECTIONS else 80):
            # 「无」 (or 「無」) under a list's heading says the list is empty: no reference to look for
            blocks.append(Block("item" if simplified_usage(text) != "无" else "para", text, line=number))
        else:
            blocks.append(Block("para", text, line=number))
    return blocks


# The next item's label and colon (「休闲区:」) right after its number
_ITEM_LABEL = re.compile(r"\s*[^\d\s，,。；;：:、]{1,10}[:：]")


def _glued_next_item(text: str, number: int) -> int:
    """Where item `number` + 1 starts inside item `number`'s text, glued on with no break (「…请休息好3、休闲区:…」):
    the next number in sequence, after a break or followed by its own label and colon — not a quantity
    (「每天3、4次」, 「3.5小时」) nor a number in the text (「第3、」). 0 when there is none."""
    for match in re.finditer(rf"(?<![\d.．第])({number + 1})\s*[、.．](?=[^\d\s.．、])", text):
        if match.start() > 0 and (text[match.start() - 1] in ITEM_BREAK or _ITEM_LABEL.match(text, match.end())):
            return match.start()
    return 0


def _another_list(previous: Block | None, level: int, style: str, number: int = 0) -> bool:
    """An ordered item right after items of another style at its level (「a.」 after 「1.」), or a styled one that
    starts again at 1 (「a.」 after 「B、」), starts another list: in Markdown both are numbered lists, and the page
    would number the second on from the first."""
    return (level == 0 and previous is not None and previous.level == 0 and previous.ordered
            and (previous.style != style or bool(style) and number == 1))


def _split_name(rest: str, own: tuple[str, ...] = ()) -> tuple[str, str]:
    """「总则第一条为…」 → (总则, 第一条为…); 「服务流程3.1 客户接待」 → (服务流程, 3.1 客户接待);
    「制度目的为了规范…」 → (制度目的, 为了规范…)."""
    # 「服务流程(一)接待…」 ends the name at its first item; 「定期(或不定期)进行…」 is a duty's own words
    name, text = _name_and_text(rest, own)
    return name.rstrip(HEADING_END), text



def _name_and_text(rest: str, own: tuple[str, ...]) -> tuple[str, str]:
    match = re.search(rf"第[\d{CN_NUM}]+条|\d{{1,2}}\s*[.．、]\s*\d{{0,2}}|[{CN_NUM}]、|[(（][\d{CN_NUM}]{{1,2}}[)）]",
                      rest)
    if match and match.start() > 0 and _title_like(rest[: match.start()].strip()):
        return rest[: match.start()].strip(), rest[match.start():].strip()
    named = _section(rest, own)
    if named and named[1]:
        return named
    if (glued := _glued_name(rest)) is not None:
        return glued
    return (rest, "") if _title_like(rest, 30) else ("", rest)


# The last word of a section name (「制度目的」「工作职责」「服务理念」「背景与意义」), and the words a section's text
# starts with (「为了规范…」「本手册旨在…」「我们的服务理念是…」): where a name glued to its text ends.
NAME_ENDS = ("目的", "范围", "职责", "要求", "流程", "程序", "前言", "引言", "简介", "概述", "概况", "结语", "总结",
             "总则", "附则", "理念", "意义", "原则", "目标", "宗旨", "背景", "技巧", "措施", "方法", "依据", "定义")
BODY_STARTS = re.compile(r"为了|为(?:规范|加强|提高|确保|保证)|本(?:手册|制度|办法|规定|标准|程序|文件|规范|细则|"
                         r"中心|公司|章|节)|随着|近年来|我们")
# 「背景与目的」: the name goes on after 与/和/及; 「目标是…」「内容并…」: what follows a name is not its text
NAME_GOES_ON = "与和及、"
NOT_A_START = "并及和与的等是之了者为"
GLUED_NAME_MAX = 16


def _glued_name(rest: str) -> tuple[str, str] | None:
    """A section name glued to the sentence of its text: the name ends in a section word (「工作职责窗口工作人员
    是…」), or the text starts with a word texts start with (「服务理念我们的服务理念是…」) or with the name
    again (「处理投诉处理投诉是…」), or the text is a lead-in ending in the name again (「专业知识窗口人员应熟知
    以下专业知识:」). None when no such end is found within the first words."""
    folded = simplified_usage(rest)  # 「制度目的為了規範…」 read as 「制度目的为了规范…」
    for end in range(2, min(GLUED_NAME_MAX, len(rest) - 2) + 1):
        name, text = folded[:end], folded[end:]
        if SENTENCE.search(name) or "、" in name:
            continue
        if BODY_STARTS.match(text):
            return rest[:end], rest[end:]
        if SENTENCE.match(text) or text[0] in NOT_A_START + "、":
            continue
        lead_in = text.rstrip(":：")
        if name.endswith(NAME_ENDS) and text[0] not in NAME_GOES_ON and not text.startswith(NAME_ENDS) \
                or text.startswith(name) or lead_in != text and lead_in.endswith(name):
            return rest[:end], rest[end:]
    return None
