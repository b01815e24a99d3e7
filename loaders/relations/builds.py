"""Who builds a platform and where it is: BUILDS, and the LOCATED_IN of platforms.

From sentences: X建设Z / X与Y共建Z, X(在P)建设的Z, Z由X投资建设, and Z在P启用 / 位于P的Z / 在P，…的Z for the place.
From platform names: the enterprise a name opens with (星河(杭州)人工智能创新中心), both parties of a joint lab
(杭州-云帆联合创新实验室), an owner before a bracketed place, and an owner prefix the name carries.
"""

from __future__ import annotations

import re

from graph.model import Label, RelType
from loaders.lang import ordered_words, regions, words
from loaders.mentions import JOINT_CLAUSE_OPEN, Mention, clean_name, owner_prefix
from loaders.relations.context import Item, RelDoc, clause_end, first_after
from loaders.segment import Sentence

# what builds a platform; agencies only as a named co-builder, labs by their name (see _builder)
_BUILDERS = (Label.ENTERPRISE, Label.INSTITUTION)
_BUILD_VERB = re.compile(r"^(?:加快|加速|积极|牵头|率先)?(?:建设|打造|建立|运营|筹建|共建|组建)")
_COBUILD = re.compile(r"(?:联合|与|和|携手)")
_JOINT = re.compile(r"(?P<a>[\u4e00-\u9fffA-Za-z]{2,8})[-－—与和](?P<b>[\u4e00-\u9fffA-Za-z]{2,8}?)联合")


def builds(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """X建设Z / X与Y共建Z: an enterprise or institution (with its co-builder) right before the verb builds the first
    platform after it in the clause."""
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
        end = clause_end(text, start, sent.end)
        tgt = first_after(items, start, (Label.PLATFORM,))
        if tgt and tgt[0].end <= end:
            for _, pid, plab in partners:
                if plab in _BUILDERS or len(partners) > 1:
                    d.add(RelType.BUILDS, pid, tgt[1], sent, "builds-verb", 0.8)


_BUILD_AT = re.compile(r"(?:共同|合作|联合|携手|投资|签约)?"
                       r"(?:建设|共建|打造|建立|组建|筹建|承建运营|承建|建成|设立)(?P<of>的)?")
_LOCATED_BEFORE = re.compile(r"(?:位于|落户|在)$")


def builds_in_clause(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
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


def builds_by(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
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


def located_by_verb(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
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


def _builder(d: RelDoc, it: Item) -> bool:
    """Enterprises and institutions build; so do labs (鹏城实验室) though typed as platforms."""
    if it[2] in _BUILDERS:
        return True
    platform_ends = tuple(words("relations/builder_platform_suffixes.txt"))
    return it[2] is Label.PLATFORM and d.entity(it[1]).name.endswith(platform_ends)


def _located_before(d: RelDoc, items: list[Item], pm: Mention, cs: int) -> str | None:
    """位于P的Z: the place right before 的 and the platform."""
    text = d.ms.text
    for m, eid, lab in items:
        if m.kind == "region" and cs <= m.start and text[m.end : pm.start] == "的" and _LOCATED_BEFORE.search(
                text[cs : m.start]):
            return eid
        if lab is Label.DISTRICT and text[m.end : pm.start] == "的" and text[max(cs, m.start - 2) : m.start] == "位于":
            return eid
    return None


# -- from platform names --------------------------------------------------------------------------------------


def builds_from_names(d: RelDoc) -> None:
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
                if regions().find(part) is None and part not in words("mentions/name_generic_words.txt"):
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


def _party_core(part: str) -> str:
    """满帮人工智能 (of A—满帮人工智能联合实验室) → 满帮: the party without the field the lab is about."""
    domain = ordered_words("mentions/domain_terms.txt")
    core = next((part[: -len(w)] for w in domain if part.endswith(w) and len(part) - len(w) >= 2), part)
    return core


def _party(d: RelDoc, part: str) -> str:
    """The entity a party of a joint platform names: a known one, one whose name opens with it, else new."""
    found = d.find_by_name(part)
    if found:
        return found
    longer = [eid for eid, e in d.res.entities.items() if e.type in _BUILDERS and e.name.startswith(part)]
    return longer[0] if len(longer) == 1 else d.ensure(Label.ENTERPRISE, part, "party of a joint platform")


_BRACKET_OWNER = re.compile(r"(?P<owner>[\u4e00-\u9fffA-Za-z]{2,8})[（(](?P<place>[\u4e00-\u9fff]{2,4})[)）]")


def _plausible_owner(owner: str, d: RelDoc) -> bool:
    """星河科技(杭州)… yes; 沪杭人工智能(嘉兴)… no: the owner is a name, not a place or a generic phrase."""
    if d.find_by_name(owner):
        return d.entity(d.find_by_name(owner) or "").type in _BUILDERS
    if regions().scan(owner, within=d.ms.within):
        return False
    generic = ordered_words("mentions/name_generic_words.txt")
    tail = next((w for w in generic if owner.endswith(w)), "")
    if tail and tail not in ("科技", "集团"):
        return False
    return not all(ch in "".join(generic) for ch in owner)
