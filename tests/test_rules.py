"""Each rule fires on a planted fault, at the right file and line, and stays quiet on clean sources."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from qmsdoc.core import Severity, check, load_config
from qmsdoc.core.rules import REGISTRY

from conftest import REPO, Project

DOC = "manuals/qp-hr/QP-02-03.md"
DOC1 = "manuals/qp-hr/QP-02-01.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"

Plant = Callable[[Project], tuple[str, int]]


def _edit(relative: str, old: str, new: str, line_needle: str | None = None) -> Plant:
    def plant(p: Project) -> tuple[str, int]:
        p.replace(relative, old, new)
        needle = line_needle or (new.splitlines()[0] if new else old)
        return relative, p.line_of(relative, needle)

    return plant


def _write(relative: str, text: str, line: int) -> Plant:
    def plant(p: Project) -> tuple[str, int]:
        p.write(relative, text)
        return relative, line

    return plant


def _twin(p: Project) -> tuple[str, int]:
    text = p.read(DOC).replace("id: QP-02-03", "id: ＱＰ－02—03")
    p.write("manuals/qp-hr/QP-02-09.md", text)
    return "manuals/qp-hr/QP-02-09.md", 2


def _obsolete_target(p: Project) -> tuple[str, int]:
    p.replace(DOC1, "status: effective", "status: obsolete\nsuperseded_by: QP-02-03")
    return "manuals/qp-hr/QP-02-02.md", p.line_of("manuals/qp-hr/QP-02-02.md", "- [[QP-02-01]]")


def _cycle(p: Project) -> tuple[str, int]:
    p.replace(DOC1, "status: effective", "status: obsolete\nsuperseded_by: QP-02-02")
    p.replace("manuals/qp-hr/QP-02-02.md", "status: effective", "status: obsolete\nsuperseded_by: QP-02-01")
    return DOC1, p.line_of(DOC1, "superseded_by")


def _orphan(p: Project) -> tuple[str, int]:
    p.replace(DOC, "status: effective", "status: obsolete\nsuperseded_by: QP-02-01")
    return FORM, 1


def _stale_fingerprint(p: Project) -> tuple[str, int]:
    p.write(DOC, re.sub(r"fingerprint: [0-9a-f]{64}", "fingerprint: " + "f" * 64, p.read(DOC)))
    return DOC, p.line_of(DOC, "## 1.0 目的")  # outside git the first body line is reported


def _git(p: Project, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=质量专员", "-c", "user.email=qa@example.invalid", *args], cwd=p.root,
                   check=True, capture_output=True)


def _committed(p: Project) -> None:
    _git(p, "init", "-q")
    _git(p, "add", "-A")
    _git(p, "commit", "-qm", "初始文件")


def _recomputed_fingerprint(p: Project) -> tuple[str, int]:
    """Edited approved text, fingerprint recomputed by hand without a release: caught by git provenance."""
    _committed(p)
    p.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    p.restamp(DOC)
    return DOC, p.line_of(DOC, "approved:")


def _approval_commit_mismatch(p: Project) -> tuple[str, int]:
    """A release-shaped commit whose committed content is not the content its fingerprint was made for."""
    _committed(p)
    p.replace(DOC, "version: A/1\n", "version: A/2\n")
    p.replace(DOC, "approved: {by: 总经理, date: 2026-02-25", "approved: {by: 总经理, date: 2026-02-26")
    p.replace(DOC, "---\n## 1.0", "  - {version: A/2, date: 2026-02-26, by: 质量专员, change: 修订}\n---\n## 1.0")
    p.restamp(DOC)
    p.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    _git(p, "commit", "-qam", "发布 A/2")
    p.replace(DOC, "4.4.3 归还全部办公用品。", "4.4.3 归还办公用品。")
    return DOC, p.line_of(DOC, "approved:")


def _deleted_record(p: Project) -> tuple[str, int]:
    p.write(FORM, re.sub(r"approved: .*\n", "", p.read(FORM)))
    return FORM, p.line_of(FORM, "version:")


def _unsigned_in_signed_mode(p: Project) -> tuple[str, int]:
    p.write("qmsdoc.yml", p.read("qmsdoc.yml") + "approvals: signed\n")
    return "qmsdoc.yml", 1  # no allowed_signers file: nothing can be verified


def _replaced_picture(p: Project) -> tuple[str, int]:
    """A picture approved with the text (its hash in approved.pictures), replaced afterwards under its name."""
    picture = (REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png").read_bytes()
    p.path("manuals/qp-hr/流程.png").write_bytes(picture)
    p.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。![流程](流程.png)")
    digest = hashlib.sha256(picture).hexdigest()
    p.replace(DOC, "approved: {by: 总经理, date: 2026-02-25",
              f"approved: {{by: 总经理, date: 2026-02-25, pictures: {{qp-hr/流程.png: {digest}}}")
    p.restamp(DOC)
    p.path("manuals/qp-hr/流程.png").write_bytes(picture + b"\0")
    return DOC, p.line_of(DOC, "](流程.png)")


CASES: dict[str, tuple[str, Plant]] = {
    "not-utf8": ("QD001", lambda p: (p.path(DOC).write_bytes(p.read(DOC).encode("gb18030")), (DOC, 3))[1]),
    "no-front-matter": ("QD002", _write(DOC, "## 1.0 目的\n\n正文\n", 1)),
    "yaml-syntax": ("QD003", _edit(DOC, "title: 员工离职管理工作规程", "title: [员工离职管理工作规程")),
    "schema-enum": ("QD004", _edit(DOC, "status: effective", "status: valid")),
    "schema-unknown-key": ("QD004", _edit(DOC, "review_months: 12", "review_months: 12\nreviewer: 张三", "reviewer")),
    "schema-bad-date": ("QD004", _edit(DOC, "effective_date: 2026-03-01", "effective_date: 2026-02-30")),
    "schema-bad-version": ("QD004", _edit(DOC, "version: A/1\n", "version: 1.0\n")),
    "alias": ("QD005", _edit(DOC, "department: 管家服务中心", "department: &d 管家服务中心\nx: *d", "x: *d")),
    "missing-index": ("QD007", lambda p: (p.write("manuals/orphan/QP-09-01.md", "---\nid: QP-09-01\n---\n"),
                                       ("manuals/orphan/", 1))[1]),
    "duplicate-fullwidth": ("QD101", _twin),
    "pattern": ("QD102", lambda p: (p.replace("manuals/qp-hr/index.md", r"'^QP-\d{2}-\d{2}$'",
                                              r"'^QP-\d{2}-\d{3}$'"), (DOC, 2))[1]),
    "file-name": ("QD103", lambda p: (p.path(DOC).rename(p.path("manuals/qp-hr/QP-02-3.md")),
                                      ("manuals/qp-hr/QP-02-3.md", 2))[1]),
    "history-order": ("QD110", _edit(DOC, "{version: A/0, date: 2025-01-05", "{version: A/2, date: 2025-01-05",
                                      "{version: A/1")),
    "history-end": ("QD111", _edit(DOC, "version: A/1\n", "version: A/2\n", "version: A/2")),
    "revision-past-9": ("QD112", _edit(DOC, "version: A/1\n", "version: A/10\n", "version: A/10")),
    "signoff-order": ("QD120", _edit(DOC, "approved: {by: 总经理, date: 2026-02-25",
                                     "approved: {by: 总经理, date: 2026-02-15")),
    "approval-record-missing": ("QD122", _deleted_record),
    "approval-record-recomputed": ("QD191", _recomputed_fingerprint),
    "approval-commit-mismatch": ("QD192", _approval_commit_mismatch),
    "signature-missing": ("QD193", _unsigned_in_signed_mode),
    "placeholder-left": ("QD123", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 （待编写）")),
    "signoff-missing": ("QD121", _edit(DOC, "reviewed: {by: 管家服务中心经理, date: 2026-02-20}\n", "",
                                       "status: effective")),
    "dangling": ("QD130", _edit(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")),
    "to-obsolete": ("QD131", _obsolete_target),
    "obsolete-no-successor": ("QD140", _edit(DOC, "status: effective", "status: obsolete")),
    "successor-missing": ("QD141", _edit(DOC, "status: effective", "status: obsolete\nsuperseded_by: QP-02-77",
                                         "superseded_by")),
    "successor-cycle": ("QD141", _cycle),
    "form-owner": ("QD150", _edit(FORM, "owner: QP-02-03", "owner: QP-02-08")),
    "form-unlisted": ("QD151", _edit(FORM, "owner: QP-02-03", "owner: QP-02-01")),
    "record-missing": ("QD152", _edit(DOC, "- [[QP-02-03-F003]]", "- [[QP-02-03-F009]]")),
    "orphan-form": ("QD153", _orphan),
    "draft-form-in-force": ("QD154", lambda p: (p.replace("controlled_forms/QP-02-03-F003.yaml", "owner: QP-02-03",
                                                          "owner: QP-02-03\nstatus: draft"),
                                                (DOC, p.line_of(DOC, "- [[QP-02-03-F003]]")))[1]),
    # the form's owner withdrawn (as a renumbered procedure's old number is) while QP-03-01 in force still uses it
    "withdrawn-form-in-force": ("QD155", lambda p: (
        p.replace("manuals/qp-service/QP-03-05.md", "status: effective", "status: obsolete\nsuperseded_by: QP-03-04"),
        ("manuals/qp-service/QP-03-01.md", p.line_of("manuals/qp-service/QP-03-01.md", "[[QP-03-05-F001]]")))[1]),
    # 18 columns of 第N列 want 20 cm of heads; a portrait page's text is 16 cm: the copies break them a character a line
    "form-table-too-wide": ("QD156", _edit(FORM, "signatures:", "table:\n  columns: [" +
                                           ", ".join(f"第{i}列" for i in range(1, 19)) + "]\n  rows: 5\nsignatures:",
                                           "  columns:")),
    # a group of column heads with no columns: nothing to draw under its label
    "form-column-group-empty": ("QD157", _edit(FORM, "signatures:", "table:\n  columns:\n    - 日期\n"
                                               "    - group: 检查结果\n      columns: []\n  rows: 5\nsignatures:",
                                               "      columns: []")),
    "section-missing": ("QD160", _edit(DOC, "## 3.0 职责", "## 3.0 分工", "---\n")),
    "clause-jump": ("QD161", _edit(DOC, "4.2.3 申请辞职", "4.4.3 申请辞职")),
    "clause-skip": ("QD161", _edit(DOC, "## 5.0 支持性文件", "## 6.0 支持性文件")),
    "missing-image": ("QD162", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。![流程图](img/离职.png)")),
    "missing-link-target": ("QD163", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见[离职须知](须知.md)。")),
    # a row's third cell under a two-column table: the page, the Word and the PDF copy drop it without a word
    "table-row-past-its-columns": ("QD166", _edit(
        DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。\n\n| 物品 | 归还人 |\n|---|---|\n| 工牌 | 本人 | 交人事部 |",
        "| 工牌 | 本人 | 交人事部 |")),
    "dead-fragment": ("QD165", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见[目的](#目标)。")),
    "bare-code": ("QD170", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见 QP-02-01 规定。")),
    "approved-content-changed": ("QD190", _stale_fingerprint),
    "review-overdue": ("QD180", _edit(DOC, "effective_date: 2026-03-01\nreview_months: 12",
                                      "effective_date: 2026-03-01\nreview_months: 1", "review_months: 1")),
    "review-in-future": ("QD181", _edit(DOC, "\nhistory:", "\nreviews:\n  - {by: 总经理, date: 2099-01-01}\nhistory:",
                                        "- {by: 总经理, date: 2099-01-01}")),
}


def _install_glyphs() -> None:
    from qmsdoc.pdf.coverage import install

    install()


def _run(project: Project):
    return check(load_config(project.root))


# Careless and hostile input (#13): loading limits and publishing policy.
CASES.update({
    "stray-page": ("QD009", _write("manuals/qp-hr/说明.html", "<script>alert(1)</script>", 1)),
    # MkDocs copies `X.MD` to the site as it is; the loader reads only `<ID>.md`: checked by nothing
    "upper-case-extension": ("QD009", lambda p: (p.path(DOC).rename(p.path("manuals/qp-hr/QP-02-03.MD")),
                                                ("manuals/qp-hr/QP-02-03.MD", 1))[1]),
    # a form in a sub-folder of the forms folder was never loaded, without a word
    "nested-form": ("QD022", lambda p: (p.path("controlled_forms/旧").mkdir(),
                                        p.path("controlled_forms/QRKF0404.yaml").rename(
                                            p.path("controlled_forms/旧/QRKF0404.yaml")),
                                        ("controlled_forms/旧/QRKF0404.yaml", 1))[2]),
    "catastrophic-pattern": ("QD010", _edit("manuals/qp-hr/index.md", r"document: '^QP-\d{2}-\d{2}$'",
                                            r"document: '^(\w+-?)+$'")),
    "nesting": ("QD011", _edit(DOC, "department: 管家服务中心", "department: " + "[" * 500 + "]" * 500)),
    "id-character": ("QD012", _edit(DOC, "id: QP-02-03", "id: QP-02-0\u0663")),
    "bidi-control": ("QD013", _edit(DOC, "department: 管家服务中心", "department: 管家\u202e服务中心")),
    "body-control-character": ("QD021", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品\x07。")),
    "body-escaped-space": ("QD024", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品（D:\\ 盘）。")),
    "undefined-reference": ("QD025", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见[登记表][台账]。")),
    "unclosed-callout": ("QD026", _edit(DOC, "4.4.3 归还办公用品。",
                                        "4.4.3 归还办公用品。\n\n:::warning[注意]\n不得外借。", ":::warning")),
    "markdown-in-html-block": ("QD027", _edit(DOC, "4.4.3 归还办公用品。",
                                              "4.4.3 归还办公用品。\n\n<details>\n\n**不得外借**\n\n</details>",
                                              "**不得外借**")),
    "foreign-markup": ("QD028", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品 %%待核对%%。")),
    # the check asks the PDF engine the faces install (test_glyphs.py has the rest)
    "undrawable-character": ("QD023", lambda p: (_install_glyphs(), _edit(DOC, "4.4.3 归还办公用品。",
                                                                        "4.4.3 归还办公用品\U00013000。")(p))[1]),
    "manual-twin": ("QD014", lambda p: (p.write("manuals/qp-hr2/index.md", p.read("manuals/qp-hr/index.md")),
                                        ("manuals/qp-hr2/index.md", 2))[1]),
    "reserved-folder": ("QD015", lambda p: (p.write("manuals/forms/index.md", p.read("manuals/qp-hr/index.md")),
                                            ("manuals/forms/", 1))[1]),
    "case-twin-folder": ("QD016", lambda p: (p.write("manuals/QP-HR/index.md", "---\n---\n"),
                                             ("manuals/qp-hr/", 1))[1]),
    "person-not-a-name": ("QD017", _edit(DOC, "department: 管家服务中心", "department: '<b>管家</b>'")),
    "title-not-one-line": ("QD019", _edit(DOC, "title: 员工离职管理工作规程", 'title: "员工离职\\n管理工作规程"')),
    "form-label-not-one-line": ("QD020", _edit("controlled_forms/QP-02-03-F001.yaml", "- {label: 部门}",
                                               '- {label: "部\\n门"}')),
    "image-copies-cannot-embed": ("QD164", lambda p: (
        p.path("manuals/qp-hr/图.webp").write_bytes(b"RIFF\0\0\0\0WEBPVP8X" + bytes(18)),
        _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。![图](图.webp)")(p))[1]),
    "image-over-pixel-limit": ("QD018", lambda p: (
        p.path("manuals/qp-hr/图.gif").write_bytes(b"GIF89a\xff\xff\xff\xff" + bytes(20)),
        _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。![图](图.gif)")(p))[1]),
    "picture-replaced-after-approval": ("QD194", _replaced_picture),
    "remote-image": ("QD202", _edit(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。![图](https://x.example/a.png)")),
})

# Distribution register (#19): an entry without its SHA-256; a copy of a superseded version still out.
_COPY = ("copies:\n  - {{number: QP-02-03-{v}-001, document: QP-02-03, version: {v}, recipient: 人事部, "
         "date: 2025-03-01, issued_by: 文控员, format: docx{sha}}}\n")
CASES.update({
    "distribution-entry-incomplete": ("QD210", _write("distribution.yaml", _COPY.format(v="A/1", sha=""), 2)),
    "superseded-copy-outstanding": ("QD211", _write("distribution.yaml",
                                                    _COPY.format(v="A/0", sha=", sha256: " + "e" * 64), 2)),
    "unrecorded-copy-file": ("QD212", _write("issued/QP-02-03-A_1-007.docx", "not a register line", 1)),
})


# Reading assignments (#29): QP-02-03 (A/1, released 2026-02-25) must be acknowledged by 人事部.
_ACK = "acknowledgements:\n  - {{document: QP-02-03, version: {v}, department: 人事部, person: 张三, date: {d}}}\n"


def _require(line: str, then: Plant | None = None) -> Plant:
    def plant(p: Project) -> tuple[str, int]:
        p.replace(DOC, "review_months: 12\n", f"review_months: 12\n{line}\n")
        return then(p) if then else (DOC, p.line_of(DOC, line.split("\n")[-1]))

    return plant


CASES.update({
    "acknowledgement-line-incomplete": ("QD220", _write(
        "acknowledgements.yaml", "acknowledgements:\n  - {document: QP-02-03, version: A/1}\n", 2)),
    "acknowledgement-overdue": ("QD221", _require("acknowledge: [人事部]")),  # due 2026-03-11, long past
    "acknowledgement-of-a-superseded-version": ("QD222", _require("acknowledge: [人事部]", _write(
        "acknowledgements.yaml", _ACK.format(v="A/0", d="2026-03-02"), 2))),
    "acknowledge-names-markup": ("QD223", _require("acknowledge: ['<b>人事部</b>']")),
    "roster-not-a-list": ("QD224", _write("roster.yaml", "人事部: 张三\n", 1)),
})

# Working revisions (#28): each plant starts the revision of QP-02-03 with `qmsdoc revise`, then spoils it.
_DRAFT = "revisions/manuals/qp-hr/QP-02-03.md"


def _revised(then: Plant) -> Plant:
    def plant(p: Project) -> tuple[str, int]:
        from qmsdoc.acts.revise import revise

        revise(load_config(p.root), "QP-02-03", by="质量专员")
        return then(p)

    return plant


def _second_draft(p: Project) -> tuple[str, int]:
    p.write("revisions/manuals/qp-hr/QP-02-03-2.md", p.read(_DRAFT))
    return "revisions/manuals/qp-hr/QP-02-03-2.md", 2


CASES.update({
    "revision-without-target": ("QD230", _write("revisions/manuals/qp-hr/QP-02-77.md", "---\nid: QP-02-77\n---\n", 1)),
    "revision-id-changed": ("QD230", _revised(_edit(_DRAFT, "id: QP-02-03", "id: QP-02-08"))),
    "two-revisions": ("QD231", _revised(_second_draft)),
    "revision-of-draft": ("QD232", _revised(lambda p: (p.replace(DOC, "status: effective", "status: draft"),
                                                       (_DRAFT, p.line_of(_DRAFT, "revision:")))[1])),
    "revision-of-old-version": ("QD233", _revised(_edit(_DRAFT, "revision: {of: A/1", "revision: {of: A/0"))),
    # Withdrawn by deleting the file (#28's auditor: what was in force, and who withdrew it?)
    "deleted-in-force": ("QD142", lambda p: (_committed(p), p.path(DOC).unlink(), (DOC, 1))[-1]),
    "deleted-in-force-committed": ("QD142", lambda p: (_committed(p), _git(p, "rm", "-q", DOC),
                                                      _git(p, "commit", "-qm", "删除"), (DOC, 1))[-1]),
    "revision-marker-in-force": ("QD234", _edit(DOC, "department:", "revision: {of: A/0, by: 甲, date: 2026-01-01}\n"
                                                "department:", "revision:")),
})


def test_shipped_sources_are_clean(project: Project) -> None:
    result = _run(project)
    assert result.findings == []
    assert len(result.corpus.documents) >= 3 and len(result.corpus.forms) >= 9


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_fires_at_file_and_line(project: Project, case: str) -> None:
    code, plant = CASES[case]
    if case == "section-missing":
        project.replace(DOC, "## 3.0 职责", "## 3.0 分工")
        expected = (DOC, project.line_of(DOC, "## 1.0 目的"))
    else:
        expected = plant(project)
    findings = _run(project).findings
    hits = [f for f in findings if f.code == code]
    assert hits, f"{code} did not fire; got {[f.format() for f in findings]}"
    assert any((f.path, f.line) == expected for f in hits), [f.format() for f in hits]
    assert all(f.message and any("\u4e00" <= ch <= "\u9fff" for ch in f.message) for f in hits)
    assert {f.severity for f in hits} == {REGISTRY[code].severity}


def test_every_registered_rule_has_a_firing_case(tmp_path: Path) -> None:
    from conftest import copy_project
    from test_bad_input import CASES as BAD_INPUT

    covered = {code for code, _ in CASES.values()}
    for index, plant in enumerate(BAD_INPUT.values()):  # the bad-input suite's codes, learned by running them
        covered.add(plant(copy_project(tmp_path / str(index)))[0])
    # a command's refusal, not a finding of the check (`copy --as-of` of a version git never held): its own tests
    # fire it through the command line
    refusals = {"QD195": "test_copy_day_before_git.py",
                # refusals of the configuration and the command line (core/errors.py)
                **dict.fromkeys(("QD300", "QD301", "QD302", "QD303", "QD320", "QD321", "QD322"),
                                "test_refusal_codes.py"),
                # refused operations, one code a kind (core/errors.py)
                **dict.fromkeys((f"QD33{n}" for n in range(9)), "test_refused_operation_codes.py")}
    for code, module in refusals.items():  # the code is in a string the module's tests expect in the output
        text = (Path(__file__).parent / module).read_text("utf-8")
        assert re.search(rf'"[^"\n]*\b{code}\b[^"\n]*"', text), (code, module)
    covered |= set(refusals)
    assert set(REGISTRY) <= covered, set(REGISTRY) - covered


def test_a_folder_without_markdown_is_not_a_manual(project: Project) -> None:
    """An empty folder left by a move, and a shared folder of pictures, are not manuals without an index
    (QD007 stays for a folder that holds documents); the pictures stay allowed and the rest stays QD009."""
    project.path("manuals/moved-away").mkdir()
    project.path("manuals/images").mkdir()
    project.path("manuals/images/plan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert _run(project).findings == []
    project.write("manuals/images/notes.txt", "x")
    assert [(f.code, f.path) for f in _run(project).findings] == [("QD009", "manuals/images/notes.txt")]


def test_deleting_a_draft_or_an_obsolete_document_or_moving_one_is_not_qd142(project: Project) -> None:
    """Only a number that was in force and that no file holds any more: a draft never was, a withdrawn
    document went through `qmsdoc obsolete`, and a moved file keeps its number."""
    _committed(project)
    project.path("manuals/dy-aq/DY_AQ-018.md").unlink()  # draft
    project.path("manuals/qp-hr/QP-02-04.md").unlink()  # obsolete
    _git(project, "mv", "manuals/qp-hr/QP-02-03.md", "manuals/qp-service/QP-02-03.md")  # same numbering rule
    assert [f.format() for f in _run(project).findings if f.code == "QD142"] == []
    _git(project, "commit", "-qam", "移到服务手册")
    assert [f.format() for f in _run(project).findings if f.code == "QD142"] == []


def test_duplicate_reports_both_places(project: Project) -> None:
    _twin(project)
    hits = [f for f in _run(project).findings if f.code == "QD101"]
    assert {f.path for f in hits} == {DOC, "manuals/qp-hr/QP-02-09.md"}


def test_clause_rule_accepts_children_and_next_top_level(project: Project) -> None:
    project.replace(DOC, "## 5.0 支持性文件", "4.4.9.1 补充。\n\n4.4.10 补充。\n\n## 5.0 支持性文件")
    assert [f for f in _run(project).findings if f.code == "QD161"] == []


def test_chinese_articles_must_be_continuous(project: Project) -> None:
    project.replace(DOC, "管家服务中心员工的离职均", "第一条 交接。\n\n第三条 归还。\n\n管家服务中心员工的离职均")
    hits = [f for f in _run(project).findings if f.code == "QD161"]
    assert [f.line for f in hits] == [project.line_of(DOC, "第三条")]


def test_a_clause_number_wrapped_inside_a_paragraph_is_no_clause(project: Project) -> None:
    """`见条款\n1.1 范围` or `见\n第九条` is a paragraph's text on the page, in the Word and the PDF copy (a wrapped
    cross-reference): QD161 read its second line as clause 1.1 or article 9 and reported a jump there."""
    project.replace(DOC, "管家服务中心员工的离职均",
                    "本规定见条款\n1.1 范围及\n第九条 要求。\n\n管家服务中心员工的离职均")
    assert [f.format() for f in _run(project).findings if f.code == "QD161"] == []


def test_a_clause_number_that_starts_a_paragraph_is_still_a_clause(project: Project) -> None:
    project.replace(DOC, "## 5.0 支持性文件", "4.4.10 补充\n说明。\n\n4.4.12 补充。\n\n## 5.0 支持性文件")
    hits = [f for f in _run(project).findings if f.code == "QD161"]
    assert [f.line for f in hits] == [project.line_of(DOC, "4.4.12 补充")], [f.format() for f in hits]


def test_reference_normalisation_resolves_dash_and_case_variants(project: Project) -> None:
    project.replace(DOC, "- [[QP-02-01]]", "- [[qp－02‐01]]")
    project.restamp(DOC)
    assert _run(project).findings == []


def test_draft_may_reference_draft_but_effective_may_not(project: Project) -> None:
    project.replace(DOC1, "status: effective", "status: draft")
    codes = {f.code for f in _run(project).findings}
    assert "QD131" in codes  # QP-02-02 and QP-02-03 are effective and cite QP-02-01
    project.replace(DOC, "status: effective", "status: draft")
    project.replace("manuals/qp-hr/QP-02-02.md", "status: effective", "status: draft")
    assert "QD131" not in {f.code for f in _run(project).findings}


def test_warnings_do_not_fail_the_check(project: Project) -> None:
    CASES["bare-code"][1](project)
    project.restamp(DOC)
    result = _run(project)
    assert result.findings and result.ok
    assert all(f.severity is Severity.WARNING for f in result.findings)


def test_matching_fingerprint_keeps_qd190_quiet(project: Project) -> None:
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    assert {f.code for f in _run(project).findings} == {"QD190"}
    project.restamp(DOC)
    assert _run(project).findings == []


def test_a_form_its_owner_in_force_does_not_list_is_qd151_not_an_orphan(project: Project) -> None:
    """QD153 says the owner is withdrawn; an owner in force that leaves a form unlisted is QD151's error."""
    project.replace(DOC, "4.2.2 辞职人员按规定时间填写 [[QP-02-03-F001]]", "4.2.2 辞职人员按规定时间填写离职申请")
    project.replace(DOC, "- [[QP-02-03-F001]]\n", "")
    codes = {f.code for f in _run(project).findings if f.path == FORM}
    assert "QD151" in codes and "QD153" not in codes


@pytest.mark.parametrize("breakage", ['title: "员工离职管理工作规程', "x"], ids=["broken-yaml", "no-front-matter"])
def test_an_unreadable_document_is_told_once_not_as_missing_everywhere_it_is_named(project: Project,
                                                                                     breakage: str) -> None:
    """Its forms' owner, its predecessor's successor and the references to it are there, only unreadable: its
    loading error is the one finding (QD150, QD141, QD130 and QD152 said "QP-02-03 不存在" four times over)."""
    text = project.read(DOC)
    project.write(DOC, text.replace("title: 员工离职管理工作规程", breakage) if breakage != "x" else "x\n")
    project.revise(DOC1, "## 1.0 目的", "## 1.0 目的\n\n见 [[QP-02-03]]。")
    findings = _run(project).findings
    assert [f.path for f in findings] == [DOC], [f.format() for f in findings]
    project.write(DOC, text)  # readable again: the names it had are checked as ever
    project.replace("controlled_forms/QP-02-03-F001.yaml", "owner: QP-02-03", "owner: QP-02-93")
    assert [f.code for f in _run(project).findings if f.code == "QD150"] == ["QD150"]


def test_qd141_description_says_only_what_it_finds() -> None:
    """QD141 finds a successor that does not exist and a superseded_by cycle; a successor not in force is refused
    by `qmsdoc obsolete` itself, never found by the rule — yet its description (SARIF's, README's) claimed it did."""
    from qmsdoc.core.i18n import en, zh_TW

    titles = [REGISTRY["QD141"].title, en.MESSAGES["rule.QD141.title"], zh_TW.MESSAGES["rule.QD141.title"]]
    assert not [title for title in titles if re.search("未生效|not in force", title)]


def test_a_form_numbered_after_another_document_is_QD102(project: Project) -> None:
    """qp-hr numbers a form as its owner's number and -F001: QP-02-01-F003 given to QP-02-02 (which lists it) fits
    the manual's form pattern, yet its number names another document."""
    form = "controlled_forms/QP-02-01-F003.yaml"
    project.replace(form, "owner: QP-02-01", "owner: QP-02-02")
    hits = [f for f in _run(project).findings if f.code == "QD102"]
    assert [(f.path, f.line) for f in hits] == [(form, project.line_of(form, "code: QP-02-01-F003"))]
    assert "QP-02-02" in hits[0].message and r"^QP-02-02-F\d{3}$" in hits[0].message


def test_a_form_of_a_series_of_its_own_is_not_numbered_after_its_owner(project: Project) -> None:
    """lywg numbers its forms LYWG/QR-nnn whoever owns them: a form moved to another owner keeps its number."""
    form = "controlled_forms/LYWG_QR-012.yaml"
    project.replace(form, "owner: LYWG-002", "owner: LYWG-001")
    assert [f.format() for f in _run(project).findings if f.code == "QD102"] == []


def test_owner_form_pattern_only_for_a_document_number_and_a_suffix() -> None:
    from qmsdoc.core.codes import owner_form_pattern

    assert owner_form_pattern(r"^QP-\d{2}-\d{2}$", r"^QP-\d{2}-\d{2}-F\d{3}$", "qp-02-01") == r"^QP-02-01-F\d{3}$"
    assert owner_form_pattern(r"^A\.\d$", r"^A\.\d(-F\d)?$", "A.1") == r"^A\.1(-F\d)?$"
    assert owner_form_pattern(r"^LYWG-\d{3}$", r"^LYWG/QR-\d{3}$", "LYWG-001") is None  # a series of its own
    assert owner_form_pattern(r"^QP-\d$", r"^QP-\d{2}$", "QP-1") is None  # the quantifier continues the document's
    assert owner_form_pattern(r"^QP|QM$", r"^QP|QM-F\d$", "QP") is None  # "QP, or QM-Fn": no suffix of both
    assert owner_form_pattern(r"^QP-\d$", r"^QP-\d$", "QP-1") is None  # same pattern: no suffix
    assert owner_form_pattern(r"^Q(P|M)-\d$", r"^Q(P|M)-\d-F\d$", "QM-1") == r"^QM-1-F\d$"  # | in a group
    assert owner_form_pattern(r"^Q[|.]\d$", r"^Q[|.]\d-F\d$", "Q.1") == r"^Q\.1-F\d$"  # | in a class


def _kf_types(project: Project, types: str) -> list[tuple[str, str, int]]:
    example = "  example: KF0301 / QRKF0401"
    project.replace("manuals/kf/index.md", example, f"{example}\n  types: {types}")
    return [(f.code, f.path, f.line) for f in _run(project).findings if f.code in ("QD010", "QD102")]


def test_a_document_is_held_to_the_numbering_pattern_of_its_type(project: Project) -> None:
    """`numbering.types` numbers a type apart (as `qmsdoc new` numbers it): KF0401, a policy, does not fit KF05nn."""
    found = _kf_types(project, r"{policy: '^KF05\d{2}$'}")
    assert found == [("QD102", "manuals/kf/KF0401.md", project.line_of("manuals/kf/KF0401.md", "id: KF0401"))]


def test_documents_that_fit_the_pattern_of_their_type_are_quiet(project: Project) -> None:
    assert _kf_types(project, r"{job-description: '^KF03\d{2}$', policy: '^KF04\d{2}$'}") == []


def test_a_catastrophic_pattern_of_a_type_is_qd010_not_run(project: Project) -> None:
    found = _kf_types(project, r"{policy: '^(\w+-?)+$'}")
    assert found == [("QD010", "manuals/kf/index.md", project.line_of("manuals/kf/index.md", "types:"))]
