"""`qmsdoc serve` (issue #32): the resident preview shows a saved edit in the open page without a reload by
hand, and a change that breaks the check shows its findings in the page and the terminal instead of stale
content; fixing it brings the page back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsers import chromium

from conftest import Project, free_port, waited

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOC = "manuals/qp-hr/QP-02-03.md"


class Served:
    def __init__(self, project: Project) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen([sys.executable, "-m", "qmsdoc.cli", "serve", "--dev-addr",
                                         f"127.0.0.1:{self.port}"], cwd=project.root, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.lines: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(target=lambda: self.lines.extend(iter(stdout.readline, "")), daemon=True).start()

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.base + "__qmsdoc/state", timeout=5) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def output(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def served(project: Project) -> Iterator[Served]:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    server = Served(project)
    try:
        assert waited(lambda: server.state()["version"] >= 1, 120), server.output()
        yield server
    finally:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()


@pytest.fixture
def tab() -> Iterator[Any]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 1280, "height": 900})


FIRST_RESULT = """async query => {
  try {
    const index = new qmsdocSearch.Index(location.origin + "/");
    const found = await new qmsdocSearch.Search(index).query(query);
    const page = await index.page(found.pages[0]);
    return {url: page.url, title: page.title};
  } catch (error) {
    return String(error);  // the index is being written: ask again
  }
}"""


def test_an_edit_and_a_broken_edit_show_up_in_the_open_page(served: Served, project: Project, tab: Any,
                                                            artifacts: Path) -> None:
    assert served.state()["ok"], served.output()
    # Nothing of the preview is kept by the browser, the search's files included (they change under the page).
    def cache_control(path: str) -> str:
        try:
            with urllib.request.urlopen(served.base + path, timeout=5) as response:
                return ", ".join(response.headers.get_all("Cache-Control") or [])
        except urllib.error.HTTPError:
            return "unavailable"  # the search index is written once the preview is idle
    for path in ("qp-hr/QP-02-03/", "search/index.js", "assets/qmsdoc/search.js", "assets/qmsdoc/qmsdoc.css"):
        assert waited(lambda p=path: cache_control(p) != "unavailable", 30), path
        assert cache_control(path) == "no-store", path
    tab.goto(served.base + "qp-hr/QP-02-03/")
    assert tab.locator("h1.qms-title").inner_text() == "员工离职管理工作规程"
    build_dir = project.root / "build"
    before = sorted(build_dir.rglob("*")) if build_dir.exists() else []

    # A saved, approved edit: the open page reloads itself and shows it, search included.
    project.revise(DOC, "title: 员工离职管理工作规程", "title: 员工离职与交接管理工作规程")
    tab.wait_for_function("document.querySelector('h1.qms-title').innerText === '员工离职与交接管理工作规程'",
                          timeout=60000)
    tab.screenshot(path=str(artifacts / "serve-edit.png"))
    # the index follows just after; a document result reads as its number and title
    expected = {"url": "qp-hr/QP-02-03/", "title": "QP-02-03 员工离职与交接管理工作规程"}
    answers: list[object] = []  # what the search said, for the failure message

    def answered() -> bool:
        answers.append(tab.evaluate(FIRST_RESULT, "员工离职与交接管理工作规程"))
        return answers[-1] == expected
    assert waited(answered, 30), (answers[:2], answers[-2:], served.output()[-2000:])

    # A broken edit: the page shows the finding (code, file:line), not the stale document; so does the terminal.
    line = project.line_of(DOC, "status: effective")
    project.replace(DOC, "status: effective", "status: efective")
    tab.wait_for_selector(".qms-serve-findings[role=alert]", timeout=60000)
    shown = tab.locator(".qms-serve-findings").inner_text()
    assert "QD004" in shown and f"{DOC}:{line}" in shown, shown
    assert tab.locator("h1.qms-title").count() == 0  # no stale content under the findings
    tab.screenshot(path=str(artifacts / "serve-broken.png"))
    assert waited(lambda: f"{DOC}:{line}: error QD004" in served.output(), 10), served.output()
    with urllib.request.urlopen(served.base + "forms/", timeout=5) as response:  # every page says so
        assert "QD004" in response.read().decode("utf-8")

    # Fixed: the page comes back with the edit.
    project.replace(DOC, "status: efective", "status: effective")
    tab.wait_for_selector("h1.qms-title", timeout=60000)
    assert tab.locator("h1.qms-title").inner_text() == "员工离职与交接管理工作规程"
    assert tab.locator(".qms-serve-findings[role=alert]").count() == 0
    assert (sorted(build_dir.rglob("*")) if build_dir.exists() else []) == before  # serve never writes build/
