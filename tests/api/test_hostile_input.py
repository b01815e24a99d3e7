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
