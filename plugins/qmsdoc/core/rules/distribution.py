"""Distribution control (7.5.3.2 a, c): the 文件发放回收记录 is readable, and no copy of a superseded
version stays in circulation unnoticed."""

from __future__ import annotations

from collections.abc import Iterator

from ..codes import file_stem
from ..distribution import MALFORMED, OUTSTANDING, UNLISTED, early_copies, recall_list, unknown_documents
from ..findings import Finding, Severity
from ..i18n import t
from ..refs import shown_title
from ..versions import deleted_titles
from . import Context, Rule, rule


@rule(MALFORMED, Severity.ERROR, "文件发放回收记录无法读取、条目不完整、登记了不存在的文件或早于版本发布的发放日期")
def register_readable(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.distribution
    yield from register.findings
    yield from unknown_documents(register, ctx.corpus, deleted_titles(ctx.history, ctx.corpus))
    yield from early_copies(register, ctx.corpus)


@rule(OUTSTANDING, Severity.WARNING, "旧版本或作废文件的受控副本尚未回收")
def copies_outstanding(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.distribution
    for item in recall_list(register, ctx.corpus, ctx.config.today, deleted_titles(ctx.history, ctx.corpus)):
        if item.due is not None:  # its version is still in force today: nothing to collect yet
            continue
        entry = item.entry
        yield self.at(register.display, entry.line,
                      t("rule.QD211.message", number=entry.number, id=entry.document, title=shown_title(item.title),
                        version=entry.version, date=entry.date, recipient=entry.recipient, reason=item.state,
                        reissue=item.reissue))


@rule(UNLISTED, Severity.WARNING, "分发副本目录中有文件发放回收记录未登记的副本文件（中断的发放留下的，或手工放入的）")
def copies_unlisted(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A numbered copy is controlled because the register says who holds it: a file in `issued_dir` the register
    does not name (an `issue` killed half-way, a copy saved there by hand, a temp file) looks like a controlled
    copy and is none — found, not left to be handed out."""
    folder = ctx.config.issued_path
    try:
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file() or entry.is_symlink())
    except OSError:  # no such folder yet (nothing issued), or not a folder: other rules and `issue` say so
        return
    listed = {f"{file_stem(entry.number)}.{entry.format}" for entry in ctx.distribution.entries}
    for name in names:
        if name not in listed and (not name.startswith(".") or name.endswith(".tmp")):  # a half-written copy too
            path = (folder / name).relative_to(ctx.config.root).as_posix() if folder.is_relative_to(
                ctx.config.root) else str(folder / name)
            yield self.at(path, 1, t("rule.QD212.message", file=path, register=ctx.distribution.display))
