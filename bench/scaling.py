"""Does extraction stay linear in the text? Time and peak memory of `extract_file` for growing documents.

    .venv/bin/python bench/scaling.py [--sizes 0.1,1,3] [--cjk] [--base REV] [--timeout S] [--quick]

Each document is the seed texts repeated up to SIZE million characters (`--cjk` adds the same sizes as one
line of Chinese characters without any punctuation, the worst case for sentence splitting). Each size runs in
a fresh process after a warm-up, so the memory figure is the growth of its peak RSS over the warmed-up process.
A linear extractor keeps µs/char and MB per M chars about constant down the table. `--base REV` runs the same
documents with the code of a git revision too (old and new side by side); a run past `--timeout` seconds is
stopped and shown as such. `--quick` is a tiny run for the smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"


def _document(seeds: Path, chars: int, cjk: bool) -> str:
    sys.path.insert(0, str(REPO))
    from loaders.read import read_document

    # the seeds as read (page furniture removed), so no navigation phrase ends up inside the long CJK line
    block = "\n\n".join(read_document(p).text for p in sorted(seeds.glob("*.txt"))) + "\n\n"
    if cjk:
        block = "".join(re.findall(r"[\u4e00-\u9fff]", block))
    body = (block * (chars // len(block) + 1))[:chars]
    return "关于人工智能产业发展的说明\n\n" + body if cjk else body  # a title: a lone line would be dropped


def _measure_one(path: Path, warm: Path) -> None:
    """Runs inside the tree measured: prints {"seconds", "peak_mb"} of one extraction."""
    sys.path.insert(0, os.getcwd())
    from loaders import extract_file

    extract_file(warm)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    extraction = extract_file(path)
    seconds = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # Linux reports KiB
    print(json.dumps({"seconds": seconds, "peak_mb": grown, "entities": len(extraction.entities)}))


def _run(tree: Path, path: Path, warm: Path, timeout: float) -> dict[str, float] | None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from bench.scaling import _measure_one; "
            "from pathlib import Path; _measure_one(Path(sys.argv[2]), Path(sys.argv[3]))")
    env = {**os.environ, "PYTHONPATH": str(tree), "AIKG_MAX_CHARS": "100000000", "AIKG_MAX_BYTES": "1000000000"}
    try:
        done = subprocess.run([sys.executable, "-c", code, str(REPO), str(path), str(warm)], cwd=tree, env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"extraction failed in {tree}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(result: dict[str, float] | None, chars: int, timeout: float) -> str:
    if result is None:
        return f"{'> ' + format(timeout, '.0f') + ' s (stopped)':>36}"
    us = result["seconds"] / chars * 1e6
    return f"{result['seconds']:8.1f} s {us:6.1f} µs/char {result['peak_mb']:7.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0.1,1,3", help="million characters, comma-separated (default 0.1,1,3)")
    ap.add_argument("--cjk", action="store_true", help="also one line of Chinese characters, no punctuation")
    ap.add_argument("--base", help="a git revision to measure too, side by side")
    ap.add_argument("--timeout", type=float, default=900, help="seconds allowed per extraction (default 900)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--quick", action="store_true", help="tiny sizes (0.01, 0.03 M chars), for the smoke test")
    args = ap.parse_args(argv)
    if not args.seeds.is_dir() or not any(args.seeds.glob("*.txt")):
        print(f"skipped: no seed documents at {args.seeds}")
        return 0
    sizes = [0.01, 0.03] if args.quick else [float(s) for s in args.sizes.split(",")]
    kinds = ["text", "cjk"] if args.cjk or args.quick else ["text"]
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"now": REPO}
        if args.base:
            trees = {args.base: Path(tmp) / "base", **trees}
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(trees[args.base]),
                            args.base], check=True)
        try:
            warm = sorted(args.seeds.glob("*.txt"))[0]
            print(f"{'document':22}" + "".join(f"{name:>38}" for name in trees))
            for kind in kinds:
                for size in sizes:
                    chars = int(size * 1_000_000)
                    path = Path(tmp) / f"{kind}-{size}.txt"
                    path.write_text(_document(args.seeds, chars, kind == "cjk"), encoding="utf-8")
                    cells = [_cell(_run(tree, path, warm, args.timeout), chars, args.timeout)
                             for tree in trees.values()]
                    print(f"{kind:5} {size:>6g} M chars    " + "  ".join(cells), flush=True)
        finally:
            if args.base:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(trees[args.base])],
                               check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
