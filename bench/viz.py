"""Views and static export: render time and size at 100/300/500 nodes, and browser time to first draw.

Prints figures; no pass/fail. Run: .venv/bin/python bench/viz.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import GraphEdge, GraphNode, Subgraph  # noqa: E402
from viz.static_export import render_png, render_svg  # noqa: E402
from viz.views import save_view  # noqa: E402

LABELS = ["Agency", "Enterprise", "Platform", "Alliance", "Task", "City", "Person", "Domain"]
TYPES = ["RESPONSIBLE_FOR", "SUPPORTS", "BUILDS", "MEMBER_OF", "LOCATED_IN", "LEADS", "FOCUSES_ON"]


def random_graph(n: int, edges_per_node: float = 1.6, seed: int = 1) -> Subgraph:
    """A connected-ish random graph with a few hubs, like a query over one region."""
    rng = random.Random(seed)
    nodes = [
        GraphNode(
            id=f"{LABELS[i % 8]}:节点{i:04d}", labels=["Entity", LABELS[i % 8]], props={"name": f"示例机构{i:04d}"}
        )
        for i in range(n)
    ]
    edges = []
    for k in range(int(n * edges_per_node)):
        a = nodes[rng.randrange(n)]
        b = nodes[min(int(rng.paretovariate(1.2)) - 1, n - 1)] if k % 2 else nodes[rng.randrange(n)]
        if a.id != b.id:
            edges.append(
                GraphEdge(id=f"e{k}", type=TYPES[k % 7], source=a.id, target=b.id, props={"evidence": "示例证据。" * 5})
            )
    return Subgraph(nodes=nodes, edges=edges)


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def browser_ready_seconds(path: Path) -> float | None:
    chromium = Path("/usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium.is_file():
        return None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        t = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.aikgView && window.aikgView.ready", timeout=120_000)
        ready = time.perf_counter() - t
        page.wait_for_function(
            "() => window.aikgView.stabilized || !window.aikgView.network.physics.options.enabled", timeout=120_000
        )
        browser.close()
    return ready


def main() -> None:
    head = ["nodes", "edges", "view s", "html kB", "browser s", "png s", "png kB", "svg s"]
    print(" ".join(f"{h:>9}" for h in head))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100, 300, 500):
            sg = random_graph(n)
            out, t_view = timed(save_view, sg, Path(tmp) / f"v{n}.html", title=f"{n} 节点")
            t_browser = browser_ready_seconds(out)
            png, t_png = timed(render_png, sg, title=f"{n} 节点")
            _svg, t_svg = timed(render_svg, sg, title=f"{n} 节点")
            row = [n, len(sg.edges), t_view, out.stat().st_size / 1024, t_browser, t_png, len(png) / 1024, t_svg]
            print(
                " ".join(
                    f"{'n/a':>9}" if v is None else f"{v:9.2f}" if isinstance(v, float) else f"{v:>9}" for v in row
                )
            )


if __name__ == "__main__":
    main()
