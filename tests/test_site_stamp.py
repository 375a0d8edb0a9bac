"""What a dirty build holds of mkdocs.yml (site/dirty.py `site_stamp`): every setting a generated page shows
changes the stamp (every page is rebuilt), a setting no page shows does not, and two loads of one configuration
— each with its own plugin instances and theme objects — give one stamp (or every dirty build rebuilt all).
The whole round trip, a dirty build after an edit equal to a full build, is test_dirty_equals_full.py's."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from qmsdoc.site.dirty import site_stamp, template_stamp

SITE = """site_name: 受控文件管理系统
docs_dir: manuals
site_dir: build/site
theme:
  name: material
  features:
    - navigation.top
  palette:
    - scheme: default
      primary: indigo
plugins:
  - qmsdoc
markdown_extensions:
  - tables
  - toc:
      permalink: false
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def _loaded(root: Path, text: str) -> MkDocsConfig:
    (root / "manuals").mkdir(exist_ok=True)
    (root / "qmsdoc.yml").touch()  # a file to watch
    (root / "mkdocs.yml").write_text(text, "utf-8")
    return load_config(str(root / "mkdocs.yml"))


def _edited(old: str, new: str) -> str:
    assert old in SITE, old
    return SITE.replace(old, new, 1)


def test_one_configuration_loaded_twice_gives_one_stamp(tmp_path: Path) -> None:
    first, second = _loaded(tmp_path, SITE), _loaded(tmp_path, SITE)
    assert first.theme is not second.theme and first.theme["locale"] is not second.theme["locale"]
    assert site_stamp(first) == site_stamp(second)


SHOWN = {
    "site_name": ("site_name: 受控文件管理系统", "site_name: 另一个站点"),
    "copyright": ("docs_dir:", "copyright: 版权所有\ndocs_dir:"),
    "site_url": ("docs_dir:", "site_url: https://qms.example.com/\ndocs_dir:"),
    "use_directory_urls": ("docs_dir:", "use_directory_urls: false\ndocs_dir:"),
    "extension option": ("permalink: false", "permalink: false\n      title: 本页目录"),
    "extension function": ("format: !!python/name:pymdownx.superfences.fence_code_format",
                           "format: !!python/name:pymdownx.superfences.fence_div_format"),
    "palette": ("primary: indigo", "primary: teal"),
    "feature": ("    - navigation.top", "    - navigation.top\n    - navigation.tabs"),
    "theme logo": ("  name: material", "  name: material\n  logo: logo.png"),
    "extra": ("plugins:", "extra:\n  homepage: https://example.com\nplugins:"),
    "extra_css": ("plugins:", "extra_css: [site.css]\nplugins:"),
    "plugin option": ("  - qmsdoc", "  - qmsdoc:\n      project_dir: ."),
}


@pytest.mark.parametrize("edit", sorted(SHOWN))
def test_a_setting_pages_show_changes_the_stamp(tmp_path: Path, edit: str) -> None:
    before = site_stamp(_loaded(tmp_path, SITE))
    assert site_stamp(_loaded(tmp_path, _edited(*SHOWN[edit]))) != before


UNSHOWN = {
    "dev_addr": ("docs_dir:", "dev_addr: 127.0.0.1:8123\ndocs_dir:"),
    "watch": ("docs_dir:", "watch: [qmsdoc.yml]\ndocs_dir:"),
    "strict": ("docs_dir:", "strict: true\ndocs_dir:"),
    "remote_branch": ("docs_dir:", "remote_branch: pages\ndocs_dir:"),
}


@pytest.mark.parametrize("edit", sorted(UNSHOWN))
def test_a_setting_no_page_shows_keeps_the_stamp(tmp_path: Path, edit: str) -> None:
    before = site_stamp(_loaded(tmp_path, SITE))
    assert site_stamp(_loaded(tmp_path, _edited(*UNSHOWN[edit]))) == before


def test_the_project_moved_keeps_the_stamp(tmp_path: Path) -> None:
    """Where the project lies (config_file_path, docs_dir, site_dir are absolute once loaded) is no page's."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert site_stamp(_loaded(tmp_path / "a", SITE)) == site_stamp(_loaded(tmp_path / "b", SITE))


@pytest.mark.parametrize(("name", "inlined"), [(".icons/brand/logo.svg", True), ("assets/site.css", False)])
def test_an_icon_of_custom_dir_is_held_a_stylesheet_linked_is_not(tmp_path: Path, name: str, inlined: bool) -> None:
    """Material writes an icon of custom_dir's `.icons` into each page's markup: an edit to it rebuilds every page.
    A stylesheet is linked (MkDocs copies it when it changes): the pages stay."""
    folder = tmp_path / "overrides"
    (folder / name).parent.mkdir(parents=True)
    (folder / name).write_text("<svg/>", "utf-8")
    before = template_stamp(str(folder))
    (folder / name).write_text("<svg><path d='M0 0'/></svg>", "utf-8")
    assert (template_stamp(str(folder)) != before) is inlined
