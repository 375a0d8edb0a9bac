"""The search's language: how text is cut into words and which words are too common to index. One function
decides it from the project configuration, so the site's labels and its search can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.i18n import lookup


@dataclass(frozen=True)
class SearchLanguage:
    code: str
    segment_han: bool
    """Cut runs of Chinese characters into words with jieba (a site in Chinese); otherwise each run is one word."""
    stop_words: frozenset[str]
    word_forms: str = ""
    """The word-form rules the browser applies to a query (`en`; see core/i18n's `Language.word_forms`)."""


_CHINESE_STOP = frozenset("的了和与及或在是等由对为将按并于其之以而则即被把从向着也都就")
_ENGLISH_STOP = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
                           "or", "that", "the", "this", "to", "with"})


def search_language(config: Any) -> SearchLanguage:
    """The search language of a project: `language:` in qmsdoc.yml when the configuration has one (Chinese
    by default). Chinese sites are segmented by jieba; any other language is cut at spaces and punctuation."""
    code = str(getattr(config, "language", None) or "zh-CN")
    catalogue = lookup(code)
    chinese = code.lower().startswith("zh")
    segment = catalogue.segment_han if catalogue is not None else chinese  # the catalogue decides when it knows
    forms = catalogue.word_forms if catalogue is not None else ""
    return SearchLanguage(code, segment, (_CHINESE_STOP | _ENGLISH_STOP) if chinese else _ENGLISH_STOP, forms)
