"""Bytes a browser downloads for the first result of a query, cold cache, and the time to that result, in
Chromium on a built site: `python -m bench.searchbytes SITE_DIR [QUERY …]`.

The page is opened first (its HTML, styles and scripts are what any page costs); then the reader types the query
into the site's search box as in the reader tests, and everything fetched from the first keystroke until the
first result is on screen (and 0.1 s more, for the events of what finished with it) is counted (body and headers,
as Chromium reports them), plus the site's search script
(qmsdoc's search.js, or nothing for Material, whose worker and index are fetched after the keystroke or at page
load — then counted as well). Works for a qmsdoc site and a plain Material site alike: both use Material's
search box markup."""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERIES = ("离职", "请假", "BM-01-002")
SEARCH_ASSETS = ("search/", "assets/qmsdoc/search.js", "assets/javascripts/workers/", "assets/javascripts/lunr/")


@dataclass
class FirstResult:
    query: str
    bytes: int
    """Bytes fetched for the search: the index pieces, the result pages' files and the search's own scripts."""
    seconds: float
    requests: int
    first: str
    """The first result's address ("" when nothing was found within the time allowed)."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def _search_bytes(url: str, size: int, base: str) -> int:
    path = url.removeprefix(base).split("?")[0]
    return size if path.startswith(SEARCH_ASSETS) else 0


def _size(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])


def measure(site: Path, queries: tuple[str, ...] = QUERIES, *, timeout_s: float = 120) -> list[FirstResult]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    results = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for query in queries:
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new, empty cache
            page = context.new_page()
            fetched: list[Any] = []  # requests; their sizes are asked for outside the event handler
            def finished(request: Any, into: list[Any] = fetched) -> None:
                into.append(request)

            context.on("requestfinished", finished)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            at_load = len(fetched)
            page.click("label.md-search__icon, .md-search__input")
            started = time.perf_counter()
            page.fill("input.md-search__input", query)
            page.keyboard.press("End")
            first = page.locator(".md-search-result__item").first
            try:
                first.wait_for(timeout=timeout_s * 1000)
            except PlaywrightTimeout:  # no result at all (or none in time): reported as found nothing
                href = ""
            else:
                href = first.locator("a").first.get_attribute("href") or ""
            seconds = time.perf_counter() - started
            page.wait_for_timeout(100)  # the events of responses that finished with the first result
            sizes = [(request.url, _size(request)) for request in fetched]
            after = sizes[at_load:]
            loaded = sum(_search_bytes(url, size, base) for url, size in sizes[:at_load])
            results.append(FirstResult(query, loaded + sum(size for _, size in after), seconds, len(after),
                                       href.removeprefix(base).split("?")[0]))
            context.close()
        browser.close()
    return results


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    queries = tuple(argv[1:]) or QUERIES
    for result in measure(site, queries):
        print(json.dumps(vars(result), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
