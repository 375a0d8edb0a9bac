"""jieba's dictionary read shard by shard segments exactly as the whole dictionary does, reading only the shards
the text needs; a stale or damaged shard file is never used. Each case runs in its own interpreter: jieba's
tokenizer is process-wide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from qmsdoc.search.jiebadict import CACHE_NAME

REPO = Path(__file__).resolve().parent.parent

_SEGMENT = """
import json, sys
from pathlib import Path
import jieba
from qmsdoc.search import jiebadict
jieba.setLogLevel(60)
folder, mode = Path(sys.argv[1]), sys.argv[2]
texts = json.loads(Path(sys.argv[3]).read_text("utf-8"))
installed = jiebadict.install([folder]) if mode == "sharded" else None
if mode == "full":
    jieba.initialize()
segments = ["\\u200b".join(jieba.cut(t)) for t in texts]
kept = jiebadict.keep(folder) if mode == "full" else None
print(json.dumps({"segments": segments, "installed": installed is not None, "kept": kept,
                  "shards_read": getattr(installed, "shards_read", 0),
                  "full_loaded": getattr(installed, "_full", None) is not None}))
"""


def _run(folder: Path, mode: str, texts: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _SEGMENT, str(folder), mode, str(texts)], capture_output=True,
                         text=True, check=True, cwd=REPO)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_sharded_dictionary_segments_as_jieba_does_and_reads_only_what_it_needs(tmp_path: Path) -> None:
    # Every body of the shipped manuals, plus words jieba can only find through its HMM (names, new words).
    texts = [p.read_text("utf-8") for p in sorted((REPO / "manuals").rglob("*.md"))]
    texts += ["夜班巡逻签到办法由物业服务中心的龙小蕾制定", "质量记录表单按规定保存三年。"]
    sample = tmp_path / "texts.json"
    sample.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")

    full = _run(tmp_path, "full", sample)
    assert full["kept"] is True and (tmp_path / CACHE_NAME).is_file()
    sharded = _run(tmp_path, "sharded", sample)
    assert sharded["installed"] is True and sharded["full_loaded"] is False
    assert sharded["segments"] == full["segments"]

    one = tmp_path / "one.json"
    one.write_text(json.dumps(["本条已修订。"], ensure_ascii=False), "utf-8")
    few = _run(tmp_path, "sharded", one)
    assert few["segments"] == _run(tmp_path, "full", one)["segments"]
    assert isinstance(few["shards_read"], int) and 0 < few["shards_read"] <= len("本条已修订。")


def test_stale_or_damaged_shard_files_are_not_used(tmp_path: Path) -> None:
    sample = tmp_path / "texts.json"
    sample.write_text(json.dumps(["受控文件的发放与回收"], ensure_ascii=False), "utf-8")
    expected = _run(tmp_path, "full", sample)["segments"]
    shards = tmp_path / CACHE_NAME
    data = shards.read_bytes()
    magic, header, body = data.split(b"\n", 2)

    stale = json.loads(header)
    stale["salt"] = "jieba 0.1|another dictionary"
    shards.write_bytes(magic + b"\n" + json.dumps(stale).encode() + b"\n" + body)
    assert _run(tmp_path, "sharded", sample)["installed"] is False

    # A shard that does not parse: jieba loads its own dictionary, and the answer is still jieba's.
    shards.write_bytes(magic + b"\n" + header + b"\n" + b"#" * len(body))
    damaged = _run(tmp_path, "sharded", sample)
    assert damaged["installed"] is True and damaged["full_loaded"] is True
    assert damaged["segments"] == expected

    shards.write_bytes(b"not a shard file")
    assert _run(tmp_path, "sharded", sample)["installed"] is False


_LOADED = """
import importlib.util, json, sys
from qmsdoc.search.tokens import jieba_segmenter
cut = jieba_segmenter()
loaded = "pkg_resources" in sys.modules
words = [cut("员工离职管理工作规程"), cut("鲁能星城客户服务中心")]  # the second holds words of no dictionary (HMM)
there = importlib.util.find_spec("pkg_resources") is not None
if there:
    import pkg_resources  # within reach again for anyone else
print(json.dumps({"loaded": loaded, "words": words, "there": there,
                  "quiet": __import__("jieba").default_logger.level}))
"""


def test_jieba_loads_without_pkg_resources_and_leaves_it_importable() -> None:
    out = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert not found["loaded"]  # 0.12 s of every build, for jieba to open its own files
    first, second = found["words"]
    assert "离职" in first and "".join(first) == "员工离职管理工作规程" and "".join(second) == "鲁能星城客户服务中心"
    assert found["quiet"] >= 30 and "Building prefix dict" not in out.stderr  # warnings and up: no start-up lines


_ENGLISH_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1]))
print("jieba" in sys.modules)
"""


def test_an_english_site_never_loads_jieba(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "en"
    shutil.copytree(REPO / "examples" / "en-quality-manual", root, ignore=shutil.ignore_patterns("build", "issued"))
    out = subprocess.run([sys.executable, "-c", _ENGLISH_BUILD, str(root / "mkdocs.yml")], capture_output=True,
                         text=True, cwd=root)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert (root / "build" / "site" / "search" / "index.js").is_file()  # the search was written, unsegmented
