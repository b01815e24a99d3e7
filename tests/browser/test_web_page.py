"""The API's web page in a real browser: run a saved query into a table and a graph view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.model import DocType, Document, Entity, Extraction, Label, Relation, RelType, entity_id
from tests.browser.conftest import screenshot, serve_app
from tests.browser.test_view_page import INK, READY

HOSTILE = "<img src=x onerror=alert(1)>工作组"


def small_extraction() -> Extraction:
    """An invented action plan: two agencies (one with a hostile name) sharing two tasks."""
    doc = Document(id="doc:browsertest01", title="青禾市智能产业行动方案", city="青禾市", type=DocType.ACTION_PLAN)
    bureau = Entity(
        id=entity_id(Label.AGENCY, "青禾市工业和信息化局"),
        type=Label.AGENCY,
        name="青禾市工业和信息化局",
        aliases=["市工信局"],
    )
    hostile = Entity(id=entity_id(Label.AGENCY, HOSTILE), type=Label.AGENCY, name=HOSTILE)
    tasks = [Entity(id=entity_id(Label.TASK, n), type=Label.TASK, name=n) for n in ("算力设施提升行动", "场景开放行动")]
    rels = [
        Relation(
            type=RelType.RESPONSIBLE_FOR,
            source=bureau.id,
            target=tasks[0].id,
            props={"role": "lead"},
            evidence="责任单位：市工信局。",
            span=(10, 19),
        ),
        Relation(
            type=RelType.RESPONSIBLE_FOR,
            source=hostile.id,
            target=tasks[0].id,
            props={"role": "co"},
            evidence="<script>alert('e')</script>",
            span=(20, 30),
        ),
        Relation(
            type=RelType.RESPONSIBLE_FOR,
            source=bureau.id,
            target=tasks[1].id,
            props={"role": "lead"},
            evidence="责任单位：市工信局。",
            span=(40, 49),
        ),
    ]
    return Extraction(doc=doc, entities=[bureau, hostile, *tasks], relations=rels)


@pytest.fixture
def api_base(any_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    store = any_store  # the page against each store: the embedded FalkorDB and Neo4j
    store.write(small_extraction())
    with serve_app(store) as base:
        yield base


def test_web_page_runs_a_saved_query_into_table_and_graph(api_base, page_and_log) -> None:  # type: ignore[no-untyped-def]
    page, log = page_and_log
    page.goto(f"{api_base}/?query=agency-tasks")
    page.wait_for_function("() => document.querySelectorAll('#query-select option').length > 0", timeout=20_000)
    assert page.input_value("#query-select") == "agency-tasks"
    page.click("#run-button")
    page.wait_for_function(r"() => /^\d+ 行/.test(document.getElementById('query-status').textContent)", timeout=20_000)
    assert page.inner_text("#query-status").startswith("3 行")

    table = page.inner_text("#result-table")
    assert "青禾市工业和信息化局" in table and "算力设施提升行动" in table
    assert HOSTILE in table  # shown as text
    # The query returns plain columns: names link to the entity page, ids and keys are not shown, the
    # sentence is a quote linking to its place in the document.
    headers = page.eval_on_selector_all("#result-table th", "ths => ths.map(t => t.title)")
    assert "agency" in headers and not {"agency_id", "task_id", "key", "doc_id"} & set(headers)
    link = page.get_attribute("#result-table a[href^='/entity?id=']", "href")
    assert link and link.startswith("/entity?id=Agency%3A")
    source = page.get_attribute("#result-table blockquote.evidence + a.source", "href")
    assert source and source.startswith("/documents/") and "?fact=" in source

    frame_el = page.wait_for_selector("#view-frame:not([hidden])", timeout=20_000)
    frame = frame_el.content_frame()
    assert frame is not None
    frame.wait_for_function(READY, timeout=30_000)
    assert frame.evaluate(INK)["ink"] > 1_000, "the graph view in the page looks blank"
    assert "4 个节点" in frame.inner_text("#counts")
    page.wait_for_timeout(300)  # let the view finish its first frames before the picture
    screenshot(page, "web-page.png")

    for doc in (page, frame):
        assert doc.locator("img").count() == 0
        assert doc.evaluate("() => document.querySelectorAll('[onerror]').length") == 0
    log.assert_clean()
    assert any("/views/agency-tasks" in u for u in log.requests)


def test_view_endpoint_alone_is_offline_and_clean(api_base, page_and_log) -> None:  # type: ignore[no-untyped-def]
    page, log = page_and_log
    page.goto(f"{api_base}/views/agency-tasks")
    page.wait_for_function(READY, timeout=30_000)
    assert page.evaluate(INK)["ink"] > 1_000
    assert page.inner_text("h1") == "部门与任务"
    snippet = page.input_value("#embed-snippet")
    assert snippet.startswith(f'<iframe src="{api_base}/views/agency-tasks"')
    screenshot(page, "web-view.png")
    assert page.locator("img").count() == 0
    log.assert_clean()
