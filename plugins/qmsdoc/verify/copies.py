"""What a numbered copy says it is, and the verdict on it against the distribution register.

The 分发号 is read from the copy's own text: the footer `分发号：<number>` that the Word copy prints
(and the PDF copy prints alike). Text readers are keyed by file suffix in COPY_TEXT; PDF text comes
from `pdftotext` (poppler-utils) and its id/version from the PDF metadata (subject, keywords)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..core.approval import Removed
from ..core.codes import normalise
from ..core.copyplan import page_before
from ..core.distribution import (
    CopyEntry,
    Register,
    Standing,
    in_force_until,
    newer_version,
    reason_said,
    replacement_note,
    rewrite_of,
    standing,
    superseded_reason,
    void_said,
)
from ..core.gitlog import Revisioned
from ..core.i18n import languages, sentence, t
from ..core.limits import LimitExceeded, check_archive, read_member
from ..core.model import Corpus, Document, Form, Manual
from ..core.refs import shown_title
from ..core.versions import approved_corpus, existed_by, first_approval, succession

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A copy in any language prints its 分发号 after that language's label (分发号：, Copy No.:).
COPY_NUMBER = re.compile("(?:" + "|".join(re.escape(language.messages["label.copy_number"])
                                          for language in languages().values()) + r")[：:]\s*([^\s＿_]\S*)")
PDF_TIMEOUT = 60


def docx_text(path: Path) -> str:
    """The text of a Word copy's footers (where the 分发号 is printed); "" if it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, path.name)  # the one set of reader limits
            texts = []
            for info in archive.infolist():
                if not re.fullmatch(r"word/footer\d*\.xml", info.filename):
                    continue
                root = ElementTree.fromstring(read_member(archive, info.filename, path.name))
                for paragraph in root.iter(f"{_W}p"):
                    texts.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
            return "\n".join(texts)
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            EOFError, NotImplementedError, LimitExceeded):
        return ""


def pdf_text(path: Path) -> str:
    """The text of a PDF copy (`pdftotext`), "" if it cannot be read."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return ""
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=PDF_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def pdf_info(path: Path) -> dict[str, str]:
    """A PDF's metadata (`pdfinfo`, dates as YYYY-MM-DD…), {} if it cannot be read."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return {}
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", "-isodates", str(path)], capture_output=True,
                              timeout=PDF_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    lines = done.stdout.decode("utf-8", errors="replace").splitlines()
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines if ":" in line)}


# Readers of a copy's printed text, by suffix.
COPY_TEXT: dict[str, Callable[[Path], str]] = {".docx": docx_text, ".pdf": pdf_text}


def _printed(template: str, holes: dict[str, str]) -> str:
    """A pattern for `template` as a copy prints it: each `{name}` is `holes[name]`, and every other character may be
    followed by line breaks or spaces (a PDF's text wraps and spreads anywhere; `pdftotext` drops or doubles spaces)."""
    return "".join(holes[part[1:-1]] + r"\s*" if part.startswith("{") and part[1:-1] in holes
                   else "".join(re.escape(char) + r"\s*" for char in part if not char.isspace())
                   for part in re.split(r"(\{\w+\})", template))


def _any_language(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching what a copy in any language prints (matching nothing when no language prints it)."""
    found = [f"(?:{p})" for p in patterns if p]
    return re.compile("|".join(found), flags) if found else re.compile(r"(?!)")


AS_OF = _any_language([_printed(language.messages["copy.as_of_state"], {"day": r"(\d{4}\s*-\s*\d{2}\s*-\s*\d{2})"})
                       for language in languages().values() if "copy.as_of_state" in language.messages],
                      re.IGNORECASE)
"""「历史版本（YYYY-MM-DD 现行）、非受控」 in any language, the day captured; in any case, as English copies printed it
"historical copy (…)" before the state took a capital like every other copy state."""


def as_of_in(text: str) -> str | None:
    """The day (YYYY-MM-DD) a copy's printed `text` says it shows the manual as of, None when it says none."""
    match = AS_OF.search(text)
    return next((re.sub(r"\s", "", day) for day in match.groups() if day), None) if match else None


def _uncontrolled_head(messages: Mapping[str, str]) -> str:
    """The start of an uncontrolled copy's footer (「受控状态：非受控」) in one language's words, "" if it has none."""
    footer, state = messages.get("copy.footer", ""), messages.get("copy.uncontrolled", "")
    head = footer.split("{state}", 1)[0] + state if "{state}" in footer and state else ""
    return _printed(head, {}) if head.strip() else ""


UNCONTROLLED = _any_language([_uncontrolled_head(language.messages) for language in languages().values()])
"""The footer of a copy printed uncontrolled (「受控状态：非受控」), in any language."""


PRINT_MARK = _any_language([_printed(language.messages["script.uncontrolled"],
                                     {"date": r"(\d{4}\s*-\s*\d{2}\s*-\s*\d{2})"})
                            for language in languages().values() if "script.uncontrolled" in language.messages])
"""The mark a browser prints at the foot of every page of the site (site/assets/qmsdoc.js: 「非受控（打印件）…
打印日期 YYYY-MM-DD」), in any language, the day captured."""


def _print_header(messages: Mapping[str, str]) -> str:
    """The running head a printed page of the site shows (「文件编号 QM-01　版本 A/1」): its control number and
    version captured; "" when the language has no version label."""
    version = messages.get("label.version", "")
    gap = messages.get("page.gap", "").strip()
    return (r"(\S+)\s*" + (re.escape(gap) + r"?\s*" if gap else "") + _printed(version, {}) + r"(\S+)"
            if version else "")


PRINT_HEADER = _any_language([_print_header(language.messages) for language in languages().values()])


class Printed:
    """What a Word or PDF copy handed in prints, each part read from the file once (a PDF's text and metadata
    each take a `pdftotext`/`pdfinfo` run): its 分发号, the past day a whole-manual copy shows, whether its footer
    says uncontrolled, and a PDF's control number, version and date."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def text(self) -> str:
        reader = COPY_TEXT.get(self.path.suffix.lower())
        return reader(self.path) if reader else ""

    @functools.cached_property
    def pdf_info(self) -> dict[str, str]:
        return pdf_info(self.path) if self.path.suffix.lower() == ".pdf" else {}

    def number(self) -> str | None:
        """The 分发号 the copy prints, or None (an anonymous build copy prints a blank line there)."""
        match = COPY_NUMBER.search(self.text)
        return match.group(1) if match else None

    def as_of_day(self) -> str | None:
        """The day a whole-manual copy of a past day (`qmsdoc copy MANUAL --as-of`) says it shows, from the
        受控状态 its footer prints; None for any other copy."""
        return as_of_in(self.text)

    def uncontrolled(self) -> bool:
        """Whether the copy's footer says it is uncontrolled: a copy of an earlier version written for reference
        (`qmsdoc copy ID --version …`), never issued — not a copy to take back."""
        return bool(UNCONTROLLED.search(self.text))

    def site_print(self) -> tuple[str | None, str | None, str] | None:
        """(control number, version, day printed) of a PDF a browser printed of a page of the site, read from its
        running head and foot (the number and version None when its head cannot be read); None for any other file."""
        mark = PRINT_MARK.search(self.text) if self.path.suffix.lower() == ".pdf" else None
        if mark is None:
            return None
        day = next(re.sub(r"\s", "", found) for found in mark.groups() if found)
        head = PRINT_HEADER.search(self.text[:mark.start()] or self.text)
        found = [part for part in head.groups() if part] if head else []
        return (found[0], found[1], day) if len(found) == 2 else (None, None, day)

    def pdf_identity(self) -> tuple[str | None, str | None]:
        """(id, version) from the PDF metadata: subject = control number, keywords = the version first (then,
        on a numbered copy, its 分发号)."""
        version = self.pdf_info.get("Keywords", "").split(",", 1)[0].strip()
        return (self.pdf_info.get("Subject") or None), (version or None)

    def pdf_date(self) -> str | None:
        """The day a PDF copy is dated (its creation date, the approval's: pdf/engine.py), "YYYY-MM-DD" or None."""
        found = re.match(r"\d{4}-\d{2}-\d{2}", self.pdf_info.get("CreationDate", ""))
        return found.group(0) if found else None


def read_from(path: Path, manifest: bool) -> str:
    """Where `verify` read which document and version a file is, as its answers name it: this build's manifest
    (`manifest`: its bytes are listed there, a fact), else what the file says of itself — Word's core properties,
    a PDF's metadata, a page's control block (a claim anyone can write)."""
    if manifest:
        return t("verify.read.manifest")
    suffix = path.suffix.lower()
    return t("verify.read.docx") if suffix == ".docx" else t("verify.read.pdf") if suffix == ".pdf" \
        else t("verify.read.page")


@dataclass(frozen=True)
class CopyVerdict:
    current: bool
    message: str


def _issued(entry: CopyEntry) -> str:
    return t("verify.issued", number=entry.number, date=entry.date, by=entry.issued_by, to=entry.recipient,
             format=entry.format) + replacement_note(entry)


def _disagrees(entry: CopyEntry, number: str | None, code: str | None, version: str | None) -> bool:
    """Whether what a copy prints of itself (分发号, control number, version; None where it prints nothing
    readable) differs from the register line recorded with its SHA-256: that line was changed after the copy was
    issued, and says nothing true of it."""
    return any(printed is not None and normalise(printed) != normalise(recorded)
               for printed, recorded in ((number, entry.number), (code, entry.document), (version, entry.version)))


def standing_now(corpus: Corpus, code: str, versions: dict[str, list[Revisioned]] | None,
                 today: dt.date | None = None, removed: Sequence[Removed] = ()) -> Standing | None:
    """`standing` of `code` (on `today`, when given: in the project as git's `versions` had it approved by then,
    core/versions.py `approved_corpus` — a whole manual with the members approved then), a manual's index page whose
    修订记录 names no page before the approved one that waits taking it from git's `versions` (core/copyplan.py
    `page_before`), when given. An item that did not exist yet that day is judged as loaded (`not_yet_existing`
    says so first)."""
    then = approved_corpus(corpus, versions, today, removed) if versions is not None and today is not None \
        else corpus
    if then.lookup(code) is None and then.manual(code) is None:
        then = corpus
    now = standing(then, code, today)  # a past day: the versions approved by then, not ones approved since
    manual = then.manual(code) if now is not None and now.manual and not now.until_then else None
    if now is not None and manual is not None and versions is not None:  # its 修订记录 names no page before
        now = dataclasses.replace(now, until_then=page_before(manual, versions))
    return now


def not_yet_existing(item: Document | Form | Manual | None, versions: Mapping[str, list[Revisioned]] | None,
                     day: dt.date) -> str | None:
    """What `verify` says of a copy of `item` on a past `day` before its first version was approved
    (core/versions.py `existed_by`): it did not exist yet — never "approved, not yet effective"; None otherwise."""
    if versions is None or not isinstance(item, (Document, Form, Manual)):
        return None
    revisions = versions.get(item.path, [])
    if existed_by(item, revisions, day):
        return None
    return t("verify.not_yet_existing", label=t("verify.label", id=item.id, title=shown_title(item.title)),
             date=first_approval(item, revisions), day=day)


def judge_copy(digest: str, number: str | None, corpus: Corpus, register: Register, today: dt.date,
               claims: tuple[str | None, str | None] = (None, None), *, claims_from: str,
               deleted: Callable[[str], str | None] | None = None,
               versions: dict[str, list[Revisioned]] | None = None, removed: Sequence[Removed] = (),
               suffix: str = "") -> CopyVerdict | None:
    """The verdict on a numbered copy on `today`, or None when the file is no numbered copy (no 分发号,
    unregistered). `claims` is the (control number, version) the copy itself prints in its metadata, held against
    its line; `claims_from` says where they were read (`read_from`). A version approved with a later effective
    date is not yet in force; the one before it still is.
    `deleted`: what became of a number no file holds now, when git saw its file deleted (verdict.py `_deleted`).
    `versions`: git's revisions by path, for the version of a manual's index page in force while its approved one
    waits when its 修订记录 keeps none (core/copyplan.py `page_before`). `suffix`: the file's (".pdf"): a file of
    another format than the copy issued under its 分发号 is a conversion of it (a Word copy saved as PDF), no copy."""
    entry = register.by_sha256(digest)
    if entry is None and number is None:
        return None
    if entry is not None and _disagrees(entry, number, *claims):
        printed = t("verify.printed", source=claims_from, id=claims[0] or t("verify.unknown"),
                    version=claims[1] or t("verify.unknown"),
                    number=number or t("verify.unknown"))
        return CopyVerdict(False, t("verify.line_edited", printed=printed, register=register.display,
                                    line=entry.line, id=entry.document, version=entry.version,
                                    number=entry.number, log=register.log_command()))
    if entry is None:
        claimed = register.by_number(number or "")
        if claimed is None:
            return CopyVerdict(False, t("verify.unregistered", number=number))
        if suffix and suffix.lstrip(".").lower() != claimed.format.lower():  # converted: altered, but not forged
            return CopyVerdict(False, t("verify.converted", number=claimed.number, id=claimed.document,
                                        version=claimed.version,
                                        issued=_issued(claimed), format=claimed.format, suffix=suffix.lstrip(".")))
        if _disagrees(claimed, number, *claims):  # its properties name another copy than its footer: say both
            said = f"{claims[0] or t('verify.unknown')} {claims[1] or t('verify.unknown')}"
            return CopyVerdict(False, t("verify.forged_claims", source=claims_from, claimed=said,
                                        number=claimed.number,
                                        id=claimed.document, version=claimed.version, issued=_issued(claimed)))
        return CopyVerdict(False, t("verify.forged", number=claimed.number, id=claimed.document,
                                    version=claimed.version, issued=_issued(claimed)))
    if entry is not None and (rewrite := rewrite_of(entry, register)) is not None:  # git remembers it otherwise
        return CopyVerdict(False, t("verify.rewritten", number=entry.number, register=register.display,
                                    line=entry.line, commit=rewrite.commit[:10], date=rewrite.date,
                                    field=rewrite.field, then=rewrite.then or t("verify.none_before"),
                                    now=rewrite.now or t("verify.none_before"), log=register.log_command()))
    now = standing_now(corpus, entry.document, versions, today, removed)
    what = t("verify.what", id=entry.document, title=shown_title(now.title) if now else "", version=entry.version,
             issued=_issued(entry))
    if not entry.issued_on(today):  # a past day asked (QMSDOC_TODAY): the line was written later
        return CopyVerdict(False, t("verify.not_yet_issued", today=today, number=entry.number, date=entry.date,
                                    what=what))
    unborn = not_yet_existing(corpus.lookup(entry.document) or corpus.manual(entry.document), versions, today)
    if unborn is not None:  # a line dated before the document's first approval
        return CopyVerdict(False, unborn)
    if entry.void_on(today):
        return CopyVerdict(False, t("verify.void", reason=reason_said(entry.void_reason), date=entry.voided,
                                    replaced=void_said(entry), what=what))
    if now is None:
        why = deleted(entry.document) if deleted is not None else None
        return CopyVerdict(False, t("verify.gone_deleted", what=what, why=why) if why else t("verify.gone", what=what))
    reason = superseded_reason(entry, now, today)
    until = in_force_until(entry, now, today)  # in force until its successor takes effect
    pending = now.pending(today) and not now.obsolete
    if reason is None and until is None and now.in_force and pending:  # approved, in force from its effective date
        return CopyVerdict(False, t("verify.pending", what=what, date=now.next_effect(today),
                                    before=now.before_on(today) or t("verify.none_before")))
    if until is not None or (reason is None and now.in_force):
        if entry.returned_on(today) is not None:  # the version in force, but its number was handed back
            return CopyVerdict(False, t("verify.returned_current", what=what, date=entry.returned,
                                        by=entry.returned_by))
        if until is not None:
            return CopyVerdict(True, now.until_said(until, today, "verify.current_until",
                                                    "verify.current_until_withdrawn", what=what, number=entry.number))
        return CopyVerdict(True, t("verify.current", what=what))
    if newer_version(entry, now, today) and not now.obsolete:
        state = succession(now.following(entry.version), now.in_force_on(today))
    elif reason is not None:  # withdrawn, or a manual whose documents changed
        state = reason
    else:
        state = t("verify.not_effective", version=now.current_version or t("verify.unknown"))
    if entry.returned_on(today) is not None:
        return CopyVerdict(False, sentence(t("verify.returned", state=state, what=what, date=entry.returned,
                                             by=entry.returned_by)))
    # a withdrawn item has no current version to issue in its place (its successor, if any, is named in `state`)
    reissue = "" if now.obsolete else t("verify.reissue")
    return CopyVerdict(False, sentence(t("verify.outstanding", state=state, what=what, to=entry.recipient,
                                         number=entry.number, reissue=reissue)))
