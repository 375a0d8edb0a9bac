"""The check pipeline: load the corpus, run every rule, return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .findings import Finding, has_errors, sort_findings
from .gcpause import collector_paused
from .loader import load_corpus
from .model import Corpus
from .parsecache import ParseCache
from .rules import Context, run_rules


@dataclass
class CheckResult:
    corpus: Corpus
    context: Context
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def check(config: Config, cache: ParseCache | None = None) -> CheckResult:
    """Every finding of the corpus. `cache` spares re-parsing unchanged files and re-running per-file rules
    on them; rules across files always run over the whole current corpus."""
    with collector_paused():
        corpus = load_corpus(config, cache)
        context = Context(corpus, config, cache)
        findings = [f for src in corpus.sources for f in src.findings]
        findings.extend(run_rules(context))
    return CheckResult(corpus, context, sort_findings(findings))
