"""Per-rule report: for every relation rule (the `rule` field), how many of its relations match the gold.

    .venv/bin/python -m bench.rules [--set NAME=TEXTS_DIR:GOLD.json ...] [--only SET ...] [--worst 5]

Runs the extractor over the seeds, the corpora under tests/loaders/ and ../shared/real/ (those present), matches
each extracted relation against the gold with the shared scorer's name rules, and prints per rule: relations
made, how many match a gold relation (optional ones count), how many match none. For RESPONSIBLE_FOR, LEADS and
BUILDS the gold is complete, so an unmatched one is an error; for the other types it is only unconfirmed. A rule
that adds errors shows here before it costs precision.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from loaders import extract_file  # noqa: E402


def _scorer() -> ModuleType:
    path = SHARED / "eval" / "score.py"
    if not path.is_file():
        raise SystemExit(f"the shared scorer is not at {path}")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_sets() -> dict[str, tuple[Path, Path]]:
    sets = {"seeds": (SHARED / "seeds", SHARED / "gold" / "seeds.json"),
            "real": (SHARED / "real" / "texts", SHARED / "real" / "gold.json")}
    for folder in sorted((REPO / "tests" / "loaders").glob("corpus*")):
        sets[folder.name] = (folder, folder / "gold.json")
    return {k: v for k, v in sets.items() if v[0].is_dir() and v[1].is_file()}


def matches(sc: ModuleType, gd: object, ex: dict, r: dict, g: dict) -> bool:
    """Does the extracted relation r state the gold relation g (the shared scorer's endpoint rules)?"""
    by_id = {e["id"]: e for e in ex["entities"]}

    def names(eid: str) -> set[str]:
        e = by_id.get(eid)
        return sc.names_of(e) if e else {sc.norm(eid)}

    if r["type"] != g["type"]:
        return False
    if g["from"] == "DOC":
        if r["source"] != ex["doc"]["id"]:
            return False
    elif g["from"] != "ANY" and not names(r["source"]) & gd.gold_names(g["from"]):  # type: ignore[attr-defined]
        return False
    targets = set(gd.gold_names(g["to"]))  # type: ignore[attr-defined]
    for alt in g.get("alt_to") or []:
        targets |= gd.gold_names(alt)  # type: ignore[attr-defined]
    return bool(names(r["target"]) & targets)


def rule_counts(sc: ModuleType, texts: Path, gold_path: Path) -> dict[tuple[str, str], list[int]]:
    """(rule, type) → [made, matched, unmatched] over one set."""
    golds = {g["doc"]: sc.GoldDoc(g) for g in json.loads(gold_path.read_text(encoding="utf-8"))}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for path in sorted(p for p in texts.iterdir() if p.is_file() and p.name in golds):
        ex = json.loads(extract_file(path).model_dump_json())
        gd = golds[path.name]
        for r in ex["relations"]:
            c = counts[(r.get("rule") or "?", r["type"])]
            c[0] += 1
            c[1 if any(matches(sc, gd, ex, r, g) for g in gd.relations) else 2] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", default=[], help="NAME=TEXTS_DIR:GOLD.json, another set to include")
    ap.add_argument("--worst", type=int, default=5, help="how many rules to list as the worst (default 5)")
    ap.add_argument("--only", action="append", default=[], help="only these sets (seeds, real, corpus, …)")
    args = ap.parse_args()
    sc = _scorer()
    sets = {k: v for k, v in default_sets().items() if not args.only or k in args.only}
    for spec in args.set:
        name, _, rest = spec.partition("=")
        texts, _, gold = rest.rpartition(":")
        sets[name] = (Path(texts), Path(gold))
    total: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    per_set: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for name, (texts, gold) in sets.items():
        for key, (made, ok, bad) in rule_counts(sc, texts, gold).items():
            t = total[key]
            t[0], t[1], t[2] = t[0] + made, t[1] + ok, t[2] + bad
            if bad:
                per_set[key][name] = bad
    precise = set(sc.PRECISE_RELATIONS)
    print(f"sets: {', '.join(sets)}")
    print(f"{'rule':<28}{'type':<17}{'made':>6}{'match':>7}{'none':>6}  {'where unmatched'}")
    for (rule, rtype), (made, ok, bad) in sorted(total.items(), key=lambda kv: (-kv[1][2], kv[0])):
        tag = "" if rtype in precise else " (unconfirmed)"
        where = ", ".join(f"{k} {v}" for k, v in sorted(per_set[(rule, rtype)].items()))
        print(f"{rule:<28}{rtype:<17}{made:>6}{ok:>7}{bad:>6}  {where}{tag if bad else ''}")
    worst = sorted(((k, v) for k, v in total.items() if k[1] in precise and v[2]), key=lambda kv: -kv[1][2])
    print(f"\nworst {args.worst} rules by errors on the precision-scored types:")
    for (rule, rtype), (made, _ok, bad) in worst[: args.worst]:
        print(f"  {rule} ({rtype}): {bad} of {made} match no gold relation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
