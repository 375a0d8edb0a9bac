"""attr_list sets a list item's attributes only from the last line of the item's own text.

Python-Markdown's attr_list reads `{...}` on the last line of a list item's text as the item's attributes, and
reads the item's text before its first child element when no nested list follows the last child's text: so a line
of an item that starts with `{ref}` (MyST's role, `{ref}`x``) before a code span was taken as the attribute `ref`
of the `<li>`, and the page and both copies lost the text (QD200 then named a "ref" no output showed). The text
before the first child is the end of the item's text only when a nested list is that child; elsewhere it is hidden
from attr_list (`- a {: .cls}` and `- a` over `  {: .cls}` still set the item's class)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

_LISTS = ("ul", "ol")


def _text_ends_item(item: etree.Element) -> bool:
    """Whether the text before `item`'s first child element is the last of the item's own text: there is no
    child, or the first child is a nested list."""
    return not len(item) or item[0].tag in _LISTS


def install(md: Any) -> None:
    """Make `md`'s attr_list (when the dialect has it) read an item's attributes only at the end of its text."""
    if "attr_list" not in md.treeprocessors:
        return
    processor = md.treeprocessors["attr_list"]
    run = processor.run

    def run_on_item_ends(doc: etree.Element) -> None:
        hidden = [(item, item.text) for item in doc.iter("li") if item.text and not _text_ends_item(item)]
        for item, _ in hidden:
            item.text = None
        try:
            run(doc)
        finally:
            for item, text in hidden:
                item.text = text

    processor.run = run_on_item_ends
