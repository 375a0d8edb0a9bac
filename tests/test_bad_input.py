"""Bad input, as quality officers produce it (pasted from Word, WPS, web pages): every case is refused
by `qmsdoc build` with exit 1, a coded message at file:line, no traceback, and build/ untouched."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"

Case = Callable[[Project], tuple[str, str, int]]  # plants the fault, returns (code, path, line)


def edit(path: str, old: str, new: str, code: str, needle: str | None = None) -> Case:
    def plant(p: Project) -> tuple[str, str, int]:
        p.replace(path, old, new)
        return code, path, p.line_of(path, needle or new.split("\n")[-1])
    return plant


def write(path: str, data: bytes | str, code: str, line: int) -> Case:
    def plant(p: Project) -> tuple[str, str, int]:
        target = p.path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return code, path, line
    return plant


def encoded(encoding: str, line: int) -> Case:
    def plant(p: Project) -> tuple[str, str, int]:
        p.path(DOC).write_bytes(p.read(DOC).encode(encoding))
        return "QD001", DOC, line
    return plant


def twin(raw_id: str, folder: str = "manuals/qp-hr", name: str = "QP-02-09.md") -> Case:
    def plant(p: Project) -> tuple[str, str, int]:
        p.write(f"{folder}/{name}", p.read(DOC).replace("id: QP-02-03", f"id: {raw_id}"))
        return "QD101", f"{folder}/{name}", 2
    return plant


def body_line(text: str, code: str) -> Case:
    return edit(DOC, "4.4.3 归还办公用品。", f"4.4.3 归还办公用品。{text}", code, text)


def alias_bomb(p: Project) -> tuple[str, str, int]:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 12)]
    p.write(DOC, "---\nid: QP-02-03\n" + "\n".join(lines) + "\n---\n正文\n")
    return "QD005", DOC, 4  # a1 is the first key to reuse an anchor


def big_file(p: Project) -> tuple[str, str, int]:
    p.write(DOC, p.read(DOC) + ("超长正文。" * 700_000))  # ~10 MB
    return "QD006", DOC, 1


def symlink_out(p: Project) -> tuple[str, str, int]:
    outside = p.root.parent / "outside.md"
    outside.write_text(p.read(DOC).replace("QP-02-03", "QP-02-07"), "utf-8")
    os.symlink(outside, p.path("manuals/qp-hr/QP-02-07.md"))
    return "QD008", "manuals/qp-hr/QP-02-07.md", 1


def cycle(p: Project) -> tuple[str, str, int]:
    first, second = "manuals/qp-hr/QP-02-01.md", "manuals/qp-hr/QP-02-02.md"
    p.replace(first, "status: effective", "status: obsolete\nsuperseded_by: QP-02-02")
    p.replace(second, "status: effective", "status: obsolete\nsuperseded_by: QP-02-01")
    return "QD141", first, p.line_of(first, "superseded_by")


def stale_fingerprint(p: Project) -> tuple[str, str, int]:
    import re

    p.write(DOC, re.sub(r"fingerprint: [0-9a-f]{64}", "fingerprint: " + "e" * 64, p.read(DOC)))
    return "QD190", DOC, p.line_of(DOC, "## 1.0 目的")


CASES: dict[str, Case] = {
    "yaml-unclosed-flow": edit(DOC, "title: 员工离职管理工作规程", "title: [员工离职管理工作规程", "QD003"),
    "yaml-bad-indent": edit(DOC, "type: procedure", "type: procedure\n  extra: 1", "QD003", "  extra: 1"),
    "yaml-tab": edit(DOC, "type: procedure", "type:\tprocedure\n\tbad: 1", "QD003", "type:\tprocedure"),
    "yaml-unclosed-quote": edit(DOC, "department: 管家服务中心", 'department: "管家服务中心', "QD003"),
    "no-front-matter": write(DOC, "## 1.0 目的\n\n正文\n", "QD002", 1),
    "unterminated-front-matter": write(DOC, "---\nid: QP-02-03\ntitle: 标题\n", "QD002", 1),
    "empty-file": write(DOC, "", "QD002", 1),
    "front-matter-list": write(DOC, "---\n- id\n- title\n---\n正文\n", "QD004", 2),
    "type-int-expected": edit(DOC, "review_months: 12", "review_months: 十二个月", "QD004"),
    "type-string-expected": edit(DOC, "title: 员工离职管理工作规程", "title: [员工, 离职]", "QD004"),
    "unknown-key": edit(DOC, "review_months: 12", "review_months: 12\nreveiwer: 张三", "QD004"),
    "missing-required": edit(DOC, "department: 管家服务中心\n", "", "QD004", "id: QP-02-03"),
    "bad-status": edit(DOC, "status: effective", "status: 有效", "QD004"),
    "bad-version": edit(DOC, "version: A/1\n", "version: 1.0\n", "QD004", "version: 1.0"),
    "impossible-date": edit(DOC, "effective_date: 2026-03-01", "effective_date: 2026-02-30", "QD004"),
    "month-13": edit(DOC, "effective_date: 2026-03-01", "effective_date: 2026-13-01", "QD004"),
    "slashed-date": edit(DOC, "effective_date: 2026-03-01", "effective_date: 2026/03/01", "QD004"),
    "gbk": encoded("gbk", 3),
    "gb18030": encoded("gb18030", 3),
    "utf16-le": encoded("utf-16", 1),
    "utf16-be": lambda p: (p.path(DOC).write_bytes(b"\xfe\xff" + p.read(DOC).encode("utf-16-be")),
                           ("QD001", DOC, 1))[1],
    "nul-bytes": write(DOC, b"---\nid: QP-02-03\x00\n---\n", "QD001", 1),
    "duplicate-exact": twin("QP-02-03"),
    "duplicate-fullwidth": twin("ＱＰ－０２－０３"),
    "duplicate-dash-variant": twin("QP—02–03"),
    "duplicate-case": twin("qp-02-03"),
    "dangling-reference": edit(DOC, "- [[QP-02-01]]", "- [[QP-02-77]]", "QD130"),
    "dangling-record": edit(DOC, "- [[QP-02-03-F003]]", "- [[QP-02-03-F077]]", "QD152"),
    "superseded-cycle": cycle,
    "successor-missing": edit(DOC, "status: effective", "status: obsolete\nsuperseded_by: QP-02-66", "QD141",
                              "superseded_by"),
    "alias-bomb": alias_bomb,
    "ten-megabytes": big_file,
    "script-tag": body_line("<script>alert('x')</script>", "QD200"),
    "event-handler": body_line('<img src="a.png" onerror="alert(1)">', "QD200"),
    "iframe": body_line('<iframe src="https://example.invalid"></iframe>', "QD200"),
    "javascript-link": body_line("[点击](javascript:alert(1))", "QD200"),
    "link-outside-repo": body_line("[密码](../../../etc/passwd)", "QD201"),
    "absolute-path-link": body_line("[附件](/etc/passwd)", "QD201"),
    "windows-path-link": body_line("[附件](C:\\资料\\表单.doc)", "QD201"),
    "file-scheme-link": body_line("[附件](file:///etc/passwd)", "QD201"),
    "symlink-out": symlink_out,
    "version-regression": edit(DOC, "{version: A/0, date: 2025-01-05", "{version: A/3, date: 2025-01-05", "QD110",
                               "{version: A/1"),
    "history-not-current": edit(DOC, "version: A/1\n", "version: A/2\n", "QD111", "version: A/2"),
    "revision-past-nine": edit(DOC, "version: A/1\n", "version: A/10\n", "QD112", "version: A/10"),
    "dates-out-of-order": edit(DOC, "reviewed: {by: 管家服务中心经理, date: 2026-02-20}",
                               "reviewed: {by: 管家服务中心经理, date: 2026-02-28}", "QD120", "approved:"),
    "edited-without-release": stale_fingerprint,
    "form-yaml-broken": edit(FORM, "title: 员工离职申请表", "title: 员工离职申请表: [", "QD003", "title:"),
    "form-fields-not-list": edit(FORM, "fields:\n  - {label: 姓名}", "fields: 姓名\nx:\n  - {label: 姓名}", "QD004",
                                 "fields: 姓名"),
    "form-owner-missing": edit(FORM, "owner: QP-02-03", "owner: QP-09-09", "QD150"),
    "file-name-mismatch": lambda p: (p.path(DOC).rename(p.path("manuals/qp-hr/QP-02-3.md")),
                                     ("QD103", "manuals/qp-hr/QP-02-3.md", 2))[1],
}

# Careless and hostile input (#13): refused the same way, at file:line, build/ untouched.
CASES.update({
    "fifo-document": lambda p: (os.mkfifo(p.path("manuals/qp-hr/QP-02-09.md")),
                                ("QD001", "manuals/qp-hr/QP-02-09.md", 1))[1],
    "stray-html-page": write("manuals/qp-hr/说明.html", "<script>alert(1)</script>", "QD009", 1),
    "catastrophic-numbering": edit("manuals/qp-hr/index.md", r"document: '^QP-\d{2}-\d{2}$'",
                                   r"document: '^(\w+-?)+$'", "QD010"),
    "yaml-nested-5000": edit(DOC, "department: 管家服务中心", "department: " + "[" * 5000 + "]" * 5000, "QD011"),
    "duplicate-key": edit(DOC, "department: 管家服务中心", "department: 管家服务中心\ndepartment: 行政部", "QD004",
                          "department: 行政部"),
    "arabic-digit-id": edit(DOC, "id: QP-02-03", "id: QP-02-0\u0663", "QD012"),
    "bidi-in-title": edit(DOC, "title: 员工离职管理工作规程", "title: 员工离职\u202e管理工作规程", "QD013"),
    "reference-definition-out": edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。\n\n[s]: /etc/shadow\n", "QD201",
                                     "[s]: /etc/shadow"),
    "remote-image": body_line("![图](https://tracker.example/p.png)", "QD202"),
})


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def _previous_build(project: Project) -> str:
    """A stand-in for the last good build: it must survive every refused build byte for byte."""
    project.write("build/site/index.html", "<html>上一次的完整输出</html>")
    project.write("build/register.csv", "文件编号\nQP-02-03\n")
    project.write("build/.qmsdoc-output", "")  # qmsdoc marks the folders it writes
    return _digest(project.path("build"))


def test_there_are_at_least_forty_distinct_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_cleanly(project: Project, name: str) -> None:
    before = _previous_build(project)
    code, path, line = CASES[name](project)
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    expected = f"{path}:{line}: error {code} "
    assert expected in result.stdout, f"want {expected!r} in\n{result.stdout}"
    message = next(x for x in result.stdout.splitlines() if x.startswith(expected))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message[len(expected):]), message
    assert _digest(project.path("build")) == before
    assert not list(project.root.glob(".build-*")), "staging folder left behind"


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_utf8_bom_and_crlf_sources_build(project: Project) -> None:
    text = project.read(DOC).replace("\n", "\r\n")
    project.path(DOC).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "员工离职管理工作规程" in project.read("build/site/qp-hr/QP-02-03/index.html")


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_pasted_html_never_reaches_readers_even_in_previewed_drafts(project: Project) -> None:
    project.replace(DOC, "status: effective", "status: draft")
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 <script>alert(1)</script>[x](javascript:alert(2))"
                    '<img src=x onerror="alert(3)">')
    for other in ("manuals/qp-hr/QP-02-01.md", "manuals/qp-hr/QP-02-02.md"):
        project.replace(other, "status: effective", "status: draft")
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    html = project.read("build/site/qp-hr/QP-02-03/index.html")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "<script>alert" not in article and "javascript:" not in article and "<img src=x" not in article
    # The sanitiser drops the script with its content (QD200 reports it once the draft is released).
    assert "alert(1)" not in article and "onerror" not in article and "4.4.3" in article
