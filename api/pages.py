"""Pages an analyst reads and cites: a document with every fact in its sentence, a region profile, a comparison.

Each answers HTML to a browser and JSON otherwise (`Accept`). Unknown documents and regions are 404s naming them.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from analysis.region import UnknownRegion
from api.deps import PAGE_CSP, AnalysisDep, RegistryDep, StoreDep, wants_html
from graph.model import fact_anchor
from viz.pages import render_compare, render_document, render_error, render_profile

router = APIRouter(tags=["pages"])
RegionName = Annotated[str, Query(min_length=1, max_length=50, description="a province, city or district")]


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": PAGE_CSP})


def _not_found(request: Request, heading: str, message: str) -> Response:
    if wants_html(request):
        return _html(render_error(heading, message), 404)
    return JSONResponse({"detail": message}, status_code=404)


@router.get("/documents/{doc_id}", summary="One document: metadata, text with each fact's span, and its facts")
def document_page(doc_id: str, request: Request, st: StoreDep, reg: RegistryDep,
                  fact: Annotated[str, Query(max_length=1000, description="a fact's key: jump to its sentence")] = "",
                  ) -> Response:
    if fact:  # links from tables and entity pages know the fact's key, not its anchor
        return RedirectResponse(f"/documents/{quote(doc_id, safe='')}#{fact_anchor(fact)}", status_code=307)
    found = reg.run(st, "document-text", {"id": doc_id})
    if not found.rows:
        return _not_found(request, "没有这份文件", f"no document {doc_id!r} in the store")
    doc = dict(zip(found.columns, found.rows[0], strict=True))
    facts = reg.run(st, "document-facts", {"id": doc_id})
    if wants_html(request):
        return _html(render_document(doc, facts.columns, facts.rows))
    return JSONResponse({"document": doc, "facts": [dict(zip(facts.columns, r, strict=True)) for r in facts.rows]})


@router.get("/regions", summary="Provinces and cities with their document counts")
def regions(st: StoreDep, reg: RegistryDep) -> list[dict[str, Any]]:
    out = reg.run(st, "region-list", {})
    return [dict(zip(out.columns, r, strict=True)) for r in out.rows]


@router.get("/regions/{name}", summary="A region's profile (区域画像); every fact links to its evidence")
def region_page(name: str, request: Request, st: StoreDep, an: AnalysisDep) -> Response:
    try:
        profile = an.profile(st, name)
    except UnknownRegion as exc:
        return _not_found(request, "没有这个地区", exc.message)
    if not wants_html(request):
        return JSONResponse(profile)
    q = quote(name, safe="")
    views = [{"title": "组织社群（按社群着色）", "src": f"/analysis/views/communities?region={q}"},
             {"title": "部门共同责任网络", "src": f"/analysis/views/co-responsibility?region={q}"}]
    return _html(render_profile(profile, views=views if not profile["empty"] else []))


@router.get("/compare", summary="Two regions side by side: agency kinds and task counts, platforms, alliances, domains")
def compare(request: Request, st: StoreDep, an: AnalysisDep, a: RegionName, b: RegionName) -> Response:
    try:
        result = an.compare(st, a, b)
    except UnknownRegion as exc:
        return _not_found(request, "没有这个地区", exc.message)
    return _html(render_compare(result)) if wants_html(request) else JSONResponse(result)
