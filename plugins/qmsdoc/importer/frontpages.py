"""A manual's front pages pasted into the middle of a line (a web copy puts pages in any order): its cover
(「工 作 手 冊 (客服部)編制: 審 核: 批準: … 受 控 號:」), the 目录 right after it, and the overview sections before
its first document (「一、組織架構 KF01…」「二、部門職責 KF02…」). They are cut out of the document they were
glued to, and the import report names each with its line, its size and (an overview) its whole text; a 目录 whose
entries carry codes (序號 文件名稱 編碼 pasted into one line) gives its entries through `listing.coded_entries`, the
reader every 目录 shares, so the report can name each one the copy does not hold."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.codes import TITLED_CODE_TOKEN
from .listing import coded_entries

# A cover's labels with their colons (Simplified and Traditional): three in a row make a cover.
_LABEL = re.compile(r"(?:[编編]\s*制|[审審]\s*核|批\s*[准準]|[实實]施日期|版\s*本|受控[状狀][态態]"
                    r"|修[订訂][状狀][态態]|受\s*控\s*[号號])\s*[:：]")
_CONTENTS = re.compile(r"目\s*[录錄]")
# An overview section with its code: 「一、組織架構 KF01」 (the 目录's own entries, 「一組織架構KF 01」, have no 、).
# Two digits end it: a section's code (KF01), not a document's (KF0101).
_SECTION = re.compile(rf"[一二三四五六七八九十]{{1,2}}、\s*[^\s，,。；;：:、]{{2,12}}?\s*"
                      rf"(?:{TITLED_CODE_TOKEN.pattern})(?<![\d０-９]{{3}})(?![\d.])")
_SENTENCE_END = "。；;！!？?"
_GAP = 40  # at most this many characters between two labels of one cover, and between the cover and its 目录


@dataclass(frozen=True)
class FrontPages:
    start: int  # where the front pages start in the line; they run to its end
    cover: str
    contents: str
    sections: tuple[str, ...]
    entries: tuple[tuple[str, str], ...]  # the 目录's (code, title) entries, when they carry codes


def find(text: str) -> FrontPages | None:
    """The manual's front pages in one line: three cover labels or more in a row, then its 目录; None without."""
    labels = list(_LABEL.finditer(text))
    for first in range(len(labels)):
        last = first
        while last + 1 < len(labels) and labels[last + 1].start() - labels[last].end() <= _GAP:
            last += 1
        if last - first < 2:
            continue
        contents = _CONTENTS.search(text, labels[last].end(), labels[last].end() + _GAP)
        if contents is None:
            continue
        start = _title_start(text, labels[first].start())
        if start is None:  # a cover opening its line is the document's own (its fields: the splitter's cover lines)
            continue
        cuts = [m.start() for m in _SECTION.finditer(text, contents.end())]
        ends = [*cuts, len(text)]
        listing = text[contents.start():ends[0]].strip()
        return FrontPages(start, text[start:contents.start()].strip(), listing,
                          tuple(text[a:b].strip() for a, b in zip(ends, ends[1:], strict=False)),
                          tuple(coded_entries(listing)))
    return None


def _title_start(text: str, label: int) -> int | None:
    """Where the manual's title before its first cover label starts: after the sentence before it, when one ends
    near; None when no sentence ends near (the cover is not glued behind another document's text)."""
    window = text[max(0, label - _GAP):label]
    end = max(window.rfind(mark) for mark in _SENTENCE_END)
    return label - len(window) + end + 1 if end >= 0 else None
