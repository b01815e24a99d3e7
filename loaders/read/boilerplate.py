"""Web boilerplate: lines and fragments dropped by the rules in `data/read/boilerplate.tsv` (breadcrumbs,
浏览次数, 字号, share/print buttons, disclaimers, "related" tails); 发布时间 / 来源 lines stay in the text and also
fill `meta`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.lang import DATA


@dataclass(frozen=True)
class _Rule:
    action: str  # drop | cut | tail | meta
    pattern: re.Pattern[str]
    key: str = ""


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules: list[_Rule] = []
    path = DATA / "read" / "boilerplate.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        action, _, pattern = line.partition("\t")
        key = ""
        if action.startswith("meta:"):
            action, key = "meta", action[5:]
        if action not in ("drop", "cut", "tail", "meta") or not pattern:
            raise ValueError(f"{path}:{number}: bad rule {line!r}")
        rules.append(_Rule(action, re.compile(pattern), key))
    return tuple(rules)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def strip_boilerplate(text: str) -> tuple[str, dict[str, str]]:
    """Drop navigation/noise lines and fragments; collect declared date/source/doc_no/issuer into meta.

    Rules match the t2s form of each line so one Simplified rule covers Traditional pages; the kept text
    is the original (normalisation happens later, with its own offset map).
    """
    rules = _rules()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # t2s keeps the character count, so the converted lines line up with the originals
    simple = _t2s().convert("\n".join(lines)).split("\n")
    if len(simple) != len(lines):  # pragma: no cover - OpenCC never touches newlines
        simple = lines
    meta: dict[str, str] = {}
    kept: list[str] = []
    tail_from = len(lines) * 2 // 3
    for index, (line, probe) in enumerate(zip(lines, simple, strict=True)):
        stripped = probe.strip()
        if not stripped:
            kept.append(line)
            continue
        for rule in rules:
            if rule.action != "meta" or rule.key in meta:
                continue
            match = rule.pattern.search(stripped)
            if match:
                value = match.group(1).strip()
                if rule.key == "date":
                    value = _iso_date(value)
                if value:
                    meta[rule.key] = value
        if any(r.action == "tail" and r.pattern.search(stripped) for r in rules) and index >= tail_from:
            break
        if any(r.action == "drop" and r.pattern.search(stripped) for r in rules):
            continue
        cut = _cut(line, probe, rules)
        if cut is None:
            continue
        kept.append(cut)
    return "\n".join(kept).strip("\n"), meta


def _cut(line: str, probe: str, rules: tuple[_Rule, ...]) -> str | None:
    """Remove `cut` fragments (found in the t2s probe, removed at the same positions of the original line)."""
    spans: list[tuple[int, int]] = []
    for rule in rules:
        if rule.action == "cut":
            spans.extend(m.span() for m in rule.pattern.finditer(probe) if m.end() > m.start())
    if not spans:
        return line
    keep = [True] * len(line)
    for start, end in spans:
        for i in range(start, min(end, len(line))):
            keep[i] = False
    out = "".join(ch for ch, k in zip(line, keep, strict=True) if k)
    return out if out.strip() else None


def _iso_date(value: str) -> str:
    match = _ISO_DATE.search(value)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"
