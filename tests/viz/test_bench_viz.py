"""bench/viz.py still runs (tiny sizes, no browser); its figures are not asserted."""

from __future__ import annotations

from tests.test_bench import run_bench


def test_viz_benchmark_runs() -> None:
    out = run_bench("bench/viz.py", "--sizes", "30", "60", "--runs", "1", "--no-browser")
    header, _units, *rows = out.splitlines()
    assert "view 1st" in header and "png again" in header and "issue 10" in header
    assert [row.split()[0] for row in rows] == ["30", "60"]
