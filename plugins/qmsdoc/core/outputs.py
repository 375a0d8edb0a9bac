"""Output folders: where qmsdoc may write, and what it may delete.

One rule for `build_dir`, `qmsdoc docx --out` and the site folder: an output folder is dedicated to
qmsdoc. It may not be the project root or above it, nor overlap the sources; an existing non-empty
folder must carry the marker qmsdoc writes into every output folder it creates. Only marked folders
are ever replaced or removed, so a careless setting can never delete a user's files."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .config import Config, ConfigError
from .errors import CONFIG_PLACE, FOREIGN_FOLDER, OUT_REFUSED, UsageError, shown_path
from .i18n import join, t
from .paths import BUILD_NAMES, COPY_FOLDERS, COPY_RECORD, MANIFEST
from .portable import resolved

MARKER = ".qmsdoc-output"
WRITTEN = ".qmsdoc-written.json"  # beside the marker: every file the last command that filled the folder wrote there
SHOWN_STRAYS = 5  # a refusal names this many of the files it found, and their count


# What qmsdoc versions before the marker wrote into build/ and build/docx: such a folder, holding these
# names and nothing else, is still recognised as qmsdoc's own, so upgrading does not refuse every build.
_EARLIER_BUILD = BUILD_NAMES
_EARLIER_DOCX = COPY_FOLDERS
COPY_NAMES = COPY_FOLDERS | {COPY_RECORD}  # what the top of a Word or PDF copies folder holds


def is_marked(folder: Path) -> bool:
    if (folder / MARKER).is_file() and not (folder / MARKER).is_symlink():
        return True
    return _written_by_earlier_qmsdoc(folder)


def _written_by_earlier_qmsdoc(folder: Path) -> bool:
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError:
        return False
    if MANIFEST in names and names <= _EARLIER_BUILD:
        return True
    if names and names <= _EARLIER_DOCX:
        return all(p.suffix == ".docx" for sub in names for p in (folder / sub).rglob("*") if p.is_file())
    return False


def mark(folder: Path) -> None:
    """Claim a folder qmsdoc has just created (or written into in place, as plain `mkdocs build` does) as its
    output. What it was filled with is no longer known: the record of it is dropped, so no file is judged a stray
    against an old list (`record_written` makes a new one)."""
    (folder / MARKER).write_text(t("output.marker") + "\n", "utf-8")
    forget_written(folder)


def claim(folder: Path) -> None:
    """Create (if needed) and mark an output folder that `refuse_unsafe` has accepted, so that the
    next command may replace it (e.g. build/ after `qmsdoc docx` wrote build/docx into it). A folder marked
    already keeps its record of what the last build wrote: a folder replaced whole inside it has its own."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / MARKER).is_file():
        mark(folder)


def _walk(folder: Path) -> tuple[list[str], list[str]]:
    """One walk of `folder`: the files below it (relative, `/`-separated; a symlink counts as a file, as rmtree
    removes only the link) and the marked folders below it (not entered: each has its own record). Its marker and
    record are left out."""
    files: list[str] = []
    marked: list[str] = []
    pending = [(str(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        if prefix and any(entry.name == MARKER for entry in entries):
            marked.append(prefix[:-1])  # seen from its own listing: no stat a folder (7,000 of them at 2,000 documents)
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif prefix or entry.name not in (MARKER, WRITTEN):
                files.append(prefix + entry.name)
    return files, marked


def record_written(folder: Path) -> None:
    """At the end of filling a fresh output folder, before it is swapped in: the list of every file in it, which the
    next replacement compares the folder with (`strays`) so a file put there since is not deleted unseen."""
    files, _ = _walk(folder)
    (folder / WRITTEN).write_text(json.dumps(sorted(files), ensure_ascii=False, separators=(",", ":")), "utf-8")


def add_written(folder: Path, relatives: list[str]) -> None:
    """Files a command has just written into the output folder in place (a dirty rebuild's copies) join its record."""
    known = _written(folder)
    if known is not None:
        (folder / WRITTEN).write_text(json.dumps(sorted(known | set(relatives)), ensure_ascii=False,
                                                 separators=(",", ":")), "utf-8")


def forget_written(folder: Path) -> None:
    (folder / WRITTEN).unlink(missing_ok=True)


def _written(folder: Path) -> set[str] | None:
    """The files the last build wrote into `folder`, or None when that is not known (no record: made before
    qmsdoc kept one, or written into in place since)."""
    try:
        listed = json.loads((folder / WRITTEN).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(listed, list):
        return None
    return {item for item in listed if isinstance(item, str)}


# What a file browser leaves in a folder it showed (Finder's .DS_Store and ._ files, Explorer's Thumbs.db and
# desktop.ini), and what an office program leaves beside a copy it opened (Word's owner file ~$name.docx, WPS's
# too, LibreOffice's .~lock.name.docx#, left behind when it crashed): no one's work, so a build/ a reader looked
# into is not refused for them.
_BROWSER_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "ehthumbs.db"})


def _browser_file(name: str) -> bool:
    return name in _BROWSER_FILES or name.startswith(("._", "~$")) \
        or (name.startswith(".~lock.") and name.endswith("#"))


def _temporary(name: str, own: frozenset[str]) -> bool:
    """The temporary file of a write of one of `own` (core/cachefile.py), left by a write killed before its rename."""
    return name.endswith(".tmp") and any(name.startswith(f".{mine}.") for mine in own)


def _unrecorded(folder: Path, own: frozenset[str]) -> list[str]:
    """The files in `folder` its record (`record_written`) does not list, nor `own` names at its top (what is
    rewritten there in place: caches), nor a file browser left; and so in each marked folder inside. [] without
    a record: then what qmsdoc wrote there is not known."""
    written = _written(folder)
    if written is None:
        return []
    files, marked = _walk(folder)
    found = [path for path in files if path not in written and not _browser_file(path.rsplit("/", 1)[-1])
             and not ("/" not in path and (path in own or _temporary(path, own)))]
    for inner in marked:
        found += [f"{inner}/{path}" for path in _unrecorded(folder / inner, COPY_NAMES)]
    return found


def strays(folder: Path, own: frozenset[str] = BUILD_NAMES) -> list[str]:
    """What an output folder holds that qmsdoc did not write there nor a file browser leaves (`_BROWSER_FILES`),
    relative to it and sorted: a user's `build/notes.txt` or `build/site/notes.txt`. A build replaces the folder
    whole, so these would go with it. At the top, anything but `own` (what qmsdoc writes there, caches included,
    and the temporary file of a write of one of them), the marker and its record; below it, any file the record of
    the last build (`record_written`) does not list — and, in a marked folder inside (build/docx, replaced whole by
    `qmsdoc docx`), any its own record does not. [] when there is no such folder; below the top, [] without a record.
    One walk, no file read but the record."""
    try:
        names = [entry.name for entry in folder.iterdir()]
    except OSError:
        return []
    found = [name for name in names if name not in own and name not in (MARKER, WRITTEN) and not _browser_file(name)
             and not _temporary(name, own)]
    found += [path for path in _unrecorded(folder, own) if "/" in path and path.split("/", 1)[0] not in found]
    return sorted(found)


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def file_above(path: Path) -> Path | None:
    """The nearest existing path above `path` when it is a file (or a link to one): then nothing can be created at
    `path` — a read-only place as the file system sees it, found before anything is written instead of an
    OSError ("Not a directory", "File exists") half-way through."""
    for parent in path.parents:
        if os.path.lexists(parent):
            return None if parent.is_dir() else parent
    return None


_LABELS = {"manuals_dir": "output.label.manuals_dir", "forms_dir": "output.label.forms_dir",
           "revisions_dir": "output.label.revisions_dir", "build_dir": "output.label.build_dir"}


def _label(config: Config, key: str) -> str:
    """A folder qmsdoc.yml names, as a refusal calls it (「manuals_dir（manuals）」), its value cut as a path is."""
    return t(_LABELS[key], dir=shown_path(getattr(config, key)))


def option_at(option: str, message: str) -> str:
    """A refusal of a value given on the command line after where it was given (`命令行 --out: `), as a refusal of
    a setting follows its file and line (`qmsdoc.yml:5: `)."""
    return t("config.at", path=f"{t('acks.act.command_line')} {option}", message=message)


def out_refused(message: str, *, given: bool = True) -> UsageError:
    """The one refusal of the file a command writes (QD321): after `命令行 --out: ` when `--out` named it
    (`given`), else the message alone, which names the default place in the current folder."""
    return UsageError(option_at("--out", message) if given else message, code=OUT_REFUSED)


def refuse_file_in_project_folders(path: Path, config: Config, *, given: bool = True) -> None:
    """A file a command writes where `--out` says (redline, copy, register --as-of) lies outside the manuals,
    forms and revisions folders (a stray file there fails the check, or is published as it is) and outside
    build_dir (the next build replaces that folder, and the file with it): UsageError (exit 2) otherwise, saying
    whether the place was --out's or (not `given`) the default one in the current folder."""
    target = resolved(path.expanduser())
    blocked = file_above(target)
    if blocked is not None:
        raise out_refused(t("output.file_under_file", path=shown_path(target), file=shown_path(blocked)))
    sources = t("output.file_inside.sources")
    for folder, label, why in (
            (config.manuals_path, _label(config, "manuals_dir"), sources),
            (config.forms_path, _label(config, "forms_dir"), sources),
            (config.revisions_path, _label(config, "revisions_dir"), sources),
            (config.build_path, _label(config, "build_dir"), t("output.record.keep_replaced"))):
        if target.is_relative_to(resolved(folder)):
            # `given`: the user named it with --out; else it is the command's default, in the current folder
            raise out_refused(t("output.file_inside" if given else "output.default_inside", path=shown_path(target),
                                label=label, why=why), given=given)


def refuse_unsafe(folder: Path, config: Config, what: str, setting: str | None = None, *,
                  key: str | None = None, option: str | None = None) -> Path:
    """The resolved output folder, or a ConfigError (exit 2) naming it and saying why it is refused.
    `setting` is the folder as the user wrote it (shown beside the full path); `key`, the qmsdoc.yml setting it
    comes from (build_dir), whose line the refusal starts with (`qmsdoc.yml:5: `); `option`, the command-line
    option that named it instead (`--out`: 「命令行 --out: 」, QD321)."""
    target = resolved(folder.expanduser())
    shown = (t("output.shown_setting", setting=shown_path(setting), path=shown_path(target)) if setting is not None
             else t("output.shown", path=shown_path(target)))

    def refused(message: str, code: str | None = None) -> ConfigError:
        if key is not None:
            return config.refusal(key, message, code or CONFIG_PLACE)
        if option is not None:
            return ConfigError(option_at(option, message), code=code or OUT_REFUSED)
        return ConfigError(message, code=code or CONFIG_PLACE)

    root = resolved(config.root)
    if root.is_relative_to(target):
        raise refused(t("output.is_project", what=what, shown=shown))
    for source in (config.manuals_path, config.forms_path):
        if _overlaps(target, resolved(source)):
            raise refused(t("output.overlaps", what=what, shown=shown, source=shown_path(source.name)))
    if target.exists() and not target.is_dir():
        raise refused(t("output.is_file", what=what, shown=shown))
    blocked = file_above(target)
    if blocked is not None:
        raise refused(t("output.under_file", what=what, shown=shown, file=shown_path(blocked)))
    if target.is_dir() and not is_marked(target) and any(target.iterdir()):
        raise refused(t("output.foreign", what=what, shown=shown, marker=MARKER), FOREIGN_FOLDER)
    return target


def refuse_strays(folder: Path, config: Config | None, what: str, setting: str | None = None, *,
                  key: str | None = None, option: str | None = None, own: frozenset[str] = BUILD_NAMES,
                  within: str | None = None) -> None:
    """Before a command replaces the marked output folder `folder` whole (`qmsdoc build`, `qmsdoc docx`/`pdf`, with
    or without --out): a ConfigError (exit 2) when it holds a file the folder's record of what qmsdoc wrote does not
    list (`strays`; `own`: what it writes at the top) — it would be deleted with the folder. Who wrote it cannot be
    told: a record put back older (build/ restored from git) omits what a later build wrote. It starts, as
    `refuse_unsafe`'s do, with the line of the qmsdoc.yml setting `key` names, or after the command-line `option`
    that named the folder (「命令行 --out: 」). `within`: only what lies in that folder inside it (the site folder
    plain `mkdocs build` empties). The message names the first few and their count. Nothing is written or deleted;
    the user moves them out, or deletes a restored folder."""
    found = [path for path in strays(folder, own) if within is None or path.startswith(f"{within}/")]
    if not found:
        return
    shown = (t("output.shown_setting", setting=shown_path(setting), path=shown_path(folder)) if setting is not None
             else t("output.shown", path=shown_path(folder)))
    names = join([shown_path(name) for name in found[:SHOWN_STRAYS]])
    if len(found) > SHOWN_STRAYS:
        names += t("output.strays.more", count=len(found))
    message = t("output.strays", what=what, shown=shown, names=names, record=WRITTEN)
    # what qmsdoc did not write in an output folder: the code of a folder qmsdoc did not make
    if config is not None and key is not None:
        raise config.refusal(key, message, FOREIGN_FOLDER)
    raise ConfigError(option_at(option, message) if option is not None else message, code=FOREIGN_FOLDER)


def replaceable(folder: Path) -> bool:
    """qmsdoc made this folder (it carries the marker) or it is empty: it may be replaced or removed."""
    return folder.is_dir() and not folder.is_symlink() and (is_marked(folder) or not any(folder.iterdir()))


def remove_output(folder: Path) -> bool:
    """Delete a folder only if qmsdoc made it; True when it is gone."""
    if not replaceable(folder):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


T = TypeVar("T")


def replace_folder(out_dir: Path, prefix: str, fill: Callable[[Path], T]) -> T:
    """Fill a fresh marked folder (named `prefix…`) beside `out_dir`, then swap it in whole, so readers
    never see half an export. An existing `out_dir` is replaced only if qmsdoc made it; on any failure the
    staging folder goes and `out_dir` stays as it was."""
    if out_dir.exists() and not replaceable(out_dir):
        # the folder is the place refused: its path first, as a refused file's is (QD322)
        raise ConfigError(t("config.at", path=shown_path(out_dir), message=t(
            "output.foreign_replace", path=shown_path(out_dir), marker=MARKER)), code=FOREIGN_FOLDER)
    # callers refuse this before any work (refuse_strays naming the setting); here for every other way in (mkdocs)
    refuse_strays(out_dir, None, t("folder.output"), own=COPY_NAMES)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable
    mark(staging)
    try:
        result = fill(staging)
        record_written(staging)
        old = set_aside_name(out_dir)
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        remove_output(old)
        return result
    except BaseException:
        remove_output(staging)
        raise


def set_aside_name(folder: Path) -> Path:
    """A fresh sibling name for the previous output while the new one is moved in."""
    return folder.with_name(f".{folder.name}.old-{os.getpid()}")


# Files and folders qmsdoc keeps as records or reads as trust material: (setting, catalogue key of what it
# is, is a folder).
RECORD_SETTINGS: tuple[tuple[str, str, bool], ...] = (
    ("distribution", "output.record.distribution", False),
    ("allowed_signers", "output.record.allowed_signers", False),
    ("issued_dir", "output.record.issued_dir", True),
    ("acknowledgements", "output.record.acknowledgements", False),
    ("roster", "output.record.roster", False),
    ("revisions_dir", "output.record.revisions_dir", True),  # working revisions: apart from the published sources
)
_CONFIG_FILES = ("qmsdoc.yml", "mkdocs.yml")


def refuse_record_paths(config: Config, outputs: tuple[Path, ...] = ()) -> None:
    """The one decision for every record path: a record may not lie inside `build_dir` or another output
    folder (`outputs`, e.g. MkDocs' site_dir), which builds replace, nor be a source, a manual or forms folder,
    a configuration file or the project root — nor share its place with another record. ConfigError (exit 2)
    naming the setting, at its line, otherwise."""
    root = resolved(config.root)
    build = resolved(config.build_path)
    # A build_dir at or above the project is refused naming build_dir (refuse_unsafe) by the commands that build.
    # (how the folder is named in the message, the folder, whether a build replaces it)
    folders = ([(_label(config, "build_dir"), build, True)]
               if not root.is_relative_to(build) else [])
    folders += [(t("output.label.output", folder=shown_path(folder)), resolved(folder), True) for folder in outputs]
    folders += [(_label(config, "manuals_dir"), resolved(config.manuals_path), False),
                (_label(config, "forms_dir"), resolved(config.forms_path), False)]
    seen: list[tuple[str, Path]] = []
    for setting, what, is_folder in RECORD_SETTINGS:
        target = resolved((config.root / str(getattr(config, setting))).expanduser())
        # the value as qmsdoc.yml writes it (`..`), not its canonical spelling (the absolute path already shown)
        shown = t("output.record.shown", what=t(what), setting=setting, value=shown_path(config.spelled(setting)),
                  path=shown_path(target))
        reason = None
        replaced = False
        if root.is_relative_to(target):
            reason = t("output.record.is_project")
        elif target in {root / name for name in _CONFIG_FILES}:
            reason = t("output.record.is_config", name=target.name)
        for label, folder, is_output in folders:
            if reason is None and _overlaps(target, folder):
                inside = target != folder and target.is_relative_to(folder)
                reason = t("output.record.inside" if inside else "output.record.overlaps", label=label)
                replaced = is_output
        for other, place in seen:
            if reason is None and _overlaps(target, place):
                reason = t("output.record.same_place", other=other)
        if reason is None and target.exists() and target.is_dir() != is_folder:
            reason = t("output.record.not_folder" if is_folder else "output.record.not_file")
        blocked = file_above(target)
        if reason is None and blocked is not None:
            reason = t("output.record.under_file", file=shown_path(blocked))
        if reason:
            keep = t("output.record.keep_replaced" if replaced else "output.record.keep_apart")
            raise config.refusal(setting, t("output.record.refused", shown=shown, reason=reason, keep=keep,
                                            default=Config.__dataclass_fields__[setting].default))
        seen.append((setting, target))
