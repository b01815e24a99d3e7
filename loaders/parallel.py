"""Many documents over a pool of processes, each with its own LAC model loaded once.

`extract_files` yields one `Outcome` per file, in the order of the files, whatever order the workers finish
in. At most a few documents per worker are in flight, so memory stays bounded however many files there are:
the caller writes (or prints) each extraction before the next ones are started.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from graph.model import Extraction
from loaders.errors import ExtractionError
from loaders.pipeline import extract_file

IN_FLIGHT_PER_WORKER = 2  # one being extracted, one queued: a worker never waits for the parent


@dataclass
class Outcome:
    """What became of one file: its extraction, or why there is none."""

    path: Path
    extraction: Extraction | None = None
    error: str = ""  # the message for the user
    bad_input: bool = False  # an ExtractionError (the file's fault), not a bug of ours


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# The document this process is reading: log records of the libraries (pypdf's warnings) are prefixed with it.
reading = ""


def _extract(path: Path) -> Outcome:
    global reading
    reading = str(path)
    try:
        return Outcome(path, extract_file(path))
    except ExtractionError as exc:
        return Outcome(path, error=str(exc), bad_input=True)
    except Exception as exc:  # one bad document must not stop the batch
        return Outcome(path, error=f"{type(exc).__name__}: {exc}")


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """A worker ends when its parent does, even by kill -9 (Linux): no orphan goes on extracting for nobody."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still ends workers
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _warm_up(parent: int) -> None:
    """Tie the worker to its parent, then load the model and dictionaries once, before its first document."""
    _die_with(parent)
    from loaders.mentions import lac

    lac.lac()


def extract_files(paths: Iterable[Path], workers: int = 1) -> Iterator[Outcome]:
    """Extract each path; outcomes come in input order. workers <= 1 extracts in this process."""
    paths = list(paths)
    workers = min(workers, len(paths))
    if workers <= 1:
        yield from (_extract(p) for p in paths)
        return
    # fork: workers start at once, and the parent has loaded no model to copy
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_warm_up,
                             initargs=(os.getpid(),)) as pool:
        pending: deque[Future[Outcome]] = deque()
        todo = iter(paths)
        for path in todo:
            pending.append(pool.submit(_extract, path))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            outcome = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(_extract, nxt))
            yield outcome
