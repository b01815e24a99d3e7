"""Cutting a document's text at fact spans."""

from __future__ import annotations

from analysis.evidence import pieces, valid_span


def _fact(start: int, end: int) -> dict[str, int]:
    return {"span_start": start, "span_end": end}


def test_pieces_cover_the_text_and_mark_overlaps() -> None:
    text = "甲乙丙丁戊己庚"
    facts = [_fact(1, 4), _fact(3, 6), _fact(0, 99), _fact(5, 5)]  # the last two are not valid spans
    cut = pieces(text, facts)
    assert "".join(p.text for p in cut) == text
    assert [(p.text, p.facts) for p in cut] == [("甲", []), ("乙丙", [0]), ("丁", [0, 1]), ("戊己", [1]), ("庚", [])]
    assert not valid_span(text, facts[2]) and not valid_span(text, facts[3])


def test_no_facts_one_plain_piece() -> None:
    assert [(p.text, p.facts) for p in pieces("正文", [])] == [("正文", [])]
