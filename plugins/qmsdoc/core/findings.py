"""Findings: what a rule reports, with a stable code, a severity and a place."""

from __future__ import annotations

import enum
import json
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .commandline import with_project
from .i18n import t

# Control characters (ESC starts a terminal's colour, clear-screen and title sequences), bidi controls (they
# reorder a printed line) and the line and paragraph separators U+2028/U+2029 (str.splitlines, editors and CI
# logs break a line there, so one finding read as two, the second forged): never written raw where a person or
# a CI runner reads a finding.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str, keep: str = "") -> str:
    """`text` with its control and bidi characters written as escapes (\\x1b, \\u202e), except those in
    `keep`: a file named by a hostile commit can then neither drive the terminal nor break a CI report."""
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else m.group().encode("unicode_escape").decode(),
                       text)


_seen_from: list[tuple[str, str]] = []  # (the project's folder, the folder the command runs in), when they differ


def show_paths_from(root: os.PathLike[str] | str | None) -> None:
    """Print findings' paths relative to the folder the command runs in, as compilers do, so that a terminal,
    an editor or a problem matcher opens `p1/manuals/QP-01.md:12` when the project is `--path p1` (and
    `qp-hr/QP-02-03.md` from inside `manuals/`). None: relative to the project, as every file names them."""
    _seen_from[:] = []
    if root is None:
        return
    try:
        project, here = os.path.realpath(root), os.path.realpath(os.getcwd())
    except OSError:  # no current folder any more
        return
    if project != here:
        _seen_from.append((project, here))


def seen_from_here(path: str, *, to_be: bool = False) -> str:
    """A path relative to the project, as the person who ran the command finds it from their folder. What is no
    file of the project (a file deleted since, `命令行` for a value typed in the command) stays as it is — unless
    `to_be`: a place of the project that is not there yet or no more (the allowed-signers file to write, a
    dry run's draft, a revision just removed), named where the user would find it."""
    if not _seen_from or posixpath.isabs(path):
        return path
    project, here = _seen_from[0]
    full = os.path.join(project, path)
    if not to_be and not os.path.lexists(full):
        return path
    try:
        return os.path.relpath(full, here).replace(os.sep, "/")
    except ValueError:  # another drive on Windows: the full path
        return full


def project_from_here() -> str | None:
    """The project's folder as the person who ran the command types it from their folder — relative when that is
    shorter (`p1`, `../p1`), else absolute — or None when the command runs in the project's folder or a folder
    inside it (or in no project), where every qmsdoc command finds the project by itself: what a command qmsdoc
    suggests needs as its `--path` (`suggested` below)."""
    if not _seen_from:
        return None
    project, here = _seen_from[0]
    try:
        if os.path.commonpath([project, here]) == project:  # `manuals/`: found upwards, as git finds its top
            return None
        relative = os.path.relpath(project, here)
    except ValueError:  # another drive on Windows
        return project
    return relative if len(relative) < len(project) else project


def suggested(text: str) -> str:
    """A message printed by a command, with the commands it suggests carrying `--path` to the project when the
    command runs from another folder (`with_project`): copied from the terminal, they work where it was typed.
    Only for what the terminal shows — never for the site, the copies or a register, which are the same from
    wherever they are built."""
    return with_project(text, project_from_here())


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the sources; `message` is in the project's language and says how to fix it."""

    path: str
    line: int
    code: str
    severity: Severity
    message: str

    def format(self) -> str:
        return (f"{shown(seen_from_here(self.path))}:{self.line}: {self.severity.value} {self.code} "
                f"{shown(suggested(self.message), keep=chr(10))}")

    def read_out(self) -> str:
        """The finding as a person reads it on a page (the preview's panel): `format` with the severity in the
        project's language. `format` keeps `error`/`warning`, the words editors' and CI's problem matchers parse
        in the output of `qmsdoc check` and the terminal."""
        label = t("log.error") if self.severity is Severity.ERROR else t("log.warning")
        return f"{shown(self.path)}:{self.line}: {label} {self.code} {shown(self.message, keep=chr(10))}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


# A broken file (a register of 200,000 incomplete lines) repeats one finding line after line: past this many of one
# code in one file, the rest are one finding that counts them, so the answer stays readable and quick to print.
FINDINGS_PER_KIND = 50


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in file and line order, each once, at most FINDINGS_PER_KIND of one code in one file (`capped`)."""
    return capped(sorted(set(findings), key=lambda f: (f.path, f.line, f.code, f.message)))


def capped(findings: list[Finding], limit: int = FINDINGS_PER_KIND) -> list[Finding]:
    """`findings` (in order) with, past the first `limit` of one code in one file, one finding at the first line
    left out saying how many more there are; every printer, report format and exit code reads this list."""
    seen: dict[tuple[str, str], int] = {}
    first_left: dict[tuple[str, str], Finding] = {}
    out = []
    for finding in findings:
        kind = (finding.path, finding.code)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= limit:
            out.append(finding)
        elif kind not in first_left:
            first_left[kind] = finding
    for kind, first in first_left.items():
        out.append(Finding(first.path, first.line, first.code, first.severity,
                           t("findings.more", count=seen[kind] - limit, code=first.code, shown=limit)))
    return sorted(out, key=lambda f: (f.path, f.line, f.code, f.message))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    return t("check.summary", errors=errors, warnings=warnings)


def to_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
