"""Read (stage 1): a file on disk → decoded main text plus what the page declares about itself.

- Plain text (.txt, .md): BOM → UTF-8/16/32; else strict UTF-8; else GB18030 or Big5, whichever decodes
  (charset-normalizer breaks a tie). NUL bytes or a known binary signature → "binary file".
- HTML: the article body via trafilatura (offline), title/date/source in `meta`.
- DOCX: paragraphs and tables in document order; a table row is one line, cells separated by a tab.
- PDF: the text layer via pypdf, pages joined by a newline.
- Web boilerplate lines (breadcrumbs, 浏览次数, 字号, share/print buttons, disclaimers, "related" tails) are
  dropped by the rules in `data/boilerplate.tsv`; 发布时间 / 来源 lines stay in the text and also fill `meta`.

Limits (environment): AIKG_MAX_BYTES (file size, default 20 MB) and AIKG_MAX_CHARS (decoded text,
default 3,000,000 characters) — above them the file is refused with a message saying which limit to raise.
"""

from __future__ import annotations

import copy
import errno
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from loaders.errors import ExtractionError

if TYPE_CHECKING:
    import lxml.html

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_CHARS = 3_000_000
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


# ---------------------------------------------------------------------------------------------- limits


def _env_limit(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        limit = int(value)
    except ValueError as exc:
        raise ExtractionError(f"{name}={value!r} is not a whole number of bytes/characters") from exc
    if limit <= 0:
        raise ExtractionError(f"{name} must be positive, got {limit}")
    return limit


def max_bytes() -> int:
    return _env_limit("AIKG_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_chars() -> int:
    return _env_limit("AIKG_MAX_CHARS", DEFAULT_MAX_CHARS)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------- entry point


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
            f"file is {_mb(size)}, above the {_mb(limit)} limit (set AIKG_MAX_BYTES to raise it, "
            "or split the document)"
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)  # the file may have grown since stat: never read past the limit
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise ExtractionError(f"file is above the {_mb(limit)} limit (set AIKG_MAX_BYTES to raise it)")
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


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx/.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x7fELF", "a program"),
)


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


# ---------------------------------------------------------------------------------------------- plain text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_text(raw: bytes) -> tuple[str, str]:
    """Bytes of a text file → (text, encoding name). Raises ExtractionError for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise ExtractionError(
                    f"cannot decode text: it starts with a {encoding} byte-order mark but byte {exc.start} "
                    f"is not valid {encoding}"
                ) from exc
    for signature, what in _SIGNATURES:
        if raw.startswith(signature):
            raise ExtractionError(f"binary file, not text: it looks like {what}")
    nul = raw.find(b"\x00")  # anywhere: NULs further in were dropped later, gluing the names around them
    if nul >= 0:
        where = "" if nul < 65536 else f" at byte {nul:,}"
        raise ExtractionError(f"binary file, not text (contains NUL bytes{where}; UTF-16 text needs a byte-order mark)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_japanese(raw)
    decoded: dict[str, str] = {}
    for encoding in ("gb18030", "big5"):
        try:
            decoded[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 2:
        encoding = _pick_chinese(raw, decoded)
        decoded = {encoding: decoded[encoding]}
    if decoded:
        encoding, text = next(iter(decoded.items()))
        if _plausible_share(text) >= 0.8:
            return text, encoding
    raise ExtractionError(
        "cannot decode text: not UTF-8, UTF-16 (with BOM), GB18030/GBK or Big5; save the file as UTF-8"
    )


def _kana_share(text: str) -> float:
    visible = [c for c in text[:200_000] if not c.isspace() and ord(c) >= 0x80]
    return sum(1 for c in visible if 0x3040 <= ord(c) <= 0x30FF) / len(visible) if visible else 0.0


def _refuse_japanese(raw: bytes) -> None:
    """Shift-JIS bytes also decode as GB18030, into plausible-looking but meaningless Chinese characters.
    Japanese text is full of kana (above a quarter of its characters); Chinese read as Shift-JIS has few."""
    try:
        japanese = raw.decode("shift_jis")
    except UnicodeDecodeError:
        return
    if _kana_share(japanese) >= 0.1:
        raise ExtractionError("the text is Japanese in Shift-JIS, not Chinese; only Chinese documents are read")


def _pick_chinese(raw: bytes, decoded: dict[str, str]) -> str:
    """Both GB18030 and Big5 decode: prefer the reading that looks like text (fewer kana/symbols/rare chars)."""
    scores = {enc: _plausible_share(text) for enc, text in decoded.items()}
    best = max(scores, key=lambda enc: scores[enc])
    if abs(scores["gb18030"] - scores["big5"]) >= 0.02:
        return best
    import charset_normalizer

    match = charset_normalizer.from_bytes(raw, cp_isolation=["gb18030", "big5"]).best()
    if match is not None and match.encoding in decoded:
        return match.encoding
    return "gb18030"


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (
        o < 0x80
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs (not the rare extensions)
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2010 <= o <= 0x206F  # general punctuation: “” … —
        or 0x2460 <= o <= 0x24FF  # circled numbers ①
        or 0x3200 <= o <= 0x32FF  # parenthesised ideographs ㈠
        or ch in "·×÷°±√≤≥％№"
    )


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese document plausibly contains; mis-decoded bytes give kana, Greek, rare chars."""
    sample = text[:200_000]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return 1.0
    return sum(1 for c in visible if _plausible(c)) / len(visible)


def _read_text(raw: bytes) -> tuple[str, str, dict[str, str]]:
    text, encoding = decode_text(raw)
    return text, encoding, {}


# ---------------------------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _decode_html(raw: bytes) -> tuple[str, str]:
    match = _META_CHARSET.search(raw[:4096])
    if match and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = match.group(1).decode("ascii").lower()
        # gb2312/gbk pages routinely contain GBK-only characters: read them with the superset
        encoding = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5-hkscs": "big5hkscs"}.get(
            declared, declared
        )
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass  # wrong declaration: detect like plain text
    return decode_text(raw)


def _read_html(raw: bytes) -> tuple[str, str, dict[str, str]]:
    html, encoding = _decode_html(raw)
    import trafilatura

    meta: dict[str, str] = {}
    text = ""
    try:
        # Parsed here, with libxml2's depth limit lifted: its default (256 levels, reached by unclosed <font>
        # tags or deep nesting) silently cut the page; trafilatura takes the tree as it is.
        doc = trafilatura.bare_extraction(
            copy.deepcopy(_parse_html(html)),
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            favor_recall=True,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise ExtractionError(f"cannot parse HTML: {exc}") from exc
    if doc is not None:
        text = (doc.text or "").strip()
        for key in ("title", "date", "sitename", "author"):
            value = getattr(doc, key, None)
            if value:
                meta[key] = str(value).strip()
    visible = _html_visible_text(html)
    if len(text) < 20:
        # trafilatura gives up on very short or oddly built pages: fall back to the visible body text
        text = visible
    title = meta.get("title", "")
    if title and title not in text[: len(title) + 200]:
        text = f"{title}\n{text}"  # trafilatura keeps the <h1> as metadata only; later stages read the title line
    # 发布时间 / 来源 usually sit in a header block trafilatura drops: read them from the whole page
    _, page_meta = strip_boilerplate(visible)
    for key, value in page_meta.items():
        if key == "date" or key not in meta:
            meta[key] = value
    return text, encoding, meta


_NON_CONTENT = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe")


def _parse_html(html: str) -> lxml.html.HtmlElement:
    import lxml.html

    try:
        return lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception as exc:  # lxml raises ParserError/ValueError for empty or broken input
        raise ExtractionError(f"cannot parse HTML: {exc}") from exc


def _html_visible_text(html: str) -> str:
    tree = _parse_html(html)
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _NON_CONTENT)):
        bad.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------- DOCX


# Word's XML compresses about 5-20:1; a part above both bounds is a bomb, not a document.
_DOCX_MAX_RATIO = 100
_DOCX_PART_FREE = 2 * 1024 * 1024


def _read_docx(raw: bytes) -> tuple[str, str, dict[str, str]]:
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        parts = package.infolist()
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"not a valid .docx file (broken ZIP: {exc})") from exc
    # A ZIP bomb must be refused from the sizes its directory declares, before python-docx unpacks and
    # parses a part: a 557 kB file unpacking to 150 MB of XML took minutes and 2 GB.
    unpacked = sum(info.file_size for info in parts)
    if unpacked > 10 * max_bytes():
        raise ExtractionError(f"the .docx unpacks to {_mb(unpacked)}, too large (see AIKG_MAX_BYTES)")
    for info in parts:
        if info.file_size > _DOCX_PART_FREE and info.file_size > _DOCX_MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError(
                f"the .docx part {info.filename} unpacks to {_mb(info.file_size)} from {info.compress_size:,} "
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


def _read_pdf(raw: bytes) -> tuple[str, str, dict[str, str]]:
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


_READERS: dict[str, Callable[[bytes], tuple[str, str, dict[str, str]]]] = {
    "text": _read_text,
    "html": _read_html,
    "docx": _read_docx,
    "pdf": _read_pdf,
}


# ---------------------------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class _Rule:
    action: str  # drop | cut | tail | meta
    pattern: re.Pattern[str]
    key: str = ""


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules: list[_Rule] = []
    path = DATA / "boilerplate.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        action, _, pattern = line.partition("\t")
        key = ""
        if action.startswith("meta:"):
            action, key = "meta", action[5:]
        if action not in ("drop", "cut", "tail", "meta") or not pattern:
            raise ValueError(f"{path}:{number}: bad rule {line!r}")
        rules.append(_Rule(action, re.compile(pattern), key))
    return tuple(rules)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


_ISO_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def strip_boilerplate(text: str) -> tuple[str, dict[str, str]]:
    """Drop navigation/noise lines and fragments; collect declared date/source/doc_no/issuer into meta.

    Rules match the t2s form of each line so one Simplified rule covers Traditional pages; the kept text
    is the original (normalisation happens later, with its own offset map).
    """
    rules = _rules()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # t2s keeps the character count, so the converted lines line up with the originals
    simple = _t2s().convert("\n".join(lines)).split("\n")
    if len(simple) != len(lines):  # pragma: no cover - OpenCC never touches newlines
        simple = lines
    meta: dict[str, str] = {}
    kept: list[str] = []
    tail_from = len(lines) * 2 // 3
    for index, (line, probe) in enumerate(zip(lines, simple, strict=True)):
        stripped = probe.strip()
        if not stripped:
            kept.append(line)
            continue
        for rule in rules:
            if rule.action != "meta" or rule.key in meta:
                continue
            match = rule.pattern.search(stripped)
            if match:
                value = match.group(1).strip()
                if rule.key == "date":
                    value = _iso_date(value)
                if value:
                    meta[rule.key] = value
        if any(r.action == "tail" and r.pattern.search(stripped) for r in rules) and index >= tail_from:
            break
        if any(r.action == "drop" and r.pattern.search(stripped) for r in rules):
            continue
        cut = _cut(line, probe, rules)
        if cut is None:
            continue
        kept.append(cut)
    return "\n".join(kept).strip("\n"), meta


def _cut(line: str, probe: str, rules: tuple[_Rule, ...]) -> str | None:
    """Remove `cut` fragments (found in the t2s probe, removed at the same positions of the original line)."""
    spans: list[tuple[int, int]] = []
    for rule in rules:
        if rule.action == "cut":
            spans.extend(m.span() for m in rule.pattern.finditer(probe) if m.end() > m.start())
    if not spans:
        return line
    keep = [True] * len(line)
    for start, end in spans:
        for i in range(start, min(end, len(line))):
            keep[i] = False
    out = "".join(ch for ch, k in zip(line, keep, strict=True) if k)
    return out if out.strip() else None


def _iso_date(value: str) -> str:
    match = _ISO_DATE.search(value)
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"
