"""Unit tests of the core's small parts: codes, revisions, the body scan, file reading."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from qmsdoc.core.codes import natural_key, normalise
from qmsdoc.core.revision import Revision
from qmsdoc.core.source import load_markdown
from qmsdoc.core.structure import chinese_number, clause_number, heading_name, scan


@pytest.mark.parametrize("raw", ["QP-02-03", "qp-02-03", "ＱＰ－０２－０３", "QP‐02–03", "QP—02―03", " qp - 02-03 "])
def test_normalise_variants_to_one_canonical_code(raw: str) -> None:
    assert normalise(raw) == "QP-02-03"


def test_natural_order_of_control_numbers() -> None:
    codes = ["QP-02-10", "QP-02-9", "KF0301", "QP-02-01"]
    assert sorted(codes, key=natural_key) == ["KF0301", "QP-02-01", "QP-02-9", "QP-02-10"]


def test_revision_arithmetic() -> None:
    assert str(Revision.parse("A/0").next_revision()) == "A/1"
    assert str(Revision.parse("A/9").next_revision()) == "B/0"
    assert str(Revision.parse("B/3").next_edition()) == "C/0"
    assert Revision.parse("A/9") < Revision.parse("B/0") < Revision.parse("B/1")
    assert Revision.parse("1.0") is None and Revision.parse("A/10").over_limit


def test_clause_and_heading_parsing() -> None:
    assert clause_number("4.0 程序要点") == (4,)
    assert clause_number("4.2.1 各级人员") == (4, 2, 1)
    assert clause_number("4.4 .7公司行政人事部") == (4, 4, 7)
    assert clause_number("1. 目的") is None
    assert heading_name("4.0 程序要点") == "程序要点" and heading_name("第一章 总则") == "总则"
    # an English heading's number is not its name; a name that merely starts like one is kept whole
    assert [heading_name(h) for h in ("Section 4.2 Procedure", "Part II: Scope", "b) Records", "目的：")] == [
        "Procedure", "Scope", "Records", "目的"]
    kept = ("Part-time staff", "Sections of the manual", "Articles", "A Purpose", "I am new", "X-ray safety",
            "Mix. Notes")
    assert [heading_name(h) for h in kept] == list(kept)
    assert [chinese_number(t) for t in ("一", "十", "十二", "二十", "二十三", "一百零五")] == [1, 10, 12, 20, 23, 105]


def test_scan_finds_references_with_lines_and_sections() -> None:
    body = "## 5.0 支持性文件\n\n- [[QP-05-01]]\n\n## 6.0 质量记录\n\n- [[qp-02-03-f001]]\n```\n[[IGNORED]]\n```\n"
    structure = scan(body, first_line=10)
    assert [(r.code, r.line, r.section) for r in structure.references] == [
        ("QP-05-01", 12, "支持性文件"), ("QP-02-03-F001", 16, "质量记录")]


def _doc(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "QP-01-01.md"
    path.write_bytes(data)
    return path


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    src = load_markdown(_doc(tmp_path, "\ufeff---\r\nid: QP-01-01\r\ntitle: 标题\r\n---\r\n正文\r\n".encode()),
                        "x.md", 10_000)
    assert src.findings == [] and src.data == {"id": "QP-01-01", "title": "标题"} and src.body_line == 5


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])
def test_other_encodings_are_refused_by_name(tmp_path: Path, encoding: str) -> None:
    src = load_markdown(_doc(tmp_path, "---\nid: 文件\n---\n".encode(encoding)), "x.md", 10_000)
    assert [f.code for f in src.findings] == ["QD001"] and "UTF" in src.findings[0].message


def test_size_limit(tmp_path: Path) -> None:
    src = load_markdown(_doc(tmp_path, b"---\nid: A\n---\n" + b"x" * 5000), "x.md", 1000)
    assert [f.code for f in src.findings] == ["QD006"] and "max_file_bytes" in src.findings[0].message


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 10)]
    started = time.perf_counter()
    src = load_markdown(_doc(tmp_path, ("---\n" + "\n".join(lines) + "\n---\n").encode()), "x.md", 100_000)
    assert [f.code for f in src.findings] == ["QD005"]
    assert time.perf_counter() - started < 5  # a bound on runaway expansion, not a speed target


def test_core_imports_neither_mkdocs_nor_docx() -> None:
    code = ("import sys, qmsdoc.core, qmsdoc.core.render, qmsdoc.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'docx', 'material')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_front_matter_editor_keeps_unindented_lists_whole() -> None:
    """PyYAML's safe_dump writes top-level lists without indentation: a key set after such a list must not
    land between the key and its items."""
    import yaml

    from qmsdoc.acts.yamledit import FrontMatterEditor

    text = "---\ncode: F1\nsignatures:\n- 申请人\n- 部门主管\ntitle: 表\n---\n"
    editor = FrontMatterEditor(text)
    editor.set("approved", "{by: 总经理, date: 2026-02-25}", after="signatures")
    data = yaml.safe_load(editor.text().split("---\n")[1])
    assert data["signatures"] == ["申请人", "部门主管"] and data["approved"]["by"] == "总经理"
    editor.append_item("signatures", "见证人")
    assert yaml.safe_load(editor.text().split("---\n")[1])["signatures"] == ["申请人", "部门主管", "见证人"]


@pytest.mark.parametrize("value", ['文"\'><qz onqz=1>', "两行\n文字", "分\u2028隔", "下\x85一行", "制表\t符",
                                   "  前导空格", "键: 值", "#号", "yes", "1.0", "😀\u200b"])
def test_flow_mapping_values_read_back_exactly(value: str) -> None:
    """What release/baseline write into an approval record must parse back to the same text (a line break
    such as U+2028 left unquoted broke the front matter)."""
    import yaml

    from qmsdoc.acts.yamledit import flow_mapping

    assert yaml.safe_load("approved: " + flow_mapping({"by": value}))["approved"]["by"] == value


def test_an_indented_delimiter_line_is_part_of_a_value() -> None:
    from qmsdoc.core.source import parse_markdown

    src = parse_markdown('---\nid: X\ntitle: "第一行\n  ...\n  第三行"\n---\n正文\n')
    assert not src.findings and src.data["title"] == "第一行 ... 第三行" and src.body == "正文\n"


HOSTILE_TITLES = ["QP-02-01-F001 员工入职登记表", "a: b", "#注释", "- 列表", "* x", "&anchor", "*alias", "!tag",
                  "%YAML", "@at", "`code`", "'单引号'", "null", "true", "123", "1e3", " 前后空格 ", "{x: 1}", "[x]",
                  "~", '双"引号', "反\\斜杠", "换\n行", "制表\t符", "全角\u3000空格", "零宽\u200b字符", "\u2028",
                  "表情😀"]


def test_generated_page_stubs_read_back_as_their_titles() -> None:
    """The cheap stub writer and the YAML serializer give the same front matter for any title."""
    import yaml

    from qmsdoc.site.site_model import _stub

    for title in HOSTILE_TITLES:
        for search, wide in ((True, False), (False, False), (True, True)):
            meta = yaml.safe_load(_stub(title, search=search, wide=wide).split("---\n")[1])
            expected: dict[str, object] = {"title": title}
            if not search:
                expected["search"] = {"exclude": True}
            if wide:
                expected["hide"] = ["toc"]
            assert meta == expected, title


def test_the_corpus_order_is_kept_only_while_it_holds_the_same_items() -> None:
    """sorted_documents is asked for dozens of times a build and kept; a document added or replaced (same
    count) afterwards is in the next answer, in control-number order."""
    import dataclasses

    from qmsdoc.core.model import Corpus, Document
    from qmsdoc.core.source import SourceText
    from qmsdoc.core.status import Status

    def document(code: str, title: str = "") -> Document:
        return Document(code, code, title or code, "procedure", Revision.parse("A/0"), Status.EFFECTIVE, "",
                        SourceText(f"{code}.md"), None)

    corpus = Corpus()
    for code in ("QP-02-10", "QP-02-9", "QP-02-1"):
        corpus.documents[code] = document(code)
    first = corpus.sorted_documents()
    assert [d.id for d in first] == ["QP-02-1", "QP-02-9", "QP-02-10"]
    first.reverse()  # a caller's list is its own
    assert [d.id for d in corpus.sorted_documents()] == ["QP-02-1", "QP-02-9", "QP-02-10"]
    corpus.documents["QP-02-2"] = document("QP-02-2")
    assert [d.id for d in corpus.sorted_documents()] == ["QP-02-1", "QP-02-2", "QP-02-9", "QP-02-10"]
    replaced = document("QP-02-9", "新标题")
    corpus.documents["QP-02-9"] = replaced  # same count, another object
    assert corpus.sorted_documents()[2] is replaced
    copy = dataclasses.replace(corpus, documents={"QP-02-5": document("QP-02-5")})
    assert [d.id for d in copy.sorted_documents()] == ["QP-02-5"]
