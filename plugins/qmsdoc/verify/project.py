"""Which qmsdoc project issued a copy handed to `verify`: the project id its Word custom properties or PDF keywords
carry (core/projectid.py), read within the reader limits like every other part of a copy that may be hostile."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from ..core.i18n import t
from ..core.limits import LimitExceeded, check_archive, read_member
from ..core.projectid import PROPERTY, in_keywords, is_project_id
from .copies import Printed, read_from

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def _custom_property(printed: Printed, name: str) -> str | None:
    """The text of a Word copy's custom document property `name` (docProps/custom.xml); None when it has none or
    cannot be read."""
    path = printed.path
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, path.name)
            root = ElementTree.fromstring(read_member(archive, "docProps/custom.xml", path.name))
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            EOFError, NotImplementedError, LimitExceeded):
        return None
    found = next((item for item in root.iter(f"{_CUSTOM}property") if item.get("name") == name), None)
    return "".join(found.itertext()).strip() if found is not None else None


def copy_project_id(printed: Printed) -> str | None:
    """The project id a Word or PDF copy carries (its custom property, its PDF keyword), lower-cased; None when it
    carries none, none in a token's spelling, or cannot be read (a copy of a project that sets none)."""
    suffix = printed.path.suffix.lower()
    found = (in_keywords(printed.pdf_info.get("Keywords", "")) if suffix == ".pdf"
             else _custom_property(printed, PROPERTY) if suffix == ".docx" else None)
    found = found.lower() if found else None
    return found if found and is_project_id(found) else None


def other_project(printed: Printed, project_id: str) -> str:
    """What `verify` says of a copy that carries another project id than this project's `project_id`: issued by
    another project, both ids and where the copy's was read; "" when they agree or either is not known (then it is
    judged as any copy is)."""
    theirs = copy_project_id(printed)
    if not project_id or theirs is None or theirs == project_id:
        return ""
    return t("verify.other_project", source=read_from(printed.path, False), name=printed.path.name, theirs=theirs,
             ours=project_id)
