"""`aikg migrate --to neo4j`: the seeds graph copied from the embedded store gives the same rows on Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from graph.falkor_store import FalkorStore
from graph.store import GraphStore
from queries import Registry
from tests.conftest import wipe_neo4j
from tests.queries.seed_rows import all_rows, seed_params


def _migrate(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--data", str(data), "migrate", "--to", "neo4j", "-q", "--batch", "50"]) == 0
    return capsys.readouterr().out


def test_migrating_the_seeds_copies_every_query_answer(
    neo4j_server_store: GraphStore, seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "kg"
    assert main(["--data", str(data), "ingest", "-q", str(seeds_dir)]) == 0
    wipe_neo4j(neo4j_server_store)
    try:
        out = _migrate(data, capsys)  # small batches: many windows and transactions
        source = FalkorStore.open(data)
        try:
            stats = source.stats()
            assert f"copied {stats.documents} document(s), {stats.nodes['Entity']} entities" in out
            assert neo4j_server_store.stats() == stats
            registry = Registry.load()
            params = seed_params(source)
            falkor = all_rows(registry, source, params)
        finally:
            source.close()
        neo = all_rows(registry, neo4j_server_store, params)
        assert {n: r for n, r in neo.items() if r != falkor[n]} == {}
        assert sum(1 for rows in neo.values() if rows) >= len(neo) - 1
        # Provenance came along: every relationship names its document and its evidence.
        missing = neo4j_server_store.read(
            "MATCH ()-[r]->() WHERE r.doc_id IS NULL OR (type(r) <> 'MENTIONS' AND type(r) <> 'DEFINES' "
            "AND r.evidence IS NULL) RETURN count(r)"
        ).rows
        assert missing == [[0]]

        _migrate(data, capsys)  # idempotent: a second run changes nothing
        assert neo4j_server_store.stats() == stats
        assert all_rows(registry, neo4j_server_store, params) == neo
    finally:
        wipe_neo4j(neo4j_server_store)
