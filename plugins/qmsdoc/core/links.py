"""Who references whom: built once per check in one pass over references (linear in their number)."""

from __future__ import annotations

from collections import defaultdict

from .model import Document
from .rules import Context


def backlinks(ctx: Context) -> dict[str, list[Document]]:
    """Target id → the documents citing it, in control-number order, each once."""
    index: dict[str, dict[str, Document]] = defaultdict(dict)
    for document in ctx.documents:
        for ref in ctx.structure(document).references:
            if ref.code != document.id:
                index[ref.code].setdefault(document.id, document)
    return {code: list(docs.values()) for code, docs in index.items()}

