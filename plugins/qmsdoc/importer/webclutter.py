"""What a web page adds to a manual copied from it: the site's name and ICP licence number, 「点击复制文档内容」 and
download prompts, the page's date and 展示页 title, 相关推荐 and 导航 links, the file's format/size/page count, and
「如有帮助,欢迎下载支持 3」 page counters inside the text. None of it is the manual's: the reader leaves it out and
names every piece in the import report."""

from __future__ import annotations

import re

# A whole line that is the page's, not the manual's (Simplified and Traditional spellings).
_LINE = re.compile(
    r"ICP\s*[备備证證]\s*\d"                                        # 鄂ICP備17016276號-10
    r"|^[\w\u4e00-\u9fff]{0,12}\s*www\.[a-z0-9-]+\.[a-z.]{2,8}$"    # 文庫吧 www.dybbs8.com
    r"|^[点點][击擊]\s*[复復]制\s*(?:文[档檔]|全文)?\s*(?:[内內]容)?$"   # 點擊復制文檔內容
    r"|^(?:正文[内內]容|【正文】)$"
    r"|相[关關]推[荐薦]$|\s[导導]航$|^(?:上一篇|下一篇)\s*[:：]"
    r"|^\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}\s*本[页頁]面$"             # 2025-07-27 03:40本頁面
    r"|[-－]\s*展示[页頁]$"                                          # …工作手冊doc-展示頁
    r"|^[-•]?\s*(?:格式\s*[:：]\s*(?:docx?|pdf|txt|wps)|大小\s*[:：]\s*[\d.]+\s*[KMG]B"
    r"|文[档檔][页頁][数數]\s*[:：]\s*\d+)$"                         # - 格式:doc  - 大小:78.00 KB  - 文档页数:5
    r"|^[-•]?\s*\d?、?\s*(?:下[载載]文[档檔]前|\"?仅部分预览|如文[档檔]侵犯)",  # a document site's download terms
    re.IGNORECASE)
# Pieces inside a line of the manual's text: a page counter, the page's 【正文】 mark.
_FRAGMENT = re.compile(r"[ \t]*(?:如有[帮幫]助\s*[,，]\s*[欢歡]迎下[载載]支持\s*\d{0,3}|【正文】)[ \t]*")


def is_clutter(line: str) -> bool:
    """A short line of the web page around the manual (a sentence of the manual is never one)."""
    return 0 < len(line) <= 120 and _LINE.search(line) is not None


def without_fragments(line: str) -> tuple[str, list[str]]:
    """The line without the web page's pieces inside it, and those pieces as written."""
    found = [match.group().strip() for match in _FRAGMENT.finditer(line)]
    return (_FRAGMENT.sub(" ", line) if found else line), found
