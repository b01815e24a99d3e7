"""aikg query / view / export / report against a real embedded store in a temporary data dir."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from api.cli import main
from queries import ParameterError, Registry
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-data")
    assert main(["--data", str(folder), "ingest", "-q", str(EXAMPLES)]) == 0
    return folder


def run(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


def test_query_formats(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "query", "agency-ranking", "limit=3") == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "agency", "tasks", "lead_tasks", "documents"] and table[-1] == "(3 rows)"
    assert run(data, "query", "agency-ranking", "limit=3", "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["params"] == {"city": "", "limit": 3} and len(out["rows"]) == 3
    assert run(data, "query", "agency-tasks", "limit=2", "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["agency_id", "agency", "task_id", "task"] and len(rows) == 3
    assert rows[1][1] and not rows[1][1].startswith("{")  # names as text, not as JSON
    assert run(data, "query", "entity-detail", f"id={rows[1][0]}", "--format", "csv") == 0
    detail = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert detail[1][0] == rows[1][1]  # a whole node by its name


def test_query_parameters_are_validated_like_the_api(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ParameterError) as api_error:  # what the API returns as its 422 detail
        Registry.load().validate("agency-ranking", {"limit": "0"})
    assert run(data, "query", "agency-ranking", "limit=0") == 2
    assert capsys.readouterr().err.strip() == f"aikg: {api_error.value}"
    assert run(data, "query", "agency-ranking", "nolimit") == 2
    assert "expected key=value" in capsys.readouterr().err
    assert run(data, "query", "no-such-query") == 2
    assert "no saved query 'no-such-query'" in capsys.readouterr().err


def test_view_html_png_svg(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix, magic in (("html", b"<!DOCTYPE html>"), ("png", b"\x89PNG"), ("svg", b"<?xml")):
        out = tmp_path / f"view.{suffix}"
        assert run(data, "view", "agency-tasks", "limit=20", "-o", str(out)) == 0
        assert out.read_bytes().startswith(magic)
    html = (tmp_path / "view.html").read_text(encoding="utf-8")
    assert "vis-network" in html and "<script src=" not in html  # inlined: works offline
    assert run(data, "view", "agency-tasks", "-o", str(tmp_path / "view.gif")) == 2
    assert ".html, .png or .svg" in capsys.readouterr().err


def test_export_formats(data: Path, tmp_path: Path) -> None:
    assert run(data, "export", "--format", "json", "-o", str(tmp_path / "g.json")) == 0
    graph = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert graph["nodes"] and graph["edges"]
    assert run(data, "export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")) == 0
    assert b"<graphml" in (tmp_path / "g.graphml").read_bytes()
    assert run(data, "export", "--format", "csv", "--part", "nodes", "-o", str(tmp_path / "n.csv")) == 0
    assert (tmp_path / "n.csv").read_text(encoding="utf-8-sig").startswith("id,label,name")


def test_report_offline_html(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "合肥.html"
    assert run(data, "report", "合肥市", "-o", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "合肥市 · 人工智能产业区域画像" in html and "srcdoc=" in html
    assert 'href="/' not in html and "src=\"http" not in html  # nothing points at a server
    assert re.search(r'href="#ev-\d+"', html) and 'id="ev-1"' in html


def test_report_pdf(data: Path, tmp_path: Path) -> None:
    from tests.browser.conftest import chromium_path

    if chromium_path() is None:
        pytest.skip("Chromium not installed: --pdf prints with headless Chromium")
    out = tmp_path / "hefei.html"
    assert run(data, "report", "合肥市", "-o", str(out), "--pdf") == 0
    assert (tmp_path / "hefei.pdf").read_bytes().startswith(b"%PDF")


def test_report_bad_input(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data, "report", "火星市", "-o", str(tmp_path / "x.html")) == 2
    assert "火星市" in capsys.readouterr().err
    target = tmp_path / "no-such-folder" / "r.html"
    assert run(data, "report", "合肥市", "-o", str(target)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(target) in err[0]


def test_extract_output_keeps_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(EXAMPLES / "hefei_ai_action_plan.txt")]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {"doc", "entities", "places", "relations"}  # the text stays out of the scorer's format
