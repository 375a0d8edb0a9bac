"""A document whose sections are level-1 headings (`# Equipment`, or a setext `1. Purpose` over `===`, as many
English teams write them) lists every section in its page's table of contents, like one written with `## `."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

BODY = """## 1. Purpose

To calibrate.

2. Scope
========

Every wrench.

# 3. Responsibilities

## 3.1 Metrology technician

Calibrates.

# 4. Procedure

Steps.

# 5. Records

- [[QM-01-F01]]
"""


def _toc(html: str) -> list[str]:
    """The anchors the page's table of contents (the right-hand column) links to, in order."""
    toc = html.split('class="md-nav md-nav--secondary"', 1)[1].split('class="md-content"', 1)[0]
    return re.findall(r'href="#([^"]*)"', toc)


def _site(tmp_path: Path, body: str) -> Path:
    """A new English project, its manual page and form released, its example procedure QM-01 written with `body`
    and previewed (publish_drafts)."""
    assert run_cli("init", str(tmp_path / "en"), "--language", "en", cwd=tmp_path).returncode == 0
    root = tmp_path / "en"
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    page = root / "manuals" / "qm" / "QM-01.md"
    front = page.read_text("utf-8").split("\n---\n", 1)[0]
    page.write_text(f"{front}\n---\n{body}", "utf-8")
    for code in ("QM", "QM-01-F01"):
        released = run_cli("release", code, "--by", "Managing Director", "--change", "First issue", cwd=root)
        assert released.returncode == 0, released.stdout + released.stderr
    built = run_cli("build", "--only", "site", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "build" / "site"


def test_level_one_sections_are_all_in_the_table_of_contents(tmp_path: Path) -> None:
    """Material takes a first level-1 entry for the page's title and lists only what it holds: the page of
    QM-01 listed 3.1 alone, or nothing at all, of a body written in `# ` sections."""
    site = _site(tmp_path, BODY)
    toc = _toc((site / "qm" / "QM-01" / "index.html").read_text("utf-8"))
    for anchor in ("1-purpose", "2-scope", "3-responsibilities", "31-metrology-technician", "4-procedure",
                   "5-records", "qms-backlinks"):
        assert anchor in toc, (anchor, toc)


def test_a_manual_page_and_the_home_page_do_not_list_their_own_title(tmp_path: Path) -> None:
    """Their body's `# ` heading is the page's title (a manual page drops it for its own): no entry for it, and
    the sections under it, with the manual's contents and history after them, all listed."""
    site = _site(tmp_path, re.sub(r"(?m)^# ", "## ", BODY).replace("=", "-"))
    manual = _toc((site / "qm" / "index.html").read_text("utf-8"))
    assert "quality-manual" not in manual and {"scope", "release-statement"} <= set(manual), manual
    assert "quality-manual" not in _toc((site / "index.html").read_text("utf-8"))
    toc = _toc((site / "qm" / "QM-01" / "index.html").read_text("utf-8"))
    assert toc[:5] == ["1-purpose", "2-scope", "3-responsibilities", "31-metrology-technician", "4-procedure"], toc
