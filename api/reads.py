"""Reads behind the routes: saved queries under the concurrency limits, answers cached by graph version.

`Reads.run` is every route's way to a saved query. `query_answer` and `view_answer` (async: a cache hit
never leaves the event loop; a miss runs in the thread pool) give the bytes of GET /queries/{name} and
/views/{name}, from the cache when the graph has not changed since.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool

from api.cache import DEFAULT_BYTES, DEFAULT_ENTRIES, Cached, ResponseCache
from api.errors import ApiError
from api.limits import QueryLimiter, env_int
from graph.model import Subgraph
from graph.store import GraphStore
from queries import QueryOutput, Registry
from queries.registry import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS

VIEW_FORMATS = ("html", "png", "svg")
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _params_key(params: dict[str, Any]) -> bytes:
    # Validated values (ints, floats, text, lists): one canonical byte string, hashable.
    return orjson.dumps(params, option=orjson.OPT_SORT_KEYS)


class Reads:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.limiter = QueryLimiter(per_query=env_int("AIKG_QUERY_SLOTS", 2), total=env_int("AIKG_STORE_SLOTS", 4))
        # AIKG_CACHE=off keeps nothing (benchmarks of the uncached path; ETags still work).
        off = os.environ.get("AIKG_CACHE", "").strip().lower() in ("0", "off", "no", "false")
        self.cache = ResponseCache(0 if off else env_int("AIKG_CACHE_ENTRIES", DEFAULT_ENTRIES),
                                   env_int("AIKG_CACHE_MB", DEFAULT_BYTES >> 20) << 20)

    def run(self, st: GraphStore, name: str, params: dict[str, Any], **kwargs: Any) -> QueryOutput:
        # Read per request, so an operator can tighten them without a restart of the code path.
        timeout_ms = kwargs.pop("timeout_ms", env_int("AIKG_QUERY_TIMEOUT_MS", DEFAULT_TIMEOUT_MS))
        kwargs.setdefault("row_cap", env_int("AIKG_ROW_CAP", DEFAULT_ROW_CAP))
        kwargs.setdefault("lean", True)  # what a client needs: no index text, extractor notes or offsets
        self.registry.validate(name, params)  # a bad request is a 422 at once, not after waiting for a slot
        with self.limiter.slot(name, timeout_ms) as left_ms:  # the wait counts against the timeout
            return self.registry.run(st, name, params, timeout_ms=left_ms, **kwargs)

    async def _cached(self, st: GraphStore, key: tuple[Any, ...], build: Callable[[], Cached]) -> Cached:
        # The version is read BEFORE the query: the answer is then at least as new as its key says.
        # On FalkorDB it is one redis GET (~0.1 ms, answered between graph queries): read on the event loop,
        # so a cache hit costs no thread hop. Other stores read it with a query: in the thread pool.
        version = st.version() if st.name == "falkordb" else await run_in_threadpool(st.version)
        found = self.cache.get(version, key)
        if found is None:
            found = await run_in_threadpool(build)
            self.cache.put(version, key, found)
        return found

    async def query_answer(self, st: GraphStore, name: str, given: dict[str, Any]) -> Cached:
        """The JSON body of GET /queries/{name}: the saved query's rows, without the subgraph."""
        params = self.registry.validate(name, given)
        row_cap = env_int("AIKG_ROW_CAP", DEFAULT_ROW_CAP)

        def build() -> Cached:
            out = self.run(st, name, params, subgraph=False, row_cap=row_cap)
            body = {"query": out.query, "params": out.params, "columns": out.columns, "rows": out.rows,
                    "truncated": out.truncated, "view": self.registry.get(name).view}
            return Cached.of(orjson.dumps(body), "application/json")

        return await self._cached(st, ("query", name, _params_key(params), row_cap), build)

    async def view_answer(self, st: GraphStore, name: str, given: dict[str, Any], fmt: str,
                          embed_src: str) -> Cached:
        """A saved query drawn as an HTML view (embed_src: the URL its embed snippet names), a PNG or an SVG."""
        if fmt not in VIEW_FORMATS:
            raise ApiError(422, f"format must be html, png or svg, not {fmt!r}", parameter="format")
        params = self.registry.validate(name, given)
        row_cap = env_int("AIKG_ROW_CAP", DEFAULT_ROW_CAP)

        def build() -> Cached:
            subgraph = self.run(st, name, params, subgraph=True, row_cap=row_cap).subgraph
            return render(subgraph, self.registry.get(name).title, fmt, embed_src)

        key = ("view", name, _params_key(params), row_cap, fmt, embed_src if fmt == "html" else "")
        return await self._cached(st, key, build)


def render(subgraph: Subgraph, title: str, fmt: str, embed_src: str) -> Cached:
    if fmt == "html":
        try:
            from viz.views import iframe_snippet, render_view, view_csp
        except ImportError as exc:
            raise ApiError(501, f"graph views are not available: {exc}") from exc
        # The script URL is relative to /views/ and the snippet never built from the Host header
        # (a forged one would land in the page).
        page = render_view(subgraph, title=title, embed_snippet=iframe_snippet(embed_src, title=title),
                           script_url="../viz/vis-network.min.js", link_base="")
        return Cached.of(page.encode(), "text/html; charset=utf-8", {"Content-Security-Policy": view_csp(page)})
    try:
        from viz.static_export import render_png, render_svg
    except ImportError as exc:
        raise ApiError(501, f"PNG/SVG export is not available: {exc}") from exc
    if fmt == "png":
        return Cached.of(render_png(subgraph, title=title), "image/png")
    return Cached.of(render_svg(subgraph, title=title), "image/svg+xml", {"Content-Security-Policy": SVG_CSP})


def embed_url(path: str, query: str) -> str:
    """AIKG_PUBLIC_URL (or nothing: the view's own script prefixes the browser's origin) + path + query."""
    return os.environ.get("AIKG_PUBLIC_URL", "").rstrip("/") + path + (f"?{query}" if query else "")
