"""API load benchmark (issue 10, part 3): 16 clients (wrk) against `aikg serve --workers N` on 127.0.0.1.

    .venv/bin/python -m bench.api_load                        # seeds + the 100k-entity synthetic graph
    .venv/bin/python -m bench.api_load --skip-synthetic       # the seeds graph only (~1 minute)
    .venv/bin/python -m bench.api_load --data /tmp/aikg-synth # reuse a synthetic graph built by an earlier run

Prints requests per second, latency and bytes per response beside the issue's old figures and the targets:
/queries/agency-tasks?limit=50 on the seeds graph uncached (AIKG_CACHE=off) and repeated (cache hits),
/health, and the same query on the synthetic graph. Each run is bounded (--duration seconds, 16
connections). Needs `wrk` (Debian package; `make system-deps` installs it). Asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.synthetic import Probe, generate
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
QUERY = "/queries/agency-tasks?limit=50"
# The figures (fresh clone, 2 cores, before this work) and its targets.
OLD = {"uncached": "44 req/s, 43 kB", "cached": "44 req/s", "health": "212 req/s", "synthetic": "23 req/s"}
TARGET = {"uncached": 500, "cached": 2000, "health": 2000, "synthetic": 200}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(data: Path, graph: str, workers: int, cache: bool) -> Iterator[str]:
    """`aikg serve --workers N` on one graph of `data`, stopped (SIGINT, as Ctrl-C) afterwards."""
    port = _free_port()
    env = {**os.environ, "AIKG_GRAPH": graph, "AIKG_CACHE": "on" if cache else "off", "AIKG_STORE": "falkordb"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "--data", str(data), "serve", "--workers", str(workers),
                             "--port", str(port), "--no-access-log"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit("aikg serve did not answer within 120 s")
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wrk(url: str, duration: int, clients: int = 16) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "--latency", url],
                         capture_output=True, text=True, timeout=duration + 60, check=True).stdout

    def ms(pattern: str) -> float:
        m = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50": ms(r"50%"), "p99": ms(r"99%"),
            "errors": float(errors.group(1)) if errors else 0.0}


def measure(label: str, key: str, base: str, path: str, duration: int) -> None:
    body = httpx.get(base + path, timeout=60)
    size = len(body.content)
    httpx.get(base + path, timeout=60)  # each worker has its own cache: the load finds both warm or neither
    r = wrk(base + path, duration)
    verdict = "yes" if r["rps"] >= TARGET[key] else "NO"
    print(f"  {label:<44}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{size / 1000:>8.1f} kB"
          f"{int(r['errors']):>6}  {OLD[key]:<18}≥{TARGET[key]:<6}{verdict}")


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'request (16 clients)':<44}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>11}{'err':>6}  "
          f"{'old (issue 10)':<18}{'target':<7}met")


def seed_graph(data: Path) -> bool:
    from loaders import collect_documents, extract_file

    if not SEEDS.is_dir():
        print(f"seeds not found at {SEEDS}: skipping the seeds graph")
        return False
    store = FalkorStore(FalkorServer(data), graph_name="seeds")  # rewrites are idempotent
    store.ensure_schema()
    files, _ = collect_documents([SEEDS])
    for f in files:
        store.write(extract_file(f))
    st = store.stats()
    print(f"seeds graph: {st.documents} documents, {st.nodes.get('Entity', 0)} entities")
    return True


def synthetic_graph(data: Path, cities: int, reuse: bool) -> None:
    store = FalkorStore(FalkorServer(data), graph_name="synthetic", socket_timeout=120)
    store.ensure_schema()
    saved = data / f"synthetic-{cities}.probe.json"  # the name bench/queries_api.py uses: a graph is shared
    if reuse and saved.is_file():
        Probe.model_validate_json(saved.read_text(encoding="utf-8"))
        print(f"reusing the synthetic graph in {data}")
    else:
        print(f"building the synthetic graph ({cities} cities) …")
        saved.write_text(generate(store, cities=cities).model_dump_json(), encoding="utf-8")
    print(f"synthetic graph: {store.stats().nodes.get('Entity', 0)} entities")


def main() -> None:
    parser = argparse.ArgumentParser(description="aikg API load benchmark (wrk, 16 clients)")
    parser.add_argument("--cities", type=int, default=105, help="synthetic graph size (105 → ~107k entities)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--workers", type=int, default=2, help="aikg serve --workers")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--data", help="keep the store here; a synthetic graph built by an earlier run is reused")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make system-deps` (or apt-get install wrk)")
    with contextlib.ExitStack() as stack:
        data = Path(args.data or stack.enter_context(tempfile.TemporaryDirectory(prefix="aikg-load-")))
        data.mkdir(parents=True, exist_ok=True)
        server = FalkorServer(data)
        server.start()  # held by this process for the whole run: serve processes come and go around it
        stack.callback(server.release)
        print(f"aikg serve --workers {args.workers} on 127.0.0.1; {os.cpu_count()} cores shared with wrk and the "
              "store (a busy machine gives lower figures)")
        if seed_graph(data):
            header("seeds graph")
            with serve(data, "seeds", args.workers, cache=False) as base:
                measure(f"{QUERY} uncached", "uncached", base, QUERY, args.duration)
            with serve(data, "seeds", args.workers, cache=True) as base:
                measure(f"{QUERY} repeated (cache hit)", "cached", base, QUERY, args.duration)
                measure("/health", "health", base, "/health", args.duration)
        if args.skip_synthetic:
            return
        synthetic_graph(data, args.cities, reuse=bool(args.data))
        header("synthetic graph")
        with serve(data, "synthetic", args.workers, cache=False) as base:
            measure(f"{QUERY} uncached", "synthetic", base, QUERY, args.duration)
        with serve(data, "synthetic", args.workers, cache=True) as base:
            measure(f"{QUERY} repeated (cache hit)", "synthetic", base, QUERY, args.duration)


if __name__ == "__main__":
    main()
