"""New drafts: the next free control number for a document type (or the one asked for) and the
skeleton of that type, each section holding the placeholder QD123 refuses in released documents."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.check import CheckResult, check
from ..core.codes import compile_pattern, file_stem, natural_key, next_number, normalise
from ..core.config import Config
from ..core.findings import Severity
from ..core.i18n import t, written
from ..core.lock import edits_records
from ..core.model import Manual
from ..core.refs import shown_title
from ..core.revision import first_version
from ..core.rules.approvals import placeholder
from .common import Outcome, ReleaseError, all_or_nothing
from .yamledit import flow_mapping, scalar

JOB_DESCRIPTION_SECTIONS = ("new.job.basics", "new.job.purpose", "new.job.duties", "new.job.qualifications",
                            "new.job.authority", "new.job.measures")


def _manual(result: CheckResult, manual_id: str) -> Manual:
    manual = result.corpus.manual(normalise(manual_id))
    if manual is None:
        raise ReleaseError(t("act.new.no_manual", id=manual_id))
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
            raise ReleaseError(t("act.new.cannot_infer", pattern=source_pattern))
        number = next_number(match.group(1))
        candidate = candidate[: match.start(1)] + number + candidate[match.end(1):]
    else:
        raise ReleaseError(t("act.new.none_free", pattern=source_pattern))
    return candidate, config.manuals_path / manual.folder / f"{file_stem(candidate)}.md"


def _chosen_id(config: Config, manual_id: str, doc_type: str, code: str) -> tuple[str, Path]:
    result = check(config)
    manual = _manual(result, manual_id)
    wanted = normalise(code)
    source_pattern = numbering_pattern(manual, doc_type)
    if not compile_pattern(source_pattern).match(wanted):
        raise ReleaseError(t("act.new.bad_id", id=wanted, manual=manual.id, type=doc_type, pattern=source_pattern))
    if result.corpus.lookup(wanted) is not None:
        raise ReleaseError(t("act.new.taken", id=wanted))
    return wanted, config.manuals_path / manual.folder / f"{file_stem(wanted)}.md"


DRAFT_REVIEW_MONTHS = 12
"""The period of review (months) a new draft writes, and `qmsdoc init` writes into qmsdoc.yml: 每年评审一次."""


def skeleton(config: Config, doc_type: str, records: str | None = None) -> str:
    """The body `qmsdoc new` writes: the sections a document of this type has, each to be written.
    `records`, if given, fills the records section (a heading of `record_sections`: the list of the
    document's forms) in place of the placeholder."""
    hole = placeholder()
    if doc_type == "job-description":
        return "\n".join(f"## {t(key)}\n\n{hole}\n" for key in JOB_DESCRIPTION_SECTIONS)
    sections = config.required_sections.get(doc_type, [])
    headings = [written("new.section", number=index, name=names[0],
                  placeholder=records if records is not None and names[0] in config.record_sections else hole)
                for index, names in enumerate(sections, start=1)]
    return "\n".join(headings) if headings else written("new.policy", placeholder=hole)


def draft_source(config: Config, code: str, *, title: str, doc_type: str, department: str, preparer: str,
                 records: str | None = None) -> str:
    """The source of a new draft document: its front matter (the scheme's first version: A/0, 1.0 …; status draft, prepared today by
    `preparer`) and its skeleton. What `qmsdoc new` and the example of `qmsdoc init` write. A project with a period
    of review (qmsdoc.yml `review_months`) writes none into the draft: it follows the project's, and a change of
    the company rule reaches it; without one the draft gets `review_months: 12`, or it would never fall due."""
    period = "" if config.review_months else f"review_months: {DRAFT_REVIEW_MONTHS}\n"
    return (f"---\nid: {code}\ntitle: {scalar(title)}\ntype: {doc_type}\nversion: {scalar(first_version())}\nstatus: draft\n"
            f"department: {scalar(department)}\n{period}"
            f"prepared: {flow_mapping({'by': preparer, 'date': config.today.isoformat()})}\n---\n"
            + skeleton(config, doc_type, records))


@edits_records
def new_document(config: Config, manual_id: str, *, title: str, doc_type: str, department: str,
                 preparer: str, code: str | None = None) -> Outcome:
    code, path = (_chosen_id(config, manual_id, doc_type, code) if code
                  else next_free_id(config, manual_id, doc_type))
    text = draft_source(config, code, title=title, doc_type=doc_type, department=department, preparer=preparer)
    with all_or_nothing() as edits:  # a draft that failed its check, or whose check was interrupted, does not stay
        edits.create(path, text.encode("utf-8"))
        errors = [f for f in check(config).findings if f.path.endswith(path.name) and f.severity is Severity.ERROR]
        if errors:
            raise ReleaseError(t("act.new.failed"), errors)
    done = t("act.new.done", id=code, title=shown_title(title), path=path)
    # a draft is on the site only with publish_drafts: say how to see it, as `qmsdoc revise` does
    return Outcome(path, done if config.publish_drafts else done + "\n" + t("act.new.preview"))
