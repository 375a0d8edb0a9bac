"""The check reads a body in the project's dialect (`markdown_extensions` in qmsdoc.yml, Config.dialect), the one
the page is parsed in: a project that drops an extension gets findings for what its pages show, not for what the
default dialect would have shown."""

from __future__ import annotations

import html
import re

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.dialect import DEFAULT_EXTENSIONS
from qmsdoc.core.mdlinks import prose, targets
from qmsdoc.core.render import render_unsanitised

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"
# A link whose text runs onto a line that begins like a lettered item: with fancylists that line is an item and
# there is no link; without, the paragraph goes on and links to a file that is not there.
LETTERED = "见[说明\na. 附件](缺失.md)"
# A footnote's definition: without footnotes, `[^1]: 缺失.pdf` is a reference definition and `[^1]` a link to it.
FOOTNOTE = "见附件[^1]。\n\n[^1]: 缺失.pdf"


def _without(project: Project, extension: str) -> tuple[str, ...]:
    """Write the default dialect less `extension` into qmsdoc.yml; the dialect written."""
    dialect = tuple(name for name in DEFAULT_EXTENSIONS if name != extension)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "markdown_extensions:\n"
                  + "".join(f"  - {name}\n" for name in dialect))
    return dialect


def _plant(project: Project, text: str) -> int:
    """`text` as paragraphs of their own under the anchor line; the file line of its first line."""
    project.replace(DOC, ANCHOR, f"{ANCHOR}\n\n{text}\n")
    return project.line_of(DOC, text.split("\n")[0])


def _qd163(project: Project) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in check(load_config(project.root)).findings if f.code == "QD163"]


def test_without_fancylists_a_lettered_line_continues_the_paragraph_and_its_link_is_checked(project: Project) -> None:
    dialect = _without(project, "pymdownx.fancylists")
    line = _plant(project, LETTERED)
    assert 'href="缺失.md"' in render_unsanitised(LETTERED, extensions=dialect)  # what the page shows
    assert _qd163(project) == [(DOC, line)]


def test_with_fancylists_the_lettered_line_is_an_item_and_no_link(project: Project) -> None:
    _plant(project, LETTERED)
    assert "href" not in render_unsanitised(LETTERED, extensions=DEFAULT_EXTENSIONS)
    assert _qd163(project) == []


def test_without_footnotes_a_footnote_definition_is_a_link_the_check_follows(project: Project) -> None:
    dialect = _without(project, "footnotes")
    line = _plant(project, FOOTNOTE)
    assert 'href="缺失.pdf"' in render_unsanitised(FOOTNOTE, extensions=dialect)
    assert _qd163(project) == [(DOC, line)]


def test_with_footnotes_the_definition_is_a_note_and_no_link(project: Project) -> None:
    _plant(project, FOOTNOTE)
    assert 'href="缺失.pdf"' not in render_unsanitised(FOOTNOTE, extensions=DEFAULT_EXTENSIONS)
    assert _qd163(project) == []


def test_a_dialect_change_reads_the_same_bytes_again(project: Project) -> None:
    """The readings are memoised per body (and the per-file findings cached by content): the same bytes checked in
    another dialect are read again, not answered from the first dialect's reading."""
    line = _plant(project, LETTERED)
    assert _qd163(project) == []
    _without(project, "pymdownx.fancylists")
    assert _qd163(project) == [(DOC, line)]


# Each extension the readers once assumed, with a body its page shows differently without it.
ASSUMED = {
    "pymdownx.fancylists": "a. 第一步\n\n    ![x](a.png)",  # an item's body, or code under a paragraph
    "footnotes": "见[^1]。\n\n[^1]: a.pdf",  # a note, or a reference definition `[^1]` links to
    "def_list": "术语\n:   定义\n\n    ![x](a.png)",  # the definition's body, or code
    "admonition": "!!! note\n\n    ![x](a.png)",  # the admonition's body, or code
    "md_in_html": "<div markdown>\n![x](a.png)\n</div>",  # Markdown inside, or a raw block passed through
}
_SHOWN = re.compile(r'<(a|img)\b[^>]*?(?:href|src)="([^"]*)"')


def _rendered(body: str, dialect: tuple[str, ...]) -> list[tuple[str, str]]:
    return sorted((m.group(1), html.unescape(m.group(2)))
                  for m in _SHOWN.finditer(render_unsanitised(body, extensions=dialect))
                  if not m.group(2).startswith("#fn"))  # a footnote's own links


@pytest.mark.parametrize("extension", sorted(ASSUMED))
def test_without_an_extension_the_check_reads_the_links_and_images_the_page_shows(extension: str) -> None:
    body = ASSUMED[extension]
    dialect = tuple(name for name in DEFAULT_EXTENSIONS if name != extension)
    assert _rendered(body, dialect) != _rendered(body, DEFAULT_EXTENSIONS)  # the extension changes the page
    assert sorted((t.kind, t.target) for t in targets(body, 1, dialect)) == _rendered(body, dialect)


@pytest.mark.parametrize("extension", sorted(ASSUMED))
def test_with_every_extension_the_check_reads_them_as_before(extension: str) -> None:
    body = ASSUMED[extension]
    read = sorted((t.kind, t.target) for t in targets(body, 1, DEFAULT_EXTENSIONS))
    assert read == _rendered(body, DEFAULT_EXTENSIONS)


def test_without_magiclink_a_bare_address_is_prose() -> None:
    """Shown as text, its words are the page's prose (a bare control number in it is one the page shows)."""
    body = "见 https://a.cn/QP-02-01.pdf"
    dialect = tuple(name for name in DEFAULT_EXTENSIONS if name != "pymdownx.magiclink")
    assert "<a " not in render_unsanitised(body, extensions=dialect)
    assert "QP-02-01" in prose(body, 1, dialect)[1]
    assert "QP-02-01" not in prose(body, 1, DEFAULT_EXTENSIONS)[1]  # a link's address: not prose
