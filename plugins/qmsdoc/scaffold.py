"""`qmsdoc init`: a new project in a chosen language — qmsdoc.yml, mkdocs.yml, a home page and one empty
manual, worded in that language. It only creates files: if any of them exists, nothing is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .core import i18n
from .core.config import CONFIG_NAME, default_record_sections, default_sections
from .core.errors import QmsdocError, UsageError
from .core.i18n import t
from .core.sourcefile import SourceWriteError, write_atomic

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")


class InitError(QmsdocError):
    """The project could not be created (a file exists, the folder is not writable): exit 1, nothing written."""


@dataclass(frozen=True)
class Project:
    root: Path
    files: tuple[Path, ...]
    manual: str


def _quoted(text: str) -> str:
    """A YAML scalar that stays the text it is, whatever it holds."""
    return "'" + text.replace("'", "''") + "'"


def _qmsdoc_yml(language: i18n.Language, organisation: str) -> str:
    sections = default_sections(language.code)
    lines = [f"# {t('init.yml.header')}", f"language: {language.code}", f"organisation: {_quoted(organisation)}",
             "manuals_dir: manuals", "forms_dir: controlled_forms", "build_dir: build",
             f"# {t('init.yml.drafts')}", "publish_drafts: false", "word_copies: true",
             f"# {t('init.yml.review')}", "review_warning_days: 30",
             f"# {t('init.yml.sections')}", "required_sections:"]
    for kind in ("procedure", "work-instruction", "job-description", "policy", "manual-section"):
        groups = sections.get(kind, [])
        lines.append(f"  {kind}:" + ("" if groups else " []"))
        lines += [f"    - [{', '.join(_quoted(name) for name in group)}]" for group in groups]
    lines += [f"# {t('init.yml.records')}",
              f"record_sections: [{', '.join(_quoted(name) for name in default_record_sections(language.code))}]",
              f"# {t('init.yml.distribution')}", "distribution: distribution.yaml", "issued_dir: issued"]
    return "\n".join(lines) + "\n"


def _mkdocs_yml(language: i18n.Language, site_name: str) -> str:
    return (f"site_name: {_quoted(site_name)}\ndocs_dir: manuals\nsite_dir: build/site\nuse_directory_urls: true\n"
            f"strict: true\n\ntheme:\n  name: material\n  # {t('init.mkdocs.language')}\n"
            f"  language: {language.theme}\n  features:\n    - navigation.prune\n    - navigation.top\n"
            "    - navigation.footer\n    - search.highlight\n    - toc.follow\n  font: false\n\n"
            f"plugins:\n  - search\n  # {t('init.mkdocs.plugin')}\n  - qmsdoc\n\n"
            "markdown_extensions:\n  - tables\n  - toc:\n      permalink: false\n")


def _home(site_name: str) -> str:
    return f"---\ntitle: {_quoted(site_name)}\n---\n# {site_name}\n\n{t('init.home.body')}\n"


def _manual(code: str, title: str, owner: str) -> str:
    return (f"---\nid: {code}\ntitle: {_quoted(title)}\nowner: {_quoted(owner)}\norder: 1\nversion: A/0\n"
            f"numbering:\n  document: '^{code}-\\d{{2}}$'\n  form: '^{code}-\\d{{2}}-F\\d{{2}}$'\n"
            f"  example: {code}-01 / {code}-01-F01\n---\n# {title}\n\n{t('init.manual.body')}\n")


def init_project(root: Path, language_code: str, *, organisation: str | None = None, manual: str = "QM",
                 manual_title: str | None = None, owner: str | None = None) -> Project:
    """Create the project at `root` in `language_code`; refuse (nothing written) if any file it would make exists."""
    language = i18n.lookup(language_code)
    if language is None:
        raise UsageError(t("init.language_unknown", value=language_code, choices=" | ".join(i18n.languages())))
    i18n.set_language(language.code)
    if not _CODE.match(manual):
        raise UsageError(t("init.manual_invalid", value=manual))
    code = manual.upper()
    site_name = t("init.site_name")
    files = {
        root / CONFIG_NAME: _qmsdoc_yml(language, organisation or t("config.default_organisation")),
        root / "mkdocs.yml": _mkdocs_yml(language, site_name),
        root / "manuals" / "index.md": _home(site_name),
        root / "manuals" / code.lower() / "index.md": _manual(code, manual_title or t("init.manual.title"),
                                                              owner or t("init.manual.owner")),
    }
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        files[gitignore] = "build/\nissued/\n"
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise InitError(t("init.exists", paths=t("list.separator").join(str(p) for p in existing)))
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text.encode("utf-8"), exclusive=True)
            written.append(path)
        (root / "controlled_forms").mkdir(exist_ok=True)
    except (SourceWriteError, OSError) as exc:
        for path in reversed(written):  # the files this command made, and only those
            path.unlink(missing_ok=True)
        raise InitError(str(exc)) from exc
    return Project(root, tuple(written), code)
