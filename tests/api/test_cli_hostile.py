"""The command line under hostile conditions (issue 12, items 15 and 16): closed pipes, library warnings,
odd file names, stored paths."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO


def _aikg(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=kwargs.pop("cwd", REPO), text=True,
                          capture_output=True, timeout=240, **kwargs)


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    for args in (["extract", str(EXAMPLES)], ["--data", str(tmp_path / "kg"), "stats"]):
        read, write = os.pipe()
        os.close(read)  # the reader has gone, like `| head -1` once it has its line
        try:
            done = subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO, stdout=write,
                                  stderr=subprocess.PIPE, text=True, timeout=240)
        finally:
            os.close(write)
        assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
        assert done.returncode == 141


def test_pypdf_warnings_are_prefixed_with_the_file(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    buf = io.BytesIO()
    writer.write(buf)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n9", buf.getvalue()))
    done = _aikg("extract", str(broken))
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert any("startxref" in ln for ln in lines), done.stderr
    assert all(ln.startswith(f"aikg: {broken}: ") for ln in lines), done.stderr


def test_stored_paths_are_as_given(tmp_path: Path) -> None:
    """Decided: a document's path is stored as it was given (relative stays relative), never made absolute."""
    work = tmp_path / "work"
    (work / "docs").mkdir(parents=True)
    (work / "docs" / "plan.txt").write_bytes((EXAMPLES / "hefei_ai_action_plan.txt").read_bytes())
    data = tmp_path / "kg"
    done = _aikg("--data", str(data), "ingest", "-q", "docs", cwd=work,
                 env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    from graph.falkor_store import FalkorStore

    store = FalkorStore.open(data)
    try:
        assert [d.path for d in store.documents()] == ["docs/plan.txt"]
    finally:
        store.close()


def test_odd_file_names_are_stored_as_utf8_and_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    raw_name = b"bad\xff\x1b[31mred.txt"  # not UTF-8, and a terminal colour sequence
    (Path(os.fsdecode(bytes(folder))) / os.fsdecode(raw_name)).write_bytes(
        (EXAMPLES / "hefei_ai_action_plan.txt").read_bytes())
    (folder / "broken\x1b]0;pwned\x07.docx").write_bytes(b"not a zip")
    data = tmp_path / "kg"
    done = _aikg("--data", str(data), "ingest", "-q", str(folder))
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr, "no raw escape reaches the terminal"
    assert "broken\\x1b]0;pwned\\x07.docx" in done.stderr
    assert "surrogates" not in done.stderr and "1 document(s)" in done.stdout, done.stderr
    extracted = _aikg("extract", str(folder / os.fsdecode(raw_name)))
    assert extracted.returncode == 0
    assert '"path": "' + str(folder) + '/bad\\\\xff\\u001b[31mred.txt"' in extracted.stdout
    from graph.falkor_store import FalkorStore

    store = FalkorStore.open(data)
    try:
        assert [d.path for d in store.documents()] == [f"{folder}/bad\\xff\x1b[31mred.txt"]
    finally:
        store.close()
