"""While a document's approved version waits for its effective date, the version in force is the one before: a
reference to it from another document — on the site, in Word and in PDF, all three from the one render — names that
version and its title then, and on the site goes to the page of that version. The day the new one takes effect, the
reference names it and goes to its own page."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import commit, committed_project, copied, run_cli, today_is
from pending_projects import ADDED, APPROVED, built_on, pdf_text, waiting_copy

EFFECTIVE = "2027-01-10"
OLD_TITLE, NEW_TITLE = "招聘与录用管理工作规程", "人员招聘与录用规程"


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git with QP-02-01 A/1 (retitled) approved on APPROVED to take effect on EFFECTIVE;
    QP-02-02 cites it by [[QP-02-01]]."""
    root = committed_project(tmp_path_factory.mktemp("waiting"))
    with today_is(APPROVED):
        assert run_cli("revise", "QP-02-01", "--by", "张三", cwd=root).returncode == 0
        draft = next(root.joinpath("revisions").rglob("*.md"))
        text = draft.read_text("utf-8").replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
        draft.write_text(text + f"\n{ADDED}\n", "utf-8")
        done = run_cli("release", "QP-02-01", "--by", "总经理", "--reviewed-by", "经理", "--change", "改名",
                       "--effective", EFFECTIVE, cwd=root)
        assert done.returncode == 0, done
        commit(root, "QP-02-01 A/1 approved, effective later")
    return root


def _build(waiting: Path, folder: Path, day: str) -> Path:
    root, _ = built_on(waiting, folder, day, "--pdf")
    return root / "build"


@pytest.fixture(scope="module")
def before(waiting: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(waiting, tmp_path_factory.mktemp("before"), APPROVED)


@pytest.fixture(scope="module")
def after(waiting: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(waiting, tmp_path_factory.mktemp("after"), EFFECTIVE)


def _site_reference(build: Path) -> str:
    page = (build / "site/qp-hr/QP-02-02/index.html").read_text("utf-8")
    start = page.index('data-ref="QP-02-01"')
    return page[page.rindex("<a", 0, start):page.index("</a>", start)]


def _word(build: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(build / "docx/documents/QP-02-02.docx")).paragraphs)


def _pdf(build: Path) -> str:
    return pdf_text(build / "pdf/documents/QP-02-02.pdf").replace("\n", "")


def test_a_reference_to_a_waiting_document_names_the_version_in_force_and_links_its_page(before: Path) -> None:
    shown = _site_reference(before)
    assert f"《{OLD_TITLE}》" in shown and ">A/0<" in shown
    assert NEW_TITLE not in shown and ">A/1<" not in shown
    assert 'href="../../history/QP-02-01/A-0/"' in shown  # the page of A/0, the version to work to until then
    assert f"《{OLD_TITLE}》（QP-02-01）" in _word(before)
    assert NEW_TITLE not in _word(before)
    assert f"《{OLD_TITLE}》（QP-02-01）" in _pdf(before)
    assert NEW_TITLE not in _pdf(before)


def test_from_its_effective_date_the_reference_names_the_new_version_and_its_own_page(after: Path) -> None:
    shown = _site_reference(after)
    assert f"《{NEW_TITLE}》" in shown and ">A/1<" in shown
    assert 'href="../QP-02-01/"' in shown
    assert f"《{NEW_TITLE}》（QP-02-01）" in _word(after)
    assert f"《{NEW_TITLE}》（QP-02-01）" in _pdf(after)


@pytest.mark.parametrize(("day", "shown", "href"), [(APPROVED, "A/0", "qms:QP-02-01@A/0"),
                                                    (EFFECTIVE, "A/1", "qms:QP-02-01")])
def test_a_relative_link_to_the_waiting_documents_file_goes_where_its_version_in_force_is(
        waiting: Path, day: str, shown: str, href: str) -> None:
    """A Markdown link to the file (`[…](QP-02-01.md)`) is a reference as `[[QP-02-01]]` is: while A/1 waits, to
    the page of A/0; from A/1's day, to its own page."""
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.core.copyplan import renderer_for

    with today_is(day):
        renderer = renderer_for(check(load_config(waiting)))
        html = renderer.text("见 [招聘](QP-02-01.md) 与 [[QP-02-01]]。", "manuals/qp-hr/QP-02-02.md").html
    assert html.count(f'href="{href}"') == 2, html
    assert f'<span class="qms-ref-version">{shown}</span>' in html, html


@pytest.mark.parametrize(("options", "shown", "not_shown"), [((), NEW_TITLE, OLD_TITLE),
                                                              (("--in-force",), OLD_TITLE, NEW_TITLE)])
def test_a_whole_manual_issued_cites_the_waiting_document_as_the_version_it_holds(
        waiting: Path, tmp_path: Path, options: tuple[str, ...], shown: str, not_shown: str) -> None:
    """Issued as approved, the manual holds QP-02-01 A/1 (retitled): QP-02-02 in it cited the title of A/0, a
    version the copy does not hold. Issued --in-force, it holds A/0 and cites A/0."""
    root = copied(waiting, tmp_path)
    with today_is(APPROVED):
        done = run_cli("issue", "QP-02", "--to", "人事行政部", *options, cwd=root)
    assert done.returncode == 0, done
    issued = next(root.joinpath("issued").glob("QP-02-*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(issued)).paragraphs)
    assert f"《{shown}》（QP-02-01）" in text and f"《{not_shown}》（QP-02-01）" not in text


def test_a_document_issued_alone_cites_the_waiting_document_at_its_version_in_force(waiting: Path,
                                                                                   tmp_path: Path) -> None:
    root = copied(waiting, tmp_path)
    with today_is(APPROVED):
        done = run_cli("issue", "QP-02-02", "--to", "人事行政部", cwd=root)
    assert done.returncode == 0, done
    text = "\n".join(p.text for p in docx.Document(str(next(root.joinpath("issued").glob("*.docx")))).paragraphs)
    assert f"《{OLD_TITLE}》（QP-02-01）" in text and NEW_TITLE not in text


@pytest.fixture(scope="module")
def both_waiting(waiting: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`waiting`, then QP-02-02 A/1 approved to take effect with QP-02-01 A/1 (EFFECTIVE) and QP-02-03 A/1 a day
    before it; both cite [[QP-02-01]]."""
    return waiting_copy(waiting, tmp_path_factory.mktemp("both"), ("QP-02-02", EFFECTIVE, ADDED),
                        ("QP-02-03", "2027-01-09", ADDED))


def test_a_waiting_version_names_the_versions_in_force_from_its_own_effective_date(both_waiting: Path) -> None:
    """QP-02-02 A/1 is in force from EFFECTIVE, when QP-02-01 A/1 is too: its text (its page and its copies, one
    render) names A/1 under its new title; QP-02-03 A/1, in force the day before, names A/0 as it will be then."""
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.core.copyplan import renderer_for

    with today_is(APPROVED):
        result = check(load_config(both_waiting))
        renderer = renderer_for(result)
        same_day = renderer.document(result.corpus.documents["QP-02-02"]).html
        day_before = renderer.document(result.corpus.documents["QP-02-03"]).html
        in_force = renderer.text("见 [[QP-02-01]]。", "manuals/qp-hr/QP-02-04.md").html
    assert f"《{NEW_TITLE}》" in same_day and '<span class="qms-ref-version">A/1</span>' in same_day
    assert 'href="qms:QP-02-01"' in same_day and NEW_TITLE not in day_before
    assert '<span class="qms-ref-version">A/0</span>' in day_before and 'href="qms:QP-02-01@A/0"' in day_before
    assert 'href="qms:QP-02-01@A/0"' in in_force  # the text in force today still names the version in force


def test_the_copy_of_the_waiting_version_names_what_is_in_force_from_its_day(both_waiting: Path,
                                                                              tmp_path: Path) -> None:
    build = _build(both_waiting, tmp_path, APPROVED)
    word = _word(build)
    assert "尚未生效" in word or "起生效" in word  # the waiting version's own copy
    assert f"《{NEW_TITLE}》（QP-02-01）" in word and OLD_TITLE not in word


def test_a_form_page_names_its_waiting_owner_as_a_reference_in_the_text_does(before: Path, after: Path) -> None:
    """The 归口文件 of QP-02-01's form, a generated list, names QP-02-01 as `[[QP-02-01]]` in a text does: while
    A/1 waits, by A/0's title then and the page of A/0; from A/1's day, by its new title and its own page."""
    def owner(build: Path) -> str:
        page = (build / "site/forms/QP-02-01-F001/index.html").read_text("utf-8")
        row = page[page.index('class="qms-control"'):]
        start = row.index('class="qms-ref"')
        return row[row.rindex("<a", 0, start):row.index("</a>", start)]

    held = owner(before)
    assert f"《{OLD_TITLE}》" in held and ">A/0<" in held and NEW_TITLE not in held, held
    assert 'href="../../history/QP-02-01/A-0/"' in held, held
    now = owner(after)
    assert f"《{NEW_TITLE}》" in now and ">A/1<" in now and 'href="../../qp-hr/QP-02-01/"' in now, now
