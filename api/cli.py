"""The `aikg` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from api.cli_tools import add_commands
from graph.falkor_server import FalkorServer, StoreUnavailable
from graph.store import GraphStore, open_store
from loaders import ExtractionError, collect_documents
from loaders.parallel import default_workers, extract_files


def _err(message: str) -> None:
    print(f"aikg: {message}", file=sys.stderr)


def _open(args: argparse.Namespace) -> GraphStore:
    return open_store(data_dir=args.data)


def cmd_extract(args: argparse.Namespace) -> int:
    files, problems = collect_documents(args.paths)
    failed = len(problems)
    for path, reason in problems:
        _err(f"{path}: {reason}")
    for done in extract_files(files, args.workers):
        if done.extraction is None:
            if not done.bad_input:
                raise RuntimeError(f"{done.path}: {done.error}")
            _err(f"{done.path}: {done.error}")
            failed += 1
            continue
        print(json.dumps(done.extraction.to_contract(), ensure_ascii=False), flush=True)
    return 1 if failed else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    files, problems = collect_documents(args.paths)
    failed = [(p, r) for p, r in problems]
    for path, reason in problems:
        _err(f"{path}: {reason}")
    if not files:
        return 1
    outcomes = extract_files(files, args.workers)  # in input order, a few documents ahead of the writes
    store = _open(args)
    totals = {"documents": 0, "replaced": 0, "entities": 0, "relations": 0}
    chars, started = 0, time.perf_counter()
    try:
        progress = tqdm(outcomes, total=len(files), unit="doc", disable=args.quiet or not sys.stderr.isatty())
        for done in progress:
            path = done.path
            if done.extraction is None:
                failed.append((path, done.error))
                tqdm.write(f"aikg: {path}: {done.error}", file=sys.stderr)
                continue
            try:
                chars += done.extraction.doc.chars
                progress.set_postfix_str(f"{chars / (time.perf_counter() - started):,.0f} chars/s")
                result = store.write(done.extraction)  # one transaction per document, in this process
            except ExtractionError as exc:
                failed.append((path, str(exc)))
                tqdm.write(f"aikg: {path}: {exc}", file=sys.stderr)
                continue
            except StoreUnavailable:
                raise
            except Exception as exc:  # one bad document must not stop the batch
                failed.append((path, f"{type(exc).__name__}: {exc}"))
                tqdm.write(f"aikg: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            totals["documents"] += 1
            totals["replaced"] += int(result.replaced)
            totals["entities"] += result.entities
            totals["relations"] += result.relations
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


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    if args.data is not None:
        os.environ["AIKG_DATA"] = str(args.data)
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")
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

    p = sub.add_parser("serve", help="serve the API, views and web page")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    add_commands(sub)  # query, view, export, report (api/cli_tools.py)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except StoreUnavailable as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
