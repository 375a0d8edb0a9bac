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
from qmsdoc.search.hant import simplified_only

from conftest import run_cli

# The characters written only in Simplified Chinese come from search/hant.py's table (simplified_only). Some
# Simplified words are written with characters Traditional text has too, so they are looked for as words: 批准
# (Taiwan writes 核准), 之后/以后 (之後), 制作/制造 (製作, 製造), 采用/采购 (採用, 採購), 里面 (裡面).
# 請通過 (by means of) is 請透過 in Taiwan, where 通過 is to pass (a check): QD122 asked 請通過發行流程核准它.
MAINLAND_WORDS = re.compile("批准|[之以然最其随隨]后|制[作造品]|采[用购購取集]|里面|請通過")
# Not text anyone reads: a Word theme's table of fonts by script (its Simplified-script entry is named 宋体) and
# the build's caches (jieba's dictionary, search cache) beside the outputs.
NOT_TEXT = re.compile(r"word/theme/|(^|/)\.")


def _simplified(text: str, *places: Path) -> list[str]:
    ours = _ours(text, *places)
    return simplified_only(ours) + MAINLAND_WORDS.findall(ours)


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
    # Slips no table of Simplified-only characters sees, written in characters Traditional text has too:
    # 复制 came out as 復制 (Taiwan writes 複製), and mainland words stayed where Taiwan has its own:
    # 模板 (範本), 文本文件 (純文字文件), 二進位制 (二進位). `qmsdoc import`'s and the sign-in sheet's
    # refusals said them to a Taiwan reader.
    for wrong in ("復制", "模板", "文本文件", "文本手冊", "進位制"):
        assert wrong not in said, wrong
    assert language.messages["signoff.approved"] == "核准" and language.messages["signoff.prepared"] == "編制"
    assert language.record_sections[0] == "品質紀錄"
    assert language.messages["act.review.done"].startswith("已記錄 ")  # the verb stays 記錄
    assert not simplified_only(said) and not MAINLAND_WORDS.findall(said)


def test_passing_a_check_is_still_tongguo_and_by_means_of_is_touguo() -> None:
    """通過 stays where something passes (未通過檢查); the QD122 hint reads 請透過發行流程, as Taiwan writes it."""
    assert not MAINLAND_WORDS.findall("新文件未通過檢查，已刪除；工作區已通過檢查")
    with i18n.using("zh-TW"):
        said = i18n.t("rule.QD122.never_approved", what="表單", id="QM-01-F01", release="…", by="核准人")
    assert "請透過發行流程核准它" in said, said


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


def test_simplified_only_characters_come_from_the_one_table() -> None:
    """The detector the audit uses: every Simplified form of search/hant.py's table that is no Traditional
    character, and none that Traditional text writes too (核准, 編制, 系統, 表單, 台灣, 干擾)."""
    assert simplified_only("这发现证书质录签审编页码门员务处 内别 修订记录") == list(
        "这发现证书质录签审编页码门员务处内别订记")
    assert not simplified_only("修訂紀錄：審核、核准；編制、系統、表單、台灣、干擾、只能、週期、範圍、內容、別的")


TW_COMMANDS = ("init", "check", "build", "serve", "docx", "pdf", "release", "obsolete", "baseline", "sign", "review",
               "revise", "new", "issue", "recall", "verify", "import", "redline", "copy", "register", "acknowledge",
               "acknowledgements")


def test_a_traditional_chinese_documents_whole_life_meets_no_simplified_chinese(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command a Taiwan quality team runs over a document's life, its answers and every file it writes
    (revision, redline with its tracked changes and 修訂對照表, issued copies, registers of copies and
    acknowledgements, copies of earlier versions and of a past day, the register of a past day in CSV and Excel,
    imported drafts, the help of every command), refusals and usage errors too: no Simplified-only character
    qmsdoc wrote (search/hant.py's table), the user's own text being Traditional throughout."""
    from test_english import _texts

    from conftest import Recorder, git
    from conftest import commit as conftest_commit

    root = project
    out = tmp_path / "out"
    out.mkdir()

    def commit(message: str) -> None:
        conftest_commit(root, message, author="文管員")

    qmsdoc = Recorder(root)
    said = qmsdoc.said

    procedure = root / "manuals" / "qm" / "QM-01.md"
    text = procedure.read_text("utf-8").replace("（待編寫）", "本程序適用於所有受控文件。").replace(
        "department: 品質管理部\n", "department: 品質管理部\nacknowledge: [製造部, 品保部]\n")
    procedure.write_text(text, "utf-8")
    git(root, "init", "-q")
    commit("品質手冊")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-07")
    qmsdoc("release", "QM-01", "--by", "總經理", "--reviewed-by", "品保經理", "--change", "首次發行")
    commit("發行 QM-01 A/0")
    qmsdoc("new", "--manual", "QM", "--title", "量測儀器校正作業指導書", "--type", "work-instruction",
           "--department", "品保部", "--by", "林志明")
    qmsdoc("check", code=None)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-08")
    qmsdoc("revise", "QM-01", "--by", "品質經理", "--reason", "增加定期審查")
    draft = root / "revisions" / "manuals" / "qm" / "QM-01.md"
    scope = "## 2.0 適用範圍\n\n"
    draft.write_text(draft.read_text("utf-8").replace(scope + "本程序", scope + "每年審查；本程序", 1), "utf-8")
    qmsdoc("redline", "QM-01", "--out", str(out / "redline.docx"))
    qmsdoc("release", "QM-01", "--by", "總經理", "--reviewed-by", "品保經理", "--change", "增加定期審查",
           "--effective", "2026-12-15")
    commit("發行 QM-01 A/1")
    qmsdoc("redline", "QM-01", "--from", "A/0", "--to", "A/1", "--out", str(out / "released.docx"))
    qmsdoc("redline", "QM-01", "--from", "A/0", "--to", "A/1", "--format", "pdf", "--out", str(out / "released.pdf"),
           code=None)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-16")
    qmsdoc("review", "QM-01", "--by", "總經理", "--note", "無需修改")
    qmsdoc("acknowledge", "QM-01", "--by", "陳美玲", "--department", "製造部")
    sheet = tmp_path / "簽到表.csv"
    sheet.write_text("姓名,部門,日期\n王大明,品保部,2026-12-16\n李小華,財務部,2026-12-16\n", "utf-8")
    qmsdoc("acknowledge", "QM-01", "--from-csv", str(sheet), code=1)
    qmsdoc("acknowledgements", "QM-01")
    qmsdoc("issue", "QM-01", "--to", "製造部", "--copies", "2", "--by", "文管員")
    qmsdoc("issue", "QM-01", "--to", "品保部", "--format", "pdf", "--by", "文管員")
    qmsdoc("recall", "QM-01-A/1-001", "--by", "文管員")
    qmsdoc("build", "--strict")
    for copy in sorted((root / "issued").iterdir()):
        qmsdoc("verify", str(copy), code=None)
    forged = out / "偽造.pdf"
    forged.write_bytes(next((root / "issued").glob("*.pdf")).read_bytes().replace(b"QM-01", b"QM-02", 1))
    qmsdoc("verify", str(forged), code=1)
    qmsdoc("verify", str(root / "build" / "site" / "qm" / "QM-01" / "index.html"), code=None)
    qmsdoc("verify", str(root / "qmsdoc.yml"), code=1)
    qmsdoc("verify", str(out / "不存在.pdf"), code=2)
    qmsdoc("copy", "QM-01", "--version", "A/0", "--out", str(out / "earlier.docx"))
    qmsdoc("copy", "QM-01", "--version", "A/0", "--format", "pdf", "--out", str(out / "earlier.pdf"))
    qmsdoc("copy", "QM", "--as-of", "2026-12-10", "--format", "pdf", "--out", str(out / "as-of.pdf"))
    qmsdoc("copy", "QM", "--as-of", "2026-12-10", "--out", str(out / "as-of.docx"))
    qmsdoc("verify", str(out / "as-of.pdf"), code=1)
    qmsdoc("verify", str(out / "earlier.docx"), code=None)
    qmsdoc("register", "--as-of", "2026-12-10", "--out", str(out / "register.csv"))
    qmsdoc("register", "--as-of", "2026-12-10", "--format", "xlsx", "--out", str(out / "register.xlsx"))
    qmsdoc("obsolete", "QM-02", "--no-successor", "--by", "總經理", "--reason", "不再需要", code=None)
    qmsdoc("docx")
    qmsdoc("pdf")
    sources = {"採購.txt": PURCHASE, "採購.md": "# 採購管理程序\n\n" + PURCHASE}
    for name, body in sources.items():
        (tmp_path / name).write_text(body, "utf-8")
        qmsdoc("import", "--manual", "QM", str(tmp_path / name), "--dry-run")
    qmsdoc("import", "--manual", "QM", str(tmp_path / "採購.txt"))
    import docx

    word = docx.Document()
    for line in PURCHASE.replace("採購", "倉儲").replace("QM-05", "QM-06").splitlines():
        word.add_paragraph(line)
    word.save(str(tmp_path / "倉儲.docx"))
    qmsdoc("import", "--manual", "QM", str(tmp_path / "倉儲.docx"), "--dry-run")
    qmsdoc("check", code=None)
    qmsdoc("check", "--format", "json", code=None)
    for wrong in (("issue", "QM-01", "--to", "品保部", "--bogus"), ("issue", "QM-01", "--to", "品保部", "--date",
                  "2026-02-30"), ("issue", "--to", "品保部"), ("register", "--as-of", "昨天"),
                  ("build", "--only", "nonsense"), ("release", "NOPE", "--by", "總經理")):
        qmsdoc(*wrong, code=None)
    qmsdoc("sign", "--by", "總經理", code=None)
    for command in TW_COMMANDS:
        qmsdoc(command, "--help")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-13-01")  # a mistyped pinned day: refused in the project's language
    assert qmsdoc("check", code=2).startswith("設定錯誤"), said["check"]
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-16")
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8") + "organisaton: 其他\n", "utf-8")
    qmsdoc("check", code=2)

    leaks = {words: simplified_only(_ours(shown, tmp_path)) for words, shown in said.items()}
    assert not {words: chars for words, chars in leaks.items() if chars}, {
        words: (chars, said[words][:600]) for words, chars in leaks.items() if chars}
    written = {**_texts(out), **_texts(root / "issued"), **_texts(root / "manuals"), **_texts(root / "build"),
               **_texts(root / "revisions"), **_texts(root / "controlled_forms")}
    for name in ("distribution.yaml", "acknowledgements.yaml", "qmsdoc.yml", "mkdocs.yml"):
        written[name] = (root / name).read_text("utf-8")
    assert any(name.endswith(".pdf") for name in written) and any("docx!" in name for name in written)
    assert any("xlsx!" in name for name in written)
    found = {name: simplified_only(_ours(text, tmp_path)) for name, text in written.items()
             if not NOT_TEXT.search(name)}
    assert not {name: chars for name, chars in found.items() if chars}, {
        name: chars[:12] for name, chars in found.items() if chars}


PURCHASE = ("採購管理程序\n1.0 目的\n確保採購之產品符合要求。\n2.0 範圍\n適用於本公司所有採購作業。\n3.0 權責\n"
            "採購部負責供應商評估。\n4.0 作業內容\n4.1 採購前應填寫請購單。\n5.0 相關紀錄\nQM-05-F01 請購單\n")


@pytest.mark.parametrize("words", [("check",), ("--help",), ("issue", "QM-01", "--to", "品保部"),
                                   ("check", "--path", "不存在")])
def test_outside_any_project_a_taiwan_reader_is_told_in_traditional_chinese_too(tmp_path: Path,
                                                                                words: tuple[str, ...]) -> None:
    """A Taiwan quality officer who ran `qmsdoc check` in the wrong folder, or asked for help before starting a
    project, read 「未找到 qmsdoc 项目」 and 「帮助为中文」 in Simplified Chinese and English only: no project, so no
    language, and the default one's words say it in Traditional Chinese too, with how to start a Traditional project."""
    result = run_cli(*words, cwd=tmp_path)
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == (0 if words == ("--help",) else 2), result
    assert "專案資料夾" in said or "繁體中文專案" in said, said
    if words[-1] != "不存在":  # no folder there: nothing to start
        assert "qmsdoc init --language zh-TW" in said, said
    assert re.search("No qmsdoc project here|For English|not an existing folder", said), said  # English stays


def test_the_help_of_every_language_names_how_to_start_a_project_in_every_other() -> None:
    """The English help offered `qmsdoc init --language en or zh-CN`: a Taiwan team reading it never learnt of zh-TW."""
    languages = i18n.languages()
    for code in languages:
        with i18n.using(code):
            described = i18n.t("cli.description")
        assert all(other in described for other in languages if other != code), (code, described)


def test_a_mistyped_pinned_day_is_refused_in_the_projects_language(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """QMSDOC_TODAY=2026-13-01 in a Traditional project was refused as 「配置错误：环境变量 QMSDOC_TODAY…」: the
    day was read before the project's language was."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-13-01")
    result = run_cli("check", cwd=project)
    assert result.returncode == 2 and result.stderr.startswith("設定錯誤：QD300 環境變數 QMSDOC_TODAY"), result
    assert not _simplified(result.stderr)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-07")  # the quiet side: a real day is taken
    assert run_cli("check", cwd=project).returncode == 0


@pytest.mark.parametrize(("slip", "usage", "meant"), [
    ("zh-TWN", "用法錯誤：", "（是不是 zh-TW？）"), ("zh_Hant", None, None),
    ("eng", "Usage error: ", "(did you mean en?)"),
    ("tw", "用法错误：", None),  # too far from any language to guess: the default language, no guess
])
def test_a_slip_in_inits_language_is_told_in_the_language_meant(tmp_path: Path, slip: str, usage: str | None,
                                                                  meant: str | None) -> None:
    """`qmsdoc init --language zh-TWN` was refused in Simplified Chinese (「用法错误：语言 zh-TWN 不可用」) and its help
    was Simplified: as a slip in qmsdoc.yml's `language:` line is, it is told in the language it plainly means,
    which the refusal names."""
    result = run_cli("init", "qms", "--language", slip, cwd=tmp_path)
    if usage is None:  # an alias qmsdoc reads: no slip at all
        assert result.returncode == 0 and "language: zh-TW" in (tmp_path / "qms" / "qmsdoc.yml").read_text("utf-8")
        return
    assert result.returncode == 2 and result.stderr.startswith(usage), result
    assert not (tmp_path / "qms").exists()
    if meant is None:
        assert "是不是" not in result.stderr, result.stderr
        return
    assert meant in result.stderr, result.stderr
    shown = run_cli("init", "--language", slip, "--help", cwd=tmp_path).stdout
    assert shown.startswith(usage.replace("用法錯誤：", "用法：").replace("Usage error: ", "usage:")), shown
    if slip.startswith("zh"):
        assert not _simplified(result.stderr + shown), result.stderr + shown


@pytest.mark.parametrize(("listed", "noted"), [("無", False), ("无", False), ("採購管理辦法", True)])
def test_an_empty_traditional_records_section_is_imported_as_empty(project: Path, tmp_path: Path, listed: str,
                                                                    noted: bool) -> None:
    """A Taiwan procedure's 「六、相關紀錄」 followed by 「無」 (none) was imported as a reference qmsdoc could not
    find (「QM-02：「無」找不到對應的文件或表單編號，保留為文字」): only the Simplified 「无」 was read as none. A name
    that is no number is still noted."""
    source = tmp_path / "品質.txt"
    source.write_text("品質管理程序\n一、目的\n確保品質。\n二、適用範圍\n全公司。\n三、權責\n品保部。\n四、作業內容\n"
                      f"依流程執行。\n五、相關紀錄\n{listed}\n", "utf-8")
    result = run_cli("import", "--manual", "QM", str(source), "--dry-run", cwd=project)
    assert result.returncode == 0, result
    assert (f"「{listed}」找不到對應" in result.stdout + result.stderr) is noted, result
