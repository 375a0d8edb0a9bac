"""The one token matcher of the compare (core/compare.py): difflib's, bounded so that no paragraph can hang a
redline. difflib compares two runs of tokens in time near len(a) × len(b) — a Chinese paragraph is a token a
character, so two 20,000-character versions of one paragraph took 14 s and a 100 kB line minutes. Up to
`MATCH_BUDGET` the runs are handed to difflib whole, exactly as before; past it the tokens both versions
begin and end with are set aside (a linear walk: one edit in a huge line is found to the character), the rest
is matched sentence by sentence, and each changed run of sentences compared inside while the budget lasts —
what is left over is one deletion and one insertion, never a slower answer."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

Opcode = tuple[str, int, int, int, int]

MATCH_BUDGET = 4_000_000  # tokens(old) × tokens(new) compared in one call, at most (2,000 × 2,000 characters: ~0.05 s)
_SENTENCE_END = frozenset("。！？；!?;\n")


def _matched(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    found: list[Opcode] = [*difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    return found


def _sentences(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of `tokens`: a sentence ends after its closing mark."""
    out: list[tuple[int, int]] = []
    start = 0
    for n, token in enumerate(tokens):
        if token in _SENTENCE_END or "\n" in token:
            out.append((start, n + 1))
            start = n + 1
    if start < len(tokens):
        out.append((start, len(tokens)))
    return out


def _replaced(a0: int, a1: int, b0: int, b1: int) -> list[Opcode]:
    if a1 > a0 and b1 > b0:
        return [("replace", a0, a1, b0, b1)]
    if a1 > a0:
        return [("delete", a0, a1, b0, b0)]
    return [("insert", a0, a0, b0, b1)] if b1 > b0 else []


class _Budget:
    def __init__(self, left: int) -> None:
        self.left = left

    def take(self, cost: int) -> bool:
        if cost > self.left:
            return False
        self.left -= cost
        return True


def _middle(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int, budget: _Budget) -> list[Opcode]:
    """a[a0:a1] → b[b0:b1] (no common first or last token) within `budget`, offsets in the whole runs."""
    if budget.take((a1 - a0) * (b1 - b0)):
        return [(tag, i1 + a0, i2 + a0, j1 + b0, j2 + b0) for tag, i1, i2, j1, j2 in _matched(a[a0:a1], b[b0:b1])]
    old = [(s + a0, e + a0) for s, e in _sentences(a[a0:a1])]
    new = [(s + b0, e + b0) for s, e in _sentences(b[b0:b1])]
    if len(old) < 2 or len(new) < 2 or not budget.take(len(old) * len(new)):
        return _replaced(a0, a1, b0, b1)
    out: list[Opcode] = []
    keys_old = ["".join(a[s:e]) for s, e in old]
    keys_new = ["".join(b[s:e]) for s, e in new]
    for tag, i1, i2, j1, j2 in _matched(keys_old, keys_new):
        start_a = old[i1][0] if i1 < len(old) else a1
        end_a = old[i2 - 1][1] if i2 > i1 else start_a
        start_b = new[j1][0] if j1 < len(new) else b1
        end_b = new[j2 - 1][1] if j2 > j1 else start_b
        if tag == "equal":
            out.append(("equal", start_a, end_a, start_b, end_b))
        elif end_a > start_a and end_b > start_b and budget.take((end_a - start_a) * (end_b - start_b)):
            out += [(t, i + start_a, i_ + start_a, j + start_b, j_ + start_b)
                    for t, i, i_, j, j_ in _matched(a[start_a:end_a], b[start_b:end_b])]
        else:
            out += _replaced(start_a, end_a, start_b, end_b)
    return out


def opcodes(a: Sequence[str], b: Sequence[str], budget: int = MATCH_BUDGET) -> list[Opcode]:
    """difflib's opcodes of `a` → `b` (equal / replace / delete / insert), in time bounded by `budget`."""
    if len(a) * len(b) <= budget:
        return _matched(a, b)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    out: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    out += _middle(a, b, head, len(a) - tail, head, len(b) - tail, _Budget(budget))
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def ratio(a: Sequence[str], b: Sequence[str], budget: int = MATCH_BUDGET) -> float:
    """How alike `a` and `b` read, 0 to 1 — difflib's ratio (twice the tokens kept over all tokens), bounded."""
    if not a and not b:
        return 1.0
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(a, b, budget) if tag == "equal")
    return 2.0 * kept / (len(a) + len(b))
