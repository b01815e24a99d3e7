"""What every relation rule reads: the document's sentences with the resolved mentions of each, entity lookup
and creation, and the small position helpers the sentence patterns share.

RelDoc also finds anaphors (该公司 / 这一创新中心) and files them as mentions of the organisation they point back
to, so every family of rules sees them like a name.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from graph.model import Document, Entity, Label, Relation, RelType, entity_id
from loaders.lang import Region, regions
from loaders.mentions import (
    Mention,
    MentionSet,
    RegionContext,
    Resolved,
    affiliation_name,
    agency_unit,
    canonical,
    clean_name,
    suffix_of,
    suffixes,
)
from loaders.segment import Sentence

# the kinds of organisation: what can lead, build, support, cooperate or be referred back to
ORGS = (Label.AGENCY, Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.INSTITUTION)

# 该公司 / 这家企业 refer back to the last enterprise, whatever kind of name it has
_COMPANY_NOUNS = ("公司", "企业", "集团")


@lru_cache(maxsize=1)
def _anaphor_regex() -> re.Pattern[str]:
    nouns = sorted({suf for suf, lab in suffixes() if lab in ORGS and len(suf) >= 2} | set(_COMPANY_NOUNS),
                   key=len, reverse=True)
    return re.compile(r"(?:这一|这个|这家|这所|该|此)(?P<noun>" + "|".join(map(re.escape, nouns)) + ")")


# (mention, entity id, label): one resolved mention as the rules see it, ordered by position in a sentence
Item = tuple[Mention, str, Label]


class RelDoc:
    """What the relation rules read: sentences, resolved mentions per sentence, entity lookup."""

    def __init__(self, doc: Document, ms: MentionSet, res: Resolved, ctx: RegionContext) -> None:
        self.doc, self.ms, self.res, self.ctx = doc, ms, res, ctx
        self.anaphors: dict[tuple[str, int], str] = {}
        self.by_sentence: dict[int, list[Item]] = {}
        for tm, eid in res.mention_entity:
            self.by_sentence.setdefault(tm.mention.sentence, []).append((tm.mention, eid, tm.label))
        self._add_anaphors()
        for lst in self.by_sentence.values():
            lst.sort(key=lambda x: x[0].start)
        self.rels: dict[str, Relation] = {}
        # indexes kept up to date by `ensure` (the only writer of entities in this stage), so lookups by name
        # and the membership bodies named in the text cost no scan over all entities
        self._order: dict[str, int] = {}
        self._by_name: dict[str, str] = {}
        self._bodies: set[tuple[str, str]] = set()
        self._found_at: dict[str, list[int]] = {}
        # entities this stage created that the text never names (a named city's province): places, not mentions
        self.unnamed: set[str] = set()
        for ent in res.entities.values():
            self._index(ent, (ent.name, *ent.aliases))

    def _index(self, ent: Entity, names: Iterable[str]) -> None:
        """Index new names of ent: the first entity (in the order of entities) holding a name keeps it."""
        order = self._order.setdefault(ent.id, len(self._order))
        for name in names:
            held = self._by_name.get(name)
            if held is None or self._order[held] > order:
                self._by_name[name] = ent.id
            if ent.type is Label.ALLIANCE and len(name) >= 4:
                self._bodies.add((ent.id, name))

    def _add_anaphors(self) -> None:
        """这一创新中心 / 该公司: a mention of the last organisation named before with that kind of name."""
        named = sorted(((tm.mention, eid, tm.label) for tm, eid in self.res.mention_entity if tm.label in ORGS),
                       key=lambda x: x[0].start)
        starts = [m.start for m, _, _ in named]
        reach = list(itertools.accumulate((m.end for m, _, _ in named), max))  # furthest end so far
        by_noun: dict[str, tuple[list[int], list[Item]]] = {}
        for am in _anaphor_regex().finditer(self.ms.text):
            k = bisect.bisect_right(starts, am.start())
            if k and reach[k - 1] > am.start():
                continue  # inside a name
            noun = am.group("noun")
            if noun not in by_noun:
                fits = [it for it in named if self._refers(noun, it)]
                by_noun[noun] = ([m.start for m, _, _ in fits], fits)
            fit_starts, fits = by_noun[noun]
            k = bisect.bisect_left(fit_starts, am.start())
            if not k:
                continue
            ref = fits[k - 1]
            sent = self.ms.sentence_of(am.start())
            mention = Mention(text=am.group(0), start=am.start(), end=am.end(), sentence=sent.index, kind="org",
                              rule="anaphor")
            self.by_sentence.setdefault(sent.index, []).append((mention, ref[1], ref[2]))
            self.anaphors[am.group(0), am.start()] = ref[1]

    def _refers(self, noun: str, item: Item) -> bool:
        """Can an anaphor with this noun (该公司, 这一中心) point back to item?"""
        if noun in _COMPANY_NOUNS:
            return item[2] is Label.ENTERPRISE
        return self.entity(item[1]).name.endswith(noun)

    def anaphor_at(self, text: str, start: int, end: int) -> str | None:
        """The organisation an anaphor (该公司) written in [start, end) refers to."""
        at = self.ms.text.find(text, start, end) if text else -1
        return self.anaphors.get((text, at))

    def entity(self, eid: str) -> Entity:
        return self.res.entities[eid]

    def add(self, rtype: RelType, source: str, target: str, sent: Sentence | None, rule: str, conf: float,
            role: str = "") -> None:
        if source == target:
            return
        props = {"role": role} if role else {}
        rel = Relation(type=rtype, source=source, target=target, props=props, rule=rule, confidence=conf,
                       evidence=sent.text if sent else "", span=(sent.start, sent.end) if sent else (0, 0))
        self.rels.setdefault(rel.key(), rel)

    def ensure(self, label: Label, name: str, reason: str, aliases: Iterable[str] = (), *, named: bool = True) -> str:
        """The entity of this label and name, created when new; `named=False` when the text does not name it."""
        eid = entity_id(label, name)
        ent = self.res.entities.get(eid)
        if ent is None:
            ent = Entity(id=eid, type=label, name=name, props={"type_reason": reason})
            self.res.entities[eid] = ent
            self._index(ent, (name,))
            if not named:
                self.unnamed.add(eid)
        elif named:
            self.unnamed.discard(eid)
        for a in aliases:
            if a and a != name and a not in ent.aliases:
                ent.aliases.append(a)
                self._index(ent, (a,))
        return eid

    def ensure_region(self, r: Region, sent: Sentence | None = None, *, named: bool = True) -> str:
        """The region's entity, placed in its parent region from the region table. A province the text does not
        name (长春 → 吉林省) is only the end of that LOCATED_IN: a place, not a mention of this document."""
        label = Label.DISTRICT if r.level == "district" else Label.CITY
        if r.level == "province" and r.city != r.name:
            label = Label.PROVINCE
        eid = self.ensure(label, r.name, f"region level {r.level}", [r.short], named=named)
        self.res.entities[eid].props.update({"level": r.level, "adcode": r.adcode, "province": r.province,
                                             "city": r.city})
        parent = _parent(r)
        named_parent = parent is not None and (parent.level == "province" and parent.city != parent.name
                                               or entity_id(Label.CITY, parent.name) in self.res.entities
                                               or entity_id(Label.DISTRICT, parent.name) in self.res.entities)
        if parent is not None and named_parent and not (label is Label.CITY and parent.city == parent.name):
            self.add(RelType.LOCATED_IN, eid, self.ensure_region(parent, sent, named=False), sent, "region-table",
                     0.95)
        return eid

    def find_by_name(self, text: str) -> str | None:
        return self._by_name.get(clean_name(text))

    def org_for_text(self, text: str) -> str | None:
        """An organisation named as written (roster affiliation): known entity, or a new one typed by suffix."""
        if not text:
            return None
        found = self.find_by_name(text)
        if found:
            return found
        name = affiliation_name(text)
        found = self.find_by_name(name)
        if found:
            return found
        hit = suffix_of(name)
        label = hit[1] if hit and hit[1] in ORGS else Label.AGENCY if agency_unit(name) else Label.ENTERPRISE
        canon = canonical(name, label, self.ctx)
        found = self.find_by_name(canon)
        return found or self.ensure(label, canon, "named in a roster", [name])

    def body_before(self, pos: int, kind: str = "") -> str | None:
        """The membership body (联盟, 学会, 协会) named last before `pos`, else the first one named after it; with
        `kind`, one whose name ends with it (联盟理事长 is the alliance's). A name counts wherever it is written,
        inside an event's name too (X学会成立大会)."""
        named: list[tuple[int, str]] = []
        for eid, name in self._bodies:
            if kind and not self.entity(eid).name.endswith(kind):
                continue
            found = self._occurrences(name)
            if found:
                last = bisect.bisect_right(found, pos - len(name)) - 1  # the last one ending by pos
                named.append((found[last] if last >= 0 else found[0], eid))
        before = [x for x in named if x[0] < pos]
        if before:
            return max(before)[1]
        return min(named)[1] if named else None

    def _occurrences(self, name: str) -> list[int]:
        """Where name is written in the text (overlapping occurrences too), found once per name."""
        found = self._found_at.get(name)
        if found is None:
            text, found, at = self.ms.text, [], self.ms.text.find(name)
            while at >= 0:
                found.append(at)
                at = text.find(name, at + 1)
            self._found_at[name] = found
        return found

    def in_sentence(self, idx: int) -> list[Item]:
        return self.by_sentence.get(idx, [])


def sentence_at(ms: MentionSet, start: int, end: int) -> Sentence:
    """The sentence at start; a span that runs past it (a table row, a roster line) becomes its own evidence."""
    s = ms.sentence_of(start)
    if s.end >= end:
        return s
    return Sentence(index=s.index, start=start, end=end, text=ms.text[start:end])


def listed_before(d: RelDoc, items: list[Item], pos: int, tail: re.Pattern[str]) -> list[str]:
    """The organisations of the list that ends just before `pos`, first to last (A、B、C等 / A、B分别): the text
    between the last of them and `pos` must be empty or match `tail`."""
    text = d.ms.text
    orgs = [it for it in items if it[2] in ORGS and it[0].end <= pos]
    if not orgs:
        return []
    last = orgs[-1]
    gap = text[last[0].end : pos]
    if gap and not tail.fullmatch(gap):
        return []
    out = [last[1]]
    for prev, cur in zip(reversed(orgs[:-1]), reversed(orgs[1:]), strict=True):
        if text[prev[0].end : cur[0].start].strip(" \u3000") not in ("、", "，", ",", "和", "及", "与"):
            break
        out.append(prev[1])
    return out[::-1]


def first_after(items: list[Item], pos: int, labels: Iterable[Label], limit: int = 10_000) -> Item | None:
    """The first item of those labels at or after pos, at most limit characters on."""
    labels = tuple(labels)
    for it in items:
        if it[0].start >= pos and it[2] in labels and it[0].start - pos <= limit:
            return it
    return None


def clause_end(text: str, start: int, limit: int) -> int:
    """Where the clause that holds start ends: the next comma, full stop or semicolon, else limit."""
    m = re.compile(r"[，,。；;]").search(text, start, limit)
    return m.start() if m else limit


def _parent(r: Region) -> Region | None:
    """The region one level up (district → city → province), None at the top."""
    table_ = regions()
    if r.adcode:
        parent = table_.parent(r)
        return parent if parent is not None and parent.name != r.name else None
    if r.city and r.city != r.name:
        return table_.find(r.city, within=table_.find(r.province))
    return table_.find(r.province) if r.province and r.province != r.name else None
