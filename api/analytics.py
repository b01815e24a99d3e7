"""GET /analysis/…: key players, communities, bridges and co-responsibility as JSON, and views coloured by community."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from analysis.region import UnknownRegion
from api.deps import AnalysisDep, StoreDep
from viz.pages import community_view
from viz.views import render_view, view_csp

router = APIRouter(prefix="/analysis", tags=["analysis"])
# relative to /analysis/views/…, never built from the Host header (a forged one would land in the page)
_VIS_JS = "../../viz/vis-network.min.js"
Region = Annotated[str, Query(max_length=50, description="a province, city or district; empty = the whole graph")]
Top = Annotated[int, Query(ge=1, le=100, description="entries per type")]


def _guard(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except UnknownRegion as exc:
        raise HTTPException(404, detail=exc.message) from None


@router.get("/summary", summary="Key players, communities with bridges, and co-responsibility in one answer")
def summary(st: StoreDep, an: AnalysisDep, region: Region = "", top: Top = 10) -> dict[str, Any]:
    return _guard(an.summary, st, region, top)


@router.get("/key-players", summary="Per type, the top entities by degree, PageRank and betweenness, with counts")
def key_players(st: StoreDep, an: AnalysisDep, region: Region = "", top: Top = 10) -> dict[str, Any]:
    return _guard(an.key_players, st, region, top)


@router.get("/communities", summary="Louvain communities of the organisation network (fixed seed) and bridges")
def communities(st: StoreDep, an: AnalysisDep, region: Region = "") -> dict[str, Any]:
    result = _guard(an.communities, st, region)
    return {k: v for k, v in result.items() if k != "membership"} | {"region": region}


@router.get("/bridges", summary="Organisations and people linking several communities or cities")
def bridges(st: StoreDep, an: AnalysisDep, region: Region = "") -> dict[str, Any]:
    return {"region": region, "bridges": _guard(an.communities, st, region)["bridges"]}


@router.get("/co-responsibility", summary="Agencies that share tasks, weighted by the number of shared tasks")
def co_responsibility(st: StoreDep, an: AnalysisDep, region: Region = "",
                      top: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict[str, Any]:
    return _guard(an.co_responsibility, st, region, top)


@router.get("/views/communities", summary="The organisation network as a view, nodes coloured by community",
            response_class=HTMLResponse)
def community_view_page(request: Request, st: StoreDep, an: AnalysisDep, region: Region = "") -> HTMLResponse:
    page = _guard(community_view, an, st, region, _VIS_JS)
    return HTMLResponse(page, headers={"Content-Security-Policy": view_csp(page)})


@router.get("/views/co-responsibility", summary="Agencies linked by shared tasks as a view",
            response_class=HTMLResponse)
def co_responsibility_view(request: Request, st: StoreDep, an: AnalysisDep, region: Region = "") -> HTMLResponse:
    subgraph = _guard(an.co_responsibility_subgraph, st, region)
    title = f"{region or '全图'} · 部门共同责任网络"
    page = render_view(subgraph, title=title, script_url=_VIS_JS, link_base="")
    return HTMLResponse(page, headers={"Content-Security-Policy": view_csp(page)})
