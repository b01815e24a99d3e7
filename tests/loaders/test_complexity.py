"""Extraction grows linearly with the text (issue 12, item 6): counted, not timed.

cProfile's count of Python calls is the same on every run of the same input, so a ratio of counts is a
test a slow or busy machine cannot make flaky. Linear work gives about 4x the calls for 4x the text; the
scans this guards against (a list.index per mention, windows rescanned per line) gave 5.4x for a
document and 9.4x for one long line at these sizes before issue 12's fixes (measured at ae6af2c).
"""

from __future__ import annotations

import cProfile
import pstats

import pytest

from graph.model import Document
from loaders.normalize import normalize
from loaders.pipeline import extract_text
from tests.conftest import EXAMPLES


def _calls(text: str) -> int:
    text = normalize(text).text
    profile = cProfile.Profile()
    profile.enable()
    extract_text(text, Document(id="doc:size", path="size.txt"))
    profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def paragraph() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))


def test_calls_grow_linearly_with_a_documents_length(paragraph: str) -> None:
    _calls(paragraph)  # models and tables loaded outside the counts
    small, large = _calls(paragraph * 16), _calls(paragraph * 64)  # ~60k and ~240k characters
    assert large / small < 5.0, f"4x the text took {large / small:.1f}x the calls"


def test_calls_grow_linearly_on_one_long_line_without_punctuation(paragraph: str) -> None:
    han = "".join(ch for ch in paragraph if "\u4e00" <= ch <= "\u9fff")
    small, large = _calls(han * 8), _calls(han * 32)
    assert large / small < 5.5, f"4x the line took {large / small:.1f}x the calls"
