"""GET /export (the whole graph), /health (liveness, off the query queue) and / (the web page)."""

from __future__ import annotations

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response, StreamingResponse

from api import export
from api.deps import RegistryDep, StoreDep
from api.entities import static_page
from api.errors import FastJSON
from graph.store import StoreUnavailable

router = APIRouter(tags=["system"])
# Its own thread: a liveness answer even while every query slot and the request thread pool are taken.
_health_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-health")


@router.get("/export", summary="The whole graph as GraphML, JSON or CSV (csv: part=nodes|edges)")
def export_graph(
    st: StoreDep,
    reg: RegistryDep,
    format: Literal["graphml", "json", "csv"] = "json",
    part: Literal["nodes", "edges"] = "edges",
) -> Response:
    if format == "graphml":  # networkx writes a whole graph: built in memory
        disposition = {"Content-Disposition": 'attachment; filename="aikg.graphml"'}
        return Response(export.to_graphml(*export.collect(reg, st)), media_type="application/graphml+xml",
                        headers=disposition)
    # JSON and CSV stream page by page. The first page is read here, so a store that is
    # down still gets a clean 503 instead of a cut-off download.
    if format == "json":
        chunks, media, ext = export.stream_json(reg, st), "application/json", "json"
    else:
        chunks, media, ext = export.stream_csv(reg, st, part), "text/csv; charset=utf-8", f"{part}.csv"
    first = next(chunks)
    return StreamingResponse(itertools.chain([first], chunks), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="aikg.{ext}"'})


@router.get("/health")
async def health(st: StoreDep, reg: RegistryDep) -> Response:
    # Never a count of the graph: FalkorDB answers a ping between graph queries; other stores read the
    # graph version (one indexed node).
    alive = getattr(st, "ping", None) or (lambda: st.version() >= 0)
    try:
        ok = await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(_health_pool, alive), 3.0)
    except (StoreUnavailable, TimeoutError, OSError):
        ok = False
    body = {"status": "ok" if ok else "unavailable", "store": st.name, "queries": len(reg.names())}
    return FastJSON(body if ok else {"detail": "graph store unavailable", **body}, status_code=200 if ok else 503)


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return static_page("index.html")
