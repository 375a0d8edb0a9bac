"""Front matter is built from the composed YAML nodes in the same walk that records each key's line: the values
must be exactly what PyYAML's safe loader (without implicit dates) builds from the same text."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qmsdoc.core.source import SourceText, _NoDatesLoader, parse_yaml


def _ours(text: str) -> tuple[Any, list[str]]:
    src = SourceText("t.yaml", text)
    parse_yaml(src, text, first_line=1)
    return src.data, [f.code for f in src.findings]


def _pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=_NoDatesLoader)  # noqa: S506 - the safe loader, implicit dates removed


@pytest.mark.parametrize("text", [
    "a: 0x1F\nb: 0o17\nc: 1_000\nd: +5\ne: -0\nf: 1:30\ng: 017\n",  # YAML 1.1 integers, sexagesimal included
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: False\n",  # YAML 1.1 booleans
    "a: ~\nb: null\nc:\nd: Null\n",
    "a: 2026-01-01\nb: '12'\nc: \"x\\ty\"\nd: |\n  two\n  lines\ne: >\n  folded\n  text\n",
    "a: [1, two, {b: [c, ~]}]\nb:\n  - x: 1\n    y: [true, '']\n  - - nested\n",
    "a: !!str 12\nb: !!binary aGVsbG8=\nc: !!int '7'\n",  # explicit tags, built by the loader itself
    "a: !!set {x, y}\nb: !!omap [{k: 1}, {j: 2}]\nc: !!pairs [{k: 1}]\nd: !!map {e: f}\n",  # tagged collections
    "- 1\n- a\n",
    "'quoted key': 1\n\"other\": 2\n",
])
def test_values_are_what_the_safe_loader_builds(text: str) -> None:
    data, findings = _ours(text)
    assert findings == []
    assert data == _pyyaml(text)
    assert type(data) is type(_pyyaml(text))


keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8)
scalars = st.one_of(st.text(max_size=10), st.integers(-10**11, 10**11), st.booleans(), st.none(),
                    st.sampled_from(["yes", "off", "0x10", "1:30", "2026-02-30", "~", "1_0", "A/0", "QP-01-01"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(keys, inner, max_size=3)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5), st.booleans())
def test_any_front_matter_builds_as_the_safe_loader_builds_it(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    ours, findings = _ours(text)
    assert findings == []
    assert ours == _pyyaml(text)


def test_a_huge_integer_inside_a_tagged_collection_is_a_finding_not_a_crash() -> None:
    data, findings = _ours("a: !!omap [{k: " + "9" * 5000 + "}]\n")
    assert findings == ["QD004"]


@pytest.mark.parametrize("text", ["0x10", "0b11", "010", "1_000", "+1", "12:30", ".inf", "-.Inf", ".NaN", "NULL",
                                  "=", "<<", "yes", "1e3", "张三", "a, b: c #d", "2026-03-01"])
def test_a_value_qmsdoc_writes_reads_back_as_the_same_text(text: str) -> None:
    """acknowledge --by 0x10 was written plain and read back as the person 16; new --title '=' made a file the
    loader could not build (tag:yaml.org,2002:value)."""
    from qmsdoc.acts.yamledit import flow_mapping

    data, codes = _ours("entry: " + flow_mapping({"person": text}) + "\n")
    assert codes == [] and data == {"entry": {"person": text}}


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12))
def test_any_text_qmsdoc_writes_reads_back_as_written(text: str) -> None:
    from qmsdoc.acts.yamledit import flow_mapping

    data, codes = _ours("entry: " + flow_mapping({"person": text}) + "\n")
    assert codes == [] and data == {"entry": {"person": text}}, (text, codes, data)


@pytest.mark.parametrize("text", ["Why?", "修订原因？见附件? 是", "a?b", "Who?, d: 1"])
def test_a_question_mark_qmsdoc_writes_reads_back_without_libyaml(text: str) -> None:
    """release --change 'Fix typo?' was written plain inside a flow mapping ({change: Fix typo?}): libyaml reads
    it, but PyYAML's pure-Python reader (a machine without libyaml) ends the value at `?` and cannot read the file."""
    from qmsdoc.acts.yamledit import flow_mapping

    line = "entry: " + flow_mapping({"change": text}) + "\n"
    assert yaml.load(line, Loader=yaml.SafeLoader) == {"entry": {"change": text}}  # noqa: S506 - the safe loader
    assert _ours(line) == ({"entry": {"change": text}}, [])


@pytest.mark.parametrize("text", ["张三", "质量部 经理", "A/0"])
def test_a_value_without_yaml_punctuation_is_still_written_plain(text: str) -> None:
    from qmsdoc.acts.yamledit import flow_mapping

    assert flow_mapping({"by": text}) == "{by: " + text + "}"
