"""Edit YAML front matter in place, line by line, so comments, key order, quoting of untouched keys
and the Markdown body stay exactly as the quality officer wrote them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

from ..core.errors import EditError
from ..core.i18n import t
from ..core.source import is_closing, is_opening

_KEY = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")
# A `?` anywhere is quoted too: PyYAML's pure-Python reader (no libyaml) ends a plain value at `?` inside a
# flow mapping, so `{change: Why?}` would be a file qmsdoc cannot read back.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#?,\[\]{}]*$")
_COMMENT = re.compile(r"\s+#[^'\"]*$")


_RESOLVER: Any = yaml.resolver.Resolver()  # PyYAML is untyped
# A date stays plain: the sources' loader reads it as text, and every date qmsdoc writes is written so.
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # Quote anything YAML would read as another type: PyYAML's own resolver decides (0x10 and 0b11 are
    # numbers, NULL is null, = and << are tags no safe loader builds), and a YAML 1.2 reader's numbers too.
    looks_typed = re.fullmatch(r"[-+]?[\d_.]+(e[-+]?\d+)?", text, re.I) or text.lower() in (
        "yes", "no", "on", "off", "true", "false", "null", "~") or _RESOLVER.resolve(
        yaml.ScalarNode, text, (True, False)) not in _TEXT_TAGS
    if _PLAIN.match(text) and text.strip() == text and text.isprintable() and not looks_typed:
        return text
    # Double-quoted, with every character YAML would fold or refuse (line breaks such as U+0085 and
    # U+2028, other unprintables) escaped, so the value reads back exactly as given.
    return "".join(c if c.isprintable() else (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
                   for c in json.dumps(text, ensure_ascii=False))


def flow_mapping(values: Mapping[str, object]) -> str:
    """`{key: value, …}` on one line; a mapping inside (an approval's pictures) as a flow mapping too."""
    return "{" + ", ".join(f"{scalar(key)}: {flow_mapping(value) if isinstance(value, Mapping) else scalar(value)}"
                           for key, value in values.items()) + "}"


def _continues(line: str) -> bool:
    """A line belongs to the key above it: indented, blank, or an item of a sequence written without
    indentation (`signatures:` then `- 申请人` at column 0, as PyYAML's safe_dump writes lists)."""
    return line.startswith((" ", "\t")) or not line.strip() or line == "-" or line.startswith("- ")


class FrontMatterEditor:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").split("\n")
        if not self.lines or not is_opening(self.lines[0]):
            raise EditError(t("act.yaml.no_front_matter"))
        end = next((i for i in range(1, len(self.lines)) if is_closing(self.lines[i])), None)
        if end is None:
            raise EditError(t("load.QD002.unclosed"))
        self.end = end

    def text(self) -> str:
        return "\n".join(self.lines)

    def _block(self, key: str) -> tuple[int, int] | None:
        for index in range(1, self.end):
            match = _KEY.match(self.lines[index])
            if match and match.group(1) == key:
                stop = index + 1
                while stop < self.end and _continues(self.lines[stop]):
                    stop += 1
                while stop - 1 > index and not self.lines[stop - 1].strip():
                    stop -= 1
                return index, stop
        return None

    def set(self, key: str, value_text: str, *, after: str | None = None) -> None:
        """Set a top-level key to a one-line value, keeping a trailing comment on its line."""
        block = self._block(key)
        if block:
            start, stop = block
            comment = _COMMENT.search(self.lines[start])
            line = f"{key}: {value_text}" + (comment.group(0) if comment and stop == start + 1 else "")
            self.lines[start:stop] = [line]
        else:
            anchor = self._block(after) if after else None
            position = anchor[1] if anchor else self.end
            self.lines.insert(position, f"{key}: {value_text}")
            self.end += 1
        self.end = next(i for i in range(1, len(self.lines)) if is_closing(self.lines[i]))

    def top_keys(self) -> list[str]:
        """The top-level keys, in the order written."""
        return [m.group(1) for line in self.lines[1:self.end] if (m := _KEY.match(line))]

    def lines_of(self, key: str) -> list[str]:
        """The lines a top-level key is written on (empty if absent), comments and indentation as written."""
        block = self._block(key)
        return self.lines[block[0]:block[1]] if block else []

    def set_lines(self, key: str, lines: list[str]) -> None:
        """Replace a top-level key with `lines` as written elsewhere (another file's `lines_of`), or append it."""
        block = self._block(key)
        if block:
            self.lines[block[0]:block[1]] = lines
        else:
            self.lines[self.end:self.end] = lines
        self.end = next(i for i in range(1, len(self.lines)) if is_closing(self.lines[i]))

    def remove(self, key: str) -> None:
        """Delete a top-level key and its value (nothing if absent)."""
        block = self._block(key)
        if block:
            del self.lines[block[0]:block[1]]
            self.end = next(i for i in range(1, len(self.lines)) if is_closing(self.lines[i]))

    def append_item(self, key: str, item_text: str) -> None:
        """Append `- item` to a top-level list (creating the list if needed)."""
        block = self._block(key)
        if block is None:
            self.lines[self.end:self.end] = [f"{key}:", f"  - {item_text}"]
        else:
            start, stop = block
            value = _KEY.match(self.lines[start]).group(2).strip()  # type: ignore[union-attr]
            if value in ("[]", ""):
                if value == "[]":
                    self.lines[start] = f"{key}:"
                indent = "  "
                for line in self.lines[start + 1:stop]:
                    if line.lstrip().startswith("- "):
                        indent = line[: len(line) - len(line.lstrip())]
                self.lines.insert(stop, f"{indent}- {item_text}")
            else:
                raise EditError(t("act.yaml.flow_list", key=key, value=value))
        self.end = next(i for i in range(1, len(self.lines)) if is_closing(self.lines[i]))
