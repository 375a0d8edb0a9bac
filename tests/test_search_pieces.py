"""The index works out a word's pieces (its character pairs and characters) once for the whole index, not again on
every page that has the word: with each character of a Chinese word a term, that took a fifth of the index's time."""

from __future__ import annotations

import pytest

from qmsdoc.search import language, tokens
from qmsdoc.search.language import search_language
from qmsdoc.search.tokens import CHAR_MARK, Tokenizer


def _chinese() -> language.SearchLanguage:
    return search_language(None)


def test_a_word_on_many_pages_has_its_pieces_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    worked: list[str] = []
    real = tokens.characters

    def counted(word: str) -> list[str]:
        worked.append(word)
        return real(word)

    monkeypatch.setattr(tokens, "characters", counted)
    tokenizer = Tokenizer(_chinese())
    for _page in range(3):
        tokenizer.pieces("登记表")
    assert worked == ["登记表"]


def test_a_word_s_pieces_are_its_pairs_and_characters_each_time_it_is_asked() -> None:
    tokenizer = Tokenizer(_chinese())
    first = tokenizer.pieces("管理系统")
    again = tokenizer.pieces("管理系统")
    assert again == first
    assert {"管理", "理系", "系统"} <= set(first)
    assert {CHAR_MARK + c for c in "管理系统"} <= set(first)
    assert tokenizer.pieces("表") == []  # a one-character word is its own term


def test_the_shipped_search_script_leaves_out_its_comment_lines_only() -> None:
    """search.js grew a fifth with its comments, all fetched before a phone showed a first result."""
    from importlib import resources

    from qmsdoc.site.searchpages import without_comment_lines

    source = resources.files("qmsdoc.search").joinpath("assets/search.js").read_text("utf-8")
    shipped = without_comment_lines(source)
    assert len(shipped) < 0.8 * len(source)
    assert not [line for line in shipped.splitlines() if line.strip().startswith(("//", "/*", "*"))]
    head = source.index("*/\n") + 3  # the script's one block comment, its head
    code = [line for line in source[head:].splitlines(keepends=True) if not line.strip().startswith("//")]
    assert shipped == "".join(code)
    assert 'var s = "a"; // kept\n' in without_comment_lines('/* a\n   b */\nvar s = "a"; // kept\n// gone\n')
