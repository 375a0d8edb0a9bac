"""A blank form's and a manual index page's 修订记录: `release --change` records the note (never drops it), the
rules hold a kept 修订记录 to what a document's is held to, and the site and the manual's copies show it."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import docx
import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.copyjobs import FormJob, ManualJob
from qmsdoc.core.i18n import t
from qmsdoc.pdf.copies import manual_pdf
from qmsdoc.site import pages
from qmsdoc.word.forms import build_form
from qmsdoc.word.manual import build_manual

from conftest import CliRun, Project, commit, run_cli

FORM = "controlled_forms/QP-02-01-F001.yaml"
MANUAL = "manuals/qp-service/index.md"
DAY = "2026-06-01"


def qmsdoc(root: Path, *args: str) -> CliRun:
    return run_cli(*args, cwd=root)


def hits(project: Project, code: str) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in check(load_config(project.root)).findings if f.code == code]


def history_of(project: Project, relative: str) -> list[str]:
    """The 修订记录 lines of a source as written."""
    return re.findall(r"^  - (\{version: .*\})$", project.read(relative), re.M)


# --- the schema: one definition of a 修订记录 entry ---------------------------------------------------

def _schema(name: str) -> dict[str, Any]:
    text = resources.files("qmsdoc.core").joinpath(f"schema/{name}.json").read_text("utf-8")
    return dict(json.loads(text))


def test_form_schema_writes_out_the_documents_history_entry_exactly() -> None:
    """form.json is compiled alone (fastjsonschema), so it cannot $ref document.json: its copy must not drift."""
    document, form, manual = _schema("document"), _schema("form"), _schema("manual")
    expected = json.loads(json.dumps(document["$defs"]["history"]))
    expected["items"]["properties"]["date"] = document["$defs"]["date"]
    written = {k: v for k, v in form["$defs"]["history"].items() if k != "$comment"}
    assert written == expected
    assert form["properties"]["history"] == {"$ref": "#/$defs/history"}
    assert document["properties"]["history"] == {"$ref": "#/$defs/history"}
    assert manual["properties"]["history"] == {"$ref": "document.json#/$defs/history"}


@pytest.mark.parametrize("relative", [FORM, MANUAL])
def test_a_bad_history_entry_is_refused_by_the_schema(project: Project, relative: str) -> None:
    anchor = "approved: " if relative == FORM else "order: 2\n"
    project.replace(relative, anchor, "history:\n  - {version: A/0, date: 2026-02-25}\n" + anchor)
    assert (relative, project.line_of(relative, "- {version: A/0")) in hits(project, "QD004")


# --- release records the note -----------------------------------------------------------------------

def test_form_release_records_the_change(repo: Project) -> None:
    repo.replace(FORM, "retention: 3 年", "retention: 5 年")  # a release approves a change
    result = qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "新增“到岗时间”栏",
                    "--date", DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "version: A/1" in repo.read(FORM)
    assert history_of(repo, FORM) == ["{version: A/1, date: 2026-06-01, by: 总经理, change: 新增“到岗时间”栏}"]
    commit(repo.root, "发布 QP-02-01-F001 A/1")
    checked = check(load_config(repo.root))
    assert checked.findings == []
    entry = checked.corpus.forms["QP-02-01-F001"].history[0]
    assert (str(entry.version), entry.change, entry.line) == ("A/1", "新增“到岗时间”栏",
                                                              repo.line_of(FORM, "- {version: A/1"))
    repo.replace(FORM, "retention: 5 年", "retention: 10 年")
    result = qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "再改", "--date", "2026-06-02")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [re.search(r"version: (\S+),", e).group(1) for e in history_of(repo, FORM)] == ["A/1", "A/2"]  # type: ignore[union-attr]
    commit(repo.root, "发布 QP-02-01-F001 A/2")
    assert check(load_config(repo.root)).findings == []


def test_manual_release_records_the_change_by_its_preparer(repo: Project) -> None:
    repo.replace(MANUAL, "投诉受理、维修服务", "投诉受理")
    result = qmsdoc(repo.root, "release", "QP-03", "--by", "总经理", "--change", "适用范围删去维修服务",
                    "--date", DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert history_of(repo, MANUAL) == ["{version: A/1, date: 2026-06-01, by: 质量专员, change: 适用范围删去维修服务}"]
    commit(repo.root, "发布 QP-03 A/1")
    assert check(load_config(repo.root)).findings == []


def test_first_release_of_a_never_approved_form_writes_its_first_entry(repo: Project) -> None:
    new = "controlled_forms/QP-03-02-F002.yaml"
    repo.write(new, "code: QP-03-02-F002\ntitle: 催收通知单\nversion: A/0\nowner: QP-03-02\n"
                    "fields:\n  - {label: 房号}\n")
    repo.replace("manuals/qp-service/QP-03-02.md", "- [[QP-03-02-F001]]", "- [[QP-03-02-F001]]\n- [[QP-03-02-F002]]")
    result = qmsdoc(repo.root, "release", "QP-03-02-F002", "--by", "总经理", "--change", "首次发布", "--date", DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert history_of(repo, new) == ["{version: A/0, date: 2026-06-01, by: 总经理, change: 首次发布}"]


def test_released_working_revision_of_a_form_is_recorded_as_its_drafters(repo: Project) -> None:
    """The draft takes no 修订记录 of its own (the record is the version in force's); the release appends to it."""
    repo.replace(FORM, "retention: 3 年", "retention: 5 年")
    assert qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "首改", "--date", DAY
                  ).returncode == 0
    commit(repo.root, "发布 A/1")
    result = qmsdoc(repo.root, "revise", "QP-02-01-F001", "--by", "人事专员", "--date", "2026-06-02")
    assert result.returncode == 0, result.stdout + result.stderr
    draft = "revisions/" + FORM
    repo.replace(draft, "{label: 需求人数}", "{label: 需求人数（人）}")
    repo.replace(draft, "change: 首改}", "change: 草稿里改写的记录}")  # not the draft's to change: ignored
    result = qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "需求人数注明单位",
                    "--date", "2026-06-03")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not repo.path(draft).exists() and "需求人数（人）" in repo.read(FORM)
    assert history_of(repo, FORM) == ["{version: A/1, date: 2026-06-01, by: 总经理, change: 首改}",
                                      "{version: A/2, date: 2026-06-03, by: 人事专员, change: 需求人数注明单位}"]
    commit(repo.root, "发布 A/2")
    assert check(load_config(repo.root)).findings == []


def test_baseline_writes_no_history(repo: Project) -> None:
    new = "controlled_forms/QP-03-02-F002.yaml"
    repo.write(new, "code: QP-03-02-F002\ntitle: 催收通知单\nversion: A/0\nowner: QP-03-02\n"
                    "fields:\n  - {label: 房号}\n")
    repo.replace("manuals/qp-service/QP-03-02.md", "- [[QP-03-02-F001]]", "- [[QP-03-02-F001]]\n- [[QP-03-02-F002]]")
    result = qmsdoc(repo.root, "baseline", "QP-03-02-F002", "--by", "总经理", "--date", DAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "history" not in repo.read(new)
    assert [f for f in check(load_config(repo.root)).findings if f.path == new] == []


# --- the rules hold a kept 修订记录 to a document's -----------------------------------------------------

def _with_history(project: Project, relative: str, entries: str) -> None:
    anchor = "approved: " if relative == FORM else "order: 2\n"
    text = project.read(relative).replace(anchor, f"history:\n{entries}{anchor}", 1)
    if relative == FORM:
        project.write(relative, text)
        project.restamp(relative)
    else:  # a manual index page is fingerprinted as a document is
        from qmsdoc.core.approval import refingerprinted

        project.write(relative, refingerprinted("manual", text))


def test_shipped_forms_and_manuals_keep_no_history_and_need_none(project: Project) -> None:
    assert all("history" not in project.read(str(p.relative_to(project.root)))
               for p in project.root.glob("controlled_forms/*.yaml"))
    assert hits(project, "QD111") == [] and hits(project, "QD110") == []


@pytest.mark.parametrize("relative", [FORM, MANUAL])
def test_history_not_climbing_fires_at_the_entry(project: Project, relative: str) -> None:
    _with_history(project, relative, "  - {version: A/0, date: 2026-02-25, change: 首次发布}\n"
                                     "  - {version: A/0, date: 2026-02-26, change: 又一次}\n")
    assert hits(project, "QD110") == [(relative, project.line_of(relative, "又一次"))]
    assert hits(project, "QD111") == []
    result = run_cli("check", cwd=project.root)
    assert f"{relative}:{project.line_of(relative, '又一次')}: error QD110 " in result.stdout


@pytest.mark.parametrize("relative", [FORM, MANUAL])
def test_history_not_ending_at_the_version_fires_at_the_version(project: Project, relative: str) -> None:
    _with_history(project, relative, "  - {version: A/1, date: 2026-02-25, change: 首次发布}\n")
    assert hits(project, "QD111") == [(relative, project.line_of(relative, "version: A/0"))]


@pytest.mark.parametrize("relative", [FORM, MANUAL])
def test_a_kept_history_in_order_is_quiet(project: Project, relative: str) -> None:
    _with_history(project, relative, "  - {version: A/0, date: 2026-02-25, change: 首次发布}\n")
    assert check(load_config(project.root)).findings == []


def test_a_change_note_that_is_no_line_of_text_fires_on_a_form(project: Project) -> None:
    _with_history(project, FORM, "  - {version: A/0, date: 2026-02-25, change: \" 首次发布\"}\n")
    assert hits(project, "QD020") == [(FORM, project.line_of(FORM, "首次发布"))]


# --- shown where readers and auditors look ------------------------------------------------------------

def _corpus(project: Project) -> Any:
    checked = check(load_config(project.root))
    assert checked.findings == []
    return checked.corpus


def test_form_page_and_manual_page_show_a_kept_history(project: Project) -> None:
    _with_history(project, FORM, "  - {version: A/0, date: 2026-02-25, by: 人事专员, change: 人员需求表首次发布}\n")
    _with_history(project, MANUAL, "  - {version: A/0, date: 2026-02-25, by: 质量专员, change: 手册首次发布}\n")
    corpus = _corpus(project)
    form = pages.form_page(corpus.forms["QP-02-01-F001"], None, [], pages.Copies())
    manual = pages.manual_page(corpus.manual("QP-03"), "<p>正文</p>", [], pages.Copies())
    for html, note in ((form, "人员需求表首次发布"), (manual, "手册首次发布")):
        table = html[html.index('<h2 id="qms-history">'):]
        assert t("label.history") in table and t("label.revised_by") in table and note in table
    shipped = copy_forms_page(project, "QP-02-02-F001")
    assert 'id="qms-history"' not in shipped  # none kept, none shown


def copy_forms_page(project: Project, code: str) -> str:
    return pages.form_page(_corpus(project).forms[code], None, [], pages.Copies())


def _manual_job(history: tuple[tuple[str, str, str, str], ...]) -> ManualJob:
    return ManualJob(id="QP-03", title="管家服务中心客户服务工作规程", version="A/1", owner="管家服务中心",
                     effective_date=DAY, organisation="测试物业公司",
                     signoffs=(("编制", "质量专员", DAY), ("审核", "经理", DAY), ("批准", "总经理", DAY)),
                     intro_html="<h2>适用范围</h2><p>本手册适用于管家服务中心。</p>", history=history)


HISTORY = (("A/0", "2026-02-25", "质量专员", "手册首次发布"), ("A/1", DAY, "质量专员", "适用范围删去维修服务"))


def _docx_tables(data: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "copy.docx"
    path.write_bytes(data)
    return [[cell.text for row in table.rows for cell in row.cells] for table in docx.Document(str(path)).tables]


def test_word_manual_copy_shows_its_history(tmp_path: Path) -> None:
    tables = _docx_tables(build_manual(_manual_job(HISTORY)), tmp_path)
    kept = [cells for cells in tables if "适用范围删去维修服务" in cells]
    assert len(kept) == 1 and "手册首次发布" in kept[0] and t("label.revised_by") in "".join(kept[0])
    path = tmp_path / "copy.docx"
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert t("label.history") in headings
    assert not any("手册首次发布" in cells for cells in _docx_tables(build_manual(_manual_job(())), tmp_path))


def test_word_manual_copy_from_the_project_carries_the_kept_history(project: Project) -> None:
    from sitebuild import export_docx

    _with_history(project, MANUAL, "  - {version: A/0, date: 2026-02-25, by: 质量专员, change: 手册首次发布}\n")
    out = export_docx(project, only=["QP-03"])
    data = (out / "manuals" / "QP-03.docx").read_bytes()
    assert any("手册首次发布" in cells for cells in _docx_tables(data, tmp_path=project.root))


def test_pdf_manual_copy_shows_its_history(tmp_path: Path) -> None:
    pdf = tmp_path / "manual.pdf"
    pdf.write_bytes(manual_pdf(_manual_job(HISTORY)))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert "适用范围删去维修服务" in text and "手册首次发布" in text and t("label.history") in text


def test_a_blank_forms_word_copy_stays_the_bare_form(tmp_path: Path) -> None:
    """A form's copy is what people fill in: its 修订记录 is on the site, not on the sheet."""
    job = FormJob(id="QP-02-01-F001", title="人员需求表", version="A/1", owner="", retention="3 年", landscape=False,
                  fields=(("申请部门", 1, "half"),), columns=(), rows=0, signatures=("部门主管",),
                  organisation="测试物业公司", date=None)
    assert "history" not in {f.name for f in FormJob.__dataclass_fields__.values()}
    texts = "".join("".join(cells) for cells in _docx_tables(build_form(job), tmp_path))
    assert t("label.revised_by") not in texts


@pytest.mark.slow
def test_site_form_and_manual_pages_show_the_released_notes(repo: Project) -> None:
    from sitebuild import mkdocs_build, page

    repo.replace(FORM, "retention: 3 年", "retention: 5 年")
    assert qmsdoc(repo.root, "release", "QP-02-01-F001", "--by", "总经理", "--change", "表单改版说明",
                  "--date", DAY).returncode == 0
    repo.replace(MANUAL, "投诉受理、维修服务", "投诉受理")
    assert qmsdoc(repo.root, "release", "QP-03", "--by", "总经理", "--change", "手册改版说明",
                  "--date", DAY).returncode == 0
    commit(repo.root, "发布表单与手册首页")
    build = mkdocs_build(repo.root)
    assert build.returncode == 0, build.stderr
    form = page(repo.root, "forms/QP-02-01-F001")
    manual = page(repo.root, "qp-service")
    assert "表单改版说明" in form[form.index('id="qms-history"'):]
    assert "手册改版说明" in manual[manual.index('id="qms-history"'):]
