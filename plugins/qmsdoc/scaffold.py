"""`qmsdoc init`: a new project in a chosen language — qmsdoc.yml, mkdocs.yml, a home page, one manual, an
example draft procedure in it and the blank form that procedure lists under its records, worded in that
language. It only creates files: if any of them exists, nothing is written. It approves nothing: the manual
page and the form wait for `qmsdoc release`, the procedure stays a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .acts.drafting import DRAFT_REVIEW_MONTHS, draft_source
from .acts.yamledit import scalar
from .core import i18n
from .core.codes import file_stem
from .core.config import CONFIG_NAME, Config, default_record_sections, default_sections, meant_language, today
from .core.errors import QmsdocError, UsageError, echoed, os_reason, shown
from .core.i18n import join, t
from .core.names import TITLE_LIMIT, name_problem, text_problem
from .core.outputs import file_above
from .core.projectid import new_project_id
from .core.revision import DEFAULT_SCHEME, SCHEMES, first_version, set_scheme
from .core.sourcefile import SourceWriteError, write_atomic

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")


class InitError(QmsdocError):
    """The project could not be created (a file exists, the folder is not writable): exit 1, nothing written."""


@dataclass(frozen=True)
class Project:
    root: Path
    files: tuple[Path, ...]
    manual: str
    procedure: str  # the example draft procedure's control number
    form: str  # the example blank form's


def _qmsdoc_yml(language: i18n.Language, organisation: str, version_scheme: str = DEFAULT_SCHEME) -> str:
    sections = default_sections(language.code)
    lines = [f"# {t('init.yml.header')}", f"language: {language.code}", f"organisation: {scalar(organisation)}",
             f"# {t('init.yml.project_id')}", f"project_id: {new_project_id()}",
             *([f"# {t('init.yml.version_scheme')}", f"version_scheme: {scalar(version_scheme)}"]
               if version_scheme != DEFAULT_SCHEME else []),
             "manuals_dir: manuals", "forms_dir: controlled_forms", "build_dir: build",
             f"# {t('init.yml.drafts')}", "publish_drafts: false", "word_copies: true",
             f"# {t('init.yml.review')}", "review_warning_days: 30",
             f"# {t('init.yml.review_months')}", f"review_months: {DRAFT_REVIEW_MONTHS}",
             f"# {t('init.yml.sections')}", "required_sections:"]
    for kind in ("procedure", "work-instruction", "job-description", "policy", "manual-section"):
        groups = sections.get(kind, [])
        lines.append(f"  {kind}:" + ("" if groups else " []"))
        lines += [f"    - [{', '.join(scalar(name) for name in group)}]" for group in groups]
    lines += [f"# {t('init.yml.records')}",
              f"record_sections: [{', '.join(scalar(name) for name in default_record_sections(language.code))}]",
              f"# {t('init.yml.distribution')}", "distribution: distribution.yaml", "issued_dir: issued"]
    return "\n".join(lines) + "\n"


# Light or dark as the reader's system prefers, with a switch (its name filled in by the plugin: site/theme.py).
_PALETTE = "".join(f'    - media: "(prefers-color-scheme: {media})"\n      scheme: {scheme}\n'
                   f"      toggle:\n        icon: material/{icon}\n"
                   for media, scheme, icon in (("light", "default", "brightness-4"), ("dark", "slate", "brightness-7")))


def _mkdocs_yml(language: i18n.Language, site_name: str) -> str:
    return (f"site_name: {scalar(site_name)}\ndocs_dir: manuals\nsite_dir: build/site\nuse_directory_urls: true\n"
            f"strict: true\n\ntheme:\n  name: material\n  # {t('init.mkdocs.language')}\n"
            f"  language: {language.theme}\n  features:\n    - navigation.prune\n    - navigation.top\n"
            "    - navigation.footer\n    - search.highlight\n    - toc.follow\n  font: false\n"
            f"  # {t('init.mkdocs.palette')}\n  palette:\n{_PALETTE}\n"
            f"plugins:\n  # {t('init.mkdocs.plugin')}\n  - qmsdoc\n\n"
            "markdown_extensions:\n  - tables\n  - toc:\n      permalink: false\n")


def _home(site_name: str) -> str:
    return f"---\ntitle: {scalar(site_name)}\n---\n# {site_name}\n\n{t('init.home.body')}\n"


def _manual(code: str, title: str, owner: str) -> str:
    return (f"---\nid: {code}\ntitle: {scalar(title)}\nowner: {scalar(owner)}\norder: 1\n"
            f"version: {scalar(first_version())}\n"
            f"numbering:\n  document: '^{code}-\\d{{2}}$'\n  form: '^{code}-\\d{{2}}-F\\d{{2}}$'\n"
            f"  example: {code}-01 / {code}-01-F01\n---\n# {title}\n\n{t('init.manual.body')}\n")


def _example_form(code: str, owner: str) -> str:
    """A blank form as the shipped ones are written: no approval record (it waits for qmsdoc release)."""
    fields = [f"{{label: {scalar(t('init.example.form.field.document'))}}}",
              f"{{label: {scalar(t('init.example.form.field.date'))}}}",
              f"{{label: {scalar(t('init.example.form.field.change'))}, lines: 3, width: full}}"]
    signatures = ", ".join(scalar(label) for label in (t("init.example.form.sign.requested"),
                                                        t("init.example.form.sign.approved")))
    return (f"code: {code}\n"
            f"title: {scalar(t('init.example.form.title'))}\nversion: {scalar(first_version())}\nowner: {owner}\n"
            f"retention: {scalar(t('init.example.form.retention'))}\nfields:\n"
            + "".join(f"  - {field}\n" for field in fields) + f"signatures: [{signatures}]\n")


def _example_procedure(language: i18n.Language, root: Path, code: str, form: str, department: str) -> str:
    """The draft `qmsdoc new` would write, its records section listing the example form."""
    config = Config(root=root, language=language.code, required_sections=default_sections(language.code),
                    record_sections=default_record_sections(language.code), today=today(),
                    review_months=DRAFT_REVIEW_MONTHS)  # as _qmsdoc_yml writes it
    return draft_source(config, code, title=t("init.example.procedure.title"), doc_type="procedure",
                        department=department, preparer=t("init.example.preparer"),
                        records=f"- [[{form}]]")  # a reference shows the form's title and number itself


def _refuse_texts(organisation: str | None, manual_title: str | None, owner: str | None) -> None:
    """The texts given for the new project are checked as the project's check will check them (a configured
    text, a title, a department's name), so init never writes a project that fails its own first check."""
    problems = [("--organisation", organisation, text_problem(organisation) if organisation is not None else None),
                ("--manual-title", manual_title,
                 text_problem(manual_title, limit=TITLE_LIMIT) if manual_title is not None else None),
                ("--owner", owner, name_problem(owner) if owner is not None else None)]
    for option, value, problem in problems:
        if problem:
            raise UsageError(t("init.bad_text", option=option, value=echoed(str(value)), problem=problem))


def init_project(root: Path, language_code: str, *, organisation: str | None = None, manual: str = "QM",
                 manual_title: str | None = None, owner: str | None = None,
                 version_scheme: str = DEFAULT_SCHEME) -> Project:
    """Create the project at `root` in `language_code`, its versions numbered in `version_scheme` (the examples
    start at its first version); refuse (nothing written) if any file it would make exists."""
    language = i18n.lookup(language_code)
    if language is None:  # a slip (zh-TWN, eng) is refused in the language it plainly means, which it names
        meant = meant_language({"language": language_code})
        if meant:
            i18n.set_language(meant.code)
        hint = t("cli.arg.did_you_mean", suggestion=meant.code) if meant else ""
        raise UsageError(t("init.language_unknown", value=shown(language_code), choices=" | ".join(i18n.languages()),
                           hint=hint))
    i18n.set_language(language.code)
    if version_scheme not in SCHEMES:
        raise UsageError(t("init.version_scheme_unknown", value=echoed(version_scheme),
                           choices=i18n.join_or(list(SCHEMES))))
    set_scheme(version_scheme)
    if not _CODE.match(manual):
        raise UsageError(t("init.manual_invalid", value=shown(manual)))
    code = manual.upper()
    _refuse_texts(organisation, manual_title, owner)
    if root.exists() and not root.is_dir():
        raise UsageError(t("init.not_folder", path=root))
    blocked = file_above(root.resolve())
    if blocked is not None:  # the project's folder cannot be made below a file
        raise UsageError(t("init.not_folder", path=blocked))
    site_name = t("init.site_name")
    department = owner or t("init.manual.owner")
    procedure, form = f"{code}-01", f"{code}-01-F01"  # the first numbers of the patterns _manual writes
    files = {
        root / CONFIG_NAME: _qmsdoc_yml(language, organisation or t("config.default_organisation"), version_scheme),
        root / "mkdocs.yml": _mkdocs_yml(language, site_name),
        root / "manuals" / "index.md": _home(site_name),
        root / "manuals" / code.lower() / "index.md": _manual(code, manual_title or t("init.manual.title"),
                                                              department),
        root / "manuals" / code.lower() / f"{file_stem(procedure)}.md":
            _example_procedure(language, root, procedure, form, department),
        root / "controlled_forms" / f"{file_stem(form)}.yaml": _example_form(form, procedure),
    }
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        files[gitignore] = "build/\nissued/\n.qmsdoc*.lock\n"  # left only by a killed act or build (core/lock.py)
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise InitError(t("init.exists", paths=join(str(p) for p in existing)))
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"), exclusive=True)
            written.append(path)
    except (SourceWriteError, OSError) as exc:
        for path in reversed(written):  # the files this command made, and only those
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # the path and the system's reason, as every command shows them
            where = t("cli.os_error_where", path=exc.filename) if exc.filename else ""
            raise InitError(t("cli.os_error", where=where, error=os_reason(exc))) from exc
        raise InitError(str(exc)) from exc
    return Project(root, tuple(written), code, procedure, form)
