"""Extraction across cores: documents per second with 1 worker vs N workers (`loaders.parallel`), same files.

    .venv/bin/python bench/workers.py [--workers N] [--copies 4] [--seeds DIR]

The files are the seed documents (and ../shared/real/texts when present) copied `--copies` times. The
1-worker run extracts in this process after a warm-up; the N-worker run includes starting its pool and loading
LAC in every worker, so the ratio is if anything on the low side. Target (issue 10): >= 1.7x on 2 cores.
The machine may be shared: other work on it shows up in the N-worker figure first.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders import extract_file  # noqa: E402
from loaders.parallel import default_workers, extract_files  # noqa: E402

SHARED = REPO.parent / "shared"


def _timed(files: list[Path], workers: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    chars = sum(o.extraction.doc.chars for o in extract_files(files, workers) if o.extraction is not None)
    return time.perf_counter() - t0, chars


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=max(2, default_workers()))
    ap.add_argument("--copies", type=int, default=4, help="how many times each document is repeated")
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    args = ap.parse_args(argv)
    sources = sorted(args.seeds.glob("*.txt")) + sorted((SHARED / "real" / "texts").glob("*.txt"))
    if not sources:
        print(f"skipped: no seed documents at {args.seeds}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for copy in range(args.copies):
            for src in sources:
                files.append(Path(tmp) / f"{copy}_{src.name}")
                shutil.copy(src, files[-1])
        extract_file(sources[0])  # the one-process run starts with its model loaded
        one, chars = _timed(files, 1)
        many, _ = _timed(files, args.workers)
    print(f"{len(files)} documents, {chars:,} characters; {default_workers()} core(s) available")
    print(f"{'workers':>8} {'seconds':>9} {'docs/s':>8} {'chars/s':>10}")
    for n, secs in ((1, one), (args.workers, many)):
        print(f"{n:>8} {secs:9.2f} {len(files) / secs:8.2f} {chars / secs:10,.0f}")
    speedup = one / many
    print(f"speed-up {speedup:.2f}x with {args.workers} workers (target >= 1.7x on 2 cores: "
          f"{'met' if speedup >= 1.7 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
