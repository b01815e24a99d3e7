"""Uploads are extracted in a child process bounded in time and memory (issue 12, item 6).

The API keeps answering while a slow document is extracted; a child over a limit is killed, its file
refused by name with the limit, nothing of it written, and the rest of the upload goes on.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.falkor_store import FalkorStore
from tests.api.live import serve
from tests.conftest import EXAMPLES
from tests.queries import sample_graph as g

TOKEN = "upload-limit-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SMALL = (EXAMPLES / "hefei_ai_action_plan.txt").read_bytes()
# Ordinary text, long enough that extracting it takes many seconds even at the model's own speed.
BIG = b"\n".join([SMALL] * 200)


@pytest.fixture
def sample_store(store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> FalkorStore:
    for extraction in g.sample_extractions():
        store.write(extraction)
    monkeypatch.setenv("AIKG_API_TOKEN", TOKEN)
    monkeypatch.setenv("AIKG_MAX_UPLOAD_BYTES", str(4 * len(BIG)))
    return store


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def test_slow_upload_keeps_the_api_answering_and_is_stopped_at_its_time_limit(
        sample_store: FalkorStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_EXTRACT_TIMEOUT_S", "3")
    app = create_app(sample_store)
    extractor = app.state.extractor
    with serve(app) as (host, port), ThreadPoolExecutor(1) as pool:
        base = f"http://{host}:{port}"
        files = [("files", ("big.txt", BIG, "text/plain")), ("files", ("small.txt", SMALL, "text/plain"))]
        upload = pool.submit(httpx.post, f"{base}/documents", files=files, headers=AUTH, timeout=600)
        deadline = time.monotonic() + 60
        while extractor.last_pid is None and time.monotonic() < deadline:
            time.sleep(0.05)
        slow_pid = extractor.last_pid
        assert slow_pid is not None, "no extraction process was started"
        time.sleep(0.5)
        health = httpx.get(f"{base}/health", timeout=5)
        query = httpx.get(f"{base}/queries/agency-ranking", timeout=5)
        assert not upload.done(), "the upload ended before the API was asked"
        assert health.status_code == 200 and query.status_code == 200 and query.json()["rows"]
        res = upload.result()
        documents = httpx.get(f"{base}/documents", timeout=5).json()
    assert res.status_code == 200, res.text
    by_file = {r["file"]: r for r in res.json()["results"]}
    error = by_file["big.txt"]["error"]
    assert "longer than the limit of 3 s" in error and "AIKG_EXTRACT_TIMEOUT_S" in error
    assert by_file["small.txt"]["doc_id"].startswith("doc:")  # the rest of the upload went on
    assert _gone(slow_pid)
    assert {d["path"] for d in documents} == {"small.txt"} | {d.doc.path for d in g.sample_extractions()}
    assert extractor.last_pid is None or _gone(extractor.last_pid)  # stopped with the app


def test_upload_over_the_memory_limit_is_refused_by_name(sample_store: FalkorStore,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIKG_EXTRACT_MEMORY_MB", "1")
    app = create_app(sample_store)
    with TestClient(app) as client:
        before = client.get("/documents").json()
        res = client.post("/documents", files={"files": ("large.txt", BIG[: len(BIG) // 4], "text/plain")},
                          headers=AUTH)
        pid = app.state.extractor.last_pid
        assert res.status_code == 422, res.text
        detail = res.json()["detail"]
        assert "large.txt" in detail and "memory limit of 1 MB" in detail and "AIKG_EXTRACT_MEMORY_MB" in detail
        assert pid is not None and _gone(pid)
        assert client.get("/documents").json() == before  # nothing written
        assert client.get("/health").status_code == 200
        # With the limit lifted the next upload gets a fresh process and goes in.
        monkeypatch.delenv("AIKG_EXTRACT_MEMORY_MB")
        ok = client.post("/documents", files={"files": ("small.txt", SMALL, "text/plain")}, headers=AUTH)
        assert ok.status_code == 200 and app.state.extractor.last_pid != pid
