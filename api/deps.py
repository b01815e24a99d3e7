"""What the routers share: the store, the saved queries and the analysis stage of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from analysis.service import Analysis
from graph.store import GraphStore
from queries import Registry

# Our pages use inline styles only, no scripts; views are framed from the same origin.
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
            "base-uri 'none'; form-action 'self'")


def store(request: Request) -> GraphStore:
    return request.app.state.store


def registry(request: Request) -> Registry:
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
