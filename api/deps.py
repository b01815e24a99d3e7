"""What the routers share: the store, the saved queries and the analysis stage of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from analysis.service import Analysis
from api.errors import ApiError
from api.guards import token_problem
from api.limits import env_int
from api.reads import Reads
from graph.store import GraphStore
from queries import Registry

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024

# Our pages use inline styles only, no scripts; views are framed from the same origin.
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
            "base-uri 'none'; form-action 'self'")


# The trivial dependencies are async: FastAPI runs a plain `def` dependency in its thread pool, one hop each.
async def store(request: Request) -> GraphStore:
    return request.app.state.store


def max_upload() -> int:
    return env_int("AIKG_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)


def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
    # WriteGuard has checked already, before the body was read; this keeps the rule visible on the route.
    problem = token_problem(authorization)
    if problem:
        raise ApiError(401, problem)


async def reads(request: Request) -> Reads:
    return request.app.state.reads


async def registry(request: Request) -> Registry:
    return request.app.state.registry


def analysis(request: Request) -> Analysis:
    # One per app: its cache lives as long as the app does.
    if getattr(request.app.state, "analysis", None) is None:
        request.app.state.analysis = Analysis(request.app.state.registry)
    return request.app.state.analysis


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not accept.startswith("application/json")


StoreDep = Annotated[GraphStore, Depends(store)]
RegistryDep = Annotated[Registry, Depends(registry)]
AnalysisDep = Annotated[Analysis, Depends(analysis)]
ReadsDep = Annotated[Reads, Depends(reads)]
