"""Document metadata: title, 文号, issuer, date, region, type; and the addressee lines of a notice.

Decisions:
- Date: a signature or 成文日期 date beats a web page's 发布时间 (pages are published days later);
  news without either takes its first dated event.
- Issuer: a media 来源 (X日报, 新华社, X网) is never the issuer; the body the news is about, or nothing, is.
  A joint signature block (several departments on one or more lines) is issued by its FIRST department; a 来源
  that is a bare division (产业X处) is no issuer; a society or alliance a news title is about issues it only
  when it signs. A reporter byline (记者 X, 通讯员 X) makes a text news.
- Region and district: `loaders/doc_region.py`.
- Addressee lines of a notice ("各区人民政府，市政府各部门：") are marked so that their generic recipients feed
  no entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from pydantic import BaseModel

from graph.model import DocType
from loaders.lang import regions
from loaders.segment import DocText, Line
from loaders.structure.patterns import HAN, WS, split_top, squeeze, structure_lexicon
from loaders.structure.region import find_district, find_region


class DocMeta(BaseModel):
    title: str = ""
    doc_no: str = ""  # 文号, e.g. X府办〔2022〕12号
    issuer: str = ""  # as written (发文单位, 来源, signature block); resolution expands it later
    issuer_full: str = ""  # the full name when the document itself gives one (signature block), else ""
    source: str = ""  # 来源 as written (a web page's source line)
    date: str = ""  # ISO yyyy-mm-dd
    province: str = ""  # canonical full names, e.g. 江苏省 / 北京市
    city: str = ""
    district: str = ""  # the district (county, 新区) whose organs issue the document: 崂山区 for a 崂山区政府办 plan,
    # so relative names (区科技局) resolve inside it; "" for city- and province-level documents
    type: DocType = DocType.OTHER


_DOCNO = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*(?:第\s*)?\d{1,5}\s*号"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}


def _cn_number(s: str) -> int:
    if "十" in s:
        head, _, tail = s.partition("十")
        return (_CN_DIGIT.get(head, 1) if head else 1) * 10 + (_CN_DIGIT.get(tail, 0) if tail else 0)
    return _CN_DIGIT.get(s, 0)


def _iso(y: int, m: int, d: int) -> str:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return ""


def _dates(s: str) -> Iterator[tuple[int, int, str]]:
    for m in _DATE.finditer(s):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            yield m.start(), m.end(), iso
    for m in _CN_DATE.finditer(s):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        iso = _iso(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
        if iso:
            yield m.start(), m.end(), iso


def _is_date_line(s: str) -> str:
    """The ISO date when the whole line is a date (a signature date), else ""."""
    s2 = re.sub(r"[\s\u3000]", "", s)
    for a, b, iso in _dates(s2):
        if a == 0 and b == len(s2):
            return iso
    return ""


def _is_boilerplate(line: str) -> bool:
    lex = structure_lexicon()
    if ">" in line or "＞" in line or "»" in line:
        return True
    return any(line.startswith(w) for w in lex.p["boilerplate_lines"])


def _labelled(line: str, labels: list[str]) -> str | None:
    """The value after "label:" when the line carries one of the labels (anywhere, for "发布时间:… 来源:…" lines).

    The value ends at a blank or where the next field label of the line begins (浏览次数, 字号 …).
    """
    lex = structure_lexicon()
    for label in sorted(labels, key=len, reverse=True):
        m = re.search(rf"{re.escape(label)}\s*[:：]\s*(\S+)", line)
        if not m or (m.start() > 0 and HAN.match(line[m.start() - 1])):
            continue
        value = m.group(1)
        others = [w for ws in lex.p["meta_labels"].values() for w in ws] + lex.p["field_labels"]
        cut = min((i for w in others if (i := value.find(w)) > 0), default=len(value))
        value = value[:cut].rstrip("：:|｜")
        if value:
            return value
    return None


_TITLE_END_BAD = tuple("。，,；;：:、")


def _cut_at_labels(t: str) -> str:
    """A title line that runs on into 来源： / 发布时间： / 浏览量： / 【大中小】 ends before the first of them."""
    lex = structure_lexicon()
    labels = [w for ws in lex.p["meta_labels"].values() for w in ws] + lex.p["field_labels"]
    cut = len(t)
    for w in labels:
        for m in re.finditer(rf"{re.escape(w)}\s*[:：]", t):
            if m.start() >= 6:
                cut = min(cut, m.start())
                break
    i = t.find("【")
    if i >= 6 and re.match(r"【[^】]{0,3}】|【(?:打印|关闭|字体|大)", t[i:]) is not None:
        cut = min(cut, i)
    return t[:cut].rstrip(WS + "|｜") if cut < len(t) else t


def _is_furniture(t: str) -> bool:
    """A share banner, a counter, a site tag (【安防在线 www.x.cn】) or a web address: page furniture."""
    t2 = squeeze(t)
    if re.fullmatch(r"【[^【】]*】|\[[^\[\]]*\]", t2) or re.search(r"[A-Za-z0-9-]+\.(?:com|cn|net|org|gov)\b", t2):
        return True
    return len(t2) <= 30 and any(w in t2 for w in structure_lexicon().p["furniture_fragments"])


def _has_title_cue(t: str) -> bool:
    lex = structure_lexicon()
    cues = [*lex.p["title_cues"], *(w for ws in lex.p["type_keywords"].values() for w in ws)]
    return any(w in t for w in cues)


def _strip_media_prefix(t: str) -> str:
    """新华网:X联盟成立 → X联盟成立: a news site or paper naming itself before the headline."""
    m = re.match(r"^([\u4e00-\u9fffA-Za-z]{2,10})\s*[:：]\s*(.+)$", t)
    return m.group(2) if m and is_media_source(m.group(1)) else t


def _title_like(t: str) -> bool:
    t2 = squeeze(t)
    if not 6 <= len(t2) <= 80 or t2.endswith(_TITLE_END_BAD) or _is_boilerplate(t2) or _is_furniture(t2):
        return False
    if _is_date_line(t2) or _DOCNO.fullmatch(t2):
        return False
    if re.match(r"^[（(]\s*(关于|——)", t2) or t2.startswith(("——", "—")):
        return False  # a subtitle
    if re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])", t2):
        return False  # a section heading
    if _DATE.match(t2):
        return False  # a dateline: "2024年3月22日 来源：…"
    labels = structure_lexicon().p["meta_labels"]
    if any(_labelled(t2, labels[k]) for k in ("source", "issuer", "published_date", "written_date", "doc_no")):
        return False
    if re.search(r"[:：]", t2) and not re.search(r"[:：]\s*$", t2) and len(t2) < 40:
        # "发文单位:…", "级别:…" metadata lines; but "某市：以…赋能…" is a news headline led by a place name
        m = re.match(r"^([\u4e00-\u9fff]{2,6})\s*[:：]", t2)
        return m is None or bool(regions().find_all(m.group(1)))
    return HAN.search(t2) is not None and t2.count("。") == 0


def _find_title(lines: list[Line], hints: dict[str, str]) -> tuple[str, int]:
    lex = structure_lexicon()
    hint = (hints.get("title") or "").strip()
    if hint:
        hint = re.split(r"\s*[_|｜]\s*|\s+-\s+", hint)[0].strip()
        if _title_like(hint):
            return squeeze(hint), -1
    head = lines[:20]
    if head and re.fullmatch(r"[\u4e00-\u9fff、，,]{2,30}(?:委员|代表|同志|先生|女士)[:：]", head[0].text):
        # a reply opening with its greeting (X委员：): the proposal it answers names the document
        for ln in head[1:3]:
            m = re.search(r"《([^《》]{4,60}(?:提案|建议|议案))》", ln.text)
            if m:
                return squeeze(m.group(1)), -1
    candidates: list[tuple[str, int]] = []
    for i, ln in enumerate(head):
        t = ln.text
        if len(t) > 80 and t.count("。") >= 1 and not _is_boilerplate(t):
            break  # the body began before any title line
        labelled = _labelled(t, lex.p["meta_labels"]["title"])
        if labelled and _title_like(labelled):
            return squeeze(labelled), i
        t = _strip_media_prefix(_cut_at_labels(t))
        if not _title_like(t):
            continue
        title = t
        # a title broken over two lines: "关于印发《…》的" + "通知"
        if i + 1 < len(head):
            nxt = head[i + 1].text
            if (title.endswith(("的", "关于", "和", "与", "及", "暨", "《")) or re.match(
                r"^(的|通知|方案|意见|计划|办法|规划|报告|答复|决定)", nxt
            )) and len(squeeze(nxt)) <= 40 and not nxt.endswith(_TITLE_END_BAD) and not _is_boilerplate(nxt):
                title = title + nxt
        candidates.append((squeeze(title), i))
    if candidates:
        return _best_title(candidates, head)
    # News without a title line: the clause of the first paragraph that reports the event.
    news = lex.p["type_keywords"]["news"]
    for ln in lines[:3]:
        for a, b in split_top(ln.text, "，,。；;"):
            clause = ln.text[a:b].strip(WS)
            if any(w in clause for w in news) and 6 <= len(clause) <= 60 and not clause.startswith(("在", "为")):
                return squeeze(clause), -1
    first = next((ln for ln in lines if not _is_furniture(ln.text)), lines[0] if lines else None)
    return (squeeze(first.text)[:80] if first else ""), -1


def _best_title(candidates: list[tuple[str, int]], head: list[Line]) -> tuple[str, int]:
    """The headline among the title-like lines of the head: not a column name standing above a site's metadata
    block (索引号, 发布机构 …), and the first with a headline word when the first line is a short one without
    (a site name, a spam line)."""
    labels = structure_lexicon().p["index_labels"]

    def above_block(i: int) -> bool:
        return any(re.match(rf"^[\s\-·•*]*{re.escape(w)}\s*[:：]", ln.text) for ln in head[i + 1 : i + 3]
                   for w in labels)

    usable = [c for c in candidates if not above_block(c[1])] or candidates
    if _has_title_cue(usable[0][0]) or len(usable[0][0]) > 8:
        return usable[0]
    return next((c for c in usable[1:] if _has_title_cue(c[0]) and c[1] <= usable[0][1] + 8), usable[0])


def _find_doc_no(lines: list[Line], title_idx: int) -> str:
    lex = structure_lexicon()
    for ln in lines[:25]:
        v = _labelled(ln.text, lex.p["meta_labels"]["doc_no"])
        if v and _DOCNO.search(v):
            return _DOCNO.search(v).group(0).replace(" ", "")  # type: ignore[union-attr]
    head = lines[: max(title_idx, 0) + 8]
    for ln in head:  # a number on its own line next to the title
        t = re.sub(r"[\s\u3000]", "", ln.text)
        if _DOCNO.fullmatch(t):
            return t
    for ln in head:  # …or leading a header line with a short tail: "X发〔2024〕21号　　A类", "…号 签发人：某某"
        t = re.sub(r"[\s\u3000]", "", ln.text)
        m = _DOCNO.match(t)
        if m and len(t) - m.end() <= 12 and not re.search(r"[。，,；;]", t[m.end() :]):
            return m.group(0)
    return ""


def _signature(lines: list[Line]) -> tuple[str, str]:
    """(issuer, date) of the closing signature block: an organisation line followed by a date line."""
    tail = lines[-15:]
    for k in range(len(tail) - 1, 0, -1):
        iso = _is_date_line(tail[k].text)
        if not iso:
            continue
        first = _first_signer(tail, k)
        return first, iso
    # A 印发 notice carries its signature after the cover letter, before the attached plan.
    for k in range(1, len(lines)):
        iso = _is_date_line(lines[k].text)
        if iso:
            first = _first_signer(lines, k)
            if first:
                return first, iso
    return "", ""


def _signer_names(t: str) -> list[str]:
    """The organisations of one signature line ("A厅<tab>B委员会" → both), or [] when it is no signature line."""
    lex = structure_lexicon()
    names = [squeeze(c) for c in re.split(r"\t+", t) if c.strip(WS)]
    if not names or any(
        len(n) > 40 or n.endswith(_TITLE_END_BAD) or re.search(r"[，。；,;：:]", n)
        or not any(n.endswith(s) for s in lex.org_suffixes)
        for n in names
    ):
        return []
    return names


def _first_signer(lines: list[Line], date_idx: int) -> str:
    """The first department of the signature block ending above line `date_idx`: a joint notice lists the lead
    (issuing) department first, its co-signers after it, on one or more lines."""
    first = ""
    k = date_idx - 1
    while k >= 0 and date_idx - k <= 6:
        names = _signer_names(lines[k].text)
        if not names:
            break
        first = names[0]
        k -= 1
    return first


def is_media_source(name: str) -> bool:
    """True for a 来源 that is a newspaper, news agency, broadcaster or web site (X日报, 新华社, X网)."""
    lex = structure_lexicon()
    n = re.sub(r"[\s\u3000]", "", name)
    if not n:
        return False
    if any(n == m or n.startswith(m) for m in lex.p["media_sources"]):
        return True
    return any(n.endswith(sfx) and len(n) > len(sfx) for sfx in lex.p["media_suffixes"])


def _is_bare_division(name: str) -> bool:
    """产业数字化处: a division (处/科) whose parent body is not named in it, so it cannot stand for an issuer."""
    lex = structure_lexicon()
    n = squeeze(name)
    if len(n) < 2 or not n.endswith(tuple(lex.p["division_suffixes"])):
        return False
    if any(s in n[:-1] for s in lex.org_suffixes) or any(True for _ in regions().scan(n)):
        return False
    return True


def _title_subject(title: str) -> str:
    """"X学会2023年度工作总结" → X学会; "X局关于印发…" → X局."""
    lex = structure_lexicon()
    m = re.match(r"^(.{2,40}?)(?:(?:19|20)\d{2}|关于|召开|举办|举行|正式|成立|第[一二三四五六七八九十\d]+届|工作)",
                 title)
    if not m:
        return ""
    # 由A和B联合承办的X学会成立大会: the body is the name after the last 的, not the clause before it
    head = re.sub(r"^(?:由|在|经|据)", "", m.group(1).rsplit("的", 1)[-1])
    if re.search(r"[、，,：:；;]", head) or head.startswith(("我", "本", "为", "按照", "根据")):
        return ""  # a clause (为深入贯彻…, 我市与X签约), not a body's name
    for k in range(len(head), 1, -1):
        if any(head[:k].endswith(s) for s in lex.org_suffixes if len(s) >= 2 or (k >= 5 and s in "局厅")):
            return head[:k]
    return ""


def _find_date(lines: list[Line], hints: dict[str, str], text: str, sig_date: str) -> str:
    lex = structure_lexicon()
    labels = lex.p["meta_labels"]
    for ln in lines[:30]:
        v = _labelled(ln.text, labels["written_date"])
        if v:
            for _, _, iso in _dates(v):
                return iso
    if sig_date:
        return sig_date
    hint = hints.get("date", "")
    for _, _, iso in _dates(hint):
        return iso
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", hint):
        return hint
    for ln in lines[:30]:
        v = _labelled(ln.text, labels["published_date"])
        if v:
            for _, _, iso in _dates(v):
                return iso
    for _, _, iso in _dates(text):  # news: the first dated event
        return iso
    return ""


_MONTH_DAY = re.compile(r"(?<![年\d])(\d{1,2})月(\d{1,2})日")


def _event_date(text: str, published: str) -> str:
    """News is dated by the day it reports (8月24日…召开), not the day it was posted: the first month-day of the
    opening, in the year of the posting date, when it falls within the month before that date."""
    m = _MONTH_DAY.search(text[:1500])
    if not m or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return published
    event = _iso(int(published[:4]), int(m.group(1)), int(m.group(2)))
    if not event:
        return published
    gap = (date.fromisoformat(published) - date.fromisoformat(event)).days
    return event if 0 <= gap <= 31 else published


def _doc_type(title: str, text: str, has_tasks: bool, source: str = "") -> DocType:
    lex = structure_lexicon()
    kw = lex.p["type_keywords"]
    t = re.sub(r"\s", "", title)
    opening = text[:800]
    if any(w in t for w in kw["proposal_reply"]) or re.search(r"对.*(提案|建议|议案).*(答复|回复)", t) or any(
            w in opening for w in lex.p["reply_body_cues"]):
        return DocType.PROPOSAL_REPLY
    if any(w in t for w in kw["work_report"]):
        return DocType.WORK_REPORT
    plan_words = [w for w in kw["action_plan"] if w in t]
    if plan_words:
        ends_so = re.sub(r"[（(][^（()）]*[)）]$|[》”\"]$", "", t).endswith(tuple(plan_words))  # …的实施意见
        if has_tasks or ends_so or not all(w in lex.p["plan_types_need_tasks"] for w in plan_words):
            return DocType.ACTION_PLAN
    if any(w in opening for w in lex.p["plan_body_cues"]):
        return DocType.ACTION_PLAN
    if any(w in t for w in kw["notice"]):
        return DocType.ACTION_PLAN if has_tasks else DocType.NOTICE
    if any(w in t for w in kw["news"]) or any(w in text[:400] for w in kw["news"]) and _DATE.search(text[:400]):
        return DocType.NEWS
    if _has_byline(text[:400]) or is_media_source(source):
        return DocType.NEWS
    return DocType.OTHER


def _has_byline(head: str) -> bool:
    """A reporter byline ("记者 沈某某", "通讯员：X", "本报讯") opening a text: what a news item carries."""
    words = "|".join(map(re.escape, structure_lexicon().p["news_bylines"]))
    byline = rf"(?:^|[\s\u3000：:（(【\[])(?:{words})(?:[\s\u3000：:]*[\u4e00-\u9fff]{{2,4}}|[）)】\]])"
    return bool(re.search(byline, head, re.M))


def find_addressees(lines: list[Line]) -> list[tuple[int, int]]:
    """Addressee lines of a notice: a short line ending with a colon whose first recipient is "各…"."""
    out = []
    for ln in lines[:40]:
        t = ln.text
        if not re.search(r"[:：]$", t) or len(t) > 150 or re.search(r"[。；;！？]", t):
            continue
        items = [t[a:b].strip(WS) for a, b in split_top(t[:-1], "，,")]
        ends = tuple(structure_lexicon().org_suffixes + structure_lexicon().p["addressee_unit_ends"])
        if items and items[0].startswith("各") and all(2 <= len(x) <= 60 and x.endswith(ends) for x in items):
            out.append((ln.start, ln.end))
    return out


def find_meta(doc: DocText, hints: dict[str, str], has_tasks: bool) -> tuple[DocMeta, str]:
    """The document's metadata, and its subject: the body (联盟, 学会 …) its rosters and member lists are about,
    or "" when it names none. `hints` are the reader's metadata (title, date, issuer, source of a web page)."""
    text, lines = doc.text, doc.lines
    lex = structure_lexicon()
    title, title_idx = _find_title(lines, hints)
    doc_no = _find_doc_no(lines, title_idx)
    sig_issuer, sig_date = _signature(lines)
    labelled_issuer = hints.get("issuer", "")
    source = hints.get("source", "")
    for ln in lines[:30]:
        labelled_issuer = labelled_issuer or _labelled(ln.text, lex.p["meta_labels"]["issuer"]) or ""
        source = source or _labelled(ln.text, lex.p["meta_labels"]["source"]) or ""
    # A newspaper or news site in 来源 reports the news; it issues nothing (the news is then about its subject).
    doc_type = _doc_type(title, text, has_tasks, source)
    source_issuer = "" if is_media_source(source) or _is_bare_division(source) else source
    # the society or alliance a news title is about (X联盟正式成立) is its subject: it issues the news only when
    # it signs (then the signature or a 发布单位 label names it)
    title_issuer = _title_subject(title)
    if doc_type == DocType.NEWS and title_issuer.endswith(tuple(lex.p["membership_bodies"])):
        title_issuer = ""
    issuer = labelled_issuer or sig_issuer or source_issuer or title_issuer
    issuer_full = ""
    if sig_issuer and len(sig_issuer) > len(issuer):
        issuer_full = sig_issuer
    elif issuer and (issuer == sig_issuer or issuer == labelled_issuer) and len(issuer) >= 6:
        issuer_full = issuer
    date = _find_date(lines, hints, text, sig_date)
    if doc_type == DocType.NEWS:
        date = _event_date(text, date)
    province, city = find_region(title, issuer_full or issuer, doc_no, text)
    district = find_district(issuer_full or issuer, title, province, city) if city else ""
    meta = DocMeta(title=title, doc_no=doc_no, issuer=issuer_full or issuer, issuer_full=issuer_full, source=source,
                   date=date, province=province, city=city, district=district, type=doc_type)
    subject = _title_subject(title) or (issuer if issuer.endswith(("联盟", "学会", "协会", "商会", "联合会")) else "")
    return meta, subject
