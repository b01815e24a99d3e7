"""Relations (stage 7): facts between resolved entities, each with its sentence, span, rule and confidence.

RESPONSIBLE_FOR from the plan's 责任单位 blocks; LEADS from rosters and "单位+职务+姓名" phrases; SUPPORTS,
BUILDS, COOPERATES_WITH, ORGANIZES, FOCUSES_ON from sentence patterns; LOCATED_IN from the region table and
the places organisation names carry; ISSUED_BY from the document to its issuer. MENTIONS is the store's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from graph.model import Document, Entity, Label, Relation, RelType, entity_id
from loaders.entity_types import JOINT_CLAUSE_OPEN, agency_unit, clean_name, owner_prefix
from loaders.lexicon import ordered_words, words
from loaders.mentions import Mention, MentionSet, Sentence, suffix_of, suffixes
from loaders.regions import Region, regions
from loaders.resolve import RegionContext, Resolved, canonical, region_in_name
from loaders.structure import DocStructure

_ORGS = (Label.AGENCY, Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION)
_BUILDERS = (Label.ENTERPRISE, Label.INSTITUTION)
_NAMED_ORGS = (Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION)
_GUIDED = re.compile(r"在(?P<who>[^，,。；]{2,40}?)(?:的)?(?:大力)?(?:指导|支持|关心|指导支持|指导和支持|支持指导)下")
_SUPPORT = re.compile(r"(?:支持|鼓励|扶持)")
_BUILD_VERB = re.compile(r"^(?:加快|加速|积极|牵头|率先)?(?:建设|打造|建立|运营|筹建|共建|组建)")
_COBUILD = re.compile(r"(?:联合|与|和|携手)")
_COOP = re.compile(r"(?:与|同|和)(?P<rest>[^，。；]{0,60}?)(?:达成|开展|签署|签订|深化|加强|进行)?[^，。；]{0,20}?合作")
_ORGANIZE = re.compile(r"(?:联合|共同)?(?:主办|承办|协办|举办)")
_FOCUS = re.compile(r"(?:作为[^，。；在]{1,8})?(?:将|要|重点|积极|已|正|均|都)?"
                    r"在(?P<items>[^；。]{2,80}?)(?:等[\u4e00-\u9fff]{0,6})?领域")
_JOINT = re.compile(r"(?P<a>[\u4e00-\u9fffA-Za-z]{2,8})[-－—与和](?P<b>[\u4e00-\u9fffA-Za-z]{2,8}?)联合")
_NON_LEAD_TITLES = ("常委", "委员", "巡视员", "一级巡视员", "二级巡视员", "调研员", "院士", "代表", "成员")


_COMPANY_NOUNS = ("公司", "企业", "集团")


@lru_cache(maxsize=1)
def _anaphor_regex() -> re.Pattern[str]:
    nouns = sorted({suf for suf, lab in suffixes() if lab in _ORGS and len(suf) >= 2} | set(_COMPANY_NOUNS),
                   key=len, reverse=True)
    return re.compile(r"(?:这一|这个|这家|这所|该|此)(?P<noun>" + "|".join(map(re.escape, nouns)) + ")")


class _Doc:
    """What the relation rules read: sentences, resolved mentions per sentence, entity lookup."""

    def __init__(self, doc: Document, ms: MentionSet, res: Resolved, ctx: RegionContext) -> None:
        self.doc, self.ms, self.res, self.ctx = doc, ms, res, ctx
        self.anaphors: dict[tuple[str, int], str] = {}
        self.by_sentence: dict[int, list[tuple[Mention, str, Label]]] = {}
        for tm, eid in res.mention_entity:
            self.by_sentence.setdefault(tm.mention.sentence, []).append((tm.mention, eid, tm.label))
        self._add_anaphors()
        for lst in self.by_sentence.values():
            lst.sort(key=lambda x: x[0].start)
        self.rels: dict[str, Relation] = {}

    def _add_anaphors(self) -> None:
        """这一创新中心 / 该公司: a mention of the last organisation named before with that kind of name."""
        named = sorted(((tm.mention, eid, tm.label) for tm, eid in self.res.mention_entity if tm.label in _ORGS),
                       key=lambda x: x[0].start)
        for am in _anaphor_regex().finditer(self.ms.text):
            if any(m.start <= am.start() < m.end for m, _, _ in named):
                continue
            ref = self.referent(am.group("noun"), am.start(), named)
            if ref is None:
                continue
            sent = self.ms.sentence_of(am.start())
            mention = Mention(text=am.group(0), start=am.start(), end=am.end(), sentence=sent.index, kind="org",
                              rule="anaphor")
            self.by_sentence.setdefault(sent.index, []).append((mention, ref[0], ref[1]))
            self.anaphors[am.group(0), am.start()] = ref[0]

    def referent(self, noun: str, at: int, named: list[tuple[Mention, str, Label]]) -> tuple[str, Label] | None:
        company = noun in _COMPANY_NOUNS
        for m, eid, lab in reversed(named):
            if m.start >= at:
                continue
            if (lab is Label.ENTERPRISE) if company else self.entity(eid).name.endswith(noun):
                return eid, lab
        return None

    def anaphor_at(self, text: str, start: int, end: int) -> str | None:
        """The organisation an anaphor (该公司) written in [start, end) refers to."""
        at = self.ms.text.find(text, start, end) if text else -1
        return self.anaphors.get((text, at))

    def entity(self, eid: str) -> Entity:
        return self.res.entities[eid]

    def add(self, rtype: RelType, source: str, target: str, sent: Sentence | None, rule: str, conf: float,
            role: str = "") -> None:
        if source == target:
            return
        props = {"role": role} if role else {}
        rel = Relation(type=rtype, source=source, target=target, props=props, rule=rule, confidence=conf,
                       evidence=sent.text if sent else "", span=(sent.start, sent.end) if sent else (0, 0))
        self.rels.setdefault(rel.key(), rel)

    def ensure(self, label: Label, name: str, reason: str, aliases: Iterable[str] = ()) -> str:
        eid = entity_id(label, name)
        ent = self.res.entities.get(eid)
        if ent is None:
            ent = Entity(id=eid, type=label, name=name, props={"type_reason": reason})
            self.res.entities[eid] = ent
        for a in aliases:
            if a and a != name and a not in ent.aliases:
                ent.aliases.append(a)
        return eid

    def ensure_region(self, r: Region, sent: Sentence | None = None) -> str:
        label = Label.DISTRICT if r.level == "district" else Label.CITY
        if r.level == "province" and r.city != r.name:
            label = Label.PROVINCE
        eid = self.ensure(label, r.name, f"region level {r.level}", [r.short])
        self.res.entities[eid].props.update({"level": r.level, "adcode": r.adcode, "province": r.province,
                                             "city": r.city})
        parent = _parent(r)
        named = parent is not None and (parent.level == "province" and parent.city != parent.name
                                        or entity_id(Label.CITY, parent.name) in self.res.entities
                                        or entity_id(Label.DISTRICT, parent.name) in self.res.entities)
        if parent is not None and named and not (label is Label.CITY and parent.city == parent.name):
            self.add(RelType.LOCATED_IN, eid, self.ensure_region(parent, sent), sent, "region-table", 0.95)
        return eid

    def find_by_name(self, text: str) -> str | None:
        name = clean_name(text)
        for eid, ent in self.res.entities.items():
            if ent.name == name or name in ent.aliases:
                return eid
        return None

    def org_for_text(self, text: str) -> str | None:
        """An organisation named as written (roster affiliation): known entity, or a new one typed by suffix."""
        if not text:
            return None
        found = self.find_by_name(text)
        if found:
            return found
        name = clean_name(text)
        hit = suffix_of(name)
        label = hit[1] if hit and hit[1] in _ORGS else Label.AGENCY if agency_unit(name) else Label.ENTERPRISE
        canon = canonical(name, label, self.ctx)
        found = self.find_by_name(canon)
        return found or self.ensure(label, canon, "named in a roster", [name])

    def in_sentence(self, idx: int) -> list[tuple[Mention, str, Label]]:
        return self.by_sentence.get(idx, [])


def extract_relations(doc: Document, ms: MentionSet, res: Resolved, structure: DocStructure,
                      ctx: RegionContext) -> list[Relation]:
    d = _Doc(doc, ms, res, ctx)
    _issued_by(d, structure)
    _responsible_for(d, structure)
    _leads_rosters(d, structure)
    _members(d, structure)
    _event_rows(d, structure)
    for sent in ms.sentences:
        items = d.in_sentence(sent.index)
        if not items:
            continue
        _leads_phrases(d, sent, items)
        _works_for(d, sent, items)
        _member_of(d, sent, items)
        _supports(d, sent, items)
        _builds(d, sent, items)
        _builds_in_clause(d, sent, items)
        _builds_by(d, sent, items)
        _located_by_verb(d, sent, items)
        _cooperates(d, sent, items)
        _organizes(d, sent, items)
        _focuses(d, sent, items)
        _focuses_by_terms(d, sent, items)
    _builds_from_names(d)
    _parent_institutions(d)
    _located_in(d)
    return list(d.rels.values())


# -- plan structure -------------------------------------------------------------------------------------------


def _issued_by(d: _Doc, structure: DocStructure) -> None:
    eid = None
    sent = None
    for tm, e in d.res.mention_entity:
        if tm.mention.kind == "issuer":
            eid = e
            if d.ms.text[tm.mention.start : tm.mention.end] == tm.mention.text and d.ms.sentences:
                sent = d.ms.sentence_of(tm.mention.start)  # the line that names the issuer
            break
    if eid is None and structure.meta.issuer:
        eid = d.org_for_text(structure.meta.issuer)
    if eid is not None:
        d.ctx.issuer = d.entity(eid).name
        d.add(RelType.ISSUED_BY, d.doc.id, eid, sent, "issuer-meta", 0.95)


def _responsible_for(d: _Doc, structure: DocStructure) -> None:
    units = {(tm.mention.start, tm.mention.end): eid for tm, eid in d.res.mention_entity if tm.mention.kind == "unit"}
    tasks = {tm.mention.text: eid for tm, eid in d.res.mention_entity if tm.mention.kind == "task"}
    for task in structure.tasks:
        tid = tasks.get(task.title)
        if tid is None:
            continue
        sent = _sentence_at(d.ms, task.evidence_start, task.evidence_end) if task.evidence_end else None
        for unit in task.units:
            uid = units.get((unit.start, unit.end))
            if uid is not None:
                d.add(RelType.RESPONSIBLE_FOR, uid, tid, sent, "task-units", 0.95, unit.role)


def _members(d: _Doc, structure: DocStructure) -> None:
    """MEMBER_OF from the member lists the structure found (副理事长单位：A、B), role as written."""
    for entry in getattr(structure, "members", []):
        if not entry.organisation:
            continue
        uid, oid = d.org_for_text(entry.name), d.org_for_text(entry.organisation)
        if uid and oid:
            d.add(RelType.MEMBER_OF, uid, oid, _sentence_at(d.ms, entry.start, entry.end), "member-list", 0.9,
                  entry.role)


def _event_rows(d: _Doc, structure: DocStructure) -> None:
    """ORGANIZES from the rows of event tables: 主办单位 → 主办, 承办单位 → 承办, 协办单位 → 协办."""
    for row in getattr(structure, "events", []):
        name = clean_name(row.name)
        found = d.find_by_name(name)
        eid = found if found and d.entity(found).type is Label.EVENT else d.ensure(Label.EVENT, name, "event table")
        sent = _sentence_at(d.ms, row.start, row.end)
        for units, role in ((row.organizers, "主办"), (row.co_organizers, "承办"), (row.assistants, "协办")):
            for unit in units:
                uid = d.org_for_text(unit.name)
                if uid:
                    d.add(RelType.ORGANIZES, uid, eid, sent, "event-table", 0.9, role)


def _sentence_at(ms: MentionSet, start: int, end: int) -> Sentence:
    s = ms.sentence_of(start)
    if s.end >= end:
        return s
    return Sentence(index=s.index, start=start, end=end, text=ms.text[start:end])


# -- people ---------------------------------------------------------------------------------------------------


def _leads_rosters(d: _Doc, structure: DocStructure) -> None:
    for entry in structure.rosters:
        pid = d.find_by_name(entry.person)
        if pid is None or d.entity(pid).type is not Label.PERSON:
            continue
        sent = _sentence_at(d.ms, entry.start, entry.end)
        if entry.organisation and entry.role:
            oid = d.anaphor_at(entry.organisation, entry.start, entry.end) or d.org_for_text(entry.organisation)
            if oid:
                d.add(RelType.LEADS, pid, oid, sent, "roster-role", 0.9, entry.role)
        positions = [(p.affiliation, p.title) for p in getattr(entry, "positions", [])] or [
            (entry.affiliation, entry.title)]
        realigned: dict[str, str] = {}  # 厦门市科|协党组书记、副主席: the organisation found for the first title
        for affiliation, etitle in positions:
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


def _realigned_affiliation(d: _Doc, affiliation: str, title: str, start: int, end: int) -> tuple[str | None, str]:
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
        if (tm.label in _ORGS and m.start <= at < m.end and at + len(affiliation) <= m.end < at + len(both)
                and (m.start, m.end) != (at, at + len(affiliation))):
            return eid, both[m.end - at :]
    return None, title


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return ordered_words("leader_titles.txt")


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


def _leads_phrases(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    text = d.ms.text
    persons = [(m, eid) for m, eid, lab in items if lab is Label.PERSON]
    orgs = [(m, eid, lab) for m, eid, lab in items if lab in _ORGS]
    previous: tuple[int, list[tuple[str, str]]] | None = None  # (end of last person, its (org, title) pairs)
    for m, pid in persons:
        pairs: list[tuple[str, str]] = []
        between = text[previous[0] : m.start] if previous else ""
        if previous and between in ("、", "和", "及"):
            pairs = previous[1]  # 副主任张三、李四: the title is shared
        else:
            pairs = _chain_before(d, sent, m, orgs)
            after = text[m.end : m.end + 6]
            t = next((t for t in _titles() if after.startswith(t)), "")
            if t and not pairs:  # 西湖大学生科院王五院长
                org = next((o for o in reversed(orgs) if 0 <= m.start - o[0].end <= 4
                            and not re.search(r"[，、。；,]", text[o[0].end : m.start])), None)
                if org:
                    pairs = [(org[1], t)]
        for oid, title in pairs:
            d.add(RelType.LEADS, pid, oid, sent, "title-phrase", 0.8, title)
        previous = (m.end, pairs)


def _leading_title(title: str, label: Label, gap: str) -> bool:
    """A leader title leads; a civil-service rank (二级巡视员) leads only in an agency; 代表 leads the company whose
    代表处 (representative office) stands between them."""
    if title in _titles():
        return True
    if title in words("rank_titles.txt"):
        return label is Label.AGENCY
    return title == "代表" and gap.endswith("代表处") and label in (Label.ENTERPRISE, Label.INSTITUTION)


def _chain_before(d: _Doc, sent: Sentence, person: Mention,
                  orgs: list[tuple[Mention, str, Label]]) -> list[tuple[str, str]]:
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
        if seg_start <= sent.start or text[seg_start - 1] != "、":
            break
        seg_end = seg_start - 1
    return out


_SCHOLAR = ("院士", "教授", "研究员", "首席科学家", "副教授")
_MEMBER = re.compile(r"(?:当选为?|担任|为|成为|作为)(?P<gap>[^，。；、]{0,30}?)的?"
                     r"(?P<role>常务副理事长|副理事长|理事长|副会长|会长|常务理事|理事|监事长|成员|会员)单位")


def _works_for(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
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


def _member_of(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """X当选为联盟副理事长单位: X is a member of the alliance, with that role."""
    text = d.ms.text
    for k, (m, oid, lab) in enumerate(items):
        if lab not in _ORGS:
            continue
        mm = _MEMBER.match(text, m.end, sent.end)
        if not mm:
            continue
        a, b = mm.start("gap"), mm.end("gap")
        target = next((it for it in items[k + 1 :] if a <= it[0].start and it[0].end <= b
                       and it[2] is Label.ALLIANCE), None)
        tid = target[1] if target else None
        if tid is None and mm.group("gap") in ("", "联盟", "本联盟", "本会", "学会", "协会"):
            alliances = [e for e in d.res.entities.values() if e.type is Label.ALLIANCE]
            tid = alliances[0].id if len(alliances) == 1 else None
        if tid and tid != oid:
            d.add(RelType.MEMBER_OF, oid, tid, sent, "member-unit", 0.7, mm.group("role") + "单位")


# -- sentence patterns ----------------------------------------------------------------------------------------


def _first_after(items: list[tuple[Mention, str, Label]], pos: int, labels: Iterable[Label],
                 limit: int = 10_000) -> tuple[Mention, str, Label] | None:
    labels = tuple(labels)
    for it in items:
        if it[0].start >= pos and it[2] in labels and it[0].start - pos <= limit:
            return it
    return None


def _fallback_source(d: _Doc) -> str | None:
    if d.ctx.issuer:
        found = d.find_by_name(d.ctx.issuer)
        if found:
            return found
    if d.ctx.city is not None:
        return d.ensure_region(d.ctx.city)
    if d.ctx.province is not None:
        return d.ensure_region(d.ctx.province)
    return None


def _supports(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    text = sent.text
    targets = (Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION, Label.CITY, Label.DISTRICT)
    for m in _GUIDED.finditer(text):
        a, b = sent.start + m.start("who"), sent.start + m.end("who")
        whos = [it for it in items if a <= it[0].start and it[0].end <= b and it[2] in _ORGS
                and d.ms.text[it[0].start - 1 : it[0].start] not in "（("]  # A（B）: B is A's other sign
        tgt = _guided_target(d, sent, items, sent.start + m.start(), sent.start + m.end())
        for who in whos:
            if tgt:
                d.add(RelType.SUPPORTS, who[1], tgt, sent, "guided-by", 0.85)
    for m in _SUPPORT.finditer(text):
        pos = sent.start + m.end()
        tgt = _first_after(items, pos, targets, limit=10)
        if tgt is None or re.search(r"[，。；、,]", d.ms.text[pos : tgt[0].start]):
            continue
        agencies = [it for it in items if it[2] is Label.AGENCY and it[0].end <= sent.start + m.start()]
        if agencies:
            src, allowed = agencies[0][1], targets
        else:
            # no agency says it: a plan's own "支持X…" is the issuer's support only for a named organisation;
            # a place (支持X区打造…) is an assignment, not support
            src, allowed = _fallback_source(d), _NAMED_ORGS
        if src and tgt[2] in allowed:
            for member in _list_from(d, items, tgt, allowed):
                d.add(RelType.SUPPORTS, src, member[1], sent, "supports-verb", 0.7)


def _list_from(d: _Doc, items: list[tuple[Mention, str, Label]], first: tuple[Mention, str, Label],
               labels: Iterable[Label]) -> list[tuple[Mention, str, Label]]:
    """支持A、B和C…: the first one and every one joined to it by 、/和/及/与."""
    out = [first]
    for it in items[items.index(first) + 1 :]:
        if it[2] not in labels or d.ms.text[out[-1][0].end : it[0].start] not in ("、", "和", "及", "与", "以及"):
            break
        out.append(it)
    return out


_FOUNDED = re.compile(r"(?:发起|联合|共同|正式)?(?:成立|组建|设立)(?:了)?")


def _guided_target(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]], at: int,
                   after: int) -> str | None:
    """在A指导下: the body 成立 founds after it, else the subject right before 在, else the first one after."""
    kinds = (Label.ALLIANCE, Label.PLATFORM, Label.ENTERPRISE, Label.INSTITUTION)
    text = d.ms.text
    for fm in _FOUNDED.finditer(text, after, sent.end):
        founded = _first_after(items, fm.end(), kinds, limit=0)
        if founded is not None:
            return founded[1]
    clause_start = max(sent.start, *(text.rfind(c, sent.start, at) + 1 for c in "，,；;"))
    head = re.sub(r"[（(](?:以下)?简称[^）)]*[）)]$", "", text[clause_start:at]).strip(" \u3000")
    before = [it for it in items if clause_start <= it[0].start and it[0].end <= at and it[2] in kinds]
    if before and text[clause_start : before[-1][0].end].strip(" \u3000") == head:
        return before[-1][1]
    if head and (ref := _bare_reference(d, head)) is not None:
        return ref
    rest = text[after:sent.end].lstrip("，, \u3000")
    if rest.startswith(("我市", "全市")) and d.ctx.city is not None:  # 在A的支持下，我市…: the city is supported
        return d.ensure_region(d.ctx.city, sent)
    if rest.startswith(("我省", "全省")) and d.ctx.province is not None:
        return d.ensure_region(d.ctx.province, sent)
    tgt = _first_after(items, after, kinds)
    if tgt and re.search(r"由$", text[max(after, tgt[0].start - 1) : tgt[0].start]):
        return None  # …指导下成立，由X发起: X founds, it is not the one supported
    return tgt[1] if tgt else None


def _builds(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    text = d.ms.text
    for i, (m, eid, lab) in enumerate(items):
        if lab not in _BUILDERS + (Label.AGENCY,):
            continue
        rest = text[m.end : sent.end]
        verb = _BUILD_VERB.match(rest)
        partners = [(m, eid, lab)]
        if verb is None:
            co = _COBUILD.match(rest)
            if co and i + 1 < len(items) and items[i + 1][0].start == m.end + co.end():
                nxt = items[i + 1]
                verb = _BUILD_VERB.match(text[nxt[0].end : sent.end])
                if verb and "共建" in verb.group(0):
                    partners.append(nxt)
                    m = nxt[0]
                else:
                    verb = None
        if verb is None:
            continue
        if lab is Label.AGENCY and len(partners) == 1:
            continue  # an agency "builds" only as a named co-builder
        start = m.end + verb.end()
        clause_end = _clause_end(text, start, sent.end)
        tgt = _first_after(items, start, (Label.PLATFORM,))
        if tgt and tgt[0].end <= clause_end:
            for _, pid, plab in partners:
                if plab in _BUILDERS or len(partners) > 1:
                    d.add(RelType.BUILDS, pid, tgt[1], sent, "builds-verb", 0.8)


_BUILD_AT = re.compile(r"(?:共同|合作|联合|携手|投资)?(?:建设|共建|打造|建立|组建|筹建|承建)(?P<of>的)?")
_LOCATED_BEFORE = re.compile(r"(?:位于|落户|在)$")


def _builds_in_clause(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """X(与Y)(在P)建设(的)Z, 由X与Y共同建设的Z, X联合Y、W共建Z: the builders named in the clause before the verb.

    A clause that opens with 共同/联合 (…签署协议，共同建设Z) takes its builders from the clause before; a place
    named right after 在 (X在南山区建设的Z) or 位于 (位于P的Z) is where the platform is.
    """
    text = d.ms.text
    bounds = [sent.start + m.start() for m in re.finditer(r"[，,；;]", sent.text)]
    clause_starts = [sent.start] + [b + 1 for b in bounds]
    platforms = [it for it in items if it[2] is Label.PLATFORM]
    for pm, pid, _ in platforms:
        cs = max(c for c in clause_starts if c <= pm.start)
        head = text[cs : pm.start]
        vm = None
        for m in _BUILD_AT.finditer(head):
            vm = m
        if vm is None or cs + vm.end() != pm.start:
            if (loc := _located_before(d, items, pm, cs)) is not None:
                d.add(RelType.LOCATED_IN, pid, loc, sent, "located-before-platform", 0.75)
            continue
        verb_at = cs + vm.start()
        builders = [it for it in items if cs <= it[0].start and it[0].end <= verb_at and _builder(d, it)]
        if not builders and JOINT_CLAUSE_OPEN.match(head) and cs > sent.start:
            prev = max([c for c in clause_starts if c < cs - 1], default=sent.start)
            builders = [it for it in items if prev <= it[0].start and it[0].end < cs and _builder(d, it)]
        # 厦门大学信息学院: the school builds, not also the university whose name opens it
        builders = [b for b in builders if not any(o is not b and o[0].start <= b[0].start and b[0].end <= o[0].end
                                                   for o in builders)]
        for _, bid, _ in builders:
            d.add(RelType.BUILDS, bid, pid, sent, "builds-clause", 0.75)
        place = next((it for it in reversed(items) if cs <= it[0].start and it[0].end <= verb_at
                      and it[0].kind == "region" and text[max(cs, it[0].start - 1) : it[0].start] == "在"), None)
        if builders and place is not None:
            d.add(RelType.LOCATED_IN, pid, place[1], sent, "built-in-place", 0.75)
        elif (loc := _located_before(d, items, pm, cs)) is not None:
            d.add(RelType.LOCATED_IN, pid, loc, sent, "located-before-platform", 0.75)


_BY = re.compile(r"由(?P<who>[^，,。；;]{2,40}?)(?P<how>牵头|联合|共同|出资|投资[\d.]*[亿万]?元?)?"
                 r"(?P<verb>投资建设|建设|组建|筹建|打造|建成|承建|投资)(?=[的、，,。；]|$)")
_NAME_ONLY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,10}")


def _builds_by(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """Z由X投资建设 / 由X牵头组建的Z / 由X投资、位于P的Z: X builds Z (Z may be 这一中心, X may be 该公司)."""
    text = d.ms.text
    for bm in _BY.finditer(sent.text):
        by_at, verb_end = sent.start + bm.start(), sent.start + bm.end()
        who_start, who_end = sent.start + bm.start("who"), sent.start + bm.end("who")
        builders = [it for it in items if who_start <= it[0].start and it[0].end <= who_end and _builder(d, it)]
        if not builders and _NAME_ONLY.fullmatch(bm.group("who")) and bm.group("how") == "牵头":
            # 由X牵头组建: X is an organisation even when no name rule knew it
            builders = [(Mention(text=bm.group("who"), start=who_start, end=who_end, sentence=sent.index,
                                 kind="org", rule="led-by"),
                         d.ensure(Label.ENTERPRISE, clean_name(bm.group("who")), "leads the building of a platform"),
                         Label.ENTERPRISE)]
        if not builders:
            continue
        target = next((it for it in reversed(items) if it[2] is Label.PLATFORM and it[0].end <= by_at
                       and re.fullmatch(r"(?:将|已|则|也|还)?", text[it[0].end : by_at])), None)
        if target is None:  # 由X…建设的Z / 由X投资、位于P的Z
            after = next((it for it in items if it[2] is Label.PLATFORM and it[0].start >= verb_end), None)
            gap = text[verb_end : after[0].start] if after else ""
            if after and (gap == "的" or re.fullmatch(r"、[^，,。；;]{0,20}的", gap)):
                target = after
        if target is None:
            continue
        for _, bid, _ in builders:
            d.add(RelType.BUILDS, bid, target[1], sent, "built-by", 0.75)


_OPENED_IN = re.compile(r"^(?:在|落户|落户于|落地|坐落于|坐落在|位于|入驻)$")
_OPENED_AFTER = re.compile(r"^(?:正式|顺利|成功|今天|日前|近日)?"
                           r"(?:启用|落户|揭牌|开园|投用|投入使用|成立|挂牌|开工|落地|运营|开业)")
_FRONTED = re.compile(r"^在(?P<place>[^，,。；;]{2,12})[，,]")


def _located_by_verb(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """Z在P正式启用 / Z坐落于P / 在P，…的Z: the platform is in that district or city."""
    text = d.ms.text
    places = [it for it in items if it[0].kind == "region" and it[2] in (Label.DISTRICT, Label.CITY)]
    for k, (pm, pid, lab) in enumerate(items):
        if lab is not Label.PLATFORM or k + 1 >= len(items):
            continue
        nxt = items[k + 1]
        if nxt in places and _OPENED_IN.match(text[pm.end : nxt[0].start]) and (
                text[pm.end : nxt[0].start] != "在" or _OPENED_AFTER.match(text[nxt[0].end : sent.end])):
            d.add(RelType.LOCATED_IN, pid, nxt[1], sent, "placed-by-verb", 0.75)
    fm = _FRONTED.match(sent.text.lstrip(" \u3000"))
    if fm is None:
        return
    offset = sent.start + len(sent.text) - len(sent.text.lstrip(" \u3000"))
    place = next((it for it in places if it[0].start == offset + 1 and it[0].end == offset + fm.end("place")), None)
    target = next((it for it in items if it[2] is Label.PLATFORM and it[0].start >= offset + fm.end()), None)
    if place is not None and target is not None:  # 在P，由X组建的Z…: the fronted place is where Z is
        d.add(RelType.LOCATED_IN, target[1], place[1], sent, "fronted-place", 0.7)


def _builder(d: _Doc, it: tuple[Mention, str, Label]) -> bool:
    """Enterprises and institutions build; so do labs (鹏城实验室) though typed as platforms."""
    if it[2] in _BUILDERS:
        return True
    return it[2] is Label.PLATFORM and d.entity(it[1]).name.endswith(tuple(words("builder_platform_suffixes.txt")))


def _located_before(d: _Doc, items: list[tuple[Mention, str, Label]], pm: Mention, cs: int) -> str | None:
    """位于P的Z: the place right before 的 and the platform."""
    text = d.ms.text
    for m, eid, lab in items:
        if m.kind == "region" and cs <= m.start and text[m.end : pm.start] == "的" and _LOCATED_BEFORE.search(
                text[cs : m.start]):
            return eid
        if lab is Label.DISTRICT and text[m.end : pm.start] == "的" and text[max(cs, m.start - 2) : m.start] == "位于":
            return eid
    return None


def _clause_end(text: str, start: int, limit: int) -> int:
    m = re.compile(r"[，,。；;]").search(text, start, limit)
    return m.start() if m else limit


def _builds_from_names(d: _Doc) -> None:
    """星河(杭州)人工智能创新中心 → 星河 BUILDS it; 杭州-云帆联合创新实验室 → 云帆 too."""
    builders = {eid: ent for eid, ent in d.res.entities.items() if ent.type is Label.ENTERPRISE}
    for tm, pid in list(d.res.mention_entity):
        if tm.label is not Label.PLATFORM:
            continue
        sent = d.ms.sentences[tm.mention.sentence]
        pname = d.entity(pid).name
        written = clean_name(tm.mention.text)
        for eid, ent in builders.items():
            names = [ent.name, *ent.aliases]
            if any(len(n) >= 2 and (pname.startswith(n) or written.startswith(n)) for n in names):
                d.add(RelType.BUILDS, eid, pid, sent, "builder-in-name", 0.75)
        for m in _JOINT.finditer(written):
            left = m.group("a")
            # the left party is only the part of the text before the joiner that is a known name or place
            known = next((left[k:] for k in range(len(left) - 1) if d.find_by_name(left[k:])), "")
            parts = [p for p in (known, _party_core(m.group("b"))) if p]
            for part in parts:
                if regions().find(part) is None and part not in words("name_generic_words.txt"):
                    eid = _party(d, part)
                    d.add(RelType.BUILDS, eid, pid, sent, "joint-platform", 0.7)
        owner_m = _BRACKET_OWNER.match(written)
        if owner_m and _plausible_owner(owner_m.group("owner"), d):
            part = owner_m.group("owner")
            eid = d.find_by_name(part) or d.ensure(Label.ENTERPRISE, part, "owner before a bracketed place")
            d.add(RelType.BUILDS, eid, pid, sent, "owner-before-place", 0.7)
        owner = owner_prefix(tm.mention.text, d.ms.within) if tm.mention.tags == ["ORG"] else ""
        named = any(r.type is RelType.BUILDS and r.target == pid and r.rule in ("builds-verb", "builds-clause")
                    for r in d.rels.values())
        if owner and not named:  # a builder the text names beats a guess from the platform's name
            eid = d.find_by_name(owner) or d.ensure(Label.ENTERPRISE, owner, "owner named in a platform's name")
            d.add(RelType.BUILDS, eid, pid, sent, "owner-in-name", 0.7)


_SUB_UNIT = re.compile(
    r"^(?P<parent>.{2,16}?(?:科学院|大学))(?P<unit>[^（(]{2,16}(?:研究所|研究院|研究中心|学院|实验室))$")


def _parent_institutions(d: _Doc) -> None:
    """X科学院智能制造研究所, X大学人工智能研究院: the academy / university the unit belongs to is an institution too
    (people keep leading the unit itself)."""
    for ent in list(d.res.entities.values()):
        if ent.type is not Label.INSTITUTION:
            continue
        m = _SUB_UNIT.match(ent.name)
        # 中国科学院X研究所: the national academies prefix every institute's own name; the academy is no party here
        if m and not m.group("parent").startswith("中国") and suffix_of(m.group("parent")) is not None:
            d.ensure(Label.INSTITUTION, m.group("parent"), f"parent of {ent.name}")


def _party_core(part: str) -> str:
    """满帮人工智能 (of A—满帮人工智能联合实验室) → 满帮: the party without the field the lab is about."""
    domain = ordered_words("domain_terms.txt")
    core = next((part[: -len(w)] for w in domain if part.endswith(w) and len(part) - len(w) >= 2), part)
    return core


def _party(d: _Doc, part: str) -> str:
    """The entity a party of a joint platform names: a known one, one whose name opens with it, else new."""
    found = d.find_by_name(part)
    if found:
        return found
    longer = [eid for eid, e in d.res.entities.items() if e.type in _BUILDERS and e.name.startswith(part)]
    return longer[0] if len(longer) == 1 else d.ensure(Label.ENTERPRISE, part, "party of a joint platform")


_BRACKET_OWNER = re.compile(r"(?P<owner>[\u4e00-\u9fffA-Za-z]{2,8})[（(](?P<place>[\u4e00-\u9fff]{2,4})[)）]")


def _plausible_owner(owner: str, d: _Doc) -> bool:
    """星河科技(杭州)… yes; 沪杭人工智能(嘉兴)… no: the owner is a name, not a place or a generic phrase."""
    if d.find_by_name(owner):
        return d.entity(d.find_by_name(owner) or "").type in _BUILDERS
    if regions().scan(owner, within=d.ms.within):
        return False
    generic = ordered_words("name_generic_words.txt")
    tail = next((w for w in generic if owner.endswith(w)), "")
    if tail and tail not in ("科技", "集团"):
        return False
    return not all(ch in "".join(generic) for ch in owner)


_COOP_VERB = re.compile(
    r"^(?:分别|先后|共同|正式|成功)?(?:签约|签署|签订|达成|开展|建立|深化|加强|进行|联合|合作|携手|共建)"
)
_COOP_ADVERBS = re.compile(r"^(?:会上|同时|此外|还|并|已|先后|分别|积极|主动|也|又|正式|将)*$")
_PARTNERS = (*_ORGS, Label.DISTRICT, Label.CITY)


def _cooperates(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """X与Y签约 / 签署…协议 / 联合推出, 与A、B签署… (each partner), X与Y达成…合作.

    X is the organisation right before 与, a short form the document uses for one of its organisations
    (联盟与…), or, when the clause names nobody (…，先后与A、B签署…), the subject of the sentence or document.
    """
    text = d.ms.text
    orgs = [it for it in items if it[2] in _PARTNERS]
    for jm in re.finditer(r"[与同和]", sent.text):
        at = sent.start + jm.start()
        partners = _partner_list(d, orgs, at + 1, sent.end)
        if not partners:
            continue
        after = text[partners[-1][0].end : sent.end]
        if not _COOP_VERB.match(after) and not re.match(r"^[^，。；]{0,20}?合作", after):
            continue
        subject = _cooperation_subject(d, sent, orgs, at)
        if subject is None:
            continue
        for _, pid, _ in partners:
            if pid != subject:
                d.add(RelType.COOPERATES_WITH, subject, pid, sent, "cooperates-with", 0.7)
    if "合作" in sent.text and len([it for it in items if it[2] in _ORGS]) >= 2:
        first = next(it for it in items if it[2] in _ORGS)
        for m in _COOP.finditer(sent.text):
            partner = _first_after(orgs, sent.start + m.start("rest"), _ORGS, limit=2)
            if partner and partner[1] != first[1] and not re.search(r"[，。；]", text[first[0].end : partner[0].start]):
                d.add(RelType.COOPERATES_WITH, first[1], partner[1], sent, "cooperates-with", 0.65)


def _partner_list(d: _Doc, orgs: list[tuple[Mention, str, Label]], pos: int,
                  end: int) -> list[tuple[Mention, str, Label]]:
    """The organisations listed right after 与: A、B和C."""
    out: list[tuple[Mention, str, Label]] = []
    text = d.ms.text
    for it in orgs:
        if it[0].start < pos or it[0].start >= end:
            continue
        gap = text[pos : it[0].start]
        if gap and not (out and re.fullmatch(r"、|和|及|以及|，", gap)):
            break
        out.append(it)
        pos = it[0].end
    return out


def _cooperation_subject(d: _Doc, sent: Sentence, orgs: list[tuple[Mention, str, Label]], at: int) -> str | None:
    text = d.ms.text
    clause_start = max(sent.start, *(text.rfind(c, sent.start, at) + 1 for c in "，,；;"))
    before = next((it for it in orgs if it[0].end == at), None)
    if before is not None:
        return before[1]
    head = text[clause_start:at].strip(" \u3000")
    if head and not _COOP_ADVERBS.match(head):
        return _bare_reference(d, re.sub(r"^(?:会上|同时|此外)", "", head))
    # nobody named in this clause: the organisation that opens an earlier clause (or heads a 由…的 phrase)
    for it in orgs:
        if it[0].start >= clause_start:
            break
        cs = max(sent.start, *(text.rfind(c, sent.start, it[0].start) + 1 for c in "，,；;"))
        if it[2] in _ORGS and (it[0].start == cs or text[it[0].start - 1 : it[0].start] == "的"):
            return it[1]
    return _document_subject(d)


def _bare_reference(d: _Doc, word: str) -> str | None:
    """联盟 / 协会 / the short form a document declared: the organisation of the document it stands for."""
    if not 2 <= len(word) <= 8:
        return None
    found = d.find_by_name(word)
    if found:
        return found if d.entity(found).type in _ORGS else None
    if suffix_of(word) is not None and suffix_of(word)[0] == word:
        return next((eid for eid, e in d.res.entities.items() if e.type in _ORGS and e.name.endswith(word)), None)
    return None


def _document_subject(d: _Doc) -> str | None:
    """The organisation a report speaks for: the one given a short form (以下简称), else an issuing organisation."""
    for tm, eid in d.res.mention_entity:
        if d.ms.text.startswith(("（以下简称", "(以下简称"), tm.mention.end) and d.entity(eid).type in _ORGS:
            return eid
    return None


_EVENT_ANAPHOR = re.compile(r"^(?:本次|此次|本届|该)?(?:会议|大会|论坛|峰会|活动|大赛|展会|博览会)")


def _organizes(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """A主办的X, 协会主办第五届X展, X由A主办，B、C承办, 会议由A主办 (会议 = the event the document is about).

    Organisers are the organisations of the clause before the verb (after 由 when there is one); a clause that
    opens with 联合 adds the organisers of the clause before; a clause without an event of its own (…，B承办)
    takes the event of the clause before.
    """
    text = d.ms.text
    last_event: tuple[Mention, str, Label] | None = None
    last_organisers: list[str] = []
    for m in _ORGANIZE.finditer(sent.text):
        pos = sent.start + m.start()
        clause_start = max(sent.start, *(text.rfind(c, sent.start, pos) + 1 for c in "，,；;"))
        event = _first_after(items, sent.start + m.end(), (Label.EVENT,), limit=12)
        if event is None or _clause_end(text, sent.start + m.end(), sent.end) < event[0].start:
            before = [it for it in items if it[2] is Label.EVENT and clause_start <= it[0].start and it[0].end <= pos]
            event = before[-1] if before else None
        if event is None and _EVENT_ANAPHOR.match(text[clause_start:pos]):
            event = _document_event(d, sent)
        if event is None:
            event = last_event
        if event is None:
            continue
        by = text.rfind("由", clause_start, pos)
        lo = by + 1 if by >= 0 else clause_start
        organisers = [it[1] for it in items if lo <= it[0].start and it[0].end <= pos and it[2] in _ORGS]
        if re.match(r"(?:并|还|同时)?联合", text[clause_start:pos]):
            organisers = [*last_organisers, *organisers]
        if not organisers and by < 0:
            subject = _clause_short_subject(d, clause_start, pos)
            src = subject or (_fallback_source(d) if m.group(0).endswith("举办") else None)
            organisers = [src] if src else []
        for oid in organisers:
            d.add(RelType.ORGANIZES, oid, event[1], sent, "organizes", 0.7, m.group(0).replace("联合", ""))
        last_event, last_organisers = event, organisers or last_organisers


def _document_event(d: _Doc, sent: Sentence) -> tuple[Mention, str, Label] | None:
    """The event a news item is about: the last one named before this sentence (the title counts)."""
    for idx in range(sent.index - 1, -1, -1):
        events = [it for it in d.in_sentence(idx) if it[2] is Label.EVENT]
        if events:
            return events[-1]
    return None


def _clause_short_subject(d: _Doc, start: int, pos: int) -> str | None:
    """协会主办…: the clause opens with the short form the document gave an organisation."""
    head = d.ms.text[start:pos].strip(" \u3000")
    if 2 <= len(head) <= 6:
        found = d.find_by_name(head)
        if found and d.entity(found).type in _ORGS:
            return found
    return None


def _focuses(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    text = d.ms.text
    for m, eid, lab in items:
        if lab not in (Label.DISTRICT, Label.CITY, *_ORGS):
            continue
        fm = _FOCUS.match(text, m.end, sent.end)
        if not fm or re.search(r"(?:联合|会同|协同|与|和|同|及)$", text[max(sent.start, m.start - 2) : m.start]):
            continue  # 联合市数据局在X领域发布…: the object of a verb is no subject of focus
        for item in re.split(r"[、,，和及与]", fm.group("items")):
            term = item.strip()
            if 2 <= len(term) <= 12 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", term):
                did = d.ensure(Label.DOMAIN, term, "listed as a field of focus")
                d.add(RelType.FOCUSES_ON, eid, did, sent, "focus-fields", 0.75)


_FOCUS_VERB = re.compile(r"(?:聚焦|专注于?|主攻|深耕|重点发展|着力发展|重点布局|做大做强|做强做优|做优做强|做强|"
                         r"着力培育|重点培育|培育壮大|重点承接|承接|发展)")
# 以A为主攻方向 / 把A作为主导产业 / 将A列为主攻方向: the fields sit inside the frame and are split only on 、
_FOCUS_FRAME = re.compile(r"(?:以|把|将)(?P<items>[^，,；;。]{2,40}?)(?:为|作为|列为|确定为)"
                          r"(?:主攻方向|主导产业|首位产业|重点产业|主攻产业|重点方向|发展方向|发展重点|特色产业)")
_FOCUS_TAIL = re.compile(
    r"(?:等[\u4e00-\u9fff]{0,4}?(?:领域|方向|赛道|行业|产业)|领域|方向|赛道|产业集群|产业链|产业)$"
)
_FOCUS_SPLIT = re.compile(r"、|以及|和|及|与|,")
_FRAME_SPLIT = re.compile(r"、|以及|,")
_GENERIC_INDUSTRY = re.compile(r"^(?:主导|优势|特色|新兴|传统|相关|重点|支柱|首位|未来|战略性新兴|关联|配套)产业$")
_CLAUSE = re.compile(r"[^，,；;：:]+")
_SUBJECT_GLUE = re.compile(r"^(?:、|和|及|与)$")
_SUBJECT_GAP = re.compile(r"^(?:将|要|则|也|还|应|需|已|都|均|正)?$")


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    """jieba with the domain terms as words, so 智能芯片 / 语音识别 cut whole."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for term in ordered_words("domain_terms.txt"):
        tok.add_word(term, freq=100_000)
    return tok


def _focuses_by_terms(d: _Doc, sent: Sentence, items: list[tuple[Mention, str, Label]]) -> None:
    """A区、B区重点发展X、Y和Z等领域: every subject of the clause focuses on every listed field.

    Clause by clause (so the second clause after a comma has its own subject); the subjects are the places or
    organisations that open the clause (joined by 、/和), or an area name ending like 新区 / 科学城; the items are
    the noun phrases after the verb up to the clause end, split on 、和及与; an item that is no field of
    technology or industry falls back to the domain terms jieba finds in it.
    """
    text = d.ms.text
    framed: list[str] = []  # subjects of a framing clause (A以B为核心，重点发展…) that the next clause continues
    for cm in _CLAUSE.finditer(sent.text):
        clause_start, clause_end = sent.start + cm.start(), sent.start + cm.end()
        fr = _FOCUS_FRAME.search(text, clause_start, clause_end)
        if fr:
            subjects = _clause_subjects(d, items, clause_start, fr.start(), sent)
            for term, aliases in _focus_items(fr.group("items"), _FRAME_SPLIT):
                did = d.ensure(Label.DOMAIN, term, "named as a main direction", aliases)
                for sid in subjects:
                    d.add(RelType.FOCUSES_ON, sid, did, sent, "focus-frame", 0.65)
            framed = []
            continue
        vm = next((v for v in _FOCUS_VERB.finditer(text, clause_start, clause_end)  # 发展改革委 is no verb
                   if not any(it[0].start <= v.start() < it[0].end for it in items)), None)
        if not vm:
            framed = (_clause_subjects(d, items, clause_start, clause_end, sent) if _FRAMING.search(cm.group(0))
                      else _opening_subjects(d, items, clause_start, clause_end))
            continue
        subjects = _clause_subjects(d, items, clause_start, vm.start(), sent)
        if not subjects and text[clause_start : vm.start()].strip(" 　") in ("", "将", "要", "着力"):
            subjects = framed
        framed = []
        if not subjects:
            continue
        for term, aliases in _focus_items(text[vm.end() : clause_end]):
            did = d.ensure(Label.DOMAIN, term, "listed after a focus verb", aliases)
            for sid in subjects:
                d.add(RelType.FOCUSES_ON, sid, did, sent, "focus-list", 0.65)


_FRAMING = re.compile(r"(?:以|依托|围绕|立足)[^，,；;]{2,40}?为(?:核心|引领|依托|载体|重点|主体|龙头|支撑)$")


def _opening_subjects(d: _Doc, items: list[tuple[Mention, str, Label]], start: int, end: int) -> list[str]:
    """太原市依托X，重点发展…: the places or organisations that open a clause without a focus verb, which the
    next clause (opening with the verb) continues."""
    text = d.ms.text
    while start < end and text[start] in " \u3000\t“\"":
        start += 1
    kinds = (Label.DISTRICT, Label.CITY, *_ORGS)
    out: list[str] = []
    pos = start
    for m, eid, lab in items:
        if m.start < start or m.end > end or lab not in kinds:
            continue
        if m.start == pos or (out and _SUBJECT_GLUE.match(text[pos : m.start])):
            if out and m.start == pos:
                out[-1] = eid
            elif eid not in out:
                out.append(eid)
            pos = m.end
        else:
            break
    return out


def _clause_subjects(d: _Doc, items: list[tuple[Mention, str, Label]], start: int, verb_at: int,
                     sent: Sentence) -> list[str]:
    text = d.ms.text
    kinds = (Label.DISTRICT, Label.CITY, *_ORGS)
    while start < verb_at and text[start] in " \u3000\t“\"":
        start += 1
    before = [it for it in items if start <= it[0].start and it[0].end <= verb_at and it[2] in kinds]
    out: list[str] = []
    pos = start
    for m, eid, _ in before:  # the chain that opens the clause: 江岸区、江汉区; 宁波市海曙区 is one place
        if out and m.start == pos:
            out[-1] = eid
        elif m.start != pos and not (out and _SUBJECT_GLUE.match(text[pos : m.start])):
            break
        elif eid not in out:
            out.append(eid)
        pos = m.end
    if out:
        return out
    near = [it for it in before if _SUBJECT_GAP.match(text[it[0].end : verb_at])]
    if near:
        return [near[-1][1]]
    head = text[start:verb_at]
    for suffix in ordered_words("focus_subject_suffixes.txt"):
        if head.endswith(suffix) and 2 < len(head) <= 14 and re.fullmatch(r"[\u4e00-\u9fff（）()]+", head):
            return [d.ensure(Label.DISTRICT, clean_name(head), "area that opens a focus clause")]
    return []


def _focus_items(phrase: str, split: re.Pattern[str] = _FOCUS_SPLIT) -> list[tuple[str, list[str]]]:
    """The fields listed in a focus phrase, each with the spelling it had before a cut tail (工业软件产业)."""
    phrase = phrase.strip(" \u3000")
    whole = phrase
    phrase = _FOCUS_TAIL.sub("", phrase) if len(_FOCUS_TAIL.sub("", phrase)) >= 2 else phrase
    cut_tail = whole[len(phrase) :] if whole.startswith(phrase) else ""
    hints = ordered_words("focus_term_hints.txt")
    terms = words("domain_terms.txt")
    out: dict[str, list[str]] = {}
    parts = split.split(phrase)
    for k, raw in enumerate(parts):
        item = raw.strip(" \u3000“”\"")
        item = re.sub(r"^(?:等|发展|推进|做强|做大|打造)", "", item)
        item = re.sub(r"^(?:面向|服务于?)[^的，]{1,10}的", "", item)  # 面向东盟的跨境数据服务: the field
        item = re.sub(r"(?<=..)的[\u4e00-\u9fff]{2,8}$", "", item)  # 智能传感器的布局建议: the field, not the tail
        # an X产业 item names an industry by itself (临空产业), unless X is a generic rank (主导产业)
        full = item + cut_tail if cut_tail and k == len(parts) - 1 and len(cut_tail) <= 4 else item
        industry = full.endswith(("产业", "经济")) and len(full) >= 4 and not _GENERIC_INDUSTRY.match(full)
        if 2 <= len(item) <= 12 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9+]+", item) and (
            item in terms or any(h in item for h in hints) or industry
        ) and item != "人工智能":
            out.setdefault(item, [full] if full != item else [])
        else:
            for w in _jieba().cut(item):
                if w in terms and w != "人工智能":
                    out.setdefault(w, [])
    return list(out.items())


# -- places ---------------------------------------------------------------------------------------------------


def _located_in(d: _Doc) -> None:
    table_ = regions()
    for tm, eid in list(d.res.mention_entity):
        ent = d.entity(eid)
        sent = d.ms.sentences[tm.mention.sentence]
        region = tm.mention.region
        if region is not None:
            d.ensure_region(region, sent)
            continue
        if ent.type not in (Label.ENTERPRISE, Label.PLATFORM, Label.INSTITUTION, Label.EVENT):
            continue
        city = ent.props.get("city")
        place = table_.find(city) if isinstance(city, str) and city else None
        if place is None:
            place = region_in_name(clean_name(tm.mention.text), d.ctx.city or d.ctx.province)
        if place is not None and place.name != ent.name:
            d.add(RelType.LOCATED_IN, eid, d.ensure_region(place, sent), sent, "place-in-name", 0.8)


def _parent(r: Region) -> Region | None:
    table_ = regions()
    if r.adcode:
        parent = table_.parent(r)
        return parent if parent is not None and parent.name != r.name else None
    if r.city and r.city != r.name:
        return table_.find(r.city, within=table_.find(r.province))
    return table_.find(r.province) if r.province and r.province != r.name else None
