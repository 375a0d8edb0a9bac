"""The import report: per file and line, what could not be mapped and what a person must fill in."""

from __future__ import annotations

from ..core.i18n import join, t
from ..core.model import TYPE_LABELS
from .plan import ImportPlan


def render(plan: ImportPlan, written: list[str], *, dry_run: bool, pictures: dict[str, int] | None = None) -> str:
    """The report; `pictures`: each folder the drafts' pictures are (or would be) written to, with their number."""
    lines = [note.format() for note in sorted(plan.notes, key=lambda n: (n.path, n.line))]
    for path in written:
        lines.append(t("import.report.would_write" if dry_run else "import.report.wrote", path=path))
    for folder, count in (pictures or {}).items():
        lines.append(t("import.report.would_write_pictures" if dry_run else "import.report.wrote_pictures",
                       count=count, folder=folder))
    types = sorted({TYPE_LABELS.get(d.type, d.type) for d in plan.drafts})
    summary = "import.report.summary_dry_run" if dry_run else "import.report.summary"  # a dry run imported nothing
    lines.append(t(summary, documents=len(plan.drafts), forms=len(plan.forms), notes=len(plan.notes),
                   types=join(types) or t("import.report.no_types")))
    return "\n".join(lines)
