"""What an English quality team meets living through a document's life (init, release, issue, revise, copy of an
earlier version, registers): true answers, in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_english import CJK, _copy, _ours

from conftest import run_cli

COMMANDS = ("init", "check", "build", "serve", "docx", "pdf", "release", "obsolete", "baseline", "sign", "review",
            "revise", "new", "issue", "recall", "verify", "import", "redline", "copy", "register", "acknowledge",
            "acknowledgements")




def test_every_command_help_of_an_english_project_is_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    """`qmsdoc issue --help` offered `--reason {遗失,损坏,lost,damaged}` to an English team."""
    root = _copy(tmp_path)
    for command in COMMANDS:
        result = run_cli(command, "--help", cwd=root)
        shown = result.stdout + result.stderr + "".join(capsys.readouterr())
        assert result.returncode == 0, (command, shown)
        assert not CJK.search(_ours(shown, tmp_path)), (command, shown)
    assert "--reason {lost,damaged}" in run_cli("issue", "--help", cwd=root).stdout


def test_a_replacement_without_its_reason_names_the_english_reasons(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = run_cli("issue", "QM-04", "--to", "Operations", "--replaces", "QM-04-A/0-001", cwd=root)
    assert result.returncode == 2, result
    assert "--reason lost or damaged" in result.stderr, result.stderr
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path))
    wrong = run_cli("issue", "QM-04", "--to", "Operations", "--replaces", "QM-04-A/0-001", "--reason", "stolen",
                    cwd=root)
    assert wrong.returncode == 2 and "--reason lost or damaged" in wrong.stderr, wrong


def _form_revised(tmp_path: Path) -> Path:
    """The English example in git, its form QM-04-F01 (A/0, approved 2026-08-25) revised and released as A/1."""
    from conftest import commit

    root = _copy(tmp_path, committed=True)
    assert run_cli("revise", "QM-04-F01", "--by", "Quality Manager", "--date", "2026-11-01", cwd=root).returncode == 0
    draft = root / "revisions" / "controlled_forms" / "QM-04-F01.yaml"
    draft.write_text(draft.read_text("utf-8").replace("  - {label: Auditee}\n",
                                                      "  - {label: Auditee}\n  - {label: Audit scope}\n"), "utf-8")
    released = run_cli("release", "QM-04-F01", "--by", "Managing Director", "--change", "Audit scope added",
                       "--date", "2026-11-20", cwd=root)
    assert released.returncode == 0, released.stderr
    commit(root, "Release QM-04-F01 A/1")
    return root


def test_a_copy_of_an_earlier_form_version_is_marked_superseded_and_uncontrolled(tmp_path: Path) -> None:
    """`qmsdoc copy FORM --version` of a superseded form said it marked the copy as an earlier version and
    uncontrolled, but the copy read "Copy status: Controlled" with no notice and no watermark, and was dated
    by the owning document's approval, not the form's."""
    import subprocess
    import zipfile

    import docx

    root = _form_revised(tmp_path)
    for fmt in ("docx", "pdf"):
        result = run_cli("copy", "QM-04-F01", "--version", "A/0", "--out", str(tmp_path / f"old.{fmt}"), cwd=root)
        assert result.returncode == 0 and "uncontrolled" in result.stdout, result
    word = docx.Document(str(tmp_path / "old.docx"))
    footer = " ".join(p.text for p in word.sections[0].footer.paragraphs)
    assert "Uncontrolled" in footer, footer
    assert any("earlier version A/0, superseded by A/1" in p.text for p in word.paragraphs)
    with zipfile.ZipFile(tmp_path / "old.docx") as archive:
        assert "SUPERSEDED" in archive.read("word/header1.xml").decode("utf-8")
    assert word.core_properties.created is not None and word.core_properties.created.date().isoformat() == "2026-08-25"
    shown = subprocess.run(["pdftotext", "-layout", str(tmp_path / "old.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "Uncontrolled" in shown and "superseded by A/1" in shown, shown
    current = run_cli("copy", "QM-04-F01", "--version", "A/1", "--out", str(tmp_path / "now.docx"), cwd=root)
    assert current.returncode == 0, current
    footer = " ".join(p.text for p in docx.Document(str(tmp_path / "now.docx")).sections[0].footer.paragraphs)
    assert "Controlled" in footer and "Uncontrolled" not in footer, footer


def test_the_register_gives_a_form_its_approval_and_in_force_date(tmp_path: Path) -> None:
    """register.csv and the site's register left a blank form's approval and in-force date empty, while the
    register of a past day (`qmsdoc register --as-of`) gave them: the form's own approval record."""
    import csv

    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.core.model import Form
    from qmsdoc.records.register import register_rows
    from qmsdoc.site.pages import register_page

    root = _form_revised(tmp_path)
    result = check(load_config(root))
    rows = {row[0]: row for row in register_rows(result.corpus, root, tmp_path / "no-docx")}
    assert rows["QM-04-F01"][6] == "2026-11-20" and rows["QM-04-F01"][9] == "Managing Director 2026-11-20"
    forms = [target for target in result.corpus.sorted_targets() if isinstance(target, Form)]
    page = register_page(forms, result.context.config.today)
    assert "2026-11-20" in page
    past = run_cli("register", "--as-of", "2026-11-25", "--out", str(tmp_path / "past.csv"), cwd=root)
    assert past.returncode == 0, past
    with (tmp_path / "past.csv").open(encoding="utf-8-sig") as sheet:
        then = {row[0]: row for row in csv.reader(sheet)}
    assert then["QM-04-F01"][4:6] == [rows["QM-04-F01"][6], rows["QM-04-F01"][9]]


def test_an_earlier_version_page_names_no_later_version_of_what_it_cites(tmp_path: Path) -> None:
    """The page of QM-04 A/0 ("the full text as approved at version A/0") listed its form as QM-04-F01 A/1, a
    version released after A/0 was superseded; it names the form without a version, the current page with it."""
    from conftest import commit

    root = _copy(tmp_path, committed=True)
    assert run_cli("revise", "QM-04", "--by", "Quality Manager", "--date", "2026-11-01", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1), "utf-8")
    released = run_cli("release", "QM-04", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Sites named", "--date", "2026-11-05", cwd=root)
    assert released.returncode == 0, released.stderr
    commit(root, "Release QM-04 A/1")
    assert run_cli("revise", "QM-04-F01", "--by", "Quality Manager", "--date", "2026-11-10", cwd=root).returncode == 0
    form = root / "revisions" / "controlled_forms" / "QM-04-F01.yaml"
    form.write_text(form.read_text("utf-8").replace("  - {label: Auditor}\n", "  - {label: Lead auditor}\n"), "utf-8")
    assert run_cli("release", "QM-04-F01", "--by", "Managing Director", "--change", "Lead auditor",
                   "--date", "2026-11-20", cwd=root).returncode == 0
    commit(root, "Release QM-04-F01 A/1")
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "build" / "site"
    old = (site / "history/QM-04/A-0/index.html").read_text("utf-8")
    now = (site / "qm/QM-04/index.html").read_text("utf-8")
    cited = re.compile(r'data-ref="QM-04-F01".*?</a>', re.S)
    assert "A/1" not in cited.search(old).group(0), cited.search(old).group(0)  # type: ignore[union-attr]
    assert "A/1" in cited.search(now).group(0)  # type: ignore[union-attr]


def test_a_whole_manual_copy_is_superseded_once_one_of_its_documents_is_revised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A numbered copy of the whole manual (page version A/0) issued before QM-04 A/1 was released still holds
    QM-04 A/0: verify called it current, the recall list left it out, and check called its (true) issue date an
    error (QD210, "before QM version A/0 was released") that blocked every later issue."""
    root = _copy(tmp_path)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    issued = run_cli("issue", "QM", "--to", "Operations", cwd=root)
    assert issued.returncode == 0, issued
    copy = next((root / "issued").glob("QM-A_0-001.*"))
    assert run_cli("verify", str(copy), cwd=root).returncode == 0
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-03")
    assert run_cli("revise", "QM-04", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1), "utf-8")
    released = run_cli("release", "QM-04", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Sites named", cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    verdict = run_cli("verify", str(copy), cwd=root)
    assert verdict.returncode == 1 and "QM-04 A/0 → A/1" in verdict.stdout, verdict
    checked = run_cli("check", cwd=root)
    assert "QD210" not in checked.stdout and "QM-A/0-001" in checked.stdout, checked.stdout
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.core.distribution import load_register, recall_list

    result = check(load_config(root))
    config = result.context.config
    assert [r.entry.number for r in recall_list(load_register(config), result.corpus, config.today)] == ["QM-A/0-001"]
    early = run_cli("issue", "QM", "--to", "Operations", "--date", "2026-12-02", cwd=root)
    assert early.returncode == 1 and "before QM version A/0 was released" not in early.stderr, early
    assert "2026-12-03, when the last of the documents" in early.stderr, early
    again = run_cli("issue", "QM", "--to", "Operations", cwd=root)  # the current manual, issued again
    assert again.returncode == 0, again
    assert run_cli("verify", str(next((root / "issued").glob("QM-A_0-002.*"))), cwd=root).returncode == 0


def test_english_counts_read_right_for_one() -> None:
    """The forms page said "1 blank forms." and the register "1 controlled documents and forms."."""
    from qmsdoc.core import i18n

    with i18n.using("en"):
        assert "1 blank forms" not in i18n.t("page.forms.count", count=1)
        assert "1 controlled documents" not in i18n.t("page.register.count", count=1)


def test_a_withdrawn_documents_final_version_is_never_called_current(tmp_path: Path) -> None:
    """After QM-06 was withdrawn, its history page still offered "Back to the current version QM-06 A/1" and
    listed A/1 as "Current version", its earlier version's page linked "Read the current version A/1", and
    `qmsdoc copy --version A/1` said "(Current version)": a withdrawn document has no current version."""
    from conftest import commit

    root = _copy(tmp_path, committed=True)
    withdrawn = run_cli("obsolete", "QM-06", "--no-successor", "--reason", "No longer needed", "--date",
                        "2026-12-01", cwd=root)
    assert withdrawn.returncode == 0, withdrawn
    commit(root, "Withdraw QM-06")
    copied = run_cli("copy", "QM-06", "--version", "A/1", "--out", str(tmp_path / "final.docx"), cwd=root)
    assert copied.returncode == 0 and "Current version" not in copied.stdout, copied
    assert "withdrawn" in copied.stdout
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "build" / "site" / "history" / "QM-06"
    for page in (site / "index.html", site / "A-0" / "index.html"):
        html = page.read_text("utf-8")
        assert "current version" not in html.lower() and "final version" in html.lower(), page
    # the pages that list it among the documents citing them, or using their form, say it is withdrawn
    for page in ("qm/QM-05/index.html", "forms/QM-06-F01/index.html"):
        html = (root / "build" / "site" / page).read_text("utf-8")
        item = re.search(r'<li><a class="qms-ref"[^>]*href="[^"]*QM-06[^"]*".*?</li>', html)
        assert item is not None and "(obsolete)" in item.group(0), (page, item)
    current = run_cli("copy", "QM-05", "--version", "A/0", "--out", str(tmp_path / "now.docx"), cwd=root)
    assert current.returncode == 0 and "Current version" in current.stdout, current


def test_a_built_whole_manual_copy_is_out_of_date_once_one_of_its_documents_is_released(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build/docx/manuals/QM.docx holds QM-04 A/0; once QM-04 A/1 was released (and before the next build) verify
    still called it the "current controlled copy" (the copy of QM-04 alone was rightly called an old version)."""
    root = _copy(tmp_path)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    built = run_cli("build", "--only", "word,records", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    copy = root / "build" / "docx" / "manuals" / "QM.docx"
    assert run_cli("verify", str(copy), cwd=root).returncode == 0
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-03")
    assert run_cli("revise", "QM-04", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1), "utf-8")
    assert run_cli("release", "QM-04", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                   "--change", "Sites named", cwd=root).returncode == 0
    verdict = run_cli("verify", str(copy), cwd=root)
    assert verdict.returncode == 1 and "QM-04 A/0 → A/1" in verdict.stdout, verdict
    assert not CJK.search(_ours(verdict.stdout, tmp_path))
    assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
    assert run_cli("verify", str(copy), cwd=root).returncode == 0


def test_verify_says_a_redline_or_a_sign_in_sheet_is_no_copy_rather_than_a_changed_one(tmp_path: Path) -> None:
    """A redline was said to "claim to be QM-04 version A/0 → A/1" and not to match the build's file ("it was
    changed, or comes from another build"), a built sign-in sheet not to be "made by this system": both are."""

    root = _copy(tmp_path, committed=True)
    assert run_cli("revise", "QM-04", "--by", "Quality Manager", "--date", "2026-11-01", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1), "utf-8")
    redline = tmp_path / "redline.docx"
    assert run_cli("redline", "QM-04", "--out", str(redline), cwd=root).returncode == 0
    (root / "manuals" / "qm" / "QM-01.md").write_text(
        (root / "manuals" / "qm" / "QM-01.md").read_text("utf-8").replace(
            "department: ", "acknowledge: [Operations]\ndepartment: ", 1), "utf-8")
    assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
    sheet = root / "build" / "docx" / "signin" / "QM-01.docx"
    assert sheet.is_file()
    said = run_cli("verify", str(redline), cwd=root)
    assert said.returncode == 1 and "is a redline of QM-04" in said.stdout and "changed" not in said.stdout, said
    said = run_cli("verify", str(sheet), cwd=root)
    assert said.returncode == 1 and "Not a controlled copy" in said.stdout and "unknown" not in said.stdout, said


def test_the_acknowledgements_summary_counts_what_it_says() -> None:
    """"1 document(s) in force" counted only the documents departments must acknowledge, while more were in force."""
    from qmsdoc.core import i18n

    for code in ("en", "zh-CN"):
        with i18n.using(code):
            said = i18n.t("acks.page.summary", documents=1, tasks=2, tally="…")
            assert ("acknowledge" in said) if code == "en" else ("需学习确认" in said), said


@pytest.mark.parametrize("organisation", [True, False])
def test_init_asks_to_set_the_organisation_only_when_it_was_not_given(tmp_path: Path, organisation: bool) -> None:
    """`qmsdoc init --organisation "Acme Water Ltd"` still said "1. set organisation in qmsdoc.yml"."""
    given = ["--organisation", "Acme Water Ltd"] if organisation else []
    result = run_cli("init", "--language", "en", *given, "--path", str(tmp_path / "p"), cwd=tmp_path)
    assert result.returncode == 0, result
    assert ("set organisation" in result.stdout) is not organisation, result.stdout
    assert "write the manual's scope on its home page" in result.stdout


def test_an_earlier_versions_acknowledgements_name_who_had_to_read_it_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QM-04 A/0 asked nobody to acknowledge it; A/1 (its revision) named Operations. `qmsdoc acknowledgements
    QM-04 --version A/0` then reported "Operations: Not acknowledged" for A/0: today's list applied to the past."""
    from conftest import commit

    root = _copy(tmp_path, committed=True)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-03")
    assert run_cli("revise", "QM-04", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1)
                     .replace("department: ", "acknowledge: [Operations]\ndepartment: ", 1), "utf-8")
    released = run_cli("release", "QM-04", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Sites named", cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    commit(root, "Release QM-04 A/1")
    before = run_cli("acknowledgements", "QM-04", "--version", "A/0", cwd=root)
    assert before.returncode == 0 and "Operations" not in before.stdout, before.stdout
    assert "No department had to acknowledge this version" in before.stdout
    now = run_cli("acknowledgements", "QM-04", cwd=root)
    assert now.returncode == 0 and "Operations: Pending" in now.stdout, now.stdout


def test_a_manuals_effective_date_is_named_as_its_documents_are() -> None:
    """The manual's page said "In force from" above a contents table whose column says "Effective date", and the
    whole-manual copy's cover "In force from" under a page header saying "Effective date": one date, two names."""
    from qmsdoc.core import i18n

    with i18n.using("en"):
        assert i18n.t("label.in_force_date") == i18n.t("label.effective_date") == "Effective date"


def test_obsolete_offers_to_withdraw_only_what_it_withdraws(tmp_path: Path) -> None:
    """`qmsdoc obsolete --help` offered "the document, form or manual to withdraw"; a form is refused."""
    root = _copy(tmp_path)
    refused = run_cli("obsolete", "QM-04-F01", "--no-successor", "--reason", "Not used", cwd=root)
    assert refused.returncode == 1 and "owning document QM-04" in refused.stderr, refused.stderr
    shown = " ".join(run_cli("obsolete", "--help", cwd=root).stdout.split())
    assert "number of the document to withdraw" in shown
    assert "form or manual to withdraw" not in shown


@pytest.mark.parametrize(("words", "said"), [
    (("register", "--date", "2026-03-02"), "qmsdoc register does not take --date; qmsdoc register needs --as-of"),
    (("obsolete", "QM-04", "--reson", "x"), "does not take --reson (did you mean --reason?); --superseded-by or"),
])
def test_an_option_the_command_does_not_take_is_named_beside_the_one_missing(
        tmp_path: Path, words: tuple[str, ...], said: str) -> None:
    """`register --date 2026-03-02` said only "needs --as-of": the --date written was not said to be the wrong
    option (and the closest spelling argparse would offer, --path, is not what was meant)."""
    result = run_cli(*words, cwd=_copy(tmp_path))
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "--path" not in result.stderr.split("(run")[0]


def test_only_what_is_missing_is_named_when_every_option_is_taken(tmp_path: Path) -> None:
    result = run_cli("register", "--format", "csv", cwd=_copy(tmp_path))
    assert result.returncode == 2 and "needs --as-of" in result.stderr
    assert "does not take" not in result.stderr, result.stderr


@pytest.mark.parametrize(("withdrawn", "said"), [
    (("QM-03", "--no-successor"), "1 current document still cites QM-03, which has no successor: remove its citations "
                                  "and release it, then withdraw QM-03"),
    (("QM-03", "--superseded-by", "QM-07"), "1 current document still cites QM-03: make it cite QM-07 and release it"),
    (("QM-05", "--superseded-by", "QM-02"), "4 current documents still cite QM-05: make them cite QM-02 and release "
                                            "them, or add --update-references to rewrite the references (those "
                                            "documents must then"),
])
def test_a_refused_withdrawal_counts_the_documents_citing_it_in_good_english(
        tmp_path: Path, withdrawn: tuple[str, ...], said: str) -> None:
    """`obsolete QM-03` said "1 current documents still cite QM-03 … release them"."""
    result = run_cli("obsolete", *withdrawn, "--reason", "Merged", cwd=_copy(tmp_path))
    assert result.returncode == 1 and said in result.stderr, result.stderr


def test_the_register_says_alike_that_a_manual_page_and_a_form_have_no_periodic_review(tmp_path: Path) -> None:
    """register.csv and register.xlsx gave a manual's page "—" under Next review date and left a blank form's
    cell empty (the site's register shows "—" for both): one fact, two ways."""
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.records.register import register_rows

    root = _copy(tmp_path)
    rows = {row[0]: row for row in register_rows(check(load_config(root)).corpus, root, tmp_path / "no-docx")}
    assert [rows["QM"][10], rows["QM-04-F01"][10]] == ["—", "—"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows["QM-04"][10]), rows["QM-04"]  # a procedure's review is a date


def test_a_blank_forms_number_is_named_alike_in_its_header_its_info_line_and_on_the_site() -> None:
    """The Word and PDF blank form said "Form No.: QM-02-F01" in its header and a bare "No.: QM-02-F01" under
    its title; the site says "Form No."."""
    from qmsdoc.core import i18n
    from qmsdoc.core.copylabels import form_header, form_info

    with i18n.using("en"):
        label = i18n.t("label.form_id")
        info, header = form_info("QM-02-F01", "A/0", "QM-02", "5 years"), form_header("Acme", "QM-02-F01", "A/0")
    assert info.startswith(f"{label}: QM-02-F01 ") and f"{label}: QM-02-F01 " in header, (info, header)


def _drafts_citing(root: Path, cites: dict[str, str]) -> None:
    """New drafts QM-09 (Alpha) and QM-10 (Beta), their sections written; each cites the one `cites` names."""
    for title in ("Alpha", "Beta"):
        made = run_cli("new", "--manual", "QM", "--title", title, "--department", "Quality", "--by", "Ann Lee",
                       cwd=root)
        assert made.returncode == 0, made
    for code in ("QM-09", "QM-10"):
        path = root / "manuals" / "qm" / f"{code}.md"
        text = path.read_text("utf-8")
        first = f"Follow [[{cites[code]}]]." if code in cites else "Text."
        path.write_text(text.replace("(to be written)", first, 1).replace("(to be written)", "Text."), "utf-8")


@pytest.mark.parametrize(("cites", "said"), [
    ({"QM-09": "QM-10", "QM-10": "QM-09"}, "QM-10 cites this document in turn, so neither can be released before "
                                           "the other: release one without its reference to the other"),
    ({"QM-09": "QM-10"}, "whose status is draft: release QM-10 first"),
])
def test_a_release_citing_a_draft_says_which_to_release_first_or_how_to_break_a_circle(
        tmp_path: Path, cites: dict[str, str], said: str) -> None:
    """Two new procedures citing each other: releasing either said "cite a current document instead", which
    neither could ever become; releasing the cited one first is refused the same way."""
    root = _copy(tmp_path)
    _drafts_citing(root, cites)
    result = run_cli("release", "QM-09", "--by", "Managing Director", "--reviewed-by", "Quality Manager",
                     "--change", "First issue", cwd=root)
    assert result.returncode == 1 and said in result.stdout, result.stdout


@pytest.mark.parametrize(("words", "code", "said"), [
    (("review", "QM-99", "--by", "Quality Manager"), 1, "Not done: QD331 no document numbered QM-99: check the number"),
    (("release", "QM-99", "--by", "Managing Director", "--change", "First issue"), 1,
     "Not done: QD331 no document, form or manual numbered QM-99: check the number"),  # release takes all three
    (("verify", "missing.docx"), 2, "Usage error: QD320 file not found: missing.docx: check the path"),
])
def test_a_number_or_file_not_found_says_what_to_check(tmp_path: Path, words: tuple[str, ...], code: int,
                                                       said: str) -> None:
    """review, obsolete, acknowledgements and release said only "no document numbered QM-99" (issue and redline
    said to check the number); verify said "File not found: …", capitalised mid-sentence and with no fix."""
    result = run_cli(*words, cwd=_copy(tmp_path))
    assert result.returncode == code and said in result.stderr, result.stderr


def test_the_history_page_of_a_version_waiting_for_its_day_does_not_call_it_current(tmp_path: Path) -> None:
    """While QM-05's new version waited for its effective date, its history page offered "Back to the current
    version QM-05 A/1": A/1 was approved, not in force, and the page it links to says so."""
    from conftest import commit, today_is

    root = _copy(tmp_path, committed=True)
    with today_is("2026-12-01"):
        assert run_cli("revise", "QM-05", "--by", "Quality Manager", cwd=root).returncode == 0
        draft = next(root.joinpath("revisions").rglob("QM-05.md"))
        draft.write_text(draft.read_text("utf-8") + "\nAn added requirement.\n", "utf-8")
        released = run_cli("release", "QM-05", "--by", "Managing Director", "--reviewed-by", "Quality Manager",
                           "--change", "Added a requirement", "--effective", "2026-12-20", cwd=root)
        assert released.returncode == 0, released
        commit(root, "QM-05 approved, effective 2026-12-20")
        built = run_cli("build", "--only", "site", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    history = root / "build" / "site" / "history"
    waiting = (history / "QM-05" / "index.html").read_text("utf-8")
    assert re.search(r"Back to the approved version QM-05 \S+, not yet in force<", waiting)
    assert "Back to the current version" not in waiting
    assert "Back to the current version QM-04 " in (history / "QM-04" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("words", [("review", "QM-04-F01", "--by", "Quality Manager"),
                                   ("obsolete", "QM-04-F01", "--no-successor", "--reason", "Not used")])
def test_a_form_refused_by_a_document_only_command_is_told_the_truth_about_forms(
        tmp_path: Path, words: tuple[str, ...]) -> None:
    """review and obsolete refused a form saying "a form is revised, learnt and withdrawn with its owning
    document" — but `qmsdoc revise QM-04-F01` revises a form on its own, and "learnt" is no English for it."""
    root = _copy(tmp_path)
    refused = run_cli(*words, cwd=root)
    said = "a form has no periodic review, acknowledgement or withdrawal of its own: those go with its owning " \
           "document QM-04"
    assert refused.returncode == 1 and said in refused.stderr and "learnt" not in refused.stderr, refused.stderr
    revised = run_cli("revise", "QM-04-F01", "--by", "Quality Manager", cwd=root)  # what it may do on its own
    assert revised.returncode == 0, revised


def test_the_register_of_a_day_before_a_version_came_into_force_names_that_version_and_its_day(
        tmp_path: Path) -> None:
    """The register of 2025-01-01 said of QM-02 "A/1 in force from 2026-09-01", git's first release, though its
    revision history has A/0 in force from 2025-06-02; of QM-08 (withdrawn before git), on 2019-02-27, after A/0's
    approval (2019-02-25) and before its effective date (2019-03-01), it said "the day is before the earliest
    version in the revision history". Each now names the first version in force after the day, and that day; a
    document with no earlier version (QM-01) keeps git's first release."""
    import datetime as dt

    from qmsdoc.core.approval import load_history
    from qmsdoc.core.check import check
    from qmsdoc.core.config import load_config
    from qmsdoc.records.asof import register_as_of

    from conftest import commit, git

    root = _copy(tmp_path)
    git(root, "init", "-q")
    commit(root, "Quality manual")
    corpus = check(load_config(root)).corpus
    history = load_history(root, corpus)

    def why(day: str) -> dict[str, list[str]]:
        register = register_as_of(corpus, history, dt.date.fromisoformat(day))
        assert not CJK.search(repr(register.rows + register.left_out))
        return {row[0]: row[2:] for row in register.left_out}

    # nothing of QM-01 nor QM-02 was dated before 2025-01-01 (A/0 of 2025-06-02 the earliest): no line of that day
    assert not {"QM-01", "QM-02"} & set(why("2025-01-01"))
    assert why("2026-08-30")["QM-01"] == ["Not yet in force", "A/0 in force from 2026-09-01"]  # approved 08-25
    assert why("2019-02-27")["QM-08"] == ["Not yet in force", "A/0 in force from 2019-03-01"]
    assert why("2019-02-24")["QM-08"] == ["Not yet in force", "A/0 in force from 2019-03-01"]


def test_what_qmsdoc_ships_into_every_site_holds_no_cjk() -> None:
    """search.js, copied as it is into every site (an English one too), carried Chinese words in its comments
    (投诉 and 投訴, 信息管理): an English team's build held Chinese qmsdoc wrote. A file shipped unchanged to every
    language (the assets, the theme's templates) speaks through the catalogue, never in its own words."""
    from conftest import REPO

    package = REPO / "plugins" / "qmsdoc"
    shipped = [path for folder in ("assets", "templates") for place in package.rglob(folder) if place.is_dir()
               for path in place.rglob("*") if path.is_file()]
    assert any(path.name == "search.js" for path in shipped), shipped
    found = {str(path.relative_to(package)): number for path in shipped
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1) if CJK.search(line)}
    assert not found, found



def _refusal_keys() -> dict[str, str]:
    """The catalogue key of every message qmsdoc raises as a refusal (a QmsdocError: shown after "Not done: ",
    "Usage error: " or "Configuration error: "), with where it is raised."""
    import ast

    import qmsdoc.cli  # noqa: F401 - every command's module, so every refusal class is known
    from qmsdoc.core.errors import QmsdocError

    from conftest import REPO

    classes: set[str] = set()
    pending: list[type[QmsdocError]] = [QmsdocError]
    while pending:
        kind = pending.pop()
        classes.add(kind.__name__)
        pending.extend(kind.__subclasses__())

    def keys(node: ast.expr) -> list[str]:  # the message's own key: the call itself, either branch of an `if`
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
            first = node.args[0]
            return [first.value] if isinstance(first, ast.Constant) and isinstance(first.value, str) else []
        if isinstance(node, ast.IfExp):
            return keys(node.body) + keys(node.orelse)
        return []

    found: dict[str, str] = {}
    for path in sorted((REPO / "plugins" / "qmsdoc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)
                    and node.exc.func.id in classes and node.exc.args):
                for key in keys(node.exc.args[0]):
                    found.setdefault(key, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_an_english_refusal_reads_on_after_its_label() -> None:
    """`qmsdoc sign` answered "Not done: Give the SSH private key of approver …" and "Not done: No approval records
    need signing by …", a capital in mid-sentence where every other refusal reads "Not done: no manual numbered
    NOPE": a refused operation's message goes on from its label, in lower case (a name, a number, an option or an
    abbreviation may stand first as written)."""
    from qmsdoc.core import i18n

    own_label = {"cli.os_error"}  # "File system error: …", a label of its own (serve prints it alone)
    refusals = _refusal_keys()
    assert "sign.need_key" in refusals and "sign.nothing" in refusals, sorted(refusals)
    with i18n.using("en"):
        capital = {key: (where, i18n.message(key)) for key, where in refusals.items() if key not in own_label
                   and re.match(r"[A-Z][a-z]", i18n.message(key) or "")}
    assert not capital, capital


# An English team's slips in qmsdoc.yml's `language:` line, and the spelling the refusal names as meant.
LANGUAGE_SLIPS = {"langauge: en": "did you mean language?", "Language: en": "did you mean language?",
                  "lang: en": "unknown setting 'lang'", "language: eng": "did you mean en?",
                  "language: [en]": "did you mean en?", "language: English": None}


@pytest.mark.parametrize("slip", sorted(LANGUAGE_SLIPS))
def test_a_slip_in_the_language_line_is_told_in_the_language_meant(tmp_path: Path, slip: str) -> None:
    """`langauge: en` (or `Language: en`, `language: eng`) in an English team's qmsdoc.yml was refused in
    Chinese ("配置错误：… 未知配置项 'langauge'"), the language of a project naming none, and `check --help` was
    Chinese too: the language the line plainly means is spoken, and the refusal names the right spelling."""
    root = _copy(tmp_path)
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("\nlanguage: en\n", f"\n{slip}\n", 1), "utf-8")
    result = run_cli("check", cwd=root)
    shown = run_cli("check", "--help", cwd=root)
    assert not CJK.search(_ours(result.stdout + result.stderr + shown.stdout, tmp_path)), (result, shown.stdout)
    assert shown.stdout.startswith("usage:"), shown.stdout
    said = LANGUAGE_SLIPS[slip]
    if said is None:  # an alias qmsdoc reads: no slip at all
        assert result.returncode == 0, result
    else:
        assert result.returncode == 2 and result.stderr.startswith("Configuration error"), result
        assert said in result.stderr, result.stderr


@pytest.mark.parametrize(("line", "said"), [
    ("language: fr", "配置项 language 的值 'fr' 无效"),
    ("langauge: zh-CN", "未知配置项 'langauge'（是不是 language？）"),
    ("organisaton: Other", "未知配置项 'organisaton'（是不是 organisation？）"),
])
def test_a_slip_meaning_no_english_keeps_the_default_language(tmp_path: Path, line: str, said: str) -> None:
    """The quiet side: a language qmsdoc lacks, a slip meaning Chinese, and a project naming no language at all
    are refused in the default language, a near spelling still named."""
    root = _copy(tmp_path)
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("\nlanguage: en\n", f"\n{line}\n", 1), "utf-8")
    result = run_cli("check", cwd=root)
    assert result.returncode == 2 and result.stderr.startswith("配置错误") and said in result.stderr, result


def test_a_dry_run_import_says_it_wrote_nothing(tmp_path: Path) -> None:
    """`qmsdoc import --dry-run` listed "Would write manuals/qm/QM-09.md", then ended "Imported as drafts: …" (in
    Chinese 「导入 1 份文件…全部为草稿」) though it wrote nothing; the run without --dry-run imports."""
    from qmsdoc.core import i18n

    root = _copy(tmp_path)
    source = tmp_path / "calibration.md"
    source.write_text("# Calibration\n\n## 1 Purpose\n\nTo calibrate.\n\n## 2 Scope\n\nAll gauges.\n", "utf-8")
    dry = run_cli("import", "--manual", "QM", str(source), "--dry-run", cwd=root)
    assert dry.returncode == 0 and not (root / "manuals" / "qm" / "QM-09.md").exists(), dry
    assert "nothing was written" in dry.stdout and "Imported as drafts" not in dry.stdout, dry.stdout
    assert "1 document (Procedure)" in dry.stdout, dry.stdout
    done = run_cli("import", "--manual", "QM", str(source), cwd=root)
    assert done.returncode == 0 and (root / "manuals" / "qm" / "QM-09.md").exists(), done
    assert "Imported as drafts: 1 document (Procedure)" in done.stdout and "nothing was written" not in done.stdout
    counts = {"documents": 1, "forms": 0, "notes": 0, "types": "X"}
    for code in i18n.languages():  # every catalogue says which of the two it is
        with i18n.using(code):
            said = i18n.t("import.report.summary_dry_run", **counts), i18n.t("import.report.summary", **counts)
        assert "--dry-run" in said[0] and "--dry-run" not in said[1], (code, said)


def test_an_english_documents_whole_life_meets_no_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command an English quality team runs over a document's life, its answers and every file it writes
    (revision, redline, issued copies, the registers of copies and acknowledgements, copies of earlier versions,
    the register of a past day, imported drafts, a new draft, the Word and PDF copies, every format of check),
    refusals and usage errors too: no CJK qmsdoc wrote, and the counts read as English says them ("1 change",
    "3 Word files", "1 document (Procedure)")."""
    from test_english import _texts

    from conftest import Recorder, git
    from conftest import commit as conftest_commit

    root = _copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()

    def commit(message: str) -> None:
        conftest_commit(root, message, author="Document Controller")

    git(root, "init", "-q")
    commit("Quality manual")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    qmsdoc = Recorder(root)
    said = qmsdoc.said

    manual = root / "manuals" / "qm"
    page = manual / "QM-05.md"
    page.write_text(page.read_text("utf-8").replace("\nversion:", "\nacknowledge: [Operations, Sales]\nversion:", 1),
                    "utf-8")
    qmsdoc("revise", "QM-04", "--by", "Quality Manager")
    draft = root / "revisions" / "manuals" / "qm" / "QM-04.md"
    draft.write_text(draft.read_text("utf-8").replace("## 2. Scope", "## 2. Scope\n\nEvery site.\n", 1), "utf-8")
    assert "1 change," in qmsdoc("redline", "QM-04", "--out", str(out / "redline.docx"))
    qmsdoc("release", "QM-04", "--by", "Managing Director", "--reviewed-by", "Operations Director", "--change",
           "Sites named", "--effective", "2026-12-10")
    commit("Release QM-04 A/1")
    qmsdoc("redline", "QM-04", "--from", "A/0", "--to", "A/1", "--out", str(out / "released.docx"))
    qmsdoc("review", "QM-03", "--by", "Managing Director", "--note", "No change needed")
    qmsdoc("review", "QM-03", "--by", "Managing Director", code=1)  # the same day's review twice
    qmsdoc("baseline", "QM-03", "--by", "Managing Director", code=1)  # approved already
    qmsdoc("new", "--manual", "QM", "--title", "Internal Audit", "--type", "procedure", "--department", "Quality",
           "--by", "Quality Manager")
    qmsdoc("acknowledge", "QM-05", "--by", "Ann Lee", "--department", "Operations")
    sheet = tmp_path / "sign-in.csv"
    sheet.write_text("Name,Department,Date\nBob Ray,Sales,2026-12-01\nCarl Dunn,Finance,2026-12-01\n", "utf-8")
    qmsdoc("acknowledge", "QM-05", "--from-sheet", str(sheet), code=1)
    qmsdoc("acknowledgements", "QM-05")
    qmsdoc("issue", "QM-03", "--to", "Operations", "--copies", "2")
    qmsdoc("issue", "QM-03", "--to", "Sales", "--format", "pdf")
    qmsdoc("recall", "QM-03-A/0-001", "--by", "Ann Lee")
    qmsdoc("recall", "qm-03-a/0-001", "--by", "Ann Lee", code=1)  # returned already
    qmsdoc("recall", "QM-99-A/0-001", "--by", "Ann Lee", code=1)
    for copy in sorted((root / "issued").iterdir()):
        qmsdoc("verify", str(copy), code=None)
    qmsdoc("build", "--only", "records")  # the manifest verify reads
    forged = out / "forged.pdf"
    forged.write_bytes(next((root / "issued").glob("*.pdf")).read_bytes().replace(b"QM-03", b"QM-04", 1))
    qmsdoc("verify", str(forged), code=1)
    qmsdoc("verify", str(root / "qmsdoc.yml"), code=1)
    qmsdoc("verify", str(out / "missing.pdf"), code=2)
    qmsdoc("copy", "QM-04", "--version", "A/0", "--out", str(out / "earlier.docx"))
    qmsdoc("copy", "QM-04", "--version", "A/0", "--format", "pdf", "--out", str(out / "earlier.pdf"))
    qmsdoc("copy", "QM", "--as-of", "2026-11-01", "--format", "pdf", "--out", str(out / "as-of.pdf"))
    qmsdoc("verify", str(out / "as-of.pdf"), code=1)
    qmsdoc("register", "--as-of", "2026-11-01", "--out", str(out / "register.csv"))
    qmsdoc("register", "--as-of", "2026-11-01", "--format", "xlsx", "--out", str(out / "register.xlsx"))
    qmsdoc("obsolete", "QM-06", "--no-successor", "--by", "Managing Director", "--reason", "No longer needed")
    assert re.search(r"Wrote \d+ Word files to", qmsdoc("docx"))
    assert re.search(r"Wrote \d+ PDF files to", qmsdoc("pdf"))
    for fmt in ("text", "json", "github", "gitlab", "sarif", "junit"):  # the new draft's placeholders are findings
        qmsdoc("check", "--format", fmt, code=None)
    source = tmp_path / "calibration.md"
    source.write_text("# Calibration\n\n## 1 Purpose\n\nTo calibrate.\n", "utf-8")
    assert "nothing was written" in qmsdoc("import", "--manual", "QM", str(source), "--dry-run")
    assert "Imported as drafts: 1 document (" in qmsdoc("import", "--manual", "QM", str(source))
    for wrong in (("issue", "QM-03", "--to", "Sales", "--bogus"), ("issue", "QM-03", "--to", "Sales", "--date",
                  "2026-02-30"), ("issue", "--to", "Sales"), ("register", "--as-of", "yesterday")):
        assert qmsdoc(*wrong, code=2).startswith("Usage error"), wrong
    assert "Not done: QD331 give the SSH private key" in qmsdoc("sign", "--by", "Managing Director", code=1)

    leaks = {words: shown for words, shown in said.items() if CJK.search(_ours(shown, tmp_path))}
    assert not leaks, leaks
    written = {**_texts(out), **_texts(root / "issued"), **_texts(root / "manuals"), **_texts(root / "build")}
    for name in ("distribution.yaml", "acknowledgements.yaml"):
        written[name] = (root / name).read_text("utf-8")
    assert any(name.endswith(".pdf") for name in written) and any("docx!" in name for name in written)
    found = {name: sorted(set(CJK.findall(text)))[:10] for name, text in written.items() if CJK.search(text)}
    assert not found, found


def test_an_imported_drafts_note_says_where_its_number_came_from_in_english() -> None:
    """An English draft made on import said "# imported from manual.docx, paragraph 1 (number: the numbers of its
    record forms)" and "(number: the document number)": 「编号来源：…」 word for word, the source dropped."""
    from qmsdoc.core import i18n

    with i18n.using("en"):
        for key, said in (("import.id_from.assigned", "(number newly assigned)"),
                          ("import.id_from.document_number", "(number as the document wrote it)"),
                          ("import.id_from.form_numbers", "(number taken from the numbers of its record forms)")):
            for where in ("import.draft.from_line", "import.draft.from_paragraph"):
                note = i18n.t(where, file="manual.docx", line=1, source=i18n.t(key))
                assert said in note and "(number: " not in note, note


@pytest.mark.parametrize("words", [("check",), ("build",), ("issue", "QM-01", "--to", "Sales"), ("verify", "x.pdf")])
def test_a_command_run_outside_any_project_tells_an_english_reader_what_to_do(tmp_path: Path,
                                                                               words: tuple[str, ...]) -> None:
    """An English quality officer who ran `qmsdoc check` in the wrong folder read only 「未找到 qmsdoc 项目：…」:
    no project, so the default language; as the help outside a project does, the refusal says it in English too."""
    result = run_cli(*words, cwd=tmp_path)
    assert result.returncode == 2 and "未找到 qmsdoc 项目" in result.stderr, result
    said = " ".join(result.stderr.split())
    assert "No qmsdoc project here" in said and "qmsdoc init --language en" in said, said


def _verdict_keys() -> dict[str, str]:
    """The catalogue key each verdict of `qmsdoc verify` opens with (the message of a `Verdict` or `CopyVerdict`,
    its own key or the first of a sum), with where it is made."""
    import ast

    from conftest import REPO

    def first_key(node: ast.expr) -> list[str]:
        if isinstance(node, ast.BinOp):
            return first_key(node.left)
        if isinstance(node, ast.IfExp):
            return first_key(node.body) + first_key(node.orelse)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
            key = node.args[0]
            return [key.value] if isinstance(key, ast.Constant) and isinstance(key.value, str) else []
        return []

    found: dict[str, str] = {}
    for path in sorted((REPO / "plugins" / "qmsdoc" / "verify").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("Verdict", "CopyVerdict") and len(node.args) > 1):
                for key in first_key(node.args[1]):
                    found.setdefault(key, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_every_english_verdict_of_verify_opens_alike() -> None:
    """`qmsdoc verify` of an earlier version's site page said "Earlier version (for reference only): …", and of a
    file it would not read "Refused to read it: …", where every other verdict opened in lower case ("current
    controlled copy: …", "unknown file: …"): one answer, one way of opening it — a capital, as a line of its own
    (a name or a number put in its place may stand first as written)."""
    from qmsdoc.core import i18n

    verdicts = _verdict_keys()
    assert {"verify.current", "verify.history", "verify.refused"} <= set(verdicts), sorted(verdicts)
    with i18n.using("en"):
        lower = {key: (where, i18n.message(key)) for key, where in verdicts.items()
                 if re.match(r"[a-z]", i18n.message(key) or "")}
    assert not lower, lower
