"""Uploads: each file extracted in a child process bounded in time and memory, then written here (issue 12, item 6).

Extraction of a large or hostile document can take minutes and gigabytes; in the API process it held a
request thread and grew the process for good. Here one child per API process (spawned, not forked: the
API process runs threads) loads the model once and extracts one file at a time under
`RLIMIT_AS` = its size after loading + AIKG_EXTRACT_MEMORY_MB. The parent waits at most
AIKG_EXTRACT_TIMEOUT_S for each file; a child over either limit is killed, the file is refused by name
with the limit, and the next file gets a fresh child. Writing stays in the API process, one transaction
per document, so a refused file writes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import tempfile
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from api.errors import ApiError
from graph.model import Extraction
from graph.store import GraphStore, StoreUnavailable, make_durable
from loaders import SUPPORTED_SUFFIXES, ExtractionError, extract_file

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_MB = 2048
_READY_TIMEOUT_S = 300.0  # loading the model, not counted against a file's limit
_WARM_UP_TEXT = "北京市科学技术委员会负责推进人工智能产业发展。"


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default
    return value if value > 0 else default


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Connection, memory_mb: int) -> None:
    """The child's loop: load once, then extract the paths it is sent until its pipe closes."""
    # One small document first: the model, the lexicons and the inference threads are all loaded
    # before the limit is set and before any file's time starts.
    with tempfile.TemporaryDirectory(prefix="aikg-warm-") as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text(_WARM_UP_TEXT, encoding="utf-8")
        extract_file(warm)
    limit = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except EOFError:  # the API process has gone
            return
        try:
            conn.send(("ok", extract_file(path)))
        except MemoryError:
            conn.send(("memory", None))
            return  # its heap may be in any state: the next file gets a fresh child
        except ExtractionError as exc:
            conn.send(("bad", str(exc)))
        except Exception as exc:  # a bad document must not stop the batch
            conn.send(("bad", f"{type(exc).__name__}: {exc}"))


class LimitExceeded(RuntimeError):
    """The child went over the time or memory limit and was stopped."""


class Extractor:
    """One child process, started when first needed and again after it was stopped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._memory_mb = 0
        self.last_pid: int | None = None  # the child that handled the latest file (tests check it is gone)

    def extract(self, path: Path) -> Extraction:
        """Extraction of `path`; ExtractionError for a bad document, LimitExceeded over a limit."""
        timeout_s = _env_number("AIKG_EXTRACT_TIMEOUT_S", DEFAULT_TIMEOUT_S)
        memory_mb = int(_env_number("AIKG_EXTRACT_MEMORY_MB", DEFAULT_MEMORY_MB))
        with self._lock:
            conn = self._ready(memory_mb)
            try:
                conn.send(str(path))
                answered = conn.poll(timeout_s)
            except OSError:  # it died since it was last seen alive: answered as a death below
                answered = True
            if not answered:
                self.stop()
                raise LimitExceeded(f"extraction took longer than the limit of {timeout_s:g} s "
                                    "(AIKG_EXTRACT_TIMEOUT_S); stopped")
            try:
                kind, value = conn.recv()
            except (EOFError, OSError):
                code = self._ended()
                raise LimitExceeded(f"the extraction process ended (exit code {code}), most likely over the "
                                    f"memory limit of {memory_mb} MB (AIKG_EXTRACT_MEMORY_MB)") from None
            if kind == "memory":
                self.stop()
                raise LimitExceeded(f"extraction went over the memory limit of {memory_mb} MB "
                                    "(AIKG_EXTRACT_MEMORY_MB); stopped")
        if kind == "bad":
            raise ExtractionError(value)
        return value

    def _ended(self) -> int | None:
        """The exit code of a child that closed its pipe (waited for a moment), after which it is cleaned up."""
        code = None
        if self._process is not None:
            self._process.join(5)
            code = self._process.exitcode
        self.stop()
        return code

    def _ready(self, memory_mb: int) -> Connection:
        if self._process is not None and (not self._process.is_alive() or memory_mb != self._memory_mb):
            self.stop()
        if self._process is None:
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            # daemon: ended with this process even when the app's shutdown does not run
            self._process = ctx.Process(target=_child, args=(child, memory_mb), name="aikg-extract", daemon=True)
            self._process.start()
            child.close()
            self._conn, self._memory_mb = parent, memory_mb
            self.last_pid = self._process.pid
            if not parent.poll(_READY_TIMEOUT_S):
                self.stop()
                raise StoreUnavailable("the extraction process did not start")
            parent.recv()
        assert self._conn is not None
        self.last_pid = self._process.pid
        return self._conn

    def stop(self) -> None:
        """Kill the child (if any) and wait for it, so no process is left behind."""
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is not None:
            process.kill()
            process.join(10)


def check_sizes(files: list[UploadFile], limit: int) -> None:
    """Each file is checked before anything is written: an oversized one refuses the whole request."""
    for f in files:
        size = f.size if f.size is not None else len(f.file.read())
        f.file.seek(0)
        if size > limit:
            raise ApiError(413, f"{f.filename}: {size} bytes is over the upload limit of {limit} bytes "
                                "(AIKG_MAX_UPLOAD_BYTES)", file=f.filename)


def ingest(extractor: Extractor, st: GraphStore, files: list[UploadFile]) -> tuple[int, dict[str, Any]]:
    """Extract and write each file; the status and body of the answer (200 when any file was stored)."""
    results = [_ingest_one(extractor, st, f) for f in files]
    try:
        make_durable(st)  # a document is reported stored only once it is on disk
    except RuntimeError as exc:
        results = [r if "error" in r else {"file": r["file"], "error": str(exc)} for r in results]
    if any("error" not in r for r in results):
        return 200, {"results": results}
    return 422, {"detail": "; ".join(f"{r['file']}: {r['error']}" for r in results), "results": results}


def _ingest_one(extractor: Extractor, st: GraphStore, f: UploadFile) -> dict[str, Any]:
    name = Path(f.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return {"file": name, "error": f"unsupported file type {suffix or '(none)'!r}; "
                                      f"use one of {', '.join(SUPPORTED_SUFFIXES)}"}
    with tempfile.TemporaryDirectory(prefix="aikg-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(f.file.read())
        try:
            extraction = extractor.extract(path)
        except ExtractionError as exc:
            return {"file": name, "error": f"cannot read this document: {exc}"}
        except LimitExceeded as exc:
            return {"file": name, "error": str(exc)}
    extraction = extraction.model_copy(update={"doc": extraction.doc.model_copy(update={"path": name})})
    try:
        result = st.write(extraction)
    except StoreUnavailable:
        raise
    except (ValueError, RuntimeError) as exc:
        return {"file": name, "error": f"could not store this document: {exc}"}
    return {"file": name, **result.model_dump(), "title": extraction.doc.title}
