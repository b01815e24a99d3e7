"""Tasks of a plan and their responsible units (责任单位), and the rows of event tables.

Tasks come from 责任单位-style blocks in running text ("（责任单位：市工信局、市科技局）", "A牵头，B配合"),
titled by the section they sit in, and from task tables. Tables are lines of tab cells with a header naming
known columns (`loaders/tables.py`); task tables give TaskBlocks, event tables (活动名称 / 主办单位 …) give
EventRows.

Unit roles: ☆ / 牵头 mark a lead unit; the first listed unit leads only when the plan says so; everyone else is
"co".
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from loaders.segment import DocText, Line
from loaders.structure.patterns import (
    HAN,
    OPEN,
    WS,
    match_close,
    split_top,
    squeeze,
    structure_lexicon,
)
from loaders.structure.sections import RANK, Section, heading_text
from loaders.structure.tables import Cell, find_tables


class UnitRef(BaseModel):
    name: str  # as written, e.g. 市工信局, 各县级市（区）人民政府（管委会）
    role: Literal["lead", "co"] = "co"
    start: int
    end: int


class TaskBlock(BaseModel):
    """An action of a plan and the units named responsible for it."""

    title: str  # e.g. 龙头企业引育壮大行动
    marker: str = ""
    level: int = 0
    start: int
    end: int
    units: list[UnitRef] = Field(default_factory=list)
    evidence_start: int = 0  # the sentence / clause that names the units
    evidence_end: int = 0


class EventRow(BaseModel):
    """One row of an event table (活动名称 | 时间 | 主办单位 | 承办单位 | 协办单位)."""

    name: str  # the event as written, e.g. 2025某市人工智能创新大赛
    name_start: int
    name_end: int
    time: str = ""  # the time cell as written (6月, 2024年9月)
    organizers: list[UnitRef] = Field(default_factory=list)  # 主办单位 (role "organizer")
    co_organizers: list[UnitRef] = Field(default_factory=list)  # 承办单位 (role "co_organizer")
    assistants: list[UnitRef] = Field(default_factory=list)  # 协办单位 / 支持单位 (role "assistant")
    start: int  # the row: evidence for every ORGANIZES fact of the event
    end: int


def _clean_unit(raw: str, base: int) -> tuple[str, int, int, bool] | None:
    """(name, start, end, marked_lead) for one listed unit, or None when it is no unit."""
    lex = structure_lexicon()
    a, b = 0, len(raw)
    while a < b and raw[a] in WS:
        a += 1
    while b > a and raw[b - 1] in WS + "。.":
        b -= 1
    name = raw[a:b]
    lead = False
    for marker in lex.p["lead_markers"]:
        if marker in name:
            lead = True
            name = name.replace(marker, "")
    name = re.sub(r"[\s\u3000\xa0]", "", name)
    name = re.sub(r"^(?:由|会同|以及|及|和)", "", name)
    name = re.sub(r"等$", "", name)
    if not 2 <= len(name) <= 40 or not HAN.search(name):
        return None
    return name, base + a, base + b, lead


def _split_connectives(content: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"市教育局及各区政府": 及 / 以及 joins two units when the part before it already ends like a unit."""
    suffixes = tuple(structure_lexicon().org_suffixes)
    out = []
    for a, b in spans:
        start = a
        for m in re.finditer("以及|及", content[a:b]):
            left = content[start : a + m.start()]
            if len(left) >= 2 and left.endswith(suffixes) and a + m.end() < b:
                out.append((start, a + m.start()))
                start = a + m.end()
        out.append((start, b))
    return out


def _units_of(content: str, base: int, default_role: str, first_leads: bool) -> list[UnitRef]:
    out: list[UnitRef] = []
    for a, b in _split_connectives(content, split_top(content, "、，,；;")):
        got = _clean_unit(content[a:b], base + a)
        if got is None:
            continue
        name, s, e, lead = got
        role = "lead" if lead or default_role == "lead" else "co"
        out.append(UnitRef(name=name, role=role, start=s, end=e))
    if first_leads and out and default_role != "co" and not any(u.role == "lead" for u in out):
        out[0] = out[0].model_copy(update={"role": "lead"})
    return out


def _parse_unit_block(content: str, base: int, first_leads: bool) -> list[UnitRef] | None:
    """Units of a block's content: "责任单位：…", "牵头单位：… 配合单位：…" or "A牵头，B配合"; None if no block."""
    lex = structure_lexicon()
    labels = lex.p["unit_labels"]
    label_re = re.compile(
        "("
        + "|".join(re.escape(x) for x in sorted(sum(labels.values(), []), key=len, reverse=True))
        + r")\s*[:：]"
    )
    hits = list(label_re.finditer(content))
    if hits:
        units: list[UnitRef] = []
        for i, m in enumerate(hits):
            seg_end = hits[i + 1].start() if i + 1 < len(hits) else len(content)
            label = m.group(1)
            role = "lead" if label in labels["lead"] else "co" if label in labels["co"] else "responsible"
            seg = content[m.end() : seg_end]
            units += _units_of(seg, base + m.end(), role, first_leads and role == "responsible")
        return units
    # "市工信局牵头，市科技局、市发改委配合"
    lead_verbs = sorted(lex.p["lead_verbs"], key=len, reverse=True)
    co_verbs = sorted(lex.p["co_verbs"], key=len, reverse=True)
    clauses = split_top(content, "，,；;")
    units = []
    saw_lead = False
    for a, b in clauses:
        clause = content[a:b].rstrip(WS + "。")
        role = None
        for verb in lead_verbs:
            if clause.endswith(verb):
                role, clause = "lead", clause[: -len(verb)]
                saw_lead = True
                break
        if role is None:
            for verb in co_verbs:
                if clause.endswith(verb):
                    role, clause = "co", clause[: -len(verb)]
                    break
        if role is None:
            return None  # a clause that is no unit list: not a block
        units += _units_of(clause, base + a, role, False)
    return units if saw_lead and units else None


def _unit_blocks(text: str) -> list[tuple[int, int, list[UnitRef]]]:
    """(start, end, units) of every 责任单位-style block in running text."""
    lex = structure_lexicon()
    first_leads = any(p in re.sub(r"\s", "", text) for p in lex.p["first_leads_phrases"])
    blocks: list[tuple[int, int, list[UnitRef]]] = []
    covered: list[tuple[int, int]] = []
    for i, c in enumerate(text):
        if c not in OPEN or any(a <= i < b for a, b in covered):
            continue
        j = match_close(text, i)
        if j == -1:
            continue
        content = text[i + 1 : j]
        if "。" in content or len(content) > 300:
            continue
        units = _parse_unit_block(content, i + 1, first_leads)
        if units:
            blocks.append((i, j + 1, units))
            covered.append((i, j + 1))
    # Bare "责任单位：…" lines (no brackets).
    labels = sum(lex.p["unit_labels"].values(), [])
    bare = re.compile(
        r"(?:" + "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)) + r")\s*[:：][^\n。]*"
    )
    for m in bare.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        units = _parse_unit_block(m.group(0), m.start(), first_leads)
        if units:
            blocks.append((m.start(), m.end(), units))
            covered.append((m.start(), m.end()))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _merge_units(old: list[UnitRef], new: list[UnitRef]) -> list[UnitRef]:
    names = {u.name for u in old}
    return old + [u for u in new if u.name not in names]


def _paragraph_title(text: str, pos: int) -> tuple[str, int]:
    start = text.rfind("\n", 0, pos) + 1
    para = text[start:pos]
    return heading_text(para.strip(WS)), start


def _table_units(text: str, cell: Cell, role: str, first_leads: bool) -> list[UnitRef]:
    """Units of one table cell; the cell's own offsets keep every name inside its cell."""
    return _units_of(text[cell.start : cell.end], cell.start, role, first_leads)


def _read_tables(lines: list[Line], text: str) -> tuple[list[TaskBlock], list[EventRow], list[tuple[int, int]]]:
    """Tasks of task tables, events of event tables, and the spans of every table found."""
    lex = structure_lexicon()
    first_leads = any(p in re.sub(r"\s", "", text) for p in lex.p["first_leads_phrases"])
    tasks: list[TaskBlock] = []
    events: list[EventRow] = []
    spans: list[tuple[int, int]] = []
    unit_roles = {"lead": "lead", "co": "co", "responsible": "responsible"}
    for table in find_tables(text, [(ln.start, ln.end) for ln in lines]):
        spans.append((table.start, table.end))
        name_col = table.column("event")
        is_event = name_col is not None or table.has("organizer", "host", "assistant")
        if is_event:
            name_col = name_col if name_col is not None else table.column("task")
            if name_col is None:
                continue
            for row in table.rows:
                name = squeeze(re.sub(r"^\s*\d{1,3}\s*[.．、]\s*", "", row[name_col].text))
                found: dict[str, list[UnitRef]] = {"organizer": [], "host": [], "assistant": [], "co": []}
                for k, kind in table.kinds.items():
                    key = kind if kind in found else "organizer" if kind in ("lead", "responsible") else None
                    if key is not None:
                        found[key] += _table_units(text, row[k], "co", False)
                t_col = table.column("time")
                if name:
                    events.append(EventRow(
                        name=name, name_start=row[name_col].start, name_end=row[name_col].end,
                        time=row[t_col].text if t_col is not None else "",
                        organizers=found["organizer"], co_organizers=found["host"],
                        assistants=found["assistant"] + found["co"], start=row[0].start, end=row[-1].end))
            continue
        task_col = table.column("task")
        if task_col is None or not table.has(*unit_roles):
            continue
        idx_col = table.column("index")
        units: list[UnitRef] = []
        marker = ""
        for row in table.rows:
            title = heading_text(re.sub(r"^\s*\d{1,3}\s*[.．、]?\s*", "", row[task_col].text))
            if any(c.text for k, c in enumerate(row) if k != task_col):  # else: a row continuing the one above
                units = []
                for k, kind in table.kinds.items():
                    if kind in unit_roles:
                        units = _merge_units(units, _table_units(text, row[k], unit_roles[kind],
                                                                 first_leads and kind == "responsible"))
                marker = re.sub(r"\s", "", row[idx_col].text)[:6] if idx_col is not None and idx_col != task_col \
                    else ""
            if title and units:
                start, end = row[0].start, row[-1].end
                tasks.append(TaskBlock(title=title, marker=marker, level=0, start=start, end=end, units=units,
                                       evidence_start=start, evidence_end=end))
    return tasks, events, spans


def find_tasks(doc: DocText, sections: list[Section]) -> list[TaskBlock]:
    return find_tasks_and_events(doc, sections)[0]


def find_tasks_and_events(doc: DocText, sections: list[Section]) -> tuple[list[TaskBlock], list[EventRow]]:
    text, lines = doc.text, doc.lines
    table_tasks, events, table_spans = _read_tables(lines, text)
    by_key: dict[tuple[int, int], TaskBlock] = {}
    for start, end, units in _unit_blocks(text):
        if any(a <= start < b for a, b in table_spans):
            continue
        inside = [s for s in sections if s.start <= start < s.end]
        if inside:
            sec = max(inside, key=lambda s: (s.start, RANK[s.level]))
            key = (sec.start, sec.end)
            title, marker, level, s_start, s_end = sec.heading, sec.marker, sec.level, sec.start, sec.end
        else:
            title, s_start = _paragraph_title(text, start)
            marker, level, s_end = "", 0, end
            key = (s_start, s_end)
        if not title:
            continue
        if key in by_key:
            old = by_key[key]
            by_key[key] = old.model_copy(update={"units": _merge_units(old.units, units), "evidence_end": end})
        else:
            by_key[key] = TaskBlock(title=title, marker=marker, level=level, start=s_start, end=s_end, units=units,
                                    evidence_start=start, evidence_end=end)
    return sorted([*by_key.values(), *table_tasks], key=lambda t: t.start), events
