"""A team's own front-matter fields (`extra_fields` in qmsdoc.yml): accepted where named, QD004 elsewhere, part of
the approved content, and a configuration that names one of qmsdoc's own fields is refused."""

from __future__ import annotations

import pytest

from qmsdoc.core import ConfigError, check, load_config
from qmsdoc.core.parsecache import CACHE_NAME, ParseCache

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"
MANUAL = "manuals/qp-hr/index.md"


def _own_fields(project: Project) -> None:
    """The team's tags and keywords in a document, a form and a manual page, each approved as it now reads."""
    project.revise(DOC, "review_months: 12", "review_months: 12\ntags: [人事, 离职]\nkeywords: 离职交接")
    project.revise(FORM, "title:", "keywords: 离职\ntitle:")
    project.replace(MANUAL, "title:", "tags: [人事]\ntitle:")
    project.restamp(MANUAL)


def _qd004(project: Project, cache: ParseCache | None = None) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.message) for f in check(load_config(project.root), cache).findings if f.code == "QD004"]


def test_a_field_qmsdoc_does_not_read_is_qd004_at_its_line_naming_extra_fields(project: Project) -> None:
    _own_fields(project)
    found = _qd004(project)
    assert {(path, line) for path, line, _ in found} == {
        (DOC, project.line_of(DOC, "tags:")), (DOC, project.line_of(DOC, "keywords:")),
        (FORM, project.line_of(FORM, "keywords:")), (MANUAL, project.line_of(MANUAL, "tags:"))}, found
    assert all("extra_fields" in message for _, _, message in found)


def test_fields_named_in_extra_fields_are_accepted_in_every_kind_of_source(project: Project) -> None:
    _own_fields(project)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "extra_fields: [tags, keywords]\n")
    result = check(load_config(project.root))
    assert result.ok and not [f for f in result.findings if f.code in ("QD004", "QD190")], result.findings


def test_a_misspelt_field_is_still_qd004_beside_the_named_ones(project: Project) -> None:
    _own_fields(project)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "extra_fields: [tags, keywords]\n")
    project.replace(DOC, "review_months: 12", "review_months: 12\nreveiwer: 张三")
    assert [(path, line) for path, line, _ in _qd004(project)] == [(DOC, project.line_of(DOC, "reveiwer:"))]


def test_an_own_field_is_approved_content(project: Project) -> None:
    """Changing it after approval is a change of the approved document, as any other field is."""
    _own_fields(project)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "extra_fields: [tags, keywords]\n")
    project.replace(DOC, "keywords: 离职交接", "keywords: 入职")
    assert [f.path for f in check(load_config(project.root)).findings if f.code == "QD190"] == [DOC]


def test_naming_an_own_field_later_needs_no_cold_check(project: Project) -> None:
    """The parse cache keeps each file's parse whatever the configuration: a warm check reads the new setting."""
    _own_fields(project)
    cache = ParseCache(project.root / "build" / CACHE_NAME)
    assert len(_qd004(project, cache)) == 4
    cache.save()
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "extra_fields: [tags, keywords]\n")
    warm = ParseCache(project.root / "build" / CACHE_NAME)
    assert _qd004(project, warm) == [] and warm.hits > 0


@pytest.mark.parametrize("value, words", [("[title]", "title"), ("[tags, version]", "version"),
                                          ("[tags, '']", "extra_fields"), ("tags", "extra_fields"),
                                          ("[1]", "extra_fields")])
def test_extra_fields_that_name_qmsdoc_fields_or_no_names_are_refused(project: Project, value: str,
                                                                      words: str) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + f"extra_fields: {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(project.root)
    assert "qmsdoc.yml:" in str(caught.value) and words in str(caught.value), caught.value


def test_a_change_to_an_own_field_is_a_change_in_the_redline(project: Project) -> None:
    """No page shows the team's own fields, but they are approved content: the 修订对照表 lists the change."""
    from qmsdoc.core.compare import compare
    from qmsdoc.core.redline import item_blocks
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.core.source import parse_markdown

    _own_fields(project)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "extra_fields: [tags, keywords]\n")
    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    before = parse_markdown(project.read(DOC), DOC)
    after = parse_markdown(project.read(DOC).replace("keywords: 离职交接", "keywords: 入职"), DOC)
    rows = compare(item_blocks("document", before, renderer), item_blocks("document", after, renderer),
                   old_label="A/1", new_label="A/2").table_rows
    assert [(row.before, row.after) for row in rows] == [("keywords：离职交接", "keywords：入职")], rows
