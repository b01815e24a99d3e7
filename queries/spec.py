"""Saved-query files: parse the `// key: value` header into a typed `SavedQuery`.

Header format (see DESIGN.md, "Saved queries"):

    // name: agency-tasks
    // title: 部门与任务
    // description: Which agency is responsible for which task.
    // params: agency: str = "" (part of an agency name; empty = all); limit: int = 200 (1..2000)
    // params: id: str (required; an entity id)
    // view: graph
    MATCH ...

`params` may repeat; each parameter is `name: type [= default] [(notes)]`, notes
separated by `;`: `required`, bounds `lo..hi` (value for numbers, length for
strings), anything else is the description. A parameter without a default must
be `required`.

Optional, for the web page: `// description_zh:` a Chinese description, `// labels_zh: name = 中文标签; …` Chinese
parameter labels, `// internal: true` for queries the application runs itself (exports, analytics), which the
web page does not offer.

A graph view draws every node, relationship and path in the rows. Queries that return plain columns
instead (cheaper to read than whole nodes, and what a client needs) say what to draw with
`// draws: agency -RESPONSIBLE_FOR-> task` (may repeat): each end names the column holding an entity's
name, beside `<end>_id` with its id (its type is the id's `Type:` prefix); the relationship carries the
row's `role`, `evidence`, `doc_id` and `key` columns, where the query returns them.

Per-engine variants: a line `// engine: neo4j` starts a body used only on that
engine; the body before the first such line is the portable default.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

ParamType = Literal["str", "int", "float", "bool"]
ViewKind = Literal["graph", "table"]

_HEADER = re.compile(r"^//\s*([a-z_]+)\s*:\s?(.*)$")
_ENGINE = re.compile(r"^//\s*engine\s*:\s*([a-z0-9_]+)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>str|int|float|bool)\s*"
    r"(?:=\s*(?P<default>\"(?:[^\"\\]|\\.)*\"|[^\s(]+))?\s*(?:\((?P<notes>.*)\))?\s*$"
)
_BOUNDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)?\s*\.\.\s*(-?\d+(?:\.\d+)?)?\s*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DRAW = re.compile(r"^([a-z][a-z0-9_]*)\s+-([A-Z][A-Z0-9_]*)->\s+([a-z][a-z0-9_]*)$")
# Defence in depth: stores run saved queries read-only anyway.
_WRITE_CLAUSE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b", re.I)


class QuerySpecError(ValueError):
    """A saved-query file is malformed; the message names the file."""


class ParamSpec(BaseModel):
    name: str
    type: ParamType
    default: str | int | float | bool | None = None
    required: bool = False
    min: float | None = None  # value bound for numbers, length bound for strings
    max: float | None = None
    description: str = ""
    label_zh: str = ""  # the web page's label; the name when empty


class DrawSpec(BaseModel):
    """One relationship a graph view draws from each row's columns (`// draws: a -TYPE-> b`)."""

    source: str  # the column with the source entity's name; its id is in `<source>_id`
    type: str
    target: str

    def columns(self) -> list[str]:
        return [self.source, f"{self.source}_id", self.target, f"{self.target}_id"]


class SavedQuery(BaseModel):
    name: str
    title: str
    description: str = ""
    description_zh: str = ""
    internal: bool = False  # run by the application itself; not offered on the web page
    params: list[ParamSpec] = Field(default_factory=list)
    view: ViewKind = "table"
    draws: list[DrawSpec] = Field(default_factory=list)
    cypher: str
    variants: dict[str, str] = Field(default_factory=dict)  # engine name -> its own text
    path: str = ""

    def cypher_for(self, engine: str) -> str:
        return self.variants.get(engine, self.cypher)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


def _split_top_level(text: str, sep: str = ";") -> list[str]:
    """Split on `sep` outside parentheses and double quotes."""
    parts, depth, quoted, buf = [], 0, False, []
    prev = ""
    for ch in text:
        if ch == '"' and prev != "\\":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if ch == sep and depth == 0 and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        prev = ch
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def _literal(raw: str, ptype: ParamType, where: str) -> str | int | float | bool:
    try:
        if ptype == "str":
            if not (raw.startswith('"') and raw.endswith('"')):
                raise ValueError("string defaults are written in double quotes")
            return str(json.loads(raw))
        if ptype == "int":
            return int(raw)
        if ptype == "float":
            return float(raw)
        if raw not in ("true", "false"):
            raise ValueError("bool defaults are true or false")
        return raw == "true"
    except ValueError as exc:
        raise QuerySpecError(f"{where}: bad default {raw!r} for type {ptype}: {exc}") from exc


def parse_param(text: str, where: str) -> ParamSpec:
    m = _PARAM.match(text.strip())
    if not m:
        raise QuerySpecError(f"{where}: cannot parse parameter {text!r} (expected `name: type [= default] [(notes)]`)")
    ptype: ParamType = m["type"]  # type: ignore[assignment]
    spec = ParamSpec(name=m["name"], type=ptype)
    notes: list[str] = []
    for note in _split_top_level(m["notes"] or ""):
        bounds = _BOUNDS.match(note)
        if note == "required":
            spec.required = True
        elif bounds and (bounds[1] or bounds[2]):
            spec.min = float(bounds[1]) if bounds[1] else None
            spec.max = float(bounds[2]) if bounds[2] else None
        else:
            notes.append(note)
    spec.description = "; ".join(notes)
    if m["default"] is not None:
        if spec.required:
            raise QuerySpecError(f"{where}: parameter {spec.name!r} is required and cannot have a default")
        spec.default = _literal(m["default"], ptype, f"{where}, parameter {spec.name!r}")
    elif not spec.required:
        raise QuerySpecError(f"{where}: parameter {spec.name!r} needs a default or `(required)`")
    return spec


def _apply_labels(params: list[ParamSpec], lines: list[str], path: str) -> None:
    """`labels_zh: agency = 部门; limit = 最多条数` → each parameter's label_zh."""
    by_name = {p.name: p for p in params}
    for line in lines:
        for item in _split_top_level(line):
            name, eq, label = (x.strip() for x in item.partition("="))
            if not eq or not label:
                raise QuerySpecError(f"{path}: cannot parse label {item!r} (expected `name = 标签`)")
            if name not in by_name:
                raise QuerySpecError(f"{path}: label for undeclared parameter {name!r}")
            by_name[name].label_zh = label


def parse_query(text: str, path: str = "<text>") -> SavedQuery:
    header: dict[str, list[str]] = {}
    bodies: dict[str, list[str]] = {"": []}
    engine = ""
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        eng = _ENGINE.match(stripped)
        if eng:
            engine = eng[1]
            in_header = False
            if engine in bodies:
                raise QuerySpecError(f"{path}: engine variant {engine!r} appears twice")
            bodies[engine] = []
            continue
        head = _HEADER.match(stripped) if in_header else None
        if head:
            header.setdefault(head[1], []).append(head[2].strip())
            continue
        if stripped or not in_header:
            in_header = False
            bodies[engine].append(line)

    def one(key: str, required: bool = True) -> str:
        values = header.get(key, [])
        if len(values) > 1:
            raise QuerySpecError(f"{path}: header `{key}` appears {len(values)} times")
        if not values and required:
            raise QuerySpecError(f"{path}: header `// {key}:` is missing")
        return values[0] if values else ""

    unknown = set(header) - {"name", "title", "description", "params", "view", "description_zh", "labels_zh",
                             "internal", "draws"}
    if unknown:
        raise QuerySpecError(f"{path}: unknown header key(s) {sorted(unknown)}")
    name = one("name")
    if not _NAME.match(name):
        raise QuerySpecError(f"{path}: query name {name!r} must be lower-case letters, digits and dashes")
    view = one("view", required=False) or "table"
    if view not in ("graph", "table"):
        raise QuerySpecError(f"{path}: view must be graph or table, not {view!r}")
    draws = []
    for line in header.get("draws", []):
        m = _DRAW.match(line.strip())
        if not m:
            raise QuerySpecError(f"{path}: `// draws:` must read `source_column -TYPE-> target_column`, not {line!r}")
        draws.append(DrawSpec(source=m[1], type=m[2], target=m[3]))
    if draws and view != "graph":
        raise QuerySpecError(f"{path}: `// draws:` is for graph views; this query's view is {view!r}")
    params: list[ParamSpec] = []
    for line in header.get("params", []):
        for item in _split_top_level(line):
            spec = parse_param(item, path)
            if any(p.name == spec.name for p in params):
                raise QuerySpecError(f"{path}: parameter {spec.name!r} declared twice")
            params.append(spec)
    _apply_labels(params, header.get("labels_zh", []), path)
    internal = one("internal", required=False) or "false"
    if internal not in ("true", "false"):
        raise QuerySpecError(f"{path}: internal must be true or false, not {internal!r}")
    texts = {eng: "\n".join(lines).strip() for eng, lines in bodies.items()}
    for eng, body in texts.items():
        label = f"{path} ({eng or 'default'} body)"
        if not body:
            raise QuerySpecError(f"{label}: no Cypher after the header")
        code = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*", "''", body)
        bad = _WRITE_CLAUSE.search(code)
        if bad:
            raise QuerySpecError(f"{label}: saved queries are read-only, found {bad[1].upper()}")
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", code))
        declared = {p.name for p in params}
        if used - declared:
            raise QuerySpecError(f"{label}: undeclared parameter(s) {sorted(used - declared)}")
    return SavedQuery(
        name=name,
        title=one("title"),
        description=one("description", required=False),
        description_zh=one("description_zh", required=False),
        internal=internal == "true",
        params=params,
        view=view,  # type: ignore[arg-type]
        draws=draws,
        cypher=texts.pop(""),
        variants=texts,
        path=path,
    )


def load_file(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuerySpecError(f"{path}: cannot read: {exc}") from exc
    query = parse_query(text, str(path))
    if query.name != path.stem:
        raise QuerySpecError(f"{path}: header name {query.name!r} differs from the file name")
    return query
