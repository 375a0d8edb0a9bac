"""Text into XML (WordprocessingML, SpreadsheetML): escaped, and rid of the characters XML 1.0 cannot
carry (pasted from terminals or old WPS files; Word and Excel refuse a file that holds one)."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str, replacement: str = "") -> str:
    """Element text: `&`, `<`, `>` escaped; characters XML forbids replaced by `replacement`."""
    return NOT_XML.sub(replacement, value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str, replacement: str = "") -> str:
    """An attribute value for double quotes."""
    return xml_text(value, replacement).replace('"', "&quot;")
