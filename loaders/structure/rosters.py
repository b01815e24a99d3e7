"""Rosters: the people of an organisation and their roles (理事长, 副理事长, 秘书长 …).

Three forms: line rosters ("理事长：张三" followed by one person per line), narrative ones ("…当选会长",
"选举X为理事长", "监事由X担任") and "单位 + 职务 + 姓名" phrases or "姓名（单位职务）" in running text.

Decisions: line rosters end at a prose paragraph; narrative ones give the role in the body founded in the
passage, else the body the document is about.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from loaders.segment import DocText, Line
from loaders.structure.patterns import CLOSE, HAN, OPEN, WS, split_top, structure_lexicon
from loaders.structure.persons import DELIMS, Position, main_position, name_at, read_positions, split_position


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


def _name_before(text: str, at: int, title: str) -> RosterEntry | None:
    """"南京大学生科院张辰宇院长": an organisation, a name, then the title."""
    lex = structure_lexicon()
    if title in lex.membership:
        return None
    for n in (3, 2, 4):
        a = at - n
        if a < 2:
            continue
        cand = text[a:at]
        if not all(HAN.match(c) for c in cand) or any(w in cand for w in lex.p["name_stopwords"]):
            continue
        if cand[0] not in lex.surnames and cand[:2] not in lex.compound_surnames:
            continue
        k = a
        while k > 0 and text[k - 1] not in DELIMS + "、":
            k -= 1
        org = text[k:a]
        cut = org.rfind("以及")  # "…院士以及南京大学生科院": the organisation follows the connective
        if cut != -1:
            k, org = k + cut + 2, org[cut + 2 :]
        if len(org) >= 2 and any(org.endswith(s) for s in lex.org_suffixes):
            pos = split_position(org + title)
            if pos is None or not pos.affiliation:
                return None
            return RosterEntry(role=pos.title, person=cand, affiliation=pos.affiliation, title=pos.title, start=k,
                               end=at + len(title), positions=[pos])
    return None


def _phrase_entries(text: str, skip: list[tuple[int, int]]) -> list[RosterEntry]:
    """"中关村…管理委员会产业发展促进处副处长白伟昌", "省政协副主席霍金花出席" in running text."""
    lex = structure_lexicon()
    out: list[RosterEntry] = []
    last_parent = ""  # the latest parent body (省政协) seen in this paragraph, for "办公厅副主任刘俊江"
    para_start = 0
    for m in lex.title_re.finditer(text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        if text.rfind("\n", 0, m.start()) + 1 != para_start:
            para_start = text.rfind("\n", 0, m.start()) + 1
            last_parent = ""
        end = name_at(text, m.end())
        if end == -1:
            before = _name_before(text, m.start(), m.group(0))
            if before is not None:
                out.append(before)
            continue
        # walk back to the start of the "org+title、org+title" chunk, skipping bracketed parts
        k, depth = m.start(), 0
        while k > para_start:
            c = text[k - 1]
            if c in CLOSE:
                depth += 1
            elif c in OPEN:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and c in DELIMS:
                break
            k -= 1
        positions = read_positions(text[k : m.end()])
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
        main = main_position(positions)
        names = [(m.end(), end)]
        while end < len(text) and text[end] == "、":  # "副主任阮金泉、刘德银"
            nxt = name_at(text, end + 1)
            if nxt == -1 or lex.title_re.match(text, nxt):
                break
            names.append((end + 1, nxt))
            end = nxt
        for a, b in names:
            out.append(RosterEntry(role=main.title, person=text[a:b], affiliation=main.affiliation, title=main.title,
                                   start=k, end=b, positions=positions))
    return out


def roster_org(heading: str) -> str:
    lex = structure_lexicon()
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
    lex = structure_lexicon()
    m = re.match(r"^([\u4e00-\u9fffA-Za-z]{2,12})\s*(?:[（(][^）)]{0,10}[）)])?\s*[:：]\s*(.*)$", t)
    if not m or not any(m.group(1).endswith(x) for x in lex.titles):
        return None
    return m.group(1), m.group(2)


def _inline_people(rest: str, base: int) -> list[tuple[str, int, int, list[Position]]]:
    """"崔宝秋（小米集团副总裁）、张三" → people with the posts written in brackets."""
    out = []
    for a, b in split_top(rest, "、，,；;"):
        seg = rest[a:b]
        lead = len(seg) - len(seg.lstrip(WS))
        s = seg.strip(WS)
        end = name_at(s + "。", 0)
        if end == -1:
            continue
        positions: list[Position] = []
        tail = s[end:]
        if tail and tail[0] in OPEN and tail[-1] in CLOSE:
            positions = read_positions(tail[1:-1])
        elif tail:
            continue
        out.append((s[:end], base + a + lead, base + a + lead + len(s), positions))
    return out


def _person_line(ln: Line) -> list[tuple[str, int, int, list[Position]]]:
    """A roster line: "小米集团副总裁、集团技术委员会主席 崔宝秋" (blank optional), "贾昊", "崔宝秋（单位职务）"."""
    t = ln.text
    name_tok = re.split(r"[\s\u3000]+", t)[-1]
    if name_at(name_tok + "。", 0) == len(name_tok):
        left = t[: len(t) - len(name_tok)].strip(WS)
        positions = read_positions(left) if left else []
        if not left or positions:
            return [(name_tok, ln.start, ln.end, positions)]
    # no blank between the posts and the name: the name runs from the end of the last title to the line end
    for m in reversed(list(structure_lexicon().title_re.finditer(t))):
        if name_at(t + "。", m.end()) == len(t) and len(t) - m.end() <= 8:
            positions = read_positions(t[: m.end()])
            if positions:
                return [(t[m.end() :], ln.start, ln.end, positions)]
    return _inline_people(t, ln.start)


def _line_rosters(text: str, lines: list[Line], subject: str) -> tuple[list[RosterEntry], list[tuple[int, int]]]:
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
            org = roster_org(lines[i - 1].text) or subject
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
                    rest_line = Line(index=ln.index, start=base, end=ln.end, text=rest)
                    people = _inline_people(rest, base) or _person_line(rest_line)
                    if not people:
                        break
            else:
                if len(split_top(ln.text, "。，：:,;；")) > 1:
                    break  # a prose paragraph ends the roster; its "姓名（单位职务）" are no members
                people = _person_line(ln)
                if not people:
                    break
            if any(e.person == p[0] for e in out[first_entry:] for p in people):
                break  # a name seen in this roster again: a photo caption after the roster, not a member
            for person, a, b, positions in people:
                main = main_position(positions)
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
    for a, b in split_top(chunk, "、和及与"):
        seg = chunk[a:b]
        lead = len(seg) - len(seg.lstrip(WS))
        seg = seg.strip(WS)
        if not seg:
            continue
        s0 = base + a + lead
        if seg[-1] in CLOSE:  # 王五（某公司总经理）
            i = seg.find("（" if seg[-1] == "）" else "(")
            if i > 0 and name_at(seg[:i] + "。", 0) == i:
                out.append((seg[:i], s0, s0 + len(seg), read_positions(seg[i + 1 : -1])))
            continue
        for n in (3, 2, 4):
            k = len(seg) - n
            if k < 0 or name_at(seg + "。", k) != len(seg):
                continue
            if k == 1:
                continue  # one character before a name is no organisation and title
            posts = read_positions(seg[:k]) if k else []
            if k and not posts:
                continue
            out.append((seg[k:], s0, s0 + len(seg), posts))
            break
    return out


def _narrative_entries(text: str, lines: list[Line], subject: str) -> list[RosterEntry]:
    """Narrative rosters ("…副总裁张三当选会长", "选举李四为理事长", "监事由王五（某公司总经理）担任").

    The role is in the body the passage founded or, failing that, the body the document is about.
    """
    lex = structure_lexicon()
    titles = "|".join(re.escape(t) for t in lex.titles)
    quals = "|".join(re.escape(q) for q in lex.p["elect_role_qualifiers"])
    verbs = "|".join(re.escape(v) for v in sorted(lex.p["elect_verbs"], key=len, reverse=True))
    clause = r"[^，,。；;：:！？\n]"
    appoint_verbs = sorted(lex.p["appoint_verbs"], key=len, reverse=True)
    appoint = "|".join(re.escape(v) for v in appoint_verbs)
    bodies = tuple(lex.p["membership_bodies"])
    body = "|".join(re.escape(b) for b in sorted(bodies, key=len, reverse=True))  # 为联盟监事长: body, then role
    pats = [
        re.compile(
            rf"(?P<who>{clause}{{2,90}}?)(?:{verbs})(?:{quals})?(?:{body})?(?P<role>{titles})"
            rf"(?![\u4e00-\u9fff]{{0,1}}单位)"
        ),
        re.compile(rf"(?:{appoint})(?P<who>{clause}{{2,90}}?)(?:作为|为)(?:{quals})?(?:{body})?(?P<role>{titles})"),
        re.compile(rf"(?P<role>{titles})由(?P<who>{clause}{{2,90}}?)(?:担任|出任)"),
    ]
    founding = "|".join(re.escape(v) for v in sorted(lex.p["founding_verbs"], key=len, reverse=True))
    founded = re.compile(rf"(?:{founding})(?:了)?([\u4e00-\u9fff（）()]{{2,30}}?(?:{'|'.join(bodies)}))")
    keys = [tuple(lex.p["elect_verbs"]), tuple(appoint_verbs), ("担任", "出任")]
    spans: list[tuple[re.Pattern[str], int, int]] = []  # run each pattern only on paragraphs with its key word
    for ln in lines:
        for pat, key in zip(pats, keys, strict=True):
            if any(k in ln.text for k in key):
                spans.append((pat, ln.start, ln.end))
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
                main = main_position(posts)
                out.append(RosterEntry(role=role, person=person, affiliation=main.affiliation, title=main.title,
                                       organisation=org, start=a, end=b, positions=posts))
    return out


def _bracketed_people(text: str, skip: list[tuple[int, int]]) -> list[RosterEntry]:
    """"王五（某大学研究院副院长）" in running text: the person and the post written in brackets."""
    out = []
    for m in re.finditer(r"[（(]([^（()）\n]{3,60})[）)]", text):
        if any(a <= m.start() < b for a, b in skip):
            continue
        posts = read_positions(m.group(1))
        if not posts or not posts[0].affiliation:
            continue
        for n in (3, 2, 4):
            k = m.start() - n
            if k >= 0 and name_at(text[: m.start()] + "。", k) == m.start():
                if k > 0 and HAN.match(text[k - 1]) and text[k - 1] not in "由任聘请为是":
                    continue  # the name must stand alone: 某数据集团（…）is no person
                main = main_position(posts)
                out.append(RosterEntry(role=main.title, person=text[k : m.start()], affiliation=main.affiliation,
                                       title=main.title, start=k, end=m.end(), positions=posts))
                break
    return out


def find_rosters(doc: DocText, subject: str = "") -> list[RosterEntry]:
    text, lines = doc.text, doc.lines
    entries, spans = _line_rosters(text, lines, subject)
    seen = {(e.person, e.affiliation, e.title) for e in entries}
    suffixes = set(structure_lexicon().org_suffixes)
    for e in _narrative_entries(text, lines, subject):
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
