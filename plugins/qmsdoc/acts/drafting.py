"""New drafts: the next free control number for a document type (or the one asked for) and the
skeleton of that type, each section holding the placeholder QD123 refuses in released documents."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.check import CheckResult, check
from ..core.codes import compile_pattern, file_stem, natural_key, next_number, normalise
from ..core.config import Config
from ..core.findings import Severity
from ..core.model import Manual
from ..core.rules.approvals import PLACEHOLDER
from ..core.sourcefile import SourceWriteError, write_atomic
from .common import Outcome, ReleaseError
from .yamledit import flow_mapping, scalar

JOB_DESCRIPTION_SECTIONS = ("岗位基本信息", "岗位目的", "岗位职责", "任职资格", "工作权限", "考核要点")


def _manual(result: CheckResult, manual_id: str) -> Manual:
    manual = result.corpus.manual(normalise(manual_id))
    if manual is None:
        raise ReleaseError(f"找不到手册 {manual_id}")
    return manual


def numbering_pattern(manual: Manual, doc_type: str) -> str:
    """The manual's numbering pattern for this document type (`numbering.types`), else its document pattern."""
    return manual.pattern_for(doc_type)


def next_free_id(config: Config, manual_id: str, doc_type: str = "procedure") -> tuple[str, Path]:
    result = check(config)
    manual = _manual(result, manual_id)
    source_pattern = numbering_pattern(manual, doc_type)
    pattern = compile_pattern(source_pattern)
    taken = {*result.corpus.documents, *result.corpus.forms}
    existing = sorted((d.id for d in manual.documents if pattern.match(d.id)), key=natural_key)
    candidate = existing[-1] if existing else str(manual.numbering.get("example", "")).split("/")[0].strip()
    for _ in range(10_000):
        if candidate and pattern.match(candidate) and candidate not in taken:
            break
        match = re.search(r"(\d+)(?!.*\d)", candidate)
        if not match:
            raise ReleaseError(f"无法从编号规则 {source_pattern} 推出下一个编号：请用 --id 指定编号，"
                               "或在手册 numbering.example 中给出示例")
        number = next_number(match.group(1))
        candidate = candidate[: match.start(1)] + number + candidate[match.end(1):]
    else:
        raise ReleaseError(f"按编号规则 {source_pattern} 找不到空闲编号：请用 --id 指定编号")
    return candidate, config.manuals_path / manual.folder / f"{file_stem(candidate)}.md"


def _chosen_id(config: Config, manual_id: str, doc_type: str, code: str) -> tuple[str, Path]:
    result = check(config)
    manual = _manual(result, manual_id)
    wanted = normalise(code)
    source_pattern = numbering_pattern(manual, doc_type)
    if not compile_pattern(source_pattern).match(wanted):
        raise ReleaseError(f"编号 {wanted} 不符合手册 {manual.id} 对 {doc_type} 的编号规则 {source_pattern}")
    if result.corpus.lookup(wanted) is not None:
        raise ReleaseError(f"编号 {wanted} 已被使用：请换一个编号")
    return wanted, config.manuals_path / manual.folder / f"{file_stem(wanted)}.md"


def skeleton(config: Config, doc_type: str) -> str:
    """The body `qmsdoc new` writes: the sections a document of this type has, each to be written."""
    if doc_type == "job-description":
        return "\n".join(f"## {name}\n\n{PLACEHOLDER}\n" for name in JOB_DESCRIPTION_SECTIONS)
    sections = config.required_sections.get(doc_type, [])
    headings = [f"## {index}.0 {names[0]}\n\n{PLACEHOLDER}\n" for index, names in enumerate(sections, start=1)]
    return "\n".join(headings) if headings else f"## 第一章 总则\n\n第一条 {PLACEHOLDER}\n"


def new_document(config: Config, manual_id: str, *, title: str, doc_type: str, department: str,
                 preparer: str, code: str | None = None) -> Outcome:
    code, path = (_chosen_id(config, manual_id, doc_type, code) if code
                  else next_free_id(config, manual_id, doc_type))
    text = (f"---\nid: {code}\ntitle: {scalar(title)}\ntype: {doc_type}\nversion: A/0\nstatus: draft\n"
            f"department: {scalar(department)}\nreview_months: 12\n"
            f"prepared: {flow_mapping({'by': preparer, 'date': config.today.isoformat()})}\n---\n"
            + skeleton(config, doc_type))
    try:
        write_atomic(path, text.encode("utf-8"), exclusive=True)
    except SourceWriteError as exc:
        raise ReleaseError(str(exc)) from exc
    errors = [f for f in check(config).findings if f.path.endswith(path.name) and f.severity is Severity.ERROR]
    if errors:
        path.unlink()  # the file this command just created
        raise ReleaseError("新文件未通过检查，已删除", errors)
    return Outcome(path, f"已新建草稿 {code}《{title}》：{path}")
