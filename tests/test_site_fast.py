"""The site adapter in the fast tier: a small factory-made project (bench/corpus.py, the benchmark's own
generator) built in-process through `qmsdoc build`, each page checked against the loaded corpus.
The whole shipped site is covered by the slow tier (test_site.py, test_browser.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from sitecrawl import badge_texts

from bench.corpus import generate
from qmsdoc.core import check, load_config
from qmsdoc.core.loader import load_corpus
from qmsdoc.core.model import Corpus
from qmsdoc.core.paths import docx_relative

from conftest import Project, run_cli

DOCUMENTS = 6


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("factory") / "project"
    generate(root, DOCUMENTS)
    result = run_cli("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, check(load_config(root)).corpus


def _page(root: Path, url: str) -> str:
    return (root / "build" / "site" / url / "index.html").read_text("utf-8")


def _nav_links(html: str) -> set[str]:
    primary = html.split('class="md-sidebar md-sidebar--primary"', 1)[1]
    nav = primary.split('class="md-sidebar md-sidebar--secondary"', 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_every_published_document_has_its_control_block(built: tuple[Path, Corpus]) -> None:
    root, corpus = built
    published = [d for d in corpus.sorted_documents() if d.status.is_published]
    assert published and any(d.status.is_unapproved for d in corpus.documents.values())  # the factory mixes them
    for document in published:
        manual = document.manual
        assert manual is not None
        html = _page(root, f"{manual.folder}/{document.id}")
        control = html.split('class="qms-control"', 1)[1].split("</table>", 1)[0]
        assert f'data-doc-id="{document.id}"' in html
        assert str(document.version) in control and document.title in html
        assert docx_relative(document.id, form=False) in html  # the Word copy is linked


def test_drafts_are_not_published_and_obsolete_documents_are_out_of_the_navigation(
        built: tuple[Path, Corpus]) -> None:
    root, corpus = built
    site = root / "build" / "site"
    for document in corpus.documents.values():
        assert document.manual is not None
        page = site / document.manual.folder / document.id / "index.html"
        assert page.is_file() == document.status.is_published, document.id
    manual = corpus.manuals[0]
    links = _nav_links(_page(root, manual.folder))  # the manual's home: every document is a link from here
    for document in corpus.documents.values():
        in_nav = any(f"{document.id}/" in link for link in links)
        assert in_nav == document.status.is_controlled, document.id
        if document.status.is_obsolete:
            assert not in_nav
            assert "qms-banner-obsolete" in _page(root, f"{document.manual.folder}/{document.id}")


def test_register_lists_every_manual_and_published_document_and_form(built: tuple[Path, Corpus]) -> None:
    root, corpus = built
    page = _page(root, "register")
    rows = re.findall(r'<tr data-status="(\w+)"><td data-sort="([^"]+)">', page)
    expected = [(m.approval_status.value, m.id) for m in corpus.sorted_manuals()]
    expected += [(t.status.value, t.id) for t in corpus.sorted_targets() if t.status.is_published]
    assert sorted(rows) == sorted(expected)
    assert rows[:len(corpus.manuals)] == expected[:len(corpus.manuals)]  # the manuals first
    for manual in corpus.manuals:  # each manual's number links to the manual's own page
        assert f'<td data-sort="{manual.id}"><a href="../{manual.folder}/">{manual.id}</a></td>' in page


def test_each_form_has_a_page_with_its_fields(built: tuple[Path, Corpus]) -> None:
    root, corpus = built
    assert corpus.forms
    for form in corpus.sorted_forms():
        html = _page(root, f"forms/{form.id}")
        assert form.title in html
        for field in form.fields:
            assert field.label in html, (form.id, field.label)


def test_no_date_in_a_generated_table_can_break_at_its_hyphens(built: tuple[Path, Corpus]) -> None:
    """Every date qmsdoc writes into its tables (control blocks, sign-off, registers, listings, revision history)
    is one <time class="qms-date">, which the stylesheet keeps on one line: a narrow column showed 2026-⏎12-19."""
    root, _ = built
    site = root / "build" / "site"
    css = (site / "assets" / "qmsdoc" / "qmsdoc.css").read_text("utf-8")
    assert re.search(r"time\.qms-date\s*\{[^}]*white-space:\s*nowrap", css)
    loose: dict[str, list[str]] = {}
    for path in sorted(site.rglob("index.html")):
        html = path.read_text("utf-8")
        for table in re.findall(r'<table class="qms-[^"]*".*?</table>', html, re.S):
            bare = re.sub(r'<time class="qms-date" datetime="([\d-]+)">\1</time>', "", table)
            if found := re.findall(r"\d{4}-\d{2}-\d{2}", bare):
                loose.setdefault(path.relative_to(site).parent.as_posix(), []).extend(found)
    assert len(list(site.rglob("index.html"))) > DOCUMENTS and not loose, loose


def test_a_blank_form_head_keeps_its_number_title_and_version_apart(built: tuple[Path, Corpus]) -> None:
    """The search text of a form page (result snippets) read "QM-06-F01Weight Calibration RecordVersion A/0"."""
    from qmsdoc.search.records import text_of

    root, corpus = built
    assert corpus.forms
    for form in corpus.sorted_forms():
        head = _page(root, f"forms/{form.id}").split('class="qms-sheet-head"', 1)[1].split("</div>", 1)[0]
        assert text_of("<div" + head).startswith(f"{form.id} {form.title} "), head


@pytest.mark.parametrize("only", ["site", "site,pdf", "site,word"])
def test_a_site_links_only_the_copies_its_build_made(tmp_path: Path, only: str) -> None:
    """`qmsdoc build --only site` linked every page's Word copy (and 学习签到表) though it wrote none: each a 404."""
    import posixpath
    from urllib.parse import unquote

    root = tmp_path / "project"
    generate(root, DOCUMENTS)
    result = run_cli("build", "--only", only, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "build" / "site"
    dead: set[str] = set()
    for path in site.rglob("index.html"):
        folder = path.parent.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#?]+\.(?:docx|pdf))"', path.read_text("utf-8")):
            target = posixpath.normpath(posixpath.join(folder, unquote(href)))
            if not (site / target).is_file():
                dead.add(target)
    assert not dead, sorted(dead)[:5]
    if "word" in only:  # the copies that were made are still offered
        assert any("docx/" in path.read_text("utf-8") for path in site.rglob("index.html"))


@pytest.mark.parametrize("copies", [False, True])
def test_the_build_names_the_word_copies_only_when_it_wrote_them(tmp_path: Path, copies: bool) -> None:
    """With `word_copies: false` (and `pdf_copies: false`) the build wrote no build/docx, yet said
    「已构建：…/site（网站）、…/docx（Word）、register.xlsx、manifest.json」."""
    from bench.corpus import without_copies

    root = tmp_path / "project"
    generate(root, DOCUMENTS)
    if not copies:
        without_copies(root)
    else:  # the PDF copies need fonts this machine may lack: the Word copies alone
        (root / "qmsdoc.yml").write_text((root / "qmsdoc.yml").read_text("utf-8").replace(
            "pdf_copies: true", "pdf_copies: false"), "utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "build" / "docx").is_dir() is copies
    assert ("docx" in result.stdout) is copies, result.stdout


def test_a_revisions_preview_claims_no_version_of_its_own(project: Project) -> None:
    """The draft keeps the current version's number until its release numbers it: the preview's control block
    says it is the revision, not version A/x beside the page of the real A/x."""
    from qmsdoc.site.pages import Copies, control_block, revision_page

    document = check(load_config(project.root)).corpus.documents["QP-02-03"]
    preview = revision_page(document, document, "<p>正文</p>", "", "../../qp-hr/QP-02-03/")
    shown = re.search(r'<td class="qms-version">([^<]*)</td>', preview)
    assert shown and shown.group(1) == f"修订稿（现行 {document.version}，发布时升版）"
    page = re.search(r'<td class="qms-version">([^<]*)</td>', control_block(document, Copies()))
    assert page and page.group(1) == str(document.version)


def test_a_palette_toggle_is_named_in_the_project_language_by_the_scheme_it_switches_to() -> None:
    from qmsdoc.core import i18n
    from qmsdoc.site.theme import name_palette_toggles

    theme = {"palette": [{"scheme": "default", "toggle": {"icon": "material/weather-night"}},
                         {"scheme": "slate", "toggle": {}},
                         {"scheme": "custom", "toggle": {"name": "Mine", "icon": "material/x"}}, {"scheme": "slate"}]}
    with i18n.using("en"):
        name_palette_toggles(theme)
    light, dark, named, plain = theme["palette"]
    assert light["toggle"] == {"icon": "material/weather-night", "name": "Switch to the dark scheme"}
    assert dark["toggle"] == {"name": "Switch to the light scheme", "icon": "material/brightness-7"}
    assert named["toggle"] == {"name": "Mine", "icon": "material/x"}  # what mkdocs.yml says is kept
    assert "toggle" not in plain
    name_palette_toggles({"palette": {"scheme": "slate", "primary": "teal"}})  # one scheme, no toggle: nothing to do


@pytest.mark.parametrize(("day", "pending"), [("2026-02-27", True), ("2026-03-01", False)])
def test_a_page_of_a_version_not_yet_effective_says_from_when_it_applies(project: Project, day: str,
                                                                         pending: bool) -> None:
    """QP-03-01 A/1 was approved on 2026-02-25 to take effect on 2026-03-01: a site built in between showed it as
    现行有效 with nothing saying A/0 was still the version to work to. The banner is dated, so it stays true when
    the page is read after that day."""
    import datetime as dt

    from qmsdoc.site import pages

    document = check(load_config(project.root)).corpus.documents["QP-03-01"]
    shown = pages.banners(document, None, dt.date.fromisoformat(day))
    assert ("尚未生效" in shown) is pending, shown
    if pending:
        assert 'datetime="2026-03-01"' in shown and "现行版本为 A/0" in shown, shown


WAITING = "已批准（2026-03-01 起生效；现行仍为 A/0）"


"""QP-03-01 A/1's status before its effective date: the register's version column shows A/1, so the status names the
version in force until then."""


def test_a_waiting_first_version_names_no_version_in_force_before_it(project: Project) -> None:
    """A version whose 修订记录 keeps none before it (a first release effective later): nothing was in force."""
    import datetime as dt

    source = project.path("manuals/qp-service/QP-03-01.md")
    source.write_text(re.sub(r"  - \{version: A/0,[^\n]*\n", "", source.read_text("utf-8")), "utf-8")
    document = load_corpus(load_config(project.root)).documents["QP-03-01"]
    assert document.status_on(dt.date(2026, 2, 27)) == "已批准（2026-03-01 起生效）"


@pytest.mark.parametrize(("day", "pending"), [("2026-02-27", True), ("2026-03-01", False)])
def test_the_status_of_a_version_not_yet_effective_is_not_in_force_beside_its_banner(project: Project, day: str,
                                                                                    pending: bool) -> None:
    """The banner said 尚未生效 and the control block under it 现行有效: the page contradicted itself."""
    import datetime as dt

    from qmsdoc.site import pages

    document = check(load_config(project.root)).corpus.documents["QP-03-01"]
    page = pages.document_page(document, "<p>正文</p>", [], None, dt.date.fromisoformat(day), pages.Copies())
    assert badge_texts(page)[:1] == [WAITING if pending else "现行有效"], page
    manual = document.manual
    assert manual is not None
    listing = pages.manual_page(manual, "<p>正文</p>", [document], pages.Copies(), today=dt.date.fromisoformat(day))
    shown = badge_texts(listing)
    assert (WAITING in shown) is pending and ("现行有效" in shown) is not pending, listing


@pytest.mark.parametrize(("day", "pending"), [("2026-02-27", True), ("2026-03-01", False)])
def test_the_registers_call_a_version_not_yet_effective_approved_not_current(project: Project, day: str,
                                                                             pending: bool) -> None:
    """The 受控文件清单 of a day (register.csv / .xlsx and the site's page) listed QP-03-01 A/1 as 现行有效 on
    2026-02-27, two days before its effective date; register --as-of of that day lists A/0 in force."""
    import datetime as dt

    from qmsdoc.records.register import register_rows
    from qmsdoc.site import pages

    corpus, today = check(load_config(project.root)).corpus, dt.date.fromisoformat(day)
    row = next(r for r in register_rows(corpus, project.root, project.path("build/docx"), today) if r[0] == "QP-03-01")
    page = pages.register_page([corpus.documents["QP-03-01"]], today)
    # the status filter (qmsdoc.js keeps the rows whose data-status is the option chosen) has the waiting state as
    # an option of its own, and 现行有效 does not pick the version not yet in force
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', page)
    if pending:
        assert row[4] == WAITING and WAITING in badge_texts(page), row
        assert ">现行有效</span>" not in page
        assert re.findall(r'<tr data-status="([^"]*)">', page) == ["approved"]
        assert options == [("", "全部状态"), ("approved", "已批准")], options
    else:
        assert row[4] == "现行有效" and ">现行有效</span>" in page and "起生效" not in page, row
        assert re.findall(r'<tr data-status="([^"]*)">', page) == ["effective"]
        assert options == [("", "全部状态"), ("effective", "现行有效")], options


@pytest.mark.parametrize(("day", "pending"), [("2026-02-27", True), ("2026-03-01", False)])
def test_the_latest_version_is_not_called_current_before_it_takes_effect(repo: Project, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch, day: str,
                                                                          pending: bool) -> None:
    """`qmsdoc copy QP-03-01 --version A/1` and the version-history page (one `latest_label`) called A/1 the
    现行版本 on 2026-02-27, two days before its effective date."""
    import datetime as dt

    from qmsdoc.core.versions import latest_label

    monkeypatch.setenv("QMSDOC_TODAY", day)
    done = run_cli("copy", "QP-03-01", "--version", "A/1", "--out", str(tmp_path / "a1.docx"), cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("现行版本" in done.stdout) is not pending and ("2026-03-01 起生效" in done.stdout) is pending, done.stdout
    document = check(load_config(repo.root)).corpus.documents["QP-03-01"]
    assert latest_label(document, dt.date.fromisoformat(day)) in done.stdout, done.stdout  # the history page's


_LOCAL_URL = re.compile(r'\s(?:href|src)="([^"#?:]+)[^"]*"')


def _dead_links(site: Path) -> dict[str, str]:
    """Every link and image of the built pages that is relative (or root-absolute) and names no file: url → page."""
    dead: dict[str, str] = {}
    for page in site.rglob("*.html"):
        for url in _LOCAL_URL.findall(page.read_text("utf-8")):
            path = unquote(html.unescape(url))
            target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
            if not (target / "index.html" if target.is_dir() else target).is_file():
                dead.setdefault(url, str(page.relative_to(site)))
    return dead


@pytest.mark.parametrize("directory_urls", ["true", "false"])
def test_every_link_in_the_site_reaches_a_page_with_either_url_style(tmp_path: Path, directory_urls: str) -> None:
    """`use_directory_urls: false` (a site opened from a shared folder, file:// has no index pages) gives every page
    `name.html`: a link an author wrote to a generated page (`[清单](register.md)` on the home page) and the 404
    page's way on still led to `register/`, a folder that is not there."""
    root = tmp_path / "project"
    generate(root, DOCUMENTS)
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace("use_directory_urls: true",
                                                        f"use_directory_urls: {directory_urls}"), "utf-8")
    home = root / "manuals" / "index.md"
    links = "\n见 [受控文件清单](register.md)、[作废文件](obsolete.md#top)。\n"
    home.write_text(home.read_text("utf-8") + links, "utf-8")
    result = run_cli("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "build" / "site"
    assert (site / "register.html").is_file() == (directory_urls == "false")  # the setting took
    assert _dead_links(site) == {}
    start = (site / "index.html").read_text("utf-8")
    assert ("register.html" if directory_urls == "false" else "register/") in start
