"""Reading files a hostile or careless user hands over (issue 12, items 11-14)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loaders.errors import ExtractionError
from loaders.read import read_document, skipped_in_folder
from tests.conftest import EXAMPLES, REPO

PARA = "合肥市经济和信息化局负责推进人工智能产业发展第{}项任务。"


# -- item 11: FIFOs and broken links never hang and are named ---------------------------------
def test_a_fifo_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for command in ("extract", "ingest"):
        done = subprocess.run([sys.executable, "-m", "api.cli", "--data", str(tmp_path / "kg"), command, str(fifo)],
                              cwd=REPO, capture_output=True, text=True, timeout=120)  # hung for ever before
        assert done.returncode == 1
        assert f"{fifo}: not a regular file but a named pipe (FIFO)" in done.stderr


def test_what_a_folder_walk_skips_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes((EXAMPLES / "hefei_ai_action_plan.txt").read_bytes())
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    assert skipped_in_folder(tmp_path) == [
        (tmp_path / "dangling.txt", "skipped: dangling symbolic link"),
        (tmp_path / "fifo.txt", "skipped: a named pipe (FIFO)"),
        (tmp_path / "loop1.txt", "skipped: symbolic link loop"),
        (tmp_path / "loop2.txt", "skipped: symbolic link loop"),
    ]
    done = subprocess.run([sys.executable, "-m", "api.cli", "extract", str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.count('"doc"') == 1
    for name in ("dangling.txt", "fifo.txt", "loop1.txt", "loop2.txt"):
        assert f"{tmp_path / name}: skipped: " in done.stderr


# -- item 12: Shift-JIS is not Chinese ----------------------------------------------------------
def test_shift_jis_text_is_refused_by_name(tmp_path: Path) -> None:
    japanese = "東京都の人工知能戦略について説明します。これは日本語のテキストです。" * 20
    path = tmp_path / "tokyo.txt"
    path.write_bytes(japanese.encode("shift_jis"))
    with pytest.raises(ExtractionError, match="Japanese in Shift-JIS, not Chinese"):
        read_document(path)
    gbk = tmp_path / "hefei.txt"  # GBK Chinese still reads
    gbk.write_bytes((EXAMPLES / "hefei_ai_action_plan.txt").read_text(encoding="utf-8").encode("gb18030"))
    assert read_document(gbk).encoding == "gb18030"


# -- item 13: unclosed tags and deep nesting are not cut --------------------------------------
def _page(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'><title>测试</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("unclosed-font", "".join(f"<font color=red>{PARA.format(i)}<br>" for i in range(400))),
        ("unclosed-nested", "".join(f"<p><font><font>{PARA.format(i)}" for i in range(400))),
        ("deep-divs", "<div>" * 300 + "".join(f"<p>{PARA.format(i)}</p>" for i in range(400)) + "</div>" * 300),
    ],
)
def test_deep_or_unclosed_html_is_read_whole(tmp_path: Path, name: str, body: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_bytes(_page(body))
    text = read_document(path).text
    kept = {int(n) for n in re.findall(r"第(\d+)项任务", text)}
    assert len(kept) >= 395, f"{len(kept)} of 400 paragraphs kept"  # trafilatura may drop a lead line
    assert 399 in kept, "the end of the page is there"


# -- item 14: a docx ZIP bomb is refused from its directory -------------------------------------
def test_docx_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(PARA.format(1))
    buf = io.BytesIO()
    document.save(buf)
    bomb = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (30 * 1024 * 1024))  # 30 MB of nothing
            dst.writestr(info.filename, data)
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb.getvalue())
    assert path.stat().st_size < 200_000

    def unpacked(*_: object) -> None:
        raise AssertionError("python-docx was given the bomb")

    monkeypatch.setattr(docx, "Document", unpacked)
    with pytest.raises(ExtractionError, match="word/document.xml unpacks to 30.0 MB .* ZIP bomb"):
        read_document(path)


# -- item 15: NUL bytes past the first 64 KiB ---------------------------------------------------
def test_nul_bytes_deep_in_a_text_file_are_refused_not_dropped(tmp_path: Path) -> None:
    text = (EXAMPLES / "hefei_ai_action_plan.txt").read_text(encoding="utf-8")
    body = (text * (70_000 // len(text.encode()) + 1)).encode()
    path = tmp_path / "late-nul.txt"
    path.write_bytes(body + "合肥市\0经济和信息化局".encode())  # dropping the NUL glued 合肥市经济和信息化局
    with pytest.raises(ExtractionError, match=r"contains NUL bytes at byte [\d,]+"):
        read_document(path)
