"""Where each output lives inside the build folder — the one place output paths are decided.

    build/site/                       the website (build/site/docx/ links the Word copies)
    build/docx/{documents,forms,manuals}/<stem>.docx, build/docx/signin/<stem>.docx (学习签到表)
    build/docx/documents/in-force/<stem>-<version>.docx   the version in force while its successor waits to take effect
    build/docx/manuals/in-force/<stem>-<version>.docx     a whole manual whose index page's successor waits, as in force
    build/pdf/{documents,forms,manuals}/<stem>.pdf
    build/register.csv, register.xlsx, external-register.csv, recall-list.csv, acknowledgements.csv, manifest.json
    build/.qmsdoc-dirty-cache.json    what the last site build was made from (`--dirty`)
    build/.qmsdoc-parse-cache.pickle, .qmsdoc-search-cache.json   caches that make the next check/build warm
    build/.qmsdoc-jieba-dictionary    jieba's dictionary by first character (a rebuild reads only what it needs)
    build/.qmsdoc-output, .qmsdoc-written.json   the marker and the list of what the build wrote (core/outputs.py;
                                      also in docx/ and pdf/, which are replaced whole on their own)
"""

from __future__ import annotations

import re
from typing import Literal

from .codes import file_stem

SITE_DIR = "site"
DOCX_DIR = "docx"
PDF_DIR = "pdf"  # written with `qmsdoc build --pdf` (or --only …,pdf)
MANIFEST = "manifest.json"
REGISTER_CSV = "register.csv"
REGISTER_XLSX = "register.xlsx"
EXTERNAL_REGISTER_CSV = "external-register.csv"
RECALL_CSV = "recall-list.csv"  # 回收清单: outstanding copies of superseded versions
ACKNOWLEDGEMENTS_CSV = "acknowledgements.csv"  # 文件学习确认记录: each department's assignment of each version in force
DIRTY_CACHE = ".qmsdoc-dirty-cache.json"
PARSE_CACHE = ".qmsdoc-parse-cache.pickle"  # each source's parse, by the hash of its bytes (core/parsecache.py)
SEARCH_CACHE = ".qmsdoc-search-cache.json"  # each page's search record and words (search/cache.py)
SEARCH_POSTINGS = ".qmsdoc-search-postings.pickle"  # the last search index's postings as encoded (search/encoded.py)
LEGACY_SEARCH_SEGMENTS = ".qmsdoc-search-segments.json"  # Material's search entries, written before qmsdoc's own search
RENDER_CACHE = ".qmsdoc-render-cache.json"  # rendered bodies with the answers they were made from (core/rendercache.py)
HASH_CACHE = ".qmsdoc-file-hashes.json"  # output files' SHA-256 by their stat signature (records/hashes.py)
JIEBA_DICTIONARY = ".qmsdoc-jieba-dictionary"  # jieba's dictionary split by first character (search/jiebadict.py)
COPY_RECORD = ".qmsdoc-jobs.json"  # in build/docx and build/pdf: each copy's job digest (core/copyreuse.py)
TEMPLATE_CACHE = ".qmsdoc-templates"  # the theme's templates as Jinja compiled them (site/theme.py)

CopyKind = Literal["document", "form", "manual", "signin"]  # signin: the 学习签到表 of a version in force
PageId = tuple[str, str | None]
"""What a published page shows (for the manifest): an id and, for the page of an earlier version, that version
(None: the version in force; PREVIEW: the preview of its working revision, `publish_drafts`)."""
PREVIEW = "preview"  # never a version (A/0, 1.0): a PageId's mark of a working revision's preview page
_COPY_FOLDERS: dict[CopyKind, str] = {"document": "documents", "form": "forms", "manual": "manuals", "signin": "signin"}
COPY_FOLDERS = frozenset(_COPY_FOLDERS.values())
# Everything qmsdoc has ever written at the top of the build folder (core/outputs.py recognises such a folder).
BUILD_NAMES = frozenset({SITE_DIR, DOCX_DIR, PDF_DIR, REGISTER_CSV, REGISTER_XLSX, EXTERNAL_REGISTER_CSV, RECALL_CSV,
                         ACKNOWLEDGEMENTS_CSV, MANIFEST, DIRTY_CACHE, PARSE_CACHE, SEARCH_CACHE, RENDER_CACHE,
                         SEARCH_POSTINGS, HASH_CACHE, JIEBA_DICTIONARY, TEMPLATE_CACHE, LEGACY_SEARCH_SEGMENTS})


def copy_relative(code: str, kind: CopyKind, suffix: str = ".docx") -> str:
    """A controlled copy's path inside its format's folder (build/docx, site/docx): `documents/QP-02-03.docx`."""
    return f"{_COPY_FOLDERS[kind]}/{file_stem(code)}{suffix}"


IN_FORCE_FOLDER = "in-force"  # inside documents/ and manuals/: copies of the version in force while its successor waits
_UNSAFE_IN_NAME = re.compile(r"[^0-9A-Za-z._-]")


def in_force_relative(code: str, version: str, suffix: str = ".docx", kind: CopyKind = "document") -> str:
    """Where the copy of `version` of document `code` lives inside its format's folder while it is still the version
    in force and an approved successor waits for its effective date: `documents/in-force/QP-03-04-A-0.docx`
    (a folder of its own, so no document's number can meet it; the version in the name, as the version's page
    address writes it). `kind="manual"`: the whole manual whose index page waits, `manuals/in-force/QP-03-A-0.docx`."""
    slug = _UNSAFE_IN_NAME.sub("-", version.replace("/", "-"))
    return f"{_COPY_FOLDERS[kind]}/{IN_FORCE_FOLDER}/{file_stem(code)}-{slug}{suffix}"


def signin_sheet(code: str) -> str:
    """Where the build writes the 学习签到表 of document `code`, inside the build folder: `docx/signin/QP-02-03.docx`
    (written with the Word copies only). What the sheet, the release and the site name: never a file not written."""
    return f"{DOCX_DIR}/{copy_relative(code, 'signin')}"


def is_signin_sheet(relative: str) -> bool:
    """Whether a build-relative path (manifest.json's) is a 学习签到表: docx/signin/…, pdf/signin/… or their links
    under site/ — and nothing else the build holds without an id."""
    parts = relative.split("/")
    return len(parts) >= 3 and parts[-2] == _COPY_FOLDERS["signin"] and parts[-3] in (DOCX_DIR, PDF_DIR)


def docx_relative(code: str, *, form: bool) -> str:
    """Where the Word copy of a document or blank form lives, relative to build/docx (and site/docx)."""
    return copy_relative(code, "form" if form else "document")
