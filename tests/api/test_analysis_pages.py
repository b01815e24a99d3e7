"""/analysis/…, /documents/{id}, /regions/{name} and /compare over HTTP, on the sample graph and the seeds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.model import fact_anchor
from tests.analysis.conftest import sample_store, seed_extractions, seeds_store  # noqa: F401  (fixtures)
from tests.queries import sample_graph as g

HTML = {"Accept": "text/html"}
TOKEN = "analysis-token"


@pytest.fixture
def client(sample_store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:  # noqa: F811
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    with TestClient(create_app(sample_store)) as c:
        yield c


def test_analysis_json(client: TestClient) -> None:
    summary = client.get("/analysis/summary").json()
    assert summary["key_players"]["types"]["Enterprise"][0]["id"] == g.ENTERPRISE
    assert "membership" not in summary["communities"]
    region = client.get("/analysis/key-players", params={"region": "白沙市", "top": 1}).json()
    assert len(region["types"]["Agency"]) == 1
    assert client.get("/analysis/co-responsibility").json()["pairs"] == 1
    assert any(b["id"] == g.PERSON for b in client.get("/analysis/bridges").json()["bridges"])
    missing = client.get("/analysis/communities", params={"region": "火星市"})
    assert missing.status_code == 404 and "火星市" in missing.json()["detail"]
    assert client.get("/analysis/key-players", params={"top": 0}).status_code == 422


def test_community_view_is_coloured_by_community(client: TestClient) -> None:
    page = client.get("/analysis/views/communities", params={"region": "青石市"})
    assert page.status_code == 200 and "社群 1" in page.text and "组织社群" in page.text
    from analysis.service import COMMUNITY_COLORS

    assert COMMUNITY_COLORS[0] in page.text and COMMUNITY_COLORS[1] in page.text
    assert client.get("/analysis/views/co-responsibility").status_code == 200


def test_document_page_highlights_spans_and_escapes_text(client: TestClient) -> None:
    page = client.get(f"/documents/{g.QS_DOC}", headers=HTML)
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    body = page.text
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    anchors = r"(<span class=\"anchor\"[^>]*></span>)*"
    assert re.search(f"<mark[^>]*>{anchors}星河智能科技有限公司建设青石语音开放创新平台。</mark>", body)
    builds = fact_anchor(f"BUILDS|{g.ENTERPRISE}|{g.PLATFORM}|")
    assert f'id="{builds}"' in body
    as_json = client.get(f"/documents/{g.QS_DOC}").json()
    assert "青石语音开放创新平台" in as_json["document"]["text"] and len(as_json["facts"]) >= 15
    # A fact's key (as tables and entity pages know it) leads to its sentence.
    jump = client.get(f"/documents/{g.QS_DOC}", params={"fact": f"BUILDS|{g.ENTERPRISE}|{g.PLATFORM}|"},
                      follow_redirects=False)
    assert jump.status_code == 307 and jump.headers["location"].endswith(f"#{builds}")


def test_unknown_document_and_deleted_text(client: TestClient) -> None:
    missing = client.get("/documents/doc:ffffffffffffffff")
    assert missing.status_code == 404 and "doc:ffffffffffffffff" in missing.json()["detail"]
    html = client.get("/documents/doc:ffffffffffffffff", headers=HTML)
    assert html.status_code == 404 and "doc:ffffffffffffffff" in html.text
    assert client.delete(f"/documents/{g.QS_DOC}", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get(f"/documents/{g.QS_DOC}").status_code == 404  # the text went with the document


def test_region_profile_page(client: TestClient) -> None:
    regions = {r["name"]: r for r in client.get("/regions").json()}
    assert regions["青石市"]["documents"] == 2 and regions["云岭省"]["type"] == "Province"
    page = client.get(f"/regions/{quote('青石市')}", headers=HTML)
    assert page.status_code == 200
    headings = ("一、文件", "二、部门与任务", "三、平台及其建设者", "四、联盟", "五、区县与产业方向", "六、企业",
                "七、关键主体")
    for heading in headings:
        assert heading in page.text
    links = re.findall(r'href="/documents/([^"#]+)#(f-[0-9a-f]{12})"', page.text)
    assert links and all(doc == quote(g.QS_DOC, safe="") or doc == quote(g.BS_DOC, safe="") for doc, _ in links)
    doc_page = client.get(f"/documents/{g.QS_DOC}", headers=HTML).text
    placed = [a for d, a in links if d == quote(g.QS_DOC, safe="")]
    assert placed and all(f'id="{a}"' in doc_page or f'id="list-{a}"' in doc_page for a in placed)
    assert '/analysis/views/communities?region=' in page.text
    assert client.get(f"/regions/{quote('青石市')}").json()["region"] == "青石市"


def test_region_bad_input(client: TestClient) -> None:
    empty = client.get(f"/regions/{quote('西山区')}", headers=HTML)
    assert empty.status_code == 200 and 'id="no-data"' in empty.text and "西山区" in empty.text
    missing = client.get(f"/regions/{quote('火星市')}", headers=HTML)
    assert missing.status_code == 404 and "火星市" in missing.text
    assert "火星市" in client.get(f"/regions/{quote('火星市')}").json()["detail"]


def test_compare_page(client: TestClient) -> None:
    page = client.get("/compare", params={"a": "青石市", "b": "白沙市"}, headers=HTML)
    assert page.status_code == 200 and "工业和信息化局" in page.text and "青石语音开放创新平台" in page.text
    assert client.get("/compare", params={"a": "青石市", "b": "火星市"}).status_code == 404
    assert client.get("/compare", params={"a": "青石市"}).status_code == 422


def test_queries_list_marks_internal_and_chinese_labels(client: TestClient) -> None:
    queries = {q["name"]: q for q in client.get("/queries").json()}
    assert queries["export-nodes"]["internal"] and queries["analysis-edges"]["internal"]
    tasks = queries["agency-tasks"]
    assert not tasks["internal"] and tasks["description_zh"]
    assert all(p["label_zh"] for q in queries.values() if not q["internal"] for p in q["params"])


def test_seeds_suzhou_profile(seeds_store: FalkorStore) -> None:  # noqa: F811
    with TestClient(create_app(seeds_store)) as c:
        page = c.get(f"/regions/{quote('苏州市')}", headers=HTML)
        assert page.status_code == 200 and "苏州市工业和信息化局" in page.text and "思必驰" in page.text
        docs = set(re.findall(r'href="/documents/([^"#]+)#f-', page.text))
        assert docs
        for doc in docs:
            assert c.get(f"/documents/{doc}", headers=HTML).status_code == 200


def test_view_edges_open_their_sentence(client: TestClient) -> None:
    page = client.get("/views/enterprise-platforms", params={"org": "星河"}).text
    builds = fact_anchor(f"BUILDS|{g.ENTERPRISE}|{g.PLATFORM}|")
    assert f'"href":"/documents/{quote(g.QS_DOC, safe="")}#{builds}"' in page
    assert f'"href":"/entity?id={quote(g.ENTERPRISE, safe="")}"' in page
