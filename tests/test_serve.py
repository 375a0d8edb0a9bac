"""`mkdocs serve`: an edit to one document shows up, and cross-document state follows it."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request

from conftest import Project, free_port, waited

DOC = "manuals/qp-hr/QP-02-03.md"


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def test_serve_rebuilds_edited_document_and_cross_document_state(project: Project) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert waited(lambda: "员工离职管理工作规程" in _get(base + "qp-hr/QP-02-03/"), 90,
                      every=0.5), "serve did not start"
        backlinks = _get(base + "qp-hr/QP-02-03/").split('id="qms-backlinks"')[1]
        assert "QP-02-02" not in backlinks.split("</article>")[0]

        project.revise(DOC, "title: 员工离职管理工作规程", "title: 员工离职与交接管理工作规程")
        project.revise("manuals/qp-hr/QP-02-02.md", "- [[QP-02-01]]", "- [[QP-02-01]]\n- [[QP-02-03]]")
        assert waited(lambda: "员工离职与交接管理工作规程" in _get(base + "qp-hr/QP-02-03/"), 90, every=0.5)
        assert waited(lambda: "QP-02-02" in _get(base + "qp-hr/QP-02-03/").split('id="qms-backlinks"')[1], 30,
                      every=0.5)
        assert "员工离职与交接管理工作规程" in _get(base + "register/")
        assert "《员工离职与交接管理工作规程》" in _get(base + "qp-hr/QP-02-02/")

        # A form lives outside docs_dir; the plugin watches it too.
        project.revise("controlled_forms/QP-02-03-F002.yaml", "title: 员工离职交接清单", "title: 离职交接清单")
        assert waited(lambda: "离职交接清单" in _get(base + "forms/QP-02-03-F002/")
                      and "员工离职交接清单" not in _get(base + "forms/QP-02-03-F002/"), 90, every=0.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
