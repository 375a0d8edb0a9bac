"""What the site publishes: which documents, the generated pages, the navigation and each page's HTML.

Free of MkDocs page objects so it can be tested directly; `attach` is the one place touching Files."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_build_date

from ..core import i18n
from ..core.codes import file_stem
from ..core.context import BuildContext
from ..core.copyplan import held_in_force, manual_pages_in_force
from ..core.distribution import Recall, Voided, recall_list, void_list
from ..core.formuse import listed_in_force
from ..core.i18n import t
from ..core.links import backlinks
from ..core.loader import IMAGE_SUFFIXES
from ..core.model import Document, Form, Manual, Target, WorkingRevision, withdrawn_successor_note
from ..core.paths import PREVIEW, PageId
from ..core.redline import Version, compare_versions, released_version
from ..core.refs import file_path, ref_href, root_href
from ..core.render import Rendered
from ..core.revision import fingerprint as scheme_fingerprint
from ..core.rules.lifecycle import review_due_soon
from ..core.source import SourceText
from ..core.training import assignments, meanwhile_unknowns, named_later, named_later_text
from ..core.versions import Release, deleted_titles
from . import pages
from .acknowledgements import AcknowledgementPages
from .dirty import (
    CACHE_NAME,
    SITE_CONFIG,
    SITE_WIDE,
    DirtyCache,
    document_inputs,
    fingerprint,
    form_inputs,
    listing_inputs,
    page_code,
    settings_stamp,
    site_stamp,
    summary,
    template_stamp,
)
from .generated_files import GeneratedFiles
from .history import (
    HistoryIndex,
    changes_section,
    item_edits,
    item_releases,
    pin_images,
    unapproved_section,
    version_slug,
)
from .navtree import NavEntry, shown_around, split
from .redline import redline_section
from .searchpages import SearchPage

HOME = "index.md"
REGISTER = "register.md"
REVIEW = "review.md"
FORMS_INDEX = "forms/index.md"
OBSOLETE = "obsolete.md"
RECALL = "recall.md"
ACKNOWLEDGE = "acknowledgements.md"

# Search ranks: a document above its manual and its forms, withdrawn documents and generated listings last —
# within a word's own weight: a form whose title is the word still outranks a document that only mentions it
# (a title counts ten words of text, search/index.py; at 8 a document's one mention beat a form's title).
DOCUMENT_BOOST, MANUAL_BOOST, FORM_BOOST, OBSOLETE_BOOST, LISTING_BOOST = 2.0, 1.5, 1.0, 0.5, 0.2


def _searched(title: str | None, code: str | None, boost: float) -> SearchPage:
    """A page in the search: its control number an exact key (a query for the number finds the page whatever
    its body says) and shown before its title in a result (as a form's is: staff tell documents apart by their
    numbers), its rank boost."""
    if title is not None and code and code not in title:
        title = f"{code} {title}"
    return SearchPage(title, (code,) if code else (), boost)


def form_uri(code: str) -> str:
    return f"forms/{file_stem(code)}.md"


def history_uri(code: str) -> str:
    return f"history/{file_stem(code)}.md"


def version_uri(code: str, version: str) -> str:
    """The page of an earlier released version, under its document's history page: history/QP-02-03/A-1/."""
    return f"history/{file_stem(code)}/{version_slug(version)}.md"


def revision_uri(code: str) -> str:
    """The preview of a working revision (published with `publish_drafts` only)."""
    return f"revisions/{file_stem(code)}.md"


PageBuilder = Callable[[], tuple[str, list[dict[str, Any]]]]
_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the same YAML, several times faster


def _stub(title: str, *, search: bool = True, wide: bool = False) -> str:
    """A generated page's source: front matter only, written by the YAML serializer (a title with
    newlines or colons stays one value). The title is plain text; `page_title` escapes it for HTML."""
    if title.isprintable() and '"' not in title and "\\" not in title:
        # In a double-quoted YAML scalar only `"`, `\\` and line breaks are special: such a title reads back as
        # written, and this is thousands of times cheaper than the serializer (one stub per form and history page).
        return (f'---\ntitle: "{title}"\n' + ("" if search else "search:\n  exclude: true\n")
                + ("hide:\n- toc\n" if wide else "") + "---\n")
    meta: dict[str, Any] = {"title": title}
    if not search:  # history pages repeat the document's text in diffs: keep them out of the search index
        meta["search"] = {"exclude": True}
    if wide:  # listing pages have no headings to list: give their tables the table-of-contents column
        meta["hide"] = ["toc"]
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False) + "---\n"


def _answer(value: bool) -> Callable[[], bool]:
    return lambda: value


def page_title(text: object) -> str:
    """A title as Material inserts it (nav, <title>, header: not escaped by the theme): HTML-escaped,
    line breaks folded, so front-matter text can never become markup."""
    return escape(" ".join(str(text).split()), quote=True)


class SiteModel:
    def __init__(self, context: BuildContext, *, site_dir: Path, dirty: bool = False,
                 generated: GeneratedFiles | None = None) -> None:
        self.context = context
        self.generated = generated
        """A resident preview's File objects of the last build (site/generated_files.py), or None."""
        self.dirty = dirty
        self.result = context.result
        self.corpus = context.corpus
        self.project = context.config
        self.publish_drafts = context.publish_drafts
        self.with_docx = context.with_docx
        self.copies = pages.Copies(word=context.with_docx, pdf=context.with_pdf,  # the downloads pages link
                                   in_force_copied=frozenset(held.document.id for held in held_in_force(context.result)
                                                             if held.copied),
                                   manuals_in_force=tuple(sorted(manual_pages_in_force(context.result).items())))
        self.site_dir = site_dir
        self.backlinks = backlinks(context.result.context)
        self.builders: dict[str, PageBuilder] = {}
        self.urls: dict[str, str] = {}
        self.doc_uris: dict[str, str] = {}
        self.history_urls: dict[str, str] = {}
        self.version_urls: dict[tuple[str, str], str] = {}
        self.revision_urls: dict[str, str] = {}  # working revisions previewed (publish_drafts)
        self.generated_urls: dict[str, str] = {}  # the listing pages (register, 学习确认 …)
        self.manual_urls: dict[str, str] = {}  # each manual's page (its 文件目录 lists the documents' versions)
        self.renderer = context.renderer
        self.history = HistoryIndex([d for d in self.corpus.sorted_documents() if self.published(d)],
                                    context.result.context.history)
        self.version_pages: dict[str, PageId] = {}  # pages of earlier versions → (id, version)
        self.search_pages: dict[str, SearchPage] = {}
        """The pages the search indexes (not histories, earlier versions or revision previews), by source URI."""
        self.nav: list[Any] = []
        """The navigation (`navigation`), made once per build: the pages' fingerprints hold what it shows."""
        self.site_wide_changed = True
        """Whether the site-wide files (dirty.SITE_WIDE_TEMPLATES) show something else than the last build's."""
        self.retitled: dict[str, str] = {}
        """Pages whose browser tab, header and search result say more than their source's title (作废)."""
        self.listings: dict[str, Callable[[], str]] = {}
        """What writes each generated listing page (register, 作废文件, 学习确认 …): `listing_page` calls it once."""
        self._listing_texts: dict[str, str] = {}

    # -- what is published -------------------------------------------------------------
    def published(self, document: Document) -> bool:
        return self.context.published(document)

    def in_nav(self, document: Document) -> bool:
        return self.published(document) and not document.withdrawn_on(self.project.today)

    def owns(self, src_uri: str) -> bool:
        return src_uri in self.builders

    @cached_property
    def recalls(self) -> list[Recall]:
        """Outstanding copies of superseded versions (the 回收清单 page)."""
        checked = self.result.context
        return recall_list(checked.distribution, self.corpus, self.project.today,
                           deleted_titles(checked.history, self.corpus))

    @cached_property
    def voided(self) -> list[Voided]:
        """The copies declared void, listed beside them on the 回收清单 page."""
        checked = self.result.context
        return void_list(checked.distribution, self.corpus, deleted_titles(checked.history, self.corpus))

    def listing_page(self, uri: str) -> str:
        """The text of generated listing page `uri`, written once a build: both the page and its dirty-build
        fingerprint. Fingerprints made of the facts behind a listing kept missing one it shows (the department a
        reading was recorded under, a retitled document's copies to recall, the title of a waiting successor's
        version in force), and each miss left the page stale under --dirty/serve: its own text misses nothing."""
        text = self._listing_texts.get(uri)
        if text is None:
            text = self._listing_texts[uri] = self.listings[uri]()
        return text

    def _listing_builder(self, uri: str) -> PageBuilder:
        return lambda: (self.listing_page(uri), [])

    @cached_property
    def acknowledgements(self) -> AcknowledgementPages:
        """Reading assignments of every version in force published (the 学习确认 page, each document's line)."""
        checked = self.result.context
        found = [a for a in assignments(self.corpus, self.project, checked.acknowledgements, checked.roster,
                                       checked.history.versions)
                 if self.published(a.document)]
        unknown = [u for u in meanwhile_unknowns(self.corpus, self.project, checked.history.note)
                   if self.published(u.document)]
        later = [(d, text) for d in self.corpus.sorted_documents() if self.published(d)
                 and (text := named_later_text(named_later(d, self.project, checked.history.versions),
                                               self.project.today))]
        return AcknowledgementPages(found, self.history, self.history_urls, self.generated_urls, ACKNOWLEDGE,
                                    self.with_docx, unknown, later)

    # -- the one parse ------------------------------------------------------------------
    def rendered(self, document: Document) -> Rendered:
        return self.renderer.document(document)

    def citing(self, code: str) -> list[Document]:
        return [d for d in self.backlinks.get(code, []) if self.published(d)]

    def form_users(self, form: Form, owner: Document | None) -> list[Document]:
        """The documents that use `form` (`citing`), with its owner while the owner's version in force lists it and
        the approved successor that drops it waits for its effective date (core/formuse.py)."""
        citing = self.citing(form.id)
        if owner is not None and owner not in citing and self.published(owner) and \
                form.id in listed_in_force(owner, self.project, self.result.context.history):
            return [owner, *citing]
        return citing

    # -- files --------------------------------------------------------------------------
    @cached_property
    def _manuals_prefix(self) -> str | None:
        """The manuals folder as the start of a source path (`manuals/`), if it lies inside the project."""
        try:
            return self.project.manuals_path.relative_to(self.project.root).as_posix().rstrip("/") + "/"
        except ValueError:
            return None

    def _src_uri(self, source_path: str) -> str:
        prefix = self._manuals_prefix
        if prefix and prefix != "./" and source_path.startswith(prefix) and "/../" not in source_path:
            return source_path[len(prefix):]  # one string operation per page instead of two Path objects
        return (self.project.root / source_path).relative_to(self.project.manuals_path).as_posix()

    def _file(self, config: MkDocsConfig, src_uri: str, stub: str) -> File:
        """The File of a page we generate (its source is the stub `stub`)."""
        if self.generated is not None:
            return self.generated.file(config, src_uri, stub)
        return File.generated(config, src_uri, content=stub)

    def attach(self, files: Files, config: MkDocsConfig) -> None:
        if self.generated is not None:
            self.generated.start()
        self._attach_pages(files, config)
        self.nav = self.navigation()
        self._mark_modified(files, config)

    def _attach_pages(self, files: Files, config: MkDocsConfig) -> None:
        today = self.project.today
        for document in self.corpus.sorted_documents():
            uri = self._src_uri(document.path)
            file = files.src_uris.get(uri)  # our uris are already normal: no PurePath per page
            if file is None:
                continue
            if not self.published(document):
                files.remove(file)
                continue
            self.doc_uris[document.id] = uri
            self.urls[document.id] = file.url
            successor = self.corpus.documents.get(document.superseded_by or "")
            self.builders[uri] = self._document_builder(document, successor, today)
            if document.withdrawn_on(today):  # marked in the search result, the browser tab and the header
                self.retitled[uri] = document.title + t("page.title.obsolete_mark")
                self.search_pages[uri] = _searched(self.retitled[uri], document.id, OBSOLETE_BOOST)
            else:
                self.search_pages[uri] = _searched(document.title, document.id, DOCUMENT_BOOST)
            history_file = self._file(config, history_uri(document.id),
                                      _stub(t("page.history.stub", id=document.id), search=False))
            files.append(history_file)
            self.history_urls[document.id] = history_file.url
            self.builders[history_uri(document.id)] = self._history_builder(document)
            for release in self.history.earlier(document):  # every earlier version, readable whole
                uri = version_uri(document.id, release.version)
                until = document.in_force_until(release.version, today)  # its successor's or withdrawal's day
                old = self._file(config, uri, _stub(
                    t("history.in_force_stub", id=document.id, version=release.version, date=until)
                    if until is not None else t("history.version_stub", id=document.id, version=release.version), search=False))
                files.append(old)
                self.version_urls[(document.id, release.version)] = old.url
                self.version_pages[uri] = (document.id, release.version)
                self.builders[uri] = self._version_builder(document, release)
        manual_hrefs: dict[str, str] = {}  # the 受控文件清单 links each manual's row to its page
        for manual in self.corpus.manuals:
            self.builders[self._src_uri(manual.path)] = self._manual_builder(manual)
            if (manual_file := files.src_uris.get(self._src_uri(manual.path))) is not None:
                manual_hrefs[manual.id] = root_href(manual_file.url)
                self.manual_urls[manual.id] = manual_file.url
            self.search_pages[self._src_uri(manual.path)] = _searched(manual.title, manual.id, MANUAL_BOOST)
        home = self.corpus.home
        if home is not None and not home.findings:  # rendered by the core, like every page we publish
            self.builders[HOME] = self._home_builder(home.body)
            self.search_pages[HOME] = _searched(None, None, LISTING_BOOST)

        # A draft form is published as a draft document is (only previewed); the forms index lists forms in force.
        forms = [f for f in self.corpus.sorted_forms() if self.context.published(f)]
        # not a draft, nor withdrawn with its owner by today (`state_on`)
        in_force = [f for f in forms if f.state_on(self.project.today).is_controlled]
        for form in forms:
            uri = form_uri(form.id)
            withdrawn = form.withdrawn_on(self.project.today)  # with its owner: marked as a withdrawn document's page is
            title = f"{form.id} {form.title}" + (t("page.title.obsolete_mark") if withdrawn else "")
            file = self._file(config, uri, _stub(title))
            files.append(file)
            self.urls[form.id] = file.url
            self.builders[uri] = self._form_builder(form)
            self.search_pages[uri] = _searched(title, form.id, OBSOLETE_BOOST if withdrawn else FORM_BOOST)
        for code, revision in self.previewed_revisions():  # out of the navigation, the search and the manifest
            uri = revision_uri(code)
            preview = self._file(config, uri, _stub(t("revision.stub", id=code), search=False))
            files.append(preview)
            self.revision_urls[code] = preview.url
            self.builders[uri] = self._revision_builder(code, revision)
        documents = [d for d in self.corpus.sorted_documents() if self.published(d)]
        obsolete = [d for d in documents if d.withdrawn_on(today)]  # a withdrawal dated later: in force today
        due = [(day, self.corpus.documents[code]) for day, code in review_due_soon(self.result.context)]
        window = self.project.review_warning_days
        generated: dict[str, tuple[str, Callable[[], str]]] = {
            REVIEW: (t("page.review.title"), lambda: pages.review_page(due, today, window)),
            REGISTER: (t("page.register.title"), lambda: pages.register_page([*documents, *forms], today,
                                                                           self.corpus.sorted_manuals(),
                                                                           manual_hrefs)),
            FORMS_INDEX: (t("page.forms.title"), lambda: pages.forms_index(in_force, self.corpus.documents, self.copies)),
            OBSOLETE: (t("page.obsolete.title"), lambda: pages.obsolete_page(obsolete, self.corpus.documents, self.project.today,
                                                                             [f for f in forms if f.withdrawn_on(today)],
                                                                             self.renderer.in_force)),
            RECALL: (t("page.recall.title"), lambda: pages.recall_page(self.recalls, self.voided)),
            ACKNOWLEDGE: (t("page.acknowledgements.title"), lambda: self.acknowledgements.page(today)),
        }
        for uri, (title, listing) in generated.items():
            generated_file = self._file(config, uri, _stub(title, wide=True))
            files.append(generated_file)
            self.generated_urls[uri] = generated_file.url
            self.listings[uri] = listing
            self.builders[uri] = self._listing_builder(uri)
            self.search_pages[uri] = _searched(title, None, LISTING_BOOST)
        # No page reaches readers without qmsdoc's policy: the check refuses stray pages (QD009), and
        # any that slip past (MkDocs' own `exclude_docs` rules differ) are not published.
        manuals = self.project.manuals_path.resolve()
        folders: dict[str, bool] = {}  # each file's source folder (docs_dir, the theme's…), resolved once
        for file in list(files):
            folder = file.src_dir
            if folder is not None and folder not in folders:
                folders[folder] = Path(folder).resolve().is_relative_to(manuals)
            from_sources = folder is not None and folders[folder] and file.abs_src_path is not None
            if from_sources and (file.src_uri.lower().endswith((".html", ".htm", ".svg", ".js", ".css"))
                                 or (file.is_documentation_page() and file.src_uri not in self.builders)):
                files.remove(file)

    def _mark_modified(self, files: Files, config: MkDocsConfig) -> None:
        """Fingerprint every page we own; in a dirty build only changed pages are rebuilt."""
        self.dirty_cache = DirtyCache(self.context.out_dir / CACHE_NAME)
        today = self.project.today
        # What every page depends on (every page's URL: links; the options; the date), hashed once: folded
        # into each page's fingerprint as it was, it made fingerprinting quadratic in the size of the site.
        salt = fingerprint(sorted(self.urls.items()), self.with_docx, self.context.with_pdf, self.publish_drafts,
                           str(today), i18n.fingerprint(),  # every label on the page is in the project's language
                           scheme_fingerprint(),  # and every version is spelled in the project's scheme
                           page_code(), template_stamp(config.theme.custom_dir), settings_stamp(self.project))
        published = [d for d in self.corpus.sorted_documents() if d.id in self.doc_uris]
        models: dict[int, tuple[Target, str]] = {}  # each document's and form's model encoded once (listing_inputs)
        # Earlier versions, the history's redlines and revision previews render bodies whose references are not
        # in the model (they come from git or a draft): they depend on how every document and form is cited now.
        targets: list[Target] = [*self.corpus.sorted_documents(), *self.corpus.sorted_forms()]
        cited = fingerprint([summary(item) for item in targets])
        # the listing pages by their own text (`listing_page`), written here once for the page too
        fingerprints: dict[str, str] = {uri: fingerprint(self.listing_page(uri), salt) for uri in self.listings}
        docs = self.corpus.documents
        for document in published:
            refs = [self.corpus.lookup(r.code) for r in self.result.context.structure(document).references]
            successor = self.corpus.documents.get(document.superseded_by or "")
            overdue = document.review_overdue(today)
            fingerprints[self.doc_uris[document.id]] = document_inputs(document, refs, self.citing(document.id),
                                                                       successor, overdue,
                                                                       salt + self.acknowledgements.line(document)
                                                                       + withdrawn_successor_note(document, docs)
                                                                       + self._in_force_shown(document)
                                                                       + self._previewed_at(document.id))
            releases = [(r.version, r.commit) for r in self.history.releases.get(document.id, [])]
            fingerprints[history_uri(document.id)] = document_inputs(document, [], [], None, False,
                                                                     salt + cited + repr(releases)
                                                                     + repr(self.history.edits.get(document.id))
                                                                     + str(self.history.note))
            for release in self.history.earlier(document):
                # its pictures as released: the page changes when today's file of one stops matching (pin_images)
                pictures = self.picture_stamp if "![" in release.body or "<img" in release.body.lower() else ""
                fingerprints[version_uri(document.id, release.version)] = listing_inputs(
                    [], f"{release.commit}\0{release.version}\0{releases}\0{cited}\0{salt}\0{pictures}\0"
                    f"{release.source.text}\0{self.history.edits.get(document.id)!r}"  # its note of unapproved edits
                    f"\0{document.next_review}{self._in_force_shown(document)}")  # stated on the page of the version
                # still in force while one waits, with its copies
        for code in self.revision_urls:
            revision = self.corpus.revisions[code]
            fingerprints[revision_uri(code)] = listing_inputs([], f"{revision.source.text}\0{cited}\0{salt}")
        for form in self.corpus.sorted_forms():
            owner = self.corpus.documents.get(form.owner or "")
            releases = [(r.version, r.commit) for r in self._form_releases(form)]
            edits = item_edits("form", form.path, self.result.context.history)
            fingerprints[form_uri(form.id)] = form_inputs(form, owner, self.form_users(form, owner),
                                                          salt + repr(releases) + repr(edits)
                                                          + self._previewed_at(form.id))
        for manual in self.corpus.manuals:
            members = [d for d in manual.documents if self.in_nav(d)]
            releases = [(r.version, r.commit) for r in item_releases("manual", manual.path, self.result.context.history)]
            edits = item_edits("manual", manual.path, self.result.context.history)
            fingerprints[self._src_uri(manual.path)] = listing_inputs(members, manual.source.text + salt
                                                                      + manual.effective_note
                                                                      + dict(self.copies.manuals_in_force).get(manual.id, "")
                                                                      + repr(releases) + repr(edits)
                                                                      + self._previewed_at(manual.id), models)
        home = self.corpus.home
        if HOME in self.builders and home is not None:  # its links name documents; its menu, the manuals
            fingerprints[HOME] = listing_inputs([], f"{home.text}\0{cited}\0{salt}")
        around, elsewhere = shown_around(self.nav, pruned="navigation.prune" in (config.theme.get("features") or ()))
        # The site-wide files (sitemap, 404 page): every page's URL, the navigation (the 404 page's menu).
        pages = sorted(file.url for file in files.documentation_pages())
        # mkdocs.yml as loaded (dirty.site_stamp): every page and the site-wide files are rendered with it. Kept
        # apart from the pages' own fingerprints, which say which Word and PDF copies to write again
        # (changed_ids): no copy shows mkdocs.yml, so an edit to it rewrites the pages and no copy.
        site_changed = self.dirty_cache.changed(SITE_CONFIG, site_stamp(config))
        self.site_wide_changed = self.dirty_cache.changed(SITE_WIDE, fingerprint(
            pages, self.nav, elsewhere, config.site_url, str(get_build_date()), salt)) or site_changed
        for uri, inputs in fingerprints.items():
            changed = self.dirty_cache.changed(uri, fingerprint(inputs, around.get(uri, elsewhere))) or site_changed
            file = files.src_uris.get(uri)  # our uris are already normal: no PurePath per page
            if self.dirty and file is not None:
                rebuild = changed or not os.path.isfile(file.abs_dest_path)
                file.is_modified = _answer(rebuild)  # type: ignore[method-assign]

    def changed_ids(self) -> set[str]:
        """Documents, forms and manuals whose page fingerprint changed since the last build (the Word
        copies a dirty build must re-export)."""
        cache = self.dirty_cache

        def changed(uri: str) -> bool:
            return cache.previous.get(uri) != cache.current.get(uri)

        ids = {code for code, uri in self.doc_uris.items() if changed(uri)}
        ids |= {form.id for form in self.corpus.forms.values() if changed(form_uri(form.id))}
        # a whole manual's copy holds its index page too (its text, its version in force while a successor waits)
        ids |= {m.id for m in self.corpus.manuals
                if changed(self._src_uri(m.path)) or any(d.id in ids for d in m.documents)}
        return ids

    def _document_builder(self, document: Document, successor: Document | None, today: Any) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            rendered = self.rendered(document)
            before = self.version_urls.get((document.id, document.in_force_before)) \
                if document.pending_on(today) else None  # the page of the version staff work to until then
            html = pages.document_page(document, rendered.html, self.citing(document.id), successor, today,
                                       self.copies, root_href(self.history_urls[document.id]),
                                       self._revision_href(document.id), self.acknowledgements.line(document),
                                       root_href(before) if before else None, self.corpus.documents,
                                       self.renderer.in_force)
            return html, _under_title(rendered.toc_tokens + [_toc_entry("qms-history", t("label.history")),
                                                             _toc_entry("qms-backlinks", t("label.cited_by"))],
                                      document.title)
        return build

    def _history_builder(self, document: Document) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            def version_href(version: str) -> str:
                return root_href(self.version_urls[(document.id, version)])

            return self.history.page(document, self.renderer, ref_href(document.id), version_href,
                                     today=self.project.today), []
        return build

    @cached_property
    def picture_stamp(self) -> str:
        """Every picture file of the manuals by name, size and modification time (no bytes read)."""
        found = []
        for folder, folders, names in os.walk(self.project.manuals_path):
            folders.sort()
            for name in sorted(names):
                if os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES:
                    try:
                        stat = os.stat(os.path.join(folder, name))
                    except OSError:
                        continue
                    found.append((os.path.relpath(os.path.join(folder, name), self.project.manuals_path),
                                  stat.st_size, stat.st_mtime_ns))
        return fingerprint(found)

    def _version_builder(self, document: Document, release: Release) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            def version_href(version: str) -> str | None:
                url = self.version_urls.get((document.id, version))
                return root_href(url) if url else None

            def document_href(code: str) -> str | None:  # a successor named: its page, where the site has one
                return ref_href(code) if code in self.doc_uris else None

            html = self.history.version_page(document, release, self.renderer,
                                             root_href(self.history_urls[document.id]), ref_href(document.id),
                                             self.project.today, self.copies, version_href, document_href)
            folder = version_uri(document.id, release.version)[: -len(".md")]
            return pin_images(html, release, self.renderer.inside_manuals(document.path),
                              self.project.manuals_path, folder, self.site_dir), []
        return build

    # -- working revisions previewed (publish_drafts) ---------------------------------------
    def previewed_revisions(self) -> list[tuple[str, WorkingRevision]]:
        """The working revisions the site previews at `revisions/<ID>/`, by id: with `publish_drafts` only, of a
        document, blank form or manual index page whose page in force is published. The one place deciding it:
        the pages, the links from the pages in force and the fingerprints follow `revision_urls`, made from it."""
        if not self.publish_drafts:
            return []
        found = []
        for code, revision in sorted(self.corpus.revisions.items()):
            item = revision.item
            manual = self.corpus.manual(code) if isinstance(item, Manual) else None
            if (isinstance(item, Document) and code in self.doc_uris
                    or isinstance(item, Form) and code in self.corpus.forms and code in self.urls
                    or manual is not None and manual.id in self.manual_urls):
                found.append((code, revision))
        return found

    def _in_force_shown(self, document: Document) -> str:
        """What the pages of `document` say of its version in force while an approved one waits, beyond its source and
        model: whether the build makes that version's copies, which they link (core/copyplan.py `HeldInForce.copied`:
        not when a picture it shows was replaced since its approval), and that version's page, which git's release
        gives (the banner links it). Both in its fingerprints: a dirty build kept links to copies no longer made."""
        before = self.version_urls.get((document.id, document.in_force_before)) \
            if document.pending_on(self.project.today) else None
        return f"\0{document.id in self.copies.in_force_copied}\0{before}"

    def _previewed_at(self, code: str) -> str:
        """The preview of `code`'s working revision its page in force links to ("" if none): in its fingerprint."""
        return "\0" + self.revision_urls[code] if code in self.revision_urls else ""

    def _revision_href(self, code: str) -> str | None:
        url = self.revision_urls.get(code)
        return root_href(url) if url else None

    def _redline(self, kind: str, version: str, in_force: SourceText, revision: WorkingRevision) -> str:
        """The redline and 修订对照表 from the version in force to the working revision (`#qms-redline`)."""
        comparison = compare_versions(kind, released_version(version, in_force),
                                      Version(t("revision.label"), revision.source, revision.reason), self.renderer)
        return redline_section(comparison, "qms-redline")

    def _revision_builder(self, code: str, revision: WorkingRevision) -> PageBuilder:
        """The preview page of a working revision: the page renderer of its kind, given the draft, marked 草稿
        (pages.Revising), with the redline from the version in force."""
        draft, manual = revision.item, self.corpus.manual(code)
        if isinstance(draft, Document):
            return self._document_preview(self.corpus.documents[code], draft, revision)
        if isinstance(draft, Form):
            return self._form_preview(self.corpus.forms[code], draft, revision)
        if isinstance(draft, Manual) and manual is not None:
            return self._manual_preview(manual, draft, revision)
        raise LookupError(code)  # previewed_revisions takes none other

    def _document_preview(self, document: Document, draft: Document, revision: WorkingRevision) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            rendered = self.renderer.text(draft.body, document.path)  # its links start where the document lives
            shown = dataclasses.replace(draft, manual=document.manual)
            redline = self._redline("document", str(document.version or ""), document.source, revision)
            return pages.revision_page(document, shown, rendered.html, redline, ref_href(document.id)), []
        return build

    def _form_preview(self, form: Form, draft: Form, revision: WorkingRevision) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            version = str(form.version or "")
            owner = self.corpus.documents.get(draft.owner or "")
            return pages.form_page(draft, owner, self.citing(form.id), pages.Copies(),
                                   self._redline("form", version, form.source, revision),
                                   revising=pages.Revising(form.id, version, ref_href(form.id))), []
        return build

    def _manual_preview(self, manual: Manual, draft: Manual, revision: WorkingRevision) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            shown = dataclasses.replace(draft, folder=manual.folder, documents=manual.documents)
            rendered = self.renderer.text(draft.source.body, manual.path)  # its links start where the page lives
            documents = sorted((d for d in manual.documents if self.in_nav(d)), key=lambda d: d.sort_key)
            current = root_href(self.manual_urls[manual.id])
            return pages.manual_page(shown, rendered.html, documents, pages.Copies(),
                                     self._redline("manual", manual.version, manual.source, revision),
                                     revising=pages.Revising(manual.id, manual.version, current)), \
                _manual_sections(rendered, [], manual.title)
        return build

    def _manual_builder(self, manual: Manual) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            html = self.renderer.text(manual.source.body, manual.path)
            documents = sorted((d for d in manual.documents if self.in_nav(d)), key=lambda d: d.sort_key)
            kept = [_toc_entry("qms-history", t("label.history"))] if manual.history else []
            found = item_releases("manual", manual.path, self.result.context.history)
            changes = changes_section("manual", found, self.renderer) + unapproved_section(
                item_edits("manual", manual.path, self.result.context.history))
            return pages.manual_page(manual, html.html, documents, self.copies, changes, self.project.today,
                                     revision_href=self._revision_href(manual.id)), \
                _manual_sections(html, kept, manual.title)
        return build

    def _home_builder(self, body: str) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            rendered = self.renderer.text(body)
            return rendered.html, rendered.toc_tokens
        return build

    def _form_builder(self, form: Form) -> PageBuilder:
        def build() -> tuple[str, list[dict[str, Any]]]:
            owner = self.corpus.documents.get(form.owner or "")
            changes = changes_section("form", self._form_releases(form), self.renderer) + unapproved_section(
                item_edits("form", form.path, self.result.context.history))
            return pages.form_page(form, owner, self.form_users(form, owner), self.copies, changes,
                                   revision_href=self._revision_href(form.id), today=self.project.today,
                                   held=self.renderer.in_force), []
        return build

    def _form_releases(self, form: Form) -> list[Release]:
        return item_releases("form", form.path, self.result.context.history)

    def page_html(self, src_uri: str, title: str) -> tuple[str, list[dict[str, Any]]]:
        """The page's HTML and table of contents; a page with our title (`title` in words) has it first."""
        html, toc_tokens = self.builders[src_uri]()
        if f' id="{pages.TITLE_ANCHOR}">' in html:
            toc_tokens = _under_title(toc_tokens, title)
        return html, toc_tokens

    def page_ids(self) -> dict[str, PageId]:
        """Site-relative HTML file of every document, form and manual page → its id (for the manifest: a manual's
        entry records the documents its page lists, so verify knows a saved page is stale before a rebuild); the
        pages of earlier versions → their id and version; the previews of working revisions → their id and PREVIEW."""
        out: dict[str, PageId] = {}
        for code, url in [*self.urls.items(), *self.manual_urls.items()]:
            out[_html_file(url)] = (code, None)
        for (code, version), url in self.version_urls.items():
            out[_html_file(url)] = (code, version)
        for code, url in self.revision_urls.items():  # no copy of anything: the manifest marks them previews
            out[_html_file(url)] = (code, PREVIEW)
        return out

    # -- navigation -----------------------------------------------------------------------
    def navigation(self) -> list[Any]:
        """One section per manual (its index first, documents by control number, a large manual in
        sub-sections by series and number range), then the generated pages.
        Obsolete documents stay out of the navigation; they are reached from the register and 作废文件."""
        nav: list[Any] = []
        if (Path(self.project.manuals_path) / "index.md").is_file():
            nav.append({t("nav.home"): "index.md"})
        manuals = sorted(self.corpus.manuals, key=lambda m: (m.order, m.id))
        for manual in manuals:
            # Not navigation.indexes: Material then scans every section's children on every page (O(N²)).
            # A large manual is split into sub-sections (navtree): with navigation.prune a page then
            # carries a bounded navigation instead of the whole manual's.
            entries = [NavEntry(document.id, page_title(f"{document.id} {document.title}"),
                                self.doc_uris[document.id])
                       for document in sorted(manual.documents, key=lambda d: d.sort_key)
                       if self.in_nav(document) and document.id in self.doc_uris]
            home = {page_title(t("nav.manual_home", title=manual.title)): self._src_uri(manual.path)}
            nav.append({page_title(manual.title): [home, *split(entries)]})
        # Form pages stay out of the navigation: a QMS has hundreds, and every page listing them all
        # made the nav the dominant build cost. They are reached from this index, the register and references.
        nav.append({t("page.forms.title"): FORMS_INDEX})
        nav.append({t("page.register.title"): REGISTER})
        nav.append({t("page.review.title"): REVIEW})
        nav.append({t("page.obsolete.title"): OBSOLETE})
        nav.append({t("page.recall.title"): RECALL})
        nav.append({t("page.acknowledgements.title"): ACKNOWLEDGE})
        return nav


def _html_file(url: str) -> str:
    """The site-relative file a page's URL is served from: MkDocs' URLs are percent-encoded (`kf%2050%25/`),
    the files are not (`kf 50%/index.html`)."""
    path = file_path(url)
    return (path + "index.html") if path.endswith("/") or path == "" else path


def _under_title(toc_tokens: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
    """The table of contents of a page whose <h1> is our title (pages.title_heading): one level-1 entry, the title,
    holding every other. Material lists only what a first level-1 entry holds (a body whose sections are `# ` or
    `===` headings kept none but the first one's subsections without it), and its skip link goes to the first
    entry: without the title it skipped past an obsolete document's banner and control block to 1.0, and a page
    with no headings of the body's (the register, a form) had no skip link at all."""
    if toc_tokens and toc_tokens[0]["id"] == pages.TITLE_ANCHOR:
        return toc_tokens
    return [{"level": 1, "id": pages.TITLE_ANCHOR, "name": title, "html": escape(title), "children": toc_tokens}]


def _manual_sections(rendered: Rendered, kept: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
    """A manual page's table of contents: the body's own "# title", which the page drops, leaves its entry too."""
    tokens = rendered.toc_tokens
    if tokens and tokens[0]["level"] == 1 and pages.LEADING_H1.match(rendered.html):
        tokens = [*tokens[0]["children"], *tokens[1:]]
    return _under_title(tokens + kept, title)


def _toc_entry(anchor: str, name: str) -> dict[str, Any]:
    """A page's table of contents entry for a section the page adds after its body (修订记录, cited by)."""
    return {"level": 2, "id": anchor, "name": name, "html": name, "children": []}
