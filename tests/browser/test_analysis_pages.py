"""The region profile, a document page and the community view in a real browser, on the seeds (screenshots saved)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from graph.model import Extraction
from tests.browser.conftest import screenshot, serve_app
from tests.browser.test_view_page import INK, READY
from tests.queries.test_registry import seed_extractions  # noqa: F401  (the module-scoped fixture)


@pytest.fixture
def seeds_base(store, seed_extractions: list[Extraction]) -> Iterator[str]:  # type: ignore[no-untyped-def]  # noqa: F811
    for extraction in seed_extractions:
        store.write(extraction)
    with serve_app(store) as base:
        yield base


def test_profile_document_and_community_view(seeds_base: str, page_and_log) -> None:  # type: ignore[no-untyped-def]
    page, log = page_and_log
    page.goto(f"{seeds_base}/regions/{quote('苏州市')}")
    assert page.inner_text("#profile-title").startswith("苏州市")
    assert "苏州市工业和信息化局" in page.inner_text("#sec-agencies + table")
    assert "思必驰" in page.inner_text("#sec-platforms + table")
    assert page.locator("#key-players table").count() >= 3
    frame = page.frame_locator("iframe").first
    frame.locator("#graph canvas").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # let the framed views settle before the picture
    screenshot(page, "profile-suzhou.png")

    # Follow one fact's evidence link: the document page opens at the highlighted sentence.
    link = page.locator("#sec-platforms + table a.ev").first
    evidence = link.get_attribute("title") or ""
    link.click()
    page.wait_for_selector("#doc-text")
    anchor = page.evaluate("() => location.hash.slice(1)")
    target = page.locator(f"#doc-text mark:has(span.anchor[id='{anchor}'])")
    assert target.count() == 1
    marked = target.inner_text()
    assert marked and (marked in evidence or evidence in marked), (marked, evidence)
    colour = target.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour == "rgb(255, 179, 71)", f"the fact's sentence is not highlighted as the target: {colour}"
    assert page.locator("#doc-text mark").count() >= 5
    assert page.locator("#facts tr").count() > 5
    screenshot(page, "document-page.png")

    page.goto(f"{seeds_base}/analysis/views/communities?region={quote('苏州市')}")
    page.wait_for_function(READY, timeout=30_000)
    assert page.evaluate(INK)["ink"] > 2_000, "the community view looks blank"
    legend = page.inner_text("#legend")
    assert "社群 1" in legend and "社群 2" in legend
    page.wait_for_timeout(500)
    screenshot(page, "community-view.png")
    log.assert_clean()


def test_document_text_is_shown_as_text(seeds_base: str, page_and_log, store) -> None:  # type: ignore[no-untyped-def]
    from tests.queries.sample_graph import QS_DOC, qingshi_plan

    store.write(qingshi_plan())  # its text ends with a <script> line
    page, log = page_and_log
    page.goto(f"{seeds_base}/documents/{QS_DOC}")
    assert "<script>alert(1)</script>" in page.inner_text("#doc-text")
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0
    log.assert_clean()
