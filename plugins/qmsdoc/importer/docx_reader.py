"""Read a .docx (python-docx) into blocks: headings by paragraph style, list items by list style or
numbering, tables cell by cell (merged cells split and reported), bold/italic/code runs as Markdown;
the page-header table (qmsdoc's 文件名称/文件编号/… block) into fields."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn

from ..core.i18n import languages, t
from ..core.limits import archive_problem, memory_message
from . import cover
from .blocks import Block, Note, printable

HEADING = re.compile(r"^(?:Heading|标题)\s*(\d)$")
LIST = re.compile(r"^List (Bullet|Number|Paragraph)(?: (\d))?$")
QUOTES = ("Quote", "Intense Quote", "引用", "明显引用", "Block Text")
LINK_SCHEMES = ("http://", "https://", "mailto:")


def _draft_watermarks() -> set[str]:
    """The DRAFT watermark qmsdoc writes on a draft copy, in every language (a copy may come from another project)."""
    return {mark for language in languages().values() if (mark := language.messages.get("copy.watermark.draft"))}


class ReadError(Exception):
    """The file cannot be read at all; the message is for the user."""


class DocxFile:
    def __init__(self, path: Path, display: str) -> None:
        self.display = display
        refused = archive_problem(path, display)  # the one set of reader limits, from the zip directory alone
        if refused:
            raise ReadError(refused)
        try:
            self.doc = docx.Document(str(path))
        except MemoryError as exc:  # too large to read is not "unreadable": say which
            raise ReadError(memory_message(display)) from exc
        except Exception as exc:  # noqa: BLE001 - zip, package, XML and OS errors all mean "cannot open this file"
            raise ReadError(t("import.not_docx", path=display, error=type(exc).__name__)) from exc
        self.styles = {s.style_id: s.name for s in self.doc.styles}
        self.blocks: list[Block] = []
        self.notes: list[Note] = []
        self.header_fields: dict[str, str] = {}
        self.qmsdoc_copy = False
        self._num_formats: dict[tuple[str, int], str] | None = None
        self.watermark = ""  # 草稿 / 作废 as Word's 水印 (qmsdoc writes one on drafts and obsolete copies)

    def read(self) -> DocxFile:
        self._header()
        number = 0
        for element in self.doc.element.body.iterchildren():
            if element.tag == qn("w:p"):
                number += 1
                self._paragraph(element, number)
            elif element.tag == qn("w:tbl"):
                number += 1
                self._table(element, number)
        return self

    # -- page header ---------------------------------------------------------------------
    def _header(self) -> None:
        for section in self.doc.sections[:1]:
            for mark in re.findall(r'<v:textpath [^>]*string="([^"]{1,20})"', section.header._element.xml):
                self.watermark = mark
                if mark not in _draft_watermarks():
                    self.notes.append(Note(self.display, 0, t("import.watermark", mark=mark)))
            for table in section.header.tables:
                rows = self._rows(table._tbl, 0, report=False, plain=True)
                for row in rows:
                    fields, _ = cover.key_values(row)
                    for key, value in fields.items():
                        self.header_fields.setdefault(key, value)
                ours = any("页" in "".join(r) for r in rows) or cover.is_qmsdoc_header(rows)
                if ours and "id" in self.header_fields:
                    self.qmsdoc_copy = True

    # -- paragraphs ----------------------------------------------------------------------
    def _style(self, p: object) -> str:
        style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))  # type: ignore[attr-defined]
        return self.styles.get(style.get(qn("w:val")), "") if style is not None else ""

    def _paragraph(self, p: object, number: int) -> None:
        style = self._style(p)
        heading = HEADING.match(style)
        if heading or style == "Title":
            text = self._inline(p, plain=True)
            if text:
                self.blocks.append(Block("heading", text, int(heading.group(1)) if heading else 1, line=number))
            return
        text = self._inline(p)
        if not text.strip():
            return
        if style in QUOTES:
            self.blocks.append(Block("quote", text.strip(), line=number))
            return
        numbered = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # type: ignore[attr-defined]
        num_id = _val(numbered.find(qn("w:numId"))) if numbered is not None else None
        if num_id == "0":  # numbering switched off on this paragraph
            numbered = None
        listed = LIST.match(style)
        if listed and listed.group(1) == "Paragraph" and numbered is None:
            listed = None  # 「列表段落」 without numbering is only an indented paragraph
        if listed or numbered is not None:
            depth = int(listed.group(2)) - 1 if listed and listed.group(2) else 0
            if numbered is not None and not (listed and listed.group(2)):
                depth = int(_val(numbered.find(qn("w:ilvl"))) or depth)
            if listed and listed.group(1) != "Paragraph":
                ordered = listed.group(1) == "Number"
            else:  # 「列表段落」 with Word numbering: the level's number format says bullet or number
                ordered = self._formats().get((num_id or "", depth), "bullet") not in ("bullet", "none")
            self.blocks.append(Block("item", text.strip(), depth, ordered, line=number))
            return
        self.blocks.append(Block("para", text.strip(), line=number))

    def _formats(self) -> dict[tuple[str, int], str]:
        """(numId, level) → number format (bullet, decimal, …), read once from the numbering part."""
        if self._num_formats is None:
            self._num_formats = {}
            try:
                numbering = self.doc.part.numbering_part.element
            except (KeyError, NotImplementedError):
                return self._num_formats
            abstract = {a.get(qn("w:abstractNumId")): {int(_val(lvl, "w:ilvl") or 0): _val(lvl.find(qn("w:numFmt")))
                                                       for lvl in a.iterchildren(qn("w:lvl"))}
                        for a in numbering.iterchildren(qn("w:abstractNum"))}
            for num in numbering.iterchildren(qn("w:num")):
                levels = abstract.get(_val(num.find(qn("w:abstractNumId"))), {})
                for level, fmt in levels.items():
                    self._num_formats[(num.get(qn("w:numId")) or "", level)] = fmt or "decimal"
        return self._num_formats

    def _inline(self, p: object, plain: bool = False) -> str:
        """The paragraph's text with bold as **…**, italic as *…*, Consolas runs as `…` (not in headings), and
        hyperlinks to web or mail addresses as [text](address)."""
        pieces: list[tuple[str, str]] = []
        link, linked = "", 0  # the address of the hyperlink being read; where its text starts in `pieces`
        for run in p.iter(qn("w:r")):  # type: ignore[attr-defined]
            address = self._address(run.getparent()) if not plain else ""
            if address != link:
                if link:
                    pieces[linked:] = [("", _link(pieces[linked:], link))]
                link, linked = address, len(pieces)
            text = printable("".join(t.text or "" if t.tag == qn("w:t") else (" " if t.tag in (qn("w:br"), qn("w:tab"))
                                                                                else "") for t in run.iterchildren()))
            if not text:
                continue
            props = run.find(qn("w:rPr"))
            mark = ""
            if props is not None and not plain:
                fonts = props.find(qn("w:rFonts"))
                if fonts is not None and fonts.get(qn("w:ascii")) == "Consolas":
                    mark = "`"
                elif _on(props.find(qn("w:b"))):
                    mark = "**"
                elif _on(props.find(qn("w:i"))):
                    mark = "*"
            if pieces and pieces[-1][0] == mark and len(pieces) > linked:
                pieces[-1] = (mark, pieces[-1][1] + text)
            else:
                pieces.append((mark, text))
        if link:
            pieces[linked:] = [("", _link(pieces[linked:], link))]
        return "".join(_wrap(mark, text) for mark, text in pieces)

    def _address(self, parent: object) -> str:
        """A w:hyperlink's web or mail address (other targets — files, bookmarks — stay plain text)."""
        if parent is None or parent.tag != qn("w:hyperlink"):  # type: ignore[attr-defined]
            return ""
        rid = parent.get(qn("r:id"))  # type: ignore[attr-defined]
        relation = self.doc.part.rels.get(rid) if rid else None
        target = str(relation.target_ref) if relation is not None and relation.is_external else ""
        return target if target.lower().startswith(LINK_SCHEMES) else ""

    # -- tables --------------------------------------------------------------------------
    def _table(self, tbl: object, number: int) -> None:
        rows = self._rows(tbl, number, report=True)
        if rows:
            self.blocks.append(Block("table", rows=rows, line=number))

    def _rows(self, tbl: object, number: int, *, report: bool, plain: bool = False) -> list[list[str]]:
        rows: list[list[str]] = []
        merged = False
        for index, tr in enumerate(tbl.iterchildren(qn("w:tr"))):  # type: ignore[attr-defined]
            cells: list[str] = []
            for tc in tr.iterchildren(qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span_el = props.find(qn("w:gridSpan")) if props is not None else None
                vmerge = props.find(qn("w:vMerge")) if props is not None else None
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                texts = (self._inline(p, plain=plain or index == 0) for p in tc.iterchildren(qn("w:p")))
                text = " ".join(t for t in texts if t.strip())
                if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue"):
                    text, merged = "", True
                if span > 1:
                    merged = True
                cells += [text.strip()] + [""] * (span - 1)
            rows.append(cells)
        if merged and report:
            self.notes.append(Note(self.display, number, t("import.merged_cells")))
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]


def _val(element: object, attribute: str = "w:val") -> str | None:
    return element.get(qn(attribute)) if element is not None else None  # type: ignore[attr-defined]


def _on(element: object) -> bool:
    return element is not None and element.get(qn("w:val")) not in ("0", "false")  # type: ignore[attr-defined]


def _link(pieces: list[tuple[str, str]], address: str) -> str:
    """[text](address): brackets in the text escaped, and the characters that would end the address encoded."""
    text = "".join(_wrap(mark, text) for mark, text in pieces).replace("[", "\\[").replace("]", "\\]")
    encoded = address
    for character, escape in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        encoded = encoded.replace(character, escape)
    return f"[{text}]({encoded})" if text.strip() else ""


def _wrap(mark: str, text: str) -> str:
    if not mark or not text.strip():
        return text
    core = text.strip()
    lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{tail}"


def read_docx(path: Path, display: str) -> DocxFile:
    try:
        return DocxFile(path, display).read()
    except MemoryError as exc:
        raise ReadError(memory_message(display)) from exc
