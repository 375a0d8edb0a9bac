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


# Seed 004 verbatim: the cover and the 目錄 laid out as a table pasted into one line (序號 文件名稱 編碼 頁碼), each
# entry's number glued to the code before it (「KF 031客服部…」: KF03, then entry 1).
SEED_FRONT = (" 工 作 手 冊 (客服部)編制: 審 核: 批準(zhǔn): 實施日期: 版"
              " 本: A 受控狀態(tài): 修訂狀態(tài): 0 受 控 號: 目 錄"
              "序號文件名稱編碼頁碼一組織架構(gòu)KF 01二部門職責(zé)KF 02三"
              "崗位說明書KF 031客服部經(jīng)理崗位說明書KF03012客服經(jī"
              "ng)理助理崗位說明書KF03023客服環(huán)境保潔主管崗位說明書KF0"
              "3034客服部前臺崗位說明書KF03045客服部管家崗位說明書KF03056客服"
              "部保潔領(lǐng)班崗位說明書KF03067客服部保潔員崗位說明書KF0307")
SEED_FIRST = ("三、崗位說明書 KF03 客服部經(jīng)理崗位說明書 KF0301職位名稱"
              "客服部經(jīng)理所屬部門客服部直接上級總經(jīng)理直接下級客服助理、"
              "環(huán)境主管定編1人")
SEED_STEWARD = ("客服部管家崗位說明書 KF0305職位名稱管家所屬部門客服部直接上級客服助理直接"
                "下級無定編4人")


def test_a_coded_contents_page_names_each_entry_the_copy_does_not_hold_with_its_code(tmp_path: Path) -> None:
    """Fires: seed 004's 目錄 lists KF0303, KF0304, KF0306 and KF0307, which the copy does not hold; the import
    said only that a 目錄 was left out, so a quality officer never learnt four job descriptions were missing."""
    text = f"客服部經理助理崗位說明書 KF0302{OWN}{SEED_FRONT}{SEED_FIRST}\n{SEED_STEWARD}\n"
    chunks, notes = _read(tmp_path, text)
    assert [c.title for c in chunks] == ["客服部經理助理崗位說明書", "客服部經理崗位說明書", "客服部管家崗位說明書"]
    missing = _said(notes, "目录列出的 6 份文件在正文中没有找到")
    assert len(missing) == 1 and missing[0].line == 1
    for entry in ("KF01 組織架構", "KF02 部門職責", "KF0303 客服環境保潔主管崗位說明書", "KF0304 客服部前臺崗位說明書",
                  "KF0306 客服部保潔領班崗位說明書", "KF0307 客服部保潔員崗位說明書"):
        assert entry in missing[0].message
    for held in ("KF0301", "KF0302", "KF0305", "KF03 "):
        assert held not in missing[0].message


def test_a_coded_contents_page_whose_every_entry_is_held_says_nothing_is_missing(tmp_path: Path) -> None:
    """Quiet: every code the 目錄 lists is in the text (the overview sections count), so no entry is reported."""
    contents = "目 錄序號文件名稱編碼頁碼一組織架構KF 01二部門職責KF 02三崗位說明書KF 031客服部經理崗位說明書KF0301"
    line = f"客服部經理助理崗位說明書 KF0302{OWN} {COVER} {contents}{CHART}{DUTIES}{GROUP} {FIRST}"
    chunks, notes = _read(tmp_path, f"{line}\n")
    assert [c.title for c in chunks] == ["客服部經理助理崗位說明書", "客服部經理崗位說明書"]
    assert _said(notes, "手册目录") and not _said(notes, "没有找到")


def test_the_codes_of_a_coded_contents_page_are_told_from_the_entry_numbers_glued_to_them() -> None:
    """Seed 004 verbatim (pinyin taken out): 「KF050910《業主回訪…」 is KF0509 then entry 10, not a code KF050910;
    「KF0401客服部前臺值班…」 has no number after it; 「QRKF0602 3 《…」 has its number apart; a 目录 of page
    numbers carries no codes."""
    from qmsdoc.importer.listing import coded_entries

    text = ("8《郵件代收發標準作業規程》KF05089《住戶投訴處理標準作業規程》KF050"
            "910《業主回訪管理標準作業規程》KF051011《客戶檔案管理標準作業規程》K"
            "F0511")
    assert coded_entries(text) == [("KF0508", "郵件代收發標準作業規程"), ("KF0509", "住戶投訴處理標準作業規程"),
                                   ("KF0510", "業主回訪管理標準作業規程"), ("KF0511", "客戶檔案管理標準作業規程")]
    forms = ("1員工培訓管理制度KF0401客服部前臺值班管理制度KF04022客服部員工行為"
             "規范KF0403六質量記錄清單(附表樣)KF 061 《報事、報修記錄表》QRK"
             "F06012 《項目派工單》QRKF0602 3 《郵件簽收登記表》QRKF06"
             "03")
    assert [code for code, _ in coded_entries(forms)] == ["KF0401", "KF0402", "KF0403", "KF06", "QRKF0601",
                                                         "QRKF0602", "QRKF0603"]
    assert coded_entries("目录第一章 总则……3第二章 服务守则……5第三章 服务流程……9") == []


# Seed 004 verbatim (each job description's head, then its 崗位權限): the 管家's 崗位權限 with another page's text
# pasted in after its first item (a second 崗位權限, duties 6-10 and 3-5 of the 環境保潔主管/保潔領班 pages).
STEWARD_HEAD = "客服部管家崗位說明書 KF0305職位名稱管家所屬部門客服部直接上級客服助理直接下級無"
STEWARD_RIGHTS = ("崗位權(quán)限1. 客服部工作的建議權(quán)。加強現(xià"
                  "n)場監(jiān)督,及時發(fā)現(xiàn)和糾正服務(wù)中"
                  "存在的問題6.每日檢查各區(qū)域、各崗位任務(wù)的完成情況,發("
                  "fā)現(xiàn)不足之處及時組織人員處理7.做好員工的思想工作,調("
                  "diào)動一切積極因素,團結(jié)員工,定期對員工進行技能提升培訓"
                  "(xùn)8.負責(zé)檢查督促指導(dǎo)各崗位的環(huán)境"
                  "保潔工作9.負責(zé)空置房的清潔工作及特約清潔服務(wù)10.完成"
                  "領(lǐng)導(dǎo)交辦的其它任務(wù)崗位權(quán)限1."
                  " 部門工作的建議權(quán)。加強物品管理,掌握和控制好物品使用情況3"
                  ".負責(zé)區(qū)域內(nèi)綠化工作的外委工作,并監(jiān"
                  ")督綠化工作的執(zhí)行情況4.?dāng)M定保潔及綠化工作流程,"
                  "并監(jiān)督各崗位認(rèn)真貫徹落實5.觀察和掌握員工的工作情"
                  "緒,檢查工作質(zhì)量。3. 部門人員任免的建議權(quán)、獎懲"
                  "建議權(quán)。相關(guān)說明編制人數(shù)審核人員批準("
                  "zhǔn)人員編制日期審核日期批準(zhǔn)日期")
ASSISTANT_RIGHTS = ("客服部經(jīng)理助理崗位說明書 KF0302職位名稱經(jīng)"
                    "理助理所屬部門客服部直接上級客服部經(jīng)理直接下級管家、前臺定編"
                    "1人職級主管級薪酬標(biāo)準(zhǔn)崗位權(quán)限1. "
                    "部門工作的建議權(quán)。5. 部門內(nèi)部工作開展的自主權("
                    "quán)。3. 部門人員任免的初審權(quán)、獎懲建議權(quán"
                    ")。")


def test_another_pages_text_in_a_job_description_that_names_a_section_twice_is_cut_out_and_named(
        tmp_path: Path) -> None:
    """Fires: the 管家 (KF0305) draft's 崗位權限 held the 環境保潔主管's duties and a second 崗位權限 — the web page
    shows its pages in any order; the draft keeps its own first item and 相關說明, the report names the rest whole."""
    chunks, notes = _read(tmp_path, f"{STEWARD_HEAD}{STEWARD_RIGHTS}\n")
    assert [c.title for c in chunks] == ["客服部管家崗位說明書"]
    kept = body(chunks[0].blocks)
    assert kept.count("崗位權限") == 1 and "1. 客服部工作的建議權。" in kept and "## 相關說明" in kept
    for foreign in ("加強現場監督", "每日檢查各區域", "部門工作的建議權", "加強物品管理", "部門人員任免的建議權"):
        assert foreign not in kept
    said = _said(notes, "「客服部管家崗位說明書 KF0305」两次写有「崗位權限」")
    assert len(said) == 1 and said[0].line == 1
    assert "「加強現場監督,及時發現" in said[0].message
    assert said[0].message.endswith("部門人員任免的建議權、獎懲建議權。」")


def test_a_job_description_that_names_each_section_once_keeps_its_items_even_out_of_order(tmp_path: Path) -> None:
    """Quiet: the 經理助理's 崗位權限 (1, 5, 3 as the page has them) names its section once: all of it stays."""
    chunks, notes = _read(tmp_path, f"{ASSISTANT_RIGHTS}\n")
    kept = body(chunks[0].blocks)
    for item in ("部門工作的建議權。", "部門內部工作開展的自主權。", "部門人員任免的初審權、獎懲建議權。"):
        assert item in kept
    assert not _said(notes, "两次写有")


def _front_manual(tmp_path: Path) -> Path:
    from test_import import _empty_project

    root = _empty_project(tmp_path).root
    (root / "工作手冊.txt").write_text(f"客服部經理助理崗位說明書 KF0302{OWN}{SEED_FRONT}{SEED_FIRST}\n", "utf-8")
    return root


def test_a_new_manuals_front_pages_go_into_its_index_page(tmp_path: Path) -> None:
    """Fires: seed 004's cover, 目錄 and 三、崗位說明書 overview were only named in the report («請移到 index.md»);
    a new manual's index.md now holds them, the 目錄 as one line per entry, and the report says where they went."""
    from qmsdoc.core import load_config
    from qmsdoc.importer.plan import plan_import
    from qmsdoc.importer.writer import planned_files

    root = _front_manual(tmp_path)
    config = load_config(root)
    plan = plan_import(config, [root / "工作手冊.txt"], "KF")
    index = dict(planned_files(config, plan))[config.manuals_path / "kf" / "index.md"]
    cover, contents, overview = index.index("## 封面"), index.index("## 目录"), index.index("## 总述")
    assert cover < contents < overview
    assert "編制: 審 核: 批準: 實施日期:" in index[cover:contents]
    assert "- KF0303 客服環境保潔主管崗位說明書\n- KF0304 客服部前臺崗位說明書\n" in index[contents:overview]
    assert "三、崗位說明書 KF03" in index[overview:]
    assert _said(plan.notes, "手册的封面", "已写入新手册的 index.md") and not _said(plan.notes, "请移到手册的 index.md")
    assert [d.title for d in plan.drafts] == ["客服部經理助理崗位說明書", "客服部經理崗位說明書"]


def test_front_pages_imported_into_an_existing_manual_stay_in_the_report(tmp_path: Path) -> None:
    """Quiet: an import never edits a manual's index.md that exists; its front pages are named in the report."""
    from qmsdoc.core import load_config
    from qmsdoc.importer.plan import plan_import
    from qmsdoc.importer.writer import planned_files, write_all

    root = _front_manual(tmp_path)
    config = load_config(root)
    first = plan_import(config, [root / "工作手冊.txt"], "KF")
    assert not write_all(planned_files(config, first))
    before = (config.manuals_path / "kf" / "index.md").read_text("utf-8")
    (config.manuals_path / "kf" / "KF0301.md").unlink()
    (config.manuals_path / "kf" / "KF0302.md").unlink()
    again = plan_import(config, [root / "工作手冊.txt"], "KF")
    assert not again.front and _said(again.notes, "请移到手册的 index.md", "三、崗位說明書 KF03")
    assert all(path.name != "index.md" for path, _ in planned_files(config, again))
    assert (config.manuals_path / "kf" / "index.md").read_text("utf-8") == before
