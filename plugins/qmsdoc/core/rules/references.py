"""Cross-references: `[[ID]]` must resolve, and effective documents must not lean on drafts or obsolete ones."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import partial

from ..codes import normalise
from ..findings import Finding, Severity
from ..i18n import t
from ..mdlinks import REF_PATTERN, has_reference_opener, reference_written
from ..model import Document, in_force_successor
from ..refs import ID_CLASS, TITLE_CLASS, plain_reference, shown_title
from ..render import heading_id
from ..schemas import key_name
from ..structure import Reference, Structure, scan
from . import Context, Rule, rule
from .characters import _named, _shown_texts
from .lifecycle import deleted_reference
from .safety import Page, _bodies

# What Obsidian writes between [[ ]] besides a page: a file to embed (`![[流程图.png]]`, `[[表.pdf|300]]`).
_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|bmp|pdf|docx?|xlsx?|pptx?|md)$", re.I)


def _read(ctx: Context, page: Document | Page) -> Structure:
    """The references a page's body holds: a document's structure, or a manual index's or the home page's read
    the same way (their `[[ID]]` are rendered as a document's are)."""
    if isinstance(page, Document):
        return ctx.structure(page)
    return ctx.from_cache(  # type: ignore[no-any-return]
        "structure", page.source, Structure, partial(scan, page.body, page.source.body_line, None, ctx.config.dialect))


@rule("QD130", Severity.ERROR, "[[ID]] 引用的文件不存在")
def dangling(self: Rule, ctx: Context) -> Iterator[Finding]:
    for _, document in _bodies(ctx):  # documents, manual index pages, the home page
        structure = _read(ctx, document)
        for ref in structure.references:
            if ref.embed and (target := ctx.corpus.lookup(ref.code)) is not None:
                # Obsidian's `![[ID]]` copies the document in; the page, Word and PDF show a reference to it
                yield self.at(document.path, ref.line, t("rule.QD130.embed_document", ref=ref.raw, code=target.id))
            elif not ctx.config.is_record_section(ref.section) and ctx.corpus.lookup(ref.code) is None \
                    and not ctx.corpus.unloaded(ref.code):
                yield self.at(document.path, ref.line, deleted_reference(ctx, ref.code)
                              or obsidian_form(ctx, document, ref) or t("rule.QD130.message", ref=ref.raw))
        for broken in structure.broken_references:
            yield self.at(document.path, broken.line, t("rule.QD130.broken", ref=broken.raw, code=broken.code))
        raw_html = "rule.QD130.raw_html_md" if "md_in_html" in ctx.config.dialect else "rule.QD130.raw_html"
        for in_html in structure.raw_html_references:
            yield self.at(document.path, in_html.line, t(raw_html, ref=in_html.raw, code=in_html.code))
    yield from _in_plain_text(self, ctx)


def _in_plain_text(self: Rule, ctx: Context) -> Iterator[Finding]:
    """`[[ID]]` in a title, a change note, a form's label, column or signature row: text every output shows as
    written (characters.py `_shown_texts`), so the brackets reach the site, both copies and the registers."""
    for _, (source, kind) in _named(ctx):
        if not isinstance(source.data, dict):
            continue
        title = source.data.get("title")
        texts = [*([(("title",), title)] if isinstance(title, str) else []),
                 *((path, text) for path, text, _ in _shown_texts(source.data, kind))]
        for path, text in texts:
            if not has_reference_opener(text):
                continue
            for match in REF_PATTERN.finditer(text):
                if (written := reference_written(match)) is None:
                    continue
                target = ctx.corpus.lookup(normalise(written))
                fix = plain_reference({TITLE_CLASS: shown_title(target.title), ID_CLASS: target.id}) \
                    if target is not None else normalise(written)
                yield self.at(source.path, source.line_of(*path),
                              t("rule.QD130.plain_text", field=key_name(path), written=match.group(0),
                                fix=fix))


def obsidian_form(ctx: Context, document: Document | Page, ref: Reference) -> str | None:
    """What to write instead of Obsidian's `[[ID|别名]]`, `[[ID#章节]]` or `![[图.png]]`, whose page qmsdoc reads as a
    number with `|`, `#` or a file name in it (no such document or form): None for any other reference."""
    page, _, alias = ref.raw.partition("|")
    page, _, section = page.partition("#")
    target = ctx.corpus.lookup(normalise(page.strip()))
    if isinstance(target, Document) and section.strip():
        section = section.strip()
        found = next((h for h in ctx.structure(target).headings if section in (h.text.strip(), h.name.strip())), None)
        anchor = (found.anchor or heading_id(found.text)) if found is not None else "…"
        path = posixpath.relpath(target.path, posixpath.dirname(document.path))
        return t("rule.QD130.section", ref=ref.raw, code=target.id, section=section, path=path, anchor=anchor)
    if target is not None and (alias or section):
        return t("rule.QD130.alias", ref=ref.raw, code=target.id)
    if target is None and _FILE.search(page.strip()):
        return t("rule.QD130.embed", ref=ref.raw, file=page.strip())
    return None


@rule("QD131", Severity.ERROR, "现行文件引用了草稿或作废文件")
def effective_to_inactive(self: Rule, ctx: Context) -> Iterator[Finding]:
    today = ctx.config.today  # a document withdrawn on a later day is still in force today (`in_force_on`)
    for document in ctx.documents:
        if not document.status.is_current:
            continue
        for ref in ctx.structure(document).references:
            target = ctx.corpus.documents.get(ref.code)
            if target and not target.in_force_on(today):
                # its successor in force: a successor withdrawn since is no document to cite
                now = in_force_successor(target, ctx.corpus.documents)
                if target.superseded_by == document.id or (now is not None and now.id == document.id):
                    hint = t("rule.QD131.self")  # never tell a document to cite itself
                elif now is not None:
                    hint = t("rule.QD131.successor", successor=now.id)
                elif target.status.is_obsolete:
                    hint = t("rule.QD131.current")
                elif any(back.code == document.id for back in ctx.structure(target).references):
                    hint = t("rule.QD131.cycle", id=target.id)  # neither can be released before the other
                else:
                    hint = t("rule.QD131.release_first", id=target.id)
                yield self.at(document.path, ref.line,
                              t("rule.QD131.message", status=target.status_label, id=target.id,
                                title=shown_title(target.title), hint=hint))


@rule("QD170", Severity.WARNING, "正文中的文件编号未写成 [[ID]]")
def bare_codes(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for bare in ctx.structure(document).bare_codes:
            if bare.code != document.id and ctx.corpus.lookup(bare.code) is not None:
                yield self.at(document.path, bare.line,
                              t("rule.QD170.message", raw=bare.raw, code=bare.code))
