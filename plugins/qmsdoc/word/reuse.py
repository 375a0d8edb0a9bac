"""What a Word copy's bytes depend on besides its job (core/copyreuse.py reuses unchanged copies)."""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

from ..core.copyreuse import code_salt, shared_modules


@functools.cache
def salt() -> str:
    """The Word writer's code, every core module (the body walk, labels, XML escape …), and python-docx (version
    and the template every copy starts from)."""
    import docx

    here = Path(__file__).resolve().parent
    templates = sorted((Path(docx.__file__).resolve().parent / "templates").glob("*"))
    return f"{code_salt(here, *shared_modules(), *templates)}\0{metadata.version('python-docx')}"
