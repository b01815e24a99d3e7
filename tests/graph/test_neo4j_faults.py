"""A real Neo4j going wrong: not running, wrong password, wrong database, stopped mid-ingest.

The first three use the suite's server (NEO4J_URI); the crash test starts its own local Neo4j
(tools/neo4j-local) in a temporary folder, kills it in the middle of a batch and restarts it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from api.cli import main
from bench.write import synthetic
from graph.neo4j_store import Neo4jStore
from graph.rows import build_batches
from graph.store import GraphStore, StoreUnavailable
from tools.neo4j_local import JAR, LocalNeo4j, free_port


def _one_error_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    monkeypatch.setenv("AIKG_STORE", "neo4j")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["stats"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, f"expected one line, got: {err}"
    return err


def test_neo4j_not_running_is_one_line_naming_the_uri(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    err = _one_error_line(capsys, monkeypatch, NEO4J_URI=uri)
    assert f"NEO4J_URI={uri}" in err and "make neo4j" in err


def test_wrong_password_is_one_line(
    neo4j_server_store: GraphStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # One failed attempt only: Neo4j locks a user out for a while after three.
    err = _one_error_line(capsys, monkeypatch, NEO4J_PASSWORD="not-the-password")
    assert "refused user 'neo4j'" in err and "NEO4J_PASSWORD" in err and os.environ["NEO4J_URI"] in err


def test_wrong_database_is_one_line_naming_it(
    neo4j_server_store: GraphStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    err = _one_error_line(capsys, monkeypatch, NEO4J_DATABASE="nosuchdb")
    assert "'nosuchdb'" in err and "NEO4J_DATABASE" in err


# -- a crash in the middle of an ingest ------------------------------------------------------------
@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LocalNeo4j]:
    if not JAR.is_file():
        pytest.skip(f"{JAR} not built: `make neo4j-jar` (make test builds it)")
    server = LocalNeo4j(tmp_path / "neo4j", password="crash-test-password")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _rel_counts(store: Neo4jStore) -> dict[str, int]:
    rows = store.read("MATCH ()-[r]->() RETURN r.doc_id AS doc, count(r) AS n", row_cap=10_000).rows
    return dict(rows)  # type: ignore[arg-type]


def test_neo4j_stopped_mid_ingest_leaves_each_document_whole_or_absent(own_server: LocalNeo4j) -> None:
    # Few retries: the writer should give up soon after the crash instead of waiting 30 s.
    driver = GraphDatabase.driver(own_server.uri, auth=("neo4j", own_server.password), max_transaction_retry_time=1)
    store = Neo4jStore(driver, uri=own_server.uri)
    store.ensure_schema()
    docs = [synthetic(f"doc:crash{i:02d}", n_entities=1500, n_relations=6000, seed=i) for i in range(40)]
    expected = {}
    for ext in docs:
        batches = build_batches(ext)
        expected[batches.doc_id] = len(batches.mentioned_ids) + sum(len(rb.rows) for rb in batches.relations)
    written: list[str] = []
    failure: list[Exception] = []
    three_done = threading.Event()

    def ingest() -> None:
        try:
            for ext in docs:
                store.write(ext)
                written.append(ext.doc.id)
                if len(written) == 3:
                    three_done.set()
        except StoreUnavailable as exc:
            failure.append(exc)
        finally:
            three_done.set()

    writer = threading.Thread(target=ingest)
    writer.start()
    assert three_done.wait(300)
    own_server.kill()  # SIGKILL in the middle of the fourth (or a later) document's transaction
    writer.join(120)
    assert not writer.is_alive()
    assert failure and "NEO4J_URI" in str(failure[0]), "the write in flight must fail with a clear message"
    assert 3 <= len(written) < len(docs)

    own_server.start()  # same folder, same port: Neo4j recovers from its transaction log
    try:
        counts = _rel_counts(store)  # the same store object reconnects by itself
        assert {d.id for d in store.documents()} == set(counts)
        for doc_id in written:
            assert counts.get(doc_id) == expected[doc_id], f"{doc_id} was acknowledged but is not whole"
        for doc_id, n in counts.items():
            assert n == expected[doc_id], f"{doc_id} is half-written: {n} of {expected[doc_id]} relationships"
        assert len(counts) <= len(written) + 1  # at most the one in flight committed before the crash
        # And the store goes on working: the next document is written whole.
        store.write(docs[-1])
        assert _rel_counts(store)[docs[-1].doc.id] == expected[docs[-1].doc.id]
    finally:
        store.close()
