"""Reading a file's past versions from git, in two batch calls whatever the number of files.

Every function degrades to "no history" (an empty result) when git or the repository is missing,
e.g. in a shallow CI checkout or an export without .git."""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_GLOB_SPECIAL = re.compile(r"[*?\[\]\\]")  # taken literally in a `:(glob)` pathspec when escaped


@dataclass(frozen=True)
class Revisioned:
    commit: str
    date: str
    text: str
    path: str = ""
    """Where the file was in that commit, relative to the repository's root (a moved file's earlier place)."""
    merge: bool = False
    """The commit is a merge on the first-parent line: this version came onto the line with it, from a branch (or
    was made resolving the merge); `date` is the merge's."""


def repo_root(path: Path) -> Path | None:
    try:
        out = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def repository_path(root: Path, relative: str) -> str:
    """The path git knows the project's file `relative` (posix, relative to the project folder `root`) by: relative
    to the repository's top, through a folder that is a symlink — what a command qmsdoc suggests names. Outside
    git, or outside the repository: `relative` as it is."""
    top = repo_root(root)
    place = (root / relative).resolve()
    if top is None or not place.is_relative_to(top.resolve()):
        return relative
    return place.relative_to(top.resolve()).as_posix()


def is_shallow(root: Path) -> bool:
    out = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-shallow-repository"], capture_output=True,
                         text=True, timeout=30)
    return out.stdout.strip() == "true"


def has_commits(root: Path) -> bool:
    """Whether the repository has a commit at all (`git init` alone has none: nothing to read yet)."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0


def git_dirs(path: Path) -> tuple[Path, ...]:
    """The folders git keeps the repository of `path` in, resolved: its own (a linked worktree's under the main
    one's `.git/worktrees/`) and the one its branches are in, once each; none outside git."""
    try:
        out = subprocess.run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir", "--git-common-dir"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ()
    lines = out.stdout.splitlines()
    if out.returncode != 0 or len(lines) != 2:
        return ()
    found = [(path / line).resolve() for line in lines]  # the common folder may be said relative to `path`
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Deletion:
    """Where a file went: the commit that deleted it, or (`commit` empty) the working tree, not yet committed."""

    commit: str
    date: str


@dataclass(frozen=True)
class Gap:
    """A time a file that is there now was gone: deleted by `deletion`, back with a commit dated `restored`."""

    deletion: Deletion
    restored: str


@dataclass
class Histories:
    """Committed versions of the files asked for, and of the files the log shows in `folders` that are gone:
    their versions and how each went."""

    versions: dict[Path, list[Revisioned]] = field(default_factory=dict)
    removed: dict[Path, list[Revisioned]] = field(default_factory=dict)
    deletions: dict[Path, Deletion] = field(default_factory=dict)
    gaps: dict[Path, list[Gap]] = field(default_factory=dict)
    """Of the files asked for: each time one was deleted and later committed again."""
    order: dict[str, int] = field(default_factory=dict)
    """Each commit read: its place in the log, oldest first (to merge the versions of one item kept at two paths)."""


def file_histories(root: Path, paths: list[Path], folders: Sequence[Path] = (),
                   gone: Callable[[str], bool] = lambda name: False) -> Histories:
    """Every committed version of each path, oldest first, and of each file under `folders` (relative to
    `root`, posix) that `gone` accepts and the working tree no longer has. A move is a deletion and an
    addition (renames are not followed)."""
    relative = {p.resolve().relative_to(root).as_posix(): p for p in paths}
    specs = sorted({str(Path(r).parent) for r in relative}
                   | {f.resolve().relative_to(root).as_posix() for f in folders})
    if not specs:
        return Histories()
    try:
        # The first-parent line is the record: a version is in force when it reaches it, a merge's own result
        # (a release made while resolving a conflict) is read like any commit, and a branch's commit dates
        # cannot put a version before its parent. -z: names as they are (no quoting of CJK, spaces, quotes).
        # %cd: the day a commit entered this line (a rebase, cherry-pick or amend keeps the author's older day).
        log = subprocess.run(
            ["git", "-C", str(root), "-c", "log.diffMerges=first-parent", "-c", "log.showSignature=false", "log",
             "--reverse", "--first-parent", "-m", "--no-renames", "--no-color", "--format=%x1e%H%x1f%cd%x1f%P",
             "--date=short", "--name-only", "-z", "--", *specs],
            capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return Histories()
    if log.returncode != 0:
        return Histories()
    wanted: list[tuple[str, str, str]] = []
    others: dict[str, Path] = {}
    order: dict[str, int] = {}
    merges: set[str] = set()
    for record in log.stdout.decode("utf-8", errors="surrogateescape").split("\x1e")[1:]:
        head, _, names = record.partition("\0")
        commit, _, rest = head.partition("\x1f")
        date, _, parents = rest.partition("\x1f")
        order[commit] = len(order)
        if len(parents.split()) > 1:
            merges.add(commit)
        for name in (n.lstrip("\n") for n in names.split("\0")):
            if name in relative:
                wanted.append((commit, date, name))
            elif name and (name in others or (gone(name) and not (root / name).exists())):
                others.setdefault(name, root / name)
                wanted.append((commit, date, name))
    out = Histories(order=order)
    if not wanted:
        return out
    found = read_blobs(root, [(commit, name) for commit, _, name in wanted])
    deleted: dict[str, Deletion] = {}
    for commit, date, name in wanted:
        blob = found.get((commit, name))
        if blob is None:  # deleted in that commit
            if name in others:
                out.deletions[others[name]] = Deletion(commit, date)
            else:
                deleted[name] = Deletion(commit, date)
            continue
        text = blob.decode("utf-8", errors="replace")
        if name in deleted:
            out.gaps.setdefault(relative[name], []).append(Gap(deleted.pop(name), date))
        if name in others:
            out.removed.setdefault(others[name], []).append(Revisioned(commit, date, text, name, commit in merges))
            out.deletions.pop(others[name], None)  # added again after a deletion
        else:
            out.versions.setdefault(relative[name], []).append(Revisioned(commit, date, text, name,
                                                                         commit in merges))
    for path in out.removed:
        out.deletions.setdefault(path, Deletion("", ""))  # in the last commit, not in the working tree
    return out


def earlier_folders(root: Path, scope: str, folders: Sequence[str], exclude: Sequence[str] = ()) -> dict[str, str]:
    """Where each of `folders` (posix, relative to the repository's `root`) was before a commit of the first-parent
    line moved it (`git mv manuals 程序文件` with qmsdoc.yml's manuals_dir changed to match, or the project moved
    into a folder of the repository): each earlier folder and the folder it became, read from the renames git
    finds within `scope` (the project's folder) and wherever a folder of the same name lies. A folder moved twice
    has both earlier places; a folder inside `exclude` (the working revisions) or inside one of `folders` is never
    one. Nothing when git cannot tell."""
    if not folders:
        return {}
    # git sees a rename only when both places are asked for: each folder's name at any depth (the project moved
    # with its sources), then around each earlier place found (a move before that move)
    named = {f if scope == "." else f[len(scope) + 1:] for f in folders if scope == "." or f.startswith(scope + "/")}
    specs = {scope, *(":(glob)**/" + _GLOB_SPECIAL.sub(r"\\\g<0>", name) + "/**" for name in named)}
    became: dict[str, str] = {folder: folder for folder in folders}
    for _ in range(4):
        found = _moves_into(root, sorted(specs), became, folders, exclude)
        if not found:
            break
        became.update(found)
        specs |= {posixpath.dirname(earlier) or "." for earlier in found}
    return {earlier: current for earlier, current in became.items() if earlier not in folders}


def _moves_into(root: Path, specs: Sequence[str], became: dict[str, str], folders: Sequence[str],
                exclude: Sequence[str]) -> dict[str, str]:
    """Folders not yet in `became` whose files a commit renamed into one of its folders, with the folder each
    became."""
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "-c", "log.diffMerges=first-parent", "-c", "log.showSignature=false", "log",
             "--first-parent", "-m", "-M", "--diff-filter=R", "--name-status", "--no-color", "--format=", "-z",
             "--", *specs], capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    fields = [f.strip("\n") for f in log.stdout.decode("utf-8", errors="surrogateescape").split("\0")]
    pairs = [(fields[i + 1], fields[i + 2]) for i in range(len(fields) - 2) if fields[i].startswith("R")
             and fields[i][1:].isdigit()]

    def inside(path: str, folder: str) -> bool:
        return folder == "." or path == folder or path.startswith(folder + "/")

    known = dict(became)
    for before, after in pairs:  # newest first: a later move is known before the one that led to it
        for folder, current in list(known.items()):
            if not after.startswith(folder + "/"):
                continue
            rest = after[len(folder) + 1:]
            if not before.endswith("/" + rest):
                continue
            earlier = before[:-len(rest) - 1]
            if earlier not in known and not any(inside(earlier, f) or inside(f, earlier) for f in folders) \
                    and not any(inside(earlier, e) for e in exclude):
                known[earlier] = current
    return {earlier: current for earlier, current in known.items() if earlier not in became}


def read_blobs(root: Path, wanted: Sequence[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The bytes of each (commit, path relative to `root`) that git holds, in one batch call; a path that commit
    lacks (or no git at all) is left out."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted)
    try:
        batch = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                               input=request.encode("utf-8", errors="surrogateescape"),
                               capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return {}
    out: dict[tuple[str, str], bytes] = {}
    data, position = batch.stdout, 0
    for key in wanted:
        end = data.find(b"\n", position)
        if end < 0:
            break
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # missing, or a tree
        size = int(header[2])
        out[key] = data[position:position + size]
        position += size + 1
    return out
