"""Traditional Chinese (`language: zh-TW`, for the Taiwan and Hong Kong service centres): a new project checks,
releases and builds in it, and nothing qmsdoc itself writes — messages, help, site pages, Word and PDF copies,
registers — holds a Simplified-only character; its document-control words are Taiwan's (品質紀錄, 程序書, 核准);
a sign-in sheet Excel saved in Big5 is read as Big5."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_english import _ours, _texts

from qmsdoc.core import i18n

from conftest import run_cli

# Common characters written only in Simplified Chinese (their Traditional forms differ: 質 記 錄 發 …). 查 and 批
# are written alike in both scripts, so they are not here; 批准 is looked for as a word (Taiwan writes 核准).
SIMPLIFIED = re.compile("[质记录发与这为经审书单门页应现废编标签认订设务负责办项该体会关对时后从数检确]|批准")
# Not text anyone reads: a Word theme's table of fonts by script (its Simplified-script entry is named 宋体) and
# the build's caches (jieba's dictionary, search cache) beside the outputs.
NOT_TEXT = re.compile(r"word/theme/|(^|/)\.")


def _simplified(text: str, *places: Path) -> list[str]:
    return sorted(set(SIMPLIFIED.findall(_ours(text, *places))))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`qmsdoc init --language zh-TW` and the two releases README's set-up shows."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-06")
    made = run_cli("init", "qms", "--language", "zh-TW", "--organisation", "範例公司", cwd=tmp_path)
    assert made.returncode == 0, made
    assert not _simplified(made.stdout + made.stderr, tmp_path), made.stdout
    root = tmp_path / "qms"
    for code in ("QM", "QM-01-F01"):
        released = run_cli("release", code, "--by", "總經理", "--change", "首次發行", cwd=root)
        assert released.returncode == 0, released
        assert not _simplified(released.stdout + released.stderr, tmp_path), released.stdout
    return root


def test_a_traditional_chinese_project_checks_in_traditional_chinese(project: Path, tmp_path: Path) -> None:
    result = run_cli("check", cwd=project)
    assert result.returncode == 0 and "檢查完成：0 個錯誤，0 個警告" in result.stdout, result
    assert not _simplified(result.stdout + result.stderr, tmp_path)
    (project / "manuals" / "qm" / "index.md").write_text(
        (project / "manuals" / "qm" / "index.md").read_text("utf-8") + "\n變更後的內容。\n", "utf-8")
    changed = run_cli("check", cwd=project)  # findings: a released page changed without a release
    assert changed.returncode == 1 and " QD190 " in changed.stdout, changed
    assert not _simplified(changed.stdout + changed.stderr, tmp_path), changed.stdout
    for args in (("--help",), ("release", "--help"), ("build", "--only", "nonsense")):
        said = run_cli(*args, cwd=project)
        assert said.stdout.startswith("用法：") or "用法錯誤" in said.stderr, said
        assert not _simplified(said.stdout + said.stderr, tmp_path), said


def test_a_traditional_chinese_project_builds_with_no_simplified_character_in_what_qmsdoc_wrote(
        project: Path, tmp_path: Path) -> None:
    result = run_cli("build", "--strict", cwd=project)
    assert result.returncode == 0, result
    assert not _simplified(result.stdout + result.stderr, tmp_path), result.stdout
    texts = _texts(project / "build")
    assert any(name.endswith("word/document.xml") for name in texts)
    assert any(name.endswith("word/header1.xml") for name in texts)
    assert any(name.endswith(".pdf") for name in texts)
    found = {name: _simplified(text, tmp_path) for name, text in texts.items() if not NOT_TEXT.search(name)}
    assert not {name: chars for name, chars in found.items() if chars}, found

    page = texts["site/qm/index.html"]
    assert '<html lang="zh-TW"' in page  # Material's own Traditional labels (partials/languages/zh-TW.html)
    assert "手冊編號" in page and "版本" in page
    register = texts["register.csv"]
    assert register.lstrip("\ufeff").startswith("文件編號,文件名稱,") and ",核准," in register, register[:200]
    styles = next(text for name, text in texts.items() if name.endswith("QM.docx!word/styles.xml"))
    assert 'w:eastAsia="zh-TW"' in styles  # Word checks the copy's East Asian text as Traditional Chinese
    # Fonts by the names Windows in Taiwan and Hong Kong installs them under: the conversion had written 宋體 and 黑體,
    # names no font has (宋体/SimSun and 黑体/SimHei are the Simplified names), and Word fell back to another font.
    fonts = set(re.findall(r'w:eastAsia="([^"]*)"', styles))
    assert {"新細明體", "微軟正黑體"} <= fonts and not fonts & {"宋體", "黑體"}, fonts
    # The PDF copy in the Traditional forms of the CJK fonts where the machine has them (fonts-noto-cjk has both).
    if "Noto Serif CJK TC" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        fonts = subprocess.run(["pdffonts", str(project / "build" / "pdf" / "manuals" / "QM.pdf")], capture_output=True,
                               text=True, check=True).stdout
        assert "NotoSerifCJKtc" in fonts and "NotoSansCJKtc" in fonts and "CJKsc" not in fonts, fonts
    typst = (project / "qmsdoc.yml").read_text("utf-8")
    assert "language: zh-TW" in typst and "品質紀錄" in typst  # init wrote the Traditional record heading


def test_the_catalogue_writes_taiwans_document_control_words() -> None:
    """OpenCC's s2twp conversion wrote 質量 for quality, 批准 and 檔案 where Taiwan's quality systems write 品質,
    核准 and 文件: the words fixed by hand stay fixed."""
    language = i18n.languages()["zh-TW"]
    said = "\n".join(language.messages.values())
    # s2twp's slips beside those: 并发布 read as 併發 (concurrency), 只能 as 隻 (a measure word), 换发 as 換髮 (hair),
    # 核準 and 發布 beside the 核准 and 發行 written everywhere else, 記錄 (to record) where a record is meant.
    for wrong in ("質量", "批准", "檔案", "程序檔案", "檔名稱", "天后", "要求籤名", "核準", "發布", "併發行", "隻能",
                  "換髮", "質量紀錄"):
        assert wrong not in said, wrong
    assert language.messages["signoff.approved"] == "核准" and language.messages["signoff.prepared"] == "編制"
    assert language.record_sections[0] == "品質紀錄"
    assert language.messages["act.review.done"].startswith("已記錄 ")  # the verb stays 記錄
    assert not SIMPLIFIED.findall(said)


def test_a_big5_sign_in_sheet_is_read_in_a_traditional_chinese_project(tmp_path: Path) -> None:
    """Excel on a Taiwan Windows saves CSV in Big5, whose bytes are mostly valid GBK too: read as GB18030 the
    names came out as other characters."""
    from qmsdoc.acts.signsheet import read_sheet

    sheet = tmp_path / "signin.csv"
    sheet.write_bytes("序號,姓名,部門,日期,簽名\n1,陳美玲,品保部,2026-12-05,\n".encode("cp950"))
    with i18n.using("zh-TW"):
        rows, problems = read_sheet(sheet, 100_000)
    assert not problems and [(row.person, row.department) for row in rows] == [("陳美玲", "品保部")], problems


def test_a_gbk_sign_in_sheet_is_still_read_in_a_simplified_chinese_project(tmp_path: Path) -> None:
    from qmsdoc.acts.signsheet import read_sheet

    sheet = tmp_path / "signin.csv"
    sheet.write_bytes("序号,姓名,部门,日期,签名\n1,陈美玲,质量部,2026-12-05,\n".encode("gbk"))
    with i18n.using("zh-CN"):
        rows, problems = read_sheet(sheet, 100_000)
    assert not problems and [(row.person, row.department) for row in rows] == [("陈美玲", "质量部")], problems


def test_a_lost_copy_is_replaced_with_the_reason_the_help_offers(project: Path, tmp_path: Path) -> None:
    """The help offered `--reason {遺失,損壞}` and the register took only 遗失/损坏/lost/damaged: the reason a
    catalogue offers is taken, and read back from the register, in every language."""
    issued = run_cli("issue", "QM", "--to", "品保部", "--by", "文管員", cwd=project)
    assert issued.returncode == 0 and "QM-A/0-001" in issued.stdout, issued
    assert "{遺失,損壞}" in run_cli("issue", "--help", cwd=project).stdout
    replaced = run_cli("issue", "QM", "--to", "品保部", "--replaces", "QM-A/0-001", "--reason", "遺失",
                       "--by", "文管員", cwd=project)
    assert replaced.returncode == 0 and "QM-A/0-002" in replaced.stdout, replaced
    assert not _simplified(replaced.stdout + replaced.stderr, tmp_path), replaced.stdout
    assert "void_reason: 遺失" in (project / "distribution.yaml").read_text("utf-8")
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0 and "QD210" not in checked.stdout, checked
    refused = run_cli("issue", "QM", "--to", "品保部", "--replaces", "QM-A/0-002", "--reason", "失竊", cwd=project)
    assert refused.returncode == 2 and "遺失 或 損壞" in refused.stderr, refused  # the quiet side: still checked


@pytest.mark.parametrize(("body", "counted"), [
    ("第一條 交接。\n\n第三條 歸還。\n", [("條", 1), ("條", 3)]),  # a jump QD161 names
    ("第一條 交接。\n\n第二條 歸還。\n\n第十二條 附則。\n", [("條", 1), ("條", 2), ("條", 12)]),
    ("第兩章 總則\n", [("章", 2)]),
    ("第一条 交接。\n", [("条", 1)]),  # Simplified as before
])
def test_traditional_articles_are_counted_as_simplified_ones_are(body: str, counted: list[tuple[str, int]]) -> None:
    """A Taiwan manual's 第一條 … 第三條 was not read as numbered articles: a skipped article went unnoticed."""
    from qmsdoc.core.structure import scan

    assert [(kind, value) for kind, value, *_ in scan(body, 1).chinese_clauses] == counted


@pytest.mark.parametrize(("heading", "parts"), [
    ("第一條 目的與範圍", ["目的與範圍", "目的", "範圍"]),  # one heading naming two required sections
    ("第二節 權責", ["權責"]),
    ("目的与范围", ["目的与范围", "目的", "范围"]),
])
def test_a_traditional_heading_names_its_sections(heading: str, parts: list[str]) -> None:
    from qmsdoc.core.structure import heading_name, section_parts

    assert section_parts(heading_name(heading)) == parts
