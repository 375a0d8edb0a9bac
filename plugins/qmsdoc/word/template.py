"""The package every Word copy starts from, prepared once per process.

python-docx's default template, with the Chinese fonts and every style a copy uses set up through
python-docx (styles.py), is taken apart into its parts: those every copy carries unchanged (styles,
theme, fonts — 800 KB of XML) are compressed once here; those a copy adds to (content types,
relationships, numbering, settings) are kept as text. The writer also learns here what it needs to
know of the template: each style's id by name, and which list numbering each list style uses."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from ..core import page
from ..core.i18n import current
from ..core.reproducible import ZipEntry, deflated
from .wml import EMU_PER_TWIP, cm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The parts a copy writes itself (the rest of the template goes into every copy as it is).
OWN_PARTS = ("[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/document.xml", "word/_rels/document.xml.rels",
             "word/numbering.xml", "word/settings.xml")
FIRST_NUM_ID = 1010  # list numbering instances a copy adds start here, clear of the template's own

# The page (paper, margins, header and footer) is core/page.py's, shared with the PDF copies and the site.
HEADER_TABLE_TOP_CM = page.BODY_TOP_CM


def page_twips(landscape: bool) -> tuple[int, int]:
    width, height = page.page_cm(landscape)
    return cm(width), cm(height)


def text_width_emu(landscape: bool = False) -> int:
    """The width between the margins, in EMU (the page and margins as Word stores them: whole twips)."""
    return (page_twips(landscape)[0] - 2 * cm(page.SIDE_MARGIN_CM)) * EMU_PER_TWIP


def text_width_twips(landscape: bool = False) -> int:
    return text_width_emu(landscape) // EMU_PER_TWIP


def section_properties(*, header: str | None = None, footer: str | None = None, title_page: bool = False,
                       landscape: bool = False, top_cm: float = page.TOP_MARGIN_CM,
                       first_header: str | None = None, first_footer: str | None = None) -> str:
    """A w:sectPr: the page, its margins (`top_cm` above the body), and the header and footer
    (relationship ids) it shows; with `title_page`, the first page shows `first_header`/`first_footer` (none
    when not given)."""
    width, height = page_twips(landscape)
    refs = (f'<w:headerReference w:type="default" r:id="{header}"/>' if header else "") + (
        f'<w:headerReference w:type="first" r:id="{first_header}"/>' if first_header else "") + (
        f'<w:footerReference w:type="default" r:id="{footer}"/>' if footer else "") + (
        f'<w:footerReference w:type="first" r:id="{first_footer}"/>' if first_footer else "")
    orient = ' w:orient="landscape"' if landscape else ""
    side, bottom = cm(page.SIDE_MARGIN_CM), cm(page.BOTTOM_MARGIN_CM)
    return (f'<w:sectPr>{refs}<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
            f'<w:pgMar w:top="{cm(top_cm)}" w:right="{side}" w:bottom="{bottom}" w:left="{side}" '
            f'w:header="{cm(page.HEADER_CM)}" w:footer="{cm(page.FOOTER_CM)}" w:gutter="0"/><w:cols w:space="720"/>'
            f'{"<w:titlePg/>" if title_page else ""}<w:docGrid w:linePitch="360"/></w:sectPr>')


@dataclass(frozen=True)
class Template:
    shared: tuple[ZipEntry, ...]
    """Parts every copy holds unchanged, compressed."""
    content_types: str
    document_rels: str
    package_rels: str
    """The package's own relationships (a numbered copy adds its custom properties here)."""
    numbering: str
    settings: str
    numbering_entry: ZipEntry
    settings_entry: ZipEntry
    next_rid: int
    """The first relationship id the template leaves free (rId<n>)."""
    style_ids: dict[str, str]
    """Style name (lower case) → style id."""
    list_abstract: dict[str, str]
    """List style name (lower case) → the abstract numbering its paragraphs count in."""

    def style_id(self, name: str) -> str:
        return self.style_ids[name.lower()]


def _style_maps(styles_xml: bytes, numbering_xml: bytes) -> tuple[dict[str, str], dict[str, str]]:
    abstract_of_num = {num.get(f"{W}numId"): num.find(f"{W}abstractNumId").get(f"{W}val")  # type: ignore[union-attr]
                       for num in ElementTree.fromstring(numbering_xml).iter(f"{W}num")}
    ids: dict[str, str] = {}
    lists: dict[str, str] = {}
    for style in ElementTree.fromstring(styles_xml).iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is None:
            continue
        key = (name.get(f"{W}val") or "").lower()
        ids.setdefault(key, style.get(f"{W}styleId") or "")
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None and (abstract := abstract_of_num.get(num.get(f"{W}val"))) is not None:
            lists.setdefault(key, abstract)
    return ids, lists


_THEME_SCRIPT_FONT = re.compile(rb'<a:font script="[^"]*" typeface="[^"]*[^\x00-\x7f][^"]*"/>\s*')
_TABLE_FONT = re.compile(rb'<w:font w:name="[^"]*[^\x00-\x7f][^"]*">.*?</w:font>\s*', re.S)


def _without_cjk_font_names(parts: dict[str, bytes]) -> dict[str, bytes]:
    """python-docx's template names Japanese, Chinese and Korean fonts in their own scripts (ＭＳ 明朝, 宋体) in
    its theme and font table. Every style and run of a copy names its fonts, so those names are never used;
    a copy in a language that is not written in CJK leaves them out, so no CJK text is in it but the authors'."""
    out = dict(parts)
    for name, pattern in (("word/theme/theme1.xml", _THEME_SCRIPT_FONT), ("word/fontTable.xml", _TABLE_FONT)):
        if name in out:
            out[name] = pattern.sub(b"", out[name])
    return out


def template() -> Template:
    """The template of this process's language (see _template)."""
    return _template(current().code)


@functools.cache
def _template(language: str) -> Template:
    from .styles import prepared_package  # python-docx: loaded once per process, only to make the template

    with zipfile.ZipFile(io.BytesIO(prepared_package())) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    if not current().segment_han:
        parts = _without_cjk_font_names(parts)
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    used = [int(chunk.split('"', 1)[0]) for chunk in rels.split('Id="rId')[1:]]
    style_ids, list_abstract = _style_maps(parts["word/styles.xml"], parts["word/numbering.xml"])
    return Template(
        shared=tuple(deflated(name, content) for name, content in parts.items() if name not in OWN_PARTS),
        content_types=parts["[Content_Types].xml"].decode("utf-8"),
        document_rels=rels,
        package_rels=parts["_rels/.rels"].decode("utf-8"),
        numbering=parts["word/numbering.xml"].decode("utf-8"),
        settings=parts["word/settings.xml"].decode("utf-8"),
        numbering_entry=deflated("word/numbering.xml", parts["word/numbering.xml"]),
        settings_entry=deflated("word/settings.xml", parts["word/settings.xml"]),
        next_rid=max(used, default=0) + 1,
        style_ids=style_ids,
        list_abstract=list_abstract,
    )

