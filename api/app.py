"""The FastAPI application: JSON API, HTML views and the web page."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from graph.store import GraphStore, open_store


def create_app(store: GraphStore | None = None) -> FastAPI:
    """Build the app; with no store given, open the configured one on start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        owned = store is None
        app.state.store = store or open_store()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(title="aikg", description="Regional AI-industry knowledge graph", lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, object]:
        stats = app.state.store.stats()
        return {"status": "ok", "store": app.state.store.name, "documents": stats.documents}

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return "<!doctype html><meta charset=utf-8><title>aikg</title><h1>aikg</h1><a href=/docs>API docs</a>"

    return app
