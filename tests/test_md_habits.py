"""Other teams' Markdown and the HTML in it: what the page shows of a construct, the Word and PDF copies show too
(the one walk, core/copybody.py, decides for both)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from test_copy_body import _job, _pdf_text, _word_paragraphs
from test_parity import _render, assert_in_step  # one check of the shipped project for all of them

from qmsdoc.core.copyblocks import ListBlock, Para, inline_text
from qmsdoc.core.copybody import walk_body
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document

# Raw HTML pasted from a web page or an HTML export: a container holding what it should not (a paragraph or text
# right inside a list, HTML5's <div> grouping a term and its definition). Browsers show all of it.
STRAY = [
    ("<ul><li>first point</li><p>strayparagraph after it</p><li>second point</li></ul>\n", "strayparagraph"),
    ("<ul>loosetext before any item<li>first point</li></ul>\n", "loosetext"),
    ("<ol><li>first point</li><div>straydiv between items</div><li>second point</li></ol>\n", "straydiv"),
    ("<dl><div><dt>groupedterm</dt><dd>groupeddefinition</dd></div></dl>\n", "groupeddefinition"),
    ("<dl><dt>term</dt><p>strayinlist</p><dd>definition</dd></dl>\n", "strayinlist"),
]


@pytest.mark.parametrize(("markdown", "word"), STRAY)
def test_what_a_list_holds_besides_its_items_is_in_word_and_pdf_as_on_the_page(
        markdown: str, word: str, tmp_path: Path) -> None:
    html = _render(markdown)
    assert word in html  # the page shows it
    paragraphs = _word_paragraphs(build_document(_job(html)))
    assert any(word in p for p in paragraphs), paragraphs
    assert word in _pdf_text(document_pdf(_job(html)), tmp_path)


def test_a_paragraph_inside_a_list_stays_in_its_place_under_the_item_before_it() -> None:
    blocks = walk_body(_render(STRAY[0][0]))
    assert len(blocks) == 1 and isinstance(blocks[0], ListBlock)
    first, second = blocks[0].items
    assert (inline_text(first.inlines), inline_text(second.inlines)) == ("first point", "second point")
    assert [inline_text(b.inlines) for b in first.blocks if isinstance(b, Para)] == ["strayparagraph after it"]
    assert second.blocks == ()


def test_lists_and_definitions_as_markdown_writes_them_gain_no_item_or_paragraph() -> None:
    html = _render("- one\n- two\n\n    two more\n\n1. three\n\nterm\n:   definition\n")
    blocks = walk_body(html)
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert [[(inline_text(i.inlines), len(i.blocks)) for i in b.items] for b in lists] == [
        [("one", 0), ("two", 1)], [("three", 0)]]
    assert [inline_text(b.inlines) for b in blocks if isinstance(b, Para)] == ["term"]


# Another team's manual page: every construct its Markdown commonly has, each word a unique marker (§ → m001 …).
OTHER_TEAMS_PAGE = r"""Setext § heading
================

Setext § second
---------------

## ATX § closed ##

See [§ ref][ref1], [Second][] §, [§][ref1] and a note[^1], another[^note].

[ref1]: https://example.com/ref1 "title"
[second]: https://example.com/second

[^1]: § first note.
[^note]: § second **note**.

    § its second paragraph.

1. § one
  - § two-space nested
    - § four-space nested
2. § two
    1. § four-space ordered
    2. § again

3. § continued at three

§ between.

3. § starts at three
4. § four

- § several paragraphs

    § second paragraph

    ```python
    print("§")
    ```

- [ ] § open task
- [x] § done task

| § left | § centre | § right |
|:-------|:--------:|--------:|
| § a \| b | `§|x` | `§` |
| **§** | *§* | ~~§~~ |

~~~
§ tilde fence
~~~

    § indented code

§ two spaces<2 spaces>
§ next

§ backslash\
§ next

§ first<br>§ second, H<sub>2</sub>O § x<sup>2</sup> § <kbd>Ctrl</kbd> § <mark>§</mark> <u>§</u>

§&nbsp;§ &copy; § &#x4E2D; § &amp; § &lt;tag&gt; §

§ <https://x.y/auto> § <mailto:a@b.c> §

中文里的_下划线_ § snake_case_word § __§__ § ~~§~~

> § quote
>
> > § deeper
> >
> > - § listed
> > - § listed

***

___

§ term
:   § definition

§ CAPA §

*[CAPA]: Corrective and preventive action

!!! note "§ title"
    § body

<table>
<tr><th>§ head</th><th>§</th></tr>
<tr><td>§ cell</td><td>§</td></tr>
</table>

<details>
<summary>§ summary</summary>
§ hidden
</details>

<ul><li>§ raw item</li><p>§ stray paragraph</p></ul>

<dl><div><dt>§ grouped term</dt><dd>§ grouped definition</dd></div></dl>

| § | § |
|---|---|
| https://example.com/a/very/long/path/that/never/breaks/anywhere/at/all/index.html?query=parameter&x=1 | § |
| aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | § |
""".replace("<2 spaces>", "  ")  # a hard line break (trailing spaces would not survive an editor)


def test_another_teams_page_shows_every_word_in_the_site_word_and_pdf_alike(tmp_path: Path) -> None:
    counter = itertools.count(1)
    markdown = re.sub("§", lambda _: f"m{next(counter):03d}", OTHER_TEAMS_PAGE)
    shown = assert_in_step(markdown, tmp_path, tmp_path)  # site = Word (in order) = PDF (as counted)
    assert sorted(shown.site) == [f"m{n:03d}" for n in range(1, next(counter))]  # none lost, none twice


def test_text_before_a_lists_first_item_takes_no_number_or_bullet(tmp_path: Path) -> None:
    """The page shows it above the items without a marker; the copies gave it the first bullet or number, and
    every item after it the next number ("2. first" where the page shows "1. first")."""
    html = _render("<ol>leadingtext<li>first</li><li>second</li></ol>\n\n"
                   "- item\n\n    <ul>nestedlead<li>inner</li></ul>\n")
    blocks = walk_body(html)
    assert isinstance(blocks[0], Para) and inline_text(blocks[0].inlines) == "leadingtext"
    assert isinstance(blocks[1], ListBlock) and [inline_text(i.inlines) for i in blocks[1].items] == ["first", "second"]
    assert isinstance(blocks[2], ListBlock)
    (outer,) = blocks[2].items
    assert [type(b).__name__ for b in outer.blocks] == ["Para", "ListBlock"], outer.blocks
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"(?<![•.] )leadingtext\s+1\.\s*first\s+2\.\s*second", pdf), pdf
    assert re.search(r"nestedlead\s+• inner", pdf) and "• nestedlead" not in pdf, pdf
