"""Stores for the analysis tests: the hand-made sample graph (plus an empty district) and the seeds."""

from __future__ import annotations

import pytest

from graph.falkor_store import FalkorStore
from graph.model import Document, Entity, Extraction, Label, Relation, RelType, entity_id
from tests.queries import sample_graph as g
from tests.queries.test_registry import seed_extractions  # noqa: F401  (the module-scoped fixture)

EMPTY_DISTRICT = entity_id(Label.DISTRICT, "西山区")
EXTRA_DOC = "doc:00000000000000c3"


def empty_district_note() -> Extraction:
    """A 青石 note naming 西山区 (in 青石市) and nothing about it: a region with no data of its own."""
    doc = Document(id=EXTRA_DOC, title="青石市区划说明", city="青石市", province="云岭省", date="2024-06-01")
    text = "青石市西山区"
    return Extraction(doc=doc, text=text, entities=[
        Entity(id=EMPTY_DISTRICT, type=Label.DISTRICT, name="西山区"),
        Entity(id=g.QS_CITY, type=Label.CITY, name="青石市"),
    ], relations=[Relation(type=RelType.LOCATED_IN, source=EMPTY_DISTRICT, target=g.QS_CITY, evidence=text,
                           span=(0, len(text)))])


@pytest.fixture
def sample_store(store: FalkorStore) -> FalkorStore:
    for extraction in [*g.sample_extractions(), empty_district_note()]:
        store.write(extraction)
    return store


@pytest.fixture
def seeds_store(store: FalkorStore, seed_extractions: list[Extraction]) -> FalkorStore:  # noqa: F811
    for extraction in seed_extractions:
        store.write(extraction)
    return store
