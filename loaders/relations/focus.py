"""What a place or organisation focuses on: FOCUSES_ON, to the fields (Domain entities) it names.

Three sentence shapes: X在A、B等领域… (the fields of a 领域 phrase), X重点发展A、B和C (the items after a focus
verb, the subjects being the places or organisations that open the clause, or the clause before when it only
frames them), and 以A为主攻方向 (the fields inside the frame). An item that is no field by itself falls back to
the domain terms jieba cuts from it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Label, RelType
from loaders.lang import ordered_words, words
from loaders.mentions import clean_name
from loaders.relations.context import ORGS, Item, RelDoc
from loaders.segment import Sentence

_FOCUS = re.compile(r"(?:作为[^，。；在]{1,8})?(?:将|要|重点|积极|已|正|均|都)?"
                    r"在(?P<items>[^；。]{2,80}?)(?:等[\u4e00-\u9fff]{0,6})?领域")
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
_FRAMING = re.compile(r"(?:以|依托|围绕|立足)[^，,；;]{2,40}?为(?:核心|引领|依托|载体|重点|主体|龙头|支撑)$")


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    """jieba with the domain terms as words, so 智能芯片 / 语音识别 cut whole."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for term in ordered_words("mentions/domain_terms.txt"):
        tok.add_word(term, freq=100_000)
    return tok


def focuses(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
    """X在A、B等领域…: a place or organisation right before 在 focuses on each field listed."""
    text = d.ms.text
    for m, eid, lab in items:
        if lab not in (Label.DISTRICT, Label.CITY, *ORGS):
            continue
        fm = _FOCUS.match(text, m.end, sent.end)
        if not fm or re.search(r"(?:联合|会同|协同|与|和|同|及)$", text[max(sent.start, m.start - 2) : m.start]):
            continue  # 联合市数据局在X领域发布…: the object of a verb is no subject of focus
        for item in re.split(r"[、,，和及与]", fm.group("items")):
            term = item.strip()
            if 2 <= len(term) <= 12 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", term):
                did = d.ensure(Label.DOMAIN, term, "listed as a field of focus")
                d.add(RelType.FOCUSES_ON, eid, did, sent, "focus-fields", 0.75)


def focuses_by_terms(d: RelDoc, sent: Sentence, items: list[Item]) -> None:
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


def _opening_subjects(d: RelDoc, items: list[Item], start: int, end: int) -> list[str]:
    """太原市依托X，重点发展…: the places or organisations that open a clause without a focus verb, which the
    next clause (opening with the verb) continues."""
    text = d.ms.text
    while start < end and text[start] in " \u3000\t“\"":
        start += 1
    kinds = (Label.DISTRICT, Label.CITY, *ORGS)
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


def _clause_subjects(d: RelDoc, items: list[Item], start: int, verb_at: int, sent: Sentence) -> list[str]:
    """Who the clause before a focus verb names: its opening chain of places / organisations, else the one right
    before the verb, else an area name it opens with (X新区)."""
    text = d.ms.text
    kinds = (Label.DISTRICT, Label.CITY, *ORGS)
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
    for suffix in ordered_words("relations/focus_subject_suffixes.txt"):
        if head.endswith(suffix) and 2 < len(head) <= 14 and re.fullmatch(r"[\u4e00-\u9fff（）()]+", head):
            return [d.ensure(Label.DISTRICT, clean_name(head), "area that opens a focus clause")]
    return []


def _focus_items(phrase: str, split: re.Pattern[str] = _FOCUS_SPLIT) -> list[tuple[str, list[str]]]:
    """The fields listed in a focus phrase, each with the spelling it had before a cut tail (工业软件产业)."""
    phrase = phrase.strip(" \u3000")
    whole = phrase
    phrase = _FOCUS_TAIL.sub("", phrase) if len(_FOCUS_TAIL.sub("", phrase)) >= 2 else phrase
    cut_tail = whole[len(phrase) :] if whole.startswith(phrase) else ""
    hints = ordered_words("relations/focus_term_hints.txt")
    terms = words("mentions/domain_terms.txt")
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
