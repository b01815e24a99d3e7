"""GET /entities (search), /entities/{id} (one entity as JSON, or its page for a browser) and /entity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse

from api import entity_reads
from api.deps import ReadsDep, StoreDep, wants_html

router = APIRouter(tags=["entities"])
STATIC = Path(__file__).resolve().parent / "static"
# Our own pages load only our own scripts; views are framed from the same origin.
PAGE_CSP = "default-src 'self'; img-src 'self' data: blob:; frame-src 'self'; object-src 'none'; base-uri 'none'"


def static_page(name: str) -> FileResponse:
    return FileResponse(STATIC / name, headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/entities", summary="Search entities by name or alias (Traditional input is converted)")
def search_entities(
    st: StoreDep,
    reads: ReadsDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="text in a name or alias")],
    type: Annotated[str, Query(max_length=20, description="entity type, e.g. Agency")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    return entity_reads.search(reads, st, q, type, limit)


@router.get("/entity", include_in_schema=False)
def entity_page() -> FileResponse:
    return static_page("entity.html")


@router.get("/entities/{entity_id:path}", summary="One entity: properties, neighbours, evidence, documents")
def entity(entity_id: str, request: Request, st: StoreDep, reads: ReadsDep) -> Any:
    if wants_html(request):
        return static_page("entity.html")
    return entity_reads.detail(reads, st, entity_id)
