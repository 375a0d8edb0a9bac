"""The reference-link contract: how a link to a controlled document is written into the one HTML render
and how every renderer reads it back. Decided here only.

- `qms:ID` — a controlled document or form (from `[[ID]]` or a relative link to its file); `qms:ID@VERSION` — the
  page of that version of it: where a reference to a document whose approved version waits for its effective date
  goes, the version in force until then (`CorpusRenderer.in_force`);
- `qmsroot:PATH` — a file inside the manuals folder (PATH relative to it: images, attachments, pages).
A reference to a document is an `<a class="qms-ref">` holding 《title》, the ID and (optionally) the version
in spans with the classes below; an unresolvable `[[ID]]` is a `<span class="qms-ref qms-ref-missing">`.
The site turns the schemes into relative URLs per page; Word shows 《title》（ID） and links to the bookmark.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from html import escape
from urllib.parse import unquote

from markdown.util import AtomicString, code_escape

from .codes import CODE_TOKEN, normalise
from .i18n import t

REF_SCHEME = "qms:"
ROOT_SCHEME = "qmsroot:"
SCHEMES = frozenset({"qms", "qmsroot"})  # the allow-list (core/sanitize.py) keeps these
REF_HREF = re.compile(r'href="qms:([^"]+)"')
# Either scheme in an attribute of the rendered HTML (what a renderer rewrites into its own links).
LINK_ATTRIBUTE = re.compile(r'(href|src)="(qms|qmsroot):([^"]*)"')

REF_CLASS = "qms-ref"
MISSING_CLASS = "qms-ref-missing"
TITLE_CLASS = "qms-ref-title"
ID_CLASS = "qms-ref-id"
VERSION_CLASS = "qms-ref-version"


VERSION_MARK = "@"


def ref_address(code: str, version: str = "") -> str:
    """What a `qms:` link names after its scheme: `code`, or the page of its `version` (`ID@VERSION`)."""
    return code + (VERSION_MARK + version if version else "")


def ref_href(code: str, version: str = "") -> str:
    """The link to `code`'s page, or to the page of its `version` (`qms:ID@VERSION`)."""
    return REF_SCHEME + ref_address(code, version)


def ref_target(written: str) -> tuple[str, str]:
    """What a `qms:` address names (after its scheme, without its fragment): (control number, version of the page
    it goes to: "" for the number's own page)."""
    code, _, version = written.partition(VERSION_MARK)
    return code, version


def root_href(path: str) -> str:
    return ROOT_SCHEME + path


# What a file's name may hold that would end or change the path of a URL (`a#b.png`, `50%.png`, `q?.png`, spaces).
_URL_UNSAFE = re.compile(r'[%#?\s"<>\\^`{|}\x00-\x1f\x7f]')


def url_path(path: str) -> str:
    """A path inside the manuals as the path of a URL (`qmsroot:` addresses are URLs): the characters that would
    end or change it escaped (`a#b.png` → `a%23b.png`), every other one (CJK included) as it is."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group(0).encode()), path)


def file_path(url: str) -> str:
    """The path inside the manuals a relative URL path names (`a%23b.png` → `a#b.png`), as a browser reads it."""
    return unquote(url)


def referenced_code(href: str) -> str | None:
    """The control number a `qms:` link points at (without its fragment), else None."""
    if not href.startswith(REF_SCHEME):
        return None
    return ref_target(href[len(REF_SCHEME):].split("#", 1)[0])[0]


def rooted_path(href: str) -> str | None:
    """The manuals-relative file a `qmsroot:` link or image points at (without its fragment, decoded), else None."""
    if not href.startswith(ROOT_SCHEME):
        return None
    return file_path(href[len(ROOT_SCHEME):].split("#", 1)[0])


def shown_title(title: str) -> str:
    """A cited title as the language shows it: 《title》 in Chinese, the bare title in English."""
    return t("ref.title", title=title)


def _data(text: str) -> AtomicString:
    return AtomicString(code_escape(text))


def reference_element(code: str, title: str, version: str, linked: bool = True, page: str = "") -> etree.Element:
    """The reference as an element of the Markdown tree (the one render). Its texts are data: atomic, so no
    later inline pattern (raw HTML, autolinks, emphasis) reads markup into them, and escaped as Markdown's own
    code spans are, since its serializer leaves anything that looks like an entity (`&amp;`) unescaped. Not
    `linked`: a span, for a number no page shows any more (deleted since an earlier version cited it). `page`: the
    version whose page the link goes to ("" its own page)."""
    el = etree.Element("a", {"class": REF_CLASS, "href": ref_href(code, page), "data-ref": code}) if linked \
        else etree.Element("span", {"class": REF_CLASS})  # a number since deleted: no page to link to
    shown = etree.SubElement(el, "span", {"class": TITLE_CLASS})
    # spaces, not only CSS: search text and copied text. 《title》 ID version, or: title (ID version)
    shown.text, shown.tail = _data(shown_title(title)), t("ref.id_open")
    number = etree.SubElement(el, "span", {"class": ID_CLASS})
    number.text = _data(code)
    last = number
    if version:
        number.tail = " "
        last = etree.SubElement(el, "span", {"class": VERSION_CLASS})
        last.text = _data(version)
    last.tail = t("ref.id_close") or None
    return el


def missing_element(code: str, written: str) -> etree.Element:
    """An unresolvable reference, shown as `written` (the whole markup, `![[图.png]]` with its `!`; QD130 tells it)."""
    el = etree.Element("span", {"class": f"{REF_CLASS} {MISSING_CLASS}", "data-ref": code})
    el.text = _data(written)
    return el


def is_reference(el: etree.Element) -> bool:
    """Whether `el` is a reference of the render (`reference_element` or `missing_element`)."""
    return REF_CLASS in el.get("class", "").split()


def reference_text(el: etree.Element) -> str:
    """A reference of the render read as plain text where no markup can stand (an image's alt): 《title》（ID） as
    the copies read one back (`plain_reference`), the markup as written for an unresolvable one."""
    if MISSING_CLASS in el.get("class", "").split():
        return el.text or ""
    return plain_reference({cls: span.text or "" for span in el for cls in span.get("class", "").split()})


def reference_html(code: str, title: str, version: str, page: str = "") -> str:
    """The same reference as an HTML string (generated pages: registers, 被以下文件引用); `page` as
    `reference_element`'s."""
    ver = f' <span class="{VERSION_CLASS}">{escape(version)}</span>' if version else ""
    return (f'<a class="{REF_CLASS}" href="{escape(ref_href(code, page))}"><span class="{TITLE_CLASS}">'
            f'{escape(shown_title(title))}</span>{escape(t("ref.id_open"))}'
            f'<span class="{ID_CLASS}">{escape(code)}</span>'
            f'{ver}{escape(t("ref.id_close"))}</a>')


def plain_reference(spans: Mapping[str, str]) -> str:
    """A reference read back as text (Word, PDF outline): 《title》（ID） or title (ID), from the text of its
    spans by class."""
    return t("ref.plain", title=spans.get(TITLE_CLASS, ""), id=spans.get(ID_CLASS, ""))


def number_after(code: str) -> str:
    """The control number as a reference read back shows it after its title (`plain_reference` with no title):
    （ID） or " (ID)". A copy writes it after the text of a link to a document's file (`[离职程序](QP-02-03.md)`), so
    paper names the document the page links to, as it names one cited by `[[ID]]`."""
    return t("ref.plain", title="", id=code)


def names_number(text: str, code: str) -> bool:
    """Whether `text` names the control number `code` (as written, in any case or width: `qp-02-03 离职程序`);
    a longer number holding it (`QP-02-03-F001`) names another document."""
    if not any(char.isdigit() for char in text):  # most link texts are a title: no number, no search (CODE_TOKEN)
        return False
    return any(normalise(found.group(0)) == code for found in CODE_TOKEN.finditer(text))
