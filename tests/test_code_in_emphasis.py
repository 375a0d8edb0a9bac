"""Chinese inside code inside emphasis reads alike on the page, in Word and in the PDF (core/emphasis.py): code is
never dotted, its CJK text is upright (the PDF cannot slant a CJK font, so neither do the page and Word) and set in
the heading's sans font beside the Latin monospace, and bold applies to code in all three."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from qmsdoc.core.copyblocks import Span as CopySpan
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.render import render_markdown
from qmsdoc.pdf.body import TypstBody
from qmsdoc.pdf.engine import compile_pdf
from qmsdoc.pdf.fonts import FontChoice, choose
from qmsdoc.pdf.layout import preamble
from qmsdoc.word.body import font
from qmsdoc.word.styles import heading_font
from qmsdoc.word.wml import run

ITALIC_CODE = "*含 `代码 中文 make` 的强调*"
BOLD_CODE = "**`粗体 代码`**"


def _html(markdown: str) -> str:
    return render_markdown(markdown, lambda code: None).html


def test_the_page_sets_cjk_code_inside_emphasis_upright_and_undotted() -> None:
    html = _html(ITALIC_CODE)
    assert '<code><span class="qms-upright">代码</span> <span class="qms-upright">中文</span> make</code>' in html, html
    assert '<span class="qms-dots">含</span>' in html, html  # the emphasis around it is dotted
    # quiet: code outside emphasis and bold code carry no span; bold applies to code (<strong> around it)
    assert "qms-upright" not in _html("运行 `代码 中文` 后") + _html(BOLD_CODE)
    assert "<strong><code>粗体 代码</code></strong>" in _html(BOLD_CODE)


def _spans(markdown: str) -> list[CopySpan]:
    return [s for block in walk_body(_html(markdown)) for s in block.inlines if isinstance(s, CopySpan)]


def _word_runs(markdown: str) -> list[str]:
    """Each Word run (<w:r>) of the code in `markdown`, as the Word copy writes it."""
    written = "".join(run(s.text, font(s.style)) for s in _spans(markdown) if s.style.code)
    return ["<w:r>" + r for r in written.split("<w:r>")[1:]]


def test_word_sets_cjk_code_inside_emphasis_upright_undotted_in_the_heading_font() -> None:
    runs = _word_runs(ITALIC_CODE)
    cjk = [r for r in runs if "代码" in r or "中文" in r]
    assert cjk and all("<w:i/>" not in r and "w:em" not in r for r in cjk), runs
    assert all(f'w:eastAsia="{heading_font()}"' in r for r in runs), runs
    # quiet: the Latin code in the same emphasis stays italic, as on the page and in the PDF
    assert any("make" in r and "<w:i/>" in r for r in runs), runs
    (bold,) = _word_runs(BOLD_CODE)
    assert "<w:b/>" in bold and "w:em" not in bold, bold


def _pdf_fonts(markdown: str, tmp_path: Path) -> tuple[str, str]:
    """The Typst markup of `markdown`'s paragraph and the fonts its PDF embeds (pdffonts)."""
    choice = FontChoice()
    markup = "".join(TypstBody().inlines(b.inlines) for b in walk_body(_html(markdown)))  # type: ignore[attr-defined]
    data = compile_pdf(preamble(choose(choice)) + markup, choice=choice, root=str(tmp_path), date=dt.date(2026, 12, 1),
                       name=lambda chars: "test")
    path = tmp_path / "code.pdf"
    path.write_bytes(data)
    return markup, subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_pdf_bolds_code_and_never_dots_or_slants_its_cjk_text(tmp_path: Path) -> None:
    markup, fonts = _pdf_fonts("`粗体代码`", tmp_path)
    assert "CJK" in fonts and "Bold" not in fonts, fonts  # quiet: plain code is regular
    markup, fonts = _pdf_fonts(BOLD_CODE, tmp_path)
    assert "Sans" in fonts and "CJKsc-Bold" in fonts, fonts  # bold applies to code's Chinese, in the sans font
    markup, fonts = _pdf_fonts(ITALIC_CODE, tmp_path)
    code = markup[markup.index("#raw"):].split("]", 1)[0]
    assert "#emph" not in markup.split("#raw")[0].rsplit("]", 1)[-1] and "emph" not in code, markup  # no dots
    assert not any("CJK" in line and "Italic" in line for line in fonts.splitlines()), fonts
