"""The `aikg` command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

from api.cli_tools import add_commands
from graph.falkor_server import FalkorServer, StoreUnavailable
from graph.model import Extraction, WriteResult
from graph.store import GraphStore, make_durable, open_store
from loaders import ExtractionError, collect_documents, parallel
from loaders.parallel import default_workers, extract_files
from loaders.read import skipped_in_folder

# Waiting for the disk costs up to a second (fsync every second): done every few seconds and at the end.
_SYNC_EVERY_S = 5.0


# Control characters other than newline: a file name's escape sequence must not reach the terminal raw.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _shown(message: str) -> str:
    try:
        text = message.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that does not stand for a byte
        text = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _path_text(path: Path) -> str:
    """A path as valid UTF-8 text: bytes of a file name that are not UTF-8 become \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _with_path(extraction: Extraction, path: Path) -> Extraction:
    return extraction.model_copy(update={"doc": extraction.doc.model_copy(update={"path": _path_text(path)})})


def _err(message: str) -> None:
    print(f"aikg: {_shown(message)}", file=sys.stderr)


def _tqdm_err(message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"aikg: {_shown(message)}", file=sys.stderr)


class _Reading(logging.Filter):
    """Library warnings (pypdf's about a broken file) name the document being read and come prefixed."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.source = f"{parallel.reading}: " if parallel.reading else ""  # set in the process that reads
        return True


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Reading())
    handler.setFormatter(logging.Formatter("aikg: %(source)s%(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    logging.captureWarnings(True)


def _open(args: argparse.Namespace) -> GraphStore:
    return open_store(data_dir=args.data)


def _collect(paths: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The documents to read, and the problems named on stderr; what a folder walk skips is named too."""
    files, problems = collect_documents(paths)
    for path, reason in problems:
        _err(f"{path}: {reason}")
    for folder in (Path(p) for p in paths):
        if folder.is_dir():
            for path, reason in skipped_in_folder(folder):
                _err(f"{path}: {reason}")
    return files, problems


def cmd_extract(args: argparse.Namespace) -> int:
    files, problems = _collect(args.paths)
    failed = len(problems)
    for done in extract_files(files, args.workers):  # in input order, a few documents ahead
        if done.extraction is None:
            if not done.bad_input:
                raise RuntimeError(f"{done.path}: {done.error}")
            _err(f"{done.path}: {done.error}")
            failed += 1
            continue
        print(json.dumps(_with_path(done.extraction, done.path).to_contract(), ensure_ascii=False), flush=True)
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    files, problems = _collect(args.paths)
    failed = [(p, r) for p, r in problems]
    if not files:
        return 1
    outcomes = extract_files(files, args.workers)  # in input order, a few documents ahead of the writes
    store = _open(args)
    totals = {"documents": 0, "replaced": 0, "entities": 0, "relations": 0}
    # Written but not yet known to be on disk: counted as ingested only after make_durable.
    pending: list[tuple[Path, WriteResult]] = []
    last_sync = time.monotonic()

    def settle() -> None:
        nonlocal last_sync
        try:
            make_durable(store)
        except RuntimeError as exc:
            for path, _ in pending:
                failed.append((path, str(exc)))
                _tqdm_err(f"{path}: {exc}")
        else:
            for _, result in pending:
                totals["documents"] += 1
                totals["replaced"] += int(result.replaced)
                totals["entities"] += result.entities
                totals["relations"] += result.relations
        pending.clear()
        last_sync = time.monotonic()

    chars, started = 0, time.perf_counter()
    try:
        progress = tqdm(outcomes, total=len(files), unit="doc", disable=args.quiet or not sys.stderr.isatty())
        for done in progress:
            path = done.path
            if done.extraction is None:
                failed.append((path, done.error))
                _tqdm_err(f"{path}: {done.error}")
                continue
            try:
                chars += done.extraction.doc.chars
                progress.set_postfix_str(f"{chars / (time.perf_counter() - started):,.0f} chars/s")
                result = store.write(_with_path(done.extraction, path))  # one transaction per document, here
            except ExtractionError as exc:
                failed.append((path, str(exc)))
                _tqdm_err(f"{path}: {exc}")
                continue
            except StoreUnavailable:
                raise
            except Exception as exc:  # one bad document must not stop the batch
                failed.append((path, f"{type(exc).__name__}: {exc}"))
                _tqdm_err(f"{path}: {type(exc).__name__}: {exc}")
                continue
            pending.append((path, result))
            if time.monotonic() - last_sync > _SYNC_EVERY_S:
                settle()
        settle()
    finally:
        store.close()
    print(
        f"ingested {totals['documents']} document(s) ({totals['replaced']} replaced), "
        f"{totals['entities']} entities, {totals['relations']} relations; {len(failed)} failed"
    )
    return 1 if failed else 0


def cmd_delete(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        if not store.delete_document(args.doc_id):
            _err(f"no document {args.doc_id!r} in the store (see `aikg stats` or GET /documents)")
            return 1
    finally:
        store.close()
    print(f"deleted {args.doc_id}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        stats = store.stats()
    finally:
        store.close()
    if args.json:
        print(stats.model_dump_json(indent=2))
        return 0
    print(f"documents: {stats.documents}")
    print("nodes:")
    for label, n in sorted(stats.nodes.items()):
        print(f"  {label:<14}{n:>8}")
    print("relationships:")
    for rel, n in sorted(stats.relationships.items()):
        print(f"  {rel:<16}{n:>8}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    server = FalkorServer(args.data)
    if args.action == "status":
        state = "running" if server.running() else "stopped"
        print(f"FalkorDB {state} (socket {server.socket_path}, data {server.data_dir})")
        return 0 if state == "running" else 3
    if args.action == "start":
        started = server.start(detach=True)
        print(("started" if started else "already running") + f": socket {server.socket_path}")
        return 0
    stopped = server.stop()
    print("stopped" if stopped else "not running")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy the embedded store's graph to the Neo4j of NEO4J_URI (idempotent)."""
    from tqdm import tqdm

    from graph.falkor_store import FalkorStore
    from graph.migrate import migrate
    from graph.neo4j_store import Neo4jStore

    source = FalkorStore.open(args.data)
    try:
        target = Neo4jStore.from_env()
        try:
            stats = source.stats()
            total = sum(stats.nodes.get(k, 0) for k in ("Entity", "Document")) + sum(stats.relationships.values())
            with tqdm(total=total, unit="item", disable=args.quiet or not sys.stderr.isatty()) as bar:
                result = migrate(source, target, batch=args.batch, progress=bar.update)
        finally:
            target.close()
    finally:
        source.close()
    print(f"copied {result.documents} document(s), {result.entities} entities and {result.relationships} "
          f"relationships to Neo4j at {target.uri} (database {target.database})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.data is not None:
        os.environ["AIKG_DATA"] = str(args.data)
    if args.workers > 1:
        # Each worker process builds the app and opens the store; the embedded server is shared through its
        # lock files (graph/falkor_server.py): the first starts it, the last to leave stops it.
        uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                    log_level="info", access_log=not args.no_access_log)
        return 0
    from api.app import create_app

    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info", access_log=not args.no_access_log)
    return 0


def _workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                   help="extraction processes (default: the number of cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aikg", description="Regional AI-industry knowledge graph")
    parser.add_argument("--data", type=Path, default=None,
                        help="data directory of the embedded store (default: $AIKG_DATA or ./data)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="extract documents and write them to the store")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _workers_option(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print one JSON object per document (no store needed)")
    p.add_argument("paths", nargs="+", help="files or folders")
    _workers_option(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("delete", help="remove what only this document stated")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("stats", help="node, relationship and document counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("db", help="the embedded FalkorDB server")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("migrate", help="copy the embedded store's graph to Neo4j (NEO4J_URI etc.)")
    p.add_argument("--to", choices=["neo4j"], required=True, help="the target store")
    p.add_argument("--batch", type=int, default=2000, help="nodes / relationships per transaction")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("serve", help="serve the API, views and web page")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes answering requests (default 1); each has its own query cache")
    p.add_argument("--no-access-log", action="store_true",
                   help="no line per request on the terminal (a busy public server spends much time on it)")
    p.set_defaults(func=cmd_serve)

    add_commands(sub)  # query, view, export, report (api/cli_tools.py)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging()
    try:
        return int(args.func(args) or 0)
    except StoreUnavailable as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`aikg stats | head -1`): not an error of ours. Point stdout at /dev/null
        # so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports it


if __name__ == "__main__":
    sys.exit(main())
