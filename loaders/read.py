"""Read: a file on disk → decoded text (stage 1). Placeholder: UTF-8 / GB18030 text only."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from loaders.errors import ExtractionError


class RawDocument(BaseModel):
    path: str
    content: bytes = Field(repr=False)  # the bytes as read: the document id hashes them
    text: str  # decoded main text (HTML: the article body only)
    encoding: str = "utf-8"
    format: str = "text"  # text | html | docx | pdf
    meta: dict[str, str] = Field(default_factory=dict)  # e.g. title/date/source an HTML page declares


def read_document(path: Path | str) -> RawDocument:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror}") from exc
    if not raw.strip():
        raise ExtractionError("empty document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return RawDocument(path=str(path), content=raw, text=raw.decode(encoding), encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("cannot decode text (not UTF-8 or GB18030)")
