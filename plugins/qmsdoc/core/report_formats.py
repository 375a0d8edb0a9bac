"""Findings in the formats CI systems read (`qmsdoc check --format …`, `qmsdoc build --format …`): plain text,
JSON, GitHub workflow commands (annotations on the merge request), GitLab Code Quality, SARIF 2.1.0 and JUnit
XML. One function per format over the same findings; messages are passed through as written (their language is
the project's)."""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable, Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .findings import Finding, Severity, shown, summary, to_json
from .i18n import t

FORMATS = ("text", "json", "github", "gitlab", "sarif", "junit")
TOOL_URI = "https://pypi.org/project/qmsdoc/"


def _located(path: str, base: str) -> str:
    """A finding's path (relative to the project) as CI reads it: relative to the repository's root, where the
    job runs and the annotations point (`base`: the project's folder inside it, `` when it is the root)."""
    return posixpath.join(base, path) if base and not posixpath.isabs(path) else path


def _line(finding: Finding) -> int:
    """A finding's line as CI reads it: lines count from 1, and a finding about a whole file (line 0) is put on its
    first line — GitHub drops an annotation at line 0, GitLab and SARIF refuse it."""
    return max(finding.line, 1)


def _text(findings: Sequence[Finding], _files: Sequence[str], _rules: dict[str, str], _version: str,
          _base: str) -> str:
    return "\n".join([*(f.format() for f in findings), summary(list(findings))])


def _json(findings: Sequence[Finding], _files: Sequence[str], _rules: dict[str, str], _version: str,
          _base: str) -> str:
    return to_json(list(findings))


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence[Finding], _files: Sequence[str], _rules: dict[str, str], _version: str,
            base: str) -> str:
    """GitHub Actions workflow commands: one `::error`/`::warning` line per finding, shown on the changed line."""
    lines = [f"::{f.severity.value} file={_github_property(shown(_located(f.path, base)))},line={_line(f)},"
             f"title={_github_property(f.code)}::{_github_data(shown(f.message, keep=chr(10)))}" for f in findings]
    return "\n".join(lines)


def fingerprint(finding: Finding) -> str:
    """A stable identity for a finding across runs (GitLab matches findings between branches by it)."""
    return hashlib.sha256(f"{finding.code}\0{finding.path}\0{finding.line}\0{finding.message}".encode()).hexdigest()


def _gitlab(findings: Sequence[Finding], _files: Sequence[str], _rules: dict[str, str], _version: str,
            base: str) -> str:
    """GitLab Code Quality report (a JSON array of issues)."""
    issues = [{"description": f"{f.code} {f.message}", "check_name": f.code, "fingerprint": fingerprint(f),
               "severity": "major" if f.severity is Severity.ERROR else "minor",
               "location": {"path": _located(f.path, base), "lines": {"begin": _line(f)}}} for f in findings]
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _sarif(findings: Sequence[Finding], _files: Sequence[str], rules: dict[str, str], version: str,
           base: str) -> str:
    """SARIF 2.1.0: the rules that fired, with their codes and descriptions, and one result per finding. A location
    is a URI reference: `#`, `%`, spaces and non-ASCII characters of a path are percent-encoded."""
    used = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(used)}
    levels = {f.code: f.severity.value for f in findings}
    driver = {"name": "qmsdoc", "informationUri": TOOL_URI, "version": version,
              "rules": [{"id": code, "name": code, "shortDescription": {"text": rules.get(code, code)},
                         "fullDescription": {"text": rules.get(code, code)}, "help": {"text": rules.get(code, code)},
                         "defaultConfiguration": {"level": levels[code]}} for code in used]}
    results = [{"ruleId": f.code, "ruleIndex": index[f.code], "level": f.severity.value,
                "message": {"text": f.message},
                "partialFingerprints": {"qmsdoc/v1": fingerprint(f)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": quote(_located(f.path, base)),
                                                                         "uriBaseId": "%SRCROOT%"},
                                                    "region": {"startLine": _line(f)}}}]} for f in findings]
    log = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def _junit(findings: Sequence[Finding], files: Sequence[str], _rules: dict[str, str], _version: str,
           base: str) -> str:
    """JUnit XML: one test case per checked file, failed when it has errors; its warnings in system-out."""
    by_file: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    failures = sum(1 for items in by_file.values() if any(f.severity is Severity.ERROR for f in items))
    cases = []
    for path, items in sorted(by_file.items()):
        errors = [f for f in items if f.severity is Severity.ERROR]
        warnings = [f for f in items if f.severity is Severity.WARNING]
        body = ""
        if errors:
            text = "\n".join(f.format() for f in errors)
            message = t("report.errors", count=len(errors)) + errors[0].code
            body += (f"<failure message={quoteattr(message)} type=\"qmsdoc\">"
                     f"{xml_escape(text)}</failure>")
        if warnings:
            body += f"<system-out>{xml_escape(chr(10).join(f.format() for f in warnings))}</system-out>"
        name = quoteattr(shown(path))  # XML 1.0 cannot hold a control character, even escaped
        file = quoteattr(shown(_located(path, base)))
        cases.append(f"<testcase classname=\"qmsdoc\" name={name} file={file}>{body}</testcase>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="qmsdoc" tests="{len(by_file)}" failures="{failures}">'
            f'<testsuite name="qmsdoc check" tests="{len(by_file)}" failures="{failures}" errors="0" skipped="0">'
            + "".join(cases) + "</testsuite></testsuites>")


_WRITERS: dict[str, Callable[[Sequence[Finding], Sequence[str], dict[str, str], str, str], str]] = {
    "text": _text, "json": _json, "github": _github, "gitlab": _gitlab, "sarif": _sarif, "junit": _junit}


def render(fmt: str, findings: Sequence[Finding], files: Sequence[str], rules: dict[str, str], version: str,
           base: str = "") -> str:
    """`findings` of a check over `files` (every source checked) in format `fmt`; `rules` maps a code to its
    description (the rule registry). `base`: the project's folder inside its git repository (posix, `` at the
    root), which the CI formats put before each path; text and JSON stay relative to the project."""
    return _WRITERS[fmt](findings, files, rules, version, base)
