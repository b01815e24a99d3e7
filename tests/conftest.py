"""Shared fixtures: one real embedded FalkorDB server per test session, and the Neo4j at NEO4J_URI.

`any_store` runs a test once per store. Its Neo4j half WIPES the database at NEO4J_URI /
NEO4J_DATABASE before and after each test: `make test` points it at a throw-away local Neo4j
(tools/neo4j-local); never point it at data you keep.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorServer]:
    server = FalkorServer(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def store(falkor_server: FalkorServer) -> Iterator[FalkorStore]:
    """A store on its own, empty graph of the session's server."""
    # A handle that did not start the server, so closing the store leaves it running.
    s = FalkorStore(FalkorServer(falkor_server.data_dir), graph_name=f"test_{uuid.uuid4().hex[:12]}")
    s.ensure_schema()
    yield s
    try:
        s._graph.delete()
    finally:
        s.close()  # does not stop the shared server: this store did not start it


@pytest.fixture(scope="session")
def neo4j_server_store() -> Iterator[GraphStore]:
    """One Neo4j connection for the session (the server is started around the suite by `make test`)."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI not set: `make test` starts a local Neo4j for the suite; or `make neo4j` and "
                    "export NEO4J_URI / NEO4J_PASSWORD (the database is wiped)")
    from graph.neo4j_store import Neo4jStore

    s = Neo4jStore.from_env()
    yield s
    s.close()


def wipe_neo4j(store: GraphStore) -> None:
    store._driver.execute_query("MATCH (n) DETACH DELETE n", database_=store.database)  # type: ignore[attr-defined]


@pytest.fixture(params=["falkordb", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """The same test on each store: a fresh embedded graph, or the emptied Neo4j database."""
    if request.param == "falkordb":
        yield request.getfixturevalue("store")
        return
    s: GraphStore = request.getfixturevalue("neo4j_server_store")
    wipe_neo4j(s)
    yield s
    wipe_neo4j(s)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (the shared/ folder sits beside the repo)")
    return SEEDS


def _store_processes_under(root: Path) -> list[int]:
    """PIDs of redis-server processes whose data dir (their working directory) lies under `root`."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            # redis-server rewrites its title ("redis-server unixsocket:…") and chdirs to --dir.
            title = (proc / "cmdline").read_bytes()
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if b"redis-server" in title and Path(cwd).is_relative_to(root):
            pids.append(int(proc.name))
    return pids


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """No store process may outlive the suite: fail the run if one does (and end it)."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or not Path("/proc").is_dir():
        return
    root = factory.getbasetemp()
    orphans = _store_processes_under(root)
    for pid in orphans:
        os.kill(pid, signal.SIGTERM)
    if orphans:
        print(f"\nFAILED: {len(orphans)} FalkorDB process(es) outlived the test suite: {orphans}")
        session.exitstatus = 1
