"""One Word copy being written: its body, headers and footers, the relationships they need (headers,
footers, hyperlinks, pictures), the list numbering it adds and its core properties. `to_bytes` writes
the .docx: the template's shared parts as they were compressed once, this copy's parts compressed
now, fixed zip times and core properties dated from the approval, so the same sources give
byte-identical files (an auditor can rebuild a release and compare hashes)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError

from ..core import copylabels, projectid
from ..core.reproducible import DRAFT_DATE, ZipEntry, deflated, write_entries
from ..core.xmltext import xml_attr, xml_text
from .template import FIRST_NUM_ID, Template, template
from .wml import Block, Paragraph, blocks_xml, own_lines

HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
              'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
              'xmlns:w10="urn:schemas-microsoft-com:office:word"')
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
# What reading a picture can raise: missing or unreadable, bytes python-docx's reader does not know, cut
# short, or a recorded resolution of 0 DPI (python-docx divides by it). check reports each (QD164).
PICTURE_ERRORS = (OSError, ValueError, ZeroDivisionError, UnrecognizedImageError, UnexpectedEndOfFileError,
                  InvalidImageStreamError)
# HTML's <ol type> → WordprocessingML's number format
NUMBER_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
CORE_LIMIT = 255  # OOXML core properties hold at most 255 characters; the full text is in the document


@dataclass(frozen=True)
class Properties:
    """The core properties of a copy (what Explorer, WPS and `verify` read without opening it)."""

    title: str
    subject: str  # the control number
    author: str  # the organisation
    keywords: str  # the version
    category: str
    date: dt.date | None  # the approval: created = modified = printed, so rebuilds are identical
    copy_number: str = ""  # the 分发号 of a numbered copy: a custom document property as well as the footer
    project_id: str = ""  # qmsdoc.yml's `project_id`: a custom document property (core/projectid.py)

    @property
    def custom(self) -> list[tuple[str, str]]:
        """The custom document properties (name, text): the 分发号 of a numbered copy, the project's id."""
        return ([(copylabels.COPY_NUMBER_PROPERTY, self.copy_number)] if self.copy_number else []) + \
            ([(projectid.PROPERTY, self.project_id)] if self.project_id else [])

    def custom_xml(self) -> str:
        """docProps/custom.xml holding `custom` (what Word shows under 属性 → 自定义)."""
        return (f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                + "".join('<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
                          f'pid="{pid}" name="{xml_attr(name)}"><vt:lpwstr>{xml_text(value)}</vt:lpwstr></property>'
                          for pid, (name, value) in enumerate(self.custom, start=2))
                + "</Properties>")

    def xml(self) -> str:
        title, subject, author, keywords, category = (xml_text(v[:CORE_LIMIT]) for v in (
            self.title, self.subject, self.author, self.keywords, self.category))
        stamp = f"{(self.date or DRAFT_DATE).isoformat()}T00:00:00Z"
        return (f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f"<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>"
                f"<cp:keywords>{keywords}</cp:keywords><dc:description></dc:description>"
                f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                f"<cp:category>{category}</cp:category><cp:lastPrinted>{stamp}</cp:lastPrinted></cp:coreProperties>")


class WordFile:
    """A .docx under construction. Blocks are appended to `body`; a section ends with `end_section`."""

    def __init__(self) -> None:
        self.template: Template = template()
        self.body: list[Block] = []
        self.update_fields = False
        """Ask Word to refresh fields (the 目录's page numbers) when the file is opened."""
        self._rels: list[str] = []
        self._rel_ids: dict[tuple[str, str], str] = {}
        self._next_rid = self.template.next_rid
        self._parts: list[tuple[str, bytes]] = []
        self._overrides: list[str] = []
        self._image_types: dict[str, str] = {}
        self._pictures: dict[str, str] = {}  # sha1 → relationship id: a picture shown twice is stored once
        self._nums: list[str] = []
        self._next_num = FIRST_NUM_ID
        self._shapes = 0
        self._bookmarks = 100_000  # headings' bookmark ids, above the documents' (1 … number of documents)

    def bookmark_id(self) -> int:
        """A bookmark id no other bookmark of the file has."""
        self._bookmarks += 1
        return self._bookmarks

    def style(self, name: str) -> str:
        """The id of the template's style called `name` ("Heading 2", "List Bullet")."""
        return self.template.style_id(name)

    def relate(self, kind: str, target: str, *, external: bool = False) -> str:
        """The relationship id of `target` (one per distinct target, as Word writes them)."""
        key = (kind, target)
        if key not in self._rel_ids:
            rid = f"rId{self._next_rid}"
            self._next_rid += 1
            mode = ' TargetMode="External"' if external else ""
            self._rels.append(f'<Relationship Id="{rid}" Type="{_RT}/{kind}" Target="{xml_attr(target)}"{mode}/>')
            self._rel_ids[key] = rid
        return self._rel_ids[key]

    def _story(self, kind: str, root: str, blocks: list[Block]) -> str:
        number = sum(1 for name, _ in self._parts if name.startswith(f"word/{kind}")) + 1
        name = f"{kind}{number}.xml"
        self._parts.append((f"word/{name}", f"{HEAD}<w:{root} {NAMESPACES}>{blocks_xml(blocks)}</w:{root}>".encode()))
        self._overrides.append(f'<Override PartName="/word/{name}" ContentType="{_WML_TYPE}.{kind}+xml"/>')
        return self.relate(kind, name)

    def add_header(self, blocks: list[Block]) -> str:
        """A header part holding `blocks`; its relationship id for a section's properties."""
        return self._story("header", "hdr", blocks)

    def add_footer(self, blocks: list[Block]) -> str:
        return self._story("footer", "ftr", blocks)

    def new_list(self, style_name: str, start: int = 1, numbering: str = "1", marker: str = "") -> int:
        """A fresh numbering instance on the list style's numbering, so each ordered list restarts (at 1,
        or at the number its first item shows), counting as HTML's <ol type> `numbering` says; with a `marker`, its
        items show that text instead of a number (a number Word cannot count to, `-2.`)."""
        abstract = self.template.list_abstract[style_name.lower()]
        num_id = self._next_num
        self._next_num += 1
        level = ""
        if numbering != "1" or marker:  # the style's own first level, counting in letters or roman numerals
            found = re.search(rf'<w:abstractNum\b[^>]*w:abstractNumId="{abstract}".*?(<w:lvl w:ilvl="0".*?</w:lvl>)',
                              self.template.numbering, re.S)
            if found:
                level = re.sub(r'<w:numFmt w:val="[^"]*"/>', f'<w:numFmt w:val="{NUMBER_FORMATS[numbering]}"/>',
                               re.sub(r'<w:start w:val="\d+"/>', f'<w:start w:val="{start}"/>', found.group(1)))
                if marker:  # level text without a %1 is shown as it is written, in the paragraph's font (a
                    # bullet level's Symbol font has no ☐)
                    level = re.sub(r'<w:lvlText w:val="[^"]*"/>',
                                   f'<w:lvlText w:val="{xml_attr(marker)}"/>', re.sub(r"<w:rPr>.*?</w:rPr>", "", level,
                                                                                      flags=re.S))
        self._nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                          f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/>{level}</w:lvlOverride></w:num>')
        return num_id

    def picture(self, path: Path, max_width_emu: int, scale: float = 1.0) -> str:
        """A run showing the picture at `path`, at its own size (times `scale`) but no wider than `max_width_emu`.
        Raises what python-docx's image reader raises for a file that is no picture it knows."""
        from docx.image.image import Image  # reads the picture's header for its pixel size and resolution

        image = Image.from_file(str(path))
        if image.sha1 not in self._pictures:
            index = len(self._pictures) + 1
            name = f"media/image{index}.{image.ext}"
            self._parts.append((f"word/{name}", image.blob))
            self._image_types.setdefault(image.ext, image.content_type)
            self._pictures[image.sha1] = self.relate("image", name)
        rid = self._pictures[image.sha1]
        width, height = max(int(image.width * scale), 1), max(int(image.height * scale), 1)
        if width > max_width_emu:
            width, height = max_width_emu, int(height * max_width_emu / width)
        self._shapes += 1
        extent = f'cx="{width}" cy="{height}"'
        return ('<w:r><w:drawing><wp:inline><wp:extent ' + extent + '/>'
                f'<wp:docPr id="{self._shapes}" name="Picture {self._shapes}"/>'
                '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
                '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
                f'<pic:nvPicPr><pic:cNvPr id="0" name="{xml_attr(image.filename)}"/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {extent}/></a:xfrm><a:prstGeom prst="rect"/>'
                "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")

    def end_section(self, properties: str) -> None:
        """End the current section here (a paragraph carrying its w:sectPr); what follows is a new one."""
        self.body.append(Paragraph(section=properties))

    def to_bytes(self, section: str, properties: Properties) -> bytes:
        """The .docx; `section` is the w:sectPr of the last (or only) section."""
        t = self.template
        types = "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in self._image_types.items()
                        if f'Extension="{ext}"' not in t.content_types)
        own_lines(self.body)  # text smaller or larger than the body's on lines of its own size, as the PDF's
        document = f"{HEAD}<w:document {NAMESPACES}><w:body>{blocks_xml(self.body)}{section}</w:body></w:document>"
        overrides, package_rels, custom = "".join(self._overrides), t.package_rels, []
        if properties.custom:
            overrides += f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_TYPE}"/>'
            package_rels = package_rels.replace("</Relationships>", f'<Relationship Id="rIdQmsCustom" Type="{_RT}/'
                                                'custom-properties" Target="docProps/custom.xml"/></Relationships>')
            custom = [deflated("docProps/custom.xml", properties.custom_xml().encode())]
        own = [
            deflated("[Content_Types].xml", t.content_types.replace("</Types>", types + overrides + "</Types>").encode()),
            deflated("_rels/.rels", package_rels.encode()),
            *custom,
            deflated("docProps/core.xml", properties.xml().encode()),
            deflated("word/document.xml", document.encode()),
            deflated("word/_rels/document.xml.rels",
                     t.document_rels.replace("</Relationships>", "".join(self._rels) + "</Relationships>").encode()),
            self._numbering(),
            self._settings(),
        ]
        return write_entries([*own, *(deflated(name, data) for name, data in self._parts), *t.shared])

    def _numbering(self) -> ZipEntry:
        if not self._nums:
            return self.template.numbering_entry
        text = self.template.numbering.replace("</w:numbering>", "".join(self._nums) + "</w:numbering>")
        return deflated("word/numbering.xml", text.encode())

    def _settings(self) -> ZipEntry:
        if not self.update_fields:
            return self.template.settings_entry
        settings = self.template.settings
        flag = '<w:updateFields w:val="true"/>'
        # schema order: updateFields comes before compat (and everything after it)
        text = settings.replace("<w:compat>", flag + "<w:compat>", 1) if "<w:compat>" in settings else \
            settings.replace("</w:settings>", flag + "</w:settings>")
        return deflated("word/settings.xml", text.encode())
