"""`aikg serve --workers 2`: two processes share one embedded server, which stops when serve ends."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import REPO, _store_processes_under


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_two_workers_answers_and_stops_its_server(tmp_path: Path) -> None:
    data, port = tmp_path / "data", _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "api.cli", "--data", str(data), "serve", "--workers", "2",
                              "--port", str(port)], cwd=REPO, env={**os.environ, "AIKG_STORE": "falkordb"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base, answers = f"http://127.0.0.1:{port}", set()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(answers) < 1:
            try:
                res = httpx.get(f"{base}/health", timeout=2)
                if res.status_code == 200:
                    answers.add(res.json()["status"])
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answers == {"ok"}, "serve --workers 2 did not answer"
        # Enough requests that both workers answer some; every one sees the same, single server.
        for _ in range(20):
            res = httpx.get(f"{base}/queries/agency-ranking", timeout=10)
            assert res.status_code == 200 and res.json()["rows"] == []
        assert len(_store_processes_under(data)) == 1
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            _, err = serve.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            _, err = serve.communicate()
    assert serve.returncode == 0, err[-2000:]
    assert err.count("Started server process") == 2, err[-2000:]  # two workers, each opened the store
    deadline = time.monotonic() + 15
    while _store_processes_under(data) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _store_processes_under(data) == [], "the embedded server outlived serve"
