"""The two stores side by side on one synthetic graph (>= 100k entities, >= 500k relationships):
write throughput, p50/p99 of every saved query, and the time `aikg migrate --to neo4j` takes.

    .venv/bin/python -m bench.stores                 # the full graph (105 cities; tens of minutes)
    .venv/bin/python -m bench.stores --cities 2 --runs 3    # a quick run

Neo4j is a throw-away local server of tools/neo4j-local (`make neo4j-jar` builds it), started twice:
once for the ingest, once empty for the migration. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.queries_api import _pct, synthetic_params
from bench.synthetic import generate
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.migrate import migrate
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore, QueryRejected
from queries import Registry
from tools.neo4j_local import LocalNeo4j

PASSWORD = "bench-password-1"


def _neo4j(server: LocalNeo4j) -> Neo4jStore:
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(server.uri, auth=("neo4j", PASSWORD),
                                  notifications_disabled_classifications=["DEPRECATION", "UNRECOGNIZED"])
    store = Neo4jStore(driver, uri=server.uri)
    store.ensure_schema()
    return store


Timing = tuple[float, float, int, str]  # p50 ms, p99 ms, rows, note


def _time(run: Callable[[], int], runs: int) -> Timing:
    """One untimed run first (Neo4j plans a statement on first sight, as a server does once), then `runs`."""
    times: list[float] = []
    rows, note = 0, ""
    for i in range(runs + 1):
        t0 = time.perf_counter()
        try:
            rows = run()
        except QueryRejected as exc:
            note = str(exc)[:40]
        if i:
            times.append((time.perf_counter() - t0) * 1000)
        if (note or (times and times[-1] > 2000)) and len(times) >= 3:  # slow or failing: a few samples do
            break
    return (_pct(times, 0.5), _pct(times, 0.99), rows, note) if times else (0.0, 0.0, rows, note)


def time_queries(registry: Registry, store: GraphStore, params: dict[str, dict[str, Any]],
                 runs: int) -> dict[str, Timing]:
    """Every saved query through the registry, as the API runs it."""
    return {name: _time(lambda name=name: len(registry.run(store, name, params.get(name, {}),  # type: ignore[misc]
                                                           timeout_ms=30_000).rows), runs)
            for name in registry.names()}


def time_default_bodies(registry: Registry, store: GraphStore, params: dict[str, dict[str, Any]],
                        runs: int) -> dict[str, Timing]:
    """The portable body of each query that has its own body for this store: what the variant saves."""
    out = {}
    for query in registry.all():
        if store.name in query.variants:
            bound = registry.validate(query.name, params.get(query.name, {}))
            out[query.name] = _time(lambda c=query.cypher, b=bound: len(store.read(c, b, timeout_ms=30_000).rows),
                                    runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=105)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    registry = Registry.load()
    with tempfile.TemporaryDirectory(prefix="aikg-bench-stores-") as tmp:
        falkor_server = FalkorServer(Path(tmp) / "falkordb")
        falkor_server.start()
        neo_server = LocalNeo4j(Path(tmp) / "neo4j", password=PASSWORD)
        neo_server.start()
        falkor = FalkorStore(falkor_server)
        falkor.ensure_schema()
        neo = _neo4j(neo_server)
        try:
            written = {}
            for label, store in (("FalkorDB", falkor), ("Neo4j", neo)):
                print(f"writing the synthetic graph to {label} ...", flush=True)
                t0 = time.perf_counter()
                probe = generate(store, cities=args.cities, progress=True)
                written[label] = time.perf_counter() - t0
            stats = falkor.stats()
            rels = sum(stats.relationships.values())
            print(f"\ngraph: {probe.documents} documents, {stats.nodes.get('Entity', 0)} entities, {rels} relationships"
                  f" ({probe.relations} facts + MENTIONS/DEFINES)")
            assert neo.stats() == stats, "the two stores hold different graphs"
            print(f"\n{'write (store.write per document)':<34}{'FalkorDB':>14}{'Neo4j':>14}")
            print(f"  {'seconds':<32}{written['FalkorDB']:>14.1f}{written['Neo4j']:>14.1f}")
            print(f"  {'relationships/s':<32}{rels / written['FalkorDB']:>14.0f}{rels / written['Neo4j']:>14.0f}")
            print(f"  {'documents/s':<32}{probe.documents / written['FalkorDB']:>14.2f}"
                  f"{probe.documents / written['Neo4j']:>14.2f}")

            params = synthetic_params(registry, falkor, probe)  # type: ignore[arg-type]
            results = {label: time_queries(registry, store, params, args.runs)
                       for label, store in (("FalkorDB", falkor), ("Neo4j", neo))}
            plain = {label: time_default_bodies(registry, store, params, args.runs)
                     for label, store in (("FalkorDB", falkor), ("Neo4j", neo))}
            print(f"\n{'saved query (ms)':<24}{'FalkorDB p50':>13}{'p99':>8}{'rows':>6}"
                  f"{'Neo4j p50':>12}{'p99':>8}{'rows':>6}")
            for name in registry.names():
                f50, f99, frows, fnote = results["FalkorDB"][name]
                n50, n99, nrows, nnote = results["Neo4j"][name]
                note = "  " + (fnote or nnote) if fnote or nnote else ""
                print(f"  {name:<22}{f50:>13.1f}{f99:>8.1f}{frows:>6}{n50:>12.1f}{n99:>8.1f}{nrows:>6}{note}")
            print("\nengine bodies against the portable body (ms; same parameters)")
            for label, timings in plain.items():
                for name, (p50, p99, rows, _) in timings.items():
                    own = results[label][name]
                    print(f"  {label:<9}{name:<22} own body p50 {own[0]:>7.1f} p99 {own[1]:>7.1f}   "
                          f"portable p50 {p50:>7.1f} p99 {p99:>7.1f}  rows {own[2]}/{rows}")
        finally:
            neo.close()
            neo_server.stop()

        # The migration into an empty Neo4j.
        empty = LocalNeo4j(Path(tmp) / "neo4j-migrated", password=PASSWORD)
        empty.start()
        target = _neo4j(empty)
        try:
            t0 = time.perf_counter()
            copied = migrate(falkor, target)
            took = time.perf_counter() - t0
            same = target.stats() == stats
            print(f"\nmigrate FalkorDB -> Neo4j: {took:.1f} s for {copied.documents} documents, {copied.entities} "
                  f"entities, {copied.relationships} relationships ({copied.relationships / took:.0f} rel/s); "
                  f"counts {'identical' if same else 'DIFFER'}")
        finally:
            target.close()
            empty.stop()
            falkor.close()
            falkor_server.stop()


if __name__ == "__main__":
    main()
