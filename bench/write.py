"""Write throughput of the embedded store: batched write vs one statement per relationship.

    .venv/bin/python bench/write.py [--relations 100000] [--entities 10000] [--single 5000]
    .venv/bin/python bench/write.py --base REV [--rounds 3]   # also the batched write of revision REV

With --base, the batched write of REV's store code (`git archive`, into a temporary directory) and of this
tree run in turns, each in its own process on a fresh server, and the medians are printed side by side:
on a shared machine the noise then falls on both alike.

Starts its own FalkorDB on a fresh temporary data directory, writes one synthetic
extraction of N relationships with `FalkorStore.write` (UNWIND batches, one
transaction), then writes a smaller sample one MERGE statement per relationship and
extrapolates that to N (printed as such). Prints relationships per second and the
peak memory of this process and of the redis-server (VmHWM).
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.falkor_server import FalkorServer  # noqa: E402
from graph.falkor_store import P_CREATE_RELATIONS, FalkorStore  # noqa: E402
from graph.model import Document, Entity, Extraction, Label, Relation, RelType, entity_id  # noqa: E402
from graph.rows import build_batches  # noqa: E402

# Issue 10's figure for the batched write (one run on the 2-core machine, before this writer's speed-ups), and
# its target: printed beside the rate measured here.
ISSUE_BATCHED = 8_173
TARGET_BATCHED = 20_000

ENTITY_LABELS = [Label.AGENCY, Label.ENTERPRISE, Label.PLATFORM, Label.ALLIANCE, Label.TASK, Label.PERSON]
REL_TYPES = [RelType.RESPONSIBLE_FOR, RelType.SUPPORTS, RelType.BUILDS, RelType.MEMBER_OF, RelType.LEADS,
             RelType.COOPERATES_WITH, RelType.LOCATED_IN, RelType.FOCUSES_ON]


def synthetic(doc_id: str, n_entities: int, n_relations: int, seed: int = 7) -> Extraction:
    rng = random.Random(seed)
    entities = []
    for i in range(n_entities):
        label = ENTITY_LABELS[i % len(ENTITY_LABELS)]
        name = f"合成实体{i:06d}"
        entities.append(Entity(id=entity_id(label, name), type=label, name=name, aliases=[f"别名{i}"]))
    ids = [e.id for e in entities]
    relations = []
    for i in range(n_relations):
        # Distinct (source, target, role) per relationship, so all N survive de-duplication.
        src, dst = ids[i % n_entities], ids[(i // n_entities + 1 + i) % n_entities]
        relations.append(Relation(
            type=REL_TYPES[i % len(REL_TYPES)], source=src, target=dst, props={"role": f"r{i}"},
            evidence=f"第{i}句：某单位负责某项工作，" + "说明文字" * rng.randint(5, 30),
            span=(i, i + 20), rule="bench", confidence=0.9,
        ))
    return Extraction(doc=Document(id=doc_id, title="合成文档"), entities=entities, relations=relations)


def vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


REPO = Path(__file__).resolve().parent.parent
# One batched write, timed in a tree's own process. Uses only what every revision has: `synthetic` here and
# the store's public interface.
_ONE_WRITE = """
import sys, tempfile, time
from pathlib import Path
sys.path.insert(0, "bench")
from write import synthetic
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
ext = synthetic("doc:bench", int(sys.argv[1]), int(sys.argv[2]))
with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
    server = FalkorServer(Path(tmp) / "kg")
    server.start()
    try:
        store = FalkorStore(server, graph_name="bench_batched")
        store.ensure_schema()
        t0 = time.perf_counter()
        result = store.write(ext)
        print(result.relations / (time.perf_counter() - t0))
        store._db.connection.close()
    finally:
        server.stop()
"""


def _tree_rate(tree: Path, entities: int, relations: int) -> float:
    out = subprocess.run([sys.executable, "-c", _ONE_WRITE, str(entities), str(relations)], cwd=tree,
                         env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def compare(base: str, entities: int, relations: int, rounds: int) -> None:
    """The batched write of revision `base` and of this tree, in turns; medians side by side."""
    with tempfile.TemporaryDirectory(prefix="aikg-base-") as tmp:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", base], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        rates: dict[str, list[float]] = {base: [], "this tree": []}
        for _ in range(rounds):
            rates[base].append(_tree_rate(Path(tmp), entities, relations))
            rates["this tree"].append(_tree_rate(REPO, entities, relations))
    old, new = (statistics.median(r) for r in rates.values())
    for name, values in rates.items():
        print(f"batched write, {name:>10}: median {statistics.median(values):,.0f} relationships/s "
              f"(runs {', '.join(f'{v:,.0f}' for v in values)})")
    print(f"this tree / {base}: {new / old:.2f}x; at the issue's {ISSUE_BATCHED:,}/s that is "
          f"{ISSUE_BATCHED * new / old:,.0f}/s (target >= {TARGET_BATCHED:,}/s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--single", type=int, default=5_000, help="sample size for one statement per relationship")
    ap.add_argument("--base", help="also time the batched write of this git revision, in turns with this tree")
    ap.add_argument("--rounds", type=int, default=3, help="turns per tree with --base")
    args = ap.parse_args()
    if args.base:
        compare(args.base, args.entities, args.relations, args.rounds)
        return 0

    with tempfile.TemporaryDirectory(prefix="aikg-bench-") as tmp:
        server = FalkorServer(Path(tmp) / "kg")
        server.start()
        try:
            assert server._process is not None
            redis_pid = server._process.pid

            t0 = time.perf_counter()
            ext = synthetic("doc:bench", args.entities, args.relations)
            n_rows = sum(len(rb.rows) for rb in build_batches(ext).relations)
            print(f"synthetic extraction: {args.entities:,} entities, {n_rows:,} relationships "
                  f"(+{args.entities:,} MENTIONS), built in {time.perf_counter() - t0:.1f} s")

            store = FalkorStore(server, graph_name="bench_batched")
            store.ensure_schema()
            t0 = time.perf_counter()
            result = store.write(ext)
            batched = time.perf_counter() - t0
            print(f"batched write (one transaction, UNWIND per label/type): {batched:.2f} s, "
                  f"{result.relations / batched:,.0f} relationships/s (issue 10 measured {ISSUE_BATCHED:,}/s; "
                  f"target >= {TARGET_BATCHED:,}/s)")
            t0 = time.perf_counter()
            store.write(ext)
            rewrite = time.perf_counter() - t0
            print(f"re-writing the same document (delete old facts + write): {rewrite:.2f} s, "
                  f"{result.relations / rewrite:,.0f} relationships/s")
            stats = store.stats()
            assert sum(stats.relationships.values()) == result.relations + result.entities, stats

            # One MERGE statement per relationship, entities already present (written by a batched write
            # of the same entities without relationships), over a sample.
            single_store = FalkorStore(server, graph_name="bench_single")
            single_store.ensure_schema()
            sample = ext.relations[: args.single]
            single_store.write(Extraction(doc=ext.doc, entities=ext.entities))
            batches = build_batches(Extraction(doc=ext.doc, entities=ext.entities, relations=sample))
            t0 = time.perf_counter()
            count = 0
            for rb in batches.relations:
                cypher = P_CREATE_RELATIONS.format(param="rows", src=rb.source_label, dst=rb.target_label,
                                                   type=rb.type.value)
                for row in rb.rows:
                    single_store._graph.query(cypher, {"rows": [row], "doc_id": batches.doc_id})
                    count += 1
            single = time.perf_counter() - t0
            rate = count / single
            print(f"one statement per relationship: {count:,} in {single:.2f} s, {rate:,.0f} relationships/s; "
                  f"extrapolated to {n_rows:,}: {n_rows / rate:.0f} s ({batched and (n_rows / rate) / batched:.0f}x "
                  "the batched write)")

            self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"peak memory: this process {self_kb / 1024:.0f} MiB (ru_maxrss), "
                  f"redis-server {vm_hwm_kb(redis_pid) / 1024:.0f} MiB (VmHWM)")
            single_store._db.connection.close()
            store._db.connection.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
