"""One error hierarchy for everything a user can cause (click's ClickException is the model): each
error carries its exit code and its message in the project's language, and `qmsdoc`'s `main` is the one
place that turns them into output. A traceback is left only for qmsdoc's own bugs."""

from __future__ import annotations

from .i18n import t

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class QmsdocError(Exception):
    """A refused operation the user can fix; `str(error)` says what is wrong and how to fix it."""

    exit_code = EXIT_FINDINGS
    prefix_key = "error.prefix.failed"
    """The catalogue key of the word shown before the message."""

    def show(self) -> str:
        return t("error.shown", prefix=t(self.prefix_key), message=self)


class UsageError(QmsdocError):
    """Wrong command-line use or configuration: exit 2 (as argparse and click do)."""

    exit_code = EXIT_USAGE
    prefix_key = "error.prefix.usage"


class EditError(QmsdocError):
    """A source cannot be edited automatically as asked (the file is left unchanged)."""

    prefix_key = "error.prefix.edit"
