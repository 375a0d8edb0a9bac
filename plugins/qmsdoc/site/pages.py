"""HTML for the controlled-document pages. Links are written as `qms:ID` (a document or form) or
`qmsroot:PATH` (a site file) and turned into relative URLs per page by the plugin. Every word a page
shows comes from the language catalogue (core/i18n)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from importlib import resources

from ..core import copylabels, page
from ..core.colwidths import SHORT_UNITS, one_line
from ..core.distribution import Recall, Voided, reason_said, recall_now_and_later
from ..core.formhead import Column, ColumnGroup, HeadCell, head_rows, head_widths, leaf_columns
from ..core.formlayout import FIELDS_PER_ROW, LINE_HEIGHT_EM, field_rows, label_share
from ..core.i18n import current, join_or, t
from ..core.model import (
    SIGNOFF_LABELS,
    Document,
    Form,
    HistoryEntry,
    Manual,
    Signoff,
    Target,
    department_of,
    replacement_text,
    withdrawn_successor_note,
)
from ..core.paths import DOCX_DIR, PDF_DIR, CopyKind, copy_relative, in_force_relative
from ..core.refs import ref_href, reference_html, root_href
from ..core.render import RefInfo
from ..core.status import Status

Held = Mapping[str, RefInfo]
"""What the render names each document whose approved version waits by (`CorpusRenderer.in_force`)."""


def ref(target: Target, *, version: bool = True) -> str:
    return reference_html(target.id, target.title, str(target.version or "") if version else "")


def named_in_force(document: Document, today: dt.date | None, held: Held | None = None) -> str:
    """A document named by the version in force on `today` (`Document.version_on`) — while an approved version
    waits, the one before, and from when the new one is: a page in force today (a successor, a blank form's owner,
    a document citing this one) never names as its version one staff may not yet work to. `held`: what the render
    names each waiting document by (`CorpusRenderer.in_force`: its title then and the page of that version), so a
    generated list says what a reference in the text says."""
    if today is None or not document.pending_on(today) or not document.in_force_before:
        return ref(document.listed_on(today))  # its last version in force while its withdrawal waits
    then = (held or {}).get(document.id)
    shown = reference_html(document.id, then.title, then.version, then.page) if then is not None \
        else reference_html(document.id, document.title, document.version_on(today))
    return (shown
            + t("page.successor.pending", version=escape(str(document.version or "")),
                date=_date(document.effective_date)))


def successor_ref(document: Document, documents: Mapping[str, Document], today: dt.date | None,
                  held: Held | None = None) -> str:
    """A withdrawn document's successor (one of `documents`) as its page and the 作废文件 list name it
    (`named_in_force`), and — withdrawn itself since — when, and what is in force now, if anything
    (core/model.py `withdrawn_successor_note`)."""
    return (named_in_force(documents[str(document.superseded_by)], today, held)
            + withdrawn_successor_note(document, documents, lambda d: named_in_force(d, today, held)))


@dataclass(frozen=True)
class CopyFormat:
    folder: str  # in build/ and in the site: docx, pdf
    suffix: str
    name: str  # as a reader knows it: Word, PDF


def link_row(parts: Iterable[str]) -> str:
    """Links (and the words that go with them) side by side, each gap between them an element of its own: a phone
    stacks the parts one a line and hides the gap (qmsdoc.css `.qms-gap`), where a gap in the text ended a line on
    its own ("(QM-08 A/1) ·" above "Version history and changes")."""
    return f'<span class="qms-gap">{t("page.gap")}</span>'.join(parts)


WORD, PDF = CopyFormat(DOCX_DIR, ".docx", "Word"), CopyFormat(PDF_DIR, ".pdf", "PDF")


def _download(fmt: CopyFormat, href: str, text: str) -> str:
    """The one link that downloads a copy in `fmt` (its class names the format, which a style and a test find)."""
    return f'<a class="qms-{fmt.folder}" href="{escape(href)}" download>{text}</a>'


@dataclass(frozen=True)
class Copies:
    """The controlled-copy formats this build writes: every page that offers a download links each of them
    (document, form and manual pages, the manual's list and the forms index), Word first."""

    word: bool = False
    pdf: bool = False
    in_force_copied: frozenset[str] = frozenset()
    """The documents whose version in force, while their successor waits, the build makes copies of
    (core/copyplan.py `HeldInForce.copied`): only those are linked."""
    manuals_in_force: tuple[tuple[str, str], ...] = ()
    """Each manual whose whole copy in force, while its index page waits, the build makes → the page's version in
    it (core/copyplan.py `manual_pages_in_force`)."""

    @property
    def formats(self) -> tuple[CopyFormat, ...]:
        return (WORD,) * self.word + (PDF,) * self.pdf

    def __bool__(self) -> bool:
        return self.word or self.pdf

    def href(self, target: Target | Manual, fmt: CopyFormat) -> str:
        kind: CopyKind = "manual" if isinstance(target, Manual) else "form" if isinstance(target, Form) else "document"
        return root_href(f"{fmt.folder}/" + copy_relative(target.id, kind, fmt.suffix))

    def _link(self, target: Target | Manual, fmt: CopyFormat, text: str) -> str:
        return _download(fmt, self.href(target, fmt), text)

    def links(self, target: Target | Manual, text: str) -> list[str]:
        """One download link per format; `text` is a catalogue key taking {format}."""
        return [self._link(target, fmt, t(text, format=fmt.name)) for fmt in self.formats]

    def offer(self, target: Target | Manual, text: str) -> str:
        """The download line's links, then which copy they are 「（ID 版本）」; "" when the build writes no copy."""
        links = self.links(target, text)
        which = t("page.download.which", id=escape(target.id), version=escape(str(target.version or "")))
        # which copy, in one piece: a desktop line broke it as "(QM-08" above "A/1)"
        lead = which[:len(which) - len(which.lstrip())]
        return f'{link_row(links)}{lead}<span class="qms-word">{which.lstrip()}</span>' if links else ""

    def in_force(self, document: Document) -> str:
        """What a banner says of the copies of the version in force while `document`'s approved version waits for
        its effective date (`Document.in_force_before`; core/copyplan.py writes them): a link per format; "" when
        the build writes no copy. Linked only where the page of that version is: both come from its release."""
        version = document.in_force_before
        if document.id not in self.in_force_copied:
            return ""
        hrefs = [(fmt, root_href(f"{fmt.folder}/" + in_force_relative(document.id, version, fmt.suffix)))
                 for fmt in self.formats]
        links = [_download(fmt, href, fmt.name) for fmt, href in hrefs]
        return _in_force_copies(version, links) if links and version else ""

    def manual_in_force(self, manual: Manual) -> tuple[str, str]:
        """The version of `manual`'s index page in force while its approved page waits, and what its banner says
        of the whole manual in force the build makes of it (a link per format; "" when it makes none)."""
        version = dict(self.manuals_in_force).get(manual.id, "")
        hrefs = [(fmt, root_href(f"{fmt.folder}/" + in_force_relative(manual.id, version, fmt.suffix, "manual")))
                 for fmt in self.formats] if version else []
        links = [_download(fmt, href, fmt.name) for fmt, href in hrefs]
        return version, _in_force_copies(version, links) if links else ""

    def cell(self, target: Target) -> str:
        """The download column of a listing: the formats' names, each a link."""
        return link_row(self._link(target, fmt, fmt.name) for fmt in self.formats)


def _in_force_copies(version: str, links: list[str]) -> str:
    """A waiting version's banner on the copies of `version`, in force until then: a phrase of its own (on a phone a
    line of its own, qmsdoc.css `.qms-in-force-copies`) whose links stay side by side — stacked like a download
    line's, "Word" stood above "PDF。" in the middle of the banner's sentence."""
    row = f'<span class="qms-link-row">{link_row(links)}</span>'
    said = t("page.banner.in_force_copies", version=escape(version), links=row)
    return f'<span class="qms-in-force-copies">{said}</span>'


def _date(day: dt.date | str | None) -> str:
    """A date as a page shows it, in one piece: a narrow column wraps around it, never at its hyphens."""
    if not day:
        return "—"
    shown = escape(day if isinstance(day, str) else day.isoformat())
    return f'<time class="qms-date" datetime="{shown}">{shown}</time>'


def _effective(item: object) -> str:
    """An effective-date cell: the date and its note (`Document.effective_note`: a withdrawn document's version, the
    later day the version came into force on the line)."""
    note = item.effective_note if isinstance(item, (Document, Form, Manual)) else ""
    return _date(getattr(item, "effective_date", None)) + (f"<small>{escape(note)}</small>" if note else "")


def _signoff(signoff: Signoff | None) -> str:
    if signoff is None:
        return "—"
    return f"{escape(signoff.by)}<br><small>{_date(signoff.date)}</small>"


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _status(status: str, label: str) -> str:
    """A status badge; a day in it (an approved version's "in force from 2027-01-01") is one word (`_number`): the
    badge wraps in a narrow column, and a date wrapped as 2027- above 01-01 reads as two. A short one (现行有效) is
    one word (`_name`): beside a long title a desktop's contents read 现行 above 有效."""
    text = _name(label) if len(label) <= SHORT_NAME else ISO_DAY.sub(lambda day: _number(day[0]), escape(label))
    return f'<span class="qms-status qms-status-{escape(status)}">{text}</span>'


def _status_on(item: Document | Form, today: dt.date | None) -> str:
    """A document's (or form's) status badge on `today` (`state_on`): a version approved but not yet effective reads
    so (Document.status_on), not 现行有效, and one whose withdrawal is dated later 现行有效 with that day, not 作废;
    without a day, its status as recorded."""
    if today is not None and item.state_on(today) is not item.status:
        return _status(item.state_on(today), item.status_on(today))
    return _status(item.status, item.status_label)


def _state(status: Status, label: str, superseded_by: str | None = None) -> str:
    """The `data-state` of a page's control block when what it shows is not the version in force (a draft, a
    withdrawn document, an earlier version): qmsdoc.js prints it beside the version in every page's running header.
    `superseded_by` as `control_block`'s (HTML): the attribute says its text."""
    state = html.unescape(_TAG.sub("", t("page.status.superseded", replaced=superseded_by))) if superseded_by \
        else label if status.is_obsolete or status.is_unapproved else ""
    return f' data-state="{escape(state)}"' if state else ""


def heading_cell(label: str, attributes: str = "") -> str:
    """A listing's heading cell (`label`: HTML), marked with the least width its column keeps as in the copies
    (_HEADING_MARK): a short heading such as 版本 or 文件编号 never splits into 版 over 本."""
    text = html.unescape(_TAG.sub("", label)).strip()
    return f'<th {_HEADING_MARK[one_line(text)]} scope="col"{attributes}>{label}</th>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str, name: str) -> str:
    """A listing named `name` (HTML) for a screen reader's list of tables; its headings head their columns."""
    head = "".join(heading_cell(h) for h in headers)
    cards = "qms-blank" not in css  # listings fold into labelled cards on phones; blank forms stay tables
    labels = [f' data-label="{h}"' if h and cards else "" for h in headers]
    body = "".join("<tr>" + "".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row, strict=False))
                   + "</tr>" for row in rows)
    return f'<table class="{css}" aria-label="{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _heading(text: str) -> str:
    return f'<th {_HEADING_MARK[one_line(text)]} scope="col">{escape(text)}</th>'


# A table heading keeps the least width core/colwidths.py gives its column in the copies: a short one stays on one
# line, a longer one wraps no narrower than SHORT_UNITS (the rules: decided_css).
_HEADING_MARK = {True: "data-qms-line", False: "data-qms-wrap"}
_TH = re.compile(r"<th(?=[\s>])([^>]*)>(.*?)</th>", re.S)
_TAG = re.compile(r"<[^>]*>")
_THEAD = re.compile(r"<thead(?=[\s>])[^>]*>.*?</thead>", re.S)
_SCOPE = re.compile(r"\sscope\s*=", re.I)


def _headings_kept(body_html: str) -> str:
    """Mark each heading cell of the body's tables with the least width its column keeps (see _HEADING_MARK), and
    a cell of a head row with `scope="col"`: a head row is a row of the table's <thead>, as in the copies, whose
    head rows repeat on each page (core/copybody.py). Every Markdown table's first row is one; a heading cell the
    source scoped itself keeps its scope, and one in the table's body is left to the browser."""
    heads = [(m.start(), m.end()) for m in _THEAD.finditer(body_html)]

    def mark(match: re.Match[str]) -> str:
        text = html.unescape(_TAG.sub("", match.group(2))).strip()
        attributes = match.group(1)
        if not _SCOPE.search(attributes) and any(start < match.start() < end for start, end in heads):
            attributes += ' scope="col"'
        return f"<th {_HEADING_MARK[one_line(text)]}{attributes}>{match.group(2)}</th>"
    return _TH.sub(mark, body_html)


def banner(kind: str, title: str, text: str) -> str:
    """A banner over a page (obsolete, draft, review due, an earlier version): part of the page from the start, so
    a note a screen reader reads in its place; role="alert" made it interrupt on every load of a static page."""
    return f'<div class="qms-banner qms-banner-{kind}" role="note">{banner_label(title, text)}</div>'


_ATTACHED = "：:（(，,；;"  # punctuation a banner's text may open with that belongs to its label, not after a gap


def banner_label(title: str, text: str) -> str:
    """A banner's bold label and its text. A label is letter-spaced (作 废) unless it holds a version or a number:
    "现行版本 A/0" spaced read "现 行 版 本 A / 0". A text opening with a colon gives it to the label ("现行版本 A/0：",
    never a gap before it) and one opening with a bracket follows the label without the gap after it."""
    plain = ' class="qms-plain"' if re.search(r"[0-9/]", title) else ""
    if text[:1] in ("：", ":"):
        return f"<strong{plain}>{title}{text[0]}</strong> {text[1:].lstrip()}"
    if text[:1] and text[0] in _ATTACHED:
        return f'<strong class="{"qms-plain " if plain else ""}qms-attached">{title}</strong>{text}'
    return f"<strong{plain}>{title}</strong> {text}"


def banners(document: Document, successor: Document | None, today: dt.date, before_href: str | None = None,
            copies: Copies | None = None, documents: Mapping[str, Document] | None = None,
            held: Held | None = None) -> str:
    """The banners over a document's page (`held` as `named_in_force`); `before_href`: the page of the version in force until this one takes
    effect, linked from the banner that says it is not in force yet, with that version's `copies`; `documents` (the
    corpus's) to follow a withdrawn successor to what is in force now (`successor_ref`)."""
    out, repl, ref = [], "", ""
    if document.status.is_obsolete:
        known = documents if documents is not None else {successor.id: successor} if successor else {}
        ref = successor_ref(document, known, today, held) if successor else ""
        repl = replacement_text(ref, document.without_successor)
    if document.withdrawal_waits_on(today):  # in force until then: said as a version waiting for its day is
        out.append(banner("review", t("page.banner.withdrawal_pending"), document.withdrawal_pending_text(
            ref, date=_date(document.withdrawn), version=escape(document.withdrew or "—"))))
    elif document.status.is_obsolete:
        out.append(banner("obsolete", t("page.banner.obsolete"), t("page.banner.obsolete_text", successor=repl)
                          + escape(document.withdrawal_reason)))
    elif document.status.is_unapproved:
        out.append(banner("draft", t("page.banner.draft"),
                           t("page.banner.draft_text", status=escape(document.status_label))))
    elif document.pending_on(today):  # dated, so still true when the page is read after that day
        before = escape(document.in_force_before)
        shown = f'<a href="{escape(before_href)}">{before}</a>' if before and before_href else before
        out.append(banner("review", t("page.banner.pending"), t(
            "page.banner.pending_text", version=escape(str(document.version or "")), date=_date(document.effective_date),
            before=t("page.banner.pending_before", version=shown) if before else "")
            + (copies.in_force(document) if copies is not None and before_href else "")))
    due = document.next_review
    if document.review_overdue(today):
        out.append(banner("review", t("page.banner.review"), t("page.banner.review_text", due=_date(due))))
    return "".join(out)


# The id of every qmsdoc page's <h1>. Material's skip link (跳转至) goes to the first entry of a page's table of
# contents, and the site makes this title that entry (site_model.under_title): the skip lands on the title, ahead
# of the banners and control block, not past them.
TITLE_ANCHOR = "qms-title"


def title_heading(inner_html: str) -> str:
    """A qmsdoc page's one <h1>, `inner_html` already escaped; the target of the page's skip link."""
    return f'<h1 class="qms-title" id="{TITLE_ANCHOR}">{inner_html}</h1>'


def control_block(document: Document, copies: Copies, history_href: str | None = None, *,
                  superseded_by: str | None = None, revising: bool = False, today: dt.date | None = None,
                  reviewed_as: Document | None = None) -> str:
    """The control block with its download links; `superseded_by` for the page of an earlier version: what
    replaced it (HTML, its successor a link: site/history.py, as the page's banner says it);
    `revising` for the preview of a working revision, which has no version of its own until it is released; `today`
    for the page of the version in force: approved but not yet effective, its status says so (Document.status_on).
    `reviewed_as` the document whose 下次评审 the block states, when not `document`'s own: the page of the version
    still in force while its successor waits states the document's (`Document.next_review`, as its register row and
    page do) — that version's own record, as released, knows no review recorded since nor the approval since."""
    signoff_heads = "".join(f'<th scope="col">{label}</th>' for _, label in SIGNOFF_LABELS)
    signoff_cells = "".join(f"<td>{_signoff(document.signoffs.get(key))}</td>" for key, _ in SIGNOFF_LABELS)
    manual = document.manual
    obsolete = document.withdrawn_on(today) if today is not None else document.status.is_obsolete
    listed = document.listed_on(today)  # its last version in force while its withdrawal waits: its copy is of that
    offer = copies.offer(listed, "page.download.obsolete" if obsolete  # a draft's copy is a preview, never controlled
                         else "page.download.draft" if document.status.is_unapproved else "page.download.copy")
    parts = [offer] if offer else []
    if history_href:
        parts.append(f'<a class="qms-history-link" href="{history_href}">{t("page.history_link")}</a>')
    download = f'<p class="qms-download" data-search-exclude>{link_row(parts)}</p>' if parts else ""
    status = (f'<span class="qms-status qms-status-superseded">'
              f'{t("page.status.superseded", replaced=superseded_by)}</span>'
              if superseded_by else _status_on(document, today))
    version = escape(str(listed.version or "—"))
    shown_version = t("page.revision.version", version=version) if revising else version
    state = document.state_on(today) if today is not None else document.status  # 作废 from its withdrawal's day
    return (
        f'<table class="qms-control" data-doc-id="{escape(document.id)}" data-version="{escape(str(listed.version or ""))}"'
        f'{_state(state, document.status_label, superseded_by)} aria-label="{t("page.table.control")}" data-search-exclude><tbody>'
        f"<tr><th scope=\"row\">{t('label.id')}</th><td class=\"qms-id\">{escape(document.id)}</td><th scope=\"row\">{t('label.version')}</th>"
        f"<td class=\"qms-version\">{shown_version}</td></tr>"
        f"<tr><th scope=\"row\">{t('label.title')}</th><td colspan=\"3\">{escape(document.title)}</td></tr>"
        f"<tr><th scope=\"row\">{t('label.status')}</th><td>{status}</td>"
        f"<th scope=\"row\">{t('label.effective_date')}</th><td>{_effective(listed)}</td></tr>"
        f"<tr><th scope=\"row\">{t('label.department')}</th><td>{escape(document.department)}</td>"
        + (f"<th scope=\"row\">{t('label.withdrawn_date')}</th><td>{_date(document.withdrawn)}</td></tr>" if obsolete else
           f"<th scope=\"row\">{t('label.next_review')}</th><td>—</td></tr>" if superseded_by else
           f"<th scope=\"row\">{t('label.next_review')}</th><td>{_date((reviewed_as or document).next_review)}</td></tr>") +
        f"<tr><th scope=\"row\">{t('label.type')}</th><td>{escape(document.type_label)}</td><th scope=\"row\">{t('label.manual')}</th>"
        f"<td>{escape(manual.title) if manual else '—'}</td></tr>"
        f"</tbody></table>"
        f'<table class="qms-signoff" aria-label="{t("page.table.signoff")}" data-search-exclude><thead><tr>{signoff_heads}</tr></thead><tbody><tr>{signoff_cells}</tr></tbody></table>'
        f"{download}"
    )


def history_table(history: Sequence[HistoryEntry]) -> str:
    """修订记录 of a document, a form or a manual index page, under its heading (`#qms-history`)."""
    rows = [(escape(e.raw_version), _date(e.date), _name(e.by), escape(e.change)) for e in history]
    heading = f'<h2 id="qms-history">{t("label.history")}</h2>'
    if not rows:
        return f'{heading}<p>{t("page.history.none")}</p>'
    heads = (t("label.version"), t("label.date"), t("label.revised_by"), t("label.change"))
    return heading + _table(heads, rows, "qms-history", t("label.history"))


def _citing(document: Document, today: dt.date | None, held: Held | None = None) -> str:
    """A document that cites this one or uses this form, by its version in force on `today` (`named_in_force`),
    marked when it is withdrawn (it no longer does)."""
    withdrawn = document.withdrawn_on(today) if today is not None else document.status.is_obsolete
    return named_in_force(document, today, held) + (escape(t("page.title.obsolete_mark")) if withdrawn else "")


def backlinks_section(citing: Sequence[Document], today: dt.date | None = None, held: Held | None = None) -> str:
    heading = f'<h2 id="qms-backlinks">{t("label.cited_by")}</h2>'
    if not citing:
        return f'{heading}<p class="qms-none">{t("page.cited_by.none")}</p>'
    items = "".join(f"<li>{_citing(d, today, held)}</li>" for d in citing)
    return f'{heading}<ul class="qms-backlinks">{items}</ul>'


def document_page(document: Document, body_html: str, citing: Sequence[Document], successor: Document | None,
                  today: dt.date, copies: Copies, history_href: str | None = None,
                  revision_href: str | None = None, acknowledgement: str = "", before_href: str | None = None,
                  documents: Mapping[str, Document] | None = None, held: Held | None = None) -> str:
    """A document's page (`held` as `named_in_force`); `acknowledgement` is its line of reading assignments (site/acknowledgements.py);
    `before_href` the page of the version in force until this one takes effect and `documents` the corpus's
    (`banners`)."""
    mark = t("page.title.obsolete_mark") if document.withdrawn_on(today) else ""  # plain text: search keeps it
    revision = revising_banner("page.banner.revising_text", revision_href)
    return (f'{title_heading(escape(document.title) + mark)}{banners(document, successor, today, before_href, copies, documents, held)}{revision}'
            f"{control_block(document, copies, history_href, today=today)}{acknowledgement}"
            f'<div class="qms-body">{_headings_kept(body_html)}</div>{history_table(document.history)}{backlinks_section(citing, today, held)}')


@dataclass(frozen=True)
class Revising:
    """What the preview of a working revision (`publish_drafts`) of a document, form or manual index page says
    of the version in force: its id and version, and the page of that version (`current_href`)."""

    id: str
    version: str
    current_href: str

    def notice(self) -> str:
        """The 草稿 banner over the preview: not approved, drafted from which version, links to the version in
        force and to the redline below (`#qms-redline`)."""
        version = escape(self.version)
        return banner("draft", t("page.banner.draft"), t("page.revision.text", id=escape(self.id), version=version)
                      + link_row((f'<a href="{escape(self.current_href)}">{t("history.read_current", version=version)}</a>',
                                  f'<a href="#qms-redline">{t("history.see_redline")}</a>')))

    def shown_version(self) -> str:
        """The version cell of the preview: the revision has no version of its own until it is released."""
        return t("page.revision.version", version=escape(self.version))


def revising_banner(text: str, revision_href: str | None) -> str:
    """The banner of a page in force whose working revision is previewed (`revision_href`); `text` the catalogue
    key saying what is being revised (a document, a blank form, a manual's page). "" without a preview."""
    if not revision_href:
        return ""
    link = f'<a href="{escape(revision_href)}">{t("page.banner.revising_link")}</a>'
    return (f'<div class="qms-banner qms-banner-draft"><strong>{t("page.banner.revising")}</strong> '
            + t(text, link=link) + "</div>")


def revision_page(document: Document, draft: Document, body_html: str, redline: str, current_href: str) -> str:
    """The preview of a working revision (`publish_drafts`): what the next version will say, marked 草稿,
    with its redline against the version in force."""
    notice = Revising(document.id, str(document.version or ""), current_href).notice()
    return (f'{title_heading(escape(draft.title) + t("page.revision.mark"))}{notice}'
            f"{control_block(draft, Copies(), revising=True)}"
            f'<div class="qms-body">{_headings_kept(body_html)}</div>{redline}')


def manual_page(manual: Manual, body_html: str, documents: Sequence[Document], copies: Copies,
                changes: str = "", today: dt.date | None = None, *, revision_href: str | None = None,
                revising: Revising | None = None) -> str:
    """A manual's index page; `revision_href` the preview of its working revision, linked from the page in force;
    `revising` when this is that preview (`manual` the draft): marked 草稿, `changes` its redline."""
    signoffs = "".join(f'<th scope="row">{label}</th><td>{_signoff(manual.signoffs.get(key))}</td>'
                       for key, label in SIGNOFF_LABELS)
    version = revising.shown_version() if revising else escape(manual.version or "—")
    control = (f'<table class="qms-control" data-doc-id="{escape(manual.id)}" data-id-label="{t("label.manual_id")}" '
               f'data-version="{escape(manual.version)}" aria-label="{t("page.table.control")}" data-search-exclude><tbody><tr><th scope="row">{t("label.manual_id")}</th>'
               f"<td>{escape(manual.id)}</td><th scope=\"row\">{t('label.version')}</th><td>{version}</td>"
               f"<th scope=\"row\">{t('label.in_force_date')}</th><td>{_effective(manual)}</td></tr>"
               f"<tr>{signoffs}</tr><tr><th scope=\"row\">{t('label.department')}</th><td colspan=\"5\">{escape(manual.owner)}</td></tr>"
               "</tbody></table>")
    rows = [(ref(d, version=False), escape(str(d.listed_on(today).version or "")), _status_on(d, today),
             _effective(d.listed_on(today))) + ((copies.cell(d),) if copies else ())
            for d in documents]
    heads = (t("label.document"), t("label.version"), t("label.status"), t("label.effective_date")) + (
        (t("label.download"),) if copies else ())
    offer = copies.offer(manual, "page.download.manual")
    downloads = f'<p class="qms-download" data-search-exclude>{offer}</p>' if offer else ""
    listing = f'<h2 id="qms-contents">{t("page.manual.contents")}</h2>' + _table(heads, rows, "qms-list", t("page.manual.contents"))
    body_html = LEADING_H1.sub("", body_html, count=1)  # the manual's own "# title" would be a second <h1>
    kept = history_table(manual.history) if manual.history else ""  # one approved before releases kept it: none
    waiting = ""
    if today is not None and manual.pending_on(today):  # its page approved, in force from its effective date
        copied, in_force = copies.manual_in_force(manual) if copies else ("", "")
        before = escape(manual.in_force_before or copied)  # none kept: the page's release before, from git
        waiting = banner("review", t("page.banner.pending"), t(
            "page.banner.pending_text", version=escape(manual.version), date=_date(manual.effective_date),
            before=t("page.banner.pending_before", version=before) if before else "") + in_force)
    if revising:
        waiting = revising.notice()
    mark = t("page.revision.mark") if revising else ""
    revision = revising_banner("page.banner.revising_manual_text", revision_href)
    return (f'{title_heading(escape(manual.title) + mark)}{waiting}{revision}{control}{downloads}'
            f'<div class="qms-body">{_headings_kept(body_html)}</div>{listing}{kept}{changes}')


# A manual body's own "# title": the page drops it (its <h1> is the manual's), and its table of contents entry
LEADING_H1 = re.compile(r"^\s*<h1[^>]*>.*?</h1>", re.S)


def _review_cell(target: Document | Form, due: dt.date | None, overdue: str, today: dt.date) -> str:
    """A withdrawn document's `Document.withdrawn_cell` (register.csv and register.xlsx say the same), its date
    marked up as a date; the due date, marked 逾期 when overdue, otherwise."""
    if withdrawn := target.withdrawn_cell_on(today):  # a withdrawn document (on `today`, or later), or its form
        cell = escape(withdrawn)
        return cell.replace(str(target.withdrawn), _date(target.withdrawn), 1) if target.withdrawn else cell
    return _date(due) + (t("page.register.overdue_mark") if overdue else "")


def _register_status(item: Target | Manual, today: dt.date) -> Status:
    """The state a row of the 受控文件清单 is in on `today`, as its badge shows it and the status filter picks it:
    已批准 for a version approved but waiting for its effective date (`pending_on`), not 现行有效 — choosing 现行有效
    shows only what is in force."""
    if isinstance(item, (Document, Form)):
        return item.state_on(today)  # withdrawn on a later day: 现行有效 that day
    return Status.APPROVED if item.pending_on(today) else item.approval_status


def _register_row(item: Target | Manual, href: str | None, status: Status, department: str, review: str,
                  overdue: str = "", badge: str | None = None) -> str:
    """One row of the site's 受控文件清单 — a manual's index page, a document or a blank form — in the columns of
    `register_page`; the number links to `href` when its address is known; `status`: the state the filter picks it
    by (`_register_status`); `badge`: its status as shown, if not `status`'s own (a document on the day: `_status_on`)."""
    number = f'<a href="{escape(href)}">{escape(item.id)}</a>' if href else escape(item.id)
    return (f'<tr data-status="{escape(status)}"><td data-sort="{escape(item.id)}">{number}</td>'
            f'<td>{escape(item.title)}</td><td data-label="{t("label.type_short")}">{escape(item.type_label)}</td>'
            f'<td>{escape(str(item.version or ""))}</td>'
            f"<td>{badge or _status(status, item.status_label)}</td>"
            f'<td data-label="{t("label.department")}">{escape(department)}</td>'
            f'<td data-label="{t("label.effective_date")}">{_effective(item)}</td>'
            f'<td data-label="{t("label.next_review")}"{overdue}>{review}</td></tr>')


def register_page(targets: Sequence[Target], today: dt.date, manuals: Sequence[Manual] = (),
                  manual_hrefs: Mapping[str, str] | None = None) -> str:
    """受控文件清单 of the site: `manuals` (their index pages, each linked through `manual_hrefs`: id → href),
    then `targets`, in the order given (records/register.py `register_rows` gives the order and says why)."""
    hrefs = manual_hrefs or {}
    shown = {m.id: _register_status(m, today) for m in manuals} | {i.id: _register_status(i, today) for i in targets}
    rows = [_register_row(m, hrefs.get(m.id), shown[m.id], m.department, _date(None),
                          badge=_status(Status.APPROVED, m.status_on(today)) if m.pending_on(today) else None)
            for m in manuals]
    documents = {d.id: d for d in targets if isinstance(d, Document)}  # a form's department is its owner's
    for item in targets:
        due = item.next_review if isinstance(item, Document) else None
        overdue = ' class="qms-overdue"' if isinstance(item, Document) and item.review_overdue(today) else ""
        listed = item.listed_on(today) if isinstance(item, Document) else item  # version in force, as register.csv
        rows.append(_register_row(listed, ref_href(item.id), shown[item.id], department_of(item, documents),
                                  _review_cell(item, due, overdue, today), overdue,
                                  _status_on(item, today) if isinstance(item, (Document, Form)) else None))
    headers = (t("label.id"), t("label.title"), t("label.type_short"), t("label.version"), t("label.status"),
               t("label.department"), t("label.effective_date"), t("label.next_review"))
    # a button sorts (Tab, Enter or Space); qmsdoc.js puts aria-sort on the heading of the column it sorts by
    head = "".join(heading_cell(f'<button type="button" class="qms-sort">{h}</button>', f' data-col="{i}"')
                   for i, h in enumerate(headers))
    statuses = sorted({(status, status.label) for status in shown.values()})  # one option for each state shown
    options = "".join(f'<option value="{escape(s)}">{escape(label)}</option>' for s, label in statuses)
    unapproved = sum(1 for item in targets if item.status.is_unapproved)  # listed with publish_drafts, not controlled
    count = len(targets) + len(manuals) - unapproved
    previews = t("page.register.unapproved", count=unapproved) if unapproved else ""
    return (
        f'{title_heading(t("page.register.title"))}'
        f'<p>{t("page.register.count", count=count)}{previews}'
        f'<span class="qms-screen-only">{t("page.register.help")}</span></p>'
        f'<div class="qms-filter" data-search-exclude><input type="search" id="qms-register-filter" '
        f'placeholder="{t("page.register.filter_placeholder")}" aria-label="{t("page.register.filter_label")}"> '
        f'<select id="qms-register-status" aria-label="{t("page.register.status_label")}">'
        f'<option value="">{t("page.register.all_statuses")}</option>{options}</select> <span id="qms-register-count" role="status"></span></div>'
        f'<table class="qms-register" id="qms-register" aria-label="{t("page.register.title")}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def forms_index(forms: Sequence[Form], owners: dict[str, Document], copies: Copies) -> str:
    rows = [(ref(f, version=False), escape(str(f.version or "")),
             ref(owners[f.owner], version=False) if f.owner in owners else "—", escape(f.retention or "—"))
            + ((copies.cell(f),) if copies else ())
            for f in forms]
    heads = (t("label.form"), t("label.version"), t("label.owner_document"), t("label.retention")) + (
        (t("label.download"),) if copies else ())
    how = t("page.forms.download", formats=join_or([f.name for f in copies.formats])) if copies else ""
    return (f'{title_heading(t("page.forms.title"))}'
            f'<p>{t("page.forms.count", count=len(forms))}{how}</p>'
            + _table(heads, rows, "qms-list", t("page.forms.title")))


# The sheet stands for the copies' page text width (core/page.py): the label column takes the share of a pair that
# the copies give it.
SHEET_CM = page.text_width_cm()


def decided_css() -> str:
    """The site's CSS that follows decisions made in core: the printed page (core/page.py: paper and margins, the
    top one as on a copy whose header is one line), a table heading's least width (core/colwidths.py) and `<small>`
    text, page.SMALL_EM of the text around it as in the copies (never below 12 px on a screen: paper has no floor)."""
    return (f"@page {{ size: {page.PAPER}; margin: {page.TOP_MARGIN_CM}cm {page.SIDE_MARGIN_CM}cm {page.BOTTOM_MARGIN_CM}cm; }}\n"
            ".md-typeset table th[data-qms-line] { white-space: nowrap; }\n"
            f".md-typeset table th[data-qms-wrap] {{ min-width: {SHORT_UNITS / 2}em; box-sizing: content-box; }}\n"
            f".md-typeset small {{ font-size: max({page.SMALL_EM * 100:g}%, 12px); }}\n" + code_fonts_css())


LATIN_MONO = ("SFMono-Regular", "Consolas", "Menlo", "DejaVu Sans Mono", "Liberation Mono")  # Material's, then Linux's


def code_fonts_css() -> str:
    """Code's font stack (`code`, `pre`): Latin in a monospace face, then Chinese in the language's sans families
    (i18n `heading_fonts`), as the copies set code's Chinese in the heading font; the browser's monospace fallback
    alone set it in whatever face it picked. Nothing for a language that writes no Chinese (Material's stack)."""
    fonts = current().heading_fonts
    if not fonts:
        return ""
    names = ", ".join(f'"{name}"' for name in (*LATIN_MONO, *fonts))
    return f"body {{ --md-code-font-family: var(--md-code-font, _), {names}, monospace; }}\n"


def stylesheet() -> str:
    """The site's qmsdoc.css as a build writes it: the shipped rules, then those that follow core (`decided_css`)."""
    return resources.files(__package__).joinpath("assets/qmsdoc.css").read_text("utf-8") + decided_css()


def _column_groups(columns: Sequence[Column]) -> str:
    """The <colgroup> of a form's repeating table, each column as wide as the copies make it: one for a table without
    a group of heads; else one per head, so that a group's label (scope="colgroup") heads the columns of its own."""
    widths = [f'<col style="width:{share * 100:.1f}%">' for share in head_widths(columns)]
    if not any(isinstance(column, ColumnGroup) for column in columns):
        return f"<colgroup>{''.join(widths)}</colgroup>"
    spans = [len(column.columns) if isinstance(column, ColumnGroup) else 1 for column in columns]
    starts = [sum(spans[:index]) for index in range(len(spans))]
    return "".join(f"<colgroup>{''.join(widths[start:start + span])}</colgroup>" for start, span in zip(starts, spans, strict=True))


def _head_cell(cell: HeadCell, *, grouped: bool) -> str:
    """One head of a form's repeating table: a group's label over its columns, an ungrouped head down both rows."""
    if not grouped:
        return _heading(cell.label)
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    scope = "colgroup" if cell.group else "col"
    return f'<th {_HEADING_MARK[one_line(cell.label)]}{spans} scope="{scope}">{escape(cell.label)}</th>'


def blank_form(form: Form) -> str:
    """The form laid out as on paper: label/blank pairs two to a row, full-width fields, rows, one signature
    a row; the label columns as wide (a share of each pair) as the Word and PDF copies make them, labels wrap."""
    share = label_share([f.label for f in form.fields] + list(form.signatures), SHEET_CM / FIELDS_PER_ROW)
    label = f"{share * 100 / FIELDS_PER_ROW:.1f}%"
    columns = "<colgroup>" + f'<col style="width:{label}"><col>' * FIELDS_PER_ROW + "</colgroup>"
    name = f' aria-label="{escape(form.title)}"'
    table = f'<table class="qms-blank qms-fields" style="--qms-label:{share * 100:.1f}%"{name}>{columns}<tbody>'
    rows = []
    for row in field_rows(form.fields):
        if row.full:
            rows.append(f'<th scope="row">{escape(row.fields[0].label)}</th>'
                        f'<td colspan="{2 * FIELDS_PER_ROW - 1}" style="--qms-lines:{LINE_HEIGHT_EM * row.lines:.1f}em"></td>')
            continue
        cells = "".join(f'<th scope="row">{escape(f.label)}</th><td style="--qms-lines:{LINE_HEIGHT_EM * f.lines:.1f}em"></td>'
                        for f in row.fields)
        # an unused pair is no heading: a screen reader would read an empty label over nothing
        rows.append(cells + '<td class="qms-pad"></td><td class="qms-pad"></td>' * (FIELDS_PER_ROW - len(row.fields)))
    out = table + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"
    if form.columns:  # the copies' shares and header rows (core/formhead.py): equal, no head squeezed below one line
        empty = "".join("<td></td>" for _ in leaf_columns(form.columns))
        heads = head_rows(form.columns)
        head = "".join("<tr>" + "".join(_head_cell(cell, grouped=len(heads) > 1) for cell in row) + "</tr>" for row in heads)
        out += (f'<div class="qms-blank-scroll"><table class="qms-blank qms-blank-rows"{name}>{_column_groups(form.columns)}'
                f"<thead>{head}</thead><tbody>" + f"<tr>{empty}</tr>" * form.rows + "</tbody></table></div>")
    if form.signatures:
        signers = "".join(f'<tr><th scope="row">{escape(s)}</th><td>{t("form.signature")}</td>'
                          f'<th scope="row">{copylabels.DATE}</th><td></td></tr>'
                          for s in form.signatures)
        out += table.replace("qms-fields", "qms-fields qms-signatures", 1) + signers + "</tbody></table>"
    return out


def form_page(form: Form, owner: Document | None, citing: Sequence[Document], copies: Copies,
              changes: str = "", *, revision_href: str | None = None, revising: Revising | None = None,
              today: dt.date | None = None, held: Held | None = None) -> str:
    """A blank form's page, its owner and the documents using it named by their versions in force on `today`
    (`named_in_force`, with `held`); `revision_href` the preview of its working revision, linked from the page in force;
    `revising` when this is that preview (`form` the draft): marked 草稿, `changes` its redline."""
    version = revising.shown_version() if revising else escape(str(form.version or "—"))
    withdrawn = form.withdrawn_on(today) if today is not None else form.status.is_obsolete  # with its owner, by today
    offer = copies.offer(form, "page.download.obsolete" if withdrawn else "page.download.blank_form")
    download = f'<p class="qms-download" data-search-exclude>{offer}</p>' if offer else ""
    control = (f'<table class="qms-control" data-doc-id="{escape(form.id)}" data-id-label="{t("label.form_id")}" '
               f'data-version="{escape(str(form.version or ""))}"{_state(form.state_on(today) if today else form.status, form.status_label)} aria-label="{t("page.table.control")}" data-search-exclude><tbody>'
               f"<tr><th scope=\"row\">{t('label.form_id')}</th><td class=\"qms-id\">{escape(form.id)}</td><th scope=\"row\">{t('label.version')}</th>"
               f"<td class=\"qms-version\">{version}</td></tr>"
               f"<tr><th scope=\"row\">{t('label.owner_document')}</th><td>{named_in_force(owner, today, held) if owner else '—'}</td>"
               f"<th scope=\"row\">{t('label.retention')}</th><td>{escape(form.retention or '—')}</td></tr></tbody></table>")
    # spaces between the head's parts: the flex layout ignores them, the search text and a copied line need them
    sheet = (f'<div class="qms-sheet"><div class="qms-sheet-head"><span>{escape(form.id)}</span> '
             f"<strong>{escape(form.title)}</strong> <span>{t('label.version')} {version}</span></div>"
             f"{blank_form(form)}</div>")
    used = "".join(f"<li>{_citing(d, today, held)}</li>" for d in citing) or f"<li>{t('page.form.used_by_none')}</li>"
    kept = history_table(form.history) if form.history else ""  # one approved before releases kept it: none
    notice = revising.notice() if revising else banner(
        "draft", t("page.banner.draft"), t("page.banner.draft_form_text", status=escape(form.status_label))) \
        if form.status.is_unapproved else _withdrawn_form_banner(form) if withdrawn else \
        banner("review", t("page.banner.withdrawal_pending"), form.withdrawal_pending_text(
            escape(form.withdrawn_with or ""), _date(form.withdrawn))) if form.status.is_obsolete else ""
    notice += revising_banner("page.banner.revising_form_text", revision_href)
    mark = t("page.revision.mark") if revising else t("page.title.obsolete_mark") if withdrawn else ""
    return (f'<div class="qms-form-page">{title_heading(escape(form.title) + mark)}{notice}{control}{download}'
            f'<h2 id="qms-blank">{t("page.form.blank")}</h2>{sheet}{kept}{changes}'
            f'<h2 id="qms-backlinks">{t("page.form.used_by")}</h2><ul class="qms-backlinks">{used}</ul></div>')


def _withdrawn_form_banner(form: Form) -> str:
    """The 作废 banner of a blank form withdrawn with its owner (core/model.py `Form.status`); "" for one in force."""
    if not form.status.is_obsolete:
        return ""
    when = t("copy.obsolete.when", date=form.withdrawn) if form.withdrawn else ""
    return banner("obsolete", t("page.banner.obsolete"),
                  t("page.banner.form_withdrawn_text", owner=escape(form.withdrawn_with or ""), when=escape(when)))


def _withdrawal_versions(document: Document) -> tuple[str, str]:
    """An obsolete document's two versions, each named for what it is: the last in force (`Document.withdrew`, what
    `verify` and the recall list name its copies by) and the withdrawal record `qmsdoc obsolete` numbered as a
    version (never in force) with its day. One whose 修订记录 holds no version before its own (none to tell apart)
    shows its own version and the day only."""
    own = str(document.version or "")
    last = document.withdrew or own
    day = str(document.withdrawn or "—")
    if last != own:
        return last, t("page.obsolete.record", version=own, date=day)
    return last, t("page.obsolete.record_day", date=day) if document.withdrawn else "—"


def _withdrawal_cells(document: Document) -> tuple[str, str]:
    """`_withdrawal_versions` as cells, the withdrawal record's with the reason recorded for it (as the banner and
    the Word and PDF notice give it: `Document.withdrawal_reason`)."""
    last, record = _withdrawal_versions(document)
    reason = f"<br>{escape(document.withdrawal_reason)}" if document.withdrawal_reason else ""
    return escape(last), escape(record) + reason


def obsolete_page(documents: Sequence[Document], successors: dict[str, Document], today: dt.date | None = None,
                  forms: Sequence[Form] = (), held: Held | None = None) -> str:
    """作废文件: each withdrawn document, then each blank form withdrawn with its owner (core/model.py `Form.status`)."""
    rows = [(f'<a href="{escape(ref_href(d.id))}">{escape(d.id)}</a>', escape(d.title),
             *_withdrawal_cells(d),
             successor_ref(d, successors, today, held) if d.superseded_by in successors
             else t("label.no_successor") if d.without_successor else "—") for d in documents]
    def form_successor(form: Form) -> str:
        """A form has no successor of its own: its owner's successor (with its own forms), when it has one."""
        owner = successors.get(form.withdrawn_with or "")
        if owner is not None and owner.superseded_by in successors:
            return t("page.obsolete.form_successor", owner=escape(owner.id),
                     successor=successor_ref(owner, successors, today, held))
        return t("label.no_successor")

    rows += [(f'<a href="{escape(ref_href(f.id))}">{escape(f.id)}</a>', escape(f.title), escape(str(f.version or "")),
              escape(t("page.obsolete.with_owner", owner=f.withdrawn_with or "", date=f.withdrawn or "—")),
              form_successor(f)) for f in forms
             if (f.withdrawn_on(today) if today is not None else f.status.is_obsolete)]  # not before its owner's
    heads = (t("label.id"), t("label.title"), t("label.last_in_force"), t("label.withdrawal_record"),
             t("label.successor"))
    # the intro speaks of the documents "below": said only over a list, never over 目前没有作废文件
    table = (banner("obsolete", t("page.banner.obsolete"), t("page.obsolete.text"))
             + _table(heads, rows, "qms-list", t("page.obsolete.title")) if rows
             else f"<p>{t('page.obsolete.none')}</p>")
    return title_heading(t("page.obsolete.title")) + table


def _last_review(document: Document) -> str:
    """上次评审: the date of the last periodic review with no change and who made it, or — if none is recorded."""
    if document.last_review is None:
        return _date(None)
    return f"{_date(document.last_review)} {escape(document.last_reviewer)}".rstrip()


def review_page(due: Sequence[tuple[dt.date, Document]], today: dt.date, window: int) -> str:
    rows = []
    for day, document in due:
        delta = (day - today).days
        state = (f'<span class="qms-overdue">{t("page.review.overdue_days", days=-delta)}</span>'
                 if document.review_overdue(today)
                 else t("page.review.due_today") if delta == 0 else t("page.review.due_in_days", days=delta))
        rows.append((f'<a href="{escape(ref_href(document.id))}">{escape(document.id)}</a>', escape(document.title),
                     _name(document.department), _effective(document), _last_review(document), _date(day),
                     state))
    heads = (t("label.id"), t("label.title"), t("label.department"), t("label.effective_date"), t("label.last_review"),
             t("label.review_due"), t("label.status"))
    table = _table(heads, rows, "qms-list", t("page.review.title")) if rows else f"<p>{t('page.review.none')}</p>"
    return (f'{title_heading(t("page.review.title"))}'
            f'<p>{t("page.review.text", window=window, today=_date(today))}</p>' + table)


def _number(text: str) -> str:
    """A 分发号 or control number in a cell: one word, never broken at its hyphens (QP-02-01-A/0- above 001)."""
    return f'<span class="qms-number">{escape(text)}</span>'


SHORT_NAME = 8  # characters: a department or person's name up to this length never fits narrower than itself


def _name(text: str) -> str:
    """A department or person's name, or a short label, in a table cell: a short one (行政人事部, 现行版本) as one
    word, never broken as 行政人事/部 (as `_number`); a longer one may wrap, so a column never grows wider than a
    phone's screen."""
    return f'<span class="qms-word">{escape(text)}</span>' if len(text) <= SHORT_NAME else escape(text)


def _number_link(document: str, gone: bool) -> str:
    """A document's number linking to its page (`_number`); plain when its file is deleted: no page to link to."""
    return _number(document) if gone else f'<a class="qms-number" href="{escape(ref_href(document))}">{escape(document)}</a>'


def recall_page(recalls: Sequence[Recall], voided: Sequence[Voided] = ()) -> str:
    """回收清单: every outstanding copy of a superseded version, by document and 分发号; then the copies of a version
    still in force whose approved successor takes effect later (`Recall.due`: not to collect before that day);
    then the copies declared void (lost or damaged) and the numbers that replace them."""
    def rows_of(found: Sequence[Recall]) -> list[tuple[str, ...]]:
        return [(_number(r.entry.number), _number_link(r.entry.document, r.gone),
                 escape(r.title), escape(r.entry.version), escape(r.state), _name(r.entry.recipient),
                 _date(r.entry.date), _name(r.entry.issued_by)) for r in found]
    now, due = recall_now_and_later(recalls)  # the file's parts too (records/register.py `recall_rows`)
    rows, later = rows_of(now), rows_of(due)
    heads = (t("label.copy_number"), t("label.id"), t("label.title"), t("label.copy_version"), t("label.copy_state"),
             t("label.recipient"), t("label.issue_date"), t("label.issued_by"))
    # the intro speaks of the copies "below" to collect: said only over them, never over 目前没有待回收的受控副本
    table = (f'<p>{t("page.recall.text")}</p>' + _table(heads, rows, "qms-list", t("page.recall.title")) if rows
             else f"<p>{t('page.recall.none')}</p>")
    if later:  # still in force: listed apart, not among the copies to collect now
        table += (f'<h2 id="in-force-until">{t("page.recall.due_title")}</h2><p>{t("page.recall.due_text")}</p>'
                  + _table(heads, later, "qms-list", t("page.recall.due_title")))
    void_rows = [(_number(e.number), _number_link(e.document, v.gone),
                  escape(e.version), escape(t("page.recall.void_state", reason=reason_said(e.void_reason))), _date(e.voided),
                  _number(e.replaced_by) if e.replaced_by else escape(t("distribution.void.unreplaced")),
                  _name(e.recipient))
                 for v in voided for e in (v.entry,)]
    void_heads = (t("label.copy_number"), t("label.id"), t("label.copy_version"), t("label.copy_state"),
                  t("register.col.voided"), t("register.col.replaced_by"), t("label.recipient"))
    void = (f'<h2 id="voided">{t("page.recall.void_title")}</h2><p>{t("page.recall.void_text")}</p>'
            + _table(void_heads, void_rows, "qms-list", t("page.recall.void_title")) if void_rows else "")
    return title_heading(t("page.recall.title")) + table + void
