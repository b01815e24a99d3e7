"""Who supports, cooperates with or organises whom: SUPPORTS, COOPERATES_WITH, ORGANIZES.

SUPPORTS from 在A指导下…成立Z and A支持X、Y (a plan's own 支持 is its issuer's); COOPERATES_WITH from X与Y签约 /
与A、B签署… / X与Y达成…合作; ORGANIZES from event tables (主办 / 承办 / 协办 单位) and from A主办的X, X由A主办，
B承办. When a sentence names no subject, the short form the document declared (联盟, 协会) or the document's
own organisation, issuer or city stands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.model import Label, RelType
from loaders.mentions import clean_name, suffix_of
from loaders.relations.context import ORGS, Item, RelDoc, clause_end, first_after, listed_before, sentence_at
from loaders.segment import Sentence
from loaders.structure import DocStructure

# -- SUPPORTS --------------------------------------------------------------------------------------------------

# a plan's own 支持X supports only a named organisation (a place told to act is no support)
_NAMED_ORGS = (Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION)
_GUIDED = re.compile(r"在(?P<who>[^，,。；]{2,40}?)(?:的)?(?:大力)?(?:指导|支持|关心|指导支持|指导和支持|支持指导)下")
_SUPPORT = re.compile(r"(?:支持|鼓励|扶持)")
_FOUNDED = re.compile(r"(?:发起|联合|共同|正式)?(?:成立|组建|设立)(?:了)?")


def supports(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """在A（的）指导下 … Z: A supports Z; A支持X、Y: the agency named before the verb (else the fallback source)
    supports each one listed."""
    text = sent.text
    targets = (Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION, Label.CITY, Label.DISTRICT)
    for m in _GUIDED.finditer(text):
        a, b = sent.start + m.start("who"), sent.start + m.end("who")
        whos = [it for it in items if a <= it[0].start and it[0].end <= b and it[2] in ORGS
                and d.ms.text[it[0].start - 1 : it[0].start] not in "（("]  # A（B）: B is A's other sign
        tgt = _guided_target(d, sent, items, sent.start + m.start(), sent.start + m.end())
        for who in whos:
            if tgt:
                d.add(RelType.SUPPORTS, who[1], tgt, sent, "guided-by", 0.85)
    for m in _SUPPORT.finditer(text):
        pos = sent.start + m.end()
        tgt = first_after(items, pos, targets, limit=10)
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


def _list_from(d: RelDoc, items: list[Item], first: Item, labels: Iterable[Label]) -> list[Item]:
    """支持A、B和C…: the first one and every one joined to it by 、/和/及/与."""
    out = [first]
    at = next(i for i, it in enumerate(items) if it is first)  # by identity: == compares whole mentions
    for it in items[at + 1 :]:
        if it[2] not in labels or d.ms.text[out[-1][0].end : it[0].start] not in ("、", "和", "及", "与", "以及"):
            break
        out.append(it)
    return out


def _guided_target(d: RelDoc, sent: Sentence, items: list[Item], at: int, after: int) -> str | None:
    """在A指导下: the body 成立 founds after it, else the subject right before 在, else the first one after."""
    kinds = (Label.ALLIANCE, Label.PLATFORM, Label.ENTERPRISE, Label.INSTITUTION)
    text = d.ms.text
    for fm in _FOUNDED.finditer(text, after, sent.end):
        founded = first_after(items, fm.end(), kinds, limit=0)
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
    tgt = first_after(items, after, kinds)
    if tgt and re.search(r"由$", text[max(after, tgt[0].start - 1) : tgt[0].start]):
        return None  # …指导下成立，由X发起: X founds, it is not the one supported
    return tgt[1] if tgt else None


def _fallback_source(d: RelDoc) -> str | None:
    """Who speaks when a plan names nobody: its issuer, else the city or province it is about."""
    if d.ctx.issuer:
        found = d.find_by_name(d.ctx.issuer)
        if found:
            return found
    if d.ctx.city is not None:
        return d.ensure_region(d.ctx.city)
    if d.ctx.province is not None:
        return d.ensure_region(d.ctx.province)
    return None


# -- COOPERATES_WITH ------------------------------------------------------------------------------------------

_COOP = re.compile(r"(?:与|同|和)(?P<rest>[^，。；]{0,60}?)(?:达成|开展|签署|签订|深化|加强|进行)?[^，。；]{0,20}?合作")
_COOP_VERB = re.compile(
    r"^(?:分别|先后|共同|正式|成功)?(?:签约|签署|签订|达成|开展|建立|深化|加强|进行|联合|合作|携手|共建)"
)
_COOP_ADVERBS = re.compile(r"^(?:会上|同时|此外|还|并|已|先后|分别|积极|主动|也|又|正式|将)*$")
_PARTNERS = (*ORGS, Label.DISTRICT, Label.CITY)


def cooperates(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
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
        # A、B分别与C签约: every organisation of the list before the adverb signs with C
        subjects = listed_before(d, orgs, at, _EACH) if _EACH.search(text[max(0, at - 2) : at]) else []
        if len(subjects) < 2:
            subject = _cooperation_subject(d, sent, orgs, at)
            subjects = [subject] if subject else []
        for subject in subjects:
            for _, pid, _ in partners:
                if pid != subject:
                    d.add(RelType.COOPERATES_WITH, subject, pid, sent, "cooperates-with", 0.7)
    if "合作" in sent.text and len([it for it in items if it[2] in ORGS]) >= 2:
        first = next(it for it in items if it[2] in ORGS)
        for m in _COOP.finditer(sent.text):
            partner = first_after(orgs, sent.start + m.start("rest"), ORGS, limit=2)
            if partner and partner[1] != first[1] and not re.search(r"[，。；]", text[first[0].end : partner[0].start]):
                d.add(RelType.COOPERATES_WITH, first[1], partner[1], sent, "cooperates-with", 0.65)


_EACH = re.compile(r"(?:分别|共同|一起|均)$")


def _partner_list(d: RelDoc, orgs: list[Item], pos: int, end: int) -> list[Item]:
    """The organisations listed right after 与: A、B和C."""
    out: list[Item] = []
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


def _cooperation_subject(d: RelDoc, sent: Sentence, orgs: list[Item], at: int) -> str | None:
    """Who cooperates with the partners listed after 与 at position at."""
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
        if it[2] in ORGS and (it[0].start == cs or text[it[0].start - 1 : it[0].start] == "的"):
            return it[1]
    return _document_subject(d)


def _bare_reference(d: RelDoc, word: str) -> str | None:
    """联盟 / 协会 / the short form a document declared: the organisation of the document it stands for."""
    if not 2 <= len(word) <= 8:
        return None
    found = d.find_by_name(word)
    if found:
        return found if d.entity(found).type in ORGS else None
    if suffix_of(word) is not None and suffix_of(word)[0] == word:
        return next((eid for eid, e in d.res.entities.items() if e.type in ORGS and e.name.endswith(word)), None)
    return None


def _document_subject(d: RelDoc) -> str | None:
    """The organisation a report speaks for: the one given a short form (以下简称), else an issuing organisation."""
    for tm, eid in d.res.mention_entity:
        if d.ms.text.startswith(("（以下简称", "(以下简称"), tm.mention.end) and d.entity(eid).type in ORGS:
            return eid
    return None


# -- ORGANIZES ------------------------------------------------------------------------------------------------

_ORGANIZE = re.compile(r"(?:联合|共同)?(?:主办|承办|协办|举办)")
_EVENT_ANAPHOR = re.compile(r"^(?:本次|此次|本届|该)?(?:会议|大会|论坛|峰会|活动|大赛|展会|博览会)")


def event_rows(d: RelDoc, structure: DocStructure) -> None:
    """ORGANIZES from the rows of event tables: 主办单位 → 主办, 承办单位 → 承办, 协办单位 → 协办."""
    for row in getattr(structure, "events", []):
        name = clean_name(row.name)
        found = d.find_by_name(name)
        eid = found if found and d.entity(found).type is Label.EVENT else d.ensure(Label.EVENT, name, "event table")
        sent = sentence_at(d.ms, row.start, row.end)
        for units, role in ((row.organizers, "主办"), (row.co_organizers, "承办"), (row.assistants, "协办")):
            for unit in units:
                uid = d.org_for_text(unit.name)
                if uid:
                    d.add(RelType.ORGANIZES, uid, eid, sent, "event-table", 0.9, role)


def organizes(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """A主办的X, 协会主办第五届X展, X由A主办，B、C承办, 会议由A主办 (会议 = the event the document is about).

    Organisers are the organisations of the clause before the verb (after 由 when there is one); a clause that
    opens with 联合 adds the organisers of the clause before; a clause without an event of its own (…，B承办)
    takes the event of the clause before.
    """
    text = d.ms.text
    last_event: Item | None = None
    last_organisers: list[str] = []
    for m in _ORGANIZE.finditer(sent.text):
        pos = sent.start + m.start()
        clause_start = max(sent.start, *(text.rfind(c, sent.start, pos) + 1 for c in "，,；;"))
        event = first_after(items, sent.start + m.end(), (Label.EVENT,), limit=12)
        if event is None or clause_end(text, sent.start + m.end(), sent.end) < event[0].start:
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
        organisers = [it[1] for it in items if lo <= it[0].start and it[0].end <= pos and it[2] in ORGS]
        if re.match(r"(?:并|还|同时)?联合", text[clause_start:pos]):
            organisers = [*last_organisers, *organisers]
        if not organisers and by < 0:
            subject = _clause_short_subject(d, clause_start, pos)
            src = subject or (_fallback_source(d) if m.group(0).endswith("举办") else None)
            organisers = [src] if src else []
        for oid in organisers:
            d.add(RelType.ORGANIZES, oid, event[1], sent, "organizes", 0.7, m.group(0).replace("联合", ""))
        last_event, last_organisers = event, organisers or last_organisers


def _document_event(d: RelDoc, sent: Sentence) -> Item | None:
    """The event a news item is about: the last one named before this sentence (the title counts)."""
    for idx in range(sent.index - 1, -1, -1):
        events = [it for it in d.in_sentence(idx) if it[2] is Label.EVENT]
        if events:
            return events[-1]
    return None


def _clause_short_subject(d: RelDoc, start: int, pos: int) -> str | None:
    """协会主办…: the clause opens with the short form the document gave an organisation."""
    head = d.ms.text[start:pos].strip(" \u3000")
    if 2 <= len(head) <= 6:
        found = d.find_by_name(head)
        if found and d.entity(found).type in ORGS:
            return found
    return None
