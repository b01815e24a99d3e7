"""The region a document belongs to: province, city and, for a district's own organs, the district.

Decisions:
- A provincial document (我省, 省政协, a 省X厅 issuing a province-wide 工作要点 …) whose text names no city of
  its own gets the provincial capital as city, where the provincial organs sit (as the seed gold does);
  a municipality is its own province and city.
- A document issued by a district's organs (X区人民政府办公室, X区科技局) also gets `district`, so relative
  names (区科技局) resolve inside that district.
"""

from __future__ import annotations

import re
from collections import Counter

from loaders.lang import Region, regions
from loaders.structure.patterns import structure_lexicon


def find_region(title: str, issuer: str, doc_no: str, text: str) -> tuple[str, str]:
    lex = structure_lexicon()
    table = regions()
    votes: Counter[Region] = Counter()
    for m in table.scan(title):
        votes[m.region] += 5
    for m in table.scan(issuer):
        votes[m.region] += 5
    text_mentions = table.scan(text)
    head_regions = {x.region for x in table.scan(title)} | {x.region for x in table.scan(issuer)}
    for m in text_mentions:
        votes[m.region] += 1
    flat = re.sub(r"\s", "", text)
    city_refs = sum(flat.count(w) for w in lex.p["city_level_refs"])
    prov_refs = sum(flat.count(w) for w in lex.p["province_level_refs"])
    # Relative agency names (市工信局, 省科技厅) also tell the level of the document.
    city_refs += len(re.findall(r"(?<![\u4e00-\u9fff])市[\u4e00-\u9fff]{1,6}[局委办厅]", text))
    prov_refs += len(re.findall(r"(?<![\u4e00-\u9fff])省[\u4e00-\u9fff]{1,6}[局委办厅]", text))

    city_votes: Counter[str] = Counter()
    prov_votes: Counter[str] = Counter()
    for r, n in votes.items():
        if r.level == "province":
            prov_votes[r.name] += n
            if r.city:
                city_votes[r.city] += n
        else:
            prov_votes[r.province] += n / 2 if r.level == "city" else n / 4
            if r.city:
                city_votes[r.city] += n if r.level == "city" else n / 2
    m = re.match(r"^([\u4e00-\u9fff])", doc_no)
    if m and m.group(1) in lex.p["province_abbreviations"]:
        prov_votes[lex.p["province_abbreviations"][m.group(1)]] += 1
    if not prov_votes:
        return "", ""
    province = prov_votes.most_common(1)[0][0]
    prov_region = table.find(province)
    if prov_region is not None and prov_region.city == prov_region.name:
        return province, province  # a municipality
    in_prov = Counter({c: n for c, n in city_votes.items() if (table.find(c) or Region(
        name=c, level="city", adcode="", province="", city=c, short=c)).province == province})
    named_in_head = [r for r in votes if r.level != "province" and r in head_regions]
    if named_in_head:
        city = named_in_head[0].city or ""
        return (table.find(city).province if city and table.find(city) else province), city
    if city_refs > prov_refs and in_prov:
        city = in_prov.most_common(1)[0][0]
        return province, city
    if prov_refs >= city_refs and prov_refs > 0 and prov_region is not None:
        cap = table.capital(prov_region)
        return province, cap.name if cap else ""
    if in_prov:
        best, n = in_prov.most_common(1)[0]
        if n >= 3:
            return province, best
    return province, ""


def find_district(issuer: str, title: str, province: str, city: str) -> str:
    """The district whose organs issue the document (its name opens the issuer, else the title), or ""."""
    table = regions()
    within = table.find(city) if city else (table.find(province) if province else None)
    for head in (issuer, title):
        found = table.scan(head, within=within)
        k = 0  # 某市某区…: skip the regions written before the district, all adjacent from the start
        while k < len(found) and found[k].start == (found[k - 1].end if k else 0):
            if found[k].region.level == "district":
                break
            k += 1
        if k < len(found) and found[k].region.level == "district" and found[k].start == (found[k - 1].end if k else 0):
            rest = head[found[k].end :]
            if rest.startswith(tuple(structure_lexicon().p["district_organ_starts"])):
                return found[k].region.name
    return ""
