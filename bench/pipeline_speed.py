"""Extraction throughput against raw LAC on the same sentences (target: pipeline >= half of raw LAC).

Usage: .venv/bin/python bench/pipeline_speed.py [FILE_OR_FOLDER ...]   (default: ../shared/seeds)
Prints characters per second for LAC alone and for the whole pipeline (read → relations).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from loaders.mentions import _lac, split_sentences
from loaders.normalize import normalize
from loaders.pipeline import collect_documents, extract_file
from loaders.read import read_document


def main(args: list[str]) -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    files, problems = collect_documents(args or [default])
    for path, reason in problems:
        print(f"skip {path}: {reason}", file=sys.stderr)
    if not files:
        sys.exit("no documents")
    texts = [normalize(read_document(f).text).text for f in files]
    for f in files:  # warm up: LAC model, lexicons, region table, jieba dictionary
        extract_file(f)
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        _lac().run([s.text for s in split_sentences(t)])
    lac = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in files:
        extract_file(f)
    full = time.perf_counter() - t0
    print(f"documents={len(files)} chars={chars}")
    print(f"raw LAC:  {chars / lac:,.0f} chars/s")
    print(f"pipeline: {chars / full:,.0f} chars/s ({full / len(files) * 1000:.0f} ms/doc)")
    print(f"ratio pipeline/LAC: {lac / full:.2f} (target >= 0.50)")


if __name__ == "__main__":
    main(sys.argv[1:])
