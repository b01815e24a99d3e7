"""Who is responsible, who leads, who works where, who is a member: RESPONSIBLE_FOR, LEADS, WORKS_FOR, MEMBER_OF.

RESPONSIBLE_FOR from the plan's 责任单位 blocks (task → units); LEADS from roster lines (姓名 单位职务) and from
"单位+职务+姓名" phrases in sentences; WORKS_FOR for scholars named after their institution (东南大学崔铁军院士);
MEMBER_OF from member lists (副理事长单位：A、B) and 当选为…理事单位 sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Label, RelType
from loaders.lang import ordered_words, regions, table, words
from loaders.mentions import Mention, suffix_of
from loaders.relations.context import ORGS, Item, RelDoc, listed_before, sentence_at
from loaders.segment import Sentence
from loaders.structure import DocStructure

# titles that hold a seat in a body without leading it (rank_titles.txt / 代表处 make exceptions, see _leading_title)
_NON_LEAD_TITLES = ("常委", "委员", "巡视员", "一级巡视员", "二级巡视员", "调研员", "院士", "代表", "成员")
_SCHOLAR = ("院士", "教授", "研究员", "首席科学家", "副教授")
# between the last member and the verb: 等, a count, a description (等近50家国内知名高校…等)
_LIST_TAIL = re.compile(r"\s*(?:等|[近约共逾超]?\s*(?:\d+|[一二三四五六七八九十百]+)\s*[家个])[^，。；;]{0,40}$")
_FOUNDED_BY = re.compile(r"由(?P<list>[^。；;]{2,300}?)(?:共同|联合|牵头)?发起(?:成立|设立|组建|创立|成立了)")


@lru_cache(maxsize=1)
def _unit_role_regex() -> re.Pattern[str]:
    roles = "|".join(map(re.escape, ordered_words("relations/unit_roles.txt")))
    return re.compile(rf"(?:当选为?|担任|成为|作为|为)(?P<gap>[^，。；、]{{0,30}}?)的?(?P<role>{roles})单位")


# -- plan structure -------------------------------------------------------------------------------------------


def responsible_for(d: RelDoc, structure: DocStructure) -> None:
    """The units of each task's 责任单位 block are responsible for it, with their role (lead / co)."""
    units = {(tm.mention.start, tm.mention.end): eid for tm, eid in d.res.mention_entity if tm.mention.kind == "unit"}
    tasks = {tm.mention.text: eid for tm, eid in d.res.mention_entity if tm.mention.kind == "task"}
    for task in structure.tasks:
        tid = tasks.get(task.title)
        if tid is None:
            continue
        sent = sentence_at(d.ms, task.evidence_start, task.evidence_end) if task.evidence_end else None
        for unit in task.units:
            uid = units.get((unit.start, unit.end))
            if uid is not None:
                d.add(RelType.RESPONSIBLE_FOR, uid, tid, sent, "task-units", 0.95, unit.role)


def members(d: RelDoc, structure: DocStructure) -> None:
    """MEMBER_OF from the member lists the structure found (副理事长单位：A、B), role as written."""
    for entry in getattr(structure, "members", []):
        if not entry.organisation:
            continue
        uid, oid = d.org_for_text(entry.name), d.org_for_text(entry.organisation)
        if uid and oid:
            d.add(RelType.MEMBER_OF, uid, oid, sentence_at(d.ms, entry.start, entry.end), "member-list", 0.9,
                  entry.role)


# -- people ---------------------------------------------------------------------------------------------------


def leads_rosters(d: RelDoc, structure: DocStructure) -> None:
    """A roster's person leads the organisation the roster is about (role 理事长 …) and every affiliation where
    they hold a leader title (X大学副校长)."""
    for entry in structure.rosters:
        pid = d.find_by_name(entry.person)
        if pid is None or d.entity(pid).type is not Label.PERSON:
            continue
        sent = sentence_at(d.ms, entry.start, entry.end)
        if entry.organisation and entry.role:
            oid = d.anaphor_at(entry.organisation, entry.start, entry.end) or d.org_for_text(entry.organisation)
            if oid:
                d.add(RelType.LEADS, pid, oid, sent, "roster-role", 0.9, entry.role)
        elif entry.role in words("relations/body_roles.txt") and not entry.affiliation:
            oid = d.body_before(entry.start)  # 陈晓红当选为理事长: of the body the report is about
            if oid:
                d.add(RelType.LEADS, pid, oid, sent, "roster-role-body", 0.8, entry.role)
        positions = [(p.affiliation, p.title) for p in getattr(entry, "positions", [])] or [
            (entry.affiliation, entry.title)]
        realigned: dict[str, str] = {}  # 厦门市科|协党组书记、副主席: the organisation found for the first title
        for affiliation, etitle in positions:
            place = affiliation if (r := regions().find(affiliation)) is not None and r.name == affiliation else ""
            if _post_names_its_body(etitle, affiliation, place):
                official = _official_body(d, place + etitle)  # 庆阳市副市长: in the region written
                if official:
                    d.add(RelType.LEADS, pid, official[0], sent, "roster-official-post", 0.85, official[1])
                continue
            aid, title = _realigned_affiliation(d, affiliation, etitle, entry.start, entry.end)
            if aid is not None:
                realigned[affiliation] = aid
            elif affiliation in realigned:
                aid, title = realigned[affiliation], etitle
            elif suffix_of(affiliation) is not None and suffix_of(affiliation)[0] == affiliation:
                continue  # 集团技术委员会主席 after 小米集团副总裁: a bare kind of body names no organisation
            elif affiliation and etitle and _leader_title(etitle):
                aid = d.anaphor_at(affiliation, entry.start, entry.end) or d.org_for_text(affiliation)
                title = etitle
            if aid and title and _leader_title(title):
                d.add(RelType.LEADS, pid, aid, sent, "roster-affiliation", 0.85, title)


def _realigned_affiliation(d: RelDoc, affiliation: str, title: str, start: int, end: int) -> tuple[str | None, str]:
    """厦门市科|协党组书记 → 厦门市科协|党组书记, X大学信息科学与|工程学院 → the whole school: an organisation
    mention that covers the affiliation and runs past the roster's cut on either side."""
    if not affiliation or not title:
        return None, title
    both = affiliation + title
    at = d.ms.text.find(both, start, end)
    if at < 0:
        return None, title
    for tm, eid in d.res.mention_entity:
        m = tm.mention
        if (tm.label in ORGS and m.start <= at < m.end and at + len(affiliation) <= m.end < at + len(both)
                and (m.start, m.end) != (at, at + len(affiliation))):
            return eid, both[m.end - at :]
    return None, title


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return ordered_words("mentions/leader_titles.txt")


def _leader_title(title: str) -> str:
    for t in _titles():
        if title.endswith(t):
            return t
    return ""


def _title_at_end(segment: str) -> tuple[str, int]:
    """The title a segment ends with (leader or not) and where it starts; ('', -1) when none."""
    seg = segment.rstrip(" \u3000\xa0")
    for t in (*_titles(), *sorted(_NON_LEAD_TITLES, key=len, reverse=True)):
        if seg.endswith(t):
            return t, len(seg) - len(t)
    return "", -1


def leads_phrases(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """星河集团副总裁张三, 副主任张三、李四 (the title shared), 西湖大学生科院王五院长: the person leads the
    organisation."""
    text = d.ms.text
    persons = [(m, eid) for m, eid, lab in items if lab is Label.PERSON]
    orgs = [(m, eid, lab) for m, eid, lab in items if lab in ORGS]
    previous: tuple[int, list[tuple[str, str]]] | None = None  # (end of last person, its (org, title) pairs)
    for m, pid in persons:
        pairs: list[tuple[str, str]] = []
        between = text[previous[0] : m.start] if previous else ""
        if previous and between in ("、", "和", "及"):
            pairs = previous[1]  # 副主任张三、李四: the title is shared
        else:
            pairs = _chain_before(d, sent, m, orgs)
            after = text[m.end : m.end + 8]
            t = next((t for t in _titles() if after.startswith(t)), "")
            if not pairs:  # 兴瑞省长: an official's post after the name
                official = next((b for k in range(2, 9) if (b := _official_body(d, after[:k]))), None)
                pairs = [official] if official else []
            if not pairs and t in words("relations/body_roles.txt"):  # 协会李文化会长, 蒋仕元秘书长
                body = d.body_before(m.start)
                pairs = [(body, t)] if body else []
            if t and not pairs:  # 西湖大学生科院王五院长
                org = next((o for o in reversed(orgs) if 0 <= m.start - o[0].end <= 4
                            and not re.search(r"[，、。；,]", text[o[0].end : m.start])), None)
                if org:
                    pairs = [(org[1], t)]
        for oid, title in pairs:
            d.add(RelType.LEADS, pid, oid, sent, "title-phrase", 0.8, title)
        previous = (m.end, pairs)


_LEVELS = "省市区县州盟旗"
_BARE_BODIES = ("联盟", "学会", "协会", "商会", "本会", "本联盟", "该联盟", "该协会", "该学会")


@lru_cache(maxsize=1)
def _official_posts() -> dict[str, str]:
    """Post → the short form of the body it leads, every level spelled out (市长 → 市政府, 区委书记 → 区委)."""
    out = {}
    for row in table("relations/official_posts.tsv"):
        if len(row) >= 2:
            for level in _LEVELS:
                out[row[0].replace("{L}", level)] = row[1].replace("{L}", level)
    return out


def _post_names_its_body(post: str, affiliation: str, place: str) -> bool:
    """An official's post names its body unless the roster gives another one; a party committee carried over from
    the post before (市委常委、常务副市长) is no body of a government post."""
    body = _official_posts().get(post)
    if body is None:
        return False
    return not affiliation or bool(place) or (affiliation.endswith("委") and not body.endswith("委"))


def _official_body(d: RelDoc, segment: str) -> tuple[str, str] | None:
    """(body id, post) when the segment is an official's post (常务副市长, 汉中市副市长, 省政协副主席), else None."""
    posts = _official_posts()
    body = posts.get(segment)
    place = ""
    written = ""
    if body is None:  # a region written before the post: 汉中市副市长, 滨江区副区长
        for k in range(2, len(segment) - 1):
            if segment[k:] in posts and (r := regions().find(segment[:k])) is not None and r.name == segment[:k]:
                written, body = segment[:k], posts[segment[k:]]
                # a district's body is named with its city (杭州市滨江区人民政府), as the documents name them
                place = r.city + r.name if r.level == "district" and r.city and r.city != r.name else r.name
                break
    if body is None:
        return None
    short = place + body[1:] if place and body[0] == place[-1] else place + body if place else body
    bid = d.org_for_text(short)
    post = segment[len(written) :]
    role = post[len(body) :] if post.startswith(body) and len(post) > len(body) else post  # 市委书记 → 书记
    return (bid, role) if bid else None


def _leading_title(title: str, label: Label, gap: str) -> bool:
    """A leader title leads; a civil-service rank (二级巡视员) leads only in an agency; 代表 leads the company whose
    代表处 (representative office) stands between them."""
    if title in _titles():
        return True
    if title in words("relations/rank_titles.txt"):
        return label is Label.AGENCY
    return title == "代表" and gap.endswith("代表处") and label in (Label.ENTERPRISE, Label.INSTITUTION)


def _chain_before(d: RelDoc, sent: Sentence, person: Mention, orgs: list[Item]) -> list[tuple[str, str]]:
    """星河集团副总裁、集团技术委员会主席 张三 → [(星河集团, 副总裁)]: 、-separated org+title segments."""
    text = d.ms.text
    pos = person.start
    while pos > sent.start and text[pos - 1] in " \u3000\xa0":
        pos -= 1
    out: list[tuple[str, str]] = []
    seg_end = pos
    while seg_end > sent.start:
        seg_start = seg_end
        while seg_start > sent.start and text[seg_start - 1] not in "、，,：:（）()“”":
            seg_start -= 1
        official = _official_body(d, text[seg_start:seg_end].strip(" \u3000\xa0"))
        if official:  # 副市长张三: the post names its body
            out.append(official)
            if seg_start <= sent.start or text[seg_start - 1] != "、":
                break
            seg_end = seg_start - 1
            continue
        title, tpos = _title_at_end(text[seg_start:seg_end])
        if not title:
            break
        title_start = seg_start + tpos
        org = None
        for om, oid, olab in reversed(orgs):
            if seg_start <= om.start and om.end <= title_start and title_start - om.end <= 12:
                gap = text[om.end : title_start]
                if not re.search(r"[，。；、]", gap):
                    org = (oid, om, olab, gap)
                break
        if org and _leading_title(title, org[2], org[3]):
            out.append((org[0], title))
        elif org is None and text[seg_start:title_start] in _BARE_BODIES and title in words("relations/body_roles.txt"):
            bare = text[seg_start:title_start]
            kind = bare[-2:] if bare[-2:] in ("联盟", "学会", "协会", "商会") else ""
            body = d.body_before(person.start, kind)  # 联盟理事长游小明: the body the report is about
            if body:
                out.append((body, title))
        if seg_start <= sent.start or text[seg_start - 1] != "、":
            break
        seg_end = seg_start - 1
    return out


def works_for(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """东南大学崔铁军院士 / 东南大学教授崔铁军: a scholar works for the organisation named before the name."""
    text = d.ms.text
    for k, (m, pid, lab) in enumerate(items):
        if lab is not Label.PERSON or k == 0:
            continue
        om, oid, olab = items[k - 1]
        if olab not in (Label.INSTITUTION, Label.ENTERPRISE, Label.PLATFORM):
            continue
        between, after = text[om.end : m.start], text[m.end : m.end + 5]
        if (between == "" and after.startswith(_SCHOLAR)) or between in _SCHOLAR:
            title = between or next(t for t in _SCHOLAR if after.startswith(t))
            d.add(RelType.WORKS_FOR, pid, oid, sent, "scholar-of", 0.7, title)


def member_of(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """X当选为联盟副理事长单位, A、B……8家单位当选副理事长单位, X作为联盟秘书长单位: each unit listed is a member
    of the alliance (named in the phrase, else the one the text last named) with that role."""
    text = d.ms.text
    for mm in _unit_role_regex().finditer(text, sent.start, sent.end):
        members = listed_before(d, items, mm.start(), _LIST_TAIL)
        if not members:
            continue
        a, b = mm.start("gap"), mm.end("gap")
        named = next((it for it in items if a <= it[0].start and it[0].end <= b and it[2] is Label.ALLIANCE), None)
        tid = named[1] if named else d.body_before(mm.start())
        for oid in members:
            if tid and tid != oid:
                d.add(RelType.MEMBER_OF, oid, tid, sent, "member-unit", 0.75, mm.group("role") + "单位")


def founders(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """X联盟由A联合B、C等132家单位共同发起成立: the founders are members of the body founded (发起单位)."""
    text = d.ms.text
    for fm in _FOUNDED_BY.finditer(text, sent.start, sent.end):
        a, b = fm.span("list")
        listed = [it for it in items if a <= it[0].start and it[0].end <= b and it[2] in ORGS]
        before = [it for it in items if it[0].end <= fm.start() and it[2] is Label.ALLIANCE]
        after = [it for it in items if it[0].start >= fm.end() and it[2] is Label.ALLIANCE]
        target = before[-1][1] if before else after[0][1] if after else d.body_before(fm.start())
        for _, oid, lab in listed:
            if target and oid != target and lab is not Label.ALLIANCE:
                d.add(RelType.MEMBER_OF, oid, target, sent, "founded-by", 0.7, "发起单位")
