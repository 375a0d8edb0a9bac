"""Control numbers: normalisation, canonical form, file names and numbering patterns."""

from __future__ import annotations

import re
import unicodedata

# Dash variants seen in pasted Word/WPS text, all meaning "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")

# A token that looks like a control number: letters, optional /letters, digits and dash groups.
CODE_TOKEN = re.compile(
    r"(?<![A-Za-z0-9\uff21-\uff3a\uff41-\uff5a\uff10-\uff19])"
    r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]{1,8}"
    r"(?:[/\uff0f][A-Za-z\uff21-\uff3a\uff41-\uff5a]{1,8})?"
    r"[-\u2010-\u2015\u2212\ufe63\uff0d]?[0-9\uff10-\uff19]+"
    r"(?:[-\u2010-\u2015\u2212\ufe63\uff0d][A-Za-z\uff21-\uff3a\uff41-\uff5a]{0,3}[0-9\uff10-\uff19]+)*"
)


def normalise(code: str) -> str:
    """The canonical spelling of a control number: half-width, ASCII dash, upper case, no spaces."""
    text = unicodedata.normalize("NFKC", str(code)).translate(_DASHES)
    return re.sub(r"\s+", "", text).upper()


def file_stem(code: str) -> str:
    """The file name (without suffix) a document with this control number must have."""
    return normalise(code).replace("/", "_")


def docx_relative(code: str, *, form: bool) -> str:
    """Where the Word copy of a document or blank form lives, relative to build/docx (and site/docx)."""
    return f"{'forms' if form else 'documents'}/{file_stem(code)}.docx"


def stem_to_code(stem: str) -> str:
    return normalise(stem.replace("_", "/"))


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Numbering patterns are regular expressions matched against the canonical code."""
    return re.compile(pattern if pattern.endswith("$") else pattern + "$")


def natural_key(code: str) -> tuple[object, ...]:
    """Sort key ordering control numbers as people read them (QP-02-10 after QP-02-9)."""
    parts = re.split(r"(\d+)", normalise(code))
    return tuple(int(p) if p.isdigit() else p for p in parts)
