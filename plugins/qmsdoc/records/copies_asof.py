"""Numbered copies held on a past day (`qmsdoc register --as-of DAY --copies`): each copy issued by that day and
neither returned nor declared void by then (distribution.yaml read as that day held it, `CopyEntry.out_on`), who
held it, and whether it was current then — judged by the register of that day (`register_as_of`), the one
in-force decision `register --as-of`, `copy --as-of` and `verify --as-of` share."""

from __future__ import annotations

from ..core.approval import History
from ..core.codes import normalise
from ..core.distribution import Register, contents_changes, held
from ..core.i18n import Words, join, t
from ..core.model import Corpus
from .asof import AsOf, manual_members_on
from .register import to_csv
from .xlsx import Sheet, to_xlsx

HEADERS = Words("label.copy_number", "label.id", "label.title", "label.version", "label.recipient",
                "label.issue_date", "asof.col.state")
WIDTHS = (22, 14, 30, 10, 16, 12, 50)


def copies_on(distribution: Register, day_register: AsOf, corpus: Corpus, history: History) -> list[list[str]]:
    """The copies out on the register's day, in register order, each with its state that day: current, or not
    (the version in force then, the manual's documents changed, or none in force that day and why)."""
    day = day_register.day
    in_force = {normalise(row[0]): row for row in day_register.rows}
    left_out = {normalise(row[0]): row for row in day_register.left_out}
    out = []
    for entry in (e for e in distribution.entries if e.out_on(day)):
        code = normalise(entry.document)
        row, gone = in_force.get(code), left_out.get(code)
        if row is None:
            state = t("asof.copies.none", state=gone[2] if gone else t("asof.unknown"))
        elif row[3] != entry.version:
            state = t("asof.copies.superseded", version=row[3])
        elif (changes := _manual_changes(entry.contents, code, corpus, history, day_register)):
            state = t("asof.copies.changed", changes=join(changes))
        else:
            state = t("asof.copies.current")
        title = row[1] if row else gone[1] if gone else ""
        out.append([entry.number, entry.document, title, entry.version, entry.recipient, entry.date.isoformat(),
                    state])
    return out


def _manual_changes(contents: str, code: str, corpus: Corpus, history: History, day_register: AsOf) -> list[str]:
    """For a whole-manual copy (`contents`), how the documents it holds differ from those in force in its manual
    on the day (`manual_members_on`, what `copy --as-of` of that day holds); [] for any other copy."""
    manual = corpus.manual(code)
    if not contents or manual is None:
        return []
    members, _ = manual_members_on(manual, corpus, history, day_register.day)
    then = {a.row[0]: a.row[3] for a in members if a.row is not None}
    return contents_changes(held(contents), then)


def as_csv(rows: list[list[str]]) -> bytes:
    return to_csv(HEADERS, rows)


def as_xlsx(rows: list[list[str]], day_register: AsOf) -> bytes:
    return to_xlsx([Sheet(t("asof.copies.sheet", day=day_register.day), HEADERS, rows, WIDTHS, dates=(5,))],
                   day_register.day)
