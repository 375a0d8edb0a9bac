"""A pseudo-locale proves core/i18n's promise that every string qmsdoc writes comes from its catalogue.

`en-XA` is English with every catalogue message wrapped in ⟦…⟧ and its letters accented (`Búílt`), fields and
`{count:~one|other}` kept working. It is registered for the test only (never shipped), a project is built and
checked in it, and everything qmsdoc wrote — site pages (text and title/aria-label/placeholder/alt), Word copies
(body, tables, headers, footers, properties), PDF text, registers, manifest, command-line output — is scanned. A
Latin word outside ⟦…⟧ without an accent, or with a plain letter the pseudo-locale would have accented (a word
filled into a message from code), or Chinese the authors did not write, is a string that bypassed `t()`."""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import json
import re
import shutil
import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.corpus import generate
from qmsdoc.core import i18n
from qmsdoc.core.i18n import en

from conftest import REPO, run_cli

CODE = "en-XA"
OPEN, CLOSE = "⟦", "⟧"
_ACCENT = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")  # Latin-1: every font of the copies has them
_PLAIN = re.compile("[aeiouycnAEIOUYCN]")
# fields, the catalogue's HTML (not `<number>` in a help text), %d: they must keep working
_KEPT = re.compile(r"\{\{|\}\}|\{[^{}]*\}|</?(?:a|b|code|em|strong|span|br|small|kbd)\b[^<>]*>|%[a-z]|&[a-z]+;")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9_]+")
_HAN = re.compile(r"[\u3400-\u9fff]+")

# Words qmsdoc writes in every language alike, each with why; nothing else may be written outside the catalogue.
NEUTRAL = {
    "qmsdoc",  # the program's name, typed as such
    "Word", "PDF",  # file formats' proper names, filled into "the controlled {what} copies"; zh-CN writes them too
}
# Whole phrases written by another program qmsdoc shows as it is.
FOREIGN = (
    # Material's generator notice (partials/copyright.html, English in Material itself); a theme other than
    # `en` turns it off (site/plugin.py)
    re.compile(r"Made\s+with\s+Material\s+for\s+MkDocs"),
    # `path:line: error|warning QDnnn`: the words editors' and CI's problem matchers parse (Finding.format)
    re.compile(r"^\S+:\d+: (?:error|warning) QD\d+ ", re.M),
)


def accented(message: str) -> str:
    """`message` with its own letters accented, fields, markup and `{count:~one|other}`'s syntax kept."""
    out: list[str] = []
    at = 0
    for kept in _KEPT.finditer(message):
        out.append(message[at:kept.start()].translate(_ACCENT))
        token = kept.group()
        if ":~" in token:
            head, _, words = token.partition(":~")
            token = f"{head}:~{words.translate(_ACCENT)}"
        out.append(token)
        at = kept.end()
    out.append(message[at:].translate(_ACCENT))
    return "".join(out)


def test_the_pseudo_messages_keep_their_fields_and_counts() -> None:
    template = OPEN + accented("Check finished: {errors} {errors:~error|errors}, <code>x</code> %d") + CLOSE
    assert i18n.fill(template, errors=1) == "⟦Çhéçk fíñíshéd: 1 érrór, <code>x</code> %d⟧"
    assert i18n.fill(template, errors=2).startswith("⟦Çhéçk fíñíshéd: 2 érrórs,")


@contextlib.contextmanager
def registered(language: i18n.Language, folder: Path) -> Iterator[i18n.Language]:
    """`language` available to `language:` and `lookup` while the block runs, then gone (and the language before
    it current again). Its module is a stand-in in sys.modules: `i18n.fingerprint` hashes its file."""
    name = language.code.replace("-", "_")
    source = folder / f"{name}.json"
    source.write_text(json.dumps(dict(language.messages), ensure_ascii=False), "utf-8")
    module = types.ModuleType(f"{i18n.__name__}.{name}")
    module.LANGUAGE = language  # type: ignore[attr-defined]
    module.__file__ = str(source)
    before = i18n.current()
    i18n.languages()[language.code] = language  # the cached catalogue table itself
    sys.modules[module.__name__] = module
    try:
        yield language
    finally:
        del i18n.languages()[language.code]
        del sys.modules[module.__name__]
        i18n.set_language(before.code)


def pseudo_locale(folder: Path) -> contextlib.AbstractContextManager[i18n.Language]:
    """`en-XA` registered while the block runs: en.py's messages and section names accented and marked."""
    messages = {key: OPEN + accented(text) + CLOSE for key, text in en.MESSAGES.items()}
    sections = {kind: tuple(tuple(map(accented, names)) for names in required)
                for kind, required in en.LANGUAGE.required_sections.items()}
    return registered(dataclasses.replace(en.LANGUAGE, code=CODE, name="Pseudo", aliases=(), messages=messages,
                                          required_sections=sections,
                                          record_sections=tuple(map(accented, en.LANGUAGE.record_sections))),
                      folder)


def test_the_catalogue_decides_the_search_words_and_the_copies_script(tmp_path: Path) -> None:
    """What a language decides besides its messages comes from its catalogue too: search skipped words only if
    the code started with zh, and a Word copy took only zh, ja and ko for East Asian — a new catalogue could not
    say either."""
    from qmsdoc.search import search_language
    from qmsdoc.word.styles import _languages

    east = dataclasses.replace(en.LANGUAGE, code="x-east", html_lang="x-east", aliases=(), east_asian=True,
                               stop_words=frozenset({"の"}), segment_han=False)
    with registered(east, tmp_path):
        assert search_language(types.SimpleNamespace(language="x-east")).stop_words == {"の"}
        with i18n.using("x-east"):
            assert _languages() == ("en-US", "x-east")  # its own script is the East Asian one, Latin text English
    english = search_language(types.SimpleNamespace(language="en")).stop_words
    assert "the" in english and "的" not in english
    with i18n.using("en"):
        assert _languages() == ("en", "zh-CN")


class _Page(HTMLParser):
    """A page's text (scripts and styles left out) and the attributes a person reads."""

    # data-label: a table cell's column name, shown before it on a phone; data-id-label, data-state: shown by
    # the site's script (a copied number's kind, a version's state)
    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "value", "label", "data-title", "data-label",
                  "data-id-label", "data-state")

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        self.text += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _depths(text: str) -> list[int]:
    """How deep in ⟦…⟧ each character is (a text cut out of a longer one may start inside)."""
    depth, out = 0, []
    for char in text:
        depth += char == OPEN
        out.append(depth)
        depth -= char == CLOSE
    low = min([0, *out])
    return [d - low for d in out]


class Scan:
    """Collects the words qmsdoc wrote without its catalogue, by where they were seen."""

    def __init__(self, authors: str, neutral: set[str], typed: AbstractSet[str] = frozenset()) -> None:
        self.author_words = {w.casefold() for w in re.findall(r"[A-Za-z]+", authors)}
        self.typed = typed
        """Words a user types as they are (command and option names), in their own case: `--path` is typed,
        the `PATH` argparse would make of it is not."""
        self.author_han = re.sub(r"[\s*_`~=]+", "", authors)  # Markdown's emphasis is not in the output
        self.neutral = {w.casefold() for w in neutral}
        self.found: dict[str, set[str]] = {}
        self.foreign: list[re.Pattern[str]] = list(FOREIGN)

    def __call__(self, where: str, text: str) -> None:
        for phrase in self.foreign:
            text = phrase.sub(" ", text)
        depth = _depths(text)
        for match in _WORD.finditer(text):
            word = match.group()
            if (len(word) < 2 or re.search(r"[\d_]", word) or word.casefold() in self.author_words
                    or word.casefold() in self.neutral or word in self.typed):
                continue  # IDs, dates, numbers, file names, the authors' own words
            inside = depth[match.start()] > 0
            if (inside and _PLAIN.search(word)) or (not inside and not re.search("[\u00c0-\u024f]", word)):
                self.found.setdefault(word, set()).add(where)
        for escaped in re.findall(r"\{\{|\}\}", text):  # a message's escaped braces never formatted
            self.found.setdefault(escaped, set()).add(where)
        for han in _HAN.findall(text):
            if han not in self.author_han:
                self.found.setdefault(han, set()).add(where)

    def report(self) -> str:
        return "\n".join(f"{word!r} in {', '.join(sorted(wheres)[:3])}" for word, wheres in sorted(self.found.items()))


def _docx_text(path: Path) -> str:
    """Every text run of a Word copy: body, tables, headers, footers (all XML parts) and its core properties."""
    parts: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            xml = package.read(name).decode("utf-8", "replace")
            if name.startswith("word/") and name.endswith(".xml"):
                parts += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
            elif name == "docProps/core.xml":
                parts += re.findall(r">([^<]+)<", xml)
    return "\n".join(parts)


def _json_strings(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _json_strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, key)
    elif isinstance(value, str) and key not in ("path", "sha256", "url"):  # file names and digests
        yield value


def _material_words() -> set[str]:
    """Material's own interface words (its English language partial): Material's to translate, not qmsdoc's."""
    import material

    partial = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    return set(re.findall(r"[A-Za-z]+", partial.read_text("utf-8")))


def _typed_words() -> set[str]:
    """What a user types: command and option names, choices, the program's name."""
    from qmsdoc.cli import build_parser

    words: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            words.update(re.findall(r"[A-Za-z]+", " ".join(action.option_strings)))
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
            if action.choices:
                words.update(re.findall(r"[A-Za-z]+", " ".join(map(str, action.choices))))
    for language in i18n.languages().values():  # `--language zh-CN`: what qmsdoc.yml's language: takes
        words.update(re.findall(r"[A-Za-z]+", " ".join((language.code, *language.aliases))))
    from qmsdoc.pipeline import OUTPUTS  # `--only site,word`

    return words | set(OUTPUTS)


TYPED = ("nothing", "nosuchcommand")  # what the test types wrong, named back in the errors


def _commands() -> list[str]:
    from qmsdoc.cli import build_parser

    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return list(actions[0].choices)


@pytest.fixture(scope="module", params=["factory", "english"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Path, str, dict[str, str]]]:
    """A project built and checked in the pseudo-locale, its sources, and the command line's output. The factory's
    Chinese sources let any English word written past the catalogue stand out; the English example's let any
    Chinese one (the factory's authors may have written the same characters)."""
    folder = tmp_path_factory.mktemp("pseudo")
    root = folder / "project"
    config = root / "qmsdoc.yml"
    if request.param == "english":
        shutil.copytree(REPO / "examples" / "en-quality-manual", root)
        assert "\nlanguage: en\n" in config.read_text("utf-8")
        config.write_text(config.read_text("utf-8").replace(
            "\nlanguage: en\n", f"\nlanguage: {CODE}\nrecord_sections: [Records]\n", 1), "utf-8")  # as en.py names them
    else:
        generate(root, 6)
        kept = "".join(line for line in config.read_text("utf-8").splitlines(keepends=True)
                       if not line.startswith("record_sections:"))  # named once, first, for `broken` to drop
        config.write_text(f"language: {CODE}\nrecord_sections: [质量记录, 记录]\n" + kept, "utf-8")
    with pseudo_locale(folder):
        outputs: dict[str, str] = {}
        built = run_cli("build", "--strict", cwd=root)
        assert built.returncode == 0, built.stdout + built.stderr
        outputs["build"] = built.stdout + built.stderr
        if request.param == "english":
            checked = run_cli("check", cwd=root)
            outputs["check"] = checked.stdout + checked.stderr
            yield root, _authors(root), outputs
            return
        broken = folder / "broken"  # the same project with findings: the forms missing from their sections
        shutil.copytree(root, broken, ignore=shutil.ignore_patterns("build"))
        (broken / "qmsdoc.yml").write_text(config.read_text("utf-8").replace("record_sections: [质量记录, 记录]\n", ""),
                                           "utf-8")
        checked = run_cli("check", cwd=broken)
        assert checked.returncode == 1 and " QD151 " in checked.stdout, checked.stdout + checked.stderr
        outputs["check"] = checked.stdout + checked.stderr
        asked = (["--help"], *([command, "--help"] for command in _commands()), ["release", "BM-01-001"],
                 ["issue", "BM-01-001", "--to", "人事部"],  # the factory's register takes no appended entry
                 ["build", "--only", TYPED[0]], [TYPED[1]], ["verify", str(root / "qmsdoc.yml")],
                 ["init", "--language", CODE, str(folder / "fresh1")])
        for words in asked:
            done = run_cli(*words, cwd=root)
            outputs[" ".join(words[:2])] = done.stdout + done.stderr
        yield root, _authors(root), outputs


def _authors(root: Path) -> str:
    """Everything the project's authors wrote (what qmsdoc may show as it is)."""
    return "\n".join(path.read_text("utf-8") for path in sorted(root.rglob("*"))
                     if path.suffix in (".md", ".yaml", ".yml") and "build" not in path.relative_to(root).parts)


def test_the_site_pages_write_nothing_outside_the_catalogue(written: tuple[Path, str, dict[str, str]]) -> None:
    root, authors, _ = written
    scan = Scan(authors, NEUTRAL | _material_words())  # Material's words only where Material writes: the site
    pages = sorted((root / "build" / "site").rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Page()
        parser.feed(page.read_text("utf-8"))
        scan(str(page.relative_to(root)), "\n".join(parser.text))
    assert not scan.found, scan.report()


def test_the_word_and_pdf_copies_write_nothing_outside_the_catalogue(written: tuple[Path, str, dict[str, str]]
                                                                      ) -> None:
    root, authors, _ = written
    scan = Scan(authors, NEUTRAL)
    copies = sorted((root / "build" / "docx").rglob("*.docx"))
    assert copies
    for copy in copies:
        scan(copy.name, _docx_text(copy))
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdfs = sorted((root / "build" / "pdf").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        scan(pdf.name, re.sub("[-\u00ad\u2010]\n", "", text))  # a word Typst hyphenated at a line's end, whole
    assert not scan.found, scan.report()


def test_the_registers_and_manifest_write_nothing_outside_the_catalogue(
        written: tuple[Path, str, dict[str, str]]) -> None:
    import openpyxl

    root, authors, _ = written
    scan = Scan(authors, NEUTRAL)
    build = root / "build"
    workbook = openpyxl.load_workbook(build / "register.xlsx")
    for sheet in workbook.worksheets:
        scan(f"register.xlsx {sheet.title}", "\n".join([sheet.title, *(str(cell) for row in sheet.iter_rows(
            values_only=True) for cell in row if isinstance(cell, str))]))
    tables = sorted(build.glob("*.csv"))
    assert tables
    for table in tables:
        with table.open(encoding="utf-8-sig", newline="") as rows:
            scan(table.name, "\n".join(cell for row in csv.reader(rows) for cell in row))
    scan("manifest.json", "\n".join(_json_strings(json.loads((build / "manifest.json").read_text("utf-8")))))
    assert not scan.found, scan.report()


def test_the_command_line_writes_nothing_outside_the_catalogue(written: tuple[Path, str, dict[str, str]]) -> None:
    root, authors, outputs = written
    scan = Scan(authors, NEUTRAL, _typed_words() | set(TYPED))
    scan.foreign.append(re.compile(re.escape(str(root.parent)) + r"\S*"))  # the test's folders, named back
    for command, output in outputs.items():
        scan(f"qmsdoc {command}", output)
    assert not scan.found, scan.report()


def test_the_scan_finds_a_word_written_past_the_catalogue() -> None:
    """The scan itself: an unaccented word outside ⟦…⟧, a plain word filled into a message, unwritten Chinese."""
    scan = Scan("目的 Purpose BM-01-001", {"PDF"})
    scan("page", f"{OPEN}Ñóté: Record{CLOSE} Skip 目的 2026-01-02 BM-01-001 PDF 页 {OPEN}xlsx {{{{ñó}}}}{CLOSE} "
                 "Purpose")
    assert sorted(scan.found) == ["Record", "Skip", "{{", "}}", "页"]
