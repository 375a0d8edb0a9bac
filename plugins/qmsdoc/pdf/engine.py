"""WeasyPrint, imported in one place: it loads Pango through cffi at import, and a machine without Pango
gets a clear error (exit 1) instead of an OSError from deep inside the library."""

from __future__ import annotations

from ..core.errors import QmsdocError


class PdfUnavailable(QmsdocError):
    """WeasyPrint could not load Pango: this machine cannot make PDF copies."""


try:
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]
except OSError as exc:
    raise PdfUnavailable("PDF 副本需要 Pango 库（WeasyPrint 用它排版）：在 Debian/Ubuntu 上执行 "
                         f"apt install libpango-1.0-0 libpangoft2-1.0-0 后重试（{exc}）") from exc

__all__ = ["URLFetcher", "URLFetcherResponse", "weasyprint"]
