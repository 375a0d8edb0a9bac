"""`qmsdoc serve`: the quality officer's preview — one resident process on the in-memory model.

The project is checked and the site built once into a temporary folder (never build/); the process keeps the
parse, render and search caches and MkDocs' dirty fingerprints in memory. `watchfiles` reports each saved change
to the sources; the change is checked again (only edited files are parsed again; the others' parses are kept
decoded) and only the pages it changes are rendered again. The cyclic collector runs only when the preview is
idle: the resident model is hundreds of thousands of long-lived objects, a full collection scans them all, and
run by allocation it fell inside the updates (after an update the model is frozen out of the automatic runs).
The search index, too, follows once the preview is idle — when no further save has come in for a moment — so a
run of saves is never held up by it.
Every page served carries a small script that waits on the server and reloads the page when
the preview has moved on. A change that breaks the check does not leave stale pages on screen: every page shows
the findings (rule code, file:line, message) until the sources check again, and the terminal prints them."""

from __future__ import annotations

import errno
import functools
import gc
import http.server
import json
import logging
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.theme import Theme

from ..core import check
from ..core.config import Config, today
from ..core.context import BuildContext
from ..core.errors import QmsdocError, UsageError, os_error_text, os_reason
from ..core.findings import Finding, summary
from ..core.gcpause import collector_paused
from ..core.gitlog import git_dirs
from ..core.i18n import current, t
from ..core.outputs import claim
from ..core.parsecache import ParseCache
from ..core.portable import resolved
from ..core.rendercache import RenderCache
from .exporter import _mkdocs_log, load_site_config, qmsdoc_plugin, template_failure
from .plugin import SearchIndexWrite

ENDPOINT = "/__qmsdoc/"
# The preview's own addresses under ENDPOINT: only these. A manual folder may be named `__qmsdoc` (a legal name
# the check accepts); its pages, /__qmsdoc/<document>/, are the site's and were answered 「not found」.
ENDPOINT_NAMES = frozenset({"wait", "state"})
WAIT_SECONDS = 25.0
UNTIDY_UPDATES = 8  # without an idle moment: collected before the next update (each ~100 MB at 2,000 documents)
SEARCH_IDLE_SECONDS = 0.4  # no save for this long after an update: the search index catches up
WATCH_RETRY_SECONDS = 1.0  # a watcher that failed is started again after this long
SETTLE_SECONDS = 0.3  # a failed check is shown once no further save has come in for this long
_SCRIPT = """<script>(function(){var v=%d;function wait(){fetch("%swait?v="+v,{cache:"no-store"}).then(function(r){
return r.json();}).then(function(s){if(s.version!==v){location.reload();}else{wait();}},function(){setTimeout(wait,1000);});}
wait();})();</script>"""


@dataclass
class State:
    """What the preview shows now: the version (one more after every update), whether the pages are current,
    the findings of the last check and, when the site itself could not be built, why."""

    version: int = 0
    ok: bool = False
    findings: list[Finding] = field(default_factory=list)
    failure: str = ""
    seconds: float = 0.0
    changed: threading.Condition = field(default_factory=threading.Condition)


class _NoDirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate; qmsdoc's pages know their
    navigation (site_model.py), and the preview rebuilds every page whose fingerprint changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class ThemeListing:
    """The names in the theme's folders, listed once for the preview: MkDocs lists them on every build (about
    14,000 with Material's icons) and matches each against its patterns to find the theme's static files. The
    folders are listed again when one of them changes (a file added, removed or renamed in it changes its time);
    a filtered listing is kept per filter function and static templates (all MkDocs' filter depends on)."""

    def __init__(self) -> None:
        self.folders: dict[str, int] = {}
        self.names: list[str] = []
        self.dirs: tuple[str, ...] = ()
        self.filtered: dict[object, list[str]] = {}

    def install(self, theme: Theme) -> None:
        """Hand the listing to the environments `theme` makes for MkDocs (one per build)."""
        make = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make()
            listed = env.list_templates

            def list_templates(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                if not isinstance(env.loader, jinja2.FileSystemLoader) or extensions is not None or filter_func is None:
                    return listed(extensions, filter_func)
                return self.listed(theme, env.loader, filter_func)

            env.list_templates = list_templates  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def listed(self, theme: Theme, loader: jinja2.FileSystemLoader, keep: Callable[[str], bool]) -> list[str]:
        if not self.names or self.dirs != tuple(theme.dirs) or not self._unchanged():
            folders = {}
            for top in theme.dirs:
                for folder, _, _ in os.walk(top, followlinks=True):
                    folders[folder] = os.stat(folder).st_mtime_ns
            self.names, self.folders, self.filtered = loader.list_templates(), folders, {}
            self.dirs = tuple(theme.dirs)
        key = (getattr(keep, "__code__", keep), tuple(sorted(theme.static_templates)))
        if key not in self.filtered:
            self.filtered[key] = [name for name in self.names if keep(name)]
        return list(self.filtered[key])

    def _unchanged(self) -> bool:
        try:
            return all(os.stat(folder).st_mtime_ns == seen for folder, seen in self.folders.items())
        except OSError:
            return False


class Preview:
    """The resident build: `update` checks the sources and renders what changed into `site_dir`."""

    def __init__(self, project: Config, config_file: Path, workdir: Path,
                 report: Callable[[str], None] = print) -> None:
        self.project = project
        self.config_file = config_file
        self.workdir = workdir
        self.site_dir = workdir / "site"
        self.parses = ParseCache(None, resident=True)
        self.renders = RenderCache(None)
        self.state = State()
        self.report = report
        self.built = False
        self.search_index: SearchIndexWrite | None = None
        self.untidy = 0  # updates since the last collection: each left its model behind (`tidy`)
        self.theme_files = ThemeListing()
        self.outputs: frozenset[str] = frozenset()  # the site's files the last build wrote (`_remove_stale`)
        self.held = False  # the last update's failed check was not shown: more saves had come in (`update`)
        # the path of mkdocs.yml's site_url (unquoted, ending "/"): the pages are served under it, as `mkdocs serve`
        # serves them, since the 404 page and the sitemap name every address under it (`_Handler`)
        self.mount = "/"
        self.address = ""  # host:port the preview is served at (`serve`)
        self.told_address: str | None = None  # the dev_addr of mkdocs.yml last said to be unused (`_render`)

    def update(self, *, full: bool = False, settled: Callable[[], bool] | None = None) -> State:
        """`_update`, and an update that fails in a way nothing foresaw is shown as one line on every page and in
        the terminal, never a traceback that ends the preview: the next save tries again (its pages were not
        recorded as written, so they are rendered then)."""
        try:
            return self._update(full=full, settled=settled)
        except OSError as exc:  # the file system refused (a folder made unreadable, a full disk): not a fault
            if settled is not None and not settled():  # a checkout or a move seen half-done, as a failed check
                self.held = True
                return self.state
            return self.refuse(t("serve.os_error", error=os_error_text(exc)))
        except Exception as exc:  # noqa: BLE001 - the resident preview outlives one failed update
            error = exc.show() if isinstance(exc, QmsdocError) else f"{type(exc).__name__}: {exc}"
            return self.refuse(t("serve.update_failed", error=error))

    def _update(self, *, full: bool, settled: Callable[[], bool] | None) -> State:
        """Check and, when the sources check, render the changed pages (all of them the first time or with
        `full`); then move the version on, which reloads every open page. A check that fails is not shown when
        `settled()` says more saves came in: a command or a checkout that writes several files (`qmsdoc release`
        writes the document, then removes its revision) is seen half-done, and its findings were false alarms;
        then `held` is true and nothing changed (the next update, with those saves, shows what they make)."""
        if self.untidy >= UNTIDY_UPDATES:  # saves that never let the preview idle: memory stays bounded
            self.tidy()
        started = time.perf_counter()
        self.held = False
        if full and self.parses.version != ParseCache.current_version():
            # qmsdoc.yml changed the language (or the version scheme) the parses' findings are worded and read
            # in: the unchanged files kept their findings in the language before, under the other's heading
            self.parses = ParseCache(None, resident=True)
        with collector_paused():
            result = check(self.project, self.parses)
            self.parses.prune()
            if not result.ok and settled is not None and not settled():
                self.held = True
                return self.state
            failure = ""
            if result.ok:
                context = BuildContext(self.project, result, self.workdir, with_word=False,  # a preview writes no copies
                                       remembered=self.renders)
                failure = self._render(context, dirty=self.built and not full)
            # What is alive now is the resident model: out of the collector's automatic runs, which would scan it
            # all over again inside the next update (a second or more at 2,000 documents); `tidy` collects it.
            # Frozen before the collector resumes: resumed first, it ran at once over all this update made.
            gc.freeze()
        self.untidy += 1
        with self.state.changed:
            self.state.version += 1
            self.state.ok, self.state.findings, self.state.failure = result.ok and not failure, result.findings, failure
            self.state.seconds = time.perf_counter() - started
            self.state.changed.notify_all()
        self._print()
        return self.state

    def refuse(self, failure: str) -> State:
        """Show `failure` on every page and in the terminal instead of the sources' check: qmsdoc.yml does not load
        (the sources would be checked, and the pages rendered, with settings the project no longer has), or the
        update failed (`update`)."""
        with self.state.changed:
            self.state.version += 1
            self.state.ok, self.state.findings, self.state.failure, self.state.seconds = False, [], failure, 0.0
            self.state.changed.notify_all()
        self._print()
        return self.state

    @property
    def search_pending(self) -> bool:
        return self.search_index is not None

    def catch_up_search(self, stop: Callable[[], bool] | None = None) -> None:
        """Write the search index of the last update (the preview is idle). An update that comes first replaces
        it; the records of the pages it rendered wait in the search cache (`SearchCache.pending`) for the next
        index, so they are neither rendered again nor lost. `stop()` true while pages are cut (a save came in:
        the first index of 2,000 documents takes seconds) leaves the index unwritten for that update to replace."""
        if self.search_index is not None and self.search_index(stop):
            self.search_index = None

    def tidy(self) -> None:
        """Collect the models earlier updates left behind (the preview is idle, or has not been for
        UNTIDY_UPDATES updates)."""
        if self.untidy:
            self.untidy = 0
            gc.unfreeze()
            gc.collect()
            gc.freeze()

    def _render(self, context: BuildContext, *, dirty: bool) -> str:
        """Render into the site folder; why it failed, or ""."""
        with _mkdocs_log():
            notice = _NoDirtyNotice()
            logging.getLogger("mkdocs.commands.build").addFilter(notice)
            try:
                site_config = load_site_config(self.config_file, self.site_dir, docs_dir=self.project.manuals_path,
                                               strict=False, writes_build_dir=False)  # the preview's own folder
                plugin = qmsdoc_plugin(site_config)
            except QmsdocError as exc:
                return exc.show()
            self.theme_files.install(site_config.theme)
            mount = mount_of(site_config.site_url)
            if mount != self.mount and self.built:  # site_url edited: the pages moved, and the address with them
                self.report(t("serve.moved", url=self.url(mount)))
            self.mount = mount
            self._tell_address(site_config)
            plugin.context = context
            plugin.defer_search = True
            try:
                site_config.plugins.on_startup(command="serve", dirty=dirty)
                mkdocs_build(site_config, dirty=dirty)
                self.search_index = plugin.search_index
                if dirty:
                    self._remove_stale(self.outputs - plugin.outputs)
                self.outputs = plugin.outputs
            # a theme template being edited, caught before OSError (Jinja's TemplateNotFound is one)
            except (jinja2.TemplateError, UnicodeDecodeError) as exc:
                return t("serve.build_failed", error=template_failure(exc, site_config.theme.custom_dir))
            except (MkDocsException, OSError) as exc:
                return t("serve.build_failed", error=exc)
            finally:  # MkDocs keeps one instance of a plugin per process: leave it as a build expects it
                plugin.context, plugin.defer_search = None, False
                logging.getLogger("mkdocs.commands.build").removeFilter(notice)
        if not dirty:
            self.renders.prune()
        self.built = True
        return ""

    def url(self, mount: str | None = None) -> str:
        """The address the preview's pages are served at: host, port and the site's path (`mount`)."""
        host, _, port = self.address.rpartition(":")
        where = f"[{host}]:{port}" if ":" in host else self.address  # an IPv6 address in brackets
        return f"http://{where}{quote(self.mount if mount is None else mount)}"

    def first_mount(self) -> None:
        """The site's path before the first update, so that the address said at the start is where the pages are
        (an mkdocs.yml that does not load keeps "/": the first update says what is wrong with it)."""
        try:
            site_config = load_site_config(self.config_file, self.site_dir, docs_dir=self.project.manuals_path,
                                           strict=False, writes_build_dir=False)
        except QmsdocError:
            return
        self.mount = mount_of(site_config.site_url)

    def _tell_address(self, site_config: MkDocsConfig) -> None:
        """mkdocs.yml's dev_addr, when it names another address than the one served: `mkdocs serve` takes it, the
        preview takes --dev-addr, and cannot move while running — edited, it went unheeded without a word. Said
        once for each value (at the start too), with how to restart on it."""
        asked = str(site_config.dev_addr) if _writes_dev_addr(self.config_file) else None
        if asked is not None and self.address and asked != self.address and asked != self.told_address:
            self.report(t("serve.dev_addr_unused", asked=asked, served=self.address))
        self.told_address = asked

    def _remove_stale(self, gone: frozenset[str]) -> None:
        """Remove the files of pages the sources no longer make (a dirty build writes only what changed and
        removes nothing): a renamed manual's old pages, a deleted document's or a released revision's page
        would be served as current. The folders they leave empty go with them."""
        site = self.site_dir.resolve()
        for uri in sorted(gone):
            file = (site / uri).resolve()
            if not file.is_relative_to(site) or not file.is_file():
                continue
            file.unlink()
            folder = file.parent
            while folder != site and folder.is_relative_to(site) and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent

    def _print(self) -> None:
        state = self.state
        for finding in state.findings:
            self.report(finding.format())
        if state.failure:
            self.report(state.failure)
        verdict = t("serve.updated") if state.ok else t("serve.failed")
        found = t("serve.found", summary=summary(state.findings)) if state.findings else ""
        self.report(t("serve.line", time=time.strftime("%H:%M:%S"), verdict=verdict, seconds=f"{state.seconds:.2f}",
                      found=found))


def _writes_dev_addr(config_file: Path) -> bool:
    """Whether mkdocs.yml writes dev_addr itself (MkDocs fills in its default): its top-level keys, composed and
    not constructed (its !ENV and !!python tags are MkDocs' to read)."""
    try:
        node = yaml.compose(config_file.read_text("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "dev_addr" for key, _ in node.value)


def mount_of(site_url: str | None) -> str:
    """The path the site is published under (mkdocs.yml's site_url, as the 404 page names it), unquoted: "/" by
    default, "/质量 手册/" of https://example.com/质量%20手册/."""
    path = unquote(urlsplit(site_url or "").path) or "/"
    return path if path.endswith("/") else path + "/"


def findings_html(findings: list[Finding], *, failed: bool, failure: str = "") -> str:
    """The findings as a panel at the top of a page (all of the page when the check failed)."""
    rows = "".join(f"<li><code>{escape(f.read_out())}</code></li>" for f in findings)
    if failure:
        rows += f"<li>{escape(failure)}</li>"
    if failed:
        return (f'<div class="qms-serve-findings" role="alert" style="margin:1em;padding:1em;border:2px solid #c62828;'
                f'font:14px/1.6 sans-serif"><strong>{escape(t("serve.failed_heading"))}</strong>'
                f"{escape(t('serve.failed_fix'))}<ul>{rows}</ul></div>")
    # its own text colour: on Material's dark scheme the page's light text was unreadable on this light strip
    return (f'<div class="qms-serve-findings" role="status" style="margin:0;padding:.5em 1em;background:#fff8e1;'
            f'color:#5d4200;border-bottom:1px solid #f9a825;font:13px/1.5 sans-serif"><strong>{escape(t("serve.notes"))}</strong>'
            f"<ul>{rows}</ul></div>")


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Nothing of a preview is kept by the browser: the site changes under the open page, and http.server's
        # Last-Modified has whole seconds, so two builds within a second looked unchanged to a revalidation
        # (the search then paired the old directory with chunks the new build had deleted).
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
        state = self.preview.state
        path = self.path.split("?", 1)[0]
        if path.startswith(ENDPOINT) and path[len(ENDPOINT):] in ENDPOINT_NAMES:
            self._endpoint(path[len(ENDPOINT):])
            return
        mount = self.preview.mount
        if not unquote(path).startswith(mount):
            # Served at "/", a site published under a path (site_url https://intranet/qms/) had a 404 page whose
            # style sheets, pictures and every link (absolute, under /qms/) were not found: the address the
            # preview prints, and the site's path without its "/", lead to the home page, as in `mkdocs serve`
            if unquote(path) in ("/", mount[:-1]):
                self.send_response(302)
                self.send_header("Location", quote(mount))
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)
            return
        if not path.endswith(("/", ".html")):
            if not self._is_page(path):
                super().do_GET()
                return
            # a page's address without its "/" (typed, or pasted from a message): the page answered there, its
            # relative links one folder off — 上一页/下一页, the menus and the style sheets under a site path not
            # found. Sent on to the address with the "/", as http.server and `mkdocs serve` do.
            query = self.path[len(path):]
            self.send_response(301)
            self.send_header("Location", path + "/" + query)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not state.ok:
            body = (f"<!doctype html><html lang=\"{current().html_lang}\"><head><meta charset=\"utf-8\">"
                    f"<title>{escape(t('serve.failed_title'))}</title></head><body>" + findings_html(state.findings, failed=True, failure=state.failure)
                    + _SCRIPT % (state.version, ENDPOINT)
                    + "</body></html>")
            self._send(body.encode("utf-8"), "text/html; charset=utf-8")
            return
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        try:
            page = file.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            super().do_GET()
            return
        panel = findings_html(state.findings, failed=False) if state.findings else ""  # warnings
        page = page.replace("<body", "<body data-qmsdoc-serve", 1)
        if panel:
            page = page.replace('<div class="md-container"', panel + '<div class="md-container"', 1)
        page = page.replace("</body>", _SCRIPT % (state.version, ENDPOINT) + "</body>", 1)
        self._send(page.encode("utf-8"), "text/html; charset=utf-8")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A page that is not there gets the site's own 404 page, in the project's language, as `mkdocs serve`
        gives it — not http.server's English 「Error response」. It waits on the preview as every page does: a page
        the sources do not make yet (a draft, a manual folder being renamed) shows up once they make it."""
        if code == 404:
            try:
                page = (Path(self.directory) / "404.html").read_bytes()
            except OSError:
                page = b""
            script = (_SCRIPT % (self.preview.state.version, ENDPOINT) + "</body>").encode("utf-8")
            page = page.replace(b"</body>", script, 1)
            if page:
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(page)
                return
        super().send_error(code, message, explain)

    def translate_path(self, path: str) -> str:
        """The file of an address under the site's path (`Preview.mount`); an address outside it, none."""
        plain = unquote(path.split("?", 1)[0].split("#", 1)[0])
        mount = self.preview.mount
        if not plain.startswith(mount):
            return str(Path(self.directory) / ".outside-the-site" / "not-found")
        return super().translate_path(quote("/" + plain[len(mount):]))

    def _is_page(self, path: str) -> bool:
        return Path(self.translate_path(path)).is_dir()

    def _endpoint(self, name: str) -> None:
        state = self.preview.state
        if name == "wait":
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            seen = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("v", "-1") or -1)
            with state.changed:
                state.changed.wait_for(lambda: state.version != seen, timeout=WAIT_SECONDS)
        # `failure`: why the build itself failed (qmsdoc.yml, a template) when no finding says it — a script or
        # a test polling this saw ok: false and nothing to tell the author
        data = {"version": state.version, "ok": state.ok, "seconds": state.seconds,
                "findings": [f.format() for f in state.findings], "failure": state.failure}
        self._send(json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-answer is no error: every open page's wait is cut off when the page
        reloads or is left, and socketserver printed a BrokenPipeError traceback into the officer's terminal
        each time. Anything else is one line that says which request failed, never a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        client = client_address[0] if isinstance(client_address, tuple) and client_address else str(client_address)
        print(t("serve.request_failed", client=client, error=error), file=sys.stderr, flush=True)


def start_server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Serve the preview on host:port. A port already in use (another preview left running) or an address not
    of this computer is the user's to change: a usage error that says so, not 「File system error: Address
    already in use」 and exit 1."""
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        server = _Server((host, port), functools.partial(handler, directory=str(preview.site_dir)))
    except OSError as exc:
        value = f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            other = port + 1 if port < 65535 else 8000
            raise UsageError(t("cli.serve.addr_in_use", value=value, host=host, other=other)) from exc
        raise UsageError(t("cli.serve.addr_unusable", value=value, error=os_reason(exc))) from exc
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _ignored(project: Config | Callable[[], Config], workdir: Path) -> Callable[[Any, str], bool]:
    """Which changes the preview follows: every file the check or the site reads, so none but dot-files and
    dot-folders (the check and MkDocs skip them: an editor's swap and lock files, .git) and the outputs.
    watchfiles' own filter also dropped `x.md~`, `x.md.swp` and `flycheck_x.md`, which the check reads: the
    finding it gave such a file (QD009) stayed on every page after the file was deleted, until the next save.
    `project` may be a function giving the project as it is now: the outputs are those of its qmsdoc.yml as
    it is now. Taken once, a build_dir or issued_dir changed while serving was followed — each file a
    `qmsdoc build` wrote there moved the preview on and reloaded every open page — and the old folders not.
    Of git's folders, only what moves a branch or HEAD (`_moves_head`): the version histories, their redlines
    and the findings that name a commit are read from the commits, and a `git commit` (after `qmsdoc release`,
    say) changes no source — the preview showed the history as it was before the commit until the next save."""
    if isinstance(project, Config):
        fixed = project
        current: Callable[[], Config] = lambda: fixed  # noqa: E731 - one project for the watcher's life
    else:
        current = project
    root = current().root.resolve()
    repository = git_dirs(root)
    seen: list[tuple[Config, list[Path]]] = []

    def outputs() -> list[Path]:
        now = current()
        if not seen or seen[0][0] is not now:
            seen[:] = [(now, [resolved(now.build_path), resolved(workdir), resolved(now.root / now.issued_dir)])]
        return seen[0][1]

    def keep(change: Any, path: str) -> bool:
        # a link in a loop saved into manuals/ (ELOOP): Path.resolve() raised in watchfiles' thread, which ended
        # with a traceback, and the preview followed no save after it without a word
        where = resolved(Path(path))
        for folder in repository:  # its own folder first: a linked worktree's is inside the main one's
            if where.is_relative_to(folder):
                parts = where.relative_to(folder).parts
                # this checkout's HEAD, and the branches (kept in the main folder): another worktree's HEAD not
                return _moves_head(parts) and folder == repository[0 if parts == ("HEAD",) else -1]
        if any(where.is_relative_to(o) for o in outputs()):
            return False
        parts = where.relative_to(root).parts if where.is_relative_to(root) else (where.name,)
        return not any(part.startswith(".") for part in parts)

    return keep


def _moves_head(parts: tuple[str, ...]) -> bool:
    """Whether the file at `parts` in a git folder is one a commit, a checkout or a reset writes last: HEAD, a
    branch (`refs/heads/`, or all of them in `packed-refs`) — not the index (written by every `git status`, an
    editor's included), the objects, the logs or the lock files git writes them through."""
    if parts and parts[-1].endswith(".lock"):
        return False
    return parts in (("HEAD",), ("packed-refs",)) or parts[:2] == ("refs", "heads")


def serve(project: Config, config_file: Path, host: str, port: int, *,
          stop: threading.Event | None = None) -> int:
    """Run the preview until `stop` is set or the process is told to end (SIGTERM, SIGHUP): exit 0. Ctrl+C
    (KeyboardInterrupt) ends it as it ends every command, once the temporary site is removed: the CLI says
    「已中断」 and exits 130 — the preview swallowed it and exited 0, as if it had been stopped by design."""
    workdir = Path(tempfile.mkdtemp(prefix="qmsdoc-serve-"))
    stop = stop or threading.Event()
    restore = _interrupt_on_termination()
    server: http.server.ThreadingHTTPServer | None = None
    try:
        preview = Preview(project, config_file, workdir, report=lambda line: print(line, flush=True))
        claim(preview.site_dir)  # made by this process: later updates may write into it
        server = start_server(preview, host, port)  # an address it cannot take: a usage error (exit 2)
        preview.address = f"{host}:{server.server_port}"
        preview.first_mount()
        print(t("serve.started", url=preview.url()), flush=True)
        # Watching starts before the first build: a save made while it runs is not lost.
        changes = _watch(project, lambda: preview.project, workdir, stop)
        settings = project.root / "qmsdoc.yml", resolved(config_file)
        preview.update(full=True)
        unrendered = False
        broken: str | None = None  # why qmsdoc.yml does not load, while it does not
        while not stop.is_set():
            try:
                paths = changes.get(timeout=SEARCH_IDLE_SECONDS if preview.search_pending else 0.5)
            except queue.Empty:
                if broken is not None or not _new_day(preview.project):
                    if preview.search_pending:
                        preview.catch_up_search(stop=lambda: not changes.empty())
                    else:
                        preview.tidy()
                    continue
                paths = set()  # past midnight: every page again, as of the new day
            while not changes.empty():  # saves that came in while the last update ran: one update
                paths |= changes.get_nowait()
            # qmsdoc.yml read again until it loads, and on a new day (the project holds the day it was read)
            full = bool(paths & set(settings)) or broken is not None or _new_day(preview.project)
            if full:
                project, broken = _reload(project)
                if broken is not None:
                    # shown once no further change comes in, as a failed check: a checkout or an editor
                    # replacing the file is seen half-done (qmsdoc.yml gone a moment); read again then
                    if _quiet(changes, SETTLE_SECONDS):
                        preview.refuse(broken)
                    continue
                preview.project = project
            full = full or unrendered  # a held update's settings change is still to render
            preview.update(full=full, settled=lambda: _quiet(changes, SETTLE_SECONDS))
            unrendered = full and preview.held
        return 0
    except Terminated:  # a process manager's stop, a terminal closed: the preview was meant to end there
        return 0
    finally:
        stop.set()
        if server is not None:
            server.shutdown()
            server.server_close()
        gc.unfreeze()  # the process (a test's, say) goes on with its objects collectable again
        shutil.rmtree(workdir, ignore_errors=True)  # the temporary site this process made
        restore()


def _new_day(project: Config) -> bool:
    """Whether today is another day than the one `project` was read on: a preview left running overnight showed
    the day it started on every page — a version released to take effect today as still to come, the one it
    replaces as in force, a review that fell due as not due — after every save too, until qmsdoc.yml changed."""
    try:
        return today() != project.today
    except QmsdocError:  # a QMSDOC_TODAY that does not read: the day the project was read stays
        return False


class Terminated(KeyboardInterrupt):
    """The process was told to end (SIGTERM, SIGHUP): it stops where Ctrl+C would, and ends with exit 0."""


def _interrupt_on_termination() -> Callable[[], None]:
    """Stop as Ctrl+C does when the process is told to end (SIGTERM: a process manager, an IDE's stop button;
    SIGHUP: the terminal closed): Python's default ends it at once, and every such preview left its temporary
    site (megabytes) behind in the temporary folder. The previous handlers, for `restore()`."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # only the main thread may install handlers (a test's preview in a thread)

    def interrupt(signum: int, frame: object) -> None:
        raise Terminated

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), interrupt) for name in names}

    def restore() -> None:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)

    return restore


def _watch(project: Config, current: Callable[[], Config], workdir: Path,
           stop: threading.Event) -> queue.Queue[set[Path]]:
    """Changed paths under the project folder, as sets, from a watching thread (running when this returns);
    `current()`: the project as the preview has it now (its outputs are not followed, `_ignored`)."""
    from watchfiles import watch

    found: queue.Queue[set[Path]] = queue.Queue()
    ready = threading.Event()

    root = project.root.resolve()
    # git's folders outside the project's (a project in a subfolder of its repository, a linked worktree)
    outside = [folder for folder in git_dirs(root) if not folder.is_relative_to(root)]
    elsewhere = [folder for folder in outside  # a linked worktree's own folder is inside the main one's
                 if not any(folder != other and folder.is_relative_to(other) for other in outside)]

    def run() -> None:
        while not stop.is_set():
            try:
                watcher = watch(root, *elsewhere, watch_filter=_ignored(current, workdir), debounce=50, step=20,
                                stop_event=stop, raise_interrupt=False, yield_on_timeout=True, rust_timeout=200)
                for batch in watcher:
                    ready.set()
                    if batch:
                        found.put({resolved(Path(path)) for _, path in batch})
                return
            except Exception as exc:  # noqa: BLE001 - a watcher that ends follows no save again, without a word
                print(t("serve.watch_failed", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr, flush=True)
                ready.set()
                stop.wait(WATCH_RETRY_SECONDS)
                found.put(set())  # saves made while no one watched: the sources checked again as they are now

    threading.Thread(target=run, daemon=True).start()
    ready.wait(timeout=10)
    return found


def _quiet(changes: queue.Queue[set[Path]], seconds: float) -> bool:
    """Whether no change comes in for `seconds`; one that does is left in `changes` for the next update."""
    try:
        paths = changes.get(timeout=seconds)
    except queue.Empty:
        return True
    changes.put(paths)
    return False


def _reload(project: Config) -> tuple[Config, str | None]:
    """qmsdoc.yml read again: the project it makes, or the one before it and why it does not load. A qmsdoc.yml
    that is gone is not a project of default settings (`load_config` reads the file only if present): the
    preview went on in the default language, without the organisation and the settings, and said nothing,
    where every command refuses to run without it."""
    from ..core import ConfigError, load_config
    from ..core.config import CONFIG_NAME

    if not (project.root / CONFIG_NAME).is_file():
        return project, t("serve.config_missing", name=CONFIG_NAME, folder=project.root)
    try:
        return load_config(project.root), None
    except ConfigError as exc:
        return project, t("serve.config_error", error=exc.coded())

