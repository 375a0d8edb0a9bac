"""`qmsdoc import` of Markdown sources: an English team's existing Markdown QMS (YAML front matter, or a `# Title`
with a cover table) becomes drafts whose body is the Markdown as written; unknown front-matter keys, links to files
not imported and broken files are reported by file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_import_english import _import

from qmsdoc.core import check, load_config

SOP_004 = """---
title: Supplier Evaluation
doc_id: SOP-004
revision: C
owner: Purchasing
tags: [suppliers, evaluation]
---
# Supplier Evaluation

## Purpose
Evaluate suppliers. See [the form](forms/f-12.md) and `code`.
"""

# No front matter: the title is the first `# …`, the cover table under it gives the fields, `#` marks the sections.
SOP_005 = """# Control of Nonconforming Product

| Document No. | SOP-005 | Revision | 2 |
|---|---|---|---|
| Effective Date | 12 March 2025 | Department | Quality |

# Purpose

Control product that does not conform. See [supplier evaluation](sop-004.md#purpose).

# Procedure

Tag it: `[not a link](sop-004.md)`.
"""

# What the body holds beyond paragraphs: it must come through byte for byte (no escaping, no re-wrapping).
BODY = """## 1. Purpose

Keep *records* <legible> and **retrievable** — see <https://example.com/iso> and [ISO](https://www.iso.org).

## 2. Procedure

```python
# a comment, not a heading
print("[x](sop-004.md)")  #  <tag>
```

| Step | Who | Record |
|:-----|:---:|-------:|
| 1    | QA  | F\\|12  |

!!! note "Keep it"
    Records are kept ten years.

1. First
    - nested *item*
2. Second

> quoted text
***

### 2.1 Detail #
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "qmsdoc.yml").write_text("language: en\n", "utf-8")
    return root


def _draft(path: Path) -> tuple[dict[str, Any], str, str]:
    """(front matter read as strings, front matter text, body) of a written draft."""
    _, head, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.load(head, Loader=yaml.BaseLoader), head, body  # noqa: S506 - dates as written


def _findings(root: Path) -> list[tuple[str, str]]:
    """What check finds beyond the new manual page waiting for its owner and scope (QD123) and its release (QD122)."""
    findings = check(load_config(root)).findings
    assert all(Path(f.path).name == "index.md" for f in findings if f.code in ("QD122", "QD123"))
    return [(f.code, f.format()) for f in findings if f.code not in ("QD122", "QD123")]


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_the_supplier_evaluation_example_imports_and_checks(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "sop-004.md", SOP_004)
    code, report = _import(root, "--manual", "SOP", str(source))
    assert code == 0, report
    data, head, body = _draft(root / "manuals" / "sop" / "SOP-004.md")
    assert {k: data.get(k) for k in ("id", "title", "version", "status", "department")} == {
        "id": "SOP-004", "title": "Supplier Evaluation", "version": "C/0", "status": "draft",
        "department": "Purchasing"}
    assert "#   tags: [suppliers, evaluation]" in head  # not silently dropped: kept for a person to decide
    assert body == "## Purpose\nEvaluate suppliers. See the form and `code`.\n"  # title H1 dropped, link unlinked
    assert f"{source.as_posix()}:6: " in report and '"tags"' in report  # the unknown key, at its line
    assert f"{source.as_posix()}:11: " in report and "forms/f-12.md" in report  # the link to a file not imported
    assert "preparer" in report  # what a person must fill in
    assert _findings(root) == []


def test_a_file_without_front_matter_takes_its_title_and_cover_table(tmp_path: Path) -> None:
    root = _project(tmp_path)
    src = tmp_path / "src"
    files = [_write(src, "sop-004.md", SOP_004), _write(src, "sop-005.md", SOP_005)]
    code, report = _import(root, "--manual", "SOP", *map(str, files))
    assert code == 0, report
    data, _, body = _draft(root / "manuals" / "sop" / "SOP-005.md")
    assert {k: data.get(k) for k in ("id", "title", "version", "effective_date", "department", "status")} == {
        "id": "SOP-005", "title": "Control of Nonconforming Product", "version": "A/2",
        "effective_date": "2025-03-12", "department": "Quality", "status": "draft"}
    assert body == ("## Purpose\n\nControl product that does not conform. See [[SOP-004]].\n\n"
                    "## Procedure\n\nTag it: `[not a link](sop-004.md)`.\n")  # a link in code stays code
    assert _findings(root) == []


def test_headings_code_tables_and_admonitions_survive_byte_for_byte(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "qp-01.md", "---\nid: QP-01\ntitle: Records\nowner: Quality\n"
                    "prepared_by: {by: Ann Lee, date: 2025-01-02}\n---\n# Records\n\n" + BODY)
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    data, _, body = _draft(root / "manuals" / "qp" / "QP-01.md")
    assert body == BODY
    assert data["prepared"] == {"by": "Ann Lee", "date": "2025-01-02"} and "preparer" not in report
    # kept as written, so check names what the source got wrong: `<legible>` is an HTML tag no output shows
    assert [code for code, _ in _findings(root)] == ["QD200"]


def test_sections_under_single_hashes_move_one_level_down_but_code_does_not(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "---\nnumber: WI-01\nversion: '1.1'\ndept: Production\n---\n"
                    "# Calibration\n\n# Scope\n\n```sh\n# keep\n```\n\n## Detail\n")
    assert _import(root, "--manual", "WI", str(source))[0] == 0
    data, _, body = _draft(root / "manuals" / "wi" / "WI-01.md")
    assert data["version"] == "A/1" and data["title"] == "Calibration"
    assert body == "## Scope\n\n```sh\n# keep\n```\n\n### Detail\n"


def test_unknown_keys_and_an_old_approval_are_reported_not_kept_as_fields(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "---\ntitle: Calibration\nid: WI-02\nstatus: approved\n"
                    "description: >\n  two\n  lines\napproved_by: The Boss\ncustom: 1\ndoc_id: WI-09\n---\nText.\n")
    code, report = _import(root, "--manual", "WI", str(source))
    assert code == 0, report
    data, head, body = _draft(root / "manuals" / "wi" / "WI-02.md")
    assert data["status"] == "draft" and "approved" not in data and body == "Text.\n"
    for line, word in ((4, "approved"), (5, '"description"'), (9, '"custom"'), (10, '"doc_id"')):
        assert f"{source.as_posix()}:{line}: " in report and word in report, (line, report)
    assert "#   description: >\n#     two\n#     lines\n#   custom: 1\n" in head and data["id"] == "WI-02"
    assert "The Boss" in head  # the old approval, as a comment for the release
    assert _findings(root) == []


@pytest.mark.parametrize(("written", "version"), [("1.0", "A/0"), ("2.1", "B/1"), ('"1.10"', "A/10")])
def test_a_version_written_as_a_decimal_number_is_read_as_written(tmp_path: Path, written: str, version: str) -> None:
    """Other tools write `revision: 1.0` unquoted, a YAML float: the import reads its text (a source refuses it)."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "sop-004.md", SOP_004.replace("revision: C", f"revision: {written}"))
    code, report = _import(root, "--manual", "SOP", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "sop" / "SOP-004.md")[0]["version"] == version


def test_the_team_s_own_fields_named_in_extra_fields_are_imported_as_fields(tmp_path: Path) -> None:
    """A project keeping `tags` and `keywords` (extra_fields) gets them as fields, as written; others stay comments."""
    root = _project(tmp_path)
    (root / "qmsdoc.yml").write_text("language: en\nextra_fields: [tags, keywords]\n", "utf-8")
    source = _write(tmp_path / "src", "sop-004.md", SOP_004.replace("tags: [suppliers, evaluation]\n",
                                                                    "tags: [suppliers, evaluation]\nkeywords:\n"
                                                                    "  - vendor\n  - audit\nsummary: x\n"))
    code, report = _import(root, "--manual", "SOP", str(source))
    assert code == 0, report
    data, head, _ = _draft(root / "manuals" / "sop" / "SOP-004.md")
    assert data["tags"] == ["suppliers", "evaluation"] and data["keywords"] == ["vendor", "audit"], head
    assert "#   summary: x" in head and '"tags"' not in report and '"summary"' in report
    assert _findings(root) == []


@pytest.mark.parametrize(("content", "line", "words"), [
    (b"---\ntitle: [broken\nid: X-01\n---\n# X\n", 2, ("front matter",)),
    (b"---\ntitle: never closed\n", 1, ("front matter",)),
    (b"# Caf\xe9\n", 1, ("UTF-8",)),
    (b"\n\njust text, no title\n", 1, ("no title",)),
])
def test_a_broken_file_is_reported_with_its_line_and_nothing_is_written(tmp_path: Path, content: bytes, line: int,
                                                                         words: tuple[str, ...]) -> None:
    root = _project(tmp_path)
    good = _write(tmp_path / "src", "good.md", SOP_004)
    bad = _write(tmp_path / "src", "bad.md", content)
    code, report = _import(root, "--manual", "SOP", str(good), str(bad))
    assert code == 1
    assert f"{bad.as_posix()}:{line}: " in report and all(w in report for w in words), report
    assert not (root / "manuals").exists()  # the good file is not half imported either


def test_lines_is_refused_for_markdown(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "sop-004.md", SOP_004)
    assert _import(root, "--manual", "SOP", "--lines", "1-3", str(source))[0] == 2


def test_a_hash_without_a_space_stays_text_when_sections_move_down(tmp_path: Path) -> None:
    """`#tag` and `#3号楼` are text in the project's dialect: shifting the `#` sections must not make them `##tag`."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "# Title\n\n# Purpose\n\n#tag and more\n\n#3号楼 entrance\n")
    code, report = _import(root, "--manual", "WI", str(source))
    assert code == 0, report
    body = next((root / "manuals" / "wi").glob("WI-*.md")).read_text("utf-8").split("---\n", 2)[2]
    assert body == "## Purpose\n\n#tag and more\n\n#3号楼 entrance\n", body


def test_a_procedure_is_typed_by_its_sections_and_a_hash_in_code_is_not_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    procedure = _write(tmp_path / "src", "qp-07.md", "# Control of Records\n\nDocument No.: QP-07\n\n"
                       "## 1. Purpose\n\nText.\n\n## 2. Scope\n\nText.\n")
    manual = _write(tmp_path / "src", "qp-08.md", "# Quality Objectives\n\nDocument No.: QP-08\n\n"
                    "## Objectives\n\n```text\n# Purpose\n# Scope\n```\n")
    code, report = _import(root, "--manual", "QP", str(procedure), str(manual))
    assert code == 0, report
    assert _draft(root / "manuals" / "qp" / "QP-07.md")[0]["type"] == "procedure"
    data, _, body = _draft(root / "manuals" / "qp" / "QP-08.md")
    assert data["type"] == "manual-section" and body.startswith("## Objectives\n")


# Reference-style links, as other teams write them: full, collapsed and shortcut, labels in any case, definitions
# above and below their use (one with its title on the next line), one in code, one to a file not imported.
REFERENCES = """---
title: Nonconforming Product
doc_id: SOP-005
department: Quality
---
[Eval]: sop-004.md "Supplier evaluation"

## Purpose

See [supplier evaluation][eval], [sop-004][] and [SOP-004], [ISO][iso] and [gone][missing].
Code stays code: `[code][eval]`.

```text
[sop-004]
```

[sop-004]: <./sop-004.md#purpose>
  [iso]: https://www.iso.org
    "ISO"
[missing]: old/sop-009.md
[spare]: https://example.com

## Detail

Text.[^1]

[^1]: See [the evaluation](sop-004.md), yearly.
"""


def test_reference_style_links_to_imported_files_become_references(tmp_path: Path) -> None:
    root = _project(tmp_path)
    src = tmp_path / "src"
    files = [_write(src, "sop-004.md", SOP_004), _write(src, "sop-005.md", REFERENCES)]
    code, report = _import(root, "--manual", "SOP", *map(str, files))
    assert code == 0, report
    body = _draft(root / "manuals" / "sop" / "SOP-005.md")[2]
    assert body == ("## Purpose\n\nSee [[SOP-004]], [[SOP-004]] and [[SOP-004]], [ISO][iso] and gone.\n"
                    "Code stays code: `[code][eval]`.\n\n```text\n[sop-004]\n```\n\n"
                    "  [iso]: https://www.iso.org\n    \"ISO\"\n[spare]: https://example.com\n\n"
                    "## Detail\n\nText.[^1]\n\n[^1]: See [[SOP-004]], yearly.\n"), body
    # definitions no link uses any more went, the others stayed; a footnote is no definition
    # the link to a file not imported: its text kept and reported at its line, as an inline one is
    assert f"{files[1].as_posix()}:10: " in report and "old/sop-009.md" in report and '"gone"' in report
    assert _findings(root) == []


def test_reference_style_links_to_other_files_and_images_stay_and_are_reported(tmp_path: Path) -> None:
    root = _project(tmp_path)
    text = ("# Records\n\nDocument No.: QP-01\n\n## Purpose\n\n![chart][c] and [the chart][C] and [web][w] "
            "and [undefined][nowhere] and [[QP-01]].\n\n[c]: chart.png\n[w]: https://example.com/a.md\n")
    source = _write(tmp_path / "src", "qp-01.md", text)
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "qp" / "QP-01.md")[2] == text.split("QP-01\n\n", 1)[1]  # nothing changed
    assert f"{source.as_posix()}:9: " in report and "chart.png" in report  # the picture to copy, at its definition
    assert "example.com" not in report and "nowhere" not in report


def _form(root: Path, code: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "controlled_forms" / f"{code}.yaml").read_text("utf-8"))
    return {key: data[key] for key in ("code", "title", "owner")}


def test_the_forms_a_records_section_lists_become_form_drafts_it_references(tmp_path: Path) -> None:
    """Items, table rows (a 序号 column before the number) and one-a-line numbers of a Records section: form drafts,
    each listed as [[CODE]] where it stood; the same words elsewhere, in code or in prose are left as written."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "qp-07.md", """---
title: Incident Handling
doc_id: QP-07
department: Quality
prepared_by: {by: Ann Lee, date: 2025-01-02}
---
## Overview

- QR-09 is not a record here.

## Records

Keep QR-08 forms for three years.

- QR-01 Incident log
- **QR-02**: Corrective action request

| No. | Form No. | Name |
|-----|----------|------|
| 1 | QR-03 | Root cause sheet |

QR-04 Witness statement
QR-05 Closure report \\

QR-06 Photo sheet
see the binder

- QR-07.pdf scanned copies

```text
- QR-10 in code
```

## Responsibilities

- QR-11 Not a form list
""")
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    body = _draft(root / "manuals" / "qp" / "QP-07.md")[2]
    assert body == """## Overview

- QR-09 is not a record here.

## Records

Keep QR-08 forms for three years.

- [[QR-01]]
- [[QR-02]]

| No. | Form No. | Name |
|-----|----------|------|
| 1 | [[QR-03]] | Root cause sheet |

- [[QR-04]]
- [[QR-05]]

QR-06 Photo sheet
see the binder

- QR-07.pdf scanned copies

```text
- QR-10 in code
```

## Responsibilities

- QR-11 Not a form list
""", body
    titles = ("Incident log", "Corrective action request", "Root cause sheet", "Witness statement", "Closure report")
    for number, title in enumerate(titles, 1):
        assert _form(root, f"QR-0{number}") == {"code": f"QR-0{number}", "title": title, "owner": "QP-07"}
    assert sorted(p.stem for p in (root / "controlled_forms").iterdir()) == [f"QR-0{n}" for n in range(1, 6)]
    findings = check(load_config(root)).findings
    # the forms are drafts, released with the document; the new manual page waits for its owner, scope and release
    assert [f.code for f in findings] == ["QD122", "QD123", "QD123"], [f.format() for f in findings]
    assert "record_sections" not in report  # the section check reads the forms from


def test_a_chinese_quality_records_section_of_plain_lines_makes_form_drafts(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "qmsdoc.yml").write_text("language: zh-CN\n", "utf-8")
    source = _write(tmp_path / "src", "gskf-07.md", "# 事故处理程序\n\n文件编号：GSKF-07\n\n## 1 目的\n\n处理事故。\n\n"
                    "## 5 质量记录\n\nGSKF-07-F01 事故登记表\nGSKF-07-F02事故处理单\n")
    code, report = _import(root, "--manual", "GSKF", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "gskf" / "GSKF-07.md")[2].endswith(
        "## 5 质量记录\n\n- [[GSKF-07-F01]]\n- [[GSKF-07-F02]]\n")
    assert _form(root, "GSKF-07-F02") == {"code": "GSKF-07-F02", "title": "事故处理单", "owner": "GSKF-07"}
    assert _form(root, "GSKF-07-F01")["title"] == "事故登记表"


def test_setext_headings_are_sections_that_move_down_and_type_the_document(tmp_path: Path) -> None:
    """`Purpose` over `===` is a level-1 section as `# Purpose` is: it moves one level down with the others."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "qp-09.md", "Calibration Procedure\n=====================\n\n"
                    "Document No.: QP-09\n\nPurpose\n=======\n\nText.\n\nScope\n-----\n\nAll gauges.\n\n"
                    "# Procedure\n\nCalibrate.\n\n```text\nnot\n---\n```\n\nA paragraph\nover lines\n")
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    data, _, body = _draft(root / "manuals" / "qp" / "QP-09.md")
    assert body == ("## Purpose\n\nText.\n\n### Scope\n\nAll gauges.\n\n## Procedure\n\nCalibrate.\n\n"
                    "```text\nnot\n---\n```\n\nA paragraph\nover lines\n"), body
    assert data["type"] == "procedure" and data["title"] == "Calibration Procedure"


def test_html_comments_are_neither_title_cover_heading_nor_link_and_stay_as_written(tmp_path: Path) -> None:
    """A file opening with `<!-- markdownlint-disable -->` still has its title and cover; what a comment holds is
    never shown, so it is kept as written — not relinked, not reported, not moved down as a heading."""
    root = _project(tmp_path)
    src = tmp_path / "src"
    files = [_write(src, "sop-004.md", SOP_004), _write(src, "sop-006.md", """<!-- markdownlint-disable MD025 -->
# Handling

<!-- cover from the old system -->
Document No.: SOP-006

# Overview

See [SOP-004](sop-004.md) <!-- was [old](old.md) --> and [it][ref] <!-- [it][ref] -->.

<!--
# not a heading
[gone](gone.md)
-->

[ref]: sop-004.md
""")]
    code, report = _import(root, "--manual", "SOP", *map(str, files))
    assert code == 0, report
    data, _, body = _draft(root / "manuals" / "sop" / "SOP-006.md")
    assert data["title"] == "Handling" and data["id"] == "SOP-006"
    assert body == ("<!-- markdownlint-disable MD025 -->\n\n<!-- cover from the old system -->\n\n## Overview\n\n"
                    "See [[SOP-004]] <!-- was [old](old.md) --> and [[SOP-004]] <!-- [it][ref] -->.\n\n"
                    "<!--\n# not a heading\n[gone](gone.md)\n-->\n"), body
    assert "old.md" not in report and "gone.md" not in report
    assert _findings(root) == []


def test_an_escaped_comment_opener_is_text_and_the_link_after_it_is_relinked(tmp_path: Path) -> None:
    """`\\<!--` shows as text on the page, so the link after it is a link (relinked), not a comment's content."""
    root = _project(tmp_path)
    src = tmp_path / "src"
    source = _write(src, "sop-008.md", "# Handling\n\nDocument No.: SOP-008\n\n## Overview\n\n"
                    "Write \\<!-- as text: see [SOP-004](sop-004.md) <!-- [old](old.md) -->.\n")
    code, report = _import(root, "--manual", "SOP", str(_write(src, "sop-004.md", SOP_004)), str(source))
    assert code == 0, report
    body = _draft(root / "manuals" / "sop" / "SOP-008.md")[2]
    assert body == "## Overview\n\nWrite \\<!-- as text: see [[SOP-004]] <!-- [old](old.md) -->.\n", body


def test_inline_links_are_read_as_the_page_reads_them(tmp_path: Path) -> None:
    """A title in single quotes, a destination in <…> with spaces, an escaped character, a badge in the link's
    text: each is a link to the imported file and becomes its reference; a picture in <…> is reported whole."""
    root = _project(tmp_path)
    src = tmp_path / "src"
    seven = _write(src / "sub dir", "sop 7.md", "# Seven\n\nDocument No.: SOP-007\n\n## Overview\n\nText.\n")
    source = _write(src, "sop-005.md", "# Handling\n\nDocument No.: SOP-005\n\n## Overview\n\n"
                    "A [single]( sop-004.md 'Single quoted' ), [spaced](<sub dir/sop 7.md>), "
                    "[escaped](sop\\-004.md) and [![badge](badge.png)](sop-004.md).\n\n"
                    "![a picture](<my pic.png>) and [a page](https://example.com/a.md 'x').\n")
    code, report = _import(root, "--manual", "SOP", str(_write(src, "sop-004.md", SOP_004)), str(source), str(seven))
    assert code == 0, report
    body = _draft(root / "manuals" / "sop" / "SOP-005.md")[2]
    assert body == ("## Overview\n\nA [[SOP-004]], [[SOP-007]], [[SOP-004]] and [[SOP-004]].\n\n"
                    "![a picture](<my pic.png>) and [a page](https://example.com/a.md 'x').\n"), body
    assert f"{source.as_posix()}:9: my pic.png is not copied" in report
    assert "badge.png" not in report and "sub is not" not in report and "example.com" not in report


def test_a_wiki_contents_marker_becomes_the_dialect_s(tmp_path: Path) -> None:
    """GitLab's `[[_TOC_]]` would be read as a reference to a document `_TOC_`: it becomes `[TOC]`."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "# Calibration\n\nDocument No.: WI-03\n\n[[_TOC_]]\n\n"
                    "## Overview\n\n```text\n[[_TOC_]]\n```\n\nText [[_TOC_]] inline.\n")
    code, report = _import(root, "--manual", "WI", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "wi" / "WI-03.md")[2] == (
        "[TOC]\n\n## Overview\n\n```text\n[[_TOC_]]\n```\n\nText [[_TOC_]] inline.\n")


def test_forms_listed_under_a_heading_check_does_not_read_are_reported_at_it(tmp_path: Path) -> None:
    """`## Forms` lists forms for the import, but check reads them from the record_sections only (QD151)."""
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "qp-08.md", "# Audits\n\nDocument No.: QP-08\n\n## Overview\n\nText.\n\n"
                    "## Forms\n\n- QP-08-F01 Audit plan\n")
    code, report = _import(root, "--manual", "QP", str(source))
    assert code == 0, report
    assert _form(root, "QP-08-F01") == {"code": "QP-08-F01", "title": "Audit plan", "owner": "QP-08"}
    assert f'{source.as_posix()}:9: section "Forms" lists forms' in report and "Records, Quality Records" in report
    assert {f.code for f in check(load_config(root)).findings} == {"QD122", "QD123", "QD151"}  # as the note foretold


def test_a_link_whose_text_a_hard_wrapped_file_breaks_over_lines_is_relinked(tmp_path: Path) -> None:
    """Teams wrapping at 80 columns break a link's text over lines: it is one link, relinked as one; text kept of
    a link to a file not imported keeps its lines; brackets across a list item's start are no link."""
    root = _project(tmp_path)
    src = tmp_path / "src"
    source = _write(src, "sop-005.md", "# Handling\n\nDocument No.: SOP-005\n\n## Overview\n\n"
                    "Wrapped text with a [supplier\nevaluation](sop-004.md) link, and [a long\nwrapped reference][eval]"
                    " and [gone\naway](old.md) end.\n- [item\n- x](sop-004.md)\n\n[eval]: sop-004.md\n")
    code, report = _import(root, "--manual", "SOP", str(_write(src, "sop-004.md", SOP_004)), str(source))
    assert code == 0, report
    body = _draft(root / "manuals" / "sop" / "SOP-005.md")[2]
    assert body == ("## Overview\n\nWrapped text with a [[SOP-004]] link, and [[SOP-004]] and gone\naway end.\n"
                    "- [item\n- x](sop-004.md)\n"), body
    assert f'{source.as_posix()}:9: the link to old.md names no file of this import: its text "gone away"' in report


def test_a_setext_heading_right_under_fenced_code_is_a_heading_as_the_page_shows_it(tmp_path: Path) -> None:
    # the page sets fenced code apart from the lines under it (CommonMark): `Detail` over `---` is its heading
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "---\nnumber: WI-01\nversion: '1.1'\ndept: Production\n---\n"
                    "# Calibration\n\n## Scope\n\n```sh\n# keep\n```\nDetail\n---\n\nText.\n")
    assert _import(root, "--manual", "WI", str(source))[0] == 0
    body = _draft(root / "manuals" / "wi" / "WI-01.md")[2]
    assert body == "## Scope\n\n```sh\n# keep\n```\n## Detail\n\nText.\n"


def test_a_setext_underline_under_code_in_a_list_item_stays_the_items_text(tmp_path: Path) -> None:
    # in a list item the page keeps the code in the item's text, and the underline with it
    root = _project(tmp_path)
    source = _write(tmp_path / "src", "wi.md", "---\nnumber: WI-01\nversion: '1.1'\ndept: Production\n---\n"
                    "# Calibration\n\n## Scope\n\n- Step\n  ```sh\n  x\n  ```\n  Detail\n  ---\n")
    assert _import(root, "--manual", "WI", str(source))[0] == 0
    body = _draft(root / "manuals" / "wi" / "WI-01.md")[2]
    assert body == "## Scope\n\n- Step\n  ```sh\n  x\n  ```\n  Detail\n  ---\n"
