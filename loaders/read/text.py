"""Plain text: bytes → text. BOM → UTF-8/16/32; else strict UTF-8; else GB18030 or Big5, whichever reads as
Chinese (charset-normalizer breaks a tie). NUL bytes or a known binary signature → "binary file"."""

from __future__ import annotations

from loaders.errors import ExtractionError

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


def read_text(raw: bytes) -> tuple[str, str, dict[str, str]]:
    text, encoding = decode_text(raw)
    return text, encoding, {}

