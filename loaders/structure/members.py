"""Member lists: the units of "副理事长单位：A、B、C" lines and "成员单位包括A、B。" sentences."""

from __future__ import annotations

import re

from pydantic import BaseModel

from loaders.segment import DocText, Line
from loaders.structure.patterns import HAN, WS, split_top, structure_lexicon
from loaders.structure.rosters import roster_org


class MemberEntry(BaseModel):
    """One unit of a member list: "副理事长单位：A、B、C", "成员单位包括A、B"."""

    role: str  # the membership as written: 理事长单位, 副理事长单位, 秘书长单位, 成员单位, 会员单位 …
    name: str  # the unit as written, e.g. 福州某某科技股份有限公司
    organisation: str = ""  # the body the list is about (the alliance / society), "" when the text names none
    start: int  # offsets of the unit name
    end: int


def _member_role_re() -> re.Pattern[str]:
    lex = structure_lexicon()
    titles = [t for t in lex.titles if HAN.match(t)]
    words = sorted(lex.p["member_role_words"], key=len, reverse=True)
    role = "|".join([*(re.escape(w) for w in words), *(re.escape(t) + "单位" for t in titles)])
    verbs = "|".join(re.escape(v) for v in lex.p["member_list_verbs"])
    return re.compile(rf"(?P<role>{role})\s*(?:[（(][^）)\n]{{0,12}}[）)])?\s*(?:{verbs})?\s*[:：]?\s*")


def _body_before(text: str, pos: int, subject: str) -> str:
    """The membership body a passage at `pos` is about: the subject, else the latest one founded before."""
    lex = structure_lexicon()
    bodies = tuple(lex.p["membership_bodies"])
    if subject.endswith(bodies):
        return subject
    founding = "|".join(re.escape(v) for v in sorted(lex.p["founding_verbs"], key=len, reverse=True))
    founded = re.compile(rf"(?:{founding})(?:了)?([\u4e00-\u9fff（）()]{{2,30}}?(?:{'|'.join(bodies)}))")
    return next((f.group(1) for f in reversed(list(founded.finditer(text, 0, pos)))), "")


def find_members(doc: DocText, subject: str = "") -> list[MemberEntry]:
    """Units of member lists: a "副理事长单位：A、B" line, or "成员单位包括A、B。" in running text."""
    lex = structure_lexicon()
    role_re = _member_role_re()
    text, lines = doc.text, doc.lines
    out: list[MemberEntry] = []
    for ln in lines:
        for m in role_re.finditer(ln.text):
            said = m.group(0)[len(m.group("role")) :].strip(WS)
            # at a line start a colon or any verb opens the list; in a sentence only a colon or 包括-like verb
            strong = bool(said) and (said[-1] in "：:" or said in lex.p["member_list_verbs"][:3])
            if not (strong or (m.start() == 0 and said)):
                continue
            a = ln.start + m.end()
            stop = re.search(r"[。；;\n]|等\s*\d*\s*[家个名]?", text[a : ln.end])
            b = a + stop.start() if stop else ln.end
            org = _roster_org_near(text, lines, ln) or _body_before(text, ln.start, subject)
            for x, y in split_top(text[a:b], "、，,和及"):
                raw = text[a + x : a + y]
                lead = len(raw) - len(raw.lstrip(WS))
                name = raw.strip(WS + "等")
                if not 2 <= len(name) <= 40 or not HAN.search(name) or name in lex.p["name_stopwords"]:
                    continue
                out.append(MemberEntry(role=m.group("role"), name=name, organisation=org, start=a + x + lead,
                                       end=a + x + lead + len(name)))
    return out


def _roster_org_near(text: str, lines: list[Line], ln: Line) -> str:
    """The body named by a "X联盟理事会成员：" heading line just above a member list."""
    i = ln.index
    for k in range(i - 1, max(-1, i - 4), -1):
        t = lines[k].text
        if re.search(r"[:：]$", t):
            return roster_org(t)
    return ""
