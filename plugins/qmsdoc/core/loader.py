"""Load manuals and forms from disk into a Corpus; every load problem becomes a Finding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import schemas
from .codes import normalise
from .config import Config
from .model import Corpus, Document, Form, FormField, HistoryEntry, Manual, Signoff, parse_date
from .revision import Revision
from .source import SourceText, load_markdown, load_yaml_file

MANUAL_INDEX = "index.md"


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _list(value: object) -> list[Any]:
    """A schema-invalid value (already reported as QD004) must not crash the loading after it."""
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def load_corpus(config: Config) -> Corpus:
    corpus = Corpus()
    manuals_dir = config.manuals_path
    if manuals_dir.is_dir():
        for folder in sorted(p for p in manuals_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if _escapes_root(folder, config, corpus):
                continue
            _load_manual(folder, config, corpus)
    if config.forms_path.is_dir():
        for path in sorted(config.forms_path.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                _load_form(path, config, corpus)
    return corpus


def _load_manual(folder: Path, config: Config, corpus: Corpus) -> None:
    index = folder / MANUAL_INDEX
    manual: Manual | None = None
    if index.is_file() and not _escapes_root(index, config, corpus):
        src = load_markdown(index, _display(index, config.root), config.max_file_bytes)
        corpus.sources.append(src)
        if not src.findings and schemas.validate(src, "manual"):
            data: dict[str, Any] = src.data
            manual = Manual(normalise(data["id"]), data["title"], folder.name, data["owner"],
                            data["numbering"]["document"], data["numbering"]["form"], src, data)
            corpus.manuals.append(manual)
    else:
        src = SourceText(_display(folder, config.root) + "/")
        src.error("QD007", 1, f"手册文件夹 {folder.name} 缺少 index.md：请添加手册首页（id、title、owner、numbering）")
        corpus.sources.append(src)
    for path in sorted(folder.glob("*.md")):
        if path.name != MANUAL_INDEX:
            _load_document(path, manual, config, corpus)


def _signoffs(data: dict[str, Any]) -> dict[str, Signoff]:
    out = {}
    for key in ("prepared", "reviewed", "approved"):
        signoff = Signoff.from_data(data.get(key))
        if signoff:
            out[key] = signoff
    return out


def _escapes_root(path: Path, config: Config, corpus: Corpus) -> bool:
    """A symlink leading outside the project is refused (QD008): the build must not publish it."""
    if path.is_symlink() and not path.resolve().is_relative_to(config.root.resolve()):
        src = SourceText(_display(path, config.root))
        src.error("QD008", 1,
                  f"文件是指向项目之外的符号链接（{path.resolve()}）：请把文件复制到项目中，不要链接外部文件")
        corpus.sources.append(src)
        return True
    return False


def _read(path: Path, config: Config, corpus: Corpus, reader: Callable[[Path, str, int], SourceText],
          schema: str, id_key: str) -> tuple[SourceText, dict[str, Any]] | None:
    """Read, parse and validate one source; None when there is nothing to build a model from
    (the findings say why: without an id nothing can refer to it)."""
    if _escapes_root(path, config, corpus):
        return None
    src = reader(path, _display(path, config.root), config.max_file_bytes)
    corpus.sources.append(src)
    if src.findings:
        return None
    schemas.validate(src, schema)
    data = src.data if isinstance(src.data, dict) else {}
    if not isinstance(data.get(id_key), str) or not data[id_key].strip():
        return None
    return src, data


def _load_document(path: Path, manual: Manual | None, config: Config, corpus: Corpus) -> None:
    loaded = _read(path, config, corpus, load_markdown, "document", "id")
    if loaded is None:
        return
    src, data = loaded
    history = []
    for index, item in enumerate(_list(data.get("history"))):
        if isinstance(item, dict):
            raw = str(item.get("version", ""))
            history.append(HistoryEntry(Revision.parse(raw), raw, parse_date(item.get("date")),
                                        str(item.get("by", "")), str(item.get("change", "")),
                                        src.line_of("history", index)))
    review = data.get("review_months")
    if isinstance(review, float):  # JSON Schema counts 12.0 as an integer; a month count is written 12
        src.error("QD004", src.line_of("review_months"),
                  f"字段 review_months 的值 {review!r} 应为整数月数（如 12），不要写小数点")
    document = Document(
        id=normalise(data["id"]), raw_id=data["id"], title=str(data.get("title", "")),
        type=str(data.get("type", "")), version=Revision.parse(data.get("version", "")),
        status=str(data.get("status", "")), department=str(data.get("department", "")),
        source=src, manual=manual, effective_date=parse_date(data.get("effective_date")),
        review_months=review if isinstance(review, int) else None, signoffs=_signoffs(data),
        history=history,
        superseded_by=normalise(data["superseded_by"]) if isinstance(data.get("superseded_by"), str) else None,
        external=[e for e in _list(data.get("external")) if isinstance(e, dict)],
        last_review=_last_review(data),
        withdrawn=parse_date(_dict(data.get("withdrawn")).get("date")),
    )
    _register(corpus, document)
    if manual:
        manual.documents.append(document)


def _last_review(data: dict[str, Any]) -> dt.date | None:
    days = [parse_date(r.get("date")) for r in _list(data.get("reviews")) if isinstance(r, dict)]
    return max((d for d in days if d), default=None)


def _load_form(path: Path, config: Config, corpus: Corpus) -> None:
    loaded = _read(path, config, corpus, load_yaml_file, "form", "code")
    if loaded is None:
        return
    src, data = loaded
    fields = [FormField(str(f.get("label", "")), f["lines"] if isinstance(f.get("lines"), int) and 1 <= f["lines"] <= 20
                        else 1,
                        str(f.get("width", "half"))) for f in _list(data.get("fields")) if isinstance(f, dict)]
    table = _dict(data.get("table"))
    form = Form(
        id=normalise(data["code"]), raw_id=data["code"], title=str(data.get("title", "")),
        version=Revision.parse(data.get("version", "")),
        owner=normalise(data["owner"]) if isinstance(data.get("owner"), str) else None, source=src,
        retention=str(data.get("retention", "")), orientation=str(data.get("orientation", "portrait")),
        fields=fields, columns=[str(c) for c in _list(table.get("columns"))],
        rows=table["rows"] if isinstance(table.get("rows"), int) and 0 < table["rows"] <= 60 else 0,
        signatures=[str(s) for s in _list(data.get("signatures"))],
    )
    _register(corpus, form)


def _register(corpus: Corpus, target: Document | Form) -> None:
    existing = corpus.lookup(target.id)
    if existing is not None:
        corpus.duplicates.append((existing, target))
        return
    if isinstance(target, Form):
        corpus.forms[target.id] = target
    else:
        corpus.documents[target.id] = target
