"""Lexicon patterns of the mention stage, compiled once: organisation suffixes, agency short forms with a level
prefix (市工信局), place-bound short forms, national bodies and place-bound agency patterns."""

from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Label
from loaders.lang import table, words


@lru_cache(maxsize=1)
def suffixes() -> tuple[tuple[str, Label], ...]:
    rows = [(r[0], Label(r[1])) for r in table("mentions/org_suffixes.tsv") if len(r) >= 2]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


@lru_cache(maxsize=1 << 16)  # pure, and asked of the same tokens and names again and again
def suffix_of(name: str) -> tuple[str, Label] | None:
    for suffix, label in suffixes():
        if name.endswith(suffix):
            return suffix, label
    return None


def without_body(name: str) -> str:
    """X有限公司董事局 → X有限公司: an organisation's name followed by a body of it (党组, 董事会…) that a title
    belongs to is the organisation; any other name is returned as it is."""
    for body in words("mentions/org_body_words.txt"):
        if len(name) > len(body) + 2 and name.endswith(body) and suffix_of(name[: -len(body)]):
            return name[: -len(body)]
    return name


@lru_cache(maxsize=1)
def _short_forms() -> str:
    """The agency short forms as one regex alternation, longest first."""
    shorts = sorted({r[0] for r in table("mentions/agency_abbrev.tsv")}, key=len, reverse=True)
    return "|".join(map(re.escape, shorts))


# 市人大四次会议, 市政协代表: a session or a delegate of the body, not the body acting
_NOT_A_SESSION = r"(?![一二三四五六七八九十\d]+次|会议|代表)"


@lru_cache(maxsize=1)
def abbrev_regex() -> re.Pattern[str]:
    alt = _short_forms()
    # 市工信局, 省工信厅, 市委人才办, 区政府; 省委 / 市委 alone (not 委员).
    prefix = r"(?<![\u4e00-\u9fff]{2}[市省区县])(?<![各全本该每])"  # not 杭州市|工信局 twice, not 各区政府
    return re.compile(rf"{prefix}(?P<lvl>[省市区县])(?P<party>委)?(?P<abbr>{alt}){_NOT_A_SESSION}"
                      rf"|(?P<lvl2>[省市区县])委(?![员会托])")


@lru_cache(maxsize=1)
def bare_abbrev_regex() -> re.Pattern[str]:
    """A short form written alone, ending where a list item ends (科技厅、 / 国资委等)."""
    alt = _short_forms()
    return re.compile(rf"(?P<abbr>{alt})(?=[、，,。；;和及等以]|$)")


@lru_cache(maxsize=1)
def placed_abbrev_regex() -> re.Pattern[str]:
    alt = _short_forms()
    return re.compile(rf"(?P<place>[\u4e00-\u9fff]{{2,8}}[市省区县])(?P<abbr>{alt}){_NOT_A_SESSION}")


@lru_cache(maxsize=1)
def national_regex() -> re.Pattern[str]:
    names = sorted({r[0] for r in table("mentions/national_agencies.tsv")}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@lru_cache(maxsize=1)
def pattern_regexes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r[0]) for r in table("mentions/agency_patterns.tsv"))


@lru_cache(maxsize=1)
def _agency_heads() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """(unit suffixes, national agency names, agency short forms): what `agency_unit` tests, read once."""
    nationals = frozenset(r[0] for r in table("mentions/national_agencies.tsv") if r[2] == Label.AGENCY.value)
    return (tuple(words("mentions/agency_unit_suffixes.txt")), nationals,
            tuple(r[0] for r in table("mentions/agency_abbrev.tsv")))


def agency_unit(name: str) -> bool:
    """省发展改革委高技术产业处, 市工信局软件处: an agency name, then the name of one of its units."""
    unit_suffixes, nationals, shorts = _agency_heads()
    if not name.endswith(unit_suffixes):
        return False
    for k in range(len(name) - 2, 1, -1):
        head = name[:k]
        hit = suffix_of(head)
        if hit is not None and hit[1] is Label.AGENCY or head.endswith(shorts) or head in nationals:
            return True
    return False
