"""The FastAPI application: JSON API, HTML views and the web page.

Every read goes through a saved query (`cypher/`), run read-only with bound
parameters; writes (upload, delete) need the bearer token from AIKG_API_TOKEN.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from api import analytics as analysis_routes
from api import export
from api import pages as page_routes
from api.guards import WriteGuard, token_problem
from api.limits import Busy, QueryLimiter
from graph.store import GraphStore, InvalidParameter, QueryRejected, StoreUnavailable, make_durable, open_store
from loaders import SUPPORTED_SUFFIXES, ExtractionError, extract_file
from queries import ParameterError, QueryOutput, Registry, SavedQuery, UnknownQuery
from queries.registry import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS

STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
# C0 controls and DEL: no name, id or search text holds one, and NUL breaks the engine's query text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
log = logging.getLogger("aikg.api")
# Our own pages load only our own scripts; views are framed from the same origin.
PAGE_CSP = "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; object-src 'none'; base-uri 'none'"


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        self.status = status
        self.message = message
        self.extra = extra
        super().__init__(message)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def _max_upload() -> int:
    return _env_int("AIKG_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    # tw2sp also maps Taiwan vocabulary (人工智慧 → 人工智能, 資訊 → 信息).
    return opencc.OpenCC("tw2sp")


def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
    # WriteGuard has checked already, before the body was read; this keeps the rule visible on the route.
    problem = token_problem(authorization)
    if problem:
        raise ApiError(401, problem)


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


# Module level: FastAPI resolves the (postponed) annotations from the module's globals.
StoreDep = Annotated[GraphStore, Depends(get_store)]


def _query_schema(q: SavedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "description_zh": q.description_zh,
        "internal": q.internal,
        "view": q.view,
        "params": [p.model_dump() for p in q.params],
    }


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not accept.startswith("application/json")


def create_app(store: GraphStore | None = None, *, registry: Registry | None = None) -> FastAPI:
    """Build the app; with no store given, open the configured one on start-up."""
    reg = registry or Registry.load()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        owned = store is None
        app.state.store = store or open_store()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="aikg",
        description="Regional AI-industry knowledge graph: saved queries, graph views, entities and documents.",
        lifespan=lifespan,
    )
    app.state.registry = reg
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(analysis_routes.router)
    app.include_router(page_routes.router)

    @app.middleware("http")
    async def _refuse_control_characters(request: Request, call_next):  # type: ignore[no-untyped-def]
        # Before any route: a control character in the path or a parameter is a 422 naming where it was.
        if _CONTROL.search(request.scope.get("path", "")):
            return JSONResponse({"detail": "the URL path contains a control character", "parameter": "path"},
                                status_code=422)
        for key, value in request.query_params.multi_items():
            if _CONTROL.search(key) or _CONTROL.search(value):
                return JSONResponse({"detail": f"parameter {key!r} contains a control character",
                                     "parameter": key}, status_code=422)
        return await call_next(request)

    app.add_middleware(WriteGuard, prefix="/documents", max_bytes=_max_upload)

    # -- errors: JSON with a message a user can act on ----------------------
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, **exc.extra}, status_code=exc.status)

    @app.exception_handler(UnknownQuery)
    async def _unknown(_: Request, exc: UnknownQuery) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=404)

    @app.exception_handler(ParameterError)
    async def _bad_param(_: Request, exc: ParameterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "parameter": exc.param}, status_code=422)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse({"detail": f"graph store unavailable: {exc}"}, status_code=503)

    @app.exception_handler(Busy)
    async def _busy(_: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(InvalidParameter)
    async def _invalid_param(_: Request, exc: InvalidParameter) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(QueryRejected)
    async def _rejected(request: Request, exc: QueryRejected) -> JSONResponse:
        # The engine's message names our query's internals: it goes to the log, not to the caller.
        text = str(exc)
        log.warning("store rejected a query for %s: %s", request.url.path, text)
        if "timed out" in text.lower() or "timeout" in text.lower():
            return JSONResponse({"detail": "query timed out"}, status_code=504)
        return JSONResponse({"detail": "the store could not run this query (details in the server log)"},
                            status_code=500)

    limiter = QueryLimiter(per_query=_env_int("AIKG_QUERY_SLOTS", 2), total=_env_int("AIKG_STORE_SLOTS", 4))

    def run(st: GraphStore, name: str, params: dict[str, Any], **kwargs: Any) -> QueryOutput:
        # Read per request, so an operator can tighten them without a restart of the code path.
        timeout_ms = kwargs.pop("timeout_ms", _env_int("AIKG_QUERY_TIMEOUT_MS", DEFAULT_TIMEOUT_MS))
        kwargs.setdefault("row_cap", _env_int("AIKG_ROW_CAP", DEFAULT_ROW_CAP))
        reg.validate(name, params)  # a bad request is a 422 at once, not after waiting for a slot
        with limiter.slot(name, timeout_ms) as left_ms:  # the wait counts against the timeout
            return reg.run(st, name, params, timeout_ms=left_ms, **kwargs)

    # -- saved queries ------------------------------------------------------
    @app.get("/queries", summary="List saved queries with their parameter schema")
    def list_queries() -> list[dict[str, Any]]:
        return [_query_schema(q) for q in reg.all()]

    @app.get("/queries/{name}", summary="Run a saved query; its parameters come from the URL query string")
    def run_query(name: str, request: Request, st: StoreDep) -> dict[str, Any]:
        out = run(st, name, dict(request.query_params), subgraph=False)
        body = out.model_dump(mode="json", exclude={"subgraph"})
        body["view"] = reg.get(name).view
        return body

    @app.get("/views/{name}", summary="A saved query as an HTML graph view, or PNG / SVG (name.png, ?format=png)")
    def view(name: str, request: Request, st: StoreDep) -> Response:
        params = dict(request.query_params)
        fmt = params.pop("format", "html").lower()
        for suffix in (".png", ".svg", ".html"):
            if name.endswith(suffix):
                name, fmt = name[: -len(suffix)], suffix[1:]
        if fmt not in ("html", "png", "svg"):
            raise ApiError(422, f"format must be html, png or svg, not {fmt!r}", parameter="format")
        subgraph = run(st, name, params, subgraph=True).subgraph
        title = reg.get(name).title
        if fmt == "html":
            try:
                from viz.views import iframe_snippet, render_view, view_csp
            except ImportError as exc:
                raise ApiError(501, f"graph views are not available: {exc}") from exc
            # Never built from the Host header (a forged one would land in the page): the snippet holds
            # AIKG_PUBLIC_URL or the bare path (the view's own script prefixes the browser's origin),
            # the script URL is relative to /views/.
            query = f"?{request.url.query}" if request.url.query else ""
            embed = iframe_snippet(os.environ.get("AIKG_PUBLIC_URL", "").rstrip("/") + request.url.path + query,
                                   title=title)
            page = render_view(subgraph, title=title, embed_snippet=embed, script_url="../viz/vis-network.min.js",
                               link_base="")
            return HTMLResponse(page, headers={"Content-Security-Policy": view_csp(page)})
        try:
            from viz.static_export import render_png, render_svg
        except ImportError as exc:
            raise ApiError(501, f"PNG/SVG export is not available: {exc}") from exc
        if fmt == "png":
            return Response(render_png(subgraph, title=title), media_type="image/png")
        return Response(render_svg(subgraph, title=title), media_type="image/svg+xml",
                        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

    @app.get("/viz/vis-network.min.js", name="vis_js", include_in_schema=False)
    def vis_js() -> Response:
        try:
            from viz.views import VIS_JS
        except ImportError as exc:
            raise ApiError(501, f"graph views are not available: {exc}") from exc
        return FileResponse(VIS_JS, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    # -- entities -----------------------------------------------------------
    @app.get("/entities", summary="Search entities by name or alias (Traditional input is converted)")
    def search_entities(
        st: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=100, description="text in a name or alias")],
        type: Annotated[str, Query(max_length=20, description="entity type, e.g. Agency")] = "",
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> dict[str, Any]:
        simplified = _converter().convert(q.strip())
        found: dict[str, dict[str, Any]] = {}
        for text in dict.fromkeys([simplified, q.strip()]):  # converted first, the original as typed second
            if not text or len(found) >= limit:
                continue
            out = run(st, "entity-search", {"q": text, "type": type, "limit": limit})
            for row in out.rows:
                item = dict(zip(out.columns, row, strict=True))
                found.setdefault(item["id"], item)
        return {"query": q, "searched": simplified, "results": list(found.values())[:limit]}

    @app.get("/entity", include_in_schema=False)
    def entity_page() -> FileResponse:
        return FileResponse(STATIC / "entity.html", headers={"Content-Security-Policy": PAGE_CSP})

    @app.get("/entities/{entity_id:path}", summary="One entity: properties, neighbours, evidence, documents")
    def entity(entity_id: str, request: Request, st: StoreDep) -> Any:
        if _wants_html(request):
            return FileResponse(STATIC / "entity.html", headers={"Content-Security-Policy": PAGE_CSP})
        detail = run(st, "entity-detail", {"id": entity_id})
        if not detail.rows:
            raise ApiError(404, f"no entity with id {entity_id!r}")
        cols = detail.columns
        relationships = []
        for row in detail.rows:
            item = dict(zip(cols, row, strict=True))
            rel, other = item["relationship"], item["neighbour"]
            if rel is None or other is None:
                continue
            relationships.append({
                "type": rel["type"],
                "direction": "out" if rel["source"] == entity_id else "in",
                "role": rel["props"].get("role"),
                "neighbour": {"id": other["id"], "name": other["props"].get("name"), "type": other["label"]},
                "evidence": rel["props"].get("evidence", ""),
                "doc_id": item["doc_id"] or rel["props"].get("doc_id"),
                "document": item["document"],
                "date": item.get("date"),
                "key": rel["props"].get("key"),
            })
        docs = run(st, "entity-documents", {"id": entity_id})
        return {
            "entity": detail.rows[0][0],
            "relationships": relationships,
            "documents": [dict(zip(docs.columns, row, strict=True)) for row in docs.rows],
            "truncated": detail.truncated,
        }

    # -- documents ----------------------------------------------------------
    @app.get("/documents", summary="The stored documents")
    def documents(st: StoreDep) -> list[dict[str, Any]]:
        return [d.model_dump(mode="json") for d in st.documents()]

    @app.post("/documents", summary="Upload and ingest documents (token)", dependencies=[Depends(require_token)])
    def upload(
        request: Request,
        st: StoreDep,
        files: Annotated[list[UploadFile], File(description="txt, md, html, docx or pdf")],
    ) -> JSONResponse:
        limit = _max_upload()
        # Each file is checked before anything is written: an oversized one refuses the whole request.
        for f in files:
            size = f.size if f.size is not None else len(f.file.read())
            f.file.seek(0)
            if size > limit:
                raise ApiError(413, f"{f.filename}: {size} bytes is over the upload limit of {limit} bytes "
                                    "(AIKG_MAX_UPLOAD_BYTES)", file=f.filename)
        results: list[dict[str, Any]] = []
        for f in files:
            results.append(_ingest(st, f))
        try:
            make_durable(st)  # a document is reported stored only once it is on disk
        except RuntimeError as exc:
            results = [r if "error" in r else {"file": r["file"], "error": str(exc)} for r in results]
        ok = [r for r in results if "error" not in r]
        status = 200 if ok else 422
        detail = None if ok else "; ".join(f"{r['file']}: {r['error']}" for r in results)
        return JSONResponse({"detail": detail, "results": results} if detail else {"results": results},
                            status_code=status)

    def _ingest(st: GraphStore, f: UploadFile) -> dict[str, Any]:
        name = Path(f.filename or "upload").name
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return {"file": name, "error": f"unsupported file type {suffix or '(none)'!r}; "
                                          f"use one of {', '.join(SUPPORTED_SUFFIXES)}"}
        with tempfile.TemporaryDirectory(prefix="aikg-upload-") as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(f.file.read())
            try:
                extraction = extract_file(path)
            except ExtractionError as exc:
                return {"file": name, "error": f"cannot read this document: {exc}"}
            except Exception as exc:  # a bad document must not stop the batch
                return {"file": name, "error": f"cannot read this document: {type(exc).__name__}: {exc}"}
        extraction = extraction.model_copy(update={"doc": extraction.doc.model_copy(update={"path": name})})
        try:
            result = st.write(extraction)
        except StoreUnavailable:
            raise
        except (ValueError, RuntimeError) as exc:
            return {"file": name, "error": f"could not store this document: {exc}"}
        return {"file": name, **result.model_dump(), "title": extraction.doc.title}

    @app.delete("/documents/{doc_id}", summary="Remove what only this document stated (token)",
                dependencies=[Depends(require_token)])
    def delete_document(doc_id: str, st: StoreDep) -> dict[str, Any]:
        if not st.delete_document(doc_id):
            raise ApiError(404, f"no document {doc_id!r} in the store")
        return {"deleted": doc_id}

    # -- export, health, page -----------------------------------------------
    @app.get("/export", summary="The whole graph as GraphML, JSON or CSV (csv: part=nodes|edges)")
    def export_graph(
        st: StoreDep,
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

    health_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aikg-health")

    @app.get("/health")
    async def health(st: StoreDep) -> JSONResponse:
        # Off the store's query queue and off the request thread pool: a liveness answer even while
        # every query slot is taken. FalkorDB answers a ping between graph queries; GET /documents counts.
        alive = getattr(st, "ping", None) or (lambda: st.stats() is not None)
        try:
            ok = await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(health_pool, alive), 3.0)
        except (StoreUnavailable, TimeoutError, OSError):
            ok = False
        body = {"status": "ok" if ok else "unavailable", "store": st.name, "queries": len(reg.names())}
        return JSONResponse(body if ok else {"detail": "graph store unavailable", **body},
                            status_code=200 if ok else 503)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": PAGE_CSP})

    return app
