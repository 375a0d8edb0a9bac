"""The cache writer every cache in build/ goes through: what it streams is the JSON the readers parse,
and a failed write leaves the previous cache and no temporary file."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from qmsdoc.core.cachefile import json_writer, save_cache

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_values = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), _values, max_size=6))
def test_streamed_json_reads_back_as_the_data(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    path = tmp_path_factory.mktemp("c") / "cache.json"
    assert save_cache(path, json_writer(data))
    assert json.loads(path.read_text("utf-8")) == data
    assert save_cache(path, json_writer(data, depth=1))  # the whole in one encoder call
    assert json.loads(path.read_text("utf-8")) == data


def test_cjk_and_markup_are_written_as_utf8_and_read_back(tmp_path: Path) -> None:
    data = {"entries": {"质量记录\"</script>": ["请假 管理", {"\u2028": "\\"}]}, "salt": "x"}
    path = tmp_path / "c.json"
    assert save_cache(path, json_writer(data))
    assert "质量记录" in path.read_text("utf-8")  # not \u-escaped: a third of the bytes
    assert json.loads(path.read_bytes()) == data


def test_a_value_json_cannot_hold_keeps_the_previous_cache_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"old": 1}', "utf-8")
    assert not save_cache(path, json_writer({"entries": {"a": {1, 2}}}))
    assert not save_cache(path, json_writer({"entries": {1: "int key"}}))
    assert path.read_text("utf-8") == '{"old": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]


def test_a_missing_folder_is_a_quiet_false(tmp_path: Path) -> None:
    assert not save_cache(tmp_path / "gone" / "c.pickle", lambda out: pickle.dump({"a": 1}, out))
    assert not (tmp_path / "gone").exists()


def test_a_pickle_writer_is_streamed_into_place(tmp_path: Path) -> None:
    path = tmp_path / "c.pickle"
    assert save_cache(path, lambda out: pickle.dump({"version": 3, "entries": {"k": b"\0"}}, out))
    assert pickle.loads(path.read_bytes()) == {"version": 3, "entries": {"k": b"\0"}}


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), _values, max_size=6), st.dictionaries(st.text(), _values, max_size=4),
       st.lists(st.booleans(), max_size=12), st.randoms(use_true_random=False))
def test_a_cache_written_again_from_its_own_text_is_the_file_written_afresh(
        tmp_path_factory: Any, before: dict[str, Any], added: dict[str, Any], changed: list[bool], rnd: Any) -> None:
    from qmsdoc.core.cachefile import KeptText

    folder = tmp_path_factory.mktemp("c")
    assert save_cache(folder / "old.json", json_writer({"salt": "s", "pages": before}))
    kept = KeptText.read((folder / "old.json").read_text("utf-8"), "pages")
    assert kept is not None and kept.salt == "s" and {k: v for k, (v, *_) in kept.members.items()} == before
    now = dict(before)
    unchanged = {}
    for n, key in enumerate(before):
        if n < len(changed) and changed[n]:
            now[key] = ["changed", n]
        else:
            unchanged[key] = kept.members[key][1:]
    now.update({k: v for k, v in added.items() if k not in before})
    order = list(now)
    rnd.shuffle(order)  # members in another order than the file's: runs break where it differs
    now = {k: now[k] for k in order}
    assert save_cache(folder / "new.json", kept.writer("s", "pages", now, unchanged))
    assert save_cache(folder / "fresh.json", json_writer({"salt": "s", "pages": now}))
    assert (folder / "new.json").read_bytes() == (folder / "fresh.json").read_bytes()


def test_other_json_or_a_damaged_file_is_not_read_member_by_member() -> None:
    from qmsdoc.core.cachefile import KeptText

    assert KeptText.read('{"salt": "s", "pages": {}}', "pages") is None  # spaces: not as json_writer writes
    assert KeptText.read('{"salt":"s","pages":{"a":1,}}', "pages") is None
    assert KeptText.read('{"salt":"s","pages":{"a":1}', "pages") is None
    assert KeptText.read('{"salt":"s","entries":{"a":1}}', "pages") is None
    empty = KeptText.read('{"salt":"s","pages":{}}', "pages")
    assert empty is not None and empty.members == {}
