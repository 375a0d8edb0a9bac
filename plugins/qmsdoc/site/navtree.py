"""A manual's navigation split into sub-sections so that a page carries a bounded navigation.

With Material's `navigation.prune` a page renders only the sections on its own path, each with its
children: if no section has more than `NAV_LIMIT` entries, a page carries at most `NAV_LIMIT` entries
per level, and the levels grow with log(n). Small manuals keep their flat list."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ..core.i18n import t
from .dirty import fingerprint

NAV_LIMIT = 40


@dataclass(frozen=True)
class NavEntry:
    """One document in the navigation: its control number, its (escaped) title line and its page."""

    code: str
    label: str
    uri: str


def series(code: str) -> str:
    """The control number without its last group: QP-02-03 → QP-02 (the process area), LYWG-001 → LYWG."""
    head, dash, _ = code.rpartition("-")
    return head if dash and head else code


def split(entries: Sequence[NavEntry], limit: int = NAV_LIMIT) -> list[Any]:
    """MkDocs nav items for `entries` (sorted by control number), no list longer than `limit`.

    First by series (the middle group of the control number, which readers know as the process area),
    then by ranges of control numbers ("QP-02-001 至 QP-02-040"), nested as deep as the size needs."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    if len(entries) <= limit:
        return [{entry.label: entry.uri} for entry in entries]
    groups: dict[str, list[NavEntry]] = {}
    for entry in entries:
        groups.setdefault(series(entry.code), []).append(entry)
    if 1 < len(groups) <= limit:
        return [{_series_label(key, members): split(members, limit)} if len(members) > 1
                else {members[0].label: members[0].uri} for key, members in groups.items()]
    return _ranges(entries, limit)


def _ranges(entries: Sequence[NavEntry], limit: int) -> list[Any]:
    chunks = min(limit, math.ceil(len(entries) / limit))
    size = math.ceil(len(entries) / chunks)
    out: list[Any] = []
    for start in range(0, len(entries), size):
        chunk = entries[start:start + size]
        if len(chunk) == 1:
            out.append({chunk[0].label: chunk[0].uri})
        else:
            out.append({escape(t("nav.range", first=chunk[0].code, last=chunk[-1].code)): split(chunk, limit)})
    return out


def _series_label(key: str, members: Sequence[NavEntry]) -> str:
    return escape(t("nav.series", series=key, count=len(members)))


def count_entries(nav: list[Any]) -> int:
    """All entries in a nav tree (sections and pages), for tests and the benchmark."""
    total = 0
    for item in nav:
        for value in item.values():
            total += 1 + (count_entries(value) if isinstance(value, list) else 0)
    return total


def shown_around(nav: Sequence[Any], *, pruned: bool) -> tuple[dict[str, str], str]:
    """What the navigation shows on each of its pages (a fingerprint, by source URI), and on a page outside it:
    what a page's dirty fingerprint must hold, or a retitled, added or removed document leaves the other pages'
    menus and their 上一页/下一页 links naming what is no longer so. With `navigation.prune` a page shows the top
    level, the children of each section on its own path and its neighbours in reading order; without it, the
    whole navigation (in every page's markup). `nav`: MkDocs nav items as `SiteModel.navigation` makes them."""
    def row(items: Sequence[Any]) -> str:
        return fingerprint([(title, value if isinstance(value, str) else None) for item in items
                            for title, value in item.items()])

    if not pruned:
        return {}, fingerprint(nav)
    pages: list[tuple[str, str, tuple[str, ...]]] = []  # title, URI, the sections on its path (their rows)

    def walk(items: Sequence[Any], path: tuple[str, ...]) -> None:
        for item in items:
            for title, value in item.items():
                if isinstance(value, str):
                    pages.append((title, value, path))
                else:
                    walk(value, (*path, row(value)))

    top = row(nav)
    walk(nav, (top,))
    shown: dict[str, str] = {}
    for number, (_, uri, path) in enumerate(pages):
        previous = pages[number - 1][:2] if number else None
        following = pages[number + 1][:2] if number + 1 < len(pages) else None
        shown[uri] = fingerprint(path, previous, following)
    return shown, top
