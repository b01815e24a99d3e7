"""Segment (between normalise and structure): the normalised text split once into lines and sentences.

Every finder of the structure and mention stages reads the same `DocText` instead of splitting the text
again. Offsets are offsets in the normalised text.
- A line is a non-blank line of the text, with its blanks trimmed (`start` is the first non-blank character).
- A sentence ends at 。！？； (full- or half-width) or at a line end; blanks around it are trimmed. A longer run
  than MAX_SENTENCE characters (a page-long line without a full stop) is cut into pieces of at most that
  size, at the last comma or blank of each piece when there is one, so LAC and every per-sentence rule work
  on bounded text and extraction stays linear in the length of the document.
"""

from __future__ import annotations

import bisect
import re

from pydantic import BaseModel

LINE_BLANKS = " \t\r\n\u3000\xa0"
SENTENCE_BLANKS = " \t\u3000\xa0\r\ufeff"
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
MAX_SENTENCE = 1000
_SOFT_BREAKS = "，,、：: \t\u3000"


class Line(BaseModel):
    index: int
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    text: str


class Sentence(BaseModel):
    index: int
    start: int
    end: int
    text: str


class DocText(BaseModel):
    text: str
    lines: list[Line]
    sentences: list[Sentence]

    def sentence_of(self, offset: int) -> Sentence:
        return sentence_of(self.sentences, offset)


def sentence_of(sentences: list[Sentence], offset: int) -> Sentence:
    """The last sentence starting at or before `offset` (the first one for offsets before any sentence)."""
    i = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
    return sentences[max(i, 0)]


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(LINE_BLANKS)
        if stripped:
            lead = len(raw) - len(raw.lstrip(LINE_BLANKS))
            out.append(Line(index=len(out), start=pos + lead, end=pos + lead + len(stripped), text=stripped))
        pos += len(raw) + 1
    return out


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        start = pos
        while start < end and text[start] in SENTENCE_BLANKS:
            start += 1
        stop = end
        while stop > start and text[stop - 1] in SENTENCE_BLANKS:
            stop -= 1
        for a, b in _bounded(text, start, stop):
            out.append(Sentence(index=len(out), start=a, end=b, text=text[a:b]))
        pos = m.end() if m else len(text)
    return out


def _bounded(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """[start, stop) as pieces of at most MAX_SENTENCE characters, each cut after its last soft break."""
    pieces: list[tuple[int, int]] = []
    while stop - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(c, start + 1, limit) for c in _SOFT_BREAKS) + 1
        cut = cut if cut > start + 1 else limit
        end = cut
        while end > start and text[end - 1] in SENTENCE_BLANKS:
            end -= 1
        if end > start:
            pieces.append((start, end))
        start = cut
        while start < stop and text[start] in SENTENCE_BLANKS:
            start += 1
    if stop > start:
        pieces.append((start, stop))
    return pieces


def segment(text: str) -> DocText:
    return DocText(text=text, lines=split_lines(text), sentences=split_sentences(text))
