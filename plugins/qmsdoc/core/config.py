"""Project configuration (`qmsdoc.yml`): one file read by the checker, the site and the Word export."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import i18n
from .dialect import DEFAULT_EXTENSIONS, SUPPORTED, Dialect
from .errors import CONFIG_PLACE, CONFIG_SETTING, NO_PROJECT, UsageError, echoed, shown_path
from .findings import shown
from .i18n import join, t
from .names import as_written, text_problem
from .portable import resolved
from .projectid import is_project_id
from .revision import DEFAULT_SCHEME, SCHEMES, set_scheme
from .schemas import common_fields
from .source import load_yaml_file
from .structure import section_parts

CONFIG_NAME = "qmsdoc.yml"
CONFIG_MAX_BYTES = 1024 * 1024  # a configuration is a few KB; the limit sources have by default


def default_sections(language: str = i18n.DEFAULT) -> dict[str, list[list[str]]]:
    """The required sections per document type a project in `language` starts with."""
    catalogue = i18n.lookup(language) or i18n.languages()[i18n.DEFAULT]
    return {kind: [list(names) for names in groups] for kind, groups in catalogue.required_sections.items()}


def default_record_sections(language: str = i18n.DEFAULT) -> list[str]:
    catalogue = i18n.lookup(language) or i18n.languages()[i18n.DEFAULT]
    return list(catalogue.record_sections)


DEFAULT_SECTIONS = default_sections()
CLAUSE_NUMBERING = ("strict", "headings-only", "off")
DEFAULT_RECORD_SECTIONS = default_record_sections()


def clause_mode_value(value: object) -> object:
    """`clause_numbering: off` unquoted is YAML's false: it can only mean the mode `off`."""
    return "off" if value is False else value


INTERNAL = ("root", "today", "written", "settings_at")
"""Fields of Config that qmsdoc.yml does not set: where the project lies, the day, how and where qmsdoc.yml spells
its paths — no page shows them (site/dirty.py `settings_stamp` leaves them out)."""
OPTIONAL = {"review_months": int, "project_id": str}
"""Settings whose default is None (not set): the type a value written for them must have; `null` keeps None."""


class ConfigError(UsageError):
    """A configuration problem: the CLI exits 2 with this message."""

    prefix_key = "error.prefix.config"
    code = CONFIG_SETTING  # a place qmsdoc.yml names raises with code=CONFIG_PLACE, mkdocs.yml's with SITE_CONFIG


class ProjectNotFound(ConfigError):
    """No qmsdoc.yml at or above the folder a command was run in: nothing to check, so no green result."""

    code = NO_PROJECT

    def show(self) -> str:
        return self.coded()  # the message itself says 未找到 qmsdoc 项目 and where it looked


APPROVAL_MODES = ("fingerprint", "signed")
Locate = Callable[[str], str]
"""`qmsdoc.yml:<line>` of a top-level setting, for a message about it."""


@dataclass
class Config:
    root: Path
    # The language of everything qmsdoc writes (a catalogue in core/i18n/): zh-CN, en or zh-TW.
    language: str = i18n.DEFAULT
    # How versions are numbered (core/revision.py SCHEMES): A/0 (版本/修订状态), 1.0 (major.minor), A (letters),
    # 1 (whole numbers). Set once with the configuration, like the language: every version read, compared and
    # advanced is in it.
    version_scheme: str = DEFAULT_SCHEME
    organisation: str = field(default_factory=lambda: t("config.default_organisation"))
    # The project's own token (core/projectid.py), written once by `qmsdoc init` and carried by every Word and PDF
    # copy: `verify` tells another project's copy by it, whatever organisation both name. None: not set (a project
    # made before it), its copies carry none.
    project_id: str | None = None
    manuals_dir: str = "manuals"
    forms_dir: str = "controlled_forms"
    build_dir: str = "build"
    max_file_bytes: int = 1024 * 1024
    review_warning_days: int = 30
    # Periodic review (定期评审): the project's period in months for every controlled document that does not write
    # its own `review_months` (Document.review_period). None: no project period, only documents that write one
    # are ever due (what a project that does not set it had before).
    review_months: int | None = None
    required_sections: dict[str, list[list[str]]] = field(default_factory=lambda: dict(DEFAULT_SECTIONS))
    # `signed`: every approval record must carry an SSH signature by the approver's key in allowed_signers.
    approvals: str = "fingerprint"
    allowed_signers: str = ".qmsdoc/allowed_signers"
    today: dt.date = field(default_factory=dt.date.today)
    # The Markdown dialect of every document (names from core/dialect.py SUPPORTED).
    markdown_extensions: list[str] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    # Clause-numbering check (QD161) per document type, `default` for the rest: strict | headings-only | off.
    clause_numbering: dict[str, str] = field(default_factory=lambda: {"default": "strict"})
    # Headings whose `[[ID]]` list names a document's quality records (forms).
    record_sections: list[str] = field(default_factory=lambda: list(DEFAULT_RECORD_SECTIONS))
    # Publish draft and in-review documents for preview (site and Word), each marked 草稿.
    publish_drafts: bool = False
    # Write the Word controlled copies into build/docx and link them from each page.
    word_copies: bool = True
    # Write the PDF controlled copies into build/pdf (needs a CJK font; without one the build warns).
    pdf_copies: bool = True
    # The PDF copies' fonts: {body: [families…], heading: [families…], paths: [folders…], system: true}.
    pdf_fonts: dict[str, Any] = field(default_factory=dict)
    # The distribution register (文件发放回收记录), kept under version control beside this file.
    distribution: str = "distribution.yaml"
    # Where `qmsdoc issue` writes numbered copies (not in build_dir: every build replaces that folder).
    issued_dir: str = "issued"
    # Working revisions (`qmsdoc revise`): the next version of a source, at the same relative path under here.
    revisions_dir: str = "revisions"
    # Reading assignments (文件学习确认): the days a department has to acknowledge a new version (a document's or
    # manual's `acknowledge_days` overrides it), the register of acknowledgements and the roster of who works in
    # each department (read for `acknowledge_all: true`), both kept under version control beside this file.
    acknowledge_days: int = 14
    acknowledgements: str = "acknowledgements.yaml"
    roster: str = "roster.yaml"
    # Fields of the team's own (tags, owner …) that sources may carry besides the ones qmsdoc reads: kept, not
    # shown, covered by the approval fingerprint like every other field; any other unknown field is QD004.
    extra_fields: list[str] = field(default_factory=list)
    # Not a setting: the path settings as qmsdoc.yml spells them, where that differs from their one spelling
    # (`_canonical_paths`), so that a refusal shows the folder as the user wrote it (`spelled`).
    written: dict[str, str] = field(default_factory=dict)
    # Not a setting: where qmsdoc.yml writes each setting it writes (`…/qmsdoc.yml:4`), kept as the file is loaded.
    settings_at: dict[str, str] = field(default_factory=dict)

    def spelled(self, key: str) -> str:
        """A path setting as qmsdoc.yml writes it (`..`, `./build`), for messages."""
        return self.written.get(key, str(getattr(self, key)))

    def where(self, key: str) -> str:
        """Where a refusal of a setting points (`…/qmsdoc.yml:4`): its line, or the file when it is left at its
        default (the fix is then a line to add)."""
        return self.settings_at.get(key) or str(self.root / CONFIG_NAME)

    def line_of(self, key: str) -> int:
        """The line of qmsdoc.yml that writes a setting, 1 when it is left at its default."""
        where = self.settings_at.get(key, "")
        return int(where.rsplit(":", 1)[1]) if ":" in where else 1

    def refusal(self, key: str, message: str, code: str = CONFIG_PLACE) -> ConfigError:
        """A refusal of a qmsdoc.yml setting decided after loading (an output folder, a record's place): its
        message after where the setting is written, as every refusal while loading says it."""
        return ConfigError(t("config.at", path=self.where(key), message=message), code=code)

    def clause_mode(self, document_type: str, manual_mode: object = None) -> str:
        """How strictly a document's clause numbers are checked: its manual's `clause_numbering`
        first, then qmsdoc.yml's entry for its type, then the default."""
        manual_mode = clause_mode_value(manual_mode)
        if isinstance(manual_mode, str) and manual_mode in CLAUSE_NUMBERING:
            return manual_mode
        return self.clause_numbering.get(document_type, self.clause_numbering.get("default", "strict"))

    def is_record_section(self, name: str) -> bool:
        """Whether a section (its heading's name, number removed) lists the document's forms: one of
        `record_sections`, in any case (`## 5. RECORDS`), alone or with another (`## 相关文件和记录`)."""
        wanted = {section.casefold() for section in self.record_sections}
        return any(part.casefold() in wanted for part in section_parts(name))

    @property
    def dialect(self) -> Dialect:
        """The Markdown dialect of every document (`markdown_extensions`), as the one parse (render.py) and the
        check's line readers (mdlinks.py, structure.py) are both given it: the page and the checks read alike."""
        return tuple(self.markdown_extensions)

    @property
    def manuals_path(self) -> Path:
        return self.root / self.manuals_dir

    @property
    def forms_path(self) -> Path:
        return self.root / self.forms_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    @property
    def issued_path(self) -> Path:
        return self.root / self.issued_dir

    @property
    def revisions_path(self) -> Path:
        return self.root / self.revisions_dir

    @property
    def signed(self) -> bool:
        return self.approvals == "signed"

    @property
    def allowed_signers_path(self) -> Path:
        return self.root / self.allowed_signers


def today() -> dt.date:
    """Today, or the day QMSDOC_TODAY pins."""
    # QMSDOC_TODAY pins "today" so review-date output can be reproduced for an audit.
    pinned = os.environ.get("QMSDOC_TODAY")
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError as exc:
        raise ConfigError(t("config.today_invalid", value=echoed(pinned))) from exc


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding qmsdoc.yml; ProjectNotFound if there is none."""
    try:
        start = start.resolve()
    except FileNotFoundError as exc:  # the current folder is gone (a build run from inside build/ replaced it)
        raise ProjectNotFound(t("config.cwd_gone", folder=start)) from exc
    except (OSError, RuntimeError) as exc:  # a name too long for the file system, a symlink loop
        raise ProjectNotFound(t("config.not_a_folder", path=shown(str(start)))) from exc
    if not os.path.isdir(start):  # a file, or nothing: never a project found by walking up from a typo
        raise ProjectNotFound(t("config.not_a_folder", path=shown(str(start))))
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFound(t("config.not_found", folder=start, name=CONFIG_NAME))


def load_config(root: Path) -> Config:
    """Read `root/qmsdoc.yml` if present; unknown keys or wrong types are a ConfigError. From here on
    qmsdoc writes in the project's `language`."""
    i18n.set_language(i18n.DEFAULT)
    set_scheme(DEFAULT_SCHEME)  # not the scheme of a project loaded before in this process
    config = Config(root=root.resolve())
    path = root / CONFIG_NAME
    if path.is_file():
        _apply_file(config, path)
    config.today = today()  # once the language is known: a mistyped QMSDOC_TODAY is refused in the project's words
    from .outputs import refuse_record_paths  # outputs builds on this module

    refuse_record_paths(config)
    return config


_LANGUAGE_LINE = re.compile(r"""^language[ \t]*:[ \t]*(["']?)([A-Za-z][A-Za-z0-9_-]{0,34})\1[ \t]*(?:#.*)?$""",
                            re.MULTILINE)
"""A top-level `language: en` line, read when the rest of the file is not YAML (a typo elsewhere)."""


def read_language(root: Path) -> str | None:
    """The `language:` of the project at `root` (None if unset or unreadable), without checking the rest:
    the command line's help and argument errors come before the configuration is loaded. A file that does
    not parse (a tab, an unclosed bracket, a stray byte) still names its language on a line of its own: the
    error that says so is then written in that language, not in the default one."""
    language = meant_language(_read_early(root))
    return language.code if language else None


def meant_language(data: dict[object, object]) -> i18n.Language | None:
    """The language a qmsdoc.yml means, even when it says so wrongly: `language: en`, and also a misspelt key
    (`langauge: en`, `Language: en`) or a value qmsdoc does not have but one it has is spelt like (`eng`,
    `[en]`). An English team's qmsdoc.yml refused for such a slip was refused in Chinese, the language of a
    project that names none; the refusal (and the help) speak the language meant, and name the right spelling."""
    for key, value in sorted(data.items(), key=lambda item: item[0] != "language"):  # the right key first
        if not isinstance(key, str) or not (key == "language" or _near(key, ["language"], 0.75)
                                            or (len(key) >= 4 and "language".startswith(key.casefold()))):
            continue
        for candidate in value if isinstance(value, list) else [value]:
            if isinstance(candidate, str):
                found = i18n.lookup(candidate) or _near_language(candidate)
                if found:
                    return found
    return None


def _near(word: str, candidates: list[str], cutoff: float) -> str | None:
    """The one of `candidates` spelt most like `word` (letter case aside), or None."""
    folded = {candidate.casefold(): candidate for candidate in candidates}
    close = difflib.get_close_matches(word.strip().casefold(), list(folded), n=1, cutoff=cutoff)
    return folded[close[0]] if close else None


def _near_language(value: str) -> i18n.Language | None:
    """The catalogue whose code or alias `value` is spelt like (`eng`: en), or None."""
    names = {name: language for language in i18n.languages().values() for name in (language.code, *language.aliases)}
    near = _near(value, list(names), 0.75)
    return names[near] if near else None


def read_version_scheme(root: Path) -> str | None:
    """The `version_scheme:` of the project at `root` (None if unset, unknown or unreadable), read as the language
    is, before the configuration is loaded: help shows versions as the project writes them (`1.1`, not `A/1`)."""
    return _scheme_named(_read_early(root).get("version_scheme"))


def _scheme_named(value: object) -> str | None:
    """The scheme `value` names (`1.0` and `1` unquoted are YAML numbers: they name the schemes they spell)."""
    written = as_written(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    return written if isinstance(written, str) and written in SCHEMES else None


def _read_early(root: Path) -> dict[object, object]:
    """qmsdoc.yml at `root` as YAML, unchecked ({} when unreadable; only a `language:` line when it does not parse)."""
    try:
        with (root / CONFIG_NAME).open("rb") as file:
            raw = file.read(CONFIG_MAX_BYTES + 1)
    except OSError:
        return {}
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        data = yaml.safe_load(text)
    # load_config reports what is wrong; LookupError, AttributeError: a tag its value does not fit (`!!bool maybe`)
    except (ValueError, LookupError, AttributeError, RecursionError, yaml.YAMLError):
        named = {match.group(2) for match in _LANGUAGE_LINE.finditer(text)}
        data = {"language": named.pop()} if len(named) == 1 else None
    return data if isinstance(data, dict) else {}


_KIND_OF = {str: "schema.kind.string", int: "schema.kind.integer", float: "schema.kind.number",
            bool: "schema.kind.boolean", list: "schema.kind.array", dict: "schema.kind.object"}
"""How a setting's expected Python type is named to the user: the words the front matter's schema errors use."""


def _apply_language(config: Config, data: dict[object, object], at: Locate) -> None:
    """`language:` first, so every later message is in it; the defaults that depend on it follow it."""
    value = data.get("language", i18n.DEFAULT)
    language = i18n.lookup(value) if isinstance(value, str) else None
    if language is None:
        meant = meant_language(data)
        if meant:
            i18n.set_language(meant.code)
        hint = t("cli.arg.did_you_mean", suggestion=meant.code) if meant else ""
        raise ConfigError(t("config.language_unknown", path=at("language"), value=echoed(value),
                            choices=" | ".join(i18n.languages()), hint=hint))
    i18n.set_language(language.code)
    config.language = language.code
    config.required_sections = default_sections(language.code)
    config.record_sections = default_record_sections(language.code)
    config.organisation = t("config.default_organisation")


def _refuse_unknown(data: dict[object, object], key: object, at: Locate) -> None:
    """A setting qmsdoc does not have: refused with the one it is spelt like, in the language the file means
    (`langauge: en` names no language qmsdoc can read, yet it is plain which one it means)."""
    if "language" not in data:
        meant = meant_language(data)
        if meant:
            i18n.set_language(meant.code)
    settings = [name for name in Config.__dataclass_fields__ if name not in INTERNAL]
    near = _near(key, settings, 0.75) if isinstance(key, str) else None
    hint = t("cli.arg.did_you_mean", suggestion=near) if near else ""
    raise ConfigError(t("config.unknown_key", path=at(str(key)), key=echoed(key), hint=hint))


def _apply_file(config: Config, path: Path) -> None:
    # The sources' reader: encoding, size, nesting depth, aliases (bombs), duplicate keys and bad values are
    # findings with a line, never a traceback or a hang, and a date stays text (no key here is a date).
    src = load_yaml_file(path, str(path), CONFIG_MAX_BYTES)
    if src.findings:
        language = read_language(path.parent)  # a file the reader refuses may still say which language to speak
        if language:
            i18n.set_language(language)
            src = load_yaml_file(path, str(path), CONFIG_MAX_BYTES)
        first = src.findings[0]
        raise ConfigError.of_finding(first, t("config.unparsable", path=path, line=first.line, error=first.message))
    data = src.data or {}
    if not isinstance(data, dict):
        raise ConfigError(t("config.not_mapping", path=path))

    config.settings_at = {str(key): f"{path}:{src.line_of(key)}" for key in data}  # the one line map of the file
    at = config.where
    _apply_language(config, data, at)
    for key, value in data.items():
        if key == "language":
            continue
        if key not in Config.__dataclass_fields__ or key in INTERNAL:
            _refuse_unknown(data, key, at)
        if key == "clause_numbering":
            value = _clause_numbering(value, at(key))
        if key == "version_scheme":
            value = _version_scheme(value, at(key))
        if key in OPTIONAL and value is None:
            continue
        expected = OPTIONAL.get(key) or type(getattr(config, key))
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            kind = t(_KIND_OF[expected]) if expected in _KIND_OF else expected.__name__
            raise ConfigError(t("config.wrong_type", path=at(key), key=key, type=kind, value=as_written(value)))
        setattr(config, key, value)
    _validate(config, at)
    _check_values(config, at)
    _canonical_paths(config, at)
    if config.approvals not in APPROVAL_MODES:
        raise ConfigError(t("config.approvals_invalid", path=at("approvals"), choices=i18n.join_or(APPROVAL_MODES),
                            value=echoed(config.approvals)))


def _version_scheme(value: object, path: str) -> str:
    """One of the SCHEMES, set from here on."""
    written = _scheme_named(value)
    if written is None:
        raise ConfigError(t("config.version_scheme_invalid", path=path, value=as_written(value),
                            choices=i18n.join_or(list(SCHEMES))))
    set_scheme(written)
    return written


def _clause_numbering(value: object, path: str) -> object:
    """One mode for every type, or a mapping per type; `off` unquoted (YAML false) is the mode `off`,
    `on`/`yes` unquoted (YAML true) names no mode: say which to write."""
    if isinstance(value, dict):
        value = {kind: clause_mode_value(mode) for kind, mode in value.items()}
        modes = list(value.values())
    else:
        value = clause_mode_value(value)
        modes = [value]
        if isinstance(value, str):
            value = {"default": value}
    if any(mode is True for mode in modes):
        raise ConfigError(t("config.clause_numbering_true", path=path, choices=" | ".join(CLAUSE_NUMBERING)))
    return value


def _validate(config: Config, at: Locate) -> None:
    _check_texts(config, at)
    if not all(isinstance(name, str) for name in config.markdown_extensions):
        raise ConfigError(t("config.extensions_not_list", path=at("markdown_extensions")))
    unknown = [name for name in config.markdown_extensions if name not in SUPPORTED]
    if unknown:
        raise ConfigError(t("config.extensions_unknown", path=at("markdown_extensions"),
                            names=", ".join(map(str, unknown)), choices=", ".join(SUPPORTED)))
    for kind, mode in config.clause_numbering.items():
        if mode not in CLAUSE_NUMBERING:
            raise ConfigError(t("config.clause_numbering_invalid", path=at("clause_numbering"), kind=kind,
                                value=echoed(mode), choices=" | ".join(CLAUSE_NUMBERING)))
    _validate_fonts(config.pdf_fonts, at("pdf_fonts"))
    _validate_extra_fields(config.extra_fields, at("extra_fields"))
    if config.project_id is not None and not is_project_id(config.project_id):
        raise ConfigError(t("config.project_id_invalid", path=at("project_id"), value=echoed(config.project_id)))
    if not all(isinstance(name, str) and name for name in config.record_sections):
        raise ConfigError(t("config.record_sections_invalid", path=at("record_sections")))


FONT_KEYS = ("body", "heading", "paths", "system")


def _names(value: object) -> bool:
    items = [value] if isinstance(value, str) else value
    return isinstance(items, list) and bool(items) and all(
        isinstance(n, str) and n.strip() and "\x00" not in n and len(n) <= 200 for n in items)


def _validate_fonts(fonts: dict[str, Any], path: str) -> None:
    unknown = [str(k) for k in fonts if k not in FONT_KEYS]
    if unknown:
        raise ConfigError(t("config.pdf_fonts_unknown", path=path, keys=join(unknown), choices=join(FONT_KEYS)))
    for key in ("body", "heading", "paths"):
        if key in fonts and not _names(fonts[key]):
            raise ConfigError(t("config.pdf_fonts_names", path=path, key=key))
    if not isinstance(fonts.get("system", True), bool):
        raise ConfigError(t("config.pdf_fonts_system", path=path))



def _texts(value: object, where: str) -> list[tuple[str, object]]:
    """Every text (and every key) inside a configured value, with where it is (`required_sections.procedure`)."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in [(where, key), *_texts(item, f"{where}.{key}")]]
    if isinstance(value, list):
        return [pair for item in value for pair in _texts(item, where)]
    return [(where, value)]


def _check_texts(config: Config, at: Locate) -> None:
    """Every configured text is one line of printable text within a length limit (core/names.py): a value
    that reaches a page, a copy or a message is shown as written, or refused here naming its setting."""
    for key in Config.__dataclass_fields__:
        if key in INTERNAL:
            continue
        for where, value in _texts(getattr(config, key), key):
            if value is None and key in OPTIONAL:
                continue
            if not isinstance(value, (str, int)):  # bool is an int
                raise ConfigError(t("config.not_text", path=at(key), where=where, value=echoed(value)))
            problem = text_problem(value) if isinstance(value, str) else None
            if problem:
                raise ConfigError(t("config.bad_value", path=at(key), where=where, value=echoed(str(value)),
                                    problem=problem))


# Settings naming a folder or file of the project (relative to it, or absolute).
PATH_SETTINGS = ("manuals_dir", "forms_dir", "build_dir", "issued_dir", "revisions_dir", "distribution",
                 "allowed_signers", "acknowledgements", "roster")
# The sources' folders: read, published and compared with git's history, so they lie inside the project.
SOURCE_SETTINGS = ("manuals_dir", "forms_dir")
# Folders whose files are read with git's history like the sources' (working revisions are committed too).
INSIDE_SETTINGS = (*SOURCE_SETTINGS, "revisions_dir")


def project_relative(root: Path, value: str) -> str:
    """One spelling of a path setting: relative to the project with forward slashes when it lies inside it
    (`./manuals/`, `x/../manuals` and the absolute path of the same folder are all `manuals`; the project
    itself is `.`), else the normalised absolute path. Code that matches source paths against a folder
    setting (`manuals/…`) can then compare text. A backslash is a separator on every system (`..\\out\\build`
    written on Windows): read as part of a name on Linux and macOS, it made a folder `..\\out\\build` in the project, an
    empty register or revisions folder, a forms folder with no forms."""
    lexical = Path(os.path.normpath(root / value.replace("\\", "/")))
    for path in (lexical, resolved(lexical)):  # resolve: an absolute path through a link to the project
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return lexical.as_posix() if os.sep == "/" else str(lexical)


def _canonical_paths(config: Config, at: Locate) -> None:
    """Every path setting in its one spelling; a sources' (or working revisions') folder outside the project,
    a sources' folder at its root or overlapping the other one is refused naming the setting (ConfigError,
    exit 2)."""
    for key in PATH_SETTINGS:
        value = project_relative(config.root, getattr(config, key))
        if value != getattr(config, key):
            config.written[key] = getattr(config, key)
        setattr(config, key, value)
    for key in INSIDE_SETTINGS:
        value = getattr(config, key)
        link = config.root / value
        if link.is_symlink() and not link.exists():  # read as an empty folder: every reference would be missing
            raise ConfigError(t("config.source_broken_link", path=at(key), key=key, value=shown_path(value)),
                              code=CONFIG_PLACE)
        real = resolved(config.root / value)  # a folder that is a symlink is where it leads
        if Path(value).is_absolute() or not real.is_relative_to(config.root):
            shown = shown_path(value) if Path(value).is_absolute() else f"{shown_path(value)} → {shown_path(real)}"
            raise ConfigError(t("config.source_outside", path=at(key), key=key, value=shown, root=config.root),
                              code=CONFIG_PLACE)
    folders: dict[str, tuple[str, Path]] = {}
    for key in SOURCE_SETTINGS:
        value = getattr(config, key)
        real = resolved(config.root / value)
        if real == config.root:
            raise ConfigError(t("config.source_is_root", path=at(key), key=key), code=CONFIG_PLACE)
        for other, (place, other_real) in folders.items():
            if real.is_relative_to(other_real) or other_real.is_relative_to(real):
                raise ConfigError(t("config.source_overlap", path=at(key), key=key, value=shown_path(value),
                                    other=other, other_value=shown_path(place)), code=CONFIG_PLACE)
        folders[key] = value, real


def source_folders_found(config: Config) -> None:
    """The manuals' folder qmsdoc.yml names that is not there, or a sources' folder that is a file, is refused
    naming the setting (ConfigError, exit 2) before a check: read as an empty folder, a mistyped or moved
    `manuals_dir` made every form's owner and every reference "missing", never the setting itself. A project may
    have no forms yet (no forms folder), and `qmsdoc import` may fill a folder not made yet: it loads without
    asking."""
    for key in SOURCE_SETTINGS:
        where = config.settings_at.get(key)
        if where is None:  # the default folder: a project without it is a project with none yet
            continue
        folder = config.root / getattr(config, key)
        if folder.exists() and not folder.is_dir() or key == "manuals_dir" and not folder.exists():
            said = "config.source_not_folder" if folder.exists() else "config.source_missing"
            raise ConfigError(t(said, path=where, key=key, value=shown_path(getattr(config, key)),
                                hint=near_place_hint(config, key)), code=CONFIG_PLACE)


def near_place_hint(config: Config, key: str) -> str:
    """「（是不是 controlled_forms？）」 for a path setting that names nothing: the folder (a `_dir` setting) or file
    beside where it points whose name is spelt most like it, as the setting would be written; "" when none is close."""
    place = config.root / getattr(config, key)
    try:
        beside = [entry for entry in place.parent.iterdir() if entry.is_dir() == key.endswith("_dir")]
    except OSError:  # its parent is missing too, or unreadable: nothing to suggest
        return ""
    near = _near(place.name, [entry.name for entry in beside if not entry.name.startswith(".")], 0.6)
    if near is None:
        return ""
    return t("cli.arg.did_you_mean", suggestion=project_relative(config.root, str(place.parent / near)))


LIMITS = {"max_file_bytes": (1, 64 * 1024 * 1024), "review_warning_days": (0, 3650), "acknowledge_days": (1, 365),
          "review_months": (1, 120)}  # review_months: the range a document's own field allows (schema/document.json)


def _check_values(config: Config, at: Locate) -> None:
    """Values of the right type but unusable: a clear message instead of a crash later."""
    for key, (low, high) in LIMITS.items():
        value = getattr(config, key)
        if value is not None and not low <= value <= high:
            raise ConfigError(t("config.out_of_range", path=at(key), key=key, value=value, low=low, high=high))
    for doc_type, groups in config.required_sections.items():
        if not isinstance(doc_type, str) or not isinstance(groups, list) or not all(
                isinstance(g, list) and g and all(isinstance(n, str) and n.strip() for n in g) for g in groups):
            raise ConfigError(t("config.required_sections_invalid", path=at("required_sections"), kind=doc_type))


def _validate_extra_fields(names: list[Any], path: str) -> None:
    """Names of the team's own fields: text, and none that qmsdoc reads in every source (title, version …)."""
    if not all(isinstance(name, str) and name.strip() for name in names):
        raise ConfigError(t("config.extra_fields_invalid", path=path))
    taken = [name for name in names if name in common_fields()]
    if taken:
        raise ConfigError(t("config.extra_fields_taken", path=path, names=join(taken)))
