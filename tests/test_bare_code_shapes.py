"""A control number written in the text without [[…]] is QD170 whatever its team's shape: SOP-QA-012, WI-7.5-01,
HR.PR.03 and QA/SOP-013 were not seen as numbers at all (only QP-02-01-like shapes were), so an English procedure
citing them bare was never told to link them. Prose that merely looks alike stays quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.structure import scan

from conftest import run_cli

OTHERS = {"SOP-QA-012": "procedure", "WI-7.5-01": "work-instruction", "HR.PR.03": "procedure",
          "QA/SOP-013": "work-instruction"}


@pytest.mark.parametrize("code", [*OTHERS, "QP-02-01", "QP-02-01-F01", "qp-02-01"])
def test_each_shape_of_number_is_read_whole(code: str) -> None:
    assert [b.raw for b in scan(f"Follow {code}. Then {code}, or see {code}; done.\n", 1).bare_codes] == [code] * 3


@pytest.mark.parametrize(("text", "codes"), [("e.g.QM-01 and Ref.QM-01", ["QM-01", "QM-01"]),
                                             ("见QP-02-01。", ["QP-02-01"]), ("QP-02-01.md", ["QP-02-01"]),
                                             ("Fig.1, version A/0, ISO 9001, v2", ["v2"])])
def test_prose_around_a_number_is_not_taken_into_it(text: str, codes: list[str]) -> None:
    assert [b.raw for b in scan(text + "\n", 1).bare_codes] == codes


def _project(tmp_path: Path) -> Path:
    assert run_cli("init", "p", "--language", "en", cwd=tmp_path).returncode == 0
    root = tmp_path / "p"
    for code, kind in OTHERS.items():
        stem = code.replace("/", "_")
        (root / "manuals" / "qm" / f"{stem}.md").write_text(
            f"---\nid: {code}\ntitle: Document {stem}\ntype: {kind}\nversion: A/0\nstatus: draft\n"
            "department: Customer Service\nprepared: {by: Siobhán O'Brien, date: 2026-11-01}\n---\n## Purpose\n\nx\n",
            "utf-8")
    return root


def test_an_english_procedure_citing_other_shapes_bare_is_told_to_link_them(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = root / "manuals" / "qm" / "QM-01.md"
    source.write_text(source.read_text("utf-8").replace(
        "## 2. Scope\n", "## 2. Scope\n\nAs SOP-QA-012, WI-7.5-01, HR.PR.03 and QA/SOP-013 say.\n"), "utf-8")
    found = sorted(f.message.split()[2] for f in check(load_config(root)).findings if f.code == "QD170")
    assert found == sorted(OTHERS), found


def test_the_same_numbers_written_as_references_are_quiet(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = root / "manuals" / "qm" / "QM-01.md"
    cited = ", ".join(f"[[{code}]]" for code in OTHERS)
    source.write_text(source.read_text("utf-8").replace("## 2. Scope\n", f"## 2. Scope\n\nAs {cited} say.\n"),
                      "utf-8")
    assert [f for f in check(load_config(root)).findings if f.code == "QD170"] == []
