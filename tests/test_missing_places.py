"""A place qmsdoc.yml names that is not there (`forms_dir: controled_forms`) while the sources rely on it: said once,
at the setting's line, with the folder it is spelt like, before the findings it causes."""

from __future__ import annotations

import pytest

from qmsdoc.core.check import check
from qmsdoc.core.config import ConfigError, load_config
from qmsdoc.core.findings import Finding, Severity
from qmsdoc.core.placesmissing import missing_places

from conftest import Project, configure


def test_a_mistyped_forms_folder_is_named_once_at_its_setting_before_what_it_causes(project: Project) -> None:
    configure(project, forms_dir="controled_forms")
    findings = check(load_config(project.root)).findings
    first = findings[0]
    assert (first.path, first.line, first.code) == ("qmsdoc.yml", project.line_of("qmsdoc.yml", "forms_dir:"), "QD301")
    assert "forms_dir" in first.message and "controlled_forms" in first.message and "QD152" in first.message
    assert [f for f in findings if f.code == "QD301"] == [first]
    assert any(f.code == "QD152" for f in findings)  # each document is still told which form it lists


def test_a_missing_place_nothing_relies_on_is_not_mentioned(project: Project) -> None:
    configure(project, forms_dir="controled_forms", distribution="registers/distribution.yaml")
    config = load_config(project.root)
    unrelated = Finding("manuals/x.md", 3, "QD130", Severity.ERROR, "x")
    assert missing_places(config, [unrelated]) == []  # a project with no forms yet, nothing issued
    configure(project, forms_dir="controlled_forms")
    assert not [f for f in check(load_config(project.root)).findings if f.code == "QD301"]


def test_a_mistyped_manuals_folder_is_refused_with_the_folder_it_is_spelt_like(project: Project) -> None:
    configure(project, manuals_dir="manual")
    with pytest.raises(ConfigError) as refused:
        check(load_config(project.root))
    assert "manuals_dir" in str(refused.value) and "manuals？" in str(refused.value)
