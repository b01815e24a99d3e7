"""Extraction over a pool of processes: outcomes in input order, bad files reported, same facts as in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders.parallel import IN_FLIGHT_PER_WORKER, extract_files
from tests.conftest import EXAMPLES


def test_pool_keeps_input_order_and_reports_bad_files(tmp_path: Path) -> None:
    files = []
    # more files than the in-flight window, so the window has to move on
    for i, src in enumerate(sorted(EXAMPLES.glob("*.txt")) * 2):
        files.append(tmp_path / f"{i:02}_{src.name}")
        shutil.copy(src, files[-1])
    bad = tmp_path / "empty.txt"
    bad.write_text("  \n", encoding="utf-8")
    files.insert(1, bad)
    assert len(files) > 2 * IN_FLIGHT_PER_WORKER
    pooled = list(extract_files(files, workers=2))
    assert [o.path for o in pooled] == files
    assert pooled[1].extraction is None and pooled[1].bad_input and pooled[1].error
    alone = list(extract_files(files, workers=1))
    assert [o.extraction for o in pooled] == [o.extraction for o in alone]


def _children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                found.append(int(proc.name))
    return found


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc (Linux) to find the workers")
    files = []
    for i in range(12):
        files.append(tmp_path / f"{i:02}.txt")
        shutil.copy(sorted(EXAMPLES.glob("*.txt"))[0], files[-1])
    script = ("import sys; from pathlib import Path; from loaders.parallel import extract_files\n"
              "for o in extract_files([Path(p) for p in sys.argv[1:]], workers=2): print(o.path, flush=True)\n")
    parent = subprocess.Popen([sys.executable, "-c", script, *map(str, files)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    assert parent.stdout is not None
    parent.stdout.readline()  # the pool is up and working
    workers = _children(parent.pid)
    assert len(workers) >= 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() and _alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and _alive(w)], "orphaned workers left running"


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
