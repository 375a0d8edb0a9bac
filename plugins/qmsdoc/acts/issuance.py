"""`qmsdoc issue` and `qmsdoc recall`: numbered controlled copies and their return.

A copy is the build's copy job with its 分发号 set, written by the copy writer of the chosen format
(COPY_WRITERS: the one table that knows the formats), into `issued_dir` beside the project; each copy
is recorded with the SHA-256 of its exact bytes in the distribution register (core/distribution.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..core.check import CheckResult, check
from ..core.codes import file_stem, normalise
from ..core.config import Config, ConfigError
from ..core.copyjobs import CopyJob, DocumentJob, FormJob
from ..core.copyplan import plan_copies
from ..core.distribution import VOID_REASONS, CopyEntry, Register, load_register
from ..core.errors import QmsdocError
from ..core.findings import Finding, Severity
from ..core.model import Document
from ..core.names import name_problem
from ..core.outputs import refuse_record_paths
from ..core.render import CorpusRenderer
from ..core.sourcefile import SourceWriteError, write_atomic
from ..records.hashes import sha256_file
from .register_edit import RegisterEditError, with_entries, with_return, with_void


@dataclass(frozen=True)
class CopyWriter:
    """One copy format: `module:function` of its document, form and manual writers (job → bytes),
    imported only when a copy in that format is made."""

    document: str
    form: str
    manual: str
    configure: str = ""  # `module:function` given the project's configuration first (the PDF copies' fonts)

    def prepare(self, config: Config) -> None:
        if self.configure:
            module, name = self.configure.split(":")
            getattr(importlib.import_module(module), name)(config)

    def write(self, job: CopyJob) -> bytes:
        spec = self.document if isinstance(job, DocumentJob) else self.form if isinstance(job, FormJob) else self.manual
        module, name = spec.split(":")
        writer = cast(Callable[[CopyJob], bytes], getattr(importlib.import_module(module), name))
        return writer(job)


# The formats a copy can be issued in (the `--format` choices).
COPY_WRITERS: dict[str, CopyWriter] = {
    "docx": CopyWriter("qmsdoc.word.document:build_document", "qmsdoc.word.forms:build_form",
                       "qmsdoc.word.manual:build_manual"),
    "pdf": CopyWriter("qmsdoc.pdf.copies:document_pdf", "qmsdoc.pdf.copies:form_pdf", "qmsdoc.pdf.copies:manual_pdf",
                      "qmsdoc.pdf.copies:use_config"),
}
MAX_COPIES = 200


class IssueError(QmsdocError):
    """A refused issue or recall (exit 1); nothing was written. `findings` say why, if any."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Issued:
    entries: list[CopyEntry]
    files: list[Path]
    message: str


def copy_job(result: CheckResult, code: str) -> CopyJob:
    """The copy job of a document in force, a form or a manual, as the build makes it."""
    corpus, config = result.corpus, result.context.config
    target = corpus.lookup(code)
    if isinstance(target, Document) and not target.status.is_controlled:
        raise IssueError(f"{target.id}《{target.title}》状态为“{target.status_label}”，不是现行有效文件，"
                         "不能发放受控副本：草稿须先发布（qmsdoc release），作废文件只能查阅、不再发放")
    if target is None and corpus.manual(code) is None:
        raise IssueError(f"找不到编号 {code}：请核对文件、表单或手册编号")
    plan = plan_copies(result, CorpusRenderer(corpus, config), config.organisation, only=[code])
    jobs: list[CopyJob] = [*plan.documents, *plan.forms, *plan.manuals]
    return jobs[0]


def _issued_folder(config: Config) -> Path:
    """`issued_dir`, as the one record-path rule (core/outputs.py) accepted it when the configuration loaded."""
    refuse_record_paths(config)
    return config.issued_path.resolve()


def issue(config: Config, code: str, *, to: str, copies: int = 1, by: str = "文控员", date: dt.date | None = None,
          fmt: str = "docx", replaces: str | None = None, reason: str | None = None) -> Issued:
    """Write `copies` numbered copies of a document in force (or a form or manual) and record them.
    `replaces`: the 分发号 of a lost or damaged copy (`reason`: 遗失/损坏), declared void in the same write and
    replaced by the one new copy. Files are created, never overwritten; if anything fails, nothing stays written."""
    if fmt not in COPY_WRITERS:
        raise ConfigError(f"格式 {fmt} 无效：可选 {'、'.join(COPY_WRITERS)}")
    for option, value in (("--to 领用部门", to), ("--by 发放人", by)):
        if problem := name_problem(value):
            raise ConfigError(f"{option} {value[:40]!r} 不是有效的人名或部门名称：{problem}")
    if not 1 <= copies <= MAX_COPIES:
        raise ConfigError(f"--copies 应在 1 到 {MAX_COPIES} 之间")
    code, day = normalise(code), date or config.today
    result = check(config)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        raise IssueError("存在错误，未发放副本：请先修正以上问题（发放登记未改动）", errors)
    job = copy_job(result, code)
    register = result.context.distribution
    lost = _replaced(register, job.id, replaces, reason, copies, day) if replaces is not None else None
    folder = _issued_folder(config)
    entries, written = [], []
    COPY_WRITERS[fmt].prepare(config)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for number in register.next_numbers(job.id, job.version, copies):
            data = COPY_WRITERS[fmt].write(dataclasses.replace(job, copy_number=number))
            path = folder / f"{file_stem(number)}.{fmt}"
            write_atomic(path, data, exclusive=True)  # a file already there (ours or not) is never replaced
            written.append(path)
            entries.append(CopyEntry(number=number, document=job.id, version=job.version, recipient=to.strip(),
                                     date=day, issued_by=by.strip(), format=fmt, sha256=sha256_file(path), line=0,
                                     replaces=lost.number if lost else ""))
        raw = register.path.read_bytes() if register.path.exists() else b""
        if lost is not None:  # one write: the lost copy void and its replacement issued, or neither
            raw = with_void(raw, lost, day, str(reason), entries[0].number)
        write_atomic(register.path, with_entries(raw, entries))
    except (SourceWriteError, OSError, RegisterEditError) as exc:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise IssueError(f"{exc}：未发放任何副本，发放登记未改动") from exc
    numbers = "、".join(e.number for e in entries)
    shown = [p.relative_to(config.root) if p.is_relative_to(config.root) else p for p in written]
    voided = f"分发号 {lost.number} 已登记为作废（{reason}），由 {entries[0].number} 替代\n" if lost else ""
    return Issued(entries, written, f"{voided}已发放 {job.id}《{job.title}》版本 {job.version} {len(entries)} 份"
                                    f"给{to.strip()}：分发号 {numbers}\n副本：{'、'.join(map(str, shown))}\n"
                                    f"已登记到 {register.display}：请提交该文件，并由领用部门签收")


def _replaced(register: Register, code: str, number: str, reason: str | None, copies: int,
              day: dt.date) -> CopyEntry:
    """The registered copy a replacement stands in for: of this document, still out, declared void once only."""
    if reason not in VOID_REASONS:
        raise ConfigError(f"补发须写明原因：--reason {' 或 '.join(VOID_REASONS)}")
    if copies != 1:
        raise ConfigError("补发一次只替代一份副本：请不要同时使用 --copies")
    entry = register.by_number(number.strip())
    if entry is None:
        raise IssueError(f"发放登记中没有分发号 {number}：请核对遗失或损坏副本的分发号，未补发")
    if entry.document != code:
        raise IssueError(f"分发号 {entry.number} 是 {entry.document} 的副本，不是 {code} 的：未补发")
    if entry.void:
        raise IssueError(f"分发号 {entry.number} 已于 {entry.voided} 登记为作废（{entry.void_reason}），"
                         f"并由 {entry.replaced_by} 替代：同一份副本只能补发一次")
    if entry.returned is not None:
        raise IssueError(f"分发号 {entry.number} 已于 {entry.returned} 回收，不需要补发")
    if day < entry.date:
        raise IssueError(f"补发日期 {day} 早于分发号 {entry.number} 的发放日期 {entry.date}：请核对 --date")
    return entry


def recall(config: Config, numbers: list[str], *, by: str = "文控员", date: dt.date | None = None) -> str:
    """Record the return of the given copies (all or none)."""
    if problem := name_problem(by):
        raise ConfigError(f"--by 回收人 {by[:40]!r} 不是有效的人名或岗位：{problem}")
    register = load_register(config)
    day = date or config.today
    wanted = [n.strip() for n in numbers]
    unknown = [n for n in wanted if register.by_number(n) is None]
    if unknown:
        hint = f"（{register.display} 有格式错误的条目，见上）" if register.findings else ""
        raise IssueError(f"发放登记中没有分发号 {'、'.join(unknown)}{hint}：请核对副本页脚上的分发号，未登记任何回收",
                         register.findings)
    raw = register.path.read_bytes()
    for number in dict.fromkeys(wanted):
        entry = register.by_number(number)
        assert entry is not None
        if entry.returned is not None:
            raise IssueError(f"分发号 {number} 已于 {entry.returned} 由 {entry.returned_by} 回收：未登记任何回收")
        if entry.void:
            raise IssueError(f"分发号 {number} 已于 {entry.voided} 登记为作废（{entry.void_reason}），由 "
                             f"{entry.replaced_by} 替代：作废的副本不能再登记回收，未登记任何回收")
        if day < entry.date:
            raise IssueError(f"回收日期 {day} 早于分发号 {number} 的发放日期 {entry.date}：请核对 --date")
        try:
            raw = with_return(raw, entry, day, by.strip())
        except RegisterEditError as exc:
            raise IssueError(f"{register.display}: {exc}") from exc
    try:
        write_atomic(register.path, raw)
    except SourceWriteError as exc:
        raise IssueError(str(exc)) from exc
    return f"已登记回收：{'、'.join(dict.fromkeys(wanted))}（{day}，{by.strip()}）。请提交 {register.display}"
