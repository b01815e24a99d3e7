"""The `aikg` command line, end to end against a real embedded store in a temporary data dir."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from api.cli import main
from graph.falkor_server import FalkorServer
from tests.conftest import EXAMPLES


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("hefei_ai_action_plan.txt", "shenzhen_ai_alliance_news.txt"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_extract_prints_one_json_object_per_document(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(docs)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    for rec in records:
        assert set(rec) >= {"doc", "entities", "relations"}
        assert rec["doc"]["id"].startswith("doc:")
        ids = {e["id"] for e in rec["entities"] + rec["places"]}
        for rel in rec["relations"]:
            assert rel["source"] in ids or rel["source"] == rec["doc"]["id"]
            assert rel["target"] in ids


def test_ingest_reports_bad_files_and_goes_on(docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs / "empty.txt").write_text("   \n")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    data = tmp_path / "data"
    code = main(["--data", str(data), "ingest", "-q", str(docs)])
    captured = capsys.readouterr()
    assert code == 1  # some files failed
    assert "empty.txt" in captured.err and "binary.txt" in captured.err
    assert "ingested 2 document(s)" in captured.out
    assert main(["--data", str(data), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 2
    assert not FalkorServer(data).running(), "the CLI must stop the server it started"


def test_ingest_twice_changes_nothing_and_delete_removes_the_document(
    docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data", str(data), "ingest", "-q", str(docs)]) == 0
    capsys.readouterr()
    main(["--data", str(data), "stats", "--json"])
    before = json.loads(capsys.readouterr().out)
    assert main(["--data", str(data), "ingest", "-q", str(docs)]) == 0
    assert "(2 replaced)" in capsys.readouterr().out
    main(["--data", str(data), "stats", "--json"])
    assert json.loads(capsys.readouterr().out) == before

    main(["extract", str(docs / "hefei_ai_action_plan.txt")])
    doc_id = json.loads(capsys.readouterr().out)["doc"]["id"]
    assert main(["--data", str(data), "delete", doc_id]) == 0
    assert f"deleted {doc_id}" in capsys.readouterr().out
    main(["--data", str(data), "stats", "--json"])
    assert json.loads(capsys.readouterr().out)["documents"] == 1
    assert main(["--data", str(data), "delete", doc_id]) == 1
    assert "no document" in capsys.readouterr().err


def test_missing_path_and_empty_folder_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["extract", str(tmp_path / "nope.txt"), str(empty)]) == 1
    err = capsys.readouterr().err
    assert "nope.txt: no such file" in err
    assert "empty: no documents in this folder" in err


def test_db_start_status_stop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data", str(data), "db", "status"]) == 3
    try:
        assert main(["--data", str(data), "db", "start"]) == 0
        assert main(["--data", str(data), "db", "status"]) == 0
        assert "running" in capsys.readouterr().out
        # an ingest reuses the running server and leaves it running
        assert main(["--data", str(data), "ingest", "-q", str(EXAMPLES / "shenzhen_ai_alliance_news.txt")]) == 0
        assert FalkorServer(data).running()
    finally:
        assert main(["--data", str(data), "db", "stop"]) == 0
    assert not FalkorServer(data).running()


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["--data", str(blocker / "data"), "stats"]) == 2
    assert "cannot create data directory" in capsys.readouterr().err


def test_extract_with_two_workers_prints_the_same_json_lines_as_one(
    seeds_dir: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(seeds_dir), str(docs), str(EXAMPLES)]
    assert main(["extract", "--workers", "1", *paths]) == 0
    one = capsys.readouterr().out
    assert main(["extract", "--workers", "2", *paths]) == 0
    two = capsys.readouterr().out
    assert len(one.splitlines()) >= 9
    assert two == one
