"""docker-compose.yml and the Dockerfile: no Docker engine runs here, so check what they declare."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml", reason="pyyaml is a dev dependency: pip install -e '.[dev]'")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.26(\.\d+)?-community", neo["image"])
    auth = neo["environment"]["NEO4J_AUTH"]
    assert re.fullmatch(r"\$\{NEO4J_USER:-\w+\}/\$\{NEO4J_PASSWORD:-[^}]{8,}\}", auth), auth
    test = " ".join(neo["healthcheck"]["test"])
    assert "wget" in test and "curl" not in test and "http://localhost:7474" in test
    volume = neo["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "data lives in a named volume"
    assert any(p.endswith(":7687") for p in neo["ports"])


def test_api_service(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["build"] in (".", {"context": "."})
    env = api["environment"]
    assert env["AIKG_STORE"] == "neo4j" and env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert env["NEO4J_PASSWORD"] == compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"].split("/", 1)[1]
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}


def test_dockerfile_runs_the_api() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert re.search(r"^RUN pip install \.", text, re.M)
    assert 'CMD ["aikg", "serve", "--host", "0.0.0.0"' in text
    # Every package named in pyproject is copied into the image.
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = setuptools["packages"]
    names = listed if isinstance(listed, list) else listed["find"]["include"]
    for pkg in sorted({name.split(".")[0] for name in names}):
        assert f"COPY {pkg}/ {pkg}/" in text, pkg
