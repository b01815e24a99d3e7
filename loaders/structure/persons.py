"""Person names and their posts: where a name starts and ends, and "单位 + 职务" split into Positions.

The building blocks of rosters: a name is 2–4 Han characters (or a name with ·) opening with a known surname
and followed by a boundary; a post is an organisation (the shortest prefix ending in an organisation suffix)
and a title from `role_titles.txt`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from loaders.lang import regions
from loaders.structure.patterns import HAN, WS, split_top, structure_lexicon


class Position(BaseModel):
    """One post of a person: 小米集团 + 副总裁."""

    affiliation: str = ""
    title: str = ""


DELIMS = "，,。；;：:\n！？!?“”\"《》 \t\u3000"


def name_at(text: str, pos: int) -> int:
    """End of a person name starting at `pos` (2–4 Han characters, a known surname, a boundary after), or -1."""
    lex = structure_lexicon()
    if pos >= len(text):
        return -1
    stops = lex.p["name_stopwords"]
    after_words = sorted(lex.p["after_name"], key=len, reverse=True)

    def bounded(end: int) -> bool:
        rest = text[end : end + 4]
        return not rest or rest[0] in DELIMS + "、（()）" or any(rest.startswith(w) for w in after_words)

    m = re.match(r"[\u4e00-\u9fff]{2,6}·", text[pos:])
    if m:  # 艾力·买买提出席: the part after the dot ends at a boundary, not at the last Han character
        start = pos + m.end()
        tails = [n for n in (3, 4, 2, 5, 6) if all(HAN.match(c) for c in text[start : start + n].ljust(n, "。"))]
        strong = [n for n in tails if start + n >= len(text) or text[start + n] in DELIMS + "、（()）"]
        weak = [n for n in tails if bounded(start + n)]  # 出席 after the name: the commonest length wins
        return start + (strong or weak)[0] if strong or weak else -1
    lengths = (4, 3) if text[pos : pos + 2] in lex.compound_surnames else (3, 2)
    if text[pos : pos + 2] not in lex.compound_surnames and text[pos] not in lex.surnames:
        return -1
    for n in lengths:
        cand = text[pos : pos + n]
        if len(cand) < n or not all(HAN.match(c) for c in cand):
            continue
        if any(w in cand for w in stops) or lex.title_re.search(cand[1:]) or cand[-1] in lex.p["name_never_ends"]:
            continue  # 孙磊等: 等 closes a list of people, it is no part of the last name
        if n > 2 and any(text.startswith(w, pos + n - 1) for w in after_words if len(w) >= 2):
            continue  # 张涌|作为: the last character opens the word after the name
        if cand in after_words:
            continue  # 强调, 表示: a verb that follows names, not a name (强 and 表 are surnames too)
        if bounded(pos + n):
            return pos + n
    return -1


def split_position(seg: str) -> Position | None:
    """"小米集团副总裁" → (小米集团, 副总裁); None when the segment does not end with a title."""
    lex = structure_lexicon()
    seg = seg.strip(WS)
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
    # 某集团 + 有限公司: a legal-form ending after the first suffix still belongs to the name
    form = next((f for f in sorted(lex.p["org_legal_forms"], key=len, reverse=True) if prefix.startswith(f, cut)), "")
    cut += len(form)
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


def read_positions(chunk: str) -> list[Position]:
    """Posts of "A职务、B职务" in order; stops at a segment that is not a post (the previous person)."""
    out: list[Position] = []
    for a, b in reversed(split_top(chunk, "、")):
        pos = split_position(chunk[a:b])
        if pos is None:
            break
        out.append(pos)
    out.reverse()
    lex = structure_lexicon()
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
    for c in structure_lexicon().p["party_committees"]:
        if n.endswith(c):
            head = n[: -len(c)]
            # 兰州市委 is 兰州市 + 委: the committee word repeats the region's own suffix
            for region in (head + c[0], head):
                if region and _is_region_name(region):
                    return region
    return ""


def main_position(positions: list[Position]) -> Position:
    """The first post that is neither a membership nor, next to an administrative post, a party post."""
    lex = structure_lexicon()
    cores = [next((t for t in lex.titles if p.title.endswith(t)), p.title) for p in positions]
    for p, core in zip(positions, cores, strict=True):
        if core not in lex.membership and core not in lex.party:
            return p
    for p, core in zip(positions, cores, strict=True):
        if core not in lex.membership:
            return p
    return positions[0] if positions else Position()
