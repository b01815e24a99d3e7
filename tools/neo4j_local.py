"""Start, wait for and stop the local Neo4j of tools/neo4j-local (a real Neo4j 5.26 without Docker).

    python tools/neo4j_local.py start --port 7687 --data data/neo4j --pid data/neo4j.pid
    python tools/neo4j_local.py stop --pid data/neo4j.pid
    python tools/neo4j_local.py with-server -- pytest -q     # a throw-away server around one command

Readiness is a Bolt handshake that answers, never a sleep. The password comes from NEO4J_PASSWORD.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JAR = Path(__file__).resolve().parent / "neo4j-local" / "target" / "neo4j-local.jar"
# The machine is shared: a small heap and page cache (NEO4J_PAGECACHE_MB) are plenty for tests.
JAVA_OPTS = os.environ.get("NEO4J_JAVA_OPTS", "-Xms256m -Xmx1g -XX:+UseSerialGC")
BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Offer Bolt 5.0-5.8, 4.4 and 4.0-4.3; a server answers with the one it picked (zero = none).
BOLT_VERSIONS = struct.pack(">IIII", 0x00080805, 0x00000404, 0x00030403, 0)
START_TIMEOUT_S = 300.0  # a shared, busy machine; crash recovery included
STOP_TIMEOUT_S = 60.0


class Neo4jLocalError(RuntimeError):
    pass


def bolt_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """True when a Bolt server at host:port completes the version handshake."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            answer = sock.recv(4)
    except OSError:
        return False
    return len(answer) == 4 and answer != b"\x00\x00\x00\x00"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalNeo4j:
    """One Neo4j process of the jar, on 127.0.0.1:port, its data in `data_dir`."""

    def __init__(self, data_dir: Path, port: int | None = None, password: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.password = password or os.environ.get("NEO4J_PASSWORD") or ""
        self.process: subprocess.Popen[bytes] | None = None
        self._log_start = 0  # where this start's output begins in the (appended) log

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "neo4j-local.out"

    def start(self, detach: bool = False) -> int:
        if not JAR.is_file():
            raise Neo4jLocalError(f"{JAR} is not built: run `make neo4j-jar` (needs Java 17 and Maven)")
        if len(self.password) < 8:
            raise Neo4jLocalError("set NEO4J_PASSWORD (at least 8 characters, Neo4j's minimum)")
        if bolt_answers("127.0.0.1", self.port):
            raise Neo4jLocalError(f"something already answers Bolt on 127.0.0.1:{self.port}")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                ["java", *JAVA_OPTS.split(), "-jar", str(JAR), str(self.port), str(self.data_dir)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                start_new_session=detach,  # `make neo4j`: the server outlives the make process
            )
        self.wait_ready()
        return self.process.pid

    def wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Neo4jLocalError(f"Neo4j exited with {self.process.returncode}; see {self.log_path}")
            if bolt_answers("127.0.0.1", self.port) and b"ready" in self.log_path.read_bytes()[self._log_start:]:
                return  # Bolt answers, and the password has been set (the jar says ready after that)
            time.sleep(0.3)
        self.stop()
        tail = self.log_path.read_bytes()[self._log_start:][-1500:].decode("utf-8", "replace")
        raise Neo4jLocalError(f"Neo4j did not answer on {self.uri} within {START_TIMEOUT_S:.0f}s; "
                              f"{self.log_path} ends with:\n{tail}")

    def stop(self) -> None:
        if self.process is not None:
            stop_pid(self.process.pid)
            self.process.wait()
            self.process = None

    def kill(self) -> None:
        """End the server abruptly (a crash), without its clean shutdown."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def stop_pid(pid: int) -> None:
    """SIGTERM (the jar's shutdown hook closes the store cleanly), SIGKILL if it hangs."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child: poll for its exit instead
            waited = 0
            if not Path(f"/proc/{pid}").exists():
                return
        else:
            if waited == pid:
                return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    start = sub.add_parser("start", help="start a server in the background and wait until Bolt answers")
    start.add_argument("--port", type=int, default=7687)
    start.add_argument("--data", type=Path, required=True)
    start.add_argument("--pid", type=Path, required=True)
    stop = sub.add_parser("stop", help="stop the server of a pid file")
    stop.add_argument("--pid", type=Path, required=True)
    around = sub.add_parser("with-server", help="run a command with a throw-away server (NEO4J_* set)")
    around.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    try:
        if args.cmd == "start":
            return _start(args.port, args.data, args.pid)
        if args.cmd == "stop":
            return _stop(args.pid)
        return _with_server([c for c in args.command if c != "--"])
    except Neo4jLocalError as exc:
        print(f"neo4j-local: {exc}", file=sys.stderr)
        return 1


def _start(port: int, data: Path, pid_file: Path) -> int:
    if pid_file.is_file() and Path(f"/proc/{pid_file.read_text().strip()}").exists():
        print(f"neo4j-local: already running (pid {pid_file.read_text().strip()}, {pid_file})")
        return 0
    server = LocalNeo4j(data, port=port)
    pid = server.start(detach=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{pid}\n")
    print(f"neo4j-local: Neo4j 5.26 on {server.uri} (user neo4j, password from NEO4J_PASSWORD), data in {data}")
    print(f"  export AIKG_STORE=neo4j NEO4J_URI={server.uri} NEO4J_USER=neo4j NEO4J_PASSWORD=…")
    return 0


def _stop(pid_file: Path) -> int:
    if not pid_file.is_file():
        print(f"neo4j-local: not running (no {pid_file})")
        return 0
    stop_pid(int(pid_file.read_text().strip()))
    pid_file.unlink()
    print("neo4j-local: stopped")
    return 0


def _with_server(command: list[str]) -> int:
    if not command:
        raise Neo4jLocalError("with-server needs a command")
    os.environ.setdefault("NEO4J_PASSWORD", "aikg-test-password")
    with tempfile.TemporaryDirectory(prefix="aikg-neo4j-") as tmp:
        server = LocalNeo4j(Path(tmp) / "data")
        started = time.monotonic()
        server.start()
        print(f"neo4j-local: Neo4j 5.26 on {server.uri} (started in {time.monotonic() - started:.0f}s)", flush=True)
        env = {**os.environ, "NEO4J_URI": server.uri, "NEO4J_USER": "neo4j", "NEO4J_DATABASE": "neo4j"}
        try:
            return subprocess.call(command, env=env)
        finally:
            server.stop()  # also when the tests fail or are interrupted


if __name__ == "__main__":
    sys.exit(main())
