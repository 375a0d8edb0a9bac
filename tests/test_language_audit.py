"""What an English quality team's year (and a Chinese one's) showed in the wrong language or worded twice: an
admonition's default title, the page header's page cell, the preview's missing page, `init`'s own help, and
where a release puts the note that its revision is gone."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from test_english import CJK, _copy, _ours

from qmsdoc.core import copylabels, i18n
from qmsdoc.core.i18n import t
from qmsdoc.core.render import render_markdown

from conftest import commit, git, on, run_cli

BLOCKS = ('!!! note\n    x\n\n!!! warning "Own title"\n    y\n\n!!! tip ""\n    z\n\n'
          '??? danger\n    d\n\n!!! custom\n    c\n')


def _titles(html: str) -> list[str]:
    return re.findall(r'<p class="admonition-title">([^<]*)</p>|<summary>([^<]*)</summary>', html)


@pytest.mark.parametrize(("code", "expected"), [
    ("zh-CN", [("注意", ""), ("Own title", ""), ("", "危险"), ("Custom", "")]),
    ("en", [("Note", ""), ("Own title", ""), ("", "Danger"), ("Custom", "")]),
])
def test_an_untitled_admonition_is_titled_in_the_project_language(code: str, expected: list[tuple[str, str]]
                                                                   ) -> None:
    """`!!! note` in a Chinese document showed the English word "Note" on the page, in the Word copy and in the
    PDF (Python-Markdown titles it with the type's name); a title the author wrote, or an empty one, stays."""
    with i18n.using(code):
        html = render_markdown(BLOCKS, lambda _code: None).html
    assert _titles(html) == expected, html


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_the_page_header_cell_does_not_repeat_its_label(code: str) -> None:
    """An English copy's header read "Page | Page 1 of 2" (the cell's words were the footer's)."""
    with i18n.using(code):
        label = re.sub(r"\s+", "", t("copy.header.page")).lower()
        cell = "".join(copylabels.page_of()).lower()
    assert label not in re.sub(r"\s+", "", cell), (label, cell)


def test_an_english_word_and_pdf_copy_header_reads_page_1_of_n(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    assert run_cli("build", "--only", "word,pdf", cwd=root).returncode == 0
    shown = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(root / "build/pdf/documents/QM-02.pdf"), "-"],
                           capture_output=True, check=True).stdout.decode("utf-8")
    assert re.search(r"Page +1 of 2", shown) and "Page Page" not in shown, shown[:600]
    with zipfile.ZipFile(root / "build/docx/documents/QM-02.docx") as word:
        header = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", word.read("word/header1.xml").decode("utf-8")))
    assert header.endswith("Page1 of 1"), header  # the label, then the fields PAGE and NUMPAGES with " of "


def _released_by(tmp_path: Path, author: str, language: str) -> str:
    """The PDF copy's text (pdftotext -layout) of a new project's example procedure written by `author` and
    released, in `language`."""
    root = tmp_path / language
    assert run_cli("init", str(root), "--language", language, cwd=tmp_path).returncode == 0
    for code in ("QM", "QM-01-F01"):
        assert run_cli("release", code, "--by", "Director", "--change", "First", cwd=root).returncode == 0
    page = root / "manuals" / "qm" / "QM-01.md"
    front, body = page.read_text("utf-8").split("\n---\n", 1)
    front = re.sub(r"prepared: \{by: [^,]*,", f"prepared: {{by: {author},", front)
    page.write_text(f"{front}\n---\n{re.sub(r'[(（][^)）]*[)）]', 'Done.', body)}", "utf-8")
    released = run_cli("release", "QM-01", "--by", "Director", "--reviewed-by", "Reviewer", "--change", "First",
                       cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    assert run_cli("build", "--only", "pdf", cwd=root).returncode == 0
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(root / "build/pdf/documents/QM-01.pdf"),
                           "-"], capture_output=True, check=True).stdout.decode("utf-8")


def test_an_english_role_in_the_revision_history_stays_on_one_line(tmp_path: Path) -> None:
    """The revision history gave 修订人 3 cm, room for 质量专员 but not for "Metrology Technician" or "Managing
    Director", which broke over two lines beside a Change column with room to spare."""
    shown = _released_by(tmp_path, "Metrology Technician", "en")
    assert re.search(r"\d{4}-\d\d-\d\d +Metrology Technician +First\n", shown), shown


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_the_revision_historys_version_and_date_stay_whole(tmp_path: Path, language: str) -> None:
    """The columns beside 修订人 still hold a version and an ISO date on one line, in either language."""
    shown = _released_by(tmp_path, "Ann Lee", language)
    assert re.search(r"\nA/0 +\d{4}-\d\d-\d\d +Ann Lee", shown), shown


class _Preview:
    def __init__(self, site: Path) -> None:
        self.site_dir = site
        self.state = SimpleNamespace(ok=True, findings=[], version=1)
        self.mount = "/"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")


def test_the_preview_answers_a_missing_page_with_the_sites_404_page(tmp_path: Path) -> None:
    """`qmsdoc serve` answered a page that is not there with http.server's English 「Error response … File not
    found」, even to a Chinese site; `mkdocs serve` shows the site's own 404 page, in the site's language."""
    from qmsdoc.site.serve import start_server

    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("<html lang=\"zh-CN\"><body>页面不存在</body></html>", "utf-8")
    (site / "index.html").write_text("<html><body>首页</body></html>", "utf-8")
    preview: Any = _Preview(site)
    server = start_server(preview, "127.0.0.1", 0)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        assert _get(base)[0] == 200
        for missing in ("nope/", "nope.html", "assets/nope.png"):
            status, body = _get(base + missing)
            assert status == 404 and "页面不存在" in body and "Error response" not in body, (missing, body)
    finally:
        server.shutdown()
        server.server_close()


def test_init_speaks_the_language_it_is_asked_for(tmp_path: Path) -> None:
    """`qmsdoc init --language en --help` and its usage errors were Chinese: no project yet says otherwise, but
    the command itself names the language."""
    shown = run_cli("init", "--language", "en", "--help", cwd=tmp_path)
    assert shown.returncode == 0 and "usage:" in shown.stdout and not CJK.search(_ours(shown.stdout, tmp_path))
    wrong = run_cli("init", "--language=en", "--bogus", cwd=tmp_path)
    assert wrong.returncode == 2 and "Usage error" in wrong.stderr and not CJK.search(_ours(wrong.stderr, tmp_path))
    chinese = run_cli("init", "--bogus", cwd=tmp_path)  # no language asked for: the default
    assert chinese.returncode == 2 and "用法错误" in chinese.stderr


def test_init_help_before_any_project_tells_an_english_reader_how_to_read_it_in_english(tmp_path: Path) -> None:
    """An English quality officer starting from nothing ran `qmsdoc init --help` and read only Chinese: no project
    yet, so the default language, and nothing in it said that `--language en --help` is English."""
    chinese = run_cli("init", "--help", cwd=tmp_path)
    pointer = re.search(r"For help in English: (qmsdoc init --language en --help)", " ".join(chinese.stdout.split()))
    assert chinese.returncode == 0 and "用法" in chinese.stdout and pointer, chinese.stdout
    english = run_cli(*pointer.group(1).split()[1:], cwd=tmp_path)
    assert "For help in English" not in english.stdout and not CJK.search(_ours(english.stdout, tmp_path))


def test_the_help_outside_any_project_tells_an_english_reader_how_to_get_english(tmp_path: Path) -> None:
    """`qmsdoc --help` in a folder with no project was all Chinese (the default language) and named no way to
    English; inside an English project the help is English and says what decides its language."""
    outside = " ".join(run_cli("--help", cwd=tmp_path).stdout.split())
    assert "用法" in outside and "For English, start an English project: qmsdoc init --language en" in outside
    english = _copy(tmp_path)
    inside = " ".join(run_cli("--help", cwd=english).stdout.split())
    assert "usage:" in inside and "language of the project they run in" in inside
    assert not CJK.search(_ours(inside, tmp_path)), inside


def test_the_revision_note_of_a_release_stands_on_the_released_line(tmp_path: Path) -> None:
    """Releasing a revision of a document departments must acknowledge printed「… (--from-sheet signin.xlsx) (the
    revision … is released and deleted)」: the note hung on the acknowledgement line the release added."""
    root = _copy(tmp_path)
    source = root / "manuals" / "qm" / "QM-02.md"
    source.write_text(source.read_text("utf-8").replace("review_months: 12\n",
                                                        "review_months: 12\nacknowledge: [Operations]\n", 1), "utf-8")
    git(root, "init", "-q")
    commit(root, "English example")
    assert run_cli("revise", "QM-02", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-02.md"
    draft.write_text(draft.read_text("utf-8").replace("are not used by mistake", "are never used by mistake"), "utf-8")
    released = run_cli("release", "QM-02", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Wording", cwd=root)
    assert released.returncode == 0, released.stderr
    lines = released.stdout.splitlines()
    assert lines[0].startswith("Released QM-02 A/2") and "is released and deleted" in lines[0], lines
    assert any(line.startswith("Operations must acknowledge") and line.endswith("(--from-sheet FILE)")
               and "build/docx/signin/QM-02.docx" in line
               for line in lines), lines


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_the_printed_sign_in_sheet_is_read_back_in_every_language(code: str, tmp_path: Path) -> None:
    """The column headings the build prints on the sign-in sheet are the ones --from-sheet reads, in each language."""
    from qmsdoc.acts.signsheet import read_sheet
    from qmsdoc.word.signin import COLUMNS

    with i18n.using(code):
        headings = list(COLUMNS)
    sheet = tmp_path / "signin.csv"
    sheet.write_text(",".join(headings) + "\n1,Ann Lee,Operations,2026-12-05,\n", "utf-8")
    rows, problems = read_sheet(sheet, 100_000)
    assert not problems and [(row.person, row.department, str(row.date)) for row in rows] == [
        ("Ann Lee", "Operations", "2026-12-05")], (headings, problems)


@pytest.mark.parametrize(("typed", "day"), [
    ("5 December 2026", "2026-12-05"), ("5 Dec 2026", "2026-12-05"), ("05-Dec-2026", "2026-12-05"),
    ("December 5, 2026", "2026-12-05"), ("Sept 3, 2026", "2026-09-03"), ("1st March 2026", "2026-03-01"),
    ("2026年3月1日", "2026-03-01"), ("05/12/2026", "None"), ("31 Feb 2026", "None"), ("5 Decem 2026", "None"),
    # With the meeting's time, as a date-and-time cell is saved to CSV or typed: the day is read, the time is not.
    ("2026/12/5 9:30", "2026-12-05"), ("2026-12-05T09:30:00", "2026-12-05"), ("2026年12月5日 14:00", "2026-12-05"),
    ("2026-12-05 9", "None"), ("2026-12-05 25:00:00x", "None"),
])
def test_an_english_sign_in_sheet_may_name_the_month(typed: str, day: str) -> None:
    """A Chinese sheet may say 2026年3月1日; an English one said 5 December 2026 and was refused. A date in digits
    only with the day first or last (05/12/2026) stays refused: it is a different day in the UK and the US."""
    from qmsdoc.core.days import typed_day as sheet_date

    assert str(sheet_date(typed)) == day


def test_english_issue_and_unknown_number_messages_read_right() -> None:
    """"copies: 1, copy numbers QM-02-A/0-003" and "Not done: These numbers do not exist: QM-99"."""
    with i18n.using("en"):
        issued = t("act.issue.done", to="Quality", id="QM-02", title="Audit", version="A/0", count=1,
                   numbers="QM-02-A/0-003", files="issued/QM-02-A_0-003.pdf", register="distribution.yaml")
        unknown = t("cli.docx.unknown", ids="QM-99", hint="")
    assert "copy numbers QM-02-A/0-003" not in issued and "Copy No. QM-02-A/0-003" in issued, issued
    assert unknown[0].islower(), unknown


@pytest.mark.parametrize(("count", "said"), [
    (1, "version A/0, 1 copy, Copy No. QM-02-A/0-003\nFile: issued/"),
    (2, "version A/0, 2 copies, Copy Nos. QM-02-A/0-003, QM-02-A/0-004\nFiles: issued/"),
])
def test_an_english_issue_counts_its_copies_and_their_numbers(count: int, said: str) -> None:
    """"copies: 2, Copy No. QM-02-A/0-003, QM-02-A/0-004" — one number's label over two numbers."""
    numbers = ", ".join(f"QM-02-A/0-00{3 + n}" for n in range(count))
    with i18n.using("en"):
        issued = t("act.issue.done", to="Quality", id="QM-02", title="Audit", version="A/0", count=count,
                   numbers=numbers, files="issued/QM-02-A_0-003.pdf", register="distribution.yaml")
    assert said in issued and issued.endswith(" sign for the copy" if count == 1 else " sign for the copies"), issued


def test_an_unsigned_line_of_a_manual_cover_is_empty_in_word_and_pdf(tmp_path: Path) -> None:
    """A new English project's manual (approved only) showed a lone "·" beside Prepared and Reviewed on the
    Word cover (the English gap " · " survives .strip()); the PDF cover joined the same rows with another gap."""
    with i18n.using("en"):
        rows = copylabels.cover_rows([("Prepared", "", ""), ("Approved", "Managing Director", "2026-12-05")],
                                     effective="2026-12-05", version="A/0", state="Controlled", copy_number="")
    assert rows[:2] == [("Prepared", ""), ("Approved", "Managing Director · 2026-12-05")], rows
    root = tmp_path / "p"
    assert run_cli("init", str(root), "--language", "en", "--organisation", "Acme", cwd=tmp_path).returncode == 0
    assert run_cli("release", "QM", "--by", "Managing Director", "--change", "First issue", cwd=root).returncode == 0
    assert run_cli("release", "QM-01-F01", "--by", "Managing Director", "--change", "First issue",
                   cwd=root).returncode == 0
    assert run_cli("build", "--only", "word,pdf", cwd=root).returncode == 0
    with zipfile.ZipFile(root / "build/docx/manuals/QM.docx") as word:
        xml = word.read("word/document.xml").decode("utf-8")
    cells = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)<", cell)) for cell in re.findall(r"<w:tc>.*?</w:tc>", xml)]
    assert cells[:4] == ["Prepared", "", "Reviewed", ""], cells[:8]
    shown = subprocess.run(["pdftotext", "-layout", str(root / "build/pdf/manuals/QM.pdf"), "-"], capture_output=True,
                           check=True).stdout.decode("utf-8")
    assert "Managing Director · " in shown, shown[:800]


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_every_argument_of_every_command_is_explained(code: str) -> None:
    """`qmsdoc release --help` listed `id` and `--path PATH` with nothing beside them (so did obsolete, review, new,
    recall, verify and more): a reader of the help learnt nothing about them, in either language."""
    import argparse

    from qmsdoc.cli import build_parser

    with i18n.using(code):
        parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    bare = [(name, action.option_strings or action.dest) for name, command in commands.choices.items()
            for action in command._actions if not action.help]
    assert not bare, bare


def test_english_day_counts_read_right_for_one() -> None:
    """The periodic review page said "due in 1 days", QD180 "1 days overdue", acknowledgements "1 days to
    acknowledge" (the acknowledgement messages already wrote "day(s)")."""
    with i18n.using("en"):
        said = [t("page.review.overdue_days", days=1), t("page.review.due_in_days", days=1),
                t("rule.QD180.message", days=1, due="2027-12-05", id="QM-01"),
                t("acks.cli.heading", title="QM-02", released="2026-12-05", days=1, due="2026-12-06",
                  today="2026-12-05")]
    assert not [text for text in said if "1 days" in text], said


# The fields that hold a count, and the messages whose count is never one (beyond a limit, more than five, two or more).
_COUNTS = frozenset({"count", "days", "months", "window", "total", "done", "tasks", "changes"})
_NEVER_ONE = frozenset({"pdf.glyph.more", "limits.entries", "cli.arg.count"})


def test_every_english_count_reads_right_for_one() -> None:
    """Each English message with a count, the count 1: no "1 days", "1 months". The review page said "falls due
    within 1 days" (review_warning_days: 1) and a redline "Periodic review: 1 months" (review_months: 1) — after
    the messages found one by one had been mended, so every message is read here."""
    import string

    wrong = []
    for key, template in i18n.languages()["en"].messages.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        if key in _NEVER_ONE or not fields & _COUNTS:
            continue
        said = i18n.fill(template, **{name: "1" if name in _COUNTS else "X" for name in fields})
        if re.search(r"\b1 (?!is\b|has\b|was\b|does\b)[a-z]+s\b", said):
            wrong.append((key, said))
    assert wrong == []


# The page captions that show a total as a heading's figure ("Blank forms: 12."), as the register's own columns do.
_CAPTIONS = frozenset({"page.register.count", "page.register.unapproved", "page.forms.count", "acks.page.summary"})


def test_no_english_message_counts_in_a_label_after_a_colon() -> None:
    """`qmsdoc docx` said "Wrote the Word files to build/docx: 3", `redline` "changes: 1", `baseline` "items: 3",
    and `import` "pictures here (count: 2) were not imported", "(entries: 12)", "(lines in the file: 3)", "Imported
    as drafts: documents: 1 (Procedure), form drafts: 1, points to resolve: 0": the
    Chinese way of giving a total (「共 3 处」) word for word. An English message says "3 Word files", "1 change"."""
    import string

    chinese = i18n.languages()["zh-CN"].messages  # a field the Chinese counts with a measure word (3 份) is a count
    measured = re.compile(r"\{(\w+)\}\s*(?:个月|份|个|条|处|项|行|页|次|天|名|张|幅|段|位|本|篇)")
    wrong = []
    for key, template in i18n.languages()["en"].messages.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        counts = fields & (_COUNTS | set(measured.findall(chinese.get(key, ""))))
        if key in _CAPTIONS or not counts:
            continue
        for name in counts:  # "label: {count}", not followed by the count's own word ("finished: 2 errors")
            if re.search(r"[A-Za-z)]: \{" + name + r"(?:\}(?! \{" + name + r":~)|:(?!~))", template):
                wrong.append((key, template))
    assert wrong == []


def _initialised(tmp_path: Path, language: str) -> Path:
    root = tmp_path / language
    assert run_cli("init", str(root), "--language", language, cwd=tmp_path).returncode == 0
    for item in ("QM", "QM-01-F01"):
        assert run_cli("release", item, "--by", "MD", "--change", "First issue", cwd=root).returncode == 0
    return root


def test_a_chinese_site_has_no_english_generator_notice_nor_404_page(tmp_path: Path) -> None:
    """Every page of a Chinese site ended with Material's English 「Made with Material for MkDocs」, and its 404
    page said 「404 - Not found」."""
    for language, shown in (("zh-CN", False), ("en", True)):
        root = _initialised(tmp_path, language)
        assert run_cli("build", "--only", "site", cwd=root).returncode == 0
        page = (root / "build/site/index.html").read_text("utf-8")
        assert ("Made with" in page) is shown, language
        missing = (root / "build/site/404.html").read_text("utf-8")
        with i18n.using(language):
            assert re.search(rf"<h1[^>]*>{re.escape(t('page.not_found.title'))}</h1>", missing), language
        assert ("Not found" in missing) is False, language


def test_the_footer_names_the_next_page_once_escaped(tmp_path: Path) -> None:
    """The previous/next links' `aria-label` had the title escaped twice (Material's `| e` over a title the theme
    gets escaped already): a screen reader read the manual 「R&D 手册」 as 「R&amp;D 手册」."""
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--manual-title", "R&D <手册>", cwd=tmp_path).returncode == 0
    for item in ("QM", "QM-01-F01"):
        assert run_cli("release", item, "--by", "总经理", "--change", "首次发布", cwd=root).returncode == 0
    assert run_cli("build", "--only", "site", cwd=root).returncode == 0
    labels = [label for path in (root / "build/site").rglob("*.html")
              for label in re.findall(r'class="md-footer__link[^"]*" aria-label="([^"]*)"', path.read_text("utf-8"))]
    assert any("R&amp;D &lt;手册&gt;" in label for label in labels), labels
    assert not [label for label in labels if "&amp;amp;" in label or "&amp;lt;" in label], labels


@pytest.mark.parametrize(("language", "title", "heading", "said"), [
    ("en", "Scratch", "## 2. Scope", "from 1 to 3: the next one should be one of 1.1, 2;"),
    ("zh-CN", "草稿", "## 2.0 适用范围", "从 1.0 跳到 3.0：下一条应为 1.1、2.0 之一"),
])
def test_a_clause_number_jump_is_told_in_the_numbers_the_document_writes(tmp_path: Path, language: str, title: str,
                                                                        heading: str, said: str) -> None:
    """An English procedure numbered "1. Purpose", "3. Responsibilities" was told the numbers jump "from 1.0 to
    3.0" and the next should be "1.1, 2.0": numbers it never writes (「1.0 目的」 is the Chinese habit)."""
    root = _initialised(tmp_path, language)
    made = run_cli("new", "--manual", "QM", "--title", title, "--department", "Q", "--by", "A", cwd=root)
    assert made.returncode == 0, made.stderr
    draft = root / "manuals" / "qm" / "QM-02.md"
    draft.write_text(draft.read_text("utf-8").replace(heading, "## Scope"), "utf-8")
    found = run_cli("check", cwd=root).stdout
    assert said in found, found


def test_english_findings_start_like_the_others() -> None:
    """A finding reads `file:line: error QD019 the title …`; six messages began with a capital ("The title …")."""
    messages = i18n.languages()["en"].messages
    capital = [key for key, text in messages.items()
               if (key.startswith(("rule.QD", "acks.rule.QD")) and ".title" not in key and ".fix" not in key
                   and key != "rule.QD120.effective") and re.match(r"[A-Z][a-z]", text)]
    assert not capital, capital


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs OpenSSH's ssh-keygen")
def test_an_approver_role_with_a_space_unquoted_in_allowed_signers_is_named_as_the_cause(tmp_path: Path) -> None:
    """English roles have spaces ("Managing Director"); written unquoted in allowed_signers, ssh-keygen reads the
    principal "Managing" and `qmsdoc sign` said the approver's own key "does not match": use your own key."""
    root = _initialised(tmp_path, "en")
    key = tmp_path / "md_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
    public = key.with_suffix(".pub").read_text("utf-8").strip()
    signers = root / ".qmsdoc" / "allowed_signers"
    signers.parent.mkdir()
    signers.write_text(f'MD namespaces="qmsdoc" {public}\n', "utf-8")
    assert run_cli("sign", "--by", "MD", "--key", str(key), cwd=root).returncode == 0  # no space: as before
    for relative in ("manuals/qm/index.md", "controlled_forms/QM-01-F01.yaml"):  # a second issue changes each
        (root / relative).write_text((root / relative).read_text("utf-8").replace("\ntitle: ", "\ntitle: New ", 1),
                                     "utf-8")
    for item in ("QM", "QM-01-F01"):
        assert run_cli("release", item, "--by", "Managing Director", "--change", "Second issue",
                       cwd=root).returncode == 0
    signers.write_text(f'Managing Director namespaces="qmsdoc" {public}\n', "utf-8")
    refused = run_cli("sign", "--by", "Managing Director", "--key", str(key), cwd=root)
    assert refused.returncode == 1 and "without quotes" in refused.stderr and "does not match" not in refused.stderr, \
        refused.stderr
    signers.write_text(f'"Managing Director" namespaces="qmsdoc" {public}\n', "utf-8")
    assert run_cli("sign", "--by", "Managing Director", "--key", str(key), cwd=root).returncode == 0


@pytest.mark.parametrize(("language", "said", "problem"), [("en", "Configuration error: ", "YAML syntax error ("),
                                                         ("zh-CN", "配置错误：", "YAML 语法错误（")])
def test_a_yaml_mistake_in_mkdocs_yml_is_told_with_its_line_in_the_project_language(tmp_path: Path, language: str,
                                                                                     said: str, problem: str) -> None:
    """A Chinese team's unclosed bracket in mkdocs.yml was answered in MkDocs' English ("MkDocs encountered an
    error parsing the configuration file: while parsing a flow sequence …"), with no line of the usual form."""
    root = _initialised(tmp_path, language)
    mkdocs = root / "mkdocs.yml"
    lines = len(mkdocs.read_text("utf-8").splitlines())
    mkdocs.write_text(mkdocs.read_text("utf-8") + "extra:\n  broken: [a, b\nmore: 1\n", "utf-8")
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 2, result
    # the bracket's own line, where it was left open (as qmsdoc.yml's and a front matter's are told)
    assert f"{said}QD302 {root / 'mkdocs.yml'}:{lines + 2} " in result.stderr, result.stderr
    assert "MkDocs encountered" not in result.stderr, result.stderr
    assert problem in result.stderr, result.stderr


def test_a_mkdocs_yml_refused_for_another_reason_keeps_mkdocs_words(tmp_path: Path) -> None:
    """The quiet side: an unknown theme is no YAML mistake, and is told as MkDocs tells it, at the line of the
    setting it names."""
    root = _initialised(tmp_path, "en")
    mkdocs = root / "mkdocs.yml"
    text = mkdocs.read_text("utf-8").replace("  name: material", "  name: nosuchtheme")
    mkdocs.write_text(text, "utf-8")
    line = text.split("\n").index("theme:") + 1  # the setting MkDocs names ('theme')
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 2, result
    assert f"Configuration error: QD302 {mkdocs}:{line} is not valid: Config value 'theme'" in result.stderr \
        and "YAML" not in result.stderr, result


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_a_release_refused_for_a_placeholder_names_it_once_bracketed(code: str) -> None:
    """`qmsdoc release` of a draft still holding `qmsdoc new`'s placeholder said "still has unwritten sections
    ((to be written))" (and 「（（待编写））」): the placeholder is bracketed itself, so the message quotes it, as
    QD123 does, for each placeholder qmsdoc writes, bracketed or not."""
    from qmsdoc.core.rules.approvals import PLACEHOLDER_KEYS

    with i18n.using(code):
        for key in PLACEHOLDER_KEYS:
            said = t("act.release.holes", id="QM-02", placeholder=t(key), lines="12")
            assert t(key) in said and not re.search(r"\(\(|\)\)|（（|））", said), (key, said)


def test_an_english_label_inside_a_sentence_is_a_word_of_it() -> None:
    """QD160 said "the Procedure has no "Purpose" section", QD131 "whose status is Obsolete" and a form's preview
    banner "This form is a Draft", QD211 "…): Documents in the manual changed (QM-06 taken out), and the copy …": a
    document type, a status or a recall list's reason named inside an English sentence after an article or
    "is" is written as a word of it (`{type:inside}`: "the procedure"); an abbreviation keeps its capitals."""
    messages = i18n.languages()["en"].messages
    label = re.compile(r"\b(?:the|a|an|is)\s\{(?:type|status)\}")
    capital = {key: text for key, text in messages.items() if label.search(text)}
    assert capital == {}
    with i18n.using("en"):
        assert t("rule.QD160.message", type=t("type.procedure"), section="Purpose", names="Purpose").startswith(
            "the procedure has no")
        assert t("rule.QD160.message", type="SOP", section="Purpose", names="Purpose").startswith("the SOP has no")
        assert "whose status is obsolete" in t("rule.QD131.message", id="QM-07", title="T",
                                               status=t("status.obsolete"), hint="")
        reason = t("recall.reason.manual", changes="QM-06 taken out")  # a recall list's cell, inside QD211's sentence
        said = t("rule.QD211.message", number="QM-A/0-001", id="QM", title="T", version="A/0", date="2026-12-01",
                 recipient="Sales", reason=reason, reissue="")
        assert "): documents in the manual changed (QM-06 taken out), and" in said, said
        assert t("register.copy.recall", reason=t("recall.reason.obsolete")) == "To recall (withdrawn)"
    with i18n.using("zh-CN"):  # a language without letter case is left as written
        assert t("rule.QD160.message", type="程序文件", section="目的", names="目的").startswith("程序文件")


def test_a_numbered_word_copys_property_is_named_in_the_language_it_is_written_in() -> None:
    """An English numbered Word copy carried the custom property 「分发号」 (docProps/custom.xml) once the process had
    worked in Chinese first (a test run, a preview): word/package.py imported the label by name, which froze it in
    the language of its import. A label is looked up when the copy is written, in each language in turn."""
    from qmsdoc.word.package import Properties

    for code, name in (("zh-CN", "分发号"), ("en", "Copy No."), ("zh-CN", "分发号")):
        with i18n.using(code):
            written = Properties("T", "QM-01", "Org", "A/0", "C", None, "QM-01-A/0-001").custom_xml()
        assert f'name="{name}"' in written, (code, written)


def test_no_module_keeps_a_copy_label_by_importing_it() -> None:
    """copylabels' labels are looked up in the language of the moment (its `__getattr__`); `from copylabels import
    COPY_NUMBER_PROPERTY` took one language's word for good. Constants and functions may be imported by name."""
    import ast

    from conftest import REPO

    frozen = []
    for path in sorted((REPO / "plugins" / "qmsdoc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("copylabels"):
                frozen += [f"{path.name}:{node.lineno} {alias.name}" for alias in node.names
                           if alias.name in copylabels._KEYS]
    assert frozen == []


def _switched_after_a_withdrawal(tmp_path: Path, language: str, to: str) -> Path:
    """A project begun in `language` whose procedure QM-01 was released and then withdrawn with its form, then
    switched to `to` with that language's default sections (the lists `init` wrote deleted) — as a quality team
    moving a site to another language does."""
    with on("2026-03-02"):
        root = _initialised(tmp_path, language)
        git(root, "init", "-q")
        path = root / "manuals/qm/QM-01.md"
        path.write_text(re.sub(r"\(to be written\)|（待编写）", "Text.", path.read_text("utf-8")), "utf-8")
        assert run_cli("release", "QM-01", "--by", "MD", "--reviewed-by", "QM", "--change", "First issue",
                       cwd=root).returncode == 0
        commit(root, "QM-01 A/0")
    with on("2026-06-01"):
        said = run_cli("obsolete", "QM-01", "--no-successor", "--reason", "Retired", "--by", "MD", cwd=root)
        assert said.returncode == 0, said.stderr
    commit(root, "QM-01 withdrawn")
    settings = root / "qmsdoc.yml"
    text = re.sub(r"required_sections:\n(?:  .*\n)+|record_sections:.*\n", "", settings.read_text("utf-8"))
    settings.write_text(text.replace(f"language: {language}", f"language: {to}"), "utf-8")
    commit(root, "language switched")
    return root


@pytest.mark.parametrize(("language", "to"), [("en", "zh-CN"), ("zh-CN", "en")])
def test_a_withdrawn_document_is_never_asked_for_the_new_languages_sections(tmp_path: Path, language: str,
                                                                             to: str) -> None:
    """After `language:` changed, check asked a withdrawn procedure — a frozen record no revision may change
    (QD232) — for the new language's sections (QD160) and to list its form under the new records heading
    (QD151): errors only an edit of the withdrawn document could clear, so build --strict could never pass."""
    root = _switched_after_a_withdrawal(tmp_path, language, to)
    with on("2026-06-02"):
        said = run_cli("check", cwd=root)
    assert said.returncode == 0, said.stdout
    assert "QD160" not in said.stdout and "QD151" not in said.stdout, said.stdout


def test_a_live_document_is_still_asked_for_the_new_languages_sections(tmp_path: Path) -> None:
    """The same switch still asks the documents in force and their forms (they are revised and released)."""
    root = _switched_after_a_withdrawal(tmp_path, "en", "zh-CN")
    body = (root / "manuals/qm/QM-01.md").read_text("utf-8").split("\n---\n", 1)[1]
    (root / "manuals/qm/QM-02.md").write_text(
        "---\nid: QM-02\ntitle: Live\ntype: procedure\nversion: A/0\nstatus: draft\ndepartment: Quality\n"
        "prepared: {by: QA, date: 2026-06-02}\n---\n" + body, "utf-8")
    with on("2026-06-02"):
        said = run_cli("check", cwd=root)
    assert re.search(r"manuals/qm/QM-02\.md:\d+: error QD160 ", said.stdout), said.stdout
    assert "QM-01.md" not in said.stdout and "QD151" not in said.stdout, said.stdout
