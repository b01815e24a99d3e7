"""The section tree of a plan: 一、 / （一） / 1. / 专栏 boxes / （1） headings and where each section ends."""

from __future__ import annotations

import re

from pydantic import BaseModel

from loaders.segment import DocText
from loaders.structure.patterns import OPEN, squeeze


class Section(BaseModel):
    level: int  # 1 = 一、 2 = （一） 3 = 1. 4 = 专栏 box (sits under 2, holds 3) 5 = （1）
    marker: str  # "一、", "（三）", "2.", "专栏4"
    heading: str  # the heading text without the marker
    start: int  # offsets in the normalised text: heading start … section end
    end: int


_CN_NUM = "一二三四五六七八九十"
_L1 = re.compile(rf"^([{_CN_NUM}]+)\s*[、.．，]\s*(\S.*)$")
_L1_BARE = re.compile(rf"^([{_CN_NUM}]{{1,3}})([\u4e00-\u9fff][^，。；：,;:]{{1,19}})$")
_L1_CHAPTER = re.compile(rf"^(第[{_CN_NUM}百]+[章部分篇])\s*(\S.*)$")
_L2 = re.compile(rf"^[（(]\s*([{_CN_NUM}]+)\s*[）)]\s*(\S.*)$")
_L3 = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(\S.*)$")
_L5 = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(\S.*)$")
_BOX = re.compile(rf"^(专栏\s*[\d{_CN_NUM}]+)\s*[:：.．、]?\s*(.*)$")
# "一是…", "一批…": numerals that start ordinary words, not headings.
_NOT_HEADING_NEXT = set("是要批些个方定直体起般致道样同切带流线级等把年月日次")
RANK = {1: 1.0, 2: 2.0, 4: 2.5, 3: 3.0, 5: 4.0}


def heading_text(body: str) -> str:
    cut = len(body)
    for ch in "。；;":
        i = body.find(ch)
        if i != -1:
            cut = min(cut, i)
    head = body[:cut]
    for i, c in enumerate(head):  # a 责任单位 bracket on the heading line is no part of the heading
        if c in OPEN and re.match(r"[（(]\s*(责任|牵头|配合)", head[i:]):
            head = head[:i]
            break
    return squeeze(head).rstrip("：:，, ")[:80]


def find_sections(doc: DocText) -> list[Section]:
    text, lines = doc.text, doc.lines
    found: list[tuple[int, str, str, int]] = []  # level, marker, heading, start
    for ln in lines:
        t = ln.text
        m = _BOX.match(t)
        if m:
            found.append((4, re.sub(r"\s", "", m.group(1)), heading_text(m.group(2)), ln.start))
            continue
        m = _L1_CHAPTER.match(t) or _L1.match(t)
        if m and m.group(2)[0] not in _NOT_HEADING_NEXT:
            marker = m.group(1) if m.re is _L1_CHAPTER else m.group(1) + "、"
            found.append((1, marker, heading_text(m.group(2)), ln.start))
            continue
        m = _L1_BARE.match(t)
        if m and m.group(2)[0] not in _NOT_HEADING_NEXT:
            found.append((1, m.group(1) + "、", heading_text(m.group(2)), ln.start))
            continue
        m = _L2.match(t)
        if m:
            found.append((2, f"（{m.group(1)}）", heading_text(m.group(2)), ln.start))
            continue
        m = _L5.match(t)
        if m:
            found.append((5, f"（{m.group(1)}）", heading_text(m.group(2)), ln.start))
            continue
        m = _L3.match(t)
        if m:
            found.append((3, m.group(1) + ".", heading_text(m.group(2)), ln.start))
    out = []
    for i, (level, marker, heading, start) in enumerate(found):
        end = len(text)
        for level2, _, _, start2 in found[i + 1 :]:
            if RANK[level2] <= RANK[level]:
                end = start2
                break
        out.append(Section(level=level, marker=marker, heading=heading, start=start, end=end))
    return out
