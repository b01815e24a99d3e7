"""API benchmark: saved-query latency (p50/p99) on the seeds and on a synthetic 100k-entity graph,
requests per second with 16 concurrent clients over loopback, and view generation time for 500 nodes.

    .venv/bin/python -m bench.queries_api                 # everything (~ a few minutes; builds the synthetic graph)
    .venv/bin/python -m bench.queries_api --cities 10     # a quick, smaller run
    .venv/bin/python -m bench.queries_api --data /tmp/aikg-synth   # keep the synthetic graph; later runs reuse it

Targets (for the record): p99 < 50 ms for list queries at 100k entities; a 500-node view < 300 ms.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from bench.synthetic import Probe, generate
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.model import GraphEdge, GraphNode, Subgraph
from graph.store import GraphStore
from queries import Registry

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# Filtered lookups a user pages through: the p99 < 50 ms target applies to these.
LIST_QUERIES = {"agency-tasks", "task-agencies", "enterprise-platforms", "organisation-leaders", "located-in",
                "entity-documents", "district-domains", "alliance-members", "relationship-evidence",
                "entity-search", "entity-detail"}
# The p50 ms the issue measured at 100k entities (issue 10, before indexes and per-engine bodies).
ISSUE_P50 = {"agency-tasks": 128, "task-agencies": 71, "enterprise-platforms": 63, "organisation-leaders": 58,
             "located-in": 56, "entity-search": 86}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def time_queries(client: TestClient, params: dict[str, dict[str, Any]], runs: int) -> list[dict[str, Any]]:
    out = []
    for name, p in params.items():
        # The first run of a query text is cold (FalkorDB plans it and caches the plan): shown on its own, so
        # p50 / p99 describe a server that has answered the query before.
        t0 = time.perf_counter()
        client.get(f"/queries/{name}", params=p)
        first = (time.perf_counter() - t0) * 1000
        times, status, rows = [], 0, 0
        for _ in range(runs):
            t0 = time.perf_counter()
            res = client.get(f"/queries/{name}", params=p)
            times.append((time.perf_counter() - t0) * 1000)
            status = res.status_code
            rows = len(res.json().get("rows", [])) if status == 200 else 0
            if status != 200 or times[-1] > 2000:  # a slow or failing query: a few samples are enough
                if len(times) >= 3:
                    break
        out.append({"query": name, "first": first, "p50": _pct(times, 0.5), "p99": _pct(times, 0.99),
                    "n": len(times), "rows": rows, "status": status})
    return out


def print_table(title: str, results: list[dict[str, Any]], old_p50: dict[str, float] | None = None) -> None:
    """One line per query; with `old_p50`, the earlier figure beside the new p50 (list queries first)."""
    print(f"\n{title}")
    old = "  old p50" if old_p50 is not None else ""
    print(f"  {'query':<24}{'1st ms':>9}{'p50 ms':>9}{'p99 ms':>9}{old}{'runs':>6}{'rows':>7}  status  list p99<50ms?")
    for r in sorted(results, key=lambda r: r["query"] not in LIST_QUERIES):
        target = ("yes" if r["p99"] < 50 else "NO") if r["query"] in LIST_QUERIES else "-"
        before = f"{old_p50[r['query']]:>9.0f}" if old_p50 and r["query"] in old_p50 else " " * len(old)
        figures = f"{r['first']:>9.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}{before}{r['n']:>6}{r['rows']:>7}"
        print(f"  {r['query']:<24}{figures}  {r['status']:<6}  {target}")


def seeds_params(registry: Registry, store: FalkorStore) -> dict[str, dict[str, Any]]:
    nodes = registry.run(store, "export-nodes", {"to_id": 200}).rows
    ent = next(r[0] for r in nodes if "Entity" in r[0]["labels"])
    eid = ent["id"]
    return {
        "agency-tasks": {}, "task-agencies": {}, "enterprise-platforms": {}, "organisation-leaders": {},
        "located-in": {"region": "苏州市"}, "entity-neighbourhood": {"id": eid, "depth": 2},
        "shortest-connection": {"source": eid, "target": nodes[-1][0]["id"]}, "entity-documents": {"id": eid},
        "agency-ranking": {}, "district-domains": {}, "agency-across-cities": {"agency": "局"},
        "alliance-members": {}, "relationship-evidence": {"source": eid, "target": eid},
        "entity-search": {"q": ent["props"]["name"][:2]}, "entity-detail": {"id": eid}, "export-nodes": {},
        "export-edges": {}, "export-bounds": {}, **_document_params(store),
    }


def synthetic_params(registry: Registry, store: FalkorStore, probe: Probe) -> dict[str, dict[str, Any]]:
    tasks = registry.run(store, "agency-tasks", {"agency": probe.agency_id.split(":", 1)[1], "limit": 1}).rows
    task_id = tasks[0][2] if tasks else probe.enterprise_id  # columns: agency_id, agency, task_id, …
    builders = registry.run(store, "enterprise-platforms", {"limit": 1}).rows
    builder = builders[0][1] if builders else probe.enterprise_fragment  # builder_id, builder, …
    return {
        "agency-tasks": {"agency": probe.agency_kind, "city": probe.city},
        "task-agencies": {"task": probe.task_fragment},
        "enterprise-platforms": {"org": builder},
        "organisation-leaders": {"org": probe.alliance_fragment},
        "located-in": {"region": probe.district},
        "entity-neighbourhood": {"id": probe.enterprise_id, "depth": 2},
        "shortest-connection": {"source": probe.person_id, "target": probe.agency_id},
        "entity-documents": {"id": probe.agency_id},
        "agency-ranking": {},
        "district-domains": {"city": probe.city},
        "agency-across-cities": {"agency": probe.agency_kind},
        "alliance-members": {"alliance": probe.alliance_fragment},
        "relationship-evidence": {"source": probe.agency_id, "target": task_id},
        "entity-search": {"q": probe.enterprise_fragment},
        "entity-detail": {"id": probe.agency_id},
        "export-nodes": {"from_id": 100000, "to_id": 105000},  # one page of an export, deep in the graph
        "export-edges": {"from_id": 80000, "to_id": 82000},
        "export-bounds": {},
        **_document_params(store),
    }


def _document_params(store: GraphStore) -> dict[str, dict[str, Any]]:
    """The document page's queries, on the first stored document."""
    doc = next((d.id for d in store.documents()), "")
    return {"document-text": {"id": doc}, "document-facts": {"id": doc}} if doc else {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(store: FalkorStore) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def concurrency(base: str, params: dict[str, dict[str, Any]], clients: int = 16, requests: int = 800) -> None:
    mix = [(n, params[n]) for n in ("agency-tasks", "entity-search", "entity-detail", "task-agencies",
                                    "organisation-leaders", "entity-documents")]
    per_client = requests // clients
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(i: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as c:
            for k in range(per_client):
                name, p = mix[(i + k) % len(mix)]
                t0 = time.perf_counter()
                res = c.get(f"/queries/{name}", params=p)
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(dt)
                    errors += res.status_code != 200

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - t0
    print(f"  {clients} clients, {len(latencies)} requests in {wall:.2f} s: {len(latencies) / wall:.0f} req/s, "
          f"p50 {_pct(latencies, 0.5):.1f} ms, p99 {_pct(latencies, 0.99):.1f} ms, errors {errors}")


def view_timing(registry: Registry, store: FalkorStore, n_nodes: int = 500) -> None:
    try:
        from viz.static_export import render_png
        from viz.views import render_view
    except ImportError as exc:
        print(f"  viz not available: {exc}")
        return
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    window = {"from_id": 20000, "to_id": 22000}
    rels = registry.run(store, "export-edges", window, subgraph=True, row_cap=100_000).subgraph
    by_id = {n.id: n for n in registry.run(store, "export-nodes", window, subgraph=True).subgraph.nodes}
    for e in rels.edges:
        if e.type == "MENTIONS":
            continue
        for end in (e.source, e.target):
            if end not in nodes and len(nodes) < n_nodes:
                nodes[end] = by_id.get(end) or GraphNode(id=end, labels=["Entity"], props={"name": end})
        if e.source in nodes and e.target in nodes:
            edges.append(e)
        if len(nodes) >= n_nodes:
            break
    sub = Subgraph(nodes=list(nodes.values()), edges=edges)
    for label, fn in (("HTML view", lambda: render_view(sub, title="500 nodes", max_nodes=n_nodes)),
                      ("PNG export", lambda: render_png(sub, title="500 nodes", max_nodes=n_nodes))):
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        print(f"  {label}: {len(sub.nodes)} nodes, {len(sub.edges)} edges: median {statistics.median(times):.0f} ms "
              f"(runs {', '.join(f'{t:.0f}' for t in times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description="aikg API benchmark")
    parser.add_argument("--cities", type=int, default=105, help="synthetic graph size (105 → ~107k entities)")
    parser.add_argument("--runs", type=int, default=30, help="requests per query for p50/p99")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--export", action="store_true", help="also time a whole-graph JSON export (~1 GB RAM)")
    parser.add_argument("--data", help="keep the store in this directory; a synthetic graph built there by an "
                                       "earlier run (same --cities) is reused instead of rebuilt")
    args = parser.parse_args()
    registry = Registry.load()
    with contextlib.ExitStack() as stack:
        tmp = args.data or stack.enter_context(tempfile.TemporaryDirectory(prefix="aikg-bench-"))
        Path(tmp).mkdir(parents=True, exist_ok=True)
        server = FalkorServer(Path(tmp))
        server.start()
        try:
            if SEEDS.is_dir():
                from loaders import collect_documents, extract_file

                seeds = FalkorStore(FalkorServer(Path(tmp)), graph_name="seeds")  # rewrites are idempotent
                seeds.ensure_schema()
                files, _ = collect_documents([SEEDS])
                for f in files:
                    seeds.write(extract_file(f))
                st = seeds.stats()
                print(f"seeds graph: {st.documents} documents, {st.nodes.get('Entity', 0)} entities, "
                      f"{sum(st.relationships.values())} relationships")
                with TestClient(create_app(seeds)) as client:
                    print_table("saved queries on the seeds graph (TestClient, in-process)",
                                time_queries(client, seeds_params(registry, seeds), args.runs))
            else:
                print(f"seeds not found at {SEEDS}: skipping the seeds graph")
            if args.skip_synthetic:
                return
            synth = FalkorStore(FalkorServer(Path(tmp)), graph_name="synthetic", socket_timeout=120)
            synth.ensure_schema()
            saved = Path(tmp) / f"synthetic-{args.cities}.probe.json"
            t0 = time.perf_counter()
            reused = bool(args.data) and saved.is_file()
            if reused:
                print(f"\nreusing the synthetic graph in {tmp}")
                probe = Probe.model_validate_json(saved.read_text(encoding="utf-8"))
            else:
                print(f"\nbuilding the synthetic graph ({args.cities} cities) through store.write …")
                probe = generate(synth, cities=args.cities)
                saved.write_text(probe.model_dump_json(), encoding="utf-8")
            build = time.perf_counter() - t0
            st = synth.stats()
            n_rel = sum(st.relationships.values())
            built = "" if reused else f" in {build:.0f} s ({probe.relations / build:.0f} facts/s)"
            print(f"synthetic graph: {st.nodes.get('Entity', 0)} entities, {st.documents} documents, "
                  f"{n_rel} relationships ({probe.relations} facts + MENTIONS){built}")
            params = synthetic_params(registry, synth, probe)
            with TestClient(create_app(synth)) as client:
                print_table("saved queries on the synthetic graph (TestClient, in-process; old p50: the issue's)",
                            time_queries(client, params, args.runs), ISSUE_P50)
            print("\nconcurrency on the synthetic graph (uvicorn on 127.0.0.1, httpx):")
            with serve(synth) as base:
                concurrency(base, params)
            print("\nview generation:")
            view_timing(registry, synth)
            if args.export:
                with TestClient(create_app(synth)) as client:
                    t0 = time.perf_counter()
                    res = client.get("/export", params={"format": "json"})
                    took = time.perf_counter() - t0
                    print(f"\nGET /export?format=json: {len(res.content) / 1e6:.0f} MB in {took:.1f} s")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
