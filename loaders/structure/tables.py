"""Tables written as text: lines of cells separated by tabs (the normaliser turns " | " and "｜" into tabs).

A table starts at a header row whose cells name known columns (序号, 重点任务, 牵头单位, 活动名称, 主办单位 …);
the following lines with (about) as many cells are its rows. This module only finds tables and says which
column is which; `loaders.structure` turns task tables into `TaskBlock`s and event tables into `EventRow`s.

Column names live in `data/structure/patterns.json` under "table_columns": kind → header words. A header cell
is of a kind when it equals one of the kind's words, else when it ends with one (重点任务 → task); kinds are
tried in the file's order, so 主要内容 is content before it could be taken for anything else.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, Field

from loaders.structure.patterns import structure_lexicon

_CELL_SEP = re.compile(r"\t")


class Cell(BaseModel):
    text: str  # as written, without surrounding blanks
    start: int  # offsets in the text the table was read from
    end: int


class Table(BaseModel):
    header: list[Cell]
    kinds: dict[int, str]  # column index → kind (task, lead, organizer …) for the columns the header names
    rows: list[list[Cell]] = Field(default_factory=list)  # only rows with exactly one cell per header cell
    start: int  # header start … last row end
    end: int

    def column(self, kind: str) -> int | None:
        return next((k for k, v in self.kinds.items() if v == kind), None)

    def has(self, *kinds: str) -> bool:
        return any(v in kinds for v in self.kinds.values())


@lru_cache(maxsize=1)
def _columns() -> list[tuple[str, tuple[str, ...]]]:
    columns = structure_lexicon().p["table_columns"]
    return [(kind, tuple(words)) for kind, words in columns.items() if not kind.startswith("_")]


def column_kind(name: str) -> str | None:
    """The kind of a header cell (序号 → index, 牵头单位 → lead, 重点任务 → task), or None."""
    n = re.sub(r"[\s\u3000（）()：:*]", "", name)
    if not n:
        return None
    cols = _columns()
    for kind, words in cols:
        if n in words:
            return kind
    for kind, words in cols:
        if any(n.endswith(w) for w in words if len(w) >= 2):
            return kind
    return None


def cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of the line text[start:end], empty ones included; [] when the line has no cell separator."""
    raw = text[start:end]
    if "\t" not in raw:
        return []
    out: list[Cell] = []
    pos = 0
    for m in [*_CELL_SEP.finditer(raw), None]:
        a, b = pos, (m.start() if m else len(raw))
        piece = raw[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        out.append(Cell(text=piece, start=start + a + lead, end=start + a + lead + len(piece)))
        if m:
            pos = m.end()
    return out


def find_tables(text: str, lines: list[tuple[int, int]]) -> list[Table]:
    """Tables in `text`; `lines` are the (start, end) spans of its non-blank lines in order."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        head = [c for c in cells(text, *lines[i]) if c.text]
        kinds = {k: kind for k, c in enumerate(head) if (kind := column_kind(c.text)) is not None}
        # a header names at least two columns, one of them a unit or a task/event column
        if len(head) < 2 or len(kinds) < 2 or not set(kinds.values()) - {"index", "time", "deadline", "content"}:
            i += 1
            continue
        rows: list[list[Cell]] = []
        task_col = next((k for k, kind in kinds.items() if kind == "task"), None)
        j = i + 1
        while j < len(lines):
            row = _fit(cells(text, *lines[j]), len(head))
            if row is None and rows and task_col is not None:
                row = _continuation(text, lines, j, rows[-1], task_col)
            if row is None:
                break
            if row:
                rows.append(row)
            j += 1
        tables.append(Table(header=head, kinds=kinds, rows=rows, start=lines[i][0], end=lines[j - 1][1]))
        i = j
    return tables


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
                      r"|第[一二三四五六七八九十\d]+[章节条]|附件)")


def _continuation(text: str, lines: list[tuple[int, int]], j: int, previous: list[Cell],
                  task_col: int) -> list[Cell] | None:
    """A line without cells right after a row whose task cell ends a sentence is the next task of the same row
    (a merged unit cell spanning two task rows): a row with only its task cell; None when it is no such line."""
    a, b = lines[j]
    line = text[a:b]
    ends = ("。", "；", ";")
    nxt_is_row = j + 1 < len(lines) and "\t" in text[lines[j + 1][0] : lines[j + 1][1]]
    if len(line) < 8 or "\t" in line or _HEADING.match(line) or not previous[task_col].text.endswith(ends):
        return None
    if not (line.endswith(ends) or nxt_is_row or j + 1 == len(lines)):
        return None
    row = [Cell(text="", start=a, end=a) for _ in previous]
    row[task_col] = Cell(text=line, start=a, end=b)
    return row


def _fit(row: list[Cell], width: int) -> list[Cell] | None:
    """The row with one cell per column; [] for a row of the table that cannot be aligned; None ends the table.

    Cells padded with extra tabs (aligned layouts) lose their empty cells; a row missing its last cell (an
    empty cell at the end of a line, whose tab the normaliser strips) gets an empty one.
    """
    filled = [c for c in row if c.text]
    if len(filled) < 2 or len(row) < width - 1 and len(filled) < width - 1:
        return None
    if len(row) == width:
        return row
    if len(filled) == width:
        return filled
    if len(row) == width - 1:
        end = row[-1].end
        return [*row, Cell(text="", start=end, end=end)]
    return []
