"""The one set of reader limits for what users hand qmsdoc: archives (a .docx to import, a copy to verify)
and images (embedded into the Word and PDF copies). Every code path that opens such a file checks it here
first, from the zip's central directory or the image's header alone, so a zip bomb or a pixel bomb is
refused in little memory and time with one coded message (READ_LIMIT) — never read until memory runs out.

`zipfile` never inflates an entry past the size its directory declares (it stops there and the CRC check
fails), so checking the declared sizes bounds what is really inflated."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .i18n import t

READ_LIMIT = "QD018"
UNREADABLE = "QD001"  # a file no reader can open: load's code for an unreadable source, the importer's too
MAX_ENTRY_BYTES = 32 * 1024 * 1024  # one archive member, inflated (a 1,000-page document.xml is ~15 MB)
MAX_ENTRIES = 2000  # members of one archive
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all members of one archive, inflated
MAX_TEXT_BYTES = 16 * 1024 * 1024  # a text or Markdown file to import (a whole manual as text is a few MB)
MAX_IMAGE_PIXELS = 40_000_000  # width × height (a 40-megapixel photo; decoded it is 160 MB)


class LimitExceeded(Exception):
    """A file over the reader limits; the message (in the project's language, naming the file and the limit) is
    for the user."""


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_archive(archive: zipfile.ZipFile, display: str) -> None:
    """LimitExceeded if the archive has too many members, one too large, or too much in all (declared sizes)."""
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        raise LimitExceeded(t("limits.entries", file=display, count=len(members), limit=MAX_ENTRIES, code=READ_LIMIT))
    total = 0
    for member in members:
        if member.file_size > MAX_ENTRY_BYTES:
            raise LimitExceeded(t("limits.entry_size", file=display, member=member.filename[:80],
                                      size=_mib(member.file_size), limit=_mib(MAX_ENTRY_BYTES), code=READ_LIMIT))
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise LimitExceeded(t("limits.total_size", file=display, size=_mib(total), limit=_mib(MAX_TOTAL_BYTES),
                              code=READ_LIMIT))


def archive_problem(path: Path, display: str) -> str | None:
    """Why the archive at `path` may not be read (over the limits), or None; a file that is no zip at all
    is left to the reader that opens it (it reports an unreadable file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, display)
    except LimitExceeded as exc:
        return str(exc)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        return None
    return None


def read_member(archive: zipfile.ZipFile, name: str, display: str) -> bytes:
    """One member of an archive already checked (check_archive), read with the entry limit enforced again."""
    info = archive.getinfo(name)
    if info.file_size > MAX_ENTRY_BYTES:
        check_archive(archive, display)  # raises, naming the member
    with archive.open(info) as handle:
        data = handle.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise LimitExceeded(t("limits.member_read", file=display, member=name[:80], limit=_mib(MAX_ENTRY_BYTES),
                              code=READ_LIMIT))
    return data


def pixels_problem(width: int, height: int, display: str) -> str | None:
    """Why an image of this size may not be embedded (over MAX_IMAGE_PIXELS), or None."""
    if width * height > MAX_IMAGE_PIXELS:
        return t("limits.pixels", image=display, width=width, height=height, limit=f"{MAX_IMAGE_PIXELS:,}",
                 code=READ_LIMIT)
    return None


def text_problem(path: Path, display: str) -> str | None:
    """Why the text file at `path` may not be read (larger than MAX_TEXT_BYTES), or None; from its size alone, so
    a 50 MB file is refused at once instead of read, split and drafted for a minute into one page nobody can open.
    A file that cannot be looked at is left to the reader that opens it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size <= MAX_TEXT_BYTES:
        return None
    return t("limits.text_size", file=display, size=_mib(size), limit=_mib(MAX_TEXT_BYTES), code=READ_LIMIT)


def memory_message(display: str) -> str:
    """What to say when reading a file ran out of memory: it is too large, not unreadable."""
    return t("limits.memory", file=display, code=READ_LIMIT)
