"""How the API answers: JSON encoded by orjson, and errors as JSON with a message a user can act on."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qsl

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from api.limits import Busy
from graph.store import InvalidParameter, QueryRejected, StoreUnavailable
from queries import ParameterError, UnknownQuery

log = logging.getLogger("aikg.api")
# C0 controls and DEL: no name, id or search text holds one, and NUL breaks the engine's query text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x1f\x7f]")


class FastJSON(JSONResponse):
    """JSON through orjson: several times faster than the standard library on large rows."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        self.status = status
        self.message = message
        self.extra = extra
        super().__init__(message)


def _json(body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> Response:
    return FastJSON(body, status_code=status, headers=headers)


def control_character_problem(scope: dict[str, Any]) -> dict[str, str] | None:
    """Why this request's path or parameters may not be used (a control character), or None."""
    if _CONTROL.search(scope.get("path", "")):
        return {"detail": "the URL path contains a control character", "parameter": "path"}
    raw = scope.get("query_string", b"")
    if b"%" not in raw and not _CONTROL_BYTES.search(raw):
        return None  # nothing encoded: nothing hidden (the common case, without parsing)
    for key, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if _CONTROL.search(key) or _CONTROL.search(value):
            return {"detail": f"parameter {key!r} contains a control character", "parameter": key}
    return None


class RefuseControlCharacters:
    """Before any route: a control character in the path or a parameter is a 422 naming where it was.

    Plain ASGI (not @app.middleware, whose per-request wrapping cost a third of a cached answer's time)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        problem = control_character_problem(scope) if scope["type"] == "http" else None
        if problem is None:
            await self.app(scope, receive, send)
            return
        await _json(problem, 422)(scope, receive, send)


def install(app: FastAPI) -> None:
    """The refusal of control characters (before any route) and the exception handlers."""
    app.add_middleware(RefuseControlCharacters)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> Response:
        return _json({"detail": exc.message, **exc.extra}, exc.status)

    @app.exception_handler(UnknownQuery)
    async def _unknown(_: Request, exc: UnknownQuery) -> Response:
        return _json({"detail": exc.message}, 404)

    @app.exception_handler(ParameterError)
    async def _bad_param(_: Request, exc: ParameterError) -> Response:
        return _json({"detail": str(exc), "parameter": exc.param}, 422)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(_: Request, exc: StoreUnavailable) -> Response:
        return _json({"detail": f"graph store unavailable: {exc}"}, 503)

    @app.exception_handler(Busy)
    async def _busy(_: Request, exc: Busy) -> Response:
        return _json({"detail": str(exc)}, 503, {"Retry-After": "2"})

    @app.exception_handler(InvalidParameter)
    async def _invalid_param(_: Request, exc: InvalidParameter) -> Response:
        return _json({"detail": str(exc)}, 422)

    @app.exception_handler(QueryRejected)
    async def _rejected(request: Request, exc: QueryRejected) -> Response:
        # The engine's message names our query's internals: it goes to the log, not to the caller.
        text = str(exc)
        log.warning("store rejected a query for %s: %s", request.url.path, text)
        if "timed out" in text.lower() or "timeout" in text.lower():
            return _json({"detail": "query timed out"}, 504)
        return _json({"detail": "the store could not run this query (details in the server log)"}, 500)
