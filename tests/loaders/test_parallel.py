"""Extraction over a pool of processes: outcomes in input order, bad files reported, same facts as in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

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
