"""The pictures a page shows, and what an approval records of them.

The approval fingerprint (fingerprint.py) covers a page's front matter and text; a picture is a file of its
own, and replacing `flow.png` would change what every reader of the approved version sees without touching
a word. So an approval (`qmsdoc release`, `baseline`, `obsolete`) also records each picture of the manuals
that the page shows, by the SHA-256 of its bytes — `approved: {…, pictures: {kf/flow.png: …}}`, inside the
record the fingerprint covers, so the record cannot change unseen either — and rule QD194 compares the
files with it. A page's pictures are found here once, for the rules (QD162/QD164, QD194) and the record."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from .dialect import Dialect
from .mdlinks import Target, targets
from .render import relative_target
from .structure import REMOTE

RECORD_KEY = "pictures"  # in `approved:`


def written_images(body: str, first_line: int, dialect: Dialect) -> Iterator[tuple[int, str]]:
    """Every image a body shows, as written, with the line that shows it: `![alt](path)`, `<img src>` and
    reference-style `![alt][name]` with its definition `[name]: path` anywhere in the body — read with the
    parse's own grammar (mdlinks.py) in the project's `dialect`, so a picture is what the page shows, no more and no
    less."""
    return shown_images(targets(body, first_line, dialect))


def shown_images(found: Iterable[Target]) -> Iterator[tuple[int, str]]:
    """`written_images` of a body whose links and images (`mdlinks.targets`) were read already."""
    for target in found:
        if target.kind == "img" and not (target.label is not None and REMOTE.match(target.target)):
            yield target.line, target.target  # a remote one by reference is QD202's


def manual_pictures(body: str, first_line: int, folder: str, dialect: Dialect) -> Iterator[tuple[int, str, str]]:
    """(line, as written, path inside the manuals) of each image of a body whose page is in `folder` (inside
    the manuals) that is a file of the manuals; remote and escaping paths are other rules' business."""
    return in_manuals(written_images(body, first_line, dialect), folder)


def in_manuals(images: Iterable[tuple[int, str]], folder: str) -> Iterator[tuple[int, str, str]]:
    """`manual_pictures` of images (line, as written) already found."""
    for line, written in images:
        target = relative_target(folder, written)
        if target and target[0]:
            yield line, written, target[0]


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system is as missing as an absent one
        return False


def picture_digest(path: Path) -> str | None:
    """The SHA-256 of a picture's bytes; None when there is no such file to read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def picture_record(manuals: Path, folder: str, body: str, dialect: Dialect) -> dict[str, str]:
    """What an approval of `body` (a page in `folder` inside the manuals) records of its pictures: each file
    of the manuals it shows, by path inside the manuals, with the SHA-256 of its bytes; in the order shown."""
    record: dict[str, str] = {}
    for _, _, path in manual_pictures(body, 1, folder, dialect):
        digest = None if path in record else picture_digest(manuals / path)  # None: no file there to read
        if digest is not None:
            record[path] = digest
    return record


def page_folder(path: str, manuals_dir: str) -> str:
    """The folder inside the manuals where the relative paths of the page at `path` (project-relative) start."""
    prefix = manuals_dir.strip("/") + "/"
    return posixpath.dirname(path[len(prefix):] if path.startswith(prefix) else path)
