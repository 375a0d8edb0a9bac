"""Every output tells an auditor the same thing. An auditor reads a document's facts (the version in force, from
when, approved by whom on which day, the next review, the status word, withdrawn when and replaced by what) from
whichever output is at hand: the document's page, its version-history page, the register page, register.csv and
register.xlsx, manifest.json, the Word and PDF copies, `qmsdoc register --as-of`, the obsolete and review pages.
Each fact is read here from each output independently (the HTML parsed, the .docx opened, the xlsx read, the PDF
through pdftotext), and any two outputs that answer differently are a false answer to one of them.

Two real builds: the shipped project with its real git history, and a small repository with the shapes that
made outputs disagree before (several released versions, a version approved ahead of its effective date, a
withdrawn document replaced by another, a revised form, a release merged from a branch)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_history_shapes import bump, commit, git, qmsdoc, release, start

from conftest import REPO, Project

Facts = dict[str, dict[str, str]]
"""Item id → fact name → the value one output gives for it."""


def _text(node: object) -> str:
    """A cell's words, the pieces of its markup joined by a space — but a day kept whole inside a status badge
    (`<span class="qms-number">`) joined to the text around it, as the reader sees it."""
    from qmsdoc.core.htmltree import Node

    if isinstance(node, str):
        return node
    assert isinstance(node, Node)
    out, glue = "", False
    for child in node.children:
        inline = isinstance(child, Node) and "qms-number" in child.classes
        text = child.text() if isinstance(child, Node) and inline else _text(child)
        out += text if inline or glue or not out else " " + text
        glue = inline
    return " ".join(out.split())


def _walk(node: object) -> Iterator[object]:
    from qmsdoc.core.htmltree import Node

    if isinstance(node, Node):
        yield node
        for child in node.children:
            yield from _walk(child)


def _tables(html: str, cls: str) -> list[list[list[object]]]:
    """The rows (each a list of cell nodes, th and td) of each table of class `cls`."""
    from qmsdoc.core.htmltree import Node, parse_html

    found = []
    for table in _walk(parse_html(html)):
        if isinstance(table, Node) and table.tag == "table" and cls in table.classes:
            rows = [n for n in _walk(table) if isinstance(n, Node) and n.tag == "tr"]
            found.append([[c for c in row.elements() if c.tag in ("td", "th")] for row in rows])
    return found


def _labelled(rows: list[list[object]]) -> dict[str, str]:
    """A control block's label → value pairs (th then td, two pairs to a row)."""
    pairs: dict[str, str] = {}
    for row in rows:
        for label, value in zip(row[::2], row[1::2], strict=False):
            pairs[_text(label)] = _text(value)
    return pairs


def _dash(value: str) -> str:
    return "" if value in ("—", "-", "None") else value


_DATE = r"\d{4}-\d{2}-\d{2}"


def _day(value: str) -> str:
    """The day an effective-date cell says its version is in force from: its date, or the later day its note says
    the version came onto the line (merged from a branch, in force again after a revert: the history page's words,
    read whatever spaces or line breaks a copy's narrow header cell put in them) — what `register --as-of` answers
    with. A withdrawn document's note (the version the date belongs to) leaves the date."""
    from qmsdoc.core.i18n import t

    dates = re.findall(_DATE, value)
    if not dates:
        return value
    flat = re.sub(r"\s+", "", value)
    for key in ("history.merged_in_force", "history.restored_in_force"):
        before, after = re.sub(r"\s+", "", t("label.effective_landed", note=t(key, date="\0"))).split("\0")
        found = re.search(re.escape(before) + f"({_DATE})" + re.escape(after), flat)
        if found:
            return found.group(1)
    return str(dates[0])


def _approved_day(value: str) -> str:
    """An effective-date cell's own date: the effective date the approval records, whatever its note says."""
    found = re.search(_DATE, value)
    return found.group(0) if found else value


def _effective(value: str) -> dict[str, str]:
    """An effective-date cell's facts: the day in force (`_day`) and the approved effective date."""
    return {"effective": _day(value), "effective_approved": _approved_day(value)} if value else {}


def from_pages(site: Path) -> Facts:
    """Each document's and form's own page: its control block and sign-off table."""
    pages = (page for page in site.rglob("index.html") if "/history/" not in page.as_posix())
    return dict(found for page in pages if (found := _page_facts(page.read_text("utf-8"))) is not None)


def _page_facts(html: str) -> tuple[str, dict[str, str]] | None:
    """The item a page's control block is of, and what that block and its sign-off table say of it."""
    from qmsdoc.core.i18n import t

    match = re.search(r'class="qms-control" data-doc-id="([^"]+)"', html)
    if not match:
        return None
    pairs = _labelled(_tables(html, "qms-control")[0])
    fact = {"version": pairs.get(t("label.version"), ""), "status": pairs.get(t("label.status"), "")}
    if t("label.effective_date") in pairs:
        fact.update(_effective(pairs[t("label.effective_date")]))
    if t("label.next_review") in pairs:
        fact["next_review"] = _dash(pairs[t("label.next_review")])
    signoff = _tables(html, "qms-signoff")
    if signoff:
        fact["approved"] = _text(signoff[0][-1][-1])
    return match.group(1), {k: v for k, v in fact.items() if v != ""}


def _register_row(head: list[str], row: list[str]) -> dict[str, str]:
    from qmsdoc.core.i18n import t

    cell = dict(zip(head, row, strict=False))
    return {"version": cell[t("label.version")], "status": cell[t("label.status")],
            **_effective(cell.get(t("label.effective_date"), "")),
            "approved": cell.get(t("signoff.approved"), ""),
            "next_review": _dash(cell.get(t("register.col.next_review"), ""))}


def from_register_csv(build: Path) -> Facts:
    rows = list(csv.reader((build / "register.csv").read_text("utf-8-sig").splitlines()))
    return {row[0]: _register_row(rows[0], row) for row in rows[1:]}


def from_register_xlsx(build: Path) -> Facts:
    import openpyxl

    book = openpyxl.load_workbook(build / "register.xlsx", read_only=True)
    rows = [["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else str(v) for v in row]
            for row in book.worksheets[0].iter_rows(values_only=True)]
    return {row[0]: _register_row(rows[0], row) for row in rows[1:] if row[0]}


def from_register_page(site: Path) -> Facts:
    from qmsdoc.core.i18n import t

    rows = _tables((site / "register" / "index.html").read_text("utf-8"), "qms-register")[0]
    head = [_text(c) for c in rows[0]]
    facts: Facts = {}
    for row in rows[1:]:
        cell = dict(zip(head, [_text(c) for c in row], strict=False))
        facts[cell[t("label.id")]] = {"version": cell[t("label.version")], "status": cell[t("label.status")],
                                       **_effective(cell[t("label.effective_date")]),
                                       "next_review": _dash(cell[t("label.next_review")])}
    return facts


def from_manifest(build: Path) -> Facts:
    facts: Facts = {}
    for entry in json.loads((build / "manifest.json").read_text("utf-8"))["files"]:
        if entry.get("id") is None or entry.get("in_force_until"):  # a register; the version in force until the
            continue  # successor's effective date, compared with its version's page (in_force_copies)
        fact = facts.setdefault(entry["id"], {})
        fact["version"] = entry["version"]
        if "in_force_from" in entry:  # the current version came onto the line after its effective date
            fact["effective"] = entry["in_force_from"]
    return facts


def _copies(build: Path, fmt: str, in_force: bool) -> list[Path]:
    """The build's copies of one format: of each item's latest version, or (`in_force`) those of the version in force
    while an approved successor waits for its effective date (documents/in-force/)."""
    from qmsdoc.core.paths import IN_FORCE_FOLDER

    return [path for path in sorted((build / fmt).rglob(f"*.{fmt}"))
            if (path.parent.name == IN_FORCE_FOLDER) is in_force]


def from_docx(build: Path, in_force: bool = False) -> Facts:
    """Each Word copy: its header (version, effective date) and its approval block (who approved, on which day)."""
    import docx

    from qmsdoc.core.i18n import t

    facts: Facts = {}
    for path in _copies(build, "docx", in_force):
        copy = docx.Document(str(path))
        header = copy.sections[0].header
        cells = [[c.text for c in row.cells] for table in header.tables for row in table.rows]
        pairs = {row[i]: row[i + 1] for row in cells for i in range(0, len(row) - 1, 2)}
        text = " ".join(p.text for p in header.paragraphs)
        ident = pairs.get(t("label.id")) or _after(text, t("label.form_id"))
        if not ident:
            continue
        fact = {"version": pairs.get(t("copy.header.version")) or _after(text, t("label.version")),
                **_effective(pairs.get(t("label.effective_date"), ""))}
        for table in copy.tables:
            rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
            if t("copy.approval.signature") in rows and t("label.date") in rows and "approved" not in fact:
                fact["approved"] = f"{rows[t('copy.approval.signature')][-1]} {rows[t('label.date')][-1]}"
        facts[ident] = {k: v for k, v in fact.items() if v}
    return facts


def _after(text: str, label: str) -> str:
    match = re.search(re.escape(label) + r"[：:]\s*(\S+?)(?:\u3000|\s|$)", text)
    return match.group(1) if match else ""


def from_pdf(build: Path, in_force: bool = False) -> Facts:
    from qmsdoc.core.i18n import t

    facts: Facts = {}
    for path in _copies(build, "pdf", in_force):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        head = text.split("\f")[0]
        ident = (re.search(re.escape(t("label.id")) + r"\s+(\S+)", head) or
                 re.search(re.escape(t("label.form_id")) + r"[：:]\s*(\S+)", head))
        if not ident:
            continue
        version = (re.search(re.escape(t("copy.header.version")) + r"\s+(\S+)", head)
                   or re.search(re.escape(t("label.version")) + r"[：:]\s*(\S+)", head))
        fact = {"version": version.group(1) if version else ""}
        # the header's effective-date cell in reading order (-raw: a note wrapped in its narrow cell stays in one
        # piece), up to the header's next label
        raw = subprocess.run(["pdftotext", "-raw", "-l", "1", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        effective = re.search(re.escape(t("label.effective_date")) + rf"\s+({_DATE}.*?)\s*(?:"
                              + re.escape(t("label.department")) + "|$)", raw, re.S)
        if effective:
            fact.update(_effective(effective.group(1)))
        signed = re.findall(r"^\s*" + re.escape(t("copy.approval.signature")) + r"\s.*?(\S+)\s*$", text, re.M)
        dated = re.findall(r"^\s*" + re.escape(t("label.date")) + r"\s.*?(\d{4}-\d{2}-\d{2})\s*$", text, re.M)
        if signed and dated:
            fact["approved"] = f"{signed[-1]} {dated[-1]}"
        facts[ident.group(1)] = fact
    return facts


def from_history_pages(site: Path) -> Facts:
    """Each version-history page: which version it marks as the one in force, and each version's note of the day it
    came into force when that is not its own date (merged from a branch, restored, approved ahead of its day)."""
    from qmsdoc.core.i18n import t

    facts: Facts = {}
    back = _pattern(t("history.back", id="\0", version="\1"))
    withdrawn = _pattern(t("history.back_withdrawn", id="\0", version="\1"))
    pending = _pattern(t("history.back_pending", id="\0", version="\1"))
    for page in (site / "history").glob("*/index.html"):
        html = page.read_text("utf-8")
        link = re.search(back + "<", html) or re.search(withdrawn + "<", html) or re.search(pending + "<", html)
        rows = _tables(html, "qms-history")
        if not link or not rows:
            continue
        fact = {"version": link.group(2)}
        for row in rows[0][1:]:
            cells = [_text(c) for c in row]
            if t("history.current") in cells[4:]:
                fact["history_current"] = cells[0]
            fact[f"in_force_note {cells[0]}"] = " ".join(re.findall(r"\d{4}-\d{2}-\d{2}", cells[1])[1:])
        facts[link.group(1)] = fact
    return facts


def _pattern(text: str) -> str:
    """A catalogue sentence as a pattern, its two placeholders (written as NUL and SOH) each one word."""
    return "".join(r"([^\s<]+)" if part in ("\0", "\1") else re.escape(part) for part in re.split("([\0\1])", text))


def from_obsolete_page(site: Path) -> Facts:
    from qmsdoc.core.htmltree import Node
    from qmsdoc.core.i18n import t

    rows = _tables((site / "obsolete" / "index.html").read_text("utf-8"), "qms-list")
    facts: Facts = {}
    for row in rows[0][1:] if rows else []:
        cells = [_text(c) for c in row]
        successor = [_text(n) for n in _walk(row[4]) if isinstance(n, Node) and "qms-ref-id" in n.classes]
        record = re.match(r"([^\s（(]+)\s*[（(]", cells[3])  # the withdrawal record's version: the register's
        facts[cells[0]] = {"version": record.group(1) if record else cells[2], "status": t("status.obsolete"),
                           "replaced_by": successor[0] if successor else cells[4]}
    return facts


def from_as_of(project: Project, day: str, out: Path) -> Facts:
    """`qmsdoc register --as-of DAY`: the version in force that day, from when, and its approval."""
    code, stdout, stderr = qmsdoc(project, "register", "--as-of", day, "--format", "csv", "--out", str(out))
    assert code == 0, stdout + stderr
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    return {row[0]: {"version": row[3], "effective": row[4], "approved": row[5]} for row in rows[1:]}


def disagreements(outputs: dict[str, Facts]) -> list[str]:
    """Each fact of each item that two outputs answer differently, naming the outputs and what each said."""
    found = []
    items = sorted({item for facts in outputs.values() for item in facts})
    for item in items:
        names = sorted({name for facts in outputs.values() for name in facts.get(item, {})})
        for name in names:
            said = {output: facts[item][name] for output, facts in outputs.items()
                    if item in facts and name in facts[item]}
            if len(set(said.values())) > 1:
                found.append(f"{item} {name}: " + "; ".join(f"{o}={v!r}" for o, v in sorted(said.items())))
    return found


def built_outputs(build: Path) -> dict[str, Facts]:
    site = build / "site"
    return {"page": from_pages(site), "register.csv": from_register_csv(build),
            "register.xlsx": from_register_xlsx(build), "register page": from_register_page(site),
            "manifest": from_manifest(build), "word": from_docx(build), "pdf": from_pdf(build),
            "history page": from_history_pages(site), "obsolete page": from_obsolete_page(site)}


def build(project: Project) -> Path:
    code, stdout, stderr = qmsdoc(project, "build")
    assert code == 0, stdout + stderr
    return project.root / "build"


TODAY = "2025-06-15"


def _new_document(project: Project, code: str, title: str, day: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", day)
        assert qmsdoc(project, "new", "--manual", "QM", "--title", title, "--department", "质量部", "--by", "质量经理",
                      "--id", code)[0] == 0
        path = f"manuals/qm/{code}.md"
        project.write(path, project.read(path).replace("（待编写）", f"{title}的正文。"))
        release(project, code, day, "--reviewed-by", "经理")


def _five_years(text: str) -> str:
    """A form draft's retention made 5 years."""
    return text.replace("retention: 3 年", "retention: 5 年")


def _revised(project: Project, code: str, day: str, draft_name: str, edit: Callable[[str], str]) -> None:
    """`code` revised on `day` (its draft `draft_name` edited by `edit`), released that day and committed."""
    assert qmsdoc(project, "revise", code, "--by", "质量经理", "--date", day)[0] == 0
    draft = next(project.path("revisions").rglob(draft_name))
    draft.write_text(edit(draft.read_text("utf-8")), "utf-8")
    release(project, code, day)
    commit(project.root, f"{code} A/1", f"{day}T10:00:00+08:00")


def _landed(project: Project, shape: str) -> None:
    """The last commit, made on the branch `feature`, merged on 04-20 after other work on the line on 04-05
    (`shape` "merged"); or, made on the line, reverted on 04-05 ("reverted")."""
    if shape == "merged":
        git(project.root, "checkout", "-q", "-")
        project.write("manuals/index.md", project.read("manuals/index.md") + "\n另一处修改。\n")
        commit(project.root, "other work", "2025-04-05T10:00:00+08:00")
        git(project.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-04-20T10:00:00+08:00")
    else:
        git(project.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")


def shapes(root: Path) -> Project:
    """QM-01 released A/0 (01-10), A/1 (03-01), A/2 committed on a branch on 04-01 and merged on 04-20, A/3
    approved on 06-01 to take effect on 07-01; its form QM-01-F01 revised once (03-10); QM-02 (03-02) withdrawn on
    05-10 and replaced by QM-03 (03-05). Today is 06-15: A/3 is approved, A/2 still in force."""
    from conftest import restamped

    project = start(root)
    _new_document(project, "QM-02", "旧规程", "2025-03-02")
    commit(root, "QM-02 A/0", "2025-03-02T10:00:00+08:00")
    _new_document(project, "QM-03", "新规程", "2025-03-05")
    commit(root, "QM-03 A/0", "2025-03-05T10:00:00+08:00")
    _revised(project, "QM-01-F01", "2025-03-10", "QM-01-F01.yaml", _five_years)
    git(root, "checkout", "-qb", "feature")
    bump(project, "2025-04-01", "分支上的正文。")
    commit(root, "A/2 on a branch", "2025-04-01T10:00:00+08:00")
    _landed(project, "merged")
    assert qmsdoc(project, "obsolete", "QM-02", "--superseded-by", "QM-03", "--by", "总经理", "--reason", "合并",
                  "--date", "2025-05-10")[0] == 0
    commit(root, "withdraw QM-02", "2025-05-10T10:00:00+08:00")
    bump(project, "2025-06-01", "待生效的正文。")
    doc = "manuals/qm/QM-01.md"
    project.write(doc, restamped(doc, project.read(doc).replace("effective_date: 2025-06-01",
                                                                "effective_date: 2025-07-01")))
    commit(root, "A/3 approved ahead", "2025-06-01T10:00:00+08:00")
    return project


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def shaped_build(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, Facts], str]:
    """The shaped repository built today, in each language (an English project: `language: en`, committed)."""
    from qmsdoc.core import i18n

    language = str(request.param)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = shapes(tmp_path_factory.mktemp("shapes") / "qms")
        if language != i18n.DEFAULT:
            config = project.read("qmsdoc.yml")
            project.write("qmsdoc.yml", re.sub(r"(?m)^language:.*$", f"language: {language}", config))
            commit(project.root, "language", "2025-06-02T10:00:00+08:00")
        folder = build(project)
        i18n.set_language(language)
        outputs = built_outputs(folder)
    # each output was read (a label not found in one language would leave it silent, never disagreeing)
    assert all("version" in outputs[name].get("QM-01", {}) for name in outputs if name != "obsolete page"), outputs
    assert all("effective" in outputs[name]["QM-01"] for name in ("page", "register.csv", "word", "pdf")), outputs
    assert all("approved" in outputs[name]["QM-01"] for name in ("page", "register.csv", "word", "pdf")), outputs
    return project, outputs, language


@pytest.fixture
def shaped(shaped_build: tuple[Project, dict[str, Facts], str]) -> tuple[Project, dict[str, Facts]]:
    """The shaped repository and its outputs, the test run in the project's language."""
    from qmsdoc.core import i18n

    project, outputs, language = shaped_build
    i18n.set_language(language)
    return project, outputs


def from_version_pages(site: Path) -> Facts:
    """Each earlier version's page (history/ID/V/), keyed `ID V`: its control block as that version stood."""
    facts: Facts = {}
    for page in (site / "history").glob("*/*/index.html"):
        if (found := _page_facts(page.read_text("utf-8"))) is not None:
            ident, fact = found
            facts[f"{ident} {fact['version']}"] = {k: v for k, v in fact.items()
                                                   if k in ("effective", "effective_approved", "approved")}
    return facts


def _version_cells(project: Project, copies: Path) -> dict[str, dict[str, str]]:
    """Each earlier version's effective-date cell as written, keyed `ID V`: its page's (history/ID/V/) and its
    `qmsdoc copy --version` Word copy's header (`from_version_copies` wrote them under `copies`)."""
    import docx

    from qmsdoc.core.i18n import t

    label = t("label.effective_date")
    cells: dict[str, dict[str, str]] = {}
    for page in (project.root / "build" / "site" / "history").glob("*/*/index.html"):
        html = page.read_text("utf-8")
        if (found := _page_facts(html)) is not None:
            pairs = _labelled(_tables(html, "qms-control")[0])
            cells.setdefault(f"{found[0]} {found[1]['version']}", {})["version page"] = pairs.get(label, "")
    for path in copies.glob("*/docx/c.docx"):
        header = docx.Document(str(path)).sections[0].header
        pairs = {row.cells[i].text: row.cells[i + 1].text for table in header.tables for row in table.rows
                 for i in range(0, len(row.cells) - 1, 2)}
        ident = pairs.get(t("label.id"), "")
        cells.setdefault(f"{ident} {pairs.get(t('copy.header.version'), '')}", {})["copy --version"] = \
            pairs.get(label, "")
    return cells


def from_version_copies(project: Project, versions: dict[str, list[str]], out: Path) -> Facts:
    """`qmsdoc copy ID --version V` of each version, keyed `ID V`: its header and approval block."""
    facts: Facts = {}
    for ident, labels in versions.items():
        for version in labels:
            folder = out / f"{ident}-{version}".replace("/", "_") / "docx"
            folder.mkdir(parents=True)
            code, stdout, stderr = qmsdoc(project, "copy", ident, "--version", version, "--out", str(folder / "c.docx"))
            assert code == 0, stdout + stderr
            for found, fact in from_docx(folder.parent).items():
                assert fact["version"] == version, (found, fact)
                facts[f"{found} {version}"] = {k: v for k, v in fact.items() if k != "version"}
    return facts


def in_force_copies(build: Path) -> dict[str, Facts]:
    """The build's Word and PDF copies of the version in force while its successor waits, keyed `ID V`."""
    return {name: {f"{ident} {fact['version']}": {k: v for k, v in fact.items() if k != "version"}
                   for ident, fact in facts(build, in_force=True).items()}
            for name, facts in (("in-force word", from_docx), ("in-force pdf", from_pdf))}


def _as_of_keyed(project: Project, day: str, out: Path) -> Facts:
    """`register --as-of DAY` keyed `ID V` by the version it answers for the day."""
    return {f"{ident} {fact['version']}": {k: v for k, v in fact.items() if k != "version"}
            for ident, fact in from_as_of(project, day, out).items()}


def in_force(outputs: dict[str, Facts], as_of: Facts) -> Facts:
    """`as_of`'s answers for the items the register lists as in force (现行有效): a draft's or a withdrawn
    document's row in the register names its own version, which the register of a day rightly does not."""
    from qmsdoc.core.i18n import t

    current = {ident for ident, fact in outputs["register.csv"].items() if fact["status"] == t("status.effective")}
    assert current <= set(as_of), sorted(current - set(as_of))
    return {ident: fact for ident, fact in as_of.items() if ident in current}


def _previous(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def test_every_output_of_the_shipped_project_says_the_same(tmp_path: Path) -> None:
    """The shipped manuals built from a full clone (their real git history): each document's page, the register in
    its three forms, the manifest, the Word and PDF copies, the history and obsolete pages, and `register --as-of`
    today agree on every fact they each state."""
    root = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(root)], check=True, capture_output=True)
    project = Project(root)
    outputs = built_outputs(build(project))
    outputs["register --as-of today"] = in_force(outputs, from_as_of(project, dt.date.today().isoformat(),
                                                                     tmp_path / "today.csv"))
    assert all(outputs.values()), {name: len(facts) for name, facts in outputs.items()}
    assert disagreements(outputs) == []


def test_every_output_of_a_repository_of_every_shape_says_the_same(shaped: tuple[Project, dict[str, Facts]],
                                                                   tmp_path: Path) -> None:
    """Several versions, one approved ahead of its day, a withdrawn document and its successor, a revised form, a
    release merged from a branch: today's outputs agree, and the register of today answers with what they say is
    in force (A/2 of QM-01 until A/3 takes effect)."""
    project, outputs = shaped
    assert disagreements(outputs) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        today = from_as_of(project, TODAY, tmp_path / "today.csv")
    assert {ident: today[ident] for ident in ("QM-03", "QM-01-F01")} == {
        ident: {k: outputs["register.csv"][ident][k] for k in ("version", "effective", "approved")}
        for ident in ("QM-03", "QM-01-F01")}
    pending = outputs["page"]["QM-01"]
    assert pending["effective"] > TODAY and today["QM-01"]["version"] != pending["version"]
    assert outputs["obsolete page"]["QM-02"]["replaced_by"] == "QM-03" and "QM-03" in outputs["page"]


def test_each_earlier_version_says_when_it_was_in_force_as_the_register_of_those_days_does(
        shaped: tuple[Project, dict[str, Facts]], tmp_path: Path) -> None:
    """Each earlier version's page and `qmsdoc copy --version` state its effective date and approval; the register of
    that day answers with that version, effective that day, approved by the same person on the same day, and the
    register of the day before does not. A/2 of QM-01, merged from its branch on 04-20, was in force from 04-20
    (its history page says so): its copy and its page said 04-01, its front matter's date while it sat on the branch;
    they give that date with the note of the day it came onto the line, as its current page did."""
    project, outputs = shaped
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        pages = from_version_pages(project.root / "build" / "site")
        copies = from_version_copies(project, {"QM-01": ["A/0", "A/1", "A/2"], "QM-02": ["A/0"],
                                               "QM-01-F01": ["A/0"]}, tmp_path / "copies")
        held = in_force_copies(project.root / "build")
        assert set(held["in-force word"]) == set(held["in-force pdf"]) == {"QM-01 A/2"}, held  # A/3 waits
        assert disagreements({"version page": pages, "copy --version": copies, **held}) == []
        assert set(pages) >= {"QM-01 A/0", "QM-01 A/1", "QM-01 A/2", "QM-02 A/0"}
        for key, fact in pages.items():
            on = _as_of_keyed(project, fact["effective"], tmp_path / f"on-{len(list(tmp_path.iterdir()))}.csv")
            assert disagreements({"version page": {key: fact}, "register --as-of": {key: on.get(key, {})}}) == []
            assert key in on, (key, fact["effective"], sorted(on))
            before = _as_of_keyed(project, _previous(fact["effective"]),
                                  tmp_path / f"before-{len(list(tmp_path.iterdir()))}.csv")
            assert key not in before, (key, fact["effective"])
    assert outputs["history page"]["QM-01"]["in_force_note A/2"] == pages["QM-01 A/2"]["effective"]
    # A/2's page and copies keep its approved date and say beside it, in the words of the current version's outputs,
    # from which day it was in force on the line (register --as-of's day, above); they said 04-20 alone
    merged = {"effective": "2025-04-20", "effective_approved": "2025-04-01"}
    assert {name: {k: facts["QM-01 A/2"].get(k) for k in merged} for name, facts in
            {"version page": pages, "copy --version": copies, **held}.items()} == dict.fromkeys(
        ("version page", "copy --version", *held), merged)
    from qmsdoc.core.i18n import t

    note = t("label.effective_landed", note=t("history.merged_in_force", date="2025-04-20"))
    cells = _version_cells(project, tmp_path / "copies")
    assert {where: re.sub(r"\s+", "", cell) for where, cell in cells["QM-01 A/2"].items()} == dict.fromkeys(
        ("version page", "copy --version"), re.sub(r"\s+", "", "2025-04-01" + note))
    # quiet: the versions released and committed on the line give their effective date alone
    assert {key: cells[key] for key in ("QM-01 A/0", "QM-01 A/1", "QM-02 A/0")} == {
        key: dict.fromkeys(("version page", "copy --version"), pages[key]["effective_approved"])
        for key in ("QM-01 A/0", "QM-01 A/1", "QM-02 A/0")}


def test_a_withdrawal_and_a_form_revision_take_effect_on_the_day_every_output_gives(
        shaped: tuple[Project, dict[str, Facts]], tmp_path: Path) -> None:
    """QM-02 withdrawn on the day the registers give (已作废 2025-05-10, the same words in all three): in force the
    day before, not that day. The form's revision in force from the effective date its register row gives."""
    project, outputs = shaped
    withdrawn = outputs["register.csv"]["QM-02"]["next_review"]
    assert outputs["register page"]["QM-02"]["next_review"] == withdrawn
    day = _day(withdrawn)
    form = outputs["register.csv"]["QM-01-F01"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        assert from_as_of(project, _previous(day), tmp_path / "a.csv")["QM-02"]["version"] == "A/0"
        assert from_as_of(project, day, tmp_path / "b.csv")["QM-02"]["version"] != "A/0"
        assert from_as_of(project, form["effective"], tmp_path / "c.csv")["QM-01-F01"] == {
            k: form[k] for k in ("version", "effective", "approved")}
        assert from_as_of(project, _previous(form["effective"]), tmp_path / "d.csv")["QM-01-F01"]["version"] != \
            form["version"]


def _said(key: str, text: str) -> dict[str, str] | None:
    """The values a catalogue sentence's placeholders took in `text`, if `text` holds that sentence."""
    import string

    from qmsdoc.core.i18n import current

    template = current().messages[key]
    # a space the catalogue sets beside a placeholder may be dropped by i18n.spaced (beside full-width punctuation)
    pattern = "".join(re.escape(literal).replace("\\ ", "\\ ?") + (f"(?P<{field}>.+?)" if field else "")
                      for literal, field, _, _ in string.Formatter().parse(template))
    found = re.search(pattern + "$", text.strip(), re.M)
    return found.groupdict() if found else None


def test_verify_of_each_copy_says_what_the_register_and_pages_say(shaped: tuple[Project, dict[str, Facts]],
                                                                  tmp_path: Path) -> None:
    """`qmsdoc verify` of the built copies: A/3 of QM-01 not in force until the day its page gives, the version in
    force before it the one the register of today names; QM-02 withdrawn, replaced by what the obsolete page names;
    QM-03 the copy in force."""
    project, outputs = shaped
    copies = project.root / "build" / "docx" / "documents"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        today = from_as_of(project, TODAY, tmp_path / "today.csv")
        pending = _said("verify.pending_version", qmsdoc(project, "verify", str(copies / "QM-01.docx"))[1])
        withdrawn = _said("verify.obsolete", qmsdoc(project, "verify", str(copies / "QM-02.docx"))[1])
        current = _said("verify.current", qmsdoc(project, "verify", str(copies / "QM-03.docx"))[1])
    assert pending is not None and withdrawn is not None and current is not None
    assert (pending["version"], pending["date"]) == (outputs["page"]["QM-01"]["version"],
                                                     outputs["page"]["QM-01"]["effective"])
    assert pending["before"] == today["QM-01"]["version"]
    assert withdrawn["successor"] == outputs["obsolete page"]["QM-02"]["replaced_by"]
    assert "QM-03" in current["what"] and outputs["page"]["QM-03"]["version"] in current["what"]


LANDED_OUTPUTS = ("page", "register.csv", "register.xlsx", "register page", "manifest", "word", "pdf")
"""The outputs that state the current version's effective date (the manifest only the later day it came into force)."""


def _in_language(project: Project, language: str) -> None:
    """The project switched to `language` (qmsdoc.yml, committed on the line after A/1)."""
    from qmsdoc.core import i18n

    if language != i18n.DEFAULT:
        config = project.read("qmsdoc.yml")
        project.write("qmsdoc.yml", re.sub(r"(?m)^language:.*$", f"language: {language}", config))
        commit(project.root, "language", "2025-03-01T12:00:00+08:00")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("shape", ["reverted", "merged"])
def test_the_current_version_of_a_reverted_or_merged_release_is_dated_alike_everywhere(shape: str, language: str,
                                                                                       tmp_path: Path) -> None:
    """A/1 back in force after A/2 was reverted on 04-05, or A/2 merged on 04-20 from a branch where it was dated
    04-01: the register of today and the history page say from 04-05 (04-20); the page, the registers, the register
    page and the copies of the current version keep the approved effective date, 03-01 (04-01), and say beside it
    from when it is in force on the line in the history page's words; the manifest records that day."""
    from qmsdoc.core import i18n

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path / "qms")
        _in_language(project, language)
        if shape == "merged":
            git(project.root, "checkout", "-qb", "feature")
        bump(project, "2025-04-01", "第二版正文。")
        commit(project.root, "A/2", "2025-04-01T10:00:00+08:00")
        _landed(project, shape)
        folder = build(project)
        i18n.set_language(language)
        outputs = built_outputs(folder)
        outputs["register --as-of today"] = from_as_of(project, TODAY, tmp_path / "today.csv")
    assert disagreements(outputs) == []
    approved, landed = ("2025-04-01", "2025-04-20") if shape == "merged" else ("2025-03-01", "2025-04-05")
    assert {name: outputs[name]["QM-01"].get("effective") for name in LANDED_OUTPUTS} == dict.fromkeys(
        LANDED_OUTPUTS, landed)
    assert {name: outputs[name]["QM-01"].get("effective_approved") for name in LANDED_OUTPUTS if name != "manifest"} \
        == {name: approved for name in LANDED_OUTPUTS if name != "manifest"}
    assert outputs["register --as-of today"]["QM-01"]["effective"] == landed


def test_a_release_committed_on_the_line_is_dated_by_its_effective_date_alone(tmp_path: Path) -> None:
    """A/2 released and committed on the line (no branch, no revert): in force from its effective date, which every
    output gives with no note of a later day (the manifest records none) — as `register --as-of` answers."""
    from qmsdoc.core.i18n import t

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path / "qms")
        bump(project, "2025-04-01", "第二版正文。")
        commit(project.root, "A/2", "2025-04-01T10:00:00+08:00")
        folder = build(project)
        outputs = built_outputs(folder)
        outputs["register --as-of today"] = from_as_of(project, TODAY, tmp_path / "today.csv")
    assert disagreements(outputs) == []
    assert {name: outputs[name]["QM-01"].get("effective") for name in LANDED_OUTPUTS if name != "manifest"} == {
        name: "2025-04-01" for name in LANDED_OUTPUTS if name != "manifest"}
    assert "effective" not in outputs["manifest"]["QM-01"]
    assert "in_force_from" not in (folder / "manifest.json").read_text("utf-8")
    rows = list(csv.reader((folder / "register.csv").read_text("utf-8-sig").splitlines()))
    assert [row[rows[0].index(t("label.effective_date"))] for row in rows if row[0] == "QM-01"] == ["2025-04-01"]


def _merged_or_reverted(shape: str, tmp_path: Path, code: str, draft_name: str,
                        edit: Callable[[str], str]) -> tuple[Project, dict[str, Facts]]:
    """`code` revised (its draft `draft_name` edited by `edit`) and approved on 2025-04-01, on a branch merged on
    04-20 (`shape` "merged") or on the line and reverted on 04-05 ("reverted"); then built today: the project and
    what every output and `register --as-of` today say."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path / "qms")
        if shape == "merged":
            git(project.root, "checkout", "-qb", "feature")
        _revised(project, code, "2025-04-01", draft_name, edit)
        _landed(project, shape)
        outputs = built_outputs(build(project))
        outputs["register --as-of today"] = from_as_of(project, TODAY, tmp_path / "today.csv")
    return project, outputs


@pytest.mark.parametrize("shape", ["reverted", "merged"])
def test_a_form_revision_merged_or_reverted_is_dated_alike_in_the_registers(shape: str, tmp_path: Path) -> None:
    """QM-01-F01 revised (approved 04-01) on a branch merged on 04-20, or revised on the line and reverted on
    04-05 (A/0, approved 01-02, in force again): register.csv and .xlsx, the register page and the manifest say
    from when it is in force on the line beside its approval date, as `register --as-of` answers."""
    _, outputs = _merged_or_reverted(shape, tmp_path, "QM-01-F01", "QM-01-F01.yaml",
                                     _five_years)
    assert disagreements(outputs) == []
    approved, landed = ("2025-04-01", "2025-04-20") if shape == "merged" else ("2025-01-02", "2025-04-05")
    registers = ("register.csv", "register.xlsx", "register page")
    assert {name: outputs[name]["QM-01-F01"].get("effective") for name in (*registers, "manifest")} == dict.fromkeys(
        (*registers, "manifest"), landed)
    assert {name: outputs[name]["QM-01-F01"].get("effective_approved") for name in registers} == dict.fromkeys(
        registers, approved)


@pytest.mark.parametrize("shape", ["reverted", "merged"])
def test_a_manual_page_merged_or_reverted_is_dated_alike_everywhere(shape: str, tmp_path: Path) -> None:
    """The manual's index page QM revised (A/1, effective 04-01) on a branch merged on 04-20, or revised on the
    line and reverted on 04-05 (A/0, effective 01-02, in force again): its register rows, its page and its whole
    copies say from when it is in force on the line beside its effective date, as `register --as-of` answers."""
    project, outputs = _merged_or_reverted(shape, tmp_path, "QM", "index.md", lambda text: text + "\n第二版首页。\n")
    assert disagreements(outputs) == []
    approved, landed = ("2025-04-01", "2025-04-20") if shape == "merged" else ("2025-01-02", "2025-04-05")
    said = {name: outputs[name]["QM"] for name in ("register.csv", "register.xlsx", "register page")}
    said.update(_manual_outputs(project.root / "build"))
    assert {name: fact["effective"] for name, fact in said.items()} == dict.fromkeys(said, landed)
    assert {name: fact["effective_approved"] for name, fact in said.items()} == dict.fromkeys(said, approved)
    assert outputs["manifest"]["QM"]["effective"] == landed
    # a whole copy of a day its page was A/0 as committed on the line: A/0's date alone, not today's page's note;
    # of today: the note of the page in force today
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        for day in ("2025-03-15", TODAY):
            code, stdout, stderr = qmsdoc(project, "copy", "QM", "--as-of", day, "--out", str(tmp_path / f"{day}.docx"))
            assert code == 0, stdout + stderr
    assert _cover_cell(tmp_path / "2025-03-15.docx") == "2025-01-02"
    assert _effective(_cover_cell(tmp_path / f"{TODAY}.docx")) == {"effective": landed, "effective_approved": approved}


def _cover_cell(path: Path) -> str:
    """A whole-manual Word copy's 实施日期 on its cover, as written."""
    import docx

    from qmsdoc.core.i18n import t

    cells = [c.text for table in docx.Document(str(path)).tables for row in table.rows for c in row.cells]
    return next(cells[i + 1] for i, cell in enumerate(cells[:-1]) if cell == t("label.in_force_date"))


def _manual_outputs(build: Path) -> Facts:
    """What the manual QM's own page (its 实施日期 cell) and its whole Word and PDF copies (their cover's) say of its
    effective date: the text after the label, read as `_effective` reads a cell."""

    from qmsdoc.core.i18n import t

    label = t("label.in_force_date")
    pairs = _labelled(_tables((build / "site" / "qm" / "index.html").read_text("utf-8"), "qms-control")[0])
    word = _cover_cell(build / "docx" / "manuals" / "QM.docx")
    pdf = subprocess.run(["pdftotext", "-raw", "-l", "1", str(build / "pdf" / "manuals" / "QM.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    cover = re.search(re.escape(label) + rf"\s+({_DATE}.*?)\s*" + re.escape(t("copy.cover.status")), pdf, re.S)
    assert cover is not None, pdf
    return {"manual page": _effective(pairs[label]), "manual word": _effective(word),
            "manual pdf": _effective(cover.group(1))}


def test_a_document_first_released_on_a_branch_is_not_in_force_before_the_merge_as_of_a_day(tmp_path: Path) -> None:
    """QM-09 written and released (A/0, effective 04-01) on a branch merged on 04-20: `register --as-of 04-10`
    leaves it out as not yet in force, from 04-20 — the day the register of 04-20 gives it — not "in force since
    04-01 before the git history", nor "from 04-01" (its page's approved date, which now keeps its note). A
    document released on the line (QM-08, 04-01) is in force on 04-10 from its own date."""
    from qmsdoc.core.i18n import t

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path / "qms")
        _new_document(project, "QM-08", "线上规程", "2025-04-01")
        commit(project.root, "QM-08 A/0", "2025-04-01T09:00:00+08:00")
        git(project.root, "checkout", "-qb", "feature")
        _new_document(project, "QM-09", "分支规程", "2025-04-01")
        commit(project.root, "QM-09 A/0 on a branch", "2025-04-01T10:00:00+08:00")
        _landed(project, "merged")
        out = tmp_path / "on.csv"
        code, stdout, stderr = qmsdoc(project, "register", "--as-of", "2025-04-10", "--format", "csv",
                                      "--out", str(out))
        assert code == 0, stdout + stderr
        rows = {row[0]: row for row in csv.reader(out.read_text("utf-8-sig").splitlines())}
        merged = from_as_of(project, "2025-04-20", tmp_path / "merged.csv")
    assert rows["QM-08"][3:5] == ["A/0", "2025-04-01"]  # quiet: committed on the line, in force from its date
    assert merged["QM-09"]["effective"] == "2025-04-20"
    said = " ".join(rows["QM-09"])
    assert t("asof.not_yet") in said and t("asof.effective_from", version="A/0", date="2025-04-20") in said, said
    assert t("asof.before_git") not in said and "2025-04-01" not in said, said
