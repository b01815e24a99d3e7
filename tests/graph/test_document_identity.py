"""What a document is (issue 12, item 5): its source path and its content, through edit, copy, rename, delete.

Decided (README, "Ingest your own documents"): new content from a path already stored replaces that path's
old version and its facts; the same content from another path (a copy, or the file renamed) stays ONE
document, listing every path it came from (`paths`), with its first path as `path`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.cli import main
from graph.falkor_server import FalkorServer
from graph.falkor_store import FalkorStore
from tests.conftest import EXAMPLES

PLAN = EXAMPLES / "hefei_ai_action_plan.txt"


def _docs(data: Path) -> dict[str, dict]:
    store = FalkorStore.open(data)
    try:
        rows = store.read("MATCH (d:Document) RETURN d.id, d.path, d.paths").rows
        facts = store.read("MATCH ()-[r]->() WHERE type(r) <> 'MENTIONS' RETURN r.doc_id, count(r)").rows
    finally:
        store.close()
    counts = dict(facts)
    return {i: {"path": p, "paths": ps, "facts": counts.get(i, 0)} for i, p, ps in rows}


def _ingest(data: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["--data", str(data), "ingest", "-q", str(path)]) == 0
    return capsys.readouterr().out


@pytest.fixture
def data(tmp_path: Path):  # type: ignore[no-untyped-def]
    d = tmp_path / "kg"
    assert main(["--data", str(d), "db", "start"]) == 0  # one server for the whole test: quicker
    yield d
    FalkorServer(d).stop()


def test_edit_copy_rename_delete(tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    text = PLAN.read_text(encoding="utf-8")
    a.write_text(text, encoding="utf-8")
    _ingest(data, a, capsys)
    (v1,) = _docs(data)

    # Edit: the same path with new content replaces the old version and its facts.
    a.write_text(text.replace("合肥市", "芜湖市"), encoding="utf-8")
    assert "(1 replaced)" in _ingest(data, a, capsys)
    docs = _docs(data)
    assert list(docs) != [v1] and len(docs) == 1, "the old version is gone"
    (v2,) = docs
    assert docs[v2]["paths"] == [str(a)] and docs[v2]["facts"] > 0

    # Copy: identical bytes at another path stay one document that lists both paths.
    shutil.copy(a, b)
    assert "(0 replaced)" in _ingest(data, b, capsys)
    docs = _docs(data)
    assert list(docs) == [v2] and docs[v2]["path"] == str(a) and docs[v2]["paths"] == [str(a), str(b)]

    # Editing the copy splits it off: the original keeps its facts and only its own path.
    b.write_text(text.replace("合肥市", "蚌埠市"), encoding="utf-8")
    _ingest(data, b, capsys)
    docs = _docs(data)
    assert len(docs) == 2 and docs[v2]["paths"] == [str(a)] and docs[v2]["facts"] > 0
    (v3,) = set(docs) - {v2}
    assert docs[v3]["paths"] == [str(b)]

    # Rename: the content is known, so it stays one document; the new name is added.
    a.rename(c)
    assert "(0 replaced)" in _ingest(data, c, capsys)
    docs = _docs(data)
    assert len(docs) == 2 and docs[v2]["paths"] == [str(a), str(c)]

    # Delete removes one document and exactly its facts.
    assert main(["--data", str(data), "delete", v2]) == 0
    docs = _docs(data)
    assert list(docs) == [v3] and docs[v3]["facts"] > 0


def test_the_same_file_twice_is_replaced_not_duplicated(tmp_path: Path, data: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.txt"
    shutil.copy(PLAN, a)
    _ingest(data, a, capsys)
    before = _docs(data)
    assert "(1 replaced)" in _ingest(data, a, capsys)
    assert _docs(data) == before
