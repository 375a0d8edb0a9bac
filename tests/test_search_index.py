"""The search index (issue #32): page records from qmsdoc's own HTML, words cut as the browser cuts a query,
the index split into chunks a query reads a few of, and Material's search plugin and worker patch gone."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config as load_mkdocs_config

import qmsdoc
from qmsdoc.search import IndexWriter, PageRecord, Section, indexed, read_pages, record, search_language
from qmsdoc.search.index import CHUNK_BYTES, FOLDER, dequantise, mentioned_numbers, quantise, read_directory, read_file
from qmsdoc.search.records import sections, without_excluded
from qmsdoc.search.tokens import CHAR_MARK, JOIN_MARK, Tokenizer, compact, id_key, jieba_segmenter, term_key

from conftest import REPO

CHINESE = search_language(SimpleNamespace(language="zh-CN"))
ENGLISH = search_language(SimpleNamespace(language="en"))


# -- records ---------------------------------------------------------------------------------------------
def test_excluded_parts_go_whole_and_nested_ones_with_them() -> None:
    markup = ('<p>前言</p><table class="qms-control" data-search-exclude><tbody><tr><td><table><tr><td>内层</td>'
              '</tr></table></td></tr></tbody></table><p>正文</p><p data-search-exclude>下载</p>尾')
    assert without_excluded(markup) == "<p>前言</p><p>正文</p>尾"
    unclosed = '<p>留下</p><div data-search-exclude><div>没有结束'
    assert without_excluded(unclosed) == "<p>留下</p>"


def test_a_page_is_cut_at_its_headings_with_plain_text() -> None:
    markup = ('<h1 class="qms-title">员工离职管理工作规程</h1><div class="qms-banner">作废 本文件已作废</div>'
              '<table data-search-exclude><tr><td>文件编号 QP-02-03</td></tr></table>'
              '<h2 id="10-mu-de">1.0 目的</h2><p>规范&amp;员工<b>离职</b>。</p><ul><li>一</li><li>二</li></ul>'
              '<h3 id="x">1.1 <code>&lt;细则&gt;</code></h3><p>内容</p>')
    page = record("qp-hr/QP-02-03/", "员工离职管理工作规程", markup, ("QP-02-03",), 8.0)
    assert page.sections == (Section("", "员工离职管理工作规程", "作废 本文件已作废"),
                             Section("10-mu-de", "1.0 目的", "规范&员工离职。 一 二"),
                             Section("x", "1.1 <细则>", "内容"))
    assert "QP-02-03" not in json.dumps(page.as_json()["sections"], ensure_ascii=False)
    assert PageRecord.from_json(json.loads(json.dumps(page.as_json()))) == page


def test_text_before_the_first_heading_belongs_to_the_page() -> None:
    assert sections("<p>引言</p>", "标题") == (Section("", "标题", "引言"),)
    assert sections('<h2 id="a">甲</h2>', "标题") == (Section("", "标题", ""), Section("a", "甲", ""))


# -- words -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["QP-02-03", "qp-02-03", "QP 02 03", "ＱＰ－０２－０３", "qp/02_03", "Qp.02.03"])
def test_a_control_number_is_one_key_in_any_spelling(spelling: str) -> None:
    assert compact(spelling) == "qp0203" and id_key(spelling) == "#qp0203"


def test_chinese_is_cut_into_jieba_words_and_other_text_at_spaces() -> None:
    tokenizer = Tokenizer(CHINESE, jieba_segmenter())
    words = tokenizer.words("员工请假须填写《请假单》ZWFW/QR-01的各项")
    assert "请假" in words and "请" not in words and "的" not in words  # a word, not its first character
    assert words[-4:] == ["zwfw", "qr", "01", "各项"]
    again = tokenizer.misses
    tokenizer.words("员工请假须填写")  # a run cut before: remembered
    assert tokenizer.misses == again
    tokenizer.words("员工请假须填写。新的段落")
    assert tokenizer.misses == again + 1  # only the new run is cut
    english = Tokenizer(ENGLISH, jieba_segmenter())
    assert english.words("The Leave Request 请假单") == ["leave", "request", "请假单"]


def test_an_english_page_holds_its_hyphenated_words_joined_too() -> None:
    """follow-up is followup too on an English site (a reader types it closed); words apart, a control number and
    a Chinese site's words stay as written."""
    english = Tokenizer(ENGLISH, jieba_segmenter())
    assert english.words("Follow-up of each non\u2011conformance") == [
        "follow", "up", "non", "conformance", "followup", "nonconformance"]
    assert english.words("Follow up QP-02-03 e- mail") == ["follow", "up", "qp", "02", "03", "e", "mail"]
    assert "followup" not in Tokenizer(CHINESE, jieba_segmenter()).words("follow-up 跟进")


def test_a_latin_letter_is_indexed_without_its_accents() -> None:
    english = Tokenizer(ENGLISH, jieba_segmenter())
    assert english.words("Caf\u00e9 NA\u00cfVE cafe\u0301") == ["cafe", "naive", "cafe"]
    # a letter of its own in another script, and Chinese, as written
    assert english.words("\u0439 \u6295\u8a34") == ["\u0439", "\u6295\u8a34"]


def test_the_search_language_follows_the_project_language() -> None:
    assert CHINESE.segment_han and not ENGLISH.segment_han
    assert search_language(SimpleNamespace()).segment_han  # no language: Chinese, the default
    assert "the" in ENGLISH.stop_words and "的" not in ENGLISH.stop_words


MODALS = ("can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought", "need")


def test_every_english_modal_and_question_word_is_left_out_of_the_index() -> None:
    """what must staff do when found nothing: "must" was a word no page holds. Every modal is a stop word, on an
    English site and among the English words of a Chinese one (one list: core/i18n/en.py)."""
    for language in (ENGLISH, CHINESE):
        assert not set(MODALS) - language.stop_words, set(MODALS) - language.stop_words
    words = Tokenizer(ENGLISH).words("What must staff do when an incident happens, and who's told after it?")
    assert words == ["staff", "incident", "happens", "told"], words


def test_words_that_change_a_query_s_meaning_stay_in_the_index() -> None:
    """No, not and without turn a query round; a manual's letters (IT aside, which was a stop word before) are
    kept: SO, UP, QA."""
    words = Tokenizer(ENGLISH).words("Not approved, no copy, without signature: SO-01 UP QA")
    assert words == ["not", "approved", "no", "copy", "without", "signature", "so", "01", "up", "qa"], words


def test_a_word_is_under_the_key_the_browser_asks_for() -> None:
    # The browser asks for query[i:i+2] to find every word starting at i, and query[i] for one-character words.
    assert term_key("请假单") == "请假" and term_key("请") == "请" and term_key("#qp0203") == "#qp0203"


def test_scores_keep_their_order_through_quantisation() -> None:
    scores = [0.05, 0.2, 1.0, 1.3, 8.0, 80.0, 400.0]
    steps = [quantise(s) for s in scores]
    assert steps == sorted(steps) and len(set(steps)) == len(steps) and all(1 <= s <= 255 for s in steps)
    assert all(abs(dequantise(q) / s - 1) < 0.05 for q, s in zip(steps, scores, strict=True))


# -- the index ---------------------------------------------------------------------------------------------
def _pages(n: int) -> list[PageRecord]:
    return [PageRecord(f"m/D-{i:04d}/", f"程序 {i}", (f"D-{i:04d}",), 8.0,
                       (Section("", f"程序 {i}", f"第{i}条 员工请假与离职 编号{i}"),
                        Section(f"s{i}", "职责", f"部门{i % 7}负责考勤"))) for i in range(n)]


def _write(folder: Path, pages: list[PageRecord], previous: dict[str, str] | None = None, *,
           chunk_bytes: int = CHUNK_BYTES) -> dict[str, str]:
    tokenizer = Tokenizer(CHINESE, jieba_segmenter())
    writer = IndexWriter(chunk_bytes=chunk_bytes)
    for page in pages:
        writer.add(indexed(page, tokenizer))
    return writer.write(folder, previous)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def varint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    def take(self, length: int) -> bytes:
        self.at += length
        return self.data[self.at - length:self.at]


def _chunks(site: Path) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """Each chunk file's terms and postings, decoded as the browser decodes them."""
    directory = read_directory(site)
    out = {}
    for first, name in directory["chunks"]:
        reader = _Reader(read_file(site, f"c/{name}"))
        terms: dict[str, list[tuple[int, int]]] = {}
        for _ in range(reader.varint()):
            term = reader.take(reader.varint()).decode("utf-8")
            page, postings = 0, []
            for _ in range(reader.varint()):
                page += reader.varint()
                postings.append((page, reader.take(1)[0]))
            terms[term] = postings
        assert reader.at == len(reader.data) and min(term_key(t) for t in terms) == first
        out[name] = terms
    return out


def test_the_index_is_chunked_by_key_and_every_word_is_where_the_directory_says(tmp_path: Path) -> None:
    pages = _pages(600)
    _write(tmp_path, pages, chunk_bytes=1000)
    directory = read_directory(tmp_path)
    firsts = [first for first, _ in directory["chunks"]]
    assert directory["pages"] == 600 and firsts == sorted(firsts) and len(firsts) > 3
    chunks = _chunks(tmp_path)
    sizes = [len((tmp_path / FOLDER / "c" / name).read_bytes()) for name in chunks]
    assert max(sizes) < 4 * 1000  # a query reads a few small files, not the index
    for name, terms in chunks.items():
        for term in terms:
            # the chunk the browser picks for the term's key: the last one starting at or before it
            picked = [n for first, n in directory["chunks"] if first <= term_key(term)][-1]
            assert picked == name, term
    everything = {t: p for terms in chunks.values() for t, p in terms.items()}
    assert [page for page, _ in everything["请假"]] == list(range(600))  # every page, in page order
    assert everything["#d0042"] == [(42, 255)]  # the exact control number of one page
    assert "请" not in everything  # jieba's word, not its characters


def test_a_title_word_outranks_the_same_word_in_text_and_boosts_rank_pages(tmp_path: Path) -> None:
    pages = [PageRecord("a/", "离职规程", (), 8.0, (Section("", "离职规程", "其他内容"),)),
             PageRecord("b/", "规程", (), 8.0, (Section("", "规程", "离职"),)),
             PageRecord("c/", "离职申请表", (), 1.0, (Section("", "离职申请表", ""),))]
    _write(tmp_path, pages)
    postings = dict(next(terms["离职"] for terms in _chunks(tmp_path).values() if "离职" in terms))
    assert postings[0] > postings[1] and postings[0] > postings[2]


def test_pages_read_back_and_unchanged_page_files_are_not_rewritten(tmp_path: Path) -> None:
    pages = _pages(20)
    written = _write(tmp_path, pages)
    assert list(read_pages(tmp_path)) == pages
    page_file = tmp_path / FOLDER / "p" / "3.js"
    page_file.write_bytes(b"stale but kept")  # what a reused file would hold
    edited = [*pages[:5], PageRecord("m/D-0005/", "改", ("D-0005",), 8.0, (Section("", "改", "新"),)), *pages[6:15]]
    again = _write(tmp_path, edited, written)
    assert page_file.read_bytes() == b"stale but kept"  # same content as before: not written again
    assert again["5"] != written["5"] and len(again) == 15
    assert not (tmp_path / FOLDER / "p" / "15.js").exists()  # pages the site no longer has are removed
    chunk_names = {p.name for p in (tmp_path / FOLDER / "c").iterdir()}
    directory = read_directory(tmp_path)
    assert chunk_names == {name for _, name in directory["chunks"]}  # no chunk of the previous index is left



def test_a_new_process_writing_into_the_same_folder_rewrites_only_page_files_that_differ(tmp_path: Path) -> None:
    """`mkdocs build --dirty` runs in a new process: no record of what was written, so each page file is compared
    with what it should hold. The same content is left alone; a changed, damaged or oversized file is rewritten."""
    pages = _pages(12)
    _write(tmp_path, pages)
    folder = tmp_path / FOLDER / "p"
    same, damaged, oversized = folder / "2.js", folder / "3.js", folder / "4.js"
    before = same.stat().st_mtime_ns, same.stat().st_ino
    damaged.write_bytes(damaged.read_bytes()[:-6])  # cut short
    oversized.write_bytes(oversized.read_bytes() + b"\0" * 100_000)  # trailing bytes after the file's end
    edited = [*pages[:5], PageRecord("m/D-0005/", "改", ("D-0005",), 8.0, (Section("", "改", "新"),)), *pages[6:]]
    _write(tmp_path, edited)  # no `previous`
    assert (same.stat().st_mtime_ns, same.stat().st_ino) == before
    assert list(read_pages(tmp_path)) == edited  # the damaged, the oversized and the edited page read back whole


# -- Material's search is gone -------------------------------------------------------------------------
def test_the_worker_patch_and_materials_search_plugin_are_gone() -> None:
    package = Path(qmsdoc.__file__).parent
    for module in ("site/searchworker.py", "site/segcache.py", "site/searchindex.py", "site/jiebadict.py"):
        assert not (package / module).exists(), module
    sources = "".join(p.read_text("utf-8") for p in package.rglob("*.py"))
    assert "Uint16Array" not in sources and "search_index.json" not in sources
    shipped = load_mkdocs_config(str(REPO / "mkdocs.yml"))
    assert "material/search" not in shipped.plugins and "search" not in shipped.plugins


def test_a_search_plugin_still_listed_is_switched_off() -> None:
    config = load_mkdocs_config(str(REPO / "tests" / "fixtures" / "dialect" / "mkdocs.yml"))
    search = config.plugins["material/search"]
    assert search.config.enabled
    config.plugins.on_config(config)
    assert not search.config.enabled  # it indexes nothing and shows no box of its own


_POSTINGS_OF_A_PAGE = """
import json
from qmsdoc.search import PageRecord, Section, search_language
from qmsdoc.search.index import page_postings
from qmsdoc.search.tokens import Tokenizer
page = PageRecord("a/", "Complaint handling procedure review", ("QP-02-03",), 8.0,
                  (Section("", "Scope", "text"), Section("s", "Records retention audit", "other words here")))
language = search_language(type("P", (), {"language": "en"})())  # cut at spaces: no jieba
print(json.dumps(page_postings(page, Tokenizer(language, None)).as_json()))
"""


def test_a_pages_postings_come_in_the_same_order_in_every_process() -> None:
    """The kept search cache is written from them: it must not change with Python's string-hash seed."""
    runs = {subprocess.run([sys.executable, "-c", _POSTINGS_OF_A_PAGE], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(runs) == 1 and "complaint" in next(iter(runs)).lower()


def _dropped_term(postings: dict[str, str]) -> None:
    postings["terms"] = postings["terms"].split("\n", 1)[1]


def _zero_score(postings: dict[str, str]) -> None:
    postings["steps"] = "00" + postings["steps"][2:]


def _not_hex(postings: dict[str, str]) -> None:
    postings["steps"] = "zz" + postings["steps"][2:]


@pytest.mark.parametrize("damage", [_dropped_term, _zero_score, _not_hex, dict.clear])
def test_kept_postings_survive_the_cache_file_and_a_damaged_entry_is_dropped(
        tmp_path: Path, damage: Callable[[dict[str, str]], None]) -> None:
    from qmsdoc.search.cache import SearchCache

    tokenizer = Tokenizer(CHINESE, jieba_segmenter())
    record_ = PageRecord("a/", "离职规程", ("QP-01-01",), 8.0, (Section("", "离职规程", "员工离职手续"),))
    page = indexed(record_, tokenizer)
    cache = SearchCache("salt")
    cache.keep("a.md", "key", page)
    cache.keep("b.md", "key", page)
    cache.save(tmp_path / "cache.json", {"a.md", "b.md"})
    stored = json.loads((tmp_path / "cache.json").read_text("utf-8"))
    damage(stored["pages"]["b.md"]["postings"])
    (tmp_path / "cache.json").write_text(json.dumps(stored, ensure_ascii=False), "utf-8")
    again = SearchCache("salt")
    again.load(tmp_path / "cache.json")
    assert again.kept("a.md", "key") == page and "离职" in again.kept("a.md", "key").postings.terms  # type: ignore[union-attr]
    assert again.kept("b.md", "key") is None


def test_a_term_the_cache_cannot_hold_leaves_no_cache_rather_than_a_wrong_one(tmp_path: Path) -> None:
    from qmsdoc.search.cache import SearchCache
    from qmsdoc.search.index import IndexedPage, Postings

    cache = SearchCache("salt")
    cache.keep("a.md", "key", IndexedPage(b"{}", "d", Postings(("离职", "a\nb"), bytes([9, 9]))))
    cache.save(tmp_path / "cache.json", {"a.md"})
    assert not (tmp_path / "cache.json").exists() and not list(tmp_path.iterdir())
    cache.keep("a.md", "key", IndexedPage(b"{}", "d", Postings(("离职", "ab"), bytes([9, 9]))))
    cache.save(tmp_path / "cache.json", {"a.md"})
    again = SearchCache("salt")
    again.load(tmp_path / "cache.json")
    assert again.kept("a.md", "key") == IndexedPage(b"{}", "d", Postings(("离职", "ab"), bytes([9, 9])))


def test_a_cache_saved_again_is_the_file_a_fresh_save_writes_with_the_changed_page_written_anew(tmp_path: Path) -> None:
    from qmsdoc.core.cachefile import json_writer, save_cache
    from qmsdoc.search.cache import SearchCache

    tokenizer = Tokenizer(CHINESE, jieba_segmenter())
    first = indexed(PageRecord("a/", "离职规程", ("QP-01-01",), 8.0, (Section("", "离职规程", "员工离职手续\"</"),)),
                    tokenizer)
    second = indexed(PageRecord("b/", "请假规程", ("QP-01-02",), 8.0, (Section("", "请假", "请假手续"),)), tokenizer)
    cache = SearchCache("salt")
    for uri in ("a.md", "b.md", "c.md", "d.md", "e.md"):
        cache.keep(uri, "key", first)
    cache.save(tmp_path / "cache.json", {"a.md", "b.md", "c.md", "d.md", "e.md"})
    again = SearchCache("salt")
    again.load(tmp_path / "cache.json")
    assert set(again.raw) == {"a.md", "b.md", "c.md", "d.md", "e.md"}  # where each page is in the file
    again.keep("b.md", "key2", second)  # rebuilt: written from what it is now, the others from the file's text
    unchanged = again.kept("e.md", "key")
    assert unchanged is not None
    again.keep("e.md", "key", unchanged)  # indexed as kept: its entry, and its text in the file, stay
    again.save(tmp_path / "cache.json", {"a.md", "b.md", "c.md", "e.md"})
    assert save_cache(tmp_path / "fresh.json", json_writer({"salt": "salt", "pages": again.pages}))
    assert (tmp_path / "cache.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()
    third = SearchCache("salt")
    third.load(tmp_path / "cache.json")
    assert third.kept("a.md", "key") == first and third.kept("b.md", "key2") == second
    assert third.kept("e.md", "key") == first and third.kept("d.md") is None
    (tmp_path / "cache.json").write_text((tmp_path / "cache.json").read_text("utf-8")[:-2] + ",}}", "utf-8")
    damaged = SearchCache("salt")
    damaged.load(tmp_path / "cache.json")  # not JSON: nothing kept
    assert damaged.pages == {}


def test_a_word_wrapped_in_the_source_between_chinese_characters_is_one_word() -> None:
    """A paragraph wrapped in the source (员工离 / 职申请) showed 离职 on the page and was two runs in the index:
    a search for 离职 missed it. English words on two lines stay two words."""
    markup = "<p>员工离\n职申请，<strong>钥</strong>\n  匙登记。Leave\nrequest</p>\n<p>下一段</p>"
    found = record("u/", "t", markup, (), 1.0)
    text = found.sections[0].text
    assert text == "员工离职申请，钥匙登记。Leave request 下一段"
    words = Tokenizer(CHINESE, jieba_segmenter()).words(text)
    assert "离职" in words and "钥匙" in words and words[words.index("leave"):][:2] == ["leave", "request"]


def test_a_number_a_page_mentions_is_a_key_scored_below_a_page_of_that_number() -> None:
    """A query for QP-02-03-F001 could not tell the page citing that form from one citing QP-03-02-F001 (the
    same four words); a mention is its own key, below the own number's 255 so it never takes that place."""
    own = page_postings_of(PageRecord("p/", "员工离职管理工作规程", ("QP-02-03",), 2.0, (
        Section("", "t", "填写 《员工离职申请表》 QP-02-03-F001 A/1，于 2026-03-01 生效；见 DY/AQ-001。"),)))
    assert own["#qp0203"] == 255 and 0 < own["#qp0203f001"] < 255 and 0 < own["#dyaq001"] < 255
    assert 0 < own["#a1"] < 255 and 0 < own["#20260301"] < 255  # a version and a date: keys, no page's own number
    quiet = page_postings_of(PageRecord("q/", "催收工作规程", ("QP-03-02",), 2.0, (Section("", "t", "按时收费。"),)))
    assert [key for key in quiet if key.startswith("#")] == ["#qp0302"]


def page_postings_of(page: PageRecord) -> dict[str, int]:
    return dict(indexed(page, Tokenizer(CHINESE, jieba_segmenter())).postings.pairs())


def test_a_pages_whole_title_is_a_key_without_its_control_number() -> None:
    form = page_postings_of(PageRecord("f/", "QP-02-03-F001 员工离职申请表", ("QP-02-03-F001",), 1.0,
                                       (Section("", "t", "员工离职申请表"),)))
    assert form["=员工离职申请表"] == 255 and term_key("=员工离职申请表") == "=员工离职申请表"
    assert [key for key in form if key.startswith("=")] == ["=员工离职申请表"]  # not one for the number


@pytest.mark.parametrize("title", ["试用转正、晋升、降职、调薪管理工作规程", "Leave procedure (draft)"])
def test_a_titles_key_is_its_letters_and_digits_whatever_its_punctuation(title: str) -> None:
    """A title with commas or brackets was keyed with them: a reader typing its words without them (or the form's
    name between 《》, as the documents cite it) missed the page's title key."""
    postings = page_postings_of(PageRecord("p/", f"QP-02-02 {title}", ("QP-02-02",), 8.0, (Section("", "t", "x"),)))
    bare = "".join(char for char in title if char.isalnum()).lower()
    assert [key for key in postings if key.startswith("=")] == ["=" + bare]


# -- words inside words ------------------------------------------------------------------------------------------
def test_a_long_chinese_word_is_also_its_character_pairs_and_nothing_else_is() -> None:
    from qmsdoc.search.tokens import subwords

    assert subwords("管理系统") == ["管理", "理系", "系统"]
    assert subwords("系统系统") == ["系统", "统系"]  # each pair once
    assert subwords("系统") == [] and subwords("qp0203") == [] and subwords("leave") == []
    assert Tokenizer(ENGLISH, jieba_segmenter()).pieces("管理系统") == []  # no Chinese words on an English site


def test_a_word_inside_a_longer_word_is_indexed_below_the_word_itself() -> None:
    """jieba keeps 管理系统 one word: a reader's 系统 found no page that only said 管理系统."""
    inside = page_postings_of(PageRecord("a/", "安全管理部职责", ("AQ-02",), 2.0,
                                         (Section("", "t", "负责消防系统的日常维护。"),)))
    whole = page_postings_of(PageRecord("b/", "安全管理部职责", ("AQ-03",), 2.0,
                                        (Section("", "t", "负责消防报警系统的日常维护。"),)))
    assert 0 < inside["系统"] < whole["系统"]
    assert "防系" in inside and "统的" not in inside  # pairs inside a word, never across two words
    titled = page_postings_of(PageRecord("c/", "消防报警系统", ("AQ-04",), 2.0, (Section("", "t", "每月测试。"),)))
    titled_inside = page_postings_of(PageRecord("d/", "信息管理系统", ("IT-01",), 2.0,
                                                (Section("", "t", "每月测试。"),)))
    assert titled["系统"] > titled_inside["系统"] > inside["系统"]
    quiet = page_postings_of(PageRecord("e/", "考勤管理办法", ("KQ-01",), 2.0,
                                        (Section("", "t", "员工请假须提前申请。"),)))
    words = Tokenizer(CHINESE, jieba_segmenter()).words("考勤管理办法 员工请假须提前申请。 KQ-01")
    assert max(map(len, words)) == 2  # no word of three characters: no pairs added, nothing else indexed
    assert {term for term in quiet if not term.startswith(("#", "=", CHAR_MARK, JOIN_MARK))} == set(words)


def test_characters_side_by_side_across_two_words_are_a_term_under_their_mark() -> None:
    """表格 typed found 人员需求表 … 合格 (表 and 格 anywhere): the index held no trace of two characters standing
    together across jieba's words (需求/表/格式). Such a pair is a term under JOIN_MARK; characters apart, a pair
    holding a stop word (the browser leaves those out of a query) and an English site's text have none."""
    together = page_postings_of(PageRecord("a/", "招聘规程", ("HR-01",), 2.0,
                                           (Section("", "t", "需求表格式见附件。"),)))
    apart = page_postings_of(PageRecord("b/", "人员招聘规程", ("HR-02",), 2.0,
                                        (Section("", "t", "填写人员需求表，在第一格签名。"),)))
    assert JOIN_MARK + "表格" in together and 0 < together[JOIN_MARK + "表格"] < together["需求"]
    assert JOIN_MARK + "表格" not in apart and JOIN_MARK + "一格" in apart  # 第一/格: two words side by side
    assert JOIN_MARK + "在第" not in apart and JOIN_MARK + "人员" not in apart  # a stop word; a word's own pair
    assert not [term for term in apart if term.startswith(JOIN_MARK) and set(term[1:]) & set("在的")]
    assert term_key(JOIN_MARK + "表格") == JOIN_MARK + "表格"  # a key of its own: a word's chunk does not grow
    english = indexed(PageRecord("c/", "Forms", ("HR-03",), 2.0, (Section("", "t", "需求表格式见附件。"),)),
                      Tokenizer(ENGLISH, jieba_segmenter()))
    assert not [term for term in english.postings.terms if term.startswith(JOIN_MARK)]


def test_a_character_inside_a_chinese_word_is_a_term_of_the_index_under_its_mark(tmp_path: Path) -> None:
    """A reader's one character 表 found only the words beginning with it: 登记表, 下表 and 填表 (one word each to
    jieba) were not found, nor 诉 anywhere (it only stands in 投诉). Each page holding the character is found by it,
    as a word or inside one; a page holding it nowhere is not."""
    pages = [PageRecord("register/", "来访登记表", ("AQ-QR-02",), 1.0, (Section("", "t", "见下表：来访人员填表。"),)),
             PageRecord("alone/", "巡逻规程", ("AQ-12",), 8.0, (Section("", "t", "巡逻每日两次。"),
                                                              Section("s", "表", "交接班记录。"))),
             PageRecord("gate/", "门岗规程", ("AQ-10",), 8.0, (Section("", "t", "门岗每日交接，受理投诉。"),))]
    _write(tmp_path, pages)
    everything = {t: p for terms in _chunks(tmp_path).values() for t, p in terms.items()}

    def found(char: str) -> set[int]:
        return {page for term in (char, CHAR_MARK + char) for page, _ in everything.get(term, [])}

    for char in "表诉记":
        holding = {n for n, page in enumerate(pages)
                   if char in page.title + "".join(s.title + s.text for s in page.sections)}
        assert holding and found(char) == holding, char
    assert not found("警")  # on no page
    assert term_key(CHAR_MARK + "表") == CHAR_MARK + "表"  # a key of its own: a word's chunk does not grow
    english = Tokenizer(ENGLISH, jieba_segmenter())
    # not on an English site, which keeps Chinese runs whole
    assert not [t for t in indexed(pages[0], english).postings.terms if t.startswith(CHAR_MARK)]


def test_a_traditional_sites_terms_are_simplified_and_its_directory_names_the_fold_table(tmp_path: Path) -> None:
    """A reader who typed 投诉 on a Taiwan site found no page saying 投訴: terms were kept as written, and the
    browser had no table to fold a query with."""
    from qmsdoc.search.hant import PAIRS, simplified

    taiwan = search_language(SimpleNamespace(language="zh-TW"))
    tokenizer = Tokenizer(taiwan, jieba_segmenter())
    complaint = PageRecord("c/", "客戶投訴處理程序", ("QM-09",), 2.0, (Section("", "t", "投訴應於三日內回覆。"),))
    terms = dict(indexed(complaint, tokenizer).postings.pairs())
    assert "投诉" in terms and "投訴" not in terms and "=客户投诉处理程序" in terms
    writer = IndexWriter(segment=True, fold=True)
    writer.add(indexed(complaint, tokenizer))
    writer.write(tmp_path)
    directory = read_directory(tmp_path)
    table = read_file(tmp_path, directory["fold"]).decode("utf-8")
    assert table == PAIRS and simplified("投訴") == "投诉"
    mainland = IndexWriter(segment=True)  # the same folder built again for a Simplified site: no table
    mainland.add(indexed(complaint, Tokenizer(CHINESE, jieba_segmenter())))
    mainland.write(tmp_path)
    assert "fold" not in read_directory(tmp_path)
    assert not list((tmp_path / FOLDER).glob("fold-*"))
    assert "投訴" in dict(indexed(complaint, Tokenizer(CHINESE, jieba_segmenter())).postings.pairs())


def test_versions_and_dates_a_page_writes_are_keys_and_a_number_stops_at_chinese() -> None:
    """A/1 typed alone found every page holding an A or a 1; a version and a date are keys of the pages writing them,
    and a number written against Chinese text (XZBZ-01-F01 A/0配置人员) is the number, not #a0配置人员."""
    found = page_postings_of(PageRecord("p/", "项目部组织结构", ("XZBZ-01",), 2.0, (
        Section("", "t", "按《年度定岗定员计划》 XZBZ-01-F01 A/0配置人员。见DY/AQ-001规定。"),
        Section("r", "修订记录", "A/1 2026-02-22 首次发布"))))
    keys = {key for key in found if key.startswith("#")}
    assert keys == {"#xzbz01", "#xzbz01f01", "#a0", "#dyaq001", "#a1", "#20260222"}, keys


def test_a_range_or_a_fraction_is_no_key() -> None:
    found = page_postings_of(PageRecord("p/", "值班", ("KQ-01",), 2.0,
                                        (Section("", "t", "第 1-2 条；24/7 值班；3/4 人员。"),)))
    assert [key for key in found if key.startswith("#")] == ["#kq01"]


def test_the_directory_names_the_words_left_out_of_the_index(tmp_path: Path) -> None:
    """The browser leaves the words the build left out of a query too (the A of A/1): without them in the directory
    a query holding one found nothing but pages holding some of its words."""
    writer = IndexWriter(stop=CHINESE.stop_words)
    writer.add(indexed(_pages(1)[0], Tokenizer(CHINESE, jieba_segmenter())))
    writer.write(tmp_path)
    stop = read_directory(tmp_path)["stop"].split(" ")
    assert "a" in stop and "的" in stop and set(stop) == set(CHINESE.stop_words)
    IndexWriter().write(tmp_path / "none")
    assert "stop" not in read_directory(tmp_path / "none")


def test_a_listing_writing_a_version_many_times_ranks_below_a_document_writing_it_once() -> None:
    """A/1 put the register first on a 2,000-document site: it writes A/1 on every row; a mention counts as a
    word does, saturated, so the page's rank boost decides."""
    document = page_postings_of(PageRecord("d/", "规程", ("QP-01",), 2.0,
                                           (Section("", "t", "修订记录 A/1 2026-02-22"),)))
    listing = page_postings_of(PageRecord("r/", "登记表", (), 0.2, (Section("", "t", " ".join(["A/1"] * 90)),)))
    assert document["#a1"] > listing["#a1"]


def test_a_traditional_site_names_its_stop_words_as_a_query_is_folded(tmp_path: Path) -> None:
    """The browser folds a Traditional query to Simplified before it leaves the stop words out: 與 typed is 与."""
    traditional = search_language(SimpleNamespace(language="zh-TW"))
    IndexWriter.of(traditional).write(tmp_path)
    stop = read_directory(tmp_path)["stop"].split(" ")
    assert "与" in stop and "與" not in stop


def test_a_date_in_any_spelling_and_a_dotted_number_are_one_key_each() -> None:
    """2025年6月1日 and 1.0 were words no page holds together (2025, 年, 6…; 1 and 0): one key each, a date its day
    whatever its spelling, a dotted number as written; a control number holding a date stays that number."""
    text = "自2025年6月1日起 2025-6-1 2025-06-01 版本V1.0 第10条 1.01 QP-2025-06-01 A/1"
    assert mentioned_numbers(text) == ["#qp20250601", "#a1", "#20250601", "#20250601", "#20250601", "#1.0", "#1.01"]
    assert mentioned_numbers("第10条 100 a1.0 1.23456 20250601") == []


def test_the_postings_of_a_page_change_only_with_their_number() -> None:
    """A date's and a dotted number's keys came in without POSTINGS raised: a build keeping an earlier build's cached
    postings kept pages without them. The postings of a page holding every kind of key are pinned to the number."""
    from qmsdoc.search.index import POSTINGS, page_postings

    page = PageRecord("a/", "QP-02-03 Complaint procedure", ("QP-02-03",), 8.0, (
        Section("", "Scope", "See QP-02-03-F001 A/1, revised 2025-6-1 (2025年6月1日), version 1.0 of the plan."),
        Section("s", "Records", "Kept three years; don't lend the staff's copy.")))
    postings = page_postings(page, Tokenizer(search_language(SimpleNamespace(language="en")), None)).as_json()
    digest = hashlib.sha256(json.dumps(postings, sort_keys=True).encode()).hexdigest()[:16]
    assert (POSTINGS, digest) == (11, "ae2f3d0e94902ba6"), "page_postings changed: raise POSTINGS, pin the new digest"


def test_a_wrapped_file_gives_back_every_byte_and_refuses_another_files_content() -> None:
    """The index's one format (wrapped.py): a line of JavaScript naming the file, its bytes in a string."""
    from qmsdoc.search.wrapped import NotWrapped, unwrap_bytes, unwrap_json, wrap_bytes, wrap_json

    data = bytes(range(256)) * 3
    wrapped = wrap_bytes("c/0a", data)
    assert wrapped.startswith(b'qmsdocSearchData("c/0a","') and wrapped.endswith(b'");\n')
    assert unwrap_bytes("c/0a", wrapped) == data
    assert len(wrapped) < len(data) * 1.02 + 40  # four byte values in 256 escaped: the .gz files' size, near enough
    assert b"\n" not in wrapped[:-1] and b"\r" not in wrapped
    directory = {"stop": "的 了", "chunks": [["请假", "0a.js"]]}
    assert wrap_json("index", directory).isascii() and unwrap_json("index", wrap_json("index", directory)) == directory
    for name, other in (("c/0b", wrapped), ("c/0a", wrapped[:-1]), ("c/0a", b"\x1f\x8b")):
        with pytest.raises(NotWrapped):
            unwrap_bytes(name, other)
