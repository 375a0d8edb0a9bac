"""Word fields (PAGE, NUMPAGES, TOC), cell borders and the 草稿/作废 watermark, as raw OOXML."""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (begin/instr/separate/result/end) that Word and LibreOffice both evaluate."""
    def run_with(child: object) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def update_fields_on_open(settings_element: object) -> None:
    """Ask Word to refresh fields (the TOC) when the file is opened."""
    existing = settings_element.find(qn("w:updateFields"))  # type: ignore[attr-defined]
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings_element.append(existing)  # type: ignore[attr-defined]
    existing.set(qn("w:val"), "true")


def set_table_borders(table: object, size: int = 8) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        tbl_pr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)


def add_watermark(paragraph: Paragraph, text: str) -> None:
    """A grey diagonal text watermark anchored in the header, as Word's own 水印 feature writes it."""
    shape = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word">'
        '<w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/></v:shapetype>'
        f'<v:shape id="QmsWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" alt="{text}" '
        'style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;rotation:315;'
        'z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
        'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#c0c0c0" stroked="f">'
        '<v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="{text}"/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )
    paragraph._p.append(shape)


def set_widths(table: object, widths_cm: list[float]) -> None:
    """Column widths on both the grid (LibreOffice reads it) and every cell (Word reads those)."""
    from docx.shared import Cm

    for column, cm in zip(table.columns, widths_cm, strict=False):  # type: ignore[attr-defined]
        column.width = Cm(cm)
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, cm in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(cm)


def add_toc(doc: object, instruction: str, entries: list[str]) -> None:
    """A TOC field whose stored result already lists `entries`, so viewers that do not update
    fields still show a contents list; Word rebuilds it with page numbers on open."""
    first = doc.add_paragraph()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = first.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                element.set(qn("w:dirty"), "true")
        run._r.append(element)
    last = first
    for index, entry in enumerate(entries or ["（打开文件时由 Word 更新目录）"]):
        last = first if index == 0 else doc.add_paragraph()  # type: ignore[attr-defined]
        last.add_run(entry)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    last.add_run()._r.append(end)
