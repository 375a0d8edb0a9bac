"""The one-edit rebuild of issue #18, alone and repeatable: `python -m bench.dirty setup|time|verify ROOT`.

`setup` generates the corpus and its two full builds (qmsdoc site and plain), as `bench.runner.measure` does;
`time` then edits BM-01-002 exactly as the bench does, times `mkdocs build --dirty` with and without the plugin,
and restores the file with a second dirty build each (so every timed rebuild sees a real change and the corpus is
back where it started); `verify` compares the dirty-built outputs with a full build of the same sources made in a
copy of the project. Wall time of the whole process, as the bench measures it; report ratios, not seconds."""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .corpus import generate, reapproved, without_copies
from .runner import ENV, _plain_config, compiled_like_installed

EDITED = "manuals/m01/BM-01-002.md"
RECORDS = ("register.csv", "register.xlsx", "manifest.json", "external-register.csv", "recall-list.csv")


def _mkdocs(root: Path, config: str, *flags: str) -> float:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *flags, "-f", str(root / config)],
                         cwd=root, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if out.returncode:
        raise SystemExit(f"mkdocs build {' '.join(flags)} -f {config} failed:\n{out.stderr[-3000:]}")
    return elapsed


def setup(root: Path, documents: int) -> None:
    generate(root, documents)
    without_copies(root)
    _plain_config(root)
    (root / "original.md").write_text((root / EDITED).read_text("utf-8"), "utf-8")
    print(f"qmsdoc full build: {_mkdocs(root, 'mkdocs.yml', '--strict'):.2f} s")
    print(f"plain full build: {_mkdocs(root, 'plain.yml'):.2f} s")


def _edit(root: Path, edited: bool, unique: bool = False) -> None:
    """The bench's edit (or, `unique`, the same edit with a fresh number in it: a rebuild after a rebuild must
    segment new text, as the bench's first one does, not find it in the search segmentation cache)."""
    original = (root / "original.md").read_text("utf-8")
    note = f"本条已修订（{time.time_ns()}）。" if unique else "本条已修订。"
    text = reapproved(original.replace("## 2.0", f"{note}\n\n## 2.0", 1)) if edited else original
    (root / EDITED).write_text(text, "utf-8")


def one_edit(root: Path, config: str) -> tuple[float, float]:
    """(the edit's dirty rebuild, the restoring one) in seconds."""
    _edit(root, True, unique=True)
    forward = _mkdocs(root, config, "--dirty")
    _edit(root, False)
    return forward, _mkdocs(root, config, "--dirty")


def timing(root: Path, repeat: int) -> None:
    runs: dict[str, list[tuple[float, float]]] = {"mkdocs.yml": [], "plain.yml": []}
    for _ in range(repeat):
        for config, times in runs.items():
            times.append(one_edit(root, config))
    qmsdoc, plain = (statistics.median(t[0] for t in runs[c]) for c in ("mkdocs.yml", "plain.yml"))
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for config, times in runs.items():
        edits, restores = (" ".join(f"{t[i]:.2f}" for t in times) for i in (0, 1))
        print(f"{config}: edit {edits}, restore {restores}")
    print(f"qmsdoc dirty {qmsdoc:.2f} s, plain dirty {plain:.2f} s, ratio {qmsdoc / plain:.2f} (edits; medians)")


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}


def differences(ours: Path, theirs: Path) -> list[str]:
    """What differs between two build folders (a dirty build's and a full build's of the same sources): the
    records, then every file of the site, byte for byte (builds are reproducible: nothing is left out)."""
    problems = []
    for name in RECORDS:
        mine, reference = ours / name, theirs / name
        if mine.is_file() != reference.is_file():
            problems.append(f"only in {'the dirty' if mine.is_file() else 'the full'} build: {name}")
        elif mine.is_file() and not filecmp.cmp(mine, reference, shallow=False):
            problems.append(f"differs: build/{name}")
    site, other = _tree(ours / "site"), _tree(theirs / "site")
    problems += [f"only in the dirty build: site/{p}" for p in sorted(site - other)]
    problems += [f"only in the full build: site/{p}" for p in sorted(other - site)]
    problems += [f"differs: site/{p}" for p in sorted(site & other)
                 if not filecmp.cmp(ours / "site" / p, theirs / "site" / p, shallow=False)]
    return problems


def verify(root: Path) -> int:
    """Outputs of the edited dirty rebuild against a full build of the same sources (made in `root`-ref)."""
    _edit(root, True)
    _mkdocs(root, "mkdocs.yml", "--dirty")
    reference = root.with_name(root.name + "-ref")
    shutil.rmtree(reference, ignore_errors=True)
    reference.mkdir()
    for name in ("manuals", "controlled_forms"):
        shutil.copytree(root / name, reference / name)
    for name in ("qmsdoc.yml", "mkdocs.yml"):
        shutil.copy(root / name, reference / name)
    _mkdocs(reference, "mkdocs.yml", "--strict")
    problems = differences(root / "build", reference / "build")
    _edit(root, False)
    _mkdocs(root, "mkdocs.yml", "--dirty")
    print("\n".join(problems[:50]) or "dirty rebuild == full build (site, registers, manifest)")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dirty")
    parser.add_argument("action", choices=("setup", "time", "verify"))
    parser.add_argument("root", type=Path)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.action == "setup":
        setup(root, args.documents)
    elif args.action == "time":
        compiled_like_installed()
        timing(root, args.repeat)
    else:
        return verify(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
