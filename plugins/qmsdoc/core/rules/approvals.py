"""Review and approval (7.5.2 c): 编制/审核/批准 present and in date order."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import join, languages, t
from ..model import SIGNOFF_LABELS, Document
from ..source import SourceText
from ..status import Status
from . import Context, Rule, each_document, per_file

PLACEHOLDER = "（待编写）"  # what `qmsdoc new` writes under each heading in Chinese
# What qmsdoc writes for the author to replace: `new` under each heading, `import` where the source said nothing
# (归口部门, a manual's scope) and as a form stub's one field.
PLACEHOLDER_KEYS = ("new.placeholder", "import.todo", "import.form.field")


def placeholder() -> str:
    """What `qmsdoc new` writes under each heading, in the project's language."""
    return t("new.placeholder")


def _marks() -> frozenset[str]:
    """Every placeholder in every language: a draft may have been started before the project's language changed."""
    return frozenset(language.messages.get(key, PLACEHOLDER) for language in languages().values()
                     for key in PLACEHOLDER_KEYS)


def _holds(text: str, marks: frozenset[str]) -> str | None:
    """The placeholder `text` still is (or holds, for a bracketed one such as 「（待编写）」), or None."""
    bare = text.strip()
    for mark in marks:
        if bare == mark or (mark[:1] in "(（" and mark in text):
            return mark
    return None


def _values(data: object, path: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def placeholders(source: SourceText) -> list[tuple[int, str]]:
    """Where a source still holds what qmsdoc wrote for its author to replace — a body line or a front-matter
    (or form) value — and which placeholder, in file order."""
    marks = _marks()
    found = [(source.line_of(*path), mark) for path, value in _values(source.data)
             if (mark := _holds(value, marks)) is not None]
    found += [(source.body_line + offset, mark) for offset, line in enumerate(source.body.split("\n"))
              if source.body and (mark := _holds(line, marks)) is not None]
    return sorted(found)


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
    written = document.source.data if isinstance(document.source.data, dict) else {}
    # one written wrong (`approved: {date: …}`, no `by`) is QD004's, which names what it lacks: not also missing
    missing = [label for key, label in SIGNOFF_LABELS if key not in document.signoffs and key not in written]
    if missing:
        yield self.at(document.path, document.source.line_of("status"),
                      t("rule.QD121.missing", status=document.status_label, missing=join(missing)))
    if document.status.is_current and "effective_date" not in document.source.data:  # one written wrong: QD004
        yield self.at(document.path, document.source.line_of("status"),
                      t("rule.QD121.no_effective_date"))


def _to_be_filled_in(ctx: Context) -> Iterator[tuple[SourceText, SourceText]]:
    """What may hold no placeholder: documents in review or approved, forms in force, manual index pages."""
    for document in ctx.documents:
        if document.status is Status.REVIEW or document.status.is_controlled:
            yield document.source, document.source
    drafts = ctx.corpus.draft_paths  # a working revision (the check's draft pass) is a draft
    for form in ctx.corpus.forms.values():
        if not form.status.is_unapproved and form.path not in drafts:
            yield form.source, form.source
    for manual in ctx.corpus.manuals:
        if manual.path not in drafts:
            yield manual.source, manual.source


@per_file("QD123", Severity.ERROR, "待审核或已发布的文件、表单或手册首页仍有未编写的占位内容", per=_to_be_filled_in)
def placeholder_left(self: Rule, ctx: Context, source: SourceText) -> Iterator[Finding]:
    for line, mark in placeholders(source):
        yield self.at(source.path, line, t("rule.QD123.message", placeholder=mark))


