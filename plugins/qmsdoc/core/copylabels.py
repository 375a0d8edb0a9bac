"""Every label a controlled copy prints, Word and PDF alike, in one place: each is a key of the language
catalogue (core/i18n), looked up when it is read — `labels.FILE_TITLE` is 「文件名称」 in a Chinese project and
"Title" in an English one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .i18n import t
from .model import SIGNOFF_KEYS

_KEYS = {
    # the 受控文件 page header
    "FILE_TITLE": "label.title",
    "FILE_CODE": "label.id",
    "VERSION": "copy.header.version",
    "EFFECTIVE": "label.effective_date",
    "DEPARTMENT": "label.department",
    "PAGE": "copy.header.page",
    # the footer, and the custom document property of a numbered Word copy
    "CONTROLLED": "copy.controlled",
    "UNCONTROLLED": "copy.uncontrolled",
    "COPY_NUMBER_PROPERTY": "label.copy_number",
    # the watermark of a copy that is not in force
    "WATERMARK_OBSOLETE": "copy.watermark.obsolete",
    "WATERMARK_DRAFT": "copy.watermark.draft",
    # blocks after the body
    "HISTORY": "label.history",
    "APPROVAL": "copy.approval",
    "SIGNATURE": "copy.approval.signature",
    "DATE": "copy.approval.date",
    "MEANING": "copy.approval.meaning",
    # body
    "NOTES": "copy.notes",
    # manuals
    "CONTENTS": "copy.contents",
    "CONTENTS_BOOKMARK": "copy.contents_bookmark",
    "MANUAL_CATEGORY": "copy.category.manual",
    # forms
    "FORM_CATEGORY": "type.form",
    "INFO_GAP": "page.gap",
}
NO_DATE = "—"
CHECKED, UNCHECKED = "☑", "☐"


def __getattr__(name: str) -> str:
    """A label in the project's language, by its name above."""
    key = _KEYS.get(name)
    if key is None:
        raise AttributeError(name)
    return t(key)


def signoff_meanings(count: int) -> list[str] | None:
    """What each of the first `count` signatures (编制, 审核, 批准) means, where the language words it (an English
    copy: "Author: responsible for the content"); None where it does not (a Chinese copy)."""
    meanings = [t(f"signoff_meaning.{key}") for key in SIGNOFF_KEYS[:count]]
    return meanings if all(meanings) else None


def page_of() -> tuple[str, str, str]:
    """「第 X 页 共 Y 页」: the words around the page number and the page count in the header's 页码 cell. The
    cell stands beside its label, so it does not say the label again: an English cell reads "1 of 2"."""
    return t("copy.header.page_before"), t("copy.page.middle"), t("copy.page.after")


def footer_page_of() -> tuple[str, str, str]:
    """The words around the page number and the page count where a footer says them after its own line (a blank
    form's, which has no header table and its 页码 cell): 「　　　第 X 页 共 Y 页」, "      Page X of Y"."""
    return t("copy.footer.page_gap") + t("copy.page.before"), t("copy.page.middle"), t("copy.page.after")


def history_columns() -> tuple[str, str, str, str]:
    return t("label.version"), t("label.date"), t("label.revised_by"), t("label.change")


def footer(*, controlled: bool, copy_number: str, state: str = "") -> str:
    """The footer line, the same in every format (`verify` reads the 分发号 back from it); `state` words the
    受控状态 where a copy says more than 受控/非受控 (a whole manual as of a past day)."""
    state = state or (t("copy.controlled") if controlled else t("copy.uncontrolled"))
    return t("copy.footer", state=state, number_label=t("label.copy_number"),
             number=copy_number or t("copy.blank_number"))


def copy_keyword(copy_number: str) -> str:
    """A numbered copy's 分发号 among the PDF keywords: 「分发号：QP-02-03-A/1-001」."""
    return t("copy.keyword", label=t("label.copy_number"), number=copy_number)


def abbreviation(expansion: str) -> str:
    """What follows an abbreviation's first use in a copy: its expansion, `（纠正和预防措施）`."""
    return t("copy.abbreviation", expansion=expansion)


def missing_image(what: str) -> str:
    """Shown where a body image cannot be embedded."""
    return t("copy.missing_picture", name=what)


def manual_code(code: str) -> str:
    """The manual's number on its cover: 「手册编号：QM-01」."""
    return t("copy.cover.manual_id", id=code)


def cover_rows(signoffs: Sequence[tuple[str, str, str]], *, effective: str, version: str, state: str,
               copy_number: str) -> list[tuple[str, str]]:
    """A whole manual's cover table, Word and PDF alike: each sign-off as 「who · date」 (empty when nobody signed
    it — not a lone " · "), then 实施日期, 版本, 受控状态 and 分发号."""
    rows = [(label, t("page.gap").join(part for part in (by, day) if part)) for label, by, day in signoffs]
    blank = t("copy.blank_number")  # an anonymous build copy: the 分发号 line is left for the hand
    return rows + [(t("label.in_force_date"), effective), (t("copy.cover.version"), version),
                   (t("copy.cover.status"), state), (t("copy.cover.copy_number"), copy_number or blank)]


def form_header(organisation: str, code: str, version: str) -> str:
    """A blank form's page header line."""
    return t("copy.form.header", organisation=organisation, id=code, version=version)


def form_info(code: str, version: str, owner: str, retention: str) -> str:
    """The line under a form's title: 编号、版本、归口文件、保存期限."""
    info = t("copy.form.info", id=code, version=version, owner=owner)
    return info + (t("copy.form.retention", retention=retention) if retention else "")


HeaderRow = tuple[str, str, str, str | None]


def header_rows(title: str, code: str, version: str, effective: str, department: str, *,
                manual: bool = False) -> tuple[HeaderRow, ...]:
    """The rows of the page header under the organisation; None marks the 第 X 页 共 Y 页 cell. A whole
    manual's own pages (cover, index page, 目录) head with the manual's name and number, labelled as the
    manual's (手册名称, 手册编号, as its cover says); a member document's pages with its own (文件名称, 文件编号)."""
    title_label, code_label = ("label.manual_title", "label.manual_id") if manual else ("label.title", "label.id")
    return ((t(title_label), title, t(code_label), code),
            (t("copy.header.version"), version, t("label.effective_date"), effective or NO_DATE),
            (t("label.department"), department, t("copy.header.page"), None))


HEADER_WIDTHS_CM = (2.2, 7.0, 2.2, 5.2)  # label, value, label, value: a Chinese header on A4 portrait


def _word_cm(word: str) -> float:
    """A generous width of one unbreakable word in 9 pt bold: a CJK character is an em, a Latin one about half."""
    return sum(0.33 if ord(char) > 0x2e80 else 0.22 for char in word)


HEADER_LABEL_MAX_CM = 4.2
"""A label column wider than this takes too much from the values: longer labels wrap. Room for "Owner department" on
one line in the widest face a copy may be printed in (DejaVu Sans Bold, LibreOffice's stand-in for a missing font:
3.4 cm at 9 pt) with the cell's padding either side; at 3.4 cm Word wrapped it where the PDF did not."""


def header_widths_cm(rows: Sequence[HeaderRow]) -> tuple[float, float, float, float]:
    """The page header table's columns, Word and PDF alike: each label column as wide as its longest label
    needs on one line ("Version/Revision", "Owner department"), up to HEADER_LABEL_MAX_CM, and never so narrow
    that a word breaks or narrower than the 2.2 cm a Chinese label takes; the values share the rest of
    HEADER_WIDTHS_CM's width in its proportion."""
    def label(labels: Sequence[str]) -> float:
        words = [word for text in labels for word in re.split(r"[\s/]+", text) if word]
        word = max((_word_cm(w) for w in words), default=0) + 0.6
        whole = max((_word_cm(text) for text in labels), default=0) + 0.6
        return max(HEADER_WIDTHS_CM[0], round(max(word, min(whole, HEADER_LABEL_MAX_CM)), 1))

    first, third = label([row[0] for row in rows]), label([row[2] for row in rows])
    rest = sum(HEADER_WIDTHS_CM) - first - third
    share = HEADER_WIDTHS_CM[1] / (HEADER_WIDTHS_CM[1] + HEADER_WIDTHS_CM[3])
    return first, round(rest * share, 2), third, round(rest * (1 - share), 2)
