"""Typing (stage 5): each mention gets exactly one label, with the reason, or is rejected as a fragment.

Suffix rules come from `data/org_suffixes.tsv`; lexicon hits carry their own label. A guessed name must also
look like a proper name: generic phrases (人工智能企业, 公共服务平台) and fragments are rejected, and a Platform
needs something that makes it one particular thing (a place, an organisation, a quoted or bracketed name).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel

from graph.model import Label
from loaders.lang import Region, ordered_words, regions, table, words
from loaders.mentions.knowledge import agency_unit, pattern_regexes, suffix_of, without_body
from loaders.mentions.model import Mention, MentionSet, Token

_QUOTES = re.compile(r"[“”\"‘’「」『』]")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_BRACKETED = re.compile(r"[（(][^）)]{1,10}[）)]")
_NUMBERED_UNIT = re.compile(r"^[\u4e00-\u9fffA-Za-z]*\d{2,4}所$")
_SUB_BODIES = ("办公厅", "办公室", "秘书处")
_BAD_CHARS = re.compile(r"[《》〔〕\[\]【】，。；：:、！？\s]")
# A person's name is followed by a verb, a title, punctuation or the end, not by more of a noun phrase.
_PERSON_NEXT_BAD = {"n", "nz", "vn", "ORG", "LOC", "q", "m"}


class TypedMention(BaseModel):
    mention: Mention
    label: Label
    name: str  # cleaned, as written (resolution makes it canonical)
    reason: str


def clean_name(text: str) -> str:
    return text.strip(" \t\u3000\xa0“”\"'‘’").replace("（", "(").replace("）", ")")


def affiliation_name(text: str) -> str:
    """The organisation an affiliation (the text before a title and a name) names: without the reporting
    clause before it (大会宣布|X研究院) and without a body of it the title belongs to (X有限公司|董事局)."""
    name = clean_name(text)
    for verb in words("mentions/clause_verbs.txt"):
        at = name.rfind(verb)
        if at >= 0 and len(name) - at - len(verb) >= 2:
            name = name[at + len(verb):]
    return without_body(name)


def _generic_only(stem: str) -> bool:
    """True when `stem` is made only of generic words (人工智能产业, 公共服务)."""
    stem = _QUOTES.sub("", stem)
    stem = re.sub(r"[\d\s()（）+\-·]", "", stem)
    if not stem:
        return True
    generic = ordered_words("mentions/name_generic_words.txt")
    i = 0
    while i < len(stem):
        for w in generic:
            if stem.startswith(w, i):
                i += len(w)
                break
        else:
            return False
    return True


def _strip_regions(name: str, within: Region | None = None) -> tuple[str, bool]:
    found = regions().scan(name, within=within)
    if not found:
        return name, False
    out = name
    for rm in sorted(found, key=lambda r: r.start, reverse=True):
        out = out[: rm.start] + out[rm.end :]
    return out, True


def _national(name: str) -> tuple[str, Label] | None:
    for row in table("mentions/national_agencies.tsv"):
        if row[0] == name:
            return row[1], Label(row[2])
    return None


def _has_marker(m: Mention, name: str, within: Region | None) -> bool:
    """Something that makes a name one particular thing rather than a kind of thing."""
    if _QUOTES.search(m.text) or _BRACKETED.search(name) or _LATIN_OR_DIGIT.search(name):
        return True
    if "ORG" in m.tags[:-1] or "LOC" in m.tags or m.tags[:1] == ["PER"]:
        return True  # a place, an organisation or a word LAC took for a person's name (秦创|原…): a proper name
    if m.tags == ["ORG"] and owner_prefix(m.text, within):
        return True  # 星河机器人科创中心: an owner's name before a domain term
    if m.tags == ["ORG"] and m.rule in ("suffix", "lac-org") and not _generic_only(suffix_stem(name)):
        return True  # one LAC organisation with a name of its own (鹏城实验室)
    _, has_region = _strip_regions(name, within)
    return has_region or name.startswith(("国家", "中国", "中共", "中科"))


def owner_prefix(text: str, within: Region | None = None) -> str:
    """星河机器人科创中心 → 星河: owner + domain term + generic words + suffix."""
    stem = suffix_stem(clean_name(text))
    generic = ordered_words("mentions/name_generic_words.txt")
    domain = ordered_words("mentions/domain_terms.txt")
    seen_domain = False
    changed = True
    while changed:
        changed = False
        for w in (*domain, *generic):
            if len(w) >= 2 and stem.endswith(w) and len(stem) > len(w):
                stem = stem[: -len(w)]
                seen_domain = seen_domain or w in domain
                changed = True
                break
    if not seen_domain or not (2 <= len(stem) <= 6) or not re.fullmatch(r"[\u4e00-\u9fff]+", stem):
        return ""
    if regions().scan(stem, within=within) or stem in words("mentions/name_generic_words.txt"):
        return ""
    return stem


def suffix_stem(name: str) -> str:
    hit = suffix_of(name)
    return name[: -len(hit[0])] if hit else name


_ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}[届次期]$")
_HOSTED_BEFORE = re.compile(r"(?:主办|承办|协办|举办|召开|举行)的?(?:第[一二三四五六七八九十百零〇\d]{1,4}[届次期])?$")
_HELD_AFTER = re.compile(r"^(?:[于在][^，。；,]{1,14}?)?(?:隆重)?(?:召开|举行|举办|开幕|启动)")


def _type_event(m: Mention, name: str, ms: MentionSet) -> tuple[Label, str] | None:
    """One particular event: an ordinal before it, a place or organisation in it, 全省/国际… or 在P召开 after it."""
    suffix = next((w for w in ordered_words("mentions/event_suffixes.txt") if name.endswith(w)), "")
    stem = name[: -len(suffix)] if suffix else name
    if len(stem) < 2 or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9()·]+", name):
        return None
    ordinal = bool(_ORDINAL_BEFORE.search(ms.text[max(0, m.start - 8) : m.start]))
    if len(suffix) == 1 and not (ordinal or m.tags == ["ORG"]):
        return None  # 展 names an exhibition only with an ordinal or as one LAC organisation
    _, has_region = _strip_regions(stem, ms.within)
    opens = stem.startswith(tuple(ordered_words("mentions/event_name_starts.txt")))
    held = bool(_HELD_AFTER.match(ms.text[m.end : m.end + 20])) or bool(
        _HOSTED_BEFORE.search(ms.text[max(0, m.start - 12) : m.start]))
    named = "ORG" in m.tags or "LOC" in m.tags or has_region or opens or not _generic_only(stem)
    if not named or not (ordinal or held or has_region or opens or "ORG" in m.tags or "LOC" in m.tags):
        return None
    return Label.EVENT, f"event name ending in {suffix}"


_GOVERNMENT_ENDS = ("部", "省", "厅", "署", "局", "委员会", "办公室", "议会", "国会", "政府", "央行", "中央银行")


def _foreign_government(name: str) -> bool:
    """美国教育部, 日本经济产业省: a country's name, then a government body's ending."""
    return name.endswith(_GOVERNMENT_ENDS) and any(
        name.startswith(c) and len(name) > len(c) + 1 for c in ordered_words("mentions/foreign_countries.txt"))


_COMPANY_POSTS = ("董事长", "副董事长", "总裁", "副总裁", "总经理", "副总经理", "首席执行官", "创始人", "CEO", "董事")


def _company_title_after(m: Mention, ms: MentionSet) -> bool:
    """科大讯飞董事长刘庆峰: an organisation LAC found, named before a company post."""
    return ms.text.startswith(_COMPANY_POSTS, m.end)


@lru_cache(maxsize=1)
def _trade_rest() -> re.Pattern[str]:
    """What may follow a short company name inside its full name, before the legal form: trade words only."""
    trade = "|".join(map(re.escape, ordered_words("mentions/company_trade_words.txt")))
    return re.compile(rf"(?:[（(][\u4e00-\u9fff]{{2,4}}[）)])?(?:{trade}){{0,3}}$")


def _short_of_named_company(name: str, ms: MentionSet) -> bool:
    """科大讯飞 beside 科大讯飞股份有限公司, 华为 beside 华为技术有限公司: a company of the same document is named by
    this name, then only trade words (技术, 信息 …) and its legal form."""
    rest = _trade_rest()
    for text in ms.org_texts_starting(name):
        if len(text) <= len(name) + 1:
            continue
        hit = suffix_of(text)
        if hit is not None and hit[1] is Label.ENTERPRISE and rest.match(text[len(name) : len(text) - len(hit[0])]):
            return True
    return False


def _regulator_office(name: str) -> bool:
    """人民银行江西省分行, 杭州银保监分局: a regulator's office in a region, though it may end like a bank branch."""
    return any(rx.search(name) for rx in pattern_regexes())


def _type_org(m: Mention, name: str, ms: MentionSet) -> tuple[Label, str] | None:
    nat = _national(name)
    if nat is not None:
        return nat[1], "national body"
    if _regulator_office(name):
        return Label.AGENCY, "regulator's office in a region"
    if _foreign_government(name):
        return Label.AGENCY, "a foreign government's body"
    if m.rule in ("abbrev", "pattern"):
        if name.endswith("科协"):
            return Label.AGENCY, "agency short form (科协)"
        return Label.AGENCY, f"agency short form ({m.rule})"
    hit = suffix_of(name)
    campus = re.fullmatch(r"(?P<u>.+大学)\((?P<city>[\u4e00-\u9fff]{2,4})\)", name)
    if hit is None and campus and regions().find(campus.group("city")) is not None:
        return Label.INSTITUTION, "university with its campus city"
    if m.rule == "actor" and hit is None:
        if _generic_only(name) or name in words("mentions/name_generic_words.txt"):
            return None
        return Label.ENTERPRISE, "named in an actor's place (支持X建设, X与Y共同筹建)"
    if m.rule in ("enum", "latin"):
        if any(name.endswith(x) for x in words("mentions/name_reject_suffixes.txt")):
            return None  # branch names are turned into their owner's name by type_mention
        if hit and hit[1] in (Label.INSTITUTION, Label.PLATFORM, Label.ALLIANCE) or (
            hit and hit[1] is Label.AGENCY and len(hit[0]) > 1
        ):
            return hit[1], f"listed with enterprises, suffix {hit[0]}"
        return Label.ENTERPRISE, "listed as an enterprise"
    if hit is None:
        if agency_unit(name):
            return Label.AGENCY, "a unit of the agency named before it (X部Y司, X委Y处)"
        if m.rule == "lac-org" and _introduced_as_actor(m, ms) and not _generic_only(name):
            return Label.ENTERPRISE, "LAC ORG introduced by 支持/鼓励"
        if m.rule == "lac-org" and len(name) >= 2 and _short_of_named_company(name, ms):
            return Label.ENTERPRISE, "LAC ORG, short name of a company the document names in full"
        if m.rule == "lac-org" and len(name) >= 3 and not _generic_only(name) and _company_title_after(m, ms):
            return Label.ENTERPRISE, "LAC ORG followed by a company post (董事长, 副总裁 …)"
        return None
    suffix, label = hit
    if name.startswith(("集团", "公司", "学会", "协会", "联盟", "本会")):
        return None  # 集团技术委员会: a body of the organisation named before it, not an entity of its own
    if suffix in ("部", "处", "室") and any(x in name[:-1] for x in ("研究院", "大学", "集团", "公司", "所")):
        return None  # 西湖研究院数据所人工智能部: a department; its parent is the entity
    if label is Label.AGENCY and suffix == "部" and m.tags[:1] == ["ORG"] and not name.startswith(("省", "市")):
        if suffix_of(name[:-1]) is None and len(name) > 4:
            return Label.ENTERPRISE, "department of a company (ORG + 部)"
    if any(name.endswith(x) for x in words("mentions/name_reject_suffixes.txt")):
        return None
    stem, had_region = _strip_regions(suffix_stem(name), ms.within)
    relative = name[:1] in "省市" and name[1:2] not in "省市区县" and label is not Label.PLATFORM
    had_region = had_region or relative
    if not stem and had_region and len(suffix) < 3 and suffix not in ("大学", "学院"):
        return None  # 杭州项目, 杭州中心: a place and a bare suffix name nothing
    if label is Label.INSTITUTION and suffix == "所" and not _NUMBERED_UNIT.match(name):
        return None  # 场所, 320多所: only numbered institutes (809所) end in a bare 所
    if _generic_only(stem) and not had_region:
        return None
    if label is Label.PLATFORM and suffix == "项目" and "ORG" not in m.tags[:-1]:
        return None  # 项目 names a platform only after its owner (X集团杭州三期项目)
    if label is Label.ENTERPRISE and suffix == "科技" and "ORG" not in m.tags:
        return None  # 科技 ends a company name only where LAC sees an organisation
    if label is Label.PLATFORM and "局" in name:
        return None
    if label is Label.PLATFORM and _SIGNED_TOGETHER.match(ms.text[m.end : m.end + 6]):
        return None  # …创新平台集中签约暨揭牌活动: a batch of platforms at an event, not one platform
    if label is Label.PLATFORM and not _has_marker(m, name, ms.within):
        if not _built_by_named(m, ms):
            return None
        return label, f"suffix {suffix}, built by a named organisation"
    if label is Label.PLATFORM and m.rule == "lac-org":
        nxt = _token_after(ms, m)
        if nxt is not None and nxt.start == m.end and nxt.tag in ("n", "vn"):
            return None  # 杭州数据中心整体规模: the suffix word modifies what follows
    quoted_only = _QUOTES.search(m.text) and not _BRACKETED.search(name)
    if label in (Label.ALLIANCE, Label.INSTITUTION) and (
        not _has_marker(m, name, ms.within) or quoted_only
    ) and "ORG" not in m.tags:
        return None
    return label, f"suffix {suffix}"


# …签署协议，双方将共建Z / 并共同建设Z: a clause whose builders are the parties of the clause before
JOINT_CLAUSE_OPEN = re.compile(r"^(?:并|双方|两方|三方|各方)?(?:将|拟|还将|也将)?(?:共同|联合|合作|携手|共建)")
_BUILT_BEFORE = re.compile(r"(?:加快|加速|积极|牵头|共同|联合|合作|签约)?"
                           r"(?:建设|打造|建立|运营|筹建|共建|承建运营|承建|建成|设立)(?:了|的)?$")


def _built_by_named(m: Mention, ms: MentionSet) -> bool:
    """支持X有限公司加快建设认知智能国家重点实验室: a generic-looking platform a named organisation builds."""
    sent = ms.sentences[m.sentence]
    clause_start = max(sent.start, *(ms.text.rfind(c, sent.start, m.start) + 1 for c in "，,："))
    if not _BUILT_BEFORE.search(ms.text[clause_start : m.start]):
        return False
    opens_joint = JOINT_CLAUSE_OPEN.match(ms.text[clause_start : m.start])
    if opens_joint and clause_start > sent.start:
        # …签署协议，共同建设Z: the builders are named in the clause before
        clause_start = max(sent.start, *(ms.text.rfind(c, sent.start, clause_start - 1) + 1 for c in "，,："))
    return any(o.kind == "org" and o.sentence == m.sentence and clause_start <= o.start and o.end < m.start
               and ("ORG" in o.tags or o.rule == "enum") for o in ms.mentions)


_SIGNED_TOGETHER = re.compile(r"^(?:集中|批量)(?:签约|揭牌|授牌|开工)")
_BRANCH = re.compile(r"(?:总部|分公司|分部|研发总部|区域总部)$")
_DIRECTIONS = ("华东", "华南", "华北", "华中", "西南", "西北", "东北", "中国", "亚太", "全球")


def _branch_owner(name: str, within: Region | None) -> str:
    """星河武汉总部 → 星河, 云帆华中总部 → 云帆: a listed branch names the company that owns it."""
    m = _BRANCH.search(name)
    if not m:
        return ""
    owner = name[: m.start()]
    changed = True
    while changed and owner:
        changed = False
        for rm in regions().scan(owner, within=within):
            if rm.end == len(owner) and rm.start > 0:
                owner, changed = owner[: rm.start], True
                break
        for d in _DIRECTIONS:
            if owner.endswith(d) and len(owner) > len(d):
                owner, changed = owner[: -len(d)], True
    return owner if len(owner) >= 2 and not _generic_only(owner) else ""


_ACTOR_AFTER = re.compile(
    r"^(?:[与和、][^，。；]{1,24}?)?(?:等)?(?:共同|合作|联合|携手)?(?:在[^，。；]{2,14}?)?"
    r"(?:加快|积极|率先|牵头)?(?:建设|共建|打造|推出|签约|签署|发布|落户|投资|承建|运营)"
)
_ACTOR_BEFORE = re.compile(r"(?:支持|鼓励|引导|推动|由|[与和]|联合|携手)$")


def _introduced_as_actor(m: Mention, ms: MentionSet) -> bool:
    """支持X, 由X与Y共同建设, X在P建设的, A与X联合推出: a bare organisation name in an actor's place."""
    before = ms.text[max(0, m.start - 2) : m.start]
    if before in ("支持", "鼓励", "引导", "推动"):
        return True
    sent = ms.sentences[m.sentence]
    after = ms.text[m.end : sent.end]
    if _ACTOR_AFTER.match(after):
        return True
    return bool(_ACTOR_BEFORE.search(before)) and bool(re.match(r"^(?:共同|合作|联合|携手)", after))


_COMPANY_HEAD = re.compile(
    r"^(?P<owner>.{2,30}?(?:有限公司|股份公司|公司|集团|银行))(?P<dept>[^，。、]{2,10}?(?:部|处|室))$")


def _department_owner(name: str) -> str:
    """星河银行金融科技部, 云帆集团战略发展部 → the company: a department is no entity, its company is."""
    m = _COMPANY_HEAD.match(name)
    if not m or m.group("owner").endswith("人民银行") or suffix_of(m.group("dept")) is None and not m.group(
            "dept").endswith(("处", "室")):
        return ""
    return m.group("owner")


_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8}){1,3}")


def _person_noun(tok: Token | None) -> bool:
    """记者, 主持人, 总裁助理, 老师, 导演: a noun naming a person by role, beside which a name stays a name."""
    return tok is not None and 2 <= len(tok.text) <= 4 and tok.text[-1] in words("mentions/person_noun_ends.txt")


def _valid_person(m: Mention, ms: MentionSet) -> bool:
    if m.rule == "roster" and "·" in m.text:  # 艾力·买买提: the roster already checked its boundaries
        return True
    if m.rule == "lac-per" and _DOTTED_NAME.fullmatch(m.text):  # 丹尼斯·霍珀: a transcribed name
        return True
    if not (2 <= len(m.text) <= 4 and _HAN_ONLY.match(m.text)) or m.text in words("mentions/person_stop.txt"):
        return False
    if m.rule == "roster":
        return True
    titles = words("mentions/leader_titles.txt") | words("mentions/person_titles.txt")
    nxt = _token_after(ms, m)
    if nxt is not None and nxt.tag in _PERSON_NEXT_BAD and nxt.text not in titles and not _person_noun(nxt):
        return False
    if ms.text[m.end : m.end + 1] in ("办", "〔"):
        return False
    prev = _token_before(ms, m)
    return prev is None or prev.tag not in ("n", "nz", "vn") or prev.text in titles or prev.text.endswith(
        tuple(titles)) or _person_noun(prev)


def _token_before(ms: MentionSet, m: Mention) -> Token | None:
    before = None
    for tok in ms.tokens[m.sentence]:
        if tok.end > m.start:
            break
        before = tok
    return before if before is not None and before.end == m.start else None


def _token_after(ms: MentionSet, m: Mention) -> Token | None:
    for tok in ms.tokens[m.sentence]:
        if tok.start >= m.end:
            return tok
    return None


def type_mention(m: Mention, ms: MentionSet) -> TypedMention | None:
    """The label of a mention, or None for a fragment / generic phrase."""
    name = clean_name(m.text)
    if m.rule == "abbrev-shared":  # 省教育厅、科技厅: written bare, named with the level the list opened with
        return TypedMention(mention=m, label=Label.AGENCY, name=m.prefix + name,
                            reason=f"short form in a list opened by {m.prefix}…")
    if m.kind == "org" and name in _SUB_BODIES:
        return TypedMention(mention=m, label=Label.AGENCY, name=name, reason="sub-body of the agency named before it")
    if m.kind == "task" and len(name) >= 2:  # a task is named by its heading or cell, punctuation and all
        return TypedMention(mention=m, label=Label.TASK, name=name, reason="task heading of the plan")
    if len(name) < 2 or name in words("mentions/name_stop.txt") or _BAD_CHARS.search(name):
        return None
    if re.fullmatch(r"[区县市](?:人民)?政府", name) and ms.text[m.start - 1 : m.start] in ("、", "）", ")"):
        return None  # 各县（市）、区人民政府: the tail of a distributive list, no body of its own
    if m.kind == "region" and m.region is not None:
        r = m.region
        if r.level == "province":
            if r.city == r.name:
                return TypedMention(mention=m, label=Label.CITY, name=name, reason="municipality")
            return TypedMention(mention=m, label=Label.PROVINCE, name=name, reason="province")
        label = Label.CITY if r.level == "city" else Label.DISTRICT
        return TypedMention(mention=m, label=label, name=name, reason=f"region level {r.level}")
    if m.kind == "person":
        if not _valid_person(m, ms):
            return None
        return TypedMention(mention=m, label=Label.PERSON, name=name, reason=f"person ({m.rule})")
    if m.kind in ("unit", "issuer"):
        hit = suffix_of(name)
        label = hit[1] if hit and hit[1] in (Label.ALLIANCE, Label.INSTITUTION, Label.ENTERPRISE) else Label.AGENCY
        if _regulator_office(name):
            label = Label.AGENCY
        return TypedMention(mention=m, label=label, name=name, reason=f"{m.kind} named by the document structure")
    if m.rule == "enum":
        owner = _branch_owner(name, ms.within)
        if owner:
            return TypedMention(mention=m, label=Label.ENTERPRISE, name=owner, reason="company named by its branch")
    owner = _department_owner(name) if m.kind == "org" else ""
    if owner:
        return TypedMention(mention=m, label=Label.ENTERPRISE, name=owner, reason="company named by its department")
    typed = _type_event(m, name, ms) if m.rule == "event" else _type_org(m, name, ms)
    if typed is None:
        return None
    return TypedMention(mention=m, label=typed[0], name=name, reason=typed[1])


def type_mentions(ms: MentionSet) -> list[TypedMention]:
    out = []
    for m in ms.mentions:
        t = type_mention(m, ms)
        if t is not None:
            out.append(t)
    return out
