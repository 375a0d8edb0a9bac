"""`qmsdoc serve` through the saves that break it for a moment (a real process, real HTTP): settings that do not
load, an empty save (editors write empty, then full), a document that is not UTF-8, a renamed or deleted one —
each is a message on the page and in the terminal, in the project's language, and the next good save brings the
pages back; never a traceback, never a dead preview."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from test_qmsdoc_serve import Served, served  # noqa: F401 - `served` is the fixture these tests use

from conftest import Project, waited

pytestmark = pytest.mark.slow

DOC = "manuals/qp-hr/QP-02-03.md"


def _page(preview: Served, path: str = "qp-hr/QP-02-03/") -> str:
    with urllib.request.urlopen(preview.base + path, timeout=5) as response:  # noqa: S310 - loopback only
        return str(response.read().decode("utf-8"))


def _saved(preview: Served, save: Callable[[], object]) -> dict[str, Any]:
    """The preview's state once it has moved on after `save()`."""
    version = preview.state()["version"]
    save()
    assert waited(lambda: preview.state()["version"] > version, 60), preview.output()[-2000:]
    return preview.state()


def test_broken_settings_and_sources_are_shown_and_the_next_good_save_recovers(served: Served,  # noqa: F811
                                                                               project: Project) -> None:
    settings, site_settings, source = (project.read(name) for name in ("qmsdoc.yml", "mkdocs.yml", DOC))

    # qmsdoc.yml that does not load: said as such, on the page and in the terminal, with its line
    state = _saved(served, lambda: project.write("qmsdoc.yml", settings + "organisation: [unclosed\n"))
    page = _page(served)
    assert not state["ok"] and "qmsdoc.yml 有误" in page and "qmsdoc.yml:" in page and "QD003" in page, page
    assert page.count("配置错误") <= 1, page
    # a document saved meanwhile is not checked and shown with settings the project no longer has
    retitled = "title: 员工离职与交接管理工作规程"
    state = _saved(served, lambda: project.revise(DOC, "title: 员工离职管理工作规程", retitled))
    assert not state["ok"] and "qmsdoc.yml 有误" in _page(served)
    state = _saved(served, lambda: project.write("qmsdoc.yml", settings))
    assert state["ok"] and "员工离职与交接管理工作规程" in _page(served)

    # an empty mkdocs.yml (the editor's first write) says what is missing
    state = _saved(served, lambda: project.write("mkdocs.yml", ""))
    assert not state["ok"] and "site_name" in _page(served) and "Aborted" not in _page(served)
    assert "site_name" in state["failure"], state  # the state itself says why, not only the page
    assert _saved(served, lambda: project.write("mkdocs.yml", site_settings))["ok"]

    # a document that is not UTF-8, then an empty one: the finding, its severity in the project's language
    state = _saved(served, lambda: project.path(DOC).write_bytes(source.encode("gb18030")))
    assert not state["ok"] and f"{DOC}:" in _page(served) and "错误 QD001" in _page(served)
    state = _saved(served, lambda: project.write(DOC, ""))
    assert not state["ok"] and "错误 QD002" in _page(served)
    state = _saved(served, lambda: project.write(DOC, source))
    assert state["ok"] and "员工离职管理工作规程" in _page(served)

    # renamed away and back, then deleted: a finding, the page back, then the page gone (the site's 404 page)
    renamed = project.path(DOC).with_name("QP-02-03x.md")
    state = _saved(served, lambda: project.path(DOC).rename(renamed))
    assert not state["ok"] and "QD103" in _page(served)
    assert _saved(served, lambda: renamed.rename(project.path(DOC)))["ok"]
    assert _saved(served, lambda: project.path("manuals/qp-hr/QP-02-04.md").unlink())["ok"]
    with pytest.raises(urllib.error.HTTPError) as gone:
        _page(served, "qp-hr/QP-02-04/")
    assert gone.value.code == 404

    assert served.process.poll() is None and "Traceback" not in served.output(), served.output()[-3000:]
