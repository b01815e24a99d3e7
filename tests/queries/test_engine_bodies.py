"""Every per-engine body of a saved query returns exactly what the portable body returns on the same graph:
the seeds and a small synthetic graph (bench/synthetic.py), under the defaults, the parameters the API
benchmark uses and the cases a shortcut could get wrong (a city's own agencies and those only its documents
name, small pages, no match)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.queries_api import synthetic_params
from bench.synthetic import Probe, generate
from graph.store import GraphStore
from queries import Registry
from queries.results import to_json
from tests.queries.seed_rows import _key, seed_params
from tests.queries.test_registry import _ingest, seed_extractions  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


# Queries that return one of several equally good answers (a shortest connection: any of the shortest paths,
# and the bodies differ in how they search): only the column that makes an answer good is compared.
_ANY_OF_SEVERAL = {"shortest-connection": "steps"}


def _variants(registry: Registry, engine: str) -> list[str]:
    return [q.name for q in registry.all() if engine in q.variants]


def _extra_params(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Parameters taken from the graph itself: its cities, an agency word, a task's name part."""
    cities = sorted({d.city for d in store.documents() if d.city})
    agency = store.read("MATCH (a:Agency) RETURN a.name ORDER BY a.name LIMIT 1").rows
    task = store.read("MATCH (t:Task) RETURN t.name ORDER BY t.name LIMIT 1").rows
    word = agency[0][0][-3:] if agency else "局"
    out: dict[str, list[dict[str, Any]]] = {
        "agency-tasks": [{"city": c} for c in cities[:2]] + [{"city": c[:2]} for c in cities[:1]]
        + [{"city": c, "agency": word} for c in cities[:2]] + [{"agency": word}, {"city": "不存在的城市"}],
        "task-agencies": [{"task": task[0][0][:3]}] if task else [],
        "entity-search": [{"q": word}, {"q": "局"}, {"q": "不存在的名字"}],
    }
    return out


def _assert_same(registry: Registry, store: GraphStore, params: dict[str, dict[str, Any]],
                 limit: int | None = None) -> int:
    """Compare every variant for this store's engine; returns how many (query, parameters) pairs ran."""
    compared = 0
    extra = _extra_params(store)
    for name in _variants(registry, store.name):
        query = registry.get(name)
        cases = [{}, params.get(name, {}), *extra.get(name, [])]
        if limit is not None and "limit" in {p.name for p in query.params}:
            cases = [{**case, "limit": limit} for case in cases]
        for given in cases:
            try:
                bound = registry.validate(name, given)
            except ValueError:
                continue  # a required parameter the graph gave no value for
            portable_result = store.read(query.cypher, bound, row_cap=100_000)
            portable, own = portable_result.rows, store.read(query.cypher_for(store.name), bound, row_cap=100_000).rows
            if name in _ANY_OF_SEVERAL:  # one of several equally good answers: compare what makes it good
                at = portable_result.columns.index(_ANY_OF_SEVERAL[name])
                portable, own = [[r[at]] for r in portable], [[r[at]] for r in own]
            # Rows tied on every ORDER BY key may come in either order: compare as sorted lists...
            assert sorted(map(_row_key, own)) == sorted(map(_row_key, portable)), (name, given)
            # ...and the order itself on the nodes each row names (ties only differ in relationships).
            assert [_nodes(r) for r in own] == [_nodes(r) for r in portable], (name, given)
            compared += 1
    return compared


def _row_key(row: list[Any]) -> str:
    return _key([to_json(cell) for cell in row])


def _nodes(row: list[Any]) -> list[str]:
    return [cell.id for cell in row if hasattr(cell, "labels")]


def test_engine_bodies_match_on_the_seeds(
    registry: Registry, any_store: GraphStore, seed_extractions: list  # noqa: F811
) -> None:  # type: ignore[type-arg]
    if not _variants(registry, any_store.name):
        pytest.skip(f"no saved query has a {any_store.name} body")
    _ingest(any_store, seed_extractions)
    assert _assert_same(registry, any_store, seed_params(any_store)) > 0


@pytest.mark.parametrize("limit", [1, 7, 60])
def test_engine_bodies_match_on_a_synthetic_graph(registry: Registry, any_store: GraphStore, limit: int) -> None:
    if not _variants(registry, any_store.name):
        pytest.skip(f"no saved query has a {any_store.name} body")
    probe: Probe = generate(any_store, cities=1, docs_per_city=2, progress=False)
    assert _assert_same(registry, any_store, synthetic_params(registry, any_store, probe), limit) > 0
