"""A spreadsheet in Taiwan's words: a column is 欄 and a row 列 (the mainland's 列 is Taiwan's column's opposite), a
cell 儲存格 (not 單元格), Excel's General format 通用格式 (not 常規), a paper copy 紙本 (not 紙質). OpenCC's
conversion kept the mainland words, so a Taiwan officer told a sign-in sheet lacked its 部門 「列」 looked for a row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmsdoc.core import i18n

# Mainland spreadsheet words a Taiwan reader misreads: a column as 列 after a column's name, cells, Excel's format.
MAINLAND_SHEET_WORDS = re.compile(r"單元格|单元格|紙質|纸质|常規|常规|各列|多餘的一列|多余的一列"
                                  r"|\} 列(?![出印為为表舉举入])")


def test_the_traditional_catalogue_writes_no_mainland_spreadsheet_word() -> None:
    found = {key: MAINLAND_SHEET_WORDS.findall(text) for key, text in i18n.languages()["zh-TW"].messages.items()}
    assert not {key: words for key, words in found.items() if words}


def test_the_simplified_catalogue_keeps_the_mainlands_words() -> None:
    """The detector finds them where they belong: the mainland's catalogue says 单元格 and 列 for a column."""
    said = i18n.languages()["zh-CN"].messages
    assert MAINLAND_SHEET_WORDS.search(said["acks.sheet.no_header"]), said["acks.sheet.no_header"]
    assert MAINLAND_SHEET_WORDS.search(said["import.merged_cells"]), said["import.merged_cells"]


# Mainland computing words OpenCC's s2twp kept (or made: its 进程 became 程序, Taiwan's word for a procedure), each
# with the Simplified form the zh-CN catalogue writes. Taiwan writes: 資訊, 軟體, 資料夾, 預設, 選單, 連結, 網路, 影片,
# 列印, 品質, 資料, 設定, 使用者, 儲存, 匯出/匯入, 執行, 伺服器, 字型, 登入; an OS process 處理程序 (程序 {pid}),
# a procedure document 程序書, text 文字, with 附/含/加上 (帶), a watermark 浮水印, a Word comment 註解, a terminal
# 終端機, a source 來源, a list 清單, to open 開啟, a file name 文件名稱, a suffix 字尾, to fail 以錯誤結束,
# navigation 導覽, a protocol 協定, a client 用戶端, to match 符合, a script 指令碼, a clone 複製/複本, to unzip
# 解壓縮, a zip 壓縮檔, a web address 網址, a form's fields 欄位, a command 指令, a project 專案.
MAINLAND_COMPUTING_WORDS = re.compile(
    "信息|[软軟]件|文件[夹夾]|默[认認]|菜[单單]|[链鏈]接|[网網][络絡]|[视視][频頻]|打印|[质質]量|[数數][据據]|[设設]置"
    "|用[户戶]|保存|[导導][出入]|[运運]行|服[务務]器|字[体體]|登[录錄]"
    r"|[进進]程|程序 ?\{pid\}|程序中途|程序文件|[现現]行程序中|文本|[带帶]|水印|批[注註]|[终終]端|源文件|列表"
    "|打[开開]|文件名"
    "|[后後][缀綴]|[报報][错錯]|[导導]航|[协協][议議]|客[户戶]端|匹配|[脚腳]本|克隆|解[压壓]|[压壓][缩縮]包|地址|[栏欄]目|命令"
    "|[本该該新][项項]目")
# Phrases a Taiwan reader writes so too, taken out before looking: each holds a word above in another sense.
TAIWAN_PHRASES = (
    "命令列",  # the command line: Windows' zh-TW word; only a command alone is 指令
    "用戶端",  # a client (OpenSSH 用戶端) is Taiwan's word; a user is 使用者
    "帶入", "帶來",  # to bring in, to bring along: the same verbs in Taiwan; only 帶 for "with" is the mainland's
    "處理程序",  # Taiwan's word for an OS process, which the detector looks for as 程序 {pid}
    "所列表單",  # 所列 (listed) and 表單 (a form): no 列表 (a list) in it
    "文件名稱",  # a document's name, not 文件名 (a file name)
    "浮水印", "終端機", "來源文件", "解壓縮",  # Taiwan's watermark, terminal, source document and unzip
)


def _mainland_computing_words(text: str) -> list[str]:
    for phrase in TAIWAN_PHRASES:
        text = text.replace(phrase, "　")
    return MAINLAND_COMPUTING_WORDS.findall(text)


def test_the_traditional_catalogue_writes_no_mainland_computing_word() -> None:
    found = {key: _mainland_computing_words(text) for key, text in i18n.languages()["zh-TW"].messages.items()}
    assert not {key: words for key, words in found.items() if words}


@pytest.mark.parametrize("key", ["lock.build", "cli.worker_died", "import.toc_forms_owner", "sign.not_base64",
                                 "cli.issue", "import.watermark", "import.comments", "sign.passphrase",
                                 "recall.reissue.gone", "schema.kind.array", "import.not_docx", "site.nav_refused",
                                 "html.unsafe_scheme", "sign.no_ssh_keygen", "site.left_out", "history.shallow",
                                 "limits.total_size", "page.not_found.text", "rule.QD152.message",
                                 "source.changed_meanwhile", "cli.pdf"])
def test_the_simplified_catalogue_keeps_the_mainlands_computing_words(key: str) -> None:
    """Quiet where they belong: the zh-CN message the zh-TW one was converted from still says it the mainland's way."""
    said = i18n.languages()["zh-CN"].messages[key]
    assert _mainland_computing_words(said), said


@pytest.mark.parametrize(("code", "column"), [("zh-TW", "欄"), ("zh-CN", "列")])
def test_a_sheet_lacking_a_column_names_it_as_the_readers_spreadsheet_does(tmp_path: Path, code: str,
                                                                             column: str) -> None:
    from qmsdoc.acts.signsheet import read_sheet

    sheet = tmp_path / "signin.csv"
    sheet.write_bytes("姓名,日期\n王大明,2026-12-07\n".encode(i18n.languages()[code].legacy_encoding))
    with i18n.using(code):
        _, problems = read_sheet(sheet, 100_000)
    said = " ".join(problem.message for problem in problems)
    assert re.search(rf"缺少 \S+ {column}", said), said
