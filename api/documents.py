"""GET /documents (the stored documents), POST /documents (upload, token), DELETE /documents/{id} (token).

GET /documents/{id}, a document's page, is in api/pages.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse

from api import uploads
from api.deps import StoreDep, max_upload, require_token
from api.errors import ApiError, FastJSON

router = APIRouter(tags=["documents"])


@router.get("/documents", summary="The stored documents")
def documents(st: StoreDep) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json") for d in st.documents()]


@router.post("/documents", summary="Upload and ingest documents (token)", dependencies=[Depends(require_token)])
def upload(
    request: Request,
    st: StoreDep,
    files: Annotated[list[UploadFile], File(description="txt, md, html, docx or pdf")],
) -> JSONResponse:
    uploads.check_sizes(files, max_upload())
    status, body = uploads.ingest(request.app.state.extractor, st, files)
    return FastJSON(body, status_code=status)


@router.delete("/documents/{doc_id}", summary="Remove what only this document stated (token)",
               dependencies=[Depends(require_token)])
def delete_document(doc_id: str, st: StoreDep) -> dict[str, Any]:
    if not st.delete_document(doc_id):
        raise ApiError(404, f"no document {doc_id!r} in the store")
    return {"deleted": doc_id}
