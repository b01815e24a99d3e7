"""GET /queries (saved queries and their parameters), /queries/{name} (rows) and /views/{name} (drawn).

Answers carry an ETag from their bytes; a client sending it back in If-None-Match gets a 304 while
the graph is unchanged (Cache-Control: no-cache, so every use is revalidated and never stale).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from api.cache import Cached, etag_matches
from api.deps import ReadsDep
from api.errors import ApiError
from api.reads import embed_url
from queries import SavedQuery

router = APIRouter(tags=["queries"])


def _schema(q: SavedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "description_zh": q.description_zh,
        "internal": q.internal,
        "view": q.view,
        "params": [p.model_dump() for p in q.params],
    }


def _send(request: Request, answer: Cached) -> Response:
    headers = {"ETag": answer.etag, "Cache-Control": "no-cache"}
    if etag_matches(request.headers.get("if-none-match"), answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type=answer.media_type, headers={**answer.headers, **headers})


@router.get("/queries", summary="List saved queries with their parameter schema")
def list_queries(reads: ReadsDep) -> list[dict[str, Any]]:
    return [_schema(q) for q in reads.registry.all()]


@router.get("/queries/{name}", summary="Run a saved query; its parameters come from the URL query string")
async def run_query(name: str, request: Request) -> Response:
    # The hot path of a public report: store and reads from the app's state, not through two dependencies.
    state = request.app.state
    return _send(request, await state.reads.query_answer(state.store, name, dict(request.query_params)))


@router.get("/views/{name}", summary="A saved query as an HTML graph view, or PNG / SVG (name.png, ?format=png)")
async def view(name: str, request: Request) -> Response:
    params = dict(request.query_params)
    fmt = params.pop("format", "html").lower()
    for suffix in (".png", ".svg", ".html"):
        if name.endswith(suffix):
            name, fmt = name[: -len(suffix)], suffix[1:]
    state, embed = request.app.state, embed_url(request.url.path, request.url.query)
    answer = await state.reads.view_answer(state.store, name, params, fmt, embed)
    return _send(request, answer)


@router.get("/viz/vis-network.min.js", name="vis_js", include_in_schema=False)
def vis_js() -> Response:
    try:
        from viz.views import VIS_JS
    except ImportError as exc:
        raise ApiError(501, f"graph views are not available: {exc}") from exc
    return FileResponse(VIS_JS, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})
