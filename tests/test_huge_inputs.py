"""Huge bodies build in time proportional to their size: the loops over a body's rows, items and headings
keep their results when their repeated look-aheads are replaced by one pass (timings: BENCHMARKS.md, not here)."""

from __future__ import annotations

from pathlib import Path

from qmsdoc.core.copyblocks import TableBlock, inline_text
from qmsdoc.core.copybody import run_ends, walk_body


def test_run_ends_names_where_each_run_of_equal_values_stops() -> None:
    assert run_ends([]) == []
    assert run_ends([7]) == [1]
    assert run_ends([0, 0, 1, 1, 1, 0, 2]) == [2, 2, 5, 5, 5, 6, 7]


def test_a_row_span_stops_at_the_end_of_its_row_group_in_a_table_of_several_groups() -> None:
    html = ("<table><thead><tr><th rowspan=\"3\">H</th><th>h2</th></tr><tr><th>h3</th></tr></thead>"
            "<tbody><tr><td>a1</td><td>a2</td></tr><tr><td rowspan=\"5\">b1</td><td>b2</td></tr>"
            "<tr><td>c2</td></tr></tbody></table>")
    table = next(b for b in walk_body(html) if isinstance(b, TableBlock))
    shown = [[inline_text(c.inlines or ()) if not c.covered else c.covered for c in row] for row in table.rows]
    # the head's span of 3 covers the head's two rows only; the body's span of 5 its last two
    assert shown == [["H", "h2"], ["above", "h3"], ["a1", "a2"], ["b1", "b2"], ["above", "c2"]], shown
    assert [row[0].rowspan for row in table.rows if not row[0].covered] == [2, 1, 2]


def _record_collector(job: object) -> bytes:
    import gc

    return b"paused" if not gc.isenabled() else b"running"


def test_one_copy_is_built_with_the_cyclic_collector_paused_and_it_runs_again_after(tmp_path: Path) -> None:
    import gc

    from qmsdoc.core.copywriter import _write
    from qmsdoc.core.i18n import current
    from qmsdoc.core.revision import scheme

    assert gc.isenabled()
    _write(_record_collector, current().code, scheme().name, (tmp_path, "copy.bin", None))  # type: ignore[arg-type]
    assert (tmp_path / "copy.bin").read_bytes() == b"paused"
    assert gc.isenabled()
