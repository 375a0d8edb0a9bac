"""The check pipeline: load the corpus, run every rule, return sorted findings."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .codes import normalise, stem_to_code
from .config import Config, source_folders_found
from .findings import Finding, Severity, has_errors, sort_findings
from .gcpause import collector_paused
from .i18n import join_or, t
from .loader import load_corpus
from .model import Corpus
from .parsecache import ParseCache
from .placesmissing import missing_places
from .revisions import with_drafts
from .rules import Context, run_rules
from .versions import mark_landed


@dataclass
class CheckResult:
    corpus: Corpus
    context: Context
    findings: list[Finding]
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """What commands and exporters work out of the checked corpus once per run (`copyplan.held_in_force`…), by
    name: the corpus and its context do not change after the check."""

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)

    def unread(self, code: str) -> list[Finding]:
        """The errors of a file named for `code` that could not be read as a source (not UTF-8, broken YAML…):
        why a command finds no such id, where the file is there. Shown with the 'unknown id' refusal."""
        corpus = self.corpus
        wanted = normalise(code)
        loaded = {d.path for d in corpus.documents.values()} | {f.path for f in corpus.forms.values()} | {
            m.path for m in corpus.manuals}
        return [f for f in self.findings if f.severity is Severity.ERROR and f.path not in loaded
                and stem_to_code(PurePosixPath(f.path).stem) == wanted]

    def did_you_mean(self, *codes: str) -> str:
        """For numbers that name nothing, the ones of the project they were meant as, as a hint to add to the
        refusal ("（是不是 QP-02-03？）"): the same letters and digits written with other separators (QP 02 03,
        qp0203, QP-2-3 is not guessed), else the closest spelling. Empty when none is close."""
        known = [*self.corpus.documents, *self.corpus.forms, *(m.id for m in self.corpus.manuals)]
        compact: dict[str, list[str]] = {}
        for code in known:
            compact.setdefault(_compact(code), []).append(code)
        found: list[str] = []
        for code in codes:
            wanted = normalise(code)
            same = compact.get(_compact(wanted)) or difflib.get_close_matches(wanted, known, n=1, cutoff=0.8)
            found += [match for match in same if match != wanted and match not in found]
        return t("cli.arg.did_you_mean", suggestion=join_or(found)) if found else ""


def _compact(code: str) -> str:
    """A control number's letters and digits alone: what is left when the separators people vary are dropped."""
    return re.sub(r"[^0-9A-Z]", "", normalise(code))


def check(config: Config, cache: ParseCache | None = None) -> CheckResult:
    """Every finding of the corpus. `cache` spares re-parsing unchanged files and re-running per-file rules
    on them; rules across files always run over the whole current corpus. Working revisions are checked as
    drafts in a second pass (draft_findings)."""
    source_folders_found(config)
    with collector_paused():
        corpus = load_corpus(config, cache)
        context = Context(corpus, config, cache)
        findings = [f for src in corpus.sources for f in src.findings]
        findings.extend(run_rules(context))
        findings.extend(draft_findings(context))
        # what every output says beside a document's effective date
        mark_landed(corpus, context.history, cache, context.salt)
    # a setting naming a place that is not there, first: the one cause of the findings that follow
    return CheckResult(corpus, context, [*missing_places(config, findings), *sort_findings(findings)])


def draft_findings(context: Context) -> list[Finding]:
    """What the working revisions would be told as sources of their own: loading problems, and every rule
    run over the corpus with each draft in place of the version in force — kept where they name a draft."""
    corpus = context.corpus
    findings = [f for revision in corpus.revision_files for f in revision.source.findings]
    if not corpus.revisions:
        return findings
    drafts = with_drafts(corpus)
    paths = {revision.path for revision in corpus.revisions.values()}
    draft_context = Context(drafts, context.config, context.cache)
    # Read once per check: git history and the registers do not change with the drafts.
    for shared in ("history", "distribution", "acknowledgements", "roster"):
        draft_context.__dict__[shared] = getattr(context, shared)
    findings.extend(f for f in run_rules(draft_context) if f.path in paths)
    return findings
