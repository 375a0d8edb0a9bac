"""`qmsdoc acknowledge`: record that people have read a version of a document (文件学习确认) — one person from
the command line, or a sign-in sheet (签到表) typed up after a training meeting (`--from-csv`). Every line is
checked before anything is written: one bad row and the register is left as it was, with every bad row named.
The register (core/acknowledgements.py) gets one line per acknowledgement, appended atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.acknowledgements import (
    HEADER,
    LAYOUT,
    MALFORMED,
    Acknowledgement,
    Acknowledgements,
    name_problem,
    parse_acknowledgements,
)
from ..core.check import check
from ..core.codes import normalise
from ..core.config import Config, ConfigError
from ..core.errors import QmsdocError
from ..core.findings import Finding, Severity
from ..core.model import Document
from ..core.revision import Revision
from ..core.sourcefile import SourceWriteError, write_atomic
from ..core.training import Requirement, assignments_of, due_on, in_force, requirement, version_periods
from .register_edit import RegisterEditError, appended
from .signsheet import SheetRow, read_sheet


class AcknowledgeError(QmsdocError):
    """A refused acknowledgement (exit 1); nothing was written. `findings` name each bad line."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Target:
    """The document and version being acknowledged, with what the register already holds."""

    document: Document
    version: str
    need: Requirement
    since: dt.date | None  # released
    until: dt.date | None  # replaced by the next version (None: still in force)
    register: Acknowledgements


def _target(config: Config, code: str, version: str | None) -> Target:
    result = check(config)
    register = result.context.acknowledgements
    errors = [f for f in register.findings if f.severity is Severity.ERROR]
    if errors:
        raise AcknowledgeError(f"{register.display} 有格式错误，未登记任何学习确认：请先改正以上各行", errors)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise AcknowledgeError(f"找不到文件编号 {code}：学习确认只针对受控文件（程序文件、作业指导书等）")
    need = requirement(document, config)
    if need is None:
        raise AcknowledgeError(f"{document.id}《{document.title}》不要求学习确认：文件头信息或所属手册中没有 acknowledge"
                               "（要求学习的部门）。需要时请在头信息中加上 acknowledge: [部门, …]")
    current = str(document.version or "")
    wanted = current
    if version is not None:
        parsed = Revision.parse(version)
        if parsed is None:
            raise ConfigError(f"--version {version!r} 无效：应写成 A/0、A/1 … 的形式")
        wanted = str(parsed)
    periods = version_periods(document)
    if wanted not in periods:
        state = "已作废" if document.status.is_obsolete else f"状态为“{document.status_label}”"
        raise AcknowledgeError(
            f"{document.id} 版本 {wanted} 不是发布过的版本，不能登记学习确认"
            + (f"（现行版本为 {current}）" if in_force(document) else f"（该文件{state}，没有现行版本）"))
    since, until = periods[wanted]
    return Target(document, wanted, need, since, until, register)


def _row_problem(target: Target, row: SheetRow, today: dt.date, batch: dict[tuple[str, str, str, str], int]
                 ) -> str | None:
    """Why one person's acknowledgement cannot be recorded (None: it can)."""
    for label, value in (("姓名", row.person), ("部门", row.department)):
        problem = name_problem(value)
        if problem:
            return f"{label} {value[:40]!r} 无效：{problem}"
    if row.date is None and not row.raw_date:
        return "没有填写日期：请在签到表中填写学习日期，或用 --date 指定本次学习的日期"
    if row.date is None:
        return f"日期 {row.raw_date!r} 无效：应写成 2026-03-01（或 2026/3/1、2026年3月1日）的形式"
    if row.date > today:
        return f"日期 {row.date} 晚于今天（{today}）：学习确认只能登记已经发生的学习"
    label = f"{target.document.id} 版本 {target.version}"
    if target.since is not None and row.date < target.since:
        return f"日期 {row.date} 早于{label}的发布日期 {target.since}：发布前学习的不是该版本，请核对日期"
    if target.until is not None and row.date > target.until:
        return f"日期 {row.date} 时{label}已被替代（{target.until}）：请核对版本或日期"
    if row.department not in target.need.departments:
        return (f"{target.document.id} 不要求 {row.department} 学习确认（应确认的部门："
                f"{'、'.join(target.need.departments)}）：请核对部门名称")
    key = (target.document.id, target.version, row.department, row.person)
    earlier = target.register.find(key)
    if earlier is not None:
        return (f"{row.person}（{row.department}）已于 {earlier.date} 确认过{label}"
                f"（{target.register.display} 第 {earlier.line} 行）")
    if key in batch:
        return f"{row.person}（{row.department}）与第 {batch[key]} 行重复"
    batch[key] = row.line
    return None


def _record(config: Config, target: Target, rows: list[SheetRow], where: str) -> list[Acknowledgement]:
    today = config.today
    batch: dict[tuple[str, str, str, str], int] = {}
    problems = [(row, _row_problem(target, row, today, batch)) for row in rows]
    bad = [Finding(where, row.line, MALFORMED, Severity.ERROR, problem) for row, problem in problems if problem]
    if bad:
        raise AcknowledgeError(f"有 {len(bad)} 行无法登记，未登记任何学习确认（{target.register.display} 未改动）："
                               "请改正以上各行后重试", bad)
    entries = [Acknowledgement(target.document.id, target.version, row.department, row.person, row.date or today)
               for row in rows]

    def count(text: str) -> tuple[int, bool]:
        register = parse_acknowledgements(text, Path(), "")
        return len(register.entries), not register.findings

    path = target.register.path
    try:
        raw = path.read_bytes() if path.exists() else b""
        data = appended(raw, HEADER, LAYOUT.key, [e.record() for e in entries], count,
                        f"{target.register.display} 的格式无法自动追加条目：请按文件开头的说明，"
                        "把每条确认写成 acknowledgements: 下的一行 {document: …}")
        write_atomic(path, data)
    except (OSError, UnicodeDecodeError, RegisterEditError, SourceWriteError) as exc:
        raise AcknowledgeError(f"{exc}：未登记任何学习确认") from exc
    return entries


def _refuse_record_path(config: Config) -> None:
    """The register is a record: it may not lie in a folder a build replaces or among the sources.
    (core/outputs.refuse_record_paths takes this place once it lands.)"""
    target = (config.root / config.acknowledgements).resolve()
    for setting, folder in (("build_dir", config.build_path), ("manuals_dir", config.manuals_path),
                            ("forms_dir", config.forms_path), ("revisions_dir", config.revisions_path)):
        if target.is_relative_to(folder.resolve()):
            raise ConfigError(f"学习确认记录 acknowledgements“{config.acknowledgements}”位于 {setting} 之中："
                              "请放在项目目录下（如 acknowledgements.yaml）")
    if target.is_dir():
        raise ConfigError(f"学习确认记录 acknowledgements“{config.acknowledgements}”是一个文件夹，不是文件")


def acknowledge(config: Config, code: str, *, person: str, department: str, date: dt.date | None = None,
                version: str | None = None) -> str:
    """Record one person's acknowledgement of a version (by default the version in force, today)."""
    _refuse_record_path(config)
    for label, value in (("--by 姓名", person), ("--department 部门", department)):
        problem = name_problem(value)
        if problem:
            raise ConfigError(f"{label} {value[:40]!r} 无效：{problem}")
    target = _target(config, code, version)
    row = SheetRow(1, person, department, date or config.today, (date or config.today).isoformat())
    _record(config, target, [row], "命令行")
    return _done(config, target, [row])


def acknowledge_sheet(config: Config, code: str, sheet: Path, *, date: dt.date | None = None,
                      version: str | None = None) -> str:
    """Record every row of a sign-in sheet (姓名, 部门, 日期), all or none; a row without a date takes `date`."""
    _refuse_record_path(config)
    target = _target(config, code, version)
    rows, findings = read_sheet(sheet, config.max_file_bytes, default_date=date)
    if findings:
        raise AcknowledgeError(f"签到表 {sheet} 无法读取，未登记任何学习确认：请改正以上问题", findings)
    if not rows:
        raise AcknowledgeError(f"签到表 {sheet} 没有任何签到行（表头之后应每行一人：姓名, 部门, 日期）")
    _record(config, target, rows, str(sheet))
    return _done(config, target, rows)


def _done(config: Config, target: Target, rows: list[SheetRow]) -> str:
    document = target.document
    names = "、".join(f"{r.person}（{r.department}）" for r in rows[:10]) + (f" 等 {len(rows)} 人" if len(rows) > 10 else "")
    message = (f"已登记 {names} 对 {document.id}《{document.title}》版本 {target.version} 的学习确认。"
               f"请提交 {config.acknowledgements}")
    if target.version == str(document.version or "") and in_force(document):
        from ..core.acknowledgements import load_acknowledgements
        from ..core.roster import load_roster

        found = assignments_of(document, config, load_acknowledgements(config), load_roster(config))
        open_ = [f"{a.department}（{a.label}，截止 {a.due or '—'}）" for a in found if a.state != "confirmed"]
        message += "\n" + ("本版本要求的部门均已确认" if not open_ else f"尚待确认：{'、'.join(open_)}")
    return message



def opened_assignments(config: Config, document: Document, released: dt.date) -> str:
    """What a release tells the quality officer about the reading assignments it opens ("" if none): the
    requirement read from the content released, due `acknowledge_days` after the release."""
    need = requirement(document, config)
    if need is None:
        return ""
    return (f"\n本版本需 {'、'.join(need.departments)} 在 {due_on(released, need)} 前学习确认：学习后登记"
            f"（qmsdoc acknowledge {document.id} --by 姓名 --department 部门），或打印构建生成的学习签到表，"
            "培训会后录入（--from-csv 签到表.csv）")
