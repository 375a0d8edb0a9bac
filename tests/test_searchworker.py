"""The built site's search worker gets qmsdoc's Chinese query segmentation (issue #16): found by shape in the
installed Material, replaced once, left alone when unrecognised. The behaviour in a browser is tested in
test_reader.py (请假 does not match pages that only have 请)."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import material
import pytest

from qmsdoc.site import plugin
from qmsdoc.site.searchworker import EXACT_MARK, MARK, WORKERS, patch_site, patch_source

MATERIAL_WORKERS = Path(material.__file__).parent / "templates" / WORKERS


def installed_worker() -> Path:
    workers = sorted(MATERIAL_WORKERS.glob("search*.js"))
    assert len(workers) == 1, workers
    return workers[0]


def site_with(tmp_path: Path, source: Path | str) -> Path:
    folder = tmp_path / "site" / WORKERS
    folder.mkdir(parents=True)
    target = folder / (source.name if isinstance(source, Path) else "search.0000.min.js")
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        target.write_text(source, encoding="utf-8")
    return target


def test_installed_material_worker_is_recognised_and_corrected(tmp_path: Path) -> None:
    original = installed_worker().read_text(encoding="utf-8")
    assert MARK not in original
    patched = patch_source(original)
    assert patched is not None and patched.count(MARK) == 1
    # Material's function is gone: the loop that never tried the whole query.
    assert "new Uint16Array" in original and "new Uint16Array" not in patched
    # Same name, so every call site still reaches it; everything around the function is Material's own.
    name = re.search(re.escape(MARK) + r"function ([\w$]+)\(", patched).group(1)  # type: ignore[union-attr]
    assert original.count(f"{name}(") == patched.count(f"{name}(") >= 2  # the definition and a call
    # The exact-number promotion goes in front, after Material's "use strict" (the bundle stays strict).
    assert patched.count(EXACT_MARK) == 1 and patched.startswith('"use strict";' + EXACT_MARK)
    promotion_end = patched.index(EXACT_MARK) + patched[patched.index(EXACT_MARK):].index("})();") + len("})();")
    head = '"use strict";' + patched[promotion_end:patched.index(MARK)]
    assert original.startswith(head)
    end = original.index("}", original.index('.has("")?new Set([', len(head))) + 1  # Material's function ends
    assert patched.endswith(original[end:]) and len(original) - end > 1000

def test_site_worker_is_patched_once(tmp_path: Path) -> None:
    worker = site_with(tmp_path, installed_worker())
    first = patch_site(tmp_path / "site")
    assert first.patched == [worker] and not first.unknown
    once = worker.read_bytes()
    second = patch_site(tmp_path / "site")  # a dirty rebuild keeps the already-corrected copy
    assert second.current == [worker] and not second.patched
    assert worker.read_bytes() == once
    assert not [p for p in worker.parent.iterdir() if p.name != worker.name]  # no temporary left behind


def test_unrecognised_worker_is_left_alone_and_the_build_says_so(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    source = "function segment(q,i){return new Set([q])}"
    worker = site_with(tmp_path, source)
    with caplog.at_level(logging.WARNING):
        plugin._correct_search_worker(tmp_path / "site")
    assert worker.read_text(encoding="utf-8") == source
    assert any("无法修正" in r.getMessage() and worker.name in r.getMessage() for r in caplog.records)


def test_recognised_worker_gives_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site_with(tmp_path, installed_worker())
    with caplog.at_level(logging.WARNING):
        plugin._correct_search_worker(tmp_path / "site")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_site_without_material_search_is_untouched(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    result = patch_site(tmp_path / "site")
    assert not (result.patched or result.current or result.unknown)
