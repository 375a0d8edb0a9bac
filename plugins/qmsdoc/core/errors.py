"""One error hierarchy for everything a user can cause (click's ClickException is the model): each
error carries its exit code and its Chinese message, and `qmsdoc`'s `main` is the one place that
turns them into output. A traceback is left only for qmsdoc's own bugs."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class QmsdocError(Exception):
    """A refused operation the user can fix; `str(error)` says what is wrong and how to fix it."""

    exit_code = EXIT_FINDINGS
    prefix = "未完成"

    def show(self) -> str:
        return f"{self.prefix}：{self}"


class UsageError(QmsdocError):
    """Wrong command-line use or configuration: exit 2 (as argparse and click do)."""

    exit_code = EXIT_USAGE
    prefix = "用法错误"


class EditError(QmsdocError):
    """A source cannot be edited automatically as asked (the file is left unchanged)."""

    prefix = "无法修改源文件"
