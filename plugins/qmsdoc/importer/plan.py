"""The whole import as a plan before anything is written: read every file, split and recognise its
documents, give each a control number, find its manual (or plan a new one) and its form stubs."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.codes import compile_pattern, file_stem, natural_key, normalise
from ..core.config import Config
from ..core.i18n import join, t
from ..core.limits import UNREADABLE
from ..core.loader import load_corpus
from ..core.model import Corpus
from ..core.rules.identity import form_number_problem, id_pattern
from ..core.structure import heading_name
from ..search.hant import simplified_usage
from . import cover, jobs, toc
from .blocks import Block, Chunk, Note, quoted
from .clauses import text_blocks
from .docx_reader import DocxFile, ReadError, read_docx
from .listing import form_title, listed_note, named
from .markdown import body
from .md_links import relink
from .md_reader import is_markdown, read_markdown
from .recognise import FORM_SUFFIX, Draft, draft_from, link
from .splitter import cover_notes, drop_cover_table, split_blocks, split_text
from .text_reader import Line, LineRanges, read_lines

PICTURES = "img"  # the folder beside a manual's pages that holds their pictures (as the shipped manuals keep them)


def todo() -> str:
    """What the import writes where a person must fill in a value, in the project's language."""
    return t("import.todo")


@dataclass
class FormStub:
    code: str
    title: str
    owner: str
    source: str = ""  # a form a 目录 lists: where (file:line) and as what entry, for the draft's comment
    entry: str = ""
    path: str = ""  # where the import found its code, for the report
    line: int = 0


@dataclass
class ManualPlan:
    id: str
    folder: Path
    exists: bool
    document_pattern: str
    form_pattern: str
    title: str


@dataclass
class ImportPlan:
    drafts: list[Draft] = field(default_factory=list)
    forms: list[FormStub] = field(default_factory=list)
    manual: ManualPlan | None = None
    notes: list[Note] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    paths: dict[int, Path] = field(default_factory=dict)  # id(draft) → target file
    front: list[Note] = field(default_factory=list)  # the front pages a new manual's index.md takes, in order


def read_file(path: Path, display: str, notes: list[Note], only: LineRanges | None = None,
              extra: Collection[str] = (),
              project: cover.ProjectSections = cover.ProjectSections()) -> list[Chunk]:  # noqa: B008 (frozen)
    """One imported file as chunks (of a text file, only the lines in `only`; of a Markdown file, its front
    matter's `extra` fields kept as fields; `project`: the project's own section names, read by every reader as
    the built-in ones are); ReadError when it cannot be read at all."""
    if path.suffix.lower() == ".docx":
        read = read_docx(path, display)
        notes.extend(read.notes)
        chunks = _docx_chunks(read, path, display, notes, project)
        _pictures_kept(read.blocks, chunks, display, notes)
        return chunks
    if is_markdown(path):
        return read_markdown(path, display, notes, extra, project)
    if path.suffix.lower() == ".doc":
        raise ReadError(t("import.doc_format", path=display, code=UNREADABLE))
    chunks = split_text(read_lines(path, display, notes, only), display, notes)
    for chunk in chunks:
        chunk.blocks = text_blocks(chunk.lines, project=project)
        for key, value in jobs.info_fields(chunk.blocks).items():  # 所屬部門 in a job's glued labels
            chunk.fields.setdefault(key, value)
    if not chunks:
        notes.append(Note(display, 0, t("import.no_documents")))
    return chunks


# A paragraph bold from end to end, short and not a sentence: how a Word file without heading styles writes its
# title and its headings (「**1. PURPOSE**」, 「**1.1 Scope**」). The text rules read it without the marks.
BOLD_HEADING = re.compile(r"^\*\*(?P<text>[^*\n]{1,80}?[^*.。;；,，:：\s])\*\*$")


def _docx_chunks(read: DocxFile, path: Path, display: str, notes: list[Note],
                 project: cover.ProjectSections) -> list[Chunk]:
    """A Word file's blocks as chunks: split by its 「标题 1」 headings, else by the text rules."""
    if not any(b.text.strip() or any(c.strip() for row in b.rows for c in row) for b in read.blocks):
        notes.append(Note(display, 0, t("import.docx_no_text")))  # not a draft named after the file, empty
        return []
    if not any(b.kind == "heading" and b.level == 1 for b in read.blocks):
        # no 「标题 1」: split by the text rules (第X篇, title + 1.0 目的, 第一章 …) as for pasted text, Word's own
        # table of contents among the lines where it stands — its forms drafted, its documents looked for, as a
        # text file's 目录 is
        tried: list[Note] = []  # kept only if the text rules find documents: else the file is imported whole
        lines = as_lines(sorted([*read.blocks, *read.contents], key=lambda b: b.line))
        left = _contents_left(read.contents, lines, display)
        chunks = split_text([line for line in lines if line.number not in left], display, tried)
        if chunks:
            notes.extend(tried)
            _contents_said(left, display, notes)
        for chunk in chunks:
            chunk.blocks = _with_pictures(text_blocks(chunk.lines, project=project), read.blocks)
            chunk.fields.update({k: v for k, v in read.header_fields.items() if len(chunks) == 1})
            drop_cover_table(chunk)
        if chunks:
            return chunks
        notes.append(Note(display, 0, t("import.no_heading1_whole")))
        read.blocks.insert(0, Block("heading", read.header_fields.get("title", path.stem), 1))
    chunks = split_blocks(_without_toc(read, display, notes), display, notes, header=read.header_fields,
                          qmsdoc_copy=read.qmsdoc_copy)
    for chunk in chunks:
        if not chunk.qmsdoc_copy:  # old Word files number clauses by hand in plain paragraphs
            chunk.blocks = _with_pictures(text_blocks(as_lines(chunk.blocks), project=project), chunk.blocks)
    return chunks


def _contents_left(contents: list[Block], lines: list[Line], display: str) -> list[int]:
    """Word's table-of-contents paragraphs the text rules' 目录 reader does not take (no 目录 heading, no entries
    it reads): no body text, so they are left out before the text is split."""
    if not contents:
        return []
    kept = {line.number for line in toc.apply(list(lines), display, []) if line.block is None}
    return [b.line for b in contents if b.line in kept]


def _without_toc(read: DocxFile, display: str, notes: list[Note]) -> list[Block]:
    """A file split by its 「标题 1」 headings: its 目录 (typed paragraphs, or Word's own) read by the text rules' one
    目录 reader for what it says — its forms drafted, the documents it lists that the file does not hold named, as
    for the same text — but not for where it cuts (the headings decide that). The blocks without the 目录's
    paragraphs, and without the manual's cover above it before the first heading (said for the new manual's index.md,
    as for the text); Word's entries the reader does not take are counted, as before."""
    lines = [Line(b.line, _unbold(b.text)) if b.kind in ("para", "heading") else Line(b.line, "", b)
             for b in sorted([*read.blocks, *read.contents], key=lambda b: b.line)]
    first = next((b.line for b in read.blocks if b.kind == "heading" and b.level == 1), 0)
    read_lines = toc.apply(list(lines), display, notes)
    covers = [line for line in read_lines if line.mark == "cover" and line.number < first]
    cover_notes(display, covers, notes)
    kept = {line.number for line in read_lines if line.block is None and line not in covers}
    taken = {line.number for line in lines if line.block is None} - kept
    _contents_said([b.line for b in read.contents if b.line not in taken], display, notes)
    return [b for b in read.blocks if b.line not in taken]


def _contents_said(left: list[int], display: str, notes: list[Note]) -> None:
    if left:
        notes.append(Note(display, left[0], t("import.contents", count=len(left), first=left[0], last=left[-1])))


def _with_pictures(blocks: list[Block], source: list[Block]) -> list[Block]:
    """Blocks the text rules made from Word paragraphs, given back the pictures whose places their text kept (each
    block made from one paragraph, the places' numbers unchanged)."""
    pictures = {b.line: b.pictures for b in source if b.pictures and b.kind == "para"}
    for block in blocks:
        if not block.pictures and block.line in pictures:
            block.pictures = pictures[block.line]
    return blocks


def _pictures_kept(blocks: list[Block], chunks: list[Chunk], display: str, notes: list[Note]) -> None:
    """A report line for each place whose pictures no draft shows (a cover, approval or revision-history table
    read into front matter — signatures —, text before the first document): never dropped unsaid."""
    shown = {id(p) for chunk in chunks for b in chunk.blocks for p in b.shown()}
    dropped: dict[int, int] = {}
    for block in blocks:
        for picture in block.shown():
            if id(picture) not in shown:
                dropped[block.line] = dropped.get(block.line, 0) + 1
    for line, count in dropped.items():
        notes.append(Note(display, line, t("import.pictures_dropped", count=count)))


def as_lines(blocks: list[Block]) -> list[Line]:
    """Word blocks for the text rules: paragraphs as lines (a bold heading-like one without its marks),
    everything else kept whole."""
    return [Line(b.line, _unbold(b.text)) if b.kind == "para" else Line(b.line, "", b) for b in blocks]


def _unbold(text: str) -> str:
    heading = BOLD_HEADING.match(text)
    return heading["text"] if heading else text


def drafts_from(paths: list[Path], notes: list[Note], errors: list[str], only: LineRanges | None = None,
                extra: Collection[str] = (),
                project: cover.ProjectSections = cover.ProjectSections()) -> list[Draft]:  # noqa: B008 (frozen)
    drafts = []
    for path in paths:
        try:
            chunks = read_file(path, path.as_posix(), notes, only, extra, project)
        except ReadError as exc:
            errors.append(str(exc))
            continue
        drafts += [draft_from(chunk, notes, project) for chunk in chunks]
    return drafts


def generalise(codes: list[str]) -> str | None:
    """`QP-02-03`, `QP-02-11` → `^QP-\\d{2}-\\d{2}$` (digit runs become \\d{n}; several shapes are alternatives)."""
    shapes = sorted({re.sub(r"\d+", lambda m: f"\\d{{{len(m.group(0))}}}", re.escape(c).replace("\\-", "-"))
                     for c in codes})
    if not shapes:
        return None
    return f"^{shapes[0]}$" if len(shapes) == 1 else "^(?:" + "|".join(shapes) + ")$"


def _next_free(seed: str, pattern: str | None, taken: set[str]) -> str:
    candidate = seed
    for _ in range(10_000):
        if candidate not in taken and (pattern is None or compile_pattern(pattern).match(candidate)):
            return candidate
        match = re.search(r"(\d+)(?!.*\d)", candidate)
        if not match:
            break
        number = str(int(match.group(1)) + 1).zfill(len(match.group(1)))
        candidate = candidate[: match.start(1)] + number + candidate[match.end(1):]
    return seed


def plan_import(config: Config, paths: list[Path], manual_id: str, pattern: str | None = None,
                title: str | None = None, only: LineRanges | None = None) -> ImportPlan:
    plan = ImportPlan()
    corpus = load_corpus(config)
    project = cover.ProjectSections.of(config)  # the one place the readers get the project's section names
    plan.drafts = drafts_from(paths, plan.notes, plan.errors, only, config.extra_fields, project)
    plan.manual = _manual(config, corpus, normalise(manual_id), pattern, title, plan)
    if plan.errors:
        return plan
    if not plan.manual.exists:
        _front_pages(plan)
    _number(plan, corpus)
    _name_pictures(plan)
    _stubs(plan, corpus)
    _listed_forms(plan, corpus)
    _form_numbers(plan, corpus)
    titles = {doc.title: doc.id for doc in corpus.documents.values()}
    titles.update({form.title: form.id for form in corpus.forms.values()})
    titles.update({d.title: d.id for d in plan.drafts})
    titles.update({s.title: s.code for s in plan.forms if s.title != todo()})
    known = {*corpus.documents, *corpus.forms, *(d.id for d in plan.drafts), *(s.code for s in plan.forms)}
    sources = {Path(d.path).resolve(): d.id for d in plan.drafts if is_markdown(Path(d.path))}
    for draft in plan.drafts:
        for section, line in draft.record_headings:  # forms listed where check will not look for them: QD151
            if not config.is_record_section(section):
                plan.notes.append(Note(draft.path, line, t("import.records_section_unread", section=section,
                                                           names=join(config.record_sections))))
        link(draft, titles, known)
        relink(draft, sources, plan.notes, project.dialect)
        _leftovers(draft, plan.notes, project.records)
    return plan


# Front pages pasted before a manual's documents, by title: its 颁布令 (or 发布令, 批准令), 前言, 手册说明, 方针目标.
FRONT_TITLE = re.compile(r"^(?:[颁頒]布令|[发發]布令|批[准準]令|前\s*言|序\s*言|\w{0,12}手[册冊][说說]明"
                         r"|(?:质量|質量|服务|服務)?方[针針](?:[、和与與及]?目[标標])?|目\s*[录錄])$")


def _front_pages(plan: ImportPlan) -> None:
    """A new manual's front pages (cover, 目录, overview, drafts titled 颁布令, 前言, 方针目标…) go into its index.md,
    where a quality officer looks for them, in the order the source has them; the report says so for each."""
    notes = [n for n in plan.notes if n.front]  # first: a 目录 comes before the 颁布令 that starts on its line
    contents = t("import.index.contents")  # its own note stays: it says where the text after it was cut
    plan.notes[:] = [replace(n, front="", text="") for n in plan.notes if not n.front or n.front == contents]
    # one with its own control number is a controlled document (a 颁布令 the manual numbers), not a front page
    for draft in [d for d in plan.drafts if not d.id and FRONT_TITLE.match(d.title.strip())]:
        plan.drafts.remove(draft)
        notes.append(Note(draft.path, draft.line, "", draft.title, body(draft.blocks).strip()))
    notes.sort(key=lambda n: (n.path, n.line))
    plan.front = notes
    plan.notes += [Note(n.path, n.line, t("import.front_to_index", part=n.front, chars=len(n.text),
                                          text=" ".join(n.text.split())[:40])) for n in notes]


def _manual(config: Config, corpus: Corpus, manual_id: str, pattern: str | None, title: str | None,
            plan: ImportPlan) -> ManualPlan:
    existing = next((m for m in corpus.manuals if m.id == manual_id), None)
    if existing is not None:
        if pattern and pattern != existing.document_pattern:
            plan.notes.append(Note(existing.path, 0,
                                   t("import.pattern_kept", manual=manual_id, pattern=existing.document_pattern)))
        return ManualPlan(manual_id, config.manuals_path / existing.folder, True, existing.document_pattern,
                          existing.form_pattern, existing.title)
    folder = config.manuals_path / file_stem(manual_id).lower()
    if folder.exists():
        plan.errors.append(t("import.folder_taken", folder=folder, manual=manual_id))
    ids = [d.id for d in plan.drafts if d.id]
    document_pattern = pattern or generalise(ids) or f"^{re.escape(manual_id)}-\\d{{3}}$"
    return ManualPlan(manual_id, folder, False, document_pattern, "",
                      title or t("import.new_manual_title", manual=manual_id))


def _number(plan: ImportPlan, corpus: Corpus) -> None:
    """Documents without a control number get the next free one; duplicates keep theirs (and a
    second file name) so that `qmsdoc check` names both."""
    assert plan.manual is not None
    taken = {*corpus.documents, *corpus.forms}
    for draft in plan.drafts:
        if draft.id in corpus.documents:
            where = corpus.documents[draft.id].path
            plan.errors.append(t("import.id_taken", path=draft.path, line=draft.line, id=draft.id, where=where))
    ids = sorted({d.id for d in plan.drafts if d.id} | {d.id for d in corpus.documents.values()
                                                       if d.manual and d.manual.id == plan.manual.id}, key=natural_key)
    seed = ids[-1] if ids else _first_number(plan.manual.id, plan.manual.document_pattern)
    used = taken | set(ids) | _form_owner_ids(plan)
    seen: dict[str, int] = {}
    for draft in plan.drafts:
        if not draft.id:
            draft.id = _next_free(seed, plan.manual.document_pattern, used)
            draft.id_from = "import.id_from.assigned"
            used.add(draft.id)
            plan.notes.append(Note(draft.path, draft.line, t("import.id_assigned", title=draft.title, id=draft.id)))
        seen[draft.id] = seen.get(draft.id, 0) + 1
        stem = file_stem(draft.id) + (f"_dup{seen[draft.id]}" if seen[draft.id] > 1 else "")
        plan.paths[id(draft)] = plan.manual.folder / f"{stem}.md"
        if seen[draft.id] > 1:
            plan.notes.append(Note(draft.path, draft.line,
                                   t("import.id_duplicate", id=draft.id, title=draft.title, file=f"{stem}.md")))
    if not plan.manual.exists:
        forms = [code for d in plan.drafts for code, _ in d.records]
        plan.manual.form_pattern = generalise(forms) or plan.manual.document_pattern.rstrip("$") + "-F\\d{3}$"


def _name_pictures(plan: ImportPlan) -> None:
    """The one place a draft's pictures get their file: `img/<draft file stem>-<n>.<extension>` beside the
    draft, numbered in the order the draft shows them; a picture shown again (the same bytes, in that draft or
    another in the folder) is shown from the file written the first time."""
    written: dict[tuple[Path, bytes], str] = {}
    for draft in plan.drafts:
        path = plan.paths[id(draft)]
        number = 0
        for picture in (p for b in draft.blocks for p in b.shown()):
            key = (path.parent, picture.data)
            if key not in written:
                number += 1
                written[key] = f"{PICTURES}/{path.stem}-{number}.{picture.extension}"
            picture.file = written[key]


def picture_files(plan: ImportPlan) -> list[tuple[Path, bytes]]:
    """Every picture the drafts show, as (file, bytes) to write beside its draft: each file once."""
    files = {plan.paths[id(d)].parent / p.file: p.data for d in plan.drafts for b in d.blocks for p in b.shown()
             if p.file}
    return list(files.items())


def _first_number(manual_id: str, pattern: str) -> str:
    """The first number of an empty manual in the shape its pattern asks for (`^GSKF-\\d{2}$` → GSKF-01)."""
    shapes = ("-001", "-01", "-1", "001", "01", "-0001", "-1-01", "-01-01", "-001-01")
    compiled = compile_pattern(pattern)
    return next((manual_id + s for s in shapes if compiled.match(manual_id + s)), f"{manual_id}-001")


def _form_owner_ids(plan: ImportPlan) -> set[str]:
    """Numbers the forms point at as their owners: a new number must not take one of them."""
    return {m.group("owner") for d in plan.drafts for code, _ in d.records if (m := FORM_SUFFIX.match(code))}


def _stubs(plan: ImportPlan, corpus: Corpus) -> None:
    stubs: dict[str, FormStub] = {}
    # A 附件 / 支持性文件和质量记录 section lists documents too: a code naming one (in the project, in this import,
    # numbered as the manual numbers its documents or titled as a document is) is a reference, not a form to draft.
    assert plan.manual is not None
    documents = {*corpus.documents, *(d.id for d in plan.drafts)}
    document_number = re.compile(plan.manual.document_pattern)
    for draft in plan.drafts:
        for code, title in draft.records:
            if code in corpus.forms or code in documents or document_number.fullmatch(code) \
                    or cover.DOCUMENT_TITLE.search(title):
                continue
            owner = m.group("owner") if (m := FORM_SUFFIX.match(code)) else draft.id
            if code not in stubs:
                line = next((b.line for b in draft.blocks if f"[[{code}]]" in b.text and b.line), draft.line)
                stubs[code] = FormStub(code, title or todo(), owner, path=draft.path, line=line)
                if owner not in documents:  # check will refuse its owner (QD150): say now, where it is named
                    plan.notes.append(Note(draft.path, line, t(
                        "import.form_owner_missing", id=draft.id, code=code, title=title or todo(), owner=owner)))
            elif title and stubs[code].title == todo():
                stubs[code].title = title
    plan.forms = sorted(stubs.values(), key=lambda s: natural_key(s.code))


def _listed_forms(plan: ImportPlan, corpus: Corpus) -> None:
    """A blank form draft for each form a 目录 lists that the text does not hold (the notes `listing.report_missing`
    gave them to): its code from the 目录 (or the next free `<manual>-Fnn`), its owner from the code (QP-07-F01 →
    QP-07; QRKF0401 → KF0401 when that document is known), else left for a person. A form of that title or code
    already in the project or drafted by this import is named instead."""
    assert plan.manual is not None
    titles = {_spaced(f.title): f.id for f in corpus.forms.values()} | {_spaced(s.title): s.code for s in plan.forms}
    codes = {*corpus.forms, *(s.code for s in plan.forms)}
    documents = {*corpus.documents, *(d.id for d in plan.drafts)}
    notes: list[Note] = []
    ownerless: list[str] = []
    for note in plan.notes:
        if not note.forms:
            notes.append(note)
            continue
        made: list[str] = []
        had: list[str] = []
        for listed_code, listed in note.forms:
            title = form_title(listed)
            if (same := titles.get(_spaced(title)) or (listed_code if listed_code in codes else "")):
                had.append(t("import.toc_form_in_project", form=named((listed_code, listed)), id=same))
                continue
            code = listed_code or _next_free(f"{plan.manual.id}-F01", None, codes)
            owner = _listed_owner(listed_code, documents) if listed_code else todo()  # a number we gave names none
            if owner == todo():
                ownerless.append(code)
            plan.forms.append(FormStub(code, title, owner, f"{note.path}:{note.line}", listed, note.path, note.line))
            titles[_spaced(title)], codes = code, codes | {code}
            made.append(named((listed_code, listed)) + ("" if listed_code else f" → {code}"))
        if made:
            notes.append(listed_note(note.path, note.line, "import.toc_drafted_forms", made))
        if had:
            notes.append(listed_note(note.path, note.line, "import.toc_forms_in_project", had))
        if ownerless:
            notes.append(Note(note.path, note.line, t("import.toc_forms_owner", count=len(ownerless),
                                                      codes=join(ownerless))))
            ownerless = []
    plan.notes[:] = notes
    plan.forms.sort(key=lambda s: natural_key(s.code))


def _form_numbers(plan: ImportPlan, corpus: Corpus) -> None:
    """Each form draft's number judged now as `qmsdoc check` will judge it (QD102, the one judgement in
    core.rules.identity), by its owner's manual (this import's, for a document it drafts): said where the import
    found the number, with check's rule code and message, rather than found after the files are written."""
    assert plan.manual is not None
    for stub in plan.forms:
        owner = corpus.documents.get(stub.owner)
        manual = owner.manual if owner is not None else None
        if manual is not None:
            patterns = (manual.document_pattern, manual.form_pattern, manual.title)
        else:
            patterns = (plan.manual.document_pattern, plan.manual.form_pattern, plan.manual.title)
        problem = form_number_problem(stub.code, stub.owner if stub.owner != todo() else None, *patterns)
        if problem is not None:
            plan.notes.append(Note(stub.path, stub.line, f"{id_pattern.code} {problem}"))


def _listed_owner(code: str, documents: set[str]) -> str:
    """The document a listed form's code names as its owner (QP-07-F01 → QP-07, QRKF0401 → KF0401 when known)."""
    if (match := FORM_SUFFIX.match(code)) is not None:
        return match["owner"]
    return code.removeprefix("QR") if code.startswith("QR") and code.removeprefix("QR") in documents else todo()


def _spaced(title: str) -> str:
    return re.sub(r"\s+", "", title)


def _leftovers(draft: Draft, notes: list[Note], records: tuple[str, ...] = ()) -> None:
    """What a person must still do: fields not found, references that stayed text."""
    missing = [t(label) for label, value in (("import.field.department", draft.department),
                                             ("import.field.prepared", draft.signoffs.get("prepared"))) if not value]
    if missing:
        notes.append(Note(draft.path, draft.line,
                          t("import.missing_fields", id=draft.id, title=draft.title, fields=join(missing))))
    section = folded = ""
    for block in draft.blocks:
        if block.kind == "heading" and block.level <= 2:
            section = block.text
            folded = simplified_usage(section)  # a Traditional heading (支持性文件, 品質紀錄) read in Simplified
        elif block.kind == "item" and ("记录" in folded or "支持性文件" in folded or cover.section_kind(
                heading_name(section), records)) and "[[" not in block.text:
            notes.append(Note(draft.path, block.line, t("import.reference_text", id=draft.id, text=quoted(block.text))))
