"""Print how fast `parse_structure` and `regions().scan` run on the seed documents (or any folder given).

Usage: python bench/structure_speed.py [FOLDER]   (default /work/shared/seeds)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loaders.normalize import normalize
from loaders.regions import regions
from loaders.structure import parse_structure


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds")
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in sorted(folder.glob("*.txt"))]
    if not texts:
        print(f"no .txt documents in {folder}")
        return
    t0 = time.perf_counter()
    parse_structure(texts[0])
    print(f"warm-up (tables, tokenizer): {time.perf_counter() - t0:.2f} s")
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        parse_structure(t)
    dt = time.perf_counter() - t0
    print(f"parse_structure: {len(texts)} documents, {chars} chars in {dt:.3f} s ({chars / dt / 1000:.0f} k chars/s)")
    t0 = time.perf_counter()
    n = sum(len(regions().scan(t)) for t in texts)
    dt = time.perf_counter() - t0
    print(f"regions().scan: {n} mentions in {dt:.3f} s")
    big = "\n".join(texts * 10)
    t0 = time.perf_counter()
    parse_structure(big)
    print(f"one document of {len(big)} chars: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
