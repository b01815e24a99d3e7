"""Resolution (stage 6): canonical names, relative names in the document's region, aliases, entity ids.

市工信局 in a Hangzhou plan is 杭州市工业和信息化局 (alias 市工信局); 省政协 in a Hubei report is 湖北省政协;
工信部 is 工业和信息化部. Short forms come from `data/agency_abbrev.tsv`, national bodies from
`data/national_agencies.tsv`, place-bound forms (杭州银保监分局) from `data/agency_patterns.tsv`.
The same short name in two regions gives two entities: ids are type + canonical name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, Field

from graph.model import Entity, Label, entity_id
from loaders.lang import Region, ordered_words, regions, table, words
from loaders.mentions.knowledge import suffix_of
from loaders.mentions.types import TypedMention, suffix_stem

_QUOTES = re.compile(r"[“”\"‘’「」『』]")
_SUB_BODIES = ("办公厅", "办公室", "秘书处")
_UNIVERSITY_AFTER = ("大学", "交大", "理工", "科大", "师大", "农大", "医科", "工大", "学院")


class RegionContext(BaseModel):
    """The document's own place and voice: what 省 / 市 / 我局 mean in it."""

    province: Region | None = None
    city: Region | None = None
    district: Region | None = None  # set for district-level documents: 区科技局 is this district's
    issuer: str = ""  # canonical issuer name

    @classmethod
    def from_meta(cls, province: str, city: str, district: str = "") -> RegionContext:
        table_ = regions()
        prov = table_.find(province) if province else None
        cty = table_.find(city, within=prov) if city else None
        if cty is not None and prov is None:
            prov = table_.find(cty.province)
        if cty is None and prov is not None and prov.city == prov.name:
            cty = prov  # 北京市: the municipality is the city too
        dist = table_.find(district, within=cty or prov) if district else None
        if dist is not None and dist.level != "district":
            dist = None
        return cls(province=prov, city=cty, district=dist)

    def level(self, prefix: str) -> Region | None:
        if prefix == "省":
            return self.province if self.province is not None and self.province.city != self.province.name else None
        if prefix == "市":
            return self.city
        if prefix in ("区", "县"):
            return self.district
        return None


class Resolved(BaseModel):
    """Entities of one document and, for every typed mention, the entity it names."""

    entities: dict[str, Entity] = Field(default_factory=dict)
    mention_entity: list[tuple[TypedMention, str]] = Field(default_factory=list)

    def at(self, start: int, end: int) -> str | None:
        for tm, eid in self.mention_entity:
            if tm.mention.start == start and tm.mention.end == end:
                return eid
        return None


@lru_cache(maxsize=1)
def _abbrevs() -> dict[str, tuple[str, Label]]:
    return {r[0]: (r[1], Label(r[2])) for r in table("mentions/agency_abbrev.tsv") if len(r) >= 3}


@lru_cache(maxsize=1)
def _nationals() -> dict[str, tuple[str, Label]]:
    return {r[0]: (r[1], Label(r[2])) for r in table("mentions/national_agencies.tsv") if len(r) >= 3}


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, Label], ...]:
    return tuple((re.compile(r[0]), r[1], Label(r[2])) for r in table("mentions/agency_patterns.tsv") if len(r) >= 3)


def _expand_tail(name: str) -> str:
    """杭州市工信局 → 杭州市工业和信息化局: a short form at the end of a name expands."""
    for short in sorted(_abbrevs(), key=len, reverse=True):
        if name.endswith(short) and len(name) > len(short):
            full = _abbrevs()[short][0]
            head = name[: -len(short)]
            if short == "政协" or head.endswith(full[: len(full) - len(short)] if full.endswith(short) else "\0"):
                return name
            overlap = next((k for k in range(len(full) - 1, 1, -1) if head.endswith(full[:k])), 0)
            return head[: len(head) - overlap] + full  # 市地方|金融监管局 → 地方 once
    return name


def canonical(name: str, label: Label, ctx: RegionContext) -> str:
    """The canonical form of a cleaned name of a known label."""
    if name in _nationals():
        return _nationals()[name][0]
    for rx, template, _ in _patterns():
        m = rx.fullmatch(name)
        if m:
            place = m.group("place")
            region = regions().find(place)
            if region is None:
                continue
            full = region.name if region else place
            capital = regions().capital(region.province) if region is not None and region.province else None
            seat = place if capital is not None and region is not None and capital.name == region.name else full
            return template.format(place=place, place_full=full, place_seat=seat)
    if label in (Label.AGENCY, Label.ALLIANCE, Label.ENTERPRISE, Label.PLATFORM, Label.INSTITUTION):
        rel = _relative(name, label, ctx)
        if rel is not None:
            return rel
    if label is Label.AGENCY:
        name = _expand_tail(name)
    if label is Label.PLATFORM:
        name = _strip_agency_prefix(name)
    if label is Label.ENTERPRISE:
        latin = re.fullmatch(r"([A-Za-z][A-Za-z0-9&]+)\s*公司", name)
        name = latin.group(1) if latin else name
    return _QUOTES.sub("", name)


def _relative(name: str, label: Label, ctx: RegionContext) -> str | None:
    """省X / 市X / 市委X / 省委: the level prefix becomes the document's province or city."""
    m = re.match(r"^(?P<lvl>[省市区县])(?P<party>委)?(?P<rest>.*)$", name)
    if not m:
        return None
    rest = m.group("rest")
    if m.group("lvl") in "区县" and (label is not Label.AGENCY or ctx.district is None):
        return None  # 区块链企业: only a district document's agencies are relative to the district
    known_short = not m.group("party") and rest in _abbrevs()  # 市市场监管局: the short form opens with 市
    if not known_short and rest[:1] in ("场", "级", "民", "区", "县", "州", "属", "内", "外", "市", "省"):
        return None
    region = ctx.level(m.group("lvl"))
    if region is None:
        return None
    if m.group("party"):
        tail = _abbrevs().get(rest, (rest, Label.AGENCY))[0] if rest else ""
        return f"中共{region.name}委{tail}"
    if known_short:
        return region.name + _abbrevs()[rest][0] if rest != "政协" else region.name + "政协"
    out = region.name + rest
    return _QUOTES.sub("", _expand_tail(out) if label is Label.AGENCY else out)


def _strip_agency_prefix(name: str) -> str:
    """科技部“语言计算”人工智能开放创新平台 → “语言计算”人工智能开放创新平台 (the ministry backs it, not names it)."""
    for short in sorted(_nationals(), key=len, reverse=True):
        if name.startswith(short) and len(name) - len(short) >= 4 and _nationals()[short][1] is Label.AGENCY:
            return name[len(short) :]
    return name


def region_in_name(name: str, within: Region | None) -> Region | None:
    """The place an organisation's name puts it in: a bracketed place first, else the most specific one."""
    best: Region | None = None
    for rm in regions().scan(name, within=within):
        after = name[rm.end : rm.end + 2]
        if after.startswith(_UNIVERSITY_AFTER):
            continue  # 浙江大学, 西湖交大: the place is part of a university's name, not where this is
        if name[max(0, rm.start - 1) : rm.start] in "(（" and name[rm.end : rm.end + 1] in ")）":
            return rm.region
        if best is None or _rank(rm.region) >= _rank(best):
            best = rm.region
    return best


def _rank(r: Region) -> int:
    return {"province": 0, "city": 1, "district": 2}[r.level]


def _short_city_prefix(name: str) -> tuple[Region, str] | None:
    """绍兴越秀集团 → (绍兴市, 越秀集团): a short city name before a group's own name."""
    for rm in regions().scan(name[:4]):
        if rm.start != 0 or rm.text == rm.region.name or rm.region.level == "province":
            continue
        rest = name[rm.end :]
        hit = suffix_of(rest)
        if hit and hit[0] in ("集团",) and len(suffix_stem(rest)) >= 2:
            return rm.region, rest
    return None


def resolve(typed: list[TypedMention], ctx: RegionContext, text: str = "") -> Resolved:
    out = Resolved()
    extra_aliases: dict[str, list[str]] = {}
    for i, tm in enumerate(typed):
        name = tm.name
        label = tm.label
        props: dict[str, str] = {"type_reason": tm.reason}
        if tm.mention.kind == "region" and tm.mention.region is not None:
            r = tm.mention.region
            name = r.name
            props.update({"level": r.level, "adcode": r.adcode, "province": r.province, "city": r.city})
        elif name in _SUB_BODIES:
            parent = _previous_agency(typed, i, out)
            if parent is None:
                continue
            name = parent + name
        elif name.startswith("各") and label is Label.AGENCY and _each_region(name, ctx) is not None:
            name = _each_region(name, ctx).name + name  # type: ignore[union-attr]
        else:
            if label is Label.ENTERPRISE:
                split = _short_city_prefix(name)
                if split is not None:
                    props["city"] = split[0].name
                    name = split[1]
            if label is Label.AGENCY and text:
                name = _distributed_suffix(name, text, tm.mention.end)
            signs = _second_sign(name) if label is Label.AGENCY else None
            if signs is not None:  # 市委组织部(市委人才办): one office with two signs
                name, other = signs
                extra_aliases.setdefault(canonical(name, label, ctx), []).extend(
                    [other, canonical(other, label, ctx)])
            name = canonical(name, label, ctx)
        eid = entity_id(label, name)
        ent = out.entities.get(eid)
        if ent is None:
            ent = Entity(id=eid, type=label, name=name, props=props)
            out.entities[eid] = ent
        alias = _QUOTES.sub("", tm.name) if tm.mention.kind != "region" else tm.mention.text
        for a in {tm.name, alias}:
            if a != ent.name and a not in ent.aliases:
                ent.aliases.append(a)
        out.mention_entity.append((tm, eid))
    for ent in out.entities.values():
        for a in extra_aliases.get(ent.name, []):
            if a != ent.name and a not in ent.aliases:
                ent.aliases.append(a)
    if text:
        add_short_forms(out, text)
        _merge_bracketed_signs(out, text)
    _merge_short_company_names(out)
    return out


_EACH_CITY = re.compile(r"^各(?:设区的?市|地级市|地市|市州|市（州）|市\(州\)|市|州)")


def _each_region(name: str, ctx: RegionContext) -> Region | None:
    """各设区市工信局 are the cities' bureaus of the province; 各街道办事处 are the district's, 各县区 the city's."""
    if _EACH_CITY.match(name) and ctx.province is not None and ctx.province.city != ctx.province.name:
        return ctx.province
    return ctx.district or ctx.city or ctx.province


_GOV_TAIL = re.compile(
    r"(?:、[\u4e00-\u9fff]{2,8}?[区县市旗])*、[\u4e00-\u9fff]{2,8}?[区县市旗](?P<tail>人民政府|政府|管委会)"
)


def _distributed_suffix(name: str, text: str, end: int) -> str:
    """包河区、蜀山区政府: a bare district in a list whose last member carries 政府 is that district's government."""
    if suffix_of(name) is not None or not name.endswith(("区", "县", "市", "旗")) or regions().find(name) is None:
        return name
    m = _GOV_TAIL.match(text, end)
    return name + m.group("tail") if m else name


def _second_sign(name: str) -> tuple[str, str] | None:
    """A(B) where B is an agency too: the office A, also known as B."""
    m = re.fullmatch(r"(?P<a>[^()]{2,30})\((?P<b>[^()]{2,20})\)", name)
    if not m:
        return None
    hit_a, hit_b = suffix_of(m.group("a")), suffix_of(m.group("b"))
    b_short = any(m.group("b").endswith(s) for s in _abbrevs())
    if (hit_a is None or hit_a[1] is not Label.AGENCY) and not any(m.group("a").endswith(s) for s in _abbrevs()):
        return None
    if (hit_b is None or hit_b[1] is not Label.AGENCY) and not b_short:
        return None
    return m.group("a"), m.group("b")


def _merge_bracketed_signs(out: Resolved, text: str) -> None:
    """重庆市大数据应用发展管理局（市大数据发展局）, 杭州市经济和信息化局（市数字经济局）: the bracketed agency is
    the same office under its short or second name, so its mentions join the first one's entity."""
    pairs = sorted(out.mention_entity, key=lambda x: x[0].mention.start)
    for (tm1, e1), (tm2, e2) in zip(pairs, pairs[1:], strict=False):
        if tm1.label is not Label.AGENCY or tm2.label is not Label.AGENCY or e1 == e2:
            continue
        if text[tm1.mention.end : tm2.mention.start] not in ("（", "(") or text[tm2.mention.end : tm2.mention.end + 1] \
                not in ("）", ")") or e2 not in out.entities or e1 not in out.entities:
            continue
        _merge_into(out, e2, e1)


def _merge_into(out: Resolved, gone_id: str, keep_id: str) -> None:
    """The entity `gone_id` is `keep_id` under another name: its names become aliases, its mentions move."""
    gone = out.entities.pop(gone_id)
    keep = out.entities[keep_id]
    for a in (gone.name, *gone.aliases):
        if a != keep.name and a not in keep.aliases:
            keep.aliases.append(a)
    out.mention_entity = [(tm, keep_id if eid == gone_id else eid) for tm, eid in out.mention_entity]


def _merge_short_company_names(out: Resolved) -> None:
    """国实集团, 机场集团, 极视角 beside 青岛国实科技集团有限公司, 青岛国际机场集团有限公司, 山东极视角科技股份有限公司:
    a short company name whose core (the name without its company-form word) sits in exactly one longer company
    name of the same document, followed there by the same form word, is that company."""
    forms = ordered_words("mentions/enterprise_form_words.txt")
    branches = tuple(words("mentions/branch_words.txt"))
    companies = [e for e in out.entities.values() if e.type is Label.ENTERPRISE]
    for short in companies:
        if len(short.name) > 8 or short.id not in out.entities:
            continue
        form = next((f for f in forms if short.name.endswith(f)), "")
        core = short.name[: len(short.name) - len(form)]
        if len(core) < 2:
            continue
        fits = [e for e in companies if e.id != short.id and e.id in out.entities and len(e.name) > len(short.name)
                and e.name.count(core) == 1 and form in e.name[e.name.index(core) + len(core) :]
                and not e.name.endswith(branches)]
        if len(fits) == 1:
            _merge_into(out, short.id, fits[0].id)


_SHORT_FORM = re.compile(r"\s*[（(](?:以下)?简称[“\"「]?(?P<short>[^”\"」）)]{1,12})[”\"」]?[）)]")


def add_short_forms(out: Resolved, text: str) -> None:
    """X（以下简称“联盟”）: the short form becomes an alias of X."""
    for tm, eid in out.mention_entity:
        m = _SHORT_FORM.match(text, tm.mention.end)
        if m:
            ent = out.entities[eid]
            short = m.group("short")
            if short != ent.name and short not in ent.aliases:
                ent.aliases.append(short)


def _previous_agency(typed: list[TypedMention], i: int, out: Resolved) -> str | None:
    sent = typed[i].mention.sentence
    for tm, eid in reversed(out.mention_entity):
        if tm.mention.sentence != sent:
            break
        if tm.label is Label.AGENCY and tm.mention.end <= typed[i].mention.start:
            return out.entities[eid].name
    return None
