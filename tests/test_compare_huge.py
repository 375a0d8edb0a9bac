"""A huge paragraph (a 100 kB line, one Chinese character a token) must not hang a redline: difflib compares two
runs of tokens in time near the product of their lengths, so the compare hands it a bounded product
(core/tokendiff.py) — and small paragraphs exactly what difflib answers, as before."""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterator

import pytest

from qmsdoc.core import tokendiff
from qmsdoc.core.compare import blocks, compare, inline_diff, tokens

CEILING = 10_000 * 10_000  # token pairs: far above the budget, far below a 100 kB line against itself (10^10)


def _paragraph(size: int, seed: int = 1) -> str:
    pick = random.Random(seed)
    chars = "质量管理体系文件控制程序审核批准发布记录表单部门职责范围目的"
    text = ""
    while len(text) < size:
        text += "".join(pick.choice(chars) for _ in range(pick.randint(15, 40))) + pick.choice("，。")
    return text


def _every(text: str, step: int, mark: str = "改") -> str:
    return "".join(mark if n % step == 0 else c for n, c in enumerate(text))


@pytest.fixture
def largest(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The largest len(a) × len(b) any difflib matcher was asked to match."""
    seen = [0]
    matching = difflib.SequenceMatcher.get_matching_blocks

    def watched(self: difflib.SequenceMatcher[str]) -> list[difflib.Match]:
        seen[0] = max(seen[0], len(self.a) * len(self.b))
        if seen[0] > CEILING:
            raise AssertionError(f"difflib handed {len(self.a)} × {len(self.b)} tokens")
        return matching(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "get_matching_blocks", watched)
    yield seen


def test_a_100_kb_paragraph_edited_throughout_is_compared_in_bounded_work(largest: list[int]) -> None:
    old = _paragraph(100_000)
    new = _every(old, 500)
    comparison = compare(blocks(f"<p>{old}</p>"), blocks(f"<p>{new}</p>"), old_label="A/0", new_label="A/1")
    (change,) = [c for c in comparison.changes if c.op != "equal"]
    kept = sum(len(s.text) for s in change.segments if s.op == "equal")
    assert kept > 0.85 * len(old)  # sentence by sentence, still marked inside: not one paragraph deleted whole
    assert largest[0] <= CEILING


def test_one_edit_in_a_100_kb_line_is_found_to_the_character(largest: list[int]) -> None:
    old = _paragraph(100_000)
    at = len(old) // 2
    segments = inline_diff(old, old[:at] + "新增" + old[at:])
    assert [(s.op, len(s.text)) for s in segments] == [("equal", at), ("insert", 2), ("equal", len(old) - at)]


def test_a_100_kb_line_without_a_sentence_mark_is_one_replacement_not_a_hang(largest: list[int]) -> None:
    old = "".join(random.Random(2).choice("质量管理体系") for _ in range(100_000))
    new = _every(old, 1000, "甲")
    segments = inline_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new


def test_paragraphs_of_ordinary_size_get_exactly_what_difflib_answers() -> None:
    for seed in range(20):
        old = _paragraph(600, seed)
        new = _every(old, 37 + seed, "新")[:500] + "补充要求。"
        a, b = tokens(old), tokens(new)
        whole = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        segments = inline_diff(old, new)
        assert "".join(s.text for s in segments if s.op != "insert") == old
        assert "".join(s.text for s in segments if s.op != "delete") == new
        assert tokendiff.opcodes(a, b) == whole
        assert tokendiff.ratio(a, b) == difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
