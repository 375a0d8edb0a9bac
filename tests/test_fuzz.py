"""Property-based fuzzing: whatever front matter and Markdown a user writes, the loader, the rules and
both renderers never raise; every problem is a Finding."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmsdoc.core import check, load_config
from qmsdoc.core.copyjobs import document_job, form_job
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.site import pages
from qmsdoc.word.document import build_document
from qmsdoc.word.forms import build_form

KEYS = ["id", "title", "type", "version", "status", "department", "effective_date", "review_months", "prepared",
        "reviewed", "approved", "history", "superseded_by", "external", "bogus"]
scalars = st.one_of(st.text(max_size=12), st.integers(-5, 30), st.booleans(), st.none(),
                    st.sampled_from(["QP-01-01", "A/0", "A/10", "effective", "draft", "obsolete", "2026-02-30",
                                     "2026-03-01", "procedure", "policy"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(["by", "date", "version",
                                                                                        "change", "code", "title",
                                                                                        "fingerprint"]),
                                                                       inner, max_size=3)), max_leaves=8)
BASE = {"id": "QP-01-01", "title": "模糊测试规程", "type": "procedure", "version": "A/0", "status": "effective",
        "department": "质量部"}
fuzz_keys = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)
# Mostly a loadable document with some fields fuzzed (so the renderers run), sometimes pure noise.
front_matter = st.one_of(fuzz_keys.map(lambda extra: {**BASE, **{k: v for k, v in extra.items() if k != "id"}}),
                         fuzz_keys.map(lambda extra: {**BASE, **extra}), fuzz_keys)
markdown_bits = st.sampled_from([
    "## 1.0 目的", "### 4.2 辞职", "4.2.1 条款", "第一条 总则", "第三条 跳号", "- 列表", "    - 嵌套", "1. 编号",
    "| a | b |", "| --- | --- |", "| 1 | 2 |", "[[QP-01-01]]", "[[不存在]]", "[[", "]]", "**粗体**", "*斜体*",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "[y](../../etc/passwd)", "```", "~~~", "&amp;", "<",
    "!!! note", "> 引用", "---", "QP-01-01", "ＱＰ－０１－０１", "\t", "", "\u200b", "表格|竖线"])
bodies = st.lists(st.one_of(markdown_bits, st.text(max_size=20)), max_size=25).map("\n".join)

RENDERED = {"count": 0}


def assert_opens(data: bytes) -> None:
    """A Word file every part of which is well-formed XML, and that python-docx opens (the writer builds
    its XML as text: a character that slipped through unescaped would break the file, not raise)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(package.read(name))
    docx.Document(io.BytesIO(data))

MANUAL = ("---\nid: QP-01\ntitle: 测试手册\nowner: 质量部\nnumbering:\n  document: '^QP-\\d{2}-\\d{2}$'\n"
          "  form: '^QP-\\d{2}-\\d{2}-F\\d{3}$'\n---\n## 适用范围\n\n测试。\n")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=front_matter, body=bodies, raw=st.booleans())
def test_loader_rules_and_both_renderers_never_raise(data: dict, body: str, raw: bool) -> None:
    root = Path(tempfile.mkdtemp(prefix="qmsdoc-fuzz-"))
    try:
        (root / "manuals" / "m").mkdir(parents=True)
        (root / "manuals" / "m" / "index.md").write_text(MANUAL, "utf-8")
        # raw: arbitrary text where YAML should be
        header = str(data) if raw else (yaml.safe_dump(data, allow_unicode=True) if data else "")
        (root / "manuals" / "m" / "QP-01-01.md").write_text(f"---\n{header}---\n{body}\n", "utf-8")
        result = check(load_config(root))
        assert all(f.code.startswith("QD") and f.line >= 1 for f in result.findings)
        renderer = CorpusRenderer(result.corpus)
        for document in result.corpus.documents.values():
            rendered = renderer.document(document)
            html = pages.document_page(document, rendered.html, [], None, result.context.config.today,
                                         pages.Copies(word=True, pdf=True))
            assert "<script>" not in html
            assert_opens(build_document(document_job(document, rendered.html, "测试")))
            RENDERED["count"] += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_fuzzing_really_reached_the_renderers() -> None:
    test_loader_rules_and_both_renderers_never_raise()
    assert RENDERED["count"] >= 30


form_values = st.one_of(values, st.lists(st.dictionaries(st.sampled_from(["label", "lines", "width", "x"]), values,
                                                         max_size=3), max_size=4))
forms = st.dictionaries(st.sampled_from(["code", "title", "version", "owner", "retention", "orientation", "fields",
                                         "table", "signatures", "bogus"]), form_values, max_size=9)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=forms.map(lambda extra: {"code": "QP-01-01-F001", "title": "表", "owner": "QP-01-01", **extra}))
def test_form_loading_and_word_export_never_raise(data: dict) -> None:
    root = Path(tempfile.mkdtemp(prefix="qmsdoc-fuzz-"))
    try:
        (root / "manuals" / "m").mkdir(parents=True)
        (root / "controlled_forms").mkdir()
        (root / "manuals" / "m" / "index.md").write_text(MANUAL, "utf-8")
        (root / "controlled_forms" / "QP-01-01-F001.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        result = check(load_config(root))
        for form in result.corpus.forms.values():
            assert_opens(build_form(form_job(form, None, "测试")))
            assert "<table" in pages.blank_form(form)
    finally:
        shutil.rmtree(root, ignore_errors=True)
