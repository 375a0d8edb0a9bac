"""The one reader of a 目录's coded entries and the one report of the entries a copy does not hold.

A 目录 comes behind a manual's cover (`frontpages`), alone on its line or with the text after it (`toc.find`),
one entry a line (`toc.contents_lines`); its entries carry page numbers (after dotted leaders, in brackets, glued
to the next entry), codes (序號 文件名稱 編碼 pasted into one line, numbers glued to codes), or both. Every path
reads coded entries here, and names the entries the text does not hold through `report_missing`: documents
missing, forms missing (a blank form draft is made for each that has a title, `plan`), and group headings (a code
the codes listed under it begin with: KF04 over KF0401…) never as missing documents."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.codes import TITLED_CODE_TOKEN, narrowed, normalise
from ..core.i18n import t
from .blocks import Note

NUMERALS = "一二三四五六七八九十百零〇两"

# A 目录 laid out as a table pasted into one line (序號 | 文件名稱 | 編碼 | 頁碼): each entry its number (一, or 1
# glued to the code before it), its title and its code, 「三崗位說明書KF 031客服部經理崗位說明書KF03012…」; a page
# number after dotted leaders may follow the code (「1 客服部崗位說明書 KF03……3」).
_CODED_HEADER = re.compile(r"(?:\s|目\s*[录錄]|序\s*[号號]|(?:文件)?名\s*[称稱]|[编編]\s*[码碼号號]|代\s*[号號]"
                           r"|[页頁]\s*[码碼次]|[标標]\s*[题題]|版\s*[号號]\s*/\s*[状狀]\s*[态態]\s*[:：]\s*[A-Z]\s*/\s*\d{1,2})*")
# A 目录 whose entries give the code first (编号 标题): 「DY/AQ—001 安全组织架构图DY/AQ—002 安全管理部职责…」, each
# title running to the next code; it ends where a code comes again (the first document's own heading). Its codes, and
# those of the entries above, are read as every reader reads a code after a title (core.codes.TITLED_CODE_TOKEN:
# 「KF 0301」「DY/AQ -001」「QP -02-03」 too).
_CODE = TITLED_CODE_TOKEN.pattern
_CODE_FIRST = re.compile(rf"\s*(?P<code>{_CODE})\s*(?P<title>[^A-Za-z\d]{{2,40}}?)\s*(?={_CODE}|$)")
_CODED_ENTRY = re.compile(rf"\s*(?P<number>[{NUMERALS}]{{1,3}}|\d{{1,2}}(?!\d))?\s*[、.．]?\s*"
                          rf"(?P<title>[^A-Za-z\d.．·…_\-—–]{{2,40}}?)\s*(?P<code>{_CODE})"
                          r"(?:\s*(?:[-—–.·…_]{3,}|…{2,})\s*(?P<page>\d{1,3})(?!\d)|\s+(?P<apart>\d{1,2})(?!\d))?")
# A form among a 目录's entries: a record code (QR…), a title naming a form, or an entry under a records group.
DASHES = re.compile("[-—–－]")  # DY/AQ—001 in a 目录 is DY/AQ-001 in the text
_FORM_CODE = re.compile(r"QR|.*-(?:F|QR|R)\d")
_FORM_TITLE = re.compile(r"(?:表|[单單]|卡|簿|台[账賬]|[记記][录錄])\s*(?:[(（][^()（）]{0,8}[)）])?$")
_RECORDS_GROUP = re.compile(r"[记記][录錄]|表[单單]|附表")
# An annex's number before a form's title: 「附表一 业户来访登记表」, 「附表1：」; 「附表」 alone names no form.
_ANNEX_NUMBER = re.compile(rf"^附\s*[表录錄件](?:\s*\d{{1,2}}(?!\d)|\s*[{NUMERALS}]{{1,3}})?\s*[、:：.．]?\s*")


def _code_split(digits: str, apart: str | None, counter: int, rest: str) -> tuple[str, int] | None:
    """The code's digits and the next entry's number, from digits the 目录 glued together: the rest after a code of
    2, 4 or 6 digits must be the next number (this one's + 1, or 1 opening a sub-list); else all the digits are
    the code."""
    if apart is not None:
        return (digits, int(apart)) if int(apart) in (counter + 1, 1) else None
    for size in range(2, len(digits), 2):
        tail = digits[size:]
        if tail[0] != "0" and int(tail) in (counter + 1, 1):
            return digits[:size], int(tail)
    if len(digits) % 2:
        return None
    # no number follows: a one-character number (四) or the end does, or the 目录 left the next number out
    return digits, 0 if not rest.strip() or rest.lstrip()[0] in NUMERALS else counter


def coded_listing(text: str, start: int = 0) -> tuple[list[tuple[str, str]], int]:
    """The (code, title) entries of a 目录 whose entries carry document codes from `start` (its header
    目錄序號文件名稱編碼頁碼 or 目录版号/状态:A/0 编号标题 skipped), title then code or else code then title, in
    order, and where the last one ends; ([], start) when fewer than three."""
    text = narrowed(text)  # ＱＲＫＦ０６０６, QRKF—0607: read as the codes they are, at the same positions
    header = _CODED_HEADER.match(text, start)
    position = header.end() if header else start
    found: list[tuple[str, str]] = []
    counter = 0
    while (match := _CODED_ENTRY.match(text, position)) is not None:
        if match["number"] and match["number"].isdigit():  # an excerpt's first entry, 「8《郵件…》KF05089…」
            counter = int(match["number"])
        code = normalise(match["code"])
        head = code.rstrip("0123456789")  # its last digits, glued to the next entry's number: 「KF 031」 is KF03, 1
        digits = code[len(head):]
        if match["page"]:  # a page number after leaders: the digits before them are the code alone
            pass
        elif (split := _code_split(digits, match["apart"], counter, text[match.end():])) is not None:
            digits, counter = split
        else:
            break
        found.append((head + digits, match["title"].strip(" 、《》")))
        position = match.end()  # past the next entry's number, glued to this code
    if len(found) >= 3:
        return found, position
    found, position = [], header.end() if header else start
    while (match := _CODE_FIRST.match(text, position)) is not None:
        code = normalise(match["code"])
        if any(code == listed for listed, _ in found):
            break
        found.append((code, match["title"].strip(" 、《》")))
        position = match.end()
    return (found, position) if len(found) >= 3 else ([], start)


def coded_entries(text: str) -> list[tuple[str, str]]:
    """The (code, title) entries of a 目录 whose entries carry document codes, 「目 錄序號文件名稱編碼頁碼一組織架構
    KF 01二部門職責KF 02三崗位說明書KF 031客服部經理崗位說明書KF0301…」, in order; [] when fewer than three."""
    return coded_listing(text)[0]


def absent_codes(entries: Sequence[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The entries whose code `text` (spaces ignored, a line's end not) never shows: KF0301 is not shown by KF03011
    or QRKF0301, but is by 「…管理制度 KF0301」 over a line 「1.0 目的」."""
    seen = narrowed(re.sub(r"[^\S\n]+", "", text))
    return [(code, title) for code, title in entries
            if re.search(rf"(?<![A-Z]){re.escape(DASHES.sub('-', code))}(?!\d)", seen) is None]


def group_codes(entries: Sequence[tuple[str, str]]) -> set[str]:
    """The codes that head a group: another code listed is this one with more digits (KF04 → KF0401, KF06 →
    QRKF0601)."""
    codes = [code for code, _ in entries if code]
    return {code for code in codes
            if any(other != code and re.search(rf"(?<!\d){re.escape(code)}\d", other) for other in codes)}


def listed_forms(listed: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
    """The forms among a 目录's (code, title) entries: a record code (QR…), a title naming a form (「附表一业户来访
    登记表」), or an entry under a records group (質量記錄清單); a group heading never."""
    groups = group_codes(listed)
    forms: set[tuple[str, str]] = set()
    records_group = False
    for code, title in listed:
        if code in groups:
            records_group = _RECORDS_GROUP.search(title) is not None
        elif records_group or _FORM_CODE.match(code) or _FORM_TITLE.search(title):
            forms.add((code, title))
    return forms


def form_title(listed: str) -> str:
    """A listed form's own title: its annex number and book-title marks left out; "" when it has none (附表)."""
    return _ANNEX_NUMBER.sub("", listed).strip(" 《》")


def listed_note(display: str, line: int, key: str, names: Sequence[str],
                forms: Sequence[tuple[str, str]] = ()) -> Note:
    """The note naming a 目录's entries, one a line under the message `key`."""
    return Note(display, line, "\n".join([t(key, count=len(names)), *(f"  - {n}" for n in names)]),
                forms=tuple(forms))


def report_missing(notes: list[Note], display: str, line: int, absent: Sequence[tuple[str, str]],
                   listed: Sequence[tuple[str, str]], held: Sequence[tuple[str, str]] = ()) -> None:
    """Name the `absent` entries of the 目录 `listed` ((code, title) each; code "" for a 目录 of page numbers):
    documents missing and forms missing in a note each, one entry a line; group headings not at all. A missing form
    with a title gets a blank form draft (the note carries it in `forms`, `plan` makes it); one without (附表) is only
    named. `held`: the forms it lists whose text stands in the document before them (no document of their own),
    named without a draft."""
    groups = group_codes(listed)
    forms = listed_forms(listed)
    missing = [entry for entry in absent if entry[0] not in groups]
    drafted = [e for e in missing if e in forms and form_title(e[1])]
    for key, items in (("import.toc_missing_documents", [e for e in missing if e not in forms]),
                       ("import.toc_missing_forms", [e for e in missing if e in forms and e not in drafted]),
                       ("import.toc_drafted_forms", drafted),
                       ("import.toc_held_forms", list(held))):
        if items:
            notes.append(listed_note(display, line, key, [named(e) for e in items],
                                     items if key == "import.toc_drafted_forms" else ()))


def named(entry: tuple[str, str]) -> str:
    """A 目录 entry as the report names it: its code and title, or its title."""
    code, title = entry
    return f"{code} {title}" if code else title
