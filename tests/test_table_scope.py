"""The heading cells of a document's own tables on the site: a head row's cells head their columns."""

from __future__ import annotations

from qmsdoc.site.pages import _headings_kept


def test_a_markdown_tables_head_cells_head_their_columns() -> None:
    body = "<table><thead><tr><th>类别</th><th style=\"text-align: left;\">期限</th></tr></thead>" \
           "<tbody><tr><td>甲</td><td>1</td></tr></tbody></table>"
    marked = _headings_kept(body)
    assert marked.count('scope="col"') == 2, marked
    assert '<th data-qms-line style="text-align: left;" scope="col">期限</th>' in marked


def test_a_body_heading_cell_or_one_scoped_by_its_author_is_left_as_written() -> None:
    body = "<table><thead><tr><th scope=\"colgroup\">类别</th></tr></thead>" \
           "<tbody><tr><th>甲</th><td>1</td></tr></tbody></table>"
    marked = _headings_kept(body)
    assert marked.count("scope=") == 1 and 'scope="colgroup"' in marked, marked
    assert "<th data-qms-line>甲</th>" in marked
