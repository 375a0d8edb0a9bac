"""`qmsdoc import` judges each form number it drafts as `qmsdoc check` will (QD102, the one judgement in
core.rules.identity): a number the manual's pattern refuses is said at import time, where the source names it, with
check's rule code and message; a full-width number is written in its canonical form."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import import _run

from qmsdoc.core import i18n
from qmsdoc.core.refs import shown_title

from conftest import Project

PROCEDURE = ("客服部来访接待工作规程 KF0399\n1.0 目的\n规范来访接待。\n2.0 质量记录\n"
             "2.1 《钥匙登记表》 {first}\n2.2 《交接表》 {second}\n")
CONTENTS = ("客服部工作手册\n目录\n1 客服部来访接待工作规程 KF0399……3\n2 员工培训管理制度 KF0497……8\n"
            "3 管理制度 KF04……7\n4 《回访记录表》 {listed}……9\n客服部来访接待工作规程 KF0399\n1.0 目的\n规范。\n")


def _import(project: Project, tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    source = tmp_path / "客服部.txt"
    source.write_text(text, "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "KF") == 0
    return capsys.readouterr().out


def _refused(code: str) -> str:
    return "QD102 " + i18n.t("rule.QD102.form", id=code, manual=shown_title("客服部工作手册"), pattern=r"^QRKF\d{4}$")


def test_a_form_number_check_will_refuse_is_said_at_import_with_checks_code_and_message(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fires: QRKF-061 was drafted as controlled_forms/QRKF-061.yaml without a word; `check` refused it after."""
    out = _import(project, tmp_path, PROCEDURE.format(first="QRKF0610", second="QRKF-061"), capsys)
    assert f"客服部.txt:6: {_refused('QRKF-061')}" in out
    assert (project.root / "controlled_forms" / "QRKF-061.yaml").is_file()  # a draft still: a person renumbers it
    assert _run(project.root, "check") == 1
    assert _refused("QRKF-061").removeprefix("QD102 ") in capsys.readouterr().out  # the same judgement


def test_a_form_number_a_contents_page_lists_is_judged_too(project: Project, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Fires: a 目录's form QRKF060501 became a blank form draft check refuses, unsaid at import."""
    out = _import(project, tmp_path, CONTENTS.format(listed="QRKF060501"), capsys)
    assert f"客服部.txt:2: {_refused('QRKF060501')}" in out


@pytest.mark.parametrize("written", ["ＱＲＫＦ０６１０", "QRKF0610"])
def test_a_form_number_that_fits_once_written_canonically_is_not_named(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str) -> None:
    out = _import(project, tmp_path, PROCEDURE.format(first=written, second="QRKF0611"), capsys)
    assert "QD102" not in out
    assert (project.root / "controlled_forms" / "QRKF0610.yaml").is_file()


def test_a_listed_form_number_that_fits_is_not_named(project: Project, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = _import(project, tmp_path, CONTENTS.format(listed="QRKF0605"), capsys)
    assert "QD102" not in out and (project.root / "controlled_forms" / "QRKF0605.yaml").is_file()


def test_a_contents_page_with_full_width_and_dash_variant_codes_is_read_to_its_end(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fires: the 目录 was read up to ＱＲＫＦ０６０６ only (「目录（4 项）」); the forms after it were never drafted
    nor named. Now ＱＲＫＦ０６０６ is QRKF0606, and QRKF—0607 is QRKF-0607, which QD102 names as check would."""
    listed = CONTENTS.format(listed="QRKF0605").replace(
        "客服部来访接待工作规程 KF0399\n1.0", "5 《投诉登记表》 ＱＲＫＦ０６０６……10\n6 《派工单》 QRKF—0607……11\n"
        "7 《巡查表》 QRKF 0609……12\n客服部来访接待工作规程 KF0399\n1.0", 1)
    out = _import(project, tmp_path, listed, capsys)
    assert "目录（7 项）" in out
    assert "  - QRKF0606 投诉登记表\n  - QRKF-0607 派工单\n  - QRKF0609 巡查表" in out
    assert f"客服部.txt:2: {_refused('QRKF-0607')}" in out and "QD102" not in out.replace(_refused("QRKF-0607"), "")
    for code in ("QRKF0605", "QRKF0606", "QRKF-0607", "QRKF0609"):
        assert (project.root / "controlled_forms" / f"{code}.yaml").is_file()
