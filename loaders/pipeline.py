"""The extraction pipeline: one file in, one `Extraction` out.

read → normalise → segment → structure → mentions → typing → resolution → relations. Each stage is a package
(or module) of `loaders/` with typed input and output; this module only wires them together and fills the
`Document` record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from graph.model import Document, Extraction, document_id
from loaders.mentions import RegionContext, find_mentions, resolve, type_mentions
from loaders.normalize import normalize
from loaders.read import read_document
from loaders.relations import extract_relations
from loaders.segment import segment
from loaders.structure import parse_structure

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


def extract_text(text: str, doc: Document, meta_hints: dict[str, str] | None = None) -> Extraction:
    """Stages 3–8 on normalised text (the part tests can drive without a file)."""
    doc_text = segment(text)
    structure = parse_structure(doc_text, meta_hints or {})
    meta = structure.meta
    ctx = RegionContext.from_meta(meta.province, meta.city, getattr(meta, "district", ""))
    within = ctx.city or ctx.province
    mentions = find_mentions(doc_text, structure, within)
    typed = type_mentions(mentions)
    resolved = resolve(typed, ctx, text)
    doc = doc.model_copy(update={
        "title": meta.title or doc.title, "province": meta.province, "city": meta.city, "date": meta.date,
        "doc_no": meta.doc_no, "type": meta.type, "chars": len(text),
    })
    out = extract_relations(doc, mentions, resolved, structure, ctx)
    doc.issuer = ctx.issuer or meta.issuer
    places = set(out.places)
    return Extraction(doc=doc, entities=[e for e in resolved.entities.values() if e.id not in places],
                      places=[resolved.entities[eid] for eid in out.places], relations=out.relations, text=text)


def extract_file(path: Path | str) -> Extraction:
    path = Path(path)
    raw = read_document(path)
    text = normalize(raw.text).text
    doc = Document(id=document_id(raw.content), path=str(path), title=path.stem,
                   sha256=hashlib.sha256(raw.content).hexdigest())
    return extract_text(text, doc, raw.meta)
