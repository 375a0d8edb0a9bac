"""Content-addressed Word copies: a full build takes an unchanged copy from the previous build and writes
again exactly the copies whose inputs changed — its text, its pictures, a dirty rebuild in between."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import docx
import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.word import export
from qmsdoc.word.export import plan_export, update_files, write_files

from conftest import Project

DOC = "manuals/qp-hr/QP-02-01.md"
COPY = "documents/QP-02-01.docx"


def _png(red: int) -> bytes:
    """A valid 8×8 PNG of one colour (python-docx reads its size, so it must be a real image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes((red, 80, 160)) * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the copies actually built (not reused), in order."""
    made: list[str] = []
    real = export._build

    def counting(job: object) -> bytes:
        made.append(job.id)  # type: ignore[attr-defined]
        return real(job)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "_build", counting)
    return made


def _export(project: Project, *, previous: bool = True, only: list[str] | None = None) -> Path:
    result = check(load_config(project.root))
    assert result.ok, [f.format() for f in result.findings]
    plan = plan_export(result, CorpusRenderer(result.corpus, result.context.config), "测试物业公司", only)
    out = project.root / "out" / "docx"
    if only is not None:
        update_files(plan, out, workers=1)
    else:
        # a build writes a new folder; the previous one is what the last build left (here: the same place)
        earlier = project.root / "previous"
        shutil.rmtree(earlier, ignore_errors=True)
        if previous and out.is_dir():
            shutil.copytree(out, earlier)
        write_files(plan, out, workers=1, previous=earlier if previous else None)
    return out


def _title(path: Path) -> str:
    return docx.Document(str(path)).paragraphs[0].text


def test_an_unchanged_build_writes_no_copy_and_an_edit_writes_its_own(project: Project, built: list[str]) -> None:
    out = _export(project)
    total = len(built)
    assert total > 50
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.docx")}
    built.clear()
    again = _export(project)
    assert built == []  # every copy came from the previous build...
    assert {p.relative_to(again): p.read_bytes() for p in again.rglob("*.docx")} == first  # ...the same bytes

    project.revise(DOC, "title: 招聘与录用管理工作规程", "title: 人员招聘与录用管理工作规程")
    _export(project)
    # The document, the whole-manual copy holding it, its forms and the documents citing it by title.
    assert {"QP-02-01", "QP-02", "QP-02-01-F001"} <= set(built) and len(built) < total / 3
    assert "KF0301" not in built and _title(out / COPY) == "人员招聘与录用管理工作规程"
    partly = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.docx")}
    changed = {str(path) for path, data in partly.items() if first[path] != data}
    assert len(changed) == len(built)  # nothing rebuilt that came out the same

    built.clear()
    _export(project, previous=False)  # nothing to take from: everything is built...
    assert len(built) == total
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*.docx")} == partly  # ...to the same bytes


def test_a_changed_picture_rebuilds_the_copies_that_show_pictures(project: Project, built: list[str]) -> None:
    picture = project.path("manuals/qp-hr/assets/chart.png")
    picture.parent.mkdir()
    picture.write_bytes(_png(200))
    project.revise(DOC, "## 2.0 适用范围", "![流程](assets/chart.png)\n\n## 2.0 适用范围")
    out = _export(project)
    before = (out / COPY).read_bytes()
    built.clear()
    _export(project)
    assert built == []  # same picture: reused
    picture.write_bytes(_png(20))  # same name, same size, another picture
    _export(project)
    assert "QP-02-01" in built and "QP-02-02" not in built  # only copies with pictures look at them
    assert (out / COPY).read_bytes() != before


def test_a_dirty_rewrite_is_recorded_so_a_revert_is_not_served_stale(project: Project, built: list[str]) -> None:
    out = _export(project)
    project.revise(DOC, "title: 招聘与录用管理工作规程", "title: 人员招聘与录用管理工作规程")
    _export(project, only=["QP-02-01"])  # a dirty rebuild rewrites the copy in place
    assert _title(out / COPY) == "人员招聘与录用管理工作规程"
    project.revise(DOC, "title: 人员招聘与录用管理工作规程", "title: 招聘与录用管理工作规程")  # and back
    built.clear()
    _export(project)
    assert "QP-02-01" in built and _title(out / COPY) == "招聘与录用管理工作规程"


def test_a_damaged_record_reuses_nothing(project: Project, built: list[str]) -> None:
    out = _export(project)
    total = len(built)
    (out / ".qmsdoc-jobs.json").write_text("{not json", "utf-8")
    built.clear()
    _export(project)
    assert len(built) == total
