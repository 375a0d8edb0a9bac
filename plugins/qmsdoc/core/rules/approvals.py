"""Review and approval (7.5.2 c): 编制/审核/批准 present and in date order."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import languages, t
from ..model import SIGNOFF_LABELS, Document
from ..status import Status
from . import Context, Rule, each_document, per_file

PLACEHOLDER = "（待编写）"  # what `qmsdoc new` writes under each heading in Chinese


def placeholder() -> str:
    """What `qmsdoc new` writes under each heading, in the project's language."""
    return t("new.placeholder")


def placeholder_lines(body: str, first_line: int) -> list[int]:
    """File lines still holding the skeleton text `qmsdoc new` writes (in any language: a draft may have been
    started before the project's language changed)."""
    marks = {language.messages.get("new.placeholder", PLACEHOLDER) for language in languages().values()}
    return [first_line + offset for offset, line in enumerate(body.split("\n")) if any(m in line for m in marks)]


@per_file("QD120", Severity.ERROR, "编制 ≤ 审核 ≤ 批准 ≤ 生效 日期顺序错误", per=each_document)
def signoff_order(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    steps = [(label, key, document.signoffs[key].date) for key, label in SIGNOFF_LABELS
             if key in document.signoffs and document.signoffs[key].date]
    if document.effective_date:
        steps.append((t("rule.QD120.effective"), "effective_date", document.effective_date))
    for (label_a, _, day_a), (label_b, key_b, day_b) in zip(steps, steps[1:], strict=False):
        if day_b < day_a:  # type: ignore[operator]
            yield self.at(document.path, document.source.line_of(key_b),
                          t("rule.QD120.message", later=label_b, later_day=day_b, earlier=label_a, earlier_day=day_a))


@per_file("QD121", Severity.ERROR, "已批准/现行文件缺少编制、审核或批准", per=each_document)
def signoff_present(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if not document.status.is_controlled:
        return
    missing = [label for key, label in SIGNOFF_LABELS if key not in document.signoffs]
    if missing:
        yield self.at(document.path, document.source.line_of("status"),
                      t("rule.QD121.missing", status=document.status_label, missing=t("list.separator").join(missing)))
    if document.status.is_current and "effective_date" not in document.source.data:  # one written wrong: QD004
        yield self.at(document.path, document.source.line_of("status"),
                      t("rule.QD121.no_effective_date"))


@per_file("QD123", Severity.ERROR, "待审核或已发布的文件仍有未编写的占位内容", per=each_document)
def placeholder_left(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.status is not Status.REVIEW and not document.status.is_controlled:
        return
    for line in placeholder_lines(document.body, document.source.body_line):
        yield self.at(document.path, line,
                      t("rule.QD123.message", placeholder=placeholder()))
