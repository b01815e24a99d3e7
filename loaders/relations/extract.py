"""Relations (stage 7): facts between resolved entities, each with its sentence, span, rule and confidence.

This module runs the rules in order and keeps the few that read the document as a whole: ISSUED_BY from the
document to its issuer, LOCATED_IN from the region table and the places entity names carry, and the parent
institutions of sub-units. The families of rules live beside it (see the package's docstring).

MENTIONS is the store's job.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from graph.model import Document, Label, Relation, RelType
from loaders.lang import regions
from loaders.mentions import MentionSet, RegionContext, Resolved, clean_name, region_in_name, suffix_of
from loaders.relations import builds, focus, roles, support
from loaders.relations.context import RelDoc
from loaders.structure import DocStructure


class RelationsOut(BaseModel):
    """The relations of one document, and the entities they end at that the text never names (places)."""

    relations: list[Relation]
    places: list[str]  # entity ids in `res.entities` that are places only (a named city's province)


def extract_relations(doc: Document, ms: MentionSet, res: Resolved, structure: DocStructure,
                      ctx: RegionContext) -> RelationsOut:
    d = RelDoc(doc, ms, res, ctx)
    # the order matters: rules add entities others look up (ISSUED_BY sets ctx.issuer, the fallback source of
    # SUPPORTS and ORGANIZES; roster organisations exist before sentence rules search by name), and the first
    # rule to produce a relation key keeps its evidence and confidence; builds_from_names runs after the sentences
    # because a builder the text names beats its guess from the platform's name
    _issued_by(d, structure)
    roles.responsible_for(d, structure)
    roles.leads_rosters(d, structure)
    roles.members(d, structure)
    support.event_rows(d, structure)
    for sent in ms.sentences:
        items = d.in_sentence(sent.index)
        if not items:
            continue
        roles.leads_phrases(d, sent, items)
        roles.works_for(d, sent, items)
        roles.member_of(d, sent, items)
        roles.founders(d, sent, items)
        support.supports(d, sent, items)
        builds.builds(d, sent, items)
        builds.builds_in_clause(d, sent, items)
        builds.builds_by(d, sent, items)
        builds.located_by_verb(d, sent, items)
        support.cooperates(d, sent, items)
        support.organizes(d, sent, items)
        focus.focuses(d, sent, items)
        focus.focuses_by_terms(d, sent, items)
    builds.builds_from_names(d)
    _parent_institutions(d)
    _located_in(d)
    return RelationsOut(relations=list(d.rels.values()), places=sorted(d.unnamed))


def _issued_by(d: RelDoc, structure: DocStructure) -> None:
    """The document's issuer: the issuer mention the structure found, else the issuer its metadata names."""
    eid = None
    sent = None
    for tm, e in d.res.mention_entity:
        if tm.mention.kind == "issuer":
            eid = e
            if d.ms.text[tm.mention.start : tm.mention.end] == tm.mention.text and d.ms.sentences:
                sent = d.ms.sentence_of(tm.mention.start)  # the line that names the issuer
            break
    if eid is None and structure.meta.issuer:
        eid = d.org_for_text(structure.meta.issuer)
    if eid is not None:
        d.ctx.issuer = d.entity(eid).name
        d.add(RelType.ISSUED_BY, d.doc.id, eid, sent, "issuer-meta", 0.95)


_SUB_UNIT = re.compile(
    r"^(?P<parent>.{2,16}?(?:科学院|大学))(?P<unit>[^（(]{2,16}(?:研究所|研究院|研究中心|学院|实验室))$")


def _parent_institutions(d: RelDoc) -> None:
    """X科学院智能制造研究所, X大学人工智能研究院: the academy / university the unit belongs to is an institution too
    (people keep leading the unit itself)."""
    for ent in list(d.res.entities.values()):
        if ent.type is not Label.INSTITUTION:
            continue
        m = _SUB_UNIT.match(ent.name)
        # 中国科学院X研究所: the national academies prefix every institute's own name; the academy is no party here
        if m and not m.group("parent").startswith("中国") and suffix_of(m.group("parent")) is not None:
            d.ensure(Label.INSTITUTION, m.group("parent"), f"parent of {ent.name}")


def _located_in(d: RelDoc) -> None:
    """Every region mentioned sits in its parent region; an organisation, platform or event sits in the city it
    was resolved to or the place its name opens with (杭州X中心)."""
    table_ = regions()
    for tm, eid in list(d.res.mention_entity):
        ent = d.entity(eid)
        sent = d.ms.sentences[tm.mention.sentence]
        region = tm.mention.region
        if region is not None:
            d.ensure_region(region, sent)
            continue
        if ent.type not in (Label.ENTERPRISE, Label.PLATFORM, Label.INSTITUTION, Label.EVENT):
            continue
        city = ent.props.get("city")
        place = table_.find(city) if isinstance(city, str) and city else None
        if place is None:
            place = region_in_name(clean_name(tm.mention.text), d.ctx.city or d.ctx.province)
        if place is not None and place.name != ent.name:
            d.add(RelType.LOCATED_IN, eid, d.ensure_region(place, sent), sent, "place-in-name", 0.8)
