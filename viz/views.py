"""Interactive graph views: one standalone, offline, embeddable HTML page per subgraph.

pyvis builds the vis-network node/edge/option data (colours, sizes, arrows, physics). Its own
template is not used: it links bootstrap and vis-network from CDNs and does not escape document
text. Our Jinja2 template autoescapes, inlines the vendored vis-network build (viz/static, dual
Apache-2.0/MIT, header kept) and hands the data over as JSON inside a non-executed script tag.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pyvis.network import Network

from graph.model import GraphEdge, GraphNode, Subgraph, fact_anchor
from viz import style
from viz.layout import spring_positions
from viz.subset import ViewGraph, cap_subgraph
from viz.text import LegendItem, edge_label, legend_items, node_name, prop_text, short

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VIS_JS = STATIC / "vis-network.min.js"

# Node properties shown elsewhere in the tooltip, or internal to the store.
_HIDDEN_PROPS = {"id", "name", "title", "aliases", "alias_text", "key"}
_PROP_MAX_CHARS = 200


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vendored vis-network standalone build (licence header included)."""
    return VIS_JS.read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside an HTML <script>: no <, > or & survive, so no tag can close or open."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def iframe_snippet(src: str, *, title: str, height: int = 600) -> str:
    """The HTML a report author pastes to embed a view (attribute values escaped)."""
    return (
        f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )


def _node_tip(node: GraphNode) -> list[list[str]]:
    label = node.label
    lines = [["类型", f"{style.label_name(label)} ({label})"], ["名称", node_name(node)]]
    aliases = node.props.get("aliases")
    if aliases:
        lines.append(["别名", short(prop_text(aliases), _PROP_MAX_CHARS)])
    for key in sorted(node.props):
        value = node.props[key]
        if key in _HIDDEN_PROPS or value in (None, "", []):
            continue
        lines.append([key, short(prop_text(value), _PROP_MAX_CHARS)])
    lines.append(["ID", node.id])
    return lines


def _edge_tip(edge: GraphEdge) -> list[list[str]]:
    lines = [["关系", f"{style.rel_name(edge.type)} ({edge.type})"]]
    p = edge.props
    if p.get("role"):
        lines.append(["角色", style.role_name(str(p["role"]))])
    if p.get("evidence"):
        lines.append(["证据", short(str(p["evidence"]), style.EVIDENCE_MAX_CHARS)])
    if p.get("doc_id"):
        lines.append(["文件", str(p["doc_id"])])
    if p.get("rule"):
        lines.append(["规则", str(p["rule"])])
    if p.get("confidence") is not None:
        lines.append(["置信度", str(p["confidence"])])
    return lines


def _options(n_nodes: int) -> dict[str, Any]:
    physics = n_nodes <= style.PHYSICS_MAX_NODES
    font = style.CJK_FONT_STACK.replace('"', "")
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 8, "max": 36, "label": {"enabled": False}},
            "font": {"face": font, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#555555"},
            "font": {"face": font, "size": 11, "align": "middle", "color": "#444444"},
            # Curved edges cost a support node each in physics; straight ones for big views.
            "smooth": {"enabled": physics, "type": "continuous"},
            "width": 1,
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.2,
                "springLength": 150,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.2,
            },
            "minVelocity": 1.0,
            # Bounded: the start positions are already a spring layout, physics only polishes.
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        },
        "layout": {"improvedLayout": False},  # positions come from Python; vis's own is slow above 100 nodes
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics, "keyboard": False},
    }


def _links(node: GraphNode | GraphEdge, link_base: str | None) -> dict[str, str]:
    """Where a click on a node or edge leads: the entity's page, or the fact's place on its document's page."""
    if link_base is None:
        return {}
    if isinstance(node, GraphNode):
        return {"href": f"{link_base}/entity?id={quote(node.id, safe='')}"}
    doc_id, key = node.props.get("doc_id"), node.props.get("key")
    if isinstance(doc_id, str) and doc_id:
        anchor = f"#{fact_anchor(key)}" if isinstance(key, str) else ""
        return {"href": f"{link_base}/documents/{quote(doc_id, safe='')}{anchor}"}
    return {}


def _network(view: ViewGraph, node_colors: dict[str, str] | None = None, link_base: str | None = None) -> Network:
    """The pyvis network: one vis node per kept node (integer ids: document text never becomes an id)."""
    net = Network(directed=True, cdn_resources="in_line")
    index = {n.id: i for i, n in enumerate(view.nodes)}
    pos = spring_positions(view)
    scale = 90.0 * math.sqrt(max(len(view.nodes), 1))  # pixels: keeps density similar at any size
    for n in view.nodes:
        x, y = pos.get(n.id, (0.0, 0.0))
        net.add_node(
            index[n.id],
            label=short(node_name(n), style.LABEL_MAX_CHARS),
            color=(node_colors or {}).get(n.id) or style.label_color(n.label),
            value=view.degree.get(n.id, 0) + 1,
            x=round(x * scale, 1),
            y=round(y * scale, 1),
            tip=_node_tip(n),
            **_links(n, link_base),
        )
    for i, e in enumerate(view.edges):
        net.add_edge(index[e.source], index[e.target], id=f"e{i}", label=edge_label(e), tip=_edge_tip(e),
                     **_links(e, link_base))
    net.options = _options(len(view.nodes))  # type: ignore[assignment]  # pyvis accepts a plain dict
    return net


def render_view(
    subgraph: Subgraph,
    *,
    title: str,
    total_nodes: int | None = None,
    embed_snippet: str | None = None,
    max_nodes: int = style.MAX_NODES,
    script_url: str | None = None,
    node_colors: dict[str, str] | None = None,
    legend: list[LegendItem] | None = None,
    link_base: str | None = None,
) -> str:
    """A complete standalone HTML document (UTF-8) showing the subgraph.

    total_nodes: size of the full result when the caller already cut it (shown as "N of M").
    max_nodes: cap; the highest-degree nodes are kept.
    script_url: load vis-network from this URL instead of inlining it (~600 kB) in the page.
    node_colors / legend: colour nodes by something else than their label (communities), with its own legend.
    link_base: the server's base URL; a click on a node or edge then opens its entity or document page.
    """
    view = cap_subgraph(subgraph, max_nodes, total_nodes)
    net = _network(view, node_colors, link_base)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options_json)}
    return (
        _env()
        .get_template("view.html")
        .render(
            title=title,
            font_stack=style.CJK_FONT_STACK,
            shown=len(view.nodes),
            total=view.total_nodes,
            edge_count=len(view.edges),
            legend=[item.model_dump() for item in (legend if legend is not None else legend_items(view.nodes))],
            embed_snippet=embed_snippet,
            script_url=script_url,
            vis_js="" if script_url else vis_network_js(),
            data_json=script_json(data),
        )
    )


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def view_csp(page: str) -> str:
    """A Content-Security-Policy for a rendered view: only its own inline scripts (by hash) and same-origin
    scripts run, nothing is fetched. Defence in depth beside the escaping; framing stays open for embedding.
    Styles must allow inline: vis-network injects its stylesheet at run time."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(page)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
        "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def save_view(subgraph: Subgraph, path: Path | str, *, title: str, **kwargs: Any) -> Path:
    """Write a view to a file, explicitly as UTF-8 (pyvis's own writer used the locale's encoding)."""
    out = Path(path)
    out.write_text(render_view(subgraph, title=title, **kwargs), encoding="utf-8")
    return out
