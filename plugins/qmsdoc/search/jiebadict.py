"""jieba's default dictionary split by first character, so a rebuild that segments a few changed sections reads
only the words those sections can contain instead of loading all 500,000 (about a second, every process).

jieba looks words up only as substrings starting at the character it stands on (`get_DAG`, `calc`, the HMM
re-cut): every key it can ask about with first character c lives in shard c, so a mapping that loads shard c on
the first question about such a key answers exactly as the full dictionary does, and with the same total the
segmentation is the same. The file is written from jieba's own loaded dictionary (after a build that needed it)
and carries jieba's version and the hash of its dictionary file; with another dictionary set on jieba or any doubt
about the file, jieba loads its dictionary as usual."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.cachefile import save_cache
from ..core.paths import JIEBA_DICTIONARY

CACHE_NAME = JIEBA_DICTIONARY
_MAGIC = b"qmsdoc-jieba-dictionary 1\n"


def load_jieba() -> Any:
    """jieba, or None without it; every import of jieba in qmsdoc goes through here. jieba's `_compat` imports
    the deprecated pkg_resources only to open jieba's own data files, and opens them directly when it cannot: its
    import is kept out of reach while jieba loads (0.12 s of every build and check), and within reach after.
    jieba's four English start-up lines (logged at DEBUG to its own stderr handler when its dictionary loads)
    tell a quality officer nothing: its log level is set to warnings."""
    jieba = sys.modules.get("jieba") or _import_jieba()
    if jieba is not None:
        jieba.setLogLevel(logging.WARNING)
    return jieba


def _import_jieba() -> Any:
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import` raises ImportError
    try:
        import jieba
    except ImportError:
        return None
    finally:
        if blocked and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def _default_in_use(jieba: Any) -> bool:
    """jieba's default tokenizer on its own dictionary."""
    return bool(jieba.dt.dictionary == jieba.DEFAULT_DICT)


def dictionary_salt(jieba: Any) -> str:
    """What the shards were made from: jieba's version and the bytes of its default dictionary."""
    with jieba.dt.get_dict_file() as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return f"{getattr(jieba, '__version__', '')}|{digest}"


class ShardedFrequencies:
    """The part of jieba's FREQ mapping it asks for, read shard by shard from the file's bytes. If a shard cannot
    be read, the tokenizer loads its own dictionary and every answer comes from that from then on."""

    def __init__(self, data: bytes, start: int, shards: dict[str, list[int]], tokenizer: Any) -> None:
        self._data = data
        self._start = start
        self._shards = shards
        self._tokenizer = tokenizer
        self._words: dict[str, int] = {}
        self._loaded: set[str] = set()
        self._full: dict[str, int] | None = None
        self.shards_read = 0

    def _table(self, key: str) -> dict[str, int]:
        if self._full is not None:
            return self._full
        first = key[:1]
        if first not in self._loaded:
            self._loaded.add(first)
            span = self._shards.get(first)
            if span is not None:
                try:
                    offset, length = span
                    shard = json.loads(self._data[self._start + offset:self._start + offset + length])
                    if not isinstance(shard, dict):
                        raise ValueError("shard is not a mapping")
                except (ValueError, TypeError):
                    return self._load_full()
                self._words.update(shard)
                self.shards_read += 1
        return self._words

    def _load_full(self) -> dict[str, int]:
        """jieba's own dictionary, loaded as jieba would have without us."""
        tokenizer = self._tokenizer
        tokenizer.initialized = False
        tokenizer.FREQ = {}
        tokenizer.initialize()
        self._full = tokenizer.FREQ
        assert self._full is not None
        return self._full

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._table(key)

    def __getitem__(self, key: str) -> int:
        return self._table(key)[key]

    def get(self, key: str, default: int | None = None) -> int | None:
        return self._table(key).get(key, default)

    def __setitem__(self, key: str, value: int) -> None:  # jieba.add_word
        self._table(key)[key] = value


def install(folders: Iterable[Path]) -> ShardedFrequencies | None:
    """Answer jieba's dictionary look-ups from the first usable shard file in `folders`, if jieba has not loaded
    its dictionary yet and uses its default one; None (jieba unchanged) otherwise."""
    jieba = load_jieba()
    if jieba is None or jieba.dt.initialized or not _default_in_use(jieba):
        return None
    salt: str | None = None
    for folder in folders:
        try:
            data = (folder / CACHE_NAME).read_bytes()
        except OSError:
            continue
        try:
            if not data.startswith(_MAGIC):
                continue
            end = data.index(b"\n", len(_MAGIC))
            header = json.loads(data[len(_MAGIC):end])
            salt = salt or dictionary_salt(jieba)
            if not (isinstance(header, dict) and header.get("salt") == salt and isinstance(header.get("total"), int)
                    and isinstance(header.get("shards"), dict)):
                continue
        except (ValueError, OSError):
            continue
        frequencies = ShardedFrequencies(data, end + 1, header["shards"], jieba.dt)
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = frequencies, header["total"], True
        return frequencies
    return None


def _valid(path: Path, salt: str) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.readline() == _MAGIC and json.loads(handle.readline()).get("salt") == salt
    except (OSError, ValueError, AttributeError):
        return False


def keep(out_dir: Path, previous: Iterable[Path] = ()) -> bool:
    """Make sure `out_dir` holds the shard file of jieba's default dictionary: written from the dictionary jieba
    loaded in this process, or copied from one of the `previous` folders (`qmsdoc build` writes a new folder).
    False when there is nothing to make it from."""
    jieba = load_jieba()
    if jieba is None or not _default_in_use(jieba):
        return False
    salt = dictionary_salt(jieba)
    target = out_dir / CACHE_NAME
    if _valid(target, salt):
        return True
    loaded = jieba.dt.initialized and isinstance(jieba.dt.FREQ, dict)
    source = next((folder / CACHE_NAME for folder in previous if _valid(folder / CACHE_NAME, salt)), None)
    if not loaded and source is None:
        return False
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    if loaded:
        return save_cache(target, lambda out: _write(out, jieba.dt.FREQ, jieba.dt.total, salt))
    assert source is not None
    return save_cache(target, lambda out: out.write(source.read_bytes()))


def _write(out: BinaryIO, frequencies: dict[str, int], total: int, salt: str) -> None:
    by_first: dict[str, dict[str, int]] = {}
    for word, count in frequencies.items():
        by_first.setdefault(word[:1], {})[word] = count
    shards: dict[str, list[int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for first, words in by_first.items():
        chunk = json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        shards[first] = [offset, len(chunk)]
        chunks.append(chunk)
        offset += len(chunk)
    header = json.dumps({"salt": salt, "total": total, "shards": shards}, ensure_ascii=False)
    out.write(_MAGIC + header.encode("utf-8") + b"\n")
    out.writelines(chunks)
