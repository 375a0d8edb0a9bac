"""Shared fixtures: a throwaway copy of the shipped project to plant faults in."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class CliRun:
    """What one `qmsdoc` command did: exit status and its two output streams (as subprocess reports them)."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | str) -> CliRun:
    """`qmsdoc ARGS` run in this process through the console script's `main`, from folder `cwd`.
    The fast tier's way to drive the CLI (no interpreter start-up per call); tests about the process itself
    (a closed pipe, a fresh interpreter, what gets imported) start a real subprocess instead.
    An exception escaping `main` is not caught here: it fails the test, as a traceback would."""
    from qmsdoc.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(previous)
    return CliRun(code, out.getvalue(), err.getvalue())


class Project:
    """A copy of the repository's sources (manuals, forms, config) in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text("utf-8")

    def write(self, relative: str, text: str) -> Path:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        return target

    def replace(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, 1))

    def restamp(self, relative: str) -> None:
        """Record the planted content as approved (what a release would do to the fingerprint), so a test
        about another rule is not also a test of change control (QD190)."""
        self.write(relative, restamped(relative, self.read(relative)))

    def revise(self, relative: str, old: str, new: str) -> None:
        """`replace` and `restamp` in one write (a watching `mkdocs serve` never sees the unapproved state)."""
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, restamped(relative, text.replace(old, new, 1)))

    def line_of(self, relative: str, needle: str) -> int:
        for number, line in enumerate(self.read(relative).splitlines(), start=1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {relative}")


def restamped(relative: str, text: str) -> str:
    """`text` with its approval fingerprint recomputed for its current content."""
    from qmsdoc.core.approval import refingerprinted

    return refingerprinted("form" if relative.endswith((".yaml", ".yml")) else "document", text)


# `QMSDOC_TEST_CRLF=1` (the portable pass of scripts/test.sh): every project copy has Windows line endings.
CRLF = os.environ.get("QMSDOC_TEST_CRLF", "") not in ("", "0")


def copy_project(destination: Path) -> Project:
    for name in ("manuals", "controlled_forms"):
        shutil.copytree(REPO / name, destination / name)
    for name in ("qmsdoc.yml", "mkdocs.yml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, destination / name)
    if CRLF:
        for path in destination.rglob("*"):
            if path.suffix in (".md", ".yaml", ".yml") and path.is_file():
                path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return Project(destination)


@pytest.fixture(autouse=True)
def default_language() -> None:
    """Each test starts in the default language (a test of an English project sets it for the process)."""
    from qmsdoc.core import i18n

    i18n.set_language(i18n.DEFAULT)


def configure(project: Project, **settings: str) -> None:
    """Set qmsdoc.yml settings (quoted text), each replacing the line that set it before."""
    text = project.read("qmsdoc.yml")
    for key, value in settings.items():
        lines = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
        text = "\n".join(lines) + f"\n{key}: '{value}'\n"
    project.write("qmsdoc.yml", text)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(tmp_path / "project")


def office_profile(folder: Path) -> str:
    """LibreOffice's `-env:UserInstallation` for a profile of its own in `folder`, as a file URL (a folder name with a
    space or Chinese characters percent-encoded: written raw, soffice failed to start and hung until killed)."""
    return f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}"


def png(width: int = 1, height: int = 1, pixel: bytes = b"\0\0\0", extra: bytes = b"") -> bytes:
    """A valid PNG picture, `width` × `height` pixels all `pixel` (three bytes: red, green, blue; one byte: a grey),
    with `extra` (whole chunks) after its header."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    colour = 2 if len(pixel) == 3 else 0
    rows = b"".join(b"\0" + pixel * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def git(root: Path, *args: str, author: str = "质量专员") -> str:
    """git in `root` as the quality officer, or `author` (a fixed identity: the tests need no global git config;
    a project in another language commits under a name in that language, which its outputs may quote)."""
    import subprocess

    return subprocess.run(["git", "-c", f"user.name={author}", "-c", "user.email=qa@example.invalid", *args],
                          cwd=root, capture_output=True, text=True, check=True).stdout


@contextlib.contextmanager
def on(day: str) -> Iterator[None]:
    """QMSDOC_TODAY and git's author and committer dates all `day` for a block (a project's life built day by day)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", day)
        for name in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
            patch.setenv(name, f"{day}T12:00:00+08:00")
        yield


def commit(root: Path, message: str, author: str = "质量专员") -> str:
    git(root, "add", "-A", author=author)
    git(root, "commit", "-qm", message, author=author)
    return git(root, "rev-parse", "HEAD", author=author).strip()[:10]


class Recorder:
    """`qmsdoc` run in one project's folder, every answer kept by its command line (`said`): a whole-life audit
    scans them all for words the project's language does not use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.said: dict[str, str] = {}

    def __call__(self, *words: str, code: int | None = 0) -> str:
        done = run_cli(*words, cwd=self.root)
        shown = done.stdout + done.stderr
        assert code is None or done.returncode == code, (words, shown)
        self.said[" ".join(words)] = shown
        return shown


@contextlib.contextmanager
def today_is(day: str) -> Iterator[None]:
    """QMSDOC_TODAY pinned to `day` for a block, then as it was (a module-scoped fixture cannot take monkeypatch)."""
    saved = os.environ.get("QMSDOC_TODAY")
    os.environ["QMSDOC_TODAY"] = day
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("QMSDOC_TODAY", None)
        else:
            os.environ["QMSDOC_TODAY"] = saved


def free_port() -> int:
    """A local port nothing listens on now, for a server a test starts (the port is given back before it returns)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def waited(done: Callable[[], bool], seconds: float = 60, every: float = 0.2) -> bool:
    """Whether `done()` came true within `seconds`, asked every `every` seconds: the way to wait for a server a test
    started to answer (an OSError, the server not listening yet or dropping the connection, counts as not yet)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if done():
                return True
        except OSError:
            pass
        time.sleep(every)
    return False


def initialised(folder: Path, procedure: str) -> Path:
    """A new project made by `qmsdoc init` in `folder`/qms, the placeholder of its procedure QM-01 replaced by
    `procedure`, in a new git repository with nothing committed yet."""
    root = folder / "qms"
    assert run_cli("init", str(root), cwd=folder).returncode == 0
    source = root / "manuals/qm/QM-01.md"
    source.write_text(source.read_text("utf-8").replace("（待编写）", procedure), "utf-8")
    git(root, "init", "-q")
    return root


def released_first(root: Path, *codes: str) -> None:
    """`codes` of an `initialised` project released at A/0 by 张三 (首次发布): QM-01 reviewed by 李四; a manual page
    and a blank form take an approval only."""
    for code in codes:
        reviewed = ("--reviewed-by", "李四") if code == "QM-01" else ()
        done = run_cli("release", code, "--by", "张三", *reviewed, "--change", "首次发布", cwd=root)
        assert done.returncode == 0, done.stdout + done.stderr


def release_later(root: Path, code: str, effective: str | None, line: str = "补充一条新的要求。", *,
                  people: tuple[str, str, str] = ("张三", "总经理", "经理"), change: str = "补充") -> None:
    """`code` (a document or a manual's index page) revised (`line` added to its text) and released today to take
    effect on `effective` (None: today, in force at once), committed; `people`: who drafts, approves and reviews
    it."""
    drafter, approver, reviewer = people
    assert run_cli("revise", code, "--by", drafter, cwd=root).returncode == 0
    draft = next(root.joinpath("revisions").rglob("*.md"))  # the one revision open: the release removes it
    draft.write_text(draft.read_text("utf-8") + f"\n{line}\n", "utf-8")
    later = ("--effective", effective) if effective else ()
    done = run_cli("release", code, "--by", approver, "--reviewed-by", reviewer, "--change", change, *later, cwd=root)
    assert done.returncode == 0, done
    commit(root, f"{code} approved, effective {effective or 'at once'}")


def first_released(folder: Path, drafted: str, first: str) -> Path:
    """An `initialised` project (in `folder`) drafted and committed on `drafted`, its manual QM, form and QM-01
    released at A/0 and committed on `first` (`released_first`)."""
    with on(drafted):
        root = initialised(folder, "按本程序控制文件。")
        commit(root, "drafts")
    with on(first):
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
    return root


def second_released(root: Path) -> None:
    """QM-02 记录控制程序, a new procedure in the manual QM of an `initialised` project, written and released at
    A/0 on the day `on` pins, and committed."""
    assert run_cli("new", "--manual", "QM", "--title", "记录控制程序", "--department", "质量部", "--by", "张三",
                   cwd=root).returncode == 0
    source = root / "manuals/qm/QM-02.md"
    source.write_text(source.read_text("utf-8").replace("（待编写）", "按本程序控制记录。"), "utf-8")
    done = run_cli("release", "QM-02", "--by", "总经理", "--reviewed-by", "经理", "--change", "首次发布", cwd=root)
    assert done.returncode == 0, done
    commit(root, "QM-02 first approved")


def name_readers(root: Path, departments: str) -> None:
    """The manual QM of an `initialised` project names `departments` (`客服部, 品质部`) to read its documents, in
    place of any it named: `acknowledge: [...]` on its index page, not committed."""
    index = root / "manuals/qm/index.md"
    text = re.sub(r"acknowledge: \[.*\]\n", "", index.read_text("utf-8"))
    index.write_text(text.replace("order: 1\n", f"order: 1\nacknowledge: [{departments}]\n"), "utf-8")


def successor_waits(folder: Path, days: tuple[str, str, str, str]) -> Path:
    """A project whose QM-01 (客服部 to read it, named by its manual) is released at A/0 on the second of `days`
    (drafted on the first) and revised to A/1, approved on the third to take effect on the fourth: the version in
    force while the next waits for its effective date."""
    drafted, first, approved, effective = days
    with on(drafted):
        root = initialised(folder, "按本程序控制文件。")
        name_readers(root, "客服部")
        commit(root, "drafts")
    with on(first):
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
    with on(approved):
        release_later(root, "QM-01", effective)
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium (browsers.chromium) shared by a module's browser tests; a module may define its own."""
    from browsers import chromium

    with chromium() as instance:
        yield instance


@contextlib.contextmanager
def watched_tab(browser: Any, width: int, height: int) -> Iterator[Any]:
    """A new tab of `browser` at `width` × `height`, its console errors and warnings and its uncaught errors kept in
    `tab.errors` (a page that works but logs a failure is caught too)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page
    finally:
        page.close()


def kept_while_waiting(base: Path, code: str, kept: dict[str, str],
                       days: tuple[str, str, str, str]) -> tuple[Path, Path]:
    """(project, folder of the copies kept): an `initialised` project under `base` released first on the first of
    `days` (`released_first`, committed); `code` approved on the second to take effect on the third
    (`release_later`) and built, each build-relative copy of `kept` kept under its name; built again on the
    fourth, the approved version in force."""
    first, approved, effective, later = days
    root, keep = base / "qms", base / "kept"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", first)
        initialised(base, "本程序规定文件的控制方法。")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "首次发布")
        patch.setenv("QMSDOC_TODAY", approved)
        release_later(root, code, effective)
        assert run_cli("build", cwd=root).returncode == 0
        keep.mkdir()
        for copy, name in kept.items():
            shutil.copy(root / "build" / copy, keep / name)
        patch.setenv("QMSDOC_TODAY", later)
        assert run_cli("build", cwd=root).returncode == 0
    return root, keep


def withdraw_qp_03_05(repo: Project) -> Project:
    """QP-03-05 withdrawn today, superseded by QP-03-04 (QP-03-01's reference to it moved and QP-03-01 released
    again), committed: its blank form QP-03-05-F001 goes out of use with it."""
    for args in (("obsolete", "QP-03-05", "--superseded-by", "QP-03-04", "--by", "总经理", "--reason", "合并",
                  "--update-references"),
                 ("release", "QP-03-01", "--by", "总经理", "--change", "引用改为 QP-03-04", "--keep-review")):
        done = run_cli(*args, cwd=repo.root)
        assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "QP-03-05 作废")
    return repo


@pytest.fixture
def approval_day() -> Iterator[None]:
    """QMSDOC_TODAY pinned to the day the tests of a waiting version approve it (`pending_projects.APPROVED`)."""
    from pending_projects import APPROVED

    with today_is(APPROVED):
        yield


def committed_project(folder: Path) -> Path:
    """The shipped sources copied into `folder`/project and committed in a new git repository."""
    root = copy_project(folder / "project").root
    git(root, "init", "-q")
    commit(root, "初始文件")
    return root


def copied(project: Path, tmp_path: Path) -> Path:
    """A copy of the project at `project` for one test to change (a module's fixture stays as it was)."""
    root = tmp_path / "project"
    shutil.copytree(project, root)
    return root


@pytest.fixture
def repo(project: Project) -> Project:
    """The project copy as a git repository with the shipped sources committed."""
    git(project.root, "init", "-q")
    commit(project.root, "初始文件")
    return project


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Modules whose tests build whole sites, drive Chromium or LibreOffice, serve, or kill builds: the slow
# tier. `pytest -m "not slow"` is the fast loop for a developer (the rules, the model, the CLI, Word).
SLOW_MODULES = {"test_a11y", "test_atomic_build", "test_bench_smoke", "test_browser", "test_office", "test_serve",
                "test_site", "test_change_control"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
