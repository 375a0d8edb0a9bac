"""Editing a source file faithfully and atomically.

Every command that changes a source (release, obsolete, new, …) goes through here: the new bytes are
written to a temporary file in the same folder, flushed to disk, then renamed over the original, so a
full disk or a kill leaves either the old file or the new one, never half of one. Only the front
matter is re-encoded, in the file's own line-ending style and with its BOM; the body's bytes are
carried over untouched, so a front-matter edit can never change the approved text."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import EditError, os_reason
from .i18n import t
from .portable import process_alive
from .source import is_closing, is_opening

BOM = b"\xef\xbb\xbf"
_AFTER_NEWLINE = re.compile(r"(?<=\n)")


class SourceWriteError(EditError):
    """A source could not be written; the original is unchanged. The message is for the user."""


class SourceChanged(SourceWriteError):
    """A source was saved by someone else after the act read it: not written, and theirs is what stays (an act
    that fails puts back the files it wrote, never this one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("source.changed_meanwhile", path=path))
        self.path = path


def changed_by_others(exc: BaseException | None) -> set[Path]:
    """The files `exc` (or what caused it) found saved by someone else: an act putting files back leaves them."""
    found: set[Path] = set()
    while exc is not None:
        if isinstance(exc, SourceChanged):
            found.add(exc.path)
        exc = exc.__cause__
    return found


@dataclass(frozen=True)
class SourceFile:
    path: Path
    raw: bytes

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        try:
            return cls(path, path.read_bytes())
        except OSError as exc:
            raise SourceWriteError(t("source.unreadable", path=path, error=os_reason(exc))) from exc

    @property
    def bom(self) -> bool:
        return self.raw.startswith(BOM)

    @property
    def newline(self) -> str:
        """The file's line-ending style: CRLF when its first line ends so, else LF."""
        first = self.raw.find(b"\n")
        return "\r\n" if first > 0 and self.raw[first - 1:first] == b"\r" else "\n"

    @property
    def text(self) -> str:
        """Decoded, with LF line endings (what FrontMatterEditor and the parser work on)."""
        return self.raw.removeprefix(BOM).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    def with_front_matter(self, edited: str) -> bytes:
        """The file's bytes with its front matter replaced by that of `edited` (LF text of the whole
        file); everything after the closing `---` line is the original bytes, unchanged."""
        front = _front_lines(edited)
        original = self.raw.removeprefix(BOM).decode("utf-8")
        lines = _AFTER_NEWLINE.split(original)
        closing = _closing_index([line.rstrip("\r\n") for line in lines])
        body = "".join(lines[closing + 1:])
        head = "".join(line.rstrip("\n") + self.newline for line in front)
        return (BOM if self.bom else b"") + head.encode("utf-8") + body.encode("utf-8")


def _closing_index(lines: list[str]) -> int:
    if not lines or not is_opening(lines[0]):
        raise SourceWriteError(t("source.no_front_matter"))
    for index in range(1, len(lines)):
        if is_closing(lines[index]):
            return index
    raise SourceWriteError(t("source.unclosed"))


def _front_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[: _closing_index(lines) + 1]


def _temp_prefix(path: Path) -> str:
    """The start of the name of this process's temporary file beside `path`: `.<name>.<pid>-`, so a later write can
    tell a temporary file a killed writer left (its process gone) from one a running writer is filling."""
    return f".{path.name}.{os.getpid()}-"


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files `write_atomic` left beside `path` when its process was killed (kill -9, a power
    cut) before the rename: only `.<name>.<pid>-….tmp` of a process that is gone — never a file of another name,
    nor one a running process is writing. The ones removed."""
    prefix = f".{path.name}."
    removed = []
    with contextlib.suppress(OSError):
        for temp in path.parent.iterdir():
            name = temp.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid, dash, _ = name[len(prefix):-len(".tmp")].partition("-")
            if not dash or not pid.isdigit() or process_alive(int(pid)) or not temp.is_file() or temp.is_symlink():
                continue
            with contextlib.suppress(OSError):
                temp.unlink()
                removed.append(temp)
    return removed


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace (or, with `exclusive`, create) `path` with `data` in one rename; the file keeps its mode.
    On any failure the original is untouched and SourceWriteError says why. A `path` that is a symlink to a file
    is written through: the file it names gets `data` and the link stays (a rename onto the link would replace the
    user's link with a copy, and the file it named would silently stop getting the lines)."""
    if path.is_symlink() and path.is_file():
        path = Path(os.path.realpath(path))
    if exclusive and path.exists():
        raise SourceWriteError(t("source.exists", path=path))
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        remove_stale_temps(path)  # a killed write's leftover goes with the next write of the same file
        fd, temp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SourceWriteError(t("source.unwritable", path=path, error=os_reason(exc))) from exc
    linked = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if exclusive:
            os.link(temp, path)  # fails if someone created the file meanwhile
            linked = True
            os.unlink(temp)
        else:
            os.replace(temp, path)
        _fsync_folder(path.parent)
    except BaseException as exc:  # Ctrl-C too: no half-written temporary file is left beside the source
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if linked:  # a file created but not reported created would be left to nobody
            with contextlib.suppress(OSError):
                os.unlink(path)
        if isinstance(exc, OSError):
            raise SourceWriteError(t("source.unwritable", path=path, error=os_reason(exc))) from exc
        raise


class Edits:
    """The files one act writes, so that an act that does not complete can put every one back (`undo`): a file
    it replaced gets the bytes it had before, a file or folder it created goes again. What is to be put back is
    noted before each write, so a write cut short (a full disk, Ctrl-C after the rename) is undone too."""

    def __init__(self) -> None:
        self._before: dict[Path, bytes] = {}
        self._made: list[Path] = []

    def write(self, path: Path, data: bytes, *, original: bytes | None = None) -> None:
        """Replace `path` atomically with `data`. `original`: the bytes the act read and checked, when it edits what
        it read — the first write refuses (SourceWriteError) if the file no longer holds them (an editor saved it
        meanwhile: its change is not overwritten). `undo` puts back the bytes the file had before the first write."""
        if path not in self._before and path not in self._made:
            now = SourceFile.read(path).raw
            if original is not None and now != original:  # saved by someone else since the act read it: theirs stays
                raise SourceChanged(path)
            self._before[path] = now
        write_atomic(path, data)

    def create(self, path: Path, data: bytes) -> None:
        """Create `path` with `data` (never replacing a file), and the folders it needs."""
        self._made += make_folders(path.parent)
        write_atomic(path, data, exclusive=True)
        self._made.append(path)

    def undo(self) -> list[str]:
        """Put back everything written, last first; a message for each file that could not be put back."""
        problems = []
        for path, raw in reversed(self._before.items()):
            try:
                if not path.exists() or path.read_bytes() != raw:  # a write that failed changed nothing
                    write_atomic(path, raw)
            except (OSError, SourceWriteError) as exc:
                cause = exc if isinstance(exc, OSError) else exc.__cause__  # the system's reason, not "unchanged"
                problems.append(t("source.not_restored", path=path,
                                  error=os_reason(cause if isinstance(cause, OSError) else exc)))
        remove_made(self._made)
        self._before, self._made = {}, []
        return problems


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the folders this call created, outermost first (what an act
    that fails hands to `remove_made`). If one cannot be made, those made are removed and SourceWriteError
    names it."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    made: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:  # made by someone else meanwhile: theirs, never removed by us
            continue
        except OSError as exc:
            remove_made(made)
            raise SourceWriteError(t("source.folder_unwritable", path=path, error=os_reason(exc))) from exc
        made.append(path)
    return made


def remove_made(made: list[Path]) -> None:
    """Undo what a failed act created, last first: files it created, then folders it made that are empty again
    (a folder someone else has since put a file in is kept)."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible on every platform."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
