"""The import report: per file and line, what could not be mapped and what a person must fill in."""

from __future__ import annotations

from ..core.model import TYPE_LABELS
from .plan import ImportPlan


def render(plan: ImportPlan, written: list[str], *, dry_run: bool) -> str:
    lines = [note.format() for note in sorted(plan.notes, key=lambda n: (n.path, n.line))]
    verb = "将写入" if dry_run else "已写入"
    for path in written:
        lines.append(f"{verb} {path}")
    types = sorted({TYPE_LABELS.get(d.type, d.type) for d in plan.drafts})
    lines.append(f"导入 {len(plan.drafts)} 份文件（{'、'.join(types) or '无'}）、{len(plan.forms)} 个表单草稿，"
                 f"{len(plan.notes)} 条待处理；全部为草稿（draft），"
                 "请运行 qmsdoc check 后逐条修正，再用 qmsdoc release 发布")
    return "\n".join(lines)
