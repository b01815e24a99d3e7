"""The HTTP API against a real embedded FalkorDB store (TestClient)."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.model import Entity, Label, Relation, RelType
from graph.store import GraphStore
from queries import Registry
from queries.spec import parse_query
from tests.queries import sample_graph as g

TOKEN = "test-token-123"


@pytest.fixture
def sample_store(any_store: GraphStore) -> GraphStore:
    for extraction in g.sample_extractions():
        any_store.write(extraction)
    return any_store


@pytest.fixture
def client(sample_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    with TestClient(create_app(sample_store)) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_and_page(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["store"] in ("falkordb", "neo4j") and body["queries"] >= 12
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'src="/static/app.js"' in page.text and "http" not in page.text.split("<body>")[0]
    for script in ("/static/app.js", "/static/entity.js"):
        js = client.get(script)
        assert js.status_code == 200 and "textContent" in js.text and "innerHTML" not in js.text
    assert client.get("/openapi.json").json()["paths"]["/queries/{name}"]


def test_start_up_freezes_what_it_loaded_out_of_the_collector(sample_store: GraphStore) -> None:
    # Full collections then scan only what requests allocate: no pause over everything loaded at start.
    gc.unfreeze()
    with TestClient(create_app(sample_store)) as c:
        assert c.get("/health").status_code == 200
        assert gc.get_freeze_count() > 0
    gc.unfreeze()


def test_list_queries_with_schema(client: TestClient) -> None:
    queries = {q["name"]: q for q in client.get("/queries").json()}
    assert len(queries) >= 12
    params = {p["name"]: p for p in queries["agency-tasks"]["params"]}
    assert params["limit"] == {"name": "limit", "type": "int", "default": 200, "required": False, "min": 1.0,
                               "max": 2000.0, "description": "", "label_zh": "最多条数"}
    assert params["agency"]["type"] == "str" and queries["agency-tasks"]["view"] == "graph"
    assert {p["name"]: p["required"] for p in queries["entity-detail"]["params"]}["id"] is True


def test_run_query_from_url_params(client: TestClient) -> None:
    res = client.get("/queries/agency-ranking", params={"limit": "2"})
    assert res.status_code == 200
    body = res.json()
    assert body["columns"][:2] == ["id", "agency"] and len(body["rows"]) == 2
    assert body["rows"][0][0] == g.QS_SCIENCE and body["params"]["limit"] == 2
    graph = client.get("/queries/agency-tasks", params={"agency": "科学技术局"}).json()
    first = dict(zip(graph["columns"], graph["rows"][0], strict=True))
    assert first["agency_id"] == g.QS_SCIENCE and graph["view"] == "graph"


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("/queries/no-such-query", 404, "no saved query 'no-such-query'"),
        ("/queries/agency-tasks?limit=abc", 422, "'limit'"),
        ("/queries/agency-tasks?limit=0", 422, "outside 1..2000"),
        ("/queries/agency-tasks?colour=red", 422, "'colour'"),
        ("/queries/entity-detail", 422, "'id': is required"),
        ("/views/no-such-query", 404, "no saved query"),
        ("/views/agency-tasks?format=gif", 422, "format must be"),
        ("/entities/Agency:不存在", 404, "no entity"),
        ("/entities?q=", 422, "q"),
    ],
)
def test_errors_are_json_with_a_message(client: TestClient, url: str, status: int, needle: str) -> None:
    res = client.get(url, headers={"Accept": "application/json"})
    assert res.status_code == status
    assert needle in str(res.json()["detail"])


def test_parameter_error_names_the_parameter(client: TestClient) -> None:
    body = client.get("/queries/located-in").json()
    assert body["parameter"] == "region"


def test_parameters_are_bound_not_pasted(client: TestClient) -> None:
    for hostile in ["' OR 1=1 //", "'}) MATCH (n) DETACH DELETE n //", "\\", "<script>"]:
        res = client.get("/queries/entity-search", params={"q": hostile})
        assert res.status_code == 200 and res.json()["rows"] == []
    assert len(client.get("/documents").json()) == 2


def test_view_html_png_svg(client: TestClient) -> None:
    pytest.importorskip("viz.views")
    html = client.get("/views/agency-tasks", params={"agency": "科学技术局"})
    assert html.status_code == 200 and html.text.lstrip().lower().startswith("<!doctype html")
    text = html.text.replace("&quot;", "&#34;")
    assert "部门与任务" in text and "&lt;iframe src=&#34;/views/agency-tasks?" in text  # title, escaped snippet
    assert "/viz/vis-network.min.js" in html.text
    assert client.get("/viz/vis-network.min.js").status_code == 200
    png = client.get("/views/agency-tasks.png", params={"agency": "科学技术局"})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get("/views/agency-tasks", params={"agency": "科学技术局", "format": "svg"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content


def test_view_escapes_document_text(client: TestClient, sample_store: GraphStore) -> None:
    pytest.importorskip("viz.views")
    x = g.qingshi_plan()
    evil = "<script>alert(1)</script>局"
    eid = f"Agency:{evil}"
    x.entities.append(Entity(id=eid, type=Label.AGENCY, name=evil))
    x.relations.append(Relation(type=RelType.RESPONSIBLE_FOR, source=eid, target=g.TASK_TALENT,
                                evidence="<img src=x onerror=alert(2)>", props={"role": "co"}))
    sample_store.write(x)
    page = client.get("/views/agency-tasks", params={"agency": "script"}).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    detail = client.get("/entities/" + eid).json()
    assert detail["entity"]["props"]["name"] == evil  # JSON carries it; the page shows it with textContent


def test_entity_search_converts_traditional(client: TestClient) -> None:
    body = client.get("/entities", params={"q": "青石市工業和資訊化局"}).json()
    assert body["searched"] == "青石市工业和信息化局"
    assert [r["id"] for r in body["results"]] == [g.QS_AGENCY]
    by_alias = client.get("/entities", params={"q": "市科技局"}).json()["results"]
    assert by_alias[0]["id"] == g.QS_SCIENCE and by_alias[0]["type"] == "Agency"
    typed = client.get("/entities", params={"q": "青石", "type": "City"}).json()["results"]
    assert [r["id"] for r in typed] == [g.QS_CITY]


def test_entity_detail_json_and_html(client: TestClient) -> None:
    body = client.get(f"/entities/{g.ENTERPRISE}").json()
    assert body["entity"]["id"] == g.ENTERPRISE
    rels = {(r["type"], r["direction"], r["neighbour"]["id"]) for r in body["relationships"]}
    assert ("BUILDS", "out", g.PLATFORM) in rels and ("WORKS_FOR", "in", g.PERSON) in rels
    builds = next(r for r in body["relationships"] if r["type"] == "BUILDS")
    assert "青石语音开放创新平台" in builds["evidence"] and builds["document"] == "青石市人工智能产业发展行动计划"
    assert [d["doc_id"] for d in body["documents"]] == [g.QS_DOC]
    page = client.get(f"/entities/{g.ENTERPRISE}", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200 and 'src="/static/entity.js"' in page.text
    assert client.get("/entity", params={"id": g.ENTERPRISE}).status_code == 200


def test_documents_list(client: TestClient) -> None:
    docs = client.get("/documents").json()
    assert {d["id"] for d in docs} == {g.QS_DOC, g.BS_DOC}
    assert {d["title"] for d in docs} >= {"青石市人工智能产业发展行动计划"}


SAMPLE_TXT = "青石市关于推进人工智能产业发展的通知\n\n星河智能科技有限公司负责建设语音平台。\n".encode()


def test_write_endpoints_need_the_token(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"files": ("a.txt", SAMPLE_TXT, "text/plain")}
    assert client.post("/documents", files=files).status_code == 401
    res = client.post("/documents", files=files, headers=auth("wrong"))
    assert res.status_code == 401 and res.json()["detail"] == "wrong token"
    assert client.delete(f"/documents/{g.QS_DOC}", headers={"Authorization": "Basic abc"}).status_code == 401
    monkeypatch.delenv("AIKG_API_TOKEN")
    res = client.delete(f"/documents/{g.QS_DOC}", headers=auth())
    assert res.status_code == 401 and "AIKG_API_TOKEN" in res.json()["detail"]
    assert len(client.get("/documents").json()) == 2


def test_upload_ingests_and_delete_removes(client: TestClient) -> None:
    res = client.post("/documents", files={"files": ("通知.txt", SAMPLE_TXT, "text/plain")}, headers=auth())
    assert res.status_code == 200, res.text
    result = res.json()["results"][0]
    assert result["file"] == "通知.txt" and result["doc_id"].startswith("doc:")
    docs = {d["id"]: d for d in client.get("/documents").json()}
    assert docs[result["doc_id"]]["path"] == "通知.txt"
    # The same bytes under another name are a copy: the same document, not a replacement (issue 12, item 5).
    copy = client.post("/documents", files={"files": ("copy.txt", SAMPLE_TXT, "text/plain")}, headers=auth())
    assert copy.json()["results"][0]["doc_id"] == result["doc_id"] and copy.json()["results"][0]["replaced"] is False
    again = client.post("/documents", files={"files": ("通知.txt", SAMPLE_TXT, "text/plain")}, headers=auth())
    assert again.json()["results"][0]["replaced"] is True
    assert [d["path"] for d in client.get("/documents").json() if d["id"] == result["doc_id"]] == ["通知.txt"]
    assert client.delete(f"/documents/{result['doc_id']}", headers=auth()).json() == {"deleted": result["doc_id"]}
    assert result["doc_id"] not in {d["id"] for d in client.get("/documents").json()}
    assert client.delete(f"/documents/{result['doc_id']}", headers=auth()).status_code == 404


def test_upload_batch_goes_on_past_a_bad_file(client: TestClient) -> None:
    files = [
        ("files", ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf")),
        ("files", ("notes.exe", b"MZ", "application/octet-stream")),
        ("files", ("good.txt", SAMPLE_TXT, "text/plain")),
    ]
    res = client.post("/documents", files=files, headers=auth())
    assert res.status_code == 200
    by_file = {r["file"]: r for r in res.json()["results"]}
    assert "broken.pdf" in by_file and "error" in by_file["broken.pdf"]
    assert "unsupported file type '.exe'" in by_file["notes.exe"]["error"]
    assert by_file["good.txt"]["doc_id"].startswith("doc:")


def test_unreadable_document_is_422_naming_the_file(client: TestClient) -> None:
    res = client.post("/documents", files={"files": ("scan.pdf", b"not a pdf at all", "application/pdf")},
                      headers=auth())
    assert res.status_code == 422 and "scan.pdf" in res.json()["detail"]
    assert len(client.get("/documents").json()) == 2


def test_oversized_upload_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_MAX_UPLOAD_BYTES", "100")
    res = client.post("/documents", files={"files": ("big.txt", b"x" * 500, "text/plain")}, headers=auth())
    assert res.status_code == 413 and "big.txt" in res.json()["detail"]
    huge = client.post("/documents", files={"files": ("huge.txt", b"x" * 200_000, "text/plain")}, headers=auth())
    assert huge.status_code == 413 and "AIKG_MAX_UPLOAD_BYTES" in huge.json()["detail"]
    assert len(client.get("/documents").json()) == 2


def test_export_formats(client: TestClient) -> None:
    data = client.get("/export", params={"format": "json"}).json()
    assert len(data["nodes"]) == 20 and any(e["type"] == "BUILDS" for e in data["edges"])
    gml = client.get("/export", params={"format": "graphml"})
    graph = nx.read_graphml(io.BytesIO(gml.content))
    assert graph.number_of_nodes() == 20 and graph.number_of_edges() == len(data["edges"])
    assert graph.nodes[g.ENTERPRISE]["name"] == "星河智能科技有限公司"
    edges_csv = client.get("/export", params={"format": "csv"}).content.decode("utf-8-sig")
    assert edges_csv.splitlines()[0].startswith("source,type,target,doc_id")
    assert len(edges_csv.strip().splitlines()) == len(data["edges"]) + 1
    nodes_csv = client.get("/export", params={"format": "csv", "part": "nodes"}).content.decode("utf-8-sig")
    assert "星河智能科技有限公司" in nodes_csv
    assert client.get("/export", params={"format": "xml"}).status_code == 422


def test_csv_export_defuses_formulas(client: TestClient, sample_store: GraphStore) -> None:
    x = g.qingshi_plan()
    x.relations.append(Relation(type=RelType.SUPPORTS, source=g.QS_SCIENCE, target=g.PLATFORM,
                                evidence="=HYPERLINK(\"http://x\")"))
    sample_store.write(x)
    text = client.get("/export", params={"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_timeout_is_504(sample_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = parse_query("// name: slow\n// title: 慢\n"
                       "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN count(a + b) AS n", "slow.cypher")
    monkeypatch.setenv("AIKG_QUERY_TIMEOUT_MS", "1")
    with TestClient(create_app(sample_store, registry=Registry([slow]))) as c:
        res = c.get("/queries/slow")
    assert res.status_code == 504 and "timed out" in res.json()["detail"]


def test_store_unreachable_is_503(tmp_path: Path) -> None:
    server = FalkorServer(tmp_path / "db")
    server.start()
    dead = FalkorStore(server, socket_timeout=2)
    server.stop()  # the server goes away under a running app
    with TestClient(create_app(dead)) as c:
        res = c.get("/health")
        assert res.status_code == 503 and "unavailable" in res.json()["detail"]
        assert c.get("/queries/agency-ranking").status_code == 503
        assert c.get("/export", params={"format": "csv"}).status_code == 503  # not a cut-off download
