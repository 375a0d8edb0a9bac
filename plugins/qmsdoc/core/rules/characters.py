"""Identity by characters: an id is what it looks like. Control numbers are plain ASCII after
normalisation, and no text may carry invisible characters that reorder or hide what a reader sees
(bidi overrides, zero-width spaces: "Trojan Source" and look-alike ids), nor characters the page, Word and PDF
show differently (other format characters, noncharacters, private use)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from ..codes import normalise
from ..dialect import Dialect, unclosed_callouts
from ..errors import echoed
from ..findings import Finding, Severity
from ..i18n import t
from ..mdlinks import item_lines, label_as_written, raw_html_lines
from ..model import Document
from ..names import NOTE_LIMIT, SETTING_LIMIT, TITLE_LIMIT, joins_a_word, name_problem, text_problem
from ..schemas import key_name
from ..source import KeyPath, SourceText
from ..structure import prose_lines
from . import Context, Rule, each_document, each_source, per_file, rule

ID_PUNCTUATION = frozenset("-/_.")
# Every character QD013 refuses, front matter and body alike — the one place this list lives (README, rule table):
# bidi controls and zero-width characters reorder what is shown or make two numbers look alike;
_REORDERING = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff"
# every other format character (Unicode Cf: invisible operators, deprecated format controls, interlinear
# annotation, tags …) is kept by the page and dropped or boxed by Word or Typst — but U+00AD SOFT HYPHEN, which all
# three treat alike, as a place a word may break;
_FORMAT = ("\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb"
           "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
           "\U000e0001\U000e0020-\U000e007f")
# noncharacters (U+FDD0–FDEF, the last two code points of every plane) are not for interchange at all;
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
# private use has no standard meaning: each font shows its own glyph (old GBK fonts put rare hanzi there) or none.
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
INVISIBLE = re.compile(f"[{_REORDERING}{_FORMAT}{_NONCHARACTERS}{_PRIVATE_USE}]")
_REORDERS = re.compile(f"[{_REORDERING}]")
# C0 and C1 control characters and DEL, but tab and the line endings: the page shows them, the copies drop them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def invisible(text: str) -> list[str]:
    """Each kind of character of `text` QD013 refuses, in order of first use (a joiner only where it hides)."""
    return list(dict.fromkeys(match.group() for match in INVISIBLE.finditer(text)
                              if not joins_a_word(text, match.start())))


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, t('rule.unnamed_character'))}"


# A character reference outside code (`&#x1F;`, `&#8238;`, `&zwj;`): the page decodes it as HTML does, so a character
# the rules refuse when typed reaches the page and the copies written this way too (`\&#x1F;` as well: the escaped
# `&` still starts the reference the page decodes).
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def referenced(body: str, first_line: int, refused: re.Pattern[str], dialect: Dialect) \
        -> Iterator[tuple[int, str, str]]:
    """(file line, character, the reference that writes it) for each character reference outside code in `body`
    whose character `refused` matches, code read as the project's `dialect` reads it."""
    if "&" not in body or not any(_refused(found.group(0), refused) for found in _REFERENCE.finditer(body)):
        return  # the line scan (code left out) only for a body that holds such a reference somewhere
    for line, text in prose_lines(body, first_line, dialect):
        for found in _REFERENCE.finditer(text):
            if char := _refused(found.group(0), refused):
                yield line, char, found.group(0)


def _refused(reference: str, refused: re.Pattern[str]) -> str:
    """The character `reference` writes if `refused` matches it, else ""."""
    char = _decoded(reference)
    return char if len(char) == 1 and refused.match(char) else ""


def _decoded(reference: str) -> str:
    """What a character reference shows on the page (as HTML decodes it: `&#150;` is an en dash, `&#x1F;` U+001F)."""
    char = html.unescape(reference)
    if not char and reference[1] == "#":  # Python drops a control character HTML (and the page) keeps
        number = reference[3:-1] if reference[2] in "xX" else reference[2:-1]
        char = chr(int(number, 16 if reference[2] in "xX" else 10))
    return char


def why_refused(char: str) -> str:
    """Why QD013 refuses `char` (one of INVISIBLE), in the project's language."""
    if _REORDERS.match(char):
        return t("rule.QD013.why.reorder")
    if 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE:
        return t("rule.QD013.why.noncharacter")
    if unicodedata.category(char) == "Co":
        return t("rule.QD013.why.private_use")
    return t("rule.QD013.why.format")


def foreign_characters(code: str) -> list[str]:
    """Characters of a control number (after normalisation) outside ASCII letters, digits and - / _ ."""
    return [c for c in normalise(code) if not (c.isascii() and (c.isalnum() or c in ID_PUNCTUATION))]


def leading_punctuation(code: str) -> str:
    """The punctuation a control number (after normalisation) starts with, else "". The number is a file name,
    a page address and a command argument: `.` / `..` / `.x` is a hidden file the site leaves out (check passed,
    build failed blaming mkdocs.yml), `-x` reads as an option."""
    first = normalise(code)[:1]
    return first if first in ID_PUNCTUATION else ""


def _identified(ctx: Context) -> Iterator[tuple[SourceText, tuple[str, SourceText, str, str]]]:
    """Each document, form and manual with the key and raw text of its control number."""
    for target in ctx.corpus.sorted_targets():
        yield target.source, (target.path, target.source, "code" if target.kind == "form" else "id", target.raw_id)
    for m in ctx.corpus.manuals:
        yield m.source, (m.path, m.source, "id", str(m.data.get("id", "")))


@per_file("QD012", Severity.ERROR, "编号含有英文字母、数字和 - / _ . 以外的字符，或不以字母或数字开头", per=_identified)
def id_characters(self: Rule, ctx: Context, target: tuple[str, SourceText, str, str]) -> Iterator[Finding]:
    path, source, key, raw = target
    bad = foreign_characters(raw)
    if bad:
        yield self.at(path, source.line_of(key),
                      t("rule.QD012.message", id=raw, character=describe(bad[0])))
    elif first := leading_punctuation(raw):
        yield self.at(path, source.line_of(key), t("rule.QD012.first", id=raw, character=first))


def _strings(value: object, path: KeyPath = (), out: list[tuple[KeyPath, str]] | None = None
             ) -> list[tuple[KeyPath, str]]:
    """Every text in `value` (keys and values, in order) with its key path."""
    out = [] if out is None else out
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                out.append((path + (key,), key))
            _strings(item, path + (key,), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _strings(item, path + (index,), out)
    return out


@per_file("QD013", Severity.ERROR, "文字中含有双向控制符、零宽字符、其他看不见的格式字符、非字符或私用区字符"
          "（看不见或没有标准含义，却改变显示或编号）", per=each_source)
def invisible_characters(self: Rule, ctx: Context, source: SourceText) -> Iterator[Finding]:
    if not isinstance(source.data, dict):
        return
    for line, char, reference in referenced(source.body, source.body_line, INVISIBLE, ctx.config.dialect):  # `&zwj;`, `&#x202E;`
        yield self.at(source.path, line, t("rule.QD013.message", why=why_refused(char),
                                           character=describe(char) + t("rule.written_as", reference=reference)))
    if source.text and "\\" not in source.text and not INVISIBLE.search(source.text):
        return  # neither written nor escaped (YAML's \u…) anywhere in the file: nowhere in its values
    lines = [(source.line_of(*path), text) for path, text in _strings(source.data) if INVISIBLE.search(text)]
    if INVISIBLE.search(source.body):  # rare: only then look line by line
        lines += [(source.body_line + index, line) for index, line in enumerate(source.body.split("\n"))]
    for line, text in lines:
        for char in invisible(text):  # each kind on the line, not the first alone
            yield self.at(source.path, line, t("rule.QD013.message", character=describe(char), why=why_refused(char)))


@per_file("QD021", Severity.ERROR, "正文含有控制字符（网站照原样保留，Word 与 PDF 副本却丢掉）", per=each_source)
def control_characters(self: Rule, ctx: Context, source: SourceText) -> Iterator[Finding]:
    """A body is shown alike on the page and in the copies only if it holds none of the control characters
    (U+0001 BEL, DEL, NEL …: pasted from terminals and old files) the page keeps and Word and PDF drop, in code
    blocks too. Front-matter texts are QD017, QD019 and QD020."""
    for line_number, char, reference in referenced(source.body, source.body_line, CONTROL, ctx.config.dialect):  # `&#x1F;`, `&#127;`
        yield self.at(source.path, line_number, t("rule.QD021.message",
                                                  character=describe(char) + t("rule.written_as", reference=reference)))
    if not CONTROL.search(source.body):
        return
    for index, line in enumerate(source.body.split("\n")):
        found = CONTROL.search(line)
        if found:
            yield self.at(source.path, source.body_line + index,
                          t("rule.QD021.message", character=describe(found.group(0))))


# A backslash before a space, an odd run of backslashes (`\\\\ ` is a backslash shown, then a space)
_ESCAPED_SPACE = re.compile(r"(?<!\\)(?:\\\\)*\\ ")
# What pymdownx.caret and pymdownx.tilde read an escaped space inside: ^上标\ 文字^, ~下标\ 文字~
_RAISED = re.compile(r"\^[^\s^][^^]*?\^|~[^\s~][^~]*?~")
# The extensions that make `\ ` an escaped space (their `no_space` default) — for the whole page, not only there
_SPACE_ESCAPERS = ("pymdownx.caret", "pymdownx.tilde")


@per_file("QD024", Severity.WARNING, "正文中反斜杠后接空格：网站、Word 与 PDF 都不显示这个反斜杠", per=each_document)
def escaped_spaces(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """With pymdownx.caret or tilde in the dialect, `\\ ` is an escaped space everywhere in the text, not only in
    ^上标\\ 文字^: the backslash a writer meant (`D:\\ 盘`, `和 \\ 或`) vanished from the page and both copies."""
    if "\\ " not in document.body or not any(name in ctx.config.markdown_extensions for name in _SPACE_ESCAPERS):
        return
    dialect = ctx.config.dialect
    raw = raw_html_lines(document.body, document.source.body_line, dialect)  # passed through as written: shown
    for line, text in prose_lines(document.body, document.source.body_line, dialect):
        if line not in raw and "\\ " in text and _ESCAPED_SPACE.search(_RAISED.sub(lambda m: " " * len(m.group(0)), text)):
            yield self.at(document.path, line, t("rule.QD024.message"))


# A reference-style link or picture (`[text][label]`, `[label][]`) and a footnote marker (`[^label]`), each not escaped
# and not the first half of `[[ID]]` (`[a] [b]` with a space is one too, but more often a task box or bracketed words
# meant as text: not looked at); and the definitions that resolve them (`[label]: url`, `[^label]: text`), which
# Python-Markdown reads at the start of a line, in a quote or list item too.
_REFERENCE_LINK = re.compile(r"(?<![\\\[\]])(!?\[((?:[^\[\]\\]|\\.)+)\]\[((?:[^\[\]\\]|\\.)*)\])(?![(\[:])")
# A label is at most MAX_FOOTNOTE_LABEL characters: unbounded, each `[^` of a line of them read to the line's end
# (`[^` 40,000 times on one line: a minute).
MAX_FOOTNOTE_LABEL = 200
_FOOTNOTE_MARK = re.compile(rf"(?<![\\\[])\[\^([^\]\s]{{1,{MAX_FOOTNOTE_LABEL}}})\](?!:)")
# A definition's line (or a list item's text: item_lines, the items the page shows), in a quote too.
_DEFINITION = re.compile(r"^[ \t>]*\[(\^?)((?:[^\[\]\\]|\\.)+)\]:")


def _label(label: str) -> str:
    """A label as Python-Markdown matches it: case and runs of white space do not count."""
    return " ".join(label.split()).lower()


@per_file("QD025", Severity.WARNING, "正文中的引用式链接或脚注没有定义：网站、Word 与 PDF 都照原样显示方括号",
          per=each_document)
def undefined_references(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """`[text][label]` or `[^1]` with no `[label]: …` / `[^1]: …` in the body is not a link or a footnote: the page and
    both copies show its brackets and label as written (a definition lost when text was copied from another file)."""
    if "[^" not in document.body and not _REFERENCE_LINK.search(document.body):
        return
    links: set[str] = set()
    notes: set[str] = set()
    footnotes = "footnotes" in ctx.config.markdown_extensions
    first = document.source.body_line
    dialect = ctx.config.dialect
    items = item_lines(document.body, first, dialect)  # `a. [^1]: 注` defines; `3. [^1]: 注` under a paragraph line is text
    for number, written in enumerate(document.body.split("\n"), first):
        if (found := _DEFINITION.match(items.get(number, written))) is not None:
            (notes if found.group(1) else links).add(_label(found.group(2)))
    raw = raw_html_lines(document.body, first, dialect)  # passed through as written: no links there
    written_lines = document.body.split("\n")
    for line, text in prose_lines(document.body, first, dialect):
        if line in raw:
            continue
        original = written_lines[line - first] if 0 <= line - first < len(written_lines) else text
        if len(original) != len(text):  # code spans are blanked in place; anything else: read what the check read
            original = text
        for found in _REFERENCE_LINK.finditer(text):
            at = 3 if found.group(3) else 2
            written, label = original[found.start(1):found.end(1)], original[found.start(at):found.end(at)]
            if label.startswith("^"):
                continue
            if _label(label_as_written(label)) in links:
                continue
            plain = " ".join(label.replace("`", "").split())
            if "`" in label and _label(plain) in links:  # a label is matched as written: its backticks too
                yield self.at(document.path, line, t("rule.QD025.code_label", written=written, label=label,
                                                     plain=plain))
            else:
                yield self.at(document.path, line, t("rule.QD025.link", written=written, label=label))
        for found in _FOOTNOTE_MARK.finditer(text) if footnotes else ():
            if _label(found.group(1)) not in notes:
                yield self.at(document.path, line, t("rule.QD025.footnote", written=found.group(0),
                                                     label=found.group(1)))


@per_file("QD026", Severity.WARNING, "正文中的 ::: 提示框没有结束行：网站、Word 与 PDF 都照原样显示 ::: 和其后的文字",
          per=each_document)
def unclosed_callout(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """`:::warning[标题]` (Docusaurus, VitePress) is an admonition only with its closing `:::` line (dialect.py): one
    never closed showed its `:::` line and all the text after it as paragraphs, and nothing said why."""
    if ":::" not in document.body or "admonition" not in ctx.config.markdown_extensions:
        return
    first = document.source.body_line
    read = dict(prose_lines(document.body, first, ctx.config.dialect))  # a comment's lines read empty, code's not
    raw = raw_html_lines(document.body, first, ctx.config.dialect)
    lines = document.body.split("\n")
    for index, colons in unclosed_callouts(lines):
        if ":::" in read.get(first + index, "") and first + index not in raw:
            yield self.at(document.path, first + index,
                          t("rule.QD026.message", written=lines[index].strip(), colons=colons))


# Markdown that reads as written inside a raw HTML block (Python-Markdown passes the block through): a heading, a
# bullet, bold text, a link or a picture. A numbered line reads the same as text, and is not looked at.
_MARKDOWN_SHOWN = re.compile(r"^(?:#{1,6}[ \t]+\S|[-*+][ \t]+\S)|\*\*\S[^*]*\*\*|!?\[[^\]\n]+\]\([^)\s]+\)")
_OPENING_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


@per_file("QD027", Severity.WARNING, "HTML 块中的 Markdown 不会转换：网站、Word 与 PDF 都照原样显示 # 号、星号和方括号",
          per=each_document)
def markdown_in_html_block(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """Markdown written inside a raw HTML block (`<details>` … `</details>`, as GitHub's READMEs fold a section) is
    passed through as written by Python-Markdown, where GitHub and CommonMark end the block at its first blank
    line: the page and both copies showed `##### 1. 安装`, `**注意**` and `[链接](…)` as typed. Once per block, at
    its first such line."""
    first = document.source.body_line
    raw = raw_html_lines(document.body, first, ctx.config.dialect)
    if not raw:
        return
    lines = document.body.split("\n")
    block_start = None
    for line in sorted(raw):
        if block_start is None or line - 1 not in raw:
            block_start, told = line, False
        text = lines[line - first].strip() if 0 <= line - first < len(lines) else ""
        if told or line == block_start or not _MARKDOWN_SHOWN.search(text):
            continue
        told = True
        opening = _OPENING_TAG.match(lines[block_start - first].strip())
        tag = opening.group(1).lower() if opening else "div"
        fix = "rule.QD027.fix_attribute" if "md_in_html" in ctx.config.markdown_extensions else "rule.QD027.fix_tags"
        yield self.at(document.path, line, t("rule.QD027.message", written=text[:60], tag=f"<{tag}>",
                                             line=block_start, fix=t(fix, tag=f"<{tag} markdown>")))


@rule("QD014", Severity.ERROR, "手册编号重复")
def duplicate_manuals(self: Rule, ctx: Context) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for manual in sorted(ctx.corpus.manuals, key=lambda m: m.path):
        if manual.id in first:
            yield self.at(manual.path, manual.source.line_of("id"),
                          t("rule.QD014.message", id=manual.id, first=first[manual.id]))
        else:
            first[manual.id] = manual.path


def _name_fields(source: SourceText, kind: str) -> Iterator[tuple[KeyPath, str]]:
    """Every person or department value of a source: who prepared, reviewed, approved, withdrew or reviewed
    it (`by` anywhere, the 修订记录 included), its department and, for a manual, its owning department."""
    if not isinstance(source.data, dict):
        return
    for key in ("department", "owner") if kind == "manual" else ("department",):
        if isinstance(source.data.get(key), str):
            yield (key,), source.data[key]
    yield from _by_values(source.data, (), [])  # the check sorts all findings by file and line


def _by_values(value: object, path: KeyPath, out: list[tuple[KeyPath, str]]) -> list[tuple[KeyPath, str]]:
    """Every text under a `by` key, at any depth (only the collections are walked into)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "by" and isinstance(item, str):
                out.append((path + (key,), item))
            elif isinstance(item, (dict, list)):
                _by_values(item, path + (key,), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, (dict, list)):
                _by_values(item, path + (index,), out)
    return out


def _named(ctx: Context) -> Iterator[tuple[SourceText, tuple[SourceText, str]]]:
    for target in ctx.corpus.sorted_targets():
        yield target.source, (target.source, target.kind)
    for m in ctx.corpus.manuals:
        yield m.source, (m.source, "manual")


@per_file("QD017", Severity.ERROR, "人名或部门名称不是一行可显示的文字（换行、控制字符、HTML 标记、只有符号或过长）",
          per=_named)
def person_names(self: Rule, ctx: Context, item: tuple[SourceText, str]) -> Iterator[Finding]:
    source, kind = item
    refused = {f.line for f in source.findings if f.code == "QD004"}  # the schema's 不能为空 says it already
    for path, text in _name_fields(source, kind):
        problem = name_problem(text)
        if problem and not (not text.strip() and source.line_of(*path) in refused):
            field = key_name(path)
            yield self.at(source.path, source.line_of(*path),
                          t("rule.QD017.message", field=field, value=echoed(text), problem=problem))



@per_file("QD019", Severity.ERROR, "标题不是一行可显示的文字（换行、制表符等控制字符、首尾空格、只有空白或过长）", per=_named)
def titles(self: Rule, ctx: Context, item: tuple[SourceText, str]) -> Iterator[Finding]:
    """A title is shown as written in one line — page, copy header, register, 《title》 references — so it must
    be one: markup is fine (it is escaped), a line break, tab, padding or a blank title is not."""
    source, _kind = item
    title = source.data.get("title") if isinstance(source.data, dict) else None
    if not isinstance(title, str) or invisible(title):
        return  # not text: QD004 (the schema); an invisible character: QD013
    problem = text_problem(title, limit=TITLE_LIMIT)
    if problem:
        yield self.at(source.path, source.line_of("title"),
                      t("rule.QD019.message", value=echoed(title), problem=problem))


# Free text shown as written, one line each, wherever it lands (page, Word and PDF copies, registers): what it is
# called, its limit, and whether it may be left empty (a reason or an issuer is optional; a label never is).
_LABEL = (TITLE_LIMIT, False)


def _shown_texts(data: dict[str, object], kind: str) -> Iterator[tuple[KeyPath, str, tuple[int, bool]]]:
    """Every free-text value of a source the outputs show as written, besides its title (QD019) and the
    people and departments (QD017): a form's labels, column headings, signature rows and retention period;
    a document's 修订记录 changes and external documents; a working revision's reason (its redline shows it)."""
    def items(key: str) -> list[object]:
        value = data.get(key)
        return value if isinstance(value, list) else []

    def entries(key: str, field: str, how: tuple[int, bool]) -> Iterator[tuple[KeyPath, str, tuple[int, bool]]]:
        for index, item in enumerate(items(key)):
            if isinstance(item, dict) and isinstance(item.get(field), str):
                yield (key, index, field), item[field], how

    if kind == "form":
        yield from entries("fields", "label", _LABEL)
        table = data.get("table")
        columns = table.get("columns") if isinstance(table, dict) else None
        for index, column in enumerate(columns if isinstance(columns, list) else []):
            if isinstance(column, str):
                yield ("table", "columns", index), column, _LABEL
            elif isinstance(column, dict):  # a group of heads: its label and its columns are heads as well
                if isinstance(column.get("group"), str):
                    yield ("table", "columns", index, "group"), column["group"], _LABEL
                members = column.get("columns")
                for number, member in enumerate(members if isinstance(members, list) else []):
                    if isinstance(member, str):
                        yield ("table", "columns", index, "columns", number), member, _LABEL
        for index, role in enumerate(items("signatures")):
            if isinstance(role, str):
                yield ("signatures", index), role, _LABEL
        if isinstance(data.get("retention"), str):
            yield ("retention",), str(data["retention"]), _LABEL
    yield from entries("history", "change", (NOTE_LIMIT, False))
    yield from entries("external", "code", _LABEL)
    yield from entries("external", "title", (SETTING_LIMIT, False))
    yield from entries("external", "issuer", (SETTING_LIMIT, True))
    revision = data.get("revision")
    if isinstance(revision, dict) and isinstance(revision.get("reason"), str):
        yield ("revision", "reason"), revision["reason"], (NOTE_LIMIT, True)


@per_file("QD020", Severity.ERROR, "表单栏目、签字栏、保存期限、修订内容、修订原因或外来文件不是一行可显示的文字"
          "（换行、控制字符、首尾空格、只有空白或过长）", per=_named)
def shown_texts(self: Rule, ctx: Context, item: tuple[SourceText, str]) -> Iterator[Finding]:
    """Text the site, the Word copy, the PDF copy and the registers all show as written must be one line of
    printable text: a line break or a control character would come out differently in each (the page joins the
    lines, the copies break them; Word drops a control character the page keeps)."""
    source, kind = item
    if not isinstance(source.data, dict):
        return
    for path, text, (limit, optional) in _shown_texts(source.data, kind):
        if (optional and text == "") or invisible(text):
            continue  # an optional note left empty; an invisible character: QD013
        problem = text_problem(text, limit=limit)
        if problem:
            field = key_name(path)
            yield self.at(source.path, source.line_of(*path),
                          t("rule.QD020.message", field=field, value=echoed(text), problem=problem))
