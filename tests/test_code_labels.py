"""Reference links whose label holds code (`[`Worker`][]`, Node.js's API documentation): CommonMark matches a label
on its text as written, so `[`Worker`]: url` defines it; Python-Markdown read the code span first and showed the
brackets as typed on the page and in both copies, and QD025 said the definition was missing."""

from __future__ import annotations

import time

import docx
import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.mdlinks import link_spans, targets
from qmsdoc.core.render import CorpusRenderer

from conftest import Project
from sitebuild import export_docx

DOC = "manuals/qp-hr/QP-02-03.md"
URL = "https://example.com/worker"


def _body(project: Project, text: str) -> int:
    project.revise(DOC, "4.4.3 归还办公用品。", f"4.4.3 归还办公用品。\n\n{text}\n")
    return project.line_of(DOC, text.split("\n")[0])


def _qd025(project: Project) -> list[str]:
    return [f.format() for f in check(load_config(project.root)).findings if f.code == "QD025"]


def _page(project: Project) -> str:
    result = check(load_config(project.root))
    return CorpusRenderer(result.corpus, result.context.config).document(result.corpus.documents["QP-02-03"]).html


def _word_links(project: Project) -> list[tuple[str, str]]:
    """Each hyperlink of the document's Word copy: (its text, its address)."""
    copy = docx.Document(str(export_docx(project, only=["QP-02-03"]) / "documents" / "QP-02-03.docx"))
    return [(link.text, link.address) for paragraph in copy.paragraphs for link in paragraph.hyperlinks]


@pytest.mark.parametrize(("written", "definition", "shown"), [
    ("[`Worker`][]", "[`Worker`]: ", "<code>Worker</code>"),
    ("[`Worker`]", "[`worker`]: ", "<code>Worker</code>"),  # a shortcut; case does not count
    ("[线程][`Worker`]", "[`Worker`]: ", "线程"),
    ("[the `x`  option][]", "[the `x` option]: ", "the <code>x</code>  option"),  # spaces collapse in a label
])
def test_a_label_holding_code_links_to_its_definition_as_written(project: Project, written: str, definition: str,
                                                                 shown: str) -> None:
    _body(project, f"见{written}。\n\n{definition}{URL}")
    assert not _qd025(project)
    assert f'<a href="{URL}">{shown}</a>' in _page(project)
    first = project.read(DOC).split("\n---\n", 1)[1]
    assert [t.target for t in targets(first, 1)].count(URL) == 1  # the check's own reading sees the link too


def test_a_label_holding_code_is_a_hyperlink_in_word(project: Project) -> None:
    _body(project, f"见[`Worker`][]。\n\n[`Worker`]: {URL}")
    assert ("Worker", URL) in _word_links(project)


def test_a_label_holding_code_with_no_definition_is_no_hyperlink_in_word(project: Project) -> None:
    _body(project, f"见[`Worker`][]。\n\n[Worker]: {URL}")
    assert not [link for link in _word_links(project) if link[1] == URL]


def test_a_label_holding_code_defined_without_its_backticks_is_qd025(project: Project) -> None:
    """CommonMark matches labels as written: `[Worker]: url` defines `[Worker][]`, not `[`Worker`][]`."""
    line = _body(project, f"见[`Worker`][]。\n\n[Worker]: {URL}")
    hits = _qd025(project)
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: warning QD025 "), hits
    assert "[`Worker`]: 地址" in hits[0] and "只有 [Worker]: 地址" in hits[0], hits
    assert URL not in _page(project)  # what the check says: the page makes no link of it
    first = project.read(DOC).split("\n---\n", 1)[1]
    assert URL not in [t.target for t in targets(first, 1)]


def test_a_label_holding_code_with_no_definition_at_all_is_qd025(project: Project) -> None:
    line = _body(project, "见[`Gone`][]。")
    hits = _qd025(project)
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: warning QD025 ") and "没有定义" in hits[0], hits
    assert "[<code>Gone</code>][]" in _page(project)


@pytest.mark.parametrize("line", ["[`" * 3000 + " " + "`]" * 3000, "[a " * 5000 + "a]" * 5000,
                                  "[a " * 5000 + "a][]" * 5000])
def test_a_deep_nesting_of_labels_is_read_at_once(line: str) -> None:
    # each nested label was read (as written, its spaces folded) though no definition's label holds a bracket:
    # 3,000 holding code took ~25 s, 5,000 plain ~15 s
    started = time.perf_counter()
    found = [start for _, start, _, _ in link_spans(line, {"`worker`": (URL, 3), "a a": (URL, 4)})]
    assert time.perf_counter() - started < 2
    assert found == ([line.index("[a a]")] if "[a a]" in line else []), found  # the innermost alone is a label


def test_a_label_holding_code_inside_or_after_brackets_still_resolves() -> None:
    line = "see [a [`Worker`][] b] and [x [y] z][`Worker`]"
    found = [(target.label, start) for target, start, _, _ in link_spans(line, {"`worker`": (URL, 3)})]
    assert found == [("`worker`", line.index("[`Worker`][]")), ("`worker`", line.index("[x [y]"))]
