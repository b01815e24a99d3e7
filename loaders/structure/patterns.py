"""Shared pieces of the structure stage: the pattern knowledge and small text utilities.

`structure_lexicon()` loads, once, what the structure finders know: `data/structure/patterns.json` (labels,
boilerplate, verbs, suffixes …), `role_titles.txt` (titles, marked membership / party) and `surnames.txt`.
The text utilities squeeze layout blanks and split lists outside brackets;
they accept full-width and ASCII brackets alike, because the normaliser's conventions may change.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from loaders.lang import DATA

_DATA = DATA / "structure"


class StructureLexicon:
    """What the structure finders know: the patterns file, role titles and surnames, read once."""

    def __init__(self) -> None:
        self.p: dict[str, Any] = json.loads((_DATA / "patterns.json").read_text(encoding="utf-8"))
        titles: list[tuple[str, str]] = []  # (title, mark: "" | membership | party)
        for line in (_DATA / "role_titles.txt").read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                parts = line.split()
                titles.append((parts[0], parts[1] if len(parts) > 1 else ""))
        self.titles = sorted({t for t, _ in titles}, key=len, reverse=True)
        self.membership = {t for t, m in titles if m == "membership"}
        self.party = {t for t, m in titles if m == "party"}
        single: set[str] = set()
        compound: set[str] = set()
        for line in (_DATA / "surnames.txt").read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            for tok in line.split():
                if len(tok) == 2 and " " in line:
                    compound.add(tok)
                else:
                    single.update(tok)
        self.surnames, self.compound_surnames = single, compound
        self.org_suffixes = sorted(self.p["org_suffixes"], key=len, reverse=True)
        self.title_re = re.compile("|".join(re.escape(t) for t in self.titles))


@lru_cache(maxsize=1)
def structure_lexicon() -> StructureLexicon:
    return StructureLexicon()


# ---------------------------------------------------------------------------------------------------------------
# small text helpers

OPEN, CLOSE = "（(〔[［【", "）)〕]］】"
WS = " \t\r\n\u3000\xa0"
HAN = re.compile(r"[\u4e00-\u9fff]")


def squeeze(s: str) -> str:
    """Drop layout blanks next to Han characters (江苏省 2023 年度 → 江苏省2023年度); keep them between Latin words."""
    s = re.sub(r"[\s\u3000\xa0]+", " ", s).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", s)


def match_close(text: str, i: int, limit: int = 400) -> int:
    """Index of the bracket closing the one at `i` (any bracket style), or -1."""
    depth = 0
    for j in range(i, min(len(text), i + limit)):
        c = text[j]
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return -1


def split_top(s: str, seps: str) -> list[tuple[int, int]]:
    """Spans of `s` split on `seps` outside brackets."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth = max(0, depth - 1)
        elif c in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(s)))
    return out
