"""A region's profile (区域画像): its documents, agencies, platforms, alliances, districts, enterprises and key players.

Every fact in a profile carries an evidence reference (`ev`: an index into `evidence`), so a page or an offline
report can link each claim to the sentence that states it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from analysis.region import Scope
from analysis.snapshot import Fact, Snapshot
from graph.model import Label, RelType

DOC_TYPE_NAMES = {"action_plan": "行动计划", "proposal_reply": "提案答复", "news": "新闻", "work_report": "工作报告",
                  "notice": "通知", "other": "其他"}
ROLE_NAMES = {"lead": "牵头", "co": "配合"}


class _Evidence:
    """Collects each fact's sentence once and hands out its index."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.items: list[dict[str, Any]] = []
        self._index: dict[tuple[str, str], int] = {}

    def ref(self, f: Fact) -> int:
        key = (f.doc_id, f.anchor)
        if key not in self._index:
            doc = self.snap.docs.get(f.doc_id)
            self._index[key] = len(self.items)
            self.items.append({"doc_id": f.doc_id, "anchor": f.anchor, "evidence": f.evidence,
                               "title": doc.title if doc else f.doc_id, "date": doc.date if doc else "",
                               "fact": f"{self.snap.name(f.source)} —{f.type}→ {self.snap.name(f.target)}"})
        return self._index[key]


def _by_type(snap: Snapshot, scope: Scope, rel: RelType) -> list[Fact]:
    return [f for f in scope.facts if f.type == rel.value]


def _label(snap: Snapshot, node_id: str) -> str:
    node = snap.nodes.get(node_id)
    return node.label if node else ""


def agency_kind(name: str, region_names: list[str]) -> str:
    """苏州市工业和信息化局 → 工业和信息化局: the agency without its region prefix, for comparing regions."""
    for prefix in sorted(region_names, key=len, reverse=True):
        if prefix and name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def documents_section(snap: Snapshot, scope: Scope) -> dict[str, Any]:
    docs = sorted((snap.docs[d] for d in scope.doc_ids if d in snap.docs), key=lambda d: (d.date or "", d.title),
                  reverse=True)
    types = Counter(d.type or "other" for d in docs)
    return {"items": [d.model_dump() | {"type_name": DOC_TYPE_NAMES.get(d.type, d.type)} for d in docs],
            "by_type": [{"type": t, "name": DOC_TYPE_NAMES.get(t, t), "count": n} for t, n in types.most_common()]}


def agencies_section(snap: Snapshot, scope: Scope, ev: _Evidence, limit: int = 30) -> list[dict[str, Any]]:
    tasks: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for f in _by_type(snap, scope, RelType.RESPONSIBLE_FOR):
        if _label(snap, f.source) != Label.AGENCY.value:
            continue
        entry = tasks[f.source].setdefault(f.target, {"id": f.target, "name": snap.name(f.target), "roles": set(),
                                                      "ev": ev.ref(f)})
        entry["roles"].add(ROLE_NAMES.get(f.role, f.role or "负责"))
    rows = []
    for agency, items in tasks.items():
        listed = sorted(items.values(), key=lambda t: ("牵头" not in t["roles"], t["name"]))
        rows.append({"id": agency, "name": snap.name(agency), "tasks": len(items),
                     "lead": sum("牵头" in t["roles"] for t in listed),
                     "items": [t | {"roles": "、".join(sorted(t["roles"]))} for t in listed]})
    rows.sort(key=lambda r: (-r["tasks"], -r["lead"], r["name"]))
    return rows[:limit]


def _grouped(snap: Snapshot, facts: list[Fact], ev: _Evidence, key: str) -> dict[str, list[dict[str, Any]]]:
    """Facts grouped by one end (`key` = "target" or "source"), listing the other end with its evidence."""
    other = "source" if key == "target" else "target"
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for f in facts:
        o = getattr(f, other)
        out[getattr(f, key)].setdefault(o, {"id": o, "name": snap.name(o), "type": _label(snap, o),
                                            "role": f.role, "ev": ev.ref(f)})
    return {k: sorted(v.values(), key=lambda x: x["name"]) for k, v in out.items()}


def platforms_section(snap: Snapshot, scope: Scope, ev: _Evidence, limit: int = 50) -> list[dict[str, Any]]:
    builders = _grouped(snap, _by_type(snap, scope, RelType.BUILDS), ev, "target")
    supporters = _grouped(snap, _by_type(snap, scope, RelType.SUPPORTS), ev, "target")
    ids = [n for n in scope.nodes if _label(snap, n) == Label.PLATFORM.value]
    rows = [{"id": p, "name": snap.name(p), "builders": builders.get(p, []), "supporters": supporters.get(p, [])}
            for p in ids]
    rows.sort(key=lambda r: (-len(r["builders"]) - len(r["supporters"]), r["name"]))
    return rows[:limit]


def alliances_section(snap: Snapshot, scope: Scope, ev: _Evidence, limit: int = 30) -> list[dict[str, Any]]:
    leaders = _grouped(snap, _by_type(snap, scope, RelType.LEADS), ev, "target")
    members = _grouped(snap, _by_type(snap, scope, RelType.MEMBER_OF), ev, "target")
    ids = [n for n in scope.nodes if _label(snap, n) == Label.ALLIANCE.value]
    rows = [{"id": a, "name": snap.name(a), "leaders": leaders.get(a, []), "members": members.get(a, [])}
            for a in ids]
    rows.sort(key=lambda r: (-len(r["members"]), -len(r["leaders"]), r["name"]))
    return rows[:limit]


def districts_section(snap: Snapshot, scope: Scope, ev: _Evidence) -> list[dict[str, Any]]:
    focus = _grouped(snap, _by_type(snap, scope, RelType.FOCUSES_ON), ev, "source")
    located = snap.located_in()
    rows = []
    for n in scope.inside | set(focus):
        if _label(snap, n) not in (Label.DISTRICT.value, Label.CITY.value):
            continue
        if n not in focus and _label(snap, n) == Label.CITY.value:
            continue
        rows.append({"id": n, "name": snap.name(n), "type": _label(snap, n), "domains": focus.get(n, []),
                     "entities": len(located.get(n, ()))})
    rows.sort(key=lambda r: (r["type"] != Label.CITY.value, -len(r["domains"]), r["name"]))
    return rows


def enterprises_section(snap: Snapshot, scope: Scope, ev: _Evidence, limit: int = 50) -> list[dict[str, Any]]:
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in scope.facts:
        for end, other in ((f.source, f.target), (f.target, f.source)):
            if _label(snap, end) == Label.ENTERPRISE.value and len(facts[end]) < 8:
                facts[end].append({"type": f.type, "role": f.role, "other": other, "other_name": snap.name(other),
                                   "outgoing": end == f.source, "ev": ev.ref(f)})
    counts = Counter(x for f in scope.facts for x in (f.source, f.target) if _label(snap, x) == Label.ENTERPRISE.value)
    ids = [n for n in scope.nodes if _label(snap, n) == Label.ENTERPRISE.value]
    rows = [{"id": e, "name": snap.name(e), "facts_count": counts[e], "facts": facts.get(e, [])} for e in ids]
    rows.sort(key=lambda r: (-r["facts_count"], r["name"]))
    return rows[:limit]


def build_profile(snap: Snapshot, scope: Scope, analytics: dict[str, Any]) -> dict[str, Any]:
    ev = _Evidence(snap)
    sections = {
        "documents": documents_section(snap, scope),
        "agencies": agencies_section(snap, scope, ev),
        "platforms": platforms_section(snap, scope, ev),
        "alliances": alliances_section(snap, scope, ev),
        "districts": districts_section(snap, scope, ev),
        "enterprises": enterprises_section(snap, scope, ev),
    }
    return {"region": scope.region, "version": snap.version, "empty": scope.empty,
            "counts": {"documents": len(scope.doc_ids), "entities": len(scope.nodes), "facts": len(scope.facts)},
            **sections, "analytics": analytics, "evidence": ev.items}


def comparison(snap: Snapshot, a: Scope, b: Scope) -> dict[str, Any]:
    """Two regions side by side: agency kinds with task counts, platforms, alliances, domains."""

    def side(scope: Scope) -> dict[str, Any]:
        names = [scope.region, scope.region.rstrip("市省"), *(snap.name(r) for r in scope.region_ids)]
        kinds: dict[str, set[str]] = defaultdict(set)
        for f in _by_type(snap, scope, RelType.RESPONSIBLE_FOR):
            if _label(snap, f.source) == Label.AGENCY.value:
                kinds[agency_kind(snap.name(f.source), names)].add(f.target)
        domains = Counter(snap.name(f.target) for f in _by_type(snap, scope, RelType.FOCUSES_ON))
        return {
            "region": scope.region, "empty": scope.empty,
            "agency_kinds": {k: len(v) for k, v in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
            "platforms": sorted(snap.name(n) for n in scope.nodes if _label(snap, n) == Label.PLATFORM.value),
            "alliances": sorted(snap.name(n) for n in scope.nodes if _label(snap, n) == Label.ALLIANCE.value),
            "domains": dict(domains.most_common()),
        }

    left, right = side(a), side(b)
    kinds = list(dict.fromkeys([*left["agency_kinds"], *right["agency_kinds"]]))
    return {"a": left, "b": right,
            "agency_kinds": [{"kind": k, "a": left["agency_kinds"].get(k, 0), "b": right["agency_kinds"].get(k, 0)}
                             for k in kinds]}
