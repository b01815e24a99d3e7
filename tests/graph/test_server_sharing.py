"""The embedded server shared by several commands, and its failures (issue 12, items 1-4).

Real FalkorDB servers and real `aikg` processes; the disk-full test mounts a small tmpfs (root only).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import graph.falkor_server as fs
from api.cli import main
from graph.falkor_server import FalkorServer, StoreUnavailable, ping
from graph.falkor_store import FalkorStore
from graph.model import Document, Extraction
from tests.conftest import EXAMPLES, REPO, _store_processes_under


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still has a pid: it counts as gone.
    return "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]


def _wait(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "kg"
    yield d
    FalkorServer(d).stop()


def _aikg(data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "api.cli", "--data", str(data), *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# -- item 2: commands sharing one data directory ------------------------------------------------
def test_the_first_user_leaving_does_not_stop_the_server_under_another(data_dir: Path) -> None:
    ingest = FalkorStore.open(data_dir)   # e.g. `aikg ingest`, which starts the server
    serve = FalkorStore.open(data_dir)    # e.g. `aikg serve`, started meanwhile
    assert ingest.server.started_here and not serve.server.started_here
    ingest.close()
    assert serve.stats().documents == 0, "the server stays up while someone still uses it"
    pid = int(serve.server.pid_file.read_text())
    serve.close()
    assert _wait(lambda: not _alive(pid)), "the last user stops the server it did not start"
    assert not FalkorServer(data_dir).running()


def test_db_start_keeps_the_server_after_its_users_leave(data_dir: Path) -> None:
    assert main(["--data", str(data_dir), "db", "start"]) == 0
    store = FalkorStore.open(data_dir)
    store.close()
    assert FalkorServer(data_dir).running()
    assert main(["--data", str(data_dir), "db", "stop"]) == 0
    assert not FalkorServer(data_dir).running()


def test_two_ingests_at_once_both_succeed(data_dir: Path) -> None:
    runs = [_aikg(data_dir, "ingest", "-q", str(EXAMPLES)) for _ in range(2)]
    outputs = [r.communicate(timeout=240) for r in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "0 failed" in out
    store = FalkorStore.open(data_dir)
    try:
        assert store.stats().documents == len(list(EXAMPLES.iterdir()))
    finally:
        store.close()
    assert _wait(lambda: not _store_processes_under(data_dir.parent)), "the last one out stopped the server"


# -- item 3: one server per data directory ----------------------------------------------------
def test_a_deleted_socket_does_not_let_a_second_server_start(data_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fs, "_BUSY_WAIT_S", 1.0)
    first = FalkorServer(data_dir)
    first.start()
    pid = int(first.pid_file.read_text())
    first.socket_path.unlink()
    with pytest.raises(StoreUnavailable, match=f"pid {pid}.*holds data directory"):
        FalkorServer(data_dir).start()
    assert _store_processes_under(data_dir) == [pid], "no second redis-server on the directory"
    assert FalkorServer(data_dir).stop() is True, "`aikg db stop` ends it by its pid"
    assert _wait(lambda: not _alive(pid))
    assert FalkorServer(data_dir).start() is True  # and the directory starts again


def test_a_paused_server_is_waited_for_not_replaced(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fs, "_BUSY_WAIT_S", 1.0)
    server = FalkorServer(data_dir)
    server.start()
    pid = int(server.pid_file.read_text())
    os.kill(pid, signal.SIGSTOP)
    try:
        with pytest.raises(StoreUnavailable, match="does not answer") as info:
            FalkorServer(data_dir).start()
        assert "not FalkorDB" not in str(info.value)
        assert server.socket_path.exists(), "a live socket is never deleted"
    finally:
        os.kill(pid, signal.SIGCONT)
    assert ping(server.socket_path)


def test_a_busy_listener_s_socket_is_not_deleted(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    server = FalkorServer(data_dir)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as squatter:
        squatter.bind(str(server.socket_path))
        squatter.listen(0)  # a backlog that is full at once: connecting fails with EAGAIN, not "refused"
        pending = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        pending.setblocking(False)
        try:
            pending.connect(str(server.socket_path))
        except BlockingIOError:
            pass
        with pytest.raises(StoreUnavailable, match="not FalkorDB"):
            server.start()
        pending.close()
        assert server.socket_path.exists()


# -- item 4 and 16: no server left behind, no zombie ----------------------------------------
def _watchers(data: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"graph.falkor_server" in args and str(data.resolve()).encode() in args:
            pids.append(int(proc.name))
    return pids


def _killed_ingest(data_dir: Path) -> int:
    """Start an ingest, kill -9 it once its server answers; the server's pid."""
    ingest = _aikg(data_dir, "ingest", "-q", str(EXAMPLES))
    server = FalkorServer(data_dir)
    assert _wait(lambda: server.running() and server.pid_file.exists(), 60), "the ingest started its server"
    pid = int(server.pid_file.read_text())
    ingest.kill()
    ingest.wait()
    return pid


def test_kill_9_of_an_ingest_leaves_no_server_behind(data_dir: Path) -> None:
    pid = _killed_ingest(data_dir)
    assert _wait(lambda: not _alive(pid), 30), "the watcher stopped the server nobody uses any more"
    assert _wait(lambda: not _watchers(data_dir), 20), "and went away itself"


def test_a_server_left_without_its_watcher_is_adopted_and_stopped(data_dir: Path) -> None:
    pid = _killed_ingest(data_dir)
    for watcher in _watchers(data_dir):  # e.g. the whole session was killed
        os.kill(watcher, signal.SIGKILL)
    assert _alive(pid), "an orphan server is left"
    assert main(["--data", str(data_dir), "stats"]) == 0
    assert _wait(lambda: not _alive(pid), 60), "the next command adopted the server and, last out, stopped it"


def test_a_killed_server_child_is_reaped(data_dir: Path) -> None:
    server = FalkorServer(data_dir)
    server.start()
    pid = server._process.pid  # type: ignore[union-attr]
    os.kill(pid, signal.SIGKILL)
    assert _wait(lambda: not Path(f"/proc/{pid}").exists(), 10), "no zombie left in this (long-running) process"
    server.stop()


# -- item 1: a full disk ----------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill the disk needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        FalkorServer(mount / "kg").stop()
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _big_document(i: int) -> Extraction:
    return Extraction(doc=Document(id=f"doc:{i:016x}", path=f"d{i}.txt", title=f"{i}:" + "题" * 300_000))


def test_full_disk_acknowledges_only_durable_documents_and_reads_go_on(small_disk: Path) -> None:
    data = small_disk / "kg"
    store = FalkorStore.open(data)
    acknowledged: list[str] = []
    error = ""
    for i in range(200):
        try:
            store.write(_big_document(i))
            store.sync()
        except RuntimeError as exc:
            error = str(exc)
            break
        acknowledged.append(f"doc:{i:016x}")
    assert error, "the disk filled up"
    assert acknowledged, "some documents went in first"
    assert "disk" in error and str(data.resolve()) in error
    assert store.stats().documents >= len(acknowledged), "reads keep working"
    with pytest.raises(RuntimeError, match="disk"):
        store.delete_document(acknowledged[0])  # refused with the reason, not a crash
    other = FalkorStore.open(data)  # what `aikg stats` or `aikg serve` does: opening still works
    assert other.stats().documents >= len(acknowledged)
    other.close()
    store.close()
    assert not FalkorServer(data).running()
    store = FalkorStore.open(data)
    try:
        stored = {d.id for d in store.documents()}
    finally:
        store.close()
    assert set(acknowledged) <= stored, "every acknowledged document survived the restart"


def _fill(disk: Path) -> None:
    (disk / "filler").mkdir(exist_ok=True)
    with open(disk / "filler" / "blob", "ab") as blob:
        try:
            while True:
                blob.write(b"\0" * 65536)
                blob.flush()
        except OSError:
            pass


def test_ingest_on_a_full_disk_names_the_disk(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = small_disk / "kg"
    first, *rest = sorted(EXAMPLES.iterdir())
    assert main(["--data", str(data), "db", "start"]) == 0  # kept running: the full disk meets a live server
    assert main(["--data", str(data), "ingest", "-q", str(first)]) == 0
    _fill(small_disk)
    capsys.readouterr()
    code = main(["--data", str(data), "ingest", "-q", *map(str, rest)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "ingested 0 document(s)" in out, "nothing that may be lost is reported as ingested"
    assert "disk" in err and str(data.resolve()) in err and "Traceback" not in err
    assert main(["--data", str(data), "stats", "--json"]) == 0, "reads still work on the full disk"
    assert '"documents": ' in capsys.readouterr().out
