"""Chinese document styles: 宋体 五号 body (core/page.BODY_PT, as the PDF), 黑体 headings, East Asian fonts set so Word and WPS use them.
Set up once per process with python-docx on its default template (template.py takes the result apart)."""

from __future__ import annotations

import functools
import io

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle

from ..core import page
from ..core.i18n import current, t
from .wml import LATIN_FONT


def body_font() -> str:
    """The East Asian body font (宋体; an English copy names it SimSun, the same font's Latin name)."""
    return t("copy.font.body")


def heading_font() -> str:
    """The East Asian heading font (黑体, or SimHei)."""
    return t("copy.font.heading")


HEADING_SIZES = {level: page.heading_pt(level) for level in range(1, 8)}  # as the PDF's (core/page.py)
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr_parent: object, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Give an rPr explicit fonts, East Asian included, and drop theme fonts that would override them."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def _widow_control(defaults: object) -> None:
    """w:widowControl on every paragraph (the defaults' pPr): no page starts with a paragraph's last line or ends
    with its first. Left out, OOXML means off and Word prints such single lines; LibreOffice keeps two lines
    together on its own, so only the XML shows the difference."""
    ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))  # type: ignore[attr-defined]
    if ppr is None:
        holder = OxmlElement("w:pPrDefault")
        defaults.append(holder)  # type: ignore[attr-defined]
        ppr = OxmlElement("w:pPr")
        holder.append(ppr)
    if ppr.find(qn("w:widowControl")) is None:
        ppr.insert(0, OxmlElement("w:widowControl"))  # first: before w:spacing in the schema's order


def _language(defaults: object) -> None:
    """The language the copy's text is in, on the defaults' w:lang: the project's (core/i18n), as each PDF declares
    it — Word proofs, breaks lines (禁则) and speaks the text by it. python-docx's template said en-US for all of
    it, Chinese included. Latin text in a Chinese project is taken as English; CJK text in any project as Chinese."""
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))  # type: ignore[attr-defined]
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    latin, east_asian = _languages()
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asian)


def _languages() -> tuple[str, str]:
    """(Latin, East Asian) language of the copy's text: the project's (core/i18n) for its own script, Latin text in a
    Chinese project taken as English and CJK text in any project as Chinese."""
    language = current()
    code = language.html_lang
    return ("en-US" if language.east_asian else code), (code if language.east_asian else "zh-CN")


def _theme_language(doc: DocxDocument) -> None:
    """settings.xml's w:themeFontLang, the languages Word picks the theme's fonts by (a style left on the theme's
    fonts, and text typed into the copy): the copy's own (_languages). python-docx's template named Japanese as the
    East Asian one, so a Chinese or English copy's theme-font text came out in a Japanese font."""
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        return  # the template names none: Word takes the text's own language (w:lang above)
    latin, east_asian = _languages()
    theme.set(qn("w:val"), latin)
    theme.set(qn("w:eastAsia"), east_asian)


# w:compat's children that come before w:doNotExpandShiftReturn in the schema's sequence.
_COMPAT_BEFORE_SHIFT_RETURN = ("useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading",
                               "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth",
                               "noExtraLineSpacing", "doNotLeaveBackslashAlone", "ulTrailSpace")


def _unstretched_breaks(doc: DocxDocument) -> None:
    """A justified line that ends in a line break (a Markdown hard break, `<br>`) keeps its spacing, as the page and
    the PDF show it: without w:doNotExpandShiftReturn, Word and LibreOffice spread its words (and each Chinese
    character) over the whole line."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None or compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return  # python-docx's template has one (a new one would need its place in settings' strict sequence)
    before = {qn(f"w:{name}") for name in _COMPAT_BEFORE_SHIFT_RETURN}
    index = next((n for n, child in enumerate(compat) if child.tag not in before), len(compat))
    compat.insert(index, OxmlElement("w:doNotExpandShiftReturn"))


def _line(style: ParagraphStyle, size_pt: float) -> None:
    """The style's lines page.line_pt(size_pt) apart, as the PDF's (core/page.py LINE_EM): an absolute height at
    least so tall, not a multiple of the font's own line (which differs between 宋体 and the fonts LibreOffice or WPS
    put in its place)."""
    fmt = style.paragraph_format
    fmt.line_spacing = Pt(page.line_pt(size_pt))
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST


def setup_document(doc: DocxDocument) -> None:
    """Chinese fonts on the defaults and on every style a copy uses (the page itself is each copy's
    section properties: template.section_properties)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attr in _THEME_ATTRS:
                fonts.attrib.pop(qn(attr), None)
            fonts.set(qn("w:eastAsia"), body_font())
            fonts.set(qn("w:ascii"), LATIN_FONT)
            fonts.set(qn("w:hAnsi"), LATIN_FONT)
        _widow_control(defaults)
        _language(defaults)
    _theme_language(doc)
    _unstretched_breaks(doc)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(page.BODY_PT)  # the PDF's body size: one page, one line count
    set_fonts(normal.element, body_font())
    normal.paragraph_format.space_after = Pt(page.PARAGRAPH_GAP_PT)
    _line(normal, page.BODY_PT)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if page.justified() else None  # as the PDF's
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                 "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "Table Grid", "Header",
                 "Footer"):
        set_fonts(styles[name].element, body_font())
    title = styles["Title"]
    set_fonts(title.element, heading_font())
    title.font.size = Pt(18)
    title.font.color.rgb = RGBColor(0, 0, 0)
    for level, size in HEADING_SIZES.items():
        style = styles[f"Heading {level}"]
        set_fonts(style.element, heading_font())
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        before, after = page.heading_space_pt(level)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        _line(style, size)
        style.paragraph_format.keep_with_next = True


def prepared_package() -> bytes:
    """python-docx's default template with the styles set up, as a .docx (python-docx finds each style
    by name with an XPath search: done once per process and language, then the template is taken apart)."""
    return _prepared(current().code)


@functools.cache
def _prepared(language: str) -> bytes:
    doc = docx.Document()
    setup_document(doc)
    saved = io.BytesIO()
    doc.save(saved)
    return saved.getvalue()
