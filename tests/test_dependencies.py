"""Every package the shipped code imports is declared in pyproject.toml's runtime dependencies (issue 12,
item 17): a plain `pip install .` must be enough. `make check-install` proves it by ingesting; this names the
missing package at once."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ["graph", "loaders", "queries", "api", "viz", "analysis"]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_levels() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in SHIPPED:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_norm(re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0]) for d in project["dependencies"]}
    dists = packages_distributions()
    ours = set(SHIPPED) | {"cypher", "bench", "tests", "tools"}
    missing = []
    for module, where in sorted(_imported_top_levels().items()):
        if module in sys.stdlib_module_names or module in ours or module == "__future__":
            continue
        owners = {_norm(d) for d in dists.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} (imported in {where}; installed from {sorted(owners) or 'nowhere'})")
    assert not missing, "imported but not declared in pyproject.toml: " + "; ".join(missing)
