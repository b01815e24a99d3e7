"""Structure (stage 3): metadata, sections, tasks with their responsible units, rosters.

Pure parsing of the normalised text: it names no entities, it finds where things are. Every offset is an
offset in the text given. Patterns accept full-width and ASCII brackets and colons, because the
normaliser's conventions may change. Knowledge (labels, titles, suffixes, boilerplate) lives in
`loaders/data/structure_patterns.json`, `role_titles.txt` and `surnames.txt`.

Decisions:
- Date: a signature or 成文日期 date beats a web page's 发布时间 (pages are published days later);
  news without either takes its first dated event.
- Region: a provincial document (我省, 省政协, a 省X厅 issuing a province-wide 工作要点 …) whose text names no
  city of its own gets the provincial capital as city, where the provincial organs sit (as the seed gold does);
  a municipality is its own province and city. A document issued by a district's organs (X区人民政府办公室,
  X区科技局) also gets `district`, so relative names (区科技局) resolve inside that district.
- Tables: lines of tab cells (the normaliser turns " | " into tabs) with a header naming known columns
  (`loaders/tables.py`); task tables give TaskBlocks, event tables (活动名称 / 主办单位 …) give EventRows.
- Member lists ("副理事长单位：A、B", "成员单位包括A、B") give MemberEntries; addressee lines of a notice
  ("各区人民政府，市政府各部门：") are marked so that their generic recipients feed no entities.
- Issuer: a media 来源 (X日报, 新华社, X网) is never the issuer; the body the news is about, or nothing, is.
  A joint signature block (several departments on one or more lines) is issued by its FIRST department; a 来源
  that is a bare division (产业X处) is no issuer; a society or alliance a news title is about issues it only
  when it signs. A reporter byline (记者 X, 通讯员 X) makes a text news.
- Rosters: line rosters end at a prose paragraph; narrative ones ("…当选会长", "选举X为理事长", "监事由X担任")
  give the role in the body founded in the passage, else the body the document is about.
- Unit roles: ☆ / 牵头 mark a lead unit; the first listed unit leads only when the plan says so;
  everyone else is "co".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from graph.model import DocType
from loaders.regions import Region, regions
from loaders.tables import Cell, find_tables

_DATA = Path(__file__).parent / "data"


class DocMeta(BaseModel):
    title: str = ""
    doc_no: str = ""  # 文号, e.g. X府办〔2022〕12号
    issuer: str = ""  # as written (发文单位, 来源, signature block); resolution expands it later
    issuer_full: str = ""  # the full name when the document itself gives one (signature block), else ""
    source: str = ""  # 来源 as written (a web page's source line)
    date: str = ""  # ISO yyyy-mm-dd
    province: str = ""  # canonical full names, e.g. 江苏省 / 北京市
    city: str = ""
    district: str = ""  # the district (county, 新区) whose organs issue the document: 崂山区 for a 崂山区政府办 plan,
    # so relative names (区科技局) resolve inside it; "" for city- and province-level documents
    type: DocType = DocType.OTHER


class Section(BaseModel):
    level: int  # 1 = 一、 2 = （一） 3 = 1. 4 = 专栏 box (sits under 2, holds 3) 5 = （1）
    marker: str  # "一、", "（三）", "2.", "专栏4"
    heading: str  # the heading text without the marker
    start: int  # offsets in the normalised text: heading start … section end
    end: int


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


class Position(BaseModel):
    """One post of a person: 小米集团 + 副总裁."""

    affiliation: str = ""
    title: str = ""


class RosterEntry(BaseModel):
    """One person in a roster or a "单位 + 职务 + 姓名" phrase."""

    role: str  # the role in the organisation the roster is about: 理事长, 副理事长, 秘书长 …
    person: str
    affiliation: str = ""  # employer as written, e.g. 小米集团
    title: str = ""  # title at the employer, e.g. 副总裁 (first one when several)
    organisation: str = ""  # the organisation the roster is about, when the text names it
    start: int
    end: int
    positions: list[Position] = Field(default_factory=list)  # every post written for the person, in order


class MemberEntry(BaseModel):
    """One unit of a member list: "副理事长单位：A、B、C", "成员单位包括A、B"."""

    role: str  # the membership as written: 理事长单位, 副理事长单位, 秘书长单位, 成员单位, 会员单位 …
    name: str  # the unit as written, e.g. 福州某某科技股份有限公司
    organisation: str = ""  # the body the list is about (the alliance / society), "" when the text names none
    start: int  # offsets of the unit name
    end: int


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


class DocStructure(BaseModel):
    meta: DocMeta
    sections: list[Section] = Field(default_factory=list)
    tasks: list[TaskBlock] = Field(default_factory=list)
    rosters: list[RosterEntry] = Field(default_factory=list)
    events: list[EventRow] = Field(default_factory=list)  # rows of event tables
    members: list[MemberEntry] = Field(default_factory=list)  # units of member lists (MEMBER_OF with a role)
    # (start, end) of addressee lines of a notice ("各区（县、市）人民政府，市政府各部门："): the generic units
    # they list are recipients, not actors, so mentions skip them
    addressees: list[tuple[int, int]] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# knowledge


class _Lexicon:
    def __init__(self) -> None:
        self.p: dict[str, Any] = json.loads((_DATA / "structure_patterns.json").read_text(encoding="utf-8"))
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
def _lex() -> _Lexicon:
    return _Lexicon()


# ---------------------------------------------------------------------------------------------------------------
# small text helpers

_OPEN, _CLOSE = "（(〔[［【", "）)〕]］】"
_WS = " \t\r\n\u3000\xa0"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CN_NUM = "一二三四五六七八九十"
_DOCNO = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?\d{1,5}\s*号"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


class _Line(BaseModel):
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    text: str


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(_WS)
        if stripped:
            lead = len(raw) - len(raw.lstrip(_WS))
            out.append(_Line(start=pos + lead, end=pos + lead + len(stripped), text=stripped))
        pos += len(raw) + 1
    return out


def _squeeze(s: str) -> str:
    """Drop layout blanks next to Han characters (江苏省 2023 年度 → 江苏省2023年度); keep them between Latin words."""
    s = re.sub(r"[\s\u3000\xa0]+", " ", s).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", s)


def _cn_number(s: str) -> int:
    if "十" in s:
        head, _, tail = s.partition("十")
        return (_CN_DIGIT.get(head, 1) if head else 1) * 10 + (_CN_DIGIT.get(tail, 0) if tail else 0)
    return _CN_DIGIT.get(s, 0)


def _iso(y: int, m: int, d: int) -> str:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return ""


def _dates(s: str) -> Iterator[tuple[int, int, str]]:
    for m in _DATE.finditer(s):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            yield m.start(), m.end(), iso
    for m in _CN_DATE.finditer(s):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        iso = _iso(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if iso:
            yield m.start(), m.end(), iso


def _is_date_line(s: str) -> str:
    """The ISO date when the whole line is a date (a signature date), else ""."""
    s2 = re.sub(r"[\s\u3000]", "", s)
    for a, b, iso in _dates(s2):
        if a == 0 and b == len(s2):
            return iso
    return ""


def _match_close(text: str, i: int, limit: int = 400) -> int:
    """Index of the bracket closing the one at `i` (any bracket style), or -1."""
    depth = 0
    for j in range(i, min(len(text), i + limit)):
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _split_top(s: str, seps: str) -> list[tuple[int, int]]:
    """Spans of `s` split on `seps` outside brackets."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c in seps and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, len(s)))
    return out


def _is_boilerplate(line: str) -> bool:
    lex = _lex()
    if ">" in line or "＞" in line or "»" in line:
        return True
    return any(line.startswith(w) for w in lex.p["boilerplate_lines"])


def _labelled(line: str, labels: list[str]) -> str | None:
    """The value after "label:" when the line carries one of the labels (anywhere, for "发布时间:… 来源:…" lines).

    The value ends at a blank or where the next field label of the line begins (浏览次数, 字号 …).
    """
    lex = _lex()
    for label in sorted(labels, key=len, reverse=True):
        m = re.search(rf"{re.escape(label)}\s*[:：]\s*(\S+)", line)
        if not m or (m.start() > 0 and _HAN.match(line[m.start() - 1])):
            continue
        value = m.group(1)
        others = [w for ws in lex.p["meta_labels"].values() for w in ws] + lex.p["field_labels"]
        cut = min((i for w in others if (i := value.find(w)) > 0), default=len(value))
        value = value[:cut].rstrip("：:|｜")
        if value:
            return value
    return None


# ---------------------------------------------------------------------------------------------------------------
# sections

_L1 = re.compile(rf"^([{_CN_NUM}]+)\s*[、.．，]\s*(\S.*)$")
_L1_BARE = re.compile(rf"^([{_CN_NUM}]{{1,3}})([\u4e00-\u9fff][^，。；：,;:]{{1,19}})$")
_L1_CHAPTER = re.compile(rf"^(第[{_CN_NUM}百]+[章部分篇])\s*(\S.*)$")
_L2 = re.compile(rf"^[（(]\s*([{_CN_NUM}]+)\s*[）)]\s*(\S.*)$")
_L3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(\S.*)$")
_L5 = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(\S.*)$")
_BOX = re.compile(rf"^(专栏\s*[\d{_CN_NUM}]+)\s*[:：.．、]?\s*(.*)$")
# "一是…", "一批…": numerals that start ordinary words, not headings.
_NOT_HEADING_NEXT = set("是要批些个方定直体起般致道样同切带流线级等把年月日次")
_RANK = {1: 1.0, 2: 2.0, 4: 2.5, 3: 3.0, 5: 4.0}


def _heading_text(body: str) -> str:
    cut = len(body)
    for ch in "。；;":
        i = body.find(ch)
        if i != -1:
            cut = min(cut, i)
    head = body[:cut]
    for i, c in enumerate(head):  # a 责任单位 bracket on the heading line is no part of the heading
        if c in _OPEN and re.match(r"[（(]\s*(责任|牵头|配合)", head[i:]):
            head = head[:i]
            break
    return _squeeze(head).rstrip("：:，, ")[:80]


def find_sections(text: str, lines: list[_Line] | None = None) -> list[Section]:
    lines = lines if lines is not None else _lines(text)
    found: list[tuple[int, str, str, int]] = []  # level, marker, heading, start
    for ln in lines:
        t = ln.text
        m = _BOX.match(t)
        if m:
            found.append((4, re.sub(r"\s", "", m.group(1)), _heading_text(m.group(2)), ln.start))
            continue
        m = _L1_CHAPTER.match(t) or _L1.match(t)
        if m and m.group(2)[0] not in _NOT_HEADING_NEXT:
            marker = m.group(1) if m.re is _L1_CHAPTER else m.group(1) + "、"
            found.append((1, marker, _heading_text(m.group(2)), ln.start))
            continue
        m = _L1_BARE.match(t)
        if m and m.group(2)[0] not in _NOT_HEADING_NEXT:
            found.append((1, m.group(1) + "、", _heading_text(m.group(2)), ln.start))
            continue
        m = _L2.match(t)
        if m:
            found.append((2, f"（{m.group(1)}）", _heading_text(m.group(2)), ln.start))
            continue
        m = _L5.match(t)
        if m:
            found.append((5, f"（{m.group(1)}）", _heading_text(m.group(2)), ln.start))
            continue
        m = _L3.match(t)
        if m:
            found.append((3, m.group(1) + ".", _heading_text(m.group(2)), ln.start))
    out = []
    for i, (level, marker, heading, start) in enumerate(found):
        end = len(text)
        for level2, _, _, start2 in found[i + 1 :]:
            if _RANK[level2] <= _RANK[level]:
                end = start2
                break
        out.append(Section(level=level, marker=marker, heading=heading, start=start, end=end))
    return out


# ---------------------------------------------------------------------------------------------------------------
# tasks and responsible units


def _clean_unit(raw: str, base: int) -> tuple[str, int, int, bool] | None:
    """(name, start, end, marked_lead) for one listed unit, or None when it is no unit."""
    lex = _lex()
    a, b = 0, len(raw)
    while a < b and raw[a] in _WS:
        a += 1
    while b > a and raw[b - 1] in _WS + "。.":
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
    if not 2 <= len(name) <= 40 or not _HAN.search(name):
        return None
    return name, base + a, base + b, lead


def _units_of(content: str, base: int, default_role: str, first_leads: bool) -> list[UnitRef]:
    out: list[UnitRef] = []
    for a, b in _split_top(content, "、，,；;"):
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
    lex = _lex()
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
    clauses = _split_top(content, "，,；;")
    units = []
    saw_lead = False
    for a, b in clauses:
        clause = content[a:b].rstrip(_WS + "。")
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
    lex = _lex()
    first_leads = any(p in re.sub(r"\s", "", text) for p in lex.p["first_leads_phrases"])
    blocks: list[tuple[int, int, list[UnitRef]]] = []
    covered: list[tuple[int, int]] = []
    for i, c in enumerate(text):
        if c not in _OPEN or any(a <= i < b for a, b in covered):
            continue
        j = _match_close(text, i)
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
    return _heading_text(para.strip(_WS)), start


def _table_units(text: str, cell: Cell, role: str, first_leads: bool) -> list[UnitRef]:
    """Units of one table cell; the cell's own offsets keep every name inside its cell."""
    return _units_of(text[cell.start : cell.end], cell.start, role, first_leads)


def _read_tables(lines: list[_Line], text: str) -> tuple[list[TaskBlock], list[EventRow], list[tuple[int, int]]]:
    """Tasks of task tables, events of event tables, and the spans of every table found."""
    lex = _lex()
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
                name = _squeeze(re.sub(r"^\s*\d{1,3}\s*[.．、]\s*", "", row[name_col].text))
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
        for row in table.rows:
            title = _heading_text(re.sub(r"^\s*\d{1,3}\s*[.．、]?\s*", "", row[task_col].text))
            units: list[UnitRef] = []
            for k, kind in table.kinds.items():
                if kind in unit_roles:
                    units = _merge_units(units, _table_units(text, row[k], unit_roles[kind],
                                                             first_leads and kind == "responsible"))
            marker = re.sub(r"\s", "", row[idx_col].text)[:6] if idx_col is not None and idx_col != task_col else ""
            if title and units:
                start, end = row[0].start, row[-1].end
                tasks.append(TaskBlock(title=title, marker=marker, level=0, start=start, end=end, units=units,
                                       evidence_start=start, evidence_end=end))
    return tasks, events, spans


def find_tasks(text: str, sections: list[Section], lines: list[_Line] | None = None) -> list[TaskBlock]:
    return _find_tasks_and_events(text, sections, lines)[0]


def _find_tasks_and_events(
    text: str, sections: list[Section], lines: list[_Line] | None = None
) -> tuple[list[TaskBlock], list[EventRow]]:
    lines = lines if lines is not None else _lines(text)
    table_tasks, events, table_spans = _read_tables(lines, text)
    by_key: dict[tuple[int, int], TaskBlock] = {}
    for start, end, units in _unit_blocks(text):
        if any(a <= start < b for a, b in table_spans):
            continue
        inside = [s for s in sections if s.start <= start < s.end]
        if inside:
            sec = max(inside, key=lambda s: (s.start, _RANK[s.level]))
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


# ---------------------------------------------------------------------------------------------------------------
# rosters

_DELIMS = "，,。；;：:\n！？!?“”\"《》 \t\u3000"


def _name_at(text: str, pos: int) -> int:
    """End of a person name starting at `pos` (2–4 Han characters, a known surname, a boundary after), or -1."""
    lex = _lex()
    if pos >= len(text):
        return -1
    m = re.match(r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}", text[pos:])
    if m:
        return pos + m.end()
    lengths = (4, 3) if text[pos : pos + 2] in lex.compound_surnames else (3, 2)
    if text[pos : pos + 2] not in lex.compound_surnames and text[pos] not in lex.surnames:
        return -1
    stops = lex.p["name_stopwords"]
    after_words = sorted(lex.p["after_name"], key=len, reverse=True)
    for n in lengths:
        cand = text[pos : pos + n]
        if len(cand) < n or not all(_HAN.match(c) for c in cand):
            continue
        if any(w in cand for w in stops) or lex.title_re.search(cand[1:]):
            continue
        rest = text[pos + n : pos + n + 4]
        if not rest or rest[0] in _DELIMS + "、（()）" or any(rest.startswith(w) for w in after_words):
            return pos + n
    return -1


def _split_position(seg: str) -> Position | None:
    """"小米集团副总裁" → (小米集团, 副总裁); None when the segment does not end with a title."""
    lex = _lex()
    seg = seg.strip(_WS)
    for w in sorted(lex.p["phrase_lead_ins"], key=len, reverse=True):  # "会议由X处处长": 会议由 is no part of X
        if seg.startswith(w) and len(seg) > len(w) + 1:
            seg = seg[len(w) :]
            break
    for q in lex.p["title_qualifiers"]:
        if seg.startswith(q) and len(seg) > len(q) + 1:
            seg = seg[len(q) :]
            break
    core = next((t for t in lex.titles if seg.endswith(t)), None)
    if core is None:
        return None
    prefix = seg[: -len(core)]
    if not prefix:
        return Position(affiliation="", title=core)
    strong = [s for s in lex.org_suffixes if len(s) >= 2]
    weak = [s for s in lex.org_suffixes if len(s) == 1]
    cut = -1
    for k in range(2, len(prefix) + 1):  # the shortest prefix that names an organisation
        if any(prefix[:k].endswith(s) for s in strong):
            cut = k
            break
    if cut == -1:
        for k in range(len(prefix), 1, -1):
            if any(prefix[:k].endswith(s) for s in weak):
                cut = k
                break
    if cut == -1:
        if _is_region_name(prefix) and any(core.endswith(t) for t in lex.p["region_head_titles"]):
            return Position(affiliation=prefix + lex.p["region_government"], title=core)  # X区副区长: its government
        return Position(affiliation="", title=seg)
    aff, rest = prefix[:cut], prefix[cut:]
    # 省政协 + 文化和文史委员会: a committee or office of a parent body is the affiliation itself.
    if any(aff.endswith(p) for p in lex.p["parent_bodies"]) and any(rest.endswith(s) for s in lex.p["sub_units"]):
        aff, rest = aff + rest, ""
    return Position(affiliation=aff, title=rest + core)


def _is_region_name(s: str) -> bool:
    """True when `s` is exactly a region name (某区, 某市某区)."""
    found = regions().scan(s)
    return bool(found) and found[0].start == 0 and found[-1].end == len(s) and all(
        a.end == b.start for a, b in zip(found, found[1:], strict=False)
    )


def _positions(chunk: str) -> list[Position]:
    """Posts of "A职务、B职务" in order; stops at a segment that is not a post (the previous person)."""
    out: list[Position] = []
    for a, b in reversed(_split_top(chunk, "、")):
        pos = _split_position(chunk[a:b])
        if pos is None:
            break
        out.append(pos)
    out.reverse()
    lex = _lex()
    for i in range(1, len(out)):
        prev, aff = out[i - 1].affiliation, out[i].affiliation
        if not aff:  # "省教育厅副厅长、一级巡视员": the later post is at the same place …
            region = _party_committee_region(prev)
            if region and any(out[i].title.endswith(t) for t in lex.p["region_head_titles"]):
                aff = region + lex.p["region_government"]  # … but 市委常委、副市长 is in the city's government
            else:
                aff = prev
        elif aff in lex.org_suffixes:
            if prev.endswith(aff):  # "X集团副总裁、集团技术委员会主席": the same body, named short
                aff = prev
            elif region := _region_head(prev):  # "X新区党工委委员、管委会副主任": the bare unit is X新区's
                aff = region + aff
        out[i] = out[i].model_copy(update={"affiliation": aff})
    return out


def _region_head(name: str) -> str:
    """The region name that opens `name` (兰州新区 of 兰州新区党工委), or ""."""
    found = regions().scan(name)
    if not found or found[0].start != 0:
        return ""
    end = found[0].end
    for a, b in zip(found, found[1:], strict=False):
        if a.end != b.start:
            break
        end = b.end
    return name[:end] if end < len(name) else ""


def _party_committee_region(name: str) -> str:
    """兰州市 for 兰州市委 / 中共兰州市委, "" for anything that is not a region's party committee."""
    n = name.removeprefix("中共")
    for c in _lex().p["party_committees"]:
        if n.endswith(c):
            head = n[: -len(c)]
            # 兰州市委 is 兰州市 + 委: the committee word repeats the region's own suffix
            for region in (head + c[0], head):
                if region and _is_region_name(region):
                    return region
    return ""


def _main_position(positions: list[Position]) -> Position:
    """The first post that is neither a membership nor, next to an administrative post, a party post."""
    lex = _lex()
    cores = [next((t for t in lex.titles if p.title.endswith(t)), p.title) for p in positions]
    for p, core in zip(positions, cores, strict=True):
        if core not in lex.membership and core not in lex.party:
            return p
    for p, core in zip(positions, cores, strict=True):
        if core not in lex.membership:
            return p
    return positions[0] if positions else Position()


def _name_before(text: str, at: int, title: str) -> RosterEntry | None:
    """"南京大学生科院张辰宇院长": an organisation, a name, then the title."""
    lex = _lex()
    if title in lex.membership:
        return None
    for n in (3, 2, 4):
        a = at - n
        if a < 2:
            continue
        cand = text[a:at]
        if not all(_HAN.match(c) for c in cand) or any(w in cand for w in lex.p["name_stopwords"]):
            continue
        if cand[0] not in lex.surnames and cand[:2] not in lex.compound_surnames:
            continue
        k = a
        while k > 0 and text[k - 1] not in _DELIMS + "、":
            k -= 1
        org = text[k:a]
        cut = org.rfind("以及")  # "…院士以及南京大学生科院": the organisation follows the connective
        if cut != -1:
            k, org = k + cut + 2, org[cut + 2 :]
        if len(org) >= 2 and any(org.endswith(s) for s in lex.org_suffixes):
            pos = _split_position(org + title)
            if pos is None or not pos.affiliation:
                return None
            return RosterEntry(role=pos.title, person=cand, affiliation=pos.affiliation, title=pos.title, start=k,
                               end=at + len(title), positions=[pos])
    return None


def _phrase_entries(text: str, skip: list[tuple[int, int]]) -> list[RosterEntry]:
    """"中关村…管理委员会产业发展促进处副处长白伟昌", "省政协副主席霍金花出席" in running text."""
    lex = _lex()
    out: list[RosterEntry] = []
    last_parent = ""  # the latest parent body (省政协) seen in this paragraph, for "办公厅副主任刘俊江"
    para_start = 0
    for m in lex.title_re.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        if text.rfind("\n", 0, m.start()) + 1 != para_start:
            para_start = text.rfind("\n", 0, m.start()) + 1
            last_parent = ""
        end = _name_at(text, m.end())
        if end == -1:
            before = _name_before(text, m.start(), m.group(0))
            if before is not None:
                out.append(before)
            continue
        # walk back to the start of the "org+title、org+title" chunk, skipping bracketed parts
        k, depth = m.start(), 0
        while k > para_start:
            c = text[k - 1]
            if c in _CLOSE:
                depth += 1
            elif c in _OPEN:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and c in _DELIMS:
                break
            k -= 1
        positions = _positions(text[k : m.end()])
        if not positions:
            continue
        for i, p in enumerate(positions):
            aff = p.affiliation
            if aff and any(aff.endswith(s) for s in lex.p["sub_units"]) and len(aff) <= 8 and last_parent and not any(
                b in aff for b in lex.p["parent_bodies"]
            ):
                positions[i] = p.model_copy(update={"affiliation": last_parent + aff})
        for p in positions:
            for body in lex.p["parent_bodies"]:
                idx = p.affiliation.find(body)
                if idx != -1:
                    last_parent = p.affiliation[: idx + len(body)]
                    break
        main = _main_position(positions)
        names = [(m.end(), end)]
        while end < len(text) and text[end] == "、":  # "副主任阮金泉、刘德银"
            nxt = _name_at(text, end + 1)
            if nxt == -1 or lex.title_re.match(text, nxt):
                break
            names.append((end + 1, nxt))
            end = nxt
        for a, b in names:
            out.append(RosterEntry(role=main.title, person=text[a:b], affiliation=main.affiliation, title=main.title,
                                   start=k, end=b, positions=positions))
    return out


def _roster_org(heading: str) -> str:
    lex = _lex()
    h = re.sub(r"[:：\s]", "", heading)
    for w in sorted(lex.p["roster_heading_words"], key=len, reverse=True):
        i = h.find(w)
        if i > 0:
            h = h[:i]
            break
    h = re.sub(r"第[一二三四五六七八九十\d]+届$", "", h)
    # a heading written as a sentence: the body is in its last clause, after the verb that produced the roster
    h = re.split(r"[，。；、,;《》“”\"]", h)[-1]
    for verb in sorted(lex.p["roster_heading_verbs"], key=len, reverse=True):
        if verb in h:
            h = h[h.rfind(verb) + len(verb) :]
            break
    bare = h
    for prefix in lex.p["self_reference_prefixes"]:
        bare = bare.removeprefix(prefix)
    if bare in lex.org_suffixes or bare in lex.p["membership_bodies"]:
        return ""  # 联盟 / 本会: the body the document is about, which the caller supplies
    return h if any(h.endswith(s) for s in lex.org_suffixes) else ""


def _role_line(t: str) -> tuple[str, str] | None:
    """("理事长", rest) for "理事长：…" / "秘书长（专职）:" lines."""
    lex = _lex()
    m = re.match(r"^([\u4e00-\u9fffA-Za-z]{2,12})\s*(?:[（(][^）)]{0,10}[）)])?\s*[:：]\s*(.*)$", t)
    if not m or not any(m.group(1).endswith(x) for x in lex.titles):
        return None
    return m.group(1), m.group(2)


def _inline_people(rest: str, base: int) -> list[tuple[str, int, int, list[Position]]]:
    """"崔宝秋（小米集团副总裁）、张三" → people with the posts written in brackets."""
    out = []
    for a, b in _split_top(rest, "、，,；;"):
        seg = rest[a:b]
        lead = len(seg) - len(seg.lstrip(_WS))
        s = seg.strip(_WS)
        end = _name_at(s + "。", 0)
        if end == -1:
            continue
        positions: list[Position] = []
        tail = s[end:]
        if tail and tail[0] in _OPEN and tail[-1] in _CLOSE:
            positions = _positions(tail[1:-1])
        elif tail:
            continue
        out.append((s[:end], base + a + lead, base + a + lead + len(s), positions))
    return out


def _person_line(ln: _Line) -> list[tuple[str, int, int, list[Position]]]:
    """A roster line: "小米集团副总裁、集团技术委员会主席 崔宝秋" (blank optional), "贾昊", "崔宝秋（单位职务）"."""
    t = ln.text
    name_tok = re.split(r"[\s\u3000]+", t)[-1]
    if _name_at(name_tok + "。", 0) == len(name_tok):
        left = t[: len(t) - len(name_tok)].strip(_WS)
        positions = _positions(left) if left else []
        if not left or positions:
            return [(name_tok, ln.start, ln.end, positions)]
    # no blank between the posts and the name: the name runs from the end of the last title to the line end
    for m in reversed(list(_lex().title_re.finditer(t))):
        if _name_at(t + "。", m.end()) == len(t) and len(t) - m.end() <= 8:
            positions = _positions(t[: m.end()])
            if positions:
                return [(t[m.end() :], ln.start, ln.end, positions)]
    return _inline_people(t, ln.start)


def _line_rosters(text: str, lines: list[_Line], subject: str) -> tuple[list[RosterEntry], list[tuple[int, int]]]:
    out: list[RosterEntry] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        rl = _role_line(lines[i].text)
        if rl is None:
            i += 1
            continue
        org = subject
        if i > 0 and re.search(r"[:：]$", lines[i - 1].text):
            org = _roster_org(lines[i - 1].text) or subject
        block_start = lines[i].start
        j = i
        got_any = False
        first_entry = len(out)
        role = ""
        # a roster written line by line ends at a blank line; one written double-spaced does not
        double_spaced = i + 1 < len(lines) and "\n\n" in text[lines[i].end : lines[i + 1].start]
        while j < len(lines):
            ln = lines[j]
            if j > i and got_any and not double_spaced and "\n\n" in text[lines[j - 1].end : ln.start]:
                if _role_line(ln.text) is None:
                    break
            rl = _role_line(ln.text)
            people: list[tuple[str, int, int, list[Position]]] = []
            if rl is not None:
                role = re.sub(r"^(?:新任|现任)", "", rl[0])
                rest = rl[1]
                if rest:
                    base = ln.end - len(rest)
                    # "理事长：某公司董事长 张三" on one line: posts then the name, as on a line of its own
                    people = _inline_people(rest, base) or _person_line(_Line(start=base, end=ln.end, text=rest))
                    if not people:
                        break
            else:
                if len(_split_top(ln.text, "。，：:,;；")) > 1:
                    break  # a prose paragraph ends the roster; its "姓名（单位职务）" are no members
                people = _person_line(ln)
                if not people:
                    break
            if any(e.person == p[0] for e in out[first_entry:] for p in people):
                break  # a name seen in this roster again: a photo caption after the roster, not a member
            for person, a, b, positions in people:
                main = _main_position(positions)
                out.append(RosterEntry(role=role, person=person, affiliation=main.affiliation, title=main.title,
                                       organisation=org, start=a, end=b, positions=positions))
                got_any = True
            j += 1
        if got_any:
            spans.append((block_start, lines[j - 1].end))
        i = max(j, i + 1)
    return out, spans


def _who(chunk: str, base: int) -> list[tuple[str, int, int, list[Position]]]:
    """People of "单位职务姓名、姓名（单位职务）" before 当选 / after 由: (name, start, end, posts)."""
    out = []
    for a, b in _split_top(chunk, "、和及与"):
        seg = chunk[a:b]
        lead = len(seg) - len(seg.lstrip(_WS))
        seg = seg.strip(_WS)
        if not seg:
            continue
        s0 = base + a + lead
        if seg[-1] in _CLOSE:  # 王五（某公司总经理）
            i = seg.find("（" if seg[-1] == "）" else "(")
            if i > 0 and _name_at(seg[:i] + "。", 0) == i:
                out.append((seg[:i], s0, s0 + len(seg), _positions(seg[i + 1 : -1])))
            continue
        for n in (3, 2, 4):
            k = len(seg) - n
            if k < 0 or _name_at(seg + "。", k) != len(seg):
                continue
            if k == 1:
                continue  # one character before a name is no organisation and title
            posts = _positions(seg[:k]) if k else []
            if k and not posts:
                continue
            out.append((seg[k:], s0, s0 + len(seg), posts))
            break
    return out


def _narrative_entries(text: str, subject: str) -> list[RosterEntry]:
    """Narrative rosters ("…副总裁张三当选会长", "选举李四为理事长", "监事由王五（某公司总经理）担任").

    The role is in the body the passage founded or, failing that, the body the document is about.
    """
    lex = _lex()
    titles = "|".join(re.escape(t) for t in lex.titles)
    quals = "|".join(re.escape(q) for q in lex.p["elect_role_qualifiers"])
    verbs = "|".join(re.escape(v) for v in sorted(lex.p["elect_verbs"], key=len, reverse=True))
    clause = r"[^，,。；;：:！？\n]"
    appoint_verbs = sorted(lex.p["appoint_verbs"], key=len, reverse=True)
    appoint = "|".join(re.escape(v) for v in appoint_verbs)
    pats = [
        re.compile(rf"(?P<who>{clause}{{2,90}}?)(?:{verbs})(?:{quals})?(?P<role>{titles})(?![\u4e00-\u9fff]{{0,1}}单位)"),
        re.compile(rf"(?:{appoint})(?P<who>{clause}{{2,90}}?)为(?:{quals})?(?P<role>{titles})"),
        re.compile(rf"(?P<role>{titles})由(?P<who>{clause}{{2,90}}?)(?:担任|出任)"),
    ]
    bodies = tuple(lex.p["membership_bodies"])
    founding = "|".join(re.escape(v) for v in sorted(lex.p["founding_verbs"], key=len, reverse=True))
    founded = re.compile(rf"(?:{founding})(?:了)?([\u4e00-\u9fff（）()]{{2,30}}?(?:{'|'.join(bodies)}))")
    keys = [tuple(lex.p["elect_verbs"]), tuple(appoint_verbs), ("担任", "出任")]
    spans: list[tuple[re.Pattern[str], int, int]] = []  # run each pattern only on paragraphs with its key word
    pos = 0
    for para_text in text.split("\n"):
        for pat, key in zip(pats, keys, strict=True):
            if any(k in para_text for k in key):
                spans.append((pat, pos, pos + len(para_text)))
        pos += len(para_text) + 1
    out: list[RosterEntry] = []
    for pat, p_start, p_end in spans:
        for m in pat.finditer(text, p_start, p_end):
            role = m.group("role")
            para = text.rfind("\n", 0, m.start()) + 1
            org = ""
            for f in founded.finditer(text, para, m.start()):
                org = f.group(1)  # the body founded earlier in the paragraph is the one electing
            if not org and subject.endswith(bodies):
                org = subject
            if not org:  # the document is about no body: the latest one founded before the passage
                org = next((f.group(1) for f in reversed(list(founded.finditer(text, 0, para)))), "")
            who = m.group("who")
            for person, a, b, posts in _who(who, m.start("who")):
                main = _main_position(posts)
                out.append(RosterEntry(role=role, person=person, affiliation=main.affiliation, title=main.title,
                                       organisation=org, start=a, end=b, positions=posts))
    return out


def _bracketed_people(text: str, skip: list[tuple[int, int]]) -> list[RosterEntry]:
    """"王五（某大学研究院副院长）" in running text: the person and the post written in brackets."""
    out = []
    for m in re.finditer(r"[（(]([^（()）\n]{3,60})[）)]", text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        posts = _positions(m.group(1))
        if not posts or not posts[0].affiliation:
            continue
        for n in (3, 2, 4):
            k = m.start() - n
            if k >= 0 and _name_at(text[: m.start()] + "。", k) == m.start():
                if k > 0 and _HAN.match(text[k - 1]) and text[k - 1] not in "由任聘请为是":
                    continue  # the name must stand alone: 某数据集团（…）is no person
                main = _main_position(posts)
                out.append(RosterEntry(role=main.title, person=text[k : m.start()], affiliation=main.affiliation,
                                       title=main.title, start=k, end=m.end(), positions=posts))
                break
    return out


def _member_role_re() -> re.Pattern[str]:
    lex = _lex()
    titles = [t for t in lex.titles if _HAN.match(t)]
    words = sorted(lex.p["member_role_words"], key=len, reverse=True)
    role = "|".join([*(re.escape(w) for w in words), *(re.escape(t) + "单位" for t in titles)])
    verbs = "|".join(re.escape(v) for v in lex.p["member_list_verbs"])
    return re.compile(rf"(?P<role>{role})\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*(?:{verbs})?\s*[:：]?\s*")


def _body_before(text: str, pos: int, subject: str) -> str:
    """The membership body a passage at `pos` is about: the subject, else the latest one founded before."""
    lex = _lex()
    bodies = tuple(lex.p["membership_bodies"])
    if subject.endswith(bodies):
        return subject
    founding = "|".join(re.escape(v) for v in sorted(lex.p["founding_verbs"], key=len, reverse=True))
    founded = re.compile(rf"(?:{founding})(?:了)?([\u4e00-\u9fff（）()]{{2,30}}?(?:{'|'.join(bodies)}))")
    return next((f.group(1) for f in reversed(list(founded.finditer(text, 0, pos)))), "")


def find_members(text: str, subject: str = "", lines: list[_Line] | None = None) -> list[MemberEntry]:
    """Units of member lists: a "副理事长单位：A、B" line, or "成员单位包括A、B。" in running text."""
    lex = _lex()
    role_re = _member_role_re()
    lines = lines if lines is not None else _lines(text)
    out: list[MemberEntry] = []
    for ln in lines:
        for m in role_re.finditer(ln.text):
            said = m.group(0)[len(m.group("role")) :].strip(_WS)
            # at a line start a colon or any verb opens the list; in a sentence only a colon or 包括-like verb
            strong = bool(said) and (said[-1] in "：:" or said in lex.p["member_list_verbs"][:3])
            if not (strong or (m.start() == 0 and said)):
                continue
            a = ln.start + m.end()
            stop = re.search(r"[。；;\n]|等\s*\d*\s*[家个名]?", text[a : ln.end])
            b = a + stop.start() if stop else ln.end
            org = _roster_org_near(text, lines, ln) or _body_before(text, ln.start, subject)
            for x, y in _split_top(text[a:b], "、，,和及"):
                raw = text[a + x : a + y]
                lead = len(raw) - len(raw.lstrip(_WS))
                name = raw.strip(_WS + "等")
                if not 2 <= len(name) <= 40 or not _HAN.search(name) or name in lex.p["name_stopwords"]:
                    continue
                out.append(MemberEntry(role=m.group("role"), name=name, organisation=org, start=a + x + lead,
                                       end=a + x + lead + len(name)))
    return out


def _roster_org_near(text: str, lines: list[_Line], ln: _Line) -> str:
    """The body named by a "X联盟理事会成员：" heading line just above a member list."""
    i = lines.index(ln)
    for k in range(i - 1, max(-1, i - 4), -1):
        t = lines[k].text
        if re.search(r"[:：]$", t):
            return _roster_org(t)
    return ""


def find_rosters(text: str, subject: str = "", lines: list[_Line] | None = None) -> list[RosterEntry]:
    lines = lines if lines is not None else _lines(text)
    entries, spans = _line_rosters(text, lines, subject)
    seen = {(e.person, e.affiliation, e.title) for e in entries}
    suffixes = set(_lex().org_suffixes)
    for e in _narrative_entries(text, subject):
        key = (e.person, e.affiliation, e.title)
        if key not in seen and not any(a <= e.start < b for a, b in spans):
            seen.add(key)
            entries.append(e)
    for e in [*_phrase_entries(text, spans), *_bracketed_people(text, spans)]:
        if e.affiliation in suffixes:
            # "联盟理事长崔宝秋": a bare 联盟 / 学会 is the organisation a roster of this text is about
            full = next((r.organisation for r in entries if r.organisation.endswith(e.affiliation)), "")
            full = full or (subject if subject.endswith(e.affiliation) else "")
            if full:
                e = e.model_copy(update={"affiliation": full})
        key = (e.person, e.affiliation, e.title)
        if key not in seen:
            seen.add(key)
            entries.append(e)
    return sorted(entries, key=lambda e: e.start)


# ---------------------------------------------------------------------------------------------------------------
# metadata

_TITLE_END_BAD = tuple("。，,；;：:、")


def _cut_at_labels(t: str) -> str:
    """A title line that runs on into 来源： / 发布时间： / 浏览量： / 【大中小】 ends before the first of them."""
    lex = _lex()
    labels = [w for ws in lex.p["meta_labels"].values() for w in ws] + lex.p["field_labels"]
    cut = len(t)
    for w in labels:
        for m in re.finditer(rf"{re.escape(w)}\s*[:：]", t):
            if m.start() >= 6:
                cut = min(cut, m.start())
                break
    i = t.find("【")
    if i >= 6 and re.match(r"【[^】]{0,3}】|【(?:打印|关闭|字体|大)", t[i:]) is not None:
        cut = min(cut, i)
    return t[:cut].rstrip(_WS + "|｜") if cut < len(t) else t


def _title_like(t: str) -> bool:
    t2 = _squeeze(t)
    if not 6 <= len(t2) <= 80 or t2.endswith(_TITLE_END_BAD) or _is_boilerplate(t2):
        return False
    if _is_date_line(t2) or _DOCNO.fullmatch(t2):
        return False
    if re.match(r"^[（(]\s*(关于|——)", t2) or t2.startswith(("——", "—")):
        return False  # a subtitle
    if _DATE.match(t2):
        return False  # a dateline: "2024年3月22日 来源：…"
    labels = _lex().p["meta_labels"]
    if any(_labelled(t2, labels[k]) for k in ("source", "issuer", "published_date", "written_date", "doc_no")):
        return False
    if re.search(r"[:：]", t2) and not re.search(r"[:：]\s*$", t2) and len(t2) < 40:
        # "发文单位:…", "级别:…" metadata lines; but "某市：以…赋能…" is a news headline led by a place name
        m = re.match(r"^([\u4e00-\u9fff]{2,6})\s*[:：]", t2)
        return m is None or bool(regions().find_all(m.group(1)))
    return _HAN.search(t2) is not None and t2.count("。") == 0


def _find_title(lines: list[_Line], hints: dict[str, str]) -> tuple[str, int]:
    lex = _lex()
    hint = (hints.get("title") or "").strip()
    if hint:
        hint = re.split(r"\s*[_|｜]\s*|\s+-\s+", hint)[0].strip()
        if _title_like(hint):
            return _squeeze(hint), -1
    head = lines[:20]
    for i, ln in enumerate(head):
        t = ln.text
        if len(t) > 80 and t.count("。") >= 1 and not _is_boilerplate(t):
            break  # the body began before any title line
        labelled = _labelled(t, lex.p["meta_labels"]["title"])
        if labelled and _title_like(labelled):
            return _squeeze(labelled), i
        t = _cut_at_labels(t)
        if not _title_like(t):
            continue
        title = t
        # a title broken over two lines: "关于印发《…》的" + "通知"
        if i + 1 < len(head):
            nxt = head[i + 1].text
            if (title.endswith(("的", "关于", "和", "与", "及", "暨", "《")) or re.match(
                r"^(的|通知|方案|意见|计划|办法|规划|报告|答复|决定)", nxt
            )) and len(_squeeze(nxt)) <= 40 and not nxt.endswith(_TITLE_END_BAD) and not _is_boilerplate(nxt):
                title = title + nxt
        return _squeeze(title), i
    # News without a title line: the clause of the first paragraph that reports the event.
    news = lex.p["type_keywords"]["news"]
    for ln in lines[:3]:
        for a, b in _split_top(ln.text, "，,。；;"):
            clause = ln.text[a:b].strip(_WS)
            if any(w in clause for w in news) and 6 <= len(clause) <= 60 and not clause.startswith(("在", "为")):
                return _squeeze(clause), -1
    return (_squeeze(lines[0].text)[:80] if lines else ""), -1


def _find_doc_no(lines: list[_Line], title_idx: int) -> str:
    lex = _lex()
    for ln in lines[:25]:
        v = _labelled(ln.text, lex.p["meta_labels"]["doc_no"])
        if v and _DOCNO.search(v):
            return _DOCNO.search(v).group(0).replace(" ", "")  # type: ignore[union-attr]
    head = lines[: max(title_idx, 0) + 8]
    for ln in head:  # a number on its own line next to the title
        t = re.sub(r"[\s\u3000]", "", ln.text)
        if _DOCNO.fullmatch(t):
            return t
    for ln in head:  # …or leading a header line with a short tail: "X发〔2024〕21号　　A类", "…号 签发人：某某"
        t = re.sub(r"[\s\u3000]", "", ln.text)
        m = _DOCNO.match(t)
        if m and len(t) - m.end() <= 12 and not re.search(r"[。，,；;]", t[m.end() :]):
            return m.group(0)
    return ""


def _signature(lines: list[_Line]) -> tuple[str, str]:
    """(issuer, date) of the closing signature block: an organisation line followed by a date line."""
    tail = lines[-15:]
    for k in range(len(tail) - 1, 0, -1):
        iso = _is_date_line(tail[k].text)
        if not iso:
            continue
        first = _first_signer(tail, k)
        return first, iso
    # A 印发 notice carries its signature after the cover letter, before the attached plan.
    for k in range(1, len(lines)):
        iso = _is_date_line(lines[k].text)
        if iso:
            first = _first_signer(lines, k)
            if first:
                return first, iso
    return "", ""


def _signer_names(t: str) -> list[str]:
    """The organisations of one signature line ("A厅<tab>B委员会" → both), or [] when it is no signature line."""
    lex = _lex()
    names = [_squeeze(c) for c in re.split(r"\t+", t) if c.strip(_WS)]
    if not names or any(
        len(n) > 40 or n.endswith(_TITLE_END_BAD) or re.search(r"[，。；,;：:]", n)
        or not any(n.endswith(s) for s in lex.org_suffixes)
        for n in names
    ):
        return []
    return names


def _first_signer(lines: list[_Line], date_idx: int) -> str:
    """The first department of the signature block ending above line `date_idx`: a joint notice lists the lead
    (issuing) department first, its co-signers after it, on one or more lines."""
    first = ""
    k = date_idx - 1
    while k >= 0 and date_idx - k <= 6:
        names = _signer_names(lines[k].text)
        if not names:
            break
        first = names[0]
        k -= 1
    return first


def is_media_source(name: str) -> bool:
    """True for a 来源 that is a newspaper, news agency, broadcaster or web site (X日报, 新华社, X网)."""
    lex = _lex()
    n = re.sub(r"[\s\u3000]", "", name)
    if not n:
        return False
    if any(n == m or n.startswith(m) for m in lex.p["media_sources"]):
        return True
    return any(n.endswith(sfx) and len(n) > len(sfx) for sfx in lex.p["media_suffixes"])


def _is_bare_division(name: str) -> bool:
    """产业数字化处: a division (处/科) whose parent body is not named in it, so it cannot stand for an issuer."""
    lex = _lex()
    n = _squeeze(name)
    if len(n) < 2 or not n.endswith(tuple(lex.p["division_suffixes"])):
        return False
    if any(s in n[:-1] for s in lex.org_suffixes) or any(True for _ in regions().scan(n)):
        return False
    return True


def _title_subject(title: str) -> str:
    """"X学会2023年度工作总结" → X学会; "X局关于印发…" → X局."""
    lex = _lex()
    m = re.match(r"^(.{2,40}?)(?:(?:19|20)\d{2}|关于|召开|举办|举行|正式|成立|第[一二三四五六七八九十\d]+届|工作)",
                 title)
    if not m:
        return ""
    head = m.group(1)
    for k in range(len(head), 1, -1):
        if any(head[:k].endswith(s) for s in lex.org_suffixes if len(s) >= 2):
            return head[:k]
    return ""


def _find_date(lines: list[_Line], hints: dict[str, str], text: str, sig_date: str) -> str:
    lex = _lex()
    labels = lex.p["meta_labels"]
    for ln in lines[:30]:
        v = _labelled(ln.text, labels["written_date"])
        if v:
            for _, _, iso in _dates(v):
                return iso
    if sig_date:
        return sig_date
    hint = hints.get("date", "")
    for _, _, iso in _dates(hint):
        return iso
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", hint):
        return hint
    for ln in lines[:30]:
        v = _labelled(ln.text, labels["published_date"])
        if v:
            for _, _, iso in _dates(v):
                return iso
    for _, _, iso in _dates(text):  # news: the first dated event
        return iso
    return ""


def _doc_type(title: str, text: str, has_tasks: bool, source: str = "") -> DocType:
    lex = _lex()
    kw = lex.p["type_keywords"]
    t = re.sub(r"\s", "", title)
    if any(w in t for w in kw["proposal_reply"]) or re.search(r"对.*(提案|建议|议案).*(答复|回复)", t):
        return DocType.PROPOSAL_REPLY
    if any(w in t for w in kw["work_report"]):
        return DocType.WORK_REPORT
    plan_words = [w for w in kw["action_plan"] if w in t]
    if plan_words:
        if has_tasks or not all(w in lex.p["plan_types_need_tasks"] for w in plan_words):
            return DocType.ACTION_PLAN
    if any(w in t for w in kw["notice"]):
        return DocType.ACTION_PLAN if has_tasks else DocType.NOTICE
    if any(w in t for w in kw["news"]) or any(w in text[:400] for w in kw["news"]) and _DATE.search(text[:400]):
        return DocType.NEWS
    if _has_byline(text[:400]) or is_media_source(source):
        return DocType.NEWS
    return DocType.OTHER


def _has_byline(head: str) -> bool:
    """A reporter byline ("记者 沈某某", "通讯员：X", "本报讯") opening a text: what a news item carries."""
    words = "|".join(map(re.escape, _lex().p["news_bylines"]))
    byline = rf"(?:^|[\s\u3000：:（(【\[])(?:{words})(?:[\s\u3000：:]*[\u4e00-\u9fff]{{2,4}}|[）)】\]])"
    return bool(re.search(byline, head, re.M))


def _find_region(title: str, issuer: str, doc_no: str, text: str) -> tuple[str, str]:
    lex = _lex()
    table = regions()
    votes: Counter[Region] = Counter()
    for m in table.scan(title):
        votes[m.region] += 5
    for m in table.scan(issuer):
        votes[m.region] += 5
    text_mentions = table.scan(text)
    head_regions = {x.region for x in table.scan(title)} | {x.region for x in table.scan(issuer)}
    for m in text_mentions:
        votes[m.region] += 1
    flat = re.sub(r"\s", "", text)
    city_refs = sum(flat.count(w) for w in lex.p["city_level_refs"])
    prov_refs = sum(flat.count(w) for w in lex.p["province_level_refs"])
    # Relative agency names (市工信局, 省科技厅) also tell the level of the document.
    city_refs += len(re.findall(r"(?<![\u4e00-\u9fff])市[\u4e00-\u9fff]{1,6}[局委办厅]", text))
    prov_refs += len(re.findall(r"(?<![\u4e00-\u9fff])省[\u4e00-\u9fff]{1,6}[局委办厅]", text))

    city_votes: Counter[str] = Counter()
    prov_votes: Counter[str] = Counter()
    for r, n in votes.items():
        if r.level == "province":
            prov_votes[r.name] += n
            if r.city:
                city_votes[r.city] += n
        else:
            prov_votes[r.province] += n / 2 if r.level == "city" else n / 4
            if r.city:
                city_votes[r.city] += n if r.level == "city" else n / 2
    m = re.match(r"^([\u4e00-\u9fff])", doc_no)
    if m and m.group(1) in lex.p["province_abbreviations"]:
        prov_votes[lex.p["province_abbreviations"][m.group(1)]] += 1
    if not prov_votes:
        return "", ""
    province = prov_votes.most_common(1)[0][0]
    prov_region = table.find(province)
    if prov_region is not None and prov_region.city == prov_region.name:
        return province, province  # a municipality
    in_prov = Counter({c: n for c, n in city_votes.items() if (table.find(c) or Region(
        name=c, level="city", adcode="", province="", city=c, short=c)).province == province})
    named_in_head = [r for r in votes if r.level != "province" and r in head_regions]
    if named_in_head:
        city = named_in_head[0].city or ""
        return (table.find(city).province if city and table.find(city) else province), city
    if city_refs > prov_refs and in_prov:
        city = in_prov.most_common(1)[0][0]
        return province, city
    if prov_refs >= city_refs and prov_refs > 0 and prov_region is not None:
        cap = table.capital(prov_region)
        return province, cap.name if cap else ""
    if in_prov:
        best, n = in_prov.most_common(1)[0]
        if n >= 3:
            return province, best
    return province, ""


def find_addressees(lines: list[_Line]) -> list[tuple[int, int]]:
    """Addressee lines of a notice: a short line ending with a colon whose first recipient is "各…"."""
    out = []
    for ln in lines[:40]:
        t = ln.text
        if not re.search(r"[:：]$", t) or len(t) > 150 or re.search(r"[。；;！？]", t):
            continue
        items = [t[a:b].strip(_WS) for a, b in _split_top(t[:-1], "，,")]
        ends = tuple(_lex().org_suffixes + _lex().p["addressee_unit_ends"])
        if items and items[0].startswith("各") and all(2 <= len(x) <= 60 and x.endswith(ends) for x in items):
            out.append((ln.start, ln.end))
    return out


def _find_district(issuer: str, title: str, province: str, city: str) -> str:
    """The district whose organs issue the document (its name opens the issuer, else the title), or ""."""
    table = regions()
    within = table.find(city) if city else (table.find(province) if province else None)
    for head in (issuer, title):
        found = table.scan(head, within=within)
        k = 0  # 某市某区…: skip the regions written before the district, all adjacent from the start
        while k < len(found) and found[k].start == (found[k - 1].end if k else 0):
            if found[k].region.level == "district":
                break
            k += 1
        if k < len(found) and found[k].region.level == "district" and found[k].start == (found[k - 1].end if k else 0):
            rest = head[found[k].end :]
            if rest.startswith(tuple(_lex().p["district_organ_starts"])):
                return found[k].region.name
    return ""


# ---------------------------------------------------------------------------------------------------------------


def parse_structure(text: str, meta_hints: dict[str, str] | None = None) -> DocStructure:
    hints = {k: (v or "") for k, v in (meta_hints or {}).items()}
    lex = _lex()
    lines = _lines(text)
    sections = find_sections(text, lines)
    tasks, events = _find_tasks_and_events(text, sections, lines)

    title, title_idx = _find_title(lines, hints)
    doc_no = _find_doc_no(lines, title_idx)
    sig_issuer, sig_date = _signature(lines)
    labelled_issuer = hints.get("issuer", "")
    source = hints.get("source", "")
    for ln in lines[:30]:
        labelled_issuer = labelled_issuer or _labelled(ln.text, lex.p["meta_labels"]["issuer"]) or ""
        source = source or _labelled(ln.text, lex.p["meta_labels"]["source"]) or ""
    # A newspaper or news site in 来源 reports the news; it issues nothing (the news is then about its subject).
    doc_type = _doc_type(title, text, bool(tasks), source)
    source_issuer = "" if is_media_source(source) or _is_bare_division(source) else source
    # the society or alliance a news title is about (X联盟正式成立) is its subject: it issues the news only when
    # it signs (then the signature or a 发布单位 label names it)
    title_issuer = _title_subject(title)
    if doc_type == DocType.NEWS and title_issuer.endswith(tuple(lex.p["membership_bodies"])):
        title_issuer = ""
    issuer = labelled_issuer or sig_issuer or source_issuer or title_issuer
    issuer_full = ""
    if sig_issuer and len(sig_issuer) > len(issuer):
        issuer_full = sig_issuer
    elif issuer and (issuer == sig_issuer or issuer == labelled_issuer) and len(issuer) >= 6:
        issuer_full = issuer
    date = _find_date(lines, hints, text, sig_date)
    province, city = _find_region(title, issuer_full or issuer, doc_no, text)
    district = _find_district(issuer_full or issuer, title, province, city) if city else ""
    meta = DocMeta(title=title, doc_no=doc_no, issuer=issuer_full or issuer, issuer_full=issuer_full, source=source,
                   date=date, province=province, city=city, district=district, type=doc_type)
    subject = _title_subject(title) or (issuer if issuer.endswith(("联盟", "学会", "协会", "商会", "联合会")) else "")
    rosters = find_rosters(text, subject, lines)
    members = find_members(text, subject, lines)
    return DocStructure(meta=meta, sections=sections, tasks=tasks, rosters=rosters, events=events, members=members,
                        addressees=find_addressees(lines))
