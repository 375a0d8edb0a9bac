"""The theme's compiled templates kept in the build folder (site/theme.py): a later process renders from them
without compiling, an edited template is compiled afresh, and a damaged file is compiled around, never used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from qmsdoc.core.paths import TEMPLATE_CACHE
from qmsdoc.site.theme import _CompiledTemplates, _entries


class Counted(jinja2.Environment):
    """An environment that counts what it compiles."""

    compiled: list[str]

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                *args: Any, **kwargs: Any) -> Any:
        self.compiled.append(name or "")
        return super().compile(source, name, filename, *args, **kwargs)


def render(templates: Path, cache: _CompiledTemplates) -> tuple[str, list[str]]:
    """A new environment, as MkDocs makes for every build (and every process): what it rendered and compiled."""
    env = Counted(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache, autoescape=True)
    env.compiled = []
    return env.get_template("page.html").render(title="<离职>"), env.compiled


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "base.html").write_text("<h1>{{ title }}</h1>{% block body %}{% endblock %}", "utf-8")
    (folder / "page.html").write_text('{% extends "base.html" %}{% block body %}第一版{% endblock %}', "utf-8")
    return folder


def test_a_later_process_renders_from_the_kept_templates_and_compiles_an_edited_one(templates: Path,
                                                                                   tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    first = _CompiledTemplates()
    first.read([build])
    shown, compiled = render(templates, first)
    assert shown == "<h1>&lt;离职&gt;</h1>第一版" and sorted(compiled) == ["base.html", "page.html"]
    first.keep(build)
    assert (build / TEMPLATE_CACHE).is_file()

    later = _CompiledTemplates()  # another process
    later.read([tmp_path / "elsewhere", build])
    assert render(templates, later) == (shown, [])

    (templates / "page.html").write_text('{% extends "base.html" %}{% block body %}第二版{% endblock %}', "utf-8")
    again = _CompiledTemplates()
    again.read([build])
    assert render(templates, again) == ("<h1>&lt;离职&gt;</h1>第二版", ["page.html"])


@pytest.mark.parametrize("damage", [
    lambda data: data[:-7],  # cut short
    lambda data: b"other" + data,  # not ours
    lambda data: data[:30] + bytes(255 - b for b in data[30:]),  # garbled after the header
])
def test_a_damaged_file_is_compiled_around(templates: Path, tmp_path: Path, damage: Any) -> None:
    build = tmp_path / "build"
    build.mkdir()
    first = _CompiledTemplates()
    shown, _compiled = render(templates, first)
    first.keep(build)
    path = build / TEMPLATE_CACHE
    path.write_bytes(damage(path.read_bytes()))
    later = _CompiledTemplates()
    later.read([build])
    assert render(templates, later) == (shown, ["page.html", "base.html"])


def test_only_the_templates_a_process_used_are_kept(templates: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    (templates / "other.html").write_text("另一个", "utf-8")
    other = _CompiledTemplates()  # an earlier process, which rendered another template too
    render(templates, other)
    jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=other).get_template("other.html")
    other.keep(build)
    assert len(list(_entries((build / TEMPLATE_CACHE).read_bytes()))) == 3

    cache = _CompiledTemplates()
    cache.read([build])
    render(templates, cache)
    later = tmp_path / "later"
    later.mkdir()
    cache.keep(later)  # a new build folder: written, with what this process asked for
    assert len(list(_entries((later / TEMPLATE_CACHE).read_bytes()))) == 2
