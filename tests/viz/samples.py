"""Small hand-made subgraphs for the view and export tests (invented names, no seed text)."""

from __future__ import annotations

from graph.model import GraphEdge, GraphNode, Subgraph

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_EVIDENCE = '证据</script><script>alert("e")</script>'


def node(label: str, name: str, **props: object) -> GraphNode:
    return GraphNode(id=f"{label}:{name}", labels=["Entity", label], props={"name": name, **props})


def edge(i: int, type_: str, source: GraphNode, target: GraphNode, **props: object) -> GraphEdge:
    base = {"doc_id": "doc:sample0001", "evidence": f"{source.props['name']}与{target.props['name']}的关系。"}
    return GraphEdge(id=f"e{i}", type=type_, source=source.id, target=target.id, props={**base, **props})


def sample_subgraph() -> Subgraph:
    """A plan, two agencies, an enterprise building a platform, an alliance led by a person, and an XSS node."""
    bureau = node("Agency", "青禾市工业和信息化局", aliases=["市工信局"], city="青禾市")
    office = node("Agency", "青禾市科学技术局", aliases=["市科技局"])
    task = node("Task", "智能算力基础设施提升行动")
    firm = node("Enterprise", "远帆智能科技有限公司", aliases=["远帆智能"])
    platform = node("Platform", "青禾人工智能开放创新平台")
    alliance = node("Alliance", "青禾市人工智能产业联盟")
    person = node("Person", "林安澜")
    city = node("City", "青禾市", province="东江省")
    evil = node("Enterprise", XSS_NAME, aliases=['"><svg onload=alert(2)>'])
    edges = [
        edge(1, "RESPONSIBLE_FOR", bureau, task, role="lead"),
        edge(2, "RESPONSIBLE_FOR", office, task, role="co"),
        edge(3, "BUILDS", firm, platform),
        edge(4, "LEADS", person, alliance, role="理事长"),
        edge(5, "MEMBER_OF", firm, alliance, role="副理事长单位"),
        edge(6, "SUPPORTS", bureau, platform),
        edge(7, "LOCATED_IN", firm, city),
        edge(8, "MEMBER_OF", evil, alliance, evidence=XSS_EVIDENCE),
    ]
    return Subgraph(nodes=[bureau, office, task, firm, platform, alliance, person, city, evil], edges=edges)


def star_subgraph(n_leaves: int, hubs: int = 1) -> Subgraph:
    """`hubs` hubs each linked to its own `n_leaves` leaves: a known degree order for the cap."""
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []
    for h in range(hubs):
        hub = node("Agency", f"中心机构{h:02d}")
        nodes.append(hub)
        for i in range(n_leaves):
            leaf = node("Enterprise", f"企业{h:02d}-{i:04d}")
            nodes.append(leaf)
            edges.append(edge(len(edges), "SUPPORTS", hub, leaf))
    return Subgraph(nodes=nodes, edges=edges)
