"""Render the planned drafts, form stubs and (new) manual index as files, and write them: each one
created atomically, none overwriting an existing file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..acts.yamledit import scalar
from ..core.codes import file_stem
from ..core.config import Config
from ..core.errors import os_reason
from ..core.i18n import t
from ..core.model import SIGNOFF_LABELS
from ..core.revision import first_version
from ..core.sourcefile import Edits, SourceWriteError
from . import cover
from .blocks import Note
from .markdown import body, front_matter
from .plan import FormStub, ImportPlan, ManualPlan, todo
from .recognise import Draft


def draft_text(draft: Draft) -> str:
    fields: dict[str, object] = {"id": draft.id, "title": draft.title, "type": draft.type, "version": draft.version,
                                 "status": "draft", "department": draft.department or todo()}
    if draft.effective_date:
        fields["effective_date"] = draft.effective_date
    where = "import.draft.from_paragraph" if draft.path.endswith(".docx") else "import.draft.from_line"
    comments = [t(where, file=Path(draft.path).name, line=draft.line, source=t(draft.id_from))]
    if draft.kept:  # front-matter keys qmsdoc has no field for: kept as written, for a person to move or delete
        comments += [t("import.draft.unmapped"), *(f"  {line}" for line in draft.kept)]
    for key, label in SIGNOFF_LABELS:
        by, day = draft.signoffs.get(key, ("", ""))
        date = cover.iso_date(day)
        if key == "approved":
            if by:  # an import never approves: the old approval is kept as a note for the release
                comments.append(t("import.draft.old_approval", label=label, by=by, day=day))
        elif by and date:
            fields[key] = {"by": by, "date": date}
        elif by:
            comments.append(t("import.draft.signoff_incomplete", label=label, by=by, day=day))
    history = []
    for raw_version, raw_date, by, change in draft.history:
        version, date = cover.version(raw_version), cover.iso_date(raw_date)
        if version and date and change:
            entry = {"version": version, "date": date}
            if by:
                entry["by"] = by
            entry["change"] = change
            history.append(entry)
        else:
            comments.append(t("import.draft.history_incomplete", entry=f"{raw_version} {raw_date} {by} {change}"))
    if history:
        fields["history"] = history
    return front_matter(fields, comments, draft.own) + body(draft.blocks)


def form_text(stub: FormStub) -> str:
    head = front_matter({"code": stub.code, "title": stub.title, "version": first_version(), "owner": stub.owner,
                         "status": "draft", "fields": [{"label": t("import.form.field")}]},  # like the documents
                        [t("import.form.comment")] + ([t("import.form.source", source=stub.source, entry=stub.entry)]
                                                      if stub.source else []))
    return head.removeprefix("---\n").removesuffix("---\n")  # a form file is plain YAML


def manual_text(manual: ManualPlan, front: Sequence[Note] = ()) -> str:
    """A new manual's index.md: its front matter, 适用范围 to fill in, and the front pages the import found (cover,
    目录, overview, 颁布令…), each under its heading, in the source's order."""
    head = front_matter({"id": manual.id, "title": manual.title, "owner": todo()},
                        [t("import.manual.comment")])
    numbering = (f"numbering:\n  document: {scalar(manual.document_pattern)}\n"
                 f"  form: {scalar(manual.form_pattern)}\n---\n")
    pages = ""
    for number, page in enumerate(front):
        if number == 0 or page.front != front[number - 1].front:
            pages += f"\n## {page.front}\n"
        pages += f"\n{page.text}\n"
    return (head.removesuffix("---\n") + numbering + f"# {manual.title}\n\n## {t('import.manual.scope')}\n\n{todo()}\n"
            + pages)


def planned_files(config: Config, plan: ImportPlan) -> list[tuple[Path, str]]:
    assert plan.manual is not None
    files: list[tuple[Path, str]] = []
    if not plan.manual.exists:
        files.append((plan.manual.folder / "index.md", manual_text(plan.manual, plan.front)))
    files += [(plan.paths[id(d)], draft_text(d)) for d in plan.drafts]
    files += [(config.forms_path / f"{file_stem(s.code)}.yaml", form_text(s)) for s in plan.forms]
    return files


def existing(files: Sequence[tuple[Path, str | bytes]]) -> list[Path]:
    return [path for path, _ in files if path.exists()]


def write_all(files: Sequence[tuple[Path, str | bytes]]) -> list[str]:
    """Create every file (never replacing one), all or nothing: if one cannot be written, the files and
    folders this call created are removed again and the error is returned as a message."""
    edits = Edits()
    try:
        for path, text in files:
            edits.create(path, text.encode("utf-8") if isinstance(text, str) else text)
    except BaseException as exc:  # Ctrl-C too: only what this import made goes (files created exclusively, new folders)
        problems = edits.undo()
        if not isinstance(exc, (SourceWriteError, OSError)):
            raise
        return [t("import.write_undone", error=os_reason(exc)), *problems]
    return []
