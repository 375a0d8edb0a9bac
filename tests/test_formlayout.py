"""The blank-form layout is decided once and both renderers draw it: the site page and the Word form
show the same rows, with the same labels in the same places."""

from __future__ import annotations

import io
import re

import docx

from qmsdoc.core.copyjobs import form_job
from qmsdoc.core.formlayout import field_rows
from qmsdoc.core.model import Form, FormField
from qmsdoc.core.revision import Revision
from qmsdoc.core.source import SourceText
from qmsdoc.site.pages import blank_form
from qmsdoc.word.forms import build_form

FIELDS = [FormField("姓名"), FormField("部门"), FormField("工号"), FormField("原因", 3, "full"),
          FormField("电话"), FormField("日期"), FormField("地址", 2, "full"), FormField("备注")]


def _form() -> Form:
    return Form(id="QP-01-01-F001", raw_id="QP-01-01-F001", title="测试表", version=Revision(0, 0), owner=None,
                source=SourceText("controlled_forms/QP-01-01-F001.yaml"), fields=FIELDS)


def test_half_fields_pair_and_full_fields_end_a_pair() -> None:
    rows = field_rows(FIELDS)
    assert [[f.label for f in row.fields] for row in rows] == [
        ["姓名", "部门"], ["工号"], ["原因"], ["电话", "日期"], ["地址"], ["备注"]]
    assert [row.full for row in rows] == [False, False, True, False, True, False]
    assert rows[2].lines == 3


def test_site_and_word_draw_the_same_grid() -> None:
    html = blank_form(_form())
    grid = html.split("</table>", 1)[0]
    site_rows = [re.findall(r"<th[^>]*>([^<]*)</th>", row) for row in grid.split("<tr>")[1:]]
    site_rows = [[label for label in row if label] for row in site_rows]
    word = docx.Document(io.BytesIO(build_form(form_job(_form(), None, "测试公司"))))
    table = word.tables[0]
    word_rows = []
    for row in table.rows:
        labels = []
        for cell in row.cells:
            if cell.text and cell.text not in labels:
                labels.append(cell.text)
        word_rows.append(labels)
    assert site_rows == word_rows == [["姓名", "部门"], ["工号"], ["原因"], ["电话", "日期"], ["地址"], ["备注"]]
