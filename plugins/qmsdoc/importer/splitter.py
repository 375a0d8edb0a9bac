"""Split an imported file into one chunk per document.

Text files: 第X篇 / 篇X：title lines, a title line followed by 1.0 目的, a policy starting 第一章 or
一、总则 (with its title on the line before or glued in front), a title repeated at the start of the
next line (web pages; also pasted twice, or again with brackets, when it names a kind of document: …手册, …办法),
KF0301-style titles followed by their control number, a title naming a kind of document followed by the sentence
saying what it is for (为…) and its first item 一、, and (before any other document) such a title followed by its
first item 一、/1./第一条.
Word files: every Heading 1 (or Title) starts a document; qmsdoc's own copies are one document."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..core.codes import SPACED_CODE_TOKEN, TITLED_CODE_TOKEN, normalise
from ..core.copyjobs import read_obsolete_notice
from ..core.i18n import t
from ..core.structure import heading_name
from . import cover, toc
from .blocks import Block, Chunk, Note, bare_title, unmarked
from .markdown import visible
from .text_reader import Line

CN_NUM = "一二三四五六七八九十百零〇两"
PIECE = re.compile(rf"^(?:第\s*[\d{CN_NUM}]+\s*篇|篇\s*\d+\s*[:：])\s*(.*)$")
PURPOSE = re.compile(r"^1\s*[.．、]?\s*0?\s*[.．、]?\s*目\s*的")
# 「1. Purpose」「1.0 Scope」「Section 1 — Purpose」: an English document's first section.
ENGLISH_PURPOSE = re.compile(r"^(?:section\s+)?1(?:\.0)?\s*(?:[.:)]|\s[—–-])?\s*(?:purpose|objective|scope)\b",
                             re.IGNORECASE)
# "Control of Records", "Job Description: Quality Manager": an English title line (a colon may part its type).
ENGLISH_TITLE = re.compile(r"^[A-Z][A-Za-z0-9&/'’()\-–—]*(?:[ :]+[A-Za-z0-9&/'’()\-–—]+){0,11}$")
# 「1.0项目(副)经理1.1任职条件年龄/教育背景:◆…」: a job description, numbered as a clause of its manual section.
JOB_START = re.compile(r"(?P<number>\d{1,2})\s*[.．]\s*0\s*(?P<name>[^\d\s，,。；;：:◆]{2,12}?)\s*"
                       r"(?P<rest>\d{1,2}\s*[.．]\s*1\s*任职(?:条件|资格|要求).*)$")
GLUED_JOB = re.compile(r"(?<=[；;。])\s*(?=\d{1,2}\s*[.．]\s*0\s*[^\d\s，,。；;：:◆]{2,12}?\s*"
                       r"\d{1,2}\s*[.．]\s*1\s*任职)")
POLICY_START = re.compile(rf"第[一1]章|(?<![\d{CN_NUM}])一、总则")
# 「客服部经理岗位说明书 KF 0301」: a title and then its code, as the importer reads codes (spaced ones too).
TITLE_CODE = re.compile(r"^(?P<title>[\u4e00-\u9fff（）()、\w]{2,40}?)\s*"
                        rf"(?P<code>{TITLED_CODE_TOKEN.pattern})"
                        r"(?![\d.])\s*(?P<rest>.*)$")
# 「SOP-HS-004 Working at Height」: other teams write the number before the title (any shape SPACED_CODE_TOKEN reads).
CODE_TITLE = re.compile(rf"^(?P<code>{SPACED_CODE_TOKEN.pattern})\s+(?P<title>\S.*?)\s*$")
TITLE_WORDS = ("说明书", "說明書", "规程", "規程", "制度", "程序", "指导书", "手册", "手冊", "办法", "規定", "规定",
               "职责", "職責", "方案", "规范", "規範")
SENTENCE = re.compile(r"[，,。；;！!？?：:]")
# 「物业管理窗口服务方案一、服务宗旨…」: a title glued to the first section of its document.
# A blank a template leaves in a title for the name to be filled in: 「_城服务中心」「××公司」「○○部」.
BLANK_TO_FILL = re.compile(r"[_＿]|[×xX○〇*＊]{2,}")
GLUED_TITLE = re.compile(rf"^(?P<title>[^\s，,。；;：:]{{2,30}}?(?:{'|'.join(TITLE_WORDS)}))"
                         r"(?P<rest>(?:第一章|一、).+)$")


def heading_number(text: str) -> tuple[str, str] | None:
    """A heading's own title and the number it stands with, after it (「客服部经理岗位说明书 KF 0301」) or before it
    (`SOP-HS-004 Working at Height`); None for a heading without one."""
    titled = TITLE_CODE.match(text)
    own = titled if titled and not titled["rest"].strip() else CODE_TITLE.match(text)
    return (own["title"].strip(), own["code"]) if own else None


def title_like(text: str) -> bool:
    """A short line without sentence punctuation or clause number: a document title."""
    return (2 <= len(text) <= 40 and not SENTENCE.search(text) and not re.match(r"^[\d(（\-—◆•]", text)
            and not re.match(rf"^第[\d{CN_NUM}]+[章条节]|^[{CN_NUM}]+、", text))


def _title_once(title: str) -> str:
    """「窗口服务管理制度范文窗口服务管理制度」: a web page's title, then the document's own title that it starts
    with — the document's title."""
    for start in range(2, len(title) - 3):
        if title.startswith(title[start:]):
            return title[start:]
    return title


def _glued_title(prefix: str) -> bool:
    """「服务窗口管理规章制度模版」 before 第一章 is a title; 「详见」 before 第一章 is not."""
    return title_like(prefix) and len(prefix) >= 4 and any(word in prefix for word in TITLE_WORDS)


def _unglue_jobs(lines: list[Line]) -> list[Line]:
    """A job description glued to the end of the one before (「…◆考核的建议权;3.0项目财务3.1任职条件…」)."""
    out = []
    for line in lines:
        pieces = GLUED_JOB.split(line.text) if line.block is None and not line.mark else [line.text]
        out += [line] if len(pieces) == 1 else [Line(line.number, p.strip()) for p in pieces if p.strip()]
    return out


def split_text(source: list[Line], display: str, notes: list[Note]) -> list[Chunk]:
    lines = _unglue_jobs(toc.apply(list(source), display, notes))
    chunks: list[Chunk] = []
    current: Chunk | None = None
    skipped: list[Line] = []
    covers: list[Line] = []
    listed: set[int] = set()  # chunks started at a heading a 目录 lists: dropped again if they have no text
    toc_titles: tuple[str, ...] = ()

    def start(line: int, title: str, code: str = "") -> Chunk:
        nonlocal current
        current = Chunk(display, line, bare_title(title.strip()) or t("import.untitled", file=Path(display).name,
                                                                        line=line))
        if code:
            current.fields["id"] = normalise(code)
        if not title.strip():
            notes.append(Note(display, line, t("import.no_title")))
        chunks.append(current)
        return current

    def fresh() -> bool:  # the current chunk has no content yet (its title line was just read)
        return current is not None and not current.lines

    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if line.block is not None:  # a Word table or list item: it belongs to the document being read
            (current.lines if current is not None else skipped).append(line)
            index += 1
            continue
        nxt = lines[index + 1].text if index + 1 < len(lines) and not lines[index + 1].mark else ""
        piece = PIECE.match(text)
        titled = TITLE_CODE.match(text)
        toc_titles = line.toc or toc_titles
        named = next((t for t in toc_titles if len(t) >= 4 and t in text), "") if PURPOSE.match(text) else ""
        if line.mark == "cover":
            covers.append(line)
        elif line.mark == "part":
            notes.append(Note(display, line.number, t("import.toc_part", text=text)))
        elif line.mark == "document":  # a heading a 目录 lists: the number it stands with is the document's
            listed.add(id(start(line.number, line.title, own[1] if (own := heading_number(text)) else "")))
        elif named and not (fresh() and current is not None and current.title == named):
            start(line.number, named).lines.append(line)  # 「1.0目 的明确项目部组织结构…」 after a 目录 naming it
        elif (job := JOB_START.match(text)) is not None:
            start(line.number, f"{job['name']}岗位说明书").lines.append(Line(line.number, job["rest"]))
        elif piece:
            # 第1篇 zz…规程 / 山庄…规程 / 1.0目的: the second title line is a variant of the first
            variant = nxt and title_like(nxt) and index + 2 < len(lines) and PURPOSE.match(lines[index + 2].text)
            if variant and BLANK_TO_FILL.search(piece.group(1)) and not BLANK_TO_FILL.search(nxt):
                # 「第4篇 _城服务中心催收工作规程」 over 「天下城服务中心催收工作规程」: a template blank, filled below
                start(line.number, nxt)
                notes.append(Note(display, line.number,
                                  t("import.blank_title", text=piece.group(1).strip(), title=nxt)))
                index += 1
            else:
                start(line.number, piece.group(1))
                if variant:
                    notes.append(Note(display, lines[index + 1].number, t("import.subtitle", text=nxt)))
                    index += 1
        elif _titled_start(lines, index) and not fresh():
            lead = CODE_TITLE.match(text)  # `SOP-HS-004 Working at Height`: the number is the document's id
            start(line.number, lead["title"], lead["code"]) if lead else start(line.number, text)
        elif PURPOSE.match(nxt) and title_like(text) and not fresh():
            # its number after the title (「…规程 KF 0301」) or before it (「DY/AQ -001 安全管理制度」), as a heading's
            own = (titled["title"], titled["code"]) if titled else heading_number(text)
            start(line.number, own[0].strip(), own[1]) if own else start(line.number, text)
        elif titled and titled.group("title").endswith(TITLE_WORDS) and len(text) > len(titled.group("code")) + 2:
            chunk = start(line.number, titled.group("title"), titled.group("code"))
            if titled.group("rest"):
                chunk.lines.append(Line(line.number, titled.group("rest")))
        elif title_like(text) and (after := _after_repeat(text, nxt)) is not None and not fresh() and (
                after and nxt.startswith(text) or text.endswith(TITLE_WORDS)):
            start(line.number, text)
            if after:
                lines[index + 1] = Line(lines[index + 1].number, after)
            else:  # the title line pasted twice
                notes.append(Note(display, lines[index + 1].number, t("import.subtitle", text=nxt)))
                index += 1
        elif (glued := GLUED_TITLE.match(text)) and not (
                fresh() and current and current.title == _title_once(glued["title"])):
            start(line.number, _title_once(glued["title"])).lines.append(Line(line.number, glued["rest"]))
        elif (policy := POLICY_START.search(text)) and (policy.start() == 0 or _glued_title(text[: policy.start()])):
            prefix = _title_once(text[: policy.start()].strip())
            if not fresh() or (prefix and current is not None and prefix != current.title):
                holder = current.lines if current is not None else skipped
                previous = holder[-1].text if holder else ""
                title = prefix or (previous if title_like(previous) else "")
                if not prefix and title:
                    holder.pop()
                start(line.number, title)
            current.lines.append(Line(line.number, text[policy.start():]))  # type: ignore[union-attr]
        elif (not fresh() and _opens_with_purpose(lines, index)
              or current is None and _lead_title(lines, index)):
            start(line.number, text)
        elif current is None:
            skipped.append(line)
        else:
            current.lines.append(line)
        index += 1
    if skipped:
        notes.append(_leading_note(display, skipped, source))
    cover_notes(display, covers, notes)
    for chunk in [c for c in chunks if id(c) in listed and not c.lines]:
        notes.append(Note(display, chunk.line, t("import.heading_only", title=chunk.title)))
        chunks.remove(chunk)
    for chunk in chunks:
        _cover_lines(chunk)
    return chunks


def cover_notes(display: str, covers: list[Line], notes: list[Note]) -> None:
    """The report line for a manual's cover the 目录 reader found above its 目录, its text for the new manual's
    index.md: one per manual's cover (a file may hold several manuals)."""
    for cover_run in _runs(covers):
        first, last = cover_run[0].number, cover_run[-1].number
        notes.append(Note(display, first, t("import.cover_text", lines=first if first == last else f"{first}–{last}",
                                            text=cover_run[-1].text[:60]),
                          t("import.index.cover"), "\n\n".join(visible(line.text) for line in cover_run)))


def _leading_note(display: str, skipped: list[Line], source: list[Line]) -> Note:
    """The report line for the text before the first document: whole lines counted as lines, and the start of a
    line whose rest is a document (a manual pasted onto one line) counted in characters, with its first words."""
    last = skipped[-1].number
    part = sum(len(line.text) for line in skipped if line.number == last)
    if part >= sum(len(line.text) for line in source if line.number == last):
        return Note(display, skipped[0].number, t("import.leading_lines", count=len(skipped), last=last))
    whole = [line for line in skipped if line.number != last]
    opening = next(line.text for line in skipped if line.number == last)[:30]
    if not whole:
        return Note(display, last, t("import.leading_part", line=last, chars=part, text=opening))
    return Note(display, whole[0].number, t("import.leading_lines_part", count=len(whole), last=whole[-1].number,
                                            line=last, chars=part, text=opening))


def _after_repeat(title: str, nxt: str) -> str | None:
    """A web page's title, then the document's own title line starting with it again — as it is (「…手册」
    「…手册目标本手册…」), or with brackets (「万国城MOMA长沙…手册」「万国城MOMA(长沙)…手册DYPM…」): the rest of
    that line ("" when it is the title alone); None when the next line does not start with the title."""
    matched = 0
    for position, char in enumerate(nxt):
        if matched == len(title):
            return nxt[position:].strip()
        if char == title[matched]:
            matched += 1
        elif char not in "()（）[]【】 ":
            return None
    return "" if matched == len(title) else None


# 「一、…」「1.…」「1、…」「第一条…」: the first item or section of a document's text.
FIRST_ITEM = re.compile(r"^(?:一、|1\s*[.．、](?!\s*\d)|第一条)")


def _lead_title(lines: list[Line], index: int) -> bool:
    """Before any document: a title line naming a kind of document (「…工作职责」「…管理办法」) whose text starts
    with its first item on the next line, or on the line after one short line that is not a sentence (a web
    page's 「编辑:…2019-04-28」)."""
    text = lines[index].text
    if not (title_like(text) and text.endswith(TITLE_WORDS)):
        return False
    ahead = [line for line in lines[index + 1:index + 3] if line.block is None and not line.mark]
    if not ahead or FIRST_ITEM.match(ahead[0].text):
        return bool(ahead)
    between = ahead[0].text  # a byline, not a title of its own nor a sentence of the text
    return (len(ahead) == 2 and len(between) <= 30 and not title_like(between)
            and not between.endswith(("。", "；", ";", "！", "？")) and FIRST_ITEM.match(ahead[1].text) is not None)


# 「为进一步加强…,特制定本方案。」「根据…」: the sentence a policy or plan opens with, saying what it is for.
PURPOSE_SENTENCE = re.compile(r"^(?:为|根据|按照)")


def _opens_with_purpose(lines: list[Line], index: int) -> bool:
    """A title line naming a kind of document (「创建标准化服务窗口实施方案」), then the sentence saying what it is
    for (为…/根据…), then its first item 一、/1./第一条: a document, even in the middle of another."""
    text = lines[index].text
    ahead = [line for line in lines[index + 1:index + 3] if line.block is None and not line.mark]
    return (title_like(text) and text.endswith(TITLE_WORDS) and len(ahead) == 2
            and PURPOSE_SENTENCE.match(ahead[0].text) is not None and FIRST_ITEM.match(ahead[1].text) is not None)


def _titled_start(lines: list[Line], index: int) -> int:
    """A title line followed (after up to four cover lines: `Document No.: …`, 「版本:A 编制:…」) by its first
    section (`1. Purpose`, 1.0 目的): how many lines further down that section is, else 0."""
    text = lines[index].text
    lead = CODE_TITLE.match(text)  # `HR.PR.03 Induction`: an English title after its number
    english = bool(ENGLISH_TITLE.match(lead["title"] if lead else text)) and len(text) <= 80
    if not (english or title_like(text)) or any(cover.cover_line(text)):
        return 0
    for ahead in range(index + 1, min(index + 6, len(lines))):
        if lines[ahead].block is not None or lines[ahead].mark:
            return 0
        if (ENGLISH_PURPOSE if english else PURPOSE).match(lines[ahead].text):
            return ahead - index if english or ahead > index + 1 else 0  # 标题 + 1.0 目的: the rule below
        if not any(cover.cover_line(lines[ahead].text)):
            return 0
    return 0


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Lines in runs of consecutive line numbers."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.number - runs[-1][-1].number <= 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _cover_lines(chunk: Chunk) -> None:
    """版本:A 编制:… 审核:… lines at the top of a document go to its fields, not its body (what else they hold
    stays in the body)."""
    kept: list[Line] = []
    for line in chunk.lines:
        fields, signoffs = cover.cover_line(line.text) if len(kept) < 3 else ({}, {})
        if fields or signoffs:
            for key, value in fields.items():
                chunk.fields.setdefault(key, value)
            chunk.signoffs.update({k: v for k, v in signoffs.items() if v[0]})
            if rest := cover.cover_rest(line.text):  # a title or a 目录 pasted onto the cover line: kept as text
                kept.append(Line(line.number, rest))
        else:
            kept.append(line)
    chunk.lines = kept


def split_blocks(blocks: list[Block], display: str, notes: list[Note], *, header: dict[str, str],
                 qmsdoc_copy: bool) -> list[Chunk]:
    """Word files: a chunk per Heading 1; a qmsdoc copy's meta line, 修订记录 and 审批 become fields."""
    chunks: list[Chunk] = []
    preamble: list[Block] = []
    blocks = _sections_under_titles(_without_contents(blocks, display, notes))
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            chunks.append(Chunk(display, block.line, block.text, qmsdoc_copy=qmsdoc_copy))
        elif chunks:
            chunks[-1].blocks.append(block)
        else:
            preamble.append(block)
    moved = [_cover_forward(previous, following) for previous, following in zip(chunks, chunks[1:], strict=False)]
    if any(moved) and preamble:  # covers sit above their headings in this file: so does the first document's
        head = Chunk(display, 0, "", blocks=preamble)
        if _cover_forward(head, chunks[0]):
            preamble = head.blocks
    cover_fields: dict[str, str] = {}
    cover_signoffs: dict[str, tuple[str, str]] = {}
    left: list[Block] = []  # what the cover is not: text beside a cover table is still text no document takes
    for block in preamble:
        fields, signoffs = (cover.table_key_values(_text_rows(block)) if block.kind == "table"
                            else cover.cover_line(unmarked(block.text)))
        cover_fields.update({k: v for k, v in fields.items() if k not in cover_fields})
        cover_signoffs.update(signoffs)
        if not (fields or signoffs):
            left.append(block)
    if left and chunks:
        notes.append(Note(display, left[0].line, t("import.preamble", count=len(left))))
    if len(chunks) > 1 and not chunks[0].blocks:  # the whole file's title (a manual's), right before its first document
        notes.append(Note(display, chunks[0].line, t("import.file_title", title=chunks[0].title)))
        chunks.pop(0)
    if not chunks:
        notes.append(Note(display, 0, t("import.no_heading1")))
        chunks.append(Chunk(display, 1, "", blocks=[b for b in preamble], qmsdoc_copy=qmsdoc_copy))
    for chunk in chunks:
        if len(chunks) == 1:
            chunk.fields.update({k: v for k, v in header.items() if v})
            chunk.fields.setdefault("title", chunk.title)
        # a cover before several documents names none of them: only its shared fields apply to each
        shared = {k: v for k, v in cover_fields.items() if len(chunks) == 1 or k not in ("id", "title")}
        chunk.fields.update({k: v for k, v in shared.items() if k not in chunk.fields})
        chunk.signoffs.update(cover_signoffs)
        _controlled_parts(chunk)
        _heading_number(chunk)
    return chunks


def _heading_number(chunk: Chunk) -> None:
    """A Heading 1 that stands with its document's number (「客服部来访接待工作规程 KF0399」): the number is the
    document's when nothing else gave one (a cover table, qmsdoc's meta line), and the title is the heading's
    without it — as the text rules read such a heading."""
    own = heading_number(chunk.title) if not chunk.qmsdoc_copy else None
    if own is None:
        return
    if chunk.fields.get("title") == chunk.title:
        chunk.fields["title"] = own[0]
    chunk.title = own[0]
    chunk.fields.setdefault("id", normalise(own[1]))


def _is_purpose(block: Block) -> bool:
    name = heading_name(block.text)
    return (name if cover.is_chinese_label(name) else cover.label_key(name)) in cover.PURPOSE_SECTIONS


def _sections_under_titles(blocks: list[Block]) -> list[Block]:
    """A Word file whose Heading 1 is 「1. Purpose」 / 「1 目的」 writes its sections as Heading 1 under a title (the
    Title style, or a Heading 1 right before): that title starts the document, and its Heading 1 sections go one
    level down, with every heading under them — else each section would be imported as a document of its own."""
    tops = [index for index, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    titles = {before for before, after in zip(tops, tops[1:], strict=False)
              if _is_purpose(blocks[after]) and not _is_purpose(blocks[before])}
    if not titles:
        return blocks
    out = blocks[: min(titles)]
    for index in range(min(titles), len(blocks)):
        block = blocks[index]
        if block.kind == "heading" and index not in titles:
            block = replace(block, level=block.level + 1)
        out.append(block)
    return out


def _cover_forward(previous: Chunk, following: Chunk) -> bool:
    """Cover tables placed just above a Heading 1 belong to the document under it, not to the one they end: the
    trailing tables from the first cover that names another document (a control number other than the previous
    document's own, or the next heading's title) move to the top of the next document."""
    trailing = len(previous.blocks)
    while trailing and previous.blocks[trailing - 1].kind == "table":
        trailing -= 1
    own = Chunk(previous.path, previous.line, previous.title)
    for block in previous.blocks[:trailing]:  # the previous document's own cover, at its top
        if block.kind != "table" or not _cover_table(own, block):
            break
    for index in range(trailing, len(previous.blocks)):
        probe = Chunk(following.path, following.line, following.title)
        if not _cover_table(probe, previous.blocks[index]):
            continue
        number, title = probe.fields.get("id", ""), cover.label_key(probe.fields.get("title", ""))
        other = not title or title != cover.label_key(own.fields.get("title", previous.title))
        if title == cover.label_key(following.title) or (re.search(r"\d", number) and other
                                                          and number != own.fields.get("id")):
            following.blocks[:0] = previous.blocks[index:]
            del previous.blocks[index:]
            return True
    return False


def _without_contents(blocks: list[Block], display: str, notes: list[Note]) -> list[Block]:
    """A Contents / 目录 heading and the entry paragraphs under it are no document and no body text."""
    kept: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind in ("heading", "para") and cover.is_contents_heading(block.text):
            end = index + 1
            while end < len(blocks) and blocks[end].kind in ("para", "item") and toc.LINE_ENTRY.match(blocks[end].text):
                end += 1
            if end - index > 2:
                notes.append(Note(display, block.line, t("import.contents", count=end - index - 1, first=block.line,
                                                         last=blocks[end - 1].line)))
                index = end
                continue
        kept.append(block)
        index += 1
    return kept


# qmsdoc's meta line under a copy's title: 「QP-02-03　A/1　程序文件」, "QM-04 · A/0 · Work instruction"; a copy of a
# project numbered major.minor (version_scheme 1.0), "QM-04 · 1.1 · Work instruction", when it names a document type.
META = re.compile(r"^(?P<id>\S+)(?:[\s　]+·)?[\s　]+(?P<version>[A-Z]/\d{1,2}|(?P<dotted>\d{1,3}\.\d{1,3}))"
                  r"(?:[\s　]+·)?[\s　]+(?P<type>\S.{0,40})$")


def _controlled_parts(chunk: Chunk) -> None:
    """qmsdoc's meta line under the title, its 修订记录 / 审批 sections, and an old document's revision history and
    approval tables (under their headings, or among the tables at its top), into fields."""
    blocks = chunk.blocks
    meta = META.match(blocks[0].text) if blocks and blocks[0].kind == "para" else None
    if meta and (not meta.group("dotted") or cover.type_of(meta.group("type"))):
        chunk.qmsdoc_copy = True  # only qmsdoc writes this line: its references are 《title》（ID）
        chunk.fields.setdefault("id", meta.group("id"))
        chunk.fields.setdefault("version", meta.group("version"))
        if kind := cover.type_of(meta.group("type")):
            chunk.fields["type"] = kind
        blocks.pop(0)
        notice = read_obsolete_notice(blocks[0].text.strip("* ")) if blocks and blocks[0].kind == "para" else None
        if notice:  # an obsolete copy's 作废 notice is not body text; it names the successor
            if notice.group("successor"):
                chunk.fields.setdefault("superseded_by", notice.group("successor"))
            blocks.pop(0)
    kept: list[Block] = []
    index = 0
    while index < len(blocks):
        block, nxt = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind in ("heading", "para") and nxt is not None and nxt.kind == "table" and len(block.text) <= 60:
            if cover.is_history_heading(block.text) and cover.is_history(nxt.rows):
                chunk.history = cover.history(_text_rows(nxt))
                index += 2
                continue
            if cover.is_approval_heading(block.text) and cover.is_approval(nxt.rows):
                chunk.signoffs.update(cover.approval(_text_rows(nxt)))
                index += 2
                continue
        leading = block.kind == "table" and not kept  # the tables before the body: cover, approval, history
        if leading and cover.is_approval(block.rows):
            chunk.signoffs.update(cover.approval(_text_rows(block)))
            index += 1
            continue
        if leading and cover.is_history(block.rows) and not chunk.history:
            chunk.history = cover.history(_text_rows(block))
            index += 1
            continue
        if leading and _cover_table(chunk, block):
            index += 1
            continue
        kept.append(block)
        index += 1
    chunk.blocks = kept


def _text_rows(block: Block) -> list[list[str]]:
    """A table's cells as text, without their pictures' places: what a cover, approval or history table says (a
    signature's picture is no name; the import report names the pictures its fields leave out)."""
    return [[unmarked(cell) for cell in row] for row in block.rows]


def drop_cover_table(chunk: Chunk) -> None:
    """A document whose first block is a cover table: its fields, not its body."""
    if chunk.blocks and chunk.blocks[0].kind == "table" and _cover_table(chunk, chunk.blocks[0]):
        chunk.blocks.pop(0)


def _cover_table(chunk: Chunk, block: Block) -> bool:
    """A 文件编号/版本/编制… table at the top of a document is its cover, not part of its body. One Chinese label
    makes a cover; English ones take two (a body table headed `Department | Duties` is no cover)."""
    found = [label for row in block.rows for label in row if cover.label_key(label) in cover.LABELS or
             cover.label_key(label) in cover.SIGNOFFS]
    fields_found, signoffs = cover.table_key_values(_text_rows(block))
    signoffs_found = {k: v for k, v in signoffs.items() if v[0]}
    if not (fields_found or signoffs_found):
        return False
    if len(fields_found) + len(signoffs_found) < 2 and not any(cover.is_chinese_label(label) for label in found):
        return False
    for key, value in fields_found.items():
        chunk.fields.setdefault(key, value)
    chunk.signoffs.update(signoffs_found)
    return sum(len(r) for r in block.rows) <= 24  # a long table that starts with a cover row stays in the body
