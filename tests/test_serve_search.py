"""`qmsdoc serve` writes the search index once the preview is idle, never between a save and the next
one: a run of saves is not held up by it, and an index skipped because a save came first is made up by the
next one (the pages it rendered have no kept search record, so they are rendered and indexed again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import load_config
from qmsdoc.core.outputs import claim
from qmsdoc.search import read_pages
from qmsdoc.site.serve import Preview

from conftest import Project

pytestmark = pytest.mark.slow

FIRST, SECOND = "manuals/qp-hr/QP-02-03.md", "manuals/qp-hr/QP-02-01.md"


def _words(site: Path) -> str:
    return "\n".join(section.text for page in read_pages(site) for section in page.sections)


def _added(project: Project, relative: str, sentence: str) -> None:
    project.revise(relative, "## 2.0 适用范围", f"{sentence}\n\n## 2.0 适用范围")


def test_the_index_waits_for_an_idle_preview_and_a_skipped_one_is_made_up(project: Project, tmp_path: Path) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    work = tmp_path / "serve"
    work.mkdir()
    preview = Preview(load_config(project.root), project.root / "mkdocs.yml", work, report=lambda _line: None)
    claim(preview.site_dir)
    assert preview.update(full=True).ok
    assert preview.search_pending
    preview.catch_up_search()
    assert not preview.search_pending and "离职" in _words(preview.site_dir)

    _added(project, FIRST, "本程序第一次预览修订的句子。")
    assert preview.update().ok
    assert preview.search_pending
    assert "第一次预览修订" not in _words(preview.site_dir)  # not yet: the next save comes before the preview idles

    _added(project, SECOND, "本程序第二次预览修订的句子。")
    assert preview.update().ok
    preview.catch_up_search()
    words = _words(preview.site_dir)
    assert "第二次预览修订" in words
    assert "第一次预览修订" in words  # the skipped index is made up
