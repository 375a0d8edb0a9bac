"""The commands of reading assignments (文件学习确认): `qmsdoc acknowledge` records who has read a version
(acts/acknowledge.py), `qmsdoc acknowledgements` answers an auditor — who acknowledged a version, and who is
outstanding and since when — from the same computation as the check, the site and the registers
(core/training.py)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from .core import check, find_root, load_config
from .core.codes import normalise
from .core.config import Config, ConfigError
from .core.errors import EXIT_OK, QmsdocError
from .core.model import Document
from .core.revision import Revision
from .core.training import (
    CONFIRMED,
    OVERDUE,
    Assignment,
    assignments_of,
    in_force,
    requirement,
    summary_line,
    version_periods,
)


def _cmd_acknowledge(args: argparse.Namespace) -> int:
    from .acts.acknowledge import acknowledge, acknowledge_sheet
    from .cli import _date as parse

    config = load_config(find_root(Path(args.path)))
    if args.from_csv:
        if args.by or args.department:
            raise ConfigError("--from-csv 与 --by/--department 只能选一种：签到表中每行已写明姓名和部门")
        print(acknowledge_sheet(config, args.id, Path(args.from_csv), date=parse(args.date), version=args.version))
    else:
        if not args.by or not args.department:
            raise ConfigError("请用 --by 写明姓名、--department 写明部门（或用 --from-csv 录入签到表）")
        print(acknowledge(config, args.id, person=args.by, department=args.department, date=parse(args.date),
                          version=args.version))
    return EXIT_OK


class UnknownDocument(QmsdocError):
    """No such document (exit 1)."""


def _assignment_lines(item: Assignment, config: Config) -> list[str]:
    today = config.today
    if item.state == CONFIRMED:
        head = f"{item.department}：{item.label}"
    elif item.state == OVERDUE:
        head = (f"{item.department}：{item.label}（{item.opened} 起待确认，截止 {item.due}，"
                f"已逾期 {item.days_overdue(today)} 天）")
    else:
        head = f"{item.department}：{item.label}（{item.opened or '—'} 起待确认，截止 {item.due or '—'}）"
    lines = [head]
    lines += [f"  {a.person}　{a.date}（{config.acknowledgements} 第 {a.line} 行）" for a in item.acknowledged]
    if item.every_person and item.outstanding:
        lines.append(f"  尚未确认：{'、'.join(item.outstanding)}")
    elif not item.acknowledged:
        lines.append("  尚无人确认")
    return lines


def report(config: Config, code: str, version: str | None = None) -> str:
    """Who acknowledged a version of a document (by default the version in force), and who is outstanding."""
    result = check(config)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise UnknownDocument(f"找不到文件编号 {code}")
    register = result.context.acknowledgements
    current = str(document.version or "")
    wanted = current
    if version is not None:
        parsed = Revision.parse(version)
        if parsed is None:
            raise ConfigError(f"--version {version!r} 无效：应写成 A/0、A/1 … 的形式")
        wanted = str(parsed)
    need = requirement(document, config)
    periods = version_periods(document)
    title = f"{document.id}《{document.title}》版本 {wanted}"
    lines = []
    if wanted == current and in_force(document):
        found = assignments_of(document, config, register, result.context.roster)
        if not found:
            lines.append(f"{title}：不要求学习确认（文件头信息和所属手册中都没有 acknowledge）")
        else:
            first = found[0]
            lines.append(f"{title}（{first.opened or '发布日期未记录'} 发布，学习期限 {need.days if need else '—'} 天，"
                         f"截止 {first.due or '—'}；以 {config.today} 计）")
            lines.append(summary_line(found))
            for item in found:
                lines += _assignment_lines(item, config)
    else:
        lines.append(_not_in_force(document, wanted, periods))
        recorded = register.of(document.id, wanted)
        for department in dict.fromkeys([*(need.departments if need else ()), *(a.department for a in recorded)]):
            people = [a for a in recorded if a.department == department]
            lines.append(f"{department}：" + ("已确认" if people else "未确认"))
            lines += [f"  {a.person}　{a.date}（{config.acknowledgements} 第 {a.line} 行）" for a in people]
    stray = [f for f in result.findings if f.path == register.display and f.code == "QD222"
             and any(a.line == f.line for a in register.of(document.id))]
    if stray:
        lines.append("注意：以下登记未计入（见 qmsdoc check）：")
        lines += [f"  {f.path}:{f.line}: {f.message}" for f in stray]
    return "\n".join(lines)


def _not_in_force(document: Document, version: str, periods: dict[str, tuple[dt.date | None, dt.date | None]]) -> str:
    title = f"{document.id}《{document.title}》版本 {version}"
    if version not in periods:
        return f"{title}：不是发布过的现行版本（现行版本 {document.version or '—'}，状态“{document.status_label}”）"
    start, end = periods[version]
    return f"{title}：{start or '—'} 至 {end or '—'} 现行，已不是现行版本（以下为该版本的学习确认记录）"


def _cmd_acknowledgements(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    print(report(config, args.id, args.version))
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ack = commands.add_parser("acknowledge",
                              help="登记文件学习确认：某人已学习某文件的现行版本（或用 --from-csv 录入签到表）")
    ack.add_argument("id", help="文件编号")
    ack.add_argument("--by", help="学习人姓名")
    ack.add_argument("--department", help="学习人所在部门（须为文件要求学习的部门之一）")
    ack.add_argument("--date", help="学习日期（默认今天；--from-csv 时为没有填写日期的行的日期）")
    ack.add_argument("--version", help="版本（默认现行版本）")
    ack.add_argument("--from-csv", metavar="签到表.csv",
                     help="录入签到表：表头为 姓名, 部门, 日期，每行一人；任何一行有误则全部不登记")
    ack.add_argument("--path", default=".")
    ack.set_defaults(run=_cmd_acknowledge)

    acks = commands.add_parser("acknowledgements", help="查询文件学习确认：谁已确认、哪些部门尚未确认及起始日期")
    acks.add_argument("id", help="文件编号")
    acks.add_argument("--version", help="版本（默认现行版本）")
    acks.add_argument("--path", default=".")
    acks.set_defaults(run=_cmd_acknowledgements)
