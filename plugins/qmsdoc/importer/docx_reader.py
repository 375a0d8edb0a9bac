"""Read a .docx (python-docx) into blocks: headings by paragraph style, list items by list style or
numbering, tables cell by cell (merged cells split and reported), bold/italic/code runs as Markdown;
pictures (DrawingML inline or floating, VML) where they stand — in the sentence, in the cell, or after their
paragraph —, linked ones and the letterhead's reported; the page-header table (qmsdoc's 文件名称/文件编号/…
block) into fields."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..core.i18n import languages, t
from ..core.images import HEADER_BYTES, WORD_FORMATS, header_problem, read_header
from ..core.limits import UNREADABLE, archive_problem, memory_message
from . import cover
from .blocks import Block, Note, Picture, place, printable, remark, unmarked

HEADING = re.compile(r"^(?:Heading|标题)\s*(\d)$")
LIST = re.compile(r"^List (Bullet|Number|Paragraph)(?: (\d))?$")
# Word's table-of-contents entry styles (「TOC 1」 … 「目录 9」): generated from the headings, never body text.
# A level's text that numbers clauses, not list items: 「%1.%2」「%1.0」「%1.%2.%3」 (Word shows 4.2, 1.0, 4.2.1).
CLAUSE_TEXT = re.compile(r"%[1-9](?:[.．](?:%[1-9]|0))+[.．]?")
TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d$", re.IGNORECASE)
QUOTES = ("Quote", "Intense Quote", "引用", "明显引用", "Block Text")
LINK_SCHEMES = ("http://", "https://", "mailto:")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What wraps paragraphs, rows, cells or runs without being one: content controls (Word's table of contents and
# cover pages are one), custom XML and smart tags. Their content is read as if they were not there.
WRAPPERS = frozenset(qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml", "w:smartTag"))
# What is not in the text as it reads with every tracked change accepted: deletions, the old place of a moved
# passage; and a Fallback of Word's markup compatibility (the same text box or shape again, for older readers).
NOT_ACCEPTED = frozenset((qn("w:del"), qn("w:moveFrom"), MC_FALLBACK))
TRACKED = frozenset(qn(tag) for tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"))
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# The paragraph style of a picture's caption (Word's built-in 「题注」, stored as `caption`): its text is the
# picture's alt text when the picture has none of its own.
CAPTIONS = frozenset({"caption", "题注", "題注"})
# What draws in a run: DrawingML, VML, and an embedded OLE object (Visio, Excel) with its preview picture.
DRAWN = frozenset(qn(tag) for tag in ("w:drawing", "w:pict", "w:object"))
# The kinds of DrawingML graphic that hold no picture to keep: charts and SmartArt diagrams (their graphicData uri's
# last part).
CHARTS = frozenset({"chart", "diagram", "chartex"})
EXTENSIONS = {"jpeg": "jpg"}  # a picture's file extension by its format, where the two differ


def _draft_watermarks() -> set[str]:
    """The DRAFT watermark qmsdoc writes on a draft copy, in every language (a copy may come from another project)."""
    return {mark for language in languages().values() if (mark := language.messages.get("copy.watermark.draft"))}


class ReadError(Exception):
    """The file cannot be read at all; the message is for the user."""


# An OLE compound file (what Word 97-2003 writes, and what Office wraps a password-protected .docx in)
_COMPOUND_FILE = bytes.fromhex("d0cf11e0a1b11ae1")
# the stream an encrypted Office file keeps its package in, named (UTF-16) in the compound file's directory
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _unopenable(path: Path) -> str | None:
    """The message key naming why the .docx at `path` is no Word package python-docx could open, from its bytes:
    empty, password-protected, an old .doc under a .docx name, a zip without word/document.xml; None otherwise
    (a broken package is left to the reader, which says not_docx)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_COMPOUND_FILE))
            if not head:
                return "import.docx_empty"
            if head != _COMPOUND_FILE:
                with zipfile.ZipFile(handle) as archive:
                    names = set(archive.namelist())
                return None if "word/document.xml" in names else "import.docx_no_document"
            handle.seek(0)  # directory entries are 128-byte records in 512-byte sectors: none straddles two chunks
            while chunk := handle.read(1 << 20):
                if _ENCRYPTED_PACKAGE in chunk:
                    return "import.docx_encrypted"
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        return None
    return "import.docx_is_doc"


def _contents_text(p: object) -> str:
    """A table-of-contents paragraph's text as Word shows it: its tab to the page number drawn as a leader (a TOC
    style's tab stop has dots), as a 目录 typed out writes it (「员工培训管理制度 KF0401……8」); field codes left out."""
    run_tab = qn("w:tab")
    return printable("".join("……" if part.tag == run_tab else part.text or ""
                             for part in p.iter(qn("w:t"), run_tab)  # type: ignore[attr-defined]
                             if part.getparent().tag == qn("w:r"))).strip()


class DocxFile:
    def __init__(self, path: Path, display: str) -> None:
        self.display = display
        # the one set of reader limits first, from the zip directory alone (no zip: None): a bomb is told as one
        # (QD018), not as a zip without a Word body
        refused = archive_problem(path, display)
        if refused:
            raise ReadError(refused)
        if (key := _unopenable(path)) is not None:  # python-docx calls each PackageNotFoundError: say what it is
            raise ReadError(t(key, path=display, code=UNREADABLE))
        try:
            self.doc = docx.Document(str(path))
        except MemoryError as exc:  # too large to read is not "unreadable": say which
            raise ReadError(memory_message(display)) from exc
        except Exception as exc:  # noqa: BLE001 - zip, package, XML and OS errors all mean "cannot open this file"
            raise ReadError(t("import.not_docx", path=display, error=type(exc).__name__, code=UNREADABLE)) from exc
        self.styles = {s.style_id: s.name for s in self.doc.styles}
        self.blocks: list[Block] = []
        self.notes: list[Note] = []
        self.header_fields: dict[str, str] = {}
        self.qmsdoc_copy = False
        self.watermark = ""  # 草稿 / 作废 as Word's 水印 (qmsdoc writes one on drafts and obsolete copies)
        self._number = 0
        self._boxes: list[object] = []  # text boxes met in the paragraph being read: their paragraphs follow it
        self._notes_used: list[str] = []  # footnotes referred to in the paragraph being read
        self._pictures = 0  # pictures met in the paragraph being read that cannot be read (broken, in a footnote)
        self._charts = 0  # charts and SmartArt diagrams met in the paragraph being read
        # (relationship id, alt text, floating) of its pictures, in reading order: place(n) is the place of the n-th
        self._found: list[tuple[str, str, bool]] = []
        self._hidden = 0  # runs of hidden text left out of the paragraph being read
        self._footnotes: dict[str, object] | None = None
        self._numbering: dict[str, tuple[str, dict[int, Level], bool]] | None = None  # numId → definition
        self._list = ""  # the list (abstract numbering, ordered) of the last top-level list item
        self._counts: dict[str, dict[int, int]] = {}  # abstract numbering → level → the last number shown
        self._started: set[str] = set()
        # the paragraphs of Word's table of contents (its TOC styles): not body text; `plan` hands them to the text
        # rules' 目录 reader when those split the file, as the same lines of a text file are read
        self.contents: list[Block] = []

    def read(self) -> DocxFile:
        self._header()
        self._found = []  # the header's and footer's pictures are the letterhead, reported once below
        letterhead = sum(len(_pictures(relation.target_part.element)) for relation in self.doc.part.rels.values()
                         if relation.reltype in (RT.HEADER, RT.FOOTER) and not relation.is_external)
        if letterhead:
            self.notes.append(Note(self.display, 0, t("import.letterhead_pictures", count=letterhead)))
        self._body(self.doc.element.body)
        body = self.doc.element.body
        if next(body.iter(*TRACKED), None) is not None:
            self.notes.append(Note(self.display, 0, t("import.tracked_changes")))
        comments = {c.get(qn("w:id")) for c in body.iter(qn("w:commentReference"))}
        if comments:
            self.notes.append(Note(self.display, 0, t("import.comments", count=len(comments))))
        return self

    def _body(self, container: object) -> None:
        for element in _children(container, qn("w:p"), qn("w:tbl")):
            self._number += 1
            if element.tag == qn("w:p"):
                self._paragraph(element, self._number)
            else:
                self._table(element, self._number)

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
            for part in (section.header, section.footer):  # 「Document No.: SOP-QA-001  Rev: B」 as a line
                for paragraph in _paragraphs(part._element):
                    if paragraph.getparent().tag == qn("w:tc"):
                        continue  # a header table's cells were read above
                    fields, _ = cover.cover_line(self._inline(paragraph, plain=True))
                    for key, value in fields.items():
                        self.header_fields.setdefault(key, value)

    # -- paragraphs ----------------------------------------------------------------------
    def _style(self, p: object) -> str:
        style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))  # type: ignore[attr-defined]
        return self.styles.get(style.get(qn("w:val")), "") if style is not None else ""

    def _paragraph(self, p: object, number: int) -> None:
        self._boxes, self._notes_used, self._pictures, self._hidden, self._found = [], [], 0, 0, []
        self._charts, start = 0, len(self.blocks)
        self._block(p, number)
        self._after(number, start)

    def _after(self, number: int, start: int) -> None:
        """What a paragraph or table held that is not its text: its pictures (those in a sentence or a cell where
        they stand, the others — alone in their paragraph, floating, in a heading — after it; those that cannot be
        kept reported), its footnotes' text and its text boxes' paragraphs (after it)."""
        notes: list[Block] = []
        found, self._found = self._found, []
        for note in self._notes_used:  # the note's text, as Markdown writes it: `[^1]: …` (it may stand anywhere)
            text = " ".join(x for x in (unmarked(self._inline(q)) for q in _paragraphs(self._footnote(note)))
                            if x.strip())
            notes.append(Block("para", f"[^{note}]: {text.strip()}", line=number))
        self._pictures += len(self._found)  # a footnote's pictures: its part's, not the body's (reported)
        self._found = []
        kept = [self._picture(rid, alt, number) for rid, alt, _ in found]
        placed: set[int] = set()
        for block in self.blocks[start:]:  # the paragraph's or table's own block: its pictures where they stand
            own: list[Picture] = []

            def index(at: int, own: list[Picture] = own) -> int | None:
                placed.add(at)
                picture = kept[at] if at < len(kept) else None
                if picture is None:
                    return None
                own.append(picture)
                return len(own) - 1

            block.text = remark(block.text, index)
            block.rows = [[remark(cell, index) for cell in row] for row in block.rows]
            block.pictures = own
        for at, picture in enumerate(kept):
            if picture is not None and at not in placed:
                self.blocks.append(Block("picture", line=number, picture=picture))
        if self._pictures:
            self.notes.append(Note(self.display, number, t("import.pictures", count=self._pictures)))
        if self._charts:
            self.notes.append(Note(self.display, number, t("import.charts", count=self._charts)))
        if self._hidden:
            self.notes.append(Note(self.display, number, t("import.hidden_text")))
        self.blocks += notes
        for box in self._boxes:  # a text box's paragraphs after the one it is anchored in
            self._body(box)

    def _picture(self, rid: str, alt: str, number: int) -> Picture | None:
        """The picture of the image part `rid` names, kept as it is when every copy can show it (PNG, JPEG, GIF,
        BMP within the reader limits); else None and a report line naming the link, its format or the limit."""
        relation = self.doc.part.rels.get(rid) if rid else None
        if relation is not None and relation.is_external:  # a picture linked from outside the file: no bytes here
            self.notes.append(Note(self.display, number, t("import.picture_linked",
                                                           target=printable(str(relation.target_ref)))))
            return None
        part = self.doc.part.related_parts.get(rid) if rid else None
        if part is None:  # a broken reference: nothing here to keep
            self._pictures += 1
            return None
        data: bytes = part.blob
        name = str(part.partname).lstrip("/")
        header = read_header(data[:HEADER_BYTES])
        if header is None or header.format not in WORD_FORMATS:
            shown = header.format if header else name.rpartition(".")[2] if "." in name else "?"
            self.notes.append(Note(self.display, number, t("import.picture_format", format=shown.upper())))
            return None
        problem = header_problem(header, name)
        if problem is not None:  # over the pixel limit, or no size the copies can show
            self.notes.append(Note(self.display, number, t("import.picture_refused", why=problem[1])))
            return None
        return Picture(data, EXTENSIONS.get(header.format, header.format), printable(alt).strip())

    def _footnote(self, number: str) -> object:
        if self._footnotes is None:
            self._footnotes = {}
            for relation in self.doc.part.rels.values():
                if relation.reltype == FOOTNOTES and not relation.is_external:
                    part = parse_xml(relation.target_part.blob)
                    self._footnotes = {n.get(qn("w:id")) or "": n for n in part.iterchildren(qn("w:footnote"))}
        return self._footnotes.get(number)

    def _block(self, p: object, number: int) -> None:
        style = self._style(p)
        if TOC_STYLE.match(style):
            self.contents.append(Block("para", _contents_text(p), line=number))
            return
        above = self.blocks[-1].picture if self.blocks and self.blocks[-1].kind == "picture" else None
        if style.lower() in CAPTIONS and above is not None and not above.alt:
            above.alt = self._inline(p, plain=True).strip()  # the caption under a picture: its alt text, once
            if above.alt:
                return
        style_id = _val(p.find(qn("w:pPr") + "/" + qn("w:pStyle")))  # type: ignore[attr-defined]
        numbering = self._numbered(p, self.doc.styles.element.get_by_id(style_id) if style_id else None)
        heading = HEADING.match(style)
        if heading or style == "Title":
            shown = self._shown(*numbering) if numbering and heading else ""  # counted even when nothing shows
            text = self._inline(p, plain=True)
            if text:
                text = f"{shown} {text}" if shown else text  # 「1.0 目的」 as Word shows its automatic number
                self.blocks.append(Block("heading", text, int(heading.group(1)) if heading else 1, line=number))
            return
        text = self._inline(p)
        if not unmarked(text).strip():
            return  # no text, perhaps pictures alone: they follow as pictures of their own (a caption may name them)
        if style in QUOTES:
            self.blocks.append(Block("quote", text.strip(), line=number))
            return
        listed = LIST.match(style)
        if listed and listed.group(1) == "Paragraph" and numbering is None:
            listed = None  # 「列表段落」 without numbering is only an indented paragraph
        if listed or numbering is not None:
            depth = int(listed.group(2)) - 1 if listed and listed.group(2) else 0
            if numbering is not None and not (listed and listed.group(2)):
                depth = numbering[1]
            num_id = numbering[0] if numbering else ""
            abstract, levels, _ = self._definitions().get(num_id, (num_id or style, {}, False))
            level = levels.get(depth)
            if listed and listed.group(1) != "Paragraph":
                ordered = listed.group(1) == "Number"
            else:  # 「列表段落」 with Word numbering: the level's number format says bullet or number
                ordered = level is not None and level.format not in ("bullet", "none")
            if ordered and level is not None and CLAUSE_TEXT.fullmatch(level.text):  # 「%1.%2」: a clause number
                self.blocks.append(Block("para", f"{self._shown(num_id, depth)} {text.strip()}", line=number))
                return
            new_list = False
            if depth == 0:  # Word's next list right under the items of another (or one it restarted): two lists
                key = f"{abstract}:{ordered}"
                new_list = bool(self.blocks) and self.blocks[-1].kind == "item" and (
                    key != self._list or (ordered and self._fresh(num_id)))
                self._list = key
            count = self._count(num_id or abstract, depth) if ordered else 0
            self.blocks.append(Block("item", text.strip(), depth, ordered, line=number, number=count,
                                     new_list=new_list))
            return
        self.blocks.append(Block("para", text.strip(), line=number))

    def _definitions(self) -> dict[str, tuple[str, dict[int, Level], bool]]:
        """numId → (its abstract numbering, level → how the level numbers, whether it restarts the numbering),
        read once from the numbering part (a w:lvlOverride's w:startOverride or w:lvl over the abstract's)."""
        if self._numbering is None:
            self._numbering = {}
            try:
                numbering = self.doc.part.numbering_part.element
            except (KeyError, NotImplementedError):
                numbering = None
            first = {a.get(qn("w:abstractNumId")): dict(_level(lvl) for lvl in a.iterchildren(qn("w:lvl")))
                     for a in (numbering.iterchildren(qn("w:abstractNum")) if numbering is not None else ())}
            for num in numbering.iterchildren(qn("w:num")) if numbering is not None else ():
                abstract = _val(num.find(qn("w:abstractNumId"))) or ""
                levels, restarts = dict(first.get(abstract, {})), False
                for override in num.iterchildren(qn("w:lvlOverride")):
                    ilvl = int(_val(override, "w:ilvl") or 0)
                    whole = override.find(qn("w:lvl"))
                    if whole is not None:
                        levels[ilvl] = _level(whole)[1]
                    start = override.find(qn("w:startOverride"))
                    if start is not None:
                        levels[ilvl] = levels.get(ilvl, Level())._replace(start=int(_val(start) or 1))
                        restarts = True
                self._numbering[num.get(qn("w:numId")) or ""] = (abstract, levels, restarts)
        return self._numbering

    def _fresh(self, num_id: str) -> bool:
        """Whether counting `num_id` now starts its numbering again (Word restarted the list with it)."""
        return self._definitions().get(num_id, ("", {}, False))[2] and num_id not in self._started

    def _count(self, num_id: str, level: int) -> int:
        """The number Word shows on an item: lists of one definition count on across paragraphs between them,
        a list Word restarted (a numbering instance that overrides the start) counts from its start again."""
        abstract, levels, _ = self._definitions().get(num_id, (num_id, {}, False))
        counts = self._counts.setdefault(abstract, {})
        if self._fresh(num_id):
            counts.clear()
        self._started.add(num_id)
        for deeper in [d for d in counts if d > level]:
            del counts[deeper]
        counts[level] = counts.get(level, levels.get(level, Level()).start - 1) + 1
        return counts[level]

    def _shown(self, num_id: str, level: int) -> str:
        """The number Word shows before a paragraph of `num_id` at `level` — its level's w:lvlText with each %n
        the count of level n in that level's format (「%1.%2」 → 「4.2」) — counting it; "" for a bullet or none."""
        abstract, levels, _ = self._definitions().get(num_id, (num_id, {}, False))
        own = levels.get(level, Level())
        if own.format in ("bullet", "none") or not own.text:
            return ""
        self._count(num_id, level)
        counts = self._counts.get(abstract, {})

        def value(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            shown = levels.get(at, Level())
            return _format(counts.get(at, shown.start), "decimal" if own.legal else shown.format)

        return re.sub(r"%([1-9])", value, own.text).strip()

    def _numbered(self, p: object, style: object) -> tuple[str, int] | None:
        """(numId, level) of a paragraph's Word numbering — its own w:numPr, else its style's (or the style's
        base's): a heading style linked to a multilevel list; None when it has none or switched it off."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # type: ignore[attr-defined]
        num_id = _val(own.find(qn("w:numId"))) if own is not None else None
        level = _val(own.find(qn("w:ilvl"))) if own is not None else None
        seen: set[str] = set()
        while (num_id is None or level is None) and style is not None and style.get(qn("w:styleId")) not in seen:  # type: ignore[attr-defined]
            seen.add(style.get(qn("w:styleId")) or "")  # type: ignore[attr-defined]
            found = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # type: ignore[attr-defined]
            if found is not None:
                num_id = num_id or _val(found.find(qn("w:numId")))
                level = level or _val(found.find(qn("w:ilvl")))
            based = _val(style.find(qn("w:basedOn")))  # type: ignore[attr-defined]
            style = self.doc.styles.element.get_by_id(based) if based else None
        if not num_id or num_id == "0":
            return None
        if level is None:  # a level linked to the style (w:lvl/w:pStyle), else the first
            style_id = _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))  # type: ignore[attr-defined]
            levels = self._definitions().get(num_id, ("", {}, False))[1]
            level = next((str(n) for n, lvl in levels.items() if style_id and lvl.style == style_id), "0")
        return num_id, int(level)

    def _inline(self, p: object, plain: bool = False, places: bool | None = None) -> str:
        """The paragraph's text with bold as **…**, italic as *…*, Consolas runs as `…` (not in headings), and
        hyperlinks to web or mail addresses as [text](address); with place(n) where its n-th inline picture stands
        (`places`, unless `plain`: a heading's pictures follow it)."""
        places = not plain if places is None else places
        pieces: list[tuple[str, str]] = []
        link, linked = "", 0  # the address of the hyperlink being read; where its text starts in `pieces`
        paragraph_style = _val(p.find(qn("w:pPr") + "/" + qn("w:pStyle")))  # type: ignore[attr-defined]
        for run in _runs(p):
            if self._vanished(run, paragraph_style):  # Word's hidden text: not in the document as it prints
                self._hidden += any(part.text for part in run.iterchildren(qn("w:t")))
                continue
            address = self._address(run.getparent()) if not plain else ""
            if address != link:
                if link:
                    pieces[linked:] = [("", _link(pieces[linked:], link))]
                link, linked = address, len(pieces)
            text = "".join(self._text(part, plain, places) for part in run.iterchildren())
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

    def _vanished(self, run: Any, paragraph_style: str | None) -> bool:
        """Whether a run is hidden text (w:vanish): set on the run, else by its character style, else by its
        paragraph's style — each of those styles read with the styles it is based on."""
        props = run.find(qn("w:rPr"))
        own = props.find(qn("w:vanish")) if props is not None else None
        if own is not None:
            return _on(own)
        for style_id in (_val(props.find(qn("w:rStyle"))) if props is not None else None, paragraph_style):
            seen: set[str] = set()
            while style_id and style_id not in seen:
                seen.add(style_id)
                style = self.doc.styles.element.get_by_id(style_id)
                if style is None:
                    break
                found = style.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
                if found is not None:
                    return _on(found)
                style_id = _val(style.find(qn("w:basedOn")))
        return False

    def _text(self, part: object, plain: bool, places: bool) -> str:
        """What one child of a run reads as: its text, a space for a tab or line break, a hyphen for Word's
        non-breaking one; a footnote's marker `[^n]`; text boxes kept aside for the paragraph; a picture kept
        aside too, its place place(n) in the text when `places` and it is inline (not floating)."""
        tag = part.tag  # type: ignore[attr-defined]
        if tag == qn("w:t"):
            return printable(part.text or "")  # type: ignore[attr-defined]
        if tag in (qn("w:br"), qn("w:tab"), qn("w:cr"), qn("w:ptab")):
            return " "
        if tag == qn("w:noBreakHyphen"):
            return "-"
        if tag == qn("w:footnoteReference") and not plain:
            number = part.get(qn("w:id")) or ""  # type: ignore[attr-defined]
            if self._footnote(number) is None:
                return ""
            self._notes_used.append(number)
            return f"[^{number}]"
        if tag in DRAWN or tag.endswith("}AlternateContent"):
            boxes = [box for box in part.iter(qn("w:txbxContent"))  # type: ignore[attr-defined]
                     if not any(a.tag == MC_FALLBACK for a in box.iterancestors())]
            self._boxes += boxes  # a box's own pictures are read with its paragraphs, the drawing's beside it here
            self._charts += len([data for data in part.iter(qn("a:graphicData"))  # type: ignore[attr-defined]
                                 if (data.get("uri") or "").rpartition("/")[2] in CHARTS
                                 and not any(a.tag == MC_FALLBACK for a in data.iterancestors())])
            shown = ""
            for picture in _pictures(part, boxed=False):  # an inline one stays at its place in the sentence or cell
                if places and not picture[2]:
                    shown += place(len(self._found))
                self._found.append(picture)
            return shown
        return ""

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
        self._boxes, self._notes_used, self._pictures, self._hidden, self._found = [], [], 0, 0, []
        self._charts, start = 0, len(self.blocks)
        rows = self._rows(tbl, number, report=True)
        if rows:
            self.blocks.append(Block("table", rows=rows, line=number))
        self._after(number, start)

    def _rows(self, tbl: object, number: int, *, report: bool, plain: bool = False) -> list[list[str]]:
        rows: list[list[str]] = []
        merged = False
        for index, tr in enumerate(r for r in _children(tbl, qn("w:tr"))
                                   if r.find(f"{qn('w:trPr')}/{qn('w:del')}") is None):  # a deleted row is gone
            cells: list[str] = []
            for tc in _children(tr, qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span_el = props.find(qn("w:gridSpan")) if props is not None else None
                vmerge = props.find(qn("w:vMerge")) if props is not None else None
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                texts = (self._inline(p, plain=plain or index == 0, places=not plain) for p in _paragraphs(tc))
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


def _up_to(element: Any, top: Any) -> list[Any]:
    """The ancestors of `element` below `top`."""
    found: list[Any] = []
    for ancestor in element.iterancestors():
        if ancestor is top:
            break
        found.append(ancestor)
    return found


def _pictures(part: Any, boxed: bool = True) -> list[tuple[str, str, bool]]:
    """(relationship id, alt text, floating) of each picture in a run's drawing or VML shape, in order: a:blip
    r:embed (else r:link, a linked picture) with its wp:docPr descr (else title), floating in a wp:anchor;
    v:imagedata r:id with its shape's alt (else the picture's o:title), floating when the shape is absolutely
    positioned; not the Fallback copies, nor (`boxed` False) those in the drawing's text boxes."""
    found: list[tuple[str, str, bool]] = []
    for element in part.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not (tag.endswith("}blip") or tag.endswith("}imagedata")):
            continue
        if any(a.tag == MC_FALLBACK for a in element.iterancestors()):
            continue
        if boxed is False and any(a.tag == qn("w:txbxContent") for a in _up_to(element, part)):
            continue  # in a text box of the drawing: read with the box's paragraphs
        if tag.endswith("}blip"):
            rid = element.get(qn("r:embed")) or element.get(qn("r:link")) or ""
            frame = next((a for a in element.iterancestors() if a.tag in (qn("wp:inline"), qn("wp:anchor"))), None)
            described = frame.find(qn("wp:docPr")) if frame is not None else None
            alt = (described.get("descr") or described.get("title") or "") if described is not None else ""
            floating = frame is not None and frame.tag == qn("wp:anchor")
        else:
            rid = element.get(qn("r:id")) or ""
            shape = element.getparent()
            alt = (shape.get("alt") or "") if shape is not None else ""
            alt = alt or element.get("{urn:schemas-microsoft-com:office:office}title") or ""
            style = (shape.get("style") or "") if shape is not None else ""
            floating = "position:absolute" in style.replace(" ", "")
        found.append((rid, alt, floating))
    return found


def _children(element: object, *tags: str) -> list[Any]:
    """The children of `element` with one of `tags`, those inside content controls and custom XML included."""
    found: list[Any] = []
    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag in tags:
            found.append(child)
        elif child.tag in WRAPPERS:
            found += _children(child, *tags)
    return found


def _paragraphs(element: object) -> list[Any]:
    """Every paragraph in `element` in reading order — those of tables nested in it too — but not the
    paragraphs of text boxes (read with the paragraph they stand in) or of deleted text."""
    if element is None:
        return []
    found: list[Any] = []
    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            found.append(child)
        elif child.tag not in NOT_ACCEPTED:
            found += _paragraphs(child)
    return found


def _runs(element: object) -> list[Any]:
    """The runs of a paragraph as it reads with tracked changes accepted (deleted and moved-away text left
    out), not those inside its text boxes (their paragraphs follow it)."""
    found: list[Any] = []
    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:r"):
            found.append(child)
        elif child.tag not in NOT_ACCEPTED and child.tag != qn("w:pPr"):
            found += _runs(child)
    return found


class Level(NamedTuple):
    """How one level of a Word numbering definition numbers: its first number, its format (decimal, bullet,
    upperLetter, chineseCounting …), its text (「%1.%2」), whether it is legal (every number decimal), the
    paragraph style linked to it."""

    start: int = 1
    format: str = "decimal"
    text: str = ""
    legal: bool = False
    style: str = ""


def _level(lvl: Any) -> tuple[int, Level]:
    return int(_val(lvl, "w:ilvl") or 0), Level(
        int(_val(lvl.find(qn("w:start"))) or 1), _val(lvl.find(qn("w:numFmt"))) or "decimal",
        _val(lvl.find(qn("w:lvlText"))) or "", _on(lvl.find(qn("w:isLgl"))), _val(lvl.find(qn("w:pStyle"))) or "")


_CN_DIGITS = "〇一二三四五六七八九"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _format(number: int, fmt: str) -> str:
    """A count as a Word number format writes it: 3 → 「3」「03」「C」「iii」「三」「３」 (other formats as decimal)."""
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("upperLetter", "lowerLetter") and number > 0:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)  # Word: Y, Z, AA, BB …
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < number < 4000:
        roman, rest = "", number
        for value, letters in _ROMAN:
            while rest >= value:
                roman, rest = roman + letters, rest - value
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("chineseCounting", "chineseCountingThousand") and 0 < number < 100:
        tens, units = divmod(number, 10)
        return ((_CN_DIGITS[tens] if tens > 1 else "") + "十" if tens else "") + (_CN_DIGITS[units] if units else "")
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    return str(number)


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
