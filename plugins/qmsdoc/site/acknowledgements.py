"""HTML of reading assignments (文件学习确认): the 学习确认 page — each version in force, each department's
status (已确认 / 待确认 / 逾期) with the people and dates — and the line each document page shows of its own.
Every name and department is escaped here: they are typed by people and may hold anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from ..core.i18n import Words, join, t
from ..core.model import Document
from ..core.paths import signin_sheet
from ..core.refs import ref_href, root_href
from ..core.training import (
    OVERDUE,
    UNKNOWN,
    Assignment,
    Unrebuilt,
    by_version,
    recorded_as,
    state_label,
    summary_line,
    tally,
    with_unknown,
)
from .history import HistoryIndex, version_slug
from .pages import _date, _name, _table, link_row, title_heading

# A page address per document: the redline of the change (None when git saw no earlier release), its 学习签到表.
Href = Callable[[str], str | None]
HEADINGS = Words("label.id", "label.title", "label.version", "register.ack.department", "label.status",
                 "acks.page.col.people", "register.ack.opened", "register.ack.due", "acks.page.col.sheet")


def _state(item: Assignment) -> str:
    return f'<span class="qms-ack qms-ack-{escape(item.state)}">{escape(item.label)}</span>'


def _people(item: Assignment, today: dt.date) -> str:
    done = "<br>".join(f"{_name(a.person)}{escape(recorded_as(a, item.department))} <small>{a.when(_date)}</small>"
                       for a in item.acknowledged)
    for late in item.unrecorded:  # a past day's page: read by then, entered only later, so not counted that day
        said = t("acks.page.unrecorded", person=escape(late.person), date=_date(late.date), day=_date(today),
                 entered=_date(late.entered))
        done += ("<br>" if done else "") + f'<small class="qms-ack-unrecorded">{said}</small>'
    if item.every_person and item.outstanding:
        missing = t("acks.page.missing", people=escape(join(list(item.outstanding))))
        done += ("<br>" if done else "") + f'<small class="qms-ack-missing">{missing}</small>'
    return done or "—"


def _due(item: Assignment, today: dt.date) -> str:
    if item.due is None:
        return "—"
    late = item.days_overdue(today)
    return _date(item.due) + (f'<br><small class="qms-overdue">{t("acks.page.late", days=late)}</small>' if late else "")


def _unknown_row(item: Unrebuilt) -> tuple[str, ...]:
    """The version in force beside a waiting one, without git history: its row says it cannot be checked here and
    why, so the page is not read as that version having had no assignment."""
    code = item.document.id
    state = f'<span class="qms-ack qms-ack-unknown">{escape(t("acks.state.unknown"))}</span>'
    return (f'<a href="{escape(ref_href(code))}">{escape(code)}</a>', escape(item.document.title),
            escape(item.version or "—"), "—", state, f'<small class="qms-ack-unknown">{escape(item.text())}</small>',
            "—", "—", "—")


def acknowledgements_page(assignments: Sequence[Assignment], today: dt.date, redline: Href, signin: Href,
                          unknown: Sequence[Unrebuilt] = (), later: Sequence[str] = ()) -> str:
    """学习确认: one row per department assignment of each version in force, with the day it opened beside its due
    date (`Assignment.opened`, as the acknowledgements register gives it: a department named later is due from then);
    a row for each version in force that cannot be reconstructed without git history (`unknown`), and the lines of
    departments named only after the day shown (`later`, training.named_later_text)."""
    rows = []
    own = {a.document.id: a.version for a in assignments}  # the last of a document's versions is its file's own
    for item in with_unknown(assignments, unknown):
        if isinstance(item, Unrebuilt):
            rows.append(_unknown_row(item))
            continue
        code = item.document.id
        meanwhile = item.version != own[code]  # the version in force while that one waits: its links are not this
        change = None if meanwhile else redline(code)
        # a short label (本次修订对照) and department stay whole: a desktop's narrow column read 本次修/订对照, 行政人事/部
        version = escape(item.version) + (f'<br><a href="{escape(change)}"><small>{_name(t("acks.page.redline"))}</small></a>'
                                          if change else "")
        if waiting := item.waiting(today):
            version += f"<br><small>{escape(waiting)}</small>"  # read ahead of that day
        sheet = None if meanwhile else signin(code)
        rows.append((f'<a href="{escape(ref_href(code))}">{escape(code)}</a>', escape(item.document.title), version,
                     _name(item.department), _state(item), _people(item, today), _date(item.opened), _due(item, today),
                     f'<a href="{escape(sheet)}" download>{t("acks.page.sheet")}</a>' if sheet else "—"))
    counts = tally(assignments, unknown)
    documents = len({a.document.id for a in assignments} | {u.document.id for u in unknown})
    said = t("acks.page.tally_separator").join(t("acks.page.tally", state=state_label(state), count=count)
                                                for state, count in counts.items() if state != UNKNOWN)
    table = (_table(tuple(HEADINGS), rows, "qms-list qms-acknowledgements", t("page.acknowledgements.title")) if rows
             else f"<p>{t('acks.page.none')}</p>")
    summary = t("acks.page.summary", documents=documents, tasks=len(assignments), tally=said)
    if counts[UNKNOWN]:  # counted apart, with why: never dropped, never read as met or open
        summary += t("acks.page.summary_unknown", count=counts[UNKNOWN], state=state_label(UNKNOWN),
                     note=join(sorted({u.note for u in unknown})))
    summary = f"<p>{escape(summary)}</p>" if rows else ""
    notes = "".join(f'<p class="qms-ack-later">{escape(line)}</p>' for line in later)
    return (f'{title_heading(t("page.acknowledgements.title"))}'
            f"<p>{t('acks.page.intro', today=_date(today))}</p>"
            + summary + table + notes)


def document_line(found: Sequence[Assignment], page_href: str, redline_href: str | None,
                  signin_href: str | None, in_force: str = "") -> str:
    """The document page's line: who must acknowledge this version and how many have, with the redline of the
    change, the departments' details and the sign-in sheet."""
    if not found:
        return ""
    late = any(a.state == OVERDUE for a in found)
    # each link's label one word, whatever its length: a desktop's line broke 本次修订对照 as 本 / 次修订对照, and
    # "By department" (longer than `_name` keeps whole) as "By" / "department"
    def label(key: str) -> str:
        return f'<span class="qms-word">{escape(t(key))}</span>'

    links = [f'<a href="{escape(page_href)}">{label("acks.line.details")}</a>']
    if redline_href:
        links.insert(0, f'<a href="{escape(redline_href)}">{label("acks.page.redline")}</a>')
    if signin_href:
        links.append(f'<a href="{escape(signin_href)}" download>{label("acks.line.sheet")}</a>')
    states = join([t("acks.line.state", department=escape(a.department), state=_state(a)) for a in found])
    summary = f"<strong>{escape(summary_line(list(found), in_force))}</strong>"
    return (f'<p class="qms-ack-line{" qms-ack-late" if late else ""}" data-search-exclude>'
            f"{link_row([t('acks.line', summary=summary, states=states), *links])}</p>")


class AcknowledgementPages:
    """The reading assignments the site shows, with the links each needs: the redline of the change (the anchor
    on the document's history page), the 学习签到表 and the 学习确认 page. The address maps are the site's own,
    filled while pages are attached and read when pages are built."""

    def __init__(self, found: list[Assignment], history: HistoryIndex, history_urls: dict[str, str],
                 generated_urls: dict[str, str], page_uri: str, with_docx: bool,
                 unknown: Sequence[Unrebuilt] = (), later: Sequence[tuple[Document, str]] = ()) -> None:
        self.found = found
        self.unknown = {u.document.id: u for u in unknown}  # training.meanwhile_unknown: said, never left out
        self.later = {d.id: (d, text) for d, text in later}  # training.named_later_text
        self.history = history
        self.history_urls = history_urls
        self.generated_urls = generated_urls
        self.page_uri = page_uri
        self.with_docx = with_docx
        self.by_document: dict[str, list[Assignment]] = {}
        for item in found:
            self.by_document.setdefault(item.document.id, []).append(item)

    def redline_href(self, code: str) -> str | None:
        """The redline of the change that made the version in force, when git saw the release before it."""
        items = self.by_document.get(code)
        found = [r.version for r in self.history.releases.get(code, [])]
        current = items[-1].version if items else ""
        if code not in self.history_urls or current not in found or found.index(current) == 0:
            return None
        return root_href(self.history_urls[code]) + "#diff-" + version_slug(current)

    def signin_href(self, code: str) -> str | None:
        """The 学习签到表 of a version in force that departments must acknowledge (built with the Word copies)."""
        if not self.with_docx or code not in self.by_document:
            return None
        return root_href(signin_sheet(code))

    def line(self, document: Document) -> str:
        found = self.by_document.get(document.id, [])
        unknown = self.unknown.get(document.id)
        said = (f'<p class="qms-ack-line qms-ack-unknown" data-search-exclude>{escape(unknown.text())}</p>'
                if unknown is not None else "")
        later = self.later.get(document.id)
        said_later = (f'<p class="qms-ack-line qms-ack-later" data-search-exclude>{escape(later[1])}</p>'
                      if later is not None else "")
        if not found:
            return said + said_later
        page = root_href(self.generated_urls.get(self.page_uri, ""))
        # the version in force while the next waits (its own line, no links of the next's), then the document's own
        return said + "".join(document_line(items, page, None if version else self.redline_href(document.id),
                                            None if version else self.signin_href(document.id), version)
                              for version, items in by_version(found)) + said_later

    def page(self, today: dt.date) -> str:
        later = [t("acks.of_document", id=d.id, title=d.title, text=text) for d, text in self.later.values()]
        return acknowledgements_page(self.found, today, self.redline_href, self.signin_href,
                                     list(self.unknown.values()), later)
