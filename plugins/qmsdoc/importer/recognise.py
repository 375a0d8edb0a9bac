"""From a chunk to a draft: control number, title, type, version and sign-offs; the 质量记录 entries
(forms to stub) and references — 《title》（ID） and 《known title》 — turned into `[[ID]]`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..core.codes import SPACED_CODE_TOKEN, normalise
from ..core.i18n import t
from ..core.revision import first_version
from ..core.structure import heading_name, section_parts
from ..search.hant import simplified_usage
from . import cover
from .blocks import Block, Chunk, Note

TITLED_REF = re.compile(r"《([^《》\n]{1,60})》（([^（）\n]{1,64})）")
BARE_TITLE = re.compile(r"《([^《》\n]{1,60})》")
# What may stand in （…） after a title as its control number (letters, digits, / - _ .; one digit at least).
REF_CODE = re.compile(r"(?=[^（）]*\d)[A-Za-z0-9][A-Za-z0-9/_.\-]{1,63}")
# A 质量记录 / Records item naming its form after the title: 「来访登记表（QR-01）」「访客证发放记录 QR-02」
# "Nonconformance Report (NCR-01)" "Training Record – HR-F03" (as qmsdoc's English copies write them, too).
TITLE_THEN_CODE = re.compile(rf"(?P<title>[^()（）\[\]]*?[^\s()（）\[\]:：,，.。;；\-–—])\s*(?:[-–—:：,，]\s*)?"
                             rf"(?:[(（\[]\s*(?P<code>{SPACED_CODE_TOKEN.pattern})\s*[)）\]]|(?<=\s|[-–—:：,，])"
                             rf"(?P<bare>{SPACED_CODE_TOKEN.pattern}))")
FORM_SUFFIX = re.compile(r"^(?P<owner>.+?)-(?:F|QR|R)\d{1,4}$")


@dataclass
class Draft:
    path: str
    line: int
    title: str
    id: str = ""
    id_from: str = ""  # the catalogue key naming where `id` came from
    type: str = "manual-section"
    version: str = field(default_factory=first_version)
    department: str = ""
    effective_date: str = ""
    signoffs: dict[str, tuple[str, str]] = field(default_factory=dict)
    history: list[tuple[str, str, str, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    records: list[tuple[str, str]] = field(default_factory=list)  # (form code, title) from 质量记录
    record_headings: list[tuple[str, int]] = field(default_factory=list)  # the sections they were in: (name, line)
    qmsdoc_copy: bool = False
    kept: list[str] = field(default_factory=list)  # source front-matter lines no field took
    own: list[str] = field(default_factory=list)  # source front-matter lines of the project's extra_fields


def doc_type(title: str, blocks: list[Block],
             project: cover.ProjectSections = cover.ProjectSections()) -> str:  # noqa: B008 (frozen)
    """The type a title names, or the built-in judgement by section names and clauses; where that finds none
    (a manual section), the type whose required sections (qmsdoc.yml) the headings all have."""
    found = _built_in_type(title, blocks)
    if found == "manual-section":
        return project.type_of([heading_name(b.text) for b in blocks if b.kind == "heading"]) or found
    return found


def _built_in_type(title: str, blocks: list[Block]) -> str:
    # English headings whatever their case and colon; Chinese ones as written (「目的:」 is not read as 目的 here) but
    # in Simplified (職責 is 职责), and each section a heading joins (「目的和适用范围」 is a Purpose and a Scope)
    names = {simplified_usage(n) if cover.is_chinese_label(n) else cover.label_key(n)
             for b in blocks if b.kind == "heading" for n in section_parts(heading_name(b.text))}
    for kind, pattern in cover.TITLE_TYPES:
        if pattern.search(title):
            return kind
    if names & cover.PURPOSE_SECTIONS and (names & cover.PROCEDURE_SECTIONS or cover.PROCEDURE_TITLE.search(title)):
        return "procedure"
    if any(b.kind == "para" and re.match(r"^第[\d一二三四五六七八九十百]+条", b.text) for b in blocks):
        return "policy"
    if cover.POLICY_TITLE.search(title):
        return "policy"
    return "manual-section"


def _typed_title(title: str) -> tuple[str, str]:
    """"Work Instruction: Calibration of Gauges" → (work-instruction, "Calibration of Gauges"): a type named
    before the title is the document's type, not part of its title."""
    match = re.match(r"^(?P<type>[A-Za-z ]{3,40}?)\s*(?::|\s[-–—]\s)\s*(?P<title>\S.*)$", title)
    kind = cover.type_of(match["type"]) if match else None
    return (kind, match["title"]) if kind and match else ("", title)


def draft_from(chunk: Chunk, notes: list[Note],
               project: cover.ProjectSections = cover.ProjectSections()) -> Draft:  # noqa: B008 (frozen)
    """`project`: the project's own section names (qmsdoc.yml), read as the built-in ones are."""
    fields = chunk.fields
    draft = Draft(chunk.path, chunk.line, fields.get("title") or chunk.title, blocks=chunk.blocks,
                  qmsdoc_copy=chunk.qmsdoc_copy, history=chunk.history, signoffs=dict(chunk.signoffs),
                  kept=chunk.kept, own=chunk.own, records=list(chunk.records),
                  record_headings=list(chunk.record_headings))
    if fields.get("id") and REF_CODE.fullmatch(normalise(fields["id"])):
        draft.id, draft.id_from = normalise(fields["id"]), "import.id_from.document_number"
    elif fields.get("id"):
        notes.append(Note(chunk.path, chunk.line, t("import.id_rejected", value=fields["id"])))
    titled_type, draft.title = _typed_title(draft.title)
    draft.type = cover.type_of(fields.get("type", "")) or titled_type or doc_type(draft.title, draft.blocks, project)
    if fields.get("version"):
        parsed = cover.version(fields["version"])
        if parsed:
            draft.version = parsed
        else:
            notes.append(Note(chunk.path, chunk.line,
                              t("import.version_unknown", value=fields["version"], first=first_version())))
    draft.department = fields.get("department", "")
    draft.effective_date = cover.iso_date(fields.get("effective_date", "")) or ""
    _ambiguous_dates(draft, fields.get("effective_date", ""), notes)
    if fields.get("superseded_by"):
        notes.append(Note(chunk.path, chunk.line, t("import.superseded", successor=fields["superseded_by"])))
    if fields.get("controlled_copy"):
        notes.append(Note(chunk.path, chunk.line, t("import.controlled_copy", value=fields["controlled_copy"])))
    _records(draft, project.records)
    if not draft.id and draft.records:
        owners = Counter(m.group("owner") for code, _ in draft.records if (m := FORM_SUFFIX.match(code)))
        if owners:
            draft.id, draft.id_from = owners.most_common(1)[0][0], "import.id_from.form_numbers"
    return draft


def _ambiguous_dates(draft: Draft, effective: str, notes: list[Note]) -> None:
    """`01/03/2025` may be 1 March or January 3: such a date is not written, and the report says so."""
    dates = [effective, *(day for _, day in draft.signoffs.values()), *(entry[1] for entry in draft.history)]
    for value in dict.fromkeys(d for d in dates if cover.ambiguous_date(d)):
        notes.append(Note(draft.path, draft.line, t("import.date_ambiguous", value=value)))


def _section_of(blocks: list[Block]) -> list[tuple[str, int]]:
    """Each block's section: the name of the heading over it and that heading's line."""
    section, out = ("", 0), []
    for block in blocks:
        if block.kind == "heading" and block.level <= 2:
            section = (heading_name(block.text), block.line)
        out.append(section)
    return out


def _records(draft: Draft, records: tuple[str, ...]) -> None:
    """质量记录 items (or those of a section the project's `records` name) with a form number become `[[CODE]]`;
    their titles name the form stubs."""
    for block, (section, line) in zip(draft.blocks, _section_of(draft.blocks), strict=True):
        if block.kind not in ("item", "table") or cover.section_kind(section, records) != "records":
            continue
        if block.kind == "table":
            _record_table(draft, block, (section, line))
            continue
        if (section, line) not in draft.record_headings:
            draft.record_headings.append((section, line))
        titled = TITLED_REF.fullmatch(block.text.strip())
        if titled:
            draft.records.append((normalise(titled.group(2)), titled.group(1)))
            continue
        match = SPACED_CODE_TOKEN.match(block.text.strip())
        if match:
            code = normalise(match.group(0))
            title = block.text.strip()[match.end():].strip(" 《》:：")
            draft.records.append((code, title))
            block.text = f"[[{code}]]"
        elif (after := _title_then_code(block.text.strip())) is not None:
            code = normalise(after["code"] or after["bare"])
            draft.records.append((code, after["title"].strip(" 《》")))
            block.text = f"[[{code}]]"


def _title_then_code(text: str) -> re.Match[str] | None:
    """A title and then its form number; a bare one (not in brackets) only when it reads as one (「QR-02」
    "HR-F03", not "Form A1")."""
    match = TITLE_THEN_CODE.fullmatch(text)
    if match is None or match["code"]:
        return match
    bare = match["bare"]
    return match if re.search(r"[-_./－—–]", bare) or sum(c.isupper() for c in bare) >= 2 else None


def _record_table(draft: Draft, block: Block, section: tuple[str, int]) -> None:
    """A 质量记录 / Records section written as a table (表单编号 | 表单名称 | 保存期限): each cell holding only a
    form number becomes `[[CODE]]`, its title the first other filled cell of the row; the other columns stay."""
    for row in block.rows[1:]:
        for index, cell in enumerate(row):
            match = SPACED_CODE_TOKEN.fullmatch(cell.strip())
            if not match or not re.search(r"\d", cell):
                continue
            code = normalise(match.group(0))
            title = next((c.strip(" 《》") for c in row[index + 1:] + row[:index] if c.strip()
                          and not SPACED_CODE_TOKEN.fullmatch(c.strip())), "")
            draft.records.append((code, title))
            row[index] = f"[[{code}]]"
            if section not in draft.record_headings:
                draft.record_headings.append(section)
            break


def link(draft: Draft, titles: dict[str, str], known: set[str]) -> None:
    """References: 《title》（ID） → [[ID]] always; in files not written by qmsdoc also 《known title》
    and bare known control numbers (a qmsdoc copy wrote every reference as 《title》（ID）, so a bare
    title there was bare in its source)."""
    def convert(text: str) -> str:
        text = TITLED_REF.sub(lambda m: f"[[{normalise(m.group(2))}]]" if REF_CODE.fullmatch(normalise(m.group(2)))
                              else m.group(0), text)
        if draft.qmsdoc_copy:
            return text
        text = BARE_TITLE.sub(lambda m: f"[[{titles[m.group(1)]}]]"
                              if titles.get(m.group(1)) and titles[m.group(1)] != draft.id else m.group(0), text)
        parts = re.split(r"(\[\[[^\]]*\]\])", text)
        return "".join(p if p.startswith("[[") else SPACED_CODE_TOKEN.sub(
            lambda m: f"[[{normalise(m.group(0))}]]" if normalise(m.group(0)) in known - {draft.id} else m.group(0), p)
            for p in parts)

    for block in draft.blocks:
        if block.kind == "markdown":  # a Markdown source's links are its own (md_links): code stays code
            continue
        if block.kind == "table":
            block.rows = [[convert(c) for c in row] for row in block.rows]
        else:
            block.text = convert(block.text)
