"""Reading source files: encoding, size limit, front matter and YAML with line numbers.

Every problem here is returned as a Finding (QD001–QD006); nothing raises for bad content.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import echoed, os_reason
from .findings import Finding, Severity
from .i18n import t
from .portable import resolved

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_Loader):  # type: ignore[misc]
    """Safe YAML without implicit timestamps: dates stay strings so the schema can check them."""

    floats_as_written = False  # a number with a decimal point: refused (a source), or kept as its text (an import)


_NoDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

KeyPath = tuple[object, ...]

MAX_YAML_DEPTH = 40  # a controlled document needs 4; deeper input only exhausts the recursive composer
MAX_MARKDOWN_DEPTH = 40  # list/quote levels; Python-Markdown recurses once per level
_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
# Runs of emphasis markers or brackets this long make Python-Markdown's inline parser recurse or crawl.
_MARKER_RUN = re.compile(r"[*_]{200}|\[{200}|\({200}")
_INDICATOR = re.compile(r"[-?:](?=[ \t]|$)")  # what can open a block collection inside a line
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_BLOCK_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
# What opens a list or quote level at a line's start: a quote mark, a bullet, a number, or a lettered or roman
# marker (fancylists); only such a line nests deeper by its indentation.
_OPENS_LEVEL = re.compile(r">|(?:[-*+]|\d{1,9}[.)]|[A-Za-z]{1,9}[.)])(?=[ \t]|$)")


@dataclass
class SourceText:
    """A decoded source file with its YAML data and the line of every key."""

    path: str
    text: str = ""
    data: Any = None
    lines: dict[KeyPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""  # of the bytes read at load time: the one snapshot the whole build describes
    # The YAML as read when it composed but held values the schema cannot judge (QD004: a decimal, a huge integer,
    # a key not text or written twice), those values as the walk left them; `data` stays None. A register
    # (core/lineregister.py) checks its other lines from it, so every bad line is told in one run.
    partial: Any = None

    def line_of(self, *key: object) -> int:
        """The line of the deepest known key on this path (the front matter start if none)."""
        path: KeyPath = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, code: str, line: int, message: str) -> None:
        self.findings.append(Finding(self.path, line, code, Severity.ERROR, message))


def read_text(path: Path, display: str, max_bytes: int) -> SourceText:
    """Decode a file as UTF-8 (BOM and CRLF accepted); refuse anything else with a clear finding."""
    src = SourceText(display)
    raw = _read_regular(path, max_bytes, src)
    if raw is None:
        return src
    src.sha256 = hashlib.sha256(raw).hexdigest()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        src.error("QD001", 1, t("load.utf16"))
        return src
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src.error("QD001", line, t("load.not_utf8"))
        return src
    if "\x00" in text:
        src.error("QD001", 1, t("load.nul"))
        return src
    src.text = text.replace("\r\n", "\n").replace("\r", "\n")
    return src


def _read_regular(path: Path, max_bytes: int, src: SourceText) -> bytes | None:
    """The bytes of a regular file, at most `max_bytes`; a FIFO, device or folder is refused without
    reading (opened non-blocking and checked on the open descriptor, so nothing can make us wait)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        src.error("QD001", 1, t("load.unreadable", error=os_reason(exc)))
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked on the descriptor: a folder cannot even be wrapped as a file
        os.close(fd)
        src.error("QD001", 1, t("load.not_regular"))
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            raw = handle.read(max_bytes + 1)
        except OSError as exc:
            src.error("QD001", 1, t("load.unreadable", error=os_reason(exc)))
            return None
    if len(raw) > max_bytes:
        src.error("QD006", 1, t("load.QD006", size=max(info.st_size, len(raw)), limit=max_bytes))
        return None
    return raw


def is_opening(line: str) -> bool:
    """The `---` that opens front matter: at the start of the line (trailing spaces allowed)."""
    return line.rstrip() == "---"


def is_closing(line: str) -> bool:
    """The `---` or `...` that closes front matter. Indented, it is part of a value (a continuation line
    of a quoted title), not the end of the front matter."""
    return line.rstrip() in ("---", "...")


def split_front_matter(src: SourceText) -> str | None:
    """Split `---` front matter from the body; returns the YAML text or None (QD002)."""
    lines = src.text.split("\n")
    if not lines or not is_opening(lines[0]):
        src.error("QD002", 1, t("load.QD002.missing"))
        return None
    for index in range(1, len(lines)):
        if is_closing(lines[index]):
            src.body = "\n".join(lines[index + 1 :])
            src.body_line = index + 2
            return "\n".join(lines[1:index])
    src.error("QD002", 1, t("load.QD002.unclosed"))
    return None


def parse_yaml(src: SourceText, text: str, first_line: int, *, floats_as_written: bool = False) -> bool:
    """Parse YAML into `src.data` and `src.lines`; aliases are refused (QD005) to stop alias bombs. A number with
    a decimal point is refused (no field of a source holds one, and `1.10` would read as 1.1), unless
    `floats_as_written` (another tool's front matter being imported: `revision: 1.0`), which keeps its text."""
    loader = _NoDatesLoader(text)
    loader.floats_as_written = floats_as_written
    try:
        deep = _too_deep(text)
        if deep is not None:
            src.error("QD011", first_line + deep, t("load.QD011.yaml", limit=MAX_YAML_DEPTH))
            return False
        node = loader.get_single_node()
        if node is None:
            src.data = {}
            src.lines[()] = first_line
            return True
        problems: list[tuple[int, str]] = []
        data = _walk(node, (), src.lines, first_line, set(), problems, loader)
        if problems:
            for line, message in problems:
                src.error("QD004", line, message)
            src.partial = data
            return False
        src.data = data
    except _AliasFound as exc:
        src.error("QD005", exc.line, t("load.QD005"))
        return False
    except yaml.MarkedYAMLError as exc:
        line = first_line + yaml_error_line(exc)
        problem = exc.problem or str(exc)
        tag = _UNKNOWN_TAG.search(problem) if isinstance(exc, yaml.constructor.ConstructorError) else None
        if tag is not None:  # `!!python/object:…`: no syntax mistake, a type no source may name
            line = first_line + (exc.problem_mark.line if exc.problem_mark else 0)
            src.error("QD003", line, t("load.QD003.tag", tag=tag.group(1).replace(_YAML_TAG_PREFIX, "!!", 1)))
        else:
            src.error("QD003", line, t("load.QD003.line", problem=problem))
        return False
    except yaml.YAMLError as exc:
        src.error("QD003", first_line, t("load.QD003", problem=exc))
        return False
    finally:
        loader.dispose()
    src.lines.setdefault((), first_line)
    return True


def yaml_error_line(exc: yaml.MarkedYAMLError) -> int:
    """The 0-based line a YAML mistake is told at: the line the user must fix. That is where the broken construct
    began (a quote or bracket left open, a key without its `:`: the context mark) — except inside a block mapping
    or list, whose context mark is the block's first line (often the file's first key, far from the mistake):
    there the line the parser stumbled on (a stray indented `stray: 1`, an item out of line)."""
    block = (exc.context or "").startswith("while parsing a block")
    mark = exc.problem_mark if block or exc.context_mark is None else exc.context_mark
    return int(mark.line) if mark is not None else 0


MAX_EXPANDED_VALUES = 100_000  # a site configuration's values once its aliases are expanded (a real one has < 500)


def screen_yaml_file(path: Path, display: str, max_bytes: int) -> SourceText:
    """The shared loader's guards for a YAML file another program reads with its own loader (mkdocs.yml: its
    `!!python/name:` and `!ENV` tags and its anchors are its own business): encoding, NUL, size (read_text),
    nesting (QD011), a key written twice (QD004) and aliases that expand past
    MAX_EXPANDED_VALUES (QD005: a billion-laughs bomb composes in a moment, then hangs whoever walks it); the
    file holds `key: value` settings (QD004 for a list, a lone value or nothing).
    The file's findings, each at its line, and the line of each setting (`_setting_lines`); nothing is constructed."""
    src = read_text(path, display, max_bytes)
    if src.findings:
        return src
    deep = _too_deep(src.text)
    if deep is not None:
        src.error("QD011", deep + 1, t("load.QD011.yaml", limit=MAX_YAML_DEPTH))
        return src
    loader = _NoDatesLoader(src.text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return src  # a syntax error: the program's own loader meets it, and its caller tells it (site/exporter.py)
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):  # a list, one value, or nothing at all
        src.error("QD004", 1 if node is None else node.start_mark.line + 1, t("load.top_not_mapping"))
        return src
    _setting_lines(node, src.lines)
    _screen_nodes(node, src)
    return src


def _setting_lines(root: yaml.MappingNode, lines: dict[KeyPath, int]) -> None:
    """The line of every setting as written, for a refusal of its value (`theme.custom_dir`, not `theme:`): each
    key by its path of keys; a list's items by their name, as MkDocs names its `plugins` and `markdown_extensions`
    (`- search:` / `- offline` under `plugins` is `("plugins", "search")`, its `lang:` one more key), the first of
    a name first. Each written node is walked once: an alias is not expanded (`_screen_nodes` sizes that)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        # pushed last first, so the walk goes in the file's order: an anchor's node under the anchor's key
        if isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                if isinstance(key, yaml.ScalarNode):
                    stack.append((value, (*path, key.value)))
                    stack.append((key, (*path, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, item.value) if isinstance(item, yaml.ScalarNode) else path)
                         for item in reversed(node.value))
        elif path:  # a key, or a list item named by its text
            lines.setdefault(path, node.start_mark.line + 1)


def _screen_nodes(root: yaml.Node, src: SourceText) -> None:
    """Duplicate keys, and the size of the tree once aliases are expanded — counted over the composed graph
    (an alias is the node it names, so each node is sized once), iteratively: a chain of aliases can be
    deeper than the text's own nesting. A node that contains itself expands for ever."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[id(node)] > MAX_EXPANDED_VALUES:
                src.error("QD005", node.start_mark.line + 1, t("load.QD005.expanded", limit=MAX_EXPANDED_VALUES))
                return
            continue
        if id(node) in open_nodes:  # an alias inside its own anchor: `a: &a [*a]`
            src.error("QD005", node.start_mark.line + 1, t("load.QD005.expanded", limit=MAX_EXPANDED_VALUES))
            return
        open_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    line, name = key.start_mark.line + 1, (key.tag, key.value)
                    if name in first:
                        src.error("QD004", line, key_twice(key.value, first[name], line))
                    first.setdefault(name, line)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def depth_bound(text: str) -> int:
    """An upper bound of the YAML nesting `text` can reach, from its characters alone (what lets nearly
    every file skip the token scan below). The block collections still open when a line's first token
    comes start at distinct columns up to that token's, and each further one the line opens needs a
    `-`, `?` or `:` indicator followed by a space; each flow collection needs its own `[` or `{`. A line
    break other than \\n (YAML also breaks at \\r, NEL, LS and PS) makes the lines uncountable: no bound."""
    if any(c in text for c in _OTHER_BREAKS):
        return sys.maxsize
    block = 0
    for line in text.split("\n"):
        opened = len(line) - len(line.lstrip(" \t")) + 1 + len(_INDICATOR.findall(line))
        block = max(block, opened)
    return block + text.count("[") + text.count("{")


def _too_deep(text: str) -> int | None:
    """The 0-based line where YAML nesting passes MAX_YAML_DEPTH, found by the (iterative) scanner
    before the recursive composer sees the text; None when the nesting is reasonable."""
    if depth_bound(text) <= MAX_YAML_DEPTH:
        return None
    scanner = _NoDatesLoader(text)
    depth = 0
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return int(token.start_mark.line)
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6+ (PyYAML 6.0.4 wheels) stops its scanner itself at 1,000 levels, while looking
        # ahead for a key, before it hands us the first opening token: the same finding, at its line.
        if "nesting depth" not in str(exc.problem):
            raise
        return int(exc.problem_mark.line) if exc.problem_mark else 0
    finally:
        scanner.dispose()
    return None


MAX_LINK_SCAN = 5_000_000  # characters read for link targets in one body: each `](` is read to its `)`
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_PAREN = re.compile(r"\]\(|[()]")


def link_scan_too_long(body: str) -> int | None:
    """The 0-based body line of the `](` whose target pushes the reading of link targets past MAX_LINK_SCAN, or
    None. Python-Markdown reads each `](` up to its matching `)`, or to the end of the paragraph when there is
    none: a paragraph of thousands of unclosed `](` is read once per `](` (10,000 in 60 KB: minutes)."""
    if "](" not in body:
        return None
    read = 0
    breaks = list(_PARAGRAPH.finditer(body))
    starts, ends = [0, *(gap.end() for gap in breaks)], [*(gap.start() for gap in breaks), len(body)]
    for first, last in zip(starts, ends, strict=True):
        opened: list[tuple[int, bool]] = []  # each open `(`: where, and whether a link target opens there
        targets: list[tuple[int, int]] = []  # each `](`: where it opens, where its reading stops
        for mark in _PAREN.finditer(body, first, last):
            if mark.group() != ")":
                opened.append((mark.start(), mark.group() == "]("))
            elif opened and (popped := opened.pop())[1]:
                targets.append((popped[0], mark.start()))
        targets += [(where, last) for where, link in opened if link]
        for where, end in sorted(targets):
            read += end - where
            if read > MAX_LINK_SCAN:
                return body.count("\n", 0, where)
    return None


def markdown_too_deep(body: str) -> int | None:
    """The 0-based body line whose list or block-quote nesting passes MAX_MARKDOWN_DEPTH (indentation
    counts one level per two columns) or that holds a run of 200 emphasis markers or brackets, or None."""
    runs = _MARKER_RUN.search(body) is not None  # a run never spans lines: none in the body, none in a line
    for number, line in enumerate(body.split("\n")):
        if runs and _MARKER_RUN.search(line):
            return number
        content = line.lstrip(" \t")
        if not _OPENS_LEVEL.match(content):
            continue  # not a list item or a quote: no level at all (deep indentation alone is code or text)
        if len(line) - len(content) > 2 * MAX_MARKDOWN_DEPTH:
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
            if indent // 2 > MAX_MARKDOWN_DEPTH:
                return number
        levels, position = 0, 0
        while levels <= MAX_MARKDOWN_DEPTH:
            match = _BLOCK_MARKER.match(line, position)
            if not match or match.end() == position:
                break
            levels, position = levels + 1, match.end()
        if levels > MAX_MARKDOWN_DEPTH:
            return number
    return None


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
def key_twice(key: object, first: int, line: int) -> str:
    """The one wording of a key written twice in a mapping: at both its lines, or once when both are on one line
    (a flow mapping `{a: 1, a: 2}`), never 「第 8 行与第 8 行」."""
    if first == line:
        return t("load.key_twice_on_line", key=key, line=line)
    return t("load.key_twice", key=key, first=first, line=line)


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MAX_INT_DIGITS = 12
_UNKNOWN_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], offset: int, seen: set[int],
          problems: list[tuple[int, str]], loader: Any) -> Any:
    """The value of `node`, with the line of every key recorded in `lines` — one walk over the composed nodes
    instead of PyYAML's constructor after a walk for the lines. Aliases are refused at once; values the schema
    cannot judge (duplicate and non-text keys, floats, huge integers) are noted in `problems`, and then the value
    is not used (nor built by the loader: a huge integer inside a tagged collection). Scalars are built as the
    safe loader builds them (its own int and bool constructors; any other tag, and a collection tagged `!!set`,
    `!!omap` or `!!pairs`, by the loader itself). A text value is taken in place, without a call of its own: most
    values are."""
    _first_visit(node, path, lines, offset, seen)
    lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        first_seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                kind = key_node.tag.rsplit(":", 1)[-1]
                problems.append((line, t("load.key_not_text", key=_as_written(key_node), kind=kind)))
            elif key in first_seen:
                problems.append((line, key_twice(key, first_seen[key], line)))
            else:
                first_seen[key] = line
            keyed = path + (key,)
            lines[keyed] = line
            if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                _first_visit(value_node, keyed, lines, offset, seen)
                mapping[key] = value_node.value
            else:
                mapping[key] = _walk(value_node, keyed, lines, offset, seen, problems, loader)
                lines[keyed] = line
        return mapping if node.tag == _MAP or problems else loader.construct_object(node, deep=True)  # !!set…
    if isinstance(node, yaml.SequenceNode):
        items = [_walk(item, path + (index,), lines, offset, seen, problems, loader)
                 for index, item in enumerate(node.value)]
        return items if node.tag == _SEQ or problems else loader.construct_object(node, deep=True)  # !!omap…
    return _scalar(node, offset, problems, loader)


def _as_written(node: yaml.Node, limit: int = 40) -> str:
    """A key node in YAML's flow style (`{a: 1}`, `[x, y]`, `12`), cut at `limit` characters — not the
    composer's mark text (`in "<unicode string>", line 3, column 3`) nor a list of node objects."""
    def flow(item: yaml.Node, budget: int) -> str:
        if isinstance(item, yaml.MappingNode):
            parts = []
            for key, value in item.value:
                parts.append(f"{flow(key, budget)}: {flow(value, budget)}")
                if sum(map(len, parts)) > budget:
                    break
            return "{" + ", ".join(parts) + "}"
        if isinstance(item, yaml.SequenceNode):
            parts = []
            for value in item.value:
                parts.append(flow(value, budget))
                if sum(map(len, parts)) > budget:
                    break
            return "[" + ", ".join(parts) + "]"
        return str(item.value)[:budget + 1]
    text = " ".join(flow(node, limit).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _first_visit(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], offset: int, seen: set[int]) -> None:
    """Refuse a node reached twice: an alias (refusing it keeps memory bounded for alias bombs)."""
    if id(node) in seen:
        # The composer keeps no mark for the alias itself: report the nearest enclosing key.
        parent = path
        while parent and parent not in lines:
            parent = parent[:-1]
        raise _AliasFound(lines.get(parent, node.start_mark.line + offset))
    seen.add(id(node))


def _scalar(node: yaml.Node, offset: int, problems: list[tuple[int, str]], loader: Any) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _FLOAT:
        if loader.floats_as_written:
            return node.value
        problems.append((node.start_mark.line + offset, t("load.float", value=node.value[:20])))
        return None
    if tag == _INT and len(node.value.lstrip("+-0").replace("_", "")) > MAX_INT_DIGITS:
        problems.append((node.start_mark.line + offset, t("load.big_number", digits=len(node.value))))
        return None
    if tag == _NULL:
        return None
    try:
        if tag == _INT:
            return loader.construct_yaml_int(node)
        if tag == _BOOL:
            return loader.construct_yaml_bool(node)
        return loader.construct_object(node, deep=True)
    except (ValueError, LookupError, AttributeError):  # `!!int abc`, `!!bool maybe`, `!!timestamp 2026-02-30`
        tag_written = tag.replace(_YAML_TAG_PREFIX, "!!", 1)
        said = t("load.bad_tagged", tag=tag_written, value=echoed(node.value))
        problems.append((node.start_mark.line + offset, said))
        return None


def parse_markdown(text: str, display: str = "") -> SourceText:
    """Front matter and body of an already decoded Markdown source (a file, or a version from git);
    problems are in `findings`."""
    src = SourceText(display, text=text.replace("\r\n", "\n").replace("\r", "\n"))
    yaml_text = split_front_matter(src)
    if yaml_text is not None:
        parse_yaml(src, yaml_text, first_line=2)
    return src


def load_markdown(path: Path, display: str, max_bytes: int) -> SourceText:
    src = read_text(path, display, max_bytes)
    return src if src.findings else parse_markdown_file(src)


def parse_markdown_file(src: SourceText) -> SourceText:
    """Front matter and body of a Markdown file `read_text` has read (no findings yet)."""
    display = src.path
    parsed = parse_markdown(src.text, display)
    parsed.sha256 = src.sha256
    deep = markdown_too_deep(parsed.body) if not parsed.findings else None
    if deep is not None:
        parsed.error("QD011", parsed.body_line + deep, t("load.QD011.markdown", limit=MAX_MARKDOWN_DEPTH))
    elif not parsed.findings and (open_link := link_scan_too_long(parsed.body)) is not None:
        parsed.error("QD011", parsed.body_line + open_link, t("load.QD011.links", limit=f"{MAX_LINK_SCAN:,}"))
    return parsed


def outside_target(path: Path, root: Path) -> Path | None:
    """Where `path` leads when it is a symlink leading outside the project `root` (QD008, whatever it points
    to: a file, a folder, a device, nothing); None otherwise — also for a link that leads round in a loop: it
    leads nowhere, and reading it is refused as a broken link (QD001) where it is read."""
    if not path.is_symlink():
        return None  # one lstat
    target = resolved(path)
    if target == Path(os.path.abspath(path)):
        return None  # a loop
    return None if target.is_relative_to(root.resolve()) else target


def leads_back(path: Path) -> bool:
    """Whether `path` is a symlink to a folder that holds it (`manuals/qp-hr/loop -> ..`): MkDocs follows folder
    links, and published the folder inside itself until the path was too long for the file system — the site
    failed with ELOOP and a path of forty folders, while the check said nothing."""
    if not path.is_symlink():
        return False
    target = resolved(path)
    return target != Path(os.path.abspath(path)) and target.is_dir() and resolved(path.parent).is_relative_to(target)


def outside_message(target: Path) -> str:
    return t("load.QD008", target=target)


def load_yaml_file(path: Path, display: str, max_bytes: int) -> SourceText:
    src = read_text(path, display, max_bytes)
    return src if src.findings else parse_yaml_file(src)


def parse_yaml_file(src: SourceText) -> SourceText:
    """The YAML data of a file `read_text` has read (no findings yet)."""
    parse_yaml(src, src.text, first_line=1)
    return src
