"""`qmsdoc serve` while the officer works (fast, without a browser): commands that write several files
(`qmsdoc release` writes the document, then removes its revision; a checkout replaces a folder file by file) —
a check that fails while more saves are coming in is not shown, its findings were about a half-done change, and
the update after them shows what they make; a page the sources do not make yet waits on the preview too."""

from __future__ import annotations

import queue
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from qmsdoc.core import load_config
from qmsdoc.site.serve import Preview, State, _ignored, _quiet, _reload

from conftest import Project, free_port, waited


@pytest.fixture(autouse=True)
def _collectable_afterwards() -> Any:
    import gc

    yield
    gc.unfreeze()


def _broken_preview(project: Project, tmp_path: Path) -> tuple[Preview, list[str]]:
    project.replace("manuals/qp-hr/QP-02-03.md", "status: effective", "status: efective")
    printed: list[str] = []
    return Preview(load_config(project.root), project.root / "mkdocs.yml", tmp_path, report=printed.append), printed


def test_a_failed_check_is_held_while_more_saves_come_in(project: Project, tmp_path: Path) -> None:
    preview, printed = _broken_preview(project, tmp_path)
    state = preview.update(full=True, settled=lambda: False)
    assert preview.held and state.version == 0 and not state.findings
    assert printed == []  # no false alarm in the terminal either
    assert not (tmp_path / "site").exists()


def test_a_failed_check_is_shown_once_the_saves_settle(project: Project, tmp_path: Path) -> None:
    preview, printed = _broken_preview(project, tmp_path)
    state = preview.update(full=True, settled=lambda: True)
    assert not preview.held and state.version == 1 and not state.ok
    assert any("QD004" in f.format() for f in state.findings)
    assert any("QD004" in line for line in printed)


def _switched(project: Project, preview: Preview, settings: str) -> None:
    project.write("qmsdoc.yml", settings)
    preview.project = load_config(project.root)


def test_a_language_switch_words_the_unchanged_files_findings_in_the_new_language(project: Project,
                                                                                   tmp_path: Path) -> None:
    """The parses of the files not saved since kept their findings in the language before the switch."""
    preview, _ = _broken_preview(project, tmp_path)
    before = preview.update(full=True).findings
    assert [f.format() for f in before if "QD004" in f.format()][0].split(" QD004 ")[1][:1] >= "\u4e00"
    settings = project.read("qmsdoc.yml")
    _switched(project, preview, "language: en\n" + settings)
    after = [f.format() for f in preview.update(full=True).findings if "QD004" in f.format()]
    assert after and all(f.isascii() for f in after), after


def test_a_settings_change_in_the_same_language_keeps_the_parses(project: Project, tmp_path: Path) -> None:
    preview, _ = _broken_preview(project, tmp_path)
    preview.update(full=True)
    kept = preview.parses
    settings = project.read("qmsdoc.yml")
    _switched(project, preview, settings.replace("review_warning_days: 30", "review_warning_days: 31"))
    preview.update(full=True)
    assert preview.parses is kept and kept.hits > 0


def test_quiet_leaves_a_change_that_came_in_for_the_next_update() -> None:
    changes: queue.Queue[set[Path]] = queue.Queue()
    assert _quiet(changes, 0.01)
    changes.put({Path("a.md")})
    assert not _quiet(changes, 0.01)
    assert changes.get_nowait() == {Path("a.md")}


def test_the_watcher_follows_every_file_the_check_reads(project: Project, tmp_path: Path) -> None:
    """An editor's backup `x.md~` or a swap file without a dot is read by the check (QD009): a watcher that
    skipped it left that finding on every page after the file was deleted."""
    keep = _ignored(load_config(project.root), tmp_path / "preview")
    for name in ("manuals/qp-hr/QP-02-03.md~", "manuals/qp-hr/QP-02-03.md.swp", "manuals/qp-hr/flycheck_x.md",
                 "manuals/qp-hr/4913", "controlled_forms/QP-02-01-F001.yaml", "qmsdoc.yml"):
        assert keep(None, str(project.root / name)), name


def test_the_watcher_skips_dot_files_and_the_outputs(project: Project, tmp_path: Path) -> None:
    keep = _ignored(load_config(project.root), tmp_path / "preview")
    for name in ("manuals/qp-hr/.QP-02-03.md.swp", "manuals/qp-hr/.#QP-02-03.md", ".git/index",
                 "manuals/.thumbs/a.png", "build/site/index.html", "issued/x.docx"):
        assert not keep(None, str(project.root / name)), name
    assert not keep(None, str(tmp_path / "preview" / "site" / "index.html"))


def test_a_build_dir_holding_the_user_s_files_does_not_stop_the_preview(project: Project, tmp_path: Path) -> None:
    """The preview writes only its temporary folder: a build/ qmsdoc did not make (no .qmsdoc-output) was
    refused as if the preview were to empty it, and every page said so instead of the site."""
    project.write("build/notes.txt", "mine")
    preview = Preview(load_config(project.root), project.root / "mkdocs.yml", tmp_path, report=lambda line: None)
    state = preview.update(full=True)
    assert state.ok and state.failure == "", state.failure
    assert sorted(p.name for p in (project.root / "build").iterdir()) == ["notes.txt"]


def test_a_build_still_refuses_a_build_dir_holding_the_user_s_files(project: Project, tmp_path: Path) -> None:
    """`qmsdoc build` (which swaps build/ whole) reads mkdocs.yml as before: build/docx of the user's refused."""
    from qmsdoc.core import ConfigError
    from qmsdoc.site.serve import load_site_config

    project.write("build/docx/notes.txt", "mine")
    with pytest.raises(ConfigError, match="build_dir"):
        load_site_config(project.root / "mkdocs.yml", tmp_path / "site", docs_dir=project.root / "manuals",
                         strict=False)


def test_a_symlink_loop_saved_into_the_manuals_is_followed_without_a_traceback(project: Project,
                                                                               tmp_path: Path) -> None:
    """Path.resolve() raised 'Symlink loop' in watchfiles' thread: the watcher ended with a traceback and the
    preview followed no save after it, without a word (the check says what the link is)."""
    keep = _ignored(load_config(project.root), tmp_path / "preview")
    (project.root / "manuals/qp-hr/selfa").symlink_to("selfb")
    (project.root / "manuals/qp-hr/selfb").symlink_to("selfa")
    assert keep(None, str(project.root / "manuals/qp-hr/selfa"))


def test_after_a_symlink_loop_the_watcher_still_reports_each_save(project: Project, tmp_path: Path) -> None:
    import threading

    from qmsdoc.site.serve import _watch

    config = load_config(project.root)
    stop = threading.Event()
    changes = _watch(config, lambda: config, tmp_path / "preview", stop)
    try:
        (project.root / "manuals/qp-hr/selfa").symlink_to("selfb")
        (project.root / "manuals/qp-hr/selfb").symlink_to("selfa")
        seen: set[Path] = set()
        document = (project.root / "manuals/qp-hr/QP-02-03.md").resolve()

        def saved() -> bool:
            project.replace("manuals/qp-hr/QP-02-03.md", "员工离职", "员工离职")  # the same bytes, written again
            while not changes.empty():
                seen.update(changes.get_nowait())
            return document in seen

        assert waited(saved, 15, every=0.3), seen
    finally:
        stop.set()


def test_a_watcher_that_fails_is_said_in_one_line_and_watches_again(project: Project, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import watchfiles

    from qmsdoc.site import serve as serving

    calls: list[int] = []
    document = str(project.root / "manuals/qp-hr/QP-02-03.md")

    def watch(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("watcher broke")
        yield {(watchfiles.Change.modified, document)}
        kwargs["stop_event"].wait(10)

    monkeypatch.setattr(watchfiles, "watch", watch)
    monkeypatch.setattr(serving, "WATCH_RETRY_SECONDS", 0.01)
    config = load_config(project.root)
    stop = threading.Event()
    changes = serving._watch(config, lambda: config, tmp_path / "preview", stop)
    try:
        seen: list[set[Path]] = []

        def arrived() -> bool:
            while not changes.empty():
                seen.append(changes.get_nowait())
            return any(Path(document).resolve() in batch for batch in seen)

        assert waited(arrived, 10, every=0.05), seen
        assert set() in seen  # the sources checked again after the gap
    finally:
        stop.set()
    err = capsys.readouterr().err
    assert "watcher broke" in err and "Traceback" not in err and len(calls) == 2


def test_the_watcher_follows_what_a_commit_moves_and_no_other_file_of_git(repo: Project, tmp_path: Path) -> None:
    """A commit changes no source, and the histories, their redlines and the findings naming a commit are read
    from the commits: the preview kept showing them as before the commit. The index (every `git status`
    writes it), the objects, the logs and the lock files are not followed."""
    keep = _ignored(load_config(repo.root), tmp_path / "preview")
    for name in (".git/HEAD", ".git/refs/heads/master", ".git/refs/heads/topic/x", ".git/packed-refs"):
        assert keep(None, str(repo.root / name)), name
    for name in (".git/index", ".git/objects/ab/cdef01", ".git/refs/heads/master.lock", ".git/HEAD.lock",
                 ".git/logs/HEAD", ".git/refs/remotes/origin/master", ".git/ORIG_HEAD", ".git/COMMIT_EDITMSG"):
        assert not keep(None, str(repo.root / name)), name


def test_in_a_linked_worktree_the_watcher_follows_its_own_head_and_the_branches(repo: Project,
                                                                              tmp_path: Path) -> None:
    """A linked worktree keeps its HEAD under the main repository's `.git/worktrees/`, its branches in the main
    `.git`: a commit there moves neither folder of the project's own; the main checkout's HEAD is another's."""
    from conftest import git

    linked = tmp_path / "linked"
    git(repo.root, "worktree", "add", "-q", "-b", "topic", str(linked))
    keep = _ignored(load_config(linked), tmp_path / "preview")
    own = next((repo.root / ".git" / "worktrees").iterdir())
    for path in (own / "HEAD", repo.root / ".git" / "refs" / "heads" / "topic", repo.root / ".git" / "packed-refs"):
        assert keep(None, str(path)), path
    for path in (repo.root / ".git" / "HEAD", own / "index", repo.root / ".git" / "index", own / "HEAD.lock"):
        assert not keep(None, str(path)), path


def test_the_watcher_skips_the_outputs_qmsdoc_yml_names_now(project: Project, tmp_path: Path) -> None:
    """build_dir (or issued_dir) changed while serving: the outputs were those named at the start, so each file
    `qmsdoc build` wrote into the new folder moved the preview on and reloaded every open page, and a save
    into the old folder, now a plain folder of the project, was not followed."""
    settings = project.read("qmsdoc.yml")
    now = [load_config(project.root)]
    keep = _ignored(lambda: now[-1], tmp_path / "preview")
    assert keep(None, str(project.root / "out" / "site" / "index.html"))  # a folder of the project, so far
    project.write("qmsdoc.yml", settings.replace("build_dir: build", "build_dir: out")
                  .replace("issued_dir: issued", "issued_dir: copies"))
    now.append(load_config(project.root))
    for name in ("out/site/index.html", "out/register.xlsx", "copies/QP-02-03-001.docx"):
        assert not keep(None, str(project.root / name)), name
    for name in ("build/notes.md", "issued/x.docx", "manuals/qp-hr/QP-02-03.md"):
        assert keep(None, str(project.root / name)), name


def test_a_removed_qmsdoc_yml_stops_the_preview_until_it_is_back(project: Project) -> None:
    """Read again without qmsdoc.yml, the preview went on as a project of default settings, without a word."""
    loaded = load_config(project.root)
    settings = (project.root / "qmsdoc.yml").read_text("utf-8")
    (project.root / "qmsdoc.yml").unlink()
    kept, why = _reload(loaded)
    assert kept is loaded and why is not None and "qmsdoc.yml" in why and str(project.root) in why
    (project.root / "qmsdoc.yml").write_text(settings.replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    again, why = _reload(loaded)
    assert why is None and again.publish_drafts and not loaded.publish_drafts


def _resident(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, watched: bool = False) -> Any:
    """`serve` in a thread on changes the test hands it (no watcher; with `watched`, its own watcher's): its
    queue, its preview, its stop."""
    import threading

    from qmsdoc.site import serve as module

    changes: queue.Queue[set[Path]] = queue.Queue()
    made: list[Preview] = []
    start = module.start_server
    if not watched:
        monkeypatch.setattr(module, "_watch", lambda *args: changes)
    monkeypatch.setattr(module, "start_server", lambda preview, *args: made.append(preview) or start(preview, *args))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    stop = threading.Event()
    thread = threading.Thread(target=module.serve, args=(load_config(project.root), project.root / "mkdocs.yml",
                                                          "127.0.0.1", 0), kwargs={"stop": stop}, daemon=True)
    thread.start()
    waited(lambda: bool(made) and made[0].state.version >= 1, 120, every=0.05)
    assert made and made[0].state.ok
    return SimpleNamespace(changes=changes, preview=made[0], stop=stop, thread=thread)


def _missing_settings(project: Project, resident: Any, *, back_within: float | None) -> list[str]:
    """qmsdoc.yml removed (and put back `back_within` seconds after the preview took the change): the failures
    the preview showed meanwhile."""
    settings = project.root / "qmsdoc.yml"
    text = settings.read_text("utf-8")
    shown: list[str] = []
    refuse = resident.preview.refuse
    resident.preview.refuse = lambda failure: shown.append(failure) or refuse(failure)
    try:
        settings.unlink()
        resident.changes.put({settings.resolve()})
        while not resident.changes.empty():
            time.sleep(0.005)
        if back_within is not None:
            time.sleep(back_within)
            settings.write_text(text, "utf-8")
            resident.changes.put({settings.resolve()})
        time.sleep(1.5)
        return shown
    finally:
        settings.write_text(text, "utf-8")
        resident.stop.set()
        resident.thread.join(timeout=30)


@pytest.mark.slow
def test_qmsdoc_yml_gone_a_moment_is_no_false_alarm(project: Project, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout or an editor replacing qmsdoc.yml: gone for a moment, the preview said so on every page."""
    resident = _resident(project, tmp_path, monkeypatch)
    assert _missing_settings(project, resident, back_within=0.05) == []
    assert resident.preview.state.ok


@pytest.mark.slow
def test_qmsdoc_yml_gone_for_good_is_shown(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resident = _resident(project, tmp_path, monkeypatch)
    shown = _missing_settings(project, resident, back_within=None)
    assert len(shown) == 1 and "qmsdoc.yml" in shown[0] and not resident.preview.state.ok


def test_the_preview_s_404_page_reloads_when_the_preview_moves_on(tmp_path: Path) -> None:
    """The 404 page carried no waiting script: a tab on a page the sources did not make yet (a new draft before
    publish_drafts, a manual folder renamed back) stayed on 「找不到页面」 after they made it."""
    import urllib.error
    import urllib.request
    from types import SimpleNamespace

    from qmsdoc.site.serve import ENDPOINT, start_server

    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("<html><body>页面不存在</body></html>", "utf-8")
    (site / "index.html").write_text("<html><body>首页</body></html>", "utf-8")
    preview: Any = SimpleNamespace(site_dir=site, state=SimpleNamespace(ok=True, findings=[], version=7), mount="/")
    server = start_server(preview, "127.0.0.1", 0)
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/qp-hr/QP-02-05/", timeout=5)  # noqa: S310
        body = missing.value.read().decode("utf-8")
        assert missing.value.code == 404 and "页面不存在" in body
        assert "var v=7;" in body and f"{ENDPOINT}wait?v=" in body and body.index("wait?v=") < body.index("</body>")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.parametrize(("ending", "code"), [("SIGTERM", 0), ("SIGHUP", 0), ("SIGINT", 130)])
def test_a_preview_told_to_end_removes_its_temporary_site(project: Project, tmp_path: Path, ending: str,
                                                          code: int) -> None:
    """SIGTERM (a process manager, an IDE's stop button) or SIGHUP (the terminal closed) ended the preview at
    once: each left its temporary site, megabytes, in the temporary folder. It now stops as Ctrl+C does. Ctrl+C
    (SIGINT) is the CLI's interruption, 「已中断」 and 130, as for every command: the preview exited 0."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "qmsdoc.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=dict(os.environ, TMPDIR=str(temporary), PYTHONUNBUFFERED="1"),
                              # a shell's background job ignores SIGINT, and so would the preview it starts
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        def built() -> bool:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__qmsdoc/state", timeout=5) as response:  # noqa: S310
                return int(json.loads(response.read())["version"]) >= 1

        waited(lambda: server.poll() is not None or built(), 120)  # built, or the preview ended
        made = list(temporary.glob("qmsdoc-serve-*"))
        assert made and (made[0] / "site" / "index.html").is_file()
        server.send_signal(getattr(signal, ending))
        output = server.communicate(timeout=30)[0]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == code and "Traceback" not in output, output
    assert ("已中断" in output) == (code == 130), output
    assert list(temporary.glob("qmsdoc-serve-*")) == []


def _served_stub(tmp_path: Path, state: Any, mount: str = "/") -> Any:
    from types import SimpleNamespace

    from qmsdoc.site.serve import start_server

    site = tmp_path / "site"
    site.mkdir()
    return start_server(SimpleNamespace(site_dir=site, state=state, mount=mount), "127.0.0.1", 0)  # type: ignore[arg-type]


def test_a_port_in_use_is_a_usage_error_that_says_so(project: Project, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Another preview left running on the port: 「File system error: Address already in use」 and exit 1."""
    import socket

    from conftest import run_cli

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"--dev-addr 127.0.0.1:{port}" in result.stderr and "--dev-addr 127.0.0.1:" + str(port + 1) in result.stderr
    assert "Traceback" not in result.stderr and "文件系统" not in result.stderr
    assert list(tmp_path.glob("qmsdoc-serve-*")) == []  # its temporary site goes with it


def test_a_free_port_is_served(tmp_path: Path) -> None:
    import urllib.request

    server = _served_stub(tmp_path, State(version=3))
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/__qmsdoc/state", timeout=5) as answer:
            assert b'"version": 3' in answer.read()
    finally:
        server.shutdown()
        server.server_close()


def test_a_manual_folder_named_as_the_preview_s_endpoint_is_served(tmp_path: Path) -> None:
    """A manual folder `__qmsdoc` (a legal name the check and the build accept): every page of it, and every
    link to it, answered 404 in the preview, which took all of /__qmsdoc/ for its own two addresses."""
    import urllib.error
    import urllib.request

    server = _served_stub(tmp_path, State(version=3, ok=True))
    manual = tmp_path / "site" / "__qmsdoc"
    (manual / "QM-03").mkdir(parents=True)
    (manual / "index.html").write_text("<html><body>手册首页</body></html>", "utf-8")
    (manual / "QM-03" / "index.html").write_text("<html><body>质量目标</body></html>", "utf-8")
    base = f"http://127.0.0.1:{server.server_port}/__qmsdoc/"
    try:
        for address, text in (("", "手册首页"), ("QM-03/", "质量目标")):
            with urllib.request.urlopen(base + address, timeout=5) as answer:  # noqa: S310 - loopback only
                assert answer.status == 200 and text in answer.read().decode("utf-8"), address
        with urllib.request.urlopen(base + "state", timeout=5) as answer:  # noqa: S310 - the preview's own
            assert b'"version": 3' in answer.read()
        with pytest.raises(urllib.error.HTTPError) as missing:  # neither a page nor the preview's: not found
            urllib.request.urlopen(base + "QM-99/", timeout=5)  # noqa: S310
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_a_site_published_under_a_path_is_served_under_it(tmp_path: Path) -> None:
    """site_url https://intranet/质量 手册/: the 404 page names its style sheets, pictures and links under
    /质量 手册/, as the published site has them; served at "/", every one of them was not found (an unstyled
    page of dead links). Served under the path as `mkdocs serve` does, "/" leads to the home page."""
    import urllib.error
    import urllib.request

    server = _served_stub(tmp_path, State(version=3, ok=True), mount="/质量 手册/")
    site = tmp_path / "site"
    (site / "assets").mkdir()
    (site / "QM-03 #1 & 50%").mkdir()
    (site / "index.html").write_text("<html><body>首页</body></html>", "utf-8")
    (site / "QM-03 #1 & 50%" / "index.html").write_text("<html><body>质量目标</body></html>", "utf-8")
    (site / "assets" / "site.css").write_text("body{}", "utf-8")
    (site / "404.html").write_text('<html><body><link href="/质量 手册/assets/site.css">页面不存在</body></html>',
                                   "utf-8")
    base = f"http://127.0.0.1:{server.server_port}"
    mount = "/%E8%B4%A8%E9%87%8F%20%E6%89%8B%E5%86%8C/"
    try:
        for address, text in (("/", "首页"), (mount[:-1], "首页"), (mount, "首页"),
                              (mount + "QM-03%20%231%20%26%2050%25/", "质量目标"), (mount + "assets/site.css", "body")):
            with urllib.request.urlopen(base + address, timeout=5) as answer:  # noqa: S310 - loopback only
                assert answer.status == 200 and text in answer.read().decode("utf-8"), address
        for outside in ("/assets/site.css", "/QM-03%20%231%20%26%2050%25/", mount + "QM-99/"):
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + outside, timeout=5)  # noqa: S310
            assert missing.value.code == 404 and "页面不存在" in missing.value.read().decode("utf-8"), outside
        with urllib.request.urlopen(base + "/__qmsdoc/state", timeout=5) as answer:  # noqa: S310 - the preview's
            assert b'"version": 3' in answer.read()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("site_url", "mount"), [(None, "/"), ("", "/"), ("https://example.com", "/"),
                                                 ("https://example.com/qms", "/qms/"),
                                                 ("https://example.com/%E8%B4%A8%E9%87%8F%20%E6%89%8B%E5%86%8C/",
                                                  "/质量 手册/")])
def test_the_site_s_path_is_that_of_its_site_url(site_url: str | None, mount: str) -> None:
    from qmsdoc.site.serve import mount_of

    assert mount_of(site_url) == mount


def test_a_page_s_address_without_its_slash_is_sent_on_to_the_page(tmp_path: Path) -> None:
    """/人事 #2/QP-02-03 answered the page itself: its relative links (../QP-02-02/, the style sheets) were read
    one folder off. It is sent on to /人事 #2/QP-02-03/, as http.server and `mkdocs serve` do; a file is not."""
    import http.client

    server = _served_stub(tmp_path, State(version=3, ok=True))
    page = tmp_path / "site" / "人事 #2 & 50%" / "QP-02-03"
    page.mkdir(parents=True)
    (page / "index.html").write_text('<html><body><a href="../QP-02-02/">上一页</a></body></html>', "utf-8")
    (page.parent / "流程.png").write_bytes(b"png")
    address = "/%E4%BA%BA%E4%BA%8B%20%232%20%26%2050%25/QP-02-03"
    try:
        for asked, status, location in ((address, 301, address + "/"), (address + "?q=1", 301, address + "/?q=1"),
                                        (address + "/", 200, None),
                                        ("/%E4%BA%BA%E4%BA%8B%20%232%20%26%2050%25/%E6%B5%81%E7%A8%8B.png", 200, None)):
            client = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=5)
            client.request("GET", asked)
            answer = client.getresponse()
            answer.read()
            client.close()
            assert (answer.status, answer.getheader("Location")) == (status, location), asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_leaving_mid_answer_prints_no_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capfd: pytest.CaptureFixture[str]) -> None:
    """Every open page waits on the preview; a reload cuts the wait off, and socketserver printed a
    BrokenPipeError traceback into the officer's terminal at each one."""
    import socket
    import struct
    import threading
    import time

    from qmsdoc.site import serve

    monkeypatch.setattr(serve, "WAIT_SECONDS", 0.3)
    state = SimpleNamespace(ok=True, findings=[], version=1, seconds=0.0, changed=threading.Condition())
    server = _served_stub(tmp_path, state)
    try:
        with socket.create_connection(server.server_address[:2]) as client:
            client.sendall(b"GET /__qmsdoc/wait?v=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, as a tab
        time.sleep(1.0)  # the wait ends, the answer meets the closed connection
    finally:
        server.shutdown()
        server.server_close()
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out and "Broken" not in printed.err, printed.err


def test_a_request_that_fails_otherwise_is_one_line_not_a_traceback(tmp_path: Path,
                                                                    capfd: pytest.CaptureFixture[str]) -> None:
    import urllib.error
    import urllib.request

    server = _served_stub(tmp_path, SimpleNamespace(ok=True, version=1))  # a state the answer cannot read
    try:
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/__qmsdoc/state", timeout=5)  # noqa: S310
    finally:
        server.shutdown()
        server.server_close()
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and "127.0.0.1" in printed and "has no attribute" in printed, printed


@pytest.mark.parametrize(("language", "error", "warning"), [("zh-CN", "错误", "警告"), ("en", "Error", "Warning")])
def test_the_panel_names_the_severity_in_the_project_s_language(tmp_path: Path, language: str, error: str,
                                                                 warning: str) -> None:
    """The findings panel printed `error`/`warning` in English whatever the project's language; the terminal and
    `qmsdoc check` keep those words (editors' and CI's problem matchers parse them)."""
    import threading
    import urllib.request

    from qmsdoc.core.findings import Finding, Severity
    from qmsdoc.core.i18n import set_language

    set_language(language)
    broken = Finding("manuals/qp-hr/QP-02-03.md", 5, "QD004", Severity.ERROR, "status")
    note = Finding("manuals/qp-hr/QP-02-01.md", 9, "QD221", Severity.WARNING, "ack")
    state = SimpleNamespace(ok=False, findings=[broken, note], failure="", version=1, seconds=0.0,
                            changed=threading.Condition())
    server = _served_stub(tmp_path, state)
    port = server.server_address[1]
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:  # noqa: S310
            failed = response.read().decode("utf-8")
        state.ok, state.findings = True, [note]  # the sources check again, with a warning: the notes strip
        (tmp_path / "site" / "index.html").write_text('<html><body><div class="md-container">首页</div></body></html>',
                                                      "utf-8")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:  # noqa: S310
            noted = response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
    assert f"QP-02-03.md:5: {error} QD004" in failed and f"QP-02-01.md:9: {warning} QD221" in failed, failed
    assert f"QP-02-01.md:9: {warning} QD221" in noted and "首页" in noted, noted
    assert ": error " not in failed + noted and ": warning " not in failed + noted
    assert broken.format().startswith("manuals/qp-hr/QP-02-03.md:5: error QD004")  # the terminal's, as check's


def test_a_folder_the_file_system_refuses_is_said_as_such_not_as_a_fault_in_qmsdoc(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The manuals folder made unreadable under the preview: 「a fault in qmsdoc, please report it」 and Python's
    `PermissionError: [Errno 13] …`; `qmsdoc check` says what the file system refused, so does the preview."""
    import errno

    from qmsdoc.site import serve

    preview, printed = _broken_preview(project, tmp_path)
    refused = str(project.root / "manuals" / "qp-hr" / "index.md")

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", refused)

    monkeypatch.setattr(serve, "check", failing)
    state = preview.update(full=True)
    assert not state.ok and state.version == 1 and refused in state.failure and "权限" in state.failure
    assert "预览未能更新" not in state.failure and "Errno" not in state.failure
    assert any(refused in line for line in printed)
    # while more changes come in (a checkout or a move seen half-done) it is held, as a failed check is
    assert preview.update(full=True, settled=lambda: False).version == 1 and preview.held


def test_an_update_that_fails_unforeseen_is_one_line_and_the_next_save_tries_again(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception nothing caught inside an update (a fault in qmsdoc) ended the preview with a traceback."""
    from qmsdoc.site import serve

    preview, printed = _broken_preview(project, tmp_path)
    checked = serve.check

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("模拟的故障")

    monkeypatch.setattr(serve, "check", failing)
    state = preview.update(full=True)
    assert not state.ok and state.version == 1 and "预览未能更新" in state.failure
    assert "RuntimeError: 模拟的故障" in state.failure and any("模拟的故障" in line for line in printed)
    monkeypatch.setattr(serve, "check", checked)
    state = preview.update(full=True, settled=lambda: True)  # the next save: checked again
    assert state.version == 2 and state.failure == "" and any(f.code == "QD004" for f in state.findings)


@pytest.mark.slow
def test_a_commit_alone_moves_the_preview_on_and_git_status_does_not(repo: Project, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`qmsdoc release`, then `git commit`: the history page showed no redline of the released version (it is
    read from the commits) until some source was saved again."""
    from conftest import commit, git, run_cli

    line = "离职面谈记录由部门主管留存备查。"
    history = "history/QP-02-03/index.html"
    assert run_cli("revise", "QP-02-03", "--by", "张三", cwd=repo.root).returncode == 0
    draft = repo.root / "revisions" / DOC
    draft.write_text(draft.read_text("utf-8") + f"\n{line}\n", "utf-8")
    resident = _resident(repo, tmp_path, monkeypatch, watched=True)
    try:
        preview = resident.preview
        assert run_cli("release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                       cwd=repo.root).returncode == 0
        assert waited(lambda: preview.state.ok and line in (preview.site_dir / DOC_PAGE).read_text("utf-8"),
                      every=0.1)
        assert line not in (preview.site_dir / history).read_text("utf-8")  # not committed: no redline yet
        time.sleep(1)  # the release's saves all taken
        before = preview.state.version
        git(repo.root, "status")
        git(repo.root, "add", "-A")
        time.sleep(1.5)
        assert preview.state.version == before  # the index alone is nothing to show
        commit(repo.root, "QP-02-03 A/2")
        assert waited(lambda: preview.state.version > before
                      and line in (preview.site_dir / history).read_text("utf-8"), every=0.1)
        assert preview.state.ok
    finally:
        resident.stop.set()
        resident.thread.join(timeout=30)


DOC = "manuals/qp-hr/QP-02-03.md"
DOC_PAGE = "qp-hr/QP-02-03/index.html"


@pytest.mark.slow
def test_a_preview_left_running_overnight_shows_the_new_day(repo: Project, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The project held the day it was read: past midnight the preview still showed a version released to take
    effect that day as to come and the one before as in force, after every save too, until qmsdoc.yml changed."""
    from conftest import release_later

    line = "离职面谈记录由部门主管留存备查。"
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-06")
    release_later(repo.root, "QP-02-03", "2026-12-08", line)
    resident = _resident(repo, tmp_path, monkeypatch)  # no save comes in: only the day moves
    try:
        preview = resident.preview
        page = preview.site_dir / DOC_PAGE
        banner = 'class="qms-banner'
        assert banner in page.read_text("utf-8")  # the 6th: released, not yet in force
        before = preview.state.version
        time.sleep(1.5)
        assert preview.state.version == before  # the same day: nothing to show again
        monkeypatch.setenv("QMSDOC_TODAY", "2026-12-08")
        assert waited(lambda: preview.state.version > before and banner not in page.read_text("utf-8"), every=0.1)
        assert line in page.read_text("utf-8")
        assert preview.state.ok and preview.project.today.isoformat() == "2026-12-08"
    finally:
        resident.stop.set()
        resident.thread.join(timeout=30)
