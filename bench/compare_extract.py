"""Is `aikg extract` byte-identical between a git revision and the working tree? For refactors.

    .venv/bin/python bench/compare_extract.py [--base REV]   # REV defaults to HEAD

Checks out REV into a temporary git worktree, runs the extractor of each tree (same virtualenv, the tree's
code first on sys.path) over the seeds, examples/, every corpus under tests/loaders/ and ../shared/real/texts/,
and prints per set whether the JSON Lines are identical. Exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def _sets() -> dict[str, list[str]]:
    dirs = {"seeds": SHARED / "seeds", "real": SHARED / "real" / "texts", "examples": REPO / "examples",
            **{p.name: p for p in sorted((REPO / "tests" / "loaders").iterdir()) if p.name.startswith("corpus")},
            "samples": REPO / "tests" / "loaders" / "samples"}
    out = {}
    for name, folder in dirs.items():
        files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if files:
            out[name] = files
    return out


def _extract(tree: Path, files: list[str]) -> bytes:
    # `python -c` puts its working directory first on sys.path: run inside the tree whose code is meant;
    # absolute file paths keep the "path" field the same for both trees
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = "import sys; from api.cli import main; sys.argv = ['aikg', 'extract', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *files], cwd=tree, env=env, capture_output=True,
                          check=False).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD")
    args = ap.parse_args()
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            for name, files in _sets().items():
                old, new = _extract(base, files), _extract(REPO, files)
                same = old == new and bool(new)
                differ += not same
                verdict = "identical" if same else "DIFFERENT"
                print(f"{name:10} {len(files):3} documents  {len(new):>9,} bytes  {verdict}")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
