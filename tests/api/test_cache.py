"""The response cache (issue 10, part 3): never stale after a write or delete from anywhere; ETag and 304; bounds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cache import Cached, ResponseCache
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from graph.store import GraphStore
from tests.conftest import EXAMPLES, REPO
from tests.queries import sample_graph as g

TOKEN = "cache-token-1"
RANKING = "/queries/agency-ranking"


@pytest.fixture
def client(any_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    for extraction in g.sample_extractions():
        any_store.write(extraction)
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    with TestClient(create_app(any_store)) as c:
        yield c


def _agencies(client: TestClient, url: str = RANKING) -> set[str]:
    res = client.get(url)
    assert res.status_code == 200, res.text
    return {row[0] for row in res.json()["rows"]}


def _cache(client: TestClient) -> ResponseCache:
    return client.app.state.reads.cache  # type: ignore[attr-defined]


def test_repeated_query_is_served_from_the_cache(client: TestClient) -> None:
    first = client.get(RANKING, params={"limit": "5"})
    hits = _cache(client).hits
    again = client.get(RANKING, params={"limit": "5"})
    assert again.content == first.content and _cache(client).hits == hits + 1
    # Other bound parameters are another entry, as is the same value spelt differently but validated alike.
    assert client.get(RANKING, params={"limit": "1"}).json()["params"]["limit"] == 1
    client.get(RANKING, params={"limit": "05"})
    assert _cache(client).hits == hits + 2


def test_delete_through_the_api_invalidates(client: TestClient) -> None:
    before = _agencies(client)
    assert g.BS_AGENCY in before and _agencies(client) == before  # the second answer is the cached one
    res = client.delete(f"/documents/{g.BS_DOC}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 200
    assert g.BS_AGENCY not in _agencies(client)


def _regions(client: TestClient) -> set[str]:
    return {row[0] for row in client.get("/queries/region-list").json()["rows"]}


def test_upload_through_the_api_invalidates(client: TestClient) -> None:
    before = _regions(client)
    assert _regions(client) == before and not any("合肥" in name for name in before)
    text = (EXAMPLES / "hefei_ai_action_plan.txt").read_bytes()
    res = client.post("/documents", files={"files": ("合肥.txt", text, "text/plain")},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 200, res.text
    assert any("合肥" in name for name in _regions(client))


def test_write_and_delete_by_another_handle_invalidate(client: TestClient, any_store: GraphStore) -> None:
    """Writes that do not go through this app (another command on the same store) advance the version too."""
    version = any_store.version()
    before = _agencies(client)
    any_store.delete_document(g.BS_DOC)
    assert any_store.version() > version
    assert g.BS_AGENCY not in _agencies(client)
    any_store.write(g.sample_extractions()[1])
    assert _agencies(client) == before


def test_ingest_by_another_process_invalidates(store: FalkorStore, falkor_server: FalkorServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`aikg ingest` in another process while the API serves: the next answer shows its document."""
    with TestClient(create_app(store)) as client:
        assert _regions(client) == set() and _regions(client) == set()  # the second from the cache
        env = {**os.environ, "AIKG_GRAPH": store.graph_name}
        done = subprocess.run([sys.executable, "-m", "api.cli", "--data", str(falkor_server.data_dir), "ingest", "-q",
                               "--workers", "1", str(EXAMPLES / "hefei_ai_action_plan.txt")],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        regions = _regions(client)
        assert any("合肥" in name for name in regions), regions


def test_etag_and_not_modified(client: TestClient) -> None:
    for url in (RANKING, "/views/agency-tasks", "/views/agency-tasks.svg"):
        first = client.get(url)
        tag = first.headers["etag"]
        assert first.status_code == 200 and tag.startswith('"') and first.headers["cache-control"] == "no-cache"
        cached = client.get(url, headers={"If-None-Match": tag})
        assert cached.status_code == 304 and cached.content == b"" and cached.headers["etag"] == tag
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    tag = client.get(RANKING).headers["etag"]
    client.delete(f"/documents/{g.BS_DOC}", headers={"Authorization": f"Bearer {TOKEN}"})
    changed = client.get(RANKING, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_view_keeps_its_security_headers_from_the_cache(client: TestClient) -> None:
    first = client.get("/views/agency-tasks")
    again = client.get("/views/agency-tasks")
    assert again.content == first.content
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert "text/html" in again.headers["content-type"]


def test_rows_are_lean(client: TestClient) -> None:
    # A list query returns plain columns: each end's id and name and the fact's sentence, no node maps.
    body = client.get("/queries/agency-tasks").json()
    assert body["rows"] and all(v is None or isinstance(v, str) for row in body["rows"] for v in row)
    row = dict(zip(body["columns"], body["rows"][0], strict=True))
    assert row["agency_id"].startswith("Agency:") and row["agency"] and row["evidence"]
    assert row["doc_id"] and row["key"]  # what the pages link each fact to its sentence by
    # A query that returns whole nodes leaves out what only the store and the extractor use.
    detail = client.get("/queries/entity-detail", params={"id": g.QS_AGENCY}).json()
    entity, relationship = detail["rows"][0][0], detail["rows"][0][1]
    assert {"alias_text", "type_reason", "id"}.isdisjoint(entity["props"]) and entity["props"]["name"]
    assert {"span_start", "span_end"}.isdisjoint(relationship["props"])
    assert relationship["props"]["doc_id"] and relationship["props"]["key"]


def test_cache_is_bounded_by_entries_and_bytes() -> None:
    cache = ResponseCache(max_entries=3, max_bytes=100)
    for i in range(5):
        cache.put(1, i, Cached.of(b"x" * 10, "text/plain"))
    assert len(cache) == 3 and cache.get(1, 0) is None and cache.get(1, 4) is not None
    cache.put(1, "big", Cached.of(b"y" * 90, "text/plain"))
    assert cache.size_bytes <= 100 and cache.get(1, "big") is not None
    cache.put(1, "huge", Cached.of(b"z" * 101, "text/plain"))  # larger than the cache: not kept
    assert cache.get(1, "huge") is None
    # A newer version drops everything; an answer computed under an older one is not kept.
    cache.put(2, "new", Cached.of(b"n", "text/plain"))
    assert cache.get(2, "big") is None and len(cache) == 1
    cache.put(1, "old", Cached.of(b"o", "text/plain"))
    assert cache.get(2, "old") is None and cache.get(1, "new") is None
