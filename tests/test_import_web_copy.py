"""`qmsdoc import` of a manual copied from a document site's web page (the 客服部工作手冊 seed): the page's clutter
(站名, ICP 备案号, 點擊復制 and 下载 prompts, page counters) and the manual's front pages (封面, 目錄, 組織架構 and
部門職責 before the first document) pasted into a job description's line are left out of the documents and named
in the report; text before the first document that is only part of a line is counted in characters."""

from __future__ import annotations

from pathlib import Path

from qmsdoc.importer.blocks import Chunk, Note
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import read_file

# The job description's own text, and the overview sections the manual puts before its first document.
OWN = "職位名稱經理助理所屬部門客服部直接上級客服部經理崗位權限1. 部門工作的建議權。3. 部門人員任免的初審權。"
COVER = "工 作 手 冊 (客服部)編制: 審 核: 批準: 實施日期: 版 本: A 受控狀態: 修訂狀態: 0 受 控 號:"
CONTENTS = "目 錄序號文件名稱編碼頁碼一組織架構KF 01二部門職責KF 02三崗位說明書KF 031客服部經理崗位說明書KF0301"
CHART = "一、組織架構 KF01客服經理客服經理助理環境保潔主管前臺接待片區管家保潔領班保潔員"
DUTIES = "二、部門職責 KF02部門名稱客服部部門工作職責1.負責貫徹執行客戶服務和環境衛生方面的工作2.完成領導交辦的其它工作"
GROUP = "三、崗位說明書 KF03"
FIRST = "客服部經理崗位說明書 KF0301職位名稱客服部經理所屬部門客服部直接上級總經理崗位職責1.負責客服部的管理工作"


def _read(tmp_path: Path, text: str) -> tuple[list[Chunk], list[Note]]:
    source = tmp_path / "工作手冊.txt"
    source.write_text(text, "utf-8")
    notes: list[Note] = []
    return read_file(source, source.name, notes), notes


def _said(notes: list[Note], *words: str) -> list[Note]:
    return [n for n in notes if all(w in n.message for w in words)]


def test_the_web_pages_lines_and_pieces_are_left_out_and_each_is_named_with_its_line(tmp_path: Path) -> None:
    text = ("正文內(nèi)容\n\n客戶服務中心工作手冊doc-展示頁\n2025-07-27 03:40本頁面\n"
            f"{FIRST}。如有幫助,歡迎下載支持 3工作細致,不出差錯。\n"
            "點擊復(fù)制文檔內(nèi)容\n規章制度相關推薦\n文庫吧 www.dybbs8.com\n備案圖鄂ICP備17016276號-10\n")
    chunks, notes = _read(tmp_path, text)
    assert [c.title for c in chunks] == ["客服部經理崗位說明書"]
    kept = body(chunks[0].blocks)
    for clutter in ("正文內容", "展示頁", "本頁面", "如有幫助", "點擊", "推薦", "文庫吧", "ICP"):
        assert clutter not in kept
    assert "工作細致,不出差錯。" in kept
    for number, line in enumerate(text.split("\n"), start=1):  # each page line named, with its own line number
        if line and number != 5:
            assert any(n.line == number and "网页复制留下的杂项" in n.message for n in notes), line
    assert _said(notes, "行内 1 处", "如有幫助,歡迎下載支持 3") and _said(notes, "正文內容")
    assert not _said(notes, "不属于任何可识别的文件")  # nothing else before the first document


def test_the_manuals_front_pages_glued_to_a_job_description_are_cut_out_and_named_whole(tmp_path: Path) -> None:
    line = (f"客服部經理助理崗位說明書 KF0302{OWN} {COVER} {CONTENTS}{CHART}{DUTIES}{GROUP} {FIRST}")
    chunks, notes = _read(tmp_path, f"{line}\n")
    assert [c.title for c in chunks] == ["客服部經理助理崗位說明書", "客服部經理崗位說明書"]
    assistant = body(chunks[0].blocks)
    assert assistant.rstrip().endswith("3. 部門人員任免的初審權。")
    for front in ("工 作 手 冊", "受控狀態", "目 錄", "組織架構", "部門職責", "KF02", "KF03"):
        assert front not in assistant
    assert _said(notes, "封面文字（第 1 行）", COVER)
    assert _said(notes, f"手册目录（{len(CONTENTS)} 个字符")
    for section in (CHART, DUTIES, GROUP):  # every sentence of an overview is in the report, whole
        assert _said(notes, f"（{len(section)} 个字符）", section)
    assert "負責客服部的管理工作" in body(chunks[1].blocks)


def test_the_start_of_a_line_before_its_first_document_is_counted_in_characters(tmp_path: Path) -> None:
    lead = "司組織培訓的,由行政人事部安排考試時間,組織學員考試;考試不合格者給予補考一次。" * 4
    chunks, notes = _read(tmp_path, f"正文內容\n\n【正文】 {lead} {FIRST}\n")
    assert [c.title for c in chunks] == ["客服部經理崗位說明書"]
    assert _said(notes, f"第 3 行开头 {len(lead)} 个字符", lead[:30])
    assert not _said(notes, "开头 1 行") and not _said(notes, "至第 3 行")


def test_a_well_formed_manual_with_its_cover_and_words_like_download_keeps_its_text(tmp_path: Path) -> None:
    """Quiet: a cover on lines of their own, a sentence about downloading a form or naming a web address, and a
    document's own 版本/编制 line are the manual's, not a web page's."""
    text = ("文件控制程序\n版本:A 编制:张三 审核:李四 批准:王五\n1.0 目的\n规范文件的下载与发放。\n2.0 程序\n"
            "2.1 员工从 www.example.com 下载表单后填写。\n点击复制按钮可复制文件编号。\n")
    chunks, notes = _read(tmp_path, text)
    assert [c.title for c in chunks] == ["文件控制程序"]
    kept = body(chunks[0].blocks)
    for sentence in ("规范文件的下载与发放。", "员工从 www.example.com 下载表单后填写。",
                     "点击复制按钮可复制文件编号。"):
        assert sentence in kept
    assert chunks[0].signoffs.get("prepared", ("",))[0] == "张三"
    assert not _said(notes, "网页复制") and not _said(notes, "手册目录") and not _said(notes, "总述")
