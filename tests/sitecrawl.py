"""A link checker for a built site, as a reader's browser follows it: serve the folder over HTTP and fetch every
internal target reachable from the home page, the sitemap and the search index — each <a href>, <img src>,
<link href>, <script src>, <source>/<iframe> src, the url(…) of the style sheets, the Word/PDF copies the pages
link, and every page and section (#fragment) a search result can open. A target must answer 200 and, with a
#fragment, hold an element with that id. `broken_links(folder)` lists what does not, each with the page that
names it (an empty list: every link works)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

from qmsdoc.search.index import DIRECTORY
from qmsdoc.search.wrapped import EXTENSION, unwrap_bytes, unwrap_json

_ATTRIBUTES = {"a": ("href",), "link": ("href",), "img": ("src", "srcset"), "script": ("src",),
               "source": ("src", "srcset"), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",),
               "area": ("href",), "object": ("data",), "embed": ("src",), "form": ("action",)}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_LOC = re.compile(r"<loc>([^<]*)</loc>")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder at `mount` (the path of mkdocs.yml's `site_url`, percent-encoded, "/" by default): an
    address outside it is not found, as on the server the site is published to. Each answer also carries
    `extra_headers` (a host's own, as Cache-Control)."""

    mount = "/"
    extra_headers: tuple[tuple[str, str], ...] = ()
    not_found_page = False  # answer an address not there with the site's 404.html (nginx's error_page, Pages)

    def end_headers(self) -> None:
        for name, value in self.extra_headers:
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "outside-the-mount" / "not-found")
        return super().translate_path("/" + path[len(self.mount):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — http.server's own name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not self.not_found_page or not page.is_file() or not self.path.startswith(self.mount):
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Page(HTMLParser):
    """The link targets of one HTML page and the ids (and old-style <a name>) its elements carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        for name in _ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value is None:
                continue
            if name == "srcset":
                self.targets.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
            else:
                self.targets.append(value)


@dataclass
class _Crawl:
    base: str
    site_url: str | None = None
    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    wanted: list[tuple[str, str, str]] = field(default_factory=list)  # (named on, target, fragment)
    queue: list[tuple[str, str]] = field(default_factory=list)

    def internal(self, url: str) -> bool:
        parts, base = urlsplit(url), urlsplit(self.base)
        return parts.scheme in ("http", "https", "") and parts.netloc in ("", base.netloc)

    def want(self, source: str, target: str) -> None:
        if target.startswith(("mailto:", "tel:", "javascript:", "data:", "blob:")):
            return
        if self.site_url and target.startswith(self.site_url):  # the sitemap's absolute addresses
            target = self.base + target[len(self.site_url):]
        # What a browser sends: the address with its spaces and other characters as UTF-8 %XX ('#' still ends it).
        absolute = quote(urljoin(source, target.strip()), safe="!#$%&'()*+,-./:;=?@[]^_|~")
        if not self.internal(absolute):
            return
        document, fragment = urldefrag(absolute)
        self.wanted.append((source, document, fragment))
        if document not in self.status:
            self.status[document] = 0
            self.queue.append((source, document))

    def fetch(self, url: str) -> bytes | None:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 — our own local server
                self.status[url] = answer.status
                body: bytes = answer.read()
                kind = answer.headers.get_content_type()
        except urllib.error.HTTPError as error:
            self.status[url] = error.code
            return None
        path = urlsplit(url).path
        if kind == "text/html":
            self.read_html(url, body)
        elif kind == "text/css" or path.endswith(".css"):
            for found in _CSS_URL.finditer(body.decode("utf-8", "replace")):
                self.want(url, found.group(2) or found.group(4))
        elif path.endswith(("sitemap.xml",)):
            for loc in _LOC.findall(body.decode("utf-8")):
                self.want(url, loc.replace("&amp;", "&"))
        elif path.endswith(f"search/{DIRECTORY}"):
            self.read_search_directory(url, unwrap_json(DIRECTORY.removesuffix(EXTENSION), body))
        elif found := re.search(r"/search/(p/\d+)\.js$", path):
            self.read_search_page(url, json.loads(gzip.decompress(unwrap_bytes(found.group(1), body))))
        return body

    def read_html(self, url: str, body: bytes) -> None:
        page = _Page()
        page.feed(body.decode("utf-8"))
        self.ids[url] = page.ids
        source = urljoin(url, page.base) if page.base else url
        for target in page.targets:
            self.want(source if not target.startswith("#") else url, target)

    def read_search_directory(self, url: str, directory: dict[str, object]) -> None:
        """search.js reads the pages p/0.js … p/<pages-1>.js and the chunks c/<file> the directory names."""
        pages = directory.get("pages")
        assert isinstance(pages, int), directory
        for number in range(pages):
            self.want(url, f"p/{number}{EXTENSION}")
        for _key, name in directory.get("chunks", []):  # type: ignore[attr-defined]
            self.want(url, f"c/{name}")

    def read_search_page(self, url: str, record: dict[str, object]) -> None:
        """A result opens `new URL(page.url, site)`, a section of it `… + "#" + section[0]` (search.js)."""
        address = str(record["url"])
        self.want(url, urljoin(self.base, address))
        for section in record.get("sections", []):  # type: ignore[attr-defined]
            if section[0]:
                self.want(url, urljoin(self.base, address) + "#" + str(section[0]))

    def run(self, starts: tuple[str, ...]) -> list[str]:
        for start in starts:
            self.want(self.base, start)
        while self.queue:
            _source, url = self.queue.pop()
            self.fetch(url)
        problems: list[str] = []
        reported: set[tuple[str, str]] = set()
        for source, document, fragment in self.wanted:
            shown = f"{unquote(source[len(self.base) - 1:])} → {unquote(document[len(self.base) - 1:])}"
            if self.status.get(document) != 200:
                if (source, document) not in reported:
                    reported.add((source, document))
                    problems.append(f"{shown}: HTTP {self.status.get(document)}")
            elif fragment and document in self.ids and unquote(fragment) not in self.ids[document]:
                problems.append(f"{shown}#{unquote(fragment)}: no element with that id")
        return problems

    def visited(self) -> list[str]:
        return sorted(unquote(url[len(self.base) - 1:]) for url, status in self.status.items() if status == 200)


@contextmanager
def served(folder: Path, mount: str = "/", headers: Mapping[str, str] | None = None, *,
           not_found_page: bool = False) -> Iterator[str]:
    """The folder served over HTTP on a free local port (as `python -m http.server`) at the path `mount`, each
    answer with `headers` besides: its URL, ending "/". The folder is read at each request: it may be built, or
    built again, while it is served. `not_found_page`: an address under the mount that is not there is answered
    with the folder's 404.html (status 404), as a web server set up for the site does."""
    mount = quote(mount, safe="!$%&'()*+,-./:;=@[]^_|~")
    settings = {"mount": mount, "extra_headers": tuple((headers or {}).items()), "not_found_page": not_found_page}
    handler = functools.partial(type("_Mounted", (_QuietHandler,), settings), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{mount}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(folder: Path, site_url: str | None = None) -> tuple[list[str], list[str]]:
    """(the broken links, the addresses that answered) of the site in `folder`. `site_url`: the `site_url` of
    mkdocs.yml, so the sitemap's absolute addresses are read as addresses of this folder."""
    with served(folder, urlsplit(site_url).path if site_url else "/") as base:
        walk = _Crawl(base, site_url)
        problems = walk.run(("", "sitemap.xml", f"search/{DIRECTORY}", "404.html"))
        return problems, walk.visited()


def broken_links(folder: Path, site_url: str | None = None) -> list[str]:
    return crawl(folder, site_url)[0]


def badge_texts(page: str) -> list[str]:
    """The text of each status badge on `page` (a day in one is a span of its own: site/pages.py `_status`)."""
    badges = re.findall(r'<span class="qms-status [^"]*">((?:[^<]|<span[^>]*>[^<]*</span>)*)</span>', page)
    return [re.sub(r"<[^>]+>", "", badge) for badge in badges]
