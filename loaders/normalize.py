"""Normalise (stage 2): Simplified script, clean punctuation, an offset map back to the source.

Placeholder: OpenCC t2s only, with an identity offset map.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel


class NormalizedText(BaseModel):
    text: str
    # offsets[i] is the index in the original text of normalised character i;
    # offsets[len(text)] is len(original), so end-exclusive spans map too.
    offsets: list[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end]


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def normalize(text: str) -> NormalizedText:
    out = _converter().convert(text)
    if len(out) != len(text):  # pragma: no cover - t2s keeps length
        return NormalizedText(text=out, offsets=list(range(len(out) + 1)))
    return NormalizedText(text=out, offsets=list(range(len(text) + 1)))
