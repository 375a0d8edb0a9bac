"""Raw OOXML for the body's rich parts: hyperlinks, bookmarks, paragraph shading and borders."""

from __future__ import annotations

import re

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

LINK_COLOUR = "0563C1"


def bookmark_name(code: str) -> str:
    """A Word bookmark name for a control number (letters, digits, `_`; at most 40 characters)."""
    return ("qms_" + re.sub(r"[^A-Za-z0-9_]", "_", code))[:40]


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def wrap_hyperlink(paragraph: Paragraph, first_run: int, *, url: str | None = None, anchor: str | None = None) -> None:
    """Move the runs added since child index `first_run` into a w:hyperlink (external via a
    relationship, or internal to a bookmark), coloured and underlined as Word shows links."""
    p = paragraph._p
    runs = [child for child in list(p)[first_run:] if child.tag == qn("w:r")]
    if not runs:
        return
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    runs[0].addprevious(link)
    for run in runs:
        rpr = run.get_or_add_rPr()
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), LINK_COLOUR)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        rpr.append(colour)
        rpr.append(underline)
        link.append(run)


def shade(paragraph: Paragraph, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shd)


def left_border(paragraph: Paragraph, colour: str = "999999", size: int = 18) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), str(size))
    left.set(qn("w:space"), "8")
    left.set(qn("w:color"), colour)
    borders.append(left)
    paragraph._p.get_or_add_pPr().append(borders)
