"""Output folders: where qmsdoc may write, and what it may delete.

One rule for `build_dir`, `qmsdoc docx --out` and the site folder: an output folder is dedicated to
qmsdoc. It may not be the project root or above it, nor overlap the sources; an existing non-empty
folder must carry the marker qmsdoc writes into every output folder it creates. Only marked folders
are ever replaced or removed, so a careless setting can never delete a user's files."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .config import Config, ConfigError
from .paths import BUILD_NAMES, COPY_FOLDERS, MANIFEST

MARKER = ".qmsdoc-output"
_MARKER_TEXT = "此文件夹由 qmsdoc 生成，构建时会被整体替换；请不要在其中存放其他文件。\n"


# What qmsdoc versions before the marker wrote into build/ and build/docx: such a folder, holding these
# names and nothing else, is still recognised as qmsdoc's own, so upgrading does not refuse every build.
_EARLIER_BUILD = BUILD_NAMES
_EARLIER_DOCX = COPY_FOLDERS


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
    """Claim a folder qmsdoc has just created as its output."""
    (folder / MARKER).write_text(_MARKER_TEXT, "utf-8")


def claim(folder: Path) -> None:
    """Create (if needed) and mark an output folder that `refuse_unsafe` has accepted, so that the
    next command may replace it (e.g. build/ after `qmsdoc docx` wrote build/docx into it)."""
    folder.mkdir(parents=True, exist_ok=True)
    mark(folder)


def _overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def refuse_unsafe(folder: Path, config: Config, what: str, setting: str | None = None) -> Path:
    """The resolved output folder, or a ConfigError (exit 2) naming it and saying why it is refused.
    `setting` is the folder as the user wrote it (shown beside the full path)."""
    target = folder.expanduser().resolve()
    shown = f"“{setting}”（{target}）" if setting is not None else f"“{target}”"
    root = config.root.resolve()
    if root.is_relative_to(target):
        raise ConfigError(f"{what} {shown} 是项目目录或其上级目录：输出会覆盖源文件，请改为专用的输出目录（如 build）")
    for source in (config.manuals_path, config.forms_path):
        if _overlaps(target, source.resolve()):
            raise ConfigError(f"{what} {shown} 与源文件目录 {source.name} 重叠：请改为专用的输出目录（如 build）")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{what} {shown} 是一个文件，不是文件夹：请改为专用的输出目录")
    if target.is_dir() and not is_marked(target) and any(target.iterdir()):
        raise ConfigError(f"{what} {shown} 已存在且不是 qmsdoc 生成的（缺少 {MARKER} 标记），为免删除其中的文件，"
                          "拒绝写入：请指定一个新的或空的文件夹")
    return target


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
        raise ConfigError(f"输出目录 {out_dir} 不是 qmsdoc 生成的（缺少 {MARKER} 标记），"
                          "拒绝替换：请指定新的或空的文件夹")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable
    mark(staging)
    try:
        result = fill(staging)
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


# Files and folders qmsdoc keeps as records or reads as trust material: (setting, what it is, is a folder).
RECORD_SETTINGS: tuple[tuple[str, str, bool], ...] = (
    ("distribution", "文件发放回收记录", False),
    ("allowed_signers", "批准人公钥文件", False),
    ("issued_dir", "分发副本目录", True),
    ("acknowledgements", "学习确认记录", False),
    ("roster", "人员名册", False),
    ("revisions_dir", "修订稿目录", True),  # working revisions: apart from the sources the site publishes
)
_CONFIG_FILES = ("qmsdoc.yml", "mkdocs.yml")


def refuse_record_paths(config: Config, outputs: tuple[Path, ...] = ()) -> None:
    """The one decision for every record path: a record may not lie inside `build_dir` or another output
    folder (`outputs`, e.g. MkDocs' site_dir), which builds replace, nor be a source, a manual or forms folder,
    a configuration file or the project root — nor share its place with another record. ConfigError (exit 2)
    naming the setting otherwise."""
    root = config.root.resolve()
    build = config.build_path.resolve()
    # A build_dir at or above the project is refused naming build_dir (refuse_unsafe) by the commands that build.
    folders = [(f"输出目录 build_dir（{config.build_dir}）", build)] if not root.is_relative_to(build) else []
    folders += [(f"输出目录 {folder}", folder.resolve()) for folder in outputs]
    folders += [(f"源文件目录 manuals_dir（{config.manuals_dir}）", config.manuals_path.resolve()),
                (f"表单目录 forms_dir（{config.forms_dir}）", config.forms_path.resolve())]
    seen: list[tuple[str, Path]] = []
    for setting, what, is_folder in RECORD_SETTINGS:
        value = str(getattr(config, setting))
        target = (config.root / value).expanduser().resolve()
        shown = f"{what} {setting}“{value}”（{target}）"
        reason = None
        if root.is_relative_to(target):
            reason = "是项目目录或其上级目录"
        elif target in {root / name for name in _CONFIG_FILES}:
            reason = f"是配置文件 {target.name}"
        for label, folder in folders:
            if reason is None and _overlaps(target, folder):
                reason = f"位于{label}之中" if target != folder and target.is_relative_to(folder) else f"与{label}重叠"
        for other, place in seen:
            if reason is None and _overlaps(target, place):
                reason = f"与 {other} 是同一位置"
        if reason is None and target.exists() and target.is_dir() != is_folder:
            reason = "是一个文件，不是文件夹" if is_folder else "是一个文件夹，不是文件"
        if reason:
            keep = "构建会整体替换输出目录，其中的记录会丢失" if "输出目录" in reason else "记录须单独存放"
            raise ConfigError(f"qmsdoc.yml 的{shown}{reason}：{keep}；请改为项目中专用的位置"
                              f"（默认 {Config.__dataclass_fields__[setting].default}）")
        seen.append((setting, target))
