"""Quality records (7.5.3): each form has an owner that lists it, and every listed record exists."""

from __future__ import annotations

from collections.abc import Iterator

from .. import page
from ..errors import shown_path
from ..findings import Finding, Severity
from ..formhead import head_minimums, leaf_columns
from ..formuse import listed_earlier, listed_in_force
from ..i18n import t
from ..model import Document, Form
from ..refs import shown_title
from ..structure import Reference, scan
from . import Context, Rule, rule
from .lifecycle import deleted_reference
from .references import obsidian_form


def _listed(ctx: Context, ref: Reference) -> bool:
    """A form is listed by its owner under a records section, or under a records heading deeper in another section
    (`## 6 附录` › `### 6.2 质量记录`). Only listing reads the deeper headings: what QD152 and QD130 judge as a
    records list stays the `##` section, so a `### 4.3 记录` step citing a procedure is not taken for a form list."""
    return any(ctx.config.is_record_section(name) for name in (ref.section, *ref.subsections))


def _record_refs(ctx: Context, document_id: str) -> set[str]:
    document = ctx.corpus.documents[document_id]
    return {r.code for r in ctx.structure(document).references if _listed(ctx, r)}


def _drafted_record_refs(ctx: Context, draft: Document) -> set[str]:
    """The forms a working revision lists: scanned apart, since the context's structures are the versions in force'
    (by id); only [[ID]] entries count here, so relative links need not be resolved."""
    found = scan(draft.body, draft.source.body_line, lambda _target: None, ctx.config.dialect)
    return {r.code for r in found.references if _listed(ctx, r)}


@rule("QD150", Severity.ERROR, "表单的归口文件不存在")
def form_owner(self: Rule, ctx: Context) -> Iterator[Finding]:
    for form in ctx.corpus.sorted_forms():
        if form.owner and form.owner not in ctx.corpus.documents and not ctx.corpus.unloaded(form.owner):
            yield self.at(form.path, form.source.line_of("owner"),
                          t("rule.QD150.message", owner=form.owner))


@rule("QD151", Severity.ERROR, "表单未列入归口文件的质量记录")
def form_listed(self: Rule, ctx: Context) -> Iterator[Finding]:
    for form in ctx.corpus.sorted_forms():
        if form.owner not in ctx.corpus.documents or form.id in _record_refs(ctx, form.owner):
            continue
        owner = ctx.corpus.documents[form.owner]
        if owner.status.is_obsolete:
            # withdrawn with its owner, a frozen record that no revision may change (QD232): its records section is
            # what it was (one under another language's heading after `language:` changed); QD153 speaks for a
            # form nothing in force uses
            continue
        revision = ctx.corpus.revisions.get(owner.id)
        drafted = revision.item if revision is not None and isinstance(revision.item, Document) else None
        # A form added by the owner's revision: the version in force lists it once the revision is released.
        if drafted is not None and form.id in _drafted_record_refs(ctx, drafted):
            continue
        if form.id in listed_in_force(owner, ctx.config, ctx.history):  # dropped by a version not yet in force
            continue
        section = ctx.config.record_sections[0]
        if revision is not None:
            message = t("rule.QD151.revision", id=form.id, owner=owner.id, section=section, path=revision.path)
        elif form.status.is_unapproved and owner.status.is_published:
            message = t("rule.QD151.draft", id=form.id, owner=owner.id, section=section)
        elif form.id in listed_earlier(owner, ctx.config, ctx.history):  # dropped by the owner's version in force
            in_force = owner.in_force_before if owner.pending_on(ctx.config.today) else str(owner.version or "")
            message = t("rule.QD151.dropped", id=form.id, owner=owner.id, version=in_force, path=form.path,
                        section=section)
        else:
            message = t("rule.QD151.message", id=form.id, owner=owner.id, section=section, path=owner.path)
        yield self.at(form.path, form.source.line_of("owner"), message)


@rule("QD152", Severity.ERROR, "质量记录所列表单不存在")
def record_exists(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for ref in ctx.structure(document).references:
            # A document named there is cited, not listed as a record: `## 相关文件和记录` lists the documents
            # beside the forms, and a records section says by which procedure they are kept (按 [[QP-02-01]] 保存);
            # a relative link is always to a document. Telling the writer to create a form of a document's number
            # made a second item with that number.
            if not ctx.config.is_record_section(ref.section) or ref.code in ctx.corpus.forms or \
                    ref.code in ctx.corpus.documents or ctx.corpus.unloaded(ref.code):
                continue
            yield self.at(document.path, ref.line, deleted_reference(ctx, ref.code) or obsidian_form(ctx, document, ref) or
                          t("rule.QD152.message", ref=ref.raw, folder=shown_path(ctx.config.forms_dir), code=ref.code))


@rule("QD154", Severity.ERROR, "现行文件列出了草稿表单")
def draft_form_in_force(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        if not document.status.is_controlled:
            continue  # a draft lists its new forms while both are written; a withdrawn one is not in force
        for ref in ctx.structure(document).references:
            form = ctx.corpus.forms.get(ref.code)
            if form is not None and form.status.is_unapproved:
                yield self.at(document.path, ref.line, t("rule.QD154.message", id=form.id, path=form.path))


@rule("QD153", Severity.WARNING, "孤立表单：只有作废文件使用")
def orphan_forms(self: Rule, ctx: Context) -> Iterator[Finding]:
    # Drafts count as users: a new procedure and its new forms are written together.
    today = ctx.config.today  # withdrawn on a later day: still in force today (`withdrawn_on`)
    used = {r.code for d in ctx.documents if not d.withdrawn_on(today) for r in ctx.structure(d).references}
    for form in ctx.corpus.sorted_forms():
        # An owner in force that does not list the form is QD151's error; this is about forms left behind.
        if form.id not in used and form.withdrawn_on(today):
            yield self.at(form.path, form.source.line_of("code"),
                          t("rule.QD153.message", id=form.id, owner=form.owner))


@rule("QD155", Severity.WARNING, "现行文件列出了已随归口文件作废的表单")
def withdrawn_form_in_force(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A form withdrawn with its owner (a renumbered procedure's old number) still listed by a document in force —
    the one that replaced it, or another: every register called it 作废 while that document named it as its record,
    and check said nothing."""
    yield from (finding for _, finding in withdrawn_forms_listed(self, ctx))


def withdrawn_forms_listed(qd155: Rule, ctx: Context) -> Iterator[tuple[Form, Finding]]:
    """Each form withdrawn with its owner that a document in force lists, with QD155's finding at the listing:
    what check says, and what `obsolete` tells of the forms it withdraws with their owner."""
    today = ctx.config.today  # a withdrawal dated after it has not happened yet that day (`withdrawn_on`)
    for document in ctx.documents:
        if not document.in_force_on(today):  # 现行有效, or 已批准 written by hand, or withdrawn only later
            continue
        for ref in ctx.structure(document).references:
            form = ctx.corpus.forms.get(ref.code)
            if form is not None and form.withdrawn_on(today):
                yield form, qd155.at(document.path, ref.line,
                                     t("rule.QD155.message", id=form.id, title=shown_title(form.title),
                                       owner=form.withdrawn_with, date=form.withdrawn or "—"))


@rule("QD156", Severity.WARNING, "表单的表格列太多，页面放不下")
def form_table_too_wide(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A repeating table whose column heads, each kept whole, are wider than its page's text: the Word and the PDF
    copy squeeze every column below its heading, which then breaks a character a line over cells too narrow to
    write in. A portrait form that a landscape page holds is told to say `orientation: landscape`."""
    for form in ctx.corpus.sorted_forms():
        need = sum(head_minimums(form.columns))  # a group's columns at least as wide as its label
        landscape = form.orientation == "landscape"
        if need <= page.text_units(landscape):
            continue
        data = form.source.data if isinstance(form.source.data, dict) else {}
        line = form.source.line_of("orientation") if "orientation" in data else form.source.line_of("table", "columns")
        fits_turned = not landscape and need <= page.text_units(True)
        yield self.at(form.path, line, t("rule.QD156.portrait" if fits_turned else "rule.QD156.landscape",
                                         id=form.id, count=len(leaf_columns(form.columns)), need=-(-need // 2),
                                         portrait=page.text_units(False) // 2, landscape=page.text_units(True) // 2))


@rule("QD157", Severity.ERROR, "表单表格的列组写法有误")
def form_column_groups(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A group of column heads (`{group: 检查结果, columns: [合格, 不合格]}`) that cannot be laid out as two header
    rows: a group without columns, a group inside a group (one level only), or a head written twice beside another of
    the same name (in the table's first row, or within one group), which no one filling the form could tell apart."""
    for form in ctx.corpus.sorted_forms():
        data = form.source.data if isinstance(form.source.data, dict) else {}
        table = data.get("table")
        columns = table.get("columns") if isinstance(table, dict) else None
        if not isinstance(columns, list):
            continue
        yield from _duplicates(self, form, columns, ("table", "columns"))
        for index, column in enumerate(columns):
            if not isinstance(column, dict) or not isinstance(column.get("group"), str):
                continue
            where = ("table", "columns", index)
            members = column.get("columns")
            if isinstance(members, list) and not members:
                yield self.at(form.path, form.source.line_of(*where, "columns"),
                              t("rule.QD157.empty", id=form.id, group=column["group"]))
            for number, member in enumerate(members if isinstance(members, list) else []):
                if isinstance(member, dict):
                    yield self.at(form.path, form.source.line_of(*where, "columns", number),
                                  t("rule.QD157.nested", id=form.id, group=column["group"],
                                    inner=str(member.get("group", ""))))
            if isinstance(members, list):
                yield from _duplicates(self, form, members, (*where, "columns"))


def _duplicates(qd157: Rule, form: Form, heads: list[object], where: tuple[str | int, ...]) -> Iterator[Finding]:
    """QD157 at each head of `heads` (texts, or groups by their label) written again after the first."""
    seen: set[str] = set()
    for index, head in enumerate(heads):
        label = head.get("group") if isinstance(head, dict) else head
        if not isinstance(label, str):
            continue
        if label.strip() in seen:
            yield qd157.at(form.path, form.source.line_of(*where, index),
                           t("rule.QD157.duplicate", id=form.id, label=label.strip()))
        seen.add(label.strip())
