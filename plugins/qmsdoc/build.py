"""`qmsdoc build`: the main job, atomically.

The corpus is checked first (errors: exit 1, build/ untouched). MkDocs then builds the site, the Word
copies and the records into a staging folder beside build/, which is swapped in whole at the end
(an atomic directory exchange on Linux), so build/ is always either the previous complete output
or the new one, even if the build fails or is killed."""

from __future__ import annotations

import calendar
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .core import check
from .core.config import Config
from .core.findings import Severity, summary
from .records.register import latest_date

STAGING_PREFIX = ".build-"
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(staging: Path, final: Path) -> None:
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous output
        return
    old = final.with_name(final.name + ".old")
    final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale_staging(parent: Path) -> None:
    """Staging folders of builds that were killed: their process is gone."""
    for folder in parent.glob(f"{STAGING_PREFIX}*"):
        try:
            pid = int(folder.name[len(STAGING_PREFIX):].split("-")[0])
        except ValueError:
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def build(config: Config, *, config_file: str = "mkdocs.yml", strict: bool = False) -> int:
    print("· 检查受控文件…", file=sys.stderr, flush=True)
    result = check(config)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    for finding in result.findings:
        print(finding.format())
    if errors or (strict and result.findings):
        print(summary(result.findings))
        print("构建未进行：请先修正以上问题（build/ 保持不变）", file=sys.stderr)
        return 1
    final = config.build_path
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(final.parent)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=final.parent))
    staging.chmod(0o755)
    # QMSDOC_PROGRESS: the child names its stages on our stderr; NO_MKDOCS_2_WARNING: Material's
    # end-of-life banner is for MkDocs users, not for people running qmsdoc.
    env = dict(os.environ, QMSDOC_BUILD_DIR=str(staging), NO_MKDOCS_2_WARNING="1", QMSDOC_PROGRESS="1")
    # Page dates and sitemap timestamps come from the newest approval, not the clock: rebuilds are identical.
    env.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(latest_date(result.corpus).timetuple())))
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config.root / config_file),
               "--site-dir", str(staging / "site"), "--quiet"]
    if strict:
        command.append("--strict")
    try:
        completed = subprocess.run(command, cwd=config.root, env=env)
        if completed.returncode != 0:
            print("站点构建失败：build/ 保持为上一次的完整输出", file=sys.stderr)
            return 1
        swap_in(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    print(f"已构建：{final}/site（网站）、{final}/docx（Word）、register.xlsx、manifest.json")
    return 0
