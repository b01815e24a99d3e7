"""Cached readers for the knowledge files in `loaders/data/` (word lists and tab-separated tables).

Names are paths under `loaders/data/`, by stage: `words("mentions/person_stop.txt")`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        line = line.rstrip("\n")
        if line.strip():
            out.append(line)
    return out


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-a-line list as a set."""
    return frozenset(line.strip() for line in _lines(name))


@cache
def ordered_words(name: str) -> tuple[str, ...]:
    """A one-word-a-line list, longest first (for longest-match scans)."""
    return tuple(sorted({line.strip() for line in _lines(name)}, key=len, reverse=True))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated table as rows of stripped cells."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name))
