"""The character-level bound that lets a file skip the YAML token scan must never be below the nesting
the scanner finds: a text it calls shallow would reach the recursive composer unchecked."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmsdoc.core.source import MAX_YAML_DEPTH, SourceText, depth_bound, parse_yaml

_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _scanned_depth(text: str) -> int:
    """The deepest nesting PyYAML's scanner reaches before the text ends or stops being YAML."""
    loader = yaml.SafeLoader(text)
    depth = deepest = 0
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, _OPENING):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return deepest


_pieces = st.sampled_from(["- ", "-", "? ", ": ", ":", "a", "a: ", "\n", "  ", " ", "\t", "[", "]", "{", "}", ",",
                           "'", '"', "|", ">", "#", "&x ", "!t ", "\r", "\u2028", "量"])


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, max_size=60).map("".join))
def test_the_bound_is_never_below_the_scanned_depth(text: str) -> None:
    assert _scanned_depth(text) <= depth_bound(text)


def _ladder(levels: int) -> str:
    return "x:\n" + "".join("  " * i + "- a:\n" for i in range(1, levels))


def test_real_nesting_reaches_the_bound_so_the_scan_still_runs() -> None:
    deep = _ladder(60)
    assert _scanned_depth(deep) > MAX_YAML_DEPTH
    assert depth_bound(deep) >= _scanned_depth(deep)


def test_compact_sequences_on_one_line_are_counted() -> None:
    text = "x: 1\ny:\n  " + "- " * 60 + "a\n"
    assert _scanned_depth(text) > MAX_YAML_DEPTH
    src = SourceText("f.yaml", text)
    assert not parse_yaml(src, text, 1)
    assert [f.code for f in src.findings] == ["QD011"]


def test_an_ordinary_front_matter_is_bounded_well_below_the_limit() -> None:
    text = "id: QP-02-03\ntitle: 请假管理程序\nversion: A/0\nrecords: [QP-02-03-F001, QP-02-03-F002]\n" \
           "approval:\n  prepared: {by: 张三, date: 2026-01-05}\n  reviewed: {by: 李四, date: 2026-01-06}\n"
    assert depth_bound(text) <= MAX_YAML_DEPTH
    src = SourceText("f.md", text)
    assert parse_yaml(src, text, 2) and src.data["approval"]["prepared"]["by"] == "张三"
