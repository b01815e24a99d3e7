"""A document's text cut into pieces, each either plain or the span of one or more stated facts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from analysis.snapshot import Fact


class Piece(BaseModel):
    text: str
    facts: list[int] = Field(default_factory=list)  # indices into the fact list; empty = plain text


def facts_from_rows(columns: list[str], rows: list[list[Any]], doc_id: str) -> list[dict[str, Any]]:
    """Rows of `document-facts` as dicts, de-duplicated, in text order, each with its anchor on the page."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        item = dict(zip(columns, row, strict=True))
        start, end = item.get("span_start"), item.get("span_end")
        fact = Fact(source=item["source"], type=item["type"], target=item["target"], role=item.get("role") or "",
                    doc_id=doc_id, evidence=item.get("evidence") or "",
                    span=(start, end) if isinstance(start, int) and isinstance(end, int) else (0, 0))
        item["anchor"] = fact.anchor
        seen.setdefault(fact.anchor, item)
    return sorted(seen.values(), key=lambda f: (f.get("span_start") or 0, f["type"], f["target"]))


def valid_span(text: str, fact: dict[str, Any]) -> bool:
    start, end = fact.get("span_start"), fact.get("span_end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def pieces(text: str, facts: list[dict[str, Any]]) -> list[Piece]:
    """Cut at every span boundary; each piece lists the facts covering it (overlapping spans both listed)."""
    spans = [(f["span_start"], f["span_end"], i) for i, f in enumerate(facts) if valid_span(text, f)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [i for s, e, i in spans if s <= a and b <= e]
        out.append(Piece(text=text[a:b], facts=covering))
    return out
