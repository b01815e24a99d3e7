"""The benchmark scripts still run (tiny sizes): a benchmark that rots is worse than none.

These check that each script finishes and prints its figures; the figures themselves are not asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS


def run_bench(*args: str, timeout: int = 300) -> str:
    done = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_write_benchmark_runs() -> None:
    out = run_bench("bench/write.py", "--relations", "400", "--entities", "60", "--single", "40")
    assert "relationships/s" in out and "one statement per relationship" in out and "peak memory" in out


def test_write_benchmark_compares_with_a_revision() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no revision to compare with")
    out = run_bench("bench/write.py", "--base", "HEAD", "--rounds", "1", "--relations", "200", "--entities", "30")
    assert "batched write,       HEAD" in out and "this tree / HEAD" in out


def test_extract_benchmark_runs() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    out = run_bench("bench/extract.py", "--mb", "0.01")
    assert "extract / LAC" in out


def test_rules_report_runs() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    out = run_bench("-m", "bench.rules", "--only", "seeds")
    assert "task-units" in out and "worst" in out


def test_api_benchmark_runs(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    out = run_bench("-m", "bench.queries_api", "--cities", "1", "--runs", "2", "--data", store, timeout=600)
    assert "p99" in out or "p50" in out


def test_analysis_benchmark_runs(tmp_path: Path) -> None:
    out = run_bench("-m", "bench.analysis", "--cities", "1", "--data", str(tmp_path / "store"), timeout=600)
    assert "Louvain communities" in out and "profile" in out


def test_store_comparison_benchmark_runs() -> None:
    from tools.neo4j_local import JAR

    if not JAR.is_file():
        pytest.skip(f"{JAR} not built: `make neo4j-jar` (make test builds it)")
    out = run_bench("-m", "bench.stores", "--cities", "1", "--runs", "1", timeout=900)
    assert "relationships/s" in out and "Neo4j p50" in out and "migrate FalkorDB -> Neo4j" in out
    assert "counts identical" in out


def test_scaling_benchmark_runs() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    out = run_bench("bench/scaling.py", "--quick")
    assert "µs/char" in out and "cjk" in out and "MB" in out


def test_workers_benchmark_runs() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    out = run_bench("bench/workers.py", "--copies", "1", "--workers", "2")
    assert "speed-up" in out and "docs/s" in out
