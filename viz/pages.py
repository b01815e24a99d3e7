"""HTML pages beside the graph views: a document with its facts highlighted, a region profile, a comparison.

Rendered by autoescaping Jinja templates (viz/templates/pages); `served=False` gives a self-contained file (the
offline report): no links to the server, evidence in the file itself, views inlined as `srcdoc` frames.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from analysis.evidence import facts_from_rows, pieces, valid_span
from analysis.metrics import LINK_NAMES
from analysis.profile import DOC_TYPE_NAMES
from analysis.service import Analysis, community_color
from graph.store import GraphStore
from viz import style
from viz.text import LegendItem
from viz.views import _env, render_view


def _render(template: str, **context: Any) -> str:
    env = _env()
    env.globals.update(rel_name=style.rel_name, role_name=style.role_name, label_name=style.label_name,
                       color=community_color, link_name=lambda k: LINK_NAMES.get(k, k),
                       font_stack=style.CJK_FONT_STACK)
    return env.get_template(template).render(**context)


def render_error(heading: str, message: str, served: bool = True) -> str:
    return _render("pages/error.html", heading=heading, message=message, served=served)


def render_document(doc: dict[str, Any], columns: list[str], rows: list[list[Any]], served: bool = True) -> str:
    """`doc`: a `document-text` row as a dict; `columns`/`rows`: the `document-facts` result."""
    text = doc.get("text") or ""
    facts = facts_from_rows(columns, rows, doc["id"])
    cut = pieces(text, facts) if text else []
    starts: dict[int, int] = {}
    for n, piece in enumerate(cut):
        for i in piece.facts:
            starts.setdefault(i, n)
    for i, f in enumerate(facts):
        f["placed"] = i in starts
    meta = dict(doc) | {"type_name": DOC_TYPE_NAMES.get(doc.get("type") or "", doc.get("type") or "")}
    return _render("pages/document.html", doc=meta, text=text, pieces=cut, facts=facts, starts=starts,
                   highlighted=sum(valid_span(text, f) for f in facts), served=served)


def render_profile(profile: dict[str, Any], views: list[dict[str, str]] | None = None, served: bool = True) -> str:
    generated = "" if served else dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _render("pages/profile.html", p=profile, views=views or [], served=served, generated=generated)


def render_compare(comparison: dict[str, Any], served: bool = True) -> str:
    return _render("pages/compare.html", c=comparison, served=served)


def community_view(an: Analysis, st: GraphStore, region: str, script_url: str | None = None,
                   served: bool = True) -> str:
    """The organisation network coloured by community (inlined into offline reports: no script URL, no links)."""
    subgraph, colors = an.community_subgraph(st, region)
    comms = an.communities(st, region)["communities"]
    legend = [LegendItem(label=f"#{c['id']}", name=f"社群 {c['id']} · {c['label']}", color=community_color(c["id"]),
                         count=c["size"]) for c in comms[:20]]
    return render_view(subgraph, title=f"{region or '全图'} · 组织社群（Louvain）", script_url=script_url,
                       node_colors=colors, legend=legend, link_base="" if served else None)


def report_html(an: Analysis, st: GraphStore, region: str) -> str:
    """The region profile as one self-contained file: no server, views inlined (vis-network included)."""
    profile = an.profile(st, region)
    views = []
    if not profile["empty"]:
        coresp = render_view(an.co_responsibility_subgraph(st, region), title=f"{region} · 部门共同责任网络")
        views = [{"title": "组织社群（按社群着色）", "srcdoc": community_view(an, st, region, served=False)},
                 {"title": "部门共同责任网络", "srcdoc": coresp}]
    return render_profile(profile, views=views, served=False)
