"""Analytics benchmark on the synthetic graph (default 105 cities: ~107k entities, ~500k facts).

Times, cold (first call after a write) and warm (cached for the graph version): reading the snapshot, key players
(degree, PageRank, sampled betweenness), Louvain communities with bridges, the co-responsibility network, for the
whole graph and for one city; the city's profile and its offline report. Prints figures; asserts nothing.

    .venv/bin/python -m bench.analysis                          # builds the graph in a temporary folder
    .venv/bin/python -m bench.analysis --data /tmp/aikg-synth   # build once, reuse on later runs
    .venv/bin/python -m bench.analysis --cities 5               # a quick, smaller run
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis.service import Analysis
from bench.synthetic import generate
from graph import falkor_server
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from queries import Registry


def timed(label: str, fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    out = fn()
    print(f"  {label:<44}{time.perf_counter() - t0:>9.2f} s", flush=True)
    return out


def run(store: FalkorStore, city: str) -> None:
    stats = store.stats()
    entities = sum(n for label, n in stats.nodes.items() if label not in ("Entity", "Document"))
    print(f"graph: {entities} entities, {sum(stats.relationships.values())} relationships, "
          f"{stats.documents} documents, version {store.version()}")
    an = Analysis(Registry.load())
    print("whole graph, cold (first call for this graph version):")
    snap = timed("snapshot (read through internal saved queries)", lambda: an.snapshot(store))
    print(f"    {len(snap.nodes)} nodes, {len(snap.facts)} facts in the snapshot")
    players = timed("key players (degree, PageRank, betweenness)", lambda: an.key_players(store))
    print(f"    fact graph {players['nodes']} nodes / {players['edges']} edges; "
          f"betweenness sampled from k={players['betweenness_samples']} sources")
    comm = timed("Louvain communities + bridges", lambda: an.communities(store))
    print(f"    organisation network {comm['nodes']} nodes / {comm['edges']} edges; "
          f"{len(comm['communities'])} communities, modularity {comm['modularity']}")
    timed("co-responsibility network", lambda: an.co_responsibility(store))
    print("whole graph, warm (cached for this version):")
    timed("summary (all of the above)", lambda: an.summary(store))
    print(f"one city ({city}), cold:")
    timed("key players", lambda: an.key_players(store, city))
    timed("communities + bridges", lambda: an.communities(store, city))
    timed("profile (all sections)", lambda: an.profile(store, city))
    from viz.pages import report_html

    page = timed("offline report HTML (views inlined)", lambda: report_html(an, store, city))
    print(f"    report {len(page.encode('utf-8')) / 1e6:.1f} MB")
    print(f"one city ({city}), warm:")
    timed("profile", lambda: an.profile(store, city))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="keep the synthetic graph here (reused when built)")
    parser.add_argument("--cities", type=int, default=105)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aikg-bench-analysis-") as tmp:
        data = args.data or Path(tmp)
        marker = data / f"synthetic-{args.cities}.city"
        # Replaying a 100k-entity append-only file takes longer than the server's default start timeout.
        falkor_server._START_TIMEOUT_S = max(falkor_server._START_TIMEOUT_S, 180.0)
        server = FalkorServer(data)
        server.start()
        store = FalkorStore(server, graph_name=f"bench_analysis_{args.cities}")
        store.ensure_schema()
        try:
            if not marker.is_file():
                print(f"building the synthetic graph ({args.cities} cities)…", flush=True)
                probe = generate(store, cities=args.cities)
                marker.write_text(probe.city, encoding="utf-8")
            run(store, marker.read_text(encoding="utf-8").strip())
        finally:
            store.close()


if __name__ == "__main__":
    main()
