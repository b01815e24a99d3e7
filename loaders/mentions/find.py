"""Mentions (stage 4): where the text names organisations, people, places, tasks.

LAC (run once per sentence, see `lac`) gives tokens with ORG / PER / LOC tags. On top of it:
- suffix names: a token ending in an organisation suffix (局, 委员会, 有限公司, 研究院, 平台 …) is extended to the
  left over name-like tokens, bounded by verbs (支持, 推动, 依托 …), function words and punctuation;
- lexicons: agency short forms with a level prefix (市工信局, 省工信厅, 市委人才办), national bodies (工信部),
  place-bound patterns (杭州银保监分局, 人行杭州中支);
- enumerations: "A、B、C等…企业" and "以A、B为代表" lists name enterprises LAC often misses;
- structure: task titles, responsible units, roster people and their organisations, the issuer;
- regions from `loaders.regions`, kept only where they stand alone (not inside an organisation name).
Overlapping candidates are settled leftmost-longest, the stronger source winning ties.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from graph.model import Label
from loaders.lang import Region, ordered_words, regions, words
from loaders.mentions import lac
from loaders.mentions.knowledge import (
    abbrev_regex,
    agency_unit,
    bare_abbrev_regex,
    national_regex,
    pattern_regexes,
    placed_abbrev_regex,
    suffix_of,
    suffixes,
    without_body,
)
from loaders.mentions.model import Mention, MentionKind, MentionSet, Token
from loaders.segment import SENTENCE_BLANKS, DocText, Sentence
from loaders.structure import DocStructure

_BLANK = SENTENCE_BLANKS
_SHARED_SEPARATORS = "、和及"  # between the items of a list of agencies
_HAN = re.compile(r"[\u4e00-\u9fff]")
_OPEN = {"”": "“", "’": "‘", "）": "（", ")": "(", "」": "「", "』": "『"}
_JOIN = {"-", "+", "·", "－", "—"}
# Tags of tokens that may sit inside a name (LAC tag set: n nz nw ORG LOC vn an s m …).
_ITEM_TAGS = frozenset({"ORG", "PER", "nz", "n", "nw", "eng", "LOC", "v"})  # tags of list items (A、B等企业)
_NAME_TAGS = {"n", "nz", "nw", "ORG", "LOC", "vn", "an", "s", "m", "eng", "a", "TIME"}
_NUM = re.compile(r"^[0-9０-９]+$")
_ENUM_ITEM = r"[^、，,。；;：:“”\"（）()\s等]{2,14}"
# 港口、化工等领域的企业: the list names sectors, not companies
_NOT_SECTORS = r"(?![^，。；,企公]{0,8}?(?:领域|行业|产业|方向|场景|板块))"  # 箱包、童车等传统优势产业企业
_ENUM_COMPANY = re.compile(rf"((?:{_ENUM_ITEM}、)+{_ENUM_ITEM})等{_NOT_SECTORS}"
                           rf"(?:\d+家|一批|多家)?[^，。；,]{{0,14}}?(?:企业|公司)")
_ENUM_DELEGATE = re.compile(rf"以((?:{_ENUM_ITEM}、)*{_ENUM_ITEM}?)等?为代表")
# 支持A、B在…/开展…: a list right after a support verb, ended by a verb or preposition, names the actors supported.
_ENUM_SUPPORTED = re.compile(rf"(?:支持|鼓励|推动|引导|扶持)((?:{_ENUM_ITEM}、)+{_ENUM_ITEM})")
_LATIN_NAME = re.compile(r"(?:企业|公司)\s*([A-Z][A-Za-z0-9&]{2,20})|([A-Z][A-Za-z0-9&]{2,20})\s*公司")


# 支持X加快建设…: the one named between the support verb and the build verb is an actor (usually a company).
_ACTOR = re.compile(
    r"(?:支持|鼓励|推动|引导)(?P<x>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:加快|加速|积极|牵头)?(?:建设|打造|建立|运营)"
)
_GLUE = re.compile(r"联合|与|和|及|向|(?:加快)?(?:建设|打造|共建|牵头|依托)")
_NAME_MODIFIERS = {"联合", "开放", "协同", "共性"}  # boundary words that also sit just before a suffix
_BUILD_TAIL = re.compile(r"(?:建设|打造|共建|建立)$")
_TRAILING_CONNECTOR = re.compile(r"(?:联合|与|和|及|等|在)$")
_GROUP_WORDS = ("企业", "机构", "高校", "院所", "单位", "主体", "园区", "地区", "板块", "城市", "部门", "组织", "团队")


# -- tokens -------------------------------------------------------------------------------------


def tokenize(sentences: list[Sentence]) -> list[list[Token]]:
    """LAC once per sentence (decoded in batches over the document); tokens carry absolute offsets."""
    results = lac.run([s.text for s in sentences]) if sentences else []
    out: list[list[Token]] = []
    for sent, pairs in zip(sentences, results, strict=True):
        toks: list[Token] = []
        pos = sent.start
        for word, tag in pairs:
            toks.append(Token(word, tag, pos, pos + len(word)))
            pos += len(word)
        out.append(toks)
    return out


# -- candidate finders ----------------------------------------------------------------------------------------


def _name_like(tok: Token) -> bool:
    text = tok.text.strip(_BLANK)
    if not text or text != tok.text:
        return False
    if tok.tag in ("ORG", "LOC"):
        return not (tok.tag == "ORG" and _TRAILING_CONNECTOR.search(text))
    if text in words("mentions/left_boundary_words.txt"):
        return False
    if tok.tag in _NAME_TAGS:
        return True
    return text in words("mentions/name_internal_verbs.txt")


def _suffix_token(tok: Token) -> bool:
    hit = suffix_of(tok.text)
    if hit is None:
        return False
    suffix = hit[0]
    # 布局, 总部, 场所: one-character suffixes only count on longer tokens or alone.
    return len(suffix) > 1 or len(tok.text) >= 3 or tok.text == suffix


def _modifier_suffix(tok: Token) -> bool:
    """Suffix words that also modify a following noun (科技企业, 中心城市, 平台建设, 项目资金)."""
    hit = suffix_of(tok.text)
    return hit is not None and hit[0] in ("科技", "中心", "平台", "项目", "基地", "集团")


def _extend_left(toks: list[Token], i: int, text: str) -> int:
    """Index of the first token of the name that ends with token i."""
    j = i - 1
    first = i
    hit = suffix_of(toks[i].text)
    # LAC read a whole agency name (港金管局, 市数据局): a plain noun before it is the clause, not the name
    whole_agency = toks[i].tag == "ORG" and hit is not None and hit[1] is Label.AGENCY and (
        len(toks[i].text) - len(hit[0]) >= 2)
    while j >= 0:
        tok = toks[j]
        if whole_agency and tok.tag == "n":
            break
        if _holds_title(tok):
            break  # 蒋仕元|秘书长汇报|协会: a person's title ends the name on the left
        if tok.text in _OPEN and tok.tag == "w":
            opener = _OPEN[tok.text]
            k = j - 1
            while k >= 0 and j - k <= 8 and toks[k].text != opener:
                if toks[k].tag == "w" and toks[k].text not in _JOIN:
                    k = -1
                    break
                k -= 1
            if k < 0 or toks[k].text != opener or k == j - 1:
                break
            inner = text[toks[k].end : tok.start]
            inner_loc = j - k == 2 and toks[k + 1].tag == "LOC"  # （X新区）: an area LAC knows, the table may not
            if tok.text in "）)" and not (_is_region_text(inner) or inner_loc):
                break  # (食品行业) is a remark; only (杭州)-style places belong to a name
            first = k
            j = k - 1
            continue
        if tok.text in _JOIN and j > 0 and _name_like(toks[j - 1]):
            first = j
            j -= 1
            continue
        if tok.tag in ("c", "p") and tok.text in ("和", "与") and j > 0 and _name_like(toks[j - 1]):
            left, right = toks[j - 1], toks[j + 1]
            if _suffix_token(left) or right.text[:1] in "省市区县" or right.tag in ("LOC", "ORG"):
                break  # 浙江大学和…研究院, 部署和省政府…: two names
            first = j
            j -= 1
            continue
        bare_suffix = (hit := suffix_of(toks[i].text)) is not None and hit[0] == toks[i].text
        if tok.text in _NAME_MODIFIERS and j == i - 1 and bare_suffix and tok.tag != "v" and j > 0 and _name_like(
                toks[j - 1]):
            first = j  # 智能控制|联合|实验室: 联合 / 开放 qualify the suffix here, they do not bound the name
            j -= 1
            continue
        if tok.text in _NAME_MODIFIERS and tok.tag == "vn" and j == i - 2 and toks[i - 1].tag == "vn" and j > 0 and (
                toks[j - 1].tag in ("n", "nz") and not _suffix_token(toks[j - 1])):
            first = j  # 智能电气|联合|研发|中心: 联合 qualifies 研发中心 too
            j -= 1
            continue
        if tok.tag == "ORG" and tok.text.endswith("和") and suffix_of(tok.text[:-1]) is None and toks[
                j + 1].tag not in ("ORG", "LOC", "PER"):
            first = j  # 湖南省工业和|信息化厅: LAC cut inside one agency name, not between two names
            j -= 1
            continue
        if tok.tag == "PER" and j + 1 < i and toks[j + 1].tag in ("a", "n", "nz") and (
                j == 0 or toks[j - 1].tag in ("u", "w", "p", "v")):
            first = j  # 的|秦创/PER|原/a|人工智能…聚集区: LAC read the start of a name as a person
            break
        if not _name_like(tok):
            break
        first = j
        j -= 1
    # Trim: a name does not start with a joiner, a number, an opening mark, 和/与 or a boundary word.
    while first < i:
        tok = toks[first]
        opening_quote = tok.text in "“‘「『" and first + 1 < i
        if (tok.tag in ("m", "q", "w", "c", "p", "a", "TIME", "f", "r") and not opening_quote) or (
            tok.text in words("mentions/left_boundary_words.txt")
        ):
            if tok.tag == "m" and first + 1 == i and _NUM.match(tok.text):
                break  # 809所
            first += 1
            continue
        break
    return first


@lru_cache(maxsize=1)
def _jieba_words() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(60)  # its dictionary-loading chatter is no message for our users
    jieba.dt.check_initialized()  # the dictionary loads lazily; FREQ is empty before
    return jieba.dt.FREQ


def _opens_word(two: str) -> bool:
    """True when the two characters are a word of jieba's dictionary (经济, 为民), not a word and what follows."""
    return bool(_jieba_words().get(two))


def _holds_title(tok: Token) -> bool:
    return tok.tag not in ("ORG", "LOC") and any(t in tok.text for t in _long_titles())


@lru_cache(maxsize=1)
def _long_titles() -> tuple[str, ...]:
    return tuple(t for t in ordered_words("mentions/leader_titles.txt") if len(t) >= 3)


def _is_region_text(s: str) -> bool:
    return bool(s) and regions().find(s) is not None


def _suffix_candidates(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    out: list[Mention] = []
    orgs = [t.text for t in toks if t.tag == "ORG"]
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        split_suffix = _split_suffix(toks, i)
        if not (_suffix_token(tok) or split_suffix) or tok.tag in ("v", "w", "p", "c", "u", "d") and not (
                _verb_tagged_suffix(toks, i)):
            continue
        if nxt is not None and nxt.tag in ("n", "vn", "nz") and not _suffix_token(nxt) and (
                _modifier_suffix(tok) or split_suffix):
            continue  # 科技企业, 中心城市, 平台建设, 数据中心|集群|建设: the suffix word modifies what follows
        if tok.tag == "ORG" and len(_split_org_token(tok)) > 1:
            continue  # glued names; the LAC finder emits the pieces
        first = _extend_left(toks, i, text)
        start, end = toks[first].start, tok.end
        if first == i and tok.tag == "ORG":
            start = _split_org_token(tok)[-1][0]  # 联合省科普作家协会 → 省科普作家协会
        for k in range(first, i):  # X大学建设人工智能|实验室, 拓维信息建设|创新中心: a builder glued on by LAC
            if toks[k].tag != "ORG":
                continue
            if _BUILD_TAIL.search(toks[k].text):
                start = toks[k + 1].start
            elif len(pieces := _split_org_token(toks[k])) > 1:
                start = pieces[-1][0]
        if first > 0 and start == toks[first].start and _glued_prefix(toks, first, orgs):
            first -= 1  # 之|江…平台 after 之江实验室: LAC split a name it had read whole nearby
            start = toks[first].start
        elif start == toks[first].start and (k := _owner_short_before(toks, first, orgs)) < first:
            first = k
            start = toks[first].start
        if start < tok.start and tok.text[:1] in "省市" and suffix_of(tok.text) is not None and not any(
                t.tag == "LOC" for t in toks[first:i]) and not _is_region_text(text[start : tok.start]):
            start = tok.start  # 汇总|后报/ORG|市政府: a level-prefixed short form is preceded by a place or nothing
        last = i
        if tok.text.endswith("大学") and i + 3 < len(toks) + 1 and _campus_after(toks, i, text):
            last, end = i + 3, toks[i + 3].end  # 香港科技大学（广州）: the campus in another city is its own
        if end - start > 40:
            continue
        out.append(_mention(text, start, end, sent, "org", "suffix", toks[first : last + 1]))
    return out


def _campus_after(toks: list[Token], i: int, text: str) -> bool:
    """大学 + （city）: a campus of the university in that city."""
    if i + 3 >= len(toks) or toks[i + 1].text not in "（(" or toks[i + 3].text not in "）)":
        return False
    inner = toks[i + 2]
    region = regions().find(inner.text) if inner.tag == "LOC" else None
    return region is not None and region.level == "city"


def _glued_prefix(toks: list[Token], first: int, orgs: list[str]) -> bool:
    """The one-character token before a name starts, with the name, an organisation LAC found in the sentence."""
    prev = toks[first - 1]
    if len(prev.text) != 1 or prev.tag not in ("u", "p", "c", "d") or not _HAN.match(prev.text):
        return False
    head = prev.text + toks[first].text[:1]
    return any(o.startswith(head) for o in orgs)


def _owner_short_before(toks: list[Token], first: int, orgs: list[str]) -> int:
    """的|讯|飞|芜湖…基地 after 科大讯飞: LAC broke up the builder's short name that opens the platform's name."""
    k = first
    while k > 1 and first - k < 3 and toks[k - 1].tag not in ("w", "u", "p", "c"):
        k -= 1
        piece = "".join(t.text for t in toks[k:first])
        if len(piece) >= 2 and toks[k - 1].tag == "u" and any(o.endswith(piece) and len(o) > len(piece) for o in orgs):
            return k
    return first


@lru_cache(maxsize=1)
def _suffix_tails() -> frozenset[str]:
    """The ends of suffixes of three or more characters (区 of 测试区): a cheap test before the real one."""
    return frozenset(sfx[k:] for sfx, _ in suffixes() if len(sfx) >= 3 for k in range(1, len(sfx)))


def _split_suffix(toks: list[Token], i: int) -> bool:
    """聚集|区, 测试|区, 人工智能开源|社区: a suffix LAC cut in two (the last token alone is no suffix)."""
    if i == 0 or toks[i].text not in _suffix_tails() or toks[i - 1].tag in ("w", "v", "p", "c", "u", "d"):
        return False
    if suffix_of(toks[i].text) is not None:
        return False
    hit = suffix_of(toks[i - 1].text + toks[i].text)
    return hit is not None and len(hit[0]) > len(toks[i].text) and len(hit[0]) >= 3


def _verb_tagged_suffix(toks: list[Token], i: int) -> bool:
    """机器人|学会/v|签署: LAC reads 学会 as "learn"; after a noun and before a verb or a mark it ends a name."""
    tok = toks[i]
    if tok.tag != "v" or tok.text not in ("学会", "协会") or i == 0 or toks[i - 1].tag not in ("n", "nz", "LOC", "ORG"):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return nxt is None or nxt.tag in ("v", "w", "p", "u", "c", "d")


def _split_org_token(tok: Token) -> list[tuple[int, int]]:
    """Pieces of a LAC ORG token that glues names together (市大数据集团联合市大数据管理局)."""
    s = tok.text
    s = _TRAILING_CONNECTOR.sub("", s) if len(s) > 4 else s  # LAC keeps the connector: 中国科学技术大学与
    pieces: list[tuple[int, int]] = []
    start = 0
    unit = agency_unit(s)  # 科技与数字出版司: a department's own name may hold a 与
    for m in _GLUE.finditer(s):
        left = s[start : m.start()]
        if unit and not (suffix_of(s[m.end():]) or agency_unit(s[m.end():])):
            continue
        if suffix_of(left) and len(left) >= 3 and len(s) - m.end() >= 2:
            pieces.append((start, m.start()))
            start = m.end()
    pieces.append((start, len(s)))
    out = []
    for a, b in pieces:
        # leading boundary words (联合省科普作家协会 → 省科普作家协会)
        for w in ordered_words("mentions/left_boundary_words.txt"):
            # one character may open a longer word (经济技术开发区): it is cut only where it stands alone (经市政府)
            if s.startswith(w, a) and b - a - len(w) >= 2 and (len(w) >= 2 or not _opens_word(s[a : a + 2])):
                a += len(w)
                break
        out.append((tok.start + a, tok.start + b))
    return out


def _without_body(m: Mention) -> Mention:
    name = without_body(m.text)
    if name == m.text:
        return m
    return m.model_copy(update={"end": m.start + len(name), "text": name, "tags": []})


def _join_unit_names(toks: list[Token]) -> list[Token]:
    """国家X署科技与|数字出版司: LAC cuts a ministry's department at the 与 inside its name; joined again when the
    whole is an agency and one of its units."""
    out: list[Token] = []
    for tok in toks:
        prev = out[-1] if out else None
        if (prev is not None and prev.tag == "ORG" and tok.tag in ("ORG", "n", "nz") and prev.end == tok.start
                and prev.text.endswith(("与", "和")) and agency_unit(prev.text + tok.text)):
            out[-1] = prev._replace(text=prev.text + tok.text, end=tok.end)
        else:
            out.append(tok)
    return out


def _lac_candidates(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    out: list[Mention] = []
    toks = _join_unit_names(toks)
    for k, tok in enumerate(toks):
        if tok.tag == "ORG":
            tail = _trailing_verb(tok, toks[k + 1] if k + 1 < len(toks) else None)
            if tail:  # 某某股份投资|建设的: LAC glued the actor's verb to its name
                tok = tok._replace(text=tok.text[: -len(tail)], end=tok.end - len(tail))
            dashed = k >= 2 and toks[k - 1].text in ("—", "－", "-") and toks[k - 2].tag == "LOC" and (
                toks[k - 2].end == toks[k - 1].start and toks[k - 1].end == tok.start)
            for a, b in _split_org_token(tok):
                if dashed and a == tok.start:
                    a = toks[k - 2].start  # 中国—东盟…有限公司: two places joined by a dash open the name
                if b - a >= 2 and text[a:b].strip(_BLANK) == text[a:b]:
                    out.append(_mention(text, a, b, sent, "org", "lac-org", [tok]))
        elif tok.tag == "PER":
            dotted = re.fullmatch(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8}){1,3}", tok.text)  # 丹尼斯·霍珀
            if dotted or 2 <= len(tok.text) <= 4 and all(_HAN.match(c) for c in tok.text):
                if tok.text not in words("mentions/person_stop.txt"):
                    out.append(_mention(text, tok.start, tok.end, sent, "person", "lac-per", [tok], Label.PERSON))
    return out


def _trailing_verb(tok: Token, nxt: Token | None) -> str:
    """The verb LAC glued to the end of an organisation token, when a verb follows (X投资|建设, X牵头|建设)."""
    if nxt is None or nxt.tag not in ("v", "vd", "vn") or nxt.start != tok.end:
        return ""
    tail = next((w for w in ordered_words("mentions/name_trailing_verbs.txt") if tok.text.endswith(w)), "")
    return tail if len(tok.text) - len(tail) >= 2 else ""


def _repeat_candidates(sents: list[Sentence], text: str, names: set[str], cands: list[Mention]) -> list[Mention]:
    """Every other occurrence of a name a list introduced as an enterprise (阿帕斯 in a later sentence)."""
    if not names:
        return []
    covered = {(m.start, m.end) for m in cands if m.rule == "enum"}
    rx = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    out = []
    for sent in sents:
        for m in rx.finditer(sent.text):
            a, b = sent.start + m.start(), sent.start + m.end()
            if (a, b) not in covered:
                out.append(_mention(text, a, b, sent, "org", "enum", [], Label.ENTERPRISE))
    return out


def _glued_pieces(m: Mention) -> list[Mention]:
    """西大杭州校区北理杭州校区 (a lost 、), 西湖大学生科院 (university + unit): the names inside."""
    out = []
    for suffix in ("大学", "校区", "学院", "研究院"):
        k = m.text.find(suffix)
        if 2 <= k and k + len(suffix) < len(m.text) - 1:
            cut = m.start + k + len(suffix)
            rest = m.text[k + len(suffix) :]
            if m.text[: k + len(suffix)].endswith("科学院") and rest.endswith(("研究院", "研究所", "所")) or (
                    rest[:1] in "（(" and rest[-1:] in "）)" and _is_region_text(rest[1:-1])):
                break  # 中国科学院合肥物质科学研究院: an academy's institute is one institution
            out.append(m.model_copy(update={"end": cut, "text": m.text[: k + len(suffix)], "tags": ["ORG"]}))
            if suffix_of(rest) and len(rest) >= 4 and regions().scan(rest):
                out.append(m.model_copy(update={"start": cut, "text": rest, "tags": ["ORG"]}))
            break
    return out


def _shared_level(sent: Sentence, text: str, m: re.Match[str]) -> list[Mention]:
    """省教育厅、科技厅、国资委: in a list that opens with a level-prefixed short form, the short forms that follow
    bare share its level (rule `abbrev-shared`, the level as the mention's `prefix`); the list ends at anything
    else."""
    out: list[Mention] = []
    pos = m.end()
    while pos < len(sent.text) and sent.text[pos] in _SHARED_SEPARATORS:
        nxt = bare_abbrev_regex().match(sent.text, pos + 1)
        if nxt is None:
            break
        a, b = sent.start + nxt.start(), sent.start + nxt.end()
        out.append(Mention(text=text[a:b], start=a, end=b, sentence=sent.index, kind="org", rule="abbrev-shared",
                           hint=Label.AGENCY, prefix=m.group("lvl")))
        pos = nxt.end()
    return out


def _lexicon_candidates(sent: Sentence, text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in abbrev_regex().finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        out.append(_mention(text, a, b, sent, "org", "abbrev", [], Label.AGENCY))
        if m.group("lvl") and not m.group("party"):
            out.extend(_shared_level(sent, text, m))
    for m in national_regex().finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        out.append(_mention(text, a, b, sent, "org", "national", []))
    for m in placed_abbrev_regex().finditer(sent.text):
        # 厦门市科协, 泉州市工信局: a short form after a full region name is that region's body
        place = m.group("place")
        found = next((place[k:] for k in range(len(place) - 2) if regions().find(place[k:]) is not None), "")
        if found:
            a, b = sent.start + m.end() - len(found) - len(m.group("abbr")), sent.start + m.end()
            out.append(_mention(text, a, b, sent, "org", "abbrev", [], Label.AGENCY))
    for rx in pattern_regexes():
        for m in rx.finditer(sent.text):
            a, b = sent.start + m.start(), sent.start + m.end()
            out.append(_mention(text, a, b, sent, "org", "pattern", [], Label.AGENCY))
    return out


def _enum_candidates(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    out: list[Mention] = []
    for rx in (_ENUM_COMPANY, _ENUM_DELEGATE):
        for m in rx.finditer(sent.text):
            pos = sent.start + m.start(1)
            for n, item in enumerate(m.group(1).split("、")):
                a, b = pos, pos + len(item)
                pos = b + 1
                if n == 0:
                    a = _strip_leading_verbs(toks, a, b)
                if b - a >= 2:
                    out.append(_mention(text, a, b, sent, "org", "enum", [], Label.ENTERPRISE))
    out.extend(_supported_list(sent, toks, text))
    for m in _ACTOR.finditer(sent.text):
        a, b = sent.start + m.start("x"), sent.start + m.end("x")
        x = m.group("x")
        if (a in {t.start for t in toks} and b in {t.end for t in toks} and not regions().scan(x)
                and not x.endswith(_GROUP_WORDS) and not any(t.tag in ("v", "p", "c", "u", "w", "r")
                                                             for t in toks if a <= t.start < b)
                and next(t.tag for t in toks if t.start == a) in ("ORG", "nz", "PER", "nw")):
            out.append(_mention(text, a, b, sent, "org", "actor", [t for t in toks if a <= t.start < b]))
    out.extend(_co_founder(toks, text, sent))
    for m in _LATIN_NAME.finditer(sent.text):
        g = 1 if m.group(1) else 2
        if m.group(g) in words("mentions/leader_titles.txt"):
            continue
        a, b = sent.start + m.start(g), sent.start + m.end(g)
        out.append(_mention(text, a, b, sent, "org", "latin", [], Label.ENTERPRISE))
    return out


def _supported_list(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    """支持A、B在X扩大…, 支持A、B开展…: every item of the list is a supported actor (usually a company).

    The list must end where a verb or preposition starts, every item must be whole tokens of name-like tags
    and no item may be a field of the domain lexicon or a group word (支持企业、高校开展… names no one).
    """
    starts = {t.start: t for t in toks}
    out: list[Mention] = []
    for m in _ENUM_SUPPORTED.finditer(sent.text):
        items: list[tuple[int, int]] = []
        pos = sent.start + m.start(1)
        parts = m.group(1).split("、")
        for n, item in enumerate(parts):
            # the list ends in the item that runs into the verb: cut it at the verb / preposition; an item
            # followed by 、 ends at a preposition (A在X、Y) or a verb with more after it (智造 can close a name)
            end = pos + len(item)
            last = n == len(parts) - 1
            cut = next((t.start for t in toks if pos < t.start < end and (
                t.tag in _VERBISH + ("vn",) if last else t.tag == "p" or t.tag in _VERBISH and t.end < end
            )), None)
            items.append((pos, cut or end))
            if cut:
                break
            pos += len(item) + 1
        nxt = starts.get(items[-1][1])
        if len(items) < 2 or nxt is None or nxt.tag not in _VERBISH + ("vn",):
            continue
        out.extend(_listed_actors(items, toks, text, sent))
    return out


def _listed_actors(items: list[tuple[int, int]], toks: list[Token], text: str, sent: Sentence,
                   tags: frozenset[str] = _ITEM_TAGS) -> list[Mention]:
    """The items of a list of actors as enterprise mentions, when every item is a whole run of name-like tokens,
    no field, group word or bare region, and one of them looks like a name to LAC (ORG, PER, nz, LOC)."""
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    spans = [[t for t in toks if x <= t.start and t.end <= y] for x, y in items]
    ok = all(
        x in starts and y in ends and y - x >= 2 and span and all(t.tag in tags for t in span)
        and text[x:y] not in _domain_terms() and not text[x:y].endswith(_GROUP_WORDS)
        and not any(rm.start == 0 and rm.end == y - x for rm in regions().scan(text[x:y]))
        for (x, y), span in zip(items, spans, strict=True)
    )
    if not ok or not any(t.tag in ("ORG", "PER", "nz", "LOC") for span in spans for t in span):
        return []
    return [_mention(text, x, y, sent, "org", "enum", span, Label.ENTERPRISE)
            for (x, y), span in zip(items, spans, strict=True)]


# 由A和B联合承办, 由A、B共同主办: the items of the list are the organisers, named or not by a suffix
_ORGANISER_LIST = re.compile(rf"由((?:{_ENUM_ITEM}[、和与及])+{_ENUM_ITEM}?)(?:联合|共同)?(?:主办|承办|协办|举办|发起)")


def _organiser_list(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _ORGANISER_LIST.finditer(sent.text):
        a, b = sent.start + m.start(1), sent.start + m.end(1)
        inside = [t for t in toks if a <= t.start and t.end <= b and t.text not in ("联合", "共同")]
        items: list[tuple[int, int]] = []
        for t in inside:  # split at a 和 / 与 / 、 of its own, never inside a token (工业和信息化局)
            if t.text in ("、", "和", "与", "及") and t.tag in ("c", "p", "w"):
                continue
            if items and text[items[-1][1] : t.start] == "":
                items[-1] = (items[-1][0], t.end)
            else:
                items.append((t.start, t.end))
        if len(items) >= 2:
            # only the names without a kind of their own are enterprises here (市科技局 is found and typed anyway)
            found = _listed_actors(items, toks, text, sent, _ITEM_TAGS | {"vn"})
            out.extend(m for m in found if suffix_of(m.text) is None and not abbrev_regex().search(m.text)
                       and not national_regex().search(m.text))
    return out


_CO_BUILD = re.compile(r"(?:共同|联合|合作)(?:筹建|建设|组建|打造|共建|成立|发起)")


def _co_founder(toks: list[Token], text: str, sent: Sentence) -> list[Mention]:
    """X与Y大学共同筹建…: a short brand opening the clause, joined to a named organisation that builds with it."""
    out = []
    for k in range(len(toks) - 3):
        tok, joiner, partner = toks[k], toks[k + 1], toks[k + 2]
        opens = k == 0 or toks[k - 1].text in ("，", ",", "；", ";", "：", ":", "。")
        if not (opens and tok.tag in ("nz", "nw", "ORG") and 2 <= len(tok.text) <= 6
                and joiner.text in ("与", "和") and partner.tag == "ORG"):
            continue
        if regions().scan(tok.text) or tok.text.endswith(_GROUP_WORDS) or tok.text in _domain_terms():
            continue
        if _CO_BUILD.match(text, partner.end, sent.end):
            out.append(_mention(text, tok.start, tok.end, sent, "org", "actor", [tok]))
    return out


_VERBISH = ("v", "p", "vd", "d")


@lru_cache(maxsize=1)
def _domain_terms() -> frozenset[str]:
    return words("mentions/domain_terms.txt")


def _strip_leading_verbs(toks: list[Token], a: int, b: int) -> int:
    """The first list item often carries the words that introduce the list (走进X, 抢抓X, X区聚集了Y)."""
    start = a
    for tok in toks:
        if tok.start < start:
            continue
        if tok.start >= b or tok.end > b:
            break
        if tok.tag in ("v", "p", "c", "d", "vd", "u") or tok.text in words("mentions/left_boundary_words.txt"):
            a = tok.end
    return a


@lru_cache(maxsize=1)
def _event_regex() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, ordered_words("mentions/event_suffixes.txt"))))


def _event_candidates(sent: Sentence, toks: list[Token], text: str) -> list[Mention]:
    """X大会 / 第五届X展 / X推进会: the name before an event word (LAC often cuts 推进|会, so not by token)."""
    out: list[Mention] = []
    starts = {t.start: k for k, t in enumerate(toks)}
    ends = {t.end for t in toks}
    for m in _event_regex().finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        if b not in ends:
            continue  # 展示, 论坛上: the event word is part of a longer word
        k = starts.get(a)
        if k is None:
            k = next((i for i, t in enumerate(toks) if t.start < a < t.end), None)
            if k is None or len(m.group(0)) < 2 and toks[k].tag not in ("ORG", "n", "nz"):
                continue  # 发展/vn: a one-character event word inside a verb (typing checks the rest)
        first = _extend_left(toks, k, text)
        if first == k and k >= 2 and toks[k - 1].text in ("成立", "揭牌") and (
                toks[k - 2].tag == "ORG" or suffix_of(toks[k - 2].text) is not None):
            first = _extend_left(toks, k - 2, text)  # X学会|成立|大会: the body founded names the event
        start = toks[first].start
        joined = re.search(r"暨(?:第[一二三四五六七八九十\d]+[次届])?$", text[sent.start : start])
        if joined and out and out[-1].end == sent.start + joined.start():
            start = out.pop().start  # X成立大会暨第一次会员代表大会: one event under two names
        elif b - start - len(m.group(0)) < 2 or b - start > 40:
            continue
        out.append(_mention(text, start, b, sent, "org", "event", [t for t in toks if start <= t.start < b],
                            Label.EVENT))
    return out


def _region_candidates(sent: Sentence, toks: list[Token], text: str, within: Region | None) -> list[Mention]:
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    out: list[Mention] = []
    for rm in regions().scan(sent.text, within=within):
        a, b = sent.start + rm.start, sent.start + rm.end
        full = rm.text == rm.region.name and len(rm.text) >= 3
        if not full and not (a in starts and b in ends):
            continue  # a short name inside a word (成都大学) is no place mention
        out.append(Mention(text=rm.text, start=a, end=b, sentence=sent.index, kind="region", rule="region",
                           region=rm.region))
    if within is not None and within.level in ("city", "province") and within.city:
        areas = words("regions/area_suffixes.txt")
        for k, tok in enumerate(toks):
            prev = toks[k - 1] if k else None
            if tok.text in areas and (prev is None or prev.tag in ("w", "v", "p", "c")):
                name = regions().find(within.city).short + tok.text if regions().find(within.city) else tok.text
                area = Region(name=name, level="district", adcode="", province=within.province, city=within.city,
                              short=tok.text)
                out.append(Mention(text=tok.text, start=tok.start, end=tok.end, sentence=sent.index, kind="region",
                                   rule="region-area", region=area))
    return out


def _mention(text: str, a: int, b: int, sent: Sentence, kind: MentionKind, rule: str, toks: list[Token],
             hint: Label | None = None) -> Mention:
    return Mention(text=text[a:b], start=a, end=b, sentence=sent.index, kind=kind, rule=rule, hint=hint,
                   tags=[t.tag for t in toks])


def _structure_candidates(text: str, structure: DocStructure, sents: list[Sentence]) -> list[Mention]:
    finder = _SentenceFinder(sents)
    out: list[Mention] = []
    for task in structure.tasks:
        a = text.find(task.title, task.start, max(task.end, task.start + len(task.title)))
        if a < 0:
            a = text.find(task.title)
        if a >= 0 and task.title:
            b = a + len(task.title)
            out.append(Mention(text=task.title, start=a, end=b, sentence=finder(a), kind="task", rule="task",
                               hint=Label.TASK))
        for unit in task.units:
            if unit.name:
                out.append(Mention(text=unit.name, start=unit.start, end=unit.end, sentence=finder(unit.start),
                                   kind="unit", rule="unit", hint=Label.AGENCY))
    for entry in structure.rosters:
        if entry.person:
            a = text.find(entry.person, entry.start, max(entry.end, entry.start + 1))
            a = a if a >= 0 else entry.start
            out.append(Mention(text=entry.person, start=a, end=a + len(entry.person), sentence=finder(a),
                               kind="person", rule="roster", hint=Label.PERSON))
    issuer = structure.meta.issuer
    if issuer:
        a = text.find(issuer)
        a = a if a >= 0 else 0
        out.append(Mention(text=issuer, start=a, end=a + len(issuer), sentence=finder(a), kind="issuer",
                           rule="issuer"))
    return out


class _SentenceFinder:
    def __init__(self, sents: list[Sentence]) -> None:
        self._starts = [s.start for s in sents]

    def __call__(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)


# -- settling overlaps ----------------------------------------------------------------------------------------

# abbrev-shared before national: 国资委 in 省教育厅、国资委 is the province's, not the State Council's
_RULE_RANK = {"task": 0, "unit": 0, "issuer": 0, "roster": 0, "abbrev-shared": 1, "pattern": 1, "national": 1,
              "abbrev": 2, "enum": 3,
              "actor": 4, "event": 3,
              "latin": 3, "suffix": 4, "lac-org": 5, "lac-per": 5, "region": 6}


def _settle(cands: list[Mention]) -> list[Mention]:
    """Leftmost-longest over text mentions; structure mentions always stay (they are given, not guessed)."""
    extra = []
    for m in cands:
        if m.rule in ("suffix", "lac-org") and m.kind == "org":
            pieces = _glued_pieces(m)
            if pieces and len(pieces) == 2:
                m.end = m.start  # replaced by its pieces
            extra.extend(p.model_copy(update={"rule": "piece"}) for p in pieces)
    cands = [m for m in cands if m.end > m.start] + extra
    fixed = [m for m in cands if m.rule in ("task", "unit", "issuer", "roster", "piece")]
    free = [m for m in cands if m.rule not in ("task", "unit", "issuer", "roster", "piece")]
    lexical = [m for m in free if m.rule in ("abbrev", "national", "pattern")]
    text_end = {m.end for m in lexical}
    # lexicon hits by start, so each guess looks only at the hits inside it (in their original order)
    by_start = sorted(range(len(lexical)), key=lambda j: lexical[j].start)
    lex_starts = [lexical[j].start for j in by_start]
    at_start: dict[int, list[Mention]] = {}
    for h in lexical:
        at_start.setdefault(h.start, []).append(h)
    for i, m in enumerate(free):
        if m.rule not in ("suffix", "lac-org"):
            continue
        inside = sorted(by_start[bisect.bisect_left(lex_starts, m.start) : bisect.bisect_left(lex_starts, m.end)])
        # 省工信厅省企业技术中心: a lexicon hit followed by a level prefix starts a second name.
        for h in (lexical[j] for j in inside):
            nxt = m.text[h.end - m.start : h.end - m.start + 1]
            if m.start <= h.start and h.end < m.end - 1 and h.end in text_end and (
                nxt in "省市区县“\"" or nxt.isdigit()
            ):
                keep = not nxt.isdigit()  # 省科技厅2023年度…项目: what follows a number is no name
                free[i] = m.model_copy(update={"start": h.end if keep else m.start,
                                               "end": m.end if keep else m.start,
                                               "text": m.text[h.end - m.start :] if keep else "", "tags": []})
                m = free[i]
    # 厦门市科协党组: a guessed name that is a lexicon hit plus a body word (党组, 机关) is the lexicon hit
    body = words("mentions/org_body_words.txt")
    free = [m for m in free if not (m.rule in ("suffix", "lac-org") and any(
        h.end < m.end and m.text[h.end - m.start :] in body for h in at_start.get(m.start, ())))]
    # X有限公司董事局: a guessed name that is an organisation's name plus a body word is that organisation
    free = [_without_body(m) if m.rule in ("suffix", "lac-org") else m for m in free]
    free = [m for m in free if m.end > m.start]
    free.sort(key=lambda m: (m.start, -(m.end - m.start), _RULE_RANK.get(m.rule, 9)))
    kept: list[Mention] = []
    taken_until = -1
    seen: set[tuple[int, int]] = set()
    for m in free:
        if m.start < taken_until:
            continue
        # A longer guess that swallows a lexicon hit at its end is a glued name (省工信厅省企业…): keep both.
        kept.append(m)
        taken_until = m.end
        seen.add((m.start, m.end))
    # a task written as a sentence (a table cell: 支持南开大学、天津大学…) names actors of its own; a short
    # heading, an issuer or a unit is one name and covers what was found inside it before
    covers = sorted((m.start, m.end, t) for t, m in enumerate(fixed) if m.kind in ("task", "issuer", "unit")
                    and not (m.kind == "task" and len(m.text) >= 20 and re.search(r"[，、；]", m.text)))
    cover_starts = [c[0] for c in covers]
    reach = list(itertools.accumulate((c[1] for c in covers), max))

    def covered(k: Mention, after: int) -> bool:
        """Does a cover listed after position `after` of fixed hold k?"""
        if k.kind == "person":
            return False
        n = bisect.bisect_right(cover_starts, k.start)
        if after < 0:
            return n > 0 and reach[n - 1] >= k.end
        return any(end >= k.end and t > after for _, end, t in covers[:n])

    kept = [k for k in kept if not covered(k, -1)] + [m for t, m in enumerate(fixed) if not covered(m, t)]
    kept.sort(key=lambda m: (m.start, m.end))
    return kept


def find_mentions(doc: DocText, structure: DocStructure, within: Region | None = None) -> MentionSet:
    text, sents = doc.text, doc.sentences
    toks = tokenize(sents)
    cands: list[Mention] = []
    for sent, stoks in zip(sents, toks, strict=True):
        cands.extend(_lexicon_candidates(sent, text))
        cands.extend(_suffix_candidates(sent, stoks, text))
        cands.extend(_lac_candidates(sent, stoks, text))
        cands.extend(_enum_candidates(sent, stoks, text))
        cands.extend(_organiser_list(sent, stoks, text))
        cands.extend(_region_candidates(sent, stoks, text, within))
        cands.extend(_event_candidates(sent, stoks, text))
    enum_names = {m.text for m in cands if m.rule == "enum"}
    cands.extend(_repeat_candidates(sents, text, enum_names, cands))
    # addressee lines (各区人民政府，市政府各部门：) list recipients, not actors
    spans = getattr(structure, "addressees", [])
    cands = [m for m in cands if not any(a <= m.start and m.end <= b for a, b in spans)]
    cands = [m for m in cands if not (m.kind == "person" and m.text in enum_names)]
    cands.extend(_structure_candidates(text, structure, sents))
    return MentionSet(text=text, sentences=sents, tokens=toks, mentions=_settle(cands), within=within)
