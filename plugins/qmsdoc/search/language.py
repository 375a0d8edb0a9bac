"""The search's language: how text is cut into words and which words are too common to index. One function
decides it from the project configuration, so the site's labels and its search can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.i18n import DEFAULT, languages, lookup


@dataclass(frozen=True)
class SearchLanguage:
    code: str
    segment_han: bool
    """Cut runs of Chinese characters into words with jieba (a site in Chinese); otherwise each run is one word."""
    stop_words: frozenset[str]
    word_forms: str = ""
    """The word-form rules the browser applies to a query (`en`; see core/i18n's `Language.word_forms`)."""
    traditional: bool = False
    """Chinese written in Traditional characters: cut where jieba cuts the Simplified form (core/i18n's
    `Language.traditional`)."""


def search_language(config: Any) -> SearchLanguage:
    """The search language of a project: `language:` in qmsdoc.yml when the configuration has one (Chinese
    by default), as its catalogue (core/i18n) decides: whether Chinese is segmented by jieba (otherwise text is
    cut at spaces and punctuation), which words are too common to index, how a word's forms are related. A code
    no catalogue knows never gets this far (the configuration refuses it): the default language's choices apply."""
    code = str(getattr(config, "language", None) or DEFAULT)
    catalogue = lookup(code) or languages()[DEFAULT]
    return SearchLanguage(code, catalogue.segment_han, catalogue.stop_words, catalogue.word_forms,
                          catalogue.traditional)
