"""Hostile HTTP input (issue 12): control characters, bodies before the token, Host headers, odd ids."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from graph.store import InvalidParameter
from queries import Registry
from queries.spec import parse_query
from tests.api.live import serve
from tests.queries import sample_graph as g

TOKEN = "hostile-token-1"
ENGINE_WORDS = ("errMsg", "errCtx", "CYPHER", "offset")


@pytest.fixture
def client(store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    for extraction in g.sample_extractions():
        store.write(extraction)
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c


# -- item 9: NUL and other control characters ------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/queries/agency-ranking?city=%00"),
        ("GET", "/queries/agency-ranking?city=a%01b"),
        ("GET", "/entities?q=%00"),
        ("GET", "/entities/%00"),
        ("GET", "/views/agency-tasks?agency=%1b%5b31m"),
        ("DELETE", "/documents/doc%00x"),
    ],
)
def test_control_characters_in_parameters_are_422(client: TestClient, method: str, url: str) -> None:
    res = client.request(method, url, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 422, res.text
    assert "control character" in res.json()["detail"]
    assert not any(word in res.text for word in ENGINE_WORDS)


def test_store_refuses_nul_in_any_parameter(store: FalkorStore) -> None:
    with pytest.raises(InvalidParameter, match="'x'"):
        store.read("RETURN $x", {"x": "a\x00b"})
    with pytest.raises(InvalidParameter):
        store.read("RETURN $x", {"x": ["ok", "b\x00"]})
    assert store.read("RETURN $x", {"x": "a\x01b"}).rows == [["a\x01b"]]  # the engine copes with other controls


def test_engine_errors_are_not_shown_to_the_caller(store: FalkorStore) -> None:
    broken = parse_query("// name: broken\n// title: 坏\nMATCH (n) RETURN n.name + 1 AS x, toInteger([]) AS y",
                         "broken.cypher")
    with TestClient(create_app(store, registry=Registry([broken])), raise_server_exceptions=False) as c:
        store.write(g.sample_extractions()[0])
        res = c.get("/queries/broken")
    assert res.status_code == 500
    assert "server log" in res.json()["detail"]
    assert not any(word in res.text for word in ENGINE_WORDS)


# -- item 8: token and size checked before the body is read, chunked bodies too -------------
@pytest.fixture
def live_url(store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    """The app under a real uvicorn on 127.0.0.1 (a TestClient reads the whole body before the app runs)."""
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    monkeypatch.setenv("AIKG_MAX_UPLOAD_BYTES", "100000")
    with serve(create_app(store)) as address:
        yield address


def _chunked_upload(address: tuple[str, int], headers: str, chunks: int) -> tuple[str, int]:
    """Send a chunked multipart POST chunk by chunk, never finishing it; return the reply and chunks sent."""
    import socket

    sent = 0
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(("POST /documents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                      "Content-Type: multipart/form-data; boundary=b\r\n" + headers + "\r\n").encode())
        head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        sock.sendall(b"%x\r\n%s\r\n" % (len(head), head))
        chunk = b"x" * 65536
        sock.settimeout(0.05)
        reply = b""
        for _ in range(chunks):
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += 1
                reply += sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:  # the server closed the connection after answering
                break
            if reply:
                break
        sock.settimeout(5)
        try:
            reply += sock.recv(4096)
        except OSError:
            pass
    return reply.decode("latin-1"), sent


def test_chunked_upload_without_token_is_refused_before_the_body(live_url: tuple[str, int]) -> None:
    reply, sent = _chunked_upload(live_url, "", chunks=200)  # 200 chunks of 64 KiB would be 12.5 MiB
    assert reply.startswith("HTTP/1.1 401"), reply[:200]
    assert "missing token" in reply
    assert sent < 50


def test_chunked_upload_over_the_limit_is_cut_off(live_url: tuple[str, int]) -> None:
    reply, sent = _chunked_upload(live_url, f"Authorization: Bearer {TOKEN}\r\n", chunks=200)
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert "AIKG_MAX_UPLOAD_BYTES" in reply
    assert sent < 50


def test_declared_length_over_the_limit_is_refused_at_once(client: TestClient,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_MAX_UPLOAD_BYTES", "1000")
    res = client.post("/documents", headers={"Content-Length": "999999999"}, content=b"")
    assert res.status_code == 401  # no token: refused before the size is even looked at
    res = client.post("/documents", headers={"Authorization": f"Bearer {TOKEN}", "Content-Length": "999999999"},
                      content=b"")
    assert res.status_code == 413


# -- item 10: no Host header in a view; views carry a CSP ------------------------------------
def test_view_never_reflects_the_host_header(client: TestClient) -> None:
    res = client.get("/views/agency-tasks", params={"agency": "科学技术局"}, headers={"Host": "evil.example"})
    assert res.status_code == 200
    assert "evil.example" not in res.text
    assert '<script src="../viz/vis-network.min.js"></script>' in res.text
    csp = res.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self' 'sha256-" in csp and "connect-src 'none'" in csp


def test_public_url_goes_into_the_embed_snippet(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_PUBLIC_URL", "https://kg.example.org/")
    res = client.get("/views/agency-tasks", params={"agency": "科学技术局"}, headers={"Host": "evil.example"})
    assert "https://kg.example.org/views/agency-tasks?agency=" in res.text.replace("&#34;", '"')
    assert "evil.example" not in res.text


# -- item 15: control characters in stored text, long ids ---------------------------------------
def test_graphml_is_well_formed_with_control_characters(client: TestClient, store: FalkorStore) -> None:
    import xml.etree.ElementTree as ET

    from graph.model import Entity, Label, entity_id

    x = g.sample_extractions()[0]
    name = "控制\x0b字符\x01局"
    odd = x.model_copy(update={
        "doc": x.doc.model_copy(update={"path": "docs/a\x01b\x1b[31m.txt", "title": "标题\x08"}),
        "entities": [*x.entities, Entity(id=entity_id(Label.AGENCY, name), type=Label.AGENCY, name=name)],
    })
    store.write(odd)
    res = client.get("/export", params={"format": "graphml"})
    assert res.status_code == 200
    root = ET.fromstring(res.content)  # raises on a document that is not well-formed
    texts = [el.text or "" for el in root.iter()]
    assert "标题\ufffd" in texts
    assert any("docs/a\\u0001b\\u001b[31m.txt" in t for t in texts)  # `paths` is a list, written as JSON
    assert any(t.startswith("Agency:控制\ufffd字符") for t in [n.get("id", "") for n in root.iter()])


def test_a_long_entity_id_can_be_opened(client: TestClient, store: FalkorStore) -> None:
    from graph.model import Entity, Label, entity_id

    name = "人工智能" * 80 + "局"  # an id of 328 characters
    eid = entity_id(Label.AGENCY, name)
    x = g.sample_extractions()[0]
    store.write(x.model_copy(update={"entities": [*x.entities, Entity(id=eid, type=Label.AGENCY, name=name)]}))
    found = client.get("/entities", params={"q": "人工智能人工智能"}).json()["results"]
    assert eid in [r["id"] for r in found]
    res = client.get(f"/entities/{eid}")
    assert res.status_code == 200, res.text
    assert res.json()["entity"]["id"] == eid


# -- item 7: a burst of expensive reads neither starves /health nor outlives its timeout -------
SLOW = ("// name: slow\n// title: 慢\n"
        "UNWIND range(1, 4000) AS a UNWIND range(1, 4000) AS b RETURN count(a + b) AS n")


@pytest.fixture
def slow_live_url(store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    monkeypatch.setenv("AIKG_QUERY_TIMEOUT_MS", "1500")
    with serve(create_app(store, registry=Registry([parse_query(SLOW, "slow.cypher")]))) as address:
        yield address


def test_burst_of_slow_queries_keeps_health_and_timeouts(slow_live_url: tuple[str, int]) -> None:
    import time
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    base = f"http://{slow_live_url[0]}:{slow_live_url[1]}"
    http = httpx.Client(timeout=60, limits=httpx.Limits(max_connections=32))  # built once: no TLS set-up per call

    def slow() -> tuple[int, float]:
        start = time.monotonic()
        status = http.get(f"{base}/queries/slow").status_code
        return status, time.monotonic() - start

    with http, ThreadPoolExecutor(16) as pool:
        burst = [pool.submit(slow) for _ in range(16)]
        time.sleep(0.3)  # the burst is in flight
        start = time.monotonic()
        health = http.get(f"{base}/health")
        health_wait = time.monotonic() - start
        results = [f.result() for f in burst]
    assert health.status_code == 200 and health.json()["status"] == "ok"
    # Bounds far above the normal figures (milliseconds): they catch queueing, not slowness.
    assert health_wait < 3.0, f"/health waited {health_wait:.1f} s behind the burst"
    statuses = sorted({s for s, _ in results})
    assert set(statuses) <= {200, 503, 504}, statuses
    assert 503 in statuses, "requests beyond the slots are refused as busy"
    slowest = max(t for _, t in results)
    assert slowest < 1.5 + 1.5, f"a request took {slowest:.1f} s: the wait was not counted in its 1.5 s timeout"
