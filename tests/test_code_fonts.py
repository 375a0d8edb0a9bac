"""The site sets code's Chinese in the project's language's sans families (i18n `heading_fonts`), as the Word and PDF
copies set it in the heading font: a browser's monospace fallback alone picked any face. English sets none."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

from qmsdoc.core.i18n import using
from qmsdoc.site import pages

LATIN = '"SFMono-Regular"'


def _code_rule(language: str) -> str:
    with using(language):
        css = pages.decided_css()
    return "".join(line for line in css.splitlines() if "--md-code-font-family" in line)


@pytest.mark.parametrize(("language", "script", "other"), [("zh_CN", "SC", "TC"), ("zh_TW", "TC", "SC")])
def test_code_falls_back_to_the_language_s_own_sans_families(language: str, script: str, other: str) -> None:
    rule = _code_rule(language)
    assert f'"Noto Sans CJK {script}"' in rule and f'"PingFang {script}"' in rule, rule
    assert f"CJK {other}" not in rule, rule  # the other script's forms are not the language's
    # Latin first in a monospace face, the Chinese families after it, the generic family last
    assert rule.index(LATIN) < rule.index(f"CJK {script}") < rule.index("monospace;"), rule
    assert rule.isascii(), rule  # family names in ASCII: no CJK characters in shipped CSS


def test_an_english_site_keeps_material_s_code_fonts() -> None:
    assert _code_rule("en") == ""
    with using("en"):
        assert "--md-code-font-family:" not in pages.stylesheet() and "Noto Sans CJK" not in pages.stylesheet()


def _material_css() -> str:
    folder = resources.files("material").joinpath("templates/assets/stylesheets")
    return next(f for f in folder.iterdir() if f.name.startswith("main.") and f.name.endswith(".min.css")).read_text(
        "utf-8")


def test_a_code_span_on_a_chinese_page_names_the_chinese_sans_family(browser: Any) -> None:
    with using("zh_CN"):
        css = pages.stylesheet()
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        tab.set_content('<html lang="zh-CN"><body><article class="md-typeset"><p>见 <code>记录 QR-01</code></p>'
                        "<pre><code>质量 = 1</code></pre></article></body></html>")
        tab.add_style_tag(content=_material_css())
        tab.add_style_tag(content=css)  # after Material's, as the build links it
        families = [tab.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
                    for selector in ("p code", "pre code")]
    finally:
        tab.close()
    for family in families:
        assert "Noto Sans CJK SC" in family and family.index("Mono") < family.index("Noto Sans CJK SC"), families
