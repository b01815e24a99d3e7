"""The analyst's commands of `aikg`: query, view, export, report — the command line as capable as the API.

Parameters are `key=value` words, validated by the same code as the API's query strings (queries/params.py), so
a wrong value gets the same message on both.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graph.store import GraphStore, open_store
from queries import ParameterError, Registry, UnknownQuery
from queries.params import parse_assignments
from queries.results import cell_text


def _err(message: str) -> None:
    print(f"aikg: {message}", file=sys.stderr)


def _write(path: Path, data: str | bytes | Iterable[bytes]) -> bool:
    """Write the output file; a path that cannot be written is one line naming it."""
    try:
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            with path.open("wb") as fh:
                for chunk in data:
                    fh.write(chunk)
    except OSError as exc:
        _err(f"cannot write {path}: {exc.strerror or exc}")
        return False
    return True


def _with_store(args: argparse.Namespace, work: Callable[[GraphStore, Registry], int]) -> int:
    try:
        registry = Registry.load()
        params = parse_assignments(getattr(args, "params", []) or [])
        if getattr(args, "name", None):
            registry.validate(args.name, params)  # before the store starts: bad input fails fast
    except (UnknownQuery, ParameterError, ValueError) as exc:
        _err(str(exc))
        return 2
    store = open_store(data_dir=args.data)
    try:
        return work(store, registry)
    except (UnknownQuery, ParameterError) as exc:
        _err(str(exc))
        return 2
    finally:
        store.close()


def table_text(columns: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell (CJK characters count double, as a terminal shows them)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max([width(c), *(width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    lines = []
    for row in [columns, ["-" * w for w in widths], *rows]:
        lines.append("  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def cmd_query(args: argparse.Namespace) -> int:
    def work(store: GraphStore, registry: Registry) -> int:
        out = registry.run(store, args.name, parse_assignments(args.params), subgraph=False)
        if args.format == "json":
            text = json.dumps(out.model_dump(mode="json", exclude={"subgraph"}), ensure_ascii=False, indent=2) + "\n"
        elif args.format == "csv":
            from api.export import _cell

            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(out.columns)
            writer.writerows([[_cell(cell_text(v)) for v in row] for row in out.rows])
            text = buf.getvalue()
        else:
            text = table_text(out.columns, [[cell_text(v) for v in row] for row in out.rows])
            text += f"({len(out.rows)} rows{', truncated at the row cap' if out.truncated else ''})\n"
        if args.output:
            return 0 if _write(args.output, text) else 1
        sys.stdout.write(text)
        return 0

    return _with_store(args, work)


def cmd_view(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower().lstrip(".")
    if suffix not in ("html", "png", "svg"):
        _err(f"{args.output}: the view format comes from the file name: .html, .png or .svg")
        return 2

    def work(store: GraphStore, registry: Registry) -> int:
        subgraph = registry.run(store, args.name, parse_assignments(args.params), subgraph=True).subgraph
        title = registry.get(args.name).title
        if suffix == "html":
            from viz.views import render_view

            data: str | bytes = render_view(subgraph, title=title)  # vis-network inlined: works offline
        else:
            from viz.static_export import render_png, render_svg

            data = render_png(subgraph, title=title) if suffix == "png" else render_svg(subgraph, title=title)
        if not _write(args.output, data):
            return 1
        print(f"wrote {args.output} ({len(subgraph.nodes)} nodes, {len(subgraph.edges)} relationships)")
        return 0

    return _with_store(args, work)


def cmd_export(args: argparse.Namespace) -> int:
    from api import export

    def work(store: GraphStore, registry: Registry) -> int:
        chunks: Iterable[bytes]
        if args.format == "graphml":
            chunks = [export.to_graphml(*export.collect(registry, store))]
        elif args.format == "json":
            chunks = export.stream_json(registry, store)
        else:
            chunks = export.stream_csv(registry, store, args.part)
        if not _write(args.output, chunks):
            return 1
        print(f"wrote {args.output}")
        return 0

    return _with_store(args, work)


def print_pdf(html_path: Path, pdf_path: Path) -> str | None:
    """Print an HTML file to PDF with headless Chromium; the reason when it cannot."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return "Chromium is not installed (apt-get install chromium): wrote the HTML only"
    with tempfile.TemporaryDirectory(prefix="aikg-chromium-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
               "--virtual-time-budget=8000", "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}",
               html_path.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        except subprocess.TimeoutExpired:
            return "Chromium did not finish printing within 180 s"
    if done.returncode != 0 or not pdf_path.is_file():
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return f"Chromium could not print {pdf_path}: {tail[0]}"
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from analysis.region import UnknownRegion
    from analysis.service import Analysis
    from viz.pages import report_html

    def work(store: GraphStore, registry: Registry) -> int:
        try:
            page = report_html(Analysis(registry), store, args.region)
        except UnknownRegion as exc:
            _err(str(exc))
            return 2
        if not _write(args.output, page):
            return 1
        print(f"wrote {args.output}")
        if args.pdf:
            pdf = args.output.with_suffix(".pdf")
            problem = print_pdf(args.output, pdf)
            if problem:
                _err(problem)
                return 1
            print(f"wrote {pdf}")
        return 0

    return _with_store(args, work)


def add_commands(sub: Any) -> None:
    """Register query, view, export and report on the `aikg` parser's sub-commands."""
    p = sub.add_parser("query", help="run a saved query: aikg query NAME key=value …")
    p.add_argument("name", help="a saved query (GET /queries lists them)")
    p.add_argument("params", nargs="*", metavar="key=value")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("-o", "--output", type=Path, default=None, help="write to this file instead of stdout")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("view", help="a saved query as a graph view: aikg view NAME key=value … -o out.html|png|svg")
    p.add_argument("name")
    p.add_argument("params", nargs="*", metavar="key=value")
    p.add_argument("-o", "--output", type=Path, required=True, help="out.html (self-contained), out.png or out.svg")
    p.set_defaults(func=cmd_view)

    p = sub.add_parser("export", help="the whole graph as GraphML, JSON or CSV")
    p.add_argument("--format", choices=["graphml", "json", "csv"], default="json")
    p.add_argument("--part", choices=["nodes", "edges"], default="edges", help="for csv: nodes or edges")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="a region's profile as one self-contained HTML file (区域画像)")
    p.add_argument("region", help="a province, city or district, e.g. 苏州市")
    p.add_argument("-o", "--output", type=Path, required=True, help="FILE.html")
    p.add_argument("--pdf", action="store_true", help="also print FILE.pdf with headless Chromium")
    p.set_defaults(func=cmd_report)
