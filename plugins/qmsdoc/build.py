"""`qmsdoc build`: the main job, in one process and atomically.

The corpus is checked once (errors: exit 1, build/ untouched). The pipeline then runs the exporters
— site (MkDocs in-process), Word copies, records — into a staging folder beside build/, which is
swapped in whole at the end (an atomic directory exchange on Linux), so build/ is always either the
previous complete output or the new one, even if the build fails or is killed."""

from __future__ import annotations

import calendar
import ctypes
import os
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import pipeline
from .core import check
from .core.check import CheckResult
from .core.config import Config
from .core.context import BuildContext
from .core.errors import EXIT_FINDINGS, QmsdocError, os_error_text, shown_path
from .core.findings import Severity, seen_from_here, suggested, summary
from .core.i18n import join, t
from .core.lock import build_lock
from .core.mdlinks import forget_readings
from .core.outputs import mark, record_written, refuse_strays, refuse_unsafe, remove_output, set_aside_name
from .core.parsecache import CACHE_NAME as PARSE_CACHE
from .core.parsecache import ParseCache
from .core.paths import RENDER_CACHE
from .core.portable import can_exchange, process_alive
from .core.rendercache import RenderCache
from .core.siteconfig import SITE_CONFIG_FILE, site_config_refusal
from .records.register import latest_date

STAGING_PREFIX = ".build-"
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    if not can_exchange():
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def swap_in(staging: Path, final: Path) -> None:
    """Put the staging folder in place of `final`; the previous output is removed only if qmsdoc made it."""
    if not final.exists():
        staging.rename(final)
        return
    if _exchange(staging, final):
        remove_output(staging)  # staging now holds the previous output
        return
    old = set_aside_name(final)
    final.rename(old)
    staging.rename(final)
    remove_output(old)


def _remove_stale_staging(parent: Path, final_name: str = "build") -> None:
    """What builds that were killed left beside the output — their staging folders (`.build-<pid>-…`) and a
    previous output set aside during a non-atomic swap (`.build.old-<pid>`) — once their process is gone.
    Only folders qmsdoc marked are removed."""
    leftovers = [(f, f.name[len(STAGING_PREFIX):].split("-")[0]) for f in parent.glob(f"{STAGING_PREFIX}*")]
    aside = f".{final_name}.old-"
    leftovers += [(f, f.name[len(aside):]) for f in parent.glob(f"{aside}*")]
    for folder, pid_text in leftovers:
        try:
            pid = int(pid_text)
        except ValueError:
            continue
        if not process_alive(pid):
            remove_output(folder)


def _warn(message: str) -> None:
    print(suggested(message), file=sys.stderr)


@contextmanager
def _source_date(config_date: int) -> Iterator[None]:
    """Page dates and sitemap timestamps come from the newest approval, not the clock: rebuilds are
    identical. A SOURCE_DATE_EPOCH set by the caller wins, as the convention says."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(config_date))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def build(config: Config, *, config_file: str = SITE_CONFIG_FILE, strict: bool = False,
          outputs: Collection[str] | None = None, report: Callable[[CheckResult], str] | None = None,
          quiet: bool = False, require_pdf: bool = False) -> int:
    """Check, then export into staging and swap it in. `report` writes the findings (by default one line each);
    `quiet` keeps stdout for them alone (a CI format), the rest going to stderr. `require_pdf` (`--pdf`): no PDF
    copies (no CJK font) is an error, as under `strict`."""
    final = refuse_unsafe(config.build_path, config, t("folder.build_dir"), config.spelled("build_dir"),
                          key="build_dir")
    refuse_strays(final, config, t("folder.build_dir"), config.spelled("build_dir"), key="build_dir")
    if "site" in (pipeline.default_outputs(config) if outputs is None else outputs):
        # refused before the check, as `qmsdoc check` refuses it: a broken mkdocs.yml is exit 2 whatever the sources
        refusal = site_config_refusal(config.root / config_file)
        if refusal is not None:
            return _refused(refusal, config, final)
    with build_lock(config.root):  # a second build at once would swap its output over this one's mid-way
        return _build(config, final, config_file=config_file, strict=strict, outputs=outputs, report=report,
                      quiet=quiet, require_pdf=require_pdf)


def _refused(exc: QmsdocError | None, config: Config, final: Path) -> int:
    """Why the build stopped (`exc`; None: already printed) and that the build folder is as it was — kept, or not
    made — wherever it stopped: the site configuration refused before the check, or an exporter mid-way."""
    if exc is not None:
        print(suggested(exc.show()), file=sys.stderr)
    where = seen_from_here(config.build_dir, to_be=True)  # kept, or where the first build will be
    print(t("build.kept" if final.is_dir() else "build.none", folder=where), file=sys.stderr)
    return exc.exit_code if exc is not None else EXIT_FINDINGS


def _build(config: Config, final: Path, *, config_file: str, strict: bool, outputs: Collection[str] | None,
           report: Callable[[CheckResult], str] | None, quiet: bool, require_pdf: bool) -> int:
    outputs = list(pipeline.default_outputs(config) if outputs is None else outputs)
    stage = pipeline.stderr_stage
    stage(t("progress.check"))
    cache = ParseCache(final / PARSE_CACHE)
    result = check(config, cache)
    forget_readings()  # the check's memoised readings of every body: nothing after it reads them
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    failed = bool(errors or (strict and result.findings))
    if report is not None:
        shown = report(result)
        if shown:
            print(shown)
    else:
        for finding in result.findings:
            print(finding.format())
        if failed:
            print(summary(result.findings))
    if failed:
        print(t("build.not_run", folder=shown_path(seen_from_here(config.build_dir, to_be=True))), file=sys.stderr)
        return 1
    if "pdf" in outputs:
        try:
            if not pipeline.pdf_ready(config, required=strict or require_pdf, warn=_warn):
                outputs.remove("pdf")
        except QmsdocError as exc:
            print(suggested(exc.show()), file=sys.stderr)
            print(t("build.pdf_failed", folder=shown_path(seen_from_here(config.build_dir, to_be=True))),
                  file=sys.stderr)
            return exc.exit_code
    made_parents = [folder for folder in reversed(final.parents) if not folder.exists()]
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(final.parent, final.name)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=final.parent))
    staging.chmod(0o755)
    mark(staging)
    cache.save(staging / PARSE_CACHE)  # the next build and check start warm
    try:
        site_config = None
        if "site" in outputs:
            from .site.exporter import load_site_config, unused_folders

            site_config = load_site_config(config.root / config_file, staging / "site", docs_dir=config.manuals_path,
                                           strict=strict)
            for line in unused_folders(site_config, config):
                _warn(t("log.line", label=t("log.warning"), message=line))
        previous = final if final.is_dir() else None
        context = BuildContext(config, result, staging, with_pdf="pdf" in outputs, with_word="word" in outputs,
                               previous=previous, remembered=RenderCache(previous / RENDER_CACHE if previous else None))
        with _source_date(calendar.timegm(latest_date(result.corpus).timetuple())):
            pipeline.run(context, outputs, site_config=site_config, stage=stage, progress=sys.stderr.isatty())
        context.keep_renders()
        record_written(staging)  # what this build wrote: the next one refuses to delete anything else (refuse_strays)
        swap_in(staging, final)
    except (QmsdocError, OSError) as exc:
        if isinstance(exc, OSError):  # a full disk: a write() names no file, so the folder being written is named
            if exc.filename is None:
                exc.filename = str(final)
            print(os_error_text(exc), file=sys.stderr)
            return _refused(None, config, final)
        return _refused(exc, config, final)
    finally:
        if staging.exists():
            remove_output(staging)
        for folder in reversed(made_parents):  # the folders made for the staging, when nothing was swapped in
            if not final.exists():
                try:
                    folder.rmdir()
                except OSError:
                    break
    made = join(
        {"site": t("build.made.site", folder=final), "word": t("build.made.word", folder=final),
         "pdf": t("build.made.pdf", folder=final), "records": t("build.made.records")}[o]
        for o in pipeline.OUTPUTS if o in outputs and (o != "word" or context.with_docx))  # what was written
    print(t("build.done", made=made), file=sys.stderr if quiet else sys.stdout)
    return 0
