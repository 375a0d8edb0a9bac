"""The rule registry: every rule code, its severity and one-line description, in one place.

A rule is a function `(Context) -> Iterable[Finding]` registered with `@rule(...)` in one of the
modules imported at the bottom. Loading rules (QD0xx) fire in `source.py`/`loader.py`/`schemas.py`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..approval import History, load_history
from ..config import Config
from ..distribution import Register, load_register
from ..findings import Finding, Severity
from ..model import Corpus, Document
from ..structure import Structure, scan


@dataclass
class Context:
    corpus: Corpus
    config: Config
    _structures: dict[str, Structure] = field(default_factory=dict)
    _paths: dict[str, str] | None = None

    def structure(self, document: Document) -> Structure:
        if document.id not in self._structures:
            self._structures[document.id] = scan(document.body, document.source.body_line,
                                                 lambda target: self._linked_code(document, target))
        return self._structures[document.id]

    def _linked_code(self, document: Document, target: str) -> str | None:
        """The document a relative Markdown link in `document` points at, if any."""
        if not target.split("#", 1)[0].endswith(".md") or "://" in target:
            return None
        if self._paths is None:
            self._paths = {d.path: d.id for d in self.corpus.documents.values()}
        path = posixpath.normpath(posixpath.join(posixpath.dirname(document.path), target.split("#", 1)[0]))
        return self._paths.get(path)

    @cached_property
    def documents(self) -> list[Document]:
        return self.corpus.sorted_documents()

    @cached_property
    def history(self) -> History:
        """Committed versions of every controlled source (read from git once per check)."""
        return load_history(self.config.root, self.corpus)

    @cached_property
    def distribution(self) -> Register:
        """The distribution register (文件发放回收记录), read once per check."""
        return load_register(self.config)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Check | None = None

    def at(self, path: str, line: int, message: str) -> Finding:
        return Finding(path, line, self.code, self.severity, message)


REGISTRY: dict[str, Rule] = {}


def declare(code: str, severity: Severity, title: str) -> Rule:
    """Declare a rule that fires while loading (no check function)."""
    REGISTRY[code] = Rule(code, severity, title)
    return REGISTRY[code]


def rule(code: str, severity: Severity, title: str) -> Callable[[Callable[[Rule, Context], Iterable[Finding]]], Rule]:
    def register(func: Callable[[Rule, Context], Iterable[Finding]]) -> Rule:
        holder: dict[str, Rule] = {}

        def check(ctx: Context) -> Iterable[Finding]:
            return func(holder["rule"], ctx)

        holder["rule"] = REGISTRY[code] = Rule(code, severity, title, check)
        return holder["rule"]

    return register


def run_rules(ctx: Context) -> Iterator[Finding]:
    for registered in REGISTRY.values():
        if registered.check is not None:
            yield from registered.check(ctx)


declare("QD001", Severity.ERROR, "文件无法读取或不是 UTF-8 编码")
declare("QD002", Severity.ERROR, "缺少 YAML 头信息")
declare("QD003", Severity.ERROR, "YAML 语法错误")
declare("QD004", Severity.ERROR, "头信息不符合格式（必填字段、取值、日期、版本号、未知字段）")
declare("QD005", Severity.ERROR, "YAML 使用了锚点/别名")
declare("QD006", Severity.ERROR, "文件超过大小上限")
declare("QD007", Severity.ERROR, "手册文件夹缺少 index.md")
declare("QD008", Severity.ERROR, "符号链接指向项目之外")
declare("QD010", Severity.ERROR, "手册的编号规则无效或过于复杂（嵌套重复会使检查卡死）")
declare("QD011", Severity.ERROR, "YAML 或 Markdown 嵌套层数过深")
declare("QD015", Severity.ERROR, "手册文件夹名与网站自动生成的页面路径相同")
declare("QD016", Severity.ERROR, "手册文件夹名只有大小写不同")
declare("QD009", Severity.ERROR, "手册文件夹中有不是受控文件的文件（子文件夹中的 Markdown、网页、脚本等）")

from . import (  # noqa: E402,F401
    approvals,
    changes,
    characters,
    distribution,
    forms,
    identity,
    lifecycle,
    media,
    provenance,
    published,
    references,
    safety,
    sections,
    signatures,
    versions,
)
