"""Which two versions of an item a redline compares, and how each is read into blocks (core/compare.py):
the version in force, its working revision (`draft`), or any released version from git history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import schemas
from .check import CheckResult
from .codes import normalise
from .compare import Block, Comparison, blocks, compare, field_blocks
from .errors import QmsdocError, UsageError, shown
from .gitlog import Revisioned
from .i18n import join, t
from .model import TYPE_LABELS, Document, Form, Manual
from .names import as_written
from .render import CorpusRenderer
from .revision import asked, help_examples
from .revisions import working_revision
from .source import SourceText
from .versions import Release, releases

DRAFT = "draft"


class RedlineError(QmsdocError):
    """The versions asked for cannot be compared (the message says why; `findings`, if any, where); exit 1."""


@dataclass(frozen=True)
class Version:
    """One side of a comparison: a label (A/1, 修订稿) and the source text of that version."""

    label: str
    source: SourceText
    reason: str = ""
    author: str = ""  # who prepared it (the 修订记录 entry's 修订人, or the working revision's)
    date: str = ""  # when (YYYY-MM-DD)


def _entry(source: SourceText, version: str) -> dict[str, Any]:
    """The 修订记录 entry of `version` in a source (empty if none)."""
    data = source.data if isinstance(source.data, dict) else {}
    return next((h for h in data.get("history") or [] if isinstance(h, dict) and str(h.get("version")) == version),
                {})


def released_version(label: str, source: SourceText) -> Version:
    entry = _entry(source, label)
    return Version(label, source, str(entry.get("change", "")), str(entry.get("by", "")), str(entry.get("date", "")))


def document_fields(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields a reader of a document sees in its control block, as compared."""
    months = data.get("review_months")
    external = data.get("external")
    return [(t("label.title"), str(data.get("title", ""))),
            (t("label.type"), TYPE_LABELS.get(str(data.get("type")), "")),
            (t("label.department"), str(data.get("department", ""))),
            (t("redline.field.review"), t("redline.field.months", months=months) if months else "")] + [
        (t("redline.field.external"), _external_text(item))
        for item in (external if isinstance(external, list) else []) if isinstance(item, dict)]


def _external_text(item: dict[str, Any]) -> str:
    """An external document a document declares (外来文件), as compared: its code and title, and who issued it."""
    named = " ".join(str(item.get(key, "") or "") for key in ("code", "title")).strip()
    issuer = str(item.get("issuer", "") or "")
    return t("redline.field.layout", label=named, layout=issuer) if issuer else named


def manual_fields(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields of a manual's index page that its approver signs for besides the text: title, owner, the
    numbering rules its documents and forms must follow, how its clauses are numbered and its place among the
    manuals."""
    fields = [(t("redline.field.manual_title"), str(data.get("title", ""))),
              (t("label.department"), str(data.get("owner", "") or ""))]
    given = data.get("numbering")
    numbering: dict[str, Any] = given if isinstance(given, dict) else {}
    fields += [(t("redline.field.numbering_document"), str(numbering.get("document", "") or "")),
               (t("redline.field.numbering_form"), str(numbering.get("form", "") or "")),
               (t("redline.field.numbering_example"), str(numbering.get("example", "") or ""))]
    types = numbering.get("types")
    for name, pattern in (types.items() if isinstance(types, dict) else []):
        fields.append((t("redline.field.numbering_type", type=TYPE_LABELS.get(str(name), str(name))), str(pattern)))
    clauses = data.get("clause_numbering")
    if clauses is not None:
        fields.append((t("redline.field.clause_numbering"), str(clauses).lower()))
    if data.get("order") is not None:
        fields.append((t("redline.field.order"), str(data["order"])))
    return fields


def _field_text(item: dict[str, Any]) -> str:
    """A form's field as compared: its label, and its size when it is not one half-width line (a field given
    more lines or the full width is a change to the blank form the approver signed for)."""
    label = str(item.get("label", ""))
    layout = []
    lines = item.get("lines")
    if isinstance(lines, int) and lines > 1:
        layout.append(t("redline.field.lines", count=lines))
    if item.get("width") == "full":
        layout.append(t("redline.field.full_width"))
    return t("redline.field.layout", label=label, layout=join(layout)) if layout else label


def _column_text(column: object) -> str:
    """A table head as the redline shows it: a group as its label and its columns (检查结果（合格、不合格）)."""
    if isinstance(column, dict):
        members = column.get("columns")
        return t("redline.field.column_group", group=str(column.get("group", "")),
                 columns=join(_column_text(c) for c in (members if isinstance(members, list) else [])))
    return str(column)


def _form_blocks(data: dict[str, Any]) -> list[Block]:
    orientation = t("redline.field.landscape") if data.get("orientation") == "landscape" else \
        t("redline.field.portrait")
    fields: list[tuple[str, str]] = [(t("redline.field.form_title"), str(data.get("title", ""))),
                                     (t("label.owner_document"), str(data.get("owner", "") or "")),
                                     (t("label.retention"), str(data.get("retention", ""))),
                                     (t("redline.field.orientation"), orientation)]
    for item in data.get("fields") or []:
        if isinstance(item, dict):
            fields.append((t("redline.field.field"), _field_text(item)))
    table = data.get("table")
    if isinstance(table, dict) and table.get("columns"):
        fields.append((t("redline.field.columns"), join(_column_text(c) for c in table["columns"])))
        fields.append((t("redline.field.rows"), str(table.get("rows", ""))))
    fields += [(t("redline.field.signature"), str(s)) for s in data.get("signatures") or []]
    # what a person fills in and signs is the form's content: the 修订对照表 names its rows by it, not 文件信息
    return field_blocks(fields, own_clause={t("redline.field.field"), t("redline.field.columns"),
                                            t("redline.field.rows"), t("redline.field.signature")})


def own_fields(kind: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The team's own fields (`extra_fields`), each as written: no page shows them, but they are approved content,
    so a change to one is a change between the versions."""
    return [(str(key), value if isinstance(value, str) else as_written(value, limit=500))
            for key, value in data.items() if key not in schemas.fields(kind)]


def item_blocks(kind: str, source: SourceText, renderer: CorpusRenderer) -> list[Block]:
    """A version read as the reader sees it: its control-block fields, then its rendered body; and the fields of
    the team's own that only the approver sees."""
    data = source.data if isinstance(source.data, dict) else {}
    own = field_blocks(own_fields(kind, data))
    if kind == "form":
        return _form_blocks(data) + own
    head = field_blocks(document_fields(data) if kind == "document" else manual_fields(data))
    return head + own + blocks(renderer.text(source.body, source.path).html)


def compare_versions(kind: str, old: Version, new: Version, renderer: CorpusRenderer) -> Comparison:
    return compare(item_blocks(kind, old.source, renderer), item_blocks(kind, new.source, renderer),
                   old_label=old.label, new_label=new.label, reason=new.reason)


# -- choosing the versions ------------------------------------------------------------------------------

def target(result: CheckResult, code: str) -> tuple[str, Document | Form | Manual]:
    wanted = normalise(code)
    found = result.corpus.lookup(wanted)
    if isinstance(found, Document):
        return "document", found
    if isinstance(found, Form):
        return "form", found
    manual = result.corpus.manual(wanted)
    if manual is None:
        raise RedlineError(t("act.issue.unknown", id=shown(code), hint=result.did_you_mean(code)), result.unread(code))
    return "manual", manual


def released(result: CheckResult, kind: str, item: Document | Form | Manual) -> list[Release]:
    """The item's released versions from git history (empty without git)."""
    history: dict[str, list[Revisioned]] = result.context.history.versions
    return releases(kind, item.path, history.get(item.path, []))


def _version(item: Document | Form | Manual) -> str:
    return item.version if isinstance(item, Manual) else str(item.version or "")


def _is_draft(label: str) -> bool:
    """`--to draft` (or 修订稿, or the revision's label in the project's language): the working revision."""
    return label.lower() in (DRAFT, "修订稿", t("revision.label").lower())


def choose(result: CheckResult, code: str, old: str | None, new: str | None) -> tuple[str, str, Version, Version]:
    """(kind, id, from, to) for `qmsdoc redline ID [--from V] [--to V|draft]`. By default: the working revision
    against the version in force if there is one, else the version in force against the one before it — for a
    withdrawn document its last version in force (`Document.withdrew`), the withdrawal's own number holding no
    change of text."""
    old, new = (None if v is None else v if _is_draft(v) else asked(v, option)  # a/1 is A/1; garbage is usage
                for v, option in ((old, "--from"), (new, "--to")))
    kind, item = target(result, code)
    revision = result.corpus.revisions.get(item.id)
    unusable = working_revision(result.corpus, item.id) if revision is None else None
    current = _version(item)
    found = released(result, kind, item)
    by_version = {r.version: r for r in found}
    if isinstance(item, Document) and item.status.is_unapproved and not found:
        # a draft's A/0 is no released version: there is nothing to compare it with until it is released
        raise RedlineError(t("redline.never_released", id=item.id, status=item.status_label))

    def version(label: str) -> Version:
        if _is_draft(label):
            if unusable is not None:  # a revision is there but cannot be read: never compare without it
                raise RedlineError(t("redline.revision_unusable", id=item.id, path=unusable.path),
                                   [f for f in result.findings if f.path == unusable.path])
            if revision is None:
                raise RedlineError(t("redline.no_revision", id=item.id))
            return Version(t("revision.label"), revision.source, revision.reason, revision.by,
                           revision.date.isoformat() if revision.date else "")
        if label == current:
            return released_version(current, item.source)
        release = by_version.get(label)
        if release is None:
            known = join([*by_version, *([current] if current not in by_version else [])]) or \
                t("hist.none")
            why = "" if result.context.history.available else t("redline.why", note=result.context.history.note)
            raise RedlineError(t("redline.no_version", id=item.id, version=label, known=known, why=why))
        return released_version(label, release.source)

    last = item.withdrew if isinstance(item, Document) else None
    if new is None and old is None and last in by_version and [r.version for r in found].index(last) > 0:
        new = last  # a withdrawal changed no text: the last version in force against the one before it
    if new is None:
        new = DRAFT if revision is not None or unusable is not None else current
    if old is None:
        if _is_draft(new):
            old = current
        else:
            earlier = [r.version for r in found if r.version != new]
            position = [r.version for r in found].index(new) if new in by_version else len(found)
            before = [v for v in [r.version for r in found[:position]] if v in earlier]
            if not before:
                note = result.context.history.note
                why = "" if result.context.history.available else t("redline.why_colon", note=note)
                raise RedlineError(t("redline.no_earlier", id=item.id, version=new, why=why))
            old = before[-1]
    older, newer = version(old), version(new)
    if older.label == newer.label:  # nothing to compare: the officer meant another --from or --to
        raise UsageError(t("redline.same_version", id=item.id, version=newer.label, **help_examples()))
    return kind, item.id, older, newer
