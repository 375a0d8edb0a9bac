"""Edit-to-page latency of `qmsdoc serve`: `python -m bench.serve ROOT [--edits 10]`.

The preview is started on the project; once its first build is up, one document is saved with a new sentence
(re-approved, as a quality officer's release would leave it); as the page open in the browser does, the bench
waits on the preview's `wait` endpoint until the preview has moved on and then loads the page, until it shows the
sentence: the time from the save to that response is one edit's latency. Ten edits, one after the
other; the median is the bench row. The document is restored at the end."""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .corpus import reapproved
from .runner import ENV

EDITED = "manuals/m01/BM-01-002.md"
PAGE = "m01/BM-01-002/"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return str(response.read().decode("utf-8"))


def edit_latencies(root: Path, edits: int = 10, *, start_timeout: float = 1800) -> list[float]:
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "qmsdoc.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = root / EDITED
    original = path.read_text("utf-8")
    latencies: list[float] = []
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if json.loads(_get(base + "__qmsdoc/state"))["version"] >= 1:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("qmsdoc serve did not finish its first build")
            time.sleep(0.5)
        for n in range(edits):
            marker = f"本条于第{n + 1}次保存时修订（{time.time_ns()}）。"
            text = reapproved(original.replace("## 2.0", f"{marker}\n\n## 2.0", 1))
            version = json.loads(_get(base + "__qmsdoc/state"))["version"]
            saved = time.perf_counter()
            path.write_text(text, "utf-8")
            while True:  # as the open page does: wait for the preview to move on, then load the page
                version = json.loads(_get(f"{base}__qmsdoc/wait?v={version}"))["version"]
                if marker in _get(base + PAGE):
                    break
                if time.perf_counter() - saved > 600:
                    raise RuntimeError(f"edit {n + 1} did not show up in 600 s")
            latencies.append(time.perf_counter() - saved)
    finally:
        path.write_text(original, "utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return latencies


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("root", type=Path)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args(argv)
    latencies = edit_latencies(args.root, args.edits)
    print(json.dumps({"latencies": latencies, "median": statistics.median(latencies)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
