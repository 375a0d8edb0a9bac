"""What people see of reading assignments (#29): the 学习确认 page and a document's line in a real build and a real
Chromium at 390 px (names typed by people stay text), and the 学习签到表 as LibreOffice prints it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browsers import chromium

from conftest import CliRun, Project, commit, office_profile, run_cli

pytestmark = pytest.mark.slow

DOC = "manuals/qp-service/QP-03-02.md"
ODD = "**质检部** &amp; [x](javascript:alert(1))"  # a department that looks like Markdown and HTML
HOSTILE = ["**王五**", '=HYPERLINK("http://x","点我")', "&lt;script&gt;", "@SUM(1)", "赵六{{ x }}"]


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


@pytest.fixture
def built(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """QP-03-02 revised and released as A/1 (git saw both versions), read by 客服部 (people with names that look
    like markup or formulas), not by 管家服务中心, and built after the due date."""
    repo.replace(DOC, "review_months: 24\n", f"review_months: 24\nacknowledge: [客服部, 管家服务中心, '{ODD}']\n")
    commit(repo.root, "QP-03-02 须由客服部、管家服务中心学习确认")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-06-10")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "明确足额收取",
                      "--date", "2026-06-10", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    commit(repo.root, "发布 QP-03-02 A/1")
    sheet = repo.write("签到表.csv", "姓名,部门,日期\n" + "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",客服部,2026-06-11\n' for name in HOSTILE))
    monkeypatch.setenv("QMSDOC_TODAY", "2026-07-01")
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--from-csv", str(sheet)).returncode == 0
    result = qmsdoc(repo, "build")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    return repo


def test_the_page_and_the_document_line_show_each_department(built: Project) -> None:
    page = built.read("build/site/acknowledgements/index.html")
    rows = re.findall(r"<tr><td[^>]*><a href=\"[^\"]*\">QP-03-02</a>.*?</tr>", page)
    assert len(rows) == 3
    kf, gj, odd = rows
    assert html.escape(ODD) in odd and "javascript" not in odd.replace(html.escape(ODD), "")
    assert "客服部" in kf and "qms-ack-confirmed" in kf and "已确认" in kf
    assert "管家服务中心" in gj and "qms-ack-overdue" in gj and "逾期 7 天" in gj  # due 2026-06-24, today 07-01
    for name in HOSTILE:
        assert html.escape(name) in kf  # as text: no markup, no entity decoded into a tag
    assert "<script>" not in kf and "&lt;script&gt;" not in kf.replace("&amp;lt;script&amp;gt;", "")
    assert 'href="../history/QP-03-02/#diff-A-1"' in page and 'href="../docx/signin/QP-03-02.docx"' in page
    document = built.read("build/site/qp-service/QP-03-02/index.html")
    line = re.search(r'<p class="qms-ack-line[^"]*"[^>]*>.*?</p>', document)
    assert line is not None
    assert f"本版本需 客服部、管家服务中心、{html.escape(ODD)} 学习确认：1/3 已确认" in line.group(0)
    assert 'href="../../history/QP-03-02/#diff-A-1"' in line.group(0)  # the redline of the change
    history = built.read("build/site/history/QP-03-02/index.html")
    assert 'id="diff-A-1"' in history  # the anchor the link lands on
    assert built.path("build/site/docx/signin/QP-03-02.docx").is_file()


@pytest.mark.browser
def test_the_page_fits_a_phone_and_names_stay_text(built: Project, artifacts: Path) -> None:
    from sitecrawl import served

    with served(built.root / "build" / "site") as site, chromium() as browser:
        for width in (1280, 390):
            tab = browser.new_page(viewport={"width": width, "height": 900})
            tab.goto(f"{site}acknowledgements/")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            people = tab.locator("table.qms-acknowledgements tbody tr").first.locator("td").nth(5).inner_text()
            assert all(name in people for name in HOSTILE)
            table = tab.locator("table.qms-acknowledgements")
            assert table.locator("strong, script, a[href^=javascript]").count() == 0
            assert ODD in table.locator("tbody tr").nth(2).inner_text()
            tab.screenshot(path=str(artifacts / f"acknowledgements-{width}.png"), full_page=True)
            tab.goto(f"{site}qp-service/QP-03-02/")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            assert f"{ODD} 学习确认：1/3 已确认" in tab.locator(".qms-ack-line").inner_text()
            tab.screenshot(path=str(artifacts / f"acknowledgement-line-{width}.png"))
            tab.locator(".qms-ack-line a", has_text="本次修订对照").click()
            tab.wait_for_url("**/history/QP-03-02/#diff-A-1")
            tab.close()


@pytest.mark.office
def test_libreoffice_prints_the_sign_in_sheet(built: Project, tmp_path: Path, artifacts: Path) -> None:
    assert shutil.which("soffice") and shutil.which("pdftoppm"), "run the README test command to install them"
    sheet = built.path("build/docx/signin/QP-03-02.docx")
    result = subprocess.run(["soffice", office_profile(tmp_path), "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(sheet)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "QP-03-02.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count("\f") == 1  # one A4 page: the info block and 20 rows to sign
    for expected in ("文件学习签到表", "QP-03-02", "催收工作规程", "A/1", "明确足额收取", "客服部、管家服务中心",
                     "(javascript:alert(1))", "2026-06-24", "姓名", "签名"):
        assert expected in text, expected
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(artifacts / "word-signin")],
                   check=True)
