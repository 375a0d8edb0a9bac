"""The `qmsdoc` command line. Exit codes: 0 clean, 1 content errors, 2 usage or configuration error."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from .acts.baseline import baseline
from .acts.common import Outcome
from .acts.drafting import new_document
from .acts.obsolete import obsolete
from .acts.release import release
from .acts.review import review
from .core import ConfigError, check, find_root, load_config
from .core.check import CheckResult
from .core.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, QmsdocError, UsageError
from .core.findings import summary
from .core.names import name_problem
from .core.paths import DOCX_DIR
from .core.portable import tolerant_console
from .core.report_formats import FORMATS
from .history_commands import register as register_history
from .importer import register as register_import
from .pipeline import DEFAULT_OUTPUTS, OUTPUTS, default_outputs
from .training_commands import register as register_training

EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE


def _cmd_check(args: argparse.Namespace) -> int:
    from .core.parsecache import build_dir_cache

    config = load_config(find_root(Path(args.path)))
    cache = build_dir_cache(config)  # a warm check re-parses only the files whose bytes changed
    result = check(config, cache)
    cache.save()
    print(report(args.format, result))
    if result.context.history.note:
        print(f"注意：{result.context.history.note}", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def version() -> str:
    try:
        return metadata.version("qmsdoc")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def report(fmt: str, result: CheckResult) -> str:
    """The findings of a check in a CI format (core/report_formats.py)."""
    from .core.report_formats import render
    from .core.rules import REGISTRY

    files = sorted({s.path for s in result.corpus.sources} | {r.path for r in result.corpus.revision_files})
    return render(fmt, result.findings, files, {code: r.title for code, r in REGISTRY.items()}, version())


def _cmd_copies(args: argparse.Namespace) -> int:
    """`qmsdoc docx` / `qmsdoc pdf`: only the controlled copies of one format (all, or the ids given)."""
    from .core.codes import normalise
    from .core.copyplan import plan_copies
    from .core.outputs import claim, refuse_unsafe
    from .core.paths import PDF_DIR
    from .core.render import CorpusRenderer

    pdf = args.kind == "pdf"
    folder, name = (PDF_DIR, "PDF") if pdf else (DOCX_DIR, "Word")
    config = load_config(find_root(Path(args.path)))
    build_dir = None if args.out else refuse_unsafe(config.build_path, config, "输出目录 build_dir", config.build_dir)
    if args.out:
        out_dir = refuse_unsafe(Path(args.out), config, "输出目录 --out", args.out)
    else:
        out_dir = refuse_unsafe(config.build_path / folder, config, f"{name} 输出目录", f"{config.build_dir}/{folder}")
    result = check(config)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if errors:
        for finding in errors:
            print(finding.format())
        print(summary(result.findings))
        print(f"存在错误，未导出 {name} 文件：请先修正以上问题", file=sys.stderr)
        return EXIT_FINDINGS
    wanted = [normalise(i) for i in args.ids] or None
    if wanted:
        manuals = {m.id for m in result.corpus.manuals}
        unknown = [i for i in wanted if result.corpus.lookup(i) is None and i not in manuals]
        if unknown:
            print(f"找不到这些编号：{'、'.join(unknown)}", file=sys.stderr)
            return EXIT_USAGE
    plan = plan_copies(result, CorpusRenderer(result.corpus, config), config.organisation, wanted)
    if pdf:
        from .pdf.export import write_pdfs
        from .pdf.fonts import FontChoice, choose

        fonts = FontChoice.from_config(config.pdf_fonts, config.root)
        choose(fonts)  # no CJK font: FontsMissing (exit 1) saying what to install, before anything is written
        if build_dir is not None:
            claim(build_dir)
        written = write_pdfs(plan, out_dir, fonts=fonts, workers=args.jobs)
    else:
        from .word.export import write_files

        if build_dir is not None:
            claim(build_dir)
        written = write_files(plan, out_dir, workers=args.jobs, progress=sys.stderr.isatty() or args.progress)
    print(f"已导出 {len(written)} 个 {name} 文件到 {out_dir}")
    return EXIT_OK


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"日期 {text!r} 无效：应写成 2026-03-01 的形式") from exc


def _person(text: str) -> str:
    """A person's, role's or department's name given on the command line (`--by`, `--to`, …): refused before
    anything is written unless it is one line of printable text (core/names.py, the rule QD017 applies)."""
    problem = name_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} 不是有效的人名、岗位或部门名称：{problem}")
    return text


def _run_release(action: Callable[[], Outcome]) -> int:
    print(action().message)
    return EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: release(config, args.id, approver=args.by, change=args.change, edition=args.edition,
                                        date=_date(args.date), reviewer=args.reviewed_by, preparer=args.prepared_by,
                                        keep_review=args.keep_review, key=args.key))


def _cmd_obsolete(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: obsolete(config, args.id, successor=args.superseded_by, approver=args.by,
                                         reason=args.reason or "", date=_date(args.date),
                                         update_references=args.update_references, key=args.key))


def _cmd_baseline(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: baseline(config, args.ids, approver=args.by, date=_date(args.date), key=args.key))


def _cmd_sign(args: argparse.Namespace) -> int:
    from .acts.sign import sign_records

    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: sign_records(config, args.ids, approver=args.by, key=args.key, date=_date(args.date)))


def _cmd_review(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: review(config, args.id, by=args.by, date=_date(args.date), note=args.note or ""))


def _cmd_revise(args: argparse.Namespace) -> int:
    from .acts.revise import discard, revise

    config = load_config(find_root(Path(args.path)))
    if args.discard:
        return _run_release(lambda: discard(config, args.id))
    if not args.by:
        raise UsageError("请用 --by 写明修订稿的编制人（放弃修订稿请用 --discard）")
    return _run_release(lambda: revise(config, args.id, by=args.by, reason=args.reason or "", date=_date(args.date)))


def _cmd_new(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: new_document(config, args.manual, title=args.title, doc_type=args.type,
                                             department=args.department, preparer=args.by, code=args.id))


def _cmd_issue(args: argparse.Namespace) -> int:
    from .acts.issuance import issue

    config = load_config(find_root(Path(args.path)))
    if args.reason and not args.replaces:
        raise UsageError("--reason 只用于补发（--replaces 遗失或损坏副本的分发号）")
    print(issue(config, args.id, to=args.to, copies=args.copies, by=args.by, date=_date(args.date),
                fmt=args.format, replaces=args.replaces, reason=args.reason).message)
    return EXIT_OK


def _cmd_recall(args: argparse.Namespace) -> int:
    from .acts.issuance import recall

    config = load_config(find_root(Path(args.path)))
    print(recall(config, args.numbers, by=args.by, date=_date(args.date)))
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from .verify.verdict import verify

    config = load_config(find_root(Path(args.path)))
    target = Path(args.file)
    if not target.is_file():
        print(f"找不到文件：{target}", file=sys.stderr)
        return EXIT_USAGE
    result = check(config)
    verdict = verify(target, result.corpus, config.build_path, result.context.distribution)
    print(verdict.message)
    return EXIT_OK if verdict.current else EXIT_FINDINGS


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    config = load_config(find_root(Path(args.path)))
    outputs = [o.strip() for o in args.only.split(",")] if args.only else default_outputs(config)
    if args.pdf and "pdf" not in outputs:
        outputs.append("pdf")
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise UsageError(f"--only 的取值 {'、'.join(unknown)} 无效：可选 {','.join(OUTPUTS)}")
    return build(config, config_file=args.config_file, strict=args.strict, outputs=outputs,
                 report=None if args.format == "text" else (lambda result: report(args.format, result)),
                 quiet=args.format != "text", require_pdf=args.pdf)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .site.serve import serve

    config = load_config(find_root(Path(args.path)))
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise UsageError(f"--dev-addr {args.dev_addr} 无效：写作 主机:端口，例如 127.0.0.1:8000")
    config_file = Path(args.config_file)
    if not config_file.is_absolute():
        config_file = config.root / config_file
    return serve(config, config_file, host, int(port))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qmsdoc", description="ISO 9000 受控文件编译器",
                                     epilog="退出码：0 通过；1 检查发现错误或操作被拒绝；2 用法或配置错误")
    parser.add_argument("--version", action="version", version=f"qmsdoc {version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="检查全部受控文件与表单")
    check_cmd.add_argument("project", nargs="?", help="项目目录（含 qmsdoc.yml；同 --path）")
    check_cmd.add_argument("--path", help="项目目录（默认当前目录）")
    check_cmd.add_argument("--format", choices=FORMATS, default="text",
                           help="输出格式：text、json，或 CI 用的 github（注释）、gitlab（Code Quality）、sarif、junit")
    check_cmd.set_defaults(run=_cmd_check)
    build_cmd = commands.add_parser("build", help="检查并构建网站、Word 与 PDF 副本和登记表到 build/（原子替换）")
    build_cmd.add_argument("project", nargs="?", help="项目目录（含 qmsdoc.yml；同 --path）")
    build_cmd.add_argument("--path", help="项目目录（默认当前目录）")
    build_cmd.add_argument("--config-file", default="mkdocs.yml")
    build_cmd.add_argument("--strict", action="store_true", help="警告也使构建失败（CI 推荐）")
    build_cmd.add_argument("--only", help=f"只生成这些输出（逗号分隔：{','.join(OUTPUTS)}；"
                                          f"默认 {','.join(DEFAULT_OUTPUTS)}）")
    build_cmd.add_argument("--format", choices=FORMATS, default="text", help="检查结果的输出格式（同 check --format）")
    build_cmd.add_argument("--pdf", action="store_true",
                           help="必须生成 PDF 受控副本（默认已生成；缺少中文字体时报错而不是警告跳过）")
    build_cmd.set_defaults(run=_cmd_build)
    serve_cmd = commands.add_parser("serve", help="预览网站：保存即更新页面与检查结果（常驻进程，不写 build/）")
    serve_cmd.add_argument("project", nargs="?", help="项目目录（含 qmsdoc.yml；同 --path）")
    serve_cmd.add_argument("--path", help="项目目录（默认当前目录）")
    serve_cmd.add_argument("--config-file", default="mkdocs.yml")
    serve_cmd.add_argument("--dev-addr", default="127.0.0.1:8000", help="监听的 主机:端口（默认 127.0.0.1:8000）")
    serve_cmd.set_defaults(run=_cmd_serve)
    for kind, what in (("docx", "Word"), ("pdf", "PDF")):
        copies_cmd = commands.add_parser(kind, help=f"导出 {what} 受控副本、空白表单和整本手册")
        copies_cmd.add_argument("ids", nargs="*", help="只导出这些文件/表单/手册编号（默认全部）")
        copies_cmd.add_argument("--path", default=".", help="项目目录（含 qmsdoc.yml）")
        copies_cmd.add_argument("--out", help=f"输出目录（默认 build/{kind}）")
        copies_cmd.add_argument("--jobs", type=int, default=None, help="并行进程数（默认 CPU 核数）")
        copies_cmd.add_argument("--progress", action="store_true", help="显示进度")
        copies_cmd.set_defaults(run=_cmd_copies, kind=kind)

    rel = commands.add_parser("release", help="发布（批准）文件：升版、写入修订记录、批准人和指纹")
    rel.add_argument("id")
    rel.add_argument("--by", type=_person, required=True, help="批准人")
    rel.add_argument("--change", required=True, help="修订内容")
    rel.add_argument("--edition", action="store_true", help="换版：升到下一个字母 /0")
    rel.add_argument("--reviewed-by", type=_person, help="审核人（首次发布必填）")
    rel.add_argument("--prepared-by", type=_person, help="编制人（默认沿用）")
    rel.add_argument("--keep-review", action="store_true", help="沿用上次审核（在修订记录中注明）")
    rel.add_argument("--date", help="批准与生效日期（默认今天）")
    rel.add_argument("--key", help="批准人的 SSH 私钥（签名模式必填；也可用环境变量 QMSDOC_SIGNING_KEY）")
    rel.add_argument("--path", default=".")
    rel.set_defaults(run=_cmd_release)

    obs = commands.add_parser("obsolete", help="作废文件（批准行为）：写明替代文件、作废日期、批准人和原因")
    obs.add_argument("id")
    obs.add_argument("--superseded-by", required=True)
    obs.add_argument("--by", type=_person, help="作废批准人（默认为原批准人）")
    obs.add_argument("--reason", help="作废原因")
    obs.add_argument("--date", help="作废日期（默认今天）")
    obs.add_argument("--update-references", action="store_true",
                     help="把现行文件中的引用改为替代文件（这些文件随后须重新发布）")
    obs.add_argument("--key", help="批准人的 SSH 私钥（签名模式）")
    obs.add_argument("--path", default=".")
    obs.set_defaults(run=_cmd_obsolete)

    base = commands.add_parser("baseline", help="为已批准但尚无批准记录的内容记录指纹（启用 qmsdoc、导入旧手册时）")
    base.add_argument("ids", nargs="*", help="文件/表单/手册编号（默认：该批准人名下全部未基线的内容）")
    base.add_argument("--by", type=_person, required=True, help="批准人（须与记录中的批准人一致）")
    base.add_argument("--date", help="基线日期（默认今天）")
    base.add_argument("--key", help="批准人的 SSH 私钥（签名模式）")
    base.add_argument("--path", default=".")
    base.set_defaults(run=_cmd_baseline)

    sig = commands.add_parser("sign", help="为现有批准记录补加批准人的签名（启用签名模式时；不升版、不加修订记录）")
    sig.add_argument("ids", nargs="*", help="文件/表单/手册编号（默认：该批准人名下全部批准记录）")
    sig.add_argument("--by", type=_person, required=True, help="批准人（须与批准记录中的批准人一致）")
    sig.add_argument("--key", help="批准人的 SSH 私钥（也可用环境变量 QMSDOC_SIGNING_KEY）")
    sig.add_argument("--date", help="签名日期（默认今天）")
    sig.add_argument("--path", default=".")
    sig.set_defaults(run=_cmd_sign)

    rev = commands.add_parser("review", help="记录定期评审（内容无变更，不升版）")
    rev.add_argument("id")
    rev.add_argument("--by", type=_person, required=True, help="评审人")
    rev.add_argument("--date", help="评审日期（默认今天）")
    rev.add_argument("--note", help="评审结论")
    rev.add_argument("--path", default=".")
    rev.set_defaults(run=_cmd_review)

    rvs = commands.add_parser("revise",
                              help="起草现行文件的下一版修订稿（现行版本在发布前保持有效）；--discard 放弃修订稿")
    rvs.add_argument("id", help="文件、表单或手册编号（须为现行有效）")
    rvs.add_argument("--by", type=_person, help="修订稿的编制人")
    rvs.add_argument("--reason", help="修订原因")
    rvs.add_argument("--date", help="起草日期（默认今天）")
    rvs.add_argument("--discard", action="store_true", help="删除该文件的修订稿（只删除 qmsdoc revise 建立的修订稿）")
    rvs.add_argument("--path", default=".")
    rvs.set_defaults(run=_cmd_revise)

    new = commands.add_parser("new", help="在手册中新建草稿，自动取下一个空闲编号")
    new.add_argument("--manual", required=True, help="手册编号，如 QP-03")
    new.add_argument("--title", required=True)
    new.add_argument("--type", default="procedure",
                     choices=("procedure", "work-instruction", "job-description", "policy", "manual-section"))
    new.add_argument("--department", type=_person, required=True)
    new.add_argument("--by", type=_person, required=True, help="编制人")
    new.add_argument("--id", help="指定编号（须符合手册对该类别的编号规则；默认取下一个空闲编号）")
    new.add_argument("--path", default=".")
    new.set_defaults(run=_cmd_new)

    from .acts.issuance import COPY_WRITERS

    iss = commands.add_parser("issue", help="发放带分发号的受控副本，并登记到文件发放回收记录")
    iss.add_argument("id", help="文件、表单或手册编号（须为现行有效）")
    iss.add_argument("--to", type=_person, required=True, help="领用部门（如 客服部）")
    iss.add_argument("--copies", type=int, default=1, help="份数（默认 1）")
    iss.add_argument("--by", type=_person, default="文控员", help="发放人（默认 文控员）")
    iss.add_argument("--date", help="发放日期（默认今天）")
    iss.add_argument("--format", choices=tuple(COPY_WRITERS), default="docx", help="副本格式")
    iss.add_argument("--replaces", metavar="分发号", help="补发：替代这份遗失或损坏的副本（原分发号登记为作废）")
    iss.add_argument("--reason", choices=("遗失", "损坏"), help="补发原因（与 --replaces 一起使用）")
    iss.add_argument("--path", default=".")
    iss.set_defaults(run=_cmd_issue)

    rec = commands.add_parser("recall", help="登记受控副本的回收（按分发号）")
    rec.add_argument("numbers", nargs="+", metavar="分发号")
    rec.add_argument("--by", type=_person, default="文控员", help="回收人（默认 文控员）")
    rec.add_argument("--date", help="回收日期（默认今天）")
    rec.add_argument("--path", default=".")
    rec.set_defaults(run=_cmd_recall)

    ver = commands.add_parser("verify", help="判断一份 Word/PDF 副本或网页是否为现行受控版本，以及分发号与领用部门")
    ver.add_argument("file")
    ver.add_argument("--path", default=".")
    ver.set_defaults(run=_cmd_verify)
    register_import(commands)
    register_history(commands)
    register_training(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_console(sys.stdout, sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if getattr(args, "project", None) is not None:  # check/build also take the folder as an argument
            if args.path is not None and Path(args.path).resolve() != Path(args.project).resolve():
                raise UsageError(f"项目目录写了两个：{args.project} 和 --path {args.path}，请只写一个")
            args.path = args.project
        if hasattr(args, "path") and args.path is None:
            args.path = "."
        return int(args.run(args))
    except QmsdocError as exc:  # the one place user-caused errors become output and an exit code
        for finding in getattr(exc, "findings", []):
            print(finding.format())
        print(exc.show(), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `qmsdoc check | head -1`: the reader has gone; stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except OSError as exc:  # the file system refused: no space, not a folder, no permission
        # a path, never a bare file descriptor number (an error raised on an open descriptor carries one)
        where = f"{os.fsdecode(exc.filename)}：" if isinstance(exc.filename, (str, bytes, os.PathLike)) else ""
        print(f"文件系统错误：{where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
