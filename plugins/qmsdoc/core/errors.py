"""One error hierarchy for everything a user can cause (click's ClickException is the model): each
error carries its exit code and its message in the project's language, and `qmsdoc`'s `main` is the one
place that turns them into output. A traceback is left only for qmsdoc's own bugs.

Which class a command raises decides its exit code and the word shown before the message, the same for every
command:
- `UsageError` (exit 2, 「用法错误」): the command line itself is wrong, whatever the project holds — a value
  that is not a date or a version (A/1), a date still to come, options that do not go together, a file
  argument that is not there.
- `ConfigError` (exit 2, 「配置错误」, core/config.py): `qmsdoc.yml`, `mkdocs.yml` or an output folder is
  wrong — never a value typed on the command line.
- `QmsdocError` and its kin (exit 1, 「未完成」): a well-formed request the project refuses, including an id,
  version or copy number it does not have. That is a fact about the project's files, like a check error: the
  same command is right in another checkout, and where a file with that id cannot be read its QD001/QD003
  finding (`CheckResult.unread`) says why it is not found.

A refusal of the configuration or the command line carries a rule code of the one registry (core/rules, README's
*Rules* table), shown after its word: 「配置错误：QD300 …/qmsdoc.yml:4: …」. The class gives the kind's code, and a
raise site names a narrower one with `code=`:
- QD300 a qmsdoc.yml setting (an unknown key, a wrong type, a value out of its choices or range), QD301 a folder
  or file place qmsdoc.yml names (a sources' folder missing or outside the project, an output folder or record
  place among the sources), QD302 mkdocs.yml, QD303 no project found;
- QD320 the command line (an option a command does not take, options that do not go together, a value that is no
  date, version or name, a file argument that is not there), QD321 a file `--out` names (among the sources or in
  build_dir, already there, a folder, the wrong extension, not writable), QD322 an output folder qmsdoc did not
  make (it would be replaced or written into);
- QD330–QD338 a refused operation (exit 1, 「未完成」 or its kind's word), one code a class: QD330 what the project
  does not have or will not do (an id, version or copy number it lacks; a register it cannot read), QD331 a
  lifecycle act (release, baseline, obsolete, revise, review, new, sign, stamp), QD332 issue or recall, QD333
  acknowledge, QD334 import, QD335 a source that cannot be edited, QD336 another command holding the project,
  QD337 a PDF copy, QD338 the site. A narrower cause keeps its own code (QD195 a version git holds no text of).
A qmsdoc.yml or mkdocs.yml the shared reader refuses (not UTF-8, bad YAML, a duplicate key, an alias) carries the
reader's finding code instead (QD001, QD003–QD005, QD011: `QmsdocError.of_finding`): one code a message."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING, TypeVar

from .i18n import t

if TYPE_CHECKING:
    from .findings import Finding

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

# The codes of refusals that are no finding of the check (see the module's docstring); registered, with what each
# covers, in core/rules/__init__.py.
CONFIG_SETTING, CONFIG_PLACE, SITE_CONFIG, NO_PROJECT = "QD300", "QD301", "QD302", "QD303"
COMMAND_LINE, OUT_REFUSED, FOREIGN_FOLDER = "QD320", "QD321", "QD322"
REFUSED, ACT_REFUSED, ISSUE_REFUSED, ACK_REFUSED, IMPORT_REFUSED = "QD330", "QD331", "QD332", "QD333", "QD334"
EDIT_REFUSED, PROJECT_LOCKED, PDF_REFUSED, SITE_REFUSED = "QD335", "QD336", "QD337", "QD338"

# The refusals a user can do something about, said in the project's language (the system's strerror is English):
# each catalogue key is `os.` and the errno's name.
_REASONS = ("os.ENOENT", "os.EACCES", "os.EPERM", "os.ENOSPC", "os.EDQUOT", "os.EROFS", "os.EISDIR", "os.ENOTDIR",
            "os.ELOOP", "os.ENAMETOOLONG", "os.EEXIST", "os.EBUSY", "os.EIO", "os.EMFILE", "os.EXDEV")


SHOWN_LIMIT = 40  # characters of a value the user typed that a message repeats


def shown(value: str) -> str:
    """A value the user typed (an id, a version, a date) as a message repeats it: cut after `SHOWN_LIMIT`
    characters, so a pasted 50 kB argument is named, not echoed whole."""
    return value if len(value) <= SHOWN_LIMIT else value[:SHOWN_LIMIT] + "…"


PATH_LIMIT = 120  # characters of a path the user gave that a message repeats


def shown_path(path: object) -> str:
    """A path the user gave (`--out`, `--config-file`, `--from-csv`, a setting) as a message repeats it: whole up to
    `PATH_LIMIT` characters — a real path is longer than `shown`'s cut allows — else its head and its tail (the
    file's name) with … between, so a pasted 10,000-character path is named, not echoed whole."""
    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    if len(text) <= PATH_LIMIT:
        return text
    head = (PATH_LIMIT - 1) // 2
    return text[:head] + "…" + text[len(text) - (PATH_LIMIT - 1 - head):]


def echoed(value: object) -> str:
    """A value a user wrote (on the command line, in a source, a register or a configuration file) quoted as a
    message repeats it: `shown`'s cut, then `repr`, so a line break, NUL or bidi control in it is an escape. The
    one way every message that repeats such a value writes it: a 5,000-character name is named, not echoed."""
    return repr(shown(value)) if isinstance(value, str) else shown(repr(value))


def os_reason(exc: BaseException) -> str:
    """Why the file system refused, in the project's language: the one wording of an OSError's reason (never
    `[Errno 2] …: 'path'`, which repeats the path the message already names). Any other exception: its text."""
    if not isinstance(exc, OSError):
        return str(exc)
    for key in _REASONS:
        if exc.errno is not None and exc.errno == getattr(errno, key.removeprefix("os."), None):
            return t(key)
    return t("os.other", error=exc.strerror or exc)


def os_error_text(exc: OSError) -> str:
    """What the file system refused, in one line: the path it refused (never a bare file descriptor number, which
    an error raised on an open descriptor carries) and why, as `os_reason` words it."""
    where = (t("cli.os_error_where", path=shown_path(exc.filename))
             if isinstance(exc.filename, (str, bytes, os.PathLike)) else "")
    return t("cli.os_error", where=where, error=os_reason(exc))


_Refusal = TypeVar("_Refusal", bound="QmsdocError")


class QmsdocError(Exception):
    """A refused operation the user can fix; `str(error)` says what is wrong and how to fix it, and
    `findings` (if any) where — printed before it, one per line."""

    exit_code = EXIT_FINDINGS
    prefix_key = "error.prefix.failed"
    """The catalogue key of the word shown before the message."""
    code: str | None = REFUSED
    """The rule code of this kind of refusal, shown before the message (see the module's docstring)."""

    def __init__(self, message: str, findings: list[Finding] | None = None, *, code: str | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []
        if code is not None:
            self.code = code

    @classmethod
    def of_finding(cls: type[_Refusal], finding: Finding, message: str) -> _Refusal:
        """A refusal a finding of the shared reader caused (qmsdoc.yml or mkdocs.yml unreadable, a duplicate key, an
        alias bomb): it carries the finding's code, the most specific, instead of its kind's (QD300, QD302) — one
        code a message, decided here. `message` says where and what without the code."""
        return cls(message, code=finding.code)

    def coded(self) -> str:
        """The message after its rule code, if it has one: `str(self)` stays the message alone, so a refusal
        wrapped in another (mkdocs.yml's line before qmsdoc.yml's message) shows one code."""
        return f"{self.code} {self}" if self.code else str(self)

    def show(self) -> str:
        return t("error.shown", prefix=t(self.prefix_key), message=self.coded())


class UsageError(QmsdocError):
    """Wrong command-line use: exit 2 (as argparse and click do)."""

    exit_code = EXIT_USAGE
    prefix_key = "error.prefix.usage"
    code = COMMAND_LINE


class EditError(QmsdocError):
    """A source cannot be edited automatically as asked (the file is left unchanged)."""

    prefix_key = "error.prefix.edit"
    code = EDIT_REFUSED
