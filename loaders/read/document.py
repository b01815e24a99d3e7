"""Read (stage 1): a file on disk → decoded main text plus what the page declares about itself.

- Plain text (.txt, .md): BOM → UTF-8/16/32; else strict UTF-8; else GB18030 or Big5, whichever decodes
  (charset-normalizer breaks a tie). NUL bytes or a known binary signature → "binary file".
- HTML: the article body via trafilatura (offline), title/date/source in `meta`.
- DOCX: paragraphs and tables in document order; a table row is one line, cells separated by a tab.
- PDF: the text layer via pypdf, pages joined by a newline.
- Web boilerplate lines (breadcrumbs, 浏览次数, 字号, share/print buttons, disclaimers, "related" tails) are
  dropped by the rules in `data/read/boilerplate.tsv`; 发布时间 / 来源 lines stay in the text and also fill `meta`.

Limits (environment): AIKG_MAX_BYTES (file size, default 20 MB) and AIKG_MAX_CHARS (decoded text,
default 3,000,000 characters) — above them the file is refused with a message saying which limit to raise."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from loaders.errors import ExtractionError
from loaders.read.boilerplate import strip_boilerplate
from loaders.read.html import read_html
from loaders.read.limits import max_bytes, max_chars, mb
from loaders.read.office import read_docx, read_pdf
from loaders.read.text import read_text

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
READ_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf")


class RawDocument(BaseModel):
    path: str
    content: bytes = Field(repr=False)  # the bytes as read: the document id hashes them
    text: str  # decoded main text (HTML: the article body only), boilerplate lines removed
    encoding: str = "utf-8"
    format: str = "text"  # text | html | docx | pdf
    # What the file declares about itself, when found: title, date (yyyy-mm-dd), source (来源), doc_no, issuer.
    meta: dict[str, str] = Field(default_factory=dict)



def read_document(path: Path | str) -> RawDocument:
    path = Path(path)
    try:
        return _read(path)
    except ExtractionError as exc:
        if exc.path is None:
            exc.path = str(path)
        raise


def _read(path: Path) -> RawDocument:
    try:
        info = path.stat()
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror or exc}") from exc
    size = info.st_size
    if path.is_dir():
        raise ExtractionError("is a folder, not a document")
    if not stat.S_ISREG(info.st_mode):  # opening a FIFO waits for a writer: forever
        raise ExtractionError(f"not a regular file but {_kind(info.st_mode)}; only files can be read")
    limit = max_bytes()
    if size > limit:
        raise ExtractionError(
            f"file is {mb(size)}, above the {mb(limit)} limit (set AIKG_MAX_BYTES to raise it, "
            "or split the document)"
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)  # the file may have grown since stat: never read past the limit
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise ExtractionError(f"file is above the {mb(limit)} limit (set AIKG_MAX_BYTES to raise it)")
    if not raw.strip():
        raise ExtractionError("empty document")

    fmt = _format_of(path, raw)
    reader = _READERS[fmt]
    text, encoding, meta = reader(raw)
    text, text_meta = strip_boilerplate(text)
    for key, value in text_meta.items():
        meta.setdefault(key, value)
    if not text.strip():
        raise ExtractionError("empty document (no text left after removing page furniture)")
    char_limit = max_chars()
    if len(text) > char_limit:
        raise ExtractionError(
            f"text has {len(text):,} characters, above the {char_limit:,} limit (set AIKG_MAX_CHARS to raise it, "
            "or split the document)"
        )
    return RawDocument(path=str(path), content=raw, text=text, encoding=encoding, format=fmt, meta=meta)




def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def skipped_in_folder(folder: Path | str) -> list[tuple[Path, str]]:
    """What a walk of `folder` for documents passes over without a word: dangling symbolic links,
    symbolic link loops, FIFOs, sockets and devices, each with the reason, so a caller can name them."""
    found: list[tuple[Path, str]] = []
    for root, dirs, files in os.walk(folder):  # like the document walk: symlinked folders are not entered
        for name in [*dirs, *files]:
            entry = Path(root) / name
            try:
                mode = entry.stat().st_mode
            except FileNotFoundError:
                found.append((entry, "skipped: dangling symbolic link"))
                continue
            except OSError as exc:
                reason = "symbolic link loop" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
                found.append((entry, f"skipped: {reason}"))
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append((entry, f"skipped: {_kind(mode)}"))
    return sorted(found)


def _format_of(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    # Content wins over a wrong suffix for the formats we can read.
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04") and suffix in (".docx", *TEXT_SUFFIXES, ""):
        return "docx"
    if suffix == ".docx":
        raise ExtractionError("not a .docx file (it is not a Word ZIP package); save it again as .docx")
    if suffix == ".pdf":
        raise ExtractionError("not a PDF file (no %PDF header)")
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES or suffix == "":
        head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"  # a web page saved with a .txt name
        return "text"
    if suffix == ".doc":
        raise ExtractionError("old Word .doc files are not supported; save the document as .docx")
    raise ExtractionError(f"unsupported file type {suffix!r} (supported: {', '.join(READ_SUFFIXES)})")


_READERS: dict[str, Callable[[bytes], tuple[str, str, dict[str, str]]]] = {
    "text": read_text,
    "html": read_html,
    "docx": read_docx,
    "pdf": read_pdf,
}
