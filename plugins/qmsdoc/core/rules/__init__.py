"""The rule registry: every rule code, its severity and one-line description, in one place.

A rule is a function `(Rule, Context) -> Iterable[Finding]` registered with `@rule(...)` in one of the
modules imported at the bottom. Loading rules (QD0xx) fire in `source.py`/`loader.py`/`schemas.py`.

A **per-file** rule is registered with `@per_file(..., per=...)` (each_document, each_source or another
function giving `(source, item)` pairs) and is a function `(Rule, Context, item)`: its findings may depend only on that
item's own file, the project configuration (today's date included) and, for a document, its manual's
index page and its structure. Their findings are cached per file by content hash (core/parsecache.py),
so a check after one edit re-runs them for the edited file alone. A rule that reads other files, git
history, the distribution register or the file system is not per-file: it runs over the whole corpus.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import i18n
from ..acknowledgements import Acknowledgements, load_acknowledgements
from ..approval import History, load_history
from ..config import Config
from ..distribution import Register, load_register
from ..errors import (
    ACK_REFUSED,
    ACT_REFUSED,
    COMMAND_LINE,
    CONFIG_PLACE,
    CONFIG_SETTING,
    EDIT_REFUSED,
    FOREIGN_FOLDER,
    IMPORT_REFUSED,
    ISSUE_REFUSED,
    NO_PROJECT,
    OUT_REFUSED,
    PDF_REFUSED,
    PROJECT_LOCKED,
    REFUSED,
    SITE_CONFIG,
    SITE_REFUSED,
)
from ..findings import Finding, Severity
from ..mdlinks import Target, targets
from ..model import Corpus, Document
from ..parsecache import ParseCache, code_version
from ..render import relative_target
from ..roster import Roster, load_roster
from ..source import SourceText
from ..structure import Structure, scan

_CORE = Path(__file__).resolve().parent.parent


@dataclass
class Context:
    corpus: Corpus
    config: Config
    cache: ParseCache | None = None  # per-file rule findings and structures, by content hash
    _structures: dict[str, Structure] = field(default_factory=dict)
    _paths: dict[str, str] | None = None

    def structure(self, document: Document) -> Structure:
        if document.id not in self._structures:
            self._structures[document.id] = self.from_cache(
                "structure", document.source, Structure,
                lambda: scan(document.body, document.source.body_line, lambda target: self._linked_code(document, target),
                             self.config.dialect))
        return self._structures[document.id]

    def _linked_code(self, document: Document, target: str) -> str | None:
        """The document a relative Markdown link in `document` points at, if any: the file the page's link opens
        (render.relative_target: `%20`, `%23` decoded, as the site and the copies read it)."""
        home = self.corpus.home_path(document.path)
        found = relative_target(posixpath.dirname(home), target)
        if found is None or not found[0].endswith(".md"):
            return None
        if self._paths is None:
            self._paths = {d.path: d.id for d in self.corpus.documents.values()}
        return self._paths.get(found[0])

    @cached_property
    def salt(self) -> str:
        """What every cached rule result depends on besides its file: the rules' code and the configuration."""
        code = code_version(sorted(_CORE.rglob("*.py")))
        return hashlib.sha256(f"{code}\0{self.config!r}".encode()).hexdigest()

    @cached_property
    def _paths_digest(self) -> str:
        """Where every document lives: a relative `.md` link's target depends on it."""
        listing = "\n".join(sorted(f"{d.path}\0{d.id}" for d in self.corpus.documents.values()))
        return hashlib.sha256(listing.encode()).hexdigest()

    def from_cache(self, what: str, source: SourceText, kind: type[Any], compute: Callable[[], Any],
                   extra: str = "") -> Any:
        """`compute()` for this file, from the cache when the same bytes were checked with the same rules,
        configuration and `extra` (the other inputs, e.g. the manual's index page) before."""
        if self.cache is None or not source.sha256 or source.findings:
            return compute()
        links = self._paths_digest if ".md" in source.body else ""
        key = f"{what}\0{self.salt}\0{source.path}\0{source.sha256}\0{links}\0{extra}"
        value = self.cache.recall(key, kind)
        if value is None:
            value = compute()
            self.cache.remember(key, value)
        return value

    def targets(self, page: Any) -> tuple[Target, ...]:
        """Every link and image a page (a document, a manual's index or the home page: `.source`, `.body`) shows,
        as `mdlinks.targets` reads them, from the cache for bytes read before. The rules over the whole corpus
        that look at files on disk (QD162–QD164, QD194) ask for every page's on every check: reading 2,000
        bodies again was a third of a one-edit `--dirty` rebuild's check (0.56 s of 1.67 s)."""
        source = page.source
        return self.from_cache(  # type: ignore[no-any-return]
            "targets", source, tuple, lambda: targets(page.body, source.body_line, self.config.dialect))

    @cached_property
    def documents(self) -> list[Document]:
        return self.corpus.sorted_documents()

    @cached_property
    def history(self) -> History:
        """Committed versions of every controlled source (read from git once per check)."""
        return load_history(self.config.root, self.corpus, self.config.manuals_path, self.config.forms_path,
                            self.config.revisions_path)

    @cached_property
    def distribution(self) -> Register:
        """The distribution register (文件发放回收记录), read once per check."""
        return load_register(self.config)

    @cached_property
    def acknowledgements(self) -> Acknowledgements:
        """The acknowledgements register (文件学习确认记录), read once per check."""
        return load_acknowledgements(self.config)

    @cached_property
    def roster(self) -> Roster:
        """Who works in each department (for `acknowledge_all`), read once per check."""
        return load_roster(self.config)


Check = Callable[[Context], Iterable[Finding]]
Items = Callable[[Context], Iterable[tuple[SourceText, Any]]]  # a per-file rule's items, each with its file


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Check | None = None
    per: Items | None = None  # a per-file rule: the items it checks one at a time
    check_one: Callable[[Context, Any], Iterable[Finding]] | None = None

    @property
    def description(self) -> str:
        """What the rule checks, in the project's language: `title` is the default language's (registered with
        the rule, here); another language's catalogue translates it as `rule.<code>.title`."""
        return i18n.message(f"rule.{self.code}.title") or self.title

    def at(self, path: str, line: int, message: str, severity: Severity | None = None) -> Finding:
        return Finding(path, line, self.code, severity or self.severity, message)


def shown_severity(document: object) -> Severity:
    """How much it matters that the site or a copy will not show part of a page as written: a draft document
    is told (a warning) — it may be previewed with publish_drafts — and from review on, or on a manual index
    or the home page (always published), it is an error."""
    from ..status import Status

    return Severity.WARNING if getattr(document, "status", None) is Status.DRAFT else Severity.ERROR


REGISTRY: dict[str, Rule] = {}


def declare(code: str, severity: Severity, title: str) -> Rule:
    """Declare a rule that fires while loading (no check function)."""
    REGISTRY[code] = Rule(code, severity, title)
    return REGISTRY[code]


def rule(code: str, severity: Severity, title: str) -> Callable[[Callable[[Rule, Context], Iterable[Finding]]], Rule]:
    """A rule over the whole corpus."""
    def register(func: Callable[[Rule, Context], Iterable[Finding]]) -> Rule:
        holder: dict[str, Rule] = {}

        def check(ctx: Context) -> Iterable[Finding]:
            return func(holder["rule"], ctx)

        holder["rule"] = REGISTRY[code] = Rule(code, severity, title, check)
        return holder["rule"]

    return register


def per_file(code: str, severity: Severity, title: str, per: Items
             ) -> Callable[[Callable[[Rule, Context, Any], Iterable[Finding]]], Rule]:
    """A per-file rule (see the module's docstring for what it may read)."""
    def register(func: Callable[[Rule, Context, Any], Iterable[Finding]]) -> Rule:
        holder: dict[str, Rule] = {}

        def check_one(ctx: Context, item: Any) -> Iterable[Finding]:
            return func(holder["rule"], ctx, item)

        def check(ctx: Context) -> Iterator[Finding]:
            for _source, item in per(ctx):
                yield from check_one(ctx, item)

        holder["rule"] = REGISTRY[code] = Rule(code, severity, title, check, per, check_one)
        return holder["rule"]

    return register


def each_document(ctx: Context) -> Iterator[tuple[SourceText, Document]]:
    return ((d.source, d) for d in ctx.documents)


def each_source(ctx: Context) -> Iterator[tuple[SourceText, SourceText]]:
    return ((s, s) for s in ctx.corpus.sources)


def run_rules(ctx: Context) -> Iterator[Finding]:
    per_file_rules = []
    for registered in REGISTRY.values():
        if registered.per is not None:
            per_file_rules.append(registered)
        elif registered.check is not None:
            yield from registered.check(ctx)
    yield from _run_per_file(ctx, per_file_rules)


def _run_per_file(ctx: Context, rules: list[Rule]) -> Iterator[Finding]:
    """Every per-file rule, file by file: one cache entry holds a file's findings of all of them. Rules over
    the same items (ten over each document) walk them once, and a file's (rule, item) pairs are spelled out
    only when its findings are not in the cache."""
    alike: dict[Items, list[Rule]] = {}
    for registered in rules:
        assert registered.per is not None
        alike.setdefault(registered.per, []).append(registered)
    work: dict[str, tuple[SourceText, list[tuple[list[Rule], Any]]]] = {}
    for per, group in alike.items():
        for source, item in per(ctx):
            entry = work.get(source.path)
            if entry is None:
                entry = work[source.path] = (source, [])
            entry[1].append((group, item))
    codes: dict[tuple[int, ...], str] = {}  # the rules a file is checked by, spelled once per combination
    for source, groups in work.values():
        def compute(groups: list[tuple[list[Rule], Any]] = groups, path: str = source.path) -> list[Finding]:
            if ctx.cache is not None:
                ctx.cache.rechecked.append(path)
            return [f for group, item in groups for registered in group if registered.check_one
                    for f in registered.check_one(ctx, item)]

        combination = tuple(id(group) for group, _ in groups)
        if combination not in codes:
            codes[combination] = ",".join(registered.code for group, _ in groups for registered in group)
        manuals = {item.manual.source.sha256 for _, item in groups if getattr(item, "manual", None) is not None}
        extra = codes[combination] + "\0" + ",".join(sorted(manuals))
        yield from ctx.from_cache("findings", source, list, compute, extra)


declare("QD001", Severity.ERROR, "文件无法读取或不是 UTF-8 编码")
declare("QD002", Severity.ERROR, "缺少 YAML 头信息")
declare("QD003", Severity.ERROR, "YAML 语法错误")
declare("QD004", Severity.ERROR, "头信息不符合格式（必填字段、取值、日期、版本号、未知字段）")
declare("QD005", Severity.ERROR, "YAML 使用了锚点/别名")
declare("QD006", Severity.ERROR, "文件超过大小上限")
declare("QD007", Severity.ERROR, "手册文件夹缺少 index.md")
declare("QD008", Severity.ERROR, "符号链接指向项目之外或指回其所在文件夹")
declare("QD010", Severity.ERROR, "手册的编号规则无效或过于复杂（嵌套重复会使检查卡死）")
declare("QD011", Severity.ERROR, "YAML 或 Markdown 嵌套层数过深")
declare("QD015", Severity.ERROR, "手册文件夹名与网站自动生成的页面路径相同")
declare("QD016", Severity.ERROR, "手册文件夹名只有大小写不同")
declare("QD009", Severity.ERROR, "手册文件夹中有不是受控文件的文件（子文件夹中的 Markdown、网页、脚本等）")
declare("QD022", Severity.ERROR, "表单文件夹中有不会被载入的表单文件（在子文件夹中，或扩展名不是小写的 .yaml/.yml）")

# Not findings of the check: refusals of the configuration (exit 2, 「配置错误」) and of the command line (exit 2,
# 「用法错误」), each shown as 「配置错误：QD300 <file:line 或 命令行 --选项>: …」 (core/errors.py gives the codes).
declare(CONFIG_SETTING, Severity.ERROR, "qmsdoc.yml 的配置项被拒绝：未知配置项、类型不对、取值不在可选范围内（环境变量 QMSDOC_TODAY 同此；无法读取的文件标以读取时的编号，如 QD003）")
declare(CONFIG_PLACE, Severity.ERROR, "qmsdoc.yml 所写的文件夹或文件位置被拒绝：源文件目录不存在、在项目之外或相互重叠，输出目录或记录位置与源文件重叠")
declare(SITE_CONFIG, Severity.ERROR, "mkdocs.yml 被拒绝：无法解析、取值无效，或设置了 qmsdoc 无法遵循的项（nav、docs_dir、site_dir 等）")
declare(NO_PROJECT, Severity.ERROR, "未找到 qmsdoc 项目：当前文件夹及其上级文件夹中都没有 qmsdoc.yml")
declare(COMMAND_LINE, Severity.ERROR, "命令行用法错误：命令不接受的选项、不能同时使用的选项、不是日期/版本/名称的取值、不存在的文件参数")
declare(OUT_REFUSED, Severity.ERROR, "--out 指定的位置被拒绝：在源文件目录或 build_dir 中、文件已存在、是文件夹、扩展名与格式不符、无法写入")
declare(FOREIGN_FOLDER, Severity.ERROR, "输出目录不是 qmsdoc 生成的（缺少标记）：拒绝替换或写入，以免删除其中的文件")

# Not findings of the check either: refused operations (exit 1, 「未完成」), each shown as 「未完成：QD330 …」, one code a
# kind of refusal (its class in core/errors.py and beside each command's code).
declare(REFUSED, Severity.ERROR, "操作被拒绝：项目中没有所写的编号、版本或分发号，或无法读取所需的登记表，或项目的状态不允许此操作")
declare(ACT_REFUSED, Severity.ERROR, "文件的生命周期操作被拒绝（release、baseline、obsolete、revise、review、new、sign、stamp）：文件的状态或检查结果不允许，没有修改任何文件")
declare(ISSUE_REFUSED, Severity.ERROR, "发放或回收被拒绝（issue、recall）：没有写入分发记录或副本")
declare(ACK_REFUSED, Severity.ERROR, "确认记录被拒绝（acknowledge）：没有写入确认登记表")
declare(IMPORT_REFUSED, Severity.ERROR, "导入被拒绝（import）：原文件无法读取、编号已被使用、目标文件已存在或没有可导入的内容，没有写入任何文件")
declare(EDIT_REFUSED, Severity.ERROR, "源文件无法自动修改（写法无法安全改写、修改会留下错误、文件在修改期间被改动），文件保持原样")
declare(PROJECT_LOCKED, Severity.ERROR, "另一个 qmsdoc 命令正在修改此项目：等它结束后再运行")
declare(PDF_REFUSED, Severity.ERROR, "PDF 副本无法生成：没有安装可用的中文字体、有字体无法显示的字符，或排版失败")
declare(SITE_REFUSED, Severity.ERROR, "网站构建失败（MkDocs 报告的错误）")

from . import (  # noqa: E402,F401
    acknowledgements,
    approvals,
    changes,
    characters,
    distribution,
    foreign,
    forms,
    glyphs,
    identity,
    lifecycle,
    media,
    provenance,
    published,
    references,
    revisions,
    safety,
    sections,
    signatures,
    tables,
    versions,
)
