"""A query answered as of a past day (`--as-of DAY`): `register`, `copy`, `verify` and `acknowledgements` read the
day here, in one way — the day's parsing and refusals (core/days.py `day_asked`), the day handed down as the
configuration's `today` (what QMSDOC_TODAY pins for a test, the environment left alone), the refusal where git
history cannot answer for a day at all (`refuse_without_history`), the refusal of a day before anything was in
force, and the line that names the day above an answer so it is never taken for today's."""

from __future__ import annotations

import dataclasses
import datetime as dt

from .core.approval import History
from .core.check import CheckResult
from .core.config import Config
from .core.days import day_asked
from .core.errors import UsageError
from .core.i18n import t
from .core.redline import RedlineError
from .core.versions import gone_for_good, releases


def as_of(config: Config, text: str | None) -> Config:
    """`config` answering as of the day `text` names (`--as-of`), or `config` itself when none is named: every
    decision downstream reads the day as `config.today`, as it reads the day QMSDOC_TODAY pins. Exit 2 when
    `text` is no date or a day after today."""
    if text is None:
        return config
    return dataclasses.replace(config, today=day_asked(text, config.today))


def refuse_without_history(history: History, asked: str) -> None:
    """Exit 2 (QD320) when this repository cannot answer for a past day: no git (an export without .git), a shallow
    clone, no commit yet (`History.available`). The 修订记录 left to answer dates each entry by its approval, not by
    the day it took effect, and holds no earlier text: a version approved 03-01 to take effect 03-15 would be named
    in force on 03-10. A false "in force" is worse than none, so every past-day answer (`register`, `copy`, `verify`
    and `acknowledgements --as-of`, a whole manual's `copy --version`) refuses here, in one message naming what was
    `asked` (a `hist.asked.*` phrase), git's note and the full clone that can answer."""
    if not history.available:
        raise UsageError(t("hist.past_unreadable", asked=asked, note=history.note))


def first_in_force(result: CheckResult) -> tuple[dt.date, str, str] | None:
    """The project's first version in force on the line (its day, id and version), a file deleted since included,
    each release from its `in_force_from` as `register --as-of` answers day by day; None when git holds none."""
    corpus, history = result.corpus, result.context.history
    kinds = [("manual", m) for m in corpus.sorted_manuals()] + [("document", d) for d in corpus.sorted_documents()] \
        + [("form", f) for f in corpus.sorted_forms()]
    held = [(item.id, releases(kind, item.path, history.versions.get(item.path, []))) for kind, item in kinds]
    held += [gone for removed in history.removed if (gone := gone_for_good(removed, corpus)) is not None]
    firsts = [(r.in_force_from, code, r.version) for code, found in held for r in found if r.in_force_from]
    return min(firsts) if firsts else None


def first_release(first: tuple[dt.date, str, str] | None) -> str:
    """`first_in_force` as the refusals name it (— when git holds none)."""
    if first is None:
        return t("hist.none")
    day, code, version = first
    return t("hist.manual_member", id=code, version=t("asof.effective_from", version=version, date=day))


def refuse_before_all(result: CheckResult, day: dt.date, in_force: bool | None = None) -> None:
    """Exit 1 when nothing was in force on `day` — before the project's first release took effect (drafts committed,
    nothing approved yet): no register, copy, verdict or acknowledgements of that day to give. `in_force`: whether
    that day's register lists anything, when the caller has it already."""
    if in_force is None:
        from .records.asof import register_as_of

        in_force = bool(register_as_of(result.corpus, result.context.history, day).rows)
    first = first_in_force(result)
    if not in_force and (first is None or day < first[0]):
        raise RedlineError(t("hist.register_before_all", day=day, first=first_release(first)))


def as_of_heading(day: dt.date) -> str:
    """The line above an answer given as of `day`, naming the day, so an auditor never reads it as today's."""
    return t("asof.answer", day=day)
