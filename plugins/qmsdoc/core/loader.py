"""Load manuals and forms from disk into a Corpus; every load problem becomes a Finding."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import schemas
from .codes import normalise, pattern_problem
from .config import Config
from .errors import echoed, os_reason, shown_path
from .formhead import Column, ColumnGroup
from .i18n import t
from .model import (
    Corpus,
    Document,
    Form,
    FormField,
    HistoryEntry,
    Manual,
    Signoff,
    WorkingRevision,
    mark_withdrawn_forms,
    parse_date,
)
from .parsecache import ParseCache, copied
from .portable import resolved
from .revision import Revision
from .source import (
    SourceText,
    leads_back,
    load_markdown,
    outside_message,
    outside_target,
    parse_markdown_file,
    parse_yaml_file,
    read_text,
)
from .status import Status

MANUAL_INDEX = "index.md"
# Files the site may publish beside documents (in a manual folder or its assets/); SVG can carry script.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
# Site paths qmsdoc and Material generate: a manual folder with one of these names would overwrite them.
RESERVED_FOLDERS = frozenset({"forms", "history", "docx", "pdf", "assets", "search", "register", "review", "obsolete",
                              "recall", "revisions", "acknowledgements", "404", "sitemap.xml", "sitemap.xml.gz"})


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the project folder, with forward slashes (as it is when outside it)."""
    text, base = str(path), str(root)
    if text.startswith(base) and text[len(base):len(base) + 1] == os.sep:  # one string operation per file
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _in_order(paths: Iterable[Path]) -> list[Path]:
    """The files of one folder in the order `sorted` gives their paths (by name; without case on Windows), without
    comparing Path objects (thousands of times per check). A name that is not UTF-8 is left out: the walks
    report it (`unreadable_name`)."""
    return sorted((path for path in paths if utf8_name(path.name)), key=lambda path: os.path.normcase(path.name))


def utf8_name(name: str) -> bool:
    """Whether a file name is text: bytes that are not UTF-8 reach Python as surrogates (`caf\\udce9`), which no
    page, register, message or git path can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unreadable_name(path: Path, config: Config, corpus: Corpus) -> None:
    """QD001 for a file or folder whose name is not UTF-8, shown with its bytes escaped (`k\\xe9f`)."""
    shown = os.fsencode(display_path(path, config.root)).decode("utf-8", "backslashreplace")
    src = SourceText(shown)
    src.error("QD001", 1, t("load.name_not_utf8", name=shown.rsplit("/", 1)[-1]))
    corpus.sources.append(src)


def listable(folder: Path, config: Config, corpus: Corpus) -> bool:
    """Whether qmsdoc may list `folder` and look at what it holds; one it may not (no permission: another user's
    folder, `chmod 000`) is QD001 naming it, once, instead of a stat deep in the loading aborting the command."""
    try:
        names = os.listdir(folder)
        if names:
            os.lstat(folder / names[0])  # listing needs read, looking at an entry needs search (x) permission
    except OSError as exc:
        _unlisted(folder, exc, config, corpus)
        return False
    return True


def _unlisted(folder: Path, exc: OSError, config: Config, corpus: Corpus) -> None:
    shown = display_path(folder, config.root).rstrip("/") + "/"
    if not any(src.path == shown for src in corpus.sources):
        src = SourceText(shown)
        src.error("QD001", 1, t("load.unreadable_folder", error=os_reason(exc)))
        corpus.sources.append(src)


def _walk(base: Path, config: Config, corpus: Corpus) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk of a sources' folder, a sub-folder it cannot list said (QD001) rather than silently left out."""
    return os.walk(base, onerror=lambda exc: _unlisted(Path(exc.filename or base), exc, config, corpus))


def _list(value: object) -> list[Any]:
    """A schema-invalid value (already reported as QD004) must not crash the loading after it."""
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def load_corpus(config: Config, cache: ParseCache | None = None) -> Corpus:
    """The corpus from the sources; with `cache`, sources whose bytes were parsed before are not re-parsed."""
    corpus = Corpus()
    manuals_dir = config.manuals_path
    if manuals_dir.is_dir() and listable(manuals_dir, config, corpus):
        _check_published_files(config, corpus)
        home = manuals_dir / MANUAL_INDEX
        # a broken link is read (and refused, QD001), not taken for no home page: MkDocs would publish none
        if (home.exists() or home.is_symlink()) and not escapes_root(home, config, corpus):
            corpus.home = load_markdown(home, display_path(home, config.root), config.max_file_bytes)
            corpus.sources.append(corpus.home)
        folders: dict[str, str] = {}
        for folder in _in_order(p for p in manuals_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if leads_back(folder):  # said by _check_published_files; its documents are the folder's it leads to
                continue
            if escapes_root(folder, config, corpus) or not _folder_name_usable(folder, folders, config, corpus):
                continue
            if not listable(folder, config, corpus):
                continue
            if _holds_markdown(folder):
                _load_manual(folder, config, corpus, cache)
    if config.forms_path.is_dir() and listable(config.forms_path, config, corpus):
        for path in _in_order(config.forms_path.iterdir()):
            if path.suffix in (".yaml", ".yml"):  # a FIFO or a folder named like a form is refused (QD001), not skipped
                _load_form(path, config, corpus, cache)
        _check_unloaded_forms(config, corpus)
    _load_revisions(config, corpus, cache)
    mark_withdrawn_forms(corpus)
    return corpus


def _load_manual(folder: Path, config: Config, corpus: Corpus, cache: ParseCache | None) -> None:
    index = folder / MANUAL_INDEX
    manual: Manual | None = None
    if index.is_file() and not escapes_root(index, config, corpus):
        raw = _read(index, config, cache)

        def parsed(read: SourceText) -> tuple[SourceText, bool]:
            src = read if read.findings else parse_markdown_file(read)
            return src, not src.findings and schemas.validate(src, "manual")

        src, valid = cache.parsed(raw, "manual", parsed) if cache is not None else parsed(raw)
        schemas.unknown_fields(src, "manual", config.extra_fields)
        corpus.sources.append(src)
        if valid and _patterns_usable(src):
            manual = manual_from(src, folder.name)
            corpus.manuals.append(manual)
    else:
        src = SourceText(display_path(folder, config.root) + "/")
        src.error("QD007", 1, t("load.QD007", folder=folder.name))
        corpus.sources.append(src)
    for path in _in_order(folder.glob("*.md")):
        if path.name != MANUAL_INDEX:
            _load_document(path, manual, config, corpus, cache)


def _holds_markdown(folder: Path) -> bool:
    """A folder of the manuals folder is a manual when it holds Markdown (an index page or documents); one
    with none — left empty by a move (git does not even keep it), or a shared folder of images — is not, and
    its files are judged like any other under the manuals folder (QD009: only raster images may stay)."""
    try:
        return any(entry.name.endswith(".md") and not entry.is_dir() for entry in os.scandir(folder))
    except OSError:
        return True  # unreadable: loading it says what is wrong with it


def manual_from(src: SourceText, folder: str) -> Manual:
    """The model of one validated manual index page."""
    data: dict[str, Any] = src.data
    return Manual(normalise(data["id"]), data["title"], folder, data["owner"], data["numbering"]["document"],
                  data["numbering"]["form"], src, data, history=history_from(src, data))


def _folder_name_usable(folder: Path, seen: dict[str, str], config: Config, corpus: Corpus) -> bool:
    """A manual folder's name becomes its URL: not one the site generates (QD015), and not one that
    differs from another only by case (QD016: they collide on Windows and macOS)."""
    src = SourceText(display_path(folder, config.root) + "/")
    key = folder.name.casefold()
    if key in RESERVED_FOLDERS:
        src.error("QD015", 1, t("load.QD015", folder=folder.name))
    elif key in seen:
        src.error("QD016", 1, t("load.QD016", folder=folder.name, other=seen[key]))
    else:
        seen[key] = folder.name
        return True
    corpus.sources.append(src)
    return False


def _patterns_usable(src: SourceText) -> bool:
    """Numbering patterns are user-written regular expressions: refuse broken or catastrophic ones (QD010)
    before any rule runs them."""
    usable = True
    numbering = src.data["numbering"]
    # each document type's own pattern (`numbering.types`) is run as the document pattern is (QD102, qmsdoc new)
    paths = [("document",), ("form",), *(("types", kind) for kind in numbering.get("types") or {})]
    for path in paths:
        pattern = numbering[path[0]] if len(path) == 1 else numbering["types"][path[1]]
        problem = pattern_problem(pattern)
        if problem:
            src.error("QD010", src.line_of("numbering", *path), t("load.QD010", pattern=pattern, problem=problem))
            usable = False
    return usable


def _check_published_files(config: Config, corpus: Corpus) -> None:
    """Everything under the manuals folder is published by MkDocs: only documents, manual and home
    index pages and images may be there (QD009), and no symlink may lead out of the project (QD008).
    Documents and manual folders themselves are checked as they load."""
    base = config.manuals_path
    for dirpath, dirnames, filenames in _walk(base, config, corpus):
        here = Path(dirpath)
        for name in [n for n in (*dirnames, *filenames) if not utf8_name(n)]:
            unreadable_name(here / name, config, corpus)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and utf8_name(d))  # MkDocs skips dot folders
        filenames = [n for n in filenames if utf8_name(n)]
        depth = len(here.relative_to(base).parts)
        for name in dirnames:
            link = here / name
            if leads_back(link):
                src = SourceText(display_path(link, config.root))
                src.error("QD008", 1, t("load.QD008_loop", target=display_path(resolved(link), config.root) + "/"))
                corpus.sources.append(src)
            elif depth > 0 and link.is_symlink():
                escapes_root(link, config, corpus)
        for name in sorted(n for n in filenames if not n.startswith(".")):
            path = here / name
            suffix = path.suffix.lower()
            document = depth == 1 and path.suffix == ".md"  # `X.MD` is never loaded, yet published as a raw file
            if document or (depth == 0 and name == MANUAL_INDEX):
                continue  # loaded (and symlink-checked) as documents, manual indexes or the home page
            if escapes_root(path, config, corpus):
                continue
            if not path.is_file():  # MkDocs would copy a FIFO or /dev/zero for ever
                src = SourceText(display_path(path, config.root))
                src.error("QD001", 1, t("load.not_regular_link"))
                corpus.sources.append(src)
                continue
            if suffix in IMAGE_SUFFIXES:  # raster images are inert: beside documents, in assets/ or img/
                continue
            src = SourceText(display_path(path, config.root))
            if suffix in MARKDOWN_SUFFIXES and depth == 1:
                why = t("load.QD009.suffix", name=f"{path.stem}.md")
            elif suffix in MARKDOWN_SUFFIXES:
                why = t("load.QD009.markdown")
            elif suffix in (".html", ".htm", ".svg", ".js", ".css"):
                why = t("load.QD009.web")
            else:
                why = t("load.QD009.other")
            src.error("QD009", 1, t("load.QD009", name=name, why=why, folder=shown_path(config.manuals_dir)))
            corpus.sources.append(src)


def _check_unloaded_forms(config: Config, corpus: Corpus) -> None:
    """A form is `<forms_dir>/<CODE>.yaml` (or `.yml`); a YAML file in a sub-folder, or named `.YAML`, is never
    loaded: a form its author thinks controlled would be missing from the register without a word (QD022)."""
    base = config.forms_path
    for dirpath, dirnames, filenames in _walk(base, config, corpus):
        here = Path(dirpath)
        for name in [n for n in (*dirnames, *filenames) if not utf8_name(n) and not n.startswith(".")]:
            unreadable_name(here / name, config, corpus)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and utf8_name(d))
        filenames = [n for n in filenames if utf8_name(n)]
        nested = here != base
        for name in sorted(n for n in filenames if not n.startswith(".")):
            path = here / name
            if path.suffix.lower() not in (".yaml", ".yml") or (not nested and path.suffix in (".yaml", ".yml")):
                continue
            src = SourceText(display_path(path, config.root))
            why = (t("load.QD022.nested", name=name, folder=shown_path(config.forms_dir)) if nested
                   else t("load.QD022.suffix", name=name, stem=path.stem))
            src.error("QD022", 1, why)
            corpus.sources.append(src)


# Markdown by its extension, in any case (MkDocs renders the lower-case ones as pages and copies the rest as they
# are); qmsdoc loads only `<ID>.md`.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def _signoffs(data: dict[str, Any]) -> dict[str, Signoff]:
    out = {}
    for key in ("prepared", "reviewed", "approved"):
        signoff = Signoff.from_data(data.get(key))
        if signoff:
            out[key] = signoff
    return out


def escapes_root(path: Path, config: Config, corpus: Corpus) -> bool:
    """A symlink leading outside the project is refused (QD008) whatever it points to — a file, a folder,
    a device such as /dev/zero, or nothing: the build must not publish or read it."""
    target = outside_target(path, config.root)
    if target is not None:
        src = SourceText(display_path(path, config.root))
        src.error("QD008", 1, outside_message(target))
        corpus.sources.append(src)
        return True
    return False


def read_source(path: Path, config: Config, corpus: Corpus, parse: Callable[[SourceText], SourceText],
                schema: str, id_key: str, cache: ParseCache | None, *, sources: list[SourceText] | None = None
                ) -> tuple[SourceText, dict[str, Any]] | None:
    """Read, parse and validate one source (appended to `sources`, by default the corpus's); None when there
    is nothing to build a model from (the findings say why: without an id nothing can refer to it)."""
    if escapes_root(path, config, corpus):
        return None
    raw = _read(path, config, cache)

    def parsed(read: SourceText) -> tuple[SourceText, bool]:
        if read.findings:
            return read, False
        src = parse(read)
        if src.findings:
            return src, False
        schemas.validate(src, schema)
        return src, True

    src, usable = cache.parsed(raw, schema, parsed) if cache is not None else parsed(raw)
    schemas.unknown_fields(src, schema, config.extra_fields)
    (corpus.sources if sources is None else sources).append(src)
    if not usable:
        return None
    data = src.data if isinstance(src.data, dict) else {}
    if not isinstance(data.get(id_key), str) or not data[id_key].strip():
        return None
    return src, data


def _read(path: Path, config: Config, cache: ParseCache | None) -> SourceText:
    display = display_path(path, config.root)
    if cache is None:
        return read_text(path, display, config.max_file_bytes)
    return cache.read(path, display, config.max_file_bytes)


def _load_document(path: Path, manual: Manual | None, config: Config, corpus: Corpus,
                   cache: ParseCache | None) -> None:
    loaded = read_source(path, config, corpus, parse_markdown_file, "document", "id", cache)
    if loaded is None:
        return
    src, data = loaded
    period = config.review_months
    if cache is None:
        document = document_from(src, data, manual, project_review_months=period)
    else:  # a resident cache keeps the model of unchanged bytes, without this load's manual or the project's period
        document = cache.built("document", src, lambda: document_from(src, data, manual, project_review_months=period),
                               lambda built: copied(built, manual=None, project_review_months=None),
                               lambda kept: copied(kept, source=src, manual=manual, project_review_months=period))
    _register(corpus, document)
    if manual:
        manual.documents.append(document)


def history_from(src: SourceText, data: dict[str, Any]) -> list[HistoryEntry]:
    """The 修订记录 of a validated document, form or manual index page, each entry with its line."""
    history = []
    for index, item in enumerate(_list(data.get("history"))):
        if isinstance(item, dict):
            raw = str(item.get("version", ""))
            history.append(HistoryEntry(Revision.parse(raw), raw, parse_date(item.get("date")),
                                        str(item.get("by", "")), str(item.get("change", "")),
                                        src.line_of("history", index)))
    return history


def document_from(src: SourceText, data: dict[str, Any], manual: Manual | None, *,
                  project_review_months: int | None) -> Document:
    """The model of one validated document source; `project_review_months` is the project's period of review
    (Config.review_months), which the document follows unless it writes its own."""
    history = history_from(src, data)
    last = _last_review(data)
    review = data.get("review_months")
    if isinstance(review, float):  # JSON Schema counts 12.0 as an integer; a month count is written 12
        src.error("QD004", src.line_of("review_months"),
                  t("load.review_months", value=echoed(review)))
    return Document(
        id=normalise(data["id"]), raw_id=data["id"], title=str(data.get("title", "")),
        type=str(data.get("type", "")), version=Revision.parse(data.get("version", "")),
        status=Status.parse(data.get("status")) or Status.DRAFT, department=str(data.get("department", "")),
        source=src, manual=manual, effective_date=parse_date(data.get("effective_date")),
        review_months=review if isinstance(review, int) else None, signoffs=_signoffs(data),
        history=history,
        superseded_by=normalise(data["superseded_by"]) if isinstance(data.get("superseded_by"), str) else None,
        external=[e for e in _list(data.get("external")) if isinstance(e, dict)],
        last_review=last[0] if last else None, last_reviewer=last[1] if last else "",
        withdrawn=parse_date(_dict(data.get("withdrawn")).get("date")),
        without_successor=_dict(data.get("withdrawn")).get("replaced") is False,
        withdrawn_reason=str(_dict(data.get("withdrawn")).get("reason") or ""),
        project_review_months=project_review_months,
    )


def _last_review(data: dict[str, Any]) -> tuple[dt.date, str] | None:
    """The latest dated periodic review (`reviews:`) and who made it (the later entry of one day)."""
    dated = [(day, index, str(r.get("by") or "")) for index, r in enumerate(_list(data.get("reviews")))
             if isinstance(r, dict) and (day := parse_date(r.get("date")))]
    if not dated:
        return None
    day, _, by = max(dated)
    return day, by


def _load_form(path: Path, config: Config, corpus: Corpus, cache: ParseCache | None) -> None:
    loaded = read_source(path, config, corpus, parse_yaml_file, "form", "code", cache)
    if loaded is None:
        return
    src, data = loaded
    if cache is None:
        form = form_from(src, data)
    else:
        form = cache.built("form", src, lambda: form_from(src, data), lambda built: built,
                           lambda kept: copied(kept, source=src))
    _register(corpus, form)


def form_from(src: SourceText, data: dict[str, Any]) -> Form:
    """The model of one validated blank-form source."""
    fields = [FormField(str(f.get("label", "")), f["lines"] if isinstance(f.get("lines"), int) and 1 <= f["lines"] <= 20
                        else 1,
                        str(f.get("width", "half"))) for f in _list(data.get("fields")) if isinstance(f, dict)]
    table = _dict(data.get("table"))
    return Form(
        id=normalise(data["code"]), raw_id=data["code"], title=str(data.get("title", "")),
        version=Revision.parse(data.get("version", "")),
        owner=normalise(data["owner"]) if isinstance(data.get("owner"), str) else None, source=src,
        retention=str(data.get("retention", "")), orientation=str(data.get("orientation", "portrait")),
        fields=fields, columns=_columns(_list(table.get("columns"))),
        rows=table["rows"] if isinstance(table.get("rows"), int) and 0 < table["rows"] <= 60 else 0,
        signatures=[str(s) for s in _list(data.get("signatures"))], history=history_from(src, data),
    )


def _columns(written: list[Any]) -> list[Column]:
    """A form's table heads: a text is a head, `{group, columns}` a group of them. What QD157 refuses (a group in a
    group, a group without columns) is left out, so that the rest still lays out."""
    columns: list[Column] = []
    for column in written:
        if not isinstance(column, dict):
            columns.append(str(column))
            continue
        members = tuple(str(c) for c in _list(column.get("columns")) if not isinstance(c, dict))
        if members:
            columns.append(ColumnGroup(str(column.get("group", "")), members))
    return columns


def _register(corpus: Corpus, target: Document | Form) -> None:
    existing = corpus.lookup(target.id)
    if existing is not None:
        corpus.duplicates.append((existing, target))
        return
    if isinstance(target, Form):
        corpus.forms[target.id] = target
    else:
        corpus.documents[target.id] = target


# -- working revisions (core/revisions.py) ----------------------------------------------------------

def _load_revisions(config: Config, corpus: Corpus, cache: ParseCache | None = None) -> None:
    """Every file under revisions_dir into `corpus.revision_files`; the usable ones (a draft of a source in
    force at the same path, giving the same id, one per id) into `corpus.revisions`. What is wrong with the
    others is for the rules (core/rules/revisions.py) to say."""
    folder = config.revisions_path
    if not folder.is_dir() or not listable(folder, config, corpus):
        return
    targets: dict[str, tuple[str, SourceText, str]] = {m.path: ("manual", m.source, m.id) for m in corpus.manuals}
    targets.update({d.path: ("document", d.source, d.id) for d in corpus.documents.values()})
    targets.update({f.path: ("form", f.source, f.id) for f in corpus.forms.values()})
    for dirpath, dirnames, filenames in _walk(folder, config, corpus):
        for name in [n for n in (*dirnames, *filenames) if not utf8_name(n) and not n.startswith(".")]:
            unreadable_name(Path(dirpath) / name, config, corpus)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and utf8_name(d))
        for name in sorted(n for n in filenames if not n.startswith(".") and utf8_name(n)):
            path = Path(dirpath) / name
            target_path = display_path(config.root / path.relative_to(folder), config.root)
            kind, target, target_id = targets.get(target_path, (_kind_of(path), None, None))
            revision = _load_revision(path, kind, config, corpus, cache)
            if revision is None:
                continue
            revision.target, revision.target_id = target, target_id
            corpus.revision_files.append(revision)
            usable = (target is not None and revision.item is not None and revision.draft_id == target_id
                      and target_id not in corpus.revisions)
            if usable and target_id is not None:
                corpus.revisions[target_id] = revision


def _kind_of(path: Path) -> str:
    if path.suffix in (".yaml", ".yml"):
        return "form"
    if path.suffix == ".md":
        return "manual" if path.name == MANUAL_INDEX else "document"
    return "other"  # not a source: the rules report it (QD240)


def _load_revision(path: Path, kind: str, config: Config, corpus: Corpus,
                   cache: ParseCache | None) -> WorkingRevision | None:
    if kind == "other":
        shown = SourceText(display_path(path, config.root))
        return None if escapes_root(path, config, corpus) else WorkingRevision(kind, shown)
    sources: list[SourceText] = []
    if kind == "form":
        loaded = read_source(path, config, corpus, parse_yaml_file, "form", "code", cache, sources=sources)
    else:
        loaded = read_source(path, config, corpus, parse_markdown_file, kind, "id", cache, sources=sources)
    if not sources:  # a symlink out of the project: refused (QD008) by the reader
        return None
    revision = WorkingRevision(kind, sources[0])
    if loaded is None:
        return revision
    src, data = loaded
    revision.draft_id = normalise(str(data.get("code" if kind == "form" else "id", "")))
    if kind == "form":
        revision.item = form_from(src, data)
    elif kind == "manual":
        revision.item = manual_from(src, path.parent.name)
    else:
        revision.item = document_from(src, data, None, project_review_months=config.review_months)
    return revision
