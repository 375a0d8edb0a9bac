"""Every configured value is data (#33): whatever a string option of qmsdoc.yml (or a value Material prints
from mkdocs.yml) holds, it reaches no page, Word copy or spreadsheet as markup or a formula — or the command
stops with exit 2 naming the setting."""

from __future__ import annotations

import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_hostile_pages import write_project

from qmsdoc.core.config import Config

from conftest import REPO, Project, run_cli

NAMES = {name: "总经理" for name in ("prepared", "reviewed", "approved", "by", "department", "owner")}
PLAIN = {name: f"文本{name}" for name in ("home", "manual", "title", "change", "form", "retention", "label",
                                          "column", "signature")}


def string_options() -> list[str]:
    """Every option of qmsdoc.yml whose value is (or holds) text: found from the configuration itself, so a
    new option is covered by the property test without editing it."""
    sample = Config(root=REPO)
    return sorted(key for key, spec in Config.__dataclass_fields__.items()
                  if key not in ("root", "today") and not isinstance(getattr(sample, key), (bool, int)))


PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><qz onqz=1>",
            "=HYPERLINK(\"http://x.example\",\"qz\")", "{{ config.site_dir }}<qz>", "某公司\n<qz onqz=1>",
            "某公司\u202e<qz>", "&lt;qz onqz=1&gt;", "x" * 300]


def hostile(option: str, payload: str, current: object) -> object:
    """`payload` where option's text goes (every text inside a list or mapping option)."""
    if isinstance(current, dict):
        return {key: hostile(option, payload, value) for key, value in current.items()} | {payload: payload}
    if isinstance(current, list):
        return [payload, *current]
    return payload


class _Live(HTMLParser):
    """Elements and attributes a payload would have made live."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.script = tag == "script"
        if tag in ("qz", "img") and tag == "qz" or {name for name, _ in attrs} & {"onqz", "onerror"}:
            self.found.append(f"<{tag} {attrs}>")

    def handle_endtag(self, tag: str) -> None:
        self.script = False

    def handle_data(self, data: str) -> None:
        if self.script and "alert(1)" in data:  # Material's own inline scripts hold configuration, not this
            self.found.append(f"<script>{data[:80]}")


def live_markup(build: Path) -> list[str]:
    found = []
    for page in build.rglob("*.html"):
        parser = _Live()
        parser.feed(page.read_text("utf-8"))
        found += [f"{page.relative_to(build)}: {item}" for item in parser.found]
    for copy in build.rglob("*.docx"):
        with zipfile.ZipFile(copy) as archive:
            for name in archive.namelist():
                if name.endswith(".xml") and b"<qz" in archive.read(name):
                    found.append(f"{copy.relative_to(build)}:{name}: <qz")
    for sheet in build.rglob("*.csv"):
        for line in sheet.read_text("utf-8-sig").splitlines():
            if any(cell.startswith(("=", "+", "@")) for cell in line.split(",")):
                found.append(f"{sheet.relative_to(build)}: {line}")
    return found


def configure(root: Path, option: str, payload: str) -> None:
    data = yaml.safe_load((root / "qmsdoc.yml").read_text("utf-8"))
    data["word_copies"] = True
    data[option] = hostile(option, payload, data.get(option, getattr(Config(root=root), option)))
    (root / "qmsdoc.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    if option in ("manuals_dir", "forms_dir") and isinstance(data[option], str):
        # the folder really has that name, so the build gets as far as the value can take it
        old = root / ("manuals" if option == "manuals_dir" else "controlled_forms")
        target = root / data[option]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            old.rename(target)
        except OSError:
            return
        if option == "manuals_dir":
            site = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8").replace("!!python", "#"))
            site["docs_dir"] = data[option]
            (root / "mkdocs.yml").write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")


def test_every_text_option_is_found() -> None:
    assert {"organisation", "manuals_dir", "forms_dir", "build_dir", "distribution", "issued_dir",
            "allowed_signers", "approvals", "markdown_extensions", "record_sections",
            "required_sections"} <= set(string_options())


@pytest.mark.slow  # a whole build per example
@settings(max_examples=24, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(string_options()), st.sampled_from(PAYLOADS))
@example("organisation", PAYLOADS[0])  # the case: live on every page through Material's copyright
@example("organisation", PAYLOADS[1])
@example("organisation", PAYLOADS[3])
def test_hostile_configuration_values_never_become_markup(option: str, payload: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(root, {**PLAIN, **NAMES})
        configure(root, option, payload)
        result = run_cli("build", cwd=root)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 2), result.stdout + result.stderr
        if result.returncode == 2:
            assert option in result.stderr or "docs_dir" in result.stderr, result.stderr
            return
        built = [p for p in root.rglob("manifest.json")]
        assert built, result.stdout + result.stderr
        assert not live_markup(built[0].parent)


def test_organisation_is_text_in_the_page_footer(project: Project) -> None:
    """The issue's example: the organisation is handed to Material as `copyright`, which it prints as HTML."""
    hostile = "organisation: '<img src=x onerror=alert(1)>物业'"
    project.replace("qmsdoc.yml", "organisation: 某物业服务有限公司", hostile)
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = project.read("build/site/index.html")
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;物业" in page


@pytest.mark.parametrize("option", ["organisation", "manuals_dir", "distribution", "issued_dir", "allowed_signers"])
@pytest.mark.parametrize("value", ["某公司\n第二行", "某\x1b[31m公司", "某\u2028公司", "x" * 201])
def test_text_that_cannot_be_shown_as_written_is_refused_naming_the_setting(project: Project, option: str,
                                                                           value: str) -> None:
    data = yaml.safe_load(project.read("qmsdoc.yml"))
    data[option] = value
    project.write("qmsdoc.yml", yaml.safe_dump(data, allow_unicode=True))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and f"配置项 {option} " in result.stderr, result.stderr


def test_markdown_extension_given_as_a_mapping_is_a_configuration_error(project: Project) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "markdown_extensions:\n  - toc: {permalink: true}\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and "markdown_extensions" in result.stderr, result.stderr


@pytest.mark.parametrize(("key", "value"), [("site_name", "<script>alert(1)</script>"),
                                            ("site_description", "说明<img src=x onerror=alert(1)>"),
                                            ("copyright", "<a href='javascript:alert(1)'>版权</a>")])
def test_mkdocs_values_material_prints_as_html_are_refused(project: Project, key: str, value: str) -> None:
    text = project.read("mkdocs.yml")
    project.write("mkdocs.yml", text + f"\n{key}: {yaml.safe_dump(value).splitlines()[0]}\n"
                  if key not in text else text)
    if key in text:
        data = text.splitlines()
        project.write("mkdocs.yml", "\n".join(f"{key}: {yaml.safe_dump(value, allow_unicode=True).splitlines()[0]}"
                                              if line.startswith(f"{key}:") else line for line in data) + "\n")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 2 and key in result.stderr, result.stdout + result.stderr
    assert not (project.root / "build/site").exists()


def _site_name_as_shown(project: Project, value: str) -> tuple[list[tuple[str, str | None]], str]:
    """Build the site with `value` as mkdocs.yml's site_name and description: the home page's attributes and text."""
    from html.parser import HTMLParser

    kept = [line for line in project.read("mkdocs.yml").splitlines()
            if not line.startswith(("site_name:", "site_description:"))]
    text = "".join(f"{line}\n" for line in kept)
    quoted = yaml.safe_dump(value, allow_unicode=True, width=1000).splitlines()[0]
    project.write("mkdocs.yml", f"site_name: {quoted}\nsite_description: {quoted}\n{text}")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    attributes: list[tuple[str, str | None]] = []
    words: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes.extend(attrs)

        def handle_data(self, data: str) -> None:
            words.append(data)

    Reader().feed((project.root / "build/site/index.html").read_text("utf-8"))
    return attributes, "".join(words)


def test_a_quote_in_the_site_name_stays_inside_its_attribute(project: Project) -> None:
    """Material prints site_name into aria-label="…" and site_description into <meta content="…"> unescaped: a `"`
    ended the attribute and the rest became attributes of its own (onmouseover=…)."""
    value = 'Q" onmouseover="alert(1) & R&D'
    attributes, words = _site_name_as_shown(project, value)
    assert not [name for name, _ in attributes if name.startswith("on")], attributes
    assert ("aria-label", value) in attributes and ("title", value) in attributes
    assert ("content", value) in attributes  # <meta name="description">
    assert value in words


def test_a_plain_site_name_is_shown_as_written(project: Project) -> None:
    attributes, words = _site_name_as_shown(project, "质量体系受控文件")
    assert ("aria-label", "质量体系受控文件") in attributes and ("title", "质量体系受控文件") in attributes
    assert "质量体系受控文件" in words and "&amp;" not in words
