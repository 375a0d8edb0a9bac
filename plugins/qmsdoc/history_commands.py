"""The commands that answer from a document's past: `qmsdoc redline` (a Word redline with tracked changes
and the 修订对照表), `qmsdoc copy --version` (the controlled copy of an earlier version, marked as such) and
`qmsdoc register --as-of` (the 受控文件清单 of a past day). They read git history and write one new file;
they never change a source."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

from .core import check, find_root, load_config
from .core.check import CheckResult
from .core.codes import file_stem
from .core.config import ConfigError
from .core.copyjobs import CopyJob, document_job, form_job, superseded_notice
from .core.errors import EXIT_OK, UsageError
from .core.loader import form_from
from .core.model import Document, Form
from .core.redline import RedlineError, compare_versions, released, target
from .core.redline import choose as choose_versions
from .core.render import CorpusRenderer
from .core.sourcefile import SourceWriteError, write_atomic


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file; an existing one is never replaced (exit 2: name another with --out)."""
    if path.exists():
        raise UsageError(f"{path} 已存在：未覆盖。请用 --out 指定另一个文件名，或先移走该文件")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, exclusive=True)
    except (OSError, SourceWriteError) as exc:
        raise UsageError(f"无法写入 {path}：{exc}") from exc


def _note(result: CheckResult) -> None:
    if result.context.history.note:
        print(f"注意：{result.context.history.note}", file=sys.stderr)


def _cmd_redline(args: argparse.Namespace) -> int:
    from .word.redline import RedlineJob, build_redline

    config = load_config(find_root(Path(args.path)))
    result = check(config)
    kind, code, old, new = choose_versions(result, args.id, args.old, args.new)
    comparison = compare_versions(kind, old, new, _renderer(result))
    title = str((new.source.data or {}).get("title", code)) if isinstance(new.source.data, dict) else code
    job = RedlineJob(code, title, config.organisation, comparison, new.author, new.date or config.today.isoformat())
    out = Path(args.out) if args.out else Path.cwd() / (
        f"{file_stem(code)}-修订对照-{old.label.replace('/', '-')}-{new.label.replace('/', '-')}.docx")
    _write_new(out, build_redline(job))
    changes = len(comparison.table_rows)
    print(f"已写出修订对照 {out}（{code} {old.label} → {new.label}，{changes} 处修改，以 Word 修订标记显示）")
    return EXIT_OK


def _renderer(result: CheckResult) -> CorpusRenderer:
    return CorpusRenderer(result.corpus, result.context.config)


def _cmd_copy(args: argparse.Namespace) -> int:
    from .acts.issuance import COPY_WRITERS

    config = load_config(find_root(Path(args.path)))
    result = check(config)
    _note(result)
    try:
        kind, item = target(result, args.id)
    except RedlineError as exc:
        raise UsageError(str(exc)) from exc
    if kind == "manual":
        raise UsageError("整本手册的历史版本副本尚不支持：请按文件编号逐份导出")
    found = released(result, kind, item)
    current = str(getattr(item, "version", "") or "")
    release = next((r for r in found if r.version == args.version), None)
    if release is None:
        known = "、".join(r.version for r in found) or "无"
        raise UsageError(f"{item.id} 在 git 历史中没有已发布的版本 {args.version}（可选：{known}）"
                         + (f"；{result.context.history.note}" if result.context.history.note else ""))
    versions = [r.version for r in found]
    successor = versions[versions.index(release.version) + 1] if release.version != versions[-1] else current
    renderer = _renderer(result)
    job: CopyJob
    if isinstance(item, Document):
        old = dataclasses.replace(release.document, manual=item.manual)
        html = renderer.text(release.body, item.path).html
        job = document_job(old, html, config.organisation, renderer.inside_manuals(""))
        if release.version != current:
            job = dataclasses.replace(job, superseded=successor, notice=superseded_notice(release.version, successor))
    else:
        assert isinstance(item, Form)
        owner = result.corpus.documents.get(item.owner or "")
        job = form_job(form_from(release.source, release.data), owner, config.organisation)
    data = COPY_WRITERS[args.format].write(job)
    out = Path(args.out) if args.out else Path.cwd() / (
        f"{file_stem(item.id)}-{release.version.replace('/', '-')}.{args.format}")
    _write_new(out, data)
    state = "现行版本" if release.version == current else f"历史版本，已被 {successor} 替代，副本标明“历史版本”、非受控"
    print(f"已写出 {item.id} {release.version} 的副本 {out}（{state}）")
    return EXIT_OK


def _cmd_register(args: argparse.Namespace) -> int:
    from .records.asof import as_csv, as_xlsx, register_as_of

    config = load_config(find_root(Path(args.path)))
    try:
        day = dt.date.fromisoformat(args.as_of)
    except ValueError as exc:
        raise ConfigError(f"日期 {args.as_of!r} 无效：应写成 2026-03-01 的形式") from exc
    result = check(config)
    _note(result)
    register = register_as_of(result.corpus, result.context.history, day)
    data = as_xlsx(register) if args.format == "xlsx" else as_csv(register)
    out = Path(args.out) if args.out else Path.cwd() / f"受控文件清单-{day.isoformat()}.{args.format}"
    _write_new(out, data)
    print(f"已写出 {day} 的受控文件清单 {out}：当日现行 {len(register.rows)} 份，"
          f"未生效或已作废 {len(register.left_out)} 份")
    return EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    red = commands.add_parser("redline", help="修订对照：两个版本之间的 Word 修订标记文件和修订对照表")
    red.add_argument("id", help="文件、表单或手册编号")
    red.add_argument("--from", dest="old", help="原版本（默认：修订稿对照现行版本，否则现行版本的上一版）")
    red.add_argument("--to", dest="new", help="新版本，或 draft 表示修订稿（默认：有修订稿时为修订稿，否则为现行版本）")
    red.add_argument("--out", help="输出文件（默认：当前目录下的 <编号>-修订对照-<原版本>-<新版本>.docx）")
    red.add_argument("--path", default=".")
    red.set_defaults(run=_cmd_redline)

    cp = commands.add_parser("copy", help="导出某个已发布版本（含历史版本）的副本：历史版本标明“历史版本”、非受控")
    cp.add_argument("id", help="文件或表单编号")
    cp.add_argument("--version", required=True, help="版本，如 A/1")
    cp.add_argument("--format", choices=("docx", "pdf"), default="docx")
    cp.add_argument("--out", help="输出文件（默认：当前目录下的 <编号>-<版本>.<格式>）")
    cp.add_argument("--path", default=".")
    cp.set_defaults(run=_cmd_copy)

    reg = commands.add_parser("register", help="某一天的受控文件清单（当日现行版本、生效日期与批准人），取自 git 历史")
    reg.add_argument("--as-of", required=True, help="日期，如 2025-06-30")
    reg.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    reg.add_argument("--out", help="输出文件（默认：当前目录下的 受控文件清单-<日期>.<格式>）")
    reg.add_argument("--path", default=".")
    reg.set_defaults(run=_cmd_register)
