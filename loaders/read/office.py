"""Office formats. DOCX: paragraphs and tables in document order, a table row one line with its cells separated
by a tab. PDF: the text layer via pypdf, pages joined by a newline."""

from __future__ import annotations

import io
import zipfile

from loaders.errors import ExtractionError
from loaders.read.limits import max_bytes, mb

# Word's XML compresses about 5-20:1; a part above both bounds is a bomb, not a document.
_DOCX_MAX_RATIO = 100
_DOCX_PART_FREE = 2 * 1024 * 1024


def read_docx(raw: bytes) -> tuple[str, str, dict[str, str]]:
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        parts = package.infolist()
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"not a valid .docx file (broken ZIP: {exc})") from exc
    # A ZIP bomb must be refused from the sizes its directory declares, before python-docx unpacks and
    # parses a part: a 557 kB file unpacking to 150 MB of XML took minutes and 2 GB.
    unpacked = sum(info.file_size for info in parts)
    if unpacked > 10 * max_bytes():
        raise ExtractionError(f"the .docx unpacks to {mb(unpacked)}, too large (see AIKG_MAX_BYTES)")
    for info in parts:
        if info.file_size > _DOCX_PART_FREE and info.file_size > _DOCX_MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError(
                f"the .docx part {info.filename} unpacks to {mb(info.file_size)} from {info.compress_size:,} "
                f"bytes (over {_DOCX_MAX_RATIO}:1): refused as a ZIP bomb"
            )
    if "word/document.xml" not in package.namelist():
        raise ExtractionError("not a Word .docx file (no word/document.xml inside the ZIP)")

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise ExtractionError(f"cannot open .docx: {exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    meta: dict[str, str] = {}
    props = document.core_properties
    if props.title:
        meta["title"] = props.title.strip()
    return "\n".join(lines), "docx", meta


def _table_lines(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # a merged cell repeats across its span
                continue
            previous = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


# ---------------------------------------------------------------------------------------------- PDF


def read_pdf(raw: bytes) -> tuple[str, str, dict[str, str]]:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("the PDF is password-protected; remove the password and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(f"cannot read PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ExtractionError("the PDF has no text layer (a scan?); run OCR first")
    meta: dict[str, str] = {}
    if info is not None and info.title and str(info.title).strip():
        meta["title"] = str(info.title).strip()
    return text, "pdf", meta
