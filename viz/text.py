"""The words a drawing shows: node names, edge labels, legend entries. Shared by views and static export."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel

from graph.model import GraphEdge, GraphNode
from viz import style


class LegendItem(BaseModel):
    label: str  # the node label, e.g. Agency
    name: str  # its Chinese name, e.g. 机构
    color: str
    count: int


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_name(node: GraphNode) -> str:
    """What to call a node on screen: its name, a document's title, else its id."""
    for key in ("name", "title"):
        value = node.props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return node.id


def edge_label(edge: GraphEdge) -> str:
    """Chinese relationship name, with the role when there is one (领导·理事长)."""
    role = edge.props.get("role")
    name = style.rel_name(edge.type)
    return f"{name}·{style.role_name(role)}" if isinstance(role, str) and role else name


def legend_items(nodes: list[GraphNode]) -> list[LegendItem]:
    """One entry per label present, in the style's order."""
    counts = Counter(n.label for n in nodes)
    order = list(style.LABEL_COLORS)
    labels = sorted(counts, key=lambda lb: (order.index(lb) if lb in order else len(order), lb))
    return [
        LegendItem(label=lb, name=style.label_name(lb), color=style.label_color(lb), count=counts[lb]) for lb in labels
    ]


def prop_text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
