"""Resolving a Word redline by its XML, as Word's 全部接受 / 全部拒绝 do: accept all takes every w:ins and drops
every w:del (a paragraph whose mark is deleted runs on into the next, a deleted table row goes), reject all the
reverse; a move is a w:moveFrom where the text stood (dropped as a deletion is) and a w:moveTo where it went (kept as an
insertion is). The body between the guide line and the 修订对照表 is read back as lines — a paragraph's text, or a
table row's cells one by one — to be compared with the text of the version each must give."""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from docx.oxml.ns import qn
from lxml import etree

Mode = Literal["accept", "reject"]
_DROPPED = {"accept": (qn("w:del"), qn("w:moveFrom")), "reject": (qn("w:ins"), qn("w:moveTo"))}
_KINDS = {"ins": ("ins", "moveTo"), "del": ("del", "moveFrom")}  # a tracked element by what resolving does to it


def _mark(element: etree._Element, holder: str) -> str | None:
    """'ins' or 'del' if the paragraph mark (holder w:pPr/w:rPr) or the row (w:trPr) is tracked (moved to or moved
    from: an insertion's or a deletion's)."""
    props = element.find(holder)
    for kind, tags in _KINDS.items():
        if props is not None and any(props.find(qn(f"w:{tag}")) is not None for tag in tags):
            return kind
    return None


def _dropped(mark: str | None, mode: Mode) -> bool:
    """A paragraph mark or row tracked `mark` ('ins'/'del') goes when resolved `mode`'s way."""
    return mark == ("del" if mode == "accept" else "ins")


def _text(element: etree._Element, mode: Mode) -> str:
    """A paragraph's text as it reads once every change is resolved `mode`'s way."""
    out: list[str] = []

    def walk(node: etree._Element, dropped: bool) -> None:
        if node.tag in (qn("w:pPr"), qn("w:rPr")):
            return
        dropped = dropped or node.tag in _DROPPED[mode]
        if not dropped and node.tag in (qn("w:t"), qn("w:delText")):
            out.append(node.text or "")
        if not dropped and node.tag in (qn("w:br"), qn("w:cr")) and node.get(qn("w:type")) != "page":
            out.append("\n")
        if not dropped and node.tag == qn("w:tab"):
            out.append("\t")
        for child in node:
            walk(child, dropped)

    walk(element, False)
    return "".join(out)


def resolved(data: bytes, mode: Mode, *, start: str, end: str) -> list[str]:
    """The redline's tracked body resolved `mode`'s way: its lines after the paragraph starting `start` (the
    guide) and before the page break ahead of the heading `end` (修订对照表)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(qn("w:body"))
    assert body is not None
    children = list(body)
    first = next(i for i, c in enumerate(children) if c.tag == qn("w:p") and _text(c, mode).startswith(start))
    last = next(i for i, c in enumerate(children) if c.tag == qn("w:p") and _text(c, mode) == end)
    lines: list[str] = []
    pending = ""  # a paragraph whose mark is gone runs on into the next
    for child in children[first + 1:last]:
        if child.tag == qn("w:p"):
            text = pending + _text(child, mode)
            mark = _mark(child, f"{qn('w:pPr')}/{qn('w:rPr')}")
            if _dropped(mark, mode):
                pending = text
                continue
            pending = ""
            if child.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is None or text:
                lines.append(text)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                mark = _mark(row, qn("w:trPr"))
                if _dropped(mark, mode):
                    continue
                lines += [_text(cell, mode) for cell in row.iter(qn("w:tc"))]
    if pending:
        lines.append(pending)
    return lines


def tracked_texts(data: bytes) -> dict[str, list[str]]:
    """Every run of text in a w:ins and every run in a w:del, each end of a move (`moveFrom`, `moveTo`), and text
    deleted outside a w:del (a w:delText no w:del holds) or inserted text written as w:delText."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    stray = [e.text or "" for e in root.iter(qn("w:delText"))
             if not any(a.tag == qn("w:del") for a in e.iterancestors())]
    return {"ins": ["".join(t.text or "" for t in e.iter(qn("w:t"))) for e in root.iter(qn("w:ins"))],
            "del": ["".join(t.text or "" for t in e.iter(qn("w:delText"))) for e in root.iter(qn("w:del"))],
            "moveFrom": ["".join(t.text or "" for t in e.iter(qn("w:t"))) for e in root.iter(qn("w:moveFrom"))
                         if len(e)],
            "moveTo": ["".join(t.text or "" for t in e.iter(qn("w:t"))) for e in root.iter(qn("w:moveTo")) if len(e)],
            "stray": stray}


def site_resolved(body: str, mode: Mode) -> list[str]:
    """The site's redline (site/redline.py) resolved `mode`'s way: <del> dropped to accept, <ins> to reject, the
    格式修改 badges left out; its lines — a paragraph's text, a table row's cells (a row whose number of cells
    changed is shown whole, its cells joined by ` | `)."""
    import html
    import re

    dropped = "del" if mode == "accept" else "ins"
    body = re.sub(r'<(ins|del) class="qms-rl-mark"[^>]*>.*?</\1>', "", body, flags=re.S)  # a paragraph mark
    body = re.sub(rf"<{dropped}(?:\s[^>]*)?>.*?</{dropped}>", "", body, flags=re.S)  # an insertion of a class too
    body = re.sub(r'<span class="qms-rl-badge">.*?</span>', "", body, flags=re.S)
    lines: list[str] = []
    pending = ""  # a paragraph whose break is dropped runs on into the next
    for found in re.finditer(r"<(p|pre|td|th)\b([^>]*)>(.*?)</\1>", body, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", found.group(3)))
        if f'data-mark="{dropped}"' in found.group(2):
            pending += text
            continue
        lines += text.split(" | ") if found.group(1) in ("td", "th") else [pending + text]
        pending = ""
    return lines
