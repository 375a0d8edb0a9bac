"""A redline compares text written with spaces between words word by word, whatever its letters: an English team's
accented names (José Müller, Zoë) and an Arabic line were cut inside a word — José → Josh read "Jos[-é-][+h+]", and
مرحبا → أهلا kept the last letter, so the Arabic shown in the redline came apart. Chinese stays by character."""

from __future__ import annotations

from qmsdoc.core.compare import inline_diff


def _changes(old: str, new: str) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in inline_diff(old, new) if s.op != "equal"]


def test_an_accented_or_arabic_word_is_replaced_whole() -> None:
    assert _changes("Ask José Müller.", "Ask Josh Miller.") == [("delete", "José Müller"), ("insert", "Josh Miller")]
    assert _changes("Contact Zoë today.", "Contact Zoe today.") == [("delete", "Zoë"), ("insert", "Zoe")]
    # a decomposed accent (e + U+0301) belongs to its word too
    assert _changes("Ask Jose\u0301 now.", "Ask Josh now.") == [("delete", "Jose\u0301"), ("insert", "Josh")]
    assert _changes("office: مرحبا بكم", "office: أهلا بكم") == [("delete", "مرحبا"), ("insert", "أهلا")]


def test_chinese_stays_by_character_and_ascii_words_as_before() -> None:
    assert _changes("总经理负责审批。", "总经理负责审核。") == [("delete", "批"), ("insert", "核")]
    assert _changes("Version A/1 of 2026-01-01.", "Version A/2 of 2026-01-01.") == [("delete", "A/1"),
                                                                                       ("insert", "A/2")]
    # a Latin name beside Chinese text is one word, the Chinese around it still by character
    assert _changes("由José审批", "由José审核") == [("delete", "批"), ("insert", "核")]
