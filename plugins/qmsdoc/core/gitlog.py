"""Reading a file's past versions from git, in two batch calls whatever the number of files.

Every function degrades to "no history" (an empty result) when git or the repository is missing,
e.g. in a shallow CI checkout or an export without .git."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Revisioned:
    commit: str
    date: str
    text: str


def repo_root(path: Path) -> Path | None:
    try:
        out = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def is_shallow(root: Path) -> bool:
    out = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-shallow-repository"], capture_output=True,
                         text=True, timeout=30)
    return out.stdout.strip() == "true"


def file_histories(root: Path, paths: list[Path]) -> dict[Path, list[Revisioned]]:
    """Every committed version of each path, oldest first (renames are not followed)."""
    if not paths:
        return {}
    relative = {p.resolve().relative_to(root).as_posix(): p for p in paths}
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--reverse", "--format=%x1e%H%x1f%ad", "--date=short", "--name-only",
             "--", *sorted({str(Path(r).parent) for r in relative})],
            capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    wanted: list[tuple[str, str, str]] = []
    for record in log.stdout.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        commit, _, date = head.partition("\x1f")
        for name in names.split("\n"):
            if name.strip() in relative:
                wanted.append((commit, date, name.strip()))
    if not wanted:
        return {}
    request = "".join(f"{commit}:{name}\n" for commit, _, name in wanted)
    batch = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request.encode("utf-8"),
                           capture_output=True, timeout=300)
    out: dict[Path, list[Revisioned]] = {}
    data = batch.stdout
    position = 0
    for commit, date, name in wanted:
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue  # deleted in that commit
        size = int(header[2])
        text = data[position:position + size].decode("utf-8", errors="replace")
        position += size + 1
        out.setdefault(relative[name], []).append(Revisioned(commit, date, text))
    return out
