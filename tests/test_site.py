"""Integration tests: the real `mkdocs build` with Material on copies of the shipped manuals."""

from __future__ import annotations

import hashlib
import json
import re
import time

import docx
import pytest

from qmsdoc.core import check, load_config

from conftest import Project
from sitebuild import mkdocs_build, page

DOC = "manuals/qp-hr/QP-02-03.md"
DOC1 = "manuals/qp-hr/QP-02-01.md"


def _built(project: Project) -> None:
    result = mkdocs_build(project.root)
    assert result.returncode == 0, result.stderr[-3000:]


def _backlinks(html: str) -> str:
    return html.split('id="qms-backlinks"', 1)[1].split("</article>", 1)[0]


def _nav(html: str) -> str:
    return html.split('class="md-nav md-nav--primary"', 1)[1].split("md-sidebar--secondary", 1)[0]


def test_document_page_has_control_block_history_and_backlinks(project: Project) -> None:
    _built(project)
    html = page(project.root, "qp-hr/QP-02-03")
    control = html.split('class="qms-control"', 1)[1].split("</table>", 1)[0]
    for expected in ("QP-02-03", "A/1", "员工离职管理工作规程", "现行有效", "2026-03-01", "管家服务中心", "2027-03-01"):
        assert expected in control
    signoff = html.split('class="qms-signoff"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"质量专员<br><small><time [^>]*>2026-02-10", signoff)
    assert re.search(r"总经理<br><small><time [^>]*>2026-02-25", signoff)
    article = html.split("<article", 1)[1]
    assert article.index('class="qms-control"') < article.index("1.0 目的") < article.index('id="qms-history"')
    history = html.split('id="qms-history"', 1)[1].split("</table>", 1)[0]
    assert "A/0" in history and "增加辞退条款及离职面谈要求" in history
    backlinks = html.split('id="qms-backlinks"', 1)[1].split("</ul>", 1)[0]
    assert "QP-02-01" not in backlinks  # QP-02-01 does not cite QP-02-03
    assert "Traceback" not in html


def test_references_become_links_with_title_id_and_version(project: Project) -> None:
    _built(project)
    html = page(project.root, "qp-hr/QP-02-03")
    assert re.search(r'<a class="qms-ref" data-ref="QP-02-01" href="\.\./QP-02-01/">'
                     r'<span class="qms-ref-title">《招聘与录用管理工作规程》</span>'
                     r' <span class="qms-ref-id">QP-02-01</span> <span class="qms-ref-version">A/0</span></a>', html)
    assert 'href="../../forms/QP-02-03-F001/"' in html
    assert "qms:" not in html and "[[" not in html
    backlinks = page(project.root, "qp-hr/QP-02-01").split('id="qms-backlinks"', 1)[1].split("</ul>", 1)[0]
    assert "QP-02-02" in backlinks and "QP-02-03" in backlinks


def test_register_forms_and_obsolete_pages(project: Project) -> None:
    project.revise(DOC1, "status: effective", "status: obsolete\nsuperseded_by: QP-02-03")
    for other in ("manuals/qp-hr/QP-02-02.md", DOC):
        project.revise(other, "- [[QP-02-01]]", "- 《招聘与录用管理工作规程》（已作废）")
    project.revise("manuals/qp-hr/QP-02-02.md", "[[QP-02-01-F003]]", "[[QP-02-03-F001]]")
    result = mkdocs_build(project.root)
    # Forms owned by the obsolete procedure are orphans: a warning, which --strict turns into a failure.
    assert result.returncode == 1 and "QD153" in result.stderr
    result = mkdocs_build(project.root.parent / "project", "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]

    register = page(project.root, "register")
    rows = re.findall(r'<tr data-status="(\w+)"><td data-sort="([^"]+)">', register)
    assert ("obsolete", "QP-02-01") in rows and ("effective", "QP-02-03") in rows
    corpus = check(load_config(project.root)).corpus
    published = [d for d in corpus.documents.values() if d.status != "draft"]
    assert len(rows) == len(corpus.manuals) + len(published) + len(corpus.forms)  # each manual page too
    assert not any(code == "DY/AQ-018" for _, code in rows)  # a draft, not published by default
    obsolete = page(project.root, "qp-hr/QP-02-01")
    assert "qms-banner-obsolete" in obsolete and "《员工离职管理工作规程》" in obsolete.split("qms-banner-obsolete")[1]
    current_nav = _nav(page(project.root, "qp-hr/QP-02-03"))
    assert "QP-02-01 招聘" not in current_nav and "QP-02-02 试用转正" in current_nav
    listing = page(project.root, "obsolete")
    assert 'href="../qp-hr/QP-02-01/"' in listing
    form = page(project.root, "forms/QP-02-03-F002")
    assert "员工离职交接清单" in form and "交接项目" in form and form.count("<tr><td></td>") >= 8
    assert "《员工离职管理工作规程》" in form.split('id="qms-backlinks"')[1]
    index = page(project.root, "forms")
    in_force = [f for f in corpus.forms.values() if f.status.is_controlled]
    assert len(in_force) < len(corpus.forms)  # QP-02-01's forms went out of use with it
    assert index.count('class="qms-ref"') == 2 * len(in_force)  # each form in force, with its owner
    assert "QP-02-01-F001" not in index and 'href="../forms/QP-02-01-F001/"' in listing  # listed as withdrawn


def test_drafts_hidden_by_default_and_previewed_with_banner(project: Project) -> None:
    project.replace(DOC, "status: effective", "status: draft")
    project.replace("manuals/qp-hr/QP-02-02.md", "status: effective", "status: draft")
    project.replace(DOC1, "status: effective", "status: draft")
    _built(project)
    assert not (project.root / "build/site/qp-hr/QP-02-03/index.html").exists()
    assert "QP-02-03" not in page(project.root, "register").split("<tbody>")[1].split("QP-02-01-F001")[0]
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
    _built(project)
    draft = page(project.root, "qp-hr/QP-02-03")
    assert "qms-banner-draft" in draft and "草稿" in draft


def test_overdue_review_banner(project: Project) -> None:
    project.revise(DOC, "review_months: 12", "review_months: 1")
    result = mkdocs_build(project.root, "--no-strict")
    assert result.returncode == 0 and "QD180" in result.stderr
    assert "qms-banner-review" in page(project.root, "qp-hr/QP-02-03")
    assert "qms-banner-review" not in page(project.root, "qp-hr/QP-02-01")


def test_navigation_sections_in_control_number_order(project: Project) -> None:
    project.write("manuals/qp-hr/QP-02-10.md", project.read(DOC).replace("id: QP-02-03", "id: QP-02-10")
                  .replace("title: 员工离职管理工作规程", "title: 第十号规程"))
    for n in (1, 2, 3):
        code = f"QP-02-03-F00{n}"
        project.replace("manuals/qp-hr/QP-02-10.md", f"[[{code}]]", "表单")
    project.restamp("manuals/qp-hr/QP-02-10.md")
    result = mkdocs_build(project.root, "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    nav = _nav(page(project.root, "qp-hr/QP-02-10"))
    positions = [nav.index(code) for code in ("QP-02-01 ", "QP-02-02 ", "QP-02-03 ", "QP-02-10 ")]
    assert positions == sorted(positions)
    assert nav.index("管家服务中心人事工作规程") < nav.index("质量记录表单") < nav.index("受控文件清单")


def test_rule_errors_fail_the_build_listing_file_line_code(project: Project) -> None:
    project.replace(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")
    result = mkdocs_build(project.root)
    assert result.returncode == 1
    line = project.line_of(DOC, "[[QP-02-99]]")
    assert f"{DOC}:{line}: error QD130" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fault", ["warning"])
def test_warnings_go_through_the_plugin_logger_and_strict_counts_them(project: Project, fault: str) -> None:
    project.revise(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见 QP-02-01。")
    result = mkdocs_build(project.root)
    assert result.returncode == 1
    assert "WARNING -  qmsdoc: manuals/qp-hr/QP-02-03.md" in result.stderr and "QD170" in result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_edit_then_rebuild_keeps_cross_document_state(project: Project) -> None:
    _built(project)
    assert "QP-02-03" not in _backlinks(page(project.root, "qp-hr/QP-02-02"))
    project.revise("manuals/qp-hr/QP-02-02.md", "- [[QP-02-01]]", "- [[QP-02-01]]\n- [[QP-02-03]]")
    project.revise(DOC, "title: 员工离职管理工作规程", "title: 员工离职与交接管理工作规程")
    _built(project)
    assert "QP-02-02" in _backlinks(page(project.root, "qp-hr/QP-02-03"))
    assert "员工离职与交接管理工作规程" in page(project.root, "register")
    assert "《员工离职与交接管理工作规程》" in page(project.root, "qp-hr/QP-02-02")


def test_pages_link_their_word_and_pdf_copies(project: Project) -> None:
    _built(project)
    for kind, suffix, magic in (("docx", ".docx", b"PK"), ("pdf", ".pdf", b"%PDF")):  # the default build writes both
        html = page(project.root, "qp-hr/QP-02-03")
        assert f'href="../../{kind}/documents/QP-02-03{suffix}"' in html
        site_copy = project.root / f"build/site/{kind}/documents/QP-02-03{suffix}"
        build_copy = project.root / f"build/{kind}/documents/QP-02-03{suffix}"
        assert site_copy.read_bytes() == build_copy.read_bytes() and site_copy.read_bytes().startswith(magic)
        assert f'href="../../{kind}/forms/QP-02-02-F002{suffix}"' in page(project.root, "forms/QP-02-02-F002")
        assert f'href="../{kind}/forms/QP-02-02-F002{suffix}"' in page(project.root, "forms")  # the forms index
        manual = page(project.root, "qp-hr")
        assert f'href="../{kind}/manuals/QP-02{suffix}"' in manual  # the whole manual
        assert f'href="../{kind}/documents/QP-02-03{suffix}"' in manual  # and each document in its list
        assert (project.root / f"build/{kind}/manuals/QP-02{suffix}").is_file()
    assert "下载 PDF 受控副本" in page(project.root, "qp-hr/QP-02-03")


def test_pages_link_no_pdf_copy_when_none_is_written(project: Project) -> None:
    project.replace("qmsdoc.yml", "pdf_copies: true", "pdf_copies: false")
    _built(project)
    for url in ("qp-hr/QP-02-03", "forms/QP-02-02-F002", "forms", "qp-hr"):
        html = page(project.root, url)
        assert "/docx/" in html and "/pdf/" not in html and "PDF" not in html, url
    assert not (project.root / "build/site/pdf").exists()


def test_dirty_rebuild_updates_exactly_the_affected_pages(project: Project) -> None:
    _built(project)
    site = project.root / "build/site"
    unrelated = site / "kf/KF0305/index.html"
    citing = site / "qp-hr/QP-02-02/index.html"
    stamp = unrelated.stat().st_mtime_ns
    time.sleep(0.05)
    project.revise("manuals/qp-hr/QP-02-01.md", "title: 招聘与录用管理工作规程", "title: 人员招聘与录用管理工作规程")
    result = mkdocs_build(project.root, "--dirty", "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "《人员招聘与录用管理工作规程》" in citing.read_text("utf-8")  # a page citing the edited one
    assert "人员招聘与录用管理工作规程" in page(project.root, "register")
    assert "人员招聘与录用管理工作规程" in page(project.root, "qp-hr/QP-02-01")
    assert unrelated.stat().st_mtime_ns == stamp  # not rebuilt
    word = docx.Document(str(project.root / "build/docx/documents/QP-02-01.docx"))
    assert word.paragraphs[0].text == "人员招聘与录用管理工作规程"
    # The manifest describes the files as they are now, rewritten or not (hashes may come from its cache).
    files = json.loads((project.root / "build/manifest.json").read_text("utf-8"))["files"]
    assert len(files) > 50
    for entry in files:
        assert entry["sha256"] == hashlib.sha256((project.root / "build" / entry["path"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("upgraded", [False, True])
def test_a_dirty_build_after_an_upgrade_of_qmsdoc_writes_every_page_again(
        project: Project, monkeypatch: pytest.MonkeyPatch, upgraded: bool) -> None:
    """The pages' fingerprints hold the code that writes them: new page code (an upgrade) leaves no page in the old
    markup beside the new; the same code rewrites nothing unchanged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config

    from qmsdoc.site import site_model

    _built(project)
    unrelated = project.root / "build/site/kf/KF0305/index.html"
    stamp = unrelated.stat().st_mtime_ns
    time.sleep(0.05)
    if upgraded:
        monkeypatch.setattr(site_model, "page_code", lambda: "the next release of qmsdoc")
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = mkdocs_config(str(project.root / "mkdocs.yml"), strict=False)  # MkDocs warns of any dirty build
    config.plugins.on_startup(command="build", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_shutdown()
    assert (unrelated.stat().st_mtime_ns != stamp) is upgraded


def test_mkdocs_builds_no_markdown_converter_for_pages_the_core_renders(project: Project,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page of the site is rendered from the core's parse: MkDocs' own render (a Markdown converter with every
    extension of mkdocs.yml, per page) is left out, and the pages still carry their table of contents."""
    import markdown

    from qmsdoc.cli import main

    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    made: list[int] = []
    real_init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, *args: object, **kwargs: object) -> None:
        made.append(1)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(markdown.Markdown, "__init__", counted)
    assert main(["build", str(project.root), "--only", "site"]) == 0
    pages = list((project.root / "build" / "site").rglob("index.html"))
    assert len(pages) > 20 and len(made) < 5  # the core's own converters, not one per page
    html = page(project.root, "qp-hr/QP-02-03")
    toc = html.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert "2.0 适用范围" in toc
